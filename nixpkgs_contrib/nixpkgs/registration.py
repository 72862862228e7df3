"""Adding a ``callPackage`` line to python-packages.nix exactly where keep-sorted wants it.

The body of python-packages.nix is one keep-sorted block (nixpkgs PR #391087 / #393764)::

    # keep-sorted start block=yes newline_separated=yes by_regex=["(?:inherit\\s+\\([^)]+\\)\\n?\\s*)?(.+)"]

CI re-sorts it with google/keep-sorted, so an entry in the wrong place fails the treefmt check.
:func:`sort_key` reproduces keep-sorted's comparison for that header (``keepsorted/line_group.go``):

* an entry ("line group") is its lines, left-trimmed and joined without newlines (a space only
  between two word characters), so a wrapped ``x =`` / ``callPackage …`` / ``{ };`` entry
  compares like the one-line form;
* ``by_regex`` drops a leading ``inherit (…)`` so that an inherit sorts by its first name;
* the rest is compared as a plain string: ``case=yes`` and ``numeric=no`` are keep-sorted's
  defaults, so the order is byte order (``' ' < '-' < digits < upper case < '_' < lower case``).

Because the attribute name is followed by ``" ="``, ``acme`` < ``acme-core`` < ``acme-web`` <
``acme2`` < ``acmeX`` < ``acme_x`` < ``acmex``; note that an ``inherit (…) a;`` line sorts by
``"a;"``, which is after ``a-b = …``, as keep-sorted itself orders it.

The entries are the bindings and ``inherit``s the syntax tree finds in the block, each with the
comment lines right above it; only the comparison is keep-sorted's text rule.
"""

from __future__ import annotations

import re

from ..errors import NixpkgsError
from ..nixsyntax import Root, parse, query
from ..nixsyntax.query import Comment
from .index import top_level

START = "keep-sorted start"
END = "keep-sorted end"

# the by_regex of python-packages.nix; Go's RE2 and Python's re agree on this pattern
_BY_REGEX = re.compile(r"(?:inherit\s+\([^)]+\)\n?\s*)?(.+)")
_WORD_END = re.compile(r"\w$")
_WORD_START = re.compile(r"^\w")


def joined(lines: list[str]) -> str:
    """keep-sorted's ``joinedLines``: left-trimmed lines, a space only between word characters."""
    out: list[str] = []
    last = ""
    for raw in lines:
        text = raw.lstrip()
        if last and text and _WORD_END.search(last) and _WORD_START.search(text):
            out.append(" ")
        out.append(text)
        last = text
    return "".join(out)


def sort_key(entry: str) -> str:
    """The string keep-sorted compares for *entry* (its code lines, without comments)."""
    code = [line for line in entry.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    text = joined(code)
    m = _BY_REGEX.search(text)
    return m.group(1) if m else ""


def keep_sorted_block(root: Root, *, path: str | None = None) -> tuple[Comment, Comment]:
    """The first ``# keep-sorted start`` comment line of the file and its matching
    ``# keep-sorted end`` (blocks nest)."""
    markers = [
        c for tok in root.token_list for c in query.comments(tok) if c.own_line and (START in c.text or END in c.text)
    ]
    start = next((c for c in markers if START in c.text), None)
    if start is None:
        raise NixpkgsError("no '# keep-sorted start' block to register the package in", path=path)
    nested = 0
    for c in markers[markers.index(start) + 1 :]:
        if START in c.text:
            nested += 1
        elif nested == 0:
            return start, c
        else:
            nested -= 1
    raise NixpkgsError("'# keep-sorted start' without '# keep-sorted end'", path=path, line=root.position(start.start)[0])


def _groups(root: Root, start: Comment, end: Comment) -> list[tuple[int, int, str]]:
    """``(first line, last line, key)`` (0-based line indexes) of each entry of the block, in order.

    An entry is a binding or ``inherit`` of the file's outermost set with the comment lines
    right above it (none when a blank line separates them: such a comment sticks to nothing,
    as keep-sorted groups lines); its key is :func:`sort_key` of its own lines.
    """
    body = query.outermost_set(root)
    lines = root.source.text.split("\n")
    groups: list[tuple[int, int, str]] = []
    for b in getattr(body, "bindings", ()):
        if not start.end <= b.start < end.start:
            continue
        first_code = root.position(b.start)[0] - 1
        last = root.position(b.end - 1)[0] - 1
        sticky = [c for c in query.leading(b).attached if c.start > start.end and c.own_line]
        first = root.position(sticky[0].start)[0] - 1 if sticky else first_code
        if groups and first <= groups[-1][1]:  # two entries on one line: keep-sorted sees one
            first = groups.pop()[0]
        groups.append((first, last, sort_key("\n".join(lines[first_code : last + 1]))))
    return groups


def defined_attributes(text: str | Root) -> dict[str, int]:
    """Top-level attributes of a python-packages.nix text (or its tree) → their 1-based line."""
    out: dict[str, int] = {}
    for b in top_level(text):
        out.setdefault(b.name, b.line)
    return out


def insert_registration(text: str, attr: str, entry: str, *, path: str | None = None) -> str:
    """*text* (python-packages.nix) with *entry* added to its keep-sorted block.

    Only new lines are added: the entry and one blank line that separates it from its neighbour
    (``newline_separated=yes``); every existing line is kept byte for byte.  Refuses an *attr*
    that the file already defines anywhere in its top-level set.
    """
    root = parse(text, path)
    existing = defined_attributes(root)
    if attr in existing:
        raise NixpkgsError(f"attribute {attr!r} already exists", path=path, line=existing[attr])
    new = entry.strip("\n").split("\n")
    if defined_attributes("{\n" + "\n".join(new) + "\n}").keys() != {attr}:
        raise ValueError(f"entry does not define exactly {attr!r}: {entry!r}")
    start, end = keep_sorted_block(root, path=path)
    key = sort_key("\n".join(new))
    groups = _groups(root, start, end)
    lines = text.split("\n")
    after = next((g for g in groups if g[2] > key), None)
    if after is not None:
        at = after[0]
        lines[at:at] = [*new, ""]
    elif groups:
        at = groups[-1][1] + 1
        lines[at:at] = ["", *new]
    else:
        at = root.position(start.start)[0]
        lines[at:at] = new
    return "\n".join(lines)
