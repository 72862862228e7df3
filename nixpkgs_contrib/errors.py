"""One error hierarchy.

Every problem the user can fix is a :class:`UserError`: it carries the file (and line, when known) it
is about and prints as one line.  A bug of ours is an :class:`InternalError`: also one line, naming
what we were reading, saying it is our bug and where to report it.  Only :mod:`nixpkgs_contrib.cli`
turns errors into exit codes.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: `hash DIR` starts without it
    from types import TracebackType
    from typing import Optional

#: Where bugs are reported; ``[project.urls] Issues`` in pyproject.toml (a test keeps them equal).
ISSUES_URL = "https://github.com/nixpkgs-contrib/nixpkgs-contrib/issues"


class NixpkgsContribError(Exception):
    """Base class of every error this package raises on purpose."""


class UserError(NixpkgsContribError):
    """Bad input: a file, option or project the user can fix.  Printed as one line, exit status 1."""

    def __init__(self, message: str, *, path: Optional[os.PathLike[str] | str] = None, line: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.path = None if path is None else os.fspath(path)
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class MetadataError(UserError):
    """Project metadata that is missing, malformed or cannot be resolved statically."""


class UnresolvableError(MetadataError):
    """A setup.py expression the static evaluator cannot reduce to a value (never guessed)."""


class LicenseError(UserError):
    """A license expression or classifier with no `lib.licenses` attribute."""


class SourceError(UserError):
    """A source that cannot be read: missing path, garbage archive, unknown tag, bad hash."""


class OutputError(UserError):
    """The output folder cannot be written (exists without --force, not a directory, ...)."""


class NixpkgsError(UserError):
    """A nixpkgs checkout that is unusable for the requested operation (dirty tree, attr exists)."""


class InternalError(NixpkgsContribError):
    """An exception we did not anticipate: a bug in nixpkgs-contrib, not in the input.  Printed as
    one line naming the file being read (and line, when known) and where to report it."""

    def __init__(
        self,
        cause: BaseException,
        *,
        path: Optional[os.PathLike[str] | str] = None,
        line: Optional[int] = None,
        what: str = "file",
    ):
        super().__init__(str(cause))
        self.cause = cause
        self.path = None if path is None else os.fspath(path)
        self.line = line
        self.what = what

    def __str__(self) -> str:
        reason = (str(self.cause).strip().splitlines() or [""])[0][:200]
        kind = type(self.cause).__name__
        what = f"{kind}: {reason}" if reason else kind
        if self.path is None:
            return f"internal error ({what}); this is a bug in nixpkgs-contrib, not in your input: please report it with this line at {ISSUES_URL}"
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: internal error while reading this {self.what} ({what}); this is a bug in nixpkgs-contrib, "
            f"not in the {self.what}: please report it with this line at {ISSUES_URL}"
        )


class reading:
    """Turn an unexpected exception raised while reading *path* (a *what*: file, project) into an
    :class:`InternalError` that names it; our own errors pass through unchanged.  A class, not
    ``contextlib``: this module is imported by every command, and start-up stays light."""

    def __init__(self, path: os.PathLike[str] | str, line: Optional[int] = None, what: str = "file") -> None:
        self.path = path
        self.line = line
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> bool:
        if exc is None or isinstance(exc, NixpkgsContribError) or not isinstance(exc, Exception):
            return False
        line = self.line if self.line is not None else _line_being_read(tb)
        raise InternalError(exc, path=self.path, line=line, what=self.what) from exc


def _line_being_read(tb: Optional[TracebackType]) -> Optional[int]:
    """The line of the innermost syntax node our readers were working on when the bug struck
    (a local called ``node`` or ``stmt``), so the message can point into the file being read."""
    import ast  # only on the error path

    line: Optional[int] = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith(__package__ or "nixpkgs_contrib"):
            for name in ("node", "stmt"):
                value = frame.f_locals.get(name)
                if isinstance(value, ast.AST) and isinstance(getattr(value, "lineno", None), int):
                    line = value.lineno
                    break
        tb = tb.tb_next
    return line
