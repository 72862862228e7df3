"""Does what we write come out of a nixfmt unchanged?  (A measurement, not a test: it needs a
nixfmt binary, which CI does not have.)

Every text is given to nixfmt; a text nixfmt rewrites is a layout bug in ``render/nix.py`` or a
template.  Generated values are also collapsed onto one line first: nixfmt must then write them
exactly as we do (our layout is nixfmt's, not only one it accepts).

1. goldens: every ``golden/**/*.nix`` (python-packages.nix read inside ``{ … }``);
2. generated values through the layout functions (seeded): ``++`` chains of lists,
   ``lib.optionals``/``lib.optional`` with conditions of every shape, names near the width,
   comments, nested sets; ``disabled`` conditions; lists with ``with``; ``inherit``;
   python-packages.nix entries of 1 to 130 characters; flake files of random families;
   whole package files from random models;
3. with ``--sdists DIR``: ``emit`` of every sdist in DIR (two processes), every file written;
   with ``--folders N`` also N output folders of six sdists each (every other with ``--flox``),
   the sdists drawn with the seed: flake.nix, overlay.nix and python-packages.nix of several
   packages.

    python benchmarks/layout_vs_nixfmt.py --nixfmt /path/to/nixfmt [--samples 1000] [--seed 1]
    python benchmarks/layout_vs_nixfmt.py --nixfmt /path/to/nixfmt --sdists /work/cache/sdists --folders 10
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nixpkgs_contrib.conditions import ALWAYS, NEVER, Atom, Condition  # noqa: E402
from nixpkgs_contrib.flake import FlakeSpec, render_flake_files  # noqa: E402
from nixpkgs_contrib.model import Dependency, GitHubSource, Meta, NixPackage, PypiSource  # noqa: E402
from nixpkgs_contrib.render import nix  # noqa: E402
from nixpkgs_contrib.render.nix import Item, Raw, Term  # noqa: E402
from nixpkgs_contrib.render.package import render_package  # noqa: E402
from nixpkgs_contrib.render.registration import registration_entry  # noqa: E402

ATOMS = (
    Atom("pythonOlder", "3.11"), Atom("pythonAtLeast", "3.13"), Atom("pythonOlder", "3.10"),
    Atom("platform", "isDarwin"), Atom("platform", "isLinux"), Atom("platform", "isx86_64"),
)  # fmt: skip
RAW = (Raw("(!isPyPy)"), Raw("stdenv.hostPlatform.isDarwin"), Raw("withFoo"))
KEYWORDS = frozenset({"assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"})


def nixfmt(binary: str, text: str) -> str | None:
    proc = subprocess.run([binary], input=text, capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def in_sets(body: str, depth: int) -> str:
    """*body* (lines at indentation *depth*) inside as many nested sets."""
    head = "{\n" + "".join(f"{'  ' * i}l{i} = {{\n" for i in range(1, depth))
    tail = "".join(f"{'  ' * i}}};\n" for i in reversed(range(1, depth))) + "}\n"
    return head + body + "\n" + tail


class Values:
    """Random inputs of the layout functions."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)

    def name(self, longest: int = 40) -> str:
        """An identifier, never a keyword (`if`, `in`: not a name nixfmt would parse)."""
        n = self.rnd.choice([1, 3, 8, 15, 25, longest, self.rnd.randint(1, longest)])
        name = self.rnd.choice("abcdefghij") + "".join(self.rnd.choice("abcdefghij-_0123") for _ in range(n - 1))
        return name + "x" if name in KEYWORDS else name

    def condition(self) -> Condition:
        if self.rnd.random() < 0.5:
            return Condition(((self.rnd.choice(ATOMS),),))
        return Condition(tuple(tuple(self.rnd.sample(ATOMS, self.rnd.randint(1, 3))) for _ in range(self.rnd.randint(1, 3))))

    def items(self, low: int, high: int, comments: bool) -> tuple[nix.ItemLike, ...]:
        out: list[nix.ItemLike] = []
        for _ in range(self.rnd.randint(low, high)):
            text = self.name(self.rnd.choice([20, 60, 95]))
            if comments and self.rnd.random() < 0.2:
                above = ("# " + self.name(30),) if self.rnd.random() < 0.5 else ()
                out.append(Item(text, above, "# why" if self.rnd.random() < 0.5 else None))
            else:
                out.append(text)
        return tuple(out)

    def term(self, first: bool, comments: bool) -> Term:
        r = self.rnd.random()
        if r < 0.35:
            term = Term(self.items(0 if self.rnd.random() < 0.2 else 1, 4, comments), expand=comments and r < 0.05)
        elif r < 0.7:
            cond = self.condition() if self.rnd.random() < 0.8 else self.rnd.choice(RAW)
            term = Term(self.items(1, 4, comments), cond)
        elif r < 0.85:
            term = Term((), expr=f"{self.name(30)}.optional-dependencies.{self.name(20)}")
        else:
            term = Term((), self.condition(), expr=self.name(30), function="optional")
        if comments and not first and self.rnd.random() < 0.3:
            which = self.rnd.choice(["comments", "operator_comments"])
            term = Term(term.items, term.condition, term.expr, term.expand, term.function,
                        **{which: ("# " + self.name(10),)})  # fmt: skip
        return term

    def binding(self) -> tuple[str, int, bool]:
        """(binding text at its indentation, depth, whether it holds comments)."""
        depth = self.rnd.choice([1, 1, 2, 3])
        indent = nix.INDENT * depth
        name = self.name(self.rnd.choice([5, 17, 40, 70, 90]))
        if self.rnd.random() < 0.1:
            name = nix.attr_name(self.name(20) + "." + self.name(10))
        comments = self.rnd.random() < 0.2
        r = self.rnd.random()
        if r < 0.65:
            terms = [self.term(i == 0, comments) for i in range(self.rnd.choice([1, 1, 2, 2, 3, 4]))]
            return nix.concat(name, terms, indent), depth, comments
        if r < 0.75:
            return nix.binding_value(name, self.condition(), indent), depth, False
        if r < 0.9:
            prefix = self.rnd.choice(["", "with lib.maintainers; "])
            name = "maintainers" if prefix else name
            items = list(self.items(0, 3, comments))
            head = f"{indent}{name} = {prefix}"
            return head + nix.list_expr(items, indent, head, ";") + ";", depth, comments
        names = [self.name(25) for _ in range(self.rnd.randint(1, 5))]
        return indent + nix.inherit(names, indent, self.rnd.choice([None, "finalAttrs"])), depth, False

    def flake(self) -> dict[str, str]:
        def attr(n: int) -> str:
            return "a" + "".join(self.rnd.choice("abcdefghij0123-") for _ in range(n - 2)).replace("--", "-a") + "z"

        spec = FlakeSpec(
            attr(self.rnd.choice([3, 10, 40, 80, 95])),
            tuple(dict.fromkeys(attr(self.rnd.choice([3, 20, 50, 85])) for _ in range(self.rnd.randint(1, 4)))),
            tuple(self.rnd.sample(["3.10", "3.11", "3.12", "3.13"], self.rnd.randint(1, 4))),
            main_programs=tuple(attr(self.rnd.choice([3, 30, 80])) for _ in range(self.rnd.randint(0, 3))),
            flox_python=self.rnd.choice([None, "3.12"]),
        )
        return {k: v for k, v in render_flake_files(spec, flox=spec.flox_python is not None).items() if k.endswith(".nix")}

    def package(self) -> str:
        def deps(n: int) -> tuple[Dependency, ...]:
            out = {}
            for _ in range(self.rnd.randint(0, n)):
                attr = self.name(self.rnd.choice([8, 30, 70]))
                cond = ALWAYS if self.rnd.random() < 0.5 else self.condition()
                extras = (self.rnd.choice([self.name(10), "with.dot"]),) if self.rnd.random() < 0.15 else ()
                out[attr] = Dependency(attr, cond, extras)
            return tuple(out.values())

        pname = self.name(self.rnd.choice([5, 30, 70]))
        hash_ = "sha256-" + "A" * 43 + "="
        src = self.rnd.choice([PypiSource(pname, hash_), GitHubSource(self.name(), self.name(), "v1", hash_, tag_prefix="v")])
        pkg = NixPackage(
            attr=pname, pname=pname, version="1.0", src=src,
            build_system=tuple(self.name() for _ in range(self.rnd.randint(0, 3))),
            relax_deps=tuple((self.name(), "why " + self.name()) for _ in range(self.rnd.randint(0, 2))),
            dependencies=deps(6),
            optional_dependencies=tuple({self.rnd.choice([self.name(), "with.dot"]): deps(4) for _ in range(self.rnd.randint(0, 3))}.items()),
            native_check_inputs=deps(3),
            imports_check=tuple(self.name() for _ in range(self.rnd.randint(1, 2))),
            disabled=self.rnd.choice([NEVER, Condition(((Atom("pythonOlder", "3.10"),),)), self.condition()]),
            meta=Meta("A " + self.name(), "https://example.org/" + self.name(), None,
                      tuple(self.rnd.sample(["mit", "asl20"], self.rnd.randint(0, 2))),
                      tuple(self.name(30) for _ in range(self.rnd.randint(0, 3)))),
        )  # fmt: skip
        return render_package(pkg)


def one_line(text: str) -> str:
    return re.sub(r"\n *", " ", text)


def goldens() -> Iterator[tuple[str, str]]:
    for path in sorted((REPO / "golden").rglob("*.nix")):
        text = path.read_text()
        yield "goldens", "{\n" + text + "}\n" if path.name == "python-packages.nix" else text


def generated(seed: int, samples: int) -> Iterator[tuple[str, str, str | None]]:
    """(kind, text, the same text on one line or None) of each generated input."""
    values = Values(seed)
    for _ in range(samples):
        text, depth, comments = values.binding()
        yield "values", in_sets(text, depth), None if comments else in_sets(one_line(text), depth)
    for n in range(1, 131):
        for attr in ("a" * n, "x-" * (n // 2) + "y"):
            yield "registration entries", in_sets(registration_entry(attr), 1), None
    for _ in range(samples // 4):
        for text in values.flake().values():
            yield "flake files", text, None
    for _ in range(samples // 4):
        yield "package files", values.package(), None


def _emit(job: tuple[str, str, str]) -> tuple[str, list[str]]:
    sdist, out, python = job
    proc = subprocess.run([python, "-m", "nixpkgs_contrib", "emit", sdist, "--out", out, "--quiet"],
                          capture_output=True, text=True, cwd=REPO)  # fmt: skip
    if proc.returncode != 0:
        return sdist, []
    return sdist, [str(p) for p in sorted(Path(out).rglob("*.nix"))]


def _as_read(path: str) -> str:
    text = Path(path).read_text()
    return "{\n" + text + "}\n" if path.endswith("python-packages.nix") else text


def emitted(sdists: Path, tmp: Path) -> Iterator[tuple[str, str]]:
    jobs = [(str(p), str(tmp / p.name), sys.executable) for p in sorted(sdists.glob("*.tar.gz"))]
    done = 0
    with ProcessPoolExecutor(2) as pool:
        for _sdist, files in pool.map(_emit, jobs):
            done += bool(files)
            for f in files:
                yield "emitted files", _as_read(f)
    print(f"emit: {done} of {len(jobs)} sdists emitted", file=sys.stderr)


def _emit_folder(job: tuple[list[str], str, bool]) -> tuple[int, list[str]]:
    """Several emits into one folder (one that fails writes nothing): how many were written, and
    the files of the folder once all ran."""
    sdists, out, flox = job
    written = 0
    for sdist in sdists:
        command = [sys.executable, "-m", "nixpkgs_contrib", "emit", sdist, "--out", out, "--quiet"]
        written += subprocess.run(command + ["--flox"] * flox, capture_output=True, cwd=REPO).returncode == 0
    return written, [str(p) for p in sorted(Path(out).rglob("*.nix"))]


def folders(sdists: Path, tmp: Path, count: int, seed: int) -> Iterator[tuple[str, str]]:
    rnd = random.Random(seed)
    every = sorted(str(p) for p in sdists.glob("*.tar.gz"))
    jobs = [(rnd.sample(every, 6), str(tmp / f"folder-{i}"), i % 2 == 0) for i in range(count)]
    packages = 0
    with ProcessPoolExecutor(2) as pool:
        for written, files in pool.map(_emit_folder, jobs):
            packages += written
            for f in files:
                yield "files of multi-package folders", _as_read(f)
    print(f"folders: {count} folders, {packages} packages emitted into them", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nixfmt", default=shutil.which("nixfmt"), help="a nixfmt binary (default: on PATH)")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sdists", type=Path, help="also emit every sdist of this folder")
    parser.add_argument("--folders", type=int, default=0, help="with --sdists: also N folders of six emits each")
    parser.add_argument("--show", type=int, default=0, help="print the first N differences")
    args = parser.parse_args(argv)
    if not args.nixfmt:
        raise SystemExit("no nixfmt: pass --nixfmt PATH")

    kept: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    shown = 0

    def measure(kind: str, text: str, flat: str | None = None) -> None:
        nonlocal shown
        total[kind] += 1
        ok = nixfmt(args.nixfmt, text) == text and (flat is None or nixfmt(args.nixfmt, flat) == text)
        kept[kind] += ok
        if not ok and shown < args.show:
            shown += 1
            print(f"--- {kind}\n{text}", file=sys.stderr)

    sources: list[Callable[[], Iterator[tuple]]] = [goldens, lambda: generated(args.seed, args.samples)]
    for source in sources:
        for item in source():
            measure(*item)
    if args.sdists:
        with tempfile.TemporaryDirectory(prefix="layout-vs-nixfmt-") as tmp:
            for kind, text in emitted(args.sdists, Path(tmp)):
                measure(kind, text)
            for kind, text in folders(args.sdists, Path(tmp), args.folders, args.seed):
                measure(kind, text)
    print("| input | texts | kept by nixfmt |\n|---|---:|---:|")
    for kind in total:
        print(f"| {kind} | {total[kind]} | {kept[kind]} |")
    return 0 if kept == total else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
