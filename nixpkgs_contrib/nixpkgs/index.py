"""What a nixpkgs checkout already has: python attributes, aliases, versions and interpreters.

The emitter asks the index whether a dependency exists (or was renamed), which version nixpkgs
ships and which CPython sets a checkout has.  Nothing is evaluated: the files are read with the
lossless syntax tree (:mod:`nixpkgs_contrib.nixsyntax`), so an attribute is a binding of the
registration file's outermost set, never a guess from indentation or from one line.

Loading reads the registration file, the aliases and the interpreters (the per-commit cache
keeps what it found); the version of a package is read from its python-modules file the first
time it is asked for.  A full nixpkgs (≈8,000 python packages) indexes in about a second, because
the 8,000 module files are not parsed up front: a command needs the versions of a few dozen.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import attrs

from ..errors import NixpkgsError
from ..matrix import python_key

if TYPE_CHECKING:
    from ..nixsyntax import Node, Root

PYTHON_PACKAGES = "pkgs/top-level/python-packages.nix"
PYTHON_ALIASES = "pkgs/top-level/python-aliases.nix"
PYTHON_MODULES = "pkgs/development/python-modules"
INTERPRETERS = "pkgs/development/interpreters/python/default.nix"
ALL_PACKAGES = "pkgs/top-level/all-packages.nix"

#: seconds of file-system timestamp granularity: a file modified this close to the clean check
#: is read from git, not from the work tree
_MTIME_SLACK = 2.0

#: bump when the cached JSON changes shape or the reader changes what it finds
#: (2: versions are read from the module files on demand, not cached)
CACHE_FORMAT = 2

# ---------------------------------------------------------------------------------------------
# Reading Nix files through the syntax tree.


@attrs.frozen
class Binding:
    """One attribute of a file's outermost set: ``name = value;`` or one name of an ``inherit``.

    *value* is the value's source text (for an inherit: the ``(source)`` text or ``""``); *line*
    is 1-based; *node* is the value (or the ``inherit`` statement) in the tree.
    """

    name: str
    value: str
    line: int
    inherited: bool = False
    node: Optional[Node] = attrs.field(default=None, eq=False, repr=False)


def parse(text: str, path: os.PathLike[str] | str | None = None) -> Root:
    """The tree of *text*; a file that is not Nix is a :class:`NixpkgsError` naming its line."""
    from ..nixsyntax import NixSyntaxError

    try:
        return _parse(text, path)
    except NixSyntaxError as exc:
        raise NixpkgsError(f"not a Nix expression: {exc.message}", path=path, line=exc.line) from None


def top_level(text: str | Root, path: os.PathLike[str] | str | None = None) -> list[Binding]:
    """The attributes of the file's outermost attribute set (python-packages.nix, the aliases,
    the maintainer list), in source order; computed names are left out."""
    from ..nixsyntax import Inherit, query

    root = parse(text, path) if isinstance(text, str) else text
    found = query.outermost_set(root)
    out: list[Binding] = []
    for b in getattr(found, "bindings", ()):
        if isinstance(b, Inherit):
            source = b.source.text if b.source is not None else ""
            out += [Binding(n, source, a.line, True, b) for a, n in zip(b.attrs, b.names) if n is not None]
        elif b.names[0] is not None:
            out.append(Binding(b.names[0], b.value.text, b.line, False, b.value))
    return out


# ---------------------------------------------------------------------------------------------
# The values.


@attrs.frozen
class PackageInfo:
    """Where an attribute's expression lives and the version it declares.

    ``version`` is only set when the derivation writes a plain literal; otherwise
    ``version_note`` says why there is none (``"computed: ${x}.${y}"``), never a guess.
    """

    attr: str
    file: str | None
    version: str | None
    version_note: str | None = None
    #: the keys of its ``optional-dependencies`` when the file spells them out (None: not known)
    extras: tuple[str, ...] | None = None


@attrs.frozen
class Alias:
    """One entry of python-aliases.nix: a rename (*target*) or a removal (*removed*: the message)."""

    name: str
    target: str | None
    removed: str | None = None


def normalize(name: str) -> str:
    """PEP 503 normalization, the form nixpkgs attribute names follow."""
    return re.sub(r"[-_.]+", "-", name).lower()


@attrs.frozen
class NixpkgsIndex:
    """The python side of one nixpkgs checkout, as read from its files (never evaluated)."""

    root: Path
    #: ``git rev-parse HEAD``; None when the tree has no git metadata
    commit: str | None
    #: uncommitted changes (or no git at all): such an index is never cached
    dirty: bool
    #: every top-level attribute of python-packages.nix, sorted
    attributes: tuple[str, ...]
    #: every directory under pkgs/development/python-modules, sorted
    directories: tuple[str, ...]
    #: attribute (or unregistered directory) → its file and version
    packages: Mapping[str, PackageInfo]
    #: old name → python-aliases.nix entry
    aliases: Mapping[str, Alias]
    #: shipped CPython versions, ("3.11", "3.12", …)
    pythons: tuple[str, ...]

    @classmethod
    def load(cls, path: os.PathLike[str] | str, *, cache: bool = True, cache_dir: Path | None = None) -> NixpkgsIndex:
        """Index the checkout at *path*, from the per-commit cache when the tree is clean."""
        root = Path(path)
        if not (root / PYTHON_PACKAGES).is_file():
            raise NixpkgsError(f"not a nixpkgs checkout (no {PYTHON_PACKAGES})", path=root)
        root = root.resolve()
        checked = time.time()
        commit, dirty = git_state(root)
        cache_file = None
        if cache and commit is not None and not dirty:
            cache_file = (cache_dir or default_cache_dir()) / f"index-{commit}.json"
            cached = _read_cache(cache_file, root, commit)
            if cached is not None:
                cached.packages.clean_since = checked  # type: ignore[attr-defined]
                return cached
        index = cls.scan(root, commit=commit, dirty=dirty)
        if not dirty:
            index.packages.clean_since = checked  # type: ignore[attr-defined]
        if cache_file is not None:
            _write_cache(cache_file, index)
        return index

    @classmethod
    def scan(cls, root: Path, *, commit: str | None = None, dirty: bool = True) -> NixpkgsIndex:
        """Read the checkout's files (no git, no cache)."""
        registration = root / PYTHON_PACKAGES
        top = top_level(_read(registration), registration)
        attributes = sorted({b.name for b in top})
        modules = root / PYTHON_MODULES
        directories = sorted(e.name for e in os.scandir(modules) if e.is_dir()) if modules.is_dir() else []

        files: dict[str, str | None] = {}  # attr -> file relative to root
        for b in top:
            if b.name not in files:
                files[b.name] = _module_file(b.node)
            elif files[b.name] is None:
                files[b.name] = _module_file(b.node)
        for d in directories:
            if files.get(d) is None and (modules / d / "default.nix").is_file():
                files[d] = f"{PYTHON_MODULES}/{d}/default.nix"

        aliases_file = root / PYTHON_ALIASES
        aliases = parse_aliases(_read(aliases_file), aliases_file) if aliases_file.is_file() else {}
        return cls(
            root=root,
            commit=commit,
            dirty=dirty,
            attributes=tuple(attributes),
            directories=tuple(directories),
            packages=Packages(root, dict(sorted(files.items())), None if dirty else commit),
            aliases=aliases,
            pythons=checkout_pythons(root),
        )

    # -- questions ----------------------------------------------------------------------------

    def has(self, attr: str) -> bool:
        """Is *attr* a python attribute (registered, or at least a python-modules directory)?"""
        return attr in self.packages

    def version(self, attr: str) -> str | None:
        """The literal version *attr* declares, or None (unknown, computed: see :meth:`info`)."""
        info = self.packages.get(attr)
        return None if info is None else info.version

    def info(self, attr: str) -> PackageInfo | None:
        return self.packages.get(attr)

    def alias(self, name: str) -> str | None:
        """The attribute *name* was renamed to, or None (not an alias, or removed)."""
        entry = self.aliases.get(name)
        return None if entry is None else entry.target

    def removal(self, name: str) -> str | None:
        """The message python-aliases.nix throws for a removed *name*, or None."""
        entry = self.aliases.get(name)
        return None if entry is None else entry.removed

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Existing attributes close to *name* (normalized), best first, for "did you mean"."""
        by_norm: dict[str, str] = {}
        for attr in sorted(self.packages):
            by_norm.setdefault(normalize(attr), attr)
        matches = difflib.get_close_matches(normalize(name), sorted(by_norm), n=n, cutoff=0.6)
        return [by_norm[m] for m in matches]

    # -- cache --------------------------------------------------------------------------------

    def to_json(self) -> dict:
        return {
            "format": CACHE_FORMAT,
            "commit": self.commit,
            "attributes": list(self.attributes),
            "directories": list(self.directories),
            "files": [[attr, file] for attr, file in self.packages.files.items()],
            "aliases": [attrs.astuple(a) for a in self.aliases.values()],
            "pythons": list(self.pythons),
        }

    @classmethod
    def from_json(cls, data: dict, root: Path) -> NixpkgsIndex:
        return cls(
            root=root,
            commit=data["commit"],
            dirty=False,
            attributes=tuple(data["attributes"]),
            directories=tuple(data["directories"]),
            packages=Packages(root, {attr: file for attr, file in data["files"]}, data["commit"]),
            aliases={a[0]: Alias(*a) for a in data["aliases"]},
            pythons=tuple(data["pythons"]),
        )


class Packages(Mapping[str, PackageInfo]):
    """Attribute → :class:`PackageInfo`, each package's file read the first time it is asked for.

    Only the registration file is parsed when a checkout is indexed: a command asks for the
    versions of its few dozen dependencies, not of all 8,000 packages.  An index of a clean
    checkout reads the files as they are at its commit, so its answers stay those of that commit
    whatever happens to the work tree later (``pr`` and ``update`` write into it): the work tree's
    copy while it has not been modified since ``git status`` found the tree clean, ``git cat-file``
    otherwise.  An index of a dirty tree reads the work tree.
    """

    def __init__(self, root: Path, files: Mapping[str, str | None], commit: str | None = None):
        self.root = root
        #: attribute → its python-modules file relative to the checkout (None: not one file)
        self.files = dict(files)
        #: read the files at this commit (None: from the work tree)
        self.commit = commit
        #: when ``git status`` found the work tree clean (``time.time()``); None: not known
        self.clean_since: float | None = None
        #: file -> (version, note, extras)
        self._read: dict[str, tuple[str | None, str | None, tuple[str, ...] | None]] = {}

    def __getitem__(self, attr: str) -> PackageInfo:
        rel = self.files[attr]
        if rel is None:
            return PackageInfo(attr, None, None, "not one python-modules file")
        if rel not in self._read:
            text = self._text(rel)
            if text is None:
                self._read[rel] = (None, "file missing", None)
            else:
                self._read[rel] = _version_and_extras(text, self.root / rel)
        version, note, extras = self._read[rel]
        return PackageInfo(attr, rel, version, note, extras)

    def _text(self, rel: str) -> str | None:
        file = self.root / rel
        if self.commit is None:
            return _read(file) if file.is_file() else None
        try:  # the work tree's copy while it is the committed one: untouched since `git status`
            if self.clean_since is not None and file.stat().st_mtime < self.clean_since - _MTIME_SLACK:
                return _read(file)
        except OSError:
            pass
        data = _git_bytes(self.root, "cat-file", "blob", f"{self.commit}:{rel}")
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NixpkgsError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", path=file) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __contains__(self, attr: object) -> bool:
        return attr in self.files

    def __repr__(self) -> str:
        return f"<Packages: {len(self.files)} attributes of {self.root}>"


# ---------------------------------------------------------------------------------------------
# Pieces, each a pure function of a file's text (or of a node of its tree).

_MODULE_PATH = re.compile(r"^\.\./development/python-modules/([A-Za-z0-9._+/-]+)$")


def _module_file(value: Optional[Node]) -> str | None:
    """The python-modules file a registration's value calls (``callPackage ../…/x { }``).

    Paths inside a nested attribute set (``bootstrap = lib.recurseIntoAttrs { … }``) belong to
    that set's attributes, not to the registration; several candidate paths mean no file.
    """
    from ..nixsyntax import AttrSet, Inherit
    from ..nixsyntax import Path as NixPath

    if value is None:
        return None
    if isinstance(value, Inherit):  # inherit (callPackage ../x { }) a b;
        if value.source is None:
            return None
        value = value.source.expr
    paths = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, AttrSet):
            continue
        if isinstance(node, NixPath):
            m = _MODULE_PATH.match(node.value or "")
            if m:
                paths.add(m.group(1))
            continue
        stack.extend(node.nodes())
    if len(paths) != 1:
        return None
    rel = paths.pop().rstrip("/")
    target = rel if rel.endswith(".nix") else f"{rel}/default.nix"
    return f"{PYTHON_MODULES}/{target}"


def derivation_set(root: Root) -> tuple[Optional[Node], tuple[Node, ...]]:
    """The derivation's attribute set of a package file and the ``let`` blocks around it.

    A python-modules file is read as :func:`~nixpkgs_contrib.nixsyntax.read_module` reads it
    (``{ … }: … buildPythonPackage (finalAttrs: { … })``); any other file as the set its body
    evaluates to (``{ }: { version = "1"; }``).  ``(None, lets)`` when there is none.
    """
    from ..nixsyntax import Let, NotAPythonModule, query, read_module

    try:
        module = read_module(root)
    except NotAPythonModule:
        found = query.outermost_set(root)
        lets = tuple(n for n in root.walk() if isinstance(n, Let) and (found is None or n.start <= found.start))
        return found, lets
    return module.attrs, module.lets


def derivation_version(text: str, path: os.PathLike[str] | str | None = None) -> tuple[str | None, str | None]:
    """``(version, note)`` of a package file: the ``version`` its derivation's top level declares.

    A plain string literal is the version; an ``inherit version;`` resolves to a literal ``let``
    binding; anything else is reported as computed, with its expression, never evaluated.
    A file that is not Nix has no version, and the note says why.
    """
    from ..nixsyntax import NixSyntaxError

    try:
        root = _parse(text, path)
    except NixSyntaxError as exc:
        return None, f"does not parse: line {exc.line}: {exc.message}"
    return _version(root)


def _parse(text: str, path: os.PathLike[str] | str | None) -> Root:
    """The tree of *text*; raises :class:`~nixpkgs_contrib.nixsyntax.NixSyntaxError`."""
    from ..nixsyntax import parse as parse_nix

    return parse_nix(text, os.fspath(path) if path is not None else None)


def _version_and_extras(text: str, path: os.PathLike[str] | str | None) -> tuple[str | None, str | None, tuple[str, ...] | None]:
    """:func:`derivation_version` and :func:`derivation_extras` of one file, parsed once."""
    from ..nixsyntax import NixSyntaxError

    try:
        root = _parse(text, path)
    except NixSyntaxError as exc:
        return None, f"does not parse: line {exc.line}: {exc.message}", None
    return (*_version(root), _extras(root))


def _version(root: Root) -> tuple[str | None, str | None]:
    from ..nixsyntax import Inherit, query

    found, lets = derivation_set(root)
    let_versions = [b for let in lets for b in query.top_level(let).get("version", ())]
    let_literals = [query.string_value(b.value) for b in let_versions if not isinstance(b, Inherit)]
    let_version = let_literals[0] if len(let_versions) == 1 and let_literals[0] is not None else None
    named = query.top_level(found).get("version", []) if found is not None else []
    top = [b for b in named if isinstance(b, Inherit) or b.names == ("version",)]
    if not top:
        if let_version is not None:
            return let_version, None
        return None, "no version at the derivation's top level"
    if len(top) > 1:
        return None, f"ambiguous: {len(top)} version bindings (line {', '.join(str(b.line) for b in top)})"
    b = top[0]
    if isinstance(b, Inherit):
        if b.source is None and let_version is not None:
            return let_version, None
        source = f"inherit {b.source.text} version" if b.source is not None else "inherit version"
        return None, f"computed: {source}"
    literal = query.string_value(b.value)
    if literal is None:
        return None, f"computed: {_one_line(b.value.text)}"
    return literal, None


_EXTRAS_PATHS = (("optional-dependencies",), ("passthru", "optional-dependencies"))


def derivation_extras(text: str, path: os.PathLike[str] | str | None = None) -> tuple[str, ...] | None:
    """The extras a package file defines: the keys of its derivation's ``optional-dependencies``
    (or ``passthru.optional-dependencies``), written as a set or one ``optional-dependencies.x =``
    at a time; ``()`` when it has none.  None when the file does not spell them out (a set
    computed by a function, inherited from a ``let``, with dynamic keys, or a file that does not
    parse): then nothing may be concluded about an extra."""
    from ..nixsyntax import NixSyntaxError

    try:
        root = _parse(text, path)
    except NixSyntaxError:
        return None
    return _extras(root)


def _extras(root: Root) -> tuple[str, ...] | None:
    from ..nixsyntax import AttrSet, Inherit, query

    found, _ = derivation_set(root)
    if found is None:
        return None
    if any(isinstance(b, Inherit) for b in query.top_level(found).get("optional-dependencies", [])):
        return None
    keys: list[str] = []
    for path, bind in query.walk_bindings(found):
        value = query.unwrap(bind.value)
        if path == ("passthru",) and not isinstance(value, AttrSet):
            return None  # passthru computed: it may hold extras
        if path in _EXTRAS_PATHS:
            if not isinstance(value, AttrSet):
                return None
            for inner in query.binds(value):
                if any(n is None for n in inner.names):
                    return None
                keys += [str(n) for n in inner.names] if isinstance(inner, Inherit) else [str(inner.names[0])]
        elif path[:-1] in _EXTRAS_PATHS and len(bind.names) > 1:
            keys.append(path[-1])  # optional-dependencies.x = …;
    return tuple(sorted(set(keys)))


def _one_line(expr: str, limit: int = 80) -> str:
    flat = " ".join(expr.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_aliases(text: str, path: os.PathLike[str] | str | None = None) -> dict[str, Alias]:
    """python-aliases.nix: ``old = new; # added …``, ``old = throw "…";`` and inherits."""
    from ..nixsyntax import Apply, Ident, query

    out: dict[str, Alias] = {}
    for b in top_level(text, path):
        if b.inherited:
            target = f"{b.value.strip('() ')}.{b.name}" if b.value else b.name
            out[b.name] = Alias(b.name, target)
            continue
        value = query.unwrap(b.node)
        if isinstance(value, Apply) and isinstance(value.func, Ident) and value.func.name == "throw":
            message = query.string_value(value.arg)
            out[b.name] = Alias(b.name, None, message if message is not None else _one_line(value.arg.text))
        elif isinstance(value, Ident) or query.dotted(value) is not None:
            out[b.name] = Alias(b.name, query.dotted(value))
        else:
            out[b.name] = Alias(b.name, None, None)
    return dict(sorted(out.items()))


_PYTHON = re.compile(r"^python3(\d+)$")


def interpreters(text: str | Root, path: os.PathLike[str] | str | None = None) -> list[str]:
    """CPython versions a file defines: ``python313 = callPackage ./cpython …`` (not ``= throw``)
    at any depth, or ``inherit (pythonInterpreters) python313 …`` as all-packages.nix does."""
    from ..nixsyntax import Apply, Binding, Ident, Inherit, query

    root = parse(text, path) if isinstance(text, str) else text
    found: set[str] = set()
    for node in root.walk():
        if isinstance(node, Binding) and len(node.names) == 1:
            m = _PYTHON.match(node.names[0] or "")
            value = query.unwrap(node.value)
            thrown = isinstance(value, Apply) and isinstance(value.func, Ident) and value.func.name == "throw"
            if m and not thrown:
                found.add(f"3.{m.group(1)}")
        elif isinstance(node, Inherit) and node.source is not None and node.source.expr.text == "pythonInterpreters":
            found |= {f"3.{m.group(1)}" for m in map(_PYTHON.match, (n or "" for n in node.names)) if m}
    return sorted(found, key=python_key)


def checkout_pythons(root: Path) -> tuple[str, ...]:
    """The CPython sets of a checkout, from its interpreters file; all-packages.nix (1.5 MB) is
    read only when a checkout has no such file (the interpreters file defines every one that
    all-packages.nix inherits)."""
    for rel in (INTERPRETERS, ALL_PACKAGES):
        if (root / rel).is_file():
            return tuple(interpreters(_read(root / rel), root / rel))
    return ()


# ---------------------------------------------------------------------------------------------
# Edges: files, git, cache.


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NixpkgsError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", path=path) from None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0")
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False)


def _git_bytes(root: Path, *args: str) -> bytes | None:
    """The output of a git command, or None when it fails (a path the commit does not have)."""
    env = dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0")
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, check=False)
    return proc.stdout if proc.returncode == 0 else None


def git_state(root: Path) -> tuple[str | None, bool]:
    """``(HEAD commit, dirty)``; a tree without git (or without git installed) counts as dirty."""
    try:
        head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except FileNotFoundError:
        return None, True
    if head.returncode != 0:
        return None, True
    status = _git(root, "status", "--porcelain")
    if status.returncode != 0:
        return head.stdout.strip(), True
    return head.stdout.strip(), bool(status.stdout.strip())


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nixpkgs-contrib"


def _read_cache(path: Path, root: Path, commit: str) -> NixpkgsIndex | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != CACHE_FORMAT or data.get("commit") != commit:
            return None
        return NixpkgsIndex.from_json(data, root)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged cache is only a slower start


def _write_cache(path: Path, index: NixpkgsIndex) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(index.to_json(), fh, sort_keys=True, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache directory must not break indexing
