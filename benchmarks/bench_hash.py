"""Hashing benchmark: our NAR hashes against ``nix hash path`` and raw sha256.

    python benchmarks/bench_hash.py [--files 12000] [--repeat 3]

Generates a source-like tree (mostly small files, a few MB-sized ones) in a temporary directory and
prints a markdown table: best-of-N wall times, ours/nix ratios, and our throughput on large files
relative to hashlib.sha256 over the same bytes.  Needs nix, git and tar on PATH.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nixpkgs_contrib.hashing.nar import CHUNK, nar_hash_path  # noqa: E402
from nixpkgs_contrib.hashing.sources import hash_git  # noqa: E402

NIX_ENV = dict(
    os.environ,
    NIX_CONFIG="experimental-features = nix-command flakes\nsubstituters =\nuse-registries = false\nsandbox = false",
)
GIT_ENV = dict(
    os.environ,
    GIT_CONFIG_GLOBAL=os.devnull,
    GIT_CONFIG_NOSYSTEM="1",
    GIT_AUTHOR_NAME="bench",
    GIT_AUTHOR_EMAIL="bench@example.org",
    GIT_COMMITTER_NAME="bench",
    GIT_COMMITTER_EMAIL="bench@example.org",
)


def generate(root: Path, files: int, seed: int = 0) -> int:
    """A Python-project-like tree; returns its total size in bytes."""
    rng = random.Random(seed)
    total = 0
    big = max(1, files // 600)  # ~20 MB-sized files for 12k
    for i in range(files):
        pkg = f"pkg{i % 40}"
        sub = f"sub{(i // 40) % 25}"
        if i < big:
            path, size = root / "data" / f"blob-{i}.bin", rng.randint(1, 8) << 20
        elif i % 7 == 0:
            path, size = root / "tests" / pkg / f"test_{sub}_{i}.py", rng.randint(200, 6000)
        elif i % 11 == 0:
            path, size = root / "docs" / sub / f"page-{i}.rst", rng.randint(500, 20000)
        else:
            path, size = root / "src" / pkg / sub / f"module_{i}.py", int(rng.lognormvariate(7.5, 1.0))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(size))
        if i % 50 == 0:
            path.chmod(0o755)
        total += size
    return total


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(argv: list[str], **kwargs) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout.strip()


def raw_sha256(paths: list[Path], in_memory: list[bytes] | None = None) -> None:
    if in_memory is not None:
        for data in in_memory:
            hashlib.sha256(data).digest()
        return
    buf = bytearray(CHUNK)
    for path in paths:
        h = hashlib.sha256()
        with open(path, "rb", buffering=0) as fh:
            while n := fh.readinto(buf):
                h.update(memoryview(buf)[:n])
        h.digest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12000)
    parser.add_argument("--large-mib", type=int, default=96, help="total size of the large-file tree")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for tool in ("nix", "git", "tar"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not on PATH")

    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-hash-") as tmp:
        tmpdir = Path(tmp)
        tree = tmpdir / "tree"
        size = generate(tree, args.files)
        nix_hash = lambda p: run(["nix", "hash", "path", str(p)], env=NIX_ENV)  # noqa: E731
        assert nar_hash_path(tree).sri == nix_hash(tree), "hash mismatch on the source tree"
        ours = best(lambda: nar_hash_path(tree), args.repeat)
        theirs = best(lambda: nix_hash(tree), args.repeat)
        label = f"directory, {args.files} files, {size / 2**20:.0f} MiB"
        rows.append((label, f"{ours:.3f}", f"{theirs:.3f}", f"{ours / theirs:.2f}"))

        large = tmpdir / "large"
        large.mkdir()
        rng = random.Random(1)
        chunks = [rng.randbytes(32 << 20) for _ in range(max(1, args.large_mib // 32))]
        for i, data in enumerate(chunks):
            (large / f"f{i}").write_bytes(data)
        paths = sorted(large.iterdir())
        assert nar_hash_path(large).sri == nix_hash(large), "hash mismatch on the large files"
        ours_large = best(lambda: nar_hash_path(large), args.repeat)
        nix_large = best(lambda: nix_hash(large), args.repeat)
        read_sha = best(lambda: raw_sha256(paths), args.repeat)
        mem_sha = best(lambda: raw_sha256(paths, chunks), args.repeat)
        mib = sum(len(c) for c in chunks) / 2**20
        rows.append((f"large files, {mib:.0f} MiB", f"{ours_large:.3f}", f"{nix_large:.3f}", f"{ours_large / nix_large:.2f}"))
        del chunks

        repo = tree
        for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
            subprocess.run(["git", "-C", str(repo), *cmd], check=True, env=GIT_ENV, capture_output=True)

        def archive_then_nix() -> str:
            out = tmpdir / "unpacked"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            subprocess.run(f"git -C {repo} archive HEAD | tar -x -C {out}", shell=True, check=True)
            return nix_hash(out)

        assert hash_git(repo, "HEAD").sri == archive_then_nix(), "hash mismatch on git archive"
        ours_git = best(lambda: hash_git(repo, "HEAD"), args.repeat)
        nix_git = best(archive_then_nix, args.repeat)
        rows.append(("git rev: hash --git vs git archive, tar x, nix hash path", f"{ours_git:.3f}", f"{nix_git:.3f}", f"{ours_git / nix_git:.2f}"))

    print(f"best of {args.repeat}, seconds; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; {run(['nix', '--version'])}\n")
    print("| input | ours | nix | ours/nix |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("| large files: throughput | MiB/s | share of raw sha256 |")
    print("|---|---:|---:|")
    for label, seconds in (
        ("ours (NAR, read + hash)", ours_large),
        ("nix hash path", nix_large),
        ("hashlib.sha256, read + hash", read_sha),
        ("hashlib.sha256, bytes in memory", mem_sha),
    ):
        print(f"| {label} | {mib / seconds:.0f} | {mem_sha / seconds:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
