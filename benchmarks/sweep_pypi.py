"""Real-world sweep: emit the latest sdists of the most downloaded PyPI projects and check them.

For each of the top N projects of a ranking (hugovk/top-pypi-packages JSON), or of ranks K+1 to K+N
with ``--skip K`` (projects no fix was made looking at):

1. find its latest sdist (PyPI JSON API; cached, written atomically; projects without an sdist are
   counted apart);
2. run ``python -m nixpkgs_contrib emit SDIST --out TMP --json`` in a subprocess (with a timeout);
3. evaluate the emitted file with Nix against the stand-in nixpkgs, for every interpreter × system
   of the target (``flake_eval.evaluate_facts``);
4. compare, where the sdist's PKG-INFO is authoritative (core metadata >= 2.2 and the field not
   ``Dynamic``, PEP 643), the evaluated ``dependencies`` with PKG-INFO's Requires-Dist (markers
   evaluated with ``packaging`` for each cell, no extra) and ``disabled`` with Requires-Python.

It prints a markdown report: emitted / refused (by cause) / crashed / disagreeing, every refusal
with its one-line message, every crash, every disagreement, and the commands to reproduce.

Why not ``pip download``: for an sdist, pip prepares its metadata by running the project's build
backend (setup.py included); this tool never runs project code, so the sweep fetches the file the
JSON API names, checks its sha256 and stores it.

Usage (the ranking is public data, not committed: download
https://hugovk.github.io/top-pypi-packages/top-pypi-packages.min.json)::

    python benchmarks/sweep_pypi.py --ranking top-pypi-packages.min.json --top 300
    python benchmarks/sweep_pypi.py --ranking … --top 300 --cache /work/cache/sdists --offline
    python benchmarks/sweep_pypi.py --ranking … --only toml --only lxml      # a few, verbosely
    python benchmarks/sweep_pypi.py --ranking … --skip 500 --top 500         # held out: ranks 501-1000
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import email.parser
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any, Optional

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from nixpkgs_contrib import naming
from nixpkgs_contrib.flake_eval import NixEvalError, evaluate_facts
from nixpkgs_contrib.matrix import DEFAULT_PYTHONS, DEFAULT_SYSTEMS, LATEST_PATCH, Environment, parse_pythons

PYPI_JSON = "https://pypi.org/pypi/{name}/json"
DEFAULT_CACHE = Path("~/.cache/nixpkgs-contrib/sdists").expanduser()
INDEX = "index.json"  # [[name, filename | "no-sdist" | "not-found", version], …]
MODULES = "pkgs/development/python-modules"
ERROR_PREFIX = "nixpkgs-contrib: error: "
#: how the CLI reports a bug of ours (errors.InternalError); such runs count as crashes
INTERNAL_MARK = "internal error"


# --- sdists ---------------------------------------------------------------------------------------


def load_ranking(path: Path, top: int, skip: int = 0) -> list[str]:
    """Projects of ranks *skip* + 1 to *skip* + *top*: ``skip`` holds out the ones already looked at."""
    data = json.loads(path.read_text())
    rows = data["rows"] if isinstance(data, dict) else data
    return [row["project"] for row in rows[skip : skip + top]]


def load_index(cache: Path) -> dict[str, tuple[str, str]]:
    path = cache / INDEX
    if not path.is_file():
        return {}
    return {name: (status, version) for name, status, version in json.loads(path.read_text())}


def write_atomic(path: Path, data: bytes) -> None:
    """``.part`` then rename: a reader never sees half a file."""
    part = path.with_name(path.name + f".{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)


def save_index(cache: Path, index: dict[str, tuple[str, str]]) -> None:
    rows = [[name, status, version] for name, (status, version) in sorted(index.items())]
    write_atomic(cache / INDEX, ("[\n" + ",\n".join(json.dumps(row) for row in rows) + "\n]\n").encode())


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "nixpkgs-contrib-sweep"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def fetch_sdist(name: str, cache: Path) -> tuple[str, str]:
    """(file name | "no-sdist" | "not-found", version) of *name*'s latest release, downloaded into
    *cache* when missing (checked against the sha256 PyPI publishes)."""
    api = PYPI_JSON.format(name=urllib.parse.quote(name))
    try:
        info = json.loads(_get(api))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return "not-found", ""
        raise
    version = info["info"]["version"]
    sdists = [u for u in info.get("urls", []) if u.get("packagetype") == "sdist" and not u.get("yanked")]
    if not sdists:
        return "no-sdist", version
    entry = sdists[0]
    filename = entry["filename"]
    target = cache / filename
    if not target.is_file():
        data = _get(urllib.parse.urljoin(api, entry["url"]))
        expected = entry.get("digests", {}).get("sha256")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise RuntimeError(f"{filename}: sha256 mismatch")
        write_atomic(target, data)
    return filename, version


def resolve_sdists(names: list[str], cache: Path, offline: bool) -> dict[str, tuple[str, str]]:
    cache.mkdir(parents=True, exist_ok=True)
    index = load_index(cache)
    changed = False
    for name in names:
        known = index.get(name)
        if known and (known[0] in ("no-sdist", "not-found") or (cache / known[0]).is_file()):
            continue
        if offline:
            index[name] = ("not-cached", "")
            continue
        try:
            index[name] = fetch_sdist(name, cache)
        except (OSError, RuntimeError, ValueError, KeyError) as exc:
            print(f"sweep: {name}: download failed: {exc}", file=sys.stderr)
            index[name] = ("download-failed", "")
            continue
        changed = True
    if changed:
        save_index(cache, {k: v for k, v in index.items() if v[0] not in ("not-cached", "download-failed")})
    return {name: index[name] for name in names}


# --- PKG-INFO, read independently of the code under test -------------------------------------------


def read_pkg_info(sdist: Path) -> Optional[str]:
    """The text of the sdist's top-level PKG-INFO."""
    try:
        if sdist.name.endswith(".zip"):
            with zipfile.ZipFile(sdist) as zf:
                names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/PKG-INFO")]
                return zf.read(names[0]).decode("utf-8", "replace") if names else None
        with tarfile.open(sdist) as tar:
            for member in tar:
                if member.isfile() and member.name.lstrip("./").count("/") == 1 and member.name.endswith("/PKG-INFO"):
                    extracted = tar.extractfile(member)
                    return extracted.read().decode("utf-8", "replace") if extracted else None
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError):
        return None
    return None


class Authority:
    """What an sdist's PKG-INFO says with authority (PEP 643): fields of metadata >= 2.2 that are not
    marked ``Dynamic``; None where it says nothing authoritative."""

    def __init__(self, text: Optional[str]):
        self.requires_dist: Optional[list[Requirement]] = None
        self.requires_python: Optional[SpecifierSet] = None
        self.requires_python_known = False
        #: the same two fields where PKG-INFO is not authoritative (informational comparison only)
        self.soft_requires_dist: Optional[list[Requirement]] = None
        self.soft_requires_python: Optional[SpecifierSet] = None
        self.metadata_version = ""
        self.problem: Optional[str] = None
        if text is None:
            self.problem = "no PKG-INFO"
            return
        headers = email.parser.Parser().parsestr(text, headersonly=True)
        self.metadata_version = headers.get("Metadata-Version", "").strip()
        try:
            modern = Version(self.metadata_version) >= Version("2.2")
        except ValueError:
            modern = False
        try:
            # old setuptools kept requirements in egg-info/requires.txt, not in PKG-INFO: an absent
            # Requires-Dist in old metadata says nothing
            raw = headers.get_all("Requires-Dist") or []
            self.soft_requires_dist = [Requirement(r) for r in raw] if raw or modern else None
            value = (headers.get("Requires-Python") or "").strip()
            self.soft_requires_python = SpecifierSet(value) if value else None
        except (InvalidRequirement, InvalidSpecifier):
            pass
        if not modern:
            return
        dynamic = {d.strip().lower() for d in headers.get_all("Dynamic") or []}
        if "requires-dist" not in dynamic:
            try:
                self.requires_dist = [Requirement(r) for r in headers.get_all("Requires-Dist") or []]
            except InvalidRequirement as exc:
                self.problem = f"PKG-INFO: {exc}"
        if "requires-python" not in dynamic:
            self.requires_python_known = True
            value = (headers.get("Requires-Python") or "").strip()
            try:
                self.requires_python = SpecifierSet(value) if value else None
            except InvalidSpecifier as exc:
                self.problem = f"PKG-INFO: {exc}"
                self.requires_python_known = False


def expected_dependencies(reqs: list[Requirement], env: Environment) -> set[str]:
    """Attributes pip would install on *env* (no extra), named as nixpkgs names them."""
    marker_env = env.marker_environment()
    return {naming.attr_for(r.name) for r in reqs if r.marker is None or r.marker.evaluate(marker_env)}


def expected_disabled(spec: Optional[SpecifierSet], env: Environment) -> bool:
    return spec is not None and not spec.contains(f"{env.python}.{LATEST_PATCH}", prereleases=True)


# --- one project ----------------------------------------------------------------------------------


def classify_refusal(message: str) -> str:
    """A coarse cause for a one-line refusal, by the file it names and its words."""
    lowered = message.lower()
    if "license" in lowered or "licence" in lowered:
        return "license"
    if "python requirement" in lowered or "requires python" in lowered:
        return "requires-python excludes every target interpreter"
    if re.search(r"setup\.py(:\d+)?:", message):
        return "setup.py evaluation"
    if "importable" in lowered or "import name" in lowered:
        return "import names"
    if "version" in lowered:
        return "version"
    if "requirement" in lowered or "dependenc" in lowered:
        return "requirements"
    return "other"


def run_one(
    name: str, sdist: Path, work: Path, pythons: tuple[str, ...], timeout: float, nix: bool, under: Optional[Path] = None
) -> dict[str, Any]:
    out = work / re.sub(r"[^A-Za-z0-9._-]", "_", name)
    cmd = [sys.executable, "-m", "nixpkgs_contrib", "emit", str(sdist), "--out", str(out), "--json"]
    if pythons != DEFAULT_PYTHONS:
        cmd += ["--python", ",".join(pythons)]
    result: dict[str, Any] = {"name": name, "sdist": sdist.name, "command": shlex.join(["python", *cmd[1:]])}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(under), os.environ.get("PYTHONPATH", "")])} if under else None
    started = time.monotonic()
    try:
        # cwd outside any checkout: ``python -m`` puts the cwd first on sys.path, before PYTHONPATH
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, env=env, cwd=work)
    except subprocess.TimeoutExpired:
        result.update(status="crashed", message=f"timeout after {timeout:.0f} s")
        return result
    result["seconds"] = round(time.monotonic() - started, 2)
    stderr_lines = [line for line in proc.stderr.splitlines() if line.strip()]
    errors = [line for line in stderr_lines if line.startswith(ERROR_PREFIX)]
    if "Traceback (most recent call last)" in proc.stderr or proc.returncode not in (0, 1):
        tail = stderr_lines[-1] if stderr_lines else f"exit status {proc.returncode}"
        result.update(status="crashed", message=f"traceback: {tail}" if "Traceback" in proc.stderr else tail)
        return result
    if proc.returncode == 1:
        message = errors[-1][len(ERROR_PREFIX):] if errors else (stderr_lines[-1] if stderr_lines else "(no message)")
        if INTERNAL_MARK in message:
            result.update(status="crashed", message=message)
        elif len(errors) != 1 or len(stderr_lines) != 1:
            result.update(status="crashed", message=f"not one line: {' | '.join(stderr_lines)[:300]}")
        else:
            result.update(status="refused", message=message, cause=classify_refusal(message))
        return result
    summary = json.loads(proc.stdout)
    attr = summary["packages"][0]["attr"]
    result.update(status="emitted", attr=attr)
    if nix:
        check(result, sdist, out / MODULES / attr / "default.nix", attr, pythons)
    return result


def check(result: dict[str, Any], sdist: Path, path: Path, attr: str, pythons: tuple[str, ...]) -> None:
    """Evaluate with Nix and compare with PKG-INFO where it is authoritative."""
    try:
        facts = evaluate_facts({attr: path}, pythons=pythons, systems=DEFAULT_SYSTEMS)
    except NixEvalError as exc:
        result.update(status="nix-failed", message=str(exc)[:500])
        return
    authority = Authority(read_pkg_info(sdist))
    result["metadata_version"] = authority.metadata_version
    result["checked"] = {
        "dependencies": authority.requires_dist is not None,
        "requires_python": authority.requires_python_known,
    }
    problems: list[str] = []
    notes: list[str] = []
    for python in pythons:
        for system in DEFAULT_SYSTEMS:
            env = Environment(python, system)
            got = facts[(python, system)][attr]
            disabled = bool(got["disabled"])
            if authority.requires_python_known:
                want = expected_disabled(authority.requires_python, env)
                if want != disabled:
                    problems.append(f"{env}: disabled = {str(disabled).lower()}, PKG-INFO Requires-Python {authority.requires_python or '(none)'} says {str(want).lower()}")
            elif expected_disabled(authority.soft_requires_python, env) != disabled:
                notes.append(f"{env}: disabled = {str(disabled).lower()}, non-authoritative Requires-Python {authority.soft_requires_python}")
            if disabled:
                continue
            if authority.requires_dist is None:
                if authority.soft_requires_dist is not None:
                    have = {re.sub(r"\[.*\]$", "", d) for d in got["dependencies"]}
                    want_deps = expected_dependencies(authority.soft_requires_dist, env)
                    if have != want_deps:
                        notes.append(f"{env}: dependencies missing {sorted(want_deps - have) or '[]'}, not in the non-authoritative Requires-Dist {sorted(have - want_deps) or '[]'}")
                continue
            have = {re.sub(r"\[.*\]$", "", d) for d in got["dependencies"]}
            want_deps = expected_dependencies(authority.requires_dist, env)
            if have != want_deps:
                missing, extra = sorted(want_deps - have), sorted(have - want_deps)
                problems.append(f"{env}: dependencies missing {missing or '[]'}, not in PKG-INFO {extra or '[]'}")
    if problems:
        result["status"] = "disagrees"
        result["disagreements"] = _collapse(problems)
    if notes:
        result["notes"] = _collapse(notes)


def _collapse(problems: list[str]) -> list[str]:
    """Group identical findings over cells: ``python3.9-*: …``."""
    by_text: dict[str, list[str]] = collections.defaultdict(list)
    for line in problems:
        cell, _, text = line.partition(": ")
        by_text[text].append(cell)
    return [f"{', '.join(cells) if len(cells) < 4 else f'{len(cells)} cells ({cells[0]}, …)'}: {text}" for text, cells in by_text.items()]


# --- report ---------------------------------------------------------------------------------------


def ranks(skip: int, top: int) -> str:
    """Which part of the ranking a sweep covers, as the report's title says it."""
    return f"top {top}" if skip == 0 else f"ranks {skip + 1}–{skip + top}"


def report(results: list[dict[str, Any]], skipped: dict[str, str], args: argparse.Namespace, elapsed: float) -> str:
    counts = collections.Counter(r["status"] for r in results)
    total = len(results)
    emitted = counts["emitted"] + counts["disagrees"] + counts["nix-failed"]
    lines = [
        f"# PyPI sweep: {ranks(args.skip, args.top)} of {args.ranking.name}",
        "",
        f"Run {time.strftime('%Y-%m-%d')}; {total} sdists read in {elapsed:.0f} s; interpreters {', '.join(args.pythons)} × {len(DEFAULT_SYSTEMS)} systems"
        + (f"; emitted by the checkout {args.under}" if args.under else "") + ".",
        "",
        "| outcome | projects | share of sdists |",
        "|---|---:|---:|",
    ]

    def row(label: str, n: int) -> None:
        lines.append(f"| {label} | {n} | {100 * n / total:.1f}% |" if total else f"| {label} | {n} | |")

    row("emitted", emitted)
    row("… evaluated with Nix and agreeing with PKG-INFO (or nothing authoritative to compare)", counts["emitted"])
    row("… disagreeing with PKG-INFO", counts["disagrees"])
    row("… failing Nix evaluation", counts["nix-failed"])
    row("refused (one line, exit 1)", counts["refused"])
    row("crashed (traceback, internal error, timeout, not one line)", counts["crashed"])
    checked = [r for r in results if r.get("checked")]
    lines += [
        "",
        f"Projects without an sdist (not counted above): {len(skipped)}" + (f" ({', '.join(sorted(skipped))})" if skipped else ""),
        f"Compared with PKG-INFO: dependencies of {sum(r['checked']['dependencies'] for r in checked)}, "
        f"requires-python of {sum(r['checked']['requires_python'] for r in checked)} of the {len(checked)} evaluated "
        "(the rest have metadata < 2.2 or mark the field Dynamic).",
    ]
    causes = collections.Counter(r["cause"] for r in results if r["status"] == "refused")
    if causes:
        lines += ["", "| refusal cause | projects |", "|---|---:|"]
        lines += [f"| {cause} | {n} |" for cause, n in causes.most_common()]
    for title, status, key in (
        ("Refusals", "refused", "message"),
        ("Crashes", "crashed", "message"),
        ("Nix evaluation failures", "nix-failed", "message"),
        ("Disagreements with PKG-INFO", "disagrees", "disagreements"),
    ):
        chosen = [r for r in results if r["status"] == status]
        if not chosen:
            continue
        lines += ["", f"## {title} ({len(chosen)})", ""]
        for r in sorted(chosen, key=lambda r: r["name"]):
            value = r[key]
            if isinstance(value, list):
                lines.append(f"- **{r['name']}** ({r['sdist']}):")
                lines += [f"  - {v}" for v in value]
            else:
                lines.append(f"- **{r['name']}** ({r['sdist']}): {value}")
    noted = [r for r in results if r.get("notes")]
    if noted:
        lines += ["", f"## Differences from non-authoritative PKG-INFO fields, for information ({len(noted)})", ""]
        lines.append("PKG-INFO below 2.2, or the field marked Dynamic: it records one build's answer, so a")
        lines.append("difference is a lead to look at, not an error.")
        lines.append("")
        for r in sorted(noted, key=lambda r: r["name"]):
            lines.append(f"- **{r['name']}** ({r['sdist']}):")
            lines += [f"  - {v}" for v in r["notes"]]
    lines += [
        "",
        "Reproduce:",
        "",
        "```sh",
        " ".join(["python benchmarks/sweep_pypi.py", *map(shlex.quote, sys.argv[1:])]),
        "# one project:",
        f"python -m nixpkgs_contrib emit {shlex.quote(str(args.cache))}/SDIST --out /tmp/out --json",
        "```",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ranking", type=Path, required=True, help="hugovk top-pypi-packages JSON (min or full)")
    parser.add_argument("--top", type=int, default=300, help="how many projects of the ranking (default 300)")
    parser.add_argument(
        "--skip", type=int, default=0, metavar="K",
        help="leave out the first K projects of the ranking: --skip 500 --top 500 sweeps ranks 501-1000",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"sdist cache (default {DEFAULT_CACHE})")
    parser.add_argument("--offline", action="store_true", help="only use sdists already in the cache")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="just these projects (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel emits (default: CPUs)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per emit (default 300)")
    parser.add_argument("--python", default=None, help="interpreters, as emit --python (default: emit's default target)")
    parser.add_argument("--no-nix", action="store_true", help="skip the Nix evaluation and the comparison")
    parser.add_argument("--json-out", type=Path, help="also write every result as JSON")
    parser.add_argument("--report", type=Path, help="write the markdown report here as well")
    parser.add_argument(
        "--under", type=Path, metavar="CHECKOUT",
        help="emit with the nixpkgs_contrib of another checkout (e.g. a worktree of main) to compare versions; "
        "the evaluation and the comparison stay this one's",
    )
    args = parser.parse_args(argv)
    args.pythons = parse_pythons(args.python) if args.python else DEFAULT_PYTHONS
    args.cache = args.cache.expanduser()

    if args.skip < 0 or args.top < 0:
        parser.error("--skip and --top take a count >= 0")
    names = load_ranking(args.ranking, args.top, args.skip)
    if args.only:
        wanted = {naming.normalize(n) for n in args.only}
        names = [n for n in names if naming.normalize(n) in wanted] or list(args.only)
    sdists = resolve_sdists(names, args.cache, args.offline)
    skipped = {n: s for n, (s, _) in sdists.items() if not (args.cache / s).is_file()}
    todo = [(n, args.cache / s) for n, (s, _) in sdists.items() if n not in skipped]

    started = time.monotonic()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="nixpkgs-contrib-sweep-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {
                pool.submit(run_one, name, path, Path(tmp), args.pythons, args.timeout, not args.no_nix, args.under): name
                for name, path in todo
            }
            for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                result = future.result()
                results.append(result)
                print(f"[{done}/{len(todo)}] {result['name']}: {result['status']}", file=sys.stderr)
    results.sort(key=lambda r: names.index(r["name"]) if r["name"] in names else 0)
    text = report(results, skipped, args, time.monotonic() - started)
    sys.stdout.write(text)
    if args.report:
        write_atomic(args.report, text.encode())
    if args.json_out:
        write_atomic(args.json_out, (json.dumps({"results": results, "without_sdist": skipped}, indent=1) + "\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
