"""One error hierarchy.

Every problem the user can fix is a :class:`UserError`: it carries the file (and line, when known) it
is about and prints as one line.  Only :mod:`nixpkgs_contrib.cli` turns errors into exit codes.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: `hash DIR` starts without it
    from typing import Optional


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
