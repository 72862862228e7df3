"""Calls: the call expression, the capture of setup(), dispatch to builtins, methods and the
program's own functions (argument binding, the depth budget), and ``exec``/``eval`` of text read
from the tree (interpreted, never run)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import UnresolvableError
from . import policy
from .budget import MAX_DEPTH
from .call import SetupCall
from .frames import PY_ERRORS, Break, Continue, Ctx, Raised, Return, Scope, Site
from .methods import call_method
from .values import (
    NO_DEFAULT,
    PLAIN,
    Builtin,
    ExcClass,
    ExcValue,
    External,
    Function,
    Method,
    Opaque,
    SetupFunction,
    Unresolved,
    describe,
    need,
    need_deep,
    plain,
)

if TYPE_CHECKING:
    from .interpreter import Interpreter

#: Builtins that need the caller's scope; e_Call handles them itself.
_SCOPED = ("exec", "eval", "globals", "locals", "vars")


def e_Call(ev: Interpreter, node: ast.Call, scope: Scope, ctx: Ctx) -> Any:
    site = Site(ctx, node.lineno)
    fn = need(ev.eval(node.func, scope, ctx))
    if isinstance(fn, SetupFunction):
        return capture(ev, fn, node, scope, ctx)
    args: list[Any] = []
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            args.extend(ev.iterate(site, ev.eval(arg.value, scope, ctx)))
        else:
            args.append(ev.soft(arg, scope, ctx))
    kwargs: dict[str, Any] = {}
    for kw in node.keywords:
        if kw.arg is None:
            mapping = need(ev.eval(kw.value, scope, ctx))
            if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
                raise site.raise_("TypeError", "argument after ** must be a mapping with string keys")
            kwargs.update(mapping)
        else:
            kwargs[kw.arg] = ev.soft(kw.value, scope, ctx)
    if isinstance(fn, Builtin) and fn.name in _SCOPED and fn is ev.builtins[fn.name]:
        if fn.name == "exec":
            return exec_source(ev, site, scope, *args, **kwargs)
        if fn.name == "eval":
            return eval_source(ev, site, scope, *args, **kwargs)
        if args or kwargs:
            raise site.fail(f"{fn.name}() with arguments is not evaluated statically")
        return scope.root().vars if fn.name == "globals" else scope.vars
    return call(ev, site, fn, args, kwargs)


def call(ev: Interpreter, site: Site, fn: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call *fn* (any callable value the program can hold) with evaluated arguments."""
    fn = need(fn)
    if isinstance(fn, Builtin):
        if not fn.shallow:
            need_deep(args), need_deep(kwargs)
            for value in (*args, *kwargs.values()):
                if isinstance(value, (Opaque, External)):  # a real function would fail on it, or not
                    raise site.fail(f"{fn.name}() of {describe(value)} is not evaluated statically")
        try:
            return ev.guard(site, fn.fn(site, *args, **kwargs))
        except PY_ERRORS as exc:
            raise site.raise_(type(exc).__name__, str(exc)) from None
    if isinstance(fn, Method):
        return call_method(ev, site, fn.obj, fn.name, args, kwargs)
    if isinstance(fn, Function):
        return call_function(ev, site, fn, args, kwargs)
    if isinstance(fn, ExcClass):
        return ExcValue(fn.name, tuple(need_deep(args)))
    if isinstance(fn, Opaque):
        return Unresolved(fn.call_reason or f"{fn.qualname}(...) {fn.why}", site.line, site.ctx.display)
    if isinstance(fn, External):
        return Unresolved(f"{fn.qualname}() is computed by {fn.module}, which is not part of the project", site.line, site.ctx.display)
    if isinstance(fn, SetupFunction):
        raise site.fail("setup() called indirectly is not evaluated statically")
    if isinstance(fn, PLAIN):
        raise site.raise_("TypeError", f"'{type(fn).__name__}' object is not callable")
    raise site.fail(f"call to {describe(fn)} is not evaluated statically")


# --------------------------------------------------------------------------------------------------
# setup()


def capture(ev: Interpreter, fn: SetupFunction, node: ast.Call, scope: Scope, ctx: Ctx) -> None:
    """Record the keywords, each evaluated on its own: one unknown keyword never hides another."""
    site = Site(ctx, node.lineno)
    if ev.found is not None:
        return None  # only the first call counts (a second one is a fallback that never ran)
    raw: dict[str, Any] = {}
    for kw in node.keywords:
        if kw.arg is None:
            mapping = need(ev.eval(kw.value, scope, ctx))
            if not isinstance(mapping, dict):
                raise site.fail(f"setup(**{describe(mapping)}) is not evaluated statically")
            raw.update(mapping)
            continue
        try:
            raw[kw.arg] = ev.eval(kw.value, scope, ctx)
        except UnresolvableError as err:
            raw[kw.arg] = Unresolved.of(err)
        except Raised as exc:
            raw[kw.arg] = exc.unresolved()
    if node.args:
        raise site.fail("setup() with positional arguments is not evaluated statically")
    keywords = {key: plain(value, key, site) for key, value in raw.items()}
    compiles = fn.compiles or policy.has_extensions(keywords)
    ev.found = SetupCall(keywords, path=ctx.display, line=node.lineno, environment=ev.named_env, has_ext_modules=compiles)
    return None



# --------------------------------------------------------------------------------------------------
# The program's own functions


def make_function(ev: Interpreter, node: ast.FunctionDef | ast.Lambda, args: ast.arguments, scope: Scope, ctx: Ctx) -> Function:
    defaults = tuple(ev.soft(d, scope, ctx) for d in args.defaults)
    kw_defaults = tuple(NO_DEFAULT if d is None else ev.soft(d, scope, ctx) for d in args.kw_defaults)
    return Function(node, ctx, scope, defaults, kw_defaults)


def call_function(ev: Interpreter, site: Site, fn: Function, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if ev.depth >= MAX_DEPTH:
        raise site.fail(f"calls nest deeper than {MAX_DEPTH} levels; not evaluated")
    local = Scope(_bind(site, fn, args, kwargs), fn.scope)
    ev.depth += 1
    try:
        if isinstance(fn.node, ast.Lambda):
            return ev.eval(fn.node.body, local, fn.ctx)
        try:
            ev.run_block(fn.node.body, local, fn.ctx)
        except Return as ret:
            return ret.value
        except (Break, Continue):  # pragma: no cover - a SyntaxError in real Python
            raise site.fail("break outside a loop") from None
        return None
    except RecursionError:
        raise site.fail("expressions nest too deeply to evaluate") from None
    finally:
        ev.depth -= 1


def _bind(site: Site, fn: Function, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    spec = fn.node.args
    positional = [a.arg for a in spec.posonlyargs + spec.args]
    out: dict[str, Any] = {}
    for name, value in zip(positional, args):
        out[name] = value
    extra = args[len(positional) :]
    if extra and spec.vararg is None:
        raise site.raise_("TypeError", f"{fn.name}() takes {len(positional)} positional arguments but {len(args)} were given")
    if spec.vararg is not None:
        out[spec.vararg.arg] = tuple(extra)
    rest: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key in positional or key in (a.arg for a in spec.kwonlyargs):
            if key in out:
                raise site.raise_("TypeError", f"{fn.name}() got multiple values for argument {key!r}")
            out[key] = value
        elif spec.kwarg is not None:
            rest[key] = value
        else:
            raise site.raise_("TypeError", f"{fn.name}() got an unexpected keyword argument {key!r}")
    first_default = len(positional) - len(fn.defaults)
    for i, name in enumerate(positional):
        if name not in out:
            if i < first_default:
                raise site.raise_("TypeError", f"{fn.name}() missing required argument {name!r}")
            out[name] = fn.defaults[i - first_default]
    for arg, default in zip(spec.kwonlyargs, fn.kw_defaults):
        if arg.arg not in out:
            if default is NO_DEFAULT:
                raise site.raise_("TypeError", f"{fn.name}() missing keyword-only argument {arg.arg!r}")
            out[arg.arg] = default
    if spec.kwarg is not None:
        out[spec.kwarg.arg] = rest
    return out


# --------------------------------------------------------------------------------------------------
# exec


def exec_source(ev: Interpreter, site: Site, scope: Scope, source: Any = None, globals_: Any = None, locals_: Any = None) -> None:
    """``exec(open("pkg/version.py").read(), ns)``: *interpret* the text like setup.py itself."""
    module, ctx = _parse(ev, site, "exec", source)
    ev.run_block(module.body, _namespace(site, scope, globals_, locals_), ctx)


def eval_source(ev: Interpreter, site: Site, scope: Scope, source: Any = None, globals_: Any = None, locals_: Any = None) -> Any:
    """``eval(line.split("=")[1])``: *interpret* the expression (mccabe, pyflakes, pycryptodome)."""
    expression, ctx = _parse(ev, site, "eval", source)
    return ev.eval(expression.body, _namespace(site, scope, globals_, locals_), ctx)


def _parse(ev: Interpreter, site: Site, mode: str, source: Any) -> tuple[Any, Ctx]:
    source = need(source)
    if not isinstance(source, str):
        raise site.fail(f"{mode} of {describe(source)} is not evaluated statically")
    relpath = getattr(source, "relpath", None)
    display = ev.tree.display(relpath) if relpath else f"{site.ctx.display}:{site.line}:<{mode}>"
    text = source.lstrip(" \t") if mode == "eval" else source  # eval() ignores leading blanks
    try:
        tree = ast.parse(text, filename=display, mode=mode)
    except SyntaxError as exc:
        raise UnresolvableError(f"{mode} of text with a syntax error: {exc.msg}", path=display, line=exc.lineno) from None
    ev.note_environ_writes(tree, display)
    return tree, Ctx(relpath or site.ctx.relpath, display, "")


def _namespace(site: Site, scope: Scope, globals_: Any, locals_: Any) -> Scope:
    for namespace in (locals_, globals_):
        namespace = need(namespace)
        if namespace is not None:
            if not isinstance(namespace, dict):
                raise site.fail("exec/eval with a namespace that is not a dict")
            return Scope(namespace)
    return scope
