"""The ``re`` module on plain strings (the usual ``__version__`` regex), with match and pattern values."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .frames import Site
from .values import Builtin, MatchValue, ModelModule, PatternValue

if TYPE_CHECKING:
    from .interpreter import Interpreter

FUNCTIONS = ("search", "match", "fullmatch", "findall", "sub", "split", "compile")
FLAGS = ("I", "M", "S", "X", "A", "U", "IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII", "UNICODE")


def regex(ev: Interpreter, site: Site, name: str, *args: Any, **kwargs: Any) -> Any:
    """``re.<name>(...)`` or ``pattern.<name>(...)`` (then *args* starts with the compiled pattern)."""
    if name == "compile":
        return PatternValue(ev.py(site, re.compile, *args, **kwargs))
    if name == "sub" and not isinstance(args[1] if len(args) > 1 else kwargs.get("repl"), str):
        raise site.fail("re.sub with a function replacement is not evaluated statically")
    first = args[0]
    if isinstance(first, re.Pattern):
        fn = getattr(first, name)
        args = args[1:]
    else:
        fn = getattr(re, name)
    args = tuple(a.pattern if isinstance(a, PatternValue) else a for a in args)
    result = ev.py(site, fn, *args, **kwargs)
    return MatchValue(result) if isinstance(result, re.Match) else result


def make_module(ev: Interpreter) -> ModelModule:
    return ModelModule("re", {
        **{name: Builtin(f"re.{name}", lambda s, *a, _n=name, **k: regex(ev, s, _n, *a, **k)) for name in FUNCTIONS},
        "escape": Builtin("re.escape", lambda s, v: re.escape(v)),
        **{flag: getattr(re, flag) for flag in FLAGS},
    })
