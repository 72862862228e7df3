"""The builtins setup.py may call (``len``, ``sorted``, ``open``, ``str`` ...), each on evaluated values.

``exec`` and ``eval`` interpret text (see :mod:`.calls`), never run it; ``__import__``, ``setattr``
and friends are not here, so they stay unresolvable."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .budget import MAX_SIZE
from .files import open_
from .frames import Raised, Site
from .imports import import_module
from .values import PLAIN, Builtin, ExcClass, OpenFile, need

if TYPE_CHECKING:
    from .interpreter import Interpreter


def make_builtins(ev: Interpreter) -> dict[str, Any]:
    def ctor(pytype: type, shallow: bool = False) -> Builtin:
        def make(site: Site, *args: Any, **kwargs: Any) -> Any:
            if pytype is str:
                return ev.stringable(site, args[0]) if len(args) == 1 and not kwargs and not isinstance(args[0], PLAIN) else str(*args, **kwargs)
            if args and pytype in (list, tuple, set, frozenset):
                return pytype(ev.iterate(site, args[0]))
            if pytype is dict:
                out = dict(need(args[0])) if args and isinstance(need(args[0]), dict) else dict(*(ev.iterate(site, a) for a in args))
                out.update(kwargs)
                return out
            return pytype(*args, **kwargs)

        return Builtin(pytype.__name__, make, shallow=shallow, pytype=pytype)

    def sorted_(site: Site, iterable: Any, *, key: Any = None, reverse: bool = False) -> list[Any]:
        items = ev.iterate(site, iterable)
        if key is None:
            return sorted(items, reverse=reverse)
        return sorted(items, key=lambda item: ev.call(site, key, [item], {}), reverse=reverse)

    def map_(site: Site, fn: Any, *iterables: Any) -> list[Any]:
        return [ev.call(site, fn, list(items), {}) for items in zip(*(ev.iterate(site, i) for i in iterables))]

    def filter_(site: Site, fn: Any, iterable: Any) -> list[Any]:
        return [i for i in ev.iterate(site, iterable) if ev.truth(i if fn is None else ev.call(site, fn, [i], {}))]

    def minmax(pick: Callable[..., Any]) -> Callable[..., Any]:
        def run(site: Site, *args: Any, key: Any = None, **kwargs: Any) -> Any:
            items = ev.iterate(site, args[0]) if len(args) == 1 else list(args)
            if key is not None:
                kwargs["key"] = lambda item: ev.call(site, key, [item], {})
            return pick(items, **kwargs)

        return run

    def isinstance_(site: Site, value: Any, types_: Any) -> bool:
        wanted = types_ if isinstance(types_, tuple) else (types_,)
        if not all(isinstance(t, Builtin) and t.pytype is not None for t in wanted):
            raise site.fail("isinstance() with a class that is not a builtin type")
        return isinstance(value, tuple(t.pytype for t in wanted))

    def range_(site: Site, *args: int) -> range:
        value = range(*args)
        if len(value) > MAX_SIZE:
            raise site.fail("a range too large to evaluate")
        return value

    def compile_(site: Site, source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
        if mode != "exec":
            raise site.fail(f"compile(..., {mode!r}) is not evaluated statically")
        return source  # exec() of the result interprets the text; nothing is compiled

    def getattr_(site: Site, value: Any, name: Any, *default: Any) -> Any:
        if not isinstance(name, str):
            raise site.raise_("TypeError", "attribute name must be string")
        if isinstance(value, PLAIN) and not hasattr(value, name):
            if default:
                return default[0]
            raise site.raise_("AttributeError", f"{type(value).__name__!r} object has no attribute {name!r}")
        try:
            return ev.attribute(site, value, name)
        except Raised as exc:
            if default and exc.kind == "AttributeError":
                return default[0]
            raise

    def hasattr_(site: Site, value: Any, name: Any) -> bool:
        if isinstance(value, PLAIN):
            return hasattr(value, name)
        try:
            ev.attribute(site, value, name)
        except Raised as exc:
            if exc.kind == "AttributeError":
                return False
            raise
        return True

    def import_(site: Site, name: Any, globals_: Any = None, locals_: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        if level or not isinstance(name, str):
            raise site.fail("__import__ of a relative or computed name is not evaluated statically")
        module = import_module(ev, site, name)
        return module if fromlist else import_module(ev, site, name.split(".")[0])

    table: dict[str, Any] = {
        "True": True, "False": False, "None": None,
        "len": Builtin("len", lambda s, v: len(ev.iterate(s, v)) if isinstance(v, OpenFile) else len(v)),
        "sorted": Builtin("sorted", sorted_),
        "reversed": Builtin("reversed", lambda s, v: list(reversed(ev.iterate(s, v))), shallow=True),
        "enumerate": Builtin("enumerate", lambda s, v, start=0: list(enumerate(ev.iterate(s, v), start)), shallow=True),
        "zip": Builtin("zip", lambda s, *vs: list(zip(*(ev.iterate(s, v) for v in vs))), shallow=True),
        "map": Builtin("map", map_, shallow=True),
        "filter": Builtin("filter", filter_, shallow=True),
        "range": Builtin("range", range_),
        "min": Builtin("min", minmax(min)), "max": Builtin("max", minmax(max)),
        "sum": Builtin("sum", lambda s, v, start=0: sum(ev.iterate(s, v), start)),
        "any": Builtin("any", lambda s, v: any(ev.truth(i) for i in ev.iterate(s, v)), shallow=True),
        "all": Builtin("all", lambda s, v: all(ev.truth(i) for i in ev.iterate(s, v)), shallow=True),
        "abs": Builtin("abs", lambda s, v: abs(v)),
        "round": Builtin("round", lambda s, *a: round(*a)),
        "repr": Builtin("repr", lambda s, v: repr(ev.stringable(s, v))),
        "isinstance": Builtin("isinstance", isinstance_),
        "getattr": Builtin("getattr", getattr_, shallow=True),
        "hasattr": Builtin("hasattr", hasattr_, shallow=True),
        "print": Builtin("print", lambda s, *a, **k: None, shallow=True),
        "open": Builtin("open", lambda s, *a, **k: open_(ev, s, *a, **k)),
        "exec": Builtin("exec", lambda s, *a, **k: None),
        "eval": Builtin("eval", lambda s, *a, **k: None),
        "globals": Builtin("globals", lambda s: None),  # these five are handled in e_Call: they need the scope
        "locals": Builtin("locals", lambda s: None),
        "vars": Builtin("vars", lambda s: None),
        "compile": Builtin("compile", compile_),
        # only finds modules: a modelled one, or one of the project, read statically when used
        "__import__": Builtin("__import__", import_),
    }
    for pytype in (str, int, float, bool, bytes, tuple, set, frozenset):
        table[pytype.__name__] = ctor(pytype)
    table["list"] = ctor(list, shallow=True)
    table["dict"] = ctor(dict, shallow=True)
    for name in dir(builtins):
        obj = getattr(builtins, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            table[name] = ExcClass(name)
    return table
