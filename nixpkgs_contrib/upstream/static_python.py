"""Read literal values out of Python modules without importing them (``__version__ = "1.2"``)."""

from __future__ import annotations

import ast
import re
from typing import Optional

from ..errors import MetadataError
from .tree import SourceTree, read_text


def literal_assignment(tree: SourceTree, relpath: str, name: str) -> Optional[str]:
    """The string literal assigned to *name* at module level of *relpath*, or None when absent.

    Handles ``X = "1.2"``, ``X: str = "1.2"``, ``__version__ = VERSION = "1.2"`` and
    ``__version__ = version = "1.2"``; tuples of ints (``VERSION = (1, 2, 3)``) are joined by dots.
    """
    text = read_text(tree, relpath)
    try:
        module = ast.parse(text, filename=relpath)
    except SyntaxError as exc:
        raise MetadataError(f"syntax error: {exc.msg}", path=tree.display(relpath), line=exc.lineno) from None
    found: Optional[str] = None
    for node in module.body:
        targets: list[ast.expr] = []
        value: Optional[ast.expr] = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if value is None or not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        literal = _literal(value)
        if literal is None:
            raise MetadataError(
                f"{name} is not a literal and cannot be read without running the code",
                path=tree.display(relpath),
                line=node.lineno,
            )
        found = literal
    return found


def _literal(node: ast.expr) -> Optional[str]:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and all(isinstance(v, (int, str)) for v in value):
        return ".".join(str(v) for v in value)
    return None


_VERSION_RE = re.compile(r"""^\s*(?:__version__|VERSION|version)\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]""", re.M)


def version_by_regex(tree: SourceTree, relpath: str) -> Optional[str]:
    """hatch's default version pattern: ``__version__ = "…"`` / ``VERSION = "…"``."""
    match = _VERSION_RE.search(read_text(tree, relpath))
    return match.group(1) if match else None
