"""Offline hashes of the sources nixpkgs fetchers produce.

=====================  ================================================  ==========================
input                  what Nix hashes                                   function
=====================  ================================================  ==========================
directory              NAR of the directory                              :func:`hash_directory`
git revision           NAR of ``git archive <rev>`` (fetchFromGitHub)    :func:`hash_git`
tarball / zip          NAR of the single top-level directory (fetchzip)  :func:`hash_tarball`
file                   sha256 of the bytes (fetchurl, fetchPypi)         :func:`hash_file`
=====================  ================================================  ==========================

``git archive`` is turned into a NAR straight from its tar stream, nothing is extracted.  Git
emits a tree depth first in *git order*: siblings sorted by name, where a directory sorts as
``name/``.  A NAR sorts siblings by raw name bytes.  The two orders only disagree when a directory
``p`` is a proper prefix of a sibling ``p<c>…`` with ``c < "/"`` (``foo`` and ``foo.py``, ``a`` and
``a-b``): git puts the longer name first.  :class:`_GitOrderTree` therefore streams every entry the
moment nothing smaller can still arrive, and holds back (in memory, or in a temporary file when
large) only entries that such a later directory could precede.  Memory stays bounded by that
window, not by the size of the repository.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO, Optional, Union

from ..errors import SourceError
from .nar import CHUNK, Hash, NarWriter, nar_hash_path

#: File contents held back from the NAR stream stay in memory up to this total, then go to disk.
MEMORY_BUDGET = 64 << 20

_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_BEFORE_SLASH = re.compile(rb"[\x00-\x2e]")  # bytes that sort before "/"
_FORMAT = re.compile(r"\$Format:([^$]*)\$")
_REF_PLACEHOLDERS = re.compile(r"%(?:d|D|S)")
_DESCRIBE_PLACEHOLDER = "%(describe"


# --------------------------------------------------------------------------------------------------
# Flat files and directories


def hash_file(path: Path) -> Hash:
    """sha256 of the file's bytes: the ``hash`` of ``fetchurl``/``fetchPypi`` (flat hashing)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
    except IsADirectoryError:
        raise SourceError("is a directory; flat hashing needs a file", path=path) from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc), path=path) from None
    return Hash(h.digest())


def hash_directory(path: Path) -> Hash:
    """NAR hash of a directory as it is on disk (``nix hash path``)."""
    if not os.path.lexists(path):
        raise SourceError("no such file or directory", path=path)
    return nar_hash_path(path)


# --------------------------------------------------------------------------------------------------
# Trees held in memory (contents possibly spooled to disk)


class _File:
    __slots__ = ("executable", "size", "data", "offset")

    def __init__(self, executable: bool, size: int, data: Optional[bytes], offset: int = -1):
        self.executable = executable
        self.size = size
        self.data = data  # None: the bytes are in the spool file at *offset*
        self.offset = offset


class _Link:
    __slots__ = ("target",)

    def __init__(self, target: bytes):
        self.target = target


class _Dir:
    __slots__ = ("name", "children", "seen", "last_key", "open", "streaming")

    def __init__(self, name: bytes):
        self.name = name
        self.children: dict[bytes, _Node] = {}  # in git mode: arrived but not yet written
        self.seen: set[bytes] = set()
        self.last_key = b""
        self.open = True
        self.streaming = False


_Node = Union[_File, _Link, _Dir]


class _Spool:
    """Holds file contents that cannot be written yet: small ones in memory, the rest on disk."""

    def __init__(self, budget: Optional[int] = None):
        self._budget = MEMORY_BUDGET if budget is None else budget
        self._held = 0
        self._disk: Optional[IO[bytes]] = None

    def store(self, src: IO[bytes], size: int, executable: bool) -> _File:
        if size <= CHUNK and self._held + size <= self._budget:
            data = _read_exactly(src, size)
            self._held += size
            return _File(executable, size, data)
        if self._disk is None:
            self._disk = tempfile.TemporaryFile(prefix="nixpkgs-contrib-nar-")
        disk = self._disk
        offset = disk.seek(0, os.SEEK_END)
        left = size
        while left:
            chunk = src.read(min(CHUNK, left))
            if not chunk:
                raise SourceError("archive ended in the middle of a file")
            disk.write(chunk)
            left -= len(chunk)
        return _File(executable, size, None, offset)

    def write(self, writer: NarWriter, node: _File) -> None:
        if node.data is not None:
            writer.regular(node.executable, node.data)
            self._held -= node.size  # the caller drops the node (hard links may share it)
            return
        assert self._disk is not None
        writer.regular_start(node.executable, node.size)
        self._disk.seek(node.offset)
        left = node.size
        while left:
            chunk = self._disk.read(min(CHUNK, left))
            writer.large(chunk)
            left -= len(chunk)
        writer.regular_end(node.size)

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()


def _read_exactly(src: IO[bytes], size: int) -> bytes:
    data = src.read(size) if size else b""
    if len(data) != size:
        raise SourceError("archive ended in the middle of a file")
    return data


def _write_node(writer: NarWriter, node: _Node, spool: _Spool) -> None:
    """Write a complete subtree, children in byte order."""
    if isinstance(node, _File):
        spool.write(writer, node)
    elif isinstance(node, _Link):
        writer.symlink(node.target)
    else:
        writer.directory()
        for name in sorted(node.children):
            writer.entry(name)
            _write_node(writer, node.children[name], spool)
            writer.end_entry()
        writer.end()


# --------------------------------------------------------------------------------------------------
# Tar members


def _split(name: str) -> list[bytes]:
    """Path components of a member name, as the raw bytes stored in the archive."""
    raw = name.encode("utf-8", "surrogateescape")
    parts = [p for p in raw.split(b"/") if p and p != b"."]
    if b".." in parts:
        raise SourceError(f"archive member {name!r} escapes the archive with '..'")
    return parts


def _members(tar: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, list[bytes]]]:
    for member in tar:
        if member.type in (tarfile.XGLTYPE, tarfile.XHDTYPE):
            continue
        parts = _split(member.name)
        if parts:
            yield member, parts


def _open_tar_stream(stream: BinaryIO, compressed: bool) -> tarfile.TarFile:
    return tarfile.open(
        fileobj=stream,
        mode="r|*" if compressed else "r|",
        bufsize=1 << 16,
        encoding="utf-8",
        errors="surrogateescape",
    )


# --------------------------------------------------------------------------------------------------
# git archive → NAR, streaming in git order


class _GitOrderTree:
    """Consumes tar members in git order and writes the NAR as early as byte order allows.

    ``stack`` is the path of open directories; the first ``depth + 1`` of them are *streaming*
    (their header is written and their children go out in order), deeper ones are buffered.
    """

    def __init__(self, writer: NarWriter, spool: _Spool, label: str):
        self.writer = writer
        self.spool = spool
        self.label = label
        root = _Dir(b"")
        root.streaming = True
        writer.directory()
        self.stack = [root]
        self.depth = 0

    def add(self, parts: list[bytes], member: tarfile.TarInfo, tar: tarfile.TarFile) -> None:
        dirs, name = parts[:-1], parts[-1]
        common = 0
        while common < len(dirs) and common + 1 < len(self.stack) and self.stack[common + 1].name == dirs[common]:
            common += 1
        while len(self.stack) > common + 1:
            self._close()
        for d in dirs[common:]:
            self._add_dir(d)
        if member.isdir():
            self._add_dir(name)
        elif member.issym():
            self._arrive(name, name, _Link(member.linkname.encode("utf-8", "surrogateescape")))
        elif member.isreg():
            self._add_file(name, member, tar)
        else:
            raise SourceError(f"{self.label}: unexpected entry {member.name!r} (tar type {member.type!r})")
        self._pump()

    def finish(self) -> None:
        while self.stack:
            self._close()
        self.writer.flush()

    # arrivals

    def _order(self, parent: _Dir, key: bytes) -> None:
        if key <= parent.last_key:
            raise SourceError(f"{self.label}: git archive entries are not in git tree order at {key!r}")
        parent.last_key = key

    def _arrive(self, name: bytes, key: bytes, node: _Node) -> None:
        parent = self.stack[-1]
        self._order(parent, key)
        parent.seen.add(name)
        parent.children[name] = node

    def _add_dir(self, name: bytes) -> None:
        d = _Dir(name)
        self._arrive(name, name + b"/", d)
        self.stack.append(d)

    def _add_file(self, name: bytes, member: tarfile.TarInfo, tar: tarfile.TarFile) -> None:
        src = tar.extractfile(member)
        assert src is not None
        executable = bool(member.mode & 0o100)
        parent = self.stack[-1]
        if parent.streaming and not parent.children and _blocking_prefix(parent, name) is None:
            self._order(parent, name)
            parent.seen.add(name)
            self._stream_file(name, member.size, executable, src)
            return
        node = self.spool.store(src, member.size, executable)
        if node.data is not None and node.size < 1024:
            self._check_lfs(_label(self.stack, name), node.data)
        self._arrive(name, name, node)

    def _stream_file(self, name: bytes, size: int, executable: bool, src: IO[bytes]) -> None:
        w = self.writer
        w.entry(name)
        if size <= CHUNK:
            data = _read_exactly(src, size)
            if size < 1024:
                self._check_lfs(_label(self.stack, name), data)
            w.regular(executable, data)
        else:
            w.regular_start(executable, size)
            left = size
            while left:
                chunk = src.read(min(CHUNK, left))
                if not chunk:
                    raise SourceError(f"{self.label}: archive ended in the middle of a file")
                w.large(chunk)
                left -= len(chunk)
            w.regular_end(size)
        w.end_entry()

    def _check_lfs(self, path: str, data: bytes) -> None:
        if data.startswith(_LFS_POINTER):
            raise SourceError(
                f"{path} is a Git LFS pointer; GitHub archives may carry either the pointer or the object, "
                "so the hash cannot be computed offline: prefetch online (hash --github) or pass --hash",
                path=self.label,
            )

    # writing

    def _pump(self) -> None:
        """Write every child of the deepest streaming directory that nothing can precede any more."""
        w = self.writer
        while True:
            d = self.stack[self.depth]
            bound = _blocking_prefix(d, d.last_key) if d.open else None
            for name in sorted(d.children):
                if bound is not None and name >= bound:
                    return
                node = d.children.pop(name)
                w.entry(name)
                if isinstance(node, _Dir) and node.open:
                    w.directory()
                    node.streaming = True
                    self.depth += 1
                    break
                _write_node(w, node, self.spool)
                w.end_entry()
            else:
                return

    def _close(self) -> None:
        d = self.stack.pop()
        d.open = False
        d.seen = set()
        if not d.streaming:
            return
        for name in sorted(d.children):
            self.writer.entry(name)
            _write_node(self.writer, d.children[name], self.spool)
            self.writer.end_entry()
        d.children = {}
        self.writer.end()
        if self.stack:
            self.writer.end_entry()
            self.depth -= 1
            self._pump()


def _label(stack: list[_Dir], name: bytes) -> str:
    return "/".join(p.decode("utf-8", "replace") for p in [d.name for d in stack[1:]] + [name])


def _blocking_prefix(d: _Dir, key: bytes) -> Optional[bytes]:
    """The smallest name that can still arrive in *d* and sort before names already there.

    After an entry with git sort key *key*, a later sibling must have a larger git key; it sorts
    *earlier* in byte order only if it is a directory named by a proper prefix ``p`` of *key* whose
    next byte is below ``/``.  A ``p`` already seen cannot come again.
    """
    for m in _BEFORE_SLASH.finditer(key, 1):
        prefix = key[: m.start()]
        if prefix not in d.seen:
            return prefix
    return None


def nar_hash_git_stream(stream: BinaryIO, label: str = "git archive") -> Hash:
    """NAR hash of an uncompressed tar *stream* whose members come in git tree order."""
    h = hashlib.sha256()
    spool = _Spool()
    try:
        tree = _GitOrderTree(NarWriter(h.update), spool, label)
        with _open_tar_stream(stream, compressed=False) as tar:
            for member, parts in _members(tar):
                tree.add(parts, member, tar)
        tree.finish()
    except tarfile.TarError as exc:
        raise SourceError(f"{label}: not a readable tar stream: {exc}") from None
    finally:
        spool.close()
    return Hash(h.digest())


# --------------------------------------------------------------------------------------------------
# git


def _git(repo: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_git_argv(repo, *args), capture_output=True, env=_git_env(), **kwargs)


def _git_argv(repo: Path, *args: str) -> list[str]:
    # Line-ending conversion must come from .gitattributes only, as on GitHub's servers, not from
    # the user's core.autocrlf.
    return ["git", "-C", os.fspath(repo), "-c", "core.autocrlf=false", "-c", "core.eol=lf", *args]


def _git_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    env.update(extra)
    return env


def resolve_commit(repo: Path, rev: str) -> str:
    """The commit id *rev* names in *repo*."""
    if not (repo / ".git").exists() and _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise SourceError("not a git repository", path=repo)
    result = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", text=True)
    if result.returncode != 0:
        raise SourceError(f"revision {rev!r} does not exist in this repository", path=repo)
    return result.stdout.strip()


def check_offline_hashable(repo: Path, commit: str, rev: str | None = None) -> None:
    """Refuse sources whose GitHub archive we cannot reproduce from the local clone.

    Submodules (fetchFromGitHub leaves them out unless ``fetchSubmodules = true``, and then they
    come from other repositories), Git LFS (GitHub may serve objects or pointers), and
    ``export-subst`` placeholders that print refs or ``describe`` output, which differ between a
    clone and GitHub's copy.
    """
    rev = rev or commit
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    if listing.returncode != 0:
        raise SourceError(f"git ls-tree {rev} failed: {listing.stderr.decode(errors='replace').strip()}", path=repo)
    attributes = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode = meta.split(b" ", 1)[0]
        if mode == b"160000":
            raise SourceError(
                f"{path.decode(errors='replace')} at {rev} is a git submodule: its contents are not in this "
                "repository, so the hash cannot be computed offline; prefetch online "
                "(nix-prefetch-github --fetch-submodules) and set fetchSubmodules = true, or pass --hash",
                path=repo,
            )
        if path == b".gitattributes" or path.endswith(b"/.gitattributes"):
            attributes.append(path.decode("utf-8", "surrogateescape"))
    for path in attributes:
        text = _show(repo, commit, path)
        for lineno, line in enumerate(text.splitlines(), 1):
            fields = line.split()
            if fields and not line.lstrip().startswith("#") and "filter=lfs" in fields[1:]:
                raise SourceError(
                    "Git LFS files (filter=lfs): GitHub archives hold either the pointers or the objects "
                    "depending on a repository setting, so the hash cannot be computed offline; "
                    "prefetch online (hash --github) or pass --hash",
                    path=f"{rev}:{path}",
                    line=lineno,
                )
    _check_export_subst(repo, commit, rev)


def _show(repo: Path, commit: str, path: str) -> str:
    result = _git(repo, "cat-file", "blob", f"{commit}:{path}")
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""


def _check_export_subst(repo: Path, commit: str, rev: str) -> None:
    grep = _git(repo, "grep", "-l", "-z", "-F", "-e", "$Format:", commit, "--")
    if grep.returncode != 0:  # 1: no match
        return
    prefix = f"{commit}:".encode()
    candidates = [p[len(prefix) :] for p in grep.stdout.split(b"\0") if p.startswith(prefix)]
    if not candidates:
        return
    substituted = _export_subst_paths(repo, commit, candidates)
    shallow = _git(repo, "rev-parse", "--is-shallow-repository", text=True).stdout.strip() == "true"
    has_tags = bool(_git(repo, "tag", "--list", text=True).stdout.strip())
    for path in substituted:
        text = _show(repo, commit, path)
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in _FORMAT.finditer(line):
                placeholder = m.group(0)
                if _REF_PLACEHOLDERS.search(m.group(1)):
                    why = "prints ref names, which differ between this clone and GitHub"
                elif _DESCRIBE_PLACEHOLDER in m.group(1) and (shallow or not has_tags):
                    why = "runs git describe, which needs tags and history this clone lacks"
                else:
                    continue
                raise SourceError(
                    f"export-subst placeholder {placeholder} {why}; the archive would not match "
                    "GitHub's: prefetch online (hash --github) or pass --hash",
                    path=f"{rev}:{path}",
                    line=lineno,
                )


def _export_subst_paths(repo: Path, commit: str, paths: list[bytes]) -> list[str]:
    """The *paths* that have the export-subst attribute at *commit* (not in the work tree)."""
    with tempfile.TemporaryDirectory(prefix="nixpkgs-contrib-index-") as tmp:
        env = _git_env(GIT_INDEX_FILE=os.path.join(tmp, "index"))
        subprocess.run(_git_argv(repo, "read-tree", commit), capture_output=True, env=env, check=True)
        result = subprocess.run(
            _git_argv(repo, "check-attr", "--cached", "-z", "--stdin", "export-subst"),
            input=b"".join(p + b"\0" for p in paths),
            capture_output=True,
            env=env,
            check=True,
        )
    fields = result.stdout.split(b"\0")
    return [
        fields[i].decode("utf-8", "surrogateescape")
        for i in range(0, len(fields) - 2, 3)
        if fields[i + 2] not in (b"unspecified", b"unset")
    ]


def hash_git(repo: Path, rev: str) -> Hash:
    """NAR hash of ``git archive <rev>``: what fetchFromGitHub/fetchgit produce for that revision.

    ``export-ignore`` and ``export-subst`` are applied by git itself, as GitHub does.
    """
    commit = resolve_commit(repo, rev)
    check_offline_hashable(repo, commit, rev)
    label = f"{repo}@{rev}"
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            _git_argv(repo, "archive", "--format=tar", commit),
            stdout=subprocess.PIPE,
            stderr=err,
            env=_git_env(),
        )
        assert proc.stdout is not None
        try:
            digest = nar_hash_git_stream(proc.stdout, label)
        finally:
            proc.stdout.close()
            status = proc.wait()
        if status != 0:
            err.seek(0)
            message = err.read().decode(errors="replace").strip()
            raise SourceError(f"git archive {rev} failed: {message}", path=repo)
    return digest


def hash_github_tag(repo: Path, tag: str) -> str:
    """SRI hash of ``fetchFromGitHub { tag = <tag>; }`` computed from a local clone *repo*."""
    if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}").returncode != 0:
        raise SourceError(f"tag {tag!r} does not exist in {repo} (try: git fetch --tags)", path=repo)
    return hash_git(repo, f"refs/tags/{tag}").sri


# --------------------------------------------------------------------------------------------------
# tarballs and zips (fetchzip)


def hash_tarball(path: Path, strip_root: bool = True) -> Hash:
    """NAR hash of an unpacked archive, as ``fetchzip``/``nix-prefetch-url --unpack`` compute it.

    With *strip_root* the archive must hold one top-level directory, whose contents are hashed.
    """
    spool = _Spool()
    try:
        root = _read_zip(path, spool) if zipfile.is_zipfile(path) else _read_tar(path, spool)
        node: _Node = root
        if strip_root:
            if len(root.children) != 1 or not isinstance(next(iter(root.children.values())), _Dir):
                names = b", ".join(sorted(root.children)).decode(errors="replace") or "nothing"
                raise SourceError(
                    f"fetchzip needs exactly one top-level directory, found: {names} "
                    "(use stripRoot = false / --no-strip-root)",
                    path=path,
                )
            node = next(iter(root.children.values()))
        h = hashlib.sha256()
        writer = NarWriter(h.update)
        _write_node(writer, node, spool)
        writer.flush()
    finally:
        spool.close()
    return Hash(h.digest())


def _lookup(root: _Dir, parts: list[bytes]) -> _Dir:
    """The directory at *parts*, created (or replacing a non-directory) as tar extraction would."""
    d = root
    for part in parts:
        child = d.children.get(part)
        if not isinstance(child, _Dir):
            child = d.children[part] = _Dir(part)
        d = child
    return d


def _read_tar(path: Path, spool: _Spool) -> _Dir:
    root = _Dir(b"")
    files: dict[bytes, _File] = {}
    try:
        with open(path, "rb") as fh, _open_tar_stream(fh, compressed=True) as tar:
            for member, parts in _members(tar):
                parent = _lookup(root, parts[:-1])
                name = parts[-1]
                if member.isdir():
                    if not isinstance(parent.children.get(name), _Dir):
                        parent.children[name] = _Dir(name)
                elif member.issym():
                    parent.children[name] = _Link(member.linkname.encode("utf-8", "surrogateescape"))
                elif member.islnk():
                    target = files.get(b"/".join(_split(member.linkname)))
                    if target is None:
                        raise SourceError(f"hard link {member.name!r} to a missing file", path=path)
                    parent.children[name] = target
                elif member.isreg():
                    src = tar.extractfile(member)
                    assert src is not None
                    node = spool.store(src, member.size, bool(member.mode & 0o100))
                    parent.children[name] = files[b"/".join(parts)] = node
                else:
                    raise SourceError(f"unsupported archive member {member.name!r} (device or fifo)", path=path)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SourceError(f"not a readable tar or zip archive: {exc}", path=path) from None
    return root


def _read_zip(path: Path, spool: _Spool) -> _Dir:
    root = _Dir(b"")
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                raw = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
                parts = [p for p in raw.split(b"/") if p and p != b"."]
                if not parts:
                    continue
                if b".." in parts:
                    raise SourceError(f"archive member {info.filename!r} escapes the archive with '..'", path=path)
                parent = _lookup(root, parts[:-1])
                mode = info.external_attr >> 16
                if info.is_dir():
                    parent.children.setdefault(parts[-1], _Dir(parts[-1]))
                elif mode and (mode & 0o170000) == 0o120000:
                    parent.children[parts[-1]] = _Link(zf.read(info))
                else:
                    with zf.open(info) as src:
                        parent.children[parts[-1]] = spool.store(src, info.file_size, bool(mode & 0o100))
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"not a readable zip archive: {exc}", path=path) from None
    return root
