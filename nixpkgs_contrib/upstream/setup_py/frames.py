"""Where the evaluation is: the file (:class:`Ctx`), the variables (:class:`Scope`), the call site
(:class:`Site`), and the signals that carry Python control flow through the interpreter
(:class:`Raised` for the program's own exceptions, :class:`Return`, :class:`Break`, :class:`Continue`)."""

from __future__ import annotations

import re
from typing import Any, Optional

import attrs

from ...errors import UnresolvableError
from .unresolved import Unresolved

#: Python errors that real operations on plain data may raise; they become the program's exceptions.
PY_ERRORS = (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, re.error)


class Raised(Exception):
    """A Python exception raised by the evaluated program (catchable by its own ``try``).

    *explicit* means the program itself raised or exited (``raise``, ``sys.exit``, ``assert``);
    otherwise an operation failed (a missing file, a KeyError ...)."""

    def __init__(self, kind: str, message: str, path: Optional[str], line: Optional[int], explicit: bool = False):
        super().__init__(message)
        self.kind, self.message, self.path, self.line, self.explicit = kind, message, path, line, explicit

    def unresolved(self) -> Unresolved:
        return Unresolved(f"{self.kind}: {self.message}" if self.message else self.kind, self.line, self.path)


class Return(Exception):
    def __init__(self, value: Any):
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


@attrs.frozen(eq=False)
class Ctx:
    """The file being evaluated (for messages, relative imports)."""

    relpath: str
    display: str
    package: str


class Scope:
    """Variables of a module, function or comprehension; lookups fall through to *parent*."""

    __slots__ = ("vars", "parent", "globals", "complete", "hidden")

    def __init__(self, vars: dict[str, Any], parent: Optional[Scope] = None):
        self.vars = vars
        self.parent = parent
        self.globals: set[str] = set()
        #: False once a skipped statement may have bound names no syntax shows (``import *``,
        #: ``exec``): a name missing from *vars* is then unknown rather than absent.
        self.complete = True
        #: why not: the first skipped statement that may have bound hidden names ("path:line: reason")
        self.hidden: Optional[str] = None

    def mark_incomplete(self, why: str) -> None:
        """A skipped statement may have bound names no syntax shows."""
        if self.complete:
            self.complete, self.hidden = False, why

    def incomplete(self) -> Optional[str]:
        """Why a name missing from this scope and its parents may still be bound, if it may."""
        scope: Optional[Scope] = self
        while scope is not None:
            if not scope.complete:
                return scope.hidden
            scope = scope.parent
        return None

    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def assign(self, name: str, value: Any) -> None:
        (self.root() if name in self.globals else self).vars[name] = value

    def find(self, name: str) -> Optional[Scope]:
        """The scope that holds *name*, if any."""
        found: Optional[Scope] = self
        while found is not None and name not in found.vars:
            found = found.parent
        return found


@attrs.frozen(eq=False)
class Site:
    """Where a builtin is being called from, so it can fail with file:line."""

    ctx: Ctx
    line: Optional[int]

    def fail(self, reason: str) -> UnresolvableError:
        return UnresolvableError(reason, path=self.ctx.display, line=self.line)

    def raise_(self, kind: str, message: str) -> Raised:
        return Raised(kind, message, self.ctx.display, self.line)
