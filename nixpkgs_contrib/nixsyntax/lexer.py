"""Nix tokens, split exactly as Nix 2.x's flex lexer (``src/libexpr/lexer.l``) splits them.

Why a lexer of our own: the tree must keep every byte, so each token carries the whitespace and
comments in front of it (its *trivia*) and the concatenation of ``trivia + text`` over all tokens is
the file.  Lexing is context dependent exactly where Nix's is (double-quoted and indented strings,
paths with ``${…}``), and the rules below mirror lexer.l rule by rule, including its longest-match
choices (``a/b`` is a path, ``x:y`` a URI, ``1e5`` the integer ``1`` followed by ``e5``), so that
what we accept is what Nix accepts.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from ..errors import UserError

# --- token kinds ----------------------------------------------------------------------------------
# Punctuation and keywords use their own text as kind ("{", "==", "let"); the others:
ID = "ID"
INT = "INT"
FLOAT = "FLOAT"
URI = "URI"
SPATH = "SPATH"  # <nixpkgs/lib>
PATH = "PATH"  # the first piece of a path: ./a/b, ~/x, a/b/, ./
PATH_TEXT = "PATH_TEXT"  # a literal piece of a path after an interpolation
STR = "STR"  # literal text inside "…" (raw, escapes undecoded)
IND_STR = "IND_STR"  # literal text inside ''…'' that counts for indentation
IND_ESC = "IND_ESC"  # ''$  '''  ''\x  and a lone $ or ' inside ''…'' (do not count for indentation)
IND_OPEN = "IND_OPEN"  # '' plus the spaces and newline right after it, as Nix's lexer takes them
IND_CLOSE = "IND_CLOSE"
DQUOTE = '"'
DOLLAR_CURLY = "${"
EOF = "EOF"

KEYWORDS = frozenset({"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"})


class NixSyntaxError(UserError):
    """Text that is not a Nix expression: one line with the file, line, column and the cause."""

    def __init__(self, message: str, *, path: Optional[str] = None, line: int = 1, column: int = 1):
        super().__init__(message, path=path, line=line)
        self.column = column

    def __str__(self) -> str:
        where = self.path or "<text>"
        return f"{where}:{self.line}:{self.column}: {self.message}"


class Source:
    """A text being parsed: its path (for messages) and line starts (offset -> line, column)."""

    __slots__ = ("text", "path", "_lines")

    def __init__(self, text: str, path: Optional[str] = None):
        self.text = text
        self.path = path
        self._lines: Optional[list[int]] = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of *offset*; columns count characters."""
        if self._lines is None:
            self._lines = [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._lines, offset)
        start = self._lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def error(self, message: str, offset: int) -> NixSyntaxError:
        line, column = self.position(offset)
        return NixSyntaxError(message, path=self.path, line=line, column=column)


class Token:
    """One lexeme: *kind*, its *text* at offset *start*, and the whitespace and comments in front of
    it (*trivia*, which starts at ``start - len(trivia)``).  *parent* is the node holding it."""

    __slots__ = ("kind", "text", "start", "trivia", "parent", "index")

    def __init__(self, kind: str, text: str, start: int, trivia: str = ""):
        self.kind = kind
        self.text = text
        self.start = start
        self.trivia = trivia
        self.parent = None
        self.index = -1  # position in the file's token list (Root.token_list)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def full_start(self) -> int:
        """Where this token's trivia starts."""
        return self.start - len(self.trivia)

    def __str__(self) -> str:
        return self.trivia + self.text

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.start})"


# --- the rules ------------------------------------------------------------------------------------

_PATH_CHAR = r"[a-zA-Z0-9._+\-]"
_PATH = rf"{_PATH_CHAR}*(?:/{_PATH_CHAR}+)+/?"
_HPATH = rf"~(?:/{_PATH_CHAR}+)+/?"
_PATH_SEG = rf"{_PATH_CHAR}*/"

# Trivia: whitespace, # comments and /* */ comments (the first */ ends a comment, as in flex).
_COMMENT = r"#[^\r\n]*|/\*.*?\*/"
#: The trivia in front of a token as pattern text (compile with ``re.S``), for patterns that look
#: for a sequence of tokens in text before lexing it (:func:`.query.inherits_from`).  Possessive, so
#: a pattern that fails after it cannot backtrack into it: ``(?:[ ]+)*`` then a failure is
#: exponential in the number of blanks.  The lexer's trivia rule is this pattern, so the two agree.
TRIVIA = rf"(?:[ \t\r\n]+|{_COMMENT})*+"
_TRIVIA = re.compile(TRIVIA, re.S)

#: One comment in a token's trivia, as this lexer takes it: ``COMMENT.finditer(token.trivia)``
#: yields the comments in front of a token.  Defined once, next to the trivia rule, so that the
#: tools that look at comments (queries, layout, the text lints) agree with the lexer on where a
#: comment starts and ends.  Apply it to a whole trivia string (or a part that starts outside a
#: comment): inside a ``/* */`` comment a ``#`` is comment text, not a comment of its own.
COMMENT = re.compile(_COMMENT, re.S)

# Default state.  The alternatives are ordered so that the first one that matches is also flex's
# longest match (see the module docstring): paths and URIs before the identifiers and numbers they
# start with, multi-character operators before their prefixes.
_DEFAULT = re.compile(
    "|".join(
        (
            rf"(?P<PATHI>{_PATH_SEG}(?=\$\{{)|~/(?=\$\{{))",  # ./${x}  ~/${x}: a path that interpolates at once
            rf"(?P<PATH>{_PATH}|{_HPATH})",
            r"(?P<URI>[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+)",
            rf"(?P<SPATH><{_PATH_CHAR}+(?:/{_PATH_CHAR}+)*>)",
            r"(?P<FLOAT>(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?)",
            r"(?P<INT>[0-9]+)",
            r"(?P<ID>[a-zA-Z_][a-zA-Z0-9_'\-]*)",
            r"(?P<IND_OPEN>''(?: *\n)?)",
            r"(?P<OP>\.\.\.|==|!=|<=|>=|&&|\|\||->|//|\+\+|\$\{|[-+*/!<>=?:;,.@(){}\[\]\"])",
        )
    )
)
# Inside "…": literal text (flex: (…)+ or (…)*\$/\" ), then ${, " or an unterminated end.
_DQ_TEXT = re.compile(r'(?:[^$"\\]|\$[^{"\\]|\\.|\$\\.)+', re.S)
# Inside ''…'': the text rule that counts for indentation, and the escapes.
_IND_TEXT = re.compile(r"(?:[^$']|\$[^{']|'[^'$])+")
_IND_ESCAPE = re.compile(r"''\$|'''|''\\(?:.|\n)")
# In a path after its first piece.
_IN_PATH = re.compile(rf"{_PATH}|{_PATH_SEG}|{_PATH_CHAR}+")

_DEFAULT_STATE, _STRING, _IND_STRING, _IN_PATH_STATE, _IN_PATH_SLASH = range(5)


def tokenize(source: Source) -> list[Token]:
    """All tokens of *source*, the last one an ``EOF`` token holding the trailing trivia.

    Raises :class:`NixSyntaxError` for text Nix's lexer rejects or cannot finish (an unterminated
    string or comment, a stray character, a path with a trailing slash, an integer too large).
    """
    text = source.text
    n = len(text)
    tokens: list[Token] = []
    append = tokens.append
    stack = [_DEFAULT_STATE]  # flex's state stack: "{" and "${" push DEFAULT, "}" pops
    opened: list[int] = []  # offsets of the open strings / interpolations, for messages
    pos = 0
    trivia_match = _TRIVIA.match
    default_match = _DEFAULT.match
    while True:
        state = stack[-1]
        if state == _DEFAULT_STATE:
            m = trivia_match(text, pos)
            end = m.end()
            trivia = text[pos:end] if end > pos else ""
            pos = end
            if pos >= n:
                break
            if text.startswith("/*", pos):  # the trivia rule did not find its */
                raise source.error("unterminated /* comment", pos)
            m = default_match(text, pos)
            if m is None:
                raise source.error(f"unexpected character {text[pos]!r}", pos)
            kind = m.lastgroup
            value = m.group()
            if kind == "ID":
                if value in KEYWORDS:
                    kind = value
            elif kind == "OP":
                kind = value
                if value == "{" or value == "${":
                    stack.append(_DEFAULT_STATE)
                    opened.append(pos)
                elif value == "}":
                    if len(stack) > 1:
                        stack.pop()
                        opened.pop()
                elif value == '"':
                    stack.append(_STRING)
                    opened.append(pos)
            elif kind == "IND_OPEN":
                stack.append(_IND_STRING)
                opened.append(pos)
            elif kind == "PATH" or kind == "PATHI":
                kind = PATH
                stack.append(_IN_PATH_SLASH if value.endswith("/") else _IN_PATH_STATE)
            elif kind == "INT":
                if int(value) > 0x7FFFFFFFFFFFFFFF:
                    raise source.error(f"invalid integer '{value}'", pos)
            append(Token(kind, value, pos, trivia))
            pos = m.end()
        elif state == _STRING:
            m = _DQ_TEXT.match(text, pos)
            end = m.end() if m else pos
            if text.startswith('$"', end):  # flex: (…)*\$/\"
                end += 1
            if end > pos:
                append(Token(STR, text[pos:end], pos))
                pos = end
            if text.startswith("${", pos):
                append(Token(DOLLAR_CURLY, "${", pos))
                stack.append(_DEFAULT_STATE)
                opened.append(pos)
                pos += 2
            elif pos < n and text[pos] == '"':
                append(Token(DQUOTE, '"', pos))
                stack.pop()
                opened.pop()
                pos += 1
            else:
                raise source.error("unterminated string", opened[-1])
        elif state == _IND_STRING:
            m = _IND_TEXT.match(text, pos)
            if m:
                append(Token(IND_STR, m.group(), pos))
                pos = m.end()
                continue
            m = _IND_ESCAPE.match(text, pos)
            if m:
                append(Token(IND_ESC, m.group(), pos))
                pos = m.end()
            elif text.startswith("${", pos):
                append(Token(DOLLAR_CURLY, "${", pos))
                stack.append(_DEFAULT_STATE)
                opened.append(pos)
                pos += 2
            elif text.startswith("''", pos):
                append(Token(IND_CLOSE, "''", pos))
                stack.pop()
                opened.pop()
                pos += 2
            elif pos < n:  # a lone $ or ' that the text rule could not take
                append(Token(IND_ESC, text[pos], pos))
                pos += 1
            else:
                raise source.error("unterminated '' string", opened[-1])
        else:  # in a path, after a piece of it
            if text.startswith("${", pos):
                stack[-1] = _IN_PATH_STATE
                append(Token(DOLLAR_CURLY, "${", pos))
                stack.append(_DEFAULT_STATE)
                opened.append(pos)
                pos += 2
                continue
            m = _IN_PATH.match(text, pos)
            if m:
                value = m.group()
                append(Token(PATH_TEXT, value, pos))
                stack[-1] = _IN_PATH_SLASH if value.endswith("/") else _IN_PATH_STATE
                pos = m.end()
            elif state == _IN_PATH_SLASH:
                raise source.error("path has a trailing slash", pos)
            else:
                stack.pop()  # flex's PATH_END: the path is over, re-lex this character
    # Unclosed braces and interpolations are left to the parser, which names what it expected.
    append(Token(EOF, "", n, trivia))
    for i, tok in enumerate(tokens):
        tok.index = i
    return tokens
