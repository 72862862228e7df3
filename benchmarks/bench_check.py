"""How long `check` takes over the shared corpus, against an earlier revision of the tool.

Both sides are whole processes (``python -m nixpkgs_contrib check --target unstable PATH``, which
is what a user runs), timed alternately; the earlier revision is extracted with ``git archive`` into
a temporary folder and put first on ``PYTHONPATH``.  The default baseline is the revision before
`check` moved onto the syntax tree, which ran ``nix-instantiate --parse`` once per file (when Nix is
installed, as here)::

    python benchmarks/bench_check.py                    # baseline c4e5cc2, 5 runs each
    python benchmarks/bench_check.py --baseline REV -r 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from corpus import CORPUS  # noqa: E402


def run(pythonpath: str | None, corpus: Path) -> float:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "nixpkgs_contrib", "check", "--target", "unstable", str(corpus)],
        env=env, capture_output=True, text=True, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="c4e5cc2", help="the earlier revision (default: %(default)s)")
    parser.add_argument("-r", "--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if CORPUS is None:
        raise SystemExit("the shared corpus is absent")
    corpus = CORPUS / "python-modules"
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        old, new = [], []
        for _ in range(args.runs):
            old.append(run(tmp, corpus))
            new.append(run(None, corpus))
    files = len(list(corpus.rglob("*.nix")))
    mo, mn = statistics.median(old), statistics.median(new)
    print(f"check --target unstable over {files} corpus files, whole process, {args.runs} alternating runs")
    print(f"baseline {args.baseline}: median {mo:.2f} s (min {min(old):.2f}, max {max(old):.2f})")
    print(f"this tree:        median {mn:.2f} s (min {min(new):.2f}, max {max(new):.2f})")
    print(f"ratio this/baseline: {mn / mo:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
