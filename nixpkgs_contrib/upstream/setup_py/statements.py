"""Statements and control flow: assignment, if/for/while, try/except/raise, with, def/class.

Each handler takes ``(ev, stmt, scope, ctx)``; :data:`STATEMENTS` maps node types to handlers.
Imports live in :mod:`.imports`."""

from __future__ import annotations

import ast
import builtins
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...errors import UnresolvableError
from . import flow
from .branches import run_both
from .calls import make_function
from .environment import environ_written
from .expressions import assign, binop
from .frames import Break, Continue, Ctx, Raised, Return, Scope, Site
from .imports import s_Import, s_ImportFrom
from .values import (
    Context,
    ExcClass,
    ExcValue,
    ModelModule,
    Opaque,
    OpenFile,
    Unresolved,
    describe,
    exc_message,
    need,
    need_deep,
)

if TYPE_CHECKING:
    from .interpreter import Interpreter


def s_Expr(ev: Interpreter, stmt: ast.Expr, scope: Scope, ctx: Ctx) -> None:
    if isinstance(stmt.value, ast.Constant):
        return  # docstrings
    ev.eval(stmt.value, scope, ctx)


def s_Pass(ev: Interpreter, stmt: ast.Pass, scope: Scope, ctx: Ctx) -> None:
    pass


def s_Assign(ev: Interpreter, stmt: ast.Assign, scope: Scope, ctx: Ctx) -> None:
    value = ev.soft(stmt.value, scope, ctx)
    for target in stmt.targets:
        assign(ev, target, value, scope, ctx)


def s_AnnAssign(ev: Interpreter, stmt: ast.AnnAssign, scope: Scope, ctx: Ctx) -> None:
    if stmt.value is not None:
        assign(ev, stmt.target, ev.soft(stmt.value, scope, ctx), scope, ctx)


def s_AugAssign(ev: Interpreter, stmt: ast.AugAssign, scope: Scope, ctx: Ctx) -> None:
    target = stmt.target
    load: ast.expr = ast.copy_location(type(target)(**{**{f: getattr(target, f) for f in target._fields}, "ctx": ast.Load()}), target)
    current = need(ev.eval(load, scope, ctx))
    value = ev.eval(stmt.value, scope, ctx)
    site = Site(ctx, stmt.lineno)
    if isinstance(stmt.op, ast.Add) and isinstance(current, list):
        current.extend(ev.iterate(site, value))  # in place, like Python: aliases see it
        ev.guard(site, current)
        return
    if isinstance(stmt.op, ast.BitOr) and isinstance(current, dict) and isinstance(need(value), dict):
        current.update(value)
        return
    assign(ev, target, binop(ev, site, stmt.op, current, value), scope, ctx)


def s_If(ev: Interpreter, stmt: ast.If, scope: Scope, ctx: Ctx) -> None:
    try:
        test = ev.truth(ev.eval(stmt.test, scope, ctx))
    except UnresolvableError as err:  # policy rule 2: both branches
        unknown_test = err
        run_both(ev, scope, lambda: unknown_test, lambda: ev.run_block(stmt.body, scope, ctx), lambda: ev.run_block(stmt.orelse, scope, ctx))
        return
    ev.run_block(stmt.body if test else stmt.orelse, scope, ctx)


def s_For(ev: Interpreter, stmt: ast.For, scope: Scope, ctx: Ctx) -> None:
    for item in ev.iterate(Site(ctx, stmt.lineno), ev.eval(stmt.iter, scope, ctx)):
        ev.tick(ctx, stmt)
        assign(ev, stmt.target, item, scope, ctx)
        try:
            ev.run_block(stmt.body, scope, ctx)
        except Break:
            return
        except Continue:
            continue
    ev.run_block(stmt.orelse, scope, ctx)


def s_While(ev: Interpreter, stmt: ast.While, scope: Scope, ctx: Ctx) -> None:
    while ev.truth(ev.eval(stmt.test, scope, ctx)):
        ev.tick(ctx, stmt)
        try:
            ev.run_block(stmt.body, scope, ctx)
        except Break:
            return
        except Continue:
            continue
    ev.run_block(stmt.orelse, scope, ctx)


def s_Break(ev: Interpreter, stmt: ast.Break, scope: Scope, ctx: Ctx) -> None:
    raise Break


def s_Continue(ev: Interpreter, stmt: ast.Continue, scope: Scope, ctx: Ctx) -> None:
    raise Continue


def s_Return(ev: Interpreter, stmt: ast.Return, scope: Scope, ctx: Ctx) -> None:
    raise Return(None if stmt.value is None else ev.soft(stmt.value, scope, ctx))


def s_Global(ev: Interpreter, stmt: ast.Global, scope: Scope, ctx: Ctx) -> None:
    scope.globals.update(stmt.names)


def s_Nonlocal(ev: Interpreter, stmt: ast.Nonlocal, scope: Scope, ctx: Ctx) -> None:
    raise ev.fail(ctx, stmt, "nonlocal is not evaluated statically")


def s_Delete(ev: Interpreter, stmt: ast.Delete, scope: Scope, ctx: Ctx) -> None:
    for target in stmt.targets:
        if isinstance(target, ast.Name):
            scope.vars.pop(target.id, None)
        elif isinstance(target, ast.Subscript):
            container = need(ev.eval(target.value, scope, ctx))
            if isinstance(container, ModelModule) and container.name == "os.environ":
                raise environ_written(ev, Site(ctx, stmt.lineno), ev.soft(target.slice, scope, ctx))
            key = need_deep(ev.eval(target.slice, scope, ctx))
            ev.py(Site(ctx, stmt.lineno), operator.delitem, container, key)
        else:
            raise ev.fail(ctx, stmt, "del of an attribute is not evaluated statically")


def s_FunctionDef(ev: Interpreter, stmt: ast.FunctionDef, scope: Scope, ctx: Ctx) -> None:
    if stmt.decorator_list:
        scope.assign(stmt.name, Unresolved(f"{stmt.name}() is decorated; not evaluated", stmt.lineno, ctx.display))
        return
    scope.assign(stmt.name, make_function(ev, stmt, stmt.args, scope, ctx))


def s_ClassDef(ev: Interpreter, stmt: ast.ClassDef, scope: Scope, ctx: Ctx) -> None:
    where = f"{ctx.display}:{stmt.lineno}"
    why = "is an instance of a class of the project; classes are not evaluated statically"
    instance = f"{stmt.name}(...) is an instance of {stmt.name}, a class the project defines ({where}); classes are not evaluated statically"
    scope.assign(stmt.name, Opaque(f"class {stmt.name} (defined in {where})", why, call_reason=instance))


def s_Assert(ev: Interpreter, stmt: ast.Assert, scope: Scope, ctx: Ctx) -> None:
    if not ev.truth(ev.eval(stmt.test, scope, ctx)):
        raise Raised("AssertionError", "", ctx.display, stmt.lineno, explicit=True)


def s_Raise(ev: Interpreter, stmt: ast.Raise, scope: Scope, ctx: Ctx) -> None:
    if stmt.exc is None:
        if ev.handling:
            raise ev.handling[-1]
        raise Raised("RuntimeError", "No active exception to reraise", ctx.display, stmt.lineno, explicit=True)
    try:
        exc = ev.eval(stmt.exc, scope, ctx)
    except UnresolvableError as err:
        raise Raised("Exception", err.message, ctx.display, stmt.lineno, explicit=True) from None
    if isinstance(exc, ExcClass):
        exc = ExcValue(exc.name, ())
    if not isinstance(exc, ExcValue):
        raise Raised("Exception", f"raise of {describe(exc)}", ctx.display, stmt.lineno, explicit=True)
    raise Raised(exc.name, exc_message(exc), ctx.display, stmt.lineno, explicit=True)


def s_Try(ev: Interpreter, stmt: ast.Try, scope: Scope, ctx: Ctx) -> None:
    """try/except/else/finally.  When a handler catches ImportError and the body imports a module
    from outside the project, whether that import works at build time is not known: both paths
    (policy rule 4)."""
    if not flow.catches_import_error(stmt):
        _try(ev, stmt, scope, ctx)
        return
    before = len(ev.external_imports)

    def failing() -> None:
        ev.failing_imports += 1
        try:
            _try(ev, stmt, scope, ctx)
        finally:
            ev.failing_imports -= 1

    def why() -> UnresolvableError:
        names = ", ".join(dict.fromkeys(ev.external_imports[before:]))
        return UnresolvableError(f"whether {names} can be imported at build time is not known", path=ctx.display, line=stmt.lineno)

    run_both(ev, scope, why, lambda: _try(ev, stmt, scope, ctx), failing, needs_second=lambda: len(ev.external_imports) > before)


def _try(ev: Interpreter, stmt: ast.Try, scope: Scope, ctx: Ctx) -> None:
    try:
        try:
            ev.run_block(stmt.body, scope, ctx)
        except Raised as exc:
            for handler in stmt.handlers:
                if _handles(ev, handler, exc, scope, ctx):
                    if handler.name:
                        scope.assign(handler.name, ExcValue(exc.kind, (exc.message,)))
                    ev.handling.append(exc)
                    try:
                        ev.run_block(handler.body, scope, ctx)
                    finally:
                        ev.handling.pop()
                    break
            else:
                raise
        else:
            ev.run_block(stmt.orelse, scope, ctx)
    finally:
        ev.run_block(stmt.finalbody, scope, ctx)


def _handles(ev: Interpreter, handler: ast.ExceptHandler, exc: Raised, scope: Scope, ctx: Ctx) -> bool:
    if handler.type is None:
        return True
    wanted = need(ev.eval(handler.type, scope, ctx))
    classes = wanted if isinstance(wanted, tuple) else (wanted,)
    raised = getattr(builtins, exc.kind, Exception)
    for cls in classes:
        if not isinstance(cls, ExcClass):
            raise ev.fail(ctx, handler, f"except {describe(cls)} is not evaluated statically")
        if issubclass(raised, getattr(builtins, cls.name)):
            return True
    return False


def s_With(ev: Interpreter, stmt: ast.With, scope: Scope, ctx: Ctx) -> None:
    """``with open(...) as f``, ``with warnings.catch_warnings()``, ``with contextlib.suppress(E)``.
    A context manager we cannot know (a class of setup.py, a build tool's helper) still runs its
    body: it does not decide metadata, and the name it binds is unknown."""
    suppresses: list[str] = []
    for item in stmt.items:
        value = ev.soft(item.context_expr, scope, ctx)
        entered: Any = value
        if isinstance(value, Context):
            entered = None
            suppresses.extend(value.suppresses)
        elif not isinstance(value, (OpenFile, Unresolved)):
            entered = Unresolved(f"with {describe(value)} is not evaluated statically", stmt.lineno, ctx.display)
        if item.optional_vars is not None:
            assign(ev, item.optional_vars, entered, scope, ctx)
    try:
        ev.run_block(stmt.body, scope, ctx)
    except Raised as exc:
        if not any(issubclass(getattr(builtins, exc.kind, Exception), getattr(builtins, name)) for name in suppresses):
            raise


STATEMENTS: dict[type, Callable[..., Any]] = {
    ast.Expr: s_Expr, ast.Pass: s_Pass, ast.Assign: s_Assign, ast.AnnAssign: s_AnnAssign,
    ast.AugAssign: s_AugAssign, ast.If: s_If, ast.For: s_For, ast.While: s_While, ast.Break: s_Break,
    ast.Continue: s_Continue, ast.Return: s_Return, ast.Global: s_Global, ast.Nonlocal: s_Nonlocal,
    ast.Delete: s_Delete, ast.FunctionDef: s_FunctionDef, ast.ClassDef: s_ClassDef, ast.Assert: s_Assert,
    ast.Raise: s_Raise, ast.Try: s_Try, ast.With: s_With, ast.Import: s_Import, ast.ImportFrom: s_ImportFrom,
}
if hasattr(ast, "TryStar"):
    STATEMENTS[ast.TryStar] = s_Try
