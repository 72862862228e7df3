"""Nix text primitives: the one string-escaping function and the nixfmt (RFC 166) layout rules.

Templates decide *what* goes where; this module decides *how* a value is written: quoting, list
and attribute-set layout, ``++`` chains and conditions.  Nothing else in the package builds Nix
text by hand, so the escaping and layout rules live in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Union

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


def list_expr(items: Sequence[str], indent: str, prefix: str = "", suffix: str = "") -> str:
    """A list of already-rendered items at *indent* (the indentation of the line it starts on).

    nixfmt: ``[ ]`` when empty, inline when it has one item and the line fits, otherwise one item
    per line with ``]`` aligned with the line that opened it.  *prefix* and *suffix* are the text
    before and after the list on its line (``name = `` … ``;``), used only to measure the width.
    """
    if not items:
        return "[ ]"
    if len(items) == 1:
        inline = f"[ {items[0]} ]"
        if _fits(prefix, inline + suffix):
            return inline
    return _expanded(items, indent)


def _expanded(items: Sequence[str], indent: str) -> str:
    inner = indent + INDENT
    body = "\n".join(_indent_item(item, inner) for item in items)
    return f"[\n{body}\n{indent}]"


def _indent_item(item: str, inner: str) -> str:
    lines = item.split("\n")
    return "\n".join([inner + lines[0]] + [inner + line if line else line for line in lines[1:]])


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


def condition_argument(cond: Condition) -> str:
    """A condition in argument position (``lib.optionals <here> [ … ]``): parenthesised unless a
    plain attribute selection such as ``stdenv.hostPlatform.isLinux``."""
    text = condition(cond)
    if len(cond.clauses) == 1 and len(cond.clauses[0]) == 1 and cond.clauses[0][0].kind == "platform":
        return text
    return f"({text})"


@attrs.frozen
class Term:
    """One operand of a ``++`` chain: ``lib.optionals <condition> [ items ]`` or a plain list."""

    items: tuple[str, ...]
    condition: Condition | None = None
    #: a plain expression instead of a list (``foo.optional-dependencies.bar``)
    expr: str | None = None


def concat(binding: str, terms: Sequence[Term], indent: str) -> str:
    """``<binding> = <terms joined by ++>;`` laid out as nixfmt 1.x does.

    * The whole binding stays on one line when it fits and no list needs expanding.
    * A chain that starts with a plain list keeps ``[`` on the binding line; once the chain breaks
      that list is expanded (even with one item) and each ``++ term`` starts a line at *indent*.
    * A chain that starts with anything else moves to the next line, indented one level, and
      breaks before each ``++`` when it does not fit there either.
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
        out.append(f"\n{indent}++ " + _term(term, indent, indent + "++ ", suffix))
    return "".join(out)


def _inline(term: Term) -> str | None:
    """The term on one line, or None when it holds a list that nixfmt always expands."""
    if term.expr is None and len(term.items) > 1:
        return None
    return _term(term, "", "", "", force_inline=True)


def _term(term: Term, indent: str, prefix: str, suffix: str, *, force_inline: bool = False) -> str:
    if term.expr is not None:
        if term.condition is None:
            return term.expr
        return f"lib.optionals {condition_argument(term.condition)} {term.expr}"
    lead = "" if term.condition is None else f"lib.optionals {condition_argument(term.condition)} "
    if force_inline:
        return lead + (f"[ {term.items[0]} ]" if term.items else "[ ]")
    return lead + list_expr(term.items, indent, prefix + lead, suffix)


def inherit(source: str | None, names: Sequence[str], indent: str) -> str:
    """``inherit (source) a b c;`` at *indent*.  nixfmt keeps it on one line only with fewer than
    four names (and when it fits); otherwise one name per line and ``;`` alone, the source staying
    on the ``inherit`` line."""
    head = f"{indent}inherit" + (f" ({source})" if source else "")
    one_line = f"{head} {' '.join(names)};"
    if len(names) < 4 and _fits(indent, one_line[len(indent):]):
        return one_line
    inner = indent + INDENT
    return "\n".join([head, *(inner + n for n in names), inner + ";"])


def binding(name: str, value: str, indent: str) -> str:
    """``name = value;`` at *indent*; *value* is already laid out for that indentation."""
    return f"{indent}{name} = {value};"
