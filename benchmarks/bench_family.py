"""Monorepo benchmark: ``emit REPO --all`` on generated families of 40 and 400 packages.

    python benchmarks/bench_family.py [--sizes 40 400] [--repeat 5] [--profile] [--order 4000]

Each package is a pyproject project below ``python_modules/`` (every fifth one nested in
``libraries/``) depending on up to three earlier siblings, one or two third-party packages and,
for some, a requirement with an environment marker.  The family is emitted in-process through
``nixpkgs_contrib.cli.main`` (lock-step sharing, a given hash, so no hashing and no git), into a
fresh temporary folder each run.  Prints a markdown table: best and median wall time, time per
package, and the per-package ratio against the smallest size (≈ 1 when emit grows linearly).
With ``--profile`` it also prints the top functions (cumulative time) of one run of the largest size.
``--order N`` times family.dependency_order alone (in-process) on a random family of N packages,
against the quadratic loop it replaced (kept in tests/test_family_order.py as the reference).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from monorepos import write_project  # noqa: E402

from nixpkgs_contrib.cli import main  # noqa: E402

VERSION = "1.0.0"
HASH = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c="
THIRD_PARTY = ("attrs", "click", "httpx", "pydantic", "pyyaml", "requests", "rich", "sqlalchemy")
MARKERS = (
    "tomli; python_version < '3.12'",
    "uvloop; sys_platform != 'win32'",
    "pyobjc-core; sys_platform == 'darwin'",
)


def generate(root: Path, packages: int, seed: int = 0) -> Path:
    """A monorepo of *packages* projects; ``bench-core`` (no sibling dependency) owns the source."""
    rng = random.Random(seed)
    names = ["bench-core"] + [f"bench-pkg-{i:03d}" for i in range(1, packages)]
    for i, name in enumerate(names):
        siblings = rng.sample(names[:i], min(i, rng.randint(1, 3))) if i else []
        deps = [*siblings, *rng.sample(THIRD_PARTY, rng.randint(1, 2))]
        if i % 7 == 3:
            deps.append(MARKERS[i % len(MARKERS)])
        where = root / "python_modules" / ("libraries" if i % 5 == 4 else "") / name
        write_project(where, name, VERSION, dependencies=sorted(deps), description=f"Benchmark package number {i}")
    return root


def emit(repo: Path, out: Path) -> None:
    args = ["emit", str(repo), "--all", "--github", "bench-org/bench", "--tag", f"v{VERSION}", "--hash", HASH,
            "--python", "3.11-3.14", "--out", str(out)]
    stdout, stderr = io.StringIO(), io.StringIO()
    if main(args, stdout=stdout, stderr=stderr) != 0:
        raise SystemExit(f"emit failed:\n{stderr.getvalue()}")


def measure(repo: Path, repeat: int, scratch: Path) -> list[float]:
    times = []
    for i in range(repeat):
        out = scratch / f"out-{len(list(scratch.iterdir()))}-{i}"
        start = time.perf_counter()
        emit(repo, out)
        times.append(time.perf_counter() - start)
    return times


def profile(repo: Path, scratch: Path, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(emit, repo, scratch / "profiled")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def order(size: int, repeat: int) -> str:
    """Markdown rows: dependency_order and the old loop on one random family of *size* packages."""
    from test_family_order import random_family, reference_order

    from nixpkgs_contrib.family import dependency_order

    family = random_family(random.Random(5), size)
    rows = ["| dependency order, in-process | packages | median s |", "|---|---:|---:|"]
    for label, sort, runs in (("heap (now)", dependency_order, repeat), ("sorted passes (before)", reference_order, 1)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            sort(family)
            times.append(time.perf_counter() - start)
        rows.append(f"| {label} | {size} | {statistics.median(times):.3f} |")
    return "\n".join(rows)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 400])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one run of the largest size")
    parser.add_argument("--order", type=int, metavar="N", help="time dependency_order on N packages")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory(prefix="bench-family-") as tmp:
        scratch = Path(tmp)
        rows = []
        for size in args.sizes:
            repo = generate(scratch / f"repo-{size}", size)
            (scratch / f"runs-{size}").mkdir()
            emit(repo, scratch / f"warm-{size}")  # imports, template compilation
            times = measure(repo, args.repeat, scratch / f"runs-{size}")
            rows.append((size, min(times), statistics.median(times)))
        base = rows[0][1] / rows[0][0]
        print(f"| packages | best s | median s | ms/package (best) | per-package ratio vs {rows[0][0]} |")
        print("|---:|---:|---:|---:|---:|")
        for size, best, median in rows:
            print(f"| {size} | {best:.3f} | {median:.3f} | {1000 * best / size:.2f} | {best / size / base:.2f} |")
        if args.profile:
            largest = max(args.sizes)
            print()
            print(profile(scratch / f"repo-{largest}", scratch))
        if args.order:
            print()
            print(order(args.order, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
