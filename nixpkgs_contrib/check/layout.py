"""The nixfmt rule for values: lists, ``++`` chains, attribute sets and ``inherit`` laid out again.

:mod:`nixpkgs_contrib.nixsyntax.layout` lays a parsed value out with the renderer's nixfmt rules
(``render/nix.py``); on the shared corpus it gives back the bytes of every value it can express
that nixfmt 1.x wrote (see CONTRIBUTING, "Layout of edits").  A value that comes out different is
one nixfmt would rewrite, which the formatting check of nixpkgs CI rejects.  What the layout code
cannot express (``Unexpressible``) is not judged, nor the shapes where it is known to differ
from nixfmt (:func:`_known_difference`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..nixsyntax import AttrSet, Binding, Inherit, List, Node, Paren, layout, query
from .rules import NIXFMT_LAYOUT, Finding
from .source import Source


def _laid_out(node: Node) -> str:
    if isinstance(node, Inherit):
        return layout.inherit(node)
    assert isinstance(node, Binding)
    return layout.binding(node)


def _known_difference(node: Node) -> bool:
    """Shapes render/nix.py lays out unlike nixfmt 1.x, found by laying out random values with a
    nixfmt port: ``x = a ++ [`` … ``];`` (nixfmt keeps a two-term chain on the binding line when
    the first term fits there and the last one is a list, a set or parentheses), and chains that
    start with an empty list."""
    if not isinstance(node, Binding):
        return False
    terms = query.concat_terms(node.value)
    if len(terms) > 1 and isinstance(terms[0], List) and not terms[0].items:
        return True  # `[ ] ++ …`: nixfmt does not keep an empty first list on the binding line
    return len(terms) == 2 and "\n" not in terms[0].text and isinstance(terms[1], (List, AttrSet, Paren))


def lint(src: Source) -> Iterator[Finding]:
    if "\r" in src.text:
        return  # CRLF line endings: one finding per line already says so (text rules)
    differing: list[tuple[Node, str]] = []
    for kind, node in layout.value_nodes(src.root):
        if kind == "arguments" or _known_difference(node):
            continue  # the argument set is the argument-head rule's
        try:
            expected = _laid_out(node)
        except layout.Unexpressible:
            continue
        if expected != node.text:
            theirs, ours = node.text.split("\n"), expected.split("\n")
            at = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b), min(len(theirs), len(ours)))
            where = src.line(node) + at
            shown = f"nixfmt writes line {where} as `{ours[at].strip()}`" if at < len(ours) else (
                f"nixfmt ends it at line {where - 1}")  # fmt: skip
            name = node.path.text if isinstance(node, Binding) else "inherit"
            differing.append((node, f"`{name}` is not laid out as nixfmt writes it: {shown}"))
    # a set whose only difference is a value inside it is reported once, at the inner value
    differing.sort(key=lambda d: d[0].end - d[0].start)
    reported: list[Node] = []
    for node, message in differing:
        if any(node.start <= r.start and r.end <= node.end for r in reported):
            continue
        reported.append(node)
        yield src.finding(NIXFMT_LAYOUT, node, message)
