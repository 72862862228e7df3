"""Read-only views of a project's files: a directory on disk or the inside of an sdist.

Readers only see a :class:`SourceTree`, so the same reader works on a checkout and inside a
tarball that is never unpacked to disk.  Paths are POSIX strings relative to the project root.
"""

from __future__ import annotations

import bisect
import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import BinaryIO, Optional, Protocol

from ..errors import SourceError
from . import tar_index


class SourceTree(Protocol):
    """What readers may ask of a project's files."""

    #: how to name the tree (and files in it) in messages
    label: str

    def read_bytes(self, relpath: str) -> bytes: ...

    def is_file(self, relpath: str) -> bool: ...

    def is_dir(self, relpath: str) -> bool: ...

    def files(self) -> tuple[str, ...]:
        """Every regular file, sorted, as relative POSIX paths."""
        ...

    def display(self, relpath: str) -> str:
        """A path for error messages."""
        ...


def normalize(relpath: str) -> str:
    """``./a/../b`` → ``b``; refuses paths that leave the tree."""
    norm = posixpath.normpath(relpath.replace(os.sep, "/"))
    if norm == ".":
        return ""
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        raise SourceError(f"path {relpath!r} leaves the project tree")
    return norm


def directories_of(files: Iterable[str]) -> frozenset[str]:
    """Every directory that holds one of *files* (and the root, ``""``)."""
    dirs = {""}
    for f in files:
        parts = f.split("/")[:-1]
        dirs.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return frozenset(dirs)


def contains(names: Collection[str], relpath: str) -> bool:
    """Is *relpath* one of *names*?  Paths that leave the tree are simply absent."""
    try:
        return normalize(relpath) in names
    except SourceError:
        return False


def read_text(tree: SourceTree, relpath: str) -> str:
    data = tree.read_bytes(relpath)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", path=tree.display(relpath)) from None


class DirectoryTree:
    """A project directory on disk.  Never follows symlinks out of the root."""

    def __init__(self, root: Path, label: str | None = None):
        self.root = root.resolve()
        self.label = label if label is not None else str(root)
        self._files: tuple[str, ...] | None = None
        self._file_set: frozenset[str] | None = None
        self._dir_set: frozenset[str] | None = None

    _SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".tox", ".nox", ".venv", "node_modules"})

    def _path(self, relpath: str) -> Path:
        rel = normalize(relpath)
        path = self.root / rel if rel else self.root
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            raise SourceError(f"{relpath!r} resolves outside the project tree", path=self.display(relpath)) from None
        return path

    def read_bytes(self, relpath: str) -> bytes:
        try:
            return self._path(relpath).read_bytes()
        except FileNotFoundError:
            raise SourceError("file not found", path=self.display(relpath)) from None
        except IsADirectoryError:
            raise SourceError("is a directory, not a file", path=self.display(relpath)) from None

    def _sets(self) -> tuple[frozenset[str], frozenset[str]]:
        """Files and the directories holding them, from one walk (readers ask a lot)."""
        if self._file_set is None or self._dir_set is None:
            files = self.files()
            self._file_set, self._dir_set = frozenset(files), directories_of(files)
        return self._file_set, self._dir_set

    def is_file(self, relpath: str) -> bool:
        return contains(self._sets()[0], relpath)

    def is_dir(self, relpath: str) -> bool:
        return contains(self._sets()[1], relpath)

    def files(self) -> tuple[str, ...]:
        if self._files is None:
            out: list[str] = []
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if d not in self._SKIP_DIRS)
                rel = os.path.relpath(dirpath, self.root).replace(os.sep, "/")
                for name in filenames:
                    out.append(name if rel == "." else f"{rel}/{name}")
            self._files = tuple(sorted(out))
        return self._files

    def display(self, relpath: str) -> str:
        return os.path.join(self.label, relpath) if relpath else self.label


class ArchiveTree:
    """The contents of an sdist (``.tar.gz``, ``.tar.bz2``, ``.tar.xz``, ``.tgz``, ``.tar`` or
    ``.zip``), read in memory with the single top-level directory stripped.

    Names first, bytes on demand: opening lists the members (a compressed tar is uncompressed once,
    into one buffer; a zip's directory is read) and a file's bytes are cut out of the archive only
    when a reader asks for them.  Readers look at a few files of an sdist that may hold thousands.
    """

    def __init__(self, archive: Path, *, fileobj: Optional[BinaryIO] = None, label: Optional[str] = None):
        self.archive = archive
        self.label = label or str(archive)
        self._files: tuple[str, ...] | None = None
        try:
            data = fileobj.read() if fileobj is not None else archive.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read archive: {exc.strerror or exc}", path=self.label) from None
        #: stripped name -> (offset, size) into the uncompressed tar, or the zip member's name
        self._members: dict[str, tuple[int, int] | str] = {}
        self._dirs: set[str] = set()
        self._tar = b""
        self._zip: Optional[zipfile.ZipFile] = None
        if archive.name.endswith(".zip") and fileobj is None:
            names = self._index_zip(data)
        else:
            names = self._index_tar(data)
        self._strip_top_level(names)

    def _index_tar(self, data: bytes) -> list[tuple[str, tuple[int, int] | str | None]]:
        self._tar = tar_index.uncompressed(data, self.label)
        return [(m.name, None if m.is_dir else (m.offset, m.size)) for m in tar_index.members(self._tar, self.label)]

    def _index_zip(self, data: bytes) -> list[tuple[str, tuple[int, int] | str | None]]:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            return [(i.filename.rstrip("/"), None) if i.is_dir() else (i.filename, i.filename) for i in self._zip.infolist()]
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            reason = "not a zip archive" if isinstance(exc, zipfile.BadZipFile) else str(exc).splitlines()[0]
            raise SourceError(f"cannot read archive: {reason}", path=self.label) from None

    def _strip_top_level(self, names: list[tuple[str, tuple[int, int] | str | None]]) -> None:
        files: dict[str, tuple[int, int] | str] = {}
        dirs: set[str] = set()
        for raw, where in names:
            name = raw[2:] if raw.startswith("./") else raw
            norm = posixpath.normpath(name)
            if norm.startswith("..") or norm.startswith("/"):
                raise SourceError(f"archive member {raw!r} leaves the archive", path=self.label)
            if where is None:
                dirs.add(norm)
            else:
                files[norm] = where  # a later member of the same name wins, as when unpacked
        if not files:
            raise SourceError("archive holds no files", path=self.label)
        tops = {name.split("/", 1)[0] for name in files}
        if len(tops) != 1 or all("/" not in n for n in files):
            raise SourceError("an sdist must hold exactly one top-level directory", path=self.label)
        (top,) = tops
        cut = len(top) + 1
        self._members = {name[cut:]: where for name, where in files.items()}
        self._dirs = set(directories_of(self._members))
        self._dirs.update(d[cut:] for d in dirs if d.startswith(top + "/"))

    @classmethod
    def from_fileobj(cls, fileobj: BinaryIO, label: str) -> ArchiveTree:
        """A tar stream (``git archive``) instead of a file on disk."""
        return cls(Path(label), fileobj=fileobj, label=label)

    def read_bytes(self, relpath: str) -> bytes:
        rel = normalize(relpath)
        try:
            where = self._members[rel]
        except KeyError:
            raise SourceError("file not found in the archive", path=self.display(relpath)) from None
        if isinstance(where, str):
            assert self._zip is not None
            try:
                return self._zip.read(where)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                raise SourceError(f"cannot read archive member: {exc}", path=self.display(relpath)) from None
        offset, size = where
        return self._tar[offset : offset + size]

    def is_file(self, relpath: str) -> bool:
        return contains(self._members, relpath)

    def is_dir(self, relpath: str) -> bool:
        return contains(self._dirs, relpath)

    def files(self) -> tuple[str, ...]:
        if self._files is None:  # sorted once: readers ask for the listing many times
            self._files = tuple(sorted(self._members))
        return self._files

    def display(self, relpath: str) -> str:
        return f"{self.label}!{relpath}" if relpath else self.label


class SubTree:
    """A subdirectory of another tree (a package inside a monorepo)."""

    def __init__(self, parent: SourceTree, prefix: str):
        self.parent = parent
        self.prefix = normalize(prefix)
        self.label = parent.display(self.prefix)
        self._files: Optional[tuple[str, ...]] = None

    def _p(self, relpath: str) -> str:
        rel = normalize(relpath)
        return f"{self.prefix}/{rel}" if rel and self.prefix else (self.prefix or rel)

    def read_bytes(self, relpath: str) -> bytes:
        return self.parent.read_bytes(self._p(relpath))

    def is_file(self, relpath: str) -> bool:
        return self.parent.is_file(self._p(relpath))

    def is_dir(self, relpath: str) -> bool:
        return self.parent.is_dir(self._p(relpath))

    def files(self) -> tuple[str, ...]:
        if self._files is None:
            if not self.prefix:
                self._files = self.parent.files()
            else:
                # the parent's listing is sorted: everything below "prefix/" sits between
                # "prefix/" and "prefix0" ("0" follows "/" in ASCII)
                listing = self.parent.files()
                start = self.prefix + "/"
                low = bisect.bisect_left(listing, start)
                high = bisect.bisect_left(listing, self.prefix + "0", lo=low)
                self._files = tuple(f[len(start):] for f in listing[low:high])
        return self._files

    def display(self, relpath: str) -> str:
        return self.parent.display(self._p(relpath))


def open_source(path: Path) -> SourceTree:
    """A directory or an sdist archive, by what *path* is."""
    if not path.exists():
        raise SourceError("no such file or directory", path=path)
    if path.is_dir():
        return DirectoryTree(path)
    name = path.name
    if name.endswith((".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")):
        return ArchiveTree(path)
    raise SourceError("not a project directory or an sdist archive (.tar.gz, .zip)", path=path)


__all__ = ["SourceTree", "DirectoryTree", "ArchiveTree", "SubTree", "open_source", "read_text", "normalize"]
