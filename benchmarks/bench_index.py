"""How long indexing a full-size nixpkgs takes: fresh, from the cache, and asking for versions.

Generates a nixpkgs-shaped git repository with N python packages (default 8,000, about the size
of nixpkgs' python3Packages) using the test fixture, then times ``NixpkgsIndex.load`` and the
versions of 40 packages (what a command with 40 dependencies asks; each is read from its module
file at the indexed commit the first time)::

    python benchmarks/bench_index.py            # 8,000 packages, 5 runs each
    python benchmarks/bench_index.py -n 2000 -r 3
    python benchmarks/bench_index.py --baseline c4e5cc2   # also against an earlier revision

With ``--baseline REV`` the same checkout is also indexed by that revision of the tool (extracted
with ``git archive``), each side in its own process, alternately: a fresh load and the versions of
the same 40 packages, timed inside the process (interpreter start-up excluded).

Fresh runs use ``cache=False``; cached runs first warm the cache in a private directory.  Both
include the two git calls (``rev-parse``, ``status --porcelain``) every load makes.  Loading parses
the registration file, the aliases and the interpreters; module files are parsed on demand.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from nixpkgs_fixture import commit_all, make_nixpkgs  # noqa: E402

from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex  # noqa: E402

# what a typical python-modules file has beyond the fixture's minimal one (≈2 kB in all)
EXTRA = """
  postPatch = ''
    substituteInPlace pyproject.toml \\
      --replace-fail '"hatchling==1.25.0"' '"hatchling"'
  '';

  pythonRelaxDeps = [ "protobuf" ];

  disabledTests = [
    # needs network access
    "test_fetch_remote"
    "test_resolve_${lib.versions.major finalAttrs.version}"
  ]
  ++ lib.optionals stdenv.hostPlatform.isDarwin [
    # flaky on darwin: timing-dependent
    "test_timeout"
  ];

  disabledTestPaths = [ "tests/integration/" ];

  passthru.skipBulkUpdate = true; # monorepo tags
"""

WORDS = ["aio", "py", "django", "flask", "azure", "google-cloud", "mypy-boto3", "types", "pytest", "sphinx"]


def package_names(n: int) -> dict[str, str]:
    """*n* distinct attribute names of realistic lengths (some long enough to be wrapped)."""
    out = {}
    for i in range(n):
        stem = WORDS[i % len(WORDS)]
        extra = "-extension-for-monitoring" if i % 97 == 0 else ""
        out[f"{stem}-pkg{i:05d}{extra}"] = f"{i % 13}.{i % 7}.{i % 5}"
    return out


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


#: a load (fresh, or from a cache the probe warms first) and 40 versions, timed inside a process
#: of the tree on PYTHONPATH
PROBE = """
import json, sys, time
from pathlib import Path
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex
root, names, cache = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
if cache != "-":
    NixpkgsIndex.load(root, cache_dir=Path(cache))
start = time.perf_counter()
index = NixpkgsIndex.load(root, cache=False) if cache == "-" else NixpkgsIndex.load(root, cache_dir=Path(cache))
versions = [index.version(a) for a in names]
print(json.dumps([time.perf_counter() - start, versions]))
"""


def probe(pythonpath: str | None, root: Path, names: list[str], cache: str) -> tuple[float, list]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, "-c", PROBE, str(root), json.dumps(names), cache]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    elapsed, versions = json.loads(out.stdout)
    return elapsed, versions


def compare(baseline: str, root: Path, names: list[str], runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", baseline], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        for label, old_cache, new_cache in (("fresh", "-", "-"), ("cached", f"{tmp}/old-cache", f"{tmp}/new-cache")):
            old, new = [], []
            for _ in range(runs):
                t, old_versions = probe(tmp, root, names, old_cache)
                old.append(t)
                t, new_versions = probe(None, root, names, new_cache)
                new.append(t)
            assert old_versions == new_versions, (old_versions, new_versions)
            mo, mn = statistics.median(old), statistics.median(new)
            print(f"{label} load + {len(names)} versions, {runs} alternating runs: baseline {baseline} "
                  f"median {mo:.3f} s, this tree {mn:.3f} s, ratio {mn / mo:.2f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--packages", type=int, default=8000)
    parser.add_argument("-r", "--runs", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV", help="also time this earlier revision of the tool")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        packages = package_names(args.packages)
        root = make_nixpkgs(Path(tmp), packages=packages, commit=False)
        modules = root / "pkgs/development/python-modules"
        for attr in packages:
            file = modules / attr / "default.nix"
            text = file.read_text()
            cut = text.index("\n  meta = {")
            file.write_text(text[:cut] + EXTRA + text[cut:])
        commit_all(root, "init")
        setup = time.perf_counter() - start
        cache_dir = Path(tmp) / "cache"

        names = list(packages)[:: max(1, args.packages // 40)]
        fresh = timed(lambda: NixpkgsIndex.load(root, cache=False), args.runs)
        index = NixpkgsIndex.load(root, cache_dir=cache_dir)  # warms the cache
        cached = timed(lambda: NixpkgsIndex.load(root, cache_dir=cache_dir), args.runs)

        def load_and_ask() -> None:
            cached_index = NixpkgsIndex.load(root, cache_dir=cache_dir)
            for attr in names:
                cached_index.version(attr)

        versions = timed(load_and_ask, args.runs)
        assert NixpkgsIndex.load(root, cache_dir=cache_dir).to_json() == index.to_json()
        found = [index.version(a) for a in names]
        assert found == [packages[a] for a in names], found

        print(f"packages: {args.packages} (+ setuptools), generated and committed in {setup:.1f} s")
        print(f"indexed attributes: {len(index.attributes)}; versions asked: {len(names)}, all literal and right")
        rows = (("fresh", fresh), ("cached", cached), (f"cached + {len(names)} versions", versions))
        for label, times in rows:
            print(
                f"{label:22} median {statistics.median(times):.3f} s  (min {min(times):.3f}, "
                f"max {max(times):.3f}, {args.runs} runs)"
            )
        if args.baseline:
            compare(args.baseline, root, names, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
