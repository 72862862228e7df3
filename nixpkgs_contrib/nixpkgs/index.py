"""What a nixpkgs checkout already has: python attributes, aliases, versions and interpreters.

The emitter asks the index whether a dependency exists (or was renamed), which version nixpkgs
ships and which CPython sets a checkout has.  Nothing is evaluated: the files are read with a
small lexer that knows Nix strings, comments and braces, so that bindings are found by their
nesting depth rather than by indentation or by guessing from one line.  A full nixpkgs (≈8,000
python packages) indexes in a few seconds; the result is cached per commit.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs

from ..errors import NixpkgsError
from ..matrix import python_key

PYTHON_PACKAGES = "pkgs/top-level/python-packages.nix"
PYTHON_ALIASES = "pkgs/top-level/python-aliases.nix"
PYTHON_MODULES = "pkgs/development/python-modules"
INTERPRETERS = "pkgs/development/interpreters/python/default.nix"
ALL_PACKAGES = "pkgs/top-level/all-packages.nix"

#: bump when the cached JSON changes shape or the parser changes what it finds
CACHE_FORMAT = 1

# ---------------------------------------------------------------------------------------------
# A Nix lexer just good enough to know the brace depth of every binding.


@attrs.frozen
class Binding:
    """``name = value;`` (or one name of an ``inherit``) found at brace *depth* of the file.

    *value* is the source text between ``=`` and ``;`` (for an inherit: the ``(source)`` text or
    ``""``); *line* is 1-based; *let* tells a ``let`` binding from an attribute.
    """

    name: str
    value: str
    depth: int
    line: int
    inherited: bool = False
    let: bool = False


# a string without interpolation is one token; others are lexed in a string frame
_CODE = re.compile(
    r"""[{};]|"(?:[^"\\$]|\\.|\$(?!\{))*"|["]|\$\{|''|#[^\n]*|/\*.*?\*/|(?<![\w'./-])(?:let|in)(?![\w'/-])""", re.S
)
_DQ = re.compile(r'\\.|\$\$|\$\{|"', re.S)
_IND = re.compile(r"''[$'\\]|''|\$\$|\$\{", re.S)
_SPACE = re.compile(r"(?:\s+|#[^\n]*|/\*.*?\*/)*", re.S)
_NAME = re.compile(r"""([A-Za-z_][\w'-]*|"(?:[^"\\$]|\\.)*")\s*=(?!=)""")
_INHERIT = re.compile(r"inherit(?![\w'-])\s*(\([^;]*?\))?\s*([^;]*);", re.S)


def bindings(text: str) -> list[Binding]:
    """Every binding of every attribute set and ``let`` of *text*, with its brace depth.

    Only bindings outside string interpolations are reported.  A binding starts where the lexer
    expects one (after ``{``, ``;`` or ``let``), so function applications inside a value are never
    mistaken for attributes, and ``let … in`` opens a scope of its own.
    """
    out: list[Binding] = []
    # open scopes of the top-level code: "{" or "let"; the depth is the number of "{"
    scopes: list[str] = []
    depth = 0
    # scope level -> (name, line, value start) of a binding whose ``;`` is still ahead
    pending: dict[int, tuple[str, int, int]] = {}
    # string interpolations: "dq" / "ind" string frames and the brace count of code frames
    stack: list[list] = []
    pos, n = 0, len(text)
    expect = True
    counted, line = 0, 1  # line numbers are counted incrementally: files are large

    def line_at(p: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, p)
        counted = p
        return line

    while pos < n:
        frame = stack[-1] if stack else None
        if frame is None or frame[0] == "code":
            if expect and frame is None:
                pos = _SPACE.match(text, pos).end()
                expect = False
                is_let = bool(scopes) and scopes[-1] == "let"
                m = _INHERIT.match(text, pos)
                if m:
                    source = (m.group(1) or "").strip()
                    for name in m.group(2).split():
                        out.append(Binding(_unquote(name), source, depth, line_at(pos), True, is_let))
                    pos = m.end()
                    expect = True
                    continue
                m = _NAME.match(text, pos)
                if m:
                    pending[len(scopes)] = (_unquote(m.group(1)), line_at(pos), m.end())
                    pos = m.end()
                    continue
            m = _CODE.search(text, pos)
            if m is None:
                break
            tok = m.group()
            pos = m.end()
            if frame is not None:  # inside an interpolation: only find where it ends
                if tok in ("{", "${"):
                    frame[1] += 1
                elif tok == "}":
                    if frame[1] == 0:
                        stack.pop()
                    else:
                        frame[1] -= 1
                elif tok == '"':
                    stack.append(["dq"])
                elif tok == "''":
                    stack.append(["ind"])
                continue
            if tok == "{":
                scopes.append("{")
                depth += 1
                expect = True
            elif tok == "}" or tok == "in":
                opener = "{" if tok == "}" else "let"
                while opener in scopes:
                    pending.pop(len(scopes), None)  # a binding without its ``;``
                    closed = scopes.pop()
                    depth -= closed == "{"
                    if closed == opener:
                        break
            elif tok == ";":
                started = pending.pop(len(scopes), None)
                if started is not None:
                    name, at, start = started
                    is_let = bool(scopes) and scopes[-1] == "let"
                    out.append(Binding(name, text[start : m.start()].strip(), depth, at, False, is_let))
                expect = True
            elif tok == "let":
                scopes.append("let")
                expect = True
            elif tok == '"':
                stack.append(["dq"])
            elif tok == "''":
                stack.append(["ind"])
            elif tok == "${":  # a dynamic attribute name in code
                stack.append(["code", 0])
            # comments and plain strings need nothing
        else:
            m = (_DQ if frame[0] == "dq" else _IND).search(text, pos)
            if m is None:
                break
            tok = m.group()
            pos = m.end()
            if tok == "${":
                stack.append(["code", 0])
            elif tok == '"' and frame[0] == "dq" or tok == "''" and frame[0] == "ind":
                stack.pop()
    return out


def top_level(text: str) -> list[Binding]:
    """The attributes of the file's outermost attribute set (python-packages.nix, aliases)."""
    return [b for b in bindings(text) if b.depth == 1 and not b.let]


def _unquote(name: str) -> str:
    if name.startswith('"'):
        return parse_string(name) or name
    return name


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def parse_string(expr: str) -> str | None:
    """The value of a plain Nix string literal ``"…"``; None for anything computed."""
    expr = expr.strip()
    if len(expr) < 2 or expr[0] != '"' or expr[-1] != '"':
        return None
    out = []
    i, body = 0, expr[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        elif ch == "$" and body[i + 1 : i + 2] == "{":
            return None
        elif body.startswith("$${", i):
            out.append("${")  # the escape of a literal "${"
            i += 3
        elif ch == '"':
            return None  # two strings, e.g. "a" + "b"
        else:
            out.append(ch)
            i += 1
    return "".join(out)


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
        commit, dirty = git_state(root)
        cache_file = None
        if cache and commit is not None and not dirty:
            cache_file = (cache_dir or default_cache_dir()) / f"index-{commit}.json"
            cached = _read_cache(cache_file, root, commit)
            if cached is not None:
                return cached
        index = cls.scan(root, commit=commit, dirty=dirty)
        if cache_file is not None:
            _write_cache(cache_file, index)
        return index

    @classmethod
    def scan(cls, root: Path, *, commit: str | None = None, dirty: bool = True) -> NixpkgsIndex:
        """Read the checkout's files (no git, no cache)."""
        text = _read(root / PYTHON_PACKAGES)
        top = top_level(text)
        attributes = sorted({b.name for b in top})
        modules = root / PYTHON_MODULES
        directories = sorted(e.name for e in os.scandir(modules) if e.is_dir()) if modules.is_dir() else []

        files: dict[str, str] = {}  # attr -> file relative to root
        for b in top:
            rel = _module_file(b.value)
            if rel is not None:
                files.setdefault(b.name, rel)
        for d in directories:
            if d not in files and (modules / d / "default.nix").is_file():
                files[d] = f"{PYTHON_MODULES}/{d}/default.nix"

        parsed: dict[str, tuple[str | None, str | None]] = {}
        packages = {}
        for attr in sorted(set(attributes) | set(files)):
            rel = files.get(attr)
            if rel is None:
                packages[attr] = PackageInfo(attr, None, None, "not one python-modules file")
                continue
            if rel not in parsed:
                file = root / rel
                parsed[rel] = derivation_version(_read(file)) if file.is_file() else (None, "file missing")
            version, note = parsed[rel]
            packages[attr] = PackageInfo(attr, rel, version, note)

        aliases_file = root / PYTHON_ALIASES
        aliases = parse_aliases(_read(aliases_file)) if aliases_file.is_file() else {}
        pythons = set()
        for rel in (INTERPRETERS, ALL_PACKAGES):
            if (root / rel).is_file():
                pythons |= set(interpreters(_read(root / rel)))
        return cls(
            root=root,
            commit=commit,
            dirty=dirty,
            attributes=tuple(attributes),
            directories=tuple(directories),
            packages=packages,
            aliases=aliases,
            pythons=tuple(sorted(pythons, key=python_key)),
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
            "packages": [attrs.astuple(p) for p in self.packages.values()],
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
            packages={p[0]: PackageInfo(*p) for p in data["packages"]},
            aliases={a[0]: Alias(*a) for a in data["aliases"]},
            pythons=tuple(data["pythons"]),
        )


# ---------------------------------------------------------------------------------------------
# Pieces, each a pure function of a file's text.

_MODULE_PATH = re.compile(r"\.\./development/python-modules/([A-Za-z0-9._+/-]+)")


def _module_file(value: str) -> str | None:
    """The python-modules file a registration's value calls (``callPackage ../…/x { }``).

    Paths inside a nested attribute set (``bootstrap = lib.recurseIntoAttrs { … }``) belong to
    that set's attributes, not to the registration; several candidate paths mean no file.
    """
    paths = {
        m.group(1)
        for m in _MODULE_PATH.finditer(value)
        if value.count("{", 0, m.start()) == value.count("}", 0, m.start())
    }
    if len(paths) != 1:
        return None
    rel = paths.pop().rstrip("/")
    target = rel if rel.endswith(".nix") else f"{rel}/default.nix"
    return f"{PYTHON_MODULES}/{target}"


def derivation_version(text: str) -> tuple[str | None, str | None]:
    """``(version, note)`` of a package file: the ``version`` its derivation's top level declares.

    The derivation's attributes sit at brace depth 1 (after the ``{ … }:`` argument set).  A plain
    string literal is the version; an ``inherit version;`` resolves to a literal ``let`` binding
    at depth 0; anything else is reported as computed, with its expression, never evaluated.
    """
    found = [b for b in bindings(text) if b.name == "version" and b.depth <= 1]
    top = [b for b in found if b.depth == 1 and not b.let]
    lets = [b for b in found if b.depth == 0 and b.let and not b.inherited]
    if not top:
        if len(lets) == 1 and parse_string(lets[0].value) is not None:
            return parse_string(lets[0].value), None
        return None, "no version at the derivation's top level"
    values = {(b.value, b.inherited) for b in top}
    if len(values) > 1:
        return None, f"ambiguous: {len(top)} version bindings (line {', '.join(str(b.line) for b in top)})"
    b = top[0]
    if b.inherited:
        if b.value == "" and len(lets) == 1 and parse_string(lets[0].value) is not None:
            return parse_string(lets[0].value), None
        source = f"inherit {b.value} version" if b.value else "inherit version"
        return None, f"computed: {source}"
    literal = parse_string(b.value)
    if literal is None:
        return None, f"computed: {_one_line(b.value)}"
    return literal, None


def _one_line(expr: str, limit: int = 80) -> str:
    flat = " ".join(expr.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_IDENT_PATH = re.compile(r"^[A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*$")


def parse_aliases(text: str) -> dict[str, Alias]:
    """python-aliases.nix: ``old = new; # added …``, ``old = throw "…";`` and inherits."""
    out: dict[str, Alias] = {}
    for b in top_level(text):
        value = b.value
        if b.inherited:
            target = f"{b.value.strip('() ')}.{b.name}" if b.value else b.name
            out[b.name] = Alias(b.name, target)
        elif value.startswith("throw") and not re.match(r"throw[\w'-]", value):
            out[b.name] = Alias(b.name, None, parse_string(value[len("throw") :]) or _one_line(value[5:].strip()))
        elif _IDENT_PATH.match(value):
            out[b.name] = Alias(b.name, value)
        else:
            out[b.name] = Alias(b.name, None, None)
    return dict(sorted(out.items()))


_PYTHON_DEF = re.compile(r"^[ \t]*python3(\d+)\s*=(?!=)\s*+(?!throw\b)", re.M)
_PYTHON_INHERIT = re.compile(r"inherit\s*\(\s*pythonInterpreters\s*\)([^;]*);")


def interpreters(text: str) -> list[str]:
    """CPython versions a file defines: ``python313 = callPackage ./cpython …`` (not ``= throw``)
    or ``inherit (pythonInterpreters) python313 …`` as all-packages.nix does.

    A line-anchored regex rather than :func:`bindings`: all-packages.nix is 1.5 MB and these are
    the only two shapes nixpkgs has ever used for interpreters.
    """
    found = {f"3.{m.group(1)}" for m in _PYTHON_DEF.finditer(text)}
    for m in _PYTHON_INHERIT.finditer(text):
        found |= {f"3.{x[len('python3'):]}" for x in m.group(1).split() if re.fullmatch(r"python3\d+", x)}
    return sorted(found, key=python_key)


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
