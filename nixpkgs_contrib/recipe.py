"""Recipe files: what a family needs to be re-emitted (``emit REPO --recipe FILE``).

```toml
[family]
name = "dagster"
github = "dagster-io/dagster"
tag = "1.12.0"
hash = "sha256-…"            # or per package, with tag-format
tag-format = "{name}=={version}"  # per-package tags (optional)
python = "3.11-3.14"          # or target = "unstable"
maintainers = ["alice"]

[[package]]
path = "python_modules/dagster"
attr = "dagster"              # optional
imports = ["dagster.cli"]     # extra pythonImportsCheck modules
no-check = "reason"           # doCheck = false with this reason
relax = { pydantic = "upstream pins pydantic<2.10; works with 2.11" }
remove = { pywin32 = "Windows only" }
maintainers = ["bob"]
hash = "sha256-…"             # per-package tags only
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import attrs

from .errors import UserError


@attrs.frozen
class PackageRecipe:
    path: str
    attr: Optional[str] = None
    imports: tuple[str, ...] = ()
    no_check: Optional[str] = None
    relax: tuple[tuple[str, str], ...] = ()
    remove: tuple[tuple[str, str], ...] = ()
    maintainers: tuple[str, ...] = ()
    hash: Optional[str] = None


@attrs.frozen
class Recipe:
    name: str
    packages: tuple[PackageRecipe, ...]
    github: Optional[str] = None
    tag: Optional[str] = None
    hash: Optional[str] = None
    tag_format: Optional[str] = None
    python: Optional[str] = None
    target: Optional[str] = None
    maintainers: tuple[str, ...] = ()
    path: Optional[Path] = None

    def package(self, subdir: str) -> Optional[PackageRecipe]:
        return next((p for p in self.packages if p.path == subdir), None)


_FAMILY_KEYS = {"name", "github", "tag", "hash", "tag-format", "python", "target", "maintainers"}
_PACKAGE_KEYS = {"path", "attr", "imports", "no-check", "relax", "remove", "maintainers", "hash"}


def load(path: Path) -> Recipe:
    """Read and validate a recipe; every problem names the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("recipe file not found", path=path) from None
    except OSError as exc:
        raise UserError(f"cannot read recipe: {exc.strerror}", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"invalid TOML: {exc}", path=path) from None
    family = data.get("family")
    if not isinstance(family, Mapping) or not family.get("name"):
        raise UserError("recipe needs a [family] table with a name", path=path)
    _unknown(family, _FAMILY_KEYS, "[family]", path)
    packages = data.get("package")
    if not isinstance(packages, list) or not packages:
        raise UserError("recipe needs at least one [[package]] with a path", path=path)
    out = []
    for item in packages:
        if not isinstance(item, Mapping) or not item.get("path"):
            raise UserError("every [[package]] needs a path", path=path)
        _unknown(item, _PACKAGE_KEYS, f"[[package]] {item['path']}", path)
        out.append(
            PackageRecipe(
                path=str(item["path"]).strip("/"),
                attr=item.get("attr"),
                imports=tuple(item.get("imports", ())),
                no_check=item.get("no-check"),
                relax=_reasons(item.get("relax", {}), "relax", path),
                remove=_reasons(item.get("remove", {}), "remove", path),
                maintainers=tuple(item.get("maintainers", ())),
                hash=item.get("hash"),
            )
        )
    return Recipe(
        name=str(family["name"]),
        packages=tuple(out),
        github=family.get("github"),
        tag=family.get("tag"),
        hash=family.get("hash"),
        tag_format=family.get("tag-format"),
        python=family.get("python"),
        target=family.get("target"),
        maintainers=tuple(family.get("maintainers", ())),
        path=path,
    )


def _unknown(table: Mapping[str, Any], known: set[str], where: str, path: Path) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise UserError(f"{where}: unknown key {extra[0]!r} (known: {', '.join(sorted(known))})", path=path)


def _reasons(value: Any, key: str, path: Path) -> tuple[tuple[str, str], ...]:
    if isinstance(value, list):
        raise UserError(f"{key} must map each distribution to the reason (a comment in the output)", path=path)
    if not isinstance(value, Mapping):
        raise UserError(f"{key} must be a table", path=path)
    return tuple(sorted((str(k), str(v)) for k, v in value.items()))
