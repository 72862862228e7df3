"""Static facts about one Python module's source, read with :mod:`ast` (never imported or run).

Two questions matter for ``pythonImportsCheck`` and ``pythonNamespaces``: which modules does a module
import *whenever it is imported* (so that an import of it fails without them), and is an
``__init__.py`` only a pkgutil / pkg_resources namespace declaration.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import Optional

#: exceptions whose handler, when it does not re-raise, makes the guarded import optional
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def parse(text: str) -> Optional[ast.Module]:
    """The module's syntax tree, or None when it does not parse on this interpreter."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


_FIRST_DEFINITION = re.compile(r"^(?:def|class|async\s+def|@)\b", re.M)


def parse_header(text: str) -> Optional[ast.Module]:
    """The syntax tree of the module up to its first top-level ``def``/``class``/decorator, where
    imports live; parsing a large module's bodies is most of the cost of reading its imports.
    Imports written after the first definition are not seen, which only ever keeps a module
    checked.  Falls back to the whole module when the cut does not parse."""
    match = _FIRST_DEFINITION.search(text)
    if match is not None:
        header = parse(text[: match.start()])
        if header is not None:
            return header
    return parse(text)


def unconditional_imports(module: ast.Module, name: str, *, is_package: bool) -> tuple[str, ...]:
    """Dotted names of the modules that importing *name* always imports.

    Only statements at module level count, and those inside ``with`` blocks and inside ``try``
    blocks whose import-error handlers re-raise (``except ImportError: raise ImportError("install
    the [d] extra")`` does not make an import optional).  Imports under ``if``, in functions or behind a
    handler that recovers are conditional.  Relative imports are resolved against *name*; for
    ``from a import b`` both ``a`` and ``a.b`` are given, since ``b`` may be a submodule.
    """
    package = name if is_package else name.rpartition(".")[0]
    out: dict[str, None] = {}
    for node in _unconditional_statements(module.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out[alias.name] = None
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, package)
            if base is None:
                continue
            if base:
                out[base] = None
            for alias in node.names:
                if alias.name != "*":
                    out[f"{base}.{alias.name}" if base else alias.name] = None
    return tuple(out)


def _resolve(module: Optional[str], level: int, package: str) -> Optional[str]:
    if level == 0:
        return module or None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None  # beyond the top-level package: Python would refuse it too
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _unconditional_statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            yield from _unconditional_statements(node.body)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            if all(_reraises(h) for h in node.handlers if _catches_import_error(h)):
                yield from _unconditional_statements(node.body)
                yield from _unconditional_statements(node.orelse)
            yield from _unconditional_statements(node.finalbody)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(_name(n) in _IMPORT_ERRORS for n in names)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _reraises(handler: ast.ExceptHandler) -> bool:
    """The handler always ends by raising (so the guarded import is required)."""
    return bool(handler.body) and isinstance(handler.body[-1], ast.Raise)


# --------------------------------------------------------------------------------------------------
# namespace declarations

DECLARATIONS = frozenset({"extend_path", "declare_namespace"})


def is_namespace_declaration(module: ast.Module) -> bool:
    """An ``__init__.py`` that only declares a pkgutil / pkg_resources namespace
    (``__path__ = __import__('pkgutil').extend_path(__path__, __name__)`` or
    ``__import__('pkg_resources').declare_namespace(__name__)``), perhaps inside try/except.

    An ``__init__.py`` that defines anything else is a regular package that happens to extend its
    path; removing it (what ``pythonNamespaces`` does) would break it.
    """
    declares = False
    for node in _flatten(module.body):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # docstring or a bare string
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass, ast.Delete)):
            continue
        if _is_declaration(node):
            declares = True
            continue
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            continue
        return False
    return declares


def _flatten(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        if isinstance(node, (ast.Try, ast.TryStar)):
            yield from _flatten(node.body)
            for handler in node.handlers:
                yield from _flatten(handler.body)
            yield from _flatten(node.orelse)
            yield from _flatten(node.finalbody)
        else:
            yield node


def _is_declaration(node: ast.stmt) -> bool:
    value: Optional[ast.expr] = None
    if isinstance(node, ast.Expr):
        value = node.value
    elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id == "__path__" for t in node.targets):
        value = node.value
    return isinstance(value, ast.Call) and _name(value.func) in DECLARATIONS
