"""``setup.cfg`` declarative metadata → the keyword arguments ``setup()`` would receive.

Directives (``attr:``, ``file:``, ``find:``) are resolved against the tree, statically.
"""

from __future__ import annotations

import configparser
from typing import Any, Optional

from ..errors import MetadataError
from . import layout
from .static_python import literal_assignment
from .tree import SourceTree, read_text

SETUP_CFG = "setup.cfg"


def _list(value: str, commas: bool = False) -> list[str]:
    """A setuptools "dangling list": one item per line; *commas* also splits a one-line value."""
    items = [line.strip() for line in value.splitlines()]
    items = [i for i in items if i and not i.startswith("#")]
    if commas and len(items) == 1:
        items = [i.strip() for i in items[0].split(",") if i.strip()]
    return items


def _dict(value: str, where: str) -> dict[str, str]:
    out = {}
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        key, sep, val = line.partition("=")
        if not sep:
            raise MetadataError(f"expected 'key = value', got {line!r}", path=where)
        out[key.strip()] = val.strip()
    return out


def read(tree: SourceTree) -> Optional[dict[str, Any]]:
    """setup() keyword arguments declared in setup.cfg, or None when there is no setup.cfg."""
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
    if parser.has_section("metadata"):
        meta = parser["metadata"]
        for key, target in (("name", "name"), ("description", "description"), ("summary", "description"),
                            ("url", "url"), ("home_page", "url"), ("home-page", "url"), ("license", "license")):
            if key in meta:
                out[target] = meta[key].strip()
        if "version" in meta:
            out["version"] = _directive(tree, meta["version"].strip(), parser)
        if "classifiers" in meta:
            value = meta["classifiers"].strip()
            out["classifiers"] = _list(read_text(tree, value[5:].strip()) if value.startswith("file:") else value)
        if "project_urls" in meta:
            out["project_urls"] = _dict(meta["project_urls"], where)
    if parser.has_section("options"):
        opts = parser["options"]
        if "python_requires" in opts:
            out["python_requires"] = opts["python_requires"].strip()
        for key in ("install_requires", "setup_requires", "py_modules"):
            if key in opts:
                value = opts[key].strip()
                out[key] = _list(read_text(tree, value[5:].strip()) if value.startswith("file:") else value, commas=key == "py_modules")
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
                    exclude=_list(find.get("exclude", "")),
                    include=_list(find.get("include", "")) or ["*"],
                    namespace=value == "find_namespace:",
                )
            else:
                out["packages"] = _list(value, commas=True)
    if parser.has_section("options.extras_require"):
        out["extras_require"] = {k: _list(v) for k, v in parser["options.extras_require"].items()}
    if parser.has_section("options.entry_points"):
        out["entry_points"] = {k: _list(v) for k, v in parser["options.entry_points"].items()}
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
