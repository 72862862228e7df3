"""Writing updated files into a checkout, or committing them: whole or not at all.

``update`` only gets here with a clean checkout and every new text computed, so the checkout is
either left with all files updated (and, with ``--commit``, one commit per file on the current
branch, as nix-update does) or exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
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


def _git(root: Path, *args: str, input: str | None = None) -> str:
    env = dict(os.environ, LC_ALL="C")
    done = subprocess.run(
        ["git", "-C", str(root), *args], input=input, capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split()) or f"exit status {done.returncode}"
        raise NixpkgsError(f"git {args[0]} failed: {detail}", path=root)
    return done.stdout.strip()


def commit_updates(root: Path, updates: Sequence[Update]) -> list[tuple[str, str]]:
    """One ``python3Packages.ATTR: OLD -> NEW`` commit per changed file (the family's root
    first) on the current branch, with the compare and changelog links in the body; on any
    failure the branch goes back to where it was and the files with it."""
    start = _git(root, "rev-parse", "HEAD")
    made: list[tuple[str, str]] = []
    try:
        for u in updates:
            body = commit_body(u)
            for f in u.files:
                if not f.changed:
                    continue
                _write(root / f.path, f.after)
                title = pr.update_title(f.attr, f.old_version, f.new_version)
                _git(root, "add", "--", f.path)
                _git(root, "commit", "-q", "-F", "-", input=pr.commit_message(title, body))
                made.append((_git(root, "rev-parse", "HEAD"), title))
        left = _git(root, "status", "--porcelain")
        if left:  # a hook that writes files, a file we did not expect: nothing half-made stays
            raise NixpkgsError(
                f"the checkout is not clean after committing ({left.splitlines()[0].strip()}); rolled back", path=root
            )
    except BaseException:
        _git(root, "reset", "-q", "--hard", start)
        raise
    return made


__all__ = ["commit_updates", "write_updates"]
