"""Names and scopes: which binding each variable refers to, and Nix's checks after parsing.

Nix binds variables lexically: function arguments, ``let`` and ``rec`` bindings; ``with e;``
supplies only names that no lexical binding has, whatever the nesting (``let a = 1; in with
{ a = 2; }; a`` is 1).  :func:`analyse` resolves every variable use the same way, so a lint can
say "argument never used" or "name not declared" without being fooled by shadowing; a use that
no lexical binding covers carries the ``with`` expressions that may supply it.

:func:`check` adds what ``nix-instantiate --parse`` rejects after the grammar: an attribute or
formal argument defined twice, dynamic attributes in ``let``, and undefined variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import attrs

from .lexer import NixSyntaxError
from .tree import (
    AttrPath,
    AttrSet,
    Bind,
    Binding,
    HasAttr,
    Ident,
    Inherit,
    Interpolation,
    Lambda,
    LegacyLet,
    Let,
    Node,
    Paren,
    Root,
    Select,
    String,
    With,
)

#: Names Nix 2.x defines before any file: the builtins available without ``builtins.`` and every
#: builtin as ``__name`` (``nix-instantiate --eval -E 'builtins.attrNames builtins'``, Nix 2.8).
_PLAIN_GLOBALS = (
    "abort baseNameOf builtins derivation derivationStrict dirOf false fetchGit fetchMercurial "
    "fetchTarball fetchTree fromTOML import isNull map null placeholder removeAttrs scopedImport "
    "throw toString true __curPos __nixPath __currentSystem __currentTime __langVersion "
    "__nixVersion __storeDir"
).split()
_BUILTINS = (
    "add addErrorContext all any appendContext attrNames attrValues bitAnd bitOr bitXor catAttrs "
    "ceil compareVersions concatLists concatMap concatStringsSep deepSeq div elem elemAt fetchurl "
    "filter filterSource findFile floor foldl' fromJSON functionArgs genList genericClosure getAttr "
    "getContext getEnv getFlake groupBy hasAttr hasContext hashFile hashString head intersectAttrs "
    "isAttrs isBool isFloat isFunction isInt isList isPath isString length lessThan listToAttrs "
    "mapAttrs match mul parseDrvName partition path pathExists readDir readFile replaceStrings seq "
    "sort split splitVersion storePath stringLength sub substring tail toFile toJSON toPath toXML "
    "trace tryEval typeOf unsafeDiscardOutputDependency unsafeDiscardStringContext "
    "unsafeGetAttrPos zipAttrsWith"
).split()
GLOBALS: frozenset[str] = frozenset(_PLAIN_GLOBALS) | frozenset("__" + n for n in _BUILTINS)


@attrs.define(eq=False)
class Definition:
    """A name a scope binds: a function argument, a ``let`` or ``rec`` binding, an inherited name."""

    name: str
    #: the Ident of an argument, the Binding, or the attribute node of an ``inherit``
    node: Node
    #: the Lambda, Let or AttrSet that binds it
    binder: Node
    #: "argument" (``x:`` or ``args@``), "formal" (``{ x }:``), "let" or "rec"
    kind: str
    uses: list[Node] = attrs.Factory(list)


@attrs.frozen(eq=False)
class Use:
    """A variable: *node* is the Ident (or the name of an ``inherit`` without source)."""

    node: Node
    name: str
    definition: Optional[Definition]
    #: the ``with`` nodes around the use, innermost first, that may supply an unbound name
    withs: tuple[Node, ...]

    @property
    def is_global(self) -> bool:
        return self.definition is None and self.name in GLOBALS


@attrs.frozen(eq=False)
class Scopes:
    definitions: tuple[Definition, ...]
    uses: tuple[Use, ...]

    def unused(self, *kinds: str) -> list[Definition]:
        """Definitions nothing refers to (of the given kinds, or all)."""
        return [d for d in self.definitions if not d.uses and (not kinds or d.kind in kinds)]

    def unbound(self) -> list[Use]:
        """Uses no lexical binding covers and that are not Nix globals (maybe from a ``with``)."""
        return [u for u in self.uses if u.definition is None and not u.is_global]

    def undefined(self) -> list[Use]:
        """Uses Nix rejects: unbound and not under any ``with``."""
        return [u for u in self.unbound() if not u.withs]

    def uses_of(self, name: str) -> list[Use]:
        return [u for u in self.uses if u.name == name]


class _Env:
    __slots__ = ("names", "parent", "with_")

    def __init__(
        self, parent: Optional[_Env], names: Optional[dict[str, Definition]] = None, with_: Optional[Node] = None
    ):
        self.names = names if names is not None else {}
        self.parent = parent
        self.with_ = with_


def analyse(node: Node) -> Scopes:
    """Resolve every variable in *node* (usually a :class:`Root`)."""
    walker = _Walker()
    walker.visit(node.expr if isinstance(node, Root) else node, _Env(None))
    return Scopes(tuple(walker.definitions), tuple(walker.uses))


class _Walker:
    def __init__(self) -> None:
        self.definitions: list[Definition] = []
        self.uses: list[Use] = []

    def use(self, node: Node, name: str, env: _Env) -> None:
        withs: list[Node] = []
        e: Optional[_Env] = env
        while e is not None:
            if e.with_ is not None:
                withs.append(e.with_)
            elif name in e.names:
                d = e.names[name]
                d.uses.append(node)
                self.uses.append(Use(node, name, d, tuple(withs)))
                return
            e = e.parent
        self.uses.append(Use(node, name, None, tuple(withs)))

    def define(self, names: dict[str, Definition], name: Optional[str], node: Node, binder: Node, kind: str) -> None:
        if name is not None and name not in names:
            d = Definition(name, node, binder, kind)
            names[name] = d
            self.definitions.append(d)

    def visit(self, node: Node, env: _Env) -> None:
        """Resolve every variable below *node* in source order (an explicit stack: long ``++``
        chains and deep nesting must not exhaust Python's)."""
        stack: list[tuple[Node, _Env, Optional[str]]] = [(node, env, None)]
        while stack:
            current, scope, use_name = stack.pop()
            if use_name is not None:  # the name of an `inherit x;`, read from the scope around
                self.use(current, use_name, scope)
                continue
            tasks = self.step(current, scope)
            stack.extend(reversed(tasks))

    def step(self, node: Node, env: _Env) -> list[tuple[Node, _Env, Optional[str]]]:
        """What to visit below *node*, and in which scope; records definitions and uses."""
        if isinstance(node, Ident):
            self.use(node, node.name, env)
            return []
        if isinstance(node, Lambda):
            names: dict[str, Definition] = {}
            if node.param is not None:
                self.define(names, node.param.name, node.param, node, "argument")
            formals = node.formals.formals if node.formals is not None else []
            for f in formals:
                self.define(names, f.name.name, f.name, node, "formal")
            inner = _Env(env, names)
            return [(f.default, inner, None) for f in formals if f.default is not None] + [(node.body, inner, None)]
        if isinstance(node, Let):
            inner, tasks = self.bindings(node, node.bindings, env, recursive=True, kind="let")
            return tasks + [(node.body, inner, None)]
        if isinstance(node, AttrSet):
            return self.bindings(node, node.bindings, env, recursive=node.rec, kind="rec")[1]
        if isinstance(node, With):
            return [(node.env, env, None), (node.body, _Env(env, with_=node), None)]
        if isinstance(node, (Select, HasAttr)):
            tasks = [(node.expr, env, None)] + self.path(node.path, env)
            if isinstance(node, Select) and node.default is not None:
                tasks.append((node.default, env, None))
            return tasks
        return [(child, env, None) for child in node.children if isinstance(child, Node)]

    @staticmethod
    def path(path: AttrPath, env: _Env) -> list[tuple[Node, _Env, Optional[str]]]:
        """The computed parts of an attribute path (``${…}`` and interpolating strings)."""
        return [(attr, env, None) for attr in path.attrs if isinstance(attr, (Interpolation, String))]

    def bindings(
        self, binder: Node, binds: list[Bind], env: _Env, *, recursive: bool, kind: str
    ) -> tuple[_Env, list[tuple[Node, _Env, Optional[str]]]]:
        names: dict[str, Definition] = {}
        inner = _Env(env, names) if recursive else env
        if recursive:
            for b in binds:
                if isinstance(b, Binding):
                    self.define(names, b.names[0], b, binder, kind)
                else:
                    for attr, name in zip(b.attrs, b.names):
                        self.define(names, name, attr, binder, kind)
        tasks: list[tuple[Node, _Env, Optional[str]]] = []
        for b in binds:
            if isinstance(b, Binding):
                tasks += self.path(b.path, inner)
                tasks.append((b.value, inner, None))
            elif b.source is not None:
                tasks.append((b.source.expr, inner, None))
            else:  # `inherit x;` reads x from the scope around the set
                tasks += [(attr, env, name) for attr, name in zip(b.attrs, b.names) if name is not None]
        return inner, tasks


# --- Nix's checks after parsing -------------------------------------------------------------------


def check(root: Root) -> None:
    """Raise :class:`~.lexer.NixSyntaxError` for the first thing ``nix-instantiate --parse`` rejects in a
    parsed file: a duplicate attribute or formal argument, dynamic attributes in ``let``, an
    undefined variable."""
    problems = errors(root)
    if problems:
        raise problems[0]


def errors(root: Root, *, undefined: bool = True) -> list[NixSyntaxError]:
    """Everything :func:`check` would reject, in source order (Nix stops at the first; a lint
    reports them all).  Without *undefined*, only the errors that do not depend on what
    surrounds the text (for a fragment pasted into another file's scope)."""
    problems = list(_duplicates(root))
    if undefined:
        problems += [(u.node.start, f"undefined variable '{u.name}'") for u in analyse(root).undefined()]
    return [root.source.error(message, offset) for offset, message in sorted(problems, key=lambda p: p[0])]


def _duplicates(root: Root) -> Iterator[tuple[int, str]]:
    tables: dict[int, tuple[dict, list[tuple[int, str]]]] = {}
    for node in root.walk():
        if isinstance(node, Lambda) and node.formals is not None:
            seen: set[str] = set()
            for f in node.formals.formals:
                if f.name.name in seen:
                    yield f.name.start, f"duplicate formal function argument '{f.name.name}'"
                seen.add(f.name.name)
            if node.param is not None and node.param.name in seen:
                yield node.param.start, f"duplicate formal function argument '{node.param.name}'"
        elif isinstance(node, (AttrSet, Let)):
            if isinstance(node, Let):
                for b in node.bindings:
                    if isinstance(b, Binding) and None in b.names:
                        yield b.start, "dynamic attributes are not allowed in let"
            yield from _table(node, tables)[1]


def _literal_set(node: Node) -> Optional[AttrSet]:
    while isinstance(node, Paren):
        node = node.expr
    return node if isinstance(node, AttrSet) and not isinstance(node, LegacyLet) else None


def _table(node: Node, tables: dict[int, tuple[dict, list[tuple[int, str]]]]) -> tuple[dict, list[tuple[int, str]]]:
    """parser.y's addAttr over a set's bindings: the static names (a nested table for a value that
    is an attribute set) and the duplicates it finds (computed once per set)."""
    key = id(node)
    if key in tables:
        return tables[key]
    table: dict[str, Optional[dict]] = {}
    errors: list[tuple[int, str]] = []
    tables[key] = (table, errors)
    for b in node.bindings:  # type: ignore[attr-defined]
        if isinstance(b, Inherit):
            for attr, name in zip(b.attrs, b.names):
                if name in table:
                    errors.append((attr.start, f"attribute '{name}' already defined"))
                table[name] = None  # type: ignore[index]
            continue
        names = b.names
        where: Optional[dict] = table
        for name in names[:-1]:
            if where is None:
                break
            if name is None:
                where = {}
            elif name in where:
                if where[name] is None:
                    errors.append((b.start, f"attribute '{'.'.join(map(str, names))}' already defined"))
                    where = None
                else:
                    where = where[name]
            else:
                where[name] = {}
                where = where[name]
        if where is None or names[-1] is None:
            continue
        last = names[-1]
        literal = _literal_set(b.value)
        nested = _table(literal, tables)[0] if literal is not None else None
        if last in where:
            existing = where[last]
            if existing is not None and nested is not None:
                for k in nested:
                    if k in existing:
                        errors.append((b.start, f"attribute '{k}' already defined"))
                    existing[k] = nested[k]
            else:
                errors.append((b.start, f"attribute '{'.'.join(map(str, names))}' already defined"))
        else:
            where[last] = nested
    return table, errors
