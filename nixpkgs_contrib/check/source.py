"""A file being linted: its text and its syntax tree, or the errors that stop Nix from reading it.

A file that Nix would not accept (its grammar, or what ``nix-instantiate --parse`` checks after
it: duplicate attributes, undefined variables) gets those findings and nothing else: every other
rule would be guessing about text that is not Nix.  A *fragment* (emit's ``python-packages.nix``:
bindings to paste into the registration file's set) is read inside ``{ … }``, with the names
the registration file provides left alone.
"""

from __future__ import annotations

import bisect
import os
import re
from typing import Optional, Union

import attrs

from ..nixsyntax import NixSyntaxError, Node, Root, parse, scope
from ..nixsyntax.lexer import ID, tokenize
from ..nixsyntax.lexer import Source as LexSource
from .rules import PARSE, UNDECLARED_ARGUMENT, Finding, Rule

#: what a fragment is wrapped in, and how many lines that adds in front
_OPEN, _CLOSE = "{\n", "\n}"


@attrs.define(eq=False)
class Source:
    """A parsed file: the path findings name, its text, and its tree (of the wrapped text for a
    fragment: :meth:`line` and :meth:`offset` translate back)."""

    path: str
    text: str
    root: Root
    fragment: bool
    _line_starts: list[int] = attrs.field(init=False, factory=list, repr=False)
    _scopes: Optional[scope.Scopes] = attrs.field(init=False, default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        self._line_starts.extend([0] + [m.end() for m in re.finditer("\n", self.text)])

    def scopes(self) -> scope.Scopes:
        """Every variable of the file resolved as Nix does (computed once)."""
        if self._scopes is None:
            self._scopes = scope.analyse(self.root)
        return self._scopes

    @property
    def shift(self) -> int:
        """Characters in front of the text in the tree (the fragment's ``{\\n``)."""
        return len(_OPEN) if self.fragment else 0

    def offset(self, tree_offset: int) -> int:
        """The offset in the file of an offset in the tree."""
        return tree_offset - self.shift

    def line_at(self, offset: int) -> int:
        """1-based line of a file offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def line(self, where: Union[Node, int]) -> int:
        """The file line of a node (its first character) or of a tree offset."""
        start = where.start if isinstance(where, Node) else where
        return self.line_at(self.offset(start))

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def finding(self, rule: Rule, where: Union[Node, int], message: str, *, line: Optional[int] = None) -> Finding:
        return Finding.of(rule, self.path, line if line is not None else self.line(where), message)


def is_fragment(text: str) -> bool:
    """Whether *text* is a run of bindings to paste into a set (emit's ``python-packages.nix``
    lines), not an expression of its own."""
    try:
        tokens = tokenize(LexSource(text))
    except NixSyntaxError:
        return False
    if tokens[0].kind == "inherit":
        return True
    return len(tokens) > 2 and tokens[0].kind == ID and tokens[1].kind in ("=", ".")


def read(path: os.PathLike[str] | str, text: str) -> Union[Source, list[Finding]]:
    """The parsed file, or the findings that say why Nix would not read it."""
    shown = os.fspath(path)
    fragment = is_fragment(text)
    try:
        root = parse(_OPEN + text + _CLOSE if fragment else text, shown)
    except NixSyntaxError as exc:
        return [Finding.of(PARSE, shown, max(1, exc.line - (1 if fragment else 0)), exc.message)]
    src = Source(shown, text, root, fragment)
    # what nix-instantiate --parse rejects after the grammar: a fragment's free names are the
    # registration file's (`with self;`), so only duplicates count there
    findings = [Finding.of(PARSE, shown, e.line - fragment, e.message) for e in scope.errors(root, undefined=False)]
    if not fragment:
        seen: set[str] = set()
        for use in src.scopes().undefined():
            if use.name not in seen:
                seen.add(use.name)
                message = f"`{use.name}` is used but not an argument (Nix: undefined variable '{use.name}')"
                findings.append(src.finding(UNDECLARED_ARGUMENT, use.node, message))
    return sorted(findings) if findings else src
