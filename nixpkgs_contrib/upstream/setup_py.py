"""A static evaluator for ``setup.py``: the ``setup(...)`` keywords, per environment, without running it.

``setup.py`` is a program, and running it would run whatever the project put there (downloads,
``os.system``, imports of half the world) with our privileges and our interpreter.  So we interpret
a small, safe subset of Python over :mod:`ast` instead: literals and the data operations projects use
to compute metadata, reads of files *inside the project tree*, and the ``sys``/``platform`` answers
of one :class:`~nixpkgs_contrib.matrix.Environment`, so a floor chosen by interpreter comes out right
for each interpreter of the matrix.

Nothing is guessed.  What cannot be reduced to a value becomes an :class:`Unresolved` marker that
carries the reason and the ``file:line`` it came from; it flows through containers and variables and
only raises :class:`~nixpkgs_contrib.errors.UnresolvableError` when something needs its value.  That
is why an unknown ``cmdclass=`` or ``ext_modules=`` never hides a perfectly literal ``version=``.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import fnmatch
import json
import operator
import posixpath
import re
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Optional

import attrs

from ..errors import MetadataError, SourceError, UnresolvableError
from ..matrix import SYSTEMS, Environment
from ..model import EntryPoint
from .tree import SourceTree, normalize, read_text

#: Where the project seems to live, for ``__file__``/``abspath`` (what a Nix build sees).
ROOT = "/build/source"
#: Evaluation budget: steps (statements + expressions) per top-level statement of setup.py, nested
#: user-function calls, length of built values.
MAX_STEPS = 200_000
MAX_DEPTH = 40
MAX_SIZE = 1_000_000

#: setup() keywords that mean a platform-specific build.
EXT_KEYWORDS = ("ext_modules", "cffi_modules", "rust_extensions")


@attrs.frozen
class Unresolved:
    """A value the evaluator could not compute, with why and where; raises only when needed."""

    reason: str
    line: Optional[int] = None
    path: Optional[str] = None

    def error(self) -> UnresolvableError:
        return UnresolvableError(self.reason, path=self.path, line=self.line)

    @classmethod
    def of(cls, err: UnresolvableError) -> Unresolved:
        return cls(err.message, err.line, err.path)


class SetupAborted(MetadataError):
    """setup.py raises or exits before calling setup() in this environment (e.g. an interpreter check)."""


def _freeze_keywords(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(value))


@attrs.frozen
class SetupCall:
    """The keywords of the ``setup(...)`` call as plain values (or :class:`Unresolved`) for one environment."""

    keywords: Mapping[str, Any] = attrs.field(converter=_freeze_keywords)
    path: str
    line: int
    environment: Environment
    has_ext_modules: bool = False

    def __contains__(self, key: str) -> bool:
        return key in self.keywords

    def get(self, key: str, default: Any = None) -> Any:
        """The value of *key*, *default* when absent; raises when present but unresolved (never guesses)."""
        value = self.keywords.get(key, default)
        if isinstance(value, Unresolved):
            raise value.error()
        return value

    def require(self, key: str) -> Any:
        """The value of *key*; it must be present and resolved."""
        if key not in self.keywords:
            raise MetadataError(f"setup() has no {key}= keyword", path=self.path, line=self.line)
        return self.get(key)

    def unresolved(self) -> dict[str, Unresolved]:
        """Keywords that could not be evaluated, for diagnostics."""
        return {k: v for k, v in self.keywords.items() if isinstance(v, Unresolved)}

    def entry_points(self) -> tuple[EntryPoint, ...]:
        """``entry_points=`` in either form (dict of lists/strings, or an INI string), in upstream order."""
        value = self.get("entry_points")
        if value is None:
            return ()
        out: list[EntryPoint] = []
        if isinstance(value, str):
            value = _ini_sections(value, self.path, self.line)
        if not isinstance(value, dict):
            raise MetadataError(f"entry_points must be a dict or an INI string, not {value!r}", path=self.path, line=self.line)
        for group, specs in value.items():
            lines = specs.splitlines() if isinstance(specs, str) else specs
            if not isinstance(lines, (list, tuple)):
                raise MetadataError(f"entry_points[{group!r}] must be a list of strings", path=self.path, line=self.line)
            for spec in lines:
                if not isinstance(spec, str) or not spec.strip():
                    if isinstance(spec, str):
                        continue
                    raise MetadataError(f"entry point {spec!r} is not a string", path=self.path, line=self.line)
                name, sep, target = spec.partition("=")
                if not sep or not name.strip() or not target.strip():
                    raise MetadataError(f"entry point {spec!r} is not 'name = module:attr'", path=self.path, line=self.line)
                out.append(EntryPoint(name.strip(), target.strip(), group))
        return tuple(out)


def _ini_sections(text: str, path: str, line: int) -> dict[str, list[str]]:
    """The ``[group]\\nname = target`` form pkg_resources accepts (no interpolation, no continuation)."""
    sections: dict[str, list[str]] = {}
    current: Optional[list[str]] = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1].strip(), [])
        elif current is None:
            raise MetadataError(f"entry_points line {stripped!r} is outside a [group]", path=path, line=line)
        else:
            current.append(stripped)
    return sections


# --------------------------------------------------------------------------------------------------
# The public entry point


def evaluate_setup_py(tree: SourceTree, env: Environment, relpath: str = "setup.py") -> SetupCall:
    """Evaluate *relpath* statically for *env* and return its ``setup(...)`` call.

    Raises :class:`MetadataError` for a syntax error, :class:`SetupAborted` when the script raises or
    exits before reaching setup(), and :class:`UnresolvableError` when the call itself (not one of its
    keywords) cannot be reached statically.
    """
    display = tree.display(relpath)
    source = read_text(tree, relpath)
    try:
        module = ast.parse(source, filename=display)
    except SyntaxError as exc:
        raise MetadataError(f"syntax error: {exc.msg}", path=display, line=exc.lineno) from None
    except (RecursionError, MemoryError):
        raise MetadataError("nests too deeply to parse", path=display) from None
    ev = _Evaluator(tree, env, relpath)
    ctx = _Ctx(relpath=relpath, display=display, package="")
    scope = _Scope({"__name__": "__main__", "__file__": posixpath.join(ROOT, relpath), "__doc__": ast.get_docstring(module)})
    skipped = ev.run_block(module.body, scope, ctx, top="setup")
    if ev.found is None:
        if skipped:
            last = skipped[-1]
            raise UnresolvableError(f"setup() is never reached statically; last failure: {last.reason}", path=last.path, line=last.line)
        raise MetadataError("no setup() call", path=display)
    return ev.found


# --------------------------------------------------------------------------------------------------
# Values the evaluated program can hold besides plain data


class _Raised(Exception):
    """A Python exception raised by the evaluated program (catchable by its own ``try``)."""

    def __init__(self, kind: str, message: str, path: Optional[str], line: Optional[int], explicit: bool = False):
        super().__init__(message)
        self.kind, self.message, self.path, self.line, self.explicit = kind, message, path, line, explicit

    def unresolved(self) -> Unresolved:
        return Unresolved(f"{self.kind}: {self.message}" if self.message else self.kind, self.line, self.path)


class _Return(Exception):
    def __init__(self, value: Any):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


@attrs.frozen(eq=False)
class _Ctx:
    """The file being evaluated (for messages, relative imports)."""

    relpath: str
    display: str
    package: str


class _Scope:
    """Variables of a module, function or comprehension; lookups fall through to *parent*."""

    __slots__ = ("vars", "parent", "globals")

    def __init__(self, vars: dict[str, Any], parent: Optional[_Scope] = None):
        self.vars = vars
        self.parent = parent
        self.globals: set[str] = set()

    def root(self) -> _Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def assign(self, name: str, value: Any) -> None:
        (self.root() if name in self.globals else self).vars[name] = value


@attrs.frozen(eq=False)
class _Site:
    """Where a builtin is being called from, so it can fail with file:line."""

    ctx: _Ctx
    line: Optional[int]

    def fail(self, reason: str) -> UnresolvableError:
        return UnresolvableError(reason, path=self.ctx.display, line=self.line)

    def raise_(self, kind: str, message: str) -> _Raised:
        return _Raised(kind, message, self.ctx.display, self.line)


@attrs.frozen(eq=False)
class _Builtin:
    """A function implemented here; *shallow* ones may store unresolved arguments without looking."""

    name: str
    fn: Callable[..., Any]
    shallow: bool = False
    pytype: Optional[type] = None


@attrs.frozen(eq=False)
class _Module:
    """A module we model.  Unknown members of a *strict* module are unresolvable; of a lenient one
    (setuptools, distutils) they are opaque build-time objects."""

    name: str
    members: dict[str, Any]
    strict: bool = True


@attrs.frozen(eq=False)
class _Opaque:
    """A class or object we never look into (setuptools commands, classes defined in setup.py)."""

    qualname: str


class _SetupFunction:
    """``setuptools.setup`` / ``distutils.core.setup``: calling it records the call."""


_SETUP = _SetupFunction()
_NO_DEFAULT = object()


@attrs.frozen(eq=False)
class _Function:
    node: ast.FunctionDef | ast.Lambda
    ctx: _Ctx
    scope: _Scope
    defaults: tuple[Any, ...]
    kw_defaults: tuple[Any, ...]

    @property
    def name(self) -> str:
        return getattr(self.node, "name", "<lambda>")


@attrs.frozen(eq=False)
class _Method:
    obj: Any
    name: str


@attrs.frozen(eq=False)
class _Path:
    """A pathlib.Path; *path* is a POSIX string (absolute below ROOT, or relative to the cwd)."""

    path: str


class _File:
    """An open text (or binary) file of the tree."""

    def __init__(self, data: str | bytes):
        self.data = data
        self.pos = 0

    def rest(self) -> str | bytes:
        out = self.data[self.pos :]
        self.pos = len(self.data)
        return out


@attrs.frozen(eq=False)
class _Match:
    match: re.Match


@attrs.frozen(eq=False)
class _Pattern:
    pattern: re.Pattern


@attrs.frozen(eq=False)
class _ExcClass:
    name: str


@attrs.frozen(eq=False)
class _ExcValue:
    name: str
    args: tuple[Any, ...]


@attrs.frozen(eq=False)
class _ProjectModule:
    """A module of the project tree, evaluated statically (never imported) on first use."""

    name: str
    relpath: str


@attrs.frozen(eq=False)
class _LazyName:
    """``from mod import name``: resolved when the name is first read, so unused imports cost nothing."""

    module: _ProjectModule
    name: str


class _SourceText(str):
    """Text read from a file of the tree; remembers the file so ``exec`` can name it in messages."""

    relpath: str


class _VersionInfo(tuple):
    """``sys.version_info`` for the environment."""

    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])

    def __repr__(self) -> str:
        return "sys.version_info(major={}, minor={}, micro={}, releaselevel={!r}, serial={})".format(*self)


_PLAIN = (str, int, float, bool, type(None), list, tuple, dict, set, frozenset, bytes, range)

#: Modules whose import never fails but whose unknown members are unresolvable.
_STDLIB = frozenset(sys.stdlib_module_names) | {"distutils"}

_STR_METHODS = frozenset(
    "capitalize casefold center count decode encode endswith expandtabs find format index isalnum isalpha "
    "isdecimal isdigit isidentifier islower isnumeric isspace istitle isupper join ljust lower lstrip "
    "partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split "
    "splitlines startswith strip swapcase title upper zfill".split()
)
_LIST_METHODS = frozenset("append clear copy count extend index insert pop remove reverse sort".split())
_DICT_METHODS = frozenset("clear copy get items keys pop setdefault update values".split())
_SET_METHODS = frozenset("add copy difference discard intersection issubset issuperset remove union update".split())
_WIDE = re.compile(r"\d{5,}")

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_, ast.BitXor: operator.xor, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
#: Python errors that real operations on plain data may raise; they become the program's exceptions.
_PY_ERRORS = (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, re.error)


def _need(value: Any) -> Any:
    if isinstance(value, Unresolved):
        raise value.error()
    if isinstance(value, _LazyName):  # pragma: no cover - names are forced on lookup
        raise UnresolvableError(f"{value.name} was not resolved")
    return value


def _need_deep(value: Any) -> Any:
    """*value* with no unresolved part, or the first unresolved part's error."""
    _need(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _need_deep(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _need_deep(key)
            _need_deep(item)
    return value


def _sorted_set(value: set | frozenset) -> list[Any]:
    """Sets iterate in hash order; we iterate them sorted so output never depends on PYTHONHASHSEED."""
    try:
        return sorted(value)
    except TypeError:
        return sorted(value, key=repr)


def _describe(value: Any) -> str:
    if isinstance(value, _Opaque):
        return value.qualname
    if isinstance(value, _Function):
        return f"function {value.name}()"
    if isinstance(value, (_Module, _ProjectModule)):
        return f"module {value.name}"
    if isinstance(value, _Builtin):
        return f"{value.name}()"
    if isinstance(value, _Path):
        return f"Path({value.path!r})"
    return type(value).__name__.lstrip("_")


def _plain(value: Any, where: str, site: _Site) -> Any:
    """The plain-data form of a setup() keyword value, or the first Unresolved inside it."""
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, _VersionInfo):
        return tuple(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = _sorted_set(value) if isinstance(value, (set, frozenset)) else value
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
    return Unresolved(f"{where}= holds {_describe(value)}, which is not plain data", site.line, site.ctx.display)


# --------------------------------------------------------------------------------------------------
# The evaluator


class _Evaluator:
    def __init__(self, tree: SourceTree, env: Environment, relpath: str):
        self.tree = tree
        self.env = env
        self.setup_relpath = relpath
        self.cwd = posixpath.normpath(posixpath.join(ROOT, posixpath.dirname(relpath)))
        self.steps = 0
        self.depth = 0
        self.found: Optional[SetupCall] = None
        self.loaded: dict[str, _Scope] = {}
        self.sys_path: list[Any] = [self.cwd]
        self.handling: list[_Raised] = []
        self.builtins = self._make_builtins()
        self.modules = self._make_modules()

    # -- bookkeeping -----------------------------------------------------------------------------

    def tick(self, ctx: _Ctx, node: ast.AST) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise UnresolvableError(f"gave up after {MAX_STEPS} evaluation steps", path=ctx.display, line=getattr(node, "lineno", None))

    def fail(self, ctx: _Ctx, node: ast.AST, reason: str) -> UnresolvableError:
        return UnresolvableError(reason, path=ctx.display, line=getattr(node, "lineno", None))

    def _guard(self, site: _Site, value: Any) -> Any:
        if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_SIZE:
            raise site.fail(f"a value longer than {MAX_SIZE} items is built; not evaluated")
        return value

    def py(self, site: _Site, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a real operation on plain data; its Python errors become the program's exceptions."""
        try:
            return self._guard(site, fn(*args, **kwargs))
        except _PY_ERRORS as exc:
            raise site.raise_(type(exc).__name__, str(exc)) from None

    # -- statements ------------------------------------------------------------------------------

    def run_block(self, body: Sequence[ast.stmt], scope: _Scope, ctx: _Ctx, top: str = "") -> list[Unresolved]:
        """Run statements.  A statement that cannot be evaluated poisons the names it would bind and
        the block goes on, unless it decides control flow (return, break, setup() ...).  At a module's
        *top* level an uncaught exception does the same, except an explicit raise/exit in setup.py."""
        skipped: list[Unresolved] = []
        for stmt in body:
            if top == "setup":
                self.steps = 0  # each statement of setup.py gets the whole budget
            self.tick(ctx, stmt)
            try:
                self.exec_stmt(stmt, scope, ctx)
            except UnresolvableError as err:
                if _decides_flow(stmt):
                    raise
                skipped.append(self._poison(stmt, scope, Unresolved.of(err)))
            except _Raised as exc:
                if not top:
                    raise
                if exc.explicit and top == "setup":
                    where = f"python {self.env.python} on {self.env.system}"
                    raise SetupAborted(f"raises {exc.kind} on {where}: {exc.message}", path=exc.path, line=exc.line) from None
                if top == "setup" and _calls_setup(stmt):
                    raise exc.unresolved().error() from None
                skipped.append(self._poison(stmt, scope, exc.unresolved()))
        return skipped

    def _poison(self, stmt: ast.stmt, scope: _Scope, value: Unresolved) -> Unresolved:
        bound, mutated = _written_names(stmt)
        for name in bound:
            scope.assign(name, value)
        for name in mutated:  # `reqs.append(...)` poisons the list, `os.system(...)` not the module
            found: Optional[_Scope] = scope
            while found is not None and name not in found.vars:
                found = found.parent
            if found is not None and isinstance(found.vars[name], (list, dict, set, str, Unresolved)):
                found.vars[name] = value
        return value

    def exec_stmt(self, stmt: ast.stmt, scope: _Scope, ctx: _Ctx) -> None:
        handler = getattr(self, "s_" + type(stmt).__name__, None)
        if handler is None:
            raise self.fail(ctx, stmt, f"{type(stmt).__name__} statements are not evaluated statically")
        handler(stmt, scope, ctx)

    def s_Expr(self, stmt: ast.Expr, scope: _Scope, ctx: _Ctx) -> None:
        if isinstance(stmt.value, ast.Constant):
            return  # docstrings
        self.eval(stmt.value, scope, ctx)

    def s_Pass(self, stmt: ast.Pass, scope: _Scope, ctx: _Ctx) -> None:
        pass

    def s_Assign(self, stmt: ast.Assign, scope: _Scope, ctx: _Ctx) -> None:
        value = self.soft(stmt.value, scope, ctx)
        for target in stmt.targets:
            self.assign(target, value, scope, ctx)

    def s_AnnAssign(self, stmt: ast.AnnAssign, scope: _Scope, ctx: _Ctx) -> None:
        if stmt.value is not None:
            self.assign(stmt.target, self.soft(stmt.value, scope, ctx), scope, ctx)

    def s_AugAssign(self, stmt: ast.AugAssign, scope: _Scope, ctx: _Ctx) -> None:
        target = stmt.target
        load: ast.expr = ast.copy_location(type(target)(**{**{f: getattr(target, f) for f in target._fields}, "ctx": ast.Load()}), target)
        current = _need(self.eval(load, scope, ctx))
        value = self.eval(stmt.value, scope, ctx)
        site = _Site(ctx, stmt.lineno)
        if isinstance(stmt.op, ast.Add) and isinstance(current, list):
            current.extend(self.iterate(site, value))  # in place, like Python: aliases see it
            self._guard(site, current)
            return
        if isinstance(stmt.op, ast.BitOr) and isinstance(current, dict) and isinstance(_need(value), dict):
            current.update(value)
            return
        self.assign(target, self.binop(site, stmt.op, current, value), scope, ctx)

    def s_If(self, stmt: ast.If, scope: _Scope, ctx: _Ctx) -> None:
        branch = stmt.body if self.truth(self.eval(stmt.test, scope, ctx)) else stmt.orelse
        self.run_block(branch, scope, ctx)

    def s_For(self, stmt: ast.For, scope: _Scope, ctx: _Ctx) -> None:
        for item in self.iterate(_Site(ctx, stmt.lineno), self.eval(stmt.iter, scope, ctx)):
            self.tick(ctx, stmt)
            self.assign(stmt.target, item, scope, ctx)
            try:
                self.run_block(stmt.body, scope, ctx)
            except _Break:
                return
            except _Continue:
                continue
        self.run_block(stmt.orelse, scope, ctx)

    def s_While(self, stmt: ast.While, scope: _Scope, ctx: _Ctx) -> None:
        while self.truth(self.eval(stmt.test, scope, ctx)):
            self.tick(ctx, stmt)
            try:
                self.run_block(stmt.body, scope, ctx)
            except _Break:
                return
            except _Continue:
                continue
        self.run_block(stmt.orelse, scope, ctx)

    def s_Break(self, stmt: ast.Break, scope: _Scope, ctx: _Ctx) -> None:
        raise _Break

    def s_Continue(self, stmt: ast.Continue, scope: _Scope, ctx: _Ctx) -> None:
        raise _Continue

    def s_Return(self, stmt: ast.Return, scope: _Scope, ctx: _Ctx) -> None:
        raise _Return(None if stmt.value is None else self.soft(stmt.value, scope, ctx))

    def s_Global(self, stmt: ast.Global, scope: _Scope, ctx: _Ctx) -> None:
        scope.globals.update(stmt.names)

    def s_Nonlocal(self, stmt: ast.Nonlocal, scope: _Scope, ctx: _Ctx) -> None:
        raise self.fail(ctx, stmt, "nonlocal is not evaluated statically")

    def s_Delete(self, stmt: ast.Delete, scope: _Scope, ctx: _Ctx) -> None:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                scope.vars.pop(target.id, None)
            elif isinstance(target, ast.Subscript):
                container = _need(self.eval(target.value, scope, ctx))
                key = _need_deep(self.eval(target.slice, scope, ctx))
                self.py(_Site(ctx, stmt.lineno), operator.delitem, container, key)
            else:
                raise self.fail(ctx, stmt, "del of an attribute is not evaluated statically")

    def s_FunctionDef(self, stmt: ast.FunctionDef, scope: _Scope, ctx: _Ctx) -> None:
        if stmt.decorator_list:
            scope.assign(stmt.name, Unresolved(f"{stmt.name}() is decorated; not evaluated", stmt.lineno, ctx.display))
            return
        scope.assign(stmt.name, self._function(stmt, stmt.args, scope, ctx))

    def s_ClassDef(self, stmt: ast.ClassDef, scope: _Scope, ctx: _Ctx) -> None:
        scope.assign(stmt.name, _Opaque(f"class {stmt.name} (defined in {ctx.display}:{stmt.lineno})"))

    def s_Assert(self, stmt: ast.Assert, scope: _Scope, ctx: _Ctx) -> None:
        if not self.truth(self.eval(stmt.test, scope, ctx)):
            raise _Raised("AssertionError", "", ctx.display, stmt.lineno, explicit=True)

    def s_Raise(self, stmt: ast.Raise, scope: _Scope, ctx: _Ctx) -> None:
        if stmt.exc is None:
            if self.handling:
                raise self.handling[-1]
            raise _Raised("RuntimeError", "No active exception to reraise", ctx.display, stmt.lineno, explicit=True)
        try:
            exc = self.eval(stmt.exc, scope, ctx)
        except UnresolvableError as err:
            raise _Raised("Exception", err.message, ctx.display, stmt.lineno, explicit=True) from None
        if isinstance(exc, _ExcClass):
            exc = _ExcValue(exc.name, ())
        if not isinstance(exc, _ExcValue):
            raise _Raised("Exception", f"raise of {_describe(exc)}", ctx.display, stmt.lineno, explicit=True)
        raise _Raised(exc.name, _exc_message(exc), ctx.display, stmt.lineno, explicit=True)

    def s_Try(self, stmt: ast.Try, scope: _Scope, ctx: _Ctx) -> None:
        try:
            try:
                self.run_block(stmt.body, scope, ctx)
            except _Raised as exc:
                for handler in stmt.handlers:
                    if self._handles(handler, exc, scope, ctx):
                        if handler.name:
                            scope.assign(handler.name, _ExcValue(exc.kind, (exc.message,)))
                        self.handling.append(exc)
                        try:
                            self.run_block(handler.body, scope, ctx)
                        finally:
                            self.handling.pop()
                        break
                else:
                    raise
            else:
                self.run_block(stmt.orelse, scope, ctx)
        finally:
            self.run_block(stmt.finalbody, scope, ctx)

    s_TryStar = s_Try

    def _handles(self, handler: ast.ExceptHandler, exc: _Raised, scope: _Scope, ctx: _Ctx) -> bool:
        if handler.type is None:
            return True
        wanted = _need(self.eval(handler.type, scope, ctx))
        classes = wanted if isinstance(wanted, tuple) else (wanted,)
        raised = getattr(builtins, exc.kind, Exception)
        for cls in classes:
            if not isinstance(cls, _ExcClass):
                raise self.fail(ctx, handler, f"except {_describe(cls)} is not evaluated statically")
            if issubclass(raised, getattr(builtins, cls.name)):
                return True
        return False

    def s_With(self, stmt: ast.With, scope: _Scope, ctx: _Ctx) -> None:
        for item in stmt.items:
            value = _need(self.eval(item.context_expr, scope, ctx))
            if not isinstance(value, _File):
                raise self.fail(ctx, stmt, f"with {_describe(value)} is not evaluated statically")
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, scope, ctx)
        self.run_block(stmt.body, scope, ctx)

    def s_Import(self, stmt: ast.Import, scope: _Scope, ctx: _Ctx) -> None:
        site = _Site(ctx, stmt.lineno)
        for alias in stmt.names:
            module = self.import_module(site, alias.name)
            if alias.asname:
                scope.assign(alias.asname, module)
            else:
                top = alias.name.split(".")[0]
                scope.assign(top, self.import_module(site, top))

    def s_ImportFrom(self, stmt: ast.ImportFrom, scope: _Scope, ctx: _Ctx) -> None:
        site = _Site(ctx, stmt.lineno)
        if stmt.module == "__future__":
            return
        name = stmt.module or ""
        if stmt.level:
            base = ctx.package.split(".") if ctx.package else []
            if stmt.level - 1 > len(base) or not ctx.package:
                raise site.raise_("ImportError", "attempted relative import with no known parent package")
            base = base[: len(base) - (stmt.level - 1)]
            name = ".".join(base + ([name] if name else []))
        module = self.import_module(site, name)
        for alias in stmt.names:
            if alias.name == "*":
                raise site.fail(f"from {name} import * is not evaluated statically")
            if isinstance(module, _ProjectModule):
                value: Any = _LazyName(module, alias.name)
            else:
                value = self.attribute(site, module, alias.name)
            scope.assign(alias.asname or alias.name, value)

    # -- assignment ------------------------------------------------------------------------------

    def assign(self, target: ast.expr, value: Any, scope: _Scope, ctx: _Ctx) -> None:
        site = _Site(ctx, target.lineno)
        if isinstance(target, ast.Name):
            scope.assign(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, Unresolved):
                for name in _target_names(target):
                    scope.assign(name, value)
                return
            items = self.iterate(site, value)
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
                self.assign(elt.value if isinstance(elt, ast.Starred) else elt, part, scope, ctx)
        elif isinstance(target, ast.Subscript):
            container = _need(self.eval(target.value, scope, ctx))
            if not isinstance(container, (list, dict)):
                raise site.fail(f"item assignment to {_describe(container)} is not evaluated statically")
            key = self.eval(target.slice, scope, ctx)
            self.py(site, operator.setitem, container, _need_deep(key), value)
        else:
            raise site.fail(f"assignment to {type(target).__name__} is not evaluated statically")

    # -- expressions -----------------------------------------------------------------------------

    def soft(self, node: ast.expr, scope: _Scope, ctx: _Ctx) -> Any:
        """Evaluate where a value is only stored: failure becomes an Unresolved value, not an error."""
        try:
            return self.eval(node, scope, ctx)
        except UnresolvableError as err:
            return Unresolved.of(err)

    def eval(self, node: ast.expr, scope: _Scope, ctx: _Ctx) -> Any:
        self.tick(ctx, node)
        handler = getattr(self, "e_" + type(node).__name__, None)
        if handler is None:
            raise self.fail(ctx, node, f"{type(node).__name__} expressions are not evaluated statically")
        return handler(node, scope, ctx)

    def e_Constant(self, node: ast.Constant, scope: _Scope, ctx: _Ctx) -> Any:
        return node.value

    def e_Name(self, node: ast.Name, scope: _Scope, ctx: _Ctx) -> Any:
        name = node.id
        found: Optional[_Scope] = scope
        while found is not None and name not in found.vars:
            found = found.parent
        if found is None:
            if name in self.builtins:
                return self.builtins[name]
            if hasattr(builtins, name):
                raise self.fail(ctx, node, f"{name} is not evaluated statically")
            raise _Raised("NameError", f"name {name!r} is not defined", ctx.display, node.lineno)
        value = found.vars[name]
        if isinstance(value, _LazyName):
            try:
                value = self.resolve_lazy(_Site(ctx, node.lineno), value)
            except UnresolvableError as err:
                value = Unresolved.of(err)
            found.vars[name] = value
        return value

    def e_List(self, node: ast.List, scope: _Scope, ctx: _Ctx) -> list[Any]:
        out: list[Any] = []
        for elt in node.elts:
            if isinstance(elt, ast.Starred):
                out.extend(self.iterate(_Site(ctx, elt.lineno), self.eval(elt.value, scope, ctx)))
            else:
                out.append(self.soft(elt, scope, ctx))
        return self._guard(_Site(ctx, node.lineno), out)

    def e_Tuple(self, node: ast.Tuple, scope: _Scope, ctx: _Ctx) -> tuple[Any, ...]:
        return tuple(self.e_List(node, scope, ctx))  # type: ignore[arg-type]

    def e_Set(self, node: ast.Set, scope: _Scope, ctx: _Ctx) -> set[Any]:
        return self.py(_Site(ctx, node.lineno), set, _need_deep(self.e_List(node, scope, ctx)))  # type: ignore[arg-type]

    def e_Dict(self, node: ast.Dict, scope: _Scope, ctx: _Ctx) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        site = _Site(ctx, node.lineno)
        for key, value in zip(node.keys, node.values):
            if key is None:
                other = _need(self.eval(value, scope, ctx))
                if not isinstance(other, dict):
                    raise site.raise_("TypeError", f"'{_describe(other)}' object is not a mapping")
                out.update(other)
            else:
                k = _need_deep(self.eval(key, scope, ctx))
                self.py(site, operator.setitem, out, k, self.soft(value, scope, ctx))
        return out

    def e_JoinedStr(self, node: ast.JoinedStr, scope: _Scope, ctx: _Ctx) -> str:
        return self._guard(_Site(ctx, node.lineno), "".join(self.eval(part, scope, ctx) for part in node.values))

    def e_FormattedValue(self, node: ast.FormattedValue, scope: _Scope, ctx: _Ctx) -> str:
        site = _Site(ctx, node.lineno)
        value = self.stringable(site, self.eval(node.value, scope, ctx))
        if node.conversion == ord("r"):
            value = repr(value)
        elif node.conversion == ord("a"):
            value = ascii(value)
        spec = "" if node.format_spec is None else self.eval(node.format_spec, scope, ctx)
        if _WIDE.search(spec):
            raise site.fail(f"format spec {spec!r} is too wide to evaluate")
        return self.py(site, format, value, spec)

    def e_Attribute(self, node: ast.Attribute, scope: _Scope, ctx: _Ctx) -> Any:
        return self.attribute(_Site(ctx, node.lineno), self.eval(node.value, scope, ctx), node.attr)

    def e_Subscript(self, node: ast.Subscript, scope: _Scope, ctx: _Ctx) -> Any:
        site = _Site(ctx, node.lineno)
        value = _need(self.eval(node.value, scope, ctx))
        key = _need_deep(self.eval(node.slice, scope, ctx))
        if isinstance(value, _Match):
            return self.py(site, value.match.__getitem__, key)
        if isinstance(value, _Module) and value.name == "os.environ":
            raise site.fail(f"reads environment variable {key}")
        if not isinstance(value, _PLAIN):
            raise site.fail(f"subscript of {_describe(value)} is not evaluated statically")
        return self.py(site, operator.getitem, value, key)

    def e_Slice(self, node: ast.Slice, scope: _Scope, ctx: _Ctx) -> slice:
        parts = [None if p is None else _need_deep(self.eval(p, scope, ctx)) for p in (node.lower, node.upper, node.step)]
        return slice(*parts)

    def e_BinOp(self, node: ast.BinOp, scope: _Scope, ctx: _Ctx) -> Any:
        left = self.eval(node.left, scope, ctx)
        right = self.eval(node.right, scope, ctx)
        return self.binop(_Site(ctx, node.lineno), node.op, left, right)

    def binop(self, site: _Site, op: ast.operator, left: Any, right: Any) -> Any:
        left, right = _need(left), _need(right)
        if isinstance(op, ast.Div) and isinstance(left, _Path):
            return _Path(posixpath.join(left.path, self.fspath(site, right)))
        if isinstance(op, ast.Add) and isinstance(left, list) and isinstance(right, list):
            return self._guard(site, left + right)  # keeps unresolved items unresolved
        _need_deep(left), _need_deep(right)
        if not isinstance(left, _PLAIN) or not isinstance(right, _PLAIN):
            raise site.fail(f"{_describe(left)} {type(op).__name__} {_describe(right)} is not evaluated statically")
        if isinstance(op, ast.Mult):
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
                    raise site.fail("a value too large to evaluate is built")
        if isinstance(op, (ast.Pow, ast.LShift)) and isinstance(right, int) and abs(right) > 4096:
            raise site.fail("a number too large to evaluate is built")
        if isinstance(op, ast.Mod) and isinstance(left, str) and _WIDE.search(left):
            raise site.fail("a %-format too wide to evaluate")
        if type(op) not in _BINOPS:
            raise site.fail(f"operator {type(op).__name__} is not evaluated statically")
        return self.py(site, _BINOPS[type(op)], left, right)

    def e_UnaryOp(self, node: ast.UnaryOp, scope: _Scope, ctx: _Ctx) -> Any:
        value = self.eval(node.operand, scope, ctx)
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        value = _need_deep(value)
        ops = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
        return self.py(_Site(ctx, node.lineno), ops[type(node.op)], value)

    def e_BoolOp(self, node: ast.BoolOp, scope: _Scope, ctx: _Ctx) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.eval(operand, scope, ctx)
            if self.truth(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def e_Compare(self, node: ast.Compare, scope: _Scope, ctx: _Ctx) -> bool:
        site = _Site(ctx, node.lineno)
        left = self.comparable(site, self.eval(node.left, scope, ctx))
        for op, right_node in zip(node.ops, node.comparators):
            right = self.comparable(site, self.eval(right_node, scope, ctx))
            if not self.py(site, _CMPOPS[type(op)], left, right):
                return False
            left = right
        return True

    def comparable(self, site: _Site, value: Any) -> Any:
        value = _need_deep(value)
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, _Path):
            return value.path
        raise site.fail(f"comparison with {_describe(value)} is not evaluated statically")

    def e_IfExp(self, node: ast.IfExp, scope: _Scope, ctx: _Ctx) -> Any:
        branch = node.body if self.truth(self.eval(node.test, scope, ctx)) else node.orelse
        return self.eval(branch, scope, ctx)

    def e_NamedExpr(self, node: ast.NamedExpr, scope: _Scope, ctx: _Ctx) -> Any:
        value = self.eval(node.value, scope, ctx)
        self.assign(node.target, value, scope, ctx)
        return value

    def e_Lambda(self, node: ast.Lambda, scope: _Scope, ctx: _Ctx) -> _Function:
        return self._function(node, node.args, scope, ctx)

    def e_ListComp(self, node: ast.ListComp, scope: _Scope, ctx: _Ctx) -> list[Any]:
        out: list[Any] = []
        for inner in self._comprehend(node.generators, scope, ctx):
            out.append(self.soft(node.elt, inner, ctx))
        return self._guard(_Site(ctx, node.lineno), out)

    e_GeneratorExp = e_ListComp

    def e_SetComp(self, node: ast.SetComp, scope: _Scope, ctx: _Ctx) -> set[Any]:
        return self.py(_Site(ctx, node.lineno), set, _need_deep(self.e_ListComp(node, scope, ctx)))  # type: ignore[arg-type]

    def e_DictComp(self, node: ast.DictComp, scope: _Scope, ctx: _Ctx) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for inner in self._comprehend(node.generators, scope, ctx):
            out[_need_deep(self.eval(node.key, inner, ctx))] = self.soft(node.value, inner, ctx)
        return out

    def _comprehend(self, generators: list[ast.comprehension], scope: _Scope, ctx: _Ctx) -> Iterator[_Scope]:
        inner = _Scope({}, scope)

        def walk(i: int) -> Iterator[_Scope]:
            if i == len(generators):
                yield inner
                return
            gen = generators[i]
            for item in self.iterate(_Site(ctx, gen.iter.lineno), self.eval(gen.iter, scope if i == 0 else inner, ctx)):
                self.tick(ctx, gen.iter)
                self.assign(gen.target, item, inner, ctx)
                if all(self.truth(self.eval(cond, inner, ctx)) for cond in gen.ifs):
                    yield from walk(i + 1)

        return walk(0)

    def e_Starred(self, node: ast.Starred, scope: _Scope, ctx: _Ctx) -> Any:
        raise self.fail(ctx, node, "starred expression outside a call or display")

    def e_Call(self, node: ast.Call, scope: _Scope, ctx: _Ctx) -> Any:
        site = _Site(ctx, node.lineno)
        fn = _need(self.eval(node.func, scope, ctx))
        if fn is _SETUP:
            return self.capture_setup(node, scope, ctx)
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                args.extend(self.iterate(site, self.eval(arg.value, scope, ctx)))
            else:
                args.append(self.soft(arg, scope, ctx))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                mapping = _need(self.eval(kw.value, scope, ctx))
                if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
                    raise site.raise_("TypeError", "argument after ** must be a mapping with string keys")
                kwargs.update(mapping)
            else:
                kwargs[kw.arg] = self.soft(kw.value, scope, ctx)
        if isinstance(fn, _Builtin) and fn.name in ("exec", "globals", "locals", "vars") and fn is self.builtins[fn.name]:
            if fn.name == "exec":
                return self.exec_source(site, scope, *args, **kwargs)
            if args or kwargs:
                raise site.fail(f"{fn.name}() with arguments is not evaluated statically")
            return scope.root().vars if fn.name == "globals" else scope.vars
        return self.call(site, fn, args, kwargs)

    def call(self, site: _Site, fn: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        fn = _need(fn)
        if isinstance(fn, _Builtin):
            if not fn.shallow:
                _need_deep(args), _need_deep(kwargs)
            try:
                return self._guard(site, fn.fn(site, *args, **kwargs))
            except _PY_ERRORS as exc:
                raise site.raise_(type(exc).__name__, str(exc)) from None
        if isinstance(fn, _Method):
            return self.call_method(site, fn.obj, fn.name, args, kwargs)
        if isinstance(fn, _Function):
            return self.call_function(site, fn, args, kwargs)
        if isinstance(fn, _ExcClass):
            return _ExcValue(fn.name, tuple(_need_deep(args)))
        if isinstance(fn, _Opaque):
            return Unresolved(f"{fn.qualname}(...) is a build-time object, not metadata", site.line, site.ctx.display)
        if fn is _SETUP:
            raise site.fail("setup() called indirectly is not evaluated statically")
        if isinstance(fn, _PLAIN):
            raise site.raise_("TypeError", f"'{type(fn).__name__}' object is not callable")
        raise site.fail(f"call to {_describe(fn)} is not evaluated statically")

    # -- user functions --------------------------------------------------------------------------

    def _function(self, node: ast.FunctionDef | ast.Lambda, args: ast.arguments, scope: _Scope, ctx: _Ctx) -> _Function:
        defaults = tuple(self.soft(d, scope, ctx) for d in args.defaults)
        kw_defaults = tuple(_NO_DEFAULT if d is None else self.soft(d, scope, ctx) for d in args.kw_defaults)
        return _Function(node, ctx, scope, defaults, kw_defaults)

    def call_function(self, site: _Site, fn: _Function, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if self.depth >= MAX_DEPTH:
            raise site.fail(f"calls nest deeper than {MAX_DEPTH} levels; not evaluated")
        local = _Scope(self._bind(site, fn, args, kwargs), fn.scope)
        self.depth += 1
        try:
            if isinstance(fn.node, ast.Lambda):
                return self.eval(fn.node.body, local, fn.ctx)
            try:
                self.run_block(fn.node.body, local, fn.ctx)
            except _Return as ret:
                return ret.value
            except (_Break, _Continue):  # pragma: no cover - a SyntaxError in real Python
                raise site.fail("break outside a loop") from None
            return None
        except RecursionError:
            raise site.fail("expressions nest too deeply to evaluate") from None
        finally:
            self.depth -= 1

    def _bind(self, site: _Site, fn: _Function, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
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
                if default is _NO_DEFAULT:
                    raise site.raise_("TypeError", f"{fn.name}() missing keyword-only argument {arg.arg!r}")
                out[arg.arg] = default
        if spec.kwarg is not None:
            out[spec.kwarg.arg] = rest
        return out

    # -- setup() ---------------------------------------------------------------------------------

    def capture_setup(self, node: ast.Call, scope: _Scope, ctx: _Ctx) -> None:
        """Record the keywords, each evaluated on its own: one unknown keyword never hides another."""
        site = _Site(ctx, node.lineno)
        if self.found is not None:
            return None  # only the first call counts (a second one is a fallback that never ran)
        raw: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                mapping = _need(self.eval(kw.value, scope, ctx))
                if not isinstance(mapping, dict):
                    raise site.fail(f"setup(**{_describe(mapping)}) is not evaluated statically")
                raw.update(mapping)
                continue
            try:
                raw[kw.arg] = self.eval(kw.value, scope, ctx)
            except UnresolvableError as err:
                raw[kw.arg] = Unresolved.of(err)
            except _Raised as exc:
                raw[kw.arg] = exc.unresolved()
        if node.args:
            raise site.fail("setup() with positional arguments is not evaluated statically")
        keywords = {key: _plain(value, key, site) for key, value in raw.items()}
        has_ext = any(
            isinstance(keywords[k], Unresolved) or bool(keywords[k]) for k in EXT_KEYWORDS if k in keywords
        )
        self.found = SetupCall(keywords, path=ctx.display, line=node.lineno, environment=self.env, has_ext_modules=has_ext)
        return None

    # -- exec ------------------------------------------------------------------------------------

    def exec_source(self, site: _Site, scope: _Scope, source: Any = None, globals_: Any = None, locals_: Any = None) -> None:
        """``exec(open("pkg/version.py").read(), ns)``: *interpret* the text like setup.py itself."""
        source = _need(source)
        if not isinstance(source, str):
            raise site.fail(f"exec of {_describe(source)} is not evaluated statically")
        relpath = getattr(source, "relpath", None)
        display = self.tree.display(relpath) if relpath else f"{site.ctx.display}:{site.line}:<exec>"
        try:
            module = ast.parse(source, filename=display)
        except SyntaxError as exc:
            raise UnresolvableError(f"exec of text with a syntax error: {exc.msg}", path=display, line=exc.lineno) from None
        target = scope
        for namespace in (locals_, globals_):
            namespace = _need(namespace)
            if namespace is not None:
                if not isinstance(namespace, dict):
                    raise site.fail("exec with a namespace that is not a dict")
                target = _Scope(namespace)
                break
        self.run_block(module.body, target, _Ctx(relpath or site.ctx.relpath, display, ""))

    # -- imports ---------------------------------------------------------------------------------

    def import_module(self, site: _Site, name: str) -> Any:
        if name in self.modules:
            return self.modules[name]
        top = name.split(".")[0]
        if top in ("setuptools", "distutils"):
            return _Module(name, {}, strict=False)
        relpath = self.find_module(site, name)
        if relpath is not None:
            return _ProjectModule(name, relpath)
        if top in _STDLIB:
            return _Module(name, {}, strict=True)
        raise site.raise_("ModuleNotFoundError", f"No module named {name!r} (only the project tree is read; setup.py is never run)")

    def find_module(self, site: _Site, name: str) -> Optional[str]:
        parts = name.split(".")
        for entry in self.sys_path:
            if not isinstance(entry, (str, _Path)):
                continue
            try:
                base = self.relpath(site, entry)
            except UnresolvableError:
                continue
            stem = posixpath.join(base, *parts) if base else posixpath.join(*parts)
            for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                if self.tree.is_file(candidate):
                    return candidate
            if self.tree.is_dir(stem):
                return stem + "/"  # a namespace package: nothing to evaluate
        return None

    def load(self, module: _ProjectModule) -> _Scope:
        if module.relpath in self.loaded:
            return self.loaded[module.relpath]  # also breaks import cycles, like sys.modules
        package = module.name if module.relpath.endswith(("__init__.py", "/")) else module.name.rpartition(".")[0]
        scope = _Scope({"__name__": module.name, "__file__": posixpath.join(ROOT, module.relpath), "__package__": package})
        self.loaded[module.relpath] = scope
        if module.relpath.endswith("/"):
            return scope
        display = self.tree.display(module.relpath)
        try:
            tree = ast.parse(read_text(self.tree, module.relpath), filename=display)
        except SyntaxError as exc:
            raise UnresolvableError(f"cannot parse: {exc.msg}", path=display, line=exc.lineno) from None
        except SourceError as exc:
            raise UnresolvableError(exc.message, path=display) from None
        self.run_block(tree.body, scope, _Ctx(module.relpath, display, package), top="module")
        return scope

    def resolve_lazy(self, site: _Site, lazy: _LazyName) -> Any:
        return self.attribute(site, lazy.module, lazy.name)

    # -- attributes and methods ------------------------------------------------------------------

    def attribute(self, site: _Site, value: Any, attr: str) -> Any:
        value = _need(value)
        if isinstance(value, _Module):
            if attr in value.members:
                member = value.members[attr]
                if isinstance(member, Unresolved) and member.line is None:
                    raise site.fail(member.reason)
                return member
            qual = f"{value.name}.{attr}"
            if qual in self.modules:
                return self.modules[qual]
            if not value.strict:
                return _Opaque(qual)
            raise site.fail(f"{qual} is not evaluated statically")
        if isinstance(value, _ProjectModule):
            scope = self.load(value)
            if attr in scope.vars:
                found = scope.vars[attr]
                if isinstance(found, _LazyName):
                    found = scope.vars[attr] = self.resolve_lazy(site, found)
                return found
            sub = self.find_module(site, f"{value.name}.{attr}")
            if sub is not None:
                return _ProjectModule(f"{value.name}.{attr}", sub)
            raise site.fail(f"{value.name} ({value.relpath}) defines no {attr} that can be read statically")
        if isinstance(value, _VersionInfo) and attr in ("major", "minor", "micro", "releaselevel", "serial"):
            return getattr(value, attr)
        if isinstance(value, _Path):
            return self.path_attribute(site, value, attr)
        if isinstance(value, _ExcValue) and attr == "args":
            return value.args
        if isinstance(value, _Opaque):
            return _Opaque(f"{value.qualname}.{attr}")
        allowed = (
            _STR_METHODS if isinstance(value, (str, bytes)) else _LIST_METHODS if isinstance(value, list)
            else _DICT_METHODS if isinstance(value, dict) else _SET_METHODS if isinstance(value, (set, frozenset))
            else {"count", "index"} if isinstance(value, tuple)
            else {"read", "readlines", "readline", "close", "__enter__"} if isinstance(value, _File)
            else {"group", "groups", "groupdict", "start", "end", "span"} if isinstance(value, _Match)
            else {"search", "match", "fullmatch", "findall", "sub", "split"} if isinstance(value, _Pattern)
            else frozenset()
        )
        if attr in allowed:
            return _Method(value, attr)
        raise site.fail(f"{_describe(value)}.{attr} is not evaluated statically")

    def call_method(self, site: _Site, obj: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if isinstance(obj, list) and name in ("append", "insert"):
            return self.py(site, getattr(obj, name), *args, **kwargs)  # stores the value as it is
        if isinstance(obj, list) and name == "extend":
            (items,) = args
            obj.extend(self.iterate(site, items))
            return self._guard(site, obj) and None
        if isinstance(obj, dict) and name in ("update", "setdefault", "get", "pop", "copy", "keys", "values", "items"):
            if name == "update":
                for other in args:
                    other = _need(other)
                    obj.update(other if isinstance(other, dict) else self.py(site, dict, _need_deep(other)))
                obj.update(kwargs)
                return None
            key_args = [_need_deep(a) for a in args[:1]] + list(args[1:])
            result = self.py(site, getattr(obj, name), *key_args)
            return list(result) if name in ("keys", "values", "items") else result
        if isinstance(obj, _File):
            return self.file_method(site, obj, name)
        _need_deep(args), _need_deep(kwargs)
        if name not in ("copy", "pop", "clear", "reverse"):
            _need_deep(obj)  # sort, index, count, remove ... look at every item
        if isinstance(obj, str) and name == "format":
            return self.format(site, obj, args, kwargs)
        if isinstance(obj, str) and name == "join":
            (items,) = args
            return self.py(site, obj.join, [_need_deep(i) for i in self.iterate(site, items)])
        if isinstance(obj, (list, set, frozenset)) and name in ("sort",) and "key" in kwargs:
            key = kwargs.pop("key")
            obj.sort(key=lambda item: self.call(site, key, [item], {}), **kwargs)
            return None
        if isinstance(obj, str) and name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int) and args[0] > MAX_SIZE:
            raise site.fail("a value too large to evaluate is built")
        if isinstance(obj, _Match):
            return self.py(site, getattr(obj.match, name), *args, **kwargs)
        if isinstance(obj, _Pattern):
            return self.regex(site, name, obj.pattern, *args, **kwargs)
        for arg in (*args, *kwargs.values()):
            if not isinstance(arg, _PLAIN):
                raise site.fail(f"{name}() with {_describe(arg)} is not evaluated statically")
        return self.py(site, getattr(obj, name), *args, **kwargs)

    def format(self, site: _Site, template: str, args: list[Any], kwargs: dict[str, Any]) -> str:
        """``str.format`` on plain values; no attribute walks into dunders, no giant widths."""
        if _WIDE.search(template) or "__" in template:
            raise site.fail(f"format string {template[:40]!r} is not evaluated statically")
        args = [self.stringable(site, a) for a in args]
        kwargs = {k: self.stringable(site, v) for k, v in kwargs.items()}
        return self.py(site, template.format, *args, **kwargs)

    def stringable(self, site: _Site, value: Any) -> Any:
        value = _need_deep(value)
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, _Path):
            return value.path
        if isinstance(value, _ExcValue):
            return _exc_message(value)
        raise site.fail(f"{_describe(value)} cannot be turned into text statically")

    # -- iteration, truth ------------------------------------------------------------------------

    def truth(self, value: Any) -> bool:
        value = _need(value)
        if isinstance(value, _File):
            return True
        return bool(value)

    def iterate(self, site: _Site, value: Any) -> list[Any]:
        value = _need(value)
        if isinstance(value, (list, tuple, str, bytes)):
            return list(value)
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, (set, frozenset)):
            return _sorted_set(_need_deep(value))
        if isinstance(value, range):
            if len(value) > MAX_SIZE:
                raise site.fail("a range too large to evaluate")
            return list(value)
        if isinstance(value, _File):
            text = value.rest()
            return text.splitlines(keepends=True)
        raise site.fail(f"iteration over {_describe(value)} is not evaluated statically")

    # -- files and paths -------------------------------------------------------------------------

    def fspath(self, site: _Site, value: Any) -> str:
        value = _need(value)
        if isinstance(value, _Path):
            return value.path
        if isinstance(value, str):
            return str(value)
        raise site.fail(f"{_describe(value)} is not a path")

    def relpath(self, site: _Site, value: Any) -> str:
        """Tree-relative path of *value* (absolute below ROOT or relative to the cwd); outside → unresolvable."""
        path = posixpath.normpath(posixpath.join(self.cwd, self.fspath(site, value)))
        if path == ROOT:
            return ""
        if not path.startswith(ROOT + "/"):
            raise site.fail(f"reads {path}, which is outside the project tree")
        try:
            return normalize(path[len(ROOT) + 1 :])
        except SourceError:  # pragma: no cover - normpath already removed '..'
            raise site.fail(f"path {path} leaves the project tree") from None

    def open(self, site: _Site, file: Any, mode: str = "r", buffering: int = -1, encoding: Optional[str] = None, errors: Optional[str] = None, newline: Any = None, **_: Any) -> _File:
        if not isinstance(mode, str) or any(c in mode for c in "wax+"):
            raise site.fail(f"open(..., {mode!r}) writes a file; never evaluated")
        rel = self.relpath(site, file)
        if not self.tree.is_file(rel):
            raise site.raise_("FileNotFoundError", f"{rel or '.'} is not a file in {self.tree.label}")
        data = self.tree.read_bytes(rel)
        if "b" in mode:
            return _File(data)
        try:
            codec = codecs.lookup(encoding or "utf-8").name
            text = data.decode(codec, errors or "strict")
        except (LookupError, UnicodeDecodeError) as exc:
            raise site.raise_(type(exc).__name__, f"{rel}: {exc}") from None
        if newline is None:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        out = _SourceText(text)
        out.relpath = rel
        return _File(out)

    def file_method(self, site: _Site, file: _File, name: str) -> Any:
        if name == "read":
            data = file.rest()
            if isinstance(data, _SourceText):
                out = _SourceText(data)
                out.relpath = data.relpath
                return out
            return data
        if name == "readlines":
            return file.rest().splitlines(keepends=True)
        if name == "readline":
            rest = file.data[file.pos :]
            end = rest.find("\n" if isinstance(rest, str) else b"\n")
            line = rest if end < 0 else rest[: end + 1]
            file.pos += len(line)
            return line
        return file if name == "__enter__" else None

    def path_attribute(self, site: _Site, path: _Path, attr: str) -> Any:
        p = path.path
        props = {
            "parent": lambda: _Path(posixpath.dirname(p.rstrip("/")) or "."),
            "name": lambda: posixpath.basename(p),
            "stem": lambda: posixpath.splitext(posixpath.basename(p))[0],
            "suffix": lambda: posixpath.splitext(posixpath.basename(p))[1],
        }
        if attr in props:
            return props[attr]()
        methods: dict[str, Callable[..., Any]] = {
            "resolve": lambda s, strict=False: _Path(ROOT + "/" + self.relpath(s, path) if self.relpath(s, path) else ROOT),
            "absolute": lambda s: _Path(posixpath.normpath(posixpath.join(self.cwd, p))),
            "joinpath": lambda s, *parts: _Path(posixpath.join(p, *(self.fspath(s, x) for x in parts))),
            "read_text": lambda s, encoding=None, errors=None: self.file_method(s, self.open(s, path, "r", encoding=encoding, errors=errors), "read"),
            "read_bytes": lambda s: self.open(s, path, "rb").rest(),
            "open": lambda s, mode="r", buffering=-1, encoding=None, errors=None, newline=None: self.open(s, path, mode, buffering, encoding, errors, newline),
            "exists": lambda s: self.tree.is_file(self.relpath(s, path)) or self.tree.is_dir(self.relpath(s, path)),
            "is_file": lambda s: self.tree.is_file(self.relpath(s, path)),
            "is_dir": lambda s: self.tree.is_dir(self.relpath(s, path)),
            "as_posix": lambda s: p,
            "with_name": lambda s, name: _Path(posixpath.join(posixpath.dirname(p), name)),
            "with_suffix": lambda s, suffix: _Path(posixpath.splitext(p)[0] + suffix),
            "glob": lambda s, pattern: [_Path(posixpath.join(p, m)) for m in self._glob(s, pattern, self.relpath(s, path))],
        }
        if attr in methods:
            return _Builtin(f"Path.{attr}", methods[attr])
        raise site.fail(f"Path.{attr} is not evaluated statically")

    def _glob(self, site: _Site, pattern: str, base: str) -> list[str]:
        """Entries of the tree below *base* matching *pattern* segment by segment, relative to *base*,
        sorted (the real glob follows directory order).  Like glob, ``*`` skips dot-files."""
        segments = [seg for seg in pattern.split("/") if seg not in ("", ".")]
        prefix = f"{base}/" if base else ""
        candidates: set[str] = set()
        for f in self.tree.files():
            if f.startswith(prefix):
                parts = f[len(prefix) :].split("/")
                candidates.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        return sorted(c for c in candidates if _glob_match(c.split("/"), segments))

    def glob(self, site: _Site, pattern: Any) -> list[str]:
        pattern = self.fspath(site, pattern)
        if posixpath.isabs(pattern):
            if not pattern.startswith(ROOT + "/"):
                raise site.fail(f"glob {pattern!r} looks outside the project tree")
            return [f"{ROOT}/{m}" for m in self._glob(site, pattern[len(ROOT) + 1 :], "")]
        return self._glob(site, pattern, self.relpath(site, "."))

    # -- find_packages ---------------------------------------------------------------------------

    def find_packages(self, site: _Site, where: Any = ".", exclude: Sequence[str] = (), include: Sequence[str] = ("*",), *, namespace: bool) -> list[str]:
        """setuptools.PackageFinder / PEP420PackageFinder on the tree: walk top-down, a directory is a
        package when it has ``__init__.py`` (or always, for namespaces), its name has no dot; recursion
        stops below non-packages and below ``name*``/``name.*`` exclusions."""
        root = self.relpath(site, where)
        excludes = ("ez_setup", "*__pycache__", *(str(e) for e in exclude))
        includes = tuple(str(i) for i in include)
        dirs: set[str] = set()
        prefix = f"{root}/" if root else ""
        for f in self.tree.files():
            if f.startswith(prefix):
                parts = f[len(prefix) :].split("/")[:-1]
                dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        children: dict[str, list[str]] = {}
        for d in sorted(dirs):
            children.setdefault(posixpath.dirname(d), []).append(d)
        found: list[str] = []
        pending = [""]
        while pending:
            parent = pending.pop(0)
            descend = []
            for d in children.get(parent, []):
                name = posixpath.basename(d)
                if "." in name or not (namespace or self.tree.is_file(f"{prefix}{d}/__init__.py")):
                    continue
                package = d.replace("/", ".")
                if any(fnmatch.fnmatchcase(package, p) for p in includes) and not any(fnmatch.fnmatchcase(package, p) for p in excludes):
                    found.append(package)
                if f"{package}*" in excludes or f"{package}.*" in excludes:
                    continue
                descend.append(d)
            pending[:0] = descend  # os.walk is depth first; each directory's children are listed together
        return found

    # -- regular expressions ---------------------------------------------------------------------

    def regex(self, site: _Site, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "compile":
            return _Pattern(self.py(site, re.compile, *args, **kwargs))
        if name == "sub" and not isinstance(args[1] if len(args) > 1 else kwargs.get("repl"), str):
            raise site.fail("re.sub with a function replacement is not evaluated statically")
        first = args[0]
        if isinstance(first, re.Pattern):
            fn = getattr(first, name)
            args = args[1:]
        else:
            fn = getattr(re, name)
        args = tuple(a.pattern if isinstance(a, _Pattern) else a for a in args)
        result = self.py(site, fn, *args, **kwargs)
        return _Match(result) if isinstance(result, re.Match) else result

    # -- the modelled world ----------------------------------------------------------------------

    def _make_builtins(self) -> dict[str, Any]:
        ev = self

        def ctor(pytype: type, shallow: bool = False) -> _Builtin:
            def make(site: _Site, *args: Any, **kwargs: Any) -> Any:
                if pytype is str:
                    return ev.stringable(site, args[0]) if len(args) == 1 and not kwargs and not isinstance(args[0], _PLAIN) else str(*args, **kwargs)
                if args and pytype in (list, tuple, set, frozenset):
                    return pytype(ev.iterate(site, args[0]))
                if pytype is dict:
                    out = dict(_need(args[0])) if args and isinstance(_need(args[0]), dict) else dict(*(ev.iterate(site, a) for a in args))
                    out.update(kwargs)
                    return out
                return pytype(*args, **kwargs)

            return _Builtin(pytype.__name__, make, shallow=shallow, pytype=pytype)

        def sorted_(site: _Site, iterable: Any, *, key: Any = None, reverse: bool = False) -> list[Any]:
            items = ev.iterate(site, iterable)
            if key is None:
                return sorted(items, reverse=reverse)
            return sorted(items, key=lambda item: ev.call(site, key, [item], {}), reverse=reverse)

        def map_(site: _Site, fn: Any, *iterables: Any) -> list[Any]:
            return [ev.call(site, fn, list(items), {}) for items in zip(*(ev.iterate(site, i) for i in iterables))]

        def filter_(site: _Site, fn: Any, iterable: Any) -> list[Any]:
            return [i for i in ev.iterate(site, iterable) if ev.truth(i if fn is None else ev.call(site, fn, [i], {}))]

        def minmax(pick: Callable[..., Any]) -> Callable[..., Any]:
            def run(site: _Site, *args: Any, key: Any = None, **kwargs: Any) -> Any:
                items = ev.iterate(site, args[0]) if len(args) == 1 else list(args)
                if key is not None:
                    kwargs["key"] = lambda item: ev.call(site, key, [item], {})
                return pick(items, **kwargs)

            return run

        def isinstance_(site: _Site, value: Any, types_: Any) -> bool:
            wanted = types_ if isinstance(types_, tuple) else (types_,)
            if not all(isinstance(t, _Builtin) and t.pytype is not None for t in wanted):
                raise site.fail("isinstance() with a class that is not a builtin type")
            return isinstance(value, tuple(t.pytype for t in wanted))

        def range_(site: _Site, *args: int) -> range:
            value = range(*args)
            if len(value) > MAX_SIZE:
                raise site.fail("a range too large to evaluate")
            return value

        def compile_(site: _Site, source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
            if mode != "exec":
                raise site.fail(f"compile(..., {mode!r}) is not evaluated statically")
            return source  # exec() of the result interprets the text; nothing is compiled

        table: dict[str, Any] = {
            "True": True, "False": False, "None": None,
            "len": _Builtin("len", lambda s, v: len(ev.iterate(s, v)) if isinstance(v, _File) else len(v)),
            "sorted": _Builtin("sorted", sorted_),
            "reversed": _Builtin("reversed", lambda s, v: list(reversed(ev.iterate(s, v))), shallow=True),
            "enumerate": _Builtin("enumerate", lambda s, v, start=0: list(enumerate(ev.iterate(s, v), start)), shallow=True),
            "zip": _Builtin("zip", lambda s, *vs: list(zip(*(ev.iterate(s, v) for v in vs))), shallow=True),
            "map": _Builtin("map", map_, shallow=True),
            "filter": _Builtin("filter", filter_, shallow=True),
            "range": _Builtin("range", range_),
            "min": _Builtin("min", minmax(min)), "max": _Builtin("max", minmax(max)),
            "sum": _Builtin("sum", lambda s, v, start=0: sum(ev.iterate(s, v), start)),
            "any": _Builtin("any", lambda s, v: any(ev.truth(i) for i in ev.iterate(s, v)), shallow=True),
            "all": _Builtin("all", lambda s, v: all(ev.truth(i) for i in ev.iterate(s, v)), shallow=True),
            "abs": _Builtin("abs", lambda s, v: abs(v)),
            "round": _Builtin("round", lambda s, *a: round(*a)),
            "repr": _Builtin("repr", lambda s, v: repr(ev.stringable(s, v))),
            "isinstance": _Builtin("isinstance", isinstance_),
            "print": _Builtin("print", lambda s, *a, **k: None, shallow=True),
            "open": _Builtin("open", ev.open),
            "exec": _Builtin("exec", lambda s, *a, **k: None),
            "globals": _Builtin("globals", lambda s: None),  # these four are handled in e_Call: they need the scope
            "locals": _Builtin("locals", lambda s: None),
            "vars": _Builtin("vars", lambda s: None),
            "compile": _Builtin("compile", compile_),
        }
        for pytype in (str, int, float, bool, bytes, tuple, set, frozenset):
            table[pytype.__name__] = ctor(pytype)
        table["list"] = ctor(list, shallow=True)
        table["dict"] = ctor(dict, shallow=True)
        for name in dir(builtins):
            obj = getattr(builtins, name)
            if isinstance(obj, type) and issubclass(obj, BaseException):
                table[name] = _ExcClass(name)
        return table

    def _make_modules(self) -> dict[str, Any]:
        ev = self
        env = self.env
        major, minor, _ = env.python_version_info
        sysinfo = SYSTEMS[env.system]
        version_info = _VersionInfo((major, minor, 0, "final", 0))
        fn = _Builtin

        def exit_(site: _Site, status: Any = None) -> None:
            raise _Raised("SystemExit", "" if status is None else str(status), site.ctx.display, site.line, explicit=True)

        def environ(site: _Site, key: Any = "?", *default: Any) -> Any:
            raise site.fail(f"reads environment variable {key}")

        def chdir(site: _Site, path: Any) -> None:
            ev.cwd = posixpath.join(ROOT, ev.relpath(site, path)).rstrip("/")

        def listdir(site: _Site, path: Any = ".") -> list[str]:
            base = ev.relpath(site, path)
            if not ev.tree.is_dir(base):
                raise site.raise_("FileNotFoundError", f"{base or '.'} is not a directory in {ev.tree.label}")
            prefix = f"{base}/" if base else ""
            return sorted({f[len(prefix) :].split("/")[0] for f in ev.tree.files() if f.startswith(prefix)})

        def abspath(site: _Site, path: Any) -> str:
            return posixpath.normpath(posixpath.join(ev.cwd, ev.fspath(site, path)))

        def path_fn(f: Callable[..., Any]) -> Callable[..., Any]:
            return lambda site, *args: f(*(ev.fspath(site, a) for a in args))

        def exists(kind: str) -> Callable[..., bool]:
            def check(site: _Site, path: Any) -> bool:
                rel = ev.relpath(site, path)
                return (kind != "dir" and ev.tree.is_file(rel)) or (kind != "file" and ev.tree.is_dir(rel))

            return check

        def path_ctor(site: _Site, *parts: Any) -> _Path:
            return _Path(posixpath.join(*(ev.fspath(site, p) for p in parts)) if parts else ".")

        path_ctor_builtin = fn("Path", path_ctor)
        unresolvable = lambda what: Unresolved(what, None, None)  # noqa: E731
        os_path = _Module("os.path", {
            "join": fn("os.path.join", path_fn(posixpath.join)),
            "dirname": fn("os.path.dirname", path_fn(posixpath.dirname)),
            "basename": fn("os.path.basename", path_fn(posixpath.basename)),
            "normpath": fn("os.path.normpath", path_fn(posixpath.normpath)),
            "splitext": fn("os.path.splitext", path_fn(posixpath.splitext)),
            "split": fn("os.path.split", path_fn(posixpath.split)),
            "isabs": fn("os.path.isabs", path_fn(posixpath.isabs)),
            "abspath": fn("os.path.abspath", abspath),
            "realpath": fn("os.path.realpath", lambda s, p, **_: abspath(s, p)),
            "relpath": fn("os.path.relpath", lambda s, p, start=None: posixpath.relpath(abspath(s, p), abspath(s, start or "."))),
            "exists": fn("os.path.exists", exists("any")),
            "isfile": fn("os.path.isfile", exists("file")),
            "isdir": fn("os.path.isdir", exists("dir")),
            "sep": "/",
        })
        os_mod = _Module("os", {
            "path": os_path, "name": "posix", "sep": "/", "linesep": "\n", "pathsep": ":", "curdir": ".", "pardir": "..",
            "environ": _Module("os.environ", {"get": fn("os.environ.get", environ)}),
            "getenv": fn("os.getenv", environ),
            "getcwd": fn("os.getcwd", lambda s: ev.cwd),
            "chdir": fn("os.chdir", chdir),
            "listdir": fn("os.listdir", listdir),
            "fspath": fn("os.fspath", lambda s, p: ev.fspath(s, p)),
        })
        sys_mod = _Module("sys", {
            "version_info": version_info,
            "version": f"{major}.{minor}.0 (main) [GCC]",
            "hexversion": (major << 24) | (minor << 16) | 0xF0,
            "platform": sysinfo["sys_platform"],
            "implementation": _Module("sys.implementation", {"name": "cpython", "version": version_info}),
            "maxsize": 2**63 - 1,
            "byteorder": "little",
            "path": self.sys_path,
            "exit": fn("sys.exit", exit_),
            "argv": unresolvable("sys.argv depends on how setup.py is invoked"),
            "executable": unresolvable("sys.executable is the build's interpreter path"),
        })
        platform_mod = _Module("platform", {
            "python_version": fn("platform.python_version", lambda s: f"{major}.{minor}.0"),
            "python_version_tuple": fn("platform.python_version_tuple", lambda s: (str(major), str(minor), "0")),
            "python_implementation": fn("platform.python_implementation", lambda s: "CPython"),
            "system": fn("platform.system", lambda s: sysinfo["platform_system"]),
            "machine": fn("platform.machine", lambda s: sysinfo["platform_machine"]),
        })
        regex_names = ("search", "match", "fullmatch", "findall", "sub", "split", "compile")
        re_mod = _Module("re", {
            **{name: fn(f"re.{name}", lambda s, *a, _n=name, **k: ev.regex(s, _n, *a, **k)) for name in regex_names},
            "escape": fn("re.escape", lambda s, v: re.escape(v)),
            **{flag: getattr(re, flag) for flag in ("I", "M", "S", "X", "A", "U", "IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII", "UNICODE")},
        })
        setuptools_members = {
            "setup": _SETUP,
            "find_packages": fn("find_packages", lambda s, *a, **k: ev.find_packages(s, *a, namespace=False, **k)),
            "find_namespace_packages": fn("find_namespace_packages", lambda s, *a, **k: ev.find_packages(s, *a, namespace=True, **k)),
        }
        open_builtin = self.builtins["open"]
        return {
            "os": os_mod, "os.path": os_path, "sys": sys_mod, "platform": platform_mod, "re": re_mod,
            "io": _Module("io", {"open": open_builtin}),
            "codecs": _Module("codecs", {"open": fn("codecs.open", lambda s, f, mode="r", encoding=None, errors="strict", **_: ev.open(s, f, mode.replace("b", ""), encoding=encoding, errors=errors))}),
            "pathlib": _Module("pathlib", {"Path": path_ctor_builtin, "PurePath": path_ctor_builtin, "PosixPath": path_ctor_builtin}),
            "glob": _Module("glob", {"glob": fn("glob.glob", lambda s, p, **_: ev.glob(s, p))}),
            "fnmatch": _Module("fnmatch", {
                name: fn(f"fnmatch.{name}", lambda s, *a, _f=getattr(fnmatch, name): _f(*a)) for name in ("fnmatch", "fnmatchcase", "filter")
            }),
            "json": _Module("json", {"loads": fn("json.loads", lambda s, text: json.loads(text)), "load": fn("json.load", lambda s, f: json.loads(f.rest()) if isinstance(f, _File) else ev._not_a_file(s))}),
            "setuptools": _Module("setuptools", setuptools_members, strict=False),
            "distutils": _Module("distutils", {}, strict=False),
            "distutils.core": _Module("distutils.core", {"setup": _SETUP}, strict=False),
        }

    def _not_a_file(self, site: _Site) -> Any:
        raise site.fail("json.load of something that is not an open file")


# --------------------------------------------------------------------------------------------------
# Syntax helpers


def _exc_message(exc: _ExcValue) -> str:
    return "" if not exc.args else str(exc.args[0]) if len(exc.args) == 1 else str(exc.args)


def _glob_match(parts: list[str], segments: list[str]) -> bool:
    return len(parts) == len(segments) and all(
        fnmatch.fnmatchcase(part, seg) and (seg.startswith(".") or not part.startswith(".")) for part, seg in zip(parts, segments)
    )


def _root_name(node: ast.expr) -> Optional[str]:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _target_names(node: ast.expr) -> list[str]:
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for elt in node.elts for n in _target_names(elt)]
    name = _root_name(node)
    return [name] if name else []


def _walk_no_defs(node: ast.AST) -> Iterator[ast.AST]:
    """ast.walk that does not enter function or class bodies (only their names are bound)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            yield child
            continue
        yield from _walk_no_defs(child)


def _written_names(stmt: ast.stmt) -> tuple[list[str], list[str]]:
    """Names a statement may bind (``x = ``, ``import x``, ``def x``) and names it may mutate in place
    (``x += ``, ``x[k] = ``, ``x.append(...)``)."""
    bound: list[str] = []
    mutated: list[str] = []
    for node in _walk_no_defs(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.append(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            mutated.extend(_target_names(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            mutated.extend(_target_names(node.func.value))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.extend((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.append(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.append(node.name)
    return list(dict.fromkeys(bound)), list(dict.fromkeys(mutated))


def _calls_setup(stmt: ast.stmt) -> bool:
    for node in _walk_no_defs(stmt):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "setup") or (isinstance(func, ast.Attribute) and func.attr == "setup"):
                return True
    return False


def _decides_flow(stmt: ast.stmt) -> bool:
    """Whether skipping *stmt* could change where execution goes: a return, a break/continue out of
    it, or the setup() call itself."""

    def escapes(node: ast.AST, in_loop: bool) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return False
        if isinstance(node, ast.Return):
            return True
        if isinstance(node, (ast.Break, ast.Continue)) and not in_loop:
            return True
        inner = in_loop or isinstance(node, (ast.For, ast.While))
        return any(escapes(child, inner if child in getattr(node, "body", []) else in_loop) for child in ast.iter_child_nodes(node))

    return escapes(stmt, False) or _calls_setup(stmt)


__all__ = ["evaluate_setup_py", "SetupCall", "Unresolved", "SetupAborted", "ROOT", "EXT_KEYWORDS"]
