"""Attribute access on every kind of value, and the methods of plain values (str, list, dict, set,
tuple) with the guards that keep them small; ``str.format`` without attribute walks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import imports
from .budget import MAX_SIZE, WIDE
from .files import file_method, path_attribute
from .frames import Site
from .regex import regex
from .values import (
    PLAIN,
    Builtin,
    EnvironmentFact,
    ExcValue,
    External,
    MatchValue,
    Method,
    ModelModule,
    Opaque,
    OpenFile,
    PathValue,
    PatternValue,
    ProjectModule,
    Unresolved,
    VersionInfo,
    describe,
    need,
    need_deep,
)

if TYPE_CHECKING:
    from .interpreter import Interpreter

STR_METHODS = frozenset(
    "capitalize casefold center count decode encode endswith expandtabs find format index isalnum isalpha "
    "isdecimal isdigit isidentifier islower isnumeric isspace istitle isupper join ljust lower lstrip "
    "partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split "
    "splitlines startswith strip swapcase title upper zfill".split()
)
LIST_METHODS = frozenset("append clear copy count extend index insert pop remove reverse sort".split())
DICT_METHODS = frozenset("clear copy get items keys pop setdefault update values".split())
SET_METHODS = frozenset("add copy difference discard intersection issubset issuperset remove union update".split())


def attribute(ev: Interpreter, site: Site, value: Any, attr: str) -> Any:
    """``value.attr``."""
    if isinstance(value, Unresolved) and value.choices is not None:
        value.choices.fork.valid = False  # maybe a method that changes it (`reqs.append(x)`, anywhere)
    value = need(value)
    if isinstance(value, ModelModule):
        if attr in value.members:
            member = value.members[attr]
            if isinstance(member, EnvironmentFact):
                return member.compute()
            if isinstance(member, Unresolved) and member.line is None:
                raise site.fail(member.reason)
            return member
        qual = f"{value.name}.{attr}"
        if qual in ev.modules:
            return ev.modules[qual]
        if not value.strict:
            return Opaque(qual)
        if attr in value.absent:
            raise site.raise_("AttributeError", f"module {value.name!r} has no attribute {attr!r}")
        raise site.fail(f"{qual} is not evaluated statically")
    if isinstance(value, ProjectModule):
        return imports.member(ev, site, value, attr)
    if isinstance(value, VersionInfo) and attr in ("major", "minor", "micro", "releaselevel", "serial"):
        return getattr(value, attr)
    if isinstance(value, PathValue):
        return path_attribute(ev, site, value, attr)
    if isinstance(value, ExcValue) and attr == "args":
        return value.args
    if isinstance(value, Opaque):
        return Opaque(f"{value.qualname}.{attr}", value.why)
    if isinstance(value, External):
        return External(f"{value.qualname}.{attr}")
    if isinstance(value, Builtin) and attr in value.attributes:
        return value.attributes[attr]
    allowed = (
        STR_METHODS if isinstance(value, (str, bytes)) else LIST_METHODS if isinstance(value, list)
        else DICT_METHODS if isinstance(value, dict) else SET_METHODS if isinstance(value, (set, frozenset))
        else {"count", "index"} if isinstance(value, tuple)
        else {"read", "readlines", "readline", "close", "__enter__"} if isinstance(value, OpenFile)
        else {"group", "groups", "groupdict", "start", "end", "span"} if isinstance(value, MatchValue)
        else {"search", "match", "fullmatch", "findall", "sub", "split"} if isinstance(value, PatternValue)
        else frozenset()
    )
    if attr in allowed:
        return Method(value, attr)
    raise site.fail(f"{describe(value)}.{attr} is not evaluated statically")


def call_method(ev: Interpreter, site: Site, obj: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``obj.name(*args, **kwargs)`` for a plain value, an open file, a match or a pattern."""
    if isinstance(obj, list) and name in ("append", "insert"):
        return ev.py(site, getattr(obj, name), *args, **kwargs)  # stores the value as it is
    if isinstance(obj, list) and name == "extend":
        (items,) = args
        obj.extend(ev.iterate(site, items))
        return ev.guard(site, obj) and None
    if isinstance(obj, dict) and name in ("update", "setdefault", "get", "pop", "copy", "keys", "values", "items"):
        if name == "update":
            for other in args:
                other = need(other)
                obj.update(other if isinstance(other, dict) else ev.py(site, dict, need_deep(other)))
            obj.update(kwargs)
            return None
        key_args = [need_deep(a) for a in args[:1]] + list(args[1:])
        result = ev.py(site, getattr(obj, name), *key_args)
        return list(result) if name in ("keys", "values", "items") else result
    if isinstance(obj, OpenFile):
        return file_method(ev, site, obj, name)
    need_deep(args), need_deep(kwargs)
    if name not in ("copy", "pop", "clear", "reverse"):
        need_deep(obj)  # sort, index, count, remove ... look at every item
    if isinstance(obj, str) and name == "format":
        return format_(ev, site, obj, args, kwargs)
    if isinstance(obj, str) and name == "join":
        (items,) = args
        return ev.py(site, obj.join, [need_deep(i) for i in ev.iterate(site, items)])
    if isinstance(obj, (list, set, frozenset)) and name in ("sort",) and "key" in kwargs:
        key = kwargs.pop("key")
        obj.sort(key=lambda item: ev.call(site, key, [item], {}), **kwargs)
        return None
    if isinstance(obj, str) and name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int) and args[0] > MAX_SIZE:
        raise site.fail("a value too large to evaluate is built")
    if isinstance(obj, MatchValue):
        return ev.py(site, getattr(obj.match, name), *args, **kwargs)
    if isinstance(obj, PatternValue):
        return regex(ev, site, name, obj.pattern, *args, **kwargs)
    for arg in (*args, *kwargs.values()):
        if not isinstance(arg, PLAIN):
            raise site.fail(f"{name}() with {describe(arg)} is not evaluated statically")
    return ev.py(site, getattr(obj, name), *args, **kwargs)


def format_(ev: Interpreter, site: Site, template: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    """``str.format`` on plain values; no attribute walks into dunders, no giant widths."""
    if WIDE.search(template) or "__" in template:
        raise site.fail(f"format string {template[:40]!r} is not evaluated statically")
    args = [ev.stringable(site, a) for a in args]
    kwargs = {k: ev.stringable(site, v) for k, v in kwargs.items()}
    return ev.py(site, template.format, *args, **kwargs)
