"""Nix text primitives: the one string-escaping function and the nixfmt (RFC 166) layout rules.

Templates decide *what* goes where; this module decides *how* a value is written: quoting, list
and attribute-set layout, ``++`` chains and conditions.  Nothing else in the package builds Nix
text by hand, so the escaping and layout rules live in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Optional, Union

import attrs

from ..conditions import Atom, Condition

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
        return "[ ]"
    if len(items) == 1 and not closing and not expand and _plain(items):
        inline = f"[ {_item(items[0]).text} ]"
        if _fits(prefix, inline + suffix):
            return inline
    return block("[", items, "]", indent, closing)


def _expanded(items: Sequence[ItemLike], indent: str) -> str:
    return block("[", items, "]", indent)


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
    expand: bool = True,
    closing: Sequence[str] = (),
    rec: bool = False,
) -> str:
    """An attribute set of already-rendered bindings (``name = value;``, ``inherit …;``).

    nixfmt writes ``{ }`` when empty and keeps a set on one line only where the source had it on
    one line (*expand* False) and it fits; a set that is the value of a binding is expanded.
    """
    open_ = "rec {" if rec else "{"
    if not bindings and not closing:
        return f"{open_} }}"
    if not expand and not closing and _plain(bindings):
        inline = f"{open_} " + " ".join(_item(b).text for b in bindings) + " }"
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


def condition_argument(cond: Union[Condition, Raw]) -> str:
    """A condition in argument position (``lib.optionals <here> [ … ]``): parenthesised unless a
    plain attribute selection such as ``stdenv.hostPlatform.isLinux``.  A :class:`Raw`
    condition (an existing file's own text, kept as written) is used verbatim."""
    if isinstance(cond, Raw):
        return cond.expr
    text = condition(cond)
    if len(cond.clauses) == 1 and len(cond.clauses[0]) == 1 and cond.clauses[0][0].kind == "platform":
        return text
    return f"({text})"


@attrs.frozen
class Term:
    """One operand of a ``++`` chain: ``lib.optionals <condition> [ items ]`` or a plain list."""

    items: tuple[ItemLike, ...]
    condition: Condition | Raw | None = None
    #: a plain expression instead of a list (``foo.optional-dependencies.bar``)
    expr: str | None = None
    #: keep a one-item list expanded (see :func:`list_expr`)
    expand: bool = False
    #: ``optional`` for ``lib.optional COND value`` (one element, as existing files write it)
    function: str = "optionals"
    #: comment lines above the ``++ term`` line, and between ``++`` and the term (nixfmt then
    #: puts the term on a line of its own, one level deeper)
    comments: tuple[str, ...] = ()
    operator_comments: tuple[str, ...] = ()


def concat(binding: str, terms: Sequence[Term], indent: str) -> str:
    """``<binding> = <terms joined by ++>;`` laid out as nixfmt 1.x does.

    * The whole binding stays on one line when it fits and no list needs expanding.
    * A chain that starts with a plain list keeps ``[`` on the binding line; once the chain breaks
      that list is expanded (even with one item) and each ``++ term`` starts a line at *indent*.
    * A chain that starts with anything else moves to the next line, indented one level, and
      breaks before each ``++`` when it does not fit there either.
    * A single ``lib.optionals COND [ … ]`` is not a chain: nixfmt absorbs its list, which opens
      on the binding line.
    """
    head = f"{indent}{binding} = "
    if not terms:
        return f"{head}[ ];"
    inline = [_inline(t) for t in terms]
    if all(part is not None for part in inline):
        one_line = " ++ ".join(inline)  # type: ignore[arg-type]
        if _fits(head, one_line + ";"):
            return f"{head}{one_line};"
    first = terms[0]
    if len(terms) == 1 and first.expr is None:
        return f"{head}{_term(first, indent, head, ';')};"
    if first.expr is None and first.condition is None:
        rest = _rest(terms[1:], indent)
        return f"{head}{_expanded(first.items, indent)}{rest};"
    inner = indent + INDENT
    if all(part is not None for part in inline) and _fits(inner, one_line + ";"):
        return f"{indent}{binding} =\n{inner}{one_line};"
    suffix = ";" if len(terms) == 1 else ""
    return f"{indent}{binding} =\n{inner}{_term(first, inner, inner, suffix)}{_rest(terms[1:], inner)};"


def _rest(terms: Sequence[Term], indent: str) -> str:
    """``\n<indent>++ term`` for each of *terms*, the last one measured with its ``;``."""
    out = []
    for i, term in enumerate(terms):
        suffix = ";" if i == len(terms) - 1 else ""
        out.extend(f"\n{indent}{c}" if c else "\n" for c in term.comments)
        if term.operator_comments:
            inner = indent + INDENT
            out.append(f"\n{indent}++")
            out.extend(f"\n{inner}{c}" if c else "\n" for c in term.operator_comments)
            out.append(f"\n{inner}" + _term(term, inner, inner, suffix))
        else:
            out.append(f"\n{indent}++ " + _term(term, indent, indent + "++ ", suffix))
    return "".join(out)


def _inline(term: Term) -> str | None:
    """The term on one line, or None when it holds a list that nixfmt always expands (or
    comments, which break the chain)."""
    if term.comments or term.operator_comments:
        return None
    if term.expr is None and (len(term.items) > 1 or term.expand or not _plain(term.items)):
        return None
    return _term(term, "", "", "", force_inline=True)


def _term(term: Term, indent: str, prefix: str, suffix: str, *, force_inline: bool = False) -> str:
    if term.expr is not None:
        if term.condition is None:
            return term.expr
        return f"lib.{term.function} {condition_argument(term.condition)} {term.expr}"
    lead = "" if term.condition is None else f"lib.{term.function} {condition_argument(term.condition)} "
    if force_inline:
        return lead + (f"[ {_item(term.items[0]).text} ]" if term.items else "[ ]")
    return lead + list_expr(term.items, indent, prefix + lead, suffix, expand=term.expand)


def binding(name: str, value: str, indent: str) -> str:
    """``name = value;`` at *indent*; *value* is already laid out for that indentation."""
    return f"{indent}{name} = {value};"
