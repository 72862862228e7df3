"""How long ``update`` takes to find a family's members, against an earlier revision of the tool.

``update.resolve`` asks every python-modules file of the checkout whether it has
``inherit (root) …``; this script times that scan.  The checkout is the shared corpus laid out as
nixpkgs lays it out, each file also copied ``--copies - 1`` times under other attribute names
(``<attr>-copy<N>``) to come near nixpkgs' size (about 6,000 python-modules files at 20 copies).
Each measurement is a whole process (interpreter start-up, imports, indexing the checkout and the
resolves) for this tree and for ``--baseline REV`` (extracted with ``git archive``, first on
``PYTHONPATH``), alternating, medians; each process also prints the time of its resolves alone
and the families it found, and the two trees must find the same ones::

    python benchmarks/bench_resolve.py --baseline 9e72e63                    # every corpus attribute, 1 copy
    python benchmarks/bench_resolve.py --baseline 9e72e63 --copies 20 --attr setuptools --attr absl-py
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import measure

sys.path.insert(0, str(measure.ROOT / "tests"))

from corpus import CORPUS  # noqa: E402

_CHILD = """
import json, sys, time
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.nixpkgs import update
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex
index = NixpkgsIndex.load(sys.argv[1], cache=False)
target = Target()
found = {}
start = time.perf_counter()
for attr in sys.argv[2:]:
    try:
        family = update.resolve(index, attr, target)
    except UserError as exc:  # a file update refuses: the refusal is the answer
        found[attr] = str(exc)
        continue
    found[attr] = [family.root.attr, [m.attr for m in family.members], list(family.src_only)]
print(json.dumps({"resolve": time.perf_counter() - start, "found": found}))
"""


def checkout(dest: Path, copies: int) -> tuple[Path, list[str]]:
    """The corpus's python-modules files, *copies* times each, as a nixpkgs checkout (no git)."""
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    root = dest / "nixpkgs"
    modules = root / "pkgs/development/python-modules"
    corpus = [m["attr"] for m in manifest["python_modules"]]
    attrs = []
    for m in manifest["python_modules"]:
        for n in range(copies):
            attr = m["attr"] if n == 0 else f"{m['attr']}-copy{n}"
            (modules / attr).mkdir(parents=True)
            shutil.copy(CORPUS / m["file"], modules / attr / "default.nix")
            attrs.append(attr)
    interpreters = root / "pkgs/development/interpreters/python"
    interpreters.mkdir(parents=True)
    shutil.copy(CORPUS / "interpreters/python/default.nix", interpreters / "default.nix")
    lines = [f"  {a} = callPackage ../development/python-modules/{a} {{ }};\n" for a in sorted(attrs)]
    (root / "pkgs/top-level").mkdir(parents=True)
    (root / "pkgs/top-level/python-packages.nix").write_text("self: super: with self; {\n" + "".join(lines) + "}\n")
    return root, corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, metavar="REV", help="the earlier revision")
    parser.add_argument("--copies", type=int, default=1, help="copies of each corpus file (default: %(default)s)")
    parser.add_argument("--attr", action="append", help="resolve these (default: every corpus attribute)")
    parser.add_argument("-r", "--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if CORPUS is None:
        raise SystemExit("the shared corpus is absent")
    print(measure.machine())
    print(f"load before: {measure.load()}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        base.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(measure.ROOT), "archive", args.baseline], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        root, corpus = checkout(Path(tmp), args.copies)
        attrs = args.attr or corpus
        argv_ = [measure.PYTHON, "-c", _CHILD, str(root), *attrs]
        env = measure.child_env()
        measure.compile_package(env)
        subprocess.run([measure.PYTHON, "-m", "compileall", "-q", str(base / "nixpkgs_contrib")], check=True)
        trees = {"baseline": str(base), "this tree": str(measure.ROOT)}
        runs: dict[str, list[measure.Run]] = {name: [] for name in trees}
        names = list(trees)
        for i in range(args.rounds + 1):  # alternating, the order reversed every other round; round 0 warms up
            for name in names if i % 2 == 0 else names[::-1]:
                result = measure.run(argv_, dict(env, PYTHONPATH=trees[name]), cwd=Path(tmp))
                if i:
                    runs[name].append(result)
    outputs = {name: [json.loads(r.stdout) for r in rs] for name, rs in runs.items()}
    files = len(corpus) * args.copies
    what = f"{len(attrs)} attributes" if args.attr is None else " ".join(attrs)
    print(f"resolve {what} over {files} python-modules files; whole process, {args.rounds} alternating rounds")
    print(f"load after: {measure.load()}")
    print("| tree | whole process (median s) | resolves alone (median s) |")
    print("|---|---:|---:|")
    for name in names:
        wall = measure.median_wall(runs[name])
        alone = statistics.median(o["resolve"] for o in outputs[name])
        print(f"| {name} | {wall:.2f} | {alone:.2f} |")
    ratio = measure.median_wall(runs["this tree"]) / measure.median_wall(runs["baseline"])
    alone_ratio = statistics.median(o["resolve"] for o in outputs["this tree"]) / statistics.median(
        o["resolve"] for o in outputs["baseline"]
    )
    print(f"ratio this/baseline: whole process {ratio:.2f}, resolves alone {alone_ratio:.2f}")
    same = outputs["baseline"][0]["found"] == outputs["this tree"][0]["found"]
    found = outputs["this tree"][0]["found"].values()
    members = sum(len(f[1]) for f in found if isinstance(f, list))
    refused = sum(isinstance(f, str) for f in found)
    print(
        f"families found: {'identical' if same else 'DIFFERENT'} ({members} members over {len(attrs)} resolves,"
        f" {refused} refused)"
    )
    if not same:
        for attr, found in outputs["this tree"][0]["found"].items():
            if found != outputs["baseline"][0]["found"][attr]:
                print(f"  {attr}: baseline {outputs['baseline'][0]['found'][attr]}, this tree {found}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
