"""Expressions: literals, names, operators, subscripts, comprehensions, and assignment to targets.

Each handler takes ``(ev, node, scope, ctx)`` and returns the value; :data:`EXPRESSIONS` maps node
types to handlers.  Calls live in :mod:`.calls`, attribute access in :mod:`.methods`."""

from __future__ import annotations

import ast
import builtins
import operator
import posixpath
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ...errors import UnresolvableError
from . import flow
from .branches import either
from .budget import MAX_SIZE, WIDE
from .calls import e_Call, make_function
from .environment import environ_contains, environ_item, environ_written, in_sys_modules
from .files import fspath
from .frames import Ctx, Raised, Scope, Site
from .imports import resolve_lazy
from .values import PLAIN, LazyName, MatchValue, ModelModule, PathValue, Unresolved, describe, need, need_deep

if TYPE_CHECKING:
    from .interpreter import Interpreter

BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_, ast.BitXor: operator.xor, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}
CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


def e_Constant(ev: Interpreter, node: ast.Constant, scope: Scope, ctx: Ctx) -> Any:
    return node.value


def e_Name(ev: Interpreter, node: ast.Name, scope: Scope, ctx: Ctx) -> Any:
    name = node.id
    found = scope.find(name)
    if found is None:
        if name in ev.builtins:
            return ev.builtins[name]
        if hasattr(builtins, name):
            raise ev.fail(ctx, node, f"{name} is not evaluated statically")
        hidden = scope.incomplete()
        if hidden is not None:
            raise ev.fail(ctx, node, f"{name} is not defined unless a statement not evaluated binds it ({hidden})")
        raise Raised("NameError", f"name {name!r} is not defined", ctx.display, node.lineno)
    value = found.vars[name]
    if isinstance(value, LazyName):
        try:
            value = resolve_lazy(ev, Site(ctx, node.lineno), value)
        except UnresolvableError as err:
            value = Unresolved.of(err)
        found.vars[name] = value
    return value


def e_List(ev: Interpreter, node: ast.List | ast.Tuple | ast.Set, scope: Scope, ctx: Ctx) -> list[Any]:
    out: list[Any] = []
    for elt in node.elts:
        if isinstance(elt, ast.Starred):
            out.extend(ev.iterate(Site(ctx, elt.lineno), ev.eval(elt.value, scope, ctx)))
        else:
            out.append(ev.soft(elt, scope, ctx))
    return ev.guard(Site(ctx, node.lineno), out)


def e_Tuple(ev: Interpreter, node: ast.Tuple, scope: Scope, ctx: Ctx) -> tuple[Any, ...]:
    return tuple(e_List(ev, node, scope, ctx))


def e_Set(ev: Interpreter, node: ast.Set, scope: Scope, ctx: Ctx) -> set[Any]:
    return ev.py(Site(ctx, node.lineno), set, need_deep(e_List(ev, node, scope, ctx)))


def e_Dict(ev: Interpreter, node: ast.Dict, scope: Scope, ctx: Ctx) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    site = Site(ctx, node.lineno)
    for key, value in zip(node.keys, node.values):
        if key is None:
            other = need(ev.eval(value, scope, ctx))
            if not isinstance(other, dict):
                raise site.raise_("TypeError", f"'{describe(other)}' object is not a mapping")
            out.update(other)
        else:
            k = need_deep(ev.eval(key, scope, ctx))
            ev.py(site, operator.setitem, out, k, ev.soft(value, scope, ctx))
    return out


def e_JoinedStr(ev: Interpreter, node: ast.JoinedStr, scope: Scope, ctx: Ctx) -> str:
    return ev.guard(Site(ctx, node.lineno), "".join(ev.eval(part, scope, ctx) for part in node.values))


def e_FormattedValue(ev: Interpreter, node: ast.FormattedValue, scope: Scope, ctx: Ctx) -> str:
    site = Site(ctx, node.lineno)
    value = ev.stringable(site, ev.eval(node.value, scope, ctx))
    if node.conversion == ord("r"):
        value = repr(value)
    elif node.conversion == ord("a"):
        value = ascii(value)
    spec = "" if node.format_spec is None else ev.eval(node.format_spec, scope, ctx)
    if WIDE.search(spec):
        raise site.fail(f"format spec {spec!r} is too wide to evaluate")
    return ev.py(site, format, value, spec)


def e_Attribute(ev: Interpreter, node: ast.Attribute, scope: Scope, ctx: Ctx) -> Any:
    return ev.attribute(Site(ctx, node.lineno), ev.eval(node.value, scope, ctx), node.attr)


def e_Subscript(ev: Interpreter, node: ast.Subscript, scope: Scope, ctx: Ctx) -> Any:
    site = Site(ctx, node.lineno)
    value = need(ev.eval(node.value, scope, ctx))
    key = need_deep(ev.eval(node.slice, scope, ctx))
    if isinstance(value, MatchValue):
        return ev.py(site, value.match.__getitem__, key)
    if isinstance(value, ModelModule) and value.name == "os.environ":
        return environ_item(ev, site, key)
    if not isinstance(value, PLAIN):
        raise site.fail(f"subscript of {describe(value)} is not evaluated statically")
    return ev.py(site, operator.getitem, value, key)


def e_Slice(ev: Interpreter, node: ast.Slice, scope: Scope, ctx: Ctx) -> slice:
    parts = [None if p is None else need_deep(ev.eval(p, scope, ctx)) for p in (node.lower, node.upper, node.step)]
    return slice(*parts)


def e_BinOp(ev: Interpreter, node: ast.BinOp, scope: Scope, ctx: Ctx) -> Any:
    left = ev.eval(node.left, scope, ctx)
    right = ev.eval(node.right, scope, ctx)
    return binop(ev, Site(ctx, node.lineno), node.op, left, right)


def binop(ev: Interpreter, site: Site, op: ast.operator, left: Any, right: Any) -> Any:
    left, right = need(left), need(right)
    if isinstance(op, ast.Div) and isinstance(left, PathValue):
        return PathValue(posixpath.join(left.path, fspath(ev, site, right)))
    if isinstance(op, ast.Add) and isinstance(left, list) and isinstance(right, list):
        return ev.guard(site, left + right)  # keeps unresolved items unresolved
    need_deep(left), need_deep(right)
    if not isinstance(left, PLAIN) or not isinstance(right, PLAIN):
        raise site.fail(f"{describe(left)} {type(op).__name__} {describe(right)} is not evaluated statically")
    if isinstance(op, ast.Mult):
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
                raise site.fail("a value too large to evaluate is built")
    if isinstance(op, (ast.Pow, ast.LShift)) and isinstance(right, int) and abs(right) > 4096:
        raise site.fail("a number too large to evaluate is built")
    if isinstance(op, ast.Mod) and isinstance(left, str) and WIDE.search(left):
        raise site.fail("a %-format too wide to evaluate")
    if type(op) not in BINOPS:
        raise site.fail(f"operator {type(op).__name__} is not evaluated statically")
    return ev.py(site, BINOPS[type(op)], left, right)


def e_UnaryOp(ev: Interpreter, node: ast.UnaryOp, scope: Scope, ctx: Ctx) -> Any:
    value = ev.eval(node.operand, scope, ctx)
    if isinstance(node.op, ast.Not):
        return not ev.truth(value)
    value = need_deep(value)
    ops = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
    return ev.py(Site(ctx, node.lineno), ops[type(node.op)], value)


def e_BoolOp(ev: Interpreter, node: ast.BoolOp, scope: Scope, ctx: Ctx) -> Any:
    value: Any = None
    for operand in node.values:
        value = ev.eval(operand, scope, ctx)
        if ev.truth(value) == isinstance(node.op, ast.Or):
            return value
    return value


def e_Compare(ev: Interpreter, node: ast.Compare, scope: Scope, ctx: Ctx) -> bool:
    site = Site(ctx, node.lineno)
    left = ev.eval(node.left, scope, ctx)
    if not isinstance(node.ops[0], (ast.Is, ast.IsNot)):
        left = ev.comparable(site, left)
    for op, right_node in zip(node.ops, node.comparators):
        right = ev.eval(right_node, scope, ctx)
        if isinstance(op, (ast.Is, ast.IsNot)):  # identity: any value we hold, not only plain data
            if (need(left) is need(right)) != isinstance(op, ast.Is):
                return False
            left = right
            continue
        if isinstance(right, ModelModule) and right.name == "os.environ" and isinstance(op, (ast.In, ast.NotIn)):
            if environ_contains(ev, site, left) != isinstance(op, ast.In):
                return False
            left = right
            continue
        if isinstance(right, ModelModule) and right.name == "sys.modules" and isinstance(op, (ast.In, ast.NotIn)):
            if in_sys_modules(ev, site, left) != isinstance(op, ast.In):
                return False
            left = right
            continue
        right = ev.comparable(site, right)
        if not ev.py(site, CMPOPS[type(op)], left, right):
            return False
        left = right
    return True


def e_IfExp(ev: Interpreter, node: ast.IfExp, scope: Scope, ctx: Ctx) -> Any:
    try:
        test = ev.truth(ev.eval(node.test, scope, ctx))
    except UnresolvableError as err:  # policy rule 2: `{} if NO_EXTENSIONS else {...}` (aiohttp)
        return either(ev, scope, err, lambda: ev.soft(node.body, scope, ctx), lambda: ev.soft(node.orelse, scope, ctx))
    return ev.eval(node.body if test else node.orelse, scope, ctx)


def e_NamedExpr(ev: Interpreter, node: ast.NamedExpr, scope: Scope, ctx: Ctx) -> Any:
    value = ev.eval(node.value, scope, ctx)
    assign(ev, node.target, value, scope, ctx)
    return value


def e_Lambda(ev: Interpreter, node: ast.Lambda, scope: Scope, ctx: Ctx) -> Any:
    return make_function(ev, node, node.args, scope, ctx)


def e_ListComp(ev: Interpreter, node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: Scope, ctx: Ctx) -> list[Any]:
    out: list[Any] = []
    for inner in _comprehend(ev, node.generators, scope, ctx):
        out.append(ev.soft(node.elt, inner, ctx))
    return ev.guard(Site(ctx, node.lineno), out)


def e_SetComp(ev: Interpreter, node: ast.SetComp, scope: Scope, ctx: Ctx) -> set[Any]:
    return ev.py(Site(ctx, node.lineno), set, need_deep(e_ListComp(ev, node, scope, ctx)))


def e_DictComp(ev: Interpreter, node: ast.DictComp, scope: Scope, ctx: Ctx) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for inner in _comprehend(ev, node.generators, scope, ctx):
        out[need_deep(ev.eval(node.key, inner, ctx))] = ev.soft(node.value, inner, ctx)
    return out


def _comprehend(ev: Interpreter, generators: list[ast.comprehension], scope: Scope, ctx: Ctx) -> Iterator[Scope]:
    inner = Scope({}, scope)

    def walk(i: int) -> Iterator[Scope]:
        if i == len(generators):
            yield inner
            return
        gen = generators[i]
        for item in ev.iterate(Site(ctx, gen.iter.lineno), ev.eval(gen.iter, scope if i == 0 else inner, ctx)):
            ev.tick(ctx, gen.iter)
            assign(ev, gen.target, item, inner, ctx)
            if all(ev.truth(ev.eval(cond, inner, ctx)) for cond in gen.ifs):
                yield from walk(i + 1)

    return walk(0)


def e_Starred(ev: Interpreter, node: ast.Starred, scope: Scope, ctx: Ctx) -> Any:
    raise ev.fail(ctx, node, "starred expression outside a call or display")


# --------------------------------------------------------------------------------------------------
# Assignment to targets


def assign(ev: Interpreter, target: ast.expr, value: Any, scope: Scope, ctx: Ctx) -> None:
    """``target = value`` for a name, a tuple/list pattern or a subscript of a list or dict."""
    site = Site(ctx, target.lineno)
    if isinstance(target, ast.Name):
        scope.assign(target.id, value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        if isinstance(value, Unresolved):
            for name in flow.target_names(target):
                scope.assign(name, value)
            return
        items = ev.iterate(site, value)
        stars = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
        if stars:
            i = stars[0]
            after = len(target.elts) - i - 1
            if len(items) < len(target.elts) - 1:
                raise site.raise_("ValueError", "not enough values to unpack")
            parts = items[:i] + [items[i : len(items) - after]] + items[len(items) - after :]
        elif len(items) != len(target.elts):
            raise site.raise_("ValueError", f"expected {len(target.elts)} values to unpack, got {len(items)}")
        else:
            parts = items
        for elt, part in zip(target.elts, parts):
            assign(ev, elt.value if isinstance(elt, ast.Starred) else elt, part, scope, ctx)
    elif isinstance(target, ast.Subscript):
        container = need(ev.eval(target.value, scope, ctx))
        if isinstance(container, ModelModule) and container.name == "os.environ":
            raise environ_written(ev, site, ev.soft(target.slice, scope, ctx))
        if not isinstance(container, (list, dict)):
            raise site.fail(f"item assignment to {describe(container)} is not evaluated statically")
        key = ev.eval(target.slice, scope, ctx)
        ev.py(site, operator.setitem, container, need_deep(key), value)
    else:
        raise site.fail(f"assignment to {type(target).__name__} is not evaluated statically")


EXPRESSIONS: dict[type, Callable[..., Any]] = {
    ast.Constant: e_Constant, ast.Name: e_Name, ast.List: e_List, ast.Tuple: e_Tuple, ast.Set: e_Set,
    ast.Dict: e_Dict, ast.JoinedStr: e_JoinedStr, ast.FormattedValue: e_FormattedValue,
    ast.Attribute: e_Attribute, ast.Subscript: e_Subscript, ast.Slice: e_Slice, ast.BinOp: e_BinOp,
    ast.UnaryOp: e_UnaryOp, ast.BoolOp: e_BoolOp, ast.Compare: e_Compare, ast.IfExp: e_IfExp,
    ast.NamedExpr: e_NamedExpr, ast.Lambda: e_Lambda, ast.ListComp: e_ListComp, ast.GeneratorExp: e_ListComp,
    ast.SetComp: e_SetComp, ast.DictComp: e_DictComp, ast.Starred: e_Starred, ast.Call: e_Call,
}
