"""The nixfmt rule for values: lists, ``++`` chains, attribute sets and ``inherit`` laid out again.

:mod:`nixpkgs_contrib.nixsyntax.layout` lays a parsed value out with the renderer's nixfmt rules
(``render/nix.py``); on the shared corpus it gives back the bytes of every value it can express
that nixfmt 1.x wrote (see CONTRIBUTING, "Layout of edits").  A value that comes out different is
one nixfmt would rewrite, which the formatting check of nixpkgs CI rejects.  What the layout code
cannot express (``Unexpressible``) is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..nixsyntax import Binding, Inherit, Node, layout
from .rules import NIXFMT_LAYOUT, Finding
from .source import Source


def _laid_out(node: Node) -> str:
    if isinstance(node, Inherit):
        return layout.inherit(node)
    assert isinstance(node, Binding)
    return layout.binding(node)


def lint(src: Source) -> Iterator[Finding]:
    if "\r" in src.text:
        return  # CRLF line endings: one finding per line already says so (text rules)
    differing: list[tuple[Node, str]] = []
    for kind, node in layout.value_nodes(src.root):
        if kind == "arguments":
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
