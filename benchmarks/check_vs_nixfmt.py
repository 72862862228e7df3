"""How `check`'s formatting errors agree with a real nixfmt (a measurement, not a test: it needs a
nixfmt binary, which CI does not have).

Three measurements, all counting the formatting rules (argument-head, nixfmt-layout, whitespace,
tabs, blank lines, final newline) at error severity:

1. corpus: for each file of the shared corpus, does nixfmt leave it unchanged, and does `check`
   find no formatting error?  (Agreement both ways.)
2. nixfmt's own output: each corpus and golden file with its layout thrown away (comments dropped,
   tokens joined by single spaces), formatted by nixfmt, then linted: any error is a false positive.
3. random files of bindings (lists, ``++`` chains, ``lib.optionals``, sets, ``//``, ``inherit``,
   argument sets; randomly expanded or on one line): before nixfmt, does `check` report an error
   exactly when nixfmt rewrites the file?  After nixfmt, is it clean?

    python benchmarks/check_vs_nixfmt.py --nixfmt /path/to/nixfmt [--samples 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from corpus import MODULES  # noqa: E402

from nixpkgs_contrib import check  # noqa: E402
from nixpkgs_contrib.nixsyntax import NixSyntaxError, parse  # noqa: E402
from nixpkgs_contrib.nixsyntax.lexer import EOF, IND_CLOSE, IND_ESC, IND_STR, STR  # noqa: E402

FORMAT_RULES = {r.id for r in (check.ARGUMENT_HEAD, check.NIXFMT_LAYOUT, check.TRAILING_WHITESPACE, check.TAB,
                               check.BLANK_LINES, check.FINAL_NEWLINE)}  # fmt: skip


def nixfmt(binary: str, text: str) -> str | None:
    proc = subprocess.run([binary], input=text, capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def format_errors(text: str) -> list[check.Finding]:
    return [f for f in check.lint_file("default.nix", text) if f.rule in FORMAT_RULES]


def collapsed(text: str) -> str | None:
    """The file's tokens joined by single spaces, comments dropped, strings kept as they are."""
    try:
        root = parse(text)
    except NixSyntaxError:
        return None
    out = []
    for tok in root.token_list:
        if tok.kind == EOF:
            break
        keep = tok.kind in (STR, IND_STR, IND_ESC, IND_CLOSE)
        out.append((tok.trivia if keep else (" " if tok.trivia else "")) + tok.text)
    return "".join(out) + "\n"


class Random:
    """Random python-modules-like files of bindings."""

    IDS = ("a", "bb", "setuptools", "pytestCheckHook", "some-very-long-dependency-name", "x.y",
           "finalAttrs.passthru.optional-dependencies.all")  # fmt: skip

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)

    def sep(self) -> str:
        return "\n" if self.rnd.random() < 0.4 else " "

    def item(self) -> str:
        r = self.rnd.random()
        if r < 0.6:
            return self.rnd.choice(self.IDS)
        if r < 0.8:
            return '"' + self.rnd.choice(["test_a", "tests/integration", "x" * self.rnd.randint(1, 60)]) + '"'
        if r < 0.9:
            return "(f: { a = 1; " + ("b = 2; " if self.rnd.random() < 0.5 else "") + "})"
        return "(lib.getBin " + self.rnd.choice(self.IDS) + ")"

    def list(self) -> str:
        n = self.rnd.choice([0, 1, 1, 2, 3, 5])
        if not n:
            return "[ ]"
        sep = self.sep()
        body = sep.join(self.item() for _ in range(n))
        if self.rnd.random() < 0.15:
            body = "# why\n" + body
        return "[" + sep + body + sep + "]"

    def term(self) -> str:
        r = self.rnd.random()
        if r < 0.45:
            return self.list()
        if r < 0.7:
            cond = self.rnd.choice(["stdenv.hostPlatform.isDarwin", '(pythonOlder "3.12")', "withFoo"])
            return f"lib.optionals {cond} {self.list()}"
        if r < 0.8:
            return "lib.optional withBar " + self.rnd.choice(self.IDS)
        return self.rnd.choice(self.IDS)

    def value(self) -> str:
        r = self.rnd.random()
        if r < 0.35:
            return self.list()
        if r < 0.75:
            return (self.sep() + "++ ").join(self.term() for _ in range(self.rnd.choice([1, 2, 2, 3, 4])))
        if r < 0.9:
            n = self.rnd.choice([0, 1, 2, 3])
            sep = self.sep()
            return (
                "{" + sep + sep.join(f"k{i} = {self.rnd.choice(self.IDS)};" for i in range(n)) + sep + "}"
                if n
                else "{ }"
            )
        return self.rnd.choice(self.IDS) + " // { k = " + self.rnd.choice(self.IDS) + "; }"

    def file(self) -> str:
        n = self.rnd.choice([1, 2, 3, 6])
        sep = self.sep()
        names = ["pkgs"] + [f"arg{i}" for i in range(n - 1)]
        head = "{" + sep + ("," + sep).join(names) + ("," if self.rnd.random() < 0.5 else "") + sep + "}:"
        names = ["aa", "bbbbbbbbbbbbbbbbbbbb", "c", "ddddddddddddddddddddddddddddd", "e", "ffffffffffffffffff"]
        inherit = (
            "inherit "
            + ("(src) " if self.rnd.random() < 0.5 else "")
            + " ".join(self.rnd.sample(names, self.rnd.randint(1, 6)))
        )
        binds = "\n".join(f"  v{j} = {self.value()};" for j in range(self.rnd.randint(1, 4)))
        return f"{head}\nwith pkgs;\n{{\n  {inherit};\n{binds}\n}}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nixfmt", default=shutil.which("nixfmt"), help="a nixfmt binary (default: on PATH)")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.nixfmt:
        raise SystemExit("no nixfmt: pass --nixfmt PATH")

    agree = collections.Counter()
    for path in MODULES:
        text = path.read_text()
        agree[(nixfmt(args.nixfmt, text) == text, not format_errors(text))] += 1
    print(f"1. corpus ({len(MODULES)} files): nixfmt keeps and check clean {agree[(True, True)]}, "
          f"nixfmt rewrites and check errors {agree[(False, False)]}, disagreements "
          f"{agree[(True, False)] + agree[(False, True)]}")  # fmt: skip

    others = [p for p in (REPO / "golden").rglob("*.nix") if p.name != "python-packages.nix"]
    fp = total = 0
    for path in [*MODULES, *others]:
        flat = collapsed(path.read_text())
        formatted = nixfmt(args.nixfmt, flat) if flat else None
        if formatted is None:
            continue
        total += 1
        fp += bool(format_errors(formatted))
    print(f"2. nixfmt's own output ({total} corpus and golden files, layout thrown away): {fp} with an error")

    gen = Random(args.seed)
    cells = collections.Counter()
    after = 0
    for _ in range(args.samples):
        text = gen.file()
        formatted = nixfmt(args.nixfmt, text)
        if formatted is None:
            continue
        cells[(formatted != text, bool(format_errors(text)))] += 1
        after += bool(format_errors(formatted))
    rewritten = cells[(True, True)] + cells[(True, False)]
    print(f"3. {sum(cells.values())} random files: nixfmt rewrites {rewritten}, check finds an error in "
          f"{cells[(True, True)]} of them ({cells[(True, True)] / max(rewritten, 1):.0%}); nixfmt keeps "
          f"{cells[(False, True)] + cells[(False, False)]}, check finds an error in {cells[(False, True)]} of those; "
          f"after nixfmt, {after} with an error")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
