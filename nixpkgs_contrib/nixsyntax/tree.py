"""The lossless Nix syntax tree: typed nodes over tokens, with spans.

Every node keeps its tokens in source order in ``children`` (tokens and nodes), each token keeps
the whitespace and comments in front of it, so ``str(root)`` is the parsed text byte for byte.
A node's span (``start``, ``end``) covers its own text from its first token to its last one,
without the comments and blank lines in front of it: replacing those characters with new text
(see :mod:`.edit`) leaves everything around the node untouched.  Spans are offsets into the parsed
``str``; for UTF-8 files they convert to byte offsets with :meth:`Root.byte_offset`.

Named fields (``Binding.value``, ``Lambda.formals``…) point at the same children; the tree is
read-only: edits are made on the text, and the new text is parsed again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional, TypeVar, Union

from .lexer import IND_STR, Source, Token

Child = Union["Node", Token]
N = TypeVar("N", bound="Node")


class Node:
    """Base of every node: ``children`` in source order, ``parent`` (None for the root)."""

    __slots__ = ("children", "parent")

    def __init__(self, children: list[Child]):
        self.children = children
        self.parent: Optional[Node] = None
        for child in children:
            child.parent = self

    # --- position ---
    def first_token(self) -> Token:
        node: Child = self
        while isinstance(node, Node):
            node = node.children[0]
        return node

    def last_token(self) -> Token:
        node: Child = self
        while isinstance(node, Node):
            node = node.children[-1]
        return node

    @property
    def start(self) -> int:
        return self.first_token().start

    @property
    def end(self) -> int:
        return self.last_token().end

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def root(self) -> Root:
        node = self
        while node.parent is not None:
            node = node.parent
        assert isinstance(node, Root), "a node outside a tree"
        return node

    @property
    def text(self) -> str:
        """The node's own text (its span), without the trivia in front of it."""
        return self.root.source.text[self.start : self.end]

    @property
    def line(self) -> int:
        """1-based line of the node's first character."""
        return self.root.source.position(self.start)[0]

    @property
    def column(self) -> int:
        return self.root.source.position(self.start)[1]

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        text = self.text if self.parent is not None or isinstance(self, Root) else "…"
        if len(text) > 40:
            text = text[:37] + "..."
        return f"<{type(self).__name__} {text!r}>"

    # --- navigation ---
    def tokens(self) -> Iterator[Token]:
        """The node's tokens in source order."""
        first, last = self.first_token(), self.last_token()
        return iter(self.root.token_list[first.index : last.index + 1])

    def nodes(self) -> Iterator[Node]:
        """The child nodes (not tokens)."""
        return (c for c in self.children if isinstance(c, Node))

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in source order (pre-order)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))

    def find_all(self, cls: type[N]) -> Iterator[N]:
        return (n for n in self.walk() if isinstance(n, cls))

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def token(self, kind: str) -> Optional[Token]:
        """The first direct child token of *kind* (``"{"``, ``"="``, ``";"``…)."""
        for child in self.children:
            if isinstance(child, Token) and child.kind == kind:
                return child
        return None


class Root(Node):
    """A parsed file: its expression and the ``EOF`` token holding the trailing trivia."""

    __slots__ = ("source", "expr", "token_list")

    def __init__(self, children: list[Child], source: Source, expr: Node, token_list: list[Token]):
        super().__init__(children)
        self.source = source
        self.expr = expr
        #: every token of the file in order (``token.index`` is its position), EOF last
        self.token_list = token_list

    @property
    def start(self) -> int:
        return 0

    @property
    def end(self) -> int:
        return len(self.source.text)

    @property
    def root(self) -> Root:
        return self

    @property
    def path(self) -> Optional[str]:
        return self.source.path

    def __str__(self) -> str:
        return self.source.text

    def byte_offset(self, offset: int) -> int:
        """The UTF-8 byte offset of character *offset*."""
        return len(self.source.text[:offset].encode("utf-8", "surrogateescape"))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        return self.source.position(offset)

    def next_token(self, token: Token) -> Token:
        """The token after *token* (EOF is its own successor)."""
        return self.token_list[min(token.index + 1, len(self.token_list) - 1)]

    def previous_token(self, token: Token) -> Optional[Token]:
        return self.token_list[token.index - 1] if token.index > 0 else None


# --- leaves ---------------------------------------------------------------------------------------


class Ident(Node):
    """A variable (``lib``), or an attribute name in a path or ``inherit`` (``or`` included)."""

    __slots__ = ("name",)

    def __init__(self, token: Token):
        super().__init__([token])
        self.name = token.text


class Int(Node):
    __slots__ = ("value",)

    def __init__(self, token: Token):
        super().__init__([token])
        self.value = int(token.text)


class Float(Node):
    __slots__ = ("value",)

    def __init__(self, token: Token):
        super().__init__([token])
        self.value = float(token.text)


class Uri(Node):
    """An unquoted URI (``https://example.org``), a string to Nix."""

    __slots__ = ("value",)

    def __init__(self, token: Token):
        super().__init__([token])
        self.value = token.text


class SearchPath(Node):
    """``<nixpkgs>``: *value* is the text between the angle brackets."""

    __slots__ = ("value",)

    def __init__(self, token: Token):
        super().__init__([token])
        self.value = token.text[1:-1]


# --- strings and paths ----------------------------------------------------------------------------


class Interpolation(Node):
    """``${ expr }`` in a string, a path or an attribute path."""

    __slots__ = ("expr",)

    def __init__(self, children: list[Child], expr: Node):
        super().__init__(children)
        self.expr = expr


Segment = Union[str, Interpolation]


class String(Node):
    """``"…"``: *parts* are ``STR`` tokens (raw text, escapes not decoded) and interpolations."""

    __slots__ = ("parts",)

    def __init__(self, children: list[Child]):
        super().__init__(children)
        self.parts: list[Child] = children[1:-1]

    @property
    def is_indented(self) -> bool:
        return False

    def segments(self) -> list[Segment]:
        """The string as Nix reads it: decoded literal text and interpolations, in order."""
        return [_unescape(p.text) if isinstance(p, Token) else p for p in self.parts]

    @property
    def value(self) -> Optional[str]:
        """The decoded text, or None when the string interpolates."""
        segments = self.segments()
        if any(isinstance(s, Interpolation) for s in segments):
            return None
        return "".join(segments)  # type: ignore[arg-type]


class IndString(String):
    """``''…''``: *parts* are ``IND_STR``/``IND_ESC`` tokens and interpolations; the opening token
    includes the spaces and newline that follow ``''`` (Nix drops them)."""

    __slots__ = ()

    @property
    def is_indented(self) -> bool:
        return True

    def segments(self) -> list[Segment]:
        """Nix's ``stripIndentation``: the common indentation removed, escapes decoded, and a
        last line made of spaces only dropped.  Literal pieces may be empty strings, as in Nix."""
        return _strip_indentation(self.parts)


class Path(Node):
    """A path (``./a``, ``../x/${y}.nix``, ``~/x``): *parts* are ``PATH``/``PATH_TEXT`` tokens and
    interpolations."""

    __slots__ = ("parts",)

    def __init__(self, children: list[Child]):
        super().__init__(children)
        self.parts: list[Child] = children

    @property
    def value(self) -> Optional[str]:
        """The path as written, or None when it interpolates."""
        if any(isinstance(p, Interpolation) for p in self.parts):
            return None
        return "".join(p.text for p in self.parts)  # type: ignore[union-attr]


# --- compound expressions -------------------------------------------------------------------------


class Paren(Node):
    """``( expr )``."""

    __slots__ = ("expr",)

    def __init__(self, children: list[Child], expr: Node):
        super().__init__(children)
        self.expr = expr


class List(Node):
    """``[ items ]``."""

    __slots__ = ("items",)

    def __init__(self, children: list[Child], items: list[Node]):
        super().__init__(children)
        self.items = items

    @property
    def open(self) -> Token:
        return self.children[0]  # type: ignore[return-value]

    @property
    def close(self) -> Token:
        return self.children[-1]  # type: ignore[return-value]


class AttrPath(Node):
    """``a.b."c d".${e}``: *attrs* are Ident, String or Interpolation nodes."""

    __slots__ = ("attrs",)

    def __init__(self, children: list[Child], attrs: list[Node]):
        super().__init__(children)
        self.attrs = attrs

    @property
    def names(self) -> tuple[Optional[str], ...]:
        """The attribute names, None for each one computed at evaluation time."""
        return tuple(attr_name(a) for a in self.attrs)


def attr_name(node: Node) -> Optional[str]:
    """The static name of one attribute of a path or an ``inherit``, or None when it is computed."""
    if isinstance(node, Ident):
        return node.name
    if isinstance(node, String):
        return node.value
    if isinstance(node, Interpolation):  # ${"name"} is static in Nix, so is ${("name")}
        expr = node.expr
        while isinstance(expr, Paren):
            expr = expr.expr
        if isinstance(expr, String):
            return expr.value
    return None


class Binding(Node):
    """``path = value;`` in an attribute set or a ``let``."""

    __slots__ = ("path", "value")

    def __init__(self, children: list[Child], path: AttrPath, value: Node):
        super().__init__(children)
        self.path = path
        self.value = value

    @property
    def names(self) -> tuple[Optional[str], ...]:
        return self.path.names


class Inherit(Node):
    """``inherit a b;`` or ``inherit (source) a b;``: *attrs* are Ident or String nodes."""

    __slots__ = ("source", "attrs")

    def __init__(self, children: list[Child], source: Optional[Paren], attrs: list[Node]):
        super().__init__(children)
        self.source = source
        self.attrs = attrs

    @property
    def names(self) -> tuple[Optional[str], ...]:
        return tuple(attr_name(a) for a in self.attrs)


Bind = Union[Binding, Inherit]


class AttrSet(Node):
    """``{ … }`` or ``rec { … }``; *bindings* are Binding and Inherit nodes in source order."""

    __slots__ = ("rec", "bindings")

    def __init__(self, children: list[Child], rec: bool, bindings: list[Bind]):
        super().__init__(children)
        self.rec = rec
        self.bindings = bindings

    @property
    def open(self) -> Token:
        return self.token("{")  # type: ignore[return-value]

    @property
    def close(self) -> Token:
        return self.children[-1]  # type: ignore[return-value]


class LegacyLet(AttrSet):
    """``let { …; body = …; }``: the old form, a recursive set whose ``body`` is the value."""

    __slots__ = ()


class Let(Node):
    """``let bindings in body``."""

    __slots__ = ("bindings", "body")

    def __init__(self, children: list[Child], bindings: list[Bind], body: Node):
        super().__init__(children)
        self.bindings = bindings
        self.body = body


class Formal(Node):
    """One formal argument: ``name`` or ``name ? default`` (the comma is the Formals' token)."""

    __slots__ = ("name", "default")

    def __init__(self, children: list[Child], name: Ident, default: Optional[Node]):
        super().__init__(children)
        self.name = name
        self.default = default


class Formals(Node):
    """``{ a, b ? x, ... }``: *formals* in source order, *ellipsis* the ``...`` token or None."""

    __slots__ = ("formals", "ellipsis")

    def __init__(self, children: list[Child], formals: list[Formal], ellipsis: Optional[Token]):
        super().__init__(children)
        self.formals = formals
        self.ellipsis = ellipsis

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name.name for f in self.formals)


class Lambda(Node):
    """``x: body``, ``{ … }: body``, ``{ … }@args: body`` or ``args@{ … }: body``."""

    __slots__ = ("param", "formals", "body")

    def __init__(self, children: list[Child], param: Optional[Ident], formals: Optional[Formals], body: Node):
        super().__init__(children)
        self.param = param
        self.formals = formals
        self.body = body


class Apply(Node):
    """Function application ``func arg`` (``f a b`` is ``Apply(Apply(f, a), b)``)."""

    __slots__ = ("func", "arg")

    def __init__(self, children: list[Child], func: Node, arg: Node):
        super().__init__(children)
        self.func = func
        self.arg = arg

    def flatten(self) -> tuple[Node, list[Node]]:
        """``f a b`` → ``(f, [a, b])``."""
        args: list[Node] = []
        node: Node = self
        while isinstance(node, Apply):
            args.append(node.arg)
            node = node.func
        return node, args[::-1]


class Select(Node):
    """``expr.a.b`` or ``expr.a.b or default``."""

    __slots__ = ("expr", "path", "default")

    def __init__(self, children: list[Child], expr: Node, path: AttrPath, default: Optional[Node]):
        super().__init__(children)
        self.expr = expr
        self.path = path
        self.default = default


class HasAttr(Node):
    """``expr ? a.b``."""

    __slots__ = ("expr", "path")

    def __init__(self, children: list[Child], expr: Node, path: AttrPath):
        super().__init__(children)
        self.expr = expr
        self.path = path


class BinOp(Node):
    """``left op right`` for every binary operator except ``?`` (see HasAttr)."""

    __slots__ = ("op", "left", "right")

    def __init__(self, children: list[Child], left: Node, right: Node):
        super().__init__(children)
        self.op: str = children[1].kind  # type: ignore[union-attr]
        self.left = left
        self.right = right

    @property
    def operator(self) -> Token:
        return self.children[1]  # type: ignore[return-value]


class Unary(Node):
    """``!expr`` or ``-expr``."""

    __slots__ = ("op", "expr")

    def __init__(self, children: list[Child], expr: Node):
        super().__init__(children)
        self.op: str = children[0].kind  # type: ignore[union-attr]
        self.expr = expr


class If(Node):
    __slots__ = ("cond", "then", "else_")

    def __init__(self, children: list[Child], cond: Node, then: Node, else_: Node):
        super().__init__(children)
        self.cond = cond
        self.then = then
        self.else_ = else_


class With(Node):
    """``with env; body``."""

    __slots__ = ("env", "body")

    def __init__(self, children: list[Child], env: Node, body: Node):
        super().__init__(children)
        self.env = env
        self.body = body


class Assert(Node):
    __slots__ = ("cond", "body")

    def __init__(self, children: list[Child], cond: Node, body: Node):
        super().__init__(children)
        self.cond = cond
        self.body = body


# --- string decoding (Nix's unescapeStr and stripIndentation) ------------------------------------

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def _unescape(raw: str) -> str:
    """Nix's unescapeStr for the text of a double-quoted string: ``\\x`` escapes, CR/CRLF → LF."""
    if "\\" not in raw and "\r" not in raw:
        return raw
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
        elif ch == "\r":
            out.append("\n")
            i += 2 if raw.startswith("\n", i + 1) else 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _ind_escape(text: str) -> str:
    """The value of an IND_ESC token: ``''$`` → ``$``, ``'''`` → ``''``, ``''\\x`` → unescaped x."""
    if text == "''$":
        return "$"
    if text == "'''":
        return "''"
    if text.startswith("''\\"):
        return _unescape(text[2:])
    return text  # a lone $ or '


def _strip_indentation(parts: list[Child]) -> list[Segment]:
    """A transcription of Nix 2.x's stripIndentation (parser.y)."""
    if not parts:
        return [""]
    # the minimum indentation; escapes and interpolations end the leading whitespace of a line
    at_start, min_indent, cur = True, 1_000_000, 0
    for part in parts:
        if not (isinstance(part, Token) and part.kind == IND_STR):
            if at_start:
                at_start = False
                min_indent = min(min_indent, cur)
            continue
        for ch in part.text:
            if at_start:
                if ch == " ":
                    cur += 1
                elif ch == "\n":
                    cur = 0
                else:
                    at_start = False
                    min_indent = min(min_indent, cur)
            elif ch == "\n":
                at_start, cur = True, 0
    out: list[Segment] = []
    at_start, dropped = True, 0
    remaining = len(parts)
    for part in parts:
        if isinstance(part, Interpolation):
            at_start, dropped = False, 0
            out.append(part)
            remaining -= 1
            continue
        text = part.text if part.kind == IND_STR else _ind_escape(part.text)
        buf: list[str] = []
        for ch in text:
            if at_start:
                if ch == " ":
                    if dropped >= min_indent:
                        buf.append(ch)
                    dropped += 1
                elif ch == "\n":
                    dropped = 0
                    buf.append(ch)
                else:
                    at_start, dropped = False, 0
                    buf.append(ch)
            else:
                buf.append(ch)
                if ch == "\n":
                    at_start = True
        s = "".join(buf)
        if remaining == 1:  # the last piece: drop a final line made of spaces only
            p = s.rfind("\n")
            if p >= 0 and s[p + 1 :].strip(" ") == "":
                s = s[: p + 1]
        out.append(s)
        remaining -= 1
    return out


__all__ = [
    "Apply", "Assert", "AttrPath", "AttrSet", "BinOp", "Bind", "Binding", "Child", "Float", "Formal",
    "Formals", "HasAttr", "Ident", "If", "IndString", "Inherit", "Int", "Interpolation", "Lambda",
    "LegacyLet", "Let", "List", "Node", "Paren", "Path", "Root", "SearchPath", "Segment", "Select",
    "String", "Unary", "Uri", "With", "attr_name",
]  # fmt: skip
