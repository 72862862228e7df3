"""The slice of setuptools/distutils setup.py uses to compute metadata: ``setup`` itself and package
discovery.  Everything else in these modules is an opaque build-time object (commands, Extension)."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .files import relpath
from .frames import Site
from .values import SETUP, Builtin, ModelModule

if TYPE_CHECKING:
    from .evaluator import Evaluator


def find_packages(ev: Evaluator, site: Site, where: Any = ".", exclude: Sequence[str] = (), include: Sequence[str] = ("*",), *, namespace: bool) -> list[str]:
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


def make_modules(ev: Evaluator) -> dict[str, ModelModule]:
    members = {
        "setup": SETUP,
        "find_packages": Builtin("find_packages", lambda s, *a, **k: find_packages(ev, s, *a, namespace=False, **k)),
        "find_namespace_packages": Builtin("find_namespace_packages", lambda s, *a, **k: find_packages(ev, s, *a, namespace=True, **k)),
    }
    return {
        "setuptools": ModelModule("setuptools", members, strict=False),
        "distutils": ModelModule("distutils", {}, strict=False),
        "distutils.core": ModelModule("distutils.core", {"setup": SETUP}, strict=False),
    }
