"""Span edits: change a Nix file by replacing the text of nodes, and nothing else.

An :class:`Edit` replaces ``text[start:end]``; :func:`apply` applies a set of non-overlapping
edits at once, so every byte outside the edited spans is the file's own.  The helpers below make
the edits a tool needs on python-modules files (a list element, a binding, a function argument)
with text laid out by :mod:`nixpkgs_contrib.render.nix` at the indentation of the place it goes:

* in an expanded list, set or argument set, an element is added or removed as whole lines, so
  its neighbours and their comments stay byte-identical;
* a value whose shape changes (``[ a ]`` gaining a second element, a ``++`` chain gaining a
  ``lib.optionals`` term) is laid out again whole by nix.py (:mod:`.layout`), which gives back the
  same bytes for what did not change (measured on the corpus).

Edits are computed from a tree and applied to the text it was parsed from; parse the result
again before making further edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional, Union

import attrs

from ..render import nix
from . import layout, query
from .lexer import Token
from .tree import AttrSet, Bind, Binding, Formal, Formals, Let, List, Node, Root, String


@attrs.frozen(order=True)
class Edit:
    """Replace ``text[start:end]`` with *text* (``start == end`` inserts)."""

    start: int
    end: int
    text: str


class EditConflict(ValueError):
    """Two edits that touch the same characters: a bug in the caller, never bad input."""


def apply(text: str, edits: Iterable[Edit]) -> str:
    """*text* with every edit applied.  Edits may come in any order; insertions at the same
    offset keep the order they were given in."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))  # stable: equal keys keep their order
    out: list[str] = []
    pos = 0
    for e in ordered:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise EditConflict(f"edit {e.start}..{e.end} overlaps another edit or leaves the text")
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def replace(node: Node, text: str) -> Edit:
    """Replace the node's own text (its span; comments in front of it stay)."""
    return Edit(node.start, node.end, text)


def set_string(node: String, value: str) -> Edit:
    """Replace a string literal with *value*, escaped by :func:`nixpkgs_contrib.render.nix.string`."""
    return replace(node, nix.string(value))


def indent_of(node: Node) -> str:
    """The indentation of the line the node starts on."""
    return layout.line_indent_of(node.root, node.start)


def reindent(text: str, indent: str) -> str:
    """Continuation lines of *text* (laid out for indentation 0) moved to *indent*."""
    lines = text.split("\n")
    return "\n".join([lines[0]] + [indent + line if line else line for line in lines[1:]])


# --- whole lines ----------------------------------------------------------------------------------


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _next_line(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _is_blank(text: str, start: int) -> bool:
    end = text.find("\n", start)
    return end >= 0 and text[start:end].strip(" \t\r") == ""


def _remove_lines(root: Root, start: int, end: int) -> Edit:
    """Remove the lines from the one holding *start* through the one holding *end*, and a blank
    line that would be left doubled, right after an opening bracket or right before a closing one."""
    text = root.source.text
    first = _line_start(text, start)
    after = _next_line(text, end)
    before_blank = first > 0 and _is_blank(text, _line_start(text, first - 1))
    opener_line = first > 0 and text[_line_start(text, first - 1) : first - 1].rstrip().endswith(("[", "{"))
    closer_line = text[after : _next_line(text, after)].lstrip().startswith(("]", "}"))
    if _is_blank(text, after) and (before_blank or opener_line):
        after = _next_line(text, after)
    elif before_blank and closer_line:  # no blank line right before a closing bracket
        first = _line_start(text, first - 1)
    return Edit(first, after, "")


def _inner_indent(root: Root, container: Node, siblings: Sequence[Node]) -> str:
    if siblings:
        return layout.line_indent_of(root, siblings[0].start)
    return layout.line_indent_of(root, container.start) + nix.INDENT


def _insert_lines(
    root: Root,
    container: Node,
    siblings: Sequence[Node],
    index: int,
    item: nix.Item,
    extents: Sequence[tuple[int, int]],
) -> Edit:
    """Insert *item* as whole lines at the siblings' indentation: before sibling *index*, or after
    the last sibling when *index* is their number.

    Before a sibling means above its own comment block, unless a blank line stands above that
    block: then the comments head a group (``# dependencies``) and the item goes below them."""
    lines = nix.item_lines(item, _inner_indent(root, container, siblings))
    blank = "\n" if item.blank_before else ""
    text = root.source.text
    if index < len(siblings):
        sibling = siblings[index]
        lead = query.leading(sibling)
        header = lead.blank_line and lead.attached
        at = _line_start(text, sibling.start if header else extents[index][0])
        return Edit(at, at, blank + lines + "\n")
    return _insert_after(extents[-1], item, _inner_indent(root, container, siblings))


def _insert_after(extent: tuple[int, int], item: nix.Item, indent: str) -> Edit:
    """*item* on new lines right after a sibling's extent (its trailing comment included)."""
    blank = "\n" if item.blank_before else ""
    return Edit(extent[1], extent[1], "\n" + blank + nix.item_lines(item, indent))


def _extent(node: Node, end_token: Optional[Token] = None) -> tuple[int, int]:
    """A node with its attached comment block and the comment after it on its line (after
    *end_token*, e.g. the comma of an argument, when given)."""
    lead = query.leading(node)
    last = end_token if end_token is not None else node.last_token()
    trailing = query.trailing_comment(last)
    start = lead.attached[0].start if lead.attached else node.start
    return start, trailing.end if trailing else last.end


def _formal_extent(formal: Formal) -> tuple[int, int]:
    comma = formal.root.next_token(formal.last_token())
    return _extent(formal, comma if comma.kind == "," else None)


# --- lists ----------------------------------------------------------------------------------------

ItemLike = Union[str, nix.Item]


def list_items(lst: List) -> list[nix.Item]:
    """The elements of *lst* as nix.py items (own text, comments, blank lines)."""
    return layout.items(lst.root, lst.items)


def relayout_list(lst: List, new_items: Sequence[ItemLike]) -> Edit:
    """Replace *lst* with a list of *new_items* laid out by nix.list_expr where the list stands
    (its indentation, the text before and after it on its line, whether it was expanded)."""
    root = lst.root
    text = root.source.text
    indent = layout.line_indent_of(root, lst.start)
    prefix = text[_line_start(text, lst.start) : lst.start]
    line_end = text.find("\n", lst.end)
    suffix = text[lst.end : len(text) if line_end < 0 else line_end]
    closing = layout._closing(root, lst.close, not lst.items)
    new = nix.list_expr(new_items, indent, prefix, suffix, closing, expand=layout.expanded(root, lst))
    return replace(lst, new)


def insert_item(lst: List, index: int, item: ItemLike, *, join_group: bool = True) -> Edit:
    """Add *item* (a rendered element, or a nix.Item with comments) before element *index*
    (``len(lst.items)`` appends).  An expanded list gets a new line; a one-line list is laid
    out again.

    When element *index* opens a group (a comment block after a blank line), the item goes
    below that comment, into the group; with *join_group* False it ends the group before
    instead (an element the comment does not describe)."""
    root = lst.root
    item = item if isinstance(item, nix.Item) else nix.Item(item)
    if layout.expanded(root, lst) and lst.items:
        extents = [_extent(n) for n in lst.items]
        if not join_group and 0 < index < len(lst.items):
            lead = query.leading(lst.items[index])
            if lead.blank_line and lead.attached:
                return _insert_after(extents[index - 1], item, _inner_indent(root, lst, lst.items))
        return _insert_lines(root, lst, lst.items, index, item, extents)
    current: list[ItemLike] = list(list_items(lst))
    current.insert(index, item)
    return relayout_list(lst, current)


def remove_item(lst: List, index: int, *, keep_comments: bool = False) -> Edit:
    """Remove element *index* with its attached comments.  An expanded list that keeps two or
    more elements loses the element's lines; otherwise the list is laid out again (a single
    remaining element goes back on one line when it fits, as nixfmt writes it).

    With *keep_comments* the comment block above the element stays, above the element that
    follows: for a comment that heads a group of elements rather than describing this one."""
    root = lst.root
    node = lst.items[index]
    remaining = [n for i, n in enumerate(lst.items) if i != index]
    if layout.expanded(root, lst) and (len(remaining) >= 2 or query.has_comments(lst)):
        start, end = _extent(node)
        return _remove_lines(root, node.start if keep_comments else start, end)
    current = list_items(lst)
    removed = current.pop(index)
    if keep_comments and removed.comments and index < len(current):
        after = current[index]
        current[index] = attrs.evolve(
            after, comments=removed.comments + after.comments, blank_before=removed.blank_before
        )
    if current and current[0].blank_before:
        current[0] = attrs.evolve(current[0], blank_before=False)
    return relayout_list(lst, current)


# --- bindings -------------------------------------------------------------------------------------


def _binds(node: Union[AttrSet, Let]) -> list[Bind]:
    return node.bindings


def insert_binding(
    node: Union[AttrSet, Let],
    text: str,
    *,
    after: Optional[Bind] = None,
    before: Optional[Bind] = None,
    comments: Sequence[str] = (),
    blank_before: bool = False,
) -> Edit:
    """Add a binding (``name = value;`` laid out for indentation 0, e.g. by nix.binding) to a set
    or ``let``, after or before a given binding (default: after the last one), with comment lines
    above it.  An empty or one-line set is expanded."""
    root = node.root
    binds = _binds(node)
    if not binds and isinstance(node, Let):
        raise ValueError("insert_binding into an empty let")
    item = nix.Item(text, tuple(comments), None, blank_before)
    if isinstance(node, AttrSet) and (not binds or not layout.expanded(root, node)):
        current = layout.items(root, binds) + [item]
        indent = layout.line_indent_of(root, node.start)
        return replace(node, nix.attrset_expr(current, indent, rec=node.rec))
    extents = [_extent(b) for b in binds]
    if after is not None:
        return _insert_after(extents[binds.index(after)], item, _inner_indent(root, node, binds))  # type: ignore[arg-type]
    index = binds.index(before) if before is not None else len(binds)  # type: ignore[arg-type]
    return _insert_lines(root, node, binds, index, item, extents)


def remove_binding(b: Bind) -> Edit:
    """Remove a binding or ``inherit`` with its attached comments and trailing comment."""
    return _remove_lines(b.root, *_extent(b))


def replace_value(b: Binding, value: str) -> Edit:
    """Replace the value of *b* with *value* laid out for the indentation of the binding's line
    (nix.py functions take that indentation: pass :func:`indent_of` of the binding)."""
    return replace(b.value, value)


def set_value(node: Union[AttrSet, Let], name: str, value: str, **where: Optional[Bind]) -> Edit:
    """``name = value;``: replace the value when *name* is bound, add the binding otherwise."""
    existing = query.find(node, name)
    if existing is not None:
        return replace_value(existing, value)
    return insert_binding(node, nix.binding(nix.attr_path(*name.split(".")), value, ""), **where)  # type: ignore[arg-type]


def rewrite_chain(b: Binding, terms: Sequence[nix.Term]) -> Edit:
    """Replace the binding *b* (``name = … ++ …;``) with *terms* laid out by nix.concat at the
    binding's indentation: the way to add a ``lib.optionals`` term or an element to a chain."""
    indent = layout.line_indent(b.root, b.start)
    text = nix.concat(b.path.text, terms, indent)
    return replace(b, text[len(indent) :])


# --- function arguments ---------------------------------------------------------------------------


def insert_argument(
    formals: Formals,
    name: str,
    *,
    after: Optional[str] = None,
    before: Optional[str] = None,
    comments: Sequence[str] = (),
    blank_before: bool = False,
) -> Edit:
    """Add the argument *name* after or before the named argument (default: after the last one),
    with comment lines above it (a new group's header) and a blank line before it if asked.  An
    expanded argument set gets the line ``name,``; a one-line one is laid out again expanded."""
    root = formals.root
    names = list(formals.names)
    index = names.index(before) if before is not None else names.index(after) + 1 if after is not None else len(names)
    if not formals.formals or not layout.expanded(root, formals):
        args = [nix.Item(f.text) for f in formals.formals]
        args.insert(index, nix.Item(name, tuple(comments), None, blank_before))
        return replace(
            formals,
            nix.formals(args, layout.line_indent_of(root, formals.start), ellipsis=formals.ellipsis is not None),
        )
    item = nix.argument(nix.Item(name, tuple(comments), None, blank_before))
    extents = [_formal_extent(f) for f in formals.formals]
    if after is not None:
        return _insert_after(extents[index - 1], item, _inner_indent(root, formals, formals.formals))
    return _insert_lines(root, formals, formals.formals, index, item, extents)


def remove_argument(formal: Formal, *, keep_comments: bool = False) -> Edit:
    """Remove an argument: its line with the comma, its attached comments (unless
    *keep_comments*: a group header such as ``# dependencies`` that stays for the arguments after
    it) and trailing comment."""
    start, end = _formal_extent(formal)
    return _remove_lines(formal.root, formal.start if keep_comments else start, end)
