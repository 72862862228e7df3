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
"""

from __future__ import annotations

import re

from ..errors import NixpkgsError
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


def _balance(line: str) -> int:
    """Open minus closed brackets of one line, outside strings and comments (keep-sorted's
    ``block=yes`` grouping keeps lines together until they balance)."""
    depth = 0
    in_string = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#":
            break
        elif ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
        i += 1
    return depth


def _groups(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """``(first line, last line, key)`` of each entry between *start* and *end* (exclusive).

    An entry is a run of sticky ``#`` comments followed by code lines; it continues while its
    brackets are open or the next line is indented deeper than its first line.
    """
    groups: list[tuple[int, int, str]] = []
    first = None  # first line of the current group (comment or code)
    code_start = None
    indent = 0
    balance = 0
    for i in range(start, end):
        line = lines[i]
        stripped = line.strip()
        if code_start is not None and (balance > 0 or (stripped and len(line) - len(line.lstrip()) > indent)):
            balance += _balance(line)
            continue
        if not stripped:
            if code_start is not None:
                groups.append((first, i - 1, sort_key("\n".join(lines[code_start:i]))))
            first = code_start = None  # a comment followed by a blank line sticks to nothing
            continue
        if code_start is not None:
            groups.append((first, i - 1, sort_key("\n".join(lines[code_start:i]))))
            first = code_start = None
        if first is None:
            first = i
        if stripped.startswith("#"):
            continue
        code_start = i
        indent = len(line) - len(line.lstrip())
        balance = _balance(line)
    if code_start is not None:
        last = end - 1
        while not lines[last].strip():
            last -= 1
        groups.append((first, last, sort_key("\n".join(lines[code_start : last + 1]))))
    return groups


def keep_sorted_block(lines: list[str], *, path: str | None = None) -> tuple[int, int]:
    """Line indexes of the first ``# keep-sorted start`` and its matching ``# keep-sorted end``."""
    start = next((i for i, line in enumerate(lines) if START in line and line.lstrip().startswith("#")), None)
    if start is None:
        raise NixpkgsError("no '# keep-sorted start' block to register the package in", path=path)
    nested = 0
    for i in range(start + 1, len(lines)):
        stripped = lines[i].lstrip()
        if stripped.startswith("#") and START in stripped:
            nested += 1
        elif stripped.startswith("#") and END in stripped:
            if nested == 0:
                return start, i
            nested -= 1
    raise NixpkgsError("'# keep-sorted start' without '# keep-sorted end'", path=path, line=start + 1)


def defined_attributes(text: str) -> dict[str, int]:
    """Top-level attributes of a python-packages.nix text → their 1-based line."""
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
    existing = defined_attributes(text)
    if attr in existing:
        raise NixpkgsError(f"attribute {attr!r} already exists", path=path, line=existing[attr])
    new = entry.strip("\n").split("\n")
    if defined_attributes("{\n" + "\n".join(new) + "\n}").keys() != {attr}:
        raise ValueError(f"entry does not define exactly {attr!r}: {entry!r}")
    lines = text.split("\n")
    start, end = keep_sorted_block(lines, path=path)
    key = sort_key("\n".join(new))
    groups = _groups(lines, start + 1, end)
    after = next((g for g in groups if g[2] > key), None)
    if after is not None:
        at = after[0]
        lines[at:at] = [*new, ""]
    elif groups:
        at = groups[-1][1] + 1
        lines[at:at] = ["", *new]
    else:
        lines[start + 1 : start + 1] = new
    return "\n".join(lines)
