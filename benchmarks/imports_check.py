"""pythonImportsCheck on real projects: against the wheels they build, and against nixpkgs.

Two measurements over a directory of real sdists (``index.json`` lists ``[name, file, version]``
in ranking order, as ``sweep_pypi.py`` writes it):

``--wheels N``
    For the first N pure-Python projects (the reader finds no compiled extension and the backend
    is not a compiled one), plan ``pythonImportsCheck`` and ``pythonNamespaces``, build the wheel
    with ``pip wheel --no-deps`` (``wheels.py``, cached) and check that the wheel installs every
    module we would import.  Projects the reader refuses, compiled ones and failed builds are
    counted apart.  The figure that matters: modules listed that the wheel does not install (0).

``--corpus DIR``
    For every nixpkgs python-modules file under DIR that has ``pythonImportsCheck`` and whose
    project has an sdist in the directory (same normalized name; versions may differ), compare our
    list with nixpkgs': equal, ours a subset, ours a superset, overlapping, disjoint.  Evidence of
    agreement, not a target: nixpkgs lists are hand-written.

::

    python benchmarks/imports_check.py --sdists /work/cache/sdists --wheels 100
    python benchmarks/imports_check.py --sdists /work/cache/sdists --corpus /work/shared/nixpkgs-corpus/python-modules

Building wheels runs the projects' build backends; nothing else here runs project code.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import re
import sys
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from packaging.utils import canonicalize_name  # noqa: E402
from wheels import DEFAULT_CACHE, build_wheel, wheel_contents  # noqa: E402

from nixpkgs_contrib.errors import NixpkgsContribError  # noqa: E402
from nixpkgs_contrib.model import Project  # noqa: E402
from nixpkgs_contrib.plan import imports_check_for, python_namespaces_for  # noqa: E402
from nixpkgs_contrib.upstream.project import read_project  # noqa: E402
from nixpkgs_contrib.upstream.tree import open_source  # noqa: E402

COMPILED_BACKENDS = ("maturin", "mesonpy", "scikit_build_core", "setuptools_rust", "enscons", "pybind11")


def load_index(sdists: Path) -> list[tuple[str, Path, str]]:
    rows = json.loads((sdists / "index.json").read_text())
    return [(name, sdists / file, version) for name, file, version in rows if file.endswith((".tar.gz", ".zip", ".tar.bz2"))]


def read(path: Path) -> tuple[Optional[Project], Optional[str]]:
    try:
        return read_project(open_source(path), _target()), None
    except NixpkgsContribError as exc:
        return None, str(exc).splitlines()[0]
    except Exception as exc:  # noqa: BLE001 - a reader crash is a finding of its own, reported
        return None, f"crash: {type(exc).__name__}: {exc}"


def _target():
    from nixpkgs_contrib.matrix import Target

    return Target(("3.12",), ("x86_64-linux",))


def is_compiled(project: Project) -> bool:
    meta = project.metadata
    backend = meta.build_backend or ""
    native = getattr(meta, "native", None)
    return meta.has_ext_modules or native is not None or backend.startswith(COMPILED_BACKENDS)


# --- wheels --------------------------------------------------------------------------------------


def verify_wheels(sdists: Path, wanted: int, cache: Path, jobs: int, python: str = sys.executable) -> int:
    counts: collections.Counter[str] = collections.Counter()
    refused: list[str] = []
    compiled: list[str] = []
    candidates: list[tuple[str, Path, Project]] = []
    for name, path, _ in load_index(sdists):
        if len(candidates) >= wanted * 2:  # spares for failed builds
            break
        project, error = read(path)
        if project is None:
            refused.append(f"{name}: {error}")
            continue
        if is_compiled(project):
            compiled.append(name)
            continue
        candidates.append((name, path, project))

    checked: list[tuple[str, Project, tuple[str, ...], tuple[str, ...], object]] = []
    failed: list[str] = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    # in ranking order, *jobs* builds ahead, until enough pure wheels are checked
    pending = collections.deque((name, project, pool.submit(build_wheel, path, cache, python=python)) for name, path, project in candidates[:jobs])
    upcoming = iter(candidates[jobs:])
    while pending and len(checked) < wanted:
        name, project, future = pending.popleft()
        following = next(upcoming, None)
        if following is not None:
            pending.append((following[0], following[2], pool.submit(build_wheel, following[1], cache, python=python)))
        built = future.result()
        if built.wheel is None:
            failed.append(f"{name}: {(built.error or '?').splitlines()[0]}")
            continue
        contents = wheel_contents(built.wheel)
        if not contents.pure:
            compiled.append(f"{name} (wheel {built.wheel.name})")
            continue
        checked.append((name, project, imports_check_for(project), python_namespaces_for(project.metadata), contents))
        print(f"{len(checked)}/{wanted} {name}", file=sys.stderr, flush=True)
    pool.shutdown(wait=True, cancel_futures=True)

    missing: list[str] = []
    unchecked_tops: list[str] = []
    for name, _project, modules, namespaces, contents in checked:
        counts["modules"] += len(modules)
        for module in modules:
            if not contents.installs(module):
                missing.append(f"{name}: {module} (wheel installs {', '.join(contents.top_level)})")
        covered = {m.split(".")[0] for m in modules}
        rest = [t for t in contents.top_level if t not in covered and not t.startswith("_")]
        if rest:
            unchecked_tops.append(f"{name}: checks {', '.join(modules)}; also installs {', '.join(rest)}")
        if namespaces:
            counts["with pythonNamespaces"] += 1

    print("## pythonImportsCheck against the built wheels\n")
    print("| projects | count |\n|---|---:|")
    print(f"| pure-Python projects checked (wheel built, `py3-none-any`) | {len(checked)} |")
    print(f"| modules in their pythonImportsCheck | {counts['modules']} |")
    print(f"| **modules listed that the wheel does not install** | **{len(missing)}** |")
    print(f"| skipped: compiled (extension modules or a compiled backend) | {len(compiled)} |")
    print(f"| skipped: refused by the reader | {len(refused)} |")
    print(f"| skipped: `pip wheel` failed | {len(failed)} |")
    print(f"| with pythonNamespaces | {counts['with pythonNamespaces']} |")
    for title, rows in (
        ("Modules the wheel does not install", missing),
        ("Top-level names the wheel installs that we do not check (informational)", unchecked_tops),
        ("Wheel builds that failed", failed),
        ("Refused by the reader", refused),
        ("Compiled (skipped)", compiled),
    ):
        if rows:
            print(f"\n### {title}\n")
            print("\n".join(f"- {row}" for row in rows))
    return 1 if missing else 0


# --- nixpkgs corpus --------------------------------------------------------------------------------


_LIST = re.compile(r"\b{name}\s*=\s*\[(.*?)\];", re.S)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def nix_strings(text: str, attribute: str) -> Optional[tuple[str, ...]]:
    """The string literals of ``attribute = [ … ];`` in a nixpkgs file (a simple scan: these lists
    hold plain strings), or None when the file has no such list."""
    match = re.search(_LIST.pattern.format(name=re.escape(attribute)), text, re.S)
    if match is None:
        return None
    body = re.sub(r"#[^\n]*", "", match.group(1))
    return tuple(_STRING.findall(body))


def compare_corpus(sdists: Path, corpus: Path) -> int:
    by_name = {canonicalize_name(name): path for name, path, _ in load_index(sdists)}
    verdicts: collections.Counter[str] = collections.Counter()
    rows: dict[str, list[str]] = collections.defaultdict(list)
    namespaces: list[str] = []
    for nix in sorted(corpus.glob("*/default.nix")):
        text = nix.read_text()
        theirs = nix_strings(text, "pythonImportsCheck")
        their_ns = nix_strings(text, "pythonNamespaces")
        pname = re.search(r'\bpname\s*=\s*"([^"]+)"', text)
        keys = {canonicalize_name(nix.parent.name), canonicalize_name(pname.group(1)) if pname else ""}
        path = next((by_name[k] for k in keys if k in by_name), None)
        if path is None or (not theirs and not their_ns):
            continue
        project, error = read(path)
        if project is None:
            verdicts["refused by the reader"] += 1
            rows["refused by the reader"].append(f"{nix.parent.name}: {error}")
            continue
        if their_ns is not None:
            namespaces.append(f"{nix.parent.name}: nixpkgs {list(their_ns)}, ours {list(python_namespaces_for(project.metadata))}")
        if not theirs:
            continue
        ours = imports_check_for(project)
        a, b = set(ours), set(theirs)
        verdict = (
            "equal" if a == b
            else "ours a subset of nixpkgs'" if a < b
            else "ours a superset of nixpkgs'" if a > b
            else "overlapping" if a & b
            else "disjoint"
        )  # fmt: skip
        verdicts[verdict] += 1
        if verdict != "equal":
            rows[verdict].append(f"{nix.parent.name}: ours {list(ours)}, nixpkgs {list(theirs)}")
    total = sum(v for k, v in verdicts.items() if k != "refused by the reader")
    print("## pythonImportsCheck compared with nixpkgs\n")
    print(f"{total} nixpkgs files with pythonImportsCheck whose project is in {sdists} (versions may differ).\n")
    print("| verdict | files | share |\n|---|---:|---:|")
    for verdict in ("equal", "ours a subset of nixpkgs'", "ours a superset of nixpkgs'", "overlapping", "disjoint", "refused by the reader"):
        share = f"{100 * verdicts[verdict] / total:.0f}%" if total and verdict != "refused by the reader" else ""
        print(f"| {verdict} | {verdicts[verdict]} | {share} |")
    for verdict, lines in rows.items():
        print(f"\n### {verdict}\n")
        print("\n".join(f"- {line}" for line in lines))
    if namespaces:
        print("\n### pythonNamespaces (nixpkgs files that set it)\n")
        print("\n".join(f"- {line}" for line in namespaces))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdists", type=Path, default=Path("/work/cache/sdists"), help="directory with index.json and the sdists")
    parser.add_argument("--wheels", type=int, metavar="N", help="check N pure-Python projects against their built wheels")
    parser.add_argument("--corpus", type=Path, metavar="DIR", help="compare with nixpkgs files DIR/<attr>/default.nix")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"wheel cache (default {DEFAULT_CACHE})")
    parser.add_argument("--jobs", type=int, default=2, help="wheel builds at a time")
    parser.add_argument("--python", default=sys.executable, help="interpreter whose pip builds the wheels (a newer one builds projects that require it)")
    args = parser.parse_args()
    status = 0
    if args.corpus:
        status |= compare_corpus(args.sdists, args.corpus)
    if args.wheels:
        status |= verify_wheels(args.sdists, args.wheels, args.cache, args.jobs, args.python)
    if not (args.corpus or args.wheels):
        parser.error("give --wheels N and/or --corpus DIR")
    return status


if __name__ == "__main__":
    sys.exit(main())
