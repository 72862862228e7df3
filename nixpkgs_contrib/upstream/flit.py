"""flit: the version and summary it takes from the module, and the pre-PEP 621
``[tool.flit.metadata]`` table (flit < 3.2, still in many sdists: ptyprocess, …).

flit reads ``__version__`` and the first line of the module docstring when they are dynamic; we
read them statically (literals only) and never import the module.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any, Optional

from ..errors import MetadataError
from ..model import EntryPoint
from . import layout
from .precedence import Lazy
from .requirements import line_of, normalize_extra, parse_requirements, parse_specifier
from .static_python import literal_assignment
from .tree import SourceTree, read_text

PYPROJECT = "pyproject.toml"

#: Metadata fields ``[tool.flit.metadata]`` speaks about; those it leaves out are empty
LEGACY_FIELDS = ("version", "summary", "urls", "license_expression", "license_text", "classifiers",
                 "requires_python", "dependencies", "optional_dependencies", "entry_points")


def module_file(tree: SourceTree, module: str) -> Optional[str]:
    """The file that defines *module* (``pkg/__init__.py`` or ``mod.py``, at the root or in src/)."""
    found = layout.named_module(tree, module)
    if not found:
        return None
    base, _ = found
    path = "/".join(p for p in (base, module.replace(".", "/")) if p)
    return path + "/__init__.py" if tree.is_dir(path) else path + ".py"


def docstring_summary(tree: SourceTree, module: str) -> Optional[str]:
    """flit's dynamic description: the first line of the module's docstring."""
    target = module_file(tree, module)
    if target is None or not tree.is_file(target):
        return None
    try:
        doc = ast.get_docstring(ast.parse(read_text(tree, target)))
    except SyntaxError as exc:
        raise MetadataError(f"syntax error: {exc.msg}", path=tree.display(target), line=exc.lineno) from None
    if not doc:  # ``__doc__ = """…"""`` assigned at module level, which flit reads too
        doc = literal_assignment(tree, target, "__doc__")
    return doc.strip().splitlines()[0].strip() if doc and doc.strip() else None


def module_version(tree: SourceTree, module: str) -> Optional[str]:
    """flit's dynamic version: the module's literal ``__version__``."""
    target = module_file(tree, module)
    if target is None or not tree.is_file(target):
        return None
    return literal_assignment(tree, target, "__version__")


def read_legacy(tree: SourceTree, flit: Mapping[str, Any], text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``[tool.flit.metadata]`` → (declared fields, lazy version and summary)."""
    where = tree.display(PYPROJECT)
    meta = flit.get("metadata") or {}
    module = meta.get("module")
    if not isinstance(module, str) or not module:
        raise MetadataError("[tool.flit.metadata] has no module", path=where, line=line_of(text, "[tool.flit.metadata]"))
    out: dict[str, Any] = {"name": str(meta.get("dist-name") or module), "origin": (PYPROJECT,)}
    urls = [("Homepage", str(meta["home-page"]))] if meta.get("home-page") else []
    urls += [(str(k), str(v)) for k, v in (meta.get("urls") or {}).items()]
    out["urls"] = tuple(urls)
    out["license_expression"] = None
    out["license_text"] = str(meta["license"]) if meta.get("license") else None
    out["classifiers"] = tuple(str(c) for c in meta.get("classifiers") or ())
    out["requires_python"] = parse_specifier(meta.get("requires-python"), where, text)
    out["dependencies"] = parse_requirements(meta.get("requires") or [], where, text)
    out["optional_dependencies"] = tuple(
        (normalize_extra(extra), parse_requirements(reqs, where, text)) for extra, reqs in (meta.get("requires-extra") or {}).items()
    )
    entry_points = [EntryPoint(str(k), str(v)) for k, v in (flit.get("scripts") or {}).items()]
    gui = (flit.get("entrypoints") or {}).get("gui_scripts") or {}
    entry_points += [EntryPoint(str(k), str(v), "gui_scripts") for k, v in gui.items()]
    out["entry_points"] = tuple(entry_points)
    resolvers: dict[str, Any] = {
        "version": Lazy(lambda: _require_version(tree, module, where)),
        "summary": Lazy(lambda: docstring_summary(tree, module)),
    }
    return out, resolvers


def _require_version(tree: SourceTree, module: str, where: str) -> str:
    version = module_version(tree, module)
    if not version:
        raise MetadataError(f"flit takes the version from {module}.__version__, which is not a literal here", path=where)
    return version


__all__ = ["read_legacy", "docstring_summary", "module_version", "module_file", "LEGACY_FIELDS"]
