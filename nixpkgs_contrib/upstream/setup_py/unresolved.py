"""The marker of a value the evaluator could not compute (kept apart so every module can use it)."""

from __future__ import annotations

from typing import Any, Optional

import attrs

from ...errors import UnresolvableError


@attrs.define(eq=False)
class Fork:
    """One unknown condition whose two paths left different plain values (policy rule 2).  Every
    value it made unknown shares it, so a whole keyword value can be rebuilt as each path left it.
    *valid* turns false as soon as the program changes one of those values afterwards (an append
    to an unknown list): what each path would have left is then no longer known."""

    valid: bool = True


@attrs.frozen(eq=False)
class Choices:
    """What the two paths of *fork* left at one place (:data:`ABSENT` for a dict key one of them
    did not set), as plain data copied when the paths were merged."""

    fork: Fork
    values: tuple[Any, Any]

    @property
    def valid(self) -> bool:
        return self.fork.valid


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Absent:
        return self  # one marker, compared by identity


#: A dict key one path set and the other did not.
ABSENT: Any = _Absent()


@attrs.frozen
class Unresolved:
    """A value the evaluator could not compute, with why and where; raises only when needed.
    *choices*, when set, are the values the two paths of one unknown condition left (see
    :mod:`.policy`, which decides where that is enough)."""

    reason: str
    line: Optional[int] = None
    path: Optional[str] = None
    choices: Optional[Choices] = attrs.field(default=None, eq=False, repr=False)

    def error(self) -> UnresolvableError:
        return UnresolvableError(self.reason, path=self.path, line=self.line)

    @classmethod
    def of(cls, err: UnresolvableError) -> Unresolved:
        return cls(err.message, err.line, err.path)
