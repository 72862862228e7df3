"""Read a project as it is at a git tag, without touching the work tree.

``git archive`` streams the tagged tree; :class:`~.tree.ArchiveTree` reads it in memory.  This is
also what fetchFromGitHub unpacks, so metadata and hash describe the same bytes.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import SourceError
from .tree import ArchiveTree


def is_git_checkout(path: Path) -> bool:
    return path.is_dir() and (path / ".git").exists()


def has_ref(repo: Path, ref: str) -> bool:
    result = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
    )
    return result.returncode == 0


def tags(repo: Path) -> list[str]:
    result = subprocess.run(["git", "-C", str(repo), "tag", "--list"], capture_output=True, text=True)
    return sorted(result.stdout.split()) if result.returncode == 0 else []


def tree_at(repo: Path, ref: str, label: Optional[str] = None) -> ArchiveTree:
    """The repository's files at *ref* (a tag), as an in-memory tree."""
    if not has_ref(repo, ref):
        raise SourceError(f"git tag or revision {ref!r} does not exist in this repository", path=repo)
    with tempfile.TemporaryFile() as fh:
        result = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", "--prefix=source/", ref],
            stdout=fh,
            stderr=subprocess.PIPE,
        )
        if result.returncode != 0:
            raise SourceError(f"git archive {ref} failed: {result.stderr.decode(errors='replace').strip()}", path=repo)
        fh.seek(0)
        tree = ArchiveTree.from_fileobj(fh, label=label or f"{repo}@{ref}")
    return tree
