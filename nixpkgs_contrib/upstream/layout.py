"""What a wheel installs, and which of its modules are worth importing.

``pythonImportsCheck`` must name modules the *wheel* installs: an sdist also carries documentation
examples, build helpers and tests that the backend leaves out.  Each backend's file selection
(:mod:`.wheel_files`) yields a :class:`WheelLayout`; :func:`import_facts` turns it into the
distribution's own importable modules, what each of them imports unconditionally, and the
pkgutil / pkg_resources namespace packages that nixpkgs lists in ``pythonNamespaces``.
"""

from __future__ import annotations

import ast
import bisect
import fnmatch
import functools
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

import attrs

from ..errors import SourceError
from . import module_imports
from .tree import SourceTree, read_text

#: Top-level names that are never the point of an import check even when a wheel ships them.
EXCLUDED_TOP = frozenset(
    {
        "test", "tests", "testing", "docs", "doc", "documentation", "example", "examples", "benchmarks",
        "benchmark", "bench", "scripts", "script", "tools", "tasks", "build", "dist", "site-packages",
        "fixtures", "conftest", "setup", "noxfile", "tox", "manage", "venv", "env", "_build", "bin",
        "__pycache__", "tmp",
    }
)  # fmt: skip

#: Bounds on reading what a candidate imports: the candidate's own file and the distribution's
#: modules it imports directly (one level), at most this many, none larger than this (larger ones
#: are generated code), and this many bytes parsed per project.  Beyond them the facts are
#: incomplete, which only ever keeps a module import-checked.
MAX_FOLLOWED = 16
MAX_MODULE_BYTES = 256 * 1024
MAX_PARSED_BYTES = 1024 * 1024


def is_excluded_top(name: str) -> bool:
    """Test, documentation and tooling modules: shipped by some wheels, never worth an import check."""
    return name in EXCLUDED_TOP or name.startswith(("test_", "tests_")) or name.endswith(("_test", "_tests"))


def _is_identifier(name: str) -> bool:
    return name.isidentifier()


# --------------------------------------------------------------------------------------------------
# the layout of a wheel


@attrs.frozen
class WheelLayout:
    """The importable part of a wheel: Python files (installed path → project-relative source) and
    the compiled modules the build adds (dotted names)."""

    files: tuple[tuple[str, str], ...] = attrs.field(converter=lambda v: tuple(sorted(dict(v).items())), default=())
    extensions: tuple[str, ...] = attrs.field(converter=lambda v: tuple(sorted(set(v))), default=())
    #: the backend's configuration itself ships no file of the project: a meta-package, whose
    #: wheel is only metadata (requirements).  Never set because we found no module.
    metadata_only: bool = False

    @functools.cached_property
    def sources(self) -> Mapping[str, str]:
        return dict(self.files)

    @functools.cached_property
    def _modules(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for installed, _ in self.files:
            if not installed.endswith(".py"):
                continue
            parts = installed[: -len(".py")].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts and all(_is_identifier(p) for p in parts):
                out[".".join(parts)] = installed
        return out

    def modules(self) -> dict[str, str]:
        """Dotted module name → installed file, for every ``.py`` file (packages by ``__init__``)."""
        return dict(self._modules)

    @functools.cached_property
    def _directories(self) -> frozenset[str]:
        out: set[str] = set()
        leaves = {installed.rpartition("/")[0].replace("/", ".") for installed, _ in self.files}
        leaves |= {e.rpartition(".")[0] for e in self.extensions}
        for leaf in leaves:
            parts = leaf.split(".") if leaf else []
            for i in range(len(parts)):
                if not parts[i].isidentifier():
                    break
                out.add(".".join(parts[: i + 1]))
        return frozenset(out)

    def directories(self) -> set[str]:
        """Dotted names of every directory that holds an installed module (namespaces included)."""
        return set(self._directories)

    def top_level(self) -> tuple[str, ...]:
        """Top-level import names the wheel installs."""
        tops = {name.split(".")[0] for name in (*self._modules, *self.extensions)}
        return tuple(sorted(t for t in tops if t))

    def stub_packages(self) -> tuple[str, ...]:
        """PEP 561 stub-only packages (``requests-stubs``): importable by name, nothing else is."""
        return tuple(sorted({i.split("/")[0] for i, _ in self.files if i.split("/")[0].endswith("-stubs") and "/" in i}))

    def installs(self, dotted: str) -> bool:
        """Would ``import dotted`` find something this wheel installs?"""
        return dotted in self._modules or dotted in self.extensions or dotted in self._directories


def is_module_file(installed: str) -> bool:
    """A file that makes an import work: ``.py``, or ``.pyi`` inside a ``*-stubs`` package."""
    parts = installed.split("/")
    if "__pycache__" in parts:
        return False
    return installed.endswith(".py") or (installed.endswith(".pyi") and parts[0].endswith("-stubs"))


#: each tree's sorted listing, asked for once (layouts look up hundreds of package directories)
_LISTINGS: weakref.WeakKeyDictionary[Any, tuple[str, ...]] = weakref.WeakKeyDictionary()


def files_below(tree: SourceTree, directory: str) -> tuple[str, ...]:
    """The files below *directory* ("" is the whole tree), from one sorted listing by bisection."""
    try:
        listing = _LISTINGS[tree]
    except (KeyError, TypeError):
        listing = tree.files()
        try:
            _LISTINGS[tree] = listing
        except TypeError:
            pass
    if not directory:
        return listing
    start = directory + "/"
    low = bisect.bisect_left(listing, start)
    high = bisect.bisect_left(listing, directory + "0", lo=low)  # "0" follows "/" in ASCII
    return listing[low:high]


def python_files(tree: SourceTree, source_dir: str, installed_dir: str, *, recursive: bool = True) -> dict[str, str]:
    """Module files below *source_dir*, as installed below *installed_dir*."""
    prefix = f"{source_dir}/" if source_dir else ""
    out: dict[str, str] = {}
    for f in files_below(tree, source_dir):
        rel = f[len(prefix):]
        if not recursive and "/" in rel:
            continue
        installed = "/".join(p for p in (installed_dir, rel) if p)
        if is_module_file(installed):
            out[installed] = f
    return out


# --------------------------------------------------------------------------------------------------
# setuptools' package finders (used by setup.cfg ``find:``, ``[tool.setuptools.packages.find]`` and
# setup.py's ``find_packages``)


def package_dirs(tree: SourceTree, where: str = "") -> list[str]:
    """Directories below *where* that hold an ``__init__.py`` (regular packages), as dotted names."""
    prefix = f"{where}/" if where else ""
    out = set()
    for f in files_below(tree, ""):
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
        directories = {f[len(prefix):].rpartition("/")[0] for f in files_below(tree, where)}
        found: set[str] = set()
        for directory in directories:
            parts = directory.split("/") if directory else []
            for i in range(len(parts)):
                # PEP 561 stub-only packages (``foo-stubs``) are found like any other directory
                if not (parts[i].isidentifier() or (i == 0 and parts[i].endswith("-stubs"))):
                    break
                found.add(".".join(parts[: i + 1]))
        candidates = sorted(found)
    else:
        candidates = _close_regular(package_dirs(tree, where))
    exclude = tuple(exclude) + ("ez_setup", "*__pycache__")
    return [
        p for p in candidates
        if any(fnmatch.fnmatchcase(p, pat) for pat in include) and not any(fnmatch.fnmatchcase(p, pat) for pat in exclude)
    ]


def named_module(tree: SourceTree, name: str, bases: Sequence[str] = ("src", "")) -> Optional[tuple[str, str]]:
    """Find module *name* (package or single file) under the usual bases: (base, dotted name)."""
    path = name.replace(".", "/")
    for base in bases:
        prefix = f"{base}/" if base else ""
        if tree.is_dir(prefix + path) and any(f.startswith(prefix + path + "/") and f.endswith(".py") for f in files_below(tree, "")):
            return base, name
        if tree.is_file(prefix + path + ".py"):
            return base, name
    return None


# --------------------------------------------------------------------------------------------------
# from a layout to import facts


@attrs.frozen
class ImportFacts:
    """The distribution's own importable modules, as upstream's layout says."""

    #: modules worth importing: top-level packages and modules; inside a namespace package, the
    #: distribution's own packages (``opentelemetry.sdk``, ``jaraco.classes``)
    names: tuple[str, ...]
    #: per name, the top-level modules outside the distribution that importing it always imports
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: namespace packages declared the pkgutil / pkg_resources way (an ``__init__.py`` that only
    #: extends ``__path__``): the build may install that ``__init__.py``
    namespaces: tuple[str, ...] = ()
    #: no names because the backend's configuration ships no module (a meta-package,
    #: :attr:`WheelLayout.metadata_only`), not because none was found
    metadata_only: bool = False


def squash(name: str) -> str:
    """A name with case and separators dropped, to compare ``google-cloud-secret-manager`` with
    ``google.cloud.secretmanager``."""
    return re.sub(r"[-_.]+", "", name).lower()


class _Reader:
    """Parses the installed modules of one layout at most once each."""

    def __init__(self, tree: SourceTree, layout: WheelLayout):
        self.tree = tree
        self.sources = layout.sources
        self.modules = layout.modules()
        self._parsed: dict[tuple[str, bool], Optional[ast.Module]] = {}
        self._budget = MAX_PARSED_BYTES

    def parse(self, dotted: str, *, whole: bool = False) -> Optional[ast.Module]:
        """The module's syntax tree: its header (imports) only, unless *whole*."""
        installed = self.modules.get(dotted)
        if installed is None:
            return None
        key = (installed, whole)
        if key not in self._parsed:
            self._parsed[key] = self._read(self.sources[installed], whole)
        return self._parsed[key]

    def mentions(self, dotted: str, words: Iterable[str]) -> bool:
        """Does the module's text contain one of *words* (a cheap test before parsing)?"""
        installed = self.modules.get(dotted)
        try:
            data = self.tree.read_bytes(self.sources[installed]) if installed else b""
        except SourceError:
            return False
        return any(w.encode() in data for w in words)

    def _read(self, relpath: str, whole: bool) -> Optional[ast.Module]:
        try:
            data = self.tree.read_bytes(relpath)
        except SourceError:
            return None
        if len(data) > min(MAX_MODULE_BYTES, self._budget):
            return None
        self._budget -= len(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        return module_imports.parse(text) if whole else module_imports.parse_header(text)

    def is_package(self, dotted: str) -> bool:
        installed = self.modules.get(dotted, "")
        return installed.endswith("/__init__.py")


def import_facts(tree: SourceTree, layout: WheelLayout, distribution: str, *, with_imports: bool = True) -> ImportFacts:
    """The modules to import-check, what they import (only read *with_imports*: parsing a large
    package's modules is the slow part, and it only matters for projects with extras), and the
    pkgutil-style namespaces."""
    reader = _Reader(tree, layout)
    modules = reader.modules
    directories = layout.directories()
    regular = {m for m in modules if reader.is_package(m)}
    namespace_inits = {m for m in regular if _declares_namespace(reader, m)}
    # a directory without __init__.py, or whose __init__.py only declares a namespace
    namespaces = (directories - regular) | namespace_inits
    units = _units(layout, modules, namespaces, directories)
    names = _narrow(units, namespaces, distribution, layout) or layout.stub_packages()
    # the distribution's own names, and what it vendors: setuptools puts setuptools/_vendor on
    # sys.path, so its ``import packaging`` needs no packaging distribution
    own = set(layout.top_level()) | _vendored(modules, directories)
    imports = tuple((name, _external_imports(reader, name, own)) for name in names) if with_imports else ()
    legacy = _legacy_namespaces(tree, layout, names, namespace_inits, modules)
    return ImportFacts(names, imports, legacy)


#: directories that hold vendored copies of other distributions (pip, setuptools, pkg_resources)
VENDOR_DIRECTORIES = frozenset({"_vendor", "vendor", "_vendored", "vendored", "extern", "_extern", "externals", "third_party", "_third_party"})


def _vendored(modules: Iterable[str], directories: Iterable[str]) -> set[str]:
    """Top-level names of the modules found directly inside a vendor directory."""
    out: set[str] = set()
    for name in (*modules, *directories):
        parts = name.split(".")
        for i, part in enumerate(parts[:-1]):
            if part in VENDOR_DIRECTORIES:
                out.add(parts[i + 1])
    return out


def _declares_namespace(reader: _Reader, dotted: str) -> bool:
    if not reader.mentions(dotted, module_imports.DECLARATIONS):
        return False  # most __init__.py files: no need to parse them
    module = reader.parse(dotted, whole=True)
    return module is not None and module_imports.is_namespace_declaration(module)


def _units(layout: WheelLayout, modules: Mapping[str, str], namespaces: set[str], directories: set[str]) -> list[str]:
    """The first regular packages, modules and extensions on every path from the top, descending
    through namespace packages."""
    children: dict[str, set[str]] = {}
    for name in (*modules, *layout.extensions, *directories):
        parent, _, _ = name.rpartition(".")
        children.setdefault(parent, set()).add(name)
    out: list[str] = []

    def walk(parent: str) -> None:
        for child in sorted(children.get(parent, ())):
            if child in namespaces:
                walk(child)
            elif child != parent:
                out.append(child)

    walk("")
    tops = [u for u in out if not is_excluded_top(u.split(".")[0])]
    return tops or out


def _narrow(units: list[str], namespaces: set[str], distribution: str, layout: WheelLayout) -> tuple[str, ...]:
    """Inside each top-level namespace package keep the distribution's own part: the namespace
    package named like the distribution (``opentelemetry-sdk`` → ``opentelemetry.sdk``), else the
    units named like it (``google.cloud.secretmanager*``), else the single unit, else the namespace
    that holds them all (``opentelemetry-api`` → ``opentelemetry``)."""
    key = squash(distribution)
    by_top: dict[str, list[str]] = {}
    for unit in units:
        by_top.setdefault(unit.split(".")[0], []).append(unit)
    out: list[str] = []
    for top, group in sorted(by_top.items()):
        if top not in namespaces:
            out.extend(group)
            continue
        spaces = sorted(n for n in namespaces if n == top or n.startswith(top + "."))
        named = [n for n in spaces if squash(n) == key]
        if named:
            space = named[0]
            inside = [u for u in group if u.startswith(space + ".")]
            python = [u for u in inside if u not in layout.extensions]
            public = [u for u in python if not u.rpartition(".")[2].startswith("_")]
            if len(public) == 1:
                out.extend(public)  # google-ads → google.ads.googleads
            else:
                out.extend([space] if python or not inside else inside)
            continue
        # google-cloud-pubsub → google.cloud.pubsub*, protobuf → google.protobuf
        matching = [u for u in group if squash(u).startswith(key) or squash(u.rpartition(".")[2]).startswith(key)]
        if matching:
            out.extend(matching)
        elif len(group) == 1:
            out.extend(group)
        else:
            out.append(_common_parent(group))
    return tuple(sorted(dict.fromkeys(out)))


def _common_parent(names: Sequence[str]) -> str:
    split = [n.split(".")[:-1] for n in names]
    common: list[str] = []
    for parts in zip(*split):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return ".".join(common) or names[0].split(".")[0]


def _external_imports(reader: _Reader, name: str, own: set[str]) -> tuple[str, ...]:
    """Top-level names outside the distribution that importing *name* always imports: read from
    its own file and from the distribution's modules that file imports (one level down)."""
    external: set[str] = set()
    first = _with_parents(name)
    seen: set[str] = set()
    pending = [(m, 0) for m in first]
    while pending and len(seen) < MAX_FOLLOWED:
        current, depth = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        module = reader.parse(current)
        if module is None:
            continue
        for imported in module_imports.unconditional_imports(module, current, is_package=reader.is_package(current)):
            top = imported.split(".")[0]
            if top not in own:
                external.add(top)
            elif depth == 0:
                pending.extend((m, 1) for m in _with_parents(imported) if m in reader.modules and m not in seen)
    return tuple(sorted(external))


def _with_parents(dotted: str) -> list[str]:
    parts = dotted.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _legacy_namespaces(
    tree: SourceTree, layout: WheelLayout, names: Iterable[str], namespace_inits: set[str], modules: Mapping[str, str]
) -> tuple[str, ...]:
    """The packages above the checked modules whose ``__init__.py`` in the *source* is a pkgutil /
    pkg_resources declaration, whether or not the backend installs it (setuptools projects often
    exclude it and rely on ``namespace_packages``; nixpkgs lists them either way).  Only the chain
    from the top counts: a vendored ``backports`` below a regular package is no namespace of ours."""
    out: set[str] = set()
    source_dirs = _source_directories(layout)
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent in namespace_inits or _source_declares(tree, source_dirs.get(parent)):
                out.add(parent)
            elif parent in modules:
                break  # a regular package: nothing below it is a shared namespace
    return tuple(sorted(out))


def _source_declares(tree: SourceTree, source: Optional[str]) -> bool:
    if source is None:
        return False
    init = f"{source}/__init__.py" if source else "__init__.py"
    if not tree.is_file(init):
        return False
    try:
        text = read_text(tree, init)
    except SourceError:
        return False
    if not any(word in text for word in module_imports.DECLARATIONS):
        return False
    module = module_imports.parse(text)
    return module is not None and module_imports.is_namespace_declaration(module)


def _source_directories(layout: WheelLayout) -> dict[str, str]:
    """Installed directory (dotted) → the source directory it comes from."""
    out: dict[str, str] = {}
    for installed, source in layout.files:
        inst = installed.split("/")[:-1]
        src = source.split("/")[:-1]
        for depth in range(len(inst), 0, -1):
            below = len(inst) - depth
            if below > len(src) or (below and src[len(src) - below:] != inst[depth:]):
                break
            out.setdefault(".".join(inst[:depth]), "/".join(src[: len(src) - below]))
    return out
