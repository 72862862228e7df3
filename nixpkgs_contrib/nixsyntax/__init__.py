"""One Nix syntax module: a lossless concrete syntax tree, queries over it and span edits.

Everything in nixpkgs-contrib that reads or edits existing Nix text goes through this package:

* :func:`parse` turns text into a :class:`Root` whose ``str()`` is the text byte for byte; every
  node has a span (``node.start``, ``node.end``), a line and column, and typed fields
  (:mod:`.tree`).  Bad input raises :class:`NixSyntaxError` (a ``UserError``: file, line, column,
  cause, one line).
"""

from .lexer import NixSyntaxError, Token
from .parser import parse
from .tree import (
    Apply,
    Assert,
    AttrPath,
    AttrSet,
    Bind,
    Binding,
    BinOp,
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

__all__ = [
    "Apply", "Assert", "AttrPath", "AttrSet", "BinOp", "Bind", "Binding", "Float", "Formal", "Formals",
    "HasAttr", "Ident", "If", "IndString", "Inherit", "Int", "Interpolation", "Lambda", "LegacyLet", "Let",
    "List", "NixSyntaxError", "Node", "Paren", "Path", "Root", "SearchPath", "Select", "String", "Token",
    "Unary", "Uri", "With", "attr_name", "parse",
]  # fmt: skip
