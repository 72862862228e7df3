"""``audit`` over the shared nixpkgs corpus: wall time, files audited, findings by kind.

The corpus (``../shared/nixpkgs-corpus``, 303 python-modules files) is laid out as a
nixpkgs-shaped git checkout in a temporary directory (its files in
``pkgs/development/python-modules``, its interpreters file, a python-packages.nix registering
every attribute), and the whole command is timed as a separate process, as a user runs it::

    python benchmarks/bench_audit.py fetch                       # download the pinned sdists (network)
    python benchmarks/bench_audit.py run                         # time `audit` (offline), 3 runs
    python benchmarks/bench_audit.py run --jobs 1 --jobs 2       # compare pool sizes
    python benchmarks/bench_audit.py run --baseline ../main      # against another source tree

With ``--baseline SRC`` (a checkout of the package, e.g. ``git worktree add /tmp/main main``) every
measurement is taken for both, alternating (baseline first), with ``PYTHONPATH=SRC`` for the
baseline, and the table gives the ratio of the medians (this tree / baseline).

``fetch`` downloads, for every corpus file with a literal version, the sdist of that exact
version from PyPI (the distribution name is fetchPypi's pname, else the file's pname) into
``/work/cache/sdists-corpus/pypi`` (PyPI's sha256 checked, files written whole).  Those sdists are
benchmark data, not test data.  ``run`` prints a markdown table and the findings by kind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NIXPKGS_CORPUS") or REPO.parent.parent / "shared" / "nixpkgs-corpus")
if not CORPUS.is_dir():
    CORPUS = REPO.parent / "shared" / "nixpkgs-corpus"
SDISTS = Path(os.environ.get("SDISTS_CORPUS", "/work/cache/sdists-corpus"))


def corpus_files() -> list[tuple[str, Path]]:
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    return [(m["attr"], CORPUS / m["file"]) for m in manifest["python_modules"]]


def fetch(args: argparse.Namespace) -> None:
    from nixpkgs_contrib import remote
    from nixpkgs_contrib.errors import UserError
    from nixpkgs_contrib.matrix import Target
    from nixpkgs_contrib.nixpkgs.pyfile import read_text
    from nixpkgs_contrib.nixpkgs.releases import spellings
    from nixpkgs_contrib.nixpkgs.update import distribution_name

    target = Target(("3.13",))
    ok = missing = 0
    for attr, path in corpus_files():
        written, _ = read_text(path.read_text(), str(path), attr, target)
        if written.version is None:
            continue
        name = distribution_name(written)
        for spelling in spellings(written.version):
            try:
                fetched = remote.fetch(remote.PypiRef(name, spelling), cache=SDISTS)
                ok += 1
                print(f"ok {attr}: {fetched.path.name}", flush=True)
                break
            except UserError as exc:
                error = exc
        else:
            missing += 1
            print(f"-- {attr}: {error}", flush=True)
    print(f"{ok} sdists in {SDISTS / 'pypi'}, {missing} not on PyPI (or no sdist)")


def checkout(dest: Path) -> Path:
    """The corpus as a nixpkgs-shaped git checkout below *dest*."""
    root = dest / "nixpkgs"
    modules = root / "pkgs/development/python-modules"
    modules.mkdir(parents=True)
    for attr, path in corpus_files():
        (modules / attr).mkdir()
        shutil.copy(path, modules / attr / "default.nix")
    interpreters = root / "pkgs/development/interpreters/python"
    interpreters.mkdir(parents=True)
    shutil.copy(CORPUS / "interpreters/python/default.nix", interpreters / "default.nix")
    lines = [f"  {attr} = callPackage ../development/python-modules/{attr} {{ }};\n" for attr, _ in corpus_files()]
    (root / "pkgs/top-level/python-packages.nix").parent.mkdir(parents=True)
    (root / "pkgs/top-level/python-packages.nix").write_text(
        "self: super: with self; {\n" + "".join(sorted(lines)) + "}\n"
    )
    env = dict(
        os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b"
    )
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", "-C", str(root), *cmd], check=True, env=env)
    return root


def run(args: argparse.Namespace) -> None:
    folder = SDISTS / "pypi"
    sources: list[tuple[str, str | None]] = [("this tree", None)]
    if args.baseline:
        sources.insert(0, ("baseline", str(Path(args.baseline).resolve())))
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        root = checkout(Path(tmp))
        rows = []
        facts: dict[str, dict] = {}
        for jobs in args.jobs or [None]:
            for state in ("cold", "warm"):
                times: dict[str, list[float]] = {who: [] for who, _ in sources}
                cpu: dict[str, list[float]] = {who: [] for who, _ in sources}
                for i in range(args.repeat):
                    for who, src in sources:  # alternating, so a change of load hits both
                        # cold: an empty cache (every release read); warm: the facts of the run before
                        tag = f"{who.replace(' ', '-')}-{jobs}-{state}-{i if state == 'cold' else 0}"
                        cache = Path(tmp) / f"cache-{tag}"
                        if state == "warm" and not cache.exists():
                            _audit(root, folder, jobs, cache, src)
                        elapsed, used, facts[who] = _audit(root, folder, jobs, cache, src)
                        times[who].append(elapsed)
                        cpu[who].append(used)
                for who, _ in sources:
                    rows.append((who, jobs or os.cpu_count(), state, times[who], cpu[who]))
    result = facts["this tree"]
    s = result["summary"]
    print(
        f"corpus: {s['files']} files; audited {s['audited']}; no sdist of the pinned version: {s['without_source']}; "
        f"release not readable statically: {s['release_unreadable']}; file unreadable: {s['unreadable']}; "
        f"internal errors: {s['internal_errors']}"
    )
    print()
    after = os.getloadavg()
    print(f"load average (1 min) before the runs: {load[0]:.1f}, after: {after[0]:.1f}, on {os.cpu_count()} cores")
    print()
    print("| source | processes | facts cache | median wall time (s) | min | max | median CPU time (s) | wall ratio | CPU ratio |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    medians = {(who, jobs, state): (statistics.median(t), statistics.median(c)) for who, jobs, state, t, c in rows}
    for who, jobs, state, t, c in rows:
        base = medians.get(("baseline", jobs, state))
        ratio = (
            f"{statistics.median(t) / base[0]:.2f} | {statistics.median(c) / base[1]:.2f}"
            if base and who != "baseline"
            else "|"
        )
        print(
            f"| {who} | {jobs} | {state} | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} | "
            f"{statistics.median(c):.2f} | {ratio} |"
        )
    print()
    print(f"packages with a finding that needs a person: {s['needing_a_person']}")
    print("| finding | count | packages |")
    print("|---|---:|---:|")
    per_kind: dict[str, set[str]] = {}
    for p in result["packages"]:
        for f in p["findings"]:
            per_kind.setdefault(f"{f['severity']}:{f['kind']}", set()).add(p["attr"])
    for kind, count in s["findings"].items():
        print(f"| {kind} | {count} | {len(per_kind.get(kind, ()))} |")
    if "baseline" in facts and facts["baseline"]["summary"] != s:
        print()
        print(f"baseline summary differs: {json.dumps(facts['baseline']['summary'], sort_keys=True)}")
    if args.show:
        for p in result["packages"]:
            for f in p["findings"]:
                if args.show == "all" or f["severity"] == args.show:
                    print(f"{p['attr']} {p['version']}: {f['severity']}: {f['kind']}: {f['message']}")
            if args.show == "skipped" and p["skipped"]:
                print(f"{p['attr']}: {p['skipped']}")


def _audit(root: Path, folder: Path, jobs, cache: Path, source: str | None = None) -> tuple[float, float, dict]:
    """One whole `audit` process: wall time, CPU time (its own and its workers'), its JSON."""
    cmd = [sys.executable, "-m", "nixpkgs_contrib", "audit", "--nixpkgs", str(root), "--sdists", str(folder), "--json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))  # no download cache: the folder only
    if source is not None:  # the package from another source tree
        env["PYTHONPATH"] = source
    before = os.times()
    start = time.perf_counter()
    # outside any checkout: `python -m` puts the working directory first on sys.path
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cache.parent)
    elapsed = time.perf_counter() - start
    after = os.times()
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    used = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return elapsed, used, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("fetch", help="download the sdists the corpus pins (network)")
    r = sub.add_parser("run", help="time audit over the corpus")
    r.add_argument("--repeat", "-r", type=int, default=3)
    r.add_argument("--jobs", "-j", type=int, action="append", help="pool sizes to compare (default: one per core)")
    r.add_argument("--show", choices=("error", "info", "all", "skipped"), help="also print these findings")
    r.add_argument("--baseline", metavar="SRC", help="also time the package of this source tree, alternating")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS} (set NIXPKGS_CORPUS)")
    fetch(args) if args.what == "fetch" else run(args)


if __name__ == "__main__":
    main()
