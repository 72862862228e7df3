"""NAR serialisation and hashing, byte for byte what ``nix hash path`` / ``nix-store --dump`` produce.

A NAR ("Nix ARchive") is Nix's canonical, metadata-free serialisation of a file system object; the
``hash`` of ``fetchFromGitHub``/``fetchzip`` is the sha256 of it.  Computing it ourselves lets us hash a
tag or a tarball offline, without a Nix store.

Format: every token is a *string* (u64 little-endian length, the bytes, zero padding to 8).  Nodes are
``( type regular [executable ""] contents <bytes> )``, ``( type symlink target <bytes> )`` and
``( type directory (entry ( name <bytes> node <node> ))* )`` with entries sorted by raw name bytes.
Only the owner's executable bit survives; times, owners and other permission bits do not.

The writer keeps memory constant: small tokens are batched in one buffer, file contents are fed to
hashlib in chunks of :data:`CHUNK` bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import struct
import sys
from collections.abc import Callable
from typing import Union

from ..errors import SourceError

#: Read size for file contents; hashlib releases the GIL on large updates, so big chunks are cheap.
CHUNK = 1 << 20
#: Batched token bytes are handed to the sink once the buffer reaches this size.
_FLUSH = 1 << 18

#: Nix's base32 alphabet (no e, o, u, t: avoids accidental words).
BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz"

StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def nar_string(data: bytes) -> bytes:
    """One NAR token: length, bytes, zero padding to a multiple of 8."""
    return struct.pack("<Q", len(data)) + data + _pad(len(data))


def _pad(size: int) -> bytes:
    return b"\0" * (-size % 8)


MAGIC = nar_string(b"nix-archive-1")
_OPEN = nar_string(b"(")
_CLOSE = nar_string(b")")
_TYPE = nar_string(b"type")
_REGULAR = _OPEN + _TYPE + nar_string(b"regular")
_EXECUTABLE = nar_string(b"executable") + nar_string(b"")
_CONTENTS = nar_string(b"contents")
_SYMLINK = _OPEN + _TYPE + nar_string(b"symlink") + nar_string(b"target")
_DIRECTORY = _OPEN + _TYPE + nar_string(b"directory")
_ENTRY = nar_string(b"entry") + _OPEN + nar_string(b"name")
_NODE = nar_string(b"node")
_REGULAR_HEAD = (_REGULAR + _CONTENTS, _REGULAR + _EXECUTABLE + _CONTENTS)


# --------------------------------------------------------------------------------------------------
# Hash values


class Hash:
    """A sha256 digest with the three spellings Nix uses.

    An immutable value written by hand rather than with attrs: ``hash DIR`` imports this module
    and nothing else of the model, and attrs alone costs more start-up than the interpreter.
    """

    __slots__ = ("digest",)
    digest: bytes

    def __init__(self, digest: bytes):
        if not isinstance(digest, bytes):
            raise TypeError(f"a digest is bytes, not {type(digest).__name__}")
        if len(digest) != 32:
            raise ValueError(f"a sha256 digest has 32 bytes, not {len(digest)}")
        object.__setattr__(self, "digest", digest)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Hash is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Hash is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        return other.digest == self.digest if isinstance(other, Hash) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"Hash({self.sri!r})"

    @property
    def sri(self) -> str:
        """``sha256-<base64>``: what nixpkgs writes in ``hash = …``."""
        return "sha256-" + base64.b64encode(self.digest).decode("ascii")

    @property
    def base32(self) -> str:
        """Nix's own base32, as printed by ``nix-hash --base32`` and ``nix-prefetch-url``."""
        return to_base32(self.digest)

    @property
    def hex(self) -> str:
        return self.digest.hex()

    def format(self, style: str = "sri") -> str:
        """The hash as ``"sri"``, ``"base32"`` or ``"hex"``."""
        if style not in ("sri", "base32", "hex"):
            raise ValueError(f"unknown hash format {style!r}")
        return getattr(self, style)

    @classmethod
    def parse(cls, text: str) -> Hash:
        """Read a sha256 hash in any spelling Nix prints: SRI, ``sha256:``-prefixed, base32 or hex.

        Raises :class:`ValueError` with the reason; callers wrap it in the error that names the source.
        """
        text = text.strip()
        if text.startswith("sha256-"):
            body = text[len("sha256-") :]
            try:
                digest = base64.b64decode(body, validate=True)
            except binascii.Error:
                raise ValueError(f"{text!r} is not valid base64 after 'sha256-'") from None
            if len(digest) != 32 or base64.b64encode(digest).decode() != body:
                raise ValueError(f"{text!r} does not encode a 32-byte sha256 digest")
            return cls(digest)
        algo, sep, body = text.rpartition(":")
        if "-" in text or (sep and algo != "sha256"):
            raise ValueError(f"{text!r}: only sha256 hashes are supported")
        if len(body) == 64:
            try:
                return cls(bytes.fromhex(body))
            except ValueError:
                raise ValueError(f"{text!r} is not a hex sha256 digest") from None
        if len(body) == 52:
            return cls(from_base32(body))
        raise ValueError(f"{text!r} is not a sha256 hash (SRI, base32 or hex)")


def to_base32(digest: bytes) -> str:
    """Nix base32: 5-bit groups taken from the *end* of the digest, least significant bits first."""
    length = (len(digest) * 8 - 1) // 5 + 1
    number = int.from_bytes(digest, "little")
    return "".join(BASE32_ALPHABET[(number >> (5 * n)) & 0x1F] for n in range(length - 1, -1, -1))


def from_base32(text: str, size: int = 32) -> bytes:
    """Inverse of :func:`to_base32`; rejects foreign characters and non-zero overflow bits."""
    if len(text) != (size * 8 - 1) // 5 + 1:
        raise ValueError(f"{text!r} has the wrong length for a {size}-byte base32 digest")
    number = 0
    for n, char in enumerate(reversed(text)):
        digit = BASE32_ALPHABET.find(char)
        if digit < 0:
            raise ValueError(f"{text!r}: {char!r} is not a Nix base32 character")
        number |= digit << (5 * n)
    if number >> (size * 8):
        raise ValueError(f"{text!r} does not fit in {size} bytes")
    return number.to_bytes(size, "little")


# --------------------------------------------------------------------------------------------------
# Writing


class NarWriter:
    """Emits NAR tokens to *sink* (``hashlib``'s ``update`` or a file's ``write``) in large batches.

    The structural methods (:meth:`directory`, :meth:`entry`, :meth:`end`, …) let callers that do
    not walk a real directory (tar streams) produce the same bytes as :func:`dump_path`.
    """

    __slots__ = ("sink", "_buf", "_chunk")

    def __init__(self, sink: Callable[[bytes], object]):
        self.sink = sink
        self._buf = bytearray(MAGIC)
        self._chunk: bytearray | None = None

    def chunk_buffer(self) -> bytearray:
        """A reusable read buffer of :data:`CHUNK` bytes (flush before handing slices to ``sink``)."""
        if self._chunk is None:
            self._chunk = bytearray(CHUNK)
        return self._chunk

    def raw(self, data: bytes) -> None:
        buf = self._buf
        buf += data
        if len(buf) >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self.sink(self._buf)  # consumed before returning: no copy needed
            self._buf.clear()

    def large(self, data: bytes | memoryview) -> None:
        """Content bytes: batched when small, handed over directly (no copy) when large."""
        if len(data) < _FLUSH:
            self.raw(data)
        else:
            self.flush()
            self.sink(data)

    # structure
    def regular(self, executable: bool, data: bytes) -> None:
        self.raw(_REGULAR_HEAD[executable] + struct.pack("<Q", len(data)))
        self.large(data)
        self.raw(_pad(len(data)) + _CLOSE)

    def regular_start(self, executable: bool, size: int) -> None:
        """Begin a file whose *size* bytes follow through :meth:`large`; close with :meth:`regular_end`."""
        self.raw(_REGULAR_HEAD[executable] + struct.pack("<Q", size))

    def regular_end(self, size: int) -> None:
        self.raw(_pad(size) + _CLOSE)

    def symlink(self, target: bytes) -> None:
        self.raw(_SYMLINK + nar_string(target) + _CLOSE)

    def directory(self) -> None:
        self.raw(_DIRECTORY)

    def entry(self, name: bytes) -> None:
        """Open a directory entry; the node follows, then :meth:`end_entry`."""
        self.raw(_ENTRY + nar_string(name) + _NODE)

    def end_entry(self) -> None:
        self.raw(_CLOSE)

    def end(self) -> None:
        """Close a directory."""
        self.raw(_CLOSE)


# --------------------------------------------------------------------------------------------------
# Dumping a path


def dump_path(path: StrPath, sink: Callable[[bytes], object]) -> None:
    """Write the NAR of *path* (never following symlinks) to *sink*, like ``nix-store --dump``.

    *sink* must consume each buffer before returning (``hashlib``'s ``update`` does).
    """
    writer = NarWriter(sink)
    bpath = os.fsencode(path)
    try:
        st = os.lstat(bpath)
    except OSError as exc:
        raise SourceError((exc.strerror or str(exc)).lower(), path=os.fsdecode(bpath)) from None
    _dump(writer, bpath, None, bpath, st.st_mode, st.st_size)
    writer.flush()


def _dump(writer: NarWriter, name: bytes, dir_fd: int | None, path: bytes, mode: int, size: int) -> None:
    """One node; *name* is relative to *dir_fd* (or a full path when that is None)."""
    if stat.S_ISDIR(mode):
        fd = os.open(name, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW, dir_fd=dir_fd)
        try:
            writer.raw(_DIRECTORY)
            _dump_children(writer, fd, path)
            writer.raw(_CLOSE)
        finally:
            os.close(fd)
    elif stat.S_ISREG(mode):
        _dump_file(writer, name, dir_fd, path, bool(mode & stat.S_IXUSR), size)
    elif stat.S_ISLNK(mode):
        writer.symlink(os.readlink(name, dir_fd=dir_fd))
    else:
        raise SourceError("cannot be archived: not a file, directory or symlink", path=os.fsdecode(path))


def _dump_children(writer: NarWriter, dir_fd: int, path: bytes) -> None:
    # Working relative to directory descriptors spares the kernel a full path lookup per file.
    # Names are sorted as raw bytes (Nix's order, independent of locale); non-UTF-8 names
    # survive the str round trip through surrogateescape.  Small regular files, the bulk of any
    # source tree, take an inlined path: one open, one read, one token batch.
    with os.scandir(dir_fd) as it:
        entries = [(e.name.encode(_FS_ENCODING, _FS_ERRORS), e) for e in it]
    entries.sort()  # names are unique: the DirEntry objects are never compared
    buf = writer._buf
    for name, e in entries:
        try:
            st = e.stat(follow_symlinks=False)
            mode, size = st.st_mode, st.st_size
            head = _ENTRY + struct.pack("<Q", len(name)) + name + _pad(len(name)) + _NODE
            if size <= _SMALL and stat.S_ISREG(mode):
                fd = os.open(name, _O_READ, dir_fd=dir_fd)
                try:
                    data = os.read(fd, size + 1) if size else b""
                finally:
                    os.close(fd)
                if len(data) != size:
                    raise SourceError("file changed size while being hashed", path=os.fsdecode(path + b"/" + name))
                buf += head
                buf += _REGULAR_HEAD[bool(mode & stat.S_IXUSR)]
                buf += struct.pack("<Q", size)
                buf += data
                buf += _TAIL[size % 8]
                if len(buf) >= _FLUSH:
                    writer.flush()
            else:
                writer.raw(head)
                _dump(writer, name, dir_fd, path + b"/" + name, mode, size)
                writer.raw(_CLOSE)
        except OSError as exc:
            raise SourceError((exc.strerror or str(exc)).lower(), path=os.fsdecode(path + b"/" + name)) from None


_FS_ENCODING, _FS_ERRORS = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()  # os.fsencode
_SMALL = 1 << 16  # files below this are copied into the token buffer
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_READ = os.O_RDONLY | _O_NOFOLLOW
#: padding + ``)`` closing the regular node + ``)`` closing the entry, by size modulo 8.
_TAIL = tuple(_pad(n) + _CLOSE + _CLOSE for n in range(8))


def _dump_file(writer: NarWriter, name: bytes, dir_fd: int | None, path: bytes, executable: bool, size: int) -> None:
    # Read into one reused buffer: fresh megabyte-sized bytes objects would cost an mmap,
    # page faults and an munmap per chunk.
    fd = os.open(name, _O_READ, dir_fd=dir_fd)
    try:
        writer.regular_start(executable, size)
        writer.flush()
        buf = writer.chunk_buffer()
        view = memoryview(buf)
        done = 0
        while n := os.readv(fd, [buf]):
            done += n
            if done > size:
                break
            writer.sink(view[:n])
        if done != size:
            raise SourceError("file changed size while being hashed", path=os.fsdecode(path))
        writer.regular_end(size)
    finally:
        os.close(fd)


def nar_hash_path(path: StrPath) -> Hash:
    """sha256 of the NAR of *path*: equals ``nix hash path`` / ``nix-hash --type sha256``."""
    h = hashlib.sha256()
    dump_path(path, h.update)
    return Hash(h.digest())


def nar_bytes(path: StrPath) -> bytes:
    """The whole NAR of *path* in memory (for tests and small trees; use :func:`dump_path` otherwise)."""
    out = bytearray()
    dump_path(path, out.extend)
    return bytes(out)


def hash_bytes(data: bytes) -> Hash:
    return Hash(hashlib.sha256(data).digest())
