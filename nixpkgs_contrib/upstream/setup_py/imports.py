"""Imports.  Modules we model (:mod:`.stdlib`) come from the evaluator's table; modules of the project
tree are found on ``sys.path`` and *evaluated* statically on first use, never imported; anything else
is a ModuleNotFoundError the program may catch."""

from __future__ import annotations

import ast
import posixpath
import sys
from typing import TYPE_CHECKING, Any, Optional

from ...errors import SourceError, UnresolvableError
from ..tree import read_text
from .files import relpath
from .frames import Ctx, Scope, Site
from .values import ROOT, LazyName, ModelModule, PathValue, ProjectModule

if TYPE_CHECKING:
    from .evaluator import Evaluator

#: Modules whose import never fails but whose unknown members are unresolvable.
STDLIB = frozenset(sys.stdlib_module_names) | {"distutils"}


def s_Import(ev: Evaluator, stmt: ast.Import, scope: Scope, ctx: Ctx) -> None:
    site = Site(ctx, stmt.lineno)
    for alias in stmt.names:
        module = import_module(ev, site, alias.name)
        if alias.asname:
            scope.assign(alias.asname, module)
        else:
            top = alias.name.split(".")[0]
            scope.assign(top, import_module(ev, site, top))


def s_ImportFrom(ev: Evaluator, stmt: ast.ImportFrom, scope: Scope, ctx: Ctx) -> None:
    site = Site(ctx, stmt.lineno)
    if stmt.module == "__future__":
        return
    name = stmt.module or ""
    if stmt.level:
        base = ctx.package.split(".") if ctx.package else []
        if stmt.level - 1 > len(base) or not ctx.package:
            raise site.raise_("ImportError", "attempted relative import with no known parent package")
        base = base[: len(base) - (stmt.level - 1)]
        name = ".".join(base + ([name] if name else []))
    module = import_module(ev, site, name)
    for alias in stmt.names:
        if alias.name == "*":
            raise site.fail(f"from {name} import * is not evaluated statically")
        if isinstance(module, ProjectModule):
            value: Any = LazyName(module, alias.name)
        else:
            value = ev.attribute(site, module, alias.name)
        scope.assign(alias.asname or alias.name, value)


def import_module(ev: Evaluator, site: Site, name: str) -> Any:
    if name in ev.modules:
        return ev.modules[name]
    top = name.split(".")[0]
    if top in ("setuptools", "distutils"):
        return ModelModule(name, {}, strict=False)
    found = find_module(ev, site, name)
    if found is not None:
        return ProjectModule(name, found)
    if top in STDLIB:
        return ModelModule(name, {}, strict=True)
    raise site.raise_("ModuleNotFoundError", f"No module named {name!r} (only the project tree is read; setup.py is never run)")


def find_module(ev: Evaluator, site: Site, name: str) -> Optional[str]:
    """The tree-relative file (or ``dir/`` for a namespace package) of module *name* on sys.path."""
    parts = name.split(".")
    for entry in ev.sys_path:
        if not isinstance(entry, (str, PathValue)):
            continue
        try:
            base = relpath(ev, site, entry)
        except UnresolvableError:
            continue
        stem = posixpath.join(base, *parts) if base else posixpath.join(*parts)
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            if ev.tree.is_file(candidate):
                return candidate
        if ev.tree.is_dir(stem):
            return stem + "/"  # a namespace package: nothing to evaluate
    return None


def load(ev: Evaluator, module: ProjectModule) -> Scope:
    """The namespace of a project module, evaluated once (a cache that also breaks import cycles)."""
    if module.relpath in ev.loaded:
        return ev.loaded[module.relpath]  # also breaks import cycles, like sys.modules
    package = module.name if module.relpath.endswith(("__init__.py", "/")) else module.name.rpartition(".")[0]
    scope = Scope({"__name__": module.name, "__file__": posixpath.join(ROOT, module.relpath), "__package__": package})
    ev.loaded[module.relpath] = scope
    if module.relpath.endswith("/"):
        return scope
    display = ev.tree.display(module.relpath)
    try:
        tree = ast.parse(read_text(ev.tree, module.relpath), filename=display)
    except SyntaxError as exc:
        raise UnresolvableError(f"cannot parse: {exc.msg}", path=display, line=exc.lineno) from None
    except SourceError as exc:
        raise UnresolvableError(exc.message, path=display) from None
    ev.run_block(tree.body, scope, Ctx(module.relpath, display, package), top="module")
    return scope


def resolve_lazy(ev: Evaluator, site: Site, lazy: LazyName) -> Any:
    """The value behind ``from module import name``, read when the name is first used."""
    key = (lazy.module.relpath, lazy.name)
    if key in ev.resolving:
        raise site.fail(f"{lazy.module.name}.{lazy.name} is defined by an import cycle; not evaluated")
    ev.resolving.add(key)
    try:
        return member(ev, site, lazy.module, lazy.name)
    finally:
        ev.resolving.discard(key)


def member(ev: Evaluator, site: Site, module: ProjectModule, attr: str) -> Any:
    """``module.attr``: a name the module's code binds, else its submodule *attr*."""
    scope = load(ev, module)
    found = scope.vars.get(attr, _MISSING)
    if isinstance(found, LazyName):
        if found.module.relpath == module.relpath and found.name == attr:
            found = _MISSING  # `from pkg import sub` inside pkg itself binds the submodule
        else:
            found = scope.vars[attr] = resolve_lazy(ev, site, found)
    if found is not _MISSING:
        return found
    sub = find_module(ev, site, f"{module.name}.{attr}")
    if sub is not None:
        value = ProjectModule(f"{module.name}.{attr}", sub)
        if attr in scope.vars:
            scope.vars[attr] = value
        return value
    raise site.fail(f"{module.name} ({module.relpath}) defines no {attr} that can be read statically")


_MISSING = object()
