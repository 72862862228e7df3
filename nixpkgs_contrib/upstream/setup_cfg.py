"""``setup.cfg`` declarative metadata → the keyword arguments ``setup()`` would receive.

Values are split the way setuptools' ``config/setupcfg.py`` splits them: a requirement list
(``install_requires``, ``setup_requires``, ``extras_require`` entries) takes one item per line, or
``;``-separated items on a single line; other lists take lines or commas.  Requirement strings
themselves (inline `` #`` comments, ``\\`` continuations) are cleaned later, like setuptools does, by
:func:`~nixpkgs_contrib.upstream.requirements.setuptools_requirements`.  Directives (``attr:``,
``file:``, ``find:``) are resolved against the tree statically; one that cannot be resolved becomes
a :class:`~nixpkgs_contrib.upstream.precedence.Deferred` that stops the read only if its value is
needed (an sdist's PKG-INFO may well answer instead).
"""

from __future__ import annotations

import configparser
from collections.abc import Callable
from typing import Any, Optional

from ..errors import MetadataError
from . import layout
from .precedence import Deferred
from .static_python import literal_assignment
from .tree import SourceTree, read_text

SETUP_CFG = "setup.cfg"


def split_list(value: str, separator: str = ",") -> list[str]:
    """setuptools' ``_parse_list``: one item per line, or *separator*-separated items on one line;
    blank items and ``#`` comment lines dropped."""
    chunks = value.splitlines() if "\n" in value else value.split(separator)
    items = [chunk.strip() for chunk in chunks]
    return [item for item in items if item and not item.startswith("#")]


def requirement_list(value: str) -> list[str]:
    """setuptools' ``_parse_requirements_list``: lines, or ``;``-separated on a single line."""
    return split_list(value, ";")


def _dict(value: str, where: str) -> dict[str, str]:
    out = {}
    for line in value.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, val = line.partition("=")
        if not sep:
            raise MetadataError(f"expected 'key = value', got {line!r}", path=where)
        out[key.strip()] = val.strip()
    return out


def _deferred(compute: Callable[[], Any]) -> Any:
    """The value, or a Deferred carrying the error that computing it raised."""
    try:
        return compute()
    except MetadataError as exc:
        return Deferred(exc)


def read(tree: SourceTree) -> Optional[dict[str, Any]]:
    """setup() keyword arguments declared in setup.cfg, or None when there is no setup.cfg.  A value
    that cannot be resolved statically is a Deferred error."""
    if not tree.is_file(SETUP_CFG):
        return None
    where = tree.display(SETUP_CFG)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(read_text(tree, SETUP_CFG), source=where)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise MetadataError(f"invalid setup.cfg: {exc.message.splitlines()[0] if hasattr(exc, 'message') else exc}", path=where, line=line) from None
    out: dict[str, Any] = {}

    def file_or_value(value: str) -> str:
        if value.strip().startswith("file:"):
            return "\n".join(read_text(tree, f.strip()) for f in value.strip()[5:].split(",") if f.strip())
        return value

    if parser.has_section("metadata"):
        meta = parser["metadata"]
        for key, target in (("name", "name"), ("description", "description"), ("summary", "description"),
                            ("url", "url"), ("home_page", "url"), ("home-page", "url"), ("license", "license"),
                            ("license_expression", "license_expression")):
            if key in meta:
                out[target] = meta[key].strip()
        if "version" in meta:
            out["version"] = _deferred(lambda: _directive(tree, meta["version"].strip(), parser))
        if "classifiers" in meta:
            out["classifiers"] = _deferred(lambda: split_list(file_or_value(meta["classifiers"])))
        if "project_urls" in meta:
            out["project_urls"] = _dict(meta["project_urls"], where)
    if parser.has_section("options"):
        opts = parser["options"]
        if "python_requires" in opts:
            out["python_requires"] = opts["python_requires"].strip()
        for key in ("install_requires", "setup_requires"):
            if key in opts:
                out[key] = _deferred(lambda key=key: requirement_list(file_or_value(opts[key])))
        if "py_modules" in opts:
            out["py_modules"] = split_list(opts["py_modules"].strip())
        if "package_dir" in opts:
            raw = opts["package_dir"].strip()
            out["package_dir"] = {"": raw.lstrip("=").strip()} if raw.startswith("=") else _dict(raw, where)
        if "packages" in opts:
            value = opts["packages"].strip()
            if value in ("find:", "find_namespace:"):
                find = parser["options.packages.find"] if parser.has_section("options.packages.find") else {}
                where_dir = find.get("where", "").strip() or (out.get("package_dir", {}) or {}).get("", "")
                out["packages"] = layout.find_packages(
                    tree,
                    where_dir,
                    exclude=split_list(find.get("exclude", "")),
                    include=split_list(find.get("include", "")) or ["*"],
                    namespace=value == "find_namespace:",
                )
            else:
                out["packages"] = split_list(value)
    if parser.has_section("options.extras_require"):
        out["extras_require"] = {k: requirement_list(v) for k, v in parser["options.extras_require"].items()}
    if parser.has_section("options.entry_points"):
        out["entry_points"] = {k: split_list(v) for k, v in parser["options.entry_points"].items()}
    return out


def _directive(tree: SourceTree, value: str, parser: configparser.ConfigParser) -> str:
    if value.startswith("attr:"):
        dotted = value[5:].strip()
        module, _, name = dotted.rpartition(".")
        base = ""
        if parser.has_option("options", "package_dir"):
            raw = parser["options"]["package_dir"].strip()
            base = raw.lstrip("=").strip() if raw.startswith("=") else ""
        for b in dict.fromkeys([base, "src", ""]):
            path = "/".join(p for p in (b, module.replace(".", "/")) if p)
            for candidate in (path + ".py", path + "/__init__.py"):
                if tree.is_file(candidate):
                    found = literal_assignment(tree, candidate, name)
                    if found is None:
                        raise MetadataError(f"{name} is not assigned in this module", path=tree.display(candidate))
                    return found
        raise MetadataError(f"version = attr: {dotted}: module not found in the tree", path=tree.display(SETUP_CFG))
    if value.startswith("file:"):
        return read_text(tree, value[5:].strip()).strip()
    return value
