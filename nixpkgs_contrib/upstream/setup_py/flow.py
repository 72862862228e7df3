"""Static facts about statements, read from the syntax tree without evaluating anything: which names
a statement may write, whether it may call setup(), whether skipping it could change where execution
goes.  The evaluator uses them to decide what a statement it cannot evaluate may have changed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Optional


def root_name(node: ast.expr) -> Optional[str]:
    """``x`` of ``x``, ``x.a``, ``x[0]``, ``*x``."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def target_names(node: ast.expr) -> list[str]:
    """The variables an assignment target writes (or writes into)."""
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for elt in node.elts for n in target_names(elt)]
    name = root_name(node)
    return [name] if name else []


def walk_no_defs(node: ast.AST) -> Iterator[ast.AST]:
    """ast.walk that does not enter function or class bodies (only their names are bound)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            yield child
            continue
        yield from walk_no_defs(child)


def written_names(stmt: ast.stmt) -> tuple[list[str], list[str]]:
    """Names a statement may bind (``x = ``, ``import x``, ``def x``) and names it may mutate in place
    (``x += ``, ``x[k] = ``, ``x.append(...)``)."""
    bound: list[str] = []
    mutated: list[str] = []
    for node in walk_no_defs(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.append(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            mutated.extend(target_names(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            mutated.extend(target_names(node.func.value))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.extend((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.append(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.append(node.name)
    return list(dict.fromkeys(bound)), list(dict.fromkeys(mutated))


def calls_setup(stmt: ast.stmt) -> bool:
    """Whether *stmt* contains a call of something named ``setup``."""
    for node in walk_no_defs(stmt):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "setup") or (isinstance(func, ast.Attribute) and func.attr == "setup"):
                return True
    return False


def decides_flow(stmt: ast.stmt) -> bool:
    """Whether skipping *stmt* could change where execution goes: a return, a break/continue out of
    it, or the setup() call itself."""

    def escapes(node: ast.AST, in_loop: bool) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return False
        if isinstance(node, ast.Return):
            return True
        if isinstance(node, (ast.Break, ast.Continue)) and not in_loop:
            return True
        # only a loop's own body is inside it (its `else:` is not); `body` of an IfExp or a
        # lambda is a single expression, never a loop body
        loop_body = node.body if isinstance(node, (ast.For, ast.AsyncFor, ast.While)) else []
        return any(escapes(child, in_loop or any(child is s for s in loop_body)) for child in ast.iter_child_nodes(node))

    return escapes(stmt, False) or calls_setup(stmt)
