"""Recursive-descent parser for the Nix expression grammar (Nix 2.x ``parser.y``).

Grammar levels, loosest first, as in parser.y::

    expr      = lambda | let … in | with …; | assert …; | if … then … else … | op
    op        = binary and prefix operators by precedence (Pratt), operands are applications
    app       = select select*
    select    = simple ("." attrpath ("or" select)?)? | simple "or"
    simple    = identifier, number, string, path, <spath>, URI, (expr), [list], {set}, rec {set},
                let {set}

Operator precedence and associativity (parser.y's %left/%right/%nonassoc), loosest first:
``->`` (right), ``||``, ``&&`` (left), ``==`` ``!=`` (none), ``<`` ``>`` ``<=`` ``>=`` (none),
``//`` (right), ``!`` (prefix), ``+`` ``-`` (left), ``*`` ``/`` (left), ``++`` (right),
``?`` (left in effect), unary ``-``.
"""

from __future__ import annotations

import os
import pathlib
from typing import NoReturn, Optional, Union

from .lexer import (
    DOLLAR_CURLY,
    DQUOTE,
    EOF,
    FLOAT,
    ID,
    IND_CLOSE,
    IND_OPEN,
    INT,
    PATH,
    SPATH,
    URI,
    NixSyntaxError,
    Source,
    Token,
    tokenize,
)
from .tree import (
    Apply,
    Assert,
    AttrPath,
    AttrSet,
    Bind,
    Binding,
    BinOp,
    Child,
    Float,
    Formal,
    Formals,
    HasAttr,
    Ident,
    If,
    IndString,
    Inherit,
    Int,
    Interpolation,
    Lambda,
    LegacyLet,
    Let,
    List,
    Node,
    Paren,
    Path,
    Root,
    SearchPath,
    Select,
    String,
    Unary,
    Uri,
    With,
    attr_name,
)

_LEFT, _RIGHT, _NONE = range(3)
_BINARY: dict[str, tuple[int, int]] = {
    "->": (1, _RIGHT),
    "||": (2, _LEFT),
    "&&": (3, _LEFT),
    "==": (4, _NONE),
    "!=": (4, _NONE),
    "<": (5, _NONE),
    ">": (5, _NONE),
    "<=": (5, _NONE),
    ">=": (5, _NONE),
    "//": (6, _RIGHT),
    "+": (8, _LEFT),
    "-": (8, _LEFT),
    "*": (9, _LEFT),
    "/": (9, _LEFT),
    "++": (10, _RIGHT),
    # %nonassoc in parser.y, but its right side is an attribute path, never an expression, so
    # `a ? b ? c` has no conflict to forbid and reads as `(a ? b) ? c`
    "?": (11, _LEFT),
}
_NOT = 7
_NEGATE = 12

#: tokens that can start an operand of an application (parser.y's expr_simple)
_SIMPLE_START = frozenset({ID, INT, FLOAT, DQUOTE, IND_OPEN, PATH, SPATH, URI, "(", "[", "{", "rec", "let"})

_DESCRIBE = {
    EOF: "end of file", ID: "identifier", INT: "integer", FLOAT: "float", URI: "URI", SPATH: "<path>",
    PATH: "path", DQUOTE: 'string "…"', IND_OPEN: "string ''…''",
}  # fmt: skip


def parse(text: str, path: Optional[str] = None) -> Root:
    """Parse *text* (the content of *path*, used in messages) into a lossless tree.

    Raises :class:`~.lexer.NixSyntaxError` with the line and column of the first token Nix would
    reject.  Only the grammar is checked here; :func:`.scope.check` adds the checks Nix makes
    after parsing (duplicate attributes and arguments, undefined variables).
    """
    source = Source(text, path)
    try:
        return _Parser(source, tokenize(source)).root()
    except RecursionError:
        raise NixSyntaxError("expressions nested too deeply for this parser", path=path, line=1, column=1) from None


def parse_file(path: Union[str, os.PathLike[str]]) -> Root:
    """Parse the file at *path*.  Its bytes are decoded as UTF-8 with ``surrogateescape``, so any
    byte round-trips: write edited text back with ``encode("utf-8", "surrogateescape")``."""
    data = pathlib.Path(path).read_bytes()
    return parse(data.decode("utf-8", "surrogateescape"), os.fspath(path))


class _Parser:
    __slots__ = ("source", "tokens", "pos")

    def __init__(self, source: Source, tokens: list[Token]):
        self.source = source
        self.tokens = tokens
        self.pos = 0

    # --- helpers ---
    def peek(self, ahead: int) -> Token:
        """The token *ahead* of the current one (``self.tokens[self.pos]``, which always exists:
        the EOF token is never consumed)."""
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else self.tokens[-1]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, kind: str, what: str) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != kind:
            self.fail(tok, what)
        self.pos += 1
        return tok

    def fail(self, tok: Token, expected: str) -> NoReturn:
        shown = _DESCRIBE.get(tok.kind) or f"'{tok.text}'"
        raise self.source.error(f"unexpected {shown}, expected {expected}", tok.start)

    # --- entry ---
    def root(self) -> Root:
        expr = self.expr()
        eof = self.tokens[self.pos]
        if eof.kind != EOF:
            self.fail(eof, "end of file")
        return Root([expr, eof], self.source, expr, self.tokens)

    # --- expr_function ---
    def expr(self) -> Node:
        tok = self.tokens[self.pos]
        kind = tok.kind
        if kind == ID:
            nxt = self.peek(1).kind
            if nxt == ":":
                param = Ident(self.take())
                colon = self.take()
                body = self.expr()
                return Lambda([param, colon, body], param, None, body)
            if nxt == "@":
                param = Ident(self.take())
                at = self.take()
                if self.tokens[self.pos].kind != "{":
                    self.fail(self.tokens[self.pos], "'{' of a formal argument set")
                formals = self.formals()
                colon = self.expect(":", "':'")
                body = self.expr()
                return Lambda([param, at, formals, colon, body], param, formals, body)
        elif kind == "{" and self._formals_ahead():
            formals = self.formals()
            children: list[Child] = [formals]
            param = None
            if self.tokens[self.pos].kind == "@":
                children.append(self.take())
                param = Ident(self.expect(ID, "an identifier after '@'"))
                children.append(param)
            children.append(self.expect(":", "':'"))
            body = self.expr()
            children.append(body)
            return Lambda(children, param, formals, body)
        elif kind == "let" and self.peek(1).kind != "{":
            let = self.take()
            bindings, children = self.binds("in")
            in_ = self.expect("in", "a binding or 'in'")
            body = self.expr()
            return Let([let, *children, in_, body], bindings, body)
        elif kind == "with":
            with_ = self.take()
            env = self.expr()
            semi = self.expect(";", "';'")
            body = self.expr()
            return With([with_, env, semi, body], env, body)
        elif kind == "assert":
            assert_ = self.take()
            cond = self.expr()
            semi = self.expect(";", "';'")
            body = self.expr()
            return Assert([assert_, cond, semi, body], cond, body)
        elif kind == "if":
            if_ = self.take()
            cond = self.expr()
            then_tok = self.expect("then", "'then'")
            then = self.expr()
            else_tok = self.expect("else", "'else'")
            else_ = self.expr()
            return If([if_, cond, then_tok, then, else_tok, else_], cond, then, else_)
        return self.op(0)

    def _formals_ahead(self) -> bool:
        """At ``{`` where a function may start: is it a formal argument set (not an attribute set)?"""
        t1 = self.peek(1).kind
        if t1 == "}":
            return self.peek(2).kind in (":", "@")
        if t1 == "...":
            return True
        return t1 == ID and self.peek(2).kind in (",", "?", "}")

    def formals(self) -> Formals:
        children: list[Child] = [self.take()]  # "{"
        formals: list[Formal] = []
        ellipsis = None
        while True:
            tok = self.tokens[self.pos]
            if tok.kind == "}":
                break
            if tok.kind == "...":
                ellipsis = self.take()
                children.append(ellipsis)
                if self.tokens[self.pos].kind != "}":
                    self.fail(self.tokens[self.pos], "'}' after '...'")
                break
            name = Ident(self.expect(ID, "a formal argument name, '...' or '}'"))
            if self.tokens[self.pos].kind == "?":
                question = self.take()
                default = self.expr()
                formal = Formal([name, question, default], name, default)
            else:
                formal = Formal([name], name, None)
            formals.append(formal)
            children.append(formal)
            if self.tokens[self.pos].kind == ",":
                children.append(self.take())
            elif self.tokens[self.pos].kind != "}":
                self.fail(self.tokens[self.pos], "',' or '}'")
        children.append(self.take())  # "}"
        return Formals(children, formals, ellipsis)

    # --- expr_op ---
    def op(self, min_prec: int) -> Node:
        tok = self.tokens[self.pos]
        if tok.kind == "!":
            bang = self.take()
            operand = self.op(_NOT + 1)
            left: Node = Unary([bang, operand], operand)
        elif tok.kind == "-":
            minus = self.take()
            operand = self.op(_NEGATE + 1)
            left = Unary([minus, operand], operand)
        else:
            left = self.app()
        last_none = -1  # precedence of the last non-associative operator applied at this level
        while True:
            tok = self.tokens[self.pos]
            info = _BINARY.get(tok.kind)
            if info is None:
                break
            prec, assoc = info
            if prec < min_prec:
                break
            if prec == last_none:
                raise self.source.error(f"unexpected '{tok.text}': the operator is not associative", tok.start)
            op_tok = self.take()
            if tok.kind == "?":
                path = self.attrpath()
                left = HasAttr([left, op_tok, path], left, path)
            elif assoc == _RIGHT:
                left = self._right_chain(left, op_tok, prec)
            else:
                right = self.op(prec + 1)
                left = BinOp([left, op_tok, right], left, right)
            last_none = prec if assoc == _NONE else -1
        return left

    def _right_chain(self, left: Node, op_tok: Token, prec: int) -> Node:
        """``a ++ b ++ c`` as ``a ++ (b ++ c)``, gathered in a loop rather than by recursion so
        that long chains do not exhaust Python's stack (every right-associative level has one
        operator: ``->``, ``//``, ``++``)."""
        operands = [left, self.op(prec + 1)]
        operators = [op_tok]
        while self.tokens[self.pos].kind == op_tok.kind:
            operators.append(self.take())
            operands.append(self.op(prec + 1))
        right = operands.pop()
        while operators:
            op = operators.pop()
            lhs = operands.pop()
            right = BinOp([lhs, op, right], lhs, right)
        return right

    # --- expr_app / expr_select ---
    def app(self) -> Node:
        func = self.select()
        while self.tokens[self.pos].kind in _SIMPLE_START:
            arg = self.select()
            func = Apply([func, arg], func, arg)
        return func

    def select(self) -> Node:
        expr = self.simple()
        tok = self.tokens[self.pos]
        if tok.kind == ".":
            dot = self.take()
            path = self.attrpath()
            if self.tokens[self.pos].kind == "or":
                or_ = self.take()
                default = self.select()
                return Select([expr, dot, path, or_, default], expr, path, default)
            return Select([expr, dot, path], expr, path, None)
        if tok.kind == "or":  # parser.y: `expr_simple OR_KW` applies expr to a variable named `or`
            arg = Ident(self.take())
            return Apply([expr, arg], expr, arg)
        return expr

    def simple(self) -> Node:
        tok = self.tokens[self.pos]
        kind = tok.kind
        if kind == ID:
            return Ident(self.take())
        if kind == INT:
            return Int(self.take())
        if kind == FLOAT:
            return Float(self.take())
        if kind == DQUOTE:
            return self.string()
        if kind == IND_OPEN:
            return self.ind_string()
        if kind == PATH:
            return self.path()
        if kind == SPATH:
            return SearchPath(self.take())
        if kind == URI:
            return Uri(self.take())
        if kind == "(":
            open_ = self.take()
            expr = self.expr()
            close = self.expect(")", "')'")
            return Paren([open_, expr, close], expr)
        if kind == "[":
            open_ = self.take()
            items: list[Node] = []
            while self.tokens[self.pos].kind in _SIMPLE_START:
                items.append(self.select())
            close = self.expect("]", "a list element or ']'")
            return List([open_, *items, close], items)
        if kind == "{":
            open_ = self.take()
            bindings, children = self.binds("}")
            close = self.expect("}", "a binding or '}'")
            return AttrSet([open_, *children, close], False, bindings)
        if kind == "rec":
            rec = self.take()
            open_ = self.expect("{", "'{' after 'rec'")
            bindings, children = self.binds("}")
            close = self.expect("}", "a binding or '}'")
            return AttrSet([rec, open_, *children, close], True, bindings)
        if kind == "let":
            let = self.take()
            open_ = self.expect("{", "'{' after 'let'")
            bindings, children = self.binds("}")
            close = self.expect("}", "a binding or '}'")
            return LegacyLet([let, open_, *children, close], True, bindings)
        self.fail(tok, "an expression")

    # --- strings and paths ---
    def interpolation(self) -> Interpolation:
        open_ = self.take()  # "${"
        expr = self.expr()
        close = self.expect("}", "'}' closing '${'")
        return Interpolation([open_, expr, close], expr)

    def string(self) -> String:
        children: list[Child] = [self.take()]
        while True:
            tok = self.tokens[self.pos]
            if tok.kind == DOLLAR_CURLY:
                children.append(self.interpolation())
            elif tok.kind == DQUOTE:
                children.append(self.take())
                return String(children)
            else:
                children.append(self.take())  # STR (the lexer guarantees the string is closed)

    def ind_string(self) -> IndString:
        children: list[Child] = [self.take()]
        while True:
            tok = self.tokens[self.pos]
            if tok.kind == DOLLAR_CURLY:
                children.append(self.interpolation())
            elif tok.kind == IND_CLOSE:
                children.append(self.take())
                return IndString(children)
            else:
                children.append(self.take())

    def path(self) -> Path:
        children: list[Child] = [self.take()]
        while True:
            tok = self.tokens[self.pos]
            if tok.kind == DOLLAR_CURLY and not tok.trivia:
                children.append(self.interpolation())
            elif tok.kind == "PATH_TEXT":
                children.append(self.take())
            else:
                return Path(children)

    # --- bindings ---
    def binds(self, closer: str) -> tuple[list[Bind], list[Child]]:
        """Bindings up to (not including) *closer*; returns them and the children (the same)."""
        bindings: list[Bind] = []
        while True:
            kind = self.tokens[self.pos].kind
            if kind == closer:
                return bindings, list(bindings)
            if kind == "inherit":
                bindings.append(self.inherit())
            elif kind in (ID, "or", DQUOTE, DOLLAR_CURLY):
                path = self.attrpath()
                eq = self.expect("=", "'=' or '.'")
                value = self.expr()
                semi = self.expect(";", "';'")
                bindings.append(Binding([path, eq, value, semi], path, value))
            else:
                self.fail(self.tokens[self.pos], f"a binding or '{closer}'")

    def inherit(self) -> Inherit:
        children: list[Child] = [self.take()]
        source = None
        if self.tokens[self.pos].kind == "(":
            open_ = self.take()
            expr = self.expr()
            close = self.expect(")", "')'")
            source = Paren([open_, expr, close], expr)
            children.append(source)
        attrs: list[Node] = []
        while True:
            tok = self.tokens[self.pos]
            if tok.kind in (ID, "or"):
                attrs.append(Ident(self.take()))
            elif tok.kind in (DQUOTE, DOLLAR_CURLY):
                attr = self.string() if tok.kind == DQUOTE else self.interpolation()
                if attr_name(attr) is None:  # parser.y: only a string without interpolation
                    raise self.source.error("dynamic attributes are not allowed in inherit", tok.start)
                attrs.append(attr)
            elif tok.kind == ";":
                break
            else:
                self.fail(tok, "an attribute name or ';'")
        children.extend(attrs)
        children.append(self.take())
        return Inherit(children, source, attrs)

    def attrpath(self) -> AttrPath:
        children: list[Child] = []
        attrs: list[Node] = []
        while True:
            tok = self.tokens[self.pos]
            if tok.kind in (ID, "or"):
                attr: Node = Ident(self.take())
            elif tok.kind == DQUOTE:
                attr = self.string()
            elif tok.kind == DOLLAR_CURLY:
                attr = self.interpolation()
            else:
                self.fail(tok, "an attribute name")
            attrs.append(attr)
            children.append(attr)
            if self.tokens[self.pos].kind != ".":
                return AttrPath(children, attrs)
            children.append(self.take())
