"""The slice of setuptools/distutils setup.py uses to compute metadata: ``setup`` itself (and
scikit-build's), package discovery and ``get_module_constant``.  Everything else in these modules is
an opaque build-time object (commands, Extension)."""

from __future__ import annotations

import ast
import fnmatch
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional

from .files import relpath
from .flow import walk_no_defs, written_names
from .frames import Site
from .imports import find_module
from .values import SETUP, Builtin, ModelModule, SetupFunction

if TYPE_CHECKING:
    from .interpreter import Interpreter


def find_packages(ev: Interpreter, site: Site, where: Any = ".", exclude: Sequence[str] = (), include: Sequence[str] = ("*",), *, namespace: bool) -> list[str]:
    """setuptools.PackageFinder / PEP420PackageFinder on the tree: walk top-down, a directory is a
    package when it has ``__init__.py`` (or always, for namespaces), its name has no dot; recursion
    stops below non-packages and below ``name*``/``name.*`` exclusions."""
    root = relpath(ev, site, where)
    excludes = ("ez_setup", "*__pycache__", *(str(e) for e in exclude))
    includes = tuple(str(i) for i in include)
    dirs: set[str] = set()
    prefix = f"{root}/" if root else ""
    for f in ev.tree.files():
        if f.startswith(prefix):
            parts = f[len(prefix) :].split("/")[:-1]
            dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    children: dict[str, list[str]] = {}
    for d in sorted(dirs):
        children.setdefault(posixpath.dirname(d), []).append(d)
    found: list[str] = []
    pending = [""]
    while pending:
        parent = pending.pop(0)
        descend = []
        for d in children.get(parent, []):
            name = posixpath.basename(d)
            if "." in name or not (namespace or ev.tree.is_file(f"{prefix}{d}/__init__.py")):
                continue
            package = d.replace("/", ".")
            if any(fnmatch.fnmatchcase(package, p) for p in includes) and not any(fnmatch.fnmatchcase(package, p) for p in excludes):
                found.append(package)
            if f"{package}*" in excludes or f"{package}.*" in excludes:
                continue
            descend.append(d)
        pending[:0] = descend  # os.walk is depth first; each directory's children are listed together
    return found


def get_module_constant(ev: Interpreter, site: Site, module: Any, symbol: Any, default: Any = -1, paths: Any = None) -> Any:
    """``setuptools.depends.get_module_constant``: the constant a module's top-level code first
    stores in *symbol*, read from the file (setuptools reads the bytecode, never imports); None when
    the module or the name is absent, *default* when the first value stored is not a constant."""
    if paths is not None:
        raise site.fail("get_module_constant(paths=...) is not evaluated statically")
    relpath = find_module(ev, site, str(module))
    if relpath is None or relpath.endswith("/"):
        return None
    try:
        tree = ev.parse(relpath)
    except SyntaxError as exc:
        raise site.fail(f"{relpath} has a syntax error: {exc.msg}") from None
    for node in walk_no_defs(tree):
        value: Optional[ast.expr] = None
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == symbol for t in node.targets):
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == symbol:
            value = node.value
        elif isinstance(node, (ast.AugAssign, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)) and symbol in written_names(node)[0]:
            return default
        else:
            continue
        # the bytecode stores a constant only for a literal (tuples of literals are folded)
        if isinstance(value, (ast.Constant, ast.Tuple, ast.UnaryOp)):
            try:
                return ast.literal_eval(value)
            except ValueError:
                return default
        return default
    return None


def make_modules(ev: Interpreter) -> dict[str, ModelModule]:
    def finder(namespace: bool) -> ModelModule:
        find = Builtin("find", lambda s, *a, **k: find_packages(ev, s, *a, namespace=namespace, **k))
        return ModelModule("PEP420PackageFinder" if namespace else "PackageFinder", {"find": find})

    depends = ModelModule("setuptools.depends", {"get_module_constant": Builtin("get_module_constant", lambda s, *a, **k: get_module_constant(ev, s, *a, **k))}, strict=False)
    members = {
        "setup": SETUP,
        "find_packages": Builtin("find_packages", lambda s, *a, **k: find_packages(ev, s, *a, namespace=False, **k)),
        "find_namespace_packages": Builtin("find_namespace_packages", lambda s, *a, **k: find_packages(ev, s, *a, namespace=True, **k)),
        "PackageFinder": finder(False),
        "PEP420PackageFinder": finder(True),
        "depends": depends,
    }
    return {
        "setuptools": ModelModule("setuptools", members, strict=False),
        "setuptools.depends": depends,
        "setuptools.discovery": ModelModule("setuptools.discovery", {"PackageFinder": finder(False), "PEP420PackageFinder": finder(True)}, strict=False),
        "distutils": ModelModule("distutils", {}, strict=False),
        "distutils.core": ModelModule("distutils.core", {"setup": SETUP}, strict=False),
        # scikit-build's setup() takes setuptools' keywords and always builds with CMake
        "skbuild": ModelModule("skbuild", {"setup": SetupFunction("skbuild.setup", compiles=True)}, strict=False),
    }
