"""Rules on the text as nixfmt writes it: whitespace, tabs, blank lines, the final newline, width.

nixfmt rewrites the whitespace *between* tokens, never the text of a string, so a trailing space
or a tab inside ``'' … ''`` is content, not a layout problem; the tree tells which is which.
Comments are nixfmt's too, except their text: a tab inside a comment is left alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..nixsyntax.lexer import COMMENT, IND_CLOSE, IND_ESC, IND_OPEN, IND_STR, STR, URI
from .rules import BLANK_LINES, FINAL_NEWLINE, LINE_LENGTH, TAB, TRAILING_WHITESPACE, WIDTH, Finding
from .source import Source

_CONTENT = frozenset({STR, IND_STR, IND_ESC, IND_OPEN})


class _Spans:
    """Sorted, disjoint (start, end) spans of the file: is an offset inside one?"""

    def __init__(self, spans: list[tuple[int, int]]):
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _content_and_comments(src: Source) -> tuple[_Spans, _Spans]:
    """The spans of string text (what nixfmt never touches) and of comments, in file offsets."""
    content: list[tuple[int, int]] = []
    comments: list[tuple[int, int]] = []
    shift = src.shift
    for tok in src.root.token_list:
        if tok.kind in _CONTENT:
            content.append((tok.start - shift, tok.end - shift))
        if "#" in tok.trivia or "/*" in tok.trivia:
            base = tok.full_start - shift
            comments += [(base + m.start(), base + m.end()) for m in COMMENT.finditer(tok.trivia)]
    return _Spans(content), _Spans(comments)


def lint(src: Source) -> Iterator[Finding]:
    text = src.text
    content, comments = _content_and_comments(src)
    lines = text.split("\n")
    offset = 0
    blank_run = 0
    for number, line in enumerate(lines, 1):
        end = offset + len(line)  # the offset of this line's "\n"
        if line.endswith("\r") and end - 1 not in content:
            yield Finding.of(TRAILING_WHITESPACE, src.path, number, "carriage return (CRLF line ending)")
        elif line != line.rstrip(" \t") and end - 1 not in content:
            yield Finding.of(TRAILING_WHITESPACE, src.path, number, "trailing whitespace")
        tab = next((offset + i for i, ch in enumerate(line) if ch == "\t" and offset + i not in content
                    and offset + i not in comments), None)  # fmt: skip
        if tab is not None:
            yield Finding.of(TAB, src.path, number, "tab character")
        if not line.strip() and end not in content and end not in comments and number < len(lines):
            blank_run += 1
            if blank_run == 2:
                yield Finding.of(BLANK_LINES, src.path, number, "two consecutive blank lines")
        else:
            blank_run = 0
        offset = end + 1
    if text and not text.endswith("\n"):
        yield Finding.of(FINAL_NEWLINE, src.path, len(lines), "no newline at the end of the file")
    yield from _line_length(src, lines)


def _line_length(src: Source, lines: list[str]) -> Iterator[Finding]:
    """Lines nixfmt would have wrapped: strings, URIs and comments may run past the limit."""
    exempt: set[int] = set()
    for tok in src.root.token_list:
        if tok.kind in _CONTENT or tok.kind in (URI, IND_CLOSE, '"'):
            first = src.line(tok.start)
            exempt.update(range(first, src.line(max(tok.start, tok.end - 1)) + 1))
        if "#" in tok.trivia or "/*" in tok.trivia:
            for m in COMMENT.finditer(tok.trivia):
                start = tok.full_start + m.start()
                exempt.update(range(src.line(start), src.line(start + len(m.group())) + 1))
    for number, line in enumerate(lines, 1):
        width = len(line.lstrip(" "))  # nixfmt measures a line without its indentation
        if width > WIDTH and number not in exempt:
            yield Finding.of(
                LINE_LENGTH, src.path, number, f"line is {width} columns long without its indentation (limit {WIDTH})"
            )
