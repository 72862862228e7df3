"""The interpreter's core: its state, the budget, and dispatch of statements and expressions to
their handlers (:mod:`.statements`, :mod:`.expressions`, :mod:`.calls`, :mod:`.imports`)."""

from __future__ import annotations

import ast
import posixpath
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Optional

import attrs

from ...errors import MetadataError, UnresolvableError
from ...matrix import Environment
from ..tree import SourceTree, read_text
from . import branches, builtin, flow, policy, stdlib
from .budget import MAX_SIZE, MAX_STEPS
from .call import SetupAborted, SetupCall
from .calls import call
from .environment import FACTS, answer
from .expressions import EXPRESSIONS
from .frames import PY_ERRORS, Ctx, Raised, Scope, Site
from .methods import attribute
from .statements import STATEMENTS
from .values import (
    PLAIN,
    ROOT,
    ExcValue,
    External,
    OpenFile,
    PathValue,
    Unresolved,
    describe,
    exc_message,
    need,
    need_deep,
    sorted_set,
)


def evaluate_setup_py(tree: SourceTree, env: Environment, relpath: str = "setup.py") -> SetupCall:
    """Evaluate *relpath* statically for *env* and return its ``setup(...)`` call.

    Raises :class:`MetadataError` for a syntax error, :class:`SetupAborted` when the script raises or
    exits before reaching setup(), and :class:`UnresolvableError` when the call itself (not one of its
    keywords) cannot be reached statically.

    Readers ask once per environment of the matrix (24 cells), and most setup.py files never look
    at the interpreter or the platform.  The program reaches the environment only through the facts
    of :data:`.environment.FACTS`, and the evaluation records every one it read: an earlier
    evaluation of the same file of the same *tree* (a read-only view) is reused for *env* when *env*
    answers each fact it read the same way, since the evaluation then takes the same path step by
    step.  That is exact, not a guess from the source text.
    """
    try:
        memo = _MEMO.setdefault(tree, _TreeMemo())
    except TypeError:  # a tree that cannot be referenced weakly (a test double): no reuse
        memo = _TreeMemo()
    outcomes = memo.outcomes.setdefault(relpath, [])
    for outcome in outcomes:
        if outcome.holds_for(env):
            return outcome.replay(env)
    outcome = _evaluate(tree, env, relpath, memo.parsed)
    outcomes.append(outcome)
    return outcome.replay(env)


@attrs.frozen
class _Outcome:
    """One evaluation: the facts it read, and its call or the error it raised."""

    read: tuple[tuple[str, Any], ...]
    call: Optional[SetupCall] = None
    error: Optional[MetadataError] = None
    #: for an abort: the exception and its message, without the environment (named again for each)
    aborted: Optional[tuple[str, str]] = None

    def holds_for(self, env: Environment) -> bool:
        return all(answer(name, env) == value for name, value in self.read)

    def replay(self, env: Environment) -> SetupCall:
        if self.error is not None:
            err = self.error
            if self.aborted is not None:
                raise _aborted(env, *self.aborted, path=err.path, line=err.line)
            raise type(err)(err.message, path=err.path, line=err.line)
        assert self.call is not None
        return self.call if self.call.environment == env else attrs.evolve(self.call, environment=env)


@attrs.define
class _TreeMemo:
    """What evaluations of one tree share: earlier outcomes per file, and the files parsed (the
    evaluator never changes a syntax tree; setup.py often imports its package's modules)."""

    outcomes: dict[str, list[_Outcome]] = attrs.Factory(dict)
    parsed: dict[str, ast.Module] = attrs.Factory(dict)


#: per tree, weakly (a tree lives as long as its reader needs it)
_MEMO: weakref.WeakKeyDictionary[SourceTree, _TreeMemo] = weakref.WeakKeyDictionary()


def _aborted(env: Environment, kind: str, message: str, *, path: Optional[str], line: Optional[int]) -> SetupAborted:
    err = SetupAborted(f"raises {kind} on python {env.python} on {env.system}: {message}", path=path, line=line)
    err.cause = (kind, message)  # type: ignore[attr-defined]
    return err


def _evaluate(tree: SourceTree, env: Environment, relpath: str, parsed: dict[str, ast.Module]) -> _Outcome:
    ev = Evaluator(tree, env, relpath, parsed)
    try:
        call = _run(ev, tree, relpath)
    except MetadataError as err:
        return _Outcome(tuple(ev.read.items()), error=err, aborted=getattr(err, "cause", None))
    return _Outcome(tuple(ev.read.items()), call=call)


def _run(ev: Evaluator, tree: SourceTree, relpath: str) -> SetupCall:
    display = tree.display(relpath)
    try:
        module = ev.parse(relpath)
    except SyntaxError as exc:
        raise MetadataError(f"syntax error: {exc.msg}", path=display, line=exc.lineno) from None
    except (RecursionError, MemoryError):
        raise MetadataError("nests too deeply to parse", path=display) from None
    ctx = Ctx(relpath=relpath, display=display, package="")
    scope = Scope({"__name__": "__main__", "__file__": posixpath.join(ROOT, relpath), "__doc__": ast.get_docstring(module)})
    ev.setup_callers = flow.setup_callers(module)
    try:
        ev.run_block(module.body, scope, ctx, top="setup")
    except RecursionError:  # the interpreter's own stack; the program's calls have MAX_DEPTH
        raise UnresolvableError("nests too deeply to evaluate statically", path=display) from None
    if ev.found is None:
        if ev.skipped:
            last = ev.skipped[-1]
            raise UnresolvableError(f"setup() is never reached statically; last failure: {last.reason}", path=last.path, line=last.line)
        raise MetadataError("no setup() call", path=display)
    return ev.found


class Evaluator:
    """One evaluation of one setup.py for one environment."""

    def __init__(self, tree: SourceTree, env: Environment, relpath: str, parsed: Optional[dict[str, ast.Module]] = None):
        self.tree = tree
        self.parsed = {} if parsed is None else parsed
        self._env = env
        self.read: dict[str, Any] = {}  # the facts of the environment read so far, by name
        self.setup_relpath = relpath
        self.cwd = posixpath.normpath(posixpath.join(ROOT, posixpath.dirname(relpath)))
        self.steps = 0
        self.depth = 0
        self.forks = 0  # unknown conditions being explored inside one another
        self.found: Optional[SetupCall] = None
        self.loaded: dict[str, Scope] = {}
        self.sys_path: list[Any] = [self.cwd]
        self.handling: list[Raised] = []
        self.resolving: set[tuple[str, str]] = set()  # lazy imported names being resolved (cycles)
        self.setup_callers: frozenset[str] = frozenset()  # functions of setup.py that call setup()
        self.skipped: list[Unresolved] = []  # statements that could not be evaluated, in order
        self.external_imports: list[str] = []  # modules from outside the project, as imported
        self.failing_imports = 0  # > 0: imports from outside the project fail (policy rule 4)
        self.argv: list[Any] = []  # sys.argv, filled by stdlib
        self.imported: set[str] = set()  # modules the program imported (for `in sys.modules`)
        self.environ_writes: list[tuple[Optional[str], str]] = []  # variables the program may set (None: any), where
        self._environ_noted: set[ast.AST] = set()  # the trees whose writes are noted (held: no id reuse)
        self.builtins = builtin.make_builtins(self)
        self.modules = stdlib.make_modules(self)

    # -- the environment -------------------------------------------------------------------------

    def fact(self, name: str) -> Any:
        """The environment's answer to *name*, recorded: the evaluation holds for every
        environment that answers what it read the same way (:func:`evaluate_setup_py`)."""
        value = answer(name, self._env)
        self.read[name] = value
        return value

    @property
    def env(self) -> Environment:
        """The whole environment: whoever asks for it may depend on all of it."""
        for name in FACTS:
            self.fact(name)
        return self._env

    @property
    def named_env(self) -> Environment:
        """The environment, to name it in the result (replayed results are renamed)."""
        return self._env

    def parse(self, relpath: str) -> ast.Module:
        """A file of the tree, parsed once for every evaluation of the tree (raises SyntaxError,
        and SourceError for a file that cannot be read)."""
        module = self.parsed.get(relpath)
        if module is None:
            module = self.parsed[relpath] = ast.parse(read_text(self.tree, relpath), filename=self.tree.display(relpath))
        self.note_environ_writes(module, self.tree.display(relpath))
        return module

    def note_environ_writes(self, tree: ast.AST, display: str) -> None:
        """Code about to run may set environment variables: reads of them are unknown from now on.
        A module is noted once per evaluation, however often it is imported or parsed."""
        if tree in self._environ_noted:
            return
        self._environ_noted.add(tree)
        self.environ_writes.extend((name, f"{display}:{line}") for name, line in flow.environ_writes(tree))

    # -- bookkeeping -----------------------------------------------------------------------------

    def tick(self, ctx: Ctx, node: ast.AST) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise UnresolvableError(f"gave up after {MAX_STEPS} evaluation steps", path=ctx.display, line=getattr(node, "lineno", None))

    def fail(self, ctx: Ctx, node: ast.AST, reason: str) -> UnresolvableError:
        return UnresolvableError(reason, path=ctx.display, line=getattr(node, "lineno", None))

    def guard(self, site: Site, value: Any) -> Any:
        if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_SIZE:
            raise site.fail(f"a value longer than {MAX_SIZE} items is built; not evaluated")
        return value

    def py(self, site: Site, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a real operation on plain data; its Python errors become the program's exceptions."""
        try:
            return self.guard(site, fn(*args, **kwargs))
        except PY_ERRORS as exc:
            raise site.raise_(type(exc).__name__, str(exc)) from None

    # -- statements ------------------------------------------------------------------------------

    def run_block(self, body: Sequence[ast.stmt], scope: Scope, ctx: Ctx, top: str = "") -> None:
        """Run statements.  A statement that cannot be evaluated, or (at a module's *top* level)
        raises an exception nobody catches, is skipped or stops the read as :mod:`.policy` says."""
        callers = self.setup_callers if ctx.relpath == self.setup_relpath else frozenset()
        for stmt in body:
            if top == "setup":
                self.steps = 0  # each statement of setup.py gets the whole budget
            self.tick(ctx, stmt)
            try:
                self.exec_stmt(stmt, scope, ctx)
            except UnresolvableError as err:
                if policy.skipped_statement_stops(stmt, callers):
                    raise
                if flow.writes_hidden_names(stmt):
                    scope.mark_incomplete(str(err))
                self.skipped.append(self.poison(stmt, scope, Unresolved.of(err)))
            except Raised as exc:
                if not top:
                    raise
                outcome = policy.uncaught(exc.explicit, top == "setup", flow.calls_setup(stmt, callers))
                if outcome is policy.Uncaught.ABORT:  # named with the environment, not a read of it
                    raise _aborted(self.named_env, exc.kind, exc.message, path=exc.path, line=exc.line) from None
                if outcome is policy.Uncaught.STOP:
                    raise exc.unresolved().error() from None
                self.skipped.append(self.poison(stmt, scope, exc.unresolved()))

    def poison(self, stmt: ast.stmt, scope: Scope, value: Unresolved) -> Unresolved:
        """Make every name *stmt* may have written unresolved (it was not evaluated)."""
        bound, mutated = flow.written_names(stmt)
        for name in bound:
            found = scope.find(name)
            if found is not None:  # other names may hold it: what the paths of a fork left is lost
                branches.invalidate(found.vars[name])
            scope.assign(name, value)
        for name in mutated:  # `reqs.append(...)` poisons the list, `os.system(...)` not the module
            found = scope.find(name)
            if found is not None and isinstance(found.vars[name], (list, dict, set, str, Unresolved)):
                branches.invalidate(found.vars[name])
                found.vars[name] = value
        return value

    def exec_stmt(self, stmt: ast.stmt, scope: Scope, ctx: Ctx) -> None:
        handler = STATEMENTS.get(type(stmt))
        if handler is None:
            raise self.fail(ctx, stmt, f"{type(stmt).__name__} statements are not evaluated statically")
        handler(self, stmt, scope, ctx)

    def shared_lists(self) -> list[list[Any]]:
        """Lists every module of the program shares (copied by :mod:`.branches` like variables)."""
        return [self.sys_path, self.argv]

    # -- expressions -----------------------------------------------------------------------------

    def soft(self, node: ast.expr, scope: Scope, ctx: Ctx) -> Any:
        """Evaluate where a value is only stored: failure becomes an Unresolved value, not an error."""
        try:
            return self.eval(node, scope, ctx)
        except UnresolvableError as err:
            return Unresolved.of(err)

    def eval(self, node: ast.expr, scope: Scope, ctx: Ctx) -> Any:
        self.tick(ctx, node)
        handler = EXPRESSIONS.get(type(node))
        if handler is None:
            raise self.fail(ctx, node, f"{type(node).__name__} expressions are not evaluated statically")
        return handler(self, node, scope, ctx)

    def call(self, site: Site, fn: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        return call(self, site, fn, args, kwargs)

    def attribute(self, site: Site, value: Any, attr: str) -> Any:
        return attribute(self, site, value, attr)

    # -- conversions every handler needs ---------------------------------------------------------

    def truth(self, value: Any) -> bool:
        value = need(value)
        if isinstance(value, OpenFile):
            return True
        if isinstance(value, External):
            raise UnresolvableError(f"the truth of {value.qualname} (from outside the project) is not known statically")
        return bool(value)

    def iterate(self, site: Site, value: Any) -> list[Any]:
        value = need(value)
        if isinstance(value, (list, tuple, str, bytes)):
            return list(value)
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, (set, frozenset)):
            return sorted_set(need_deep(value))
        if isinstance(value, range):
            if len(value) > MAX_SIZE:
                raise site.fail("a range too large to evaluate")
            return list(value)
        if isinstance(value, OpenFile):
            text = value.rest()
            return text.splitlines(keepends=True)
        raise site.fail(f"iteration over {describe(value)} is not evaluated statically")

    def stringable(self, site: Site, value: Any) -> Any:
        value = need_deep(value)
        if isinstance(value, PLAIN):
            return value
        if isinstance(value, PathValue):
            return value.path
        if isinstance(value, ExcValue):
            return exc_message(value)
        raise site.fail(f"{describe(value)} cannot be turned into text statically")

    def comparable(self, site: Site, value: Any) -> Any:
        value = need_deep(value)
        if isinstance(value, PLAIN):
            return value
        if isinstance(value, PathValue):
            return value.path
        raise site.fail(f"comparison with {describe(value)} is not evaluated statically")
