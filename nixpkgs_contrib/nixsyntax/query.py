"""Questions tools ask of a Nix tree: bindings by attribute path, list items with their comments,
``++`` chains and ``lib.optionals`` terms, conditions, string values, ``inherit`` entries.

Everything here reads the tree and returns nodes or small values; nothing builds Nix text (that is
:mod:`.edit` with :mod:`nixpkgs_contrib.render.nix`).  Comments are not nodes: they live in the
trivia in front of tokens, and :func:`leading` / :func:`trailing_comment` attach them to the items
and bindings they describe the way a reader does: a comment that starts on the line of a token
belongs to that token (even a ``/* */`` that runs on to later lines), comment lines above an item
belong to the item.  nixfmt places a ``/* */`` comment of several lines otherwise (see
:func:`trailing_comment`), so :mod:`.layout` declines to lay one out.

One question is asked of text before any tree is built: :func:`inherits_from`, on the tokens, for
the many files ``update`` looks through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Optional, Union

import attrs

from ..conditions import Atom, Condition
from .lexer import COMMENT, ID, TRIVIA, Source, Token, tokenize
from .tree import (
    Apply,
    Assert,
    AttrSet,
    Bind,
    Binding,
    BinOp,
    Ident,
    Inherit,
    Lambda,
    Let,
    List,
    Node,
    Paren,
    Root,
    Select,
    String,
    Unary,
    Uri,
    With,
)

# --- comments -------------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


@attrs.frozen
class Comment:
    """A ``# …`` or ``/* … */`` comment: its text (markers included) and span.  A
    :func:`trailing_comment` is all the comments after a token on its line, so it may hold two
    (``a /* x */ # y``)."""

    text: str
    start: int
    end: int
    #: nothing but indentation in front of it on its line
    own_line: bool


def comments(token: Token) -> list[Comment]:
    """The comments in the trivia in front of *token*."""
    base = token.full_start
    out = []
    for m in COMMENT.finditer(token.trivia):
        before = token.trivia[: m.start()]
        line_start = before.rfind("\n")
        own_line = line_start >= 0 and before[line_start + 1 :].strip(" \t\r") == ""
        out.append(Comment(m.group(), base + m.start(), base + m.end(), own_line))
    return out


@attrs.frozen
class Leading:
    """What stands above a node in its first token's trivia."""

    #: comment lines above the node, in order (inline ``/* */`` before it on its own line included)
    comments: tuple[Comment, ...]
    #: whether a blank line separates the node (or its comments) from what comes before
    blank_line: bool
    #: the comments after the last blank line: the block that describes this node
    attached: tuple[Comment, ...]


def _line_end(trivia: str) -> int:
    """Where the line of the token in front of *trivia* ends: the first line break outside a
    comment (a ``/* */`` that starts on that line carries it on), or -1 when there is none."""
    pos = 0
    for m in COMMENT.finditer(trivia):
        newline = trivia.find("\n", pos, m.start())
        if newline >= 0:
            return newline
        pos = m.end()
    return trivia.find("\n", pos)


def leading(node: Union[Node, Token]) -> Leading:
    """The comments and blank lines above *node* (the part of the trivia after the line of the
    previous token; a comment that starts on that line is the previous token's
    :func:`trailing_comment`)."""
    tok = node if isinstance(node, Token) else node.first_token()
    trivia = tok.trivia
    if "\n" not in trivia:
        own = comments(tok)
        return Leading(tuple(own), False, tuple(own))
    newline = _line_end(trivia)
    if newline < 0:  # a comment runs on from the previous token's line to this token's
        newline = len(trivia)
    tail_start = tok.full_start + newline
    own = [c for c in comments(tok) if c.start >= tail_start]
    tail = trivia[newline:]
    blank = bool(_BLANK_LINE.search(tail))
    attached = own
    last_blank = None
    for m in _BLANK_LINE.finditer(tail):
        last_blank = tail_start + m.end()
    if last_blank is not None:
        attached = [c for c in own if c.start >= last_blank]
    return Leading(tuple(own), blank, tuple(attached))


def trailing_comment(node: Union[Node, Token]) -> Optional[Comment]:
    """The comment that follows *node* on its line (``a # why``), if any: what goes with *node*
    when it goes.  Every comment that starts on the line counts, so the comment may be several
    (``a /* x */ # y``) and may end on a later line (a ``/* */`` that goes on below).

    nixfmt (``Lexer.hs``, ``convertTrivia``) takes the ``#`` comments and the one-line ``/* */``
    comments on the line as the token's trailing comment, joined into one ``# x y``, but a
    ``/* */`` comment of several lines as a comment of the *next* token, which it writes on
    lines of its own above that token (its test ``diff/language-annotation``,
    ``multilineBlockComment``).  That moves the comment away from what it describes, so queries
    keep it with the token it follows and :mod:`.layout` declines such a value."""
    tok = node if isinstance(node, Token) else node.last_token()
    root = _root_of(tok)
    nxt = root.next_token(tok)
    if nxt is tok:
        return None
    end = _line_end(nxt.trivia)
    head = nxt.trivia if end < 0 else nxt.trivia[:end]  # ends outside every comment: comments whole
    found = list(COMMENT.finditer(head))
    if not found:
        return None
    first, last = found[0].start(), found[-1].end()
    return Comment(head[first:last], nxt.full_start + first, nxt.full_start + last, False)


def _root_of(tok: Token) -> Root:
    node = tok.parent
    while node is not None and not isinstance(node, Root):
        node = node.parent
    assert node is not None
    return node


def has_comments(node: Node) -> bool:
    """Whether any comment stands inside *node* (between its first and last token)."""
    first = True
    for tok in node.tokens():
        if not first and ("#" in tok.trivia or "/*" in tok.trivia):
            return True
        first = False
    return False


# --- list items -----------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class Item:
    """A list element with the comments around it."""

    node: Node
    leading: Leading
    trailing: Optional[Comment]

    @property
    def text(self) -> str:
        return self.node.text

    @property
    def extent(self) -> tuple[int, int]:
        """The element with its attached comment block and trailing comment: what goes when the
        element goes."""
        start = self.leading.attached[0].start if self.leading.attached else self.node.start
        end = self.trailing.end if self.trailing else self.node.end
        return start, end


def items(lst: List) -> list[Item]:
    return [Item(n, leading(n), trailing_comment(n)) for n in lst.items]


def closing_comments(node: Node) -> Leading:
    """Comments after the last element of a list or the last binding of a set, before its
    closing bracket (``[ a # c\\n  # more\\n]``)."""
    return leading(node.last_token())


# --- bindings -------------------------------------------------------------------------------------


def unwrap(node: Optional[Node]) -> Optional[Node]:
    """The expression inside any parentheses."""
    while isinstance(node, Paren):
        node = node.expr
    return node


def attrset_of(node: Optional[Node]) -> Optional[AttrSet]:
    """The attribute set a binding's value spells out: ``{ … }``, ``with lib; { … }``,
    ``x.meta // { … }`` (its right side), or the set a call is given (``fetchFromGitHub { … }``,
    so that ``src.hash`` finds the fetcher's ``hash``), in parentheses or not."""
    node = unwrap(node)
    while True:
        if isinstance(node, AttrSet):
            return node
        if isinstance(node, With):
            node = unwrap(node.body)
        elif isinstance(node, BinOp) and node.op == "//":
            node = unwrap(node.right)
        elif isinstance(node, Apply) and isinstance(unwrap(node.arg), AttrSet):
            node = unwrap(node.arg)
        else:
            return None


def outermost_set(node: Node) -> Optional[AttrSet]:
    """The attribute set a file (or expression) evaluates to, through the functions, ``with``,
    ``let``, ``assert``, parentheses and the call around it: python-packages.nix's
    ``self: super: with self; { … }``, python-aliases.nix's ``… in mapAliases ({ … })``,
    maintainer-list.nix's ``{ … }``.  None when the value is something else."""
    current: Optional[Node] = node.expr if isinstance(node, Root) else node
    while current is not None and not isinstance(current, AttrSet):
        if isinstance(current, Lambda):
            current = current.body
        elif isinstance(current, (With, Let, Assert)):
            current = current.body
        elif isinstance(current, Paren):
            current = current.expr
        elif isinstance(current, Apply):
            current = current.arg
        else:
            return None
    return current


def binds(node: Node) -> list[Bind]:
    """The bindings of an attribute set or a ``let``."""
    if isinstance(node, (AttrSet, Let)):
        return node.bindings
    raise TypeError(f"{type(node).__name__} has no bindings")


def _path(path: Union[str, Sequence[str]]) -> tuple[str, ...]:
    return tuple(path.split(".")) if isinstance(path, str) else tuple(path)


def find(node: Node, path: Union[str, Sequence[str]]) -> Optional[Binding]:
    """The binding that sets *path* (``"meta.description"`` or a tuple of names) in an attribute
    set or ``let``, written as ``meta.description = …`` or nested as ``meta = { description = …; }``
    (also behind ``with lib;`` and ``x // { … }``).  None when nothing sets it."""
    names = _path(path)
    for b in binds(node):
        if not isinstance(b, Binding):
            continue
        got = b.names
        if got == names:
            return b
        if len(got) < len(names) and got == names[: len(got)]:
            inner = attrset_of(b.value)
            if inner is not None:
                found = find(inner, names[len(got) :])
                if found is not None:
                    return found
    return None


def value(node: Node, path: Union[str, Sequence[str]]) -> Optional[Node]:
    """The value node of :func:`find`, or the ``Inherit`` statement that provides the last name of
    *path* in the set the rest of the path leads to (``src.owner`` for ``src = f { inherit owner; }``)."""
    b = find(node, path)
    if b is not None:
        return b.value
    names = _path(path)
    where: Optional[Node] = node
    if len(names) > 1:
        parent = find(node, names[:-1])
        where = attrset_of(parent.value) if parent is not None else None
    if where is None:
        return None
    entry = inherited(where).get(names[-1])
    return entry.inherit if entry is not None else None


def top_level(node: Node) -> dict[str, list[Bind]]:
    """The bindings of a set or ``let`` by their first name (``meta.x`` and ``meta.y`` under
    ``meta``), inherited names included.  Dynamic names are left out."""
    out: dict[str, list[Bind]] = {}
    for b in binds(node):
        names = b.names
        if isinstance(b, Binding):
            if names[0] is not None:
                out.setdefault(names[0], []).append(b)
        else:
            for name in names:
                if name is not None:
                    out.setdefault(name, []).append(b)
    return out


@attrs.frozen(eq=False)
class Inherited:
    """One name of an ``inherit``: the statement, the name's node and the source expression."""

    name: str
    inherit: Inherit
    attr: Node

    @property
    def source(self) -> Optional[Node]:
        return self.inherit.source.expr if self.inherit.source is not None else None


def inherited(node: Node) -> dict[str, Inherited]:
    """Every inherited name of a set or ``let``."""
    out: dict[str, Inherited] = {}
    for b in binds(node):
        if isinstance(b, Inherit):
            for attr, name in zip(b.attrs, b.names):
                if name is not None:
                    out[name] = Inherited(name, b, attr)
    return out


def inherits_from(text: str, attr: str, path: Optional[str] = None) -> bool:
    """Whether *text* holds ``inherit (attr)``: the tokens ``inherit``, ``(``, the identifier
    *attr* and ``)``, whatever whitespace or comments stand between them.

    ``update`` finds the members of a family (``inherit (root) version src;``) by asking this of
    every python-modules file, so it must be exact and cheap.  Exact: the answer comes from the
    tokens, so the same text inside a string or a comment does not count and a comment between
    the tokens does not hide one.  Cheap: a file that does not contain *attr* and ``inherit`` is
    answered at once, and only a file that has the tokens' text with trivia between them (the
    lexer's own trivia pattern, so every real occurrence matches) is lexed; the substring test
    alone lexes 56 of the shared corpus's 303 files for a root named ``setuptools``.
    Raises :class:`NixSyntaxError` for such a file when Nix's lexer rejects it.
    """
    if attr not in text or "inherit" not in text:
        return False
    if not re.search(rf"inherit{TRIVIA}\({TRIVIA}{re.escape(attr)}{TRIVIA}\)", text, re.S):
        return False
    tokens = tokenize(Source(text, path))
    for i in range(len(tokens) - 3):
        if (
            tokens[i].kind == "inherit"
            and tokens[i + 1].kind == "("
            and tokens[i + 2].kind == ID
            and tokens[i + 2].text == attr
            and tokens[i + 3].kind == ")"
        ):
            return True
    return False


# --- values ---------------------------------------------------------------------------------------


def string_value(node: Optional[Node]) -> Optional[str]:
    """The decoded text of a string literal without interpolation (or an unquoted URI)."""
    node = unwrap(node)
    if isinstance(node, String):
        return node.value
    if isinstance(node, Uri):
        return node.value
    return None


def dotted(node: Optional[Node]) -> Optional[str]:
    """``lib.licenses.mit`` for a variable or a select without ``or`` and with static names."""
    node = unwrap(node)
    if isinstance(node, Ident):
        return node.name
    if isinstance(node, Select) and node.default is None:
        base = dotted(node.expr)
        names = node.path.names
        if base is None or any(n is None for n in names):
            return None
        return ".".join([base, *names])  # type: ignore[list-item]
    return None


def concat_terms(node: Node) -> list[Node]:
    """The operands of a ``++`` chain in order (``a ++ b ++ c`` → ``[a, b, c]``); a node that is
    not a ``++`` is a chain of one.  Parenthesised operands are kept as they are (``(with
    rustPlatform; [ … ])``): :func:`unwrap` them to read their value."""
    out: list[Node] = []
    stack = [node]
    while stack:  # right-nested chains can be long: no recursion
        current = stack.pop()
        if isinstance(current, BinOp) and current.op == "++":
            stack += [current.right, current.left]
        else:
            out.append(current)
    return out


@attrs.frozen(eq=False)
class Optionals:
    """``lib.optionals cond value`` / ``lib.optional cond value`` (or without ``lib.``)."""

    function: str  # "optionals" or "optional"
    condition: Node
    value: Node
    node: Apply


def optionals(node: Node) -> Optional[Optionals]:
    node = unwrap(node) or node
    if not isinstance(node, Apply):
        return None
    func, args = node.flatten()
    name = dotted(func)
    if name is None or len(args) != 2:
        return None
    short = name[4:] if name.startswith("lib.") else name
    if short not in ("optionals", "optional", "lists.optionals", "lists.optional"):
        return None
    return Optionals(short.rsplit(".", 1)[-1], args[0], args[1], node)


_PLATFORM = re.compile(r"^stdenv\.hostPlatform\.(is[A-Za-z0-9_]+)$")


def condition(node: Node) -> Optional[Condition]:
    """The condition a nixpkgs expression spells, in the terms :mod:`nixpkgs_contrib.conditions`
    knows (``pythonOlder "3.12"``, ``pythonAtLeast "3.10"``, ``stdenv.hostPlatform.isDarwin``,
    ``&&``, ``||``); None for anything else (negations, ``stdenv.isDarwin``, other functions).

    The result is what the expression means, not how it is parenthesised: rendering it again
    with :func:`nixpkgs_contrib.render.nix.condition` gives nixpkgs' canonical spelling.
    """
    node = unwrap(node) or node
    if isinstance(node, BinOp) and node.op in ("&&", "||"):
        left, right = condition(node.left), condition(node.right)
        if left is None or right is None:
            return None
        if node.op == "||":
            return Condition(left.clauses + right.clauses)
        return Condition(tuple(a + b for a in left.clauses for b in right.clauses))
    if isinstance(node, Apply):
        func, args = node.flatten()
        name = dotted(func)
        arg = string_value(args[0]) if len(args) == 1 else None
        if name in ("pythonOlder", "pythonAtLeast") and arg is not None:
            return Condition(((Atom(name, arg),),))
        return None
    name = dotted(node)
    m = _PLATFORM.match(name or "")
    if m:
        return Condition(((Atom("platform", m.group(1)),),))
    return None


def is_negation(node: Node) -> bool:
    return isinstance(unwrap(node), Unary) and unwrap(node).op == "!"  # type: ignore[union-attr]


def walk_bindings(node: Node, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Binding]]:
    """Every binding of a set and of the sets nested in its values, with its full static path
    (``meta = { license = …; }`` gives ``("meta", "license")``); dynamic names end the descent."""
    for b in binds(node):
        if not isinstance(b, Binding) or any(n is None for n in b.names):
            continue
        path = prefix + b.names  # type: ignore[operator]
        yield path, b
        inner = attrset_of(b.value)
        if inner is not None:
            yield from walk_bindings(inner, path)
