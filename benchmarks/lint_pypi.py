"""Emit real sdists and lint what we wrote, as a new user would: the top pure-Python PyPI projects.

For each of the first N pure-Python projects of a ranking (default: the 100 most downloaded whose
sdist is in the cache and whose metadata says nothing is compiled), in ranking order::

    python -m nixpkgs_contrib emit SDIST --target unstable --maintainer HANDLE --json --out OUT/<name>
    python -m nixpkgs_contrib check --target unstable --json OUT/*/pkgs      # one run for all files
    pip wheel --no-deps SDIST                                             # cached in --wheels

and reports: emit failures (one line each), every check finding (by rule, then by project), every
``pythonImportsCheck`` entry the built wheel does not install, and how many files fetch from GitHub
(offline, emit keeps fetchPypi and says how to switch; see the warnings count).

``--target unstable`` is what a nixpkgs PR is planned for (``pr``/``--nixpkgs`` prune to the
checkout's interpreters), so findings about guards for interpreters nixpkgs no longer ships are
not expected; ``--emit-target default`` shows what the wider default target (3.9-3.14) writes.
A maintainer handle is passed because a new package needs one and the user gives it.

    python benchmarks/lint_pypi.py                        # top 100, wheels cached in /work/cache/wheels
    python benchmarks/lint_pypi.py --top 20 --no-wheels   # quick look, no wheel builds
    python benchmarks/lint_pypi.py --json report.json     # also write every detail

Needs the sdist cache (``/work/cache/sdists``: index.json lists [name, file-or-status, version]),
the ranking (``--ranking``, hugovk/top-pypi-packages JSON) and, for the wheel check, PyPI access for the build backends.  Nothing here is a
test: figures go to README.md ("Real-world results") and benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Optional

from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nixpkgs_contrib.errors import UserError  # noqa: E402
from nixpkgs_contrib.matrix import Target  # noqa: E402
from nixpkgs_contrib.pipeline import open_tree  # noqa: E402
from nixpkgs_contrib.upstream.project import read_project  # noqa: E402

MODULES = "pkgs/development/python-modules"
#: one cell is enough to ask the reader whether anything is compiled
PROBE = Target(("3.13",), ("x86_64-linux",))


def ranked_sdists(cache: Path, ranking: Path) -> list[tuple[str, Path]]:
    """(name, sdist) in the order of *ranking* (hugovk JSON), for the projects whose sdist is in
    the cache.  The cache's index.json is not in ranking order once sweeps of other ranks
    (``sweep_pypi.py --skip``) have added to it."""
    rows = json.loads(ranking.read_text())
    rows = rows["rows"] if isinstance(rows, dict) else rows
    rank = {canonicalize_name(row["project"]): n for n, row in enumerate(rows)}
    index = json.loads((cache / "index.json").read_text())
    out = []
    for name, filename, _version in index:
        path = cache / filename
        if path.is_file() and canonicalize_name(name) in rank:
            out.append((rank[canonicalize_name(name)], name, path))
    return [(name, path) for _, name, path in sorted(out)]


def is_pure(sdist: Path) -> Optional[bool]:
    """What the reader says: False when something is compiled, None when it cannot read it."""
    try:
        project = read_project(open_tree(sdist, None), PROBE, sdist_name=sdist.name)
    except UserError:
        return None
    except Exception as exc:  # a reader bug: count the sdist as unreadable and say so
        print(f"reader bug on {sdist.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    # has_ext_modules: setup.py's Extension; native: what upstream/native.py found compiled
    return not any(meta.has_ext_modules or getattr(meta, "native", None) for _, meta in project.per_environment)


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def emit(sdist: Path, out: Path, target: list[str], maintainer: str) -> dict:
    argv = [sys.executable, "-m", "nixpkgs_contrib", "emit", str(sdist), "--out", str(out), "--json", "--force"]
    argv += target + ["--maintainer", maintainer]
    started = time.perf_counter()
    result = run(argv, cwd=REPO)
    seconds = time.perf_counter() - started
    stderr = [line for line in result.stderr.splitlines() if line.strip()]
    record = {"status": result.returncode, "seconds": round(seconds, 3), "stderr": stderr}
    if result.returncode == 0:
        record["summary"] = json.loads(result.stdout)
    return record


def lint(dirs: list[Path]) -> list[dict]:
    """``check --target unstable --json`` over every emitted package folder, in one process."""
    if not dirs:
        return []
    argv = [sys.executable, "-m", "nixpkgs_contrib", "check", "--target", "unstable", "--json", *map(str, dirs)]
    result = run(argv, cwd=REPO)
    if result.returncode not in (0, 1):
        raise SystemExit(f"check failed: {result.stderr.strip()}")
    return json.loads(result.stdout or "[]")


# -------------------------------------------------------------------------------------------------
# wheels: what ``pip wheel --no-deps`` installs.  The imports engineer's benchmarks/wheels.py does
# the same when it is merged; this is the minimal version this script needs until then.


def interpreter_tag(python: str) -> str:
    """*python*'s ``sys.implementation.cache_tag`` (``cpython-311``): the key of its cached failures.

    A build that fails under one interpreter (a build requirement with no release for it) may pass
    under another, so failures are remembered per interpreter, and one that does not run is refused
    before anything is cached.
    """
    try:
        result = run([python, "-c", "import sys; print(sys.implementation.cache_tag)"], timeout=60)
    except OSError as exc:
        raise SystemExit(f"--wheel-python {python}: {exc.strerror or exc}") from None
    tag = result.stdout.strip()
    if result.returncode != 0 or not tag:
        raise SystemExit(f"--wheel-python {python} does not run: {(result.stderr.strip() or 'no output')[:200]}")
    return tag


def build_wheel(sdist: Path, cache: Path, python: str, tag: str) -> tuple[Optional[Path], str]:
    """The wheel ``pip wheel --no-deps`` builds from *sdist* with *python* (cached, written
    atomically); a failure is cached as ``NAME.TAG.failed``, *tag* from :func:`interpreter_tag`."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = sdist.name
    for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz"):
        stem = stem.removesuffix(ext)
    done = [p for p in cache.glob(f"{stem}--*.whl")]
    if done:
        return done[0], ""
    failed = cache / f"{stem}.{tag}.failed"
    if failed.exists():
        return None, failed.read_text()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(
            [python, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp, str(sdist)],
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
            timeout=1800,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            lines = [ln.strip() for ln in result.stderr.splitlines() if ln.strip()]
            errors = [ln for ln in lines if ln.startswith("ERROR:")]
            reason = (errors or lines or ["no wheel"])[-1][:300]
            failed.write_text(reason)
            return None, reason
        target = cache / f"{stem}--{wheels[0].name}"
        part = target.with_name(target.name + ".part")
        shutil.copyfile(wheels[0], part)
        part.rename(target)
        return target, ""


def installed_modules(wheel: Path) -> set[str]:
    """Dotted names the wheel installs: modules, packages, and namespace directories above them."""
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as zf:
        for entry in zf.namelist():
            parts = entry.split("/")
            if parts[0].endswith(".dist-info"):
                continue
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                parts = parts[2:]
            leaf = parts[-1]
            if leaf.endswith((".py", ".pyi")) or ".cpython-" in leaf or leaf.endswith((".so", ".pyd")):
                stem = leaf.split(".")[0]
                dotted = parts[:-1] + ([] if stem == "__init__" else [stem])
                for i in range(1, len(dotted) + 1):
                    names.add(".".join(dotted[:i]))
    return names


# -------------------------------------------------------------------------------------------------


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cache", type=Path, default=Path("/work/cache/sdists"), help="sdist cache with index.json")
    p.add_argument("--ranking", type=Path, default=Path("/work/cache/top-pypi-packages.min.json"),
                   help="hugovk top-pypi-packages JSON: the order projects are taken in")
    p.add_argument("--top", type=int, default=100, help="how many pure-Python projects (default 100)")
    p.add_argument("--out", type=Path, help="keep the emitted files here (default: a temporary folder)")
    p.add_argument("--wheels", type=Path, default=Path("/work/cache/wheels"), help="wheel cache")
    p.add_argument("--no-wheels", action="store_true", help="skip the wheel check")
    p.add_argument("--wheel-python", default=sys.executable, help="the interpreter whose pip builds the wheels")
    p.add_argument("--emit-target", default="unstable", help="emit's --target (or 'default' for emit's own)")
    p.add_argument("--maintainer", default="alice", help="the --maintainer handle a user would give")
    p.add_argument("--json", type=Path, help="write every detail to this file")
    args = p.parse_args(argv)

    target = [] if args.emit_target == "default" else ["--target", args.emit_target]
    chosen: list[tuple[str, Path]] = []
    skipped = collections.Counter()
    for name, sdist in ranked_sdists(args.cache, args.ranking):
        pure = is_pure(sdist)
        if pure is None:
            skipped["unreadable"] += 1
        elif not pure:
            skipped["compiled"] += 1
        else:
            chosen.append((name, sdist))
        if len(chosen) == args.top:
            break

    out = args.out or Path(tempfile.mkdtemp(prefix="lint-pypi-"))
    records: dict[str, dict] = {}
    for name, sdist in chosen:
        records[name] = {"sdist": sdist.name, "emit": emit(sdist, out / name, target, args.maintainer)}

    emitted = {n: r for n, r in records.items() if r["emit"]["status"] == 0}
    findings = lint([out / n / "pkgs" for n in emitted])
    by_project: dict[str, list[dict]] = collections.defaultdict(list)
    for finding in findings:
        rel = Path(finding["path"]).resolve().relative_to(out.resolve())
        by_project[rel.parts[0]].append(finding)

    github = 0
    warned = 0
    for name, record in emitted.items():
        files = sorted((out / name / MODULES).glob("*/default.nix"))
        texts = [f.read_text() for f in files]
        record["fetchFromGitHub"] = any("fetchFromGitHub {" in t for t in texts)
        github += record["fetchFromGitHub"]
        warned += any("warning: the sdist ships no tests" in line for line in record["emit"]["stderr"])  # the fetchFromGitHub switch
        record["findings"] = by_project.get(name, [])

    bad_imports: list[tuple[str, str]] = []
    wheel_failures: dict[str, str] = {}
    checked_imports = 0
    if not args.no_wheels:
        tag = interpreter_tag(args.wheel_python)
        for name, record in emitted.items():
            wheel, reason = build_wheel(args.cache / record["sdist"], args.wheels, args.wheel_python, tag)
            if wheel is None:
                wheel_failures[name] = reason
                continue
            modules = installed_modules(wheel)
            for package in record["emit"]["summary"]["packages"]:
                for module in package["pythonImportsCheck"]:
                    checked_imports += 1
                    if module not in modules:
                        bad_imports.append((name, module))
            record["wheel"] = wheel.name

    # ---- report
    print(f"# lint_pypi: top {len(chosen)} pure-Python sdists of {args.cache} (emit {' '.join(target) or 'default target'})")
    print(f"skipped on the way: {dict(skipped) or 'none'}; output in {out}")
    failures = {n: r for n, r in records.items() if r["emit"]["status"] != 0}
    print(f"\nemitted {len(emitted)} / {len(chosen)}; emit failures: {len(failures)}")
    for name, record in failures.items():
        print(f"  {name}: {record['emit']['stderr'][-1] if record['emit']['stderr'] else 'exit ' + str(record['emit']['status'])}")
    rules = collections.Counter(f"{f['rule']} {f['name']}" for f in findings)
    print(f"\ncheck --target unstable: {len(findings)} findings in {len(by_project)} of {len(emitted)} projects")
    for rule, count in rules.most_common():
        where = sorted({Path(f['path']).resolve().relative_to(out.resolve()).parts[0] for f in findings if f"{f['rule']} {f['name']}" == rule})
        print(f"  {count:3d}  {rule}: {', '.join(where)}")
    for finding in findings:
        rel = Path(finding["path"]).resolve().relative_to(out.resolve())
        print(f"    {rel}:{finding['line']}: {finding['rule']} {finding['message']}")
    if not args.no_wheels:
        print(
            f"\npythonImportsCheck: {checked_imports} entries in {len(emitted) - len(wheel_failures)} built wheels; "
            f"not installed by the wheel: {len(bad_imports)}; wheels that did not build: {len(wheel_failures)}"
        )
        for name, module in bad_imports:
            print(f"  {name}: {module}")
        for name, reason in wheel_failures.items():
            print(f"  (no wheel) {name}: {reason}")
    print(f"\nfetchFromGitHub: {github} of {len(emitted)} files; fetchPypi with a switching warning: {warned}")
    seconds = sorted(r["emit"]["seconds"] for r in emitted.values())
    if seconds:
        print(f"emit wall time per project (whole process): median {seconds[len(seconds) // 2]:.2f} s, max {seconds[-1]:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(
            {"records": records, "findings": findings, "bad_imports": bad_imports, "wheel_failures": wheel_failures},
            indent=1, sort_keys=True, default=str,
        ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
