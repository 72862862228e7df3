"""Nix text primitives: the one string-escaping function and the nixfmt (RFC 166) layout rules.

Templates decide *what* goes where; this module decides *how* a value is written: quoting, list
and attribute-set layout, ``++`` chains and conditions.  Nothing else in the package builds Nix
text by hand, so the escaping and layout rules live in exactly one place.

Lists, sets, ``inherit`` and argument sets follow nixfmt's fixed rules directly.  Where nixfmt's
result depends on the width of everything on the line (``++`` chains, ``lib.optionals COND [``,
conditions, calls such as ``callPackage path { }``), the value is described as a document of
nixfmt's shape for that construct and printed by :mod:`.doc`, nixfmt's printing model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Optional, Union

import attrs

from ..conditions import Atom, Condition
from . import doc

#: nixfmt's soft line limit.
WIDTH = 100
INDENT = "  "

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")
_KEYWORDS = frozenset(
    {"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or", "true", "false", "null"}
)


def escape(text: str) -> str:
    """Escape *text* for the inside of a Nix double-quoted string.

    Nix interprets ``\\``, ``"`` and ``${`` in such strings; newlines, tabs and carriage returns
    are written as escapes so that one string is always one line.
    """
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "$" and text[i + 1 : i + 2] == "{":
            out.append("\\$")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        else:
            out.append(ch)
    return "".join(out)


def comment(text: str) -> str:
    """Text for a ``# …`` comment: one line, whitespace collapsed (a newline would end the comment
    and turn the rest into code)."""
    return " ".join(text.split())


@attrs.frozen
class Raw:
    """A Nix expression to interpolate verbatim inside a string: ``Raw("finalAttrs.version")``."""

    expr: str


StringPart = Union[str, Raw]


@attrs.frozen
class Expr:
    """One-line Nix text an existing file wrote (a condition, a chain operand), kept as written,
    with what nixfmt's layout asks of it: *simple* (its ``isSimple``: never broken in a call of
    simple arguments) and *selection* (``a.b``: not expanded first).  The syntax tree knows both
    (:mod:`nixpkgs_contrib.nixsyntax.layout`); the renderer never reads Nix text to find out."""

    text: str
    simple: bool = False
    selection: bool = False


def string(*parts: StringPart) -> str:
    """A Nix string literal from literal text and interpolations: ``string("v", Raw("version"))``."""
    out = ['"']
    for part in parts:
        if isinstance(part, Raw):
            out.append("${" + part.expr + "}")
        else:
            out.append(escape(part))
    out.append('"')
    return "".join(out)


def is_identifier(name: str) -> bool:
    return bool(_IDENT.match(name)) and name not in _KEYWORDS


def attr_name(name: str) -> str:
    """An attribute name, quoted only when it is not a plain identifier (``"with.dot"``)."""
    return name if is_identifier(name) else string(name)


def attr_path(*names: str) -> str:
    return ".".join(attr_name(n) for n in names)


def _fits(first_line_prefix: str, text: str) -> bool:
    """nixfmt's test: the line fits when its text *after the indentation* is at most WIDTH."""
    return "\n" not in text and len(first_line_prefix.lstrip(" ")) + len(text) <= WIDTH


@attrs.frozen
class Item:
    """One element of a laid-out block (a list element, a binding, a formal argument) with what
    nixfmt keeps around it: the comment lines above it, a comment after it on its line, and
    whether a blank line separates it from the element before."""

    text: str
    comments: tuple[str, ...] = ()
    trailing: Optional[str] = None
    blank_before: bool = False

    @property
    def plain(self) -> bool:
        return not self.comments and self.trailing is None


ItemLike = Union[str, Item]


def _item(item: ItemLike) -> Item:
    return item if isinstance(item, Item) else Item(item)


def _plain(items: Sequence[ItemLike]) -> bool:
    return all(isinstance(i, str) or i.plain for i in items)


def list_expr(
    items: Sequence[ItemLike],
    indent: str,
    prefix: str = "",
    suffix: str = "",
    closing: Sequence[str] = (),
    *,
    expand: bool = False,
) -> str:
    """A list of already-rendered items at *indent* (the indentation of the line it starts on).

    nixfmt: ``[ ]`` when empty, inline when it has one item and the line fits, otherwise one item
    per line with ``]`` aligned with the line that opened it.  *prefix* and *suffix* are the text
    before and after the list on its line (``name = `` … ``;``), used only to measure the width.
    Items with comments, and *closing* comments (those before ``]``), always expand the list.
    *expand* keeps a one-item list expanded: nixfmt leaves a list expanded when its source had a
    line break inside the brackets, so an edited file keeps the author's choice.
    """
    if not items and not closing:
        return f"[\n{indent}]" if expand else "[ ]"
    if len(items) == 1 and not closing and not expand and _plain(items):
        inline = f"[ {_item(items[0]).text} ]"
        if _fits(prefix, inline + suffix):
            return inline
    return block("[", items, "]", indent, closing)


def block(open_: str, items: Sequence[ItemLike], close: str, indent: str, closing: Sequence[str] = ()) -> str:
    """*open_*, then each item on its own line one level deeper than *indent* (comment lines above
    it, a blank line where it has one, a trailing comment after it), then *closing* comments and
    *close* at *indent*: the expanded form nixfmt gives lists, attribute sets and argument sets.
    A comment line that is ``""`` stands for a blank line (a *closing* that ends with ``""``
    keeps a blank line before the closing bracket, as nixfmt does)."""
    inner = indent + INDENT
    lines = [open_]
    for raw in items:
        item = _item(raw)
        if item.blank_before:  # nixfmt keeps one blank line, even right after the opening bracket
            lines.append("")
        lines.append(item_lines(item, inner))
    lines.extend(_indent_item(c, inner) if c else "" for c in closing)
    lines.append(indent + close)
    return "\n".join(lines)


def item_lines(item: ItemLike, indent: str) -> str:
    """One item of a block at *indent*: its comment lines, then its text with the trailing
    comment (no blank line before it and no line break at either end)."""
    item = _item(item)
    lines = [_indent_item(c, indent) if c else "" for c in item.comments]
    text = _indent_item(item.text, indent)
    lines.append(text if item.trailing is None else f"{text} {item.trailing}")
    return "\n".join(lines)


def _indent_item(item: str, inner: str) -> str:
    lines = item.split("\n")
    return "\n".join([inner + lines[0]] + [inner + line if line else line for line in lines[1:]])


def attrset_expr(
    bindings: Sequence[ItemLike],
    indent: str,
    prefix: str = "",
    suffix: str = "",
    *,
    expand: Optional[bool] = None,
    closing: Sequence[str] = (),
    rec: bool = False,
    wide: bool = False,
) -> str:
    """An attribute set of already-rendered bindings (``name = value;``, ``inherit …;``).

    nixfmt writes ``{ }`` when empty (``{`` and ``}`` on lines of their own when the source had
    them so: *expand* True), and keeps a set of one binding on one line where the source had it
    on one line (*expand* False) and it fits; more bindings are always one per line.  A *wide*
    set is always expanded: nixfmt's ``prettyTermWide`` for the value of a binding (unless it is
    a single ``inherit``), the body of ``with``, and the right side of ``//``.
    """
    open_ = "rec {" if rec else "{"
    if not bindings and not closing:
        return f"{open_}\n{indent}}}" if expand else f"{open_} }}"
    if expand is False and not wide and len(bindings) == 1 and not closing and _plain(bindings):
        inline = f"{open_} {_item(bindings[0]).text} }}"
        if _fits(prefix, inline + suffix):
            return inline
    return block(open_, bindings, "}", indent, closing)


def inherit(names: Sequence[ItemLike], indent: str, source: Optional[str] = None, *, expand: bool = False) -> str:
    """``inherit (source) a b;`` on one line when it has fewer than four names and fits (measured
    from *indent*; nixfmt's Pretty.hs separates four or more names with hard line breaks),
    otherwise nixfmt's expanded form: ``inherit (source)``, one name per line one level deeper,
    and ``;`` on a line of its own at that level.  *expand* keeps an inherit the source had
    expanded."""
    head = "inherit" if source is None else f"inherit ({source})"
    if not expand and len(names) < 4 and _plain(names):
        line = " ".join([head, *(_item(n).text for n in names)]) + ";"
        if _fits(indent, line):
            return line
    inner = indent + INDENT
    return "\n".join([head, *(item_lines(n, inner) for n in names), inner + ";"])


def formals(
    arguments: Sequence[ItemLike], indent: str = "", *, ellipsis: bool = False, closing: Sequence[str] = ()
) -> str:
    """A function's argument set as nixpkgs writes the head of a file: ``{`` then one argument
    per line with a trailing comma (comments and blank lines between groups kept), ``...`` last,
    ``}`` (the ``:`` is the caller's)."""
    items = [argument(a) for a in arguments]
    if ellipsis:
        items.append(Item("..."))
    if not items and not closing:
        return "{ }"
    return block("{", items, "}", indent, closing)


def argument(item: ItemLike) -> Item:
    """One argument of an expanded argument set: its text with the trailing comma."""
    item = _item(item)
    return attrs.evolve(item, text=item.text + ",")


def strings(values: Iterable[str]) -> list[str]:
    """Render each value as a Nix string."""
    return [string(v) for v in values]


def atom(a: Atom) -> str:
    return str(a)


def condition(cond: Condition) -> str:
    """A condition as a Nix boolean expression (no outer parentheses)."""
    if cond.is_always:
        return "true"
    if cond.is_never:
        return "false"
    clauses = [" && ".join(atom(a) for a in clause) for clause in cond.clauses]
    if len(clauses) == 1:
        return clauses[0]
    return " || ".join(f"({c})" if len(cl) > 1 else c for c, cl in zip(clauses, cond.clauses))


def condition_argument(cond: Union[Condition, Raw, Expr]) -> str:
    """A condition in argument position (``lib.optionals <here> [ … ]``): parenthesised unless a
    plain attribute selection such as ``stdenv.hostPlatform.isLinux``.  A :class:`Raw` or
    :class:`Expr` condition (an existing file's own text, kept as written) is used verbatim."""
    if isinstance(cond, Raw):
        return cond.expr
    if isinstance(cond, Expr):
        return cond.text
    text = condition(cond)
    if len(cond.clauses) == 1 and len(cond.clauses[0]) == 1 and cond.clauses[0][0].kind == "platform":
        return text
    return f"({text})"


@attrs.frozen
class Term:
    """One operand of a ``++`` chain: ``lib.optionals <condition> [ items ]`` or a plain list."""

    items: tuple[ItemLike, ...]
    condition: Condition | Raw | Expr | None = None
    #: a plain expression instead of a list (``foo.optional-dependencies.bar``)
    expr: str | Expr | None = None
    #: keep a one-item list expanded (see :func:`list_expr`)
    expand: bool = False
    #: ``optional`` for ``lib.optional COND value`` (one element, as existing files write it)
    function: str = "optionals"
    #: comment lines above the ``++ term`` line, and between ``++`` and the term (nixfmt then
    #: puts the term on a line of its own, one level deeper)
    comments: tuple[str, ...] = ()
    operator_comments: tuple[str, ...] = ()


def concat(binding: str, terms: Sequence[Term], indent: str) -> str:
    """``<binding> = <terms joined by ++>;`` at *indent*, laid out as nixfmt 1.x does.

    nixfmt decides by the shape of the chain (``absorbRHS`` in its ``Pretty.hs``):

    * The whole binding stays on one line when it fits and no list needs expanding.
    * A chain that starts with a list nixfmt absorbs (one with items, or an empty one written
      across lines) keeps ``[`` on the binding line; once the chain breaks that list is expanded
      (even with one item) and each ``++ term`` starts a line at *indent*.
    * Two terms whose second is such a list (``x = a ++ [``): the list opens on the binding line
      when ``x = a ++ [`` fits there, and is expanded; otherwise both terms go one level deeper,
      each on its own line.
    * Any other chain (one that starts with ``[ ]``, ``lib.optionals`` or a name) moves to the
      next line, indented one level, and breaks before each ``++`` when it does not fit there.
    * A single ``lib.optionals COND [ … ]`` is a function call: its list opens on the binding
      line when ``x = lib.optionals COND [`` fits; otherwise the call moves to the next line, and
      a condition too long for a line is broken inside its parentheses.
    """
    if not terms:
        terms = [Term(())]
    return _layout_binding(binding, _chain_rhs(terms), indent)


def binding_value(binding: str, value: Union[Condition, str], indent: str) -> str:
    """``<binding> = <value>;`` at *indent* for a condition (``disabled``) or a one-line
    expression, moved to the next line or broken as nixfmt does when it does not fit."""
    if isinstance(value, Condition):
        body = _condition_doc(value)
        one = value.clauses[0][0] if len(value.clauses) == 1 and len(value.clauses[0]) == 1 else None
        if one is not None and one.kind == "platform":  # a selection moves to the next line
            rhs = doc.nest(doc.group(doc.line, body))
        elif one is not None:  # `pythonOlder "3.11"`: a call of simple arguments stays put
            rhs = doc.nest(doc.hardspace, body)
        else:
            rhs = doc.nest(doc.line, doc.group(body))
    else:
        rhs = doc.nest(doc.group(doc.line, doc.text(value)))
    return _layout_binding(binding, rhs, indent)


def _layout_binding(name: str, rhs: doc.Doc, indent: str) -> str:
    """A binding ``name =<rhs>;`` printed at *indent*; *rhs* starts with its own spacing."""
    if _simple_path(name):
        value = rhs
    else:  # nixfmt lets the value of a quoted or long attribute path break after `=` first
        value = doc.cat(doc.line_, doc.group(rhs, kind="priority"))
    whole = doc.group(doc.text(name), doc.nest(doc.hardspace, doc.text("="), value), doc.text(";"))
    return doc.layout(whole, level=len(indent) // len(INDENT))


def _simple_path(name: str) -> bool:
    """nixfmt's simple selectors: at most four plain identifiers."""
    parts = name.split(".")
    return len(parts) <= 4 and all(_IDENT.match(p) for p in parts)


# --- documents of values (nixfmt's rules for each shape, printed by render/doc.py) -----------


def _comment_lines(comments: Sequence[str]) -> doc.Doc:
    """Comment lines above an element: each on its own line, ``""`` for a blank line."""
    out = doc.cat(doc.hardline)
    for c in comments:
        out += doc.emptyline if c == "" else doc.cat(_comment_text(c), doc.hardline)
    return out


def _comment_text(c: str) -> doc.Doc:
    return [doc.Lines(tuple(c.split("\n")))] if "\n" in c else doc.comment(c)


def _item_doc(raw: ItemLike) -> doc.Doc:
    item = _item(raw)
    out: doc.Doc = []
    if item.blank_before:
        out += doc.emptyline
    if item.comments:
        out += _comment_lines(item.comments)
    out += doc.group(doc.lines(item.text))
    if item.trailing is not None:
        out += doc.cat(doc.hardspace, doc.comment(item.trailing), doc.hardline)
    return out


def _list_doc(items: Sequence[ItemLike], *, expand: bool, closing: Sequence[str] = ()) -> doc.Doc:
    """nixfmt's list, without the group around it: ``[``, the items one per line, ``]``; the
    space inside the brackets breaks with the group the list is in (always when the source had
    a line break there, *expand*)."""
    if not items and not closing:
        return doc.cat("[", doc.hardline if expand else doc.hardspace, "]")
    inner: doc.Doc = []
    for i, raw in enumerate(items):
        if i:
            inner += doc.hardline
        inner += _item_doc(raw)
    if closing:
        inner += _comment_lines(closing)
    around = doc.hardline if expand or not items else doc.line
    return doc.cat("[", around, doc.nest(inner), around, "]")


def _absorbable(term: Term) -> bool:
    """nixfmt's ``isAbsorbable`` for a term: a plain list with items, or an empty one whose
    brackets the source wrote on different lines (*expand*) or with comments in front of ``[``;
    ``[ ]`` and calls are not."""
    plain = term.expr is None and term.condition is None
    return plain and bool(term.items or term.expand or term.operator_comments)


_SIMPLE = re.compile(r"""^\(*[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*( "[^"\\$]*")?\)*$""")


def _simple(text: str) -> bool:
    """nixfmt's ``isSimple`` for the text we generate: a name, a selection, or a call of a name
    with a string, possibly in parentheses (``stdenv.hostPlatform.isDarwin``,
    ``(pythonOlder "3.11")``).  A file's own text comes as an :class:`Expr`, classified by the
    syntax tree."""
    return bool(_SIMPLE.match(text))


def _is_selection(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)+$", text))


def _condition_doc(cond: Condition) -> doc.Doc:
    """A condition as an operation chain: ``a || (b && c)``, breaking before each operator."""
    if cond.is_always or cond.is_never:
        return doc.text(condition(cond))
    if len(cond.clauses) == 1:
        return _operation([doc.text(atom(a)) for a in cond.clauses[0]], "&&")
    operands = [
        _paren(_operation([doc.text(atom(a)) for a in clause], "&&")) if len(clause) > 1 else doc.text(atom(clause[0]))
        for clause in cond.clauses
    ]
    return _operation(operands, "||")


def _operation(operands: Sequence[doc.Doc], op: str) -> doc.Doc:
    """nixfmt's operator chain: one line, or a line break before every operator."""
    if len(operands) == 1:
        return operands[0]
    out = list(operands[0])
    for operand in operands[1:]:
        out += doc.cat(doc.line, op, doc.nest(doc.hardspace, operand))
    return doc.group(out)


def _paren(inner: doc.Doc) -> doc.Doc:
    """``( … )`` around an operation: the operation on lines of its own when it does not fit."""
    return doc.group("(", doc.nest(doc.line_, doc.group(inner), doc.line_), ")")


@attrs.frozen
class IndentedString:
    """A ``''`` string of several lines (the text of each line, without indentation)."""

    lines: tuple[str, ...]


#: an argument of :func:`call_binding`: one-line Nix text, or a ``''`` string
Argument = Union[str, IndentedString]


@attrs.frozen
class _Arg:
    """A function argument and what nixfmt asks of it: whether it is *simple* (a name, a
    selection, a string, a path), a *selection* (``a.b``: never expanded first), or
    *absorbable* (a list, a set, a ``''`` string of several lines: laid out expanded after
    the call when it is last)."""

    doc: doc.Doc
    simple: bool = False
    selection: bool = False
    absorbable: bool = False


_PATH = re.compile(r"^\.{0,2}(/[A-Za-z0-9._+-]+)+$")


def _argument(arg: Argument) -> _Arg:
    if isinstance(arg, IndentedString):
        body: doc.Doc = []
        for line in arg.lines:
            body += doc.cat(doc.text(line), doc.hardline)
        return _Arg(doc.group("''", doc.line_, doc.nest(body), "''"), absorbable=len(arg.lines) > 1)
    simple = _simple(arg) or bool(_PATH.match(arg)) or (arg.startswith('"') and arg.endswith('"') and "\n" not in arg)
    return _Arg(doc.text(arg), simple=simple, selection=_is_selection(arg))


def call_binding(name: str, function: str, arguments: Sequence[Argument], indent: str) -> str:
    """``name = function arg…;`` at *indent*, laid out as nixfmt lays out a call: on one line
    when it fits; else its last argument expanded (a ``''`` string) after the rest; else on the
    next line, and there with one argument per line when the call does not fit either."""
    rhs = doc.nest(_app(function, [_argument(a) for a in arguments], doc.line))
    return _layout_binding(name, rhs, indent)


def _app(function: str, args: Sequence[_Arg], pre: doc.Doc) -> doc.Doc:
    """nixfmt's function call (``prettyApp``) of a simple *function* name: a call of at most two
    simple arguments is never broken; otherwise every argument but the last can be expanded
    alone (a priority group, except selections), the last one is expanded first when it is
    absorbable, and the call breaks before each argument when nothing else fits.  *pre* is what
    the caller puts in front (a possible line break after ``=``)."""
    if len(args) <= 2 and all(a.simple for a in args) and _simple(function):
        parts: doc.Doc = doc.cat(_compact(pre), function)
        for a in args[:-1]:
            parts += doc.cat(doc.hardspace, a.doc)
        return doc.group(parts, doc.hardspace, doc.group(doc.nest(args[-1].doc)))
    head: doc.Doc = doc.group(doc.text(function), kind="transparent")
    for a in args[:-1]:
        arg = doc.group(a.doc, kind="regular" if a.selection else "priority")
        head = doc.group(head, doc.line, doc.nest(arg), kind="transparent")
    last = args[-1]
    tail = doc.group(doc.nest(last.doc), kind="priority" if last.absorbable else "regular")
    return doc.group(pre, head, doc.line, tail)


def _expr_arg(expr: str | Expr) -> _Arg:
    """Text a file wrote (:class:`Expr`, classified by the syntax tree) or that we generate
    (a name, a selection, a call of a name with a string)."""
    if isinstance(expr, Expr):
        return _Arg(doc.text(expr.text), expr.simple, expr.selection)
    return _Arg(doc.text(expr), _simple(expr), _is_selection(expr))


def _condition_arg(cond: Union[Condition, Raw, Expr]) -> _Arg:
    """A condition in argument position."""
    if isinstance(cond, (Raw, Expr)):
        return _expr_arg(cond.expr if isinstance(cond, Raw) else cond)
    text = condition_argument(cond)
    if not text.startswith("("):
        return _Arg(doc.text(text), True, True)
    if len(cond.clauses) == 1 and len(cond.clauses[0]) == 1:  # (pythonOlder "3.11")
        return _Arg(doc.text(text), True)
    return _Arg(_paren(_condition_doc(cond)))


def _call(term: Term, pre: doc.Doc) -> doc.Doc:
    """``lib.optionals COND [ … ]`` (or ``lib.optional COND x``) with the comments above it."""
    assert term.condition is not None
    if term.expr is not None:
        last = _expr_arg(term.expr)
    elif term.items or term.expand:
        last = _Arg(_list_doc(term.items, expand=term.expand), absorbable=True)
    else:
        last = _Arg(doc.text("[ ]"))
    comments = _comment_lines(term.operator_comments) if term.operator_comments else []
    return doc.cat(comments, _app(f"lib.{term.function}", [_condition_arg(term.condition), last], pre))


def _compact(pre: doc.Doc) -> doc.Doc:
    return [doc.Spacing(doc.HARDSPACE) if s == doc.Spacing(doc.SPACE) else s for s in pre if s != doc.Spacing(doc.BREAK)]


def _term_doc(term: Term, *, first: bool, wide: bool = False) -> doc.Doc:
    """A chain operand: as the first one (``pretty``; *wide*: an absorbed list without its
    group), or after ``++`` (``absorbOperation``: with its leading space)."""
    comments = _comment_lines(term.operator_comments) if term.operator_comments else []
    if term.condition is not None:
        return _call(term, []) if first else doc.group(doc.hardspace, _call(term, doc.line))
    if term.expr is not None:
        body = doc.cat(comments, doc.text(term.expr.text if isinstance(term.expr, Expr) else term.expr))
        return body if first else doc.cat(doc.hardspace, body)
    if _absorbable(term):
        lst = doc.cat(comments, _list_doc(term.items, expand=term.expand))
        if first:
            return lst if wide else doc.group(lst)
        return doc.cat(doc.hardspace, doc.group(lst))
    body = doc.cat(comments, doc.text("[ ]"))
    return body if first else doc.cat(doc.hardspace, body)


def _chain(terms: Sequence[Term], *, wide: bool) -> doc.Doc:
    """nixfmt's operator chain of ``++`` terms (``prettyOp``): each ``++ term`` on a line of its
    own when the chain breaks, comments above a ``++`` kept there."""
    out = list(_term_doc(terms[0], first=True, wide=wide))
    for term in terms[1:]:
        op = doc.cat(_comment_lines(term.comments), "++") if term.comments else doc.text("++")
        out += doc.cat(doc.line, op, doc.nest(_term_doc(term, first=False)))
    return doc.group(out)


def _chain_rhs(terms: Sequence[Term]) -> doc.Doc:
    """What follows ``=`` for a chain (or a single term), by nixfmt's ``absorbRHS`` cases."""
    first = terms[0]
    if len(terms) == 1:
        if first.condition is not None:
            return doc.nest(_call(first, doc.line))
        if _absorbable(first):
            return doc.nest(doc.hardspace, doc.group(_list_doc(first.items, expand=first.expand)))
        return doc.nest(doc.group(doc.line, _term_doc(first, first=True)))
    if _absorbable(first):  # the first list is absorbed: the chain is not indented
        return doc.cat(doc.hardspace, _chain(terms, wide=True))
    last = terms[-1]
    if len(terms) == 2 and _absorbable(last) and not last.comments:
        # "LHS fits onto the first line, RHS is an absorbable term"
        lst = doc.cat(_comment_lines(last.operator_comments) if last.operator_comments else [],
                      _list_doc(last.items, expand=last.expand))  # fmt: skip
        tail = doc.group("++", doc.hardspace, doc.group(lst, kind="priority"), kind="transparent")
        return doc.nest(doc.group(doc.line, _term_doc(first, first=True), doc.line, tail))
    return doc.nest(doc.line, _chain(terms, wide=False))


def binding(name: str, value: str, indent: str) -> str:
    """``name = value;`` at *indent*; *value* is already laid out for that indentation."""
    return f"{indent}{name} = {value};"
