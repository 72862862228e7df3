"""Imports.  Modules we model (:mod:`.stdlib`) come from the evaluator's table; modules of the project
tree are found on ``sys.path`` and *evaluated* statically on first use, never imported; any other
module is a build dependency: importable, with unknown contents (:class:`~.values.External`, policy
rule 4), except on the path where :func:`.statements.s_Try` lets such imports fail."""

from __future__ import annotations

import ast
import posixpath
import sys
from typing import TYPE_CHECKING, Any, Optional

from ...errors import SourceError, UnresolvableError
from .files import relpath
from .frames import Ctx, Scope, Site
from .values import ROOT, Builtin, External, LazyName, ModelModule, PathValue, ProjectModule, Unresolved, describe

if TYPE_CHECKING:
    from .interpreter import Interpreter

#: Modules whose import never fails but whose unknown members are unresolvable.
STDLIB = frozenset(sys.stdlib_module_names) | {"distutils"}


def s_Import(ev: Interpreter, stmt: ast.Import, scope: Scope, ctx: Ctx) -> None:
    site = Site(ctx, stmt.lineno)
    for alias in stmt.names:
        module = import_module(ev, site, alias.name)
        if alias.asname:
            scope.assign(alias.asname, module)
        else:
            top = alias.name.split(".")[0]
            scope.assign(top, import_module(ev, site, top))


def s_ImportFrom(ev: Interpreter, stmt: ast.ImportFrom, scope: Scope, ctx: Ctx) -> None:
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
            submodule = find_module(ev, site, f"{name}.{alias.name}")
            if submodule is not None:
                note_environ_writes(ev, submodule)
            value: Any = LazyName(module, alias.name)
        else:
            try:
                value = ev.attribute(site, module, alias.name)
            except UnresolvableError as err:  # one unknown name does not hide the others
                value = Unresolved.of(err)
        scope.assign(alias.asname or alias.name, value)


def import_module(ev: Interpreter, site: Site, name: str) -> Any:
    ev.imported.add(name)
    if name in ev.modules:
        return ev.modules[name]
    top = name.split(".")[0]
    if top in ("setuptools", "distutils"):
        return ModelModule(name, {}, strict=False)
    found = find_module(ev, site, name)
    if found is not None:
        note_environ_writes(ev, found)
        return ProjectModule(name, found)
    if top in STDLIB:
        return ModelModule(name, {}, strict=True)
    if ev.failing_imports:
        raise site.raise_("ModuleNotFoundError", f"No module named {name!r}")
    ev.external_imports.append(name)
    return External(name)


def note_environ_writes(ev: Interpreter, relpath: str) -> None:
    """A project module runs when it is imported, though it is evaluated only when used: the
    environment variables it may set are unknown from the import on (:func:`.flow.environ_writes`)."""
    if relpath.endswith("/"):
        return
    try:
        ev.parse(relpath)  # notes them
    except (SyntaxError, SourceError, RecursionError, MemoryError):
        pass  # an unreadable module is reported where it is used


def find_module(ev: Interpreter, site: Site, name: str) -> Optional[str]:
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


def load(ev: Interpreter, module: ProjectModule) -> Scope:
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
        tree = ev.parse(module.relpath)
    except SyntaxError as exc:
        raise UnresolvableError(f"cannot parse: {exc.msg}", path=display, line=exc.lineno) from None
    except SourceError as exc:
        raise UnresolvableError(exc.message, path=display) from None
    ev.run_block(tree.body, scope, Ctx(module.relpath, display, package), top="module")
    return scope


def resolve_lazy(ev: Interpreter, site: Site, lazy: LazyName) -> Any:
    """The value behind ``from module import name``, read when the name is first used."""
    key = (lazy.module.relpath, lazy.name)
    if key in ev.resolving:
        raise site.fail(f"{lazy.module.name}.{lazy.name} is defined by an import cycle; not evaluated")
    ev.resolving.add(key)
    try:
        return member(ev, site, lazy.module, lazy.name)
    finally:
        ev.resolving.discard(key)


def member(ev: Interpreter, site: Site, module: ProjectModule, attr: str) -> Any:
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
    if scope.complete:
        raise site.raise_("AttributeError", f"module {module.name!r} ({module.relpath}) has no attribute {attr!r}")
    raise site.fail(f"{module.name} ({module.relpath}) defines no {attr} that can be read statically")


_MISSING = object()


# --------------------------------------------------------------------------------------------------
# The import machinery setup.py calls directly: importlib, imp, runpy (files of the tree only)


def _project_file(ev: Interpreter, site: Site, name: Any, location: Any) -> ProjectModule:
    rel = relpath(ev, site, location)
    return ProjectModule(str(name), rel)


def _exec_module(ev: Interpreter, site: Site, module: Any) -> None:
    if not isinstance(module, ProjectModule):
        raise site.fail(f"exec_module of {describe(module)} is not evaluated statically")
    if not module.relpath.endswith("/") and not ev.tree.is_file(module.relpath):
        raise site.raise_("FileNotFoundError", f"{module.relpath} is not a file in {ev.tree.label}")
    load(ev, module)


def _loaded(ev: Interpreter, site: Site, module: ProjectModule) -> ProjectModule:
    _exec_module(ev, site, module)
    return module


def _spec(ev: Interpreter, site: Site, name: Any, location: Any = None, **_: Any) -> ModelModule:
    """``importlib.util.spec_from_file_location``: a spec whose loader evaluates the file."""
    if location is None:
        raise site.fail("spec_from_file_location without a location is not evaluated statically")
    module = _project_file(ev, site, name, location)
    loader = ModelModule("loader", {"exec_module": Builtin("exec_module", lambda s, m: _exec_module(ev, s, m))})
    return ModelModule(f"ModuleSpec({module.name!r})", {"name": module.name, "origin": posixpath.join(ROOT, module.relpath), "loader": loader, "module": module})


def _module_from_spec(ev: Interpreter, site: Site, spec: Any) -> ProjectModule:
    if not isinstance(spec, ModelModule) or not isinstance(spec.members.get("module"), ProjectModule):
        raise site.fail(f"module_from_spec of {describe(spec)} is not evaluated statically")
    return spec.members["module"]


def _source_loader(ev: Interpreter, site: Site, name: Any, path: Any) -> ModelModule:
    """``importlib.machinery.SourceFileLoader(name, path)``."""
    module = _project_file(ev, site, name, path)
    return ModelModule("SourceFileLoader", {
        "load_module": Builtin("load_module", lambda s, *a: _loaded(ev, s, module)),
        "exec_module": Builtin("exec_module", lambda s, m: _exec_module(ev, s, m)),
    })


def _run_path(ev: Interpreter, site: Site, path: Any, init_globals: Any = None, run_name: Any = None) -> dict[str, Any]:
    """``runpy.run_path``: the globals of the evaluated file, as a dict."""
    module = _loaded(ev, site, _project_file(ev, site, run_name or "<run_path>", path))
    out: dict[str, Any] = {}
    for key, value in load(ev, module).vars.items():
        if isinstance(value, LazyName):
            try:
                value = resolve_lazy(ev, site, value)
            except UnresolvableError as err:
                value = Unresolved.of(err)
        out[key] = value
    return out


def _import(ev: Interpreter, site: Site, name: Any, package: Any = None) -> Any:
    """``importlib.import_module``: absolute names, or relative to *package*."""
    if isinstance(name, str) and name.startswith("."):
        if not isinstance(package, str):
            raise site.raise_("TypeError", "the 'package' argument is required to perform a relative import")
        level = len(name) - len(name.lstrip("."))
        base = package.split(".")[: len(package.split(".")) - (level - 1)]
        name = ".".join(base + [name.lstrip(".")]).rstrip(".")
    return import_module(ev, site, name)


def make_modules(ev: Interpreter) -> dict[str, ModelModule]:
    fn = Builtin
    util = ModelModule("importlib.util", {
        "spec_from_file_location": fn("importlib.util.spec_from_file_location", lambda s, *a, **k: _spec(ev, s, *a, **k)),
        "module_from_spec": fn("importlib.util.module_from_spec", lambda s, spec: _module_from_spec(ev, s, spec)),
    })
    machinery = ModelModule("importlib.machinery", {
        "SourceFileLoader": fn("importlib.machinery.SourceFileLoader", lambda s, n, p: _source_loader(ev, s, n, p)),
    })
    return {
        "importlib": ModelModule("importlib", {
            "import_module": fn("importlib.import_module", lambda s, *a: _import(ev, s, *a)), "util": util, "machinery": machinery,
        }),
        "importlib.util": util,
        "importlib.machinery": machinery,
        "imp": ModelModule("imp", {"load_source": fn("imp.load_source", lambda s, n, p, *a: _loaded(ev, s, _project_file(ev, s, n, p)))}),
        "runpy": ModelModule("runpy", {"run_path": fn("runpy.run_path", lambda s, *a, **k: _run_path(ev, s, *a, **k))}),
    }
