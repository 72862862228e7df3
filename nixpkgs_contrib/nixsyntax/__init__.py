"""One Nix syntax module: a lossless concrete syntax tree, queries over it and span edits.

Everything in nixpkgs-contrib that reads or edits existing Nix text goes through this package,
so that no other module re-tokenizes Nix:

* :func:`parse` (:mod:`.parser`, :mod:`.lexer`) turns text into a :class:`Root` whose ``str()``
  is the text byte for byte.  Every token keeps the whitespace and comments in front of it;
  every node has a span (``node.start``, ``node.end``: offsets into the text), ``node.line``,
  ``node.column`` and typed fields (:mod:`.tree`: ``Lambda.formals``, ``Binding.value``…).
  Text that is not Nix raises :class:`NixSyntaxError`, a ``UserError`` printed as one
  ``file:line:column: cause`` line.
* :mod:`.scope` resolves every variable as Nix does (arguments, ``let``, ``rec``, ``inherit``,
  ``with``) for lints such as unused or undeclared arguments, and :func:`.scope.check` adds the
  errors ``nix-instantiate --parse`` reports after parsing (duplicate attributes, undefined names).
* :mod:`.query` answers questions about values: a binding by attribute path, list items with
  their comments, ``++`` chains and ``lib.optionals`` terms, conditions, decoded strings.
* :mod:`.pymodule` reads the shape of a python-modules file (argument groups, the builder call
  and its ``finalAttrs``/``rec`` form, the derivation's bindings).
* :mod:`.edit` changes a file by replacing spans; :mod:`.layout` lays parsed values out again
  with :mod:`nixpkgs_contrib.render.nix`, so edited values look as if nixfmt wrote them.

Typical use::

    root = parse(text, path)
    module = read_module(root)                       # pymodule
    deps = module.binding("dependencies")            # query
    terms = layout.terms(deps.value)                 # nix.Term values with their comments
    terms[0] = attrs.evolve(terms[0], items=(*terms[0].items, "httpx"))
    new_text = edit.apply(text, [edit.rewrite_chain(deps, terms)])
"""

from . import edit, layout, pymodule, query, scope
from .lexer import NixSyntaxError, Token
from .parser import parse, parse_file
from .pymodule import NotAPythonModule, PythonModule, read_module
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
    "List", "NixSyntaxError", "Node", "NotAPythonModule", "Paren", "Path", "PythonModule", "Root",
    "SearchPath", "Select", "String", "Token", "Unary", "Uri", "With", "attr_name", "edit", "layout",
    "parse", "parse_file", "pymodule", "query", "read_module", "scope",
]  # fmt: skip
