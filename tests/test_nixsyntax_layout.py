"""The layout measurement: every list, ``++`` chain, attribute set, ``inherit`` and argument set
of the corpus, parsed and laid out again by render/nix.py, must give the file's bytes.

Run ``python tests/test_nixsyntax_layout.py`` for the table the README quotes.  A miss is a
layout bug in render/nix.py unless it is one of the classified source styles below, which nixfmt
1.x does not produce either; what render/nix.py cannot express is counted by reason.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

import attrs
import pytest
from corpus import FILES, requires_corpus

from nixpkgs_contrib.conditions import Atom, Condition
from nixpkgs_contrib.nixsyntax import Binding, Formals, Inherit, Node, parse
from nixpkgs_contrib.nixsyntax import layout as lay
from nixpkgs_contrib.nixsyntax.pymodule import NotAPythonModule, read_module
from nixpkgs_contrib.render import nix
from nixpkgs_contrib.render.nix import Item, Raw, Term

OLDER = Condition(((Atom("pythonOlder", "3.11"),),))

# --- the layout functions the editor relies on ----------------------------------------------------


def test_list_with_comments_and_blank_lines() -> None:
    items = [Item("a", ("# why a",)), Item("b", trailing="# why b"), Item("c", ("# group two",), blank_before=True)]
    assert nix.list_expr(items, "  ") == "[\n    # why a\n    a\n    b # why b\n\n    # group two\n    c\n  ]"
    assert nix.list_expr([Item("a", ("# only",))], "  ") == "[\n    # only\n    a\n  ]"  # comments expand
    assert nix.list_expr(["a"], "  ", closing=("# more to come",)) == "[\n    a\n    # more to come\n  ]"


def test_expanded_single_item_list_stays_expanded() -> None:
    assert nix.list_expr(["a"], "  ", "  x = ", ";") == "[ a ]"
    assert nix.list_expr(["a"], "  ", "  x = ", ";", expand=True) == "[\n    a\n  ]"


def test_attrset_and_argument_set() -> None:
    assert nix.attrset_expr([], "  ") == "{ }"
    assert nix.attrset_expr(["a = 1;"], "  ", expand=False) == "{ a = 1; }"
    assert nix.attrset_expr(["a = 1;", Item("b = 2;", blank_before=True)], "  ") == "{\n    a = 1;\n\n    b = 2;\n  }"
    head = nix.formals(["lib", Item("setuptools", ("# build-system",), blank_before=True)], ellipsis=True)
    assert head == "{\n  lib,\n\n  # build-system\n  setuptools,\n  ...\n}"


def test_blank_lines_after_the_opening_and_before_the_closing_bracket() -> None:
    """nixfmt keeps one blank line in both places (its test attr_set: `rec {\n\n    c = 1;\n\n  }`)."""
    assert nix.attrset_expr([Item("c = 1;", blank_before=True)], "  ", closing=("",)) == "{\n\n    c = 1;\n\n  }"


def test_inherit_layout() -> None:
    assert nix.inherit(["pname", "version"], "    ", "finalAttrs") == "inherit (finalAttrs) pname version;"
    assert nix.inherit(["a", "b"], "  ", expand=True) == "inherit\n    a\n    b\n    ;"
    many = [f"name{i:02}" for i in range(20)]
    assert nix.inherit(many, "  ").startswith("inherit\n    name00\n")


def test_a_single_optionals_term_opens_on_the_binding_line() -> None:
    """nixfmt absorbs the list of ``lib.optionals COND [ … ]`` when it is the whole value."""
    text = nix.concat("dependencies", [Term(("a" * 50, "b"), OLDER)], "  ")
    assert text == f'  dependencies = lib.optionals (pythonOlder "3.11") [\n    {"a" * 50}\n    b\n  ];'
    assert (
        nix.concat("dependencies", [Term(("tomli",), OLDER)], "  ")
        == '  dependencies = lib.optionals (pythonOlder "3.11") [ tomli ];'
    )


def test_condition_as_written() -> None:
    text = nix.concat("x", [Term(("a", "b")), Term(("c",), Raw("(!isPyPy)"))], "  ")
    assert text == "  x = [\n    a\n    b\n  ]\n  ++ lib.optionals (!isPyPy) [ c ];"


def test_chain_comments_and_lib_optional() -> None:
    darwin = Raw("stdenv.hostPlatform.isDarwin")
    terms = [
        Term(("a", "b")),
        Term((), darwin, expr="gnureadline", function="optional", comments=("# readline on macOS",)),
        Term(("t",), darwin, operator_comments=("# see upstream #1",)),
    ]
    assert nix.concat("x", terms, "  ") == (
        "  x = [\n    a\n    b\n  ]\n  # readline on macOS\n  ++ lib.optional stdenv.hostPlatform.isDarwin gnureadline\n"
        "  ++\n    # see upstream #1\n    lib.optionals stdenv.hostPlatform.isDarwin [ t ];"
    )


def test_relayout_of_a_parsed_binding_keeps_its_bytes() -> None:
    text = (
        "{\n  dependencies = [\n    # note\n    a\n    b # why\n\n    c\n  ]\n"
        '  ++ lib.optionals (pythonOlder "3.11") [ tomli ]\n  ++ lib.optionals (stdenv.hostPlatform.isDarwin) [\n    appnope\n  ];\n'
        "  meta = with lib; {\n    maintainers = with maintainers; [ x ];\n  };\n}\n"
    )
    root = parse(text)
    for kind, node in lay.value_nodes(root):
        assert isinstance(node, Binding)
        assert lay.binding(node) == node.text, kind


def test_unexpressible_names_its_reason_and_place() -> None:
    root = parse("with lib; {\n  x = [ a ] ++ optionals c [ d ];\n}\n", "pkgs/x/default.nix")
    b = root.expr.body.bindings[0]  # type: ignore[attr-defined]
    with pytest.raises(lay.Unexpressible) as info:
        lay.binding(b)
    reason = "optionals (only lib.optionals and lib.optional)"
    assert info.value.reason == reason
    assert str(info.value) == f"pkgs/x/default.nix:2: cannot lay out x as nixfmt would: {reason}"


@pytest.mark.parametrize(
    "text",
    [
        "{\n  d = [ /* after the bracket\n    # and on */\n    x\n  ];\n}\n",
        "{\n  d = [\n    x /* about x\n    # or y? */\n    y\n  ];\n}\n",
        "{\n  d = [\n    x\n    y /* about y\n    and on */\n  ];\n}\n",  # before the closing bracket
        "{\n  d = [\n    x /* about x\n    */ y\n  ];\n}\n",  # y on the comment's last line
        "{\n  d = {\n    x = 1; /* about x\n      and on */\n    y = 2;\n  };\n}\n",
    ],
)
def test_a_comment_across_lines_after_a_token_is_not_laid_out(text: str) -> None:
    """A ``/* */`` comment that starts on a token's line and ends on a later one was cut at the
    line's end: its first part lost, its rest (``# or y? */``) read as a comment of the next item.
    It is the token's trailing comment (query.trailing_comment), which nixfmt moves onto lines of
    its own above the next item: not ours to lay out."""
    root = parse(text, "f.nix")
    with pytest.raises(lay.Unexpressible, match="comment"):
        lay.binding(root.expr.bindings[0])  # type: ignore[attr-defined]


def test_an_argument_with_a_comment_across_lines_is_not_laid_out() -> None:
    root = parse("{\n  a, /* about a\n    and on */\n  b,\n}:\n\na\n", "f.nix")
    with pytest.raises(lay.Unexpressible, match="runs on"):
        lay.formals(root.expr.formals)  # type: ignore[attr-defined]


@pytest.mark.parametrize("line", ["x /* a */ # b", "x /* a */ /* b */"])
def test_two_comments_after_an_item_are_not_laid_out(line: str) -> None:
    """nixfmt joins them into one ``# a b``; the layout code writes a trailing comment as it
    stands, and wrote only the first (``# b`` was lost)."""
    root = parse(f"{{\n  d = [\n    {line}\n    y\n  ];\n}}\n", "f.nix")
    with pytest.raises(lay.Unexpressible, match="two comments on one line"):
        lay.binding(root.expr.bindings[0])  # type: ignore[attr-defined]


# --- the corpus measurement -----------------------------------------------------------------------

KINDS = ("arguments", "derivation set", "list", "chain", "set", "inherit")


#: source styles that are not nixfmt 1.x output (older nixfmt, hand edits): counted, not bugs
def _older_nixfmt_chain(node: Node) -> bool:
    """nixfmt before 1.0 kept ``] ++ …`` on the line of the closing bracket."""
    return isinstance(node, Binding) and bool(re.search(r"\][ \t]*\+\+", node.text))


def _hand_indented(node: Node, got: str) -> bool:
    """Only the indentation differs, by an amount nixfmt never writes (an odd number of spaces)."""
    ours, theirs = got.split("\n"), node.text.split("\n")
    return (
        len(ours) == len(theirs)
        and all(a.strip() == b.strip() for a, b in zip(ours, theirs))
        and any((len(b) - len(b.lstrip(" "))) % 2 for b in theirs)
    )


@attrs.define
class Measurement:
    same: collections.Counter = attrs.Factory(collections.Counter)
    styles: collections.Counter = attrs.Factory(collections.Counter)  # (kind, style) of classified misses
    unexpressible: collections.Counter = attrs.Factory(collections.Counter)  # (kind, reason)
    bugs: list = attrs.Factory(list)  # (path, line, kind, ours, theirs)
    #: binding name -> [byte for byte, total] for the bindings the README names
    by_name: dict = attrs.Factory(lambda: collections.defaultdict(lambda: [0, 0]))

    def total(self, kind: str) -> int:
        return (
            self.same[kind]
            + sum(n for (k, _), n in self.styles.items() if k == kind)
            + sum(n for (k, _), n in self.unexpressible.items() if k == kind)
            + sum(1 for b in self.bugs if b[2] == kind)
        )


def _laid_out(kind: str, node: Node) -> str:
    if kind == "arguments":
        assert isinstance(node, Formals)
        return lay.formals(node)
    if kind == "inherit":
        assert isinstance(node, Inherit)
        return lay.inherit(node)
    if kind == "derivation set":
        return lay.set_value(node.root, node, lay.line_indent_of(node.root, node.start), "", "")  # type: ignore[arg-type]
    assert isinstance(node, Binding)
    return lay.binding(node)


def measure(files: list[Path]) -> Measurement:
    m = Measurement()
    for path in files:
        root = parse(path.read_text(), str(path))
        nodes = lay.value_nodes(root)
        try:
            nodes.append(("derivation set", read_module(root).attrs))
        except NotAPythonModule:
            pass
        for kind, node in nodes:
            name = node.path.names[-1] if isinstance(node, Binding) else None
            counts = m.by_name[name] if name in NAMED else [0, 0]
            counts[1] += 1
            try:
                got = _laid_out(kind, node)
            except lay.Unexpressible as e:
                m.unexpressible[(kind, e.reason)] += 1
                continue
            if got == node.text:
                m.same[kind] += 1
                counts[0] += 1
            elif kind == "chain" and _older_nixfmt_chain(node):
                m.styles[(kind, "pre-1.0 nixfmt: `] ++` on the closing line")] += 1
            elif _hand_indented(node, got):
                m.styles[(kind, "hand-indented (odd indentation)")] += 1
            else:
                m.bugs.append((str(path), node.line, kind, got, node.text))
    return m


NAMED = (
    "build-system", "dependencies", "propagatedBuildInputs", "optional-dependencies", "nativeCheckInputs",
    "pythonRelaxDeps", "pythonRemoveDeps", "pythonImportsCheck", "disabledTests", "src", "meta", "maintainers",
)  # fmt: skip

#: what the corpus gives today (../shared/nixpkgs-corpus, 305 files); the test fails if any
#: count of values laid out byte for byte goes down, or if a miss is not a classified style
EXPECTED_SAME = {"arguments": 304, "derivation set": 303, "list": 1541, "chain": 60, "set": 737, "inherit": 130}


@requires_corpus
def test_layout_measurement_on_the_corpus() -> None:
    m = measure(FILES)
    assert m.bugs == []
    for kind, expected in EXPECTED_SAME.items():
        assert m.same[kind] >= expected, kind


def report(m: Measurement) -> str:
    lines = ["| value | laid out byte for byte | other source style | not expressible |", "|---|---|---|---|"]
    all_same = all_total = 0
    for kind in KINDS:
        total = m.total(kind)
        styles = sum(n for (k, _), n in m.styles.items() if k == kind)
        unexpressible = sum(n for (k, _), n in m.unexpressible.items() if k == kind)
        lines.append(f"| {kind} | {m.same[kind]} / {total} | {styles} | {unexpressible} |")
        all_same += m.same[kind]
        all_total += total
    lines.append(f"| **all** | **{all_same} / {all_total} ({100 * all_same / all_total:.1f} %)** | | |")
    lines.append("")
    expressible = all_total - sum(m.unexpressible.values())
    lines.append(
        f"Of the {expressible} values our layout code can express, {all_same} "
        f"({100 * all_same / expressible:.1f} %) come out byte for byte; layout bugs: {len(m.bugs)}."
    )
    lines.append("")
    lines.append(
        "By binding: " + ", ".join(f"`{n}` {m.by_name[n][0]}/{m.by_name[n][1]}" for n in NAMED if m.by_name[n][1])
    )
    lines.append("")
    lines.append("Other source styles (not nixfmt 1.x output):")
    lines += [f"- {kind}: {style}: {n}" for (kind, style), n in m.styles.most_common()]
    lines.append("Not expressible by render/nix.py:")
    lines += [f"- {kind}: {reason}: {n}" for (kind, reason), n in m.unexpressible.most_common()]
    return "\n".join(lines)


if __name__ == "__main__":
    measurement = measure(FILES)
    print(report(measurement))
    for path, line, kind, ours, theirs in measurement.bugs:
        print(f"\n{path}:{line} ({kind})\n--- file\n{theirs}\n--- render/nix.py\n{ours}", file=sys.stderr)
    sys.exit(1 if measurement.bugs else 0)


def test_sets_nixfmt_expands_whatever_the_source() -> None:
    """A set on one line is kept by nixfmt only as a call's argument or as a lone ``inherit``."""
    text = (
        "{\n  x = { a = 1; };\n  y = { inherit a; };\n  z = with lib; { a = 1; };\n  w = y // { inherit a; };\n"
        "  v = f { a = 1; };\n  u = f { a = 1; b = 2; };\n  e = [\n  ];\n}\n"
    )
    root = parse(text)
    got = {node.path.text: lay.binding(node) for _, node in lay.value_nodes(root) if isinstance(node, Binding)}
    assert got == {
        "x": "x = {\n    a = 1;\n  };",
        "y": "y = { inherit a; };",
        "z": "z = with lib; {\n    a = 1;\n  };",
        "w": "w = y // {\n    inherit a;\n  };",
        "v": "v = f { a = 1; };",
        "u": "u = f {\n    a = 1;\n    b = 2;\n  };",
        "e": "e = [\n  ];",
    }
