"""Read a project as it is at a git tag, without touching the work tree.

:class:`GitTree` lists files with ``git ls-tree`` and reads them through one ``git cat-file
--batch`` process, so even a large monorepo is read without unpacking it: only the few files the
readers open are ever loaded.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional

from ..errors import SourceError
from .tree import contains, directories_of, normalize


def is_git_checkout(path: Path) -> bool:
    return path.is_dir() and (path / ".git").exists()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


def has_ref(repo: Path, ref: str) -> bool:
    return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0


def tags(repo: Path) -> list[str]:
    result = _git(repo, "tag", "--list")
    return sorted(result.stdout.decode().split()) if result.returncode == 0 else []


class GitTree:
    """The files of a repository at *ref*."""

    def __init__(self, repo: Path, ref: str, label: Optional[str] = None):
        if not has_ref(repo, ref):
            known = tags(repo)
            hint = f" (tags here: {', '.join(known[-5:])})" if known else " (the repository has no tags)"
            raise SourceError(f"git tag or revision {ref!r} does not exist{hint}", path=repo)
        self.repo = repo
        self.ref = ref
        self.label = label or f"{repo}@{ref}"
        listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", ref)
        if listing.returncode != 0:
            raise SourceError(f"git ls-tree {ref} failed: {listing.stderr.decode(errors='replace').strip()}", path=repo)
        self._blobs: dict[str, str] = {}
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            if kind == "blob" and mode != "120000":
                self._blobs[name.decode("utf-8", errors="surrogateescape")] = sha
        self._files = tuple(sorted(self._blobs))
        self._dirs = directories_of(self._files)
        self._cat: Optional[subprocess.Popen[bytes]] = None

    def _reader(self) -> subprocess.Popen[bytes]:
        if self._cat is None:
            self._cat = subprocess.Popen(
                ["git", "-C", str(self.repo), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        return self._cat

    def read_bytes(self, relpath: str) -> bytes:
        rel = normalize(relpath)
        sha = self._blobs.get(rel)
        if sha is None:
            raise SourceError(f"file not found at {self.ref}", path=self.display(relpath))
        proc = self._reader()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # trailing newline
        return data

    def is_file(self, relpath: str) -> bool:
        return contains(self._blobs, relpath)

    def is_dir(self, relpath: str) -> bool:
        return contains(self._dirs, relpath)

    def files(self) -> tuple[str, ...]:
        return self._files

    def display(self, relpath: str) -> str:
        return f"{self.label}:{relpath}" if relpath else self.label

    def close(self) -> None:
        if self._cat is not None:
            if self._cat.stdin:
                self._cat.stdin.close()
            self._cat.wait()
            self._cat = None

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass
