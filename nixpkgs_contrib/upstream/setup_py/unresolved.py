"""The marker of a value the evaluator could not compute (kept apart so every module can use it)."""

from __future__ import annotations

from typing import Optional

import attrs

from ...errors import UnresolvableError


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
