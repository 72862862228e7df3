"""Import names from the real package layout, by the rules of each build backend.

``pythonImportsCheck`` must name modules that exist, so we look at the files the backend would put
in the wheel instead of deriving a module name from the distribution name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from typing import Optional

from ..errors import MetadataError
from ..naming import import_name_guess
from .tree import SourceTree

#: Top-level directories setuptools' auto-discovery and humans never ship as packages.
EXCLUDED_TOP = frozenset(
    {
        "test", "tests", "testing", "docs", "doc", "documentation", "example", "examples", "benchmarks",
        "benchmark", "bench", "scripts", "script", "tools", "tasks", "build", "dist", "site-packages",
        "fixtures", "conftest", "setup", "noxfile", "tox", "manage", "venv", "env", "_build", "bin",
        "__pycache__", "tmp",
    }
)


def _is_identifier(name: str) -> bool:
    return name.isidentifier()


def package_dirs(tree: SourceTree, where: str = "") -> list[str]:
    """Directories below *where* that hold an ``__init__.py`` (regular packages), as dotted names."""
    prefix = f"{where}/" if where else ""
    out = set()
    for f in tree.files():
        if f.startswith(prefix) and f.endswith("/__init__.py"):
            rel = f[len(prefix) : -len("/__init__.py")]
            parts = rel.split("/")
            if all(_is_identifier(p) for p in parts):
                out.add(".".join(parts))
    return sorted(out)


def _close_regular(packages: Iterable[str]) -> list[str]:
    """Keep only packages whose parents are packages too (what find_packages returns)."""
    pkgs = set(packages)
    return sorted(p for p in pkgs if all(".".join(p.split(".")[:i]) in pkgs for i in range(1, p.count(".") + 1)))


def find_packages(tree: SourceTree, where: str = "", exclude: Sequence[str] = (), include: Sequence[str] = ("*",), namespace: bool = False) -> list[str]:
    """setuptools' ``find_packages`` / ``find_namespace_packages`` on the tree."""
    if namespace:
        prefix = f"{where}/" if where else ""
        found = set()
        for f in tree.files():
            if f.startswith(prefix) and f.endswith(".py"):
                parts = f[len(prefix) :].split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    if all(_is_identifier(p) for p in parts[:i]):
                        found.add(".".join(parts[:i]))
        candidates = sorted(found)
    else:
        candidates = _close_regular(package_dirs(tree, where))
    exclude = tuple(exclude) + ("ez_setup", "*__pycache__")
    return [
        p for p in candidates
        if any(fnmatch.fnmatchcase(p, pat) for pat in include) and not any(fnmatch.fnmatchcase(p, pat) for pat in exclude)
    ]


def top_level(packages: Iterable[str], modules: Iterable[str] = ()) -> tuple[str, ...]:
    """The modules worth importing in ``pythonImportsCheck``: top-level packages and modules.
    Namespace roots (packages listed only through their children) are replaced by the children."""
    pkgs = sorted(set(packages))
    out: set[str] = set(modules)
    pkg_set = set(pkgs)
    for p in pkgs:
        parts = p.split(".")
        parent = ".".join(parts[:-1])
        if parent and parent in pkg_set:
            continue
        out.add(p)
    return tuple(sorted(m for m in out if m.split(".")[0] not in EXCLUDED_TOP))


def public(names: Iterable[str]) -> tuple[str, ...]:
    """Drop private top-level modules (``_yaml``, ``_pytest``) when public ones exist: importing
    the public API is the meaningful check, and private shims may need optional C libraries."""
    names = tuple(names)
    shown = tuple(n for n in names if not n.split(".")[0].startswith("_"))
    return shown or names


def namespace_roots(tree: SourceTree, where: str, names: Iterable[str]) -> tuple[str, ...]:
    """For each top-level name without ``__init__.py`` (an implicit namespace), descend to the first
    packages that have one: ``azure`` → ``azure.storage.blob``."""
    out: list[str] = []
    base = f"{where}/" if where else ""
    for name in names:
        path = base + name.replace(".", "/")
        if tree.is_file(path + "/__init__.py") or tree.is_file(path + ".py") or not tree.is_dir(path):
            out.append(name)
            continue
        children = _descend(tree, path, name)
        out.extend(children or [name])
    return tuple(sorted(dict.fromkeys(out)))


def _descend(tree: SourceTree, path: str, dotted: str) -> list[str]:
    prefix = path + "/"
    subdirs = sorted({f[len(prefix):].split("/")[0] for f in tree.files() if f.startswith(prefix) and "/" in f[len(prefix):]})
    out: list[str] = []
    for sub in subdirs:
        if not _is_identifier(sub) or sub in EXCLUDED_TOP:
            continue
        subpath = f"{path}/{sub}"
        if tree.is_file(subpath + "/__init__.py"):
            out.append(f"{dotted}.{sub}")
        else:
            out.extend(_descend(tree, subpath, f"{dotted}.{sub}"))
    if not subdirs or not out:
        modules = sorted(
            f[len(prefix):-3] for f in tree.files()
            if f.startswith(prefix) and "/" not in f[len(prefix):] and f.endswith(".py") and not f.endswith("__init__.py")
        )
        out.extend(f"{dotted}.{m}" for m in modules if _is_identifier(m) and not m.startswith("_"))
    return out


def auto_discover(tree: SourceTree, *, where: Optional[str] = None) -> tuple[str, tuple[str, ...]]:
    """setuptools' automatic discovery (src-layout, then flat-layout): (package dir, import names)."""
    for base in ([where] if where is not None else ["src", ""]):
        if base and not tree.is_dir(base):
            continue
        prefix = f"{base}/" if base else ""
        names: set[str] = set()
        for f in tree.files():
            if not f.startswith(prefix):
                continue
            rel = f[len(prefix):]
            parts = rel.split("/")
            if len(parts) == 1:
                if rel.endswith(".py"):
                    stem = rel[:-3]
                    if _is_identifier(stem) and stem not in EXCLUDED_TOP and not stem.startswith("_") and stem != "setup":
                        names.add(stem)
            elif _is_identifier(parts[0]) and parts[0] not in EXCLUDED_TOP and not parts[0].startswith((".", "_")) and rel.endswith(".py"):
                names.add(parts[0])
        if names:
            return base, namespace_roots(tree, base, sorted(names))
    return "", ()


def named_module(tree: SourceTree, name: str, bases: Sequence[str] = ("src", "")) -> Optional[tuple[str, str]]:
    """Find module *name* (package or single file) under the usual bases: (base, dotted name)."""
    path = name.replace(".", "/")
    for base in bases:
        prefix = f"{base}/" if base else ""
        if tree.is_dir(prefix + path) and any(f.startswith(prefix + path + "/") and f.endswith(".py") for f in tree.files()):
            return base, name
        if tree.is_file(prefix + path + ".py"):
            return base, name
    return None


def import_names_for(tree: SourceTree, distribution: str, explicit: Optional[Sequence[str]] = None, bases: Sequence[str] = ("src", "")) -> tuple[str, ...]:
    """Import names for backends that default to the distribution's module name (flit, hatch, poetry, pdm)."""
    if explicit:
        return tuple(sorted(dict.fromkeys(explicit)))
    guess = import_name_guess(distribution)
    found = named_module(tree, guess, bases)
    if found:
        base, name = found
        return namespace_roots(tree, base, [name])
    base, names = auto_discover(tree)
    if names:
        return names
    raise MetadataError(
        f"cannot find the importable module of {distribution!r} (looked for {guess} in {', '.join(b or '.' for b in bases)})",
        path=tree.display(""),
    )
