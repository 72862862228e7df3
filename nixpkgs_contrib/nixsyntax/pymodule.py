"""The shape of a nixpkgs python-modules file, read from its tree.

A python-modules file is a function of its dependencies (``{ lib, buildPythonPackage, …, }:``)
whose body, possibly under ``let … in``, calls a builder with the derivation's attribute set::

    buildPythonPackage (finalAttrs: { … })   # form "finalAttrs"
    buildPythonPackage rec { … }             # form "rec"
    buildPythonPackage { … }                 # form "plain"

:func:`read_module` finds these parts; :class:`PythonModule` answers the questions the linter,
the updater and the audit ask (arguments and their comment groups, bindings by attribute path).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional, Union

import attrs

from ..errors import UserError
from . import query
from .tree import Apply, Assert, AttrSet, Binding, Formal, Formals, Lambda, Let, Node, Paren, Root, With


class NotAPythonModule(UserError):
    """A file whose shape is not ``{ … }: … buildPythonPackage …``: one line naming what is missing."""


@attrs.frozen(eq=False)
class Argument:
    """One formal argument of the file's function, with the comments above it."""

    formal: Formal
    leading: query.Leading

    @property
    def name(self) -> str:
        return self.formal.name.name

    @property
    def default(self) -> Optional[Node]:
        return self.formal.default


@attrs.frozen(eq=False)
class ArgumentGroup:
    """Arguments between two blank lines or comment headers: ``# build-system`` + its names."""

    comments: tuple[str, ...]
    arguments: tuple[Argument, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.arguments)


_BUILDER = re.compile(r"^build\w*Python\w*$")


@attrs.frozen(eq=False)
class PythonModule:
    """The parts of a python-modules file."""

    root: Root
    function: Lambda
    #: ``let`` blocks between the head and the call, outermost first
    lets: tuple[Let, ...]
    call: Apply
    #: ``buildPythonPackage``, ``buildPythonApplication``, ``python.pkgs.buildPythonPackage``…
    builder: str
    #: "finalAttrs", "rec" or "plain"
    form: str
    #: the lambda's parameter in the finalAttrs form (``finalAttrs``, sometimes ``self``)
    self_name: Optional[str]
    attrs: AttrSet

    @property
    def formals(self) -> Formals:
        assert self.function.formals is not None
        return self.function.formals

    @property
    def arguments(self) -> list[Argument]:
        return [Argument(f, query.leading(f)) for f in self.formals.formals]

    @property
    def argument_names(self) -> tuple[str, ...]:
        return self.formals.names

    def argument_groups(self) -> list[ArgumentGroup]:
        """Arguments split where a blank line or a comment stands above one (nixpkgs files group
        ``# build-system``, ``# dependencies``, ``# tests``)."""
        groups: list[tuple[tuple[str, ...], list[Argument]]] = []
        for arg in self.arguments:
            if not groups or arg.leading.blank_line or arg.leading.comments:
                groups.append((tuple(c.text for c in arg.leading.attached), []))
            groups[-1][1].append(arg)
        return [ArgumentGroup(c, tuple(a)) for c, a in groups]

    def binding(self, path: Union[str, Sequence[str]]) -> Optional[Binding]:
        """The binding of the derivation set that sets *path* (``"src"``, ``"meta.description"``)."""
        return query.find(self.attrs, path)

    def value(self, path: Union[str, Sequence[str]]) -> Optional[Node]:
        """The value of *path* in the derivation set (an ``inherit`` node for an inherited name)."""
        return query.value(self.attrs, path)

    def string(self, path: Union[str, Sequence[str]]) -> Optional[str]:
        """The decoded string at *path*, None when absent or not a plain string."""
        return query.string_value(self.value(path))

    def let_binding(self, name: str) -> Optional[Binding]:
        for let in self.lets:
            found = query.find(let, name)
            if found is not None:
                return found
        return None


def read_module(root: Root) -> PythonModule:
    """The parts of a python-modules file; :class:`NotAPythonModule` when it has another shape."""
    where = {"path": root.path}
    function = root.expr
    if not isinstance(function, Lambda) or function.formals is None:
        raise NotAPythonModule("the file is not a function of a { … }: argument set", line=1, **where)
    lets: list[Let] = []
    node: Node = function.body
    while True:
        if isinstance(node, Paren):
            node = node.expr
        elif isinstance(node, Let):
            lets.append(node)
            node = node.body
        elif isinstance(node, (With, Assert)):
            node = node.body
        else:
            break
    call = _find_call(node)
    if call is None:
        raise NotAPythonModule("no buildPythonPackage call", line=node.line, **where)
    func, args = call.flatten()
    builder = query.dotted(func) or ""
    arg = query.unwrap(args[0])
    self_name = None
    if isinstance(arg, Lambda) and arg.formals is None and arg.param is not None:
        self_name = arg.param.name
        body = query.unwrap(arg.body)
        form = "finalAttrs"
    else:
        body = arg
        form = "rec" if isinstance(arg, AttrSet) and arg.rec else "plain"
    if not isinstance(body, AttrSet):
        raise NotAPythonModule(f"{builder} is not called with an attribute set", line=call.line, **where)
    return PythonModule(root, function, tuple(lets), call, builder, form, self_name, body)


def _find_call(node: Node) -> Optional[Apply]:
    """The first builder call in *node* (pre-order), e.g. inside ``toPythonModule (…)``."""
    for n in node.walk():
        if isinstance(n, Apply) and not isinstance(n.parent, Apply):
            func, args = n.flatten()
            name = query.dotted(func)
            if name and _BUILDER.match(name.rsplit(".", 1)[-1]) and len(args) == 1:
                return n
    return None
