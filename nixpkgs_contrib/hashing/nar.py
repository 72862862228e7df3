"""NAR serialisation and hashing, byte for byte what ``nix hash path`` / ``nix-store --dump`` produce.

A NAR ("Nix ARchive") is Nix's canonical, metadata-free serialisation of a file system object; the
``hash`` of ``fetchFromGitHub``/``fetchzip`` is the sha256 of it.  Computing it ourselves lets us hash a
tag or a tarball offline, without a Nix store.

Format: every token is a *string* (u64 little-endian length, the bytes, zero padding to 8).  Nodes are
``( type regular [executable ""] contents <bytes> )``, ``( type symlink target <bytes> )`` and
``( type directory (entry ( name <bytes> node <node> ))* )`` with entries sorted by raw name bytes.
Only the owner's executable bit survives; times, owners and other permission bits do not.

How it stays fast (``benchmarks/bench_hash.py`` measures it against ``nix hash path``):

* Tokens and file contents go into a few fixed buffers of :data:`BUFFER` bytes, allocated once;
  file contents are read straight into them (``readv`` into a slice, no intermediate bytes
  object), and the sink receives whole buffers.
* The walker makes fewer system calls than Nix: a directory is listed by path (``openat``,
  ``fstat``, ``getdents64`` until empty, ``close``) and never ``lstat``-ed, because the type in its
  parent's listing says what it is; a file is ``openat``, ``fstat``, one ``read`` (its size plus
  one byte, which proves the end of file) and ``close``; a symlink is one ``readlink``.
* With a second CPU available, a hashing thread consumes full buffers while the walker fills the
  next one (hashlib releases the GIL while it hashes).  Any failure on either side ends both and
  is raised in the caller; nothing can wait forever on the other.
* A large file with directories still to walk after it is read by the hashing thread itself,
  and the walker walks on into spare buffers (up to :data:`BUFFERS_AHEAD`), as long as the
  hasher has so far waited for the walker at least as long as the walker for the hasher.  With
  three buffers and the walker copying every file, a tree whose large files come first made the
  two threads take turns: the walker waited while the hasher hashed them, then the hasher through
  the small files (each thread idle ~50 ms of 0.19 s on the benchmark tree).  When the hasher is
  the slower side (most bytes in large files, as in many sdists), reading on it would lengthen
  the run, so the walker reads; so it does when nothing is left to walk after the file.
"""

from __future__ import annotations

import binascii
import hashlib
import operator
import os
import stat
import struct
from time import perf_counter_ns as _clock

from ..errors import SourceError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: `hash DIR` starts without it
    from collections.abc import Callable
    from typing import Optional, Union

    StrPath = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
    Sink = Callable[[memoryview], object]

#: Size of one framing buffer: the unit handed to the sink (and to the hashing thread).
BUFFER = 1 << 20
#: Read size for streamed contents elsewhere (tar members); files on disk are read into the buffers.
CHUNK = 1 << 20
#: Buffers in rotation when hashing on a second thread: one being filled, the others queued or hashed.
BUFFERS_THREADED = 3
#: At most this many once the thread reads large files itself: the walker's output meanwhile waits
#: in them, so the walker walks on instead of waiting (each new buffer costs ~0.5 ms of page faults;
#: the limit grows by half a buffer per buffer's worth of files handed over).
BUFFERS_AHEAD = 32

#: Nix's base32 alphabet (no e, o, u, t: avoids accidental words).
BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz"

_u64 = struct.Struct("<Q").pack


def nar_string(data: bytes) -> bytes:
    """One NAR token: length, bytes, zero padding to a multiple of 8."""
    return _u64(len(data)) + data + _pad(len(data))


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
        return "sha256-" + binascii.b2a_base64(self.digest, newline=False).decode("ascii")

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
        import base64

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
# Feeding buffers to the sink


def second_cpu() -> bool:
    """Whether a second CPU is free for the hashing thread: this process may run on more than one
    (``taskset -c 0`` says no) and fewer tasks are running right now than it has CPUs (we are one).

    On a busy machine the thread gains nothing and its hand-offs cost about a fifth more CPU time
    (measured on the shared 2-CPU VM), so the walker hashes inline there.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return cpus > 1 and _running() < cpus


def _running() -> int:
    """Tasks running or runnable on the machine now, this one included (0 when unknown)."""
    try:
        fd = os.open("/proc/loadavg", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return 0
    try:
        fields = os.read(fd, 256).split()  # "0.52 0.58 0.59 2/611 12345": running/existing
        return int(fields[3].split(b"/")[0])
    except (OSError, IndexError, ValueError):
        return 0
    finally:
        os.close(fd)


class _Feed:
    """Hands full buffers to *sink* and gives back a buffer to fill next.

    Inline, the sink consumes the buffer before :meth:`submit` returns and the same buffer comes
    back.  Threaded, a second thread (which ends with the process) runs the sink while the caller
    fills another buffer; it is started on the first full buffer, so small inputs never pay for
    it, and by default only if a CPU is free at that moment (:func:`second_cpu`).  The thread
    never blocks on anything but its queue of full buffers, and reports its own failure by
    queueing ``None`` where the caller waits for a free buffer: neither side can hang on the other.
    Buffers are made when none is free, up to :data:`BUFFERS_THREADED` (more, towards
    :data:`BUFFERS_AHEAD`, as the thread reads files itself, :meth:`submit_file`); descriptors of files the thread
    never reached are closed by :meth:`close`.
    """

    __slots__ = ("sink", "size", "threaded", "_filled", "_free", "_thread", "_error", "_count", "_limit", "_waited", "_idle")

    def __init__(self, sink: Sink, size: int, threaded: Optional[bool] = None):
        self.sink = sink
        self.size = size
        self.threaded = threaded  # None: decided at the first full buffer
        self._thread = None
        self._error: Optional[BaseException] = None

    def buffer(self) -> bytearray:
        """A fresh buffer of :attr:`size` usable bytes (plus slack for one entry's tokens)."""
        return bytearray(self.size + _SLACK)

    def submit(self, buf: bytearray, n: int) -> bytearray:
        """Hand over ``buf[:n]``; returns the buffer to fill next."""
        if self.threaded is None:
            self.threaded = second_cpu()
        if not self.threaded:
            self.sink(memoryview(buf)[:n])
            return buf
        if self._thread is None:
            self._start()
        self._filled.put((buf, n, -1, 0, b""))
        return self._spare()

    def submit_file(self, buf: bytearray, n: int, fd: int, size: int, path: bytes) -> Optional[bytearray]:
        """Threaded only: hand over ``buf[:n]`` followed by the *size* bytes of the file open as *fd*,
        which the hashing thread reads through a duplicate of *fd* (into *buf*, once its start is
        hashed) and closes.  Returns the buffer to fill next, or None (nothing handed over) when
        hashing inline or when the hasher has waited less than the walker so far.
        """
        if self.threaded is None:
            self.threaded = second_cpu()
        if not self.threaded:
            return None
        if self._thread is None:
            self._start()
        elif self._idle < self._waited:  # the hasher is the slower side so far: the walker reads
            return None
        self._filled.put((buf, n, os.dup(fd), size, path))
        # The walker's lookahead only pays while the hasher is busy with handed-over files: about
        # half a buffer per buffer's worth of them (the walker's output rate over the hasher's).
        self._limit = min(BUFFERS_AHEAD, self._limit + size // (2 * self.size))
        return self._spare()

    def _spare(self) -> bytearray:
        """A free buffer: a consumed one, else a new one while fewer than the limit exist
        (:data:`BUFFERS_THREADED`, raised towards :data:`BUFFERS_AHEAD` by :meth:`submit_file`)."""
        free = self._free
        if self._count < self._limit and free.empty():
            self._count += 1
            return self.buffer()
        start = _clock()
        spare = free.get()
        self._waited += _clock() - start
        if spare is None:
            self._raise()
        return spare

    def finish(self, buf: bytearray, n: int) -> None:
        """Hand over the last ``buf[:n]`` and wait until the sink has consumed everything."""
        if self._thread is None:
            if n:
                self.sink(memoryview(buf)[:n])
            return
        if n:
            self._filled.put((buf, n, -1, 0, b""))
        self.close()
        if self._error is not None:
            self._raise()

    def close(self) -> None:
        """Stop the thread once it has consumed the buffers already queued; safe to call again."""
        ended, self._thread = self._thread, None
        if ended is not None:
            self._filled.put(None)  # harmless if the thread already stopped on an error
            ended.acquire()  # released by the thread as its last act
            while not self._filled.empty():  # left by a thread that stopped on an error
                item = self._filled.get()
                if item is not None and item[2] >= 0:
                    os.close(item[2])  # a large file the thread was to read

    def _start(self) -> None:
        # _thread and _queue rather than threading and queue: the thread needs nothing more than
        # a lock to say it has ended, and importing threading is 4 ms of start-up (15 M
        # instructions) on the path where hashing is meant to take less time than Nix.
        import _queue
        import _thread

        self._filled: _queue.SimpleQueue = _queue.SimpleQueue()
        self._free: _queue.SimpleQueue = _queue.SimpleQueue()
        self._count = 1  # buffers in rotation; more are made by _spare when none is free
        self._limit = BUFFERS_THREADED
        self._waited = self._idle = 0  # ns the walker waited for a free buffer, the hasher for a full one
        ended = _thread.allocate_lock()
        ended.acquire()
        self._thread = ended
        _thread.start_new_thread(self._consume, (ended,))  # ends with the process, like a daemon thread

    def _consume(self, ended: object) -> None:
        try:
            filled, idle = self._filled, 0
            while True:
                start = _clock()
                item = filled.get()
                self._idle = idle = idle + _clock() - start
                if item is None:
                    break
                buf, n, fd, size, path = item
                if n:
                    self.sink(memoryview(buf)[:n])
                if fd >= 0:
                    try:
                        self._read(fd, size, buf, path)
                    finally:
                        os.close(fd)
                self._free.put(buf)
        except BaseException as exc:  # handed to the caller, who re-raises it
            self._error = exc
            self._free.put(None)
        finally:
            ended.release()  # type: ignore[attr-defined]

    def _read(self, fd: int, size: int, buf: bytearray, path: bytes) -> None:
        """Hash the *size* bytes of *fd* read through *buf*; like :meth:`_Walker._contents`, each read
        asks for one byte more than is left, so a file that changed size is an error, not a wrong hash."""
        view = memoryview(buf)
        iov = [view]
        sink, readv = self.sink, os.readv
        left = size
        try:
            while True:
                want = min(len(buf), left + 1)
                iov[0] = view[:want]
                n = readv(fd, iov)
                left -= n
                if left < 0 or (n == 0 and left > 0):
                    raise SourceError("file changed size while being hashed", path=os.fsdecode(path))
                if n:
                    sink(view[:n])
                if n < want and left == 0:
                    return
        except OSError as exc:
            raise _source_error(exc, path) from None

    def _raise(self) -> None:
        self.close()
        error = self._error
        assert error is not None
        raise error


#: Room past :data:`BUFFER` for the tokens of one entry and those carried over from earlier ones
#: (names have at most 255 bytes, link targets 4095).
_SLACK = 1 << 14
#: Tokens carried over (closing tokens, symlinks) are written once they exceed this size.
_CARRY = 1 << 12


# --------------------------------------------------------------------------------------------------
# Writing tokens


class NarWriter:
    """Emits NAR tokens to *sink* (``hashlib``'s ``update`` or a file's ``write``) in whole buffers.

    The structural methods (:meth:`directory`, :meth:`entry`, :meth:`end`, …) let callers that do
    not walk a real directory (tar streams) produce the same bytes as :func:`dump_path`.  The sink
    must consume each buffer before returning (or, threaded, before the next one is handed over):
    buffers are reused.  Call :meth:`flush` at the end.
    """

    __slots__ = ("feed", "buf", "view", "pos")

    def __init__(self, sink: Sink, *, threaded: Optional[bool] = False, size: Optional[int] = None):
        self.feed = _Feed(sink, BUFFER if size is None else size, threaded)
        self._use(self.feed.buffer())
        self.view[: len(MAGIC)] = MAGIC
        self.pos = len(MAGIC)

    def _use(self, buf: bytearray) -> None:
        self.buf = buf
        self.view = memoryview(buf)

    def raw(self, data: bytes | bytearray | memoryview) -> None:
        """Append bytes; those that do not fit are copied through the buffers piece by piece."""
        n = len(data)
        pos = self.pos
        size = self.feed.size
        if pos + n <= size:
            self.view[pos : pos + n] = data
            self.pos = pos + n
            return
        data = memoryview(data).cast("B")
        done = 0
        while done < n:
            if pos >= size:
                self._use(self.feed.submit(self.buf, pos))
                pos = 0
            take = min(size - pos, n - done)
            self.view[pos : pos + take] = data[done : done + take]
            pos += take
            done += take
        self.pos = pos

    def large(self, data: bytes | bytearray | memoryview) -> None:
        """File contents: handed to an inline sink as they are when they fill a buffer (no copy)."""
        if len(data) < self.feed.size or self.feed.threaded:
            self.raw(data)
            return
        if self.pos:
            self._use(self.feed.submit(self.buf, self.pos))
            self.pos = 0
        self.feed.sink(memoryview(data))

    def flush(self) -> None:
        """Hand everything written so far to the sink and wait until it is consumed."""
        self.feed.finish(self.buf, self.pos)
        self.pos = 0

    def close(self) -> None:
        """Release the hashing thread after a failure (:meth:`flush` does it on success)."""
        self.feed.close()

    # structure
    def regular(self, executable: bool, data: bytes) -> None:
        self.raw(_REGULAR_HEAD[executable] + _u64(len(data)))
        self.raw(data)
        self.raw(_pad(len(data)) + _CLOSE)

    def regular_start(self, executable: bool, size: int) -> None:
        """Begin a file whose *size* bytes follow through :meth:`large`; close with :meth:`regular_end`."""
        self.raw(_REGULAR_HEAD[executable] + _u64(size))

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


def dump_path(path: StrPath, sink: Sink, *, threaded: Optional[bool] = None) -> None:
    """Write the NAR of *path* (never following symlinks) to *sink*, like ``nix-store --dump``.

    *sink* receives whole buffers and must consume each before returning (``hashlib``'s ``update``
    does; it is called on a second thread when one pays off, see :class:`_Feed`).  *threaded*
    forces that choice; by default a thread is used when this process may use a second CPU.
    """
    bpath = os.fsencode(path)
    try:
        st = os.lstat(bpath)
    except OSError as exc:
        raise _source_error(exc, bpath) from None
    walker = _Walker(_Feed(sink, BUFFER, threaded))
    try:
        walker.dump(bpath, st)
    finally:
        walker.feed.close()


def _source_error(exc: OSError, path: bytes) -> SourceError:
    where = exc.filename if isinstance(exc.filename, bytes) else path
    return SourceError((exc.strerror or str(exc)).lower(), path=os.fsdecode(where))


#: entry token up to the name's length, by name length (names are at most 255 bytes on Linux)
_ENTRY_LEN = [_ENTRY + _u64(n) for n in range(256)]
#: after the name: its padding, then ``node`` and the start of a regular node (plain, executable)
_TO_REGULAR = tuple(tuple(_pad(n) + _NODE + _REGULAR_HEAD[x] for n in range(8)) for x in (0, 1))
_TO_DIRECTORY = tuple(_pad(n) + _NODE + _DIRECTORY for n in range(8))
_TO_SYMLINK = tuple(_pad(n) + _NODE + _SYMLINK for n in range(8))
#: padding + ``)`` closing the node + ``)`` closing the entry, by size modulo 8
_TAIL = tuple(_pad(n) + _CLOSE + _CLOSE for n in range(8))
_CLOSE_ENTRY = _CLOSE + _CLOSE  # a directory node, then its entry
#: no symlinks followed, and no waiting on a FIFO that replaced a file after the listing
_O_FILE = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _regular(fd: int, path: bytes) -> os.stat_result:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise SourceError("changed while being hashed", path=os.fsdecode(path))
    return st


_BY_NAME = operator.attrgetter("name")  # bytes: directories are listed by bytes path


class _Walker:
    """Writes the NAR of a tree into the feed's buffers (see the module docstring for the why).

    Writes go through a memoryview: assigning bytes to a bytearray slice copies them into a
    temporary bytearray first, a memoryview slice takes them as they are.
    """

    __slots__ = ("feed", "buf", "view", "cap")

    def __init__(self, feed: _Feed):
        self.feed = feed
        self.cap = feed.size
        self._use(feed.buffer())

    def _use(self, buf: bytearray) -> None:
        self.buf = buf
        self.view = memoryview(buf)

    def _swap(self, pos: int) -> int:
        self._use(self.feed.submit(self.buf, pos))
        return 0

    def dump(self, path: bytes, st: os.stat_result) -> None:
        view = self.view
        view[: len(MAGIC)] = MAGIC
        pos = len(MAGIC)
        mode = st.st_mode
        try:
            if stat.S_ISDIR(mode):
                pos = self._tree(path, pos)
            elif stat.S_ISREG(mode):
                fd = os.open(path, _O_FILE)
                try:
                    st = _regular(fd, path)
                    size = st.st_size
                    head = _REGULAR_HEAD[bool(st.st_mode & stat.S_IXUSR)] + _u64(size)
                    view[pos : pos + len(head)] = head
                    pos = self._contents(fd, size, pos + len(head), path)
                finally:
                    os.close(fd)
                pos = self._put(pos, _pad(size) + _CLOSE)  # the root node has no entry to close
            elif stat.S_ISLNK(mode):
                target = os.readlink(path)
                pos = self._put(pos, _SYMLINK + nar_string(target) + _CLOSE)
            else:
                raise SourceError("cannot be archived: not a file, directory or symlink", path=os.fsdecode(path))
        except OSError as exc:
            raise _source_error(exc, path) from None
        self.feed.finish(self.buf, pos)

    def _put(self, pos: int, data: bytes) -> int:
        if pos > self.cap:
            pos = self._swap(pos)
        self.view[pos : pos + len(data)] = data
        return pos + len(data)

    def _tree(self, root: bytes, pos: int) -> int:
        """The root directory and everything below it; entries never follow symlinks.

        The loop is written for the interpreter: locals only, one token string per entry (the
        previous entry's closing tokens wait in *pending* and go out with the next header).
        """
        view, cap = self.view, self.cap
        fstat, open_, close, readv, readlink = os.fstat, os.open, os.close, os.readv, os.readlink
        listing, entry_len, to_regular, tail, join = self._list, _ENTRY_LEN, _TO_REGULAR, _TAIL, b"".join
        feed = self.feed.submit_file
        iov = [view]  # readv's one-buffer list, reused
        pending = _DIRECTORY  # tokens not yet in the buffer
        path = root
        # One frame per open directory: an iterator over its sorted entries, the entries, and the
        # index of its last subdirectory (_UNKNOWN until a large file asks, see _dirs_ahead).
        entries = listing(root)
        stack = [[iter(entries), entries, _UNKNOWN]]
        try:
            while stack:
                for entry in stack[-1][0]:
                    if pos > cap:
                        pos = self._swap(pos)
                        view = self.view
                    name = entry.name
                    path = entry.path  # the directory's path, "/", the name: made by scandir
                    length = len(name)
                    if entry.is_file(follow_symlinks=False):
                        fd = open_(path, _O_FILE)
                        try:
                            st = fstat(fd)
                            size = st.st_size
                            mode = st.st_mode
                            if mode & 0o170000 != 0o100000:
                                raise SourceError("changed while being hashed", path=os.fsdecode(path))
                            head = join((pending, entry_len[length] if length < 256 else _ENTRY + _u64(length), name,
                                         to_regular[mode & 0o100 != 0][length & 7], _u64(size)))
                            end = pos + len(head)
                            view[pos:end] = head
                            if end + size < cap:  # the contents and one more byte fit: one read
                                pos = end + size
                                iov[0] = view[end : pos + 1]
                                n = readv(fd, iov)
                                if n != size:  # a short read, or a file that grew
                                    pos = self._contents(fd, size, end + n, path, n)
                                    view = self.view
                            else:
                                pos = end
                                if (size >= cap >> 1 and _dirs_ahead(stack)
                                        and (spare := feed(self.buf, pos, fd, size, path))):
                                    self._use(spare)  # the hashing thread reads this file
                                    pos = 0
                                else:
                                    if size < cap >> 1:  # keep small files whole: hand over first
                                        pos = self._swap(pos)
                                    pos = self._contents(fd, size, pos, path)
                                view = self.view
                        finally:
                            close(fd)
                        pending = tail[size & 7]
                    elif entry.is_dir(follow_symlinks=False):
                        head = join((pending, entry_len[length] if length < 256 else _ENTRY + _u64(length), name,
                                     _TO_DIRECTORY[length & 7]))
                        end = pos + len(head)
                        view[pos:end] = head
                        pos = end
                        pending = b""
                        entries = listing(path)
                        stack.append([iter(entries), entries, _UNKNOWN])
                        break
                    elif entry.is_symlink():
                        pending = join((pending, entry_len[length] if length < 256 else _ENTRY + _u64(length), name,
                                        _TO_SYMLINK[length & 7], nar_string(readlink(path)), _CLOSE_ENTRY))
                        if len(pending) > _CARRY:
                            end = pos + len(pending)
                            view[pos:end] = pending
                            pos = end
                            pending = b""
                    else:
                        raise SourceError("cannot be archived: not a file, directory or symlink", path=os.fsdecode(path))
                else:  # every entry written: close the directory (and its entry, below the root)
                    stack.pop()
                    pending += _CLOSE_ENTRY if stack else _CLOSE
                    if len(pending) > _CARRY or not stack:
                        if pos > cap:
                            pos = self._swap(pos)
                            view = self.view
                        end = pos + len(pending)
                        view[pos:end] = pending
                        pos = end
                        pending = b""
        except OSError as exc:
            raise _source_error(exc, path) from None
        return pos

    @staticmethod
    def _list(path: bytes) -> list[os.DirEntry]:
        # Byte order of the raw names: Nix's order, independent of the locale.
        with os.scandir(path) as it:
            return sorted(it, key=_BY_NAME)

    def _contents(self, fd: int, size: int, pos: int, path: bytes, done: int = 0) -> int:
        """Read the rest of a file of *size* bytes (*done* already read) into the buffers.

        Each read asks for one byte more than is left, so a read that comes back short proves the
        end of the file; a file that grows or shrinks meanwhile is an error, never a wrong hash.
        """
        cap = self.cap
        left = size - done
        while True:
            if pos >= cap:
                pos = self._swap(pos)
            want = min(cap - pos, left + 1)
            n = os.readv(fd, [self.view[pos : pos + want]])
            pos += n
            left -= n
            if left < 0 or (n == 0 and left > 0):
                raise SourceError("file changed size while being hashed", path=os.fsdecode(path))
            if n < want and left == 0:
                return pos


_UNKNOWN = -2  # a frame's last subdirectory, not looked for yet


def _dirs_ahead(stack: list[list]) -> bool:
    """Whether a directory is still to be walked after the current entry of the innermost frame.

    Asked at each large file when hashing on a thread: if so, the hashing thread reads the file
    itself and the walker goes on walking meanwhile (its output waits in spare buffers); if not,
    the walker would only wait, so it reads the file into the buffers while the thread hashes.
    The index of a frame's last subdirectory is found once, so many large files cost no more.
    """
    for frame in stack:
        it, entries, last = frame
        if last == _UNKNOWN:
            last = frame[2] = max((i for i, e in enumerate(entries) if e.is_dir(follow_symlinks=False)), default=-1)
        if last >= len(entries) - operator.length_hint(it):  # the next entry's index, iteration being in order
            return True
    return False


def nar_hash_path(path: StrPath, *, threaded: Optional[bool] = None) -> Hash:
    """sha256 of the NAR of *path*: equals ``nix hash path`` / ``nix-hash --type sha256``."""
    h = hashlib.sha256()
    dump_path(path, h.update, threaded=threaded)
    return Hash(h.digest())


def nar_bytes(path: StrPath, *, threaded: Optional[bool] = False) -> bytes:
    """The whole NAR of *path* in memory (for tests and small trees; use :func:`dump_path` otherwise)."""
    out = bytearray()
    dump_path(path, out.extend, threaded=threaded)
    return bytes(out)


def hash_bytes(data: bytes) -> Hash:
    return Hash(hashlib.sha256(data).digest())


