"""Two paths under a condition we cannot know (policy rules 2 to 4): run one on the program's
variables and the other on a copy of them, then keep what both leave alike and make the rest unknown.

What is copied: the variables of the current scope and its enclosing scopes, and the containers they
reach (lists, dicts, sets; aliasing is kept), open-file positions, ``sys.path``/``sys.argv``, the
working directory and the setup() call found so far.  Modules of the project evaluated in one path
are shared (evaluating a file twice gives the same result)."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import TYPE_CHECKING, Any, Optional

import attrs

from ...errors import UnresolvableError
from . import policy
from .budget import MAX_FORKS
from .call import SetupCall, merge_calls
from .frames import Break, Continue, Raised, Return, Scope
from .policy import Ending
from .unresolved import ABSENT, Choices, Fork
from .values import OpenFile, PathValue, Unresolved

if TYPE_CHECKING:
    from .interpreter import Interpreter


@attrs.define
class _Path:
    """Where one path ended and what it left."""

    ending: Ending
    signal: Optional[BaseException]
    vars: list[dict[str, Any]]
    shared: list[list[Any]]
    found: Optional[SetupCall]
    cwd: str


def run_both(
    ev: Interpreter,
    scope: Scope,
    why: Callable[[], UnresolvableError],
    first: Callable[[], None],
    second: Callable[[], None],
    needs_second: Callable[[], bool] = lambda: True,
) -> None:
    """Run *first* and *second* from the same state and continue with what the policy keeps.

    *why* is the unknown condition (it becomes the reason of every value the paths disagree on, and
    the error when they disagree on where execution goes).  *needs_second* is asked after *first*:
    when it says no, *first* was the only possible path."""
    if ev.forks >= MAX_FORKS:
        raise why()
    chain = _chain(scope)
    originals = [s.vars for s in chain]  # the program may hold these dicts (globals(), exec namespaces)
    shared = ev.shared_lists()
    memo: dict[int, Any] = {}
    copies = [_copy(s.vars, memo) for s in chain]
    shared_start = [list(items) for items in shared]
    found_start, cwd_start = ev.found, ev.cwd

    ev.forks += 1
    try:
        a = _run(ev, chain, shared, first)
        if not needs_second():
            _resume(a)
            return
        b = _second(ev, chain, shared, copies, shared_start, found_start, cwd_start, second)
    finally:
        ev.forks -= 1

    decision = policy.merge_flow(a.ending, b.ending)
    keep = b if decision == "second" else a
    for s, original, values in zip(chain, originals, keep.vars):
        if values is not original:  # the second path's variables, into the dicts the program holds
            original.clear()
            original.update(values)
        s.vars = original
    for items, values in zip(shared, keep.shared):
        items[:] = values
    ev.found, ev.cwd = keep.found, keep.cwd
    if decision is None:
        if a.ending is Ending.UNKNOWN:
            _resume(a)
        if b.ending is Ending.UNKNOWN:
            _resume(b)
        raise why()
    if decision != "both":
        _resume(keep)
        return

    reason = why()
    unknown = Unresolved.of(reason)
    fork = Fork()
    if a.shared != b.shared or a.cwd != b.cwd:
        raise reason
    if (a.found is None) != (b.found is None):
        raise UnresolvableError(f"whether setup() is called depends on this: {reason.message}", path=reason.path, line=reason.line)
    if a.found is not None and b.found is not None:
        ev.found = merge_calls(a.found, b.found, lambda x, y: merge(x, y, unknown, {}, fork), unknown)
    seen: dict[tuple[int, int], Any] = {}
    for s, theirs in zip(chain, b.vars):
        merge(s.vars, theirs, unknown, seen, fork)
    if isinstance(a.signal, Return) and isinstance(b.signal, Return):
        raise Return(merge(a.signal.value, b.signal.value, unknown, seen, fork))
    _resume(a)


def _second(
    ev: Interpreter,
    chain: list[Scope],
    shared: list[list[Any]],
    copies: list[dict[str, Any]],
    shared_start: list[list[Any]],
    found_start: Optional[SetupCall],
    cwd_start: str,
    second: Callable[[], None],
) -> _Path:
    """Run *second* from the starting state (the copies) instead of where *first* left."""
    for s, copy in zip(chain, copies):
        s.vars = copy
    for items, start in zip(shared, shared_start):
        items[:] = start
    ev.found, ev.cwd = found_start, cwd_start
    return _run(ev, chain, shared, second)


def either(ev: Interpreter, scope: Scope, why: UnresolvableError, first: Callable[[], Any], second: Callable[[], Any]) -> Any:
    """The value of ``first() if <unknown> else second()``: both evaluated (rule 2), their values
    and effects merged."""

    def returning(compute: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            raise Return(compute())

        return run

    try:
        run_both(ev, scope, lambda: why, returning(first), returning(second))
    except Return as ret:
        return ret.value
    raise AssertionError("both paths return")  # pragma: no cover


def _chain(scope: Scope) -> list[Scope]:
    out = []
    current: Optional[Scope] = scope
    while current is not None:
        out.append(current)
        current = current.parent
    return out


def _run(ev: Interpreter, chain: list[Scope], shared: list[list[Any]], path: Callable[[], None]) -> _Path:
    ending, signal = Ending.NORMAL, None
    try:
        path()
    except Return as exc:
        ending, signal = Ending.RETURN, exc
    except Break as exc:
        ending, signal = Ending.BREAK, exc
    except Continue as exc:
        ending, signal = Ending.CONTINUE, exc
    except Raised as exc:
        ending, signal = Ending.RAISED, exc
    except UnresolvableError as exc:
        ending, signal = Ending.UNKNOWN, exc
    return _Path(ending, signal, [s.vars for s in chain], [list(items) for items in shared], ev.found, ev.cwd)


def _resume(path: _Path) -> None:
    """Go on as *path* did: re-raise its return, break, exception ... if it had one."""
    if path.signal is not None:
        raise path.signal


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    """A copy of the mutable parts of *value* (aliasing kept through *memo*)."""
    kind = type(value)
    if kind not in (list, dict, set, tuple, OpenFile):
        return value
    if id(value) in memo:
        return memo[id(value)]
    if kind is list:
        out: Any = []
        memo[id(value)] = out
        out.extend(_copy(item, memo) for item in value)
    elif kind is dict:
        out = {}
        memo[id(value)] = out
        for key, item in value.items():
            out[key] = _copy(item, memo)
    elif kind is set:
        out = memo[id(value)] = set(value)
    elif kind is tuple:
        out = memo[id(value)] = tuple(_copy(item, memo) for item in value)
    else:
        out = OpenFile(value.data)
        out.pos = value.pos
        memo[id(value)] = out
    return out


#: Values compared by equality when the two paths hold different objects.
_COMPARABLE = (str, int, float, bytes, set, frozenset, range, type(None), Unresolved)


def merge(kept: Any, other: Any, unknown: Unresolved, seen: dict[tuple[int, int], Any], fork: Optional[Fork] = None) -> Any:
    """What is known after two paths left *kept* and *other* in the same place: *kept* (updated in
    place for dicts and lists, so other references to it see the result) where they agree, *unknown*
    where they differ (remembering, under *fork*, the two plain values it stands for)."""
    if kept is other:
        return kept
    key = (id(kept), id(other))
    if key in seen:
        return seen[key]
    kind = type(kept)
    if kind is dict and type(other) is dict:
        seen[key] = kept
        for name in list(kept):
            kept[name] = merge(kept[name], other[name], unknown, seen, fork) if name in other else _differ(kept[name], ABSENT, unknown, fork)
        for name in other:
            if name not in kept:
                kept[name] = _differ(ABSENT, other[name], unknown, fork)
        return kept
    if kind is list and type(other) is list and len(kept) == len(other):
        seen[key] = kept
        for i, item in enumerate(other):
            kept[i] = merge(kept[i], item, unknown, seen, fork)
        return kept
    if kind is tuple and type(other) is tuple and len(kept) == len(other):
        result = seen[key] = tuple(merge(x, y, unknown, seen, fork) for x, y in zip(kept, other))
        return result
    if kind is OpenFile and type(other) is OpenFile:
        result = kept if (kept.data, kept.pos) == (other.data, other.pos) else unknown
    elif kind is PathValue and type(other) is PathValue:
        result = kept if kept.path == other.path else unknown
    elif kind is Unresolved and type(other) is Unresolved:
        same = kept == other and (kept.choices is other.choices)
        result = kept if same else unknown
    elif kind is type(other) and isinstance(kept, _COMPARABLE):
        result = kept if kept == other else _differ(kept, other, unknown, fork)
    else:
        result = _differ(kept, other, unknown, fork)
    seen[key] = result
    return result


def _differ(first: Any, second: Any, unknown: Unresolved, fork: Optional[Fork]) -> Unresolved:
    """*unknown*, with the two values it stands for when both are plain data (copied: the program
    may still change the originals through another name)."""
    if fork is None or not (_is_plain(first) and _is_plain(second)):
        return unknown
    return attrs.evolve(unknown, choices=Choices(fork, (deepcopy(first), deepcopy(second))))


_PLAIN_LEAVES = (str, int, float, bool, type(None), bytes)


def _is_plain(value: Any, depth: int = 0) -> bool:
    if value is ABSENT or isinstance(value, _PLAIN_LEAVES):
        return True
    if depth > 20:  # deeper than any metadata (and no cycles)
        return False
    if type(value) in (list, tuple):
        return all(_is_plain(item, depth + 1) for item in value)
    if type(value) is dict:
        return all(isinstance(k, _PLAIN_LEAVES) and _is_plain(v, depth + 1) for k, v in value.items())
    return False


def invalidate(value: Any, depth: int = 0) -> None:
    """The program changed *value* in a way we could not follow: the choices it holds no longer say
    what each path left (policy rule 2)."""
    if isinstance(value, Unresolved):
        if value.choices is not None:
            value.choices.fork.valid = False
    elif depth <= 20 and type(value) in (list, tuple):
        for item in value:
            invalidate(item, depth + 1)
    elif depth <= 20 and type(value) is dict:
        for item in value.values():
            invalidate(item, depth + 1)
