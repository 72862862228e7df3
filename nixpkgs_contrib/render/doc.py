"""A document layout engine with the semantics of nixfmt 1.x (RFC 166), for :mod:`.nix`.

nixfmt does not lay Nix out by fixed rules per construct: it builds a *document* of text, spaces
that may become line breaks, and *groups*, then prints it greedily at 100 columns.  Whether a
``lib.optionals (…) [`` stays on the binding line depends on the width of everything around it,
so :mod:`.nix` describes a value as such a document and this module prints it the way nixfmt's
printer does (its ``Predoc`` module documents the model; the behaviour here was checked against
a nixfmt implementation on generated values, and :mod:`tests.test_render_nix` pins it):

* a group is printed on one line when it fits (with whatever must follow it on that line);
  otherwise its optional breaks become line breaks and its inner groups are tried in turn;
* a *priority* group inside a group that does not fit is expanded first, alone, when what comes
  before it and after it then fits on one line (``f a b [`` … ``]``), the last one first;
  a *transparent* group lends its priority groups to the group around it;
* the width of a line is counted without its indentation;
* nesting levels opened on one line add one indentation step only, for the lines that follow.

Everything here is about layout; nothing knows Nix syntax.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Union

import attrs

#: nixfmt's line width and indentation step
WIDTH = 100
STEP = 2

# spacing kinds, from weakest to strongest: two spacings in a row become the stronger one
BREAK = 1  # nothing, or a line break
HARDSPACE = 2  # always one space
SPACE = 3  # a space, or a line break
HARDLINE = 4  # always a line break
EMPTYLINE = 5  # always a blank line


@attrs.frozen
class Text:
    """Text that is never broken; a *comment* does not count towards the line width."""

    text: str
    level: int = 0
    comment: bool = False


@attrs.frozen
class Lines:
    """Lines laid out elsewhere (an element kept as its source wrote it): the first continues the
    current line, the others start lines of their own at the current indentation, keeping their
    own relative indentation.  Never fits on one line when it has more than one."""

    lines: tuple[str, ...]
    level: int = 0


@attrs.frozen
class Spacing:
    kind: int


@attrs.frozen
class Group:
    items: tuple[Element, ...]
    #: "regular", "priority" (expanded first) or "transparent" (see the module docstring)
    kind: str = "regular"


Element = Union[Text, Lines, Spacing, Group]
Doc = list[Element]
DocLike = Union[str, Element, Sequence[Element]]


def _doc(*parts: DocLike) -> Doc:
    out: Doc = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Text(part))
        elif isinstance(part, (Text, Lines, Spacing, Group)):
            out.append(part)
        else:
            out.extend(part)
    return out


def text(s: str) -> Doc:
    return [Text(s)] if s else []


def comment(s: str) -> Doc:
    return [Text(s, comment=True)]


def lines(s: str) -> Doc:
    """Text that may span lines (continuation lines relative to the first one's indentation)."""
    parts = tuple(s.split("\n"))
    return [Text(s)] if len(parts) == 1 else [Lines(parts)]


line: Doc = [Spacing(SPACE)]
line_: Doc = [Spacing(BREAK)]
hardspace: Doc = [Spacing(HARDSPACE)]
hardline: Doc = [Spacing(HARDLINE)]
emptyline: Doc = [Spacing(EMPTYLINE)]


def cat(*parts: DocLike) -> Doc:
    return _doc(*parts)


def group(*parts: DocLike, kind: str = "regular") -> Doc:
    return [Group(tuple(_doc(*parts)), kind)]


def nest(*parts: DocLike) -> Doc:
    """The parts one nesting level deeper (an indentation step on the lines they start)."""
    return [_deeper(e) for e in _doc(*parts)]


def _deeper(e: Element) -> Element:
    if isinstance(e, (Text, Lines)):
        return attrs.evolve(e, level=e.level + 1)
    if isinstance(e, Group):
        return Group(tuple(_deeper(x) for x in e.items), e.kind)
    return e


# --- normalisation ----------------------------------------------------------------------------


def _merge(a: int, b: int) -> int:
    if a > b:
        a, b = b, a
    if (a, b) == (BREAK, HARDSPACE):
        return SPACE
    return b


def _is_hard(e: Element) -> bool:
    return isinstance(e, Spacing) and e.kind >= HARDSPACE and e.kind != SPACE


def _is_comment(e: Element) -> bool:
    if isinstance(e, Text):
        return e.comment
    if isinstance(e, Group):
        return all(_is_comment(x) or _is_hard(x) for x in e.items)
    return False


def normalise(doc: Iterable[Element]) -> Doc:
    """Merge neighbouring spacings and texts, move a space in front of a group into it, and move
    hard spacing and comments at the edges of a group out of it (so a comment line above an
    element does not stop the element's group from fitting); empty groups disappear."""
    out: Doc = []
    for e in doc:
        _push(out, e)
    return out


def _push(out: Doc, e: Element) -> None:
    if isinstance(e, Spacing):
        if out and isinstance(out[-1], Spacing):
            out[-1] = Spacing(_merge(out[-1].kind, e.kind))
        else:
            out.append(e)
    elif isinstance(e, Text):
        last = out[-1] if out else None
        if isinstance(last, Text) and last.comment == e.comment:
            out[-1] = Text(last.text + e.text, last.level, last.comment)
        else:
            out.append(e)
    elif isinstance(e, Group):
        items = list(e.items)
        if out and out[-1] == Spacing(HARDSPACE):
            items.insert(0, out.pop())
        body = normalise(items)
        start = 0
        while start < len(body) and (_is_hard(body[start]) or _is_comment(body[start])):
            start += 1
        end = len(body)
        while end > start and _is_hard(body[end - 1]):
            end -= 1
        pre, middle, post = body[:start], body[start:end], body[end:]
        if len(middle) == 1 and isinstance(middle[0], Group) and middle[0].kind == e.kind:
            middle = list(middle[0].items)
        for x in pre:
            _push(out, x)
        if middle:
            out.append(Group(tuple(middle), e.kind))
        for x in post:
            _push(out, x)
    else:
        out.append(e)


# --- measuring --------------------------------------------------------------------------------


def _leaves(doc: Iterable[Element]) -> Iterator[Element]:
    """Texts and spacings in order, groups opened, neighbouring spacings merged."""
    pending: Spacing | None = None
    for e in _flat(doc):
        if isinstance(e, Spacing):
            pending = e if pending is None else Spacing(_merge(pending.kind, e.kind))
            continue
        if pending is not None:
            yield pending
            pending = None
        yield e
    if pending is not None:
        yield pending


def _flat(doc: Iterable[Element]) -> Iterator[Element]:
    for e in doc:
        if isinstance(e, Group):
            yield from _flat(e.items)
        else:
            yield e


def _one_line(doc: Iterable[Element], width: int) -> str | None:
    """The elements on one line, or None when they need a line break or exceed *width*."""
    out: list[str] = []
    for e in _leaves(doc):
        if width < 0:
            return None
        if isinstance(e, Text):
            out.append(e.text)
            if not e.comment:
                width -= len(e.text)
        elif isinstance(e, Lines):
            return None
        else:
            assert isinstance(e, Spacing)
            if e.kind >= HARDLINE:
                return None
            if e.kind != BREAK:
                out.append(" ")
                width -= 1
    return "".join(out) if width >= 0 else None


def _first_line_width(doc: Iterable[Element]) -> int:
    """How much of *doc* must stay on the current line: up to its first possible line break."""
    width = 0
    for e in _leaves(doc):
        if isinstance(e, Text):
            width += 0 if e.comment else len(e.text)
        elif isinstance(e, Lines):
            return width + len(e.lines[0])
        elif isinstance(e, Spacing) and e.kind == HARDSPACE:
            width += 1
        else:
            return width
    return width


def _first_level(doc: Sequence[Element]) -> int:
    for e in doc:
        if isinstance(e, (Text, Lines)):
            return e.level
        if isinstance(e, Group):
            return _first_level(e.items)
    return 0


def _compact_spacing(doc: Sequence[Element]) -> Doc:
    """*doc* with its own optional breaks taken as spaces (inner groups untouched)."""
    out: Doc = []
    for e in doc:
        if e == Spacing(SPACE):
            out.append(Spacing(HARDSPACE))
        elif e != Spacing(BREAK):
            out.append(e)
    return out


def _priority_splits(items: Sequence[Element]) -> list[tuple[Doc, Doc, Doc]]:
    """(before, priority group's content, after) for each priority group of a group (those of
    transparent groups inside it included), in order."""
    segments: list[tuple[bool, Doc]] = []

    def walk(xs: Sequence[Element]) -> None:
        for x in xs:
            if isinstance(x, Group) and x.kind == "priority":
                segments.append((True, list(x.items)))
            elif isinstance(x, Group) and x.kind == "transparent":
                walk(x.items)
            elif segments and not segments[-1][0]:
                segments[-1][1].append(x)
            else:
                segments.append((False, [x]))

    walk(items)
    out = []
    for i, (prio, content) in enumerate(segments):
        if prio:
            before = [x for _, c in segments[:i] for x in c]
            after = [x for _, c in segments[i + 1 :] for x in c]
            out.append((before, content, after))
    return out


# --- printing ---------------------------------------------------------------------------------


class _Printer:
    """Greedy printing: the state is the column (without indentation) and a stack of
    (indentation, nesting level) for the lines started so far."""

    def __init__(self, width: int, level: int):
        self.width = width
        self.column = 0
        self.stack = [(0, 0)] + [(STEP * k, k) for k in range(1, level + 1)]
        self.out: list[str] = []

    def state(self) -> tuple[int, list[tuple[int, int]], int]:
        return self.column, list(self.stack), len(self.out)

    def restore(self, state: tuple[int, list[tuple[int, int]], int]) -> None:
        self.column, self.stack, n = state
        del self.out[n:]

    def put(self, level: int, s: str) -> None:
        while True:
            indent, nl = self.stack[-1]
            if level > nl:
                self.stack.append((indent + STEP if self.column == 0 else indent, level))
                break
            if level < nl and len(self.stack) > 1:
                self.stack.pop()
                continue
            break
        if self.column == 0:
            self.out.append(" " * self.stack[-1][0])
        self.out.append(s)
        self.column += len(s)

    def newline(self, n: int) -> None:
        self.out.append("\n" * n)
        self.column = 0

    def print(self, doc: Sequence[Element], rest: Sequence[Element]) -> None:
        for i, e in enumerate(doc):
            self.element(e, [*doc[i + 1 :], *rest])

    def element(self, e: Element, rest: Sequence[Element]) -> None:
        if isinstance(e, Text):
            self.put(e.level, e.text)
        elif isinstance(e, Lines):
            self.put(e.level, e.lines[0])
            for part in e.lines[1:]:
                self.newline(1)
                if part:
                    self.put(e.level, part)
        elif isinstance(e, Spacing):
            if self.column == 0:
                return  # a line was just started: spacing at its start is dropped
            if e.kind == HARDSPACE:
                self.out.append(" ")
                self.column += 1
            else:
                self.newline(2 if e.kind == EMPTYLINE else 1)
        else:
            if self.fit(e.items, rest):
                return
            if e.kind != "transparent":
                for before, prio, after in reversed(_priority_splits(e.items)):
                    if self.expand_priority(before, prio, after, rest):
                        return
            self.print(e.items, rest)

    def fit(self, items: Sequence[Element], rest: Sequence[Element]) -> bool:
        """Print *items* on the current line if they fit there, with what must follow them."""
        if not items:
            return True
        if self.column == 0:
            items = list(items)
            if isinstance(items[0], Spacing):
                items = items[1:]
            elif isinstance(items[0], Group) and items[0].items and isinstance(items[0].items[0], Spacing):
                items[0] = Group(items[0].items[1:], items[0].kind)
            one = _one_line(items, self.width - _first_line_width(rest))
            if one is None:
                return False
            self.put(_first_level(items), one)
            return True
        one = _one_line(items, self.width - self.column - _first_line_width(rest))
        if one is None:
            return False
        self.out.append(one)
        self.column += len(one)
        return True

    def expand_priority(self, before: Doc, prio: Doc, after: Doc, rest: Sequence[Element]) -> bool:
        saved = self.state()
        if not self.fit(before, [*prio, *after, *rest]):
            self.restore(saved)
            return False
        self.print(prio, [*_compact_spacing(after), *rest])
        if not self.fit(after, rest):
            self.restore(saved)
            return False
        return True


def layout(doc: DocLike, *, level: int = 0, width: int = WIDTH) -> str:
    """*doc* printed from the start of a line indented *level* steps (its texts at that level)."""
    printer = _Printer(width, level)
    body = normalise(nest_to(level, _doc(doc)))
    printer.print([Group(tuple(body))], [])
    return "".join(printer.out)


def nest_to(level: int, doc: Doc) -> Doc:
    for _ in range(level):
        doc = nest(doc)
    return doc
