"""Static facts about statements, read from the syntax tree without evaluating anything: which names
a statement may write, whether it may call setup(), whether skipping it could change where execution
goes.  The evaluator uses them to decide what a statement it cannot evaluate may have changed."""

from __future__ import annotations

import ast
import weakref
from collections.abc import Iterator
from typing import Optional

import attrs


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
    bound, mutated = _facts(stmt).written
    return list(bound), list(mutated)


def _written_names(stmt: ast.AST) -> tuple[tuple[str, ...], tuple[str, ...]]:
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
    return tuple(dict.fromkeys(bound)), tuple(dict.fromkeys(mutated))


def calls_setup(stmt: ast.stmt, callers: frozenset[str] = frozenset()) -> bool:
    """Whether *stmt* contains a call of something named ``setup``, or of one of *callers* (the
    program's functions that call it, see :func:`setup_callers`)."""
    facts = _facts(stmt)
    return facts.calls_a_setup_attribute or "setup" in facts.called or not facts.called.isdisjoint(callers)


def _calls(stmt: ast.AST) -> tuple[frozenset[str], bool]:
    """The plain names *stmt* calls, and whether it calls an attribute named ``setup``."""
    called: set[str] = set()
    attribute = False
    for node in walk_no_defs(stmt):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                called.add(func.id)
            elif isinstance(func, ast.Attribute) and func.attr == "setup":
                attribute = True
    return frozenset(called), attribute


def setup_callers(module: ast.Module) -> frozenset[str]:
    """Names of the functions of *module* that call setup(), directly or through each other
    (``def main(): setup(**kw)``; ``def run_setup(with_ext): ... setup(...)``).  Read once per
    module: every evaluation of a setup.py asks."""
    found = _SETUP_CALLERS.get(module)
    if found is None:
        found = _SETUP_CALLERS[module] = _setup_callers(module)
    return found


def _setup_callers(module: ast.Module) -> frozenset[str]:
    bodies = {node.name: node for node in ast.walk(module) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, node in bodies.items():
            if name not in found and any(calls_setup(stmt, frozenset(found)) for stmt in node.body):
                found.add(name)
                changed = True
    return frozenset(found)


def decides_flow(stmt: ast.stmt, callers: frozenset[str] = frozenset()) -> bool:
    """Whether skipping *stmt* could change where execution goes: a return, a break/continue out of
    it, or reaching the setup() call."""
    return _facts(stmt).escapes or calls_setup(stmt, callers)


def _escapes(stmt: ast.AST) -> bool:
    """A return, or a break/continue not inside a loop of *stmt*'s own."""

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

    return escapes(stmt, False)


#: Calls that can write names no syntax shows.
_HIDDEN_WRITERS = frozenset({"exec", "globals", "locals", "vars", "setattr", "__import__"})


def writes_hidden_names(stmt: ast.stmt) -> bool:
    """Whether *stmt* may bind names :func:`written_names` cannot see (``from x import *``,
    ``exec(...)``, ``globals()[...] =``): after skipping it, a missing name is unknown, not absent."""
    return _facts(stmt).writes_hidden_names


def _writes_hidden_names(stmt: ast.AST) -> bool:
    for node in walk_no_defs(stmt):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _HIDDEN_WRITERS:
            return True
    return False


@attrs.frozen
class _Facts:
    written: tuple[tuple[str, ...], tuple[str, ...]]
    called: frozenset[str]
    calls_a_setup_attribute: bool
    escapes: bool
    writes_hidden_names: bool


#: The facts above of each statement, read once: the evaluator asks for them again for every
#: skipped statement of every evaluation, and a file's syntax tree is shared by its evaluations
#: (never changed), so they live as long as the tree does.
_FACTS: weakref.WeakKeyDictionary[ast.AST, _Facts] = weakref.WeakKeyDictionary()
_SETUP_CALLERS: weakref.WeakKeyDictionary[ast.Module, frozenset[str]] = weakref.WeakKeyDictionary()
_ENVIRON_WRITES: weakref.WeakKeyDictionary[ast.AST, tuple[tuple[Optional[str], int], ...]] = weakref.WeakKeyDictionary()


def _facts(stmt: ast.AST) -> _Facts:
    found = _FACTS.get(stmt)
    if found is None:
        called, attribute = _calls(stmt)
        found = _FACTS[stmt] = _Facts(_written_names(stmt), called, attribute, _escapes(stmt), _writes_hidden_names(stmt))
    return found


#: Exception classes whose handler also catches a failed import.
_IMPORT_CATCHERS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def catches_import_error(stmt: ast.Try) -> bool:
    """Whether a handler of *stmt* catches ImportError (by name: the builtin classes only)."""
    for handler in stmt.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(t, ast.Name) and t.id in _IMPORT_CATCHERS for t in types):
            return True
    return False


#: Methods of ``os.environ`` that change it.
_ENVIRON_WRITERS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__", "__ior__"})


def environ_writes(tree: ast.AST) -> tuple[tuple[Optional[str], int], ...]:
    """Where the text of *tree* (function bodies included) may change ``os.environ``: the variable
    set, or None for any (``os.environ.update(...)``, a key that is not a literal, an alias
    ``env = os.environ`` that may be written through).  A read of a variable the build does not set
    answers "unset" only when no code that may run before it could have set it, whether or not the
    evaluator got that code to run (a statement it skips still runs in the real build).  Read once
    per syntax tree."""
    cached = _ENVIRON_WRITES.get(tree)
    if cached is None:
        cached = _ENVIRON_WRITES[tree] = _environ_writes(tree)
    return cached


def _environ_writes(tree: ast.AST) -> tuple[tuple[Optional[str], int], ...]:
    found: list[tuple[Optional[str], int]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, (ast.Store, ast.Del)):
            key = node.slice
            found.append((key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None, line))
        elif _is_environ(node) and isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
            found.append((None, line))  # `os.environ = {...}`, `environ |= {...}`
        elif isinstance(node, ast.Attribute) and _is_environ(node.value) and node.attr in _ENVIRON_WRITERS:
            found.append((None, line))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None and _is_environ(node.value):
            found.append((None, line))
    return tuple(found)


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ`` (``from os import environ``)."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")
