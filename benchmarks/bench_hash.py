"""Hashing benchmark: ``python -m nixpkgs_contrib hash`` against ``nix hash path``, whole process
against whole process.

    python benchmarks/bench_hash.py [--repeat 11] [--workdir DIR] [--no-git] [--counts] [--python PY]

Generates two trees of 12,000 files (the source-like tree of earlier figures, 1,110 directories and
134 MiB; and one with many small directories, 5,400 directories and 158 MiB), checks that our hash
equals Nix's for each, then times both commands as a user runs them: alternating, a warm-up round
dropped, medians of --repeat runs, on one CPU (both pinned with taskset) and on all CPUs (our
hashing thread can use a second one).  Ours runs with two interpreters, alternating with Nix: a
regular install's (measure.regular_install: no import hook) and the dev venv's, whose editable
install's finder costs about 12 ms at every start-up.  Ratios are ours/nix: below 1 we are faster.  The in-process
figure (a warm interpreter calling nar_hash_path, no start-up) is printed too, labelled as such;
it is not comparable with whole processes.  --counts adds system calls (strace -c -f) and
user-space instructions of start-up (callgrind), which do not depend on the machine's load.

Prints markdown rows for benchmarks/README.md and the README's Performance section.  Needs nix,
git and tar on PATH; taskset-style pinning needs Linux.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import measure  # noqa: E402

from nixpkgs_contrib.hashing.nar import BUFFER, nar_hash_path  # noqa: E402

#: `hash DIR` through the command line with the hashing thread forced on; prints the main thread's
#: CPU time since process start (time.thread_time) when it is done
THREAD_PROBE = (
    "import sys, time; from nixpkgs_contrib.hashing import nar; nar.second_cpu = lambda: True; "
    "from nixpkgs_contrib.cli import main; main(['hash', sys.argv[1]]); print(time.thread_time())"
)

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def generate(root: Path, files: int = 12000, seed: int = 0) -> int:
    """A Python-project-like tree (src/, tests/, docs/, 20 MB-sized files in data/); its size in bytes."""
    rng = random.Random(seed)
    total = 0
    big = max(1, files // 600)
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


def generate_directories(root: Path, files: int = 12000, directories: int = 5400, seed: int = 0) -> int:
    """Many small directories: a random tree of *directories* (at most 8 deep), every one holding
    at least one of the *files* (22 of 1–7 MiB, 85 MiB in all, the rest log-normal around 3 KiB)."""
    rng = random.Random(seed)
    dirs, depth = [root], {root: 0}
    for i in range(directories - 1):
        parent = rng.choice(dirs)
        while depth[parent] >= 7:
            parent = rng.choice(dirs)
        d = parent / f"d{i}"
        dirs.append(d)
        depth[d] = depth[parent] + 1
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(files):
        where = dirs[i] if i < len(dirs) else rng.choice(dirs)
        if i < 22:
            path, size = where / f"blob{i}.bin", (1 + (i * 3) % 7) << 20
        else:
            path, size = where / f"m{i}.py", int(rng.lognormvariate(8.0, 1.2))
        path.write_bytes(rng.randbytes(size))
        if i % 50 == 0:
            path.chmod(0o755)
        total += size
    return total


def generate_large(root: Path, mib: int) -> int:
    """*mib* MiB of incompressible data in 32 MiB files."""
    rng = random.Random(1)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(max(1, mib // 32)):
        (root / f"f{i}").write_bytes(rng.randbytes(32 << 20))
    return max(1, mib // 32) * (32 << 20)


def ensure(root: Path, make: Callable[[Path], int]) -> int:
    """Generate *root* unless a previous run left it complete (``--workdir``); its size in bytes."""
    done = root.with_name(root.name + ".done")
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        make(root)
        done.write_text("")
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def describe(root: Path, size: int) -> str:
    files = dirs = 0
    for _, dirnames, filenames in os.walk(root):
        files += len(filenames)
        dirs += len(dirnames)
    return f"{files:,} files, {dirs + 1:,} director{'y' if dirs == 0 else 'ies'}, {size / 2**20:.0f} MiB"


def best_in_process(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and best wall time of *fn* called in this (warm) process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def raw_sha256(paths: list[Path], buffer: bytearray) -> None:
    view = memoryview(buffer)
    for path in paths:
        h = hashlib.sha256()
        with open(path, "rb", buffering=0) as fh:
            while n := fh.readinto(buffer):
                h.update(view[:n])
        h.digest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="runs per command and condition (median)")
    parser.add_argument("--workdir", type=Path, help="keep the generated trees here between runs")
    parser.add_argument("--large-mib", type=int, default=96, help="total size of the large-file tree")
    parser.add_argument("--no-git", action="store_true", help="skip the git archive row (the slowest)")
    parser.add_argument("--python", action="append", default=[], metavar="PY",
                        help="also time a regular install of this interpreter (repeatable), e.g. "
                             "/usr/bin/python3.11 beside a pyenv build")
    parser.add_argument("--counts", action="store_true", help="also count system calls (strace) and instructions")
    parser.add_argument("--thread-estimate", action="store_true",
                        help="with the hashing thread forced on, the main thread's CPU time (what the wall time "
                             "would be with a second CPU idle) against Nix's whole CPU time: for a busy machine")
    args = parser.parse_args()
    for tool in ("nix", "git", "tar"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not on PATH")

    env = measure.child_env()
    measure.compile_package(env)
    cpu = measure.one_cpu()
    conditions = [("1 CPU", cpu)] + ([("all CPUs", None)] if len(os.sched_getaffinity(0)) > 1 else [])
    scratch = tempfile.TemporaryDirectory(prefix="bench-hash-") if args.workdir is None else None
    work = args.workdir or Path(scratch.name)  # type: ignore[union-attr]
    work.mkdir(parents=True, exist_ok=True)
    load_before = measure.load()

    trees = {
        "source tree": work / "tree-12k",
        "small directories": work / "tree-dirs",
        "large files": work / "large",
    }
    sizes = {
        "source tree": ensure(trees["source tree"], generate),
        "small directories": ensure(trees["small directories"], generate_directories),
        "large files": ensure(trees["large files"], lambda p: generate_large(p, args.large_mib)),
    }

    venv = tempfile.TemporaryDirectory(prefix="bench-hash-venv-")  # made for this interpreter, every run
    regular = measure.regular_install(Path(venv.name) / "venv")
    installs = {"regular": regular, "editable": measure.PYTHON}
    for n, python in enumerate(args.python):
        installs[f"regular, {python}"] = measure.regular_install(Path(venv.name) / f"venv-{n}", python)

    rows, in_process, counts, estimates = [], [], [], []
    for label, tree in trees.items():
        ours = {kind: [py, "-m", "nixpkgs_contrib", "hash", str(tree)] for kind, py in installs.items()}
        nix = ["nix", "hash", "path", str(tree)]
        nix_out = measure.run(nix, env).stdout.decode().strip()
        for kind, argv in ours.items():
            ours_out = measure.run(argv, env).stdout.decode().strip()
            if ours_out != nix_out:
                raise SystemExit(f"hash mismatch on {tree} ({kind}): ours {ours_out}, nix {nix_out}")
        what = f"{label}: {describe(tree, sizes[label])}"
        for condition, pinned in conditions:
            runs = measure.alternate({**ours, "nix": nix}, env, args.repeat, cpu=pinned)
            n, nc = measure.median_wall(runs["nix"]), measure.median_cpu(runs["nix"])
            for kind in installs:
                o, oc = measure.median_wall(runs[kind]), measure.median_cpu(runs[kind])
                rows.append((what, f"{condition}, {kind}", o, n, oc, nc, measure.command_line(ours[kind], cpu=pinned),
                             measure.command_line(nix, cpu=pinned)))
        median, _best = best_in_process(lambda tree=tree: nar_hash_path(tree), args.repeat)
        in_process.append((what, median, statistics.median(r.wall for r in runs["nix"])))
        if args.counts and shutil.which("strace"):
            counts.append((what, measure.syscalls(ours["regular"], env, cpu=cpu), measure.syscalls(ours["regular"], env),
                           measure.syscalls(nix, env)))
        if args.thread_estimate:
            probe = [regular, "-c", THREAD_PROBE, str(tree)]
            runs = measure.alternate({"probe": probe, "nix": nix}, env, args.repeat)
            main_cpu = statistics.median(float(r.stdout.split()[-1]) for r in runs["probe"])
            estimates.append((what, main_cpu, measure.median_cpu(runs["probe"]), measure.median_cpu(runs["nix"])))

    # raw throughput on large files, in this process: ours against hashlib over the same bytes
    large = sorted(trees["large files"].iterdir())
    mib = sizes["large files"] / 2**20
    buffer = bytearray(BUFFER)
    chunks = [p.read_bytes() for p in large]
    ours_large = best_in_process(lambda: nar_hash_path(trees["large files"], threaded=False), args.repeat)[1]
    ours_large_threaded = best_in_process(lambda: nar_hash_path(trees["large files"], threaded=True), args.repeat)[1]
    read_sha = best_in_process(lambda: raw_sha256(large, buffer), args.repeat)[1]
    mem_sha = best_in_process(lambda: [hashlib.sha256(c).digest() for c in chunks], args.repeat)[1]
    chunks.clear()

    git_row = None
    if not args.no_git:
        repo = work / "repo-12k"  # the source tree again, committed (a .git inside the tree above would be hashed)
        if not (repo / ".git").exists():
            shutil.rmtree(repo, ignore_errors=True)
            generate(repo)
            for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
                measure.run(["git", "-C", str(repo), *cmd], dict(env, **GIT_ENV))
        unpacked = work / "unpacked"
        script = (f'rm -rf "{unpacked}" && mkdir "{unpacked}" && git -C "{repo}" archive HEAD | tar -x -C "{unpacked}" '
                  f'&& nix hash path "{unpacked}"')
        git_ours = [regular, "-m", "nixpkgs_contrib", "hash", "--git", str(repo), "--rev", "HEAD"]
        theirs = ["sh", "-c", script]
        if measure.run(git_ours, env).stdout != measure.run(theirs, env).stdout:
            raise SystemExit("hash mismatch on git archive")
        runs = measure.alternate({"ours": git_ours, "nix": theirs}, env, max(3, args.repeat // 3))
        git_row = (measure.median_wall(runs["ours"]), measure.median_wall(runs["nix"]),
                   measure.command_line(git_ours), "git archive HEAD | tar -x && nix hash path")

    print(f"Machine: {measure.machine()}")
    print(f"Load average before: {load_before}; after: {measure.load()}")
    print(f"Whole processes, median of {args.repeat} alternating runs (a warm-up round dropped), seconds.\n")
    print(f"(regular: a regular install of {measure.PYTHON}, no import hook; editable: the dev venv's, whose")
    print("editable install's finder runs at every start-up; \"regular, PY\": a regular install of PY, --python.)\n")
    print("| input | CPUs, install | ours, wall | nix hash path, wall | ours/nix, wall | ours, CPU | nix, CPU | ours/nix, CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for what, condition, o, n, oc, nc, _, _ in rows:
        print(f"| {what} | {condition} | {o:.3f} | {n:.3f} | {o / n:.2f} | {oc:.3f} | {nc:.3f} | {oc / nc:.2f} |")
    if git_row:
        o, n, _, _ = git_row
        print(f"| git rev: `hash --git` vs `git archive \\| tar -x` + `nix hash path` | all | {o:.3f} | {n:.3f} | {o / n:.2f} | | | |")
    print("\nCommands (each pair run alternately):\n")
    for what, condition, *_, ours_cmd, nix_cmd in rows:
        print(f"- {what}, {condition}: `{ours_cmd}` vs `{nix_cmd}`")
    if git_row:
        print(f"- git: `{git_row[2]}` vs `{git_row[3]}`")

    print("\nIn-process (a warm interpreter calling nar_hash_path: no start-up, not comparable with the above):\n")
    print("| input | ours in-process, median s | nix hash path, whole process, median s |")
    print("|---|---:|---:|")
    for what, o, n in in_process:
        print(f"| {what} | {o:.3f} | {n:.3f} |")

    print(f"\nLarge files, {mib:.0f} MiB, in-process, best of {args.repeat}:\n")
    print("| large files: throughput | MiB/s | share of hashlib.sha256 in memory |")
    print("|---|---:|---:|")
    for label, seconds in (
        ("ours (NAR: read + hash), one thread", ours_large),
        ("ours (NAR: read + hash), hashing thread", ours_large_threaded),
        ("hashlib.sha256, read + hash", read_sha),
        ("hashlib.sha256, bytes in memory", mem_sha),
    ):
        print(f"| {label} | {mib / seconds:.0f} | {mem_sha / seconds:.0%} |")

    if counts:
        print("\nSystem calls of the whole process (strace -c -f; independent of load):\n")
        print("| input | ours, 1 CPU | ours, all CPUs (thread if one is free) | nix hash path | ours/nix |")
        print("|---|---:|---:|---:|---:|")
        for what, one, threaded, nix_count in counts:
            print(f"| {what} | {one:,} | {threaded:,} | {nix_count:,} | {max(one, threaded) / nix_count:.2f} |")
    if estimates:
        print("\nHashing thread forced on: the main thread's CPU time from process start to exit (the wall time to")
        print("expect when a second CPU is idle, before hand-off waits) against nix hash path's whole CPU time:\n")
        print("| input | ours, main thread CPU | ours, whole CPU | nix, CPU | main thread / nix |")
        print("|---|---:|---:|---:|---:|")
        for what, main_cpu, whole, nix_cpu in estimates:
            print(f"| {what} | {main_cpu:.3f} | {whole:.3f} | {nix_cpu:.3f} | {main_cpu / nix_cpu:.2f} |")
        print(f"\nProbe: `python -c {THREAD_PROBE!r} DIR`")
    if scratch is not None:
        scratch.cleanup()
    venv.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
