"""Decisions of :mod:`.merge` (and a new version and hash) written into a file's text.

Every change is one span edit made by :mod:`nixpkgs_contrib.nixsyntax.edit` on a fresh parse of
the text so far, so bytes outside the edited value never move and new text is laid out by
render/nix.py as nixfmt would.  Where things go:

* an element joins the list of its condition (the first plain list for an unconditional one, the
  ``lib.optionals`` term whose condition has the same cells), at its alphabetical place when the
  list is sorted, otherwise at its end; a condition no term has becomes a new ``++`` term;
* an element that leaves takes its own comment with it, but not a comment that heads a group of
  elements (one that follows a blank line and stands above more than one element);
* a list that empties goes away with its term (or its binding);
* a binding the file lacks is added where the nixpkgs story order puts it;
* arguments the new text uses and the file does not take are added to their comment group
  (``# dependencies``…); arguments only the removed text used are removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from ..conditions import Condition
from ..matrix import Target
from ..nixsyntax import AttrSet, Binding, List, Node, layout, parse, query, read_module, scope
from ..nixsyntax import edit as ed
from ..nixsyntax.pymodule import PythonModule
from ..render import nix
from .merge import Change, DepChange, DisabledChange, RelaxChange
from .pyfile import Refused, binding_of, cells_of, truth

#: where bindings go in a python-modules file (pkgs/README, the nixpkgs Python section)
STORY = (
    "pname", "version", "format", "pyproject", "__structuredAttrs", "disabled", "src", "sourceRoot",
    "patches", "postPatch", "env", "build-system", "nativeBuildInputs", "buildInputs", "pythonRelaxDeps",
    "pythonRemoveDeps", "dependencies", "propagatedBuildInputs", "optional-dependencies", "nativeCheckInputs",
    "checkInputs", "preCheck", "enabledTestPaths", "disabledTests", "disabledTestPaths", "pytestFlags",
    "pythonImportsCheck", "doCheck", "passthru", "meta",
)  # fmt: skip
_RANK = {name: i for i, name in enumerate(STORY)}

#: comment headers of the argument groups, in the order nixpkgs files have them
GROUPS = ("build-system", "dependencies", "optional-dependencies", "tests", "passthru")
#: arguments of conditions: the head group
HEAD = ("lib", "stdenv", "pythonOlder", "pythonAtLeast", "isPyPy")


def _module(text: str, path: str) -> PythonModule:
    return read_module(parse(text, path))


def _apply(text: str, edit: ed.Edit) -> str:
    return ed.apply(text, [edit])


# --- version and hash -----------------------------------------------------------------------------


def set_version(text: str, path: str, version: str) -> str:
    """The version literal (of the derivation, or of the ``let`` it is inherited from)."""
    module = _module(text, path)
    b = module.binding("version")
    if b is None or query.string_value(b.value) is None:
        b = module.let_binding("version")
    if b is None or query.string_value(b.value) is None:
        raise Refused("version: not a string literal the tool can set", path=path, line=module.attrs.line)
    return _apply(text, ed.set_string(query.unwrap(b.value), version))  # type: ignore[arg-type]


def set_hash(text: str, path: str, sri: str) -> str:
    """The ``hash`` (or ``sha256``) literal of ``src``."""
    module = _module(text, path)
    src = module.binding("src")
    fetcher_set = query.attrset_of(src.value) if src is not None else None
    if fetcher_set is None:
        raise Refused("src: no fetcher attribute set to write the hash into", path=path, line=src.line if src else None)
    for name in ("hash", "sha256"):
        b = query.find(fetcher_set, name)
        if b is not None and query.string_value(b.value) is not None:
            return _apply(text, ed.set_string(query.unwrap(b.value), sri))  # type: ignore[arg-type]
    raise Refused("src: no literal hash", path=path, line=src.line if src else None)


def set_pypi_pname(text: str, path: str, pname: str) -> str:
    """fetchPypi's ``pname``: its literal set, or ``pname = "…";`` taken out of an ``inherit``
    (``inherit pname version;`` becomes ``pname = "…";`` then ``inherit version;``)."""
    module = _module(text, path)
    src = module.binding("src")
    fetcher_set = query.attrset_of(src.value) if src is not None else None
    if fetcher_set is None:
        raise Refused("src: no fetcher attribute set to write pname into", path=path, line=src.line if src else None)
    b = query.find(fetcher_set, "pname")
    if b is not None and query.string_value(b.value) is not None:
        return _apply(text, ed.set_string(query.unwrap(b.value), pname))  # type: ignore[arg-type]
    entry = query.inherited(fetcher_set).get("pname")
    if entry is None:
        raise Refused(
            "src: fetchPypi's pname is neither a literal nor inherited", path=path, line=src.line if src else None
        )
    inherit = entry.inherit
    indent = layout.line_indent_of(module.root, inherit.start)
    rest = [n for n in inherit.names if n is not None and n != "pname"]
    source = inherit.source.expr.text if inherit.source is not None else None
    parts = [nix.binding("pname", nix.string(pname), "")]
    if rest:
        parts.append(indent + nix.inherit(rest, indent, source))
    return _apply(text, ed.replace(inherit, "\n".join(parts)))


# --- dependency lists -----------------------------------------------------------------------------


def apply_changes(text: str, path: str, changes: Sequence[Change], target: Target) -> str:
    """*text* with every change made, then its arguments brought in line with what it uses."""
    before = text
    introduced: dict[str, str] = {}
    deps = [c for c in changes if isinstance(c, DepChange)]
    # removals first, so that a list keeps the layout its author chose for what stays; a list a
    # removal empties stays (as [ ]) when the same section gains an element
    gaining = {c.section for c in deps if c.action != "remove"}
    for change in deps:
        if change.action in ("remove", "move"):
            text = _remove_everywhere(text, path, change.section, change.attr, keep=change.section in gaining)
    for change in deps:
        if change.action in ("add", "move"):
            text = _add(text, path, change.section, change.attr, change.condition, target)
            for extra in change.extras:
                text = _add_extra(text, path, change.section, change.attr, extra, change.condition)
            introduced[change.attr] = change.section
    for change in changes:
        if isinstance(change, RelaxChange):
            text = _relax(text, path, change)
        elif isinstance(change, DisabledChange):
            text = _disabled(text, path, change.condition)
    text = _drop_empty_extras(text, path)
    return fix_arguments(before, text, path, introduced)


def _terms(b: Binding, path: str) -> list[nix.Term]:
    try:
        return layout.terms(b.value)
    except layout.Unexpressible as exc:
        raise Refused(f"{b.path.text}: {exc.reason}; not edited", path=path, line=b.line) from None


def _list_of(term: Node) -> Optional[List]:
    inner = query.unwrap(term)
    if isinstance(inner, List):
        return inner
    opt = query.optionals(term)
    if opt is not None and opt.function == "optionals":
        value = query.unwrap(opt.value)
        return value if isinstance(value, List) else None
    return None


def _term_cells(term: Node, target: Target):
    opt = query.optionals(term)
    if opt is None:
        return frozenset(target.environments) if isinstance(query.unwrap(term), List) else None
    return truth(opt.condition, target)


def _sorted_index(names: Sequence[Optional[str]], attr: str) -> int:
    """Where *attr* goes: its alphabetical place when the names are sorted, else the end."""
    known = [n.lower() for n in names if n is not None]
    if known != sorted(known):
        return len(names)
    for i, name in enumerate(names):
        if name is not None and name.lower() > attr.lower():
            return i
    return len(names)


def _add(text: str, path: str, section: str, attr: str, condition: Optional[Condition], target: Target) -> str:
    module = _module(text, path)
    b = binding_of(module, section)
    cond = condition if condition is not None and not condition.is_always else None
    wanted = cells_of(cond, target) if cond is not None else frozenset(target.environments)
    if b is None:
        return _new_section(text, path, module, section, attr, cond)
    terms = query.concat_terms(b.value)
    for term in terms if cond is not None else terms[:1]:
        lst = _list_of(term)
        if lst is not None and _term_cells(term, target) == wanted:
            index = _sorted_index([query.dotted(n) for n in lst.items], attr)
            try:
                return _apply(text, ed.insert_item(lst, index, attr, join_group=False))
            except layout.Unexpressible as exc:
                raise Refused(f"{b.path.text}: {exc.reason}; not edited", path=path, line=b.line) from None
    new_terms = _terms(b, path)
    term = nix.Term((attr,), cond)
    new_terms = [term, *new_terms] if cond is None else [*new_terms, term]
    return _apply(text, ed.rewrite_chain(b, new_terms))


def _extra_term(attr: str, extra: str) -> str:
    return f"{attr}.optional-dependencies.{nix.attr_name(extra)}"


def _add_extra(text: str, path: str, section: str, attr: str, extra: str, condition: Optional[Condition]) -> str:
    """``++ attr.optional-dependencies.extra`` (what ``attr[extra]`` asks for), unless the list
    already selects it."""
    module = _module(text, path)
    b = binding_of(module, section)
    if b is None:
        return text
    expr = _extra_term(attr, extra)
    if any(
        query.dotted(query.optionals(t).value if query.optionals(t) else t) == expr for t in query.concat_terms(b.value)
    ):
        return text
    cond = condition if condition is not None and not condition.is_always else None
    term = nix.Term((), cond, expr=expr, function="optionals")
    return _apply(text, ed.rewrite_chain(b, [*_terms(b, path), term]))


def _new_section(text: str, path: str, module: PythonModule, section: str, attr: str, cond: Optional[Condition]) -> str:
    term = nix.Term((attr,), cond)
    if section.startswith("optional-dependencies."):
        extra = section.split(".", 1)[1]
        extras = module.binding("optional-dependencies") or module.binding(("passthru", "optional-dependencies"))
        inner = query.unwrap(extras.value) if extras is not None else None
        entry = nix.concat(nix.attr_name(extra), [term], "")
        if extras is None:
            value = nix.attrset_expr([entry], "")
            return _insert_story(
                text, path, module, "optional-dependencies", nix.binding("optional-dependencies", value, "")
            )
        if not isinstance(inner, AttrSet):
            raise Refused("optional-dependencies: not a plain attribute set; not edited", path=path, line=extras.line)
        names = [b.names[0] if isinstance(b, Binding) else None for b in inner.bindings]
        index = _sorted_index(names, extra)
        where = {"before": inner.bindings[index]} if index < len(inner.bindings) else {}
        return _apply(text, ed.insert_binding(inner, entry, **where))
    name = section
    return _insert_story(text, path, module, name, nix.concat(name, [term], ""))


def _insert_story(text: str, path: str, module: PythonModule, name: str, binding_text: str, **kwargs) -> str:
    """Add ``name = …;`` to the derivation where the story order puts it, a blank line before."""
    binds = module.attrs.bindings
    rank = _RANK[name]
    later = next((i for i, b in enumerate(binds) if _rank(b) is not None and _rank(b) > rank), None)  # type: ignore[operator]
    if later == 0:
        return _apply(
            text, ed.insert_binding(module.attrs, binding_text, before=binds[0], blank_before=False, **kwargs)
        )
    after = binds[later - 1] if later is not None else binds[-1]
    return _apply(text, ed.insert_binding(module.attrs, binding_text, after=after, blank_before=True, **kwargs))


def _rank(b) -> Optional[int]:
    names = b.names
    return _RANK.get(names[0]) if names and names[0] is not None else None


def _find(module: PythonModule, section: str, attr: str) -> Optional[tuple[Binding, int, Node]]:
    """(binding, term index, element node) of the first element naming *attr* in *section*."""
    bindings = []
    if section.startswith("optional-dependencies."):
        b = binding_of(module, section)
        bindings = [b] if b is not None else []
    else:
        from .pyfile import SECTION_BINDINGS

        bindings = [b for b in (module.binding(n) for n in SECTION_BINDINGS[section]) if b is not None]
    extras = f"{attr}.optional-dependencies."
    for b in bindings:
        for t, term in enumerate(query.concat_terms(b.value)):
            opt = query.optionals(term)
            selected = query.dotted(opt.value if opt is not None else term) or ""
            if selected.startswith(extras) and selected.count(".") == 2:
                return b, t, term  # ``++ attr.optional-dependencies.x`` goes with attr
            if opt is not None and opt.function == "optional" and query.dotted(opt.value) == attr:
                return b, t, opt.value
            lst = _list_of(term)
            if lst is None:
                continue
            for node in lst.items:
                if query.dotted(node) == attr:
                    return b, t, node
    return None


def _remove_everywhere(text: str, path: str, section: str, attr: str, *, keep: bool = False) -> str:
    for _ in range(100):  # an attribute is in a list a handful of times at most
        module = _module(text, path)
        found = _find(module, section, attr)
        if found is None:
            return text
        text = _remove_one(text, path, *found, keep=keep)
    raise Refused(f"{section}: {attr} is listed too many times", path=path)


def _remove_one(text: str, path: str, b: Binding, t: int, node: Node, *, keep: bool = False) -> str:
    """Remove one element; a term it empties leaves the chain, a binding it empties goes (or,
    with *keep*, stays as ``[ ]`` for an element about to be added)."""
    terms = query.concat_terms(b.value)
    term = terms[t]
    lst = _list_of(term)
    if lst is not None and len(lst.items) > 1:
        index = next(i for i, n in enumerate(lst.items) if n is node)
        return _apply(text, _remove_item(lst, index))
    if len(terms) == 1:
        if not keep:
            return _apply(text, ed.remove_binding(b))
        if lst is not None and lst is query.unwrap(term):
            return _apply(text, ed.relayout_list(lst, []))
        return _apply(text, ed.rewrite_chain(b, []))
    rest = _terms(b, path)
    del rest[t]
    if t == 0 and (rest[0].comments or rest[0].operator_comments):
        raise Refused(
            f"{b.path.text}: removing the first list would leave the comments of the next ++ term without a place; not edited",
            path=path,
            line=b.line,
        )
    return _apply(text, ed.rewrite_chain(b, rest))


def heads_group(nodes: Sequence[Node], index: int) -> bool:
    """Whether the comments above ``nodes[index]`` head a group rather than describe it: they
    follow a blank line, and the next node follows without a comment or blank line of its own
    (``# dependencies`` above the first argument of a group; a ``# network`` block above several
    disabled tests)."""
    lead = query.leading(nodes[index])
    if not (lead.attached and lead.blank_line) or index + 1 >= len(nodes):
        return False
    following = query.leading(nodes[index + 1])
    return not following.comments and not following.blank_line


def _remove_item(lst: List, index: int) -> ed.Edit:
    """:func:`edit.remove_item`, except that a comment heading a group of elements stays."""
    return ed.remove_item(lst, index, keep_comments=heads_group(lst.items, index))


def _drop_empty_extras(text: str, path: str) -> str:
    """``optional-dependencies = { };`` left by removals goes away."""
    module = _module(text, path)
    b = module.binding("optional-dependencies")
    if b is not None and isinstance(query.unwrap(b.value), AttrSet) and not query.unwrap(b.value).bindings:  # type: ignore[union-attr]
        if not query.has_comments(b.value):
            return _apply(text, ed.remove_binding(b))
    return text


# --- pythonRelaxDeps and disabled -----------------------------------------------------------------


def _relax(text: str, path: str, change: RelaxChange) -> str:
    module = _module(text, path)
    b = module.binding("pythonRelaxDeps")
    value = query.unwrap(b.value) if b is not None else None
    if change.action == "add":
        item = nix.Item(nix.string(change.distribution), (f"# {nix.comment(change.reason)}",))
        if b is None:
            lst = nix.list_expr([item], "")
            return _insert_story(text, path, module, "pythonRelaxDeps", nix.binding("pythonRelaxDeps", lst, ""))
        if not isinstance(value, List):
            raise Refused("pythonRelaxDeps: not a plain list; not edited", path=path, line=b.line)
        names = [query.string_value(n) for n in value.items]
        return _apply(text, ed.insert_item(value, _sorted_index(names, change.distribution), item))
    if not isinstance(value, List):
        return text
    for i, node in enumerate(value.items):
        if query.string_value(node) == change.distribution:
            if len(value.items) == 1:
                return _apply(text, ed.remove_binding(b))  # type: ignore[arg-type]
            return _apply(text, ed.remove_item(value, i))
    return text


def _disabled(text: str, path: str, condition: Condition) -> str:
    module = _module(text, path)
    b = module.binding("disabled")
    if condition.is_never:
        return _apply(text, ed.remove_binding(b)) if b is not None else text
    value = nix.condition(condition)
    if b is not None:
        return _apply(text, ed.replace_value(b, value))
    return _insert_story(text, path, module, "disabled", nix.binding("disabled", value, ""))


# --- arguments ------------------------------------------------------------------------------------


def _formal_uses(text: str, path: str) -> tuple[PythonModule, dict[str, int], list[str]]:
    module = _module(text, path)
    scopes = scope.analyse(module.root)
    formals = {f.name.name: f.name for f in module.formals.formals}
    uses = {d.name: len(d.uses) for d in scopes.definitions if d.kind == "formal" and d.node in formals.values()}
    undefined = list(dict.fromkeys(u.name for u in scopes.undefined()))
    return module, uses, undefined


def fix_arguments(before: str, after: str, path: str, introduced: Mapping[str, str] = {}) -> str:
    """Add the arguments *after* uses but does not take; remove those only *before* used.

    *introduced* maps an attribute added to a list to its section, which decides its group."""
    _, used_before, undefined_before = _formal_uses(before, path)
    text = after
    for _ in range(200):
        module, uses, undefined = _formal_uses(text, path)
        undefined = [n for n in undefined if n not in undefined_before]  # the file's own business
        if undefined:
            name = undefined[0]
            text = _add_argument(text, path, module, name, introduced.get(name))
            continue
        gone = [n for n, count in uses.items() if count == 0 and used_before.get(n, 0) > 0]
        if gone:
            formals = module.formals.formals
            index = next(i for i, f in enumerate(formals) if f.name.name == gone[0])
            text = _apply(text, ed.remove_argument(formals[index], keep_comments=heads_group(formals, index)))
            continue
        return text
    raise Refused("arguments: too many changes", path=path)


def _add_argument(text: str, path: str, module: PythonModule, name: str, section: Optional[str]) -> str:
    groups = module.argument_groups()
    formals = module.formals
    if not groups:
        return _apply(text, ed.insert_argument(formals, name))
    if name in HEAD or section is None:
        head = groups[0]
        names = list(head.names)
        if name == "lib":
            return _apply(text, ed.insert_argument(formals, name, before=names[0]))
        return _apply(text, ed.insert_argument(formals, name, after=names[-1]))
    header = "optional-dependencies" if section.startswith("optional-dependencies.") else section
    group = _group_for(module, groups, header, section)
    if group is None:  # a new group, after the groups that come before it in nixpkgs' order
        rank = GROUPS.index(header)
        previous = groups[0]
        for g in groups[1:]:
            title = _title(g.comments)
            if title in GROUPS and GROUPS.index(title) > rank:
                break
            previous = g
        return _apply(
            text,
            ed.insert_argument(formals, name, after=previous.names[-1], comments=(f"# {header}",), blank_before=True),
        )
    names = list(group.names)
    index = _sorted_index(names, name)
    if index < len(names):
        return _apply(text, ed.insert_argument(formals, name, before=names[index]))
    return _apply(text, ed.insert_argument(formals, name, after=names[-1]))


def _title(comments: Sequence[str]) -> Optional[str]:
    for c in comments:
        word = c.lstrip("#").strip().lower().rstrip(":")
        if word in GROUPS:
            return word
        if word in ("build", "build system", "build-system", "nativebuildinputs"):
            return "build-system"
        if word in ("propagates", "runtime", "dependencies", "propagatedbuildinputs", "deps"):
            return "dependencies"
        if word in ("tests", "test", "checks", "nativecheckinputs", "check"):
            return "tests"
        if word in ("optional", "optional-dependencies", "extras", "optional dependencies"):
            return "optional-dependencies"
    return None


def _group_for(module: PythonModule, groups, header: str, section: str):
    for g in groups:
        if _title(g.comments) == header:
            return g
    if any(_title(g.comments) for g in groups):
        return None  # grouped by headers, none for this section: a new group
    # no headers: the group holding most of the section's other elements, else the last one
    from .pyfile import SECTION_BINDINGS

    members: set[str] = set()
    for name in SECTION_BINDINGS.get(section, ()):
        b = module.binding(name)
        if b is not None:
            for term in query.concat_terms(b.value):
                lst = _list_of(term)
                members |= {query.dotted(n) or "" for n in (lst.items if lst else [])}
    best = max(groups, key=lambda g: sum(n in members for n in g.names))
    return best if any(n in members for n in best.names) else groups[-1]


__all__ = ["GROUPS", "STORY", "apply_changes", "fix_arguments", "set_hash", "set_pypi_pname", "set_version"]
