"""The keep-sorted rule of python-packages.nix: entries in order, one blank line apart.

nixpkgs CI runs google/keep-sorted over the ``# keep-sorted start … # keep-sorted end`` block,
so an entry out of place fails the build of the PR.  The order is keep-sorted's own comparison
(:func:`nixpkgs_contrib.nixpkgs.registration.sort_key`, the one ``pr`` inserts with), applied to
the entries the tree finds in the block.  emit's ``python-packages.nix`` is a fragment of that
block, so it is held to the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..nixpkgs.registration import END, START, sort_key
from ..nixsyntax import Bind, query
from .rules import REGISTRATION, Finding
from .source import Source


def lint(src: Source) -> Iterator[Finding]:
    body = query.outermost_set(src.root)
    if body is None:
        return
    entries = body.bindings
    if src.fragment:
        yield from _block(src, entries, separated=True)
        return
    for start, end, separated in _blocks(src):
        yield from _block(src, [b for b in entries if start < b.start < end], separated=separated)


def _blocks(src: Source) -> Iterator[tuple[int, int, bool]]:
    """(start, end, newline_separated) of each keep-sorted block, in tree offsets."""
    markers: list[tuple[int, str]] = []
    for tok in src.root.token_list:
        for comment in query.comments(tok):
            if START in comment.text or END in comment.text:
                markers.append((comment.start, comment.text))
    open_at: list[tuple[int, bool]] = []
    for offset, text in markers:
        if START in text:
            open_at.append((offset, "newline_separated=yes" in text))
        elif open_at:
            start, separated = open_at.pop()
            yield start, offset, separated


def _block(src: Source, entries: Sequence[Bind], *, separated: bool) -> Iterator[Finding]:
    lines = src.lines
    previous = None
    for b in entries:
        first, last = src.line(b), src.line(b.end - 1)
        key = sort_key("\n".join(lines[first - 1 : last]))
        name = key.split(" ", 1)[0].rstrip(";")
        if previous is not None:
            if key < previous[0]:
                yield src.finding(REGISTRATION, b, f"`{name}` should come before `{previous[1]}`")
            if separated and not query.leading(b).blank_line:
                yield src.finding(REGISTRATION, b, f"no blank line between `{previous[1]}` and `{name}`")
        previous = (key, name)
