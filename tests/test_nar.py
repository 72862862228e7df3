"""NAR serialisation: hand-written bytes for tiny cases, real Nix as the oracle for everything else."""

from __future__ import annotations

import _thread
import base64
import hashlib
import os
import random
import re
import shutil
import stat
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from nixeval import NIX_CONFIG  # noqa: E402

from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.hashing import nar
from nixpkgs_contrib.hashing.nar import Hash, from_base32, nar_bytes, nar_hash_path, to_base32

requires_nix = pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs a Nix installation")


def nix(*argv: str | os.PathLike[str]) -> bytes:
    env = dict(os.environ, NIX_CONFIG=NIX_CONFIG)
    return subprocess.run([os.fspath(a) for a in argv], check=True, capture_output=True, env=env).stdout


def tok(data: bytes) -> bytes:
    """A NAR string written out by hand from the format description (not via the code under test)."""
    return len(data).to_bytes(8, "little") + data + b"\0" * ((8 - len(data) % 8) % 8)


# -------------------------------------------------------------------------------- Nix-free units


def test_nar_of_a_tiny_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"hello\n")
    expected = b"".join(
        tok(t) for t in (b"nix-archive-1", b"(", b"type", b"regular", b"contents", b"hello\n", b")")
    )
    assert nar_bytes(tmp_path / "f") == expected


def test_nar_of_an_executable_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"")
    (tmp_path / "x").chmod(0o700)
    os.symlink("x", tmp_path / "l")
    tokens = [b"nix-archive-1", b"(", b"type", b"directory"]
    tokens += [b"entry", b"(", b"name", b"l", b"node", b"(", b"type", b"symlink", b"target", b"x", b")", b")"]
    tokens += [b"entry", b"(", b"name", b"x", b"node", b"(", b"type", b"regular", b"executable", b""]
    tokens += [b"contents", b"", b")", b")", b")"]
    assert nar_bytes(tmp_path) == b"".join(tok(t) for t in tokens)


def test_base32_of_known_digests() -> None:
    # pairs printed by `nix-hash --type sha256 --to-base32 <hex>`
    known = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73",
        "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03": "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq",
    }
    for hex_digest, b32 in known.items():
        digest = bytes.fromhex(hex_digest)
        assert to_base32(digest) == b32
        assert from_base32(b32) == digest


def test_hash_spellings_round_trip() -> None:
    digest = hashlib.sha256(b"hello\n").digest()
    h = Hash(digest)
    assert h.sri == "sha256-" + base64.b64encode(digest).decode()
    assert h.hex == digest.hex()
    for text in (h.sri, h.base32, h.hex, "sha256:" + h.hex, "sha256:" + h.base32, f"  {h.sri}\n"):
        assert Hash.parse(text) == h


@pytest.mark.parametrize(
    "text",
    [
        "sha256-AAAA",  # too short
        "sha256-" + "!" * 44,  # not base64
        "sha512-" + base64.b64encode(bytes(64)).decode(),  # other algorithm
        "md5:" + "0" * 32,
        "z" * 64,  # not hex
        "e" * 52,  # 'e' is not in Nix's base32 alphabet
        "z" * 52,  # overflows 32 bytes
        "",
    ],
)
def test_hash_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        Hash.parse(text)


def test_hash_needs_32_bytes() -> None:
    with pytest.raises(ValueError):
        Hash(b"short")
    with pytest.raises(TypeError):
        Hash("0" * 32)  # type: ignore[arg-type]


def test_hash_is_an_immutable_value() -> None:
    a, b = Hash(bytes(32)), Hash(bytes(32))
    assert a == b and hash(a) == hash(b) and a != Hash(bytes(31) + b"\1") and a != a.digest
    assert len({a, b}) == 1 and repr(a) == f"Hash({a.sri!r})"
    with pytest.raises(AttributeError):
        a.digest = bytes(32)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.digest


def test_special_files_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(SourceError, match="not a file, directory or symlink"):
        nar_hash_path(tmp_path)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        nar_hash_path(tmp_path / "missing")




# -------------------------------------------------------------------------------- Nix as oracle


def make_every_kind(root: Path) -> Path:
    """A tree with every entry kind and the names that trip up sorting."""
    root.mkdir()
    (root / "plain").write_bytes(b"text\n")
    (root / "empty").write_bytes(b"")
    (root / "exec").write_bytes(b"#!/bin/sh\n")
    (root / "exec").chmod(0o755)
    (root / "group-exec-only").write_bytes(b"g")
    (root / "group-exec-only").chmod(0o654)
    (root / "read-only").write_bytes(b"ro")
    (root / "read-only").chmod(0o444)
    (root / "pad7").write_bytes(b"1234567")
    (root / "pad8").write_bytes(b"12345678")
    (root / "big").write_bytes(random.Random(2).randbytes(nar.CHUNK * 2 + 13))
    (root / "exactly-chunk").write_bytes(bytes(nar.CHUNK))
    (root / "empty-dir").mkdir()
    (root / "dir" / "sub").mkdir(parents=True)
    (root / "dir" / "sub" / "leaf").write_bytes(b"leaf")
    # byte order vs git order vs locale order
    for name in ("a", "a-b", "a.b", "a b", "A", "B", "_", "é", "\U0001f600", "zz"):
        (root / name).mkdir() if name in ("a", "a-b", "A") else (root / name).write_text(name)
    (root / "a" / "inner").write_text("x")
    raw = os.fsencode(root) + b"/not-utf8-\xff\xfe"
    with open(raw, "wb") as fh:
        fh.write(b"latin")
    os.mkdir(os.fsencode(root) + b"/dir-\xe9")
    os.symlink("plain", root / "link-file")
    os.symlink("dir", root / "link-dir")
    os.symlink("nowhere/at/all", root / "link-dangling")
    os.symlink("/absolute/target", root / "link-absolute")
    os.symlink(b"\xff-target", os.fsencode(root) + b"/link-bytes")
    return root


@pytest.mark.nix
@requires_nix
def test_every_kind_matches_nix(tmp_path: Path) -> None:
    root = make_every_kind(tmp_path / "tree")
    h = nar_hash_path(root)
    assert h.sri == nix("nix", "hash", "path", root).decode().strip()
    assert h.base32 == nix("nix-hash", "--type", "sha256", "--base32", root).decode().strip()
    assert nar_bytes(root) == nix("nix-store", "--dump", root)


@pytest.mark.nix
@requires_nix
def test_single_file_and_symlink_roots_match_nix(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x" * 100)
    (tmp_path / "f").chmod(0o500)
    os.symlink("f", tmp_path / "l")
    for path in (tmp_path / "f", tmp_path / "l"):
        assert nar_hash_path(path).sri == nix("nix", "hash", "path", path).decode().strip()


def random_tree(root: Path, rng: random.Random, depth: int = 0) -> None:
    root.mkdir()
    alphabet = ["a", "b", "-", ".", "_", " ", "A", "é", "0"]
    for _ in range(rng.randint(0, 7)):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
        path = root / name
        if os.path.lexists(path) or name in (".", ".."):
            continue
        kind = rng.random()
        if kind < 0.25 and depth < 3:
            random_tree(path, rng, depth + 1)
        elif kind < 0.35:
            os.symlink(rng.choice(["a", "..", "missing"]), path)
        else:
            path.write_bytes(rng.randbytes(rng.choice([0, 1, 7, 8, 9, 100, 5000])))
            path.chmod(rng.choice([0o644, 0o755, 0o600, 0o700]))


@pytest.mark.nix
@requires_nix
@pytest.mark.parametrize("seed", range(6))
def test_random_trees_match_nix(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "tree"
    random_tree(root, random.Random(seed))
    assert nar_hash_path(root).sri == nix("nix", "hash", "path", root).decode().strip()


def test_nar_string_padding() -> None:
    assert nar.nar_string(b"abc") == struct.pack("<Q", 3) + b"abc" + bytes(5)
    assert nar.nar_string(b"") == bytes(8)


# -------------------------------------------------------------------------------- buffers, threads, failures


def reference_nar(path: bytes) -> bytes:
    """The NAR of *path*, serialised the simplest way (recursion, whole files in memory)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return tok(b"(") + tok(b"type") + tok(b"symlink") + tok(b"target") + tok(os.readlink(path)) + tok(b")")
    if stat.S_ISREG(st.st_mode):
        executable = tok(b"executable") + tok(b"") if st.st_mode & 0o100 else b""
        with open(path, "rb") as fh:
            contents = fh.read()
        return tok(b"(") + tok(b"type") + tok(b"regular") + executable + tok(b"contents") + tok(contents) + tok(b")")
    out = tok(b"(") + tok(b"type") + tok(b"directory")
    for name in sorted(os.listdir(path)):
        out += tok(b"entry") + tok(b"(") + tok(b"name") + tok(name) + tok(b"node") + reference_nar(path + b"/" + name) + tok(b")")
    return out + tok(b")")


def awkward_tree(root: Path) -> Path:
    """Every kind of entry, plus what stresses the buffers: files around the buffer size, a run of
    symlinks with long targets, a deep chain of directories (many closing tokens in a row)."""
    make_every_kind(root)
    rng = random.Random(7)
    sizes = [0, 1, 7, 8, 9, 63, 64, 65, 999, 1000, 1001, 4095, 4096, 4097, 30_000, 70_000, 300_000]
    for i, size in enumerate(sizes):
        (root / f"size-{i:02}").write_bytes(rng.randbytes(size))
    links = root / "links"
    links.mkdir()
    for i in range(40):
        os.symlink("t" * 4000 + str(i), links / f"l{i:02}")
    deep = root / "deep"
    for i in range(60):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "bottom").write_bytes(b"x")
    return root


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    root = awkward_tree(tmp_path_factory.mktemp("awkward") / "tree")
    return root, b"".join([tok(b"nix-archive-1"), reference_nar(os.fsencode(root))])


@pytest.mark.parametrize("threaded", [False, True])
@pytest.mark.parametrize("buffer", [64, 1000, 4096, nar.BUFFER])
def test_buffer_sizes_and_threads_write_the_same_bytes(
    awkward: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch, buffer: int, threaded: bool
) -> None:
    root, expected = awkward
    monkeypatch.setattr(nar, "BUFFER", buffer)
    assert nar_bytes(root, threaded=threaded) == expected
    assert nar_hash_path(root, threaded=threaded) == nar.hash_bytes(expected)


def test_root_spellings_give_the_same_nar(awkward: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    root, expected = awkward
    monkeypatch.chdir(root.parent)
    for spelling in (str(root) + "/", str(root) + "//", root.name, "./" + root.name + "/", os.fsencode(root)):
        assert nar_bytes(spelling) == expected, spelling


def test_single_files_in_every_buffer_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = random.Random(1).randbytes(300_000)
    for size in (0, 5, 64, 999, 4096, 300_000):
        (tmp_path / "f").write_bytes(data[:size])
        expected = tok(b"nix-archive-1") + reference_nar(os.fsencode(tmp_path / "f"))
        for buffer in (64, 4096, nar.BUFFER):
            monkeypatch.setattr(nar, "BUFFER", buffer)
            assert nar_bytes(tmp_path / "f", threaded=buffer == 64) == expected, (size, buffer)


def test_short_reads_are_continued(awkward: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """A read may return fewer bytes than asked before the end of the file (FUSE, NFS)."""
    root, expected = awkward
    real = os.readv

    def stingy(fd: int, buffers: list) -> int:
        return real(fd, [memoryview(buffers[0])[:7]])

    monkeypatch.setattr(os, "readv", stingy)
    monkeypatch.setattr(nar, "BUFFER", 1000)
    assert nar_bytes(root) == expected


@pytest.mark.parametrize("lie", [-1, +1, -5000])
def test_files_that_change_size_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lie: int) -> None:
    """fstat says one size, the reads find another: the file changed while it was hashed."""
    (tmp_path / "small").write_bytes(bytes(100))
    (tmp_path / "large").write_bytes(bytes(20_000))
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        st = real(fd)
        fields = list(st)
        fields[stat.ST_SIZE] = max(0, st.st_size + lie)
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)
    monkeypatch.setattr(nar, "BUFFER", 4096)
    with pytest.raises(SourceError, match="changed size while being hashed"):
        nar_hash_path(tmp_path)


def promptly(call: Callable[[], object], seconds: float = 30) -> BaseException | None:
    """Run *call* on a watchdog thread: the exception it raised, or a test failure if it hangs."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: B036  # reported to the test
            outcome.append(exc)
        else:
            outcome.append(None)

    watchdog = threading.Thread(target=target, daemon=True)
    watchdog.start()
    watchdog.join(seconds)
    assert outcome, f"still running after {seconds} s: a thread waits forever"
    return outcome[0]


def no_thread_left(before: int, seconds: float = 10) -> bool:
    """Whether the threads running are back to *before* (``_thread._count()`` then), waiting for
    those that are ending (the hashing thread is started with _thread: threading does not list it)."""
    deadline = time.monotonic() + seconds
    while _thread._count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    return _thread._count() <= before


@pytest.fixture
def many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Enough data for many small buffers, so the hashing thread is running when things fail."""
    rng = random.Random(3)
    for i in range(60):
        (tmp_path / f"f{i:02}").write_bytes(rng.randbytes(3000))
    monkeypatch.setattr(nar, "BUFFER", 1024)
    assert nar_hash_path(tmp_path, threaded=True) == nar_hash_path(tmp_path, threaded=False)
    return tmp_path


def test_a_read_error_ends_the_hashing_thread(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _thread._count()
    real, calls = os.readv, []

    def failing(fd: int, buffers: list) -> int:
        calls.append(fd)
        if len(calls) == 30:
            raise OSError(5, "Input/output error")
        return real(fd, buffers)

    monkeypatch.setattr(os, "readv", failing)
    error = promptly(lambda: nar_hash_path(many_files, threaded=True))
    assert isinstance(error, SourceError)
    assert re.fullmatch(re.escape(str(many_files)) + r"/f\d\d: input/output error", str(error))
    assert no_thread_left(before)


@pytest.mark.parametrize("fail_at", [1, 5])
def test_a_hash_error_is_raised_in_the_caller(many_files: Path, fail_at: int) -> None:
    before = _thread._count()
    seen = []

    def sink(data: memoryview) -> None:
        seen.append(len(data))
        if len(seen) == fail_at:
            raise RuntimeError("sink broke")

    error = promptly(lambda: nar.dump_path(many_files, sink, threaded=True))
    assert isinstance(error, RuntimeError) and str(error) == "sink broke"
    assert no_thread_left(before)


def test_a_hash_error_at_the_last_buffer_is_raised(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _thread._count()
    monkeypatch.setattr(nar, "BUFFER", 1 << 20)  # one buffer: the failure comes while finishing

    def sink(data: memoryview) -> None:
        raise RuntimeError("sink broke")

    for threaded in (False, True):
        error = promptly(lambda threaded=threaded: nar.dump_path(many_files, sink, threaded=threaded))
        assert isinstance(error, RuntimeError)
    assert no_thread_left(before)


def test_threads_only_with_a_free_second_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nar, "_running", lambda: 1)  # only us
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not nar.second_cpu()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3})
    assert nar.second_cpu()
    monkeypatch.setattr(nar, "_running", lambda: 2)  # both CPUs busy
    assert not nar.second_cpu()


def test_running_tasks_are_read_from_the_kernel() -> None:
    if not os.path.exists("/proc/loadavg"):
        pytest.skip("no /proc/loadavg")
    assert nar._running() >= 1  # this process is running


def test_the_thread_is_decided_at_the_first_full_buffer(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    monkeypatch.setattr(nar, "second_cpu", lambda: asked.append(1) or True)
    expected = nar_hash_path(many_files, threaded=False)
    assert nar_hash_path(many_files) == expected and asked == [1]
    monkeypatch.setattr(nar, "BUFFER", 1 << 20)  # everything fits in one buffer: no thread, no question
    assert nar_hash_path(many_files) == expected and asked == [1]


def test_the_writer_gives_the_same_bytes_in_any_buffer_size() -> None:
    """NarWriter (tar streams) batches small tokens and passes large contents through in pieces."""
    data = random.Random(4).randbytes(10_000)

    def write(size: int, threaded: bool) -> bytes:
        out = bytearray()
        w = nar.NarWriter(out.extend, size=size, threaded=threaded)
        w.directory()
        for i, n in enumerate([0, 3, 100, 5000, 10_000]):
            w.entry(b"f%d" % i)
            w.regular(bool(i % 2), data[:n])
            w.end_entry()
        w.entry(b"big")
        w.regular_start(False, 10_000)
        for piece in (data[:1], data[1:9000], data[9000:]):
            w.large(piece)
        w.regular_end(10_000)
        w.end_entry()
        w.end()
        w.flush()
        return bytes(out)

    expected = write(1 << 20, False)
    for size in (16, 100, 4096):
        for threaded in (False, True):
            assert write(size, threaded) == expected


@pytest.fixture
def files_then_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Large files (for 1 KiB buffers) with directories after them: the hashing thread reads the
    large files while the walker walks on; under ``z-tail``, large files with nothing after them."""
    rng = random.Random(5)
    for i in range(12):
        (tmp_path / f"a-big-{i:02}").write_bytes(rng.randbytes(1100 + 997 * i))
    for d in range(3):
        sub = tmp_path / f"m-dir-{d}"
        sub.mkdir()
        for i in range(40):
            (sub / f"s{i:02}").write_bytes(rng.randbytes(rng.randrange(0, 300)))
    tail = tmp_path / "z-tail"
    tail.mkdir()
    for i in range(3):
        (tail / f"big-{i}").write_bytes(rng.randbytes(5000))
    monkeypatch.setattr(nar, "BUFFER", 1024)
    monkeypatch.setattr(nar, "_clock", lambda: 0)  # no side ever seen waiting: every such file is handed over
    return tmp_path


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
@pytest.mark.parametrize("ahead", [2, 3, nar.BUFFERS_AHEAD])
def test_large_files_read_by_the_hashing_thread(
    files_then_dirs: Path, monkeypatch: pytest.MonkeyPatch, ahead: int
) -> None:
    """The thread reads the large files followed by directories; the walker those with none after."""
    expected = tok(b"nix-archive-1") + reference_nar(os.fsencode(files_then_dirs))
    monkeypatch.setattr(nar, "BUFFERS_AHEAD", ahead)
    real, readers = os.readv, {}

    def readv(fd: int, buffers: list) -> int:
        name = os.readlink(f"/proc/self/fd/{fd}")
        readers.setdefault(os.path.basename(name), set()).add(threading.get_ident())
        return real(fd, buffers)

    monkeypatch.setattr(os, "readv", readv)
    before = open_fds()
    assert nar_bytes(files_then_dirs, threaded=True) == expected
    assert nar_hash_path(files_then_dirs, threaded=True) == nar.hash_bytes(expected)
    assert open_fds() == before
    me = threading.get_ident()
    assert all(me not in readers[f"a-big-{i:02}"] for i in range(12))
    assert all(readers[f"big-{i}"] == {me} for i in range(3))
    assert readers["s00"] == {me}


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_the_hashing_thread_continues_short_reads(files_then_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tok(b"nix-archive-1") + reference_nar(os.fsencode(files_then_dirs))
    real = os.readv
    monkeypatch.setattr(os, "readv", lambda fd, buffers: real(fd, [memoryview(buffers[0])[:7]]))
    assert nar_bytes(files_then_dirs, threaded=True) == expected


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
@pytest.mark.parametrize("fail_at", [1, 2, 12])
def test_a_read_error_in_the_hashing_thread_is_raised(
    files_then_dirs: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """A large file the thread reads fails: the error names it, no thread or descriptor is left."""
    before_threads, before_fds = _thread._count(), open_fds()
    walker, real, calls = [], os.readv, []

    def failing(fd: int, buffers: list) -> int:
        if threading.get_ident() not in walker:  # the hashing thread
            calls.append(fd)
            if len(calls) == fail_at:
                raise OSError(5, "Input/output error")
        return real(fd, buffers)

    def run() -> None:
        walker.append(threading.get_ident())  # promptly runs the walk on a watchdog thread
        nar_hash_path(files_then_dirs, threaded=True)

    monkeypatch.setattr(os, "readv", failing)
    error = promptly(run)
    assert isinstance(error, SourceError)
    assert re.fullmatch(re.escape(str(files_then_dirs)) + r"/a-big-\d\d: input/output error", str(error))
    assert no_thread_left(before_threads)
    assert open_fds() == before_fds


@pytest.mark.parametrize("lie", [-1, +1])
def test_a_large_file_changing_size_in_the_hashing_thread_is_refused(
    files_then_dirs: Path, monkeypatch: pytest.MonkeyPatch, lie: int
) -> None:
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        fields = list(real(fd))
        fields[stat.ST_SIZE] = max(0, fields[stat.ST_SIZE] + lie)
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)
    before = _thread._count()
    error = promptly(lambda: nar_hash_path(files_then_dirs, threaded=True))
    assert isinstance(error, SourceError) and "changed size while being hashed" in str(error)
    assert no_thread_left(before)


def test_the_walker_reads_large_files_while_the_hasher_is_the_slower_side(tmp_path: Path) -> None:
    """Handing a file over only pays while the hasher has waited for the walker at least as long
    as the walker for the hasher; otherwise it would lengthen the slower side."""
    (tmp_path / "f").write_bytes(bytes(5000))
    seen: list[int] = []
    feed = nar._Feed(lambda data: seen.append(len(data)), 1024, threaded=True)
    fd = os.open(tmp_path / "f", os.O_RDONLY)
    try:
        first = feed.submit_file(feed.buffer(), 10, fd, 5000, b"f")  # starts the thread: nothing waited yet
        assert first is not None
        feed._waited, feed._idle = 10**9, 0
        assert feed.submit_file(first, 0, fd, 5000, b"f") is None
        feed.finish(first, 0)
    finally:
        os.close(fd)
    assert sum(seen) == 10 + 5000
