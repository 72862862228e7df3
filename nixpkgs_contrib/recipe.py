"""Recipe files: what a family needs to be re-emitted (``emit REPO --recipe FILE``).

Every key, with what it does (the README's "Recipe format" shows the same example; a test checks
that it uses every key this module knows and that it loads)::

    [family]
    name = "acme"                       # required: the family's name (the flake, the PR branch)
    github = "acme-org/acme"            # fetchFromGitHub owner/repo (like --github)
    tag = "v2.4.1"                      # the release tag (like --tag)
    hash = "sha256-…"                   # fetchFromGitHub hash of the tag (like --hash)
    tag-format = "{name}=={version}"    # per-package tags instead of one tag ({name}, {pname}, {version})
    python = "3.11-3.14"                # interpreters (like --python); or:
    target = "unstable"                 # the interpreters of a nixpkgs release (like --target)
    maintainers = ["alice"]             # lib.maintainers handles of every package

    [[package]]                         # one table per package, in any order
    path = "packages/acme-core"         # required: the project's directory in the repository
    attr = "acme-core"                  # the attribute, when not the PEP 503 name
    imports = ["acme.core.cli"]         # extra pythonImportsCheck modules
    no-check = "tests need a database"  # doCheck = false, with this reason as the comment
    relax = { pydantic = "upstream pins <2.10; works with 2.11" }   # pythonRelaxDeps, with the reason
    remove = { pywin32 = "Windows only" }                           # pythonRemoveDeps, with the reason
    maintainers = ["bob"]               # replaces the family's maintainers for this package
    hash = "sha256-…"                   # this package's hash (with tag-format: each tag has its own)

Command-line options win over the recipe.  Every problem names the file and the key.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import attrs

from . import matrix
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


FAMILY_KEYS = frozenset({"name", "github", "tag", "hash", "tag-format", "python", "target", "maintainers"})
PACKAGE_KEYS = frozenset({"path", "attr", "imports", "no-check", "relax", "remove", "maintainers", "hash"})
# kept for callers of the old names
_FAMILY_KEYS, _PACKAGE_KEYS = FAMILY_KEYS, PACKAGE_KEYS

_SRI = re.compile(r"^sha256-[A-Za-z0-9+/]{43}=$")
_FORMAT_FIELDS = re.compile(r"\{([^{}]*)\}")


def load(path: Path) -> Recipe:
    """Read and validate a recipe; every problem names the file and the key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("recipe file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read recipe: {getattr(exc, 'strerror', None) or exc}", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"invalid TOML: {exc}", path=path) from None
    _unknown(data, {"family", "package"}, "the top level", path)
    family = data.get("family")
    if not isinstance(family, Mapping) or not family.get("name"):
        raise UserError("recipe needs a [family] table with a name", path=path)
    _unknown(family, FAMILY_KEYS, "[family]", path)
    get = _Getter(family, "[family]", path)
    if family.get("python") is not None and family.get("target") is not None:
        raise UserError("[family]: give python or target, not both", path=path)
    packages = data.get("package")
    if not isinstance(packages, list) or not packages:
        raise UserError("recipe needs at least one [[package]] with a path", path=path)
    out = []
    for item in packages:
        if not isinstance(item, Mapping) or not item.get("path"):
            raise UserError("every [[package]] needs a path", path=path)
        where = f"[[package]] {item['path']}"
        _unknown(item, PACKAGE_KEYS, where, path)
        pget = _Getter(item, where, path)
        out.append(
            PackageRecipe(
                path=_subdir(pget.string("path"), where, path),
                attr=pget.string("attr"),
                imports=pget.strings("imports"),
                no_check=pget.string("no-check"),
                relax=_reasons(item.get("relax", {}), "relax", where, path),
                remove=_reasons(item.get("remove", {}), "remove", where, path),
                maintainers=pget.strings("maintainers"),
                hash=_hash(pget.string("hash"), where, path),
            )
        )
    seen: set[str] = set()
    for p in out:
        if p.path in seen:
            raise UserError(f"[[package]] {p.path} is listed twice", path=path)
        seen.add(p.path)
    tag_format = get.string("tag-format")
    if tag_format is not None:
        fields = set(_FORMAT_FIELDS.findall(tag_format))
        if "version" not in fields or not fields <= {"name", "pname", "version"}:
            raise UserError(
                f"[family] tag-format {tag_format!r}: use {{version}} and, optionally, {{name}} or {{pname}}", path=path
            )
    for key, check in (("python", matrix.parse_pythons), ("target", matrix.target_for_release)):
        value = get.string(key)
        if value is not None:
            try:
                check(value)
            except UserError as exc:
                raise UserError(f"[family] {key}: {exc.message}", path=path) from None
    github = get.string("github")
    if github is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+", github):
        raise UserError(f"[family] github {github!r}: expected OWNER/REPO", path=path)
    return Recipe(
        name=str(family["name"]),
        packages=tuple(out),
        github=github,
        tag=get.string("tag"),
        hash=_hash(get.string("hash"), "[family]", path),
        tag_format=tag_format,
        python=get.string("python"),
        target=get.string("target"),
        maintainers=get.strings("maintainers"),
        path=path,
    )


@attrs.frozen
class _Getter:
    """Typed access to one table, with errors that name the table and the key."""

    table: Mapping[str, Any]
    where: str
    path: Path

    def string(self, key: str) -> Optional[str]:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise UserError(f"{self.where}: {key} must be a non-empty string", path=self.path)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise UserError(f'{self.where}: {key} must be a list of strings, e.g. {key} = ["…"]', path=self.path)
        return tuple(value)


def _subdir(value: Optional[str], where: str, path: Path) -> str:
    assert value is not None
    sub = value.strip("/")
    if value.startswith("/") or ".." in sub.split("/") or (sub and posixpath.normpath(sub) != sub):
        raise UserError(f"{where}: path must be a directory inside the repository, relative to its root", path=path)
    return sub


def _hash(value: Optional[str], where: str, path: Path) -> Optional[str]:
    if value is not None and not _SRI.match(value):
        raise UserError(f"{where}: hash {value!r} is not an SRI sha256 hash (sha256-<44 base64 characters>)", path=path)
    return value


def _unknown(table: Mapping[str, Any], known: frozenset[str] | set[str], where: str, path: Path) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise UserError(f"{where}: unknown key {extra[0]!r} (known: {', '.join(sorted(known))})", path=path)


def _reasons(value: Any, key: str, where: str, path: Path) -> tuple[tuple[str, str], ...]:
    if isinstance(value, list):
        raise UserError(f"{where}: {key} must map each distribution to the reason (a comment in the output)", path=path)
    if not isinstance(value, Mapping):
        raise UserError(f"{where}: {key} must be a table", path=path)
    for name, reason in value.items():
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(f"{where}: {key}.{name} must be the reason, a non-empty string", path=path)
    return tuple(sorted((str(k), str(v)) for k, v in value.items()))


__all__ = ["FAMILY_KEYS", "PACKAGE_KEYS", "PackageRecipe", "Recipe", "load"]
