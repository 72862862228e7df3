"""Writing updated files into a checkout, or committing them: whole or not at all.

``update`` only gets here with a clean checkout and every new text computed, so the checkout is
either left with all files updated (and, with ``--commit``, one commit per file on the current
branch, as nix-update does) or exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import NixpkgsError
from . import pr
from .update import FileUpdate, Update, commit_body


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_updates(root: Path, files: Sequence[FileUpdate]) -> list[Path]:
    """Write every file's new text; if one fails, the ones written are put back."""
    done: list[FileUpdate] = []
    try:
        for f in files:
            _write(root / f.path, f.after)
            done.append(f)
    except BaseException:
        for f in done:
            _write(root / f.path, f.before)
        raise
    return [root / f.path for f in files]


def commit_updates(root: Path, updates: Sequence[Update]) -> list[tuple[str, str]]:
    """One ``python3Packages.ATTR: OLD -> NEW`` commit per changed file (the family's root
    first) on the current branch, with the compare and changelog links in the body; on any
    failure the branch goes back to where it was and the files with it."""
    start = pr.git(root, "rev-parse", "HEAD")
    made: list[tuple[str, str]] = []
    try:
        for u in updates:
            body = commit_body(u)
            for f in u.files:
                if not f.changed:
                    continue
                _write(root / f.path, f.after)
                title = pr.update_title(f.attr, f.old_version, f.new_version)
                pr.git(root, "add", "--", f.path)
                pr.git(root, "commit", "-q", "-F", "-", input=pr.commit_message(title, body))
                made.append((pr.git(root, "rev-parse", "HEAD"), title))
        left = pr.git(root, "status", "--porcelain")
        if left:  # a hook that writes files, a file we did not expect: nothing half-made stays
            raise NixpkgsError(
                f"the checkout is not clean after committing ({left.splitlines()[0].strip()}); rolled back", path=root
            )
    except BaseException:
        pr.git(root, "reset", "-q", "--hard", start)
        raise
    return made


__all__ = ["commit_updates", "write_updates"]
