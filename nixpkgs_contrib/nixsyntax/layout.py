"""Parsed lists, ``++`` chains, attribute sets and argument sets laid out again by
:mod:`nixpkgs_contrib.render.nix`, the layout code the renderer uses.

This is how the editor writes into an existing file: a value it changes is described as
:class:`~nixpkgs_contrib.render.nix.Item` values (each element's own text with its comments and
blank lines) and laid out again at the indentation of its line, so the result looks as if
nixfmt wrote it.  Laying out an *unchanged* value must give back the file's bytes; the corpus
measurement (tests/test_nixsyntax_layout.py) checks that on every list and set binding of the
shared nixpkgs corpus.  What the layout code cannot express raises :class:`Unexpressible` with
a short reason instead of producing something else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Optional, Union

import attrs

from ..conditions import Condition
from ..errors import UserError
from ..render import nix
from . import query
from .lexer import COMMENT, Token
from .tree import (
    Apply,
    AttrSet,
    Binding,
    BinOp,
    Float,
    Formals,
    Ident,
    Inherit,
    Int,
    List,
    Node,
    Paren,
    Path,
    Root,
    SearchPath,
    Select,
    String,
    Uri,
    With,
)


class Unexpressible(UserError):
    """A value whose layout render/nix.py cannot produce: *reason* names the construct.  Raised
    by the public functions below with the file and line of the value, so a tool that refuses to
    edit it can print ``file:line: cannot lay out …: reason`` as it is."""

    def __init__(self, reason: str, node: Optional[Node] = None):
        super().__init__(reason)
        self.reason = reason
        if node is not None:
            self.locate(node)

    def locate(self, node: Node) -> None:
        if self.path is None and self.line is None:
            what = node.path.text if isinstance(node, Binding) else type(node).__name__.lower()
            self.message = f"cannot lay out {what} as nixfmt would: {self.reason}"
            self.path, self.line = node.root.path, node.line


#: the reason for a ``/* */`` comment that starts after a token and ends on a later line
_RUNS_ON = "a comment that runs on from the line before"


@contextlib.contextmanager
def _at(node: Node) -> Iterator[None]:
    try:
        yield
    except Unexpressible as e:
        e.locate(node)
        raise


def line_indent(root: Root, offset: int) -> str:
    """The indentation of the line *offset* is on, which must hold nothing else before it."""
    text = root.source.text
    start = text.rfind("\n", 0, offset) + 1
    indent = text[start:offset]
    if indent.strip(" "):
        raise Unexpressible("not at the start of its line")
    return indent


def dedent(root: Root, node: Node) -> str:
    """The node's text with its continuation lines made relative to the indentation of the line
    it starts on (the form nix.py items take; they are indented again where they go)."""
    base = line_indent_of(root, node.start)
    return _dedent_text(root.source.text[node.start : node.end], base)


def line_indent_of(root: Root, offset: int) -> str:
    """The leading spaces of the line *offset* is on, whatever follows them."""
    text = root.source.text
    start = text.rfind("\n", 0, offset) + 1
    end = start
    while end < len(text) and text[end] == " ":
        end += 1
    return text[start:end]


def _dedent_text(text: str, base: str) -> str:
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if not line:
            out.append(line)
        elif line.startswith(base):
            out.append(line[len(base) :])
        else:
            raise Unexpressible("a continuation line indented less than its first line")
    return "\n".join(out)


def _leading_lines(root: Root, tok: Token, *, first: bool) -> tuple[bool, tuple[str, ...]]:
    """(blank line before, comment lines with "" for blank lines between them) of the trivia in
    front of *tok* after the previous token's line."""
    trivia = tok.trivia
    newline = trivia.find("\n")
    if newline < 0:
        if COMMENT.search(trivia):
            raise Unexpressible("a comment inside a line")
        return False, ()
    on_line = [m for m in COMMENT.finditer(trivia) if m.start() < newline]
    if first and on_line:
        raise Unexpressible("a comment after the opening bracket")
    if on_line and on_line[-1].end() > newline:
        # a /* */ comment from the previous token's line onto later ones: the previous token's
        # trailing comment (query.trailing_comment), which nixfmt writes on lines of its own above
        # this token instead
        raise Unexpressible(_RUNS_ON)
    tail = trivia[newline:]  # starts outside every comment: COMMENT finds the tail's comments whole
    base = tok.full_start + newline
    lines: list[str] = []
    blank_before = False
    pos = 0
    for i, m in enumerate(COMMENT.finditer(tail)):
        gap = tail[pos : m.start()].count("\n")
        if gap == 0:
            raise Unexpressible("two comments on one line")
        if gap > 2:
            raise Unexpressible("more than one blank line")
        if gap == 2:
            if i == 0:
                blank_before = True
            else:
                lines.append("")
        lines.append(_dedent_text(m.group(), line_indent_of(root, base + m.start())))
        pos = m.end()
    gap = tail[pos:].count("\n")
    if gap == 0:
        raise Unexpressible("a comment inside a line")
    if gap > 2:
        raise Unexpressible("more than one blank line")
    if gap == 2:
        if lines:
            lines.append("")
        else:
            blank_before = True
    return blank_before, tuple(lines)


def _item(root: Root, node: Node, text: str, *, first: bool, after: Optional[Token] = None) -> nix.Item:
    blank, comments = _leading_lines(root, node.first_token(), first=first)
    trailing = query.trailing_comment(after if after is not None else node)
    if trailing is not None and "\n" in trailing.text:
        raise Unexpressible(_RUNS_ON)
    if trailing is not None and len(COMMENT.findall(trailing.text)) > 1:
        # nixfmt joins them into one `# x y`; a trailing comment is written as the file has it
        raise Unexpressible("two comments on one line")
    return nix.Item(text, comments, trailing.text if trailing else None, blank)


def items(root: Root, nodes: Sequence[Node]) -> list[nix.Item]:
    """The elements of a list or the bindings of a set as nix.py items."""
    return [_item(root, n, dedent(root, n), first=i == 0) for i, n in enumerate(nodes)]


def _closing(root: Root, close: Token, empty: bool) -> tuple[str, ...]:
    """The comment lines before a closing bracket, ``""`` for blank lines among them (nixfmt
    keeps one blank line before the bracket)."""
    blank, lines = _leading_lines(root, close, first=empty)
    if empty and (blank or "" in lines):
        raise Unexpressible("an empty list or set with a blank line")
    return ("",) + lines if blank else lines


# --- values of bindings ---------------------------------------------------------------------------


def expanded(root: Root, node: Node) -> bool:
    """Whether the source has a line break between the brackets of a list or set (nixfmt keeps
    such a value expanded)."""
    close = node.last_token()
    return "\n" in root.source.text[node.start : close.start]


def list_value(root: Root, lst: List, indent: str, prefix: str, suffix: str) -> str:
    closing = _closing(root, lst.close, not lst.items)
    return nix.list_expr(items(root, lst.items), indent, prefix, suffix, closing, expand=expanded(root, lst))


def set_value(root: Root, attrs: AttrSet, indent: str, prefix: str, suffix: str, *, wide: bool = False) -> str:
    return nix.attrset_expr(
        items(root, attrs.bindings), indent, prefix, suffix, expand=expanded(root, attrs),
        closing=_closing(root, attrs.close, not attrs.bindings), rec=attrs.rec, wide=wide,
    )  # fmt: skip


def _wide(head: str, attrs: AttrSet) -> bool:
    """Whether nixfmt expands the set of a binding whatever its source: the value itself (unless
    a single ``inherit``), the body of ``with``, the right side of ``//`` (not a call's argument)."""
    if head == "":
        return not (len(attrs.bindings) == 1 and isinstance(attrs.bindings[0], Inherit))
    return head.endswith("; ") or head.endswith(" // ")


def _head(value: Node) -> tuple[str, Node]:
    """The text in front of a list or set value (``with lib.maintainers; ``, ``fetchPypi ``,
    ``super.meta // ``) and the list or set itself."""
    if isinstance(value, With):
        head, inner = _head(value.body)
        return f"with {value.env.text}; " + head, inner
    if isinstance(value, Apply) and isinstance(value.arg, (AttrSet, List)):
        func = value.func
        if "\n" in func.text:
            raise Unexpressible("a multi-line function before the set")
        return func.text + " ", value.arg
    if isinstance(value, BinOp) and value.op == "//" and isinstance(value.right, AttrSet):
        if "\n" in value.left.text:
            raise Unexpressible("a multi-line expression before //")
        return value.left.text + " // ", value.right
    return "", value


def kind_of(binding: Binding) -> Optional[str]:
    """The kind of value: "list", "chain" (``++`` or ``lib.optionals``), "set", or None."""
    value = binding.value
    if len(query.concat_terms(value)) > 1 or query.optionals(value) is not None:
        return "chain"
    try:
        _, inner = _head(value) if not isinstance(value, List) else ("", value)
    except Unexpressible:  # `f\n  x { … }`, `x\n  // { … }`: no kind render/nix.py can lay out
        return None
    if isinstance(inner, List):
        return "list"
    if isinstance(inner, AttrSet):
        return "set"
    return None


def binding(b: Binding) -> str:
    """The text of *b* (from its name to its ``;``) as render/nix.py lays it out at the
    indentation of its line."""
    with _at(b):
        return _binding(b)


def _binding(b: Binding) -> str:
    root = b.root
    indent = line_indent(root, b.start)
    name = b.path.text
    if "\n" in name:
        raise Unexpressible("a multi-line attribute path")
    semicolon = b.last_token()
    if semicolon.trivia:
        raise Unexpressible("space before ;")
    kind = kind_of(b)
    value = b.value
    if kind == "chain":
        return chain(name, value, indent)
    head, inner = _head(value)
    prefix = f"{indent}{name} = {head}"
    if _between(root, b.path.last_token(), b.value.first_token()) != " = ":
        raise Unexpressible("a line break after =")
    if kind == "list":
        assert isinstance(inner, List)
        return nix.binding(name, head + list_value(root, inner, indent, prefix, ";"), "")
    if kind == "set":
        assert isinstance(inner, AttrSet)
        return nix.binding(name, head + set_value(root, inner, indent, prefix, ";", wide=_wide(head, inner)), "")
    raise Unexpressible("neither a list nor an attribute set")


def _between(root: Root, a: Token, b: Token) -> str:
    return root.source.text[a.end : b.start]


def chain(name: str, value: Node, indent: str) -> str:
    """A ``++`` chain of lists, ``lib.optionals COND [ … ]`` and other one-line expressions, laid
    out by :func:`nixpkgs_contrib.render.nix.concat` (the text from *name* to ``;``)."""
    text = nix.concat(name, _terms(value), indent)
    return text[len(indent) :]


def terms(value: Node) -> list[nix.Term]:
    """The terms of a ``++`` chain (or a single list or ``lib.optionals``) as nix.py terms, with
    each element's comments; what the editor changes and lays out again with nix.concat.

    A condition is kept as the file writes it when that is not how nix.py spells it
    (``(stdenv.hostPlatform.isDarwin)``, ``!isPyPy``)."""
    with _at(value.parent if isinstance(value.parent, Binding) else value):
        return _terms(value)


def _terms(value: Node) -> list[nix.Term]:
    root = value.root
    out: list[nix.Term] = []
    for i, term in enumerate(query.concat_terms(value)):
        comments: tuple[str, ...] = ()
        operator_comments: tuple[str, ...] = ()
        if i:
            comments = _chain_comments(root, _operator_before(root, term))
            operator_comments = _chain_comments(root, term.first_token())
        out.append(attrs.evolve(_term(root, term), comments=comments, operator_comments=operator_comments))
    return out


def _chain_comments(root: Root, tok: Token) -> tuple[str, ...]:
    """Comment lines in front of the ``++`` of a term or of the term after it; nothing else
    than a plain space may stand there otherwise."""
    if tok.trivia == " " or (tok.kind == "++" and tok.trivia.strip(" ") == "\n"):
        return ()
    if "\n" not in tok.trivia:
        raise Unexpressible("spacing around ++ that nixfmt does not write")
    blank, lines = _leading_lines(root, tok, first=True)
    if blank or not lines or lines[-1] == "":
        raise Unexpressible("a blank line inside a ++ chain")
    return lines


def _term(root: Root, term: Node) -> nix.Term:
    if isinstance(term, List):
        return nix.Term(tuple(items(root, term.items)), expand=expanded(root, term))
    opt = query.optionals(term)
    if opt is not None:
        function = query.dotted(opt.node.flatten()[0])
        if function not in ("lib.optionals", "lib.optional"):
            raise Unexpressible(f"{function} (only lib.optionals and lib.optional)")
        cond = _condition(opt.condition)
        inner = opt.value
        if isinstance(inner, List) and opt.function == "optionals":
            return nix.Term(tuple(items(root, inner.items)), cond, expand=expanded(root, inner))
        if "\n" not in inner.text:
            return nix.Term((), cond, expr=_expr(inner), function=opt.function)
        raise Unexpressible(f"lib.{opt.function} of a multi-line expression")
    if "\n" not in term.text:
        return nix.Term((), None, expr=_expr(term))
    raise Unexpressible(f"a multi-line {type(term).__name__} in a ++ chain")


def _operator_before(root: Root, term: Node) -> Token:
    previous = root.previous_token(term.first_token())
    assert previous is not None
    return previous


def _condition(node: Node) -> Union[Condition, nix.Expr]:
    """The Condition when nix.py spells it as the file does, the file's text otherwise."""
    cond = query.condition(node)
    if cond is not None and nix.condition_argument(cond) == node.text:
        return cond
    if "\n" in node.text:
        raise Unexpressible("a multi-line condition")
    return _expr(node)


def _expr(node: Node) -> nix.Expr:
    """A one-line expression as the file writes it, with the facts nixfmt lays it out by."""
    lone = not any("#" in t.trivia or "/*" in t.trivia for t in list(node.tokens())[1:])
    return nix.Expr(node.text, simple=lone and _simple(node), selection=isinstance(node, Select))


def _simple(node: Node) -> bool:
    """nixfmt's ``isSimple`` (``Pretty.hs``): a name, number, string or path, a selection of
    plain names without ``or``, such a thing in parentheses, and a call of at most two simple
    arguments (``f "a" b``; ``f a b c`` is not)."""
    if isinstance(node, (Ident, Int, Float, String, Path, SearchPath, Uri)):
        return True
    if isinstance(node, Select):
        return node.default is None and all(isinstance(a, Ident) for a in node.path.attrs) and _simple(node.expr)
    if isinstance(node, Paren):
        return _simple(node.expr)
    if isinstance(node, Apply):
        if isinstance(node.func, Apply) and isinstance(node.func.func, Apply):
            return False
        return _simple(node.func) and _simple(node.arg)
    return False


# --- the argument set -----------------------------------------------------------------------------


def formals(node: Formals) -> str:
    """The ``{ … }`` of a function head as render/nix.py lays out a file's argument set."""
    with _at(node):
        return _formals(node)


def _formals(node: Formals) -> str:
    root = node.root
    if line_indent(root, node.start) != "":
        raise Unexpressible("an argument set that does not start its line")
    args: list[nix.Item] = []
    for i, formal in enumerate(node.formals):
        comma = root.next_token(formal.last_token())
        if comma.kind != ",":
            raise Unexpressible("an argument without a trailing comma")
        if comma.trivia:
            raise Unexpressible("space before a comma")
        args.append(_item(root, formal, dedent(root, formal), first=i == 0, after=comma))
    if node.ellipsis is not None:
        blank, lines = _leading_lines(root, node.ellipsis, first=not args)
        if blank or lines:
            raise Unexpressible("a comment before ...")
    return nix.formals(args, ellipsis=node.ellipsis is not None, closing=_closing(root, node.children[-1], not args))


def inherit(node: Inherit) -> str:
    """An ``inherit`` statement as render/nix.py lays it out at the indentation of its line."""
    with _at(node):
        return _inherit(node)


def _inherit(node: Inherit) -> str:
    root = node.root
    indent = line_indent(root, node.start)
    semicolon = node.last_token()
    if node.source is not None and "\n" in node.source.text:
        raise Unexpressible("a multi-line inherit source")
    names = [_item(root, a, a.text, first=i == 0 and node.source is None) for i, a in enumerate(node.attrs)]
    if expanded(root, node):
        blank, lines = _leading_lines(root, semicolon, first=False)
        if blank or lines:
            raise Unexpressible("a comment before the ; of an inherit")
    elif semicolon.trivia:
        raise Unexpressible("space before ;")
    return nix.inherit(names, indent, node.source.expr.text if node.source else None, expand=expanded(root, node))


def value_nodes(node: Node) -> list[tuple[str, Node]]:
    """Every binding of *node* with its kind, and the file's argument set: what the corpus
    measurement lays out again."""
    out: list[tuple[str, Node]] = []
    for n in node.walk():
        if isinstance(n, Binding):
            kind = kind_of(n)
            if kind is not None:
                out.append((kind, n))
        elif isinstance(n, Formals) and isinstance(n.parent, Node) and n.parent.parent is node:
            out.append(("arguments", n))
        elif isinstance(n, Inherit):
            out.append(("inherit", n))
    return out
