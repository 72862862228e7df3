"""The values an evaluated setup.py can hold besides plain data (str, int, list, dict ...).

Plain data is held as real Python objects.  Everything else is one of the small classes below: an
:class:`Unresolved` marker for what cannot be known statically, stand-ins for modules, functions,
paths and open files, and :class:`Opaque` for build-time objects we never look into.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Optional

import attrs

from ...errors import UnresolvableError
from .unresolved import ABSENT, Choices, Fork, Unresolved

if TYPE_CHECKING:
    from .frames import Ctx, Scope, Site

#: Where the project seems to live, for ``__file__``/``abspath`` (what a Nix build sees).
ROOT = "/build/source"


@attrs.frozen(eq=False)
class Builtin:
    """A function implemented here; *shallow* ones may store unresolved arguments without looking."""

    name: str
    fn: Callable[..., Any]
    shallow: bool = False
    pytype: Optional[type] = None
    #: attributes of the function object (``itertools.chain.from_iterable``)
    attributes: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(eq=False)
class ModelModule:
    """A module (or plain namespace object) we model.  Unknown members of a *strict* module are
    unresolvable, except those known to be *absent* (AttributeError, so ``hasattr`` answers);
    unknown members of a lenient one (setuptools, distutils) are opaque build-time objects."""

    name: str
    members: dict[str, Any]
    strict: bool = True
    absent: frozenset[str] = frozenset()


@attrs.frozen(eq=False)
class EnvironmentFact:
    """A module member whose value depends on the environment (``sys.platform``): computed when the
    program reads it, through :meth:`~.interpreter.Interpreter.fact`, which records the read."""

    compute: Callable[[], Any]


@attrs.frozen(eq=False)
class Context:
    """A context manager we model for ``with``: it does nothing, and swallows the exception
    classes named in *suppresses* (``contextlib.suppress``)."""

    name: str
    suppresses: tuple[str, ...] = ()


@attrs.frozen(eq=False)
class Opaque:
    """A class or object we never look into (setuptools commands, classes defined in setup.py).
    Calling it gives an unknown value; *why* says what that value is."""

    qualname: str
    why: str = "is a build-time object, not metadata"
    #: what calling it gives, when more than ``qualname(...) why``
    call_reason: Optional[str] = None


@attrs.frozen(eq=False)
class External:
    """A module from outside the project and the standard library (a build dependency such as
    Cython or setuptools_scm), or anything reached through one: importable in a working build
    (policy rule 4), but what it holds or computes is unknown."""

    qualname: str

    @property
    def module(self) -> str:
        return self.qualname.split(".")[0]


@attrs.frozen(eq=False)
class SetupFunction:
    """``setuptools.setup`` / ``distutils.core.setup``, or a wrapper that takes the same keywords
    (``skbuild.setup``, which always *compiles*): calling it records the call."""

    name: str
    compiles: bool = False


SETUP = SetupFunction("setup")
NO_DEFAULT = object()


@attrs.frozen(eq=False)
class Function:
    """A function or lambda defined by the evaluated program, with its closure."""

    node: ast.FunctionDef | ast.Lambda
    ctx: Ctx
    scope: Scope
    defaults: tuple[Any, ...]
    kw_defaults: tuple[Any, ...]

    @property
    def name(self) -> str:
        return getattr(self.node, "name", "<lambda>")


@attrs.frozen(eq=False)
class Method:
    """``obj.name`` of a plain value, bound but not yet called."""

    obj: Any
    name: str


@attrs.frozen(eq=False)
class PathValue:
    """A pathlib.Path; *path* is a POSIX string (absolute below ROOT, or relative to the cwd)."""

    path: str


class OpenFile:
    """An open text (or binary) file of the tree."""

    def __init__(self, data: str | bytes):
        self.data = data
        self.pos = 0

    def rest(self) -> str | bytes:
        out = self.data[self.pos :]
        self.pos = len(self.data)
        return out


@attrs.frozen(eq=False)
class MatchValue:
    match: re.Match


@attrs.frozen(eq=False)
class PatternValue:
    pattern: re.Pattern


@attrs.frozen(eq=False)
class ExcClass:
    """A builtin exception class, by name (``except ValueError``, ``raise RuntimeError(...)``)."""

    name: str


@attrs.frozen(eq=False)
class ExcValue:
    name: str
    args: tuple[Any, ...]


@attrs.frozen(eq=False)
class ProjectModule:
    """A module of the project tree, evaluated statically (never imported) on first use."""

    name: str
    relpath: str


@attrs.frozen(eq=False)
class LazyName:
    """``from mod import name``: resolved when the name is first read, so unused imports cost nothing."""

    module: ProjectModule
    name: str


class SourceText(str):
    """Text read from a file of the tree; remembers the file so ``exec`` can name it in messages."""

    relpath: str


class VersionInfo(tuple):
    """``sys.version_info`` for the environment."""

    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])

    def __repr__(self) -> str:
        return "sys.version_info(major={}, minor={}, micro={}, releaselevel={!r}, serial={})".format(*self)


PLAIN = (str, int, float, bool, type(None), list, tuple, dict, set, frozenset, bytes, range)


def need(value: Any) -> Any:
    """*value*, or the error of an :class:`Unresolved` one."""
    if isinstance(value, Unresolved):
        raise value.error()
    if isinstance(value, LazyName):  # pragma: no cover - names are forced on lookup
        raise UnresolvableError(f"{value.name} was not resolved")
    return value


def need_deep(value: Any) -> Any:
    """*value* with no unresolved part, or the first unresolved part's error."""
    need(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            need_deep(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            need_deep(key)
            need_deep(item)
    return value


def sorted_set(value: set | frozenset) -> list[Any]:
    """Sets iterate in hash order; we iterate them sorted so output never depends on PYTHONHASHSEED."""
    try:
        return sorted(value)
    except TypeError:
        return sorted(value, key=repr)


def describe(value: Any) -> str:
    """A short name of *value* for messages."""
    if isinstance(value, Opaque):
        return value.qualname
    if isinstance(value, External):
        return f"{value.qualname} (from outside the project)"
    if isinstance(value, Function):
        return f"function {value.name}()"
    if isinstance(value, (ModelModule, ProjectModule)):
        return f"module {value.name}"
    if isinstance(value, Builtin):
        return f"{value.name}()"
    if isinstance(value, PathValue):
        return f"Path({value.path!r})"
    return _SHORT_NAMES.get(type(value), type(value).__name__)


_SHORT_NAMES = {OpenFile: "File", MatchValue: "Match", PatternValue: "Pattern"}


def exc_message(exc: ExcValue) -> str:
    return "" if not exc.args else str(exc.args[0]) if len(exc.args) == 1 else str(exc.args)


def plain(value: Any, where: str, site: Site) -> Any:
    """The plain-data form of a setup() keyword value, or an Unresolved: the value as each path of
    one unknown condition left it when every unknown part comes from that condition (its
    *choices*), else the first unknown part."""
    result = _plain(value, where, site)
    if not isinstance(result, Unresolved):
        return result
    alternatives = _alternatives(value)
    if alternatives is not None:
        fork, (first, second) = alternatives
        first, second = _plain(first, where, site), _plain(second, where, site)
        if not isinstance(first, Unresolved) and not isinstance(second, Unresolved):
            return attrs.evolve(result, choices=Choices(fork, (first, second)))
    return attrs.evolve(result, choices=None) if result.choices is not None else result


def _plain(value: Any, where: str, site: Site) -> Any:
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, VersionInfo):
        return tuple(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted_set(value) if isinstance(value, (set, frozenset)) else value
        out = []
        for item in items:
            item = _plain(item, where, site)
            if isinstance(item, Unresolved):
                return item
            out.append(item)
        return tuple(out) if isinstance(value, tuple) else out
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            key, item = _plain(key, where, site), _plain(item, where, site)
            for part in (key, item):
                if isinstance(part, Unresolved):
                    return part
            result[key] = item
        return result
    return Unresolved(f"{where}= holds {describe(value)}, which is not plain data", site.line, site.ctx.display)


def _alternatives(value: Any) -> Optional[tuple[Fork, tuple[Any, Any]]]:
    """*value* as each path of one fork left it, when all its unknown parts are choices of that
    fork (still valid), else None."""
    forks: list[Fork] = []

    def side(v: Any, i: int, depth: int = 0) -> Any:
        if isinstance(v, Unresolved):
            if v.choices is None or not v.choices.valid or depth > 20:
                raise LookupError
            if forks and forks[0] is not v.choices.fork:
                raise LookupError
            forks[:] = [v.choices.fork]
            return v.choices.values[i]
        if isinstance(v, list):
            return [side(x, i, depth + 1) for x in v]
        if isinstance(v, tuple) and not isinstance(v, VersionInfo):
            return tuple(side(x, i, depth + 1) for x in v)
        if isinstance(v, dict):
            out = {}
            for key, item in v.items():
                item = side(item, i, depth + 1)
                if item is not ABSENT:
                    out[side(key, i, depth + 1)] = item
            return out
        return v

    try:
        first, second = side(value, 0), side(value, 1)
    except LookupError:
        return None
    if not forks or first is ABSENT or second is ABSENT:
        return None
    return forks[0], (first, second)
