"""``update`` on real files and real releases: every shared-corpus file whose pinned sdist
(``bench_audit.py fetch``) and a newer sdist (``/work/cache/sdists``, the newest releases of the
most downloaded projects) are both at hand, merged from the one to the other.

For each pair it records what ``update --dry-run`` does: refused (and why), or the edits made,
the lines that need a person, and checks on the result: it parses (with ``nix-instantiate
--parse`` when Nix is installed), uses no variable the file did not take before, and outside the
edited values every line is the file's own.  fetchFromGitHub files are given a placeholder
``--hash`` (the sweep measures the merge, not archive downloads)::

    python benchmarks/sweep_update.py             # table of outcomes
    python benchmarks/sweep_update.py --show      # and each file's result lines
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_audit import SDISTS, checkout  # noqa: E402

from nixpkgs_contrib.errors import UserError  # noqa: E402
from nixpkgs_contrib.nixpkgs import compat  # noqa: E402
from nixpkgs_contrib.nixpkgs import update as up  # noqa: E402
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex  # noqa: E402
from nixpkgs_contrib.nixpkgs.releases import SdistFolder, Wanted  # noqa: E402
from nixpkgs_contrib.nixsyntax import parse, scope  # noqa: E402
from nixpkgs_contrib.plan import FAKE_HASH  # noqa: E402

NEWEST = Path(os.environ.get("SDISTS_NEWEST", "/work/cache/sdists"))


def undefined(text: str) -> set[str]:
    return {u.name for u in scope.analyse(parse(text)).undefined()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    outcomes: collections.Counter[str] = collections.Counter()
    edits: collections.Counter[str] = collections.Counter()
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        root = checkout(Path(tmp))
        folder = Path(tmp) / "sdists"
        folder.mkdir()
        for source in (SDISTS / "pypi", NEWEST):
            for f in source.iterdir():
                if f.is_file() and not f.name.startswith(".") and not (folder / f.name).exists():
                    (folder / f.name).symlink_to(f)
        index = NixpkgsIndex.load(root)
        target = compat.target_for(index)
        releases = SdistFolder(folder)
        newest = SdistFolder(NEWEST)
        pinned = SdistFolder(SDISTS / "pypi")
        for attr in sorted(index.packages):
            try:
                family = up.resolve(index, attr, target)
            except UserError:
                continue
            root_w = family.root.written
            name = up.distribution_name(root_w)
            if family.root.attr != attr or root_w.version is None:
                continue
            new = newest.latest(Wanted(name, ""), None)
            if new is None or pinned.find(Wanted(name, root_w.version)) is None or new == root_w.version:
                continue
            given = FAKE_HASH if root_w.source.fetcher != "fetchPypi" else None
            try:
                u = up.plan_update(family, releases, index, target, version=new, hash=given)
            except UserError as exc:
                outcomes["refused"] += 1
                lines.append(f"{attr} {root_w.version} -> {new}: refused: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - a sweep reports our bugs, it does not stop at them
                outcomes["internal error"] += 1
                lines.append(f"{attr} {root_w.version} -> {new}: INTERNAL ERROR {type(exc).__name__}: {exc}")
                continue
            outcomes["updated"] += 1
            for f in u.files:
                parse(f.after, f.path)
                if undefined(f.after) - undefined(f.before):
                    outcomes["new undefined variable"] += 1
                if shutil.which("nix-instantiate"):
                    path = Path(tmp) / "check.nix"
                    path.write_text(f.after)
                    done = subprocess.run(["nix-instantiate", "--parse", str(path)], capture_output=True, text=True)
                    outcomes["nix --parse ok" if done.returncode == 0 else "nix --parse FAILED"] += 1
                for c in f.merge.changes:
                    edits[type(c).__name__ + (f" {c.action}" if hasattr(c, "action") else "")] += 1
                outcomes["with lines for a person"] += bool(f.merge.conflicts)
                outcomes["with held changes"] += bool(f.merge.held)
                lines.append(f"{attr} {root_w.version} -> {new}: {len(f.merge.changes)} edits, "
                             f"{len(f.merge.conflicts)} for a person, {len(f.merge.moves)} upstream moves")  # fmt: skip
                lines += [f"  {line}" for line in up.change_lines(f, target)]
    print("| outcome | files |")
    print("|---|---:|")
    for key, n in sorted(outcomes.items()):
        print(f"| {key} | {n} |")
    print()
    print("| edit | count |")
    print("|---|---:|")
    for key, n in sorted(edits.items()):
        print(f"| {key} | {n} |")
    if args.show:
        print()
        print("\n".join(lines))


if __name__ == "__main__":
    main()
