"""What a person wrote in an existing python-modules file, read from its syntax tree.

``update`` and ``audit`` compare a nixpkgs file with upstream metadata.  This module reads the
parts they compare (:class:`Written`): the dependency lists with the condition of every element,
``optional-dependencies``, ``pythonRelaxDeps``/``pythonRemoveDeps``, ``disabled``, the version
and the source.  Nothing is guessed: a value this module cannot read is recorded with its line
and the reason (:class:`Opaque`), and the caller refuses to edit it (one line naming the file,
the line and the binding) instead of writing around it.

Conditions are read as truth tables over the checkout's matrix (interpreters × systems), so
``pythonOlder "3.12"`` and ``!(pythonAtLeast "3.12")`` are the same condition, and a condition
no shipped interpreter can satisfy is seen as dead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Optional

import attrs

from .. import conditions
from ..errors import UserError
from ..matrix import SYSTEMS, Environment, Target, python_key
from ..nixsyntax import (
    Apply,
    AttrPath,
    AttrSet,
    Binding,
    BinOp,
    Ident,
    Inherit,
    Interpolation,
    List,
    Node,
    Select,
    String,
    Unary,
    parse,
    query,
    read_module,
)
from ..nixsyntax.pymodule import PythonModule

#: cells of the matrix where something holds
Cells = frozenset[Environment]


class Refused(UserError):
    """A file, or a part of it, the tool does not understand well enough to edit: printed as
    ``file:line: BINDING: reason`` and nothing is written."""


@attrs.frozen
class Opaque:
    """A value that is not a list (or ``++`` chain of lists) this module can read."""

    binding: str
    line: int
    reason: str


# --- conditions as truth tables -------------------------------------------------------------------


def cells_of(cond: conditions.Condition, target: Target) -> Cells:
    return frozenset(env for env in target.environments if conditions.evaluate(cond, env))


def _platform(name: str, system: str) -> Optional[bool]:
    os_ = SYSTEMS[system]["sys_platform"]
    arch = system.split("-", 1)[0]
    table = {
        "isLinux": os_ == "linux",
        "isDarwin": os_ == "darwin",
        "isx86_64": arch == "x86_64",
        "isAarch64": arch == "aarch64",
        "isx86": arch == "x86_64",
        "isAarch": arch == "aarch64",
        "isArm": arch == "aarch64",
        "isWindows": False,
        "isFreeBSD": False,
        "isUnix": True,
        "is64bit": True,
        "isi686": False,
        "isMusl": False,
        "isStatic": False,
    }
    return table.get(name)


_PLATFORM = re.compile(r"^stdenv\.(?:hostPlatform\.|buildPlatform\.|targetPlatform\.)?(is\w+)$")
#: variables every CPython package set of nixpkgs gives a constant value
_PYTHON_FLAGS = {"isPyPy": False, "isPy3k": True, "isPy27": False, "isCPython": True}


def truth(node: Node, target: Target) -> Optional[Cells]:
    """The cells where a nixpkgs condition holds (``pythonOlder "3.12"``, ``!isPyPy``,
    ``stdenv.hostPlatform.isDarwin && pythonAtLeast "3.13"``…), or None when it is not one this
    reads (an unknown function or variable)."""
    node = query.unwrap(node) or node
    if isinstance(node, Unary) and node.op == "!":
        inner = truth(node.expr, target)
        return None if inner is None else frozenset(target.environments) - inner
    if isinstance(node, BinOp) and node.op in ("&&", "||", "->"):
        left, right = truth(node.left, target), truth(node.right, target)
        if left is None or right is None:
            return None
        if node.op == "&&":
            return left & right
        if node.op == "||":
            return left | right
        return (frozenset(target.environments) - left) | right
    if isinstance(node, Apply):
        func, args = node.flatten()
        name = query.dotted(func)
        if name in ("pythonOlder", "pythonAtLeast", "lib.versionOlder", "lib.versionAtLeast") and len(args) == 1:
            arg = query.string_value(args[0])
            if arg is None or not re.match(r"^\d+(\.\d+)*$", arg):
                return None
            older = name in ("pythonOlder", "lib.versionOlder")
            bound = tuple(int(p) for p in arg.split("."))
            return frozenset(env for env in target.environments if (python_key(env.python) < bound) == older)
        return None
    name = query.dotted(node)
    if name in ("true", "false"):
        return frozenset(target.environments) if name == "true" else frozenset()
    if name in _PYTHON_FLAGS:
        return frozenset(target.environments) if _PYTHON_FLAGS[name] else frozenset()
    m = _PLATFORM.match(name or "")
    if m:
        values = {env: _platform(m.group(1), env.system) for env in target.environments}
        if any(v is None for v in values.values()):
            return None
        return frozenset(env for env, v in values.items() if v)
    return None


# --- what the file says ---------------------------------------------------------------------------


@attrs.frozen
class Entry:
    """One element of a dependency list: the attribute it names and where it holds."""

    attr: str
    #: cells where the element is in the list; None when its condition is not readable
    cells: Optional[Cells]
    #: the ``++`` term it is in (0 for the first) and its index in that term's list
    term: int
    index: int
    line: int
    #: ``attr.optional-dependencies.<extra>`` rather than ``attr`` itself
    extra: Optional[str] = None


@attrs.frozen
class Section:
    """A dependency list as written: ``build-system``, ``dependencies`` or one extra."""

    name: str
    #: the binding it is read from (``dependencies``, ``propagatedBuildInputs``…)
    binding: Optional[str]
    entries: tuple[Entry, ...] = ()
    opaque: Optional[Opaque] = None
    #: conditions of ``lib.optionals`` terms that are constant over the matrix: (line, text, value)
    dead: tuple[tuple[int, str, bool], ...] = ()
    line: int = 0

    def cells(self, attr: str) -> Optional[Cells]:
        """Where *attr* is in the list (the union of its elements), None when unreadable."""
        out: Cells = frozenset()
        for e in self.entries:
            if e.attr == attr and e.extra is None:
                if e.cells is None:
                    return None
                out |= e.cells
        return out

    @property
    def attrs(self) -> frozenset[str]:
        return frozenset(e.attr for e in self.entries if e.extra is None)


@attrs.frozen
class NameList:
    """``pythonRelaxDeps`` / ``pythonRemoveDeps``: ``true`` (every dependency) or names."""

    binding: str
    every: bool = False
    names: tuple[str, ...] = ()
    opaque: Optional[Opaque] = None
    line: int = 0

    def covers(self, distribution: str) -> bool:
        from packaging.utils import canonicalize_name

        wanted = canonicalize_name(distribution)
        return self.every or any(canonicalize_name(n) == wanted for n in self.names)


@attrs.frozen
class Source:
    """The ``src`` of the file as far as an update needs it."""

    #: fetchPypi, fetchFromGitHub, … or "inherited" (``inherit (root) src``)
    fetcher: str
    line: int
    #: the root package of ``inherit (root) src``
    root: Optional[str] = None
    #: fetchPypi: the distribution file name's project part; fetchFromGitHub: owner and repo
    pname: Optional[str] = None
    extension: Optional[str] = None
    owner: Optional[str] = None
    repo: Optional[str] = None
    #: the tag around the version: ``v`` + version + ``""`` (a ``rev = "refs/tags/…"`` included)
    tag_prefix: Optional[str] = None
    tag_suffix: str = ""
    #: the attribute holding the hash (``hash`` or ``sha256``) and its value
    hash_name: Optional[str] = None
    hash: Optional[str] = None
    #: fetcher arguments other than the ones above (``fetchSubmodules``, ``postFetch``…)
    extra_arguments: tuple[str, ...] = ()
    #: why this source cannot be followed to a new version (None when it can)
    problem: Optional[str] = None

    def tag(self, version: str) -> Optional[str]:
        return None if self.tag_prefix is None else f"{self.tag_prefix}{version}{self.tag_suffix}"


@attrs.frozen
class Written:
    """The facts of one file that ``update`` and ``audit`` compare with upstream."""

    path: str
    attr: str
    pname: Optional[str]
    #: the version literal; None when inherited or computed (see *version_root*, *version_problem*)
    version: Optional[str]
    version_line: int
    version_root: Optional[str]
    version_problem: Optional[str]
    source: Source
    #: pkgs-relative subdirectory of the source (``sourceRoot = "${src.name}/libs/x"``)
    subdir: str
    sections: Mapping[str, Section]
    #: the optional-dependencies set cannot be read (None when it can, or is absent)
    extras_opaque: Optional[Opaque]
    extras_line: int
    relax: NameList
    remove: NameList
    #: cells where ``disabled`` holds (empty without one); None when unreadable
    disabled: Optional[Cells]
    disabled_line: int
    disabled_text: Optional[str]
    arguments: tuple[str, ...]
    #: ``format = "…"`` (legacy) when set
    format: Optional[str] = None
    changelog: Optional[str] = None
    #: attributes in the build's other inputs (``nativeBuildInputs``, ``buildInputs``,
    #: ``propagatedNativeBuildInputs``), and backends their hooks bring (``maturinBuildHook``)
    inputs: frozenset[str] = frozenset()
    #: attributes in ``buildInputs`` (pytest plugins keep pytest there, unpropagated, on purpose)
    build_inputs: frozenset[str] = frozenset()
    #: ``dontCheckRuntimeDeps = true``: the maintainer turned the runtime dependency check off
    runtime_check_off: bool = False
    #: attributes the tests add to the build (``nativeCheckInputs``; pytestCheckHook brings
    #: pytest), empty with ``doCheck = false``
    check_inputs: frozenset[str] = frozenset()

    def extras(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                s.name.split(".", 1)[1] for s in self.sections.values() if s.name.startswith("optional-dependencies.")
            )
        )


# --- reading --------------------------------------------------------------------------------------

#: where each section is read from, in order of preference (the first present is edited)
SECTION_BINDINGS: Mapping[str, tuple[str, ...]] = {
    "build-system": ("build-system",),
    "dependencies": ("dependencies", "propagatedBuildInputs"),
}


def read_text(text: str, path: str, attr: str, target: Target) -> tuple[Written, PythonModule]:
    """Parse and read a file; :class:`Refused` when it is not a python-modules file at all."""
    root = parse(text, path)
    try:
        module = read_module(root)
    except UserError as exc:
        raise Refused(f"{exc.message}; only buildPythonPackage files are read", path=path, line=exc.line) from None
    return read(module, attr, target), module


def read(module: PythonModule, attr: str, target: Target) -> Written:
    root = module.root
    path = root.path or attr
    sections: dict[str, Section] = {}
    for section, names in SECTION_BINDINGS.items():
        sections[section] = _section(module, section, names, target)
    extras_opaque, extras_line = None, 0
    extras_binding = module.binding("optional-dependencies") or module.binding(("passthru", "optional-dependencies"))
    if extras_binding is not None:
        extras_line = extras_binding.line
        extras_set = query.attrset_of(extras_binding.value)
        if extras_set is None or not isinstance(query.unwrap(extras_binding.value), AttrSet):
            extras_opaque = Opaque("optional-dependencies", extras_binding.line, "not a plain attribute set of lists")
        else:
            for b in extras_set.bindings:
                if isinstance(b, Inherit) or len(b.names) != 1 or b.names[0] is None:
                    extras_opaque = Opaque("optional-dependencies", b.line, "an inherit or a nested attribute path")
                    continue
                name = f"optional-dependencies.{b.names[0]}"
                sections[name] = _chain(module, name, b, name, target)
    version, version_line, version_root, version_problem = _version(module)
    pname = module.string("pname")
    disabled_binding = module.binding("disabled")
    disabled: Optional[Cells] = frozenset()
    if disabled_binding is not None:
        disabled = truth(disabled_binding.value, target)
    return Written(
        path=path,
        attr=attr,
        pname=pname,
        version=version,
        version_line=version_line,
        version_root=version_root,
        version_problem=version_problem,
        source=_source(module, pname, version),
        subdir=_subdir(module),
        sections=sections,
        extras_opaque=extras_opaque,
        extras_line=extras_line,
        relax=_names(module, "pythonRelaxDeps"),
        remove=_names(module, "pythonRemoveDeps"),
        disabled=disabled,
        disabled_line=disabled_binding.line if disabled_binding is not None else 0,
        disabled_text=disabled_binding.value.text if disabled_binding is not None else None,
        arguments=module.argument_names,
        format=module.string("format"),
        changelog=_changelog(module, version),
        inputs=_inputs(module, ("nativeBuildInputs", "buildInputs", "propagatedNativeBuildInputs")),
        build_inputs=_inputs(module, ("buildInputs",)),
        runtime_check_off=query.dotted(module.value("dontCheckRuntimeDeps")) == "true",
        check_inputs=frozenset()
        if query.dotted(module.value("doCheck")) == "false"
        else _inputs(module, ("nativeCheckInputs", "checkInputs")),
    )


#: hooks that bring a Python package with them (``rustPlatform.maturinBuildHook``: maturin)
HOOK_BACKENDS: Mapping[str, str] = {
    "maturinBuildHook": "maturin",
    "setuptoolsRustBuildHook": "setuptools-rust",
    "setuptoolsBuildHook": "setuptools",
    "pytestCheckHook": "pytest",
}


def _inputs(module: PythonModule, names: Sequence[str]) -> frozenset[str]:
    """Attributes named in the lists of *names* (any condition), and backends of hooks there."""
    out: set[str] = set()
    for name in names:
        b = module.binding(name)
        if b is None:
            continue
        for node in b.value.walk():
            if not isinstance(node, (Ident, Select)) or isinstance(node.parent, (Select, AttrPath)):
                continue  # the parts of ``rustPlatform.cargoSetupHook`` are not inputs of their own
            dotted = query.dotted(node)
            if dotted is None:
                continue
            last = dotted.rsplit(".", 1)[-1]
            if last in HOOK_BACKENDS:
                out.add(HOOK_BACKENDS[last])
            elif "." not in dotted:
                out.add(dotted)
    return frozenset(out)


def binding_of(module: PythonModule, section: str) -> Optional[Binding]:
    """The binding a section is edited in (``dependencies`` before ``propagatedBuildInputs``)."""
    if section.startswith("optional-dependencies."):
        extras = module.binding("optional-dependencies") or module.binding(("passthru", "optional-dependencies"))
        inner = query.attrset_of(extras.value) if extras is not None else None
        return query.find(inner, section.split(".", 1)[1]) if inner is not None else None
    for name in SECTION_BINDINGS[section]:
        b = module.binding(name)
        if b is not None:
            return b
    return None


def _section(module: PythonModule, section: str, names: Sequence[str], target: Target) -> Section:
    found = [(name, module.binding(name)) for name in names]
    present = [(name, b) for name, b in found if b is not None]
    if not present:
        return Section(section, None)
    parts = [_chain(module, section, b, name, target) for name, b in present]
    first = parts[0]
    entries = tuple(e for p in parts for e in p.entries)
    opaque = next((p.opaque for p in parts if p.opaque is not None), None)
    dead = tuple(d for p in parts for d in p.dead)
    return Section(section, first.binding, entries, opaque, dead, first.line)


def _chain(module: PythonModule, section: str, b: Binding, binding: str, target: Target) -> Section:
    """The elements of ``name = [ … ] ++ lib.optionals COND [ … ] ++ …;``."""
    value = b.value
    entries: list[Entry] = []
    dead: list[tuple[int, str, bool]] = []
    opaque: Optional[Opaque] = None
    everywhere = frozenset(target.environments)
    for t, term in enumerate(query.concat_terms(value)):
        inner = query.unwrap(term)
        opt = query.optionals(term)
        cells: Optional[Cells] = everywhere
        if opt is not None:
            cells = truth(opt.condition, target)
            if cells is not None and (not cells or cells == everywhere):
                dead.append((opt.condition.line, opt.condition.text, bool(cells)))
            items = opt.value
            lst = query.unwrap(items) if opt.function == "optionals" else None
            if isinstance(lst, List):
                nodes = lst.items
            elif opt.function == "optional":
                nodes = [items]
            else:
                opaque = opaque or Opaque(binding, term.line, f"lib.{opt.function} of something that is not a list")
                continue
        elif isinstance(inner, List):
            nodes = inner.items
        else:
            ref = _extra_ref(inner)
            if ref is not None:
                entries.append(Entry(ref[0], cells, t, 0, term.line, extra=ref[1]))
                continue
            opaque = opaque or Opaque(binding, term.line, f"a {_describe(inner)} where a list is expected")
            continue
        for i, node in enumerate(nodes):
            name = query.dotted(node)
            ref = _extra_ref(query.unwrap(node))
            if ref is not None:
                entries.append(Entry(ref[0], cells, t, i, node.line, extra=ref[1]))
            elif name is not None and "." not in name:
                entries.append(Entry(name, cells, t, i, node.line))
            # anything else (``qt6.qtbase``, ``(toPythonModule x)``) is kept and not compared
    return Section(section, binding, tuple(entries), opaque, tuple(dead), b.line)


def _extra_ref(node: Optional[Node]) -> Optional[tuple[str, str]]:
    """``foo.optional-dependencies.bar`` → ("foo", "bar")."""
    name = query.dotted(node)
    if name is None:
        return None
    parts = name.split(".")
    if len(parts) == 3 and parts[1] in ("optional-dependencies", "passthru"):
        return parts[0], parts[2]
    return None


def _describe(node: Optional[Node]) -> str:
    if isinstance(node, Apply):
        return f"call of {query.dotted(node.flatten()[0]) or 'a function'}"
    return type(node).__name__.lower() if node is not None else "value"


def _names(module: PythonModule, binding: str) -> NameList:
    b = module.binding(binding)
    if b is None:
        return NameList(binding)
    value = query.unwrap(b.value)
    if isinstance(value, Ident) and value.name in ("true", "false"):
        return NameList(binding, every=value.name == "true", line=b.line)
    names: list[str] = []
    for term in query.concat_terms(b.value):
        inner = query.unwrap(term)
        opt = query.optionals(term)
        if opt is not None:
            inner = query.unwrap(opt.value)
        if not isinstance(inner, List):
            return NameList(binding, opaque=Opaque(binding, b.line, "not a list of strings"), line=b.line)
        for item in inner.items:
            text = query.string_value(item)
            if text is None:
                return NameList(
                    binding, opaque=Opaque(binding, item.line, "an element that is not a plain string"), line=b.line
                )
            names.append(text)
    return NameList(binding, names=tuple(names), line=b.line)


def _version(module: PythonModule) -> tuple[Optional[str], int, Optional[str], Optional[str]]:
    """(literal, line, root of ``inherit (root) version``, why there is no literal)."""
    b = module.binding("version")
    if b is not None:
        text = query.string_value(b.value)
        if text is not None:
            return text, b.line, None, None
        return None, b.line, None, f"version: computed ({b.value.text}), the tool sets only a string literal"
    entry = query.inherited(module.attrs).get("version")
    if entry is None:
        return None, module.attrs.line, None, "version: the derivation has none"
    source = entry.source
    if source is None:  # `inherit version;` from a let block
        let = module.let_binding("version")
        if let is not None and query.string_value(let.value) is not None:
            return query.string_value(let.value), let.line, None, None
        return None, entry.inherit.line, None, "version: inherited from a value the tool cannot read"
    root = query.dotted(source)
    if root is None or "." in root:
        return None, entry.inherit.line, None, f"version: inherited from {source.text}, which the tool cannot follow"
    return None, entry.inherit.line, root, None


def _resolve(node: Optional[Node], module: PythonModule, pname: Optional[str], version: Optional[str]) -> Optional[str]:
    """A string literal, or ``pname``/``version`` (also ``finalAttrs.pname``) of the derivation."""
    node = query.unwrap(node)
    text = query.string_value(node)
    if text is not None:
        return text
    name = query.dotted(node)
    if name is None:
        return None
    short = name.split(".", 1)[1] if module.self_name and name.startswith(module.self_name + ".") else name
    return {"pname": pname, "version": version}.get(short)


def _is_version(node: Node, module: PythonModule) -> bool:
    name = query.dotted(node)
    return name == "version" or (module.self_name is not None and name == f"{module.self_name}.version")


def _template(node: Optional[Node], module: PythonModule) -> Optional[tuple[str, str]]:
    """(prefix, suffix) of a string that is literal text around one ``${version}``."""
    node = query.unwrap(node)
    if node is not None and not isinstance(node, String) and _is_version(node, module):
        return "", ""
    if not isinstance(node, String) or node.is_indented:
        return None
    segments = node.segments()
    interps = [i for i, s in enumerate(segments) if isinstance(s, Interpolation)]
    if len(interps) != 1 or not _is_version(segments[interps[0]].expr, module):  # type: ignore[union-attr]
        return None
    i = interps[0]
    return "".join(segments[:i]), "".join(segments[i + 1 :])  # type: ignore[arg-type]


_KNOWN_ARGUMENTS = {
    "fetchPypi": {"pname", "version", "hash", "sha256", "extension"},
    "fetchFromGitHub": {"owner", "repo", "tag", "rev", "hash", "sha256", "name"},
}


def _source(module: PythonModule, pname: Optional[str], version: Optional[str]) -> Source:
    b = module.binding("src")
    if b is None:
        entry = query.inherited(module.attrs).get("src")
        if entry is not None and entry.source is not None:
            root = query.dotted(entry.source)
            if root is not None and "." not in root:
                return Source("inherited", entry.inherit.line, root=root)
        line = entry.inherit.line if entry is not None else module.attrs.line
        return Source("unknown", line, problem="no src the tool can read (a fetcher call with an attribute set)")
    value = query.unwrap(b.value)
    if not isinstance(value, Apply):
        return Source("unknown", b.line, problem=f"src is not a fetcher call ({_describe(value)})")
    func, args = value.flatten()
    fetcher = query.dotted(func) or "?"
    arg = query.unwrap(args[-1]) if args else None
    if len(args) != 1 or not isinstance(arg, AttrSet):
        return Source(fetcher, b.line, problem=f"src is not {fetcher} with one attribute set")
    #: argument → its value node; None for an inherited one (``inherit pname version;`` or
    #: ``inherit (finalAttrs) pname version;``: the derivation's own value)
    values: dict[str, Optional[Node]] = {}
    for bind in arg.bindings:
        if isinstance(bind, Inherit):
            values.update((name, None) for name in bind.names if name is not None)
        elif len(bind.names) == 1 and bind.names[0] is not None:
            values[bind.names[0]] = bind.value
    known = _KNOWN_ARGUMENTS.get(fetcher, set())
    extra = tuple(sorted(k for k in values if k not in known))
    hash_name = "hash" if "hash" in values else "sha256" if "sha256" in values else None
    hash_node = values.get(hash_name) if hash_name else None
    hash_value = query.string_value(hash_node) if hash_node is not None else None
    problem = None
    if hash_name is None or hash_value is None:
        problem = f"{fetcher} has no literal hash"
    if fetcher == "fetchPypi":
        pypi_pname = (
            pname
            if "pname" in values and values["pname"] is None
            else _resolve(values.get("pname"), module, pname, version)
        )
        extension = query.string_value(values.get("extension")) if "extension" in values else None
        if "version" not in values:
            problem = problem or "fetchPypi is not given the version"
        elif values["version"] is not None and _template(values["version"], module) != ("", ""):
            problem = problem or "fetchPypi's version is not the package's version"
        if pypi_pname is None:
            problem = problem or "fetchPypi's pname is computed"
        if "format" in values:
            problem = problem or "fetchPypi fetches a wheel (format = …)"
        return Source(fetcher, b.line, pname=pypi_pname, extension=extension, hash_name=hash_name, hash=hash_value,
                      extra_arguments=extra, problem=problem)  # fmt: skip
    if fetcher == "fetchFromGitHub":
        owner = _resolve(values.get("owner"), module, pname, version)
        repo = _resolve(values.get("repo"), module, pname, version)
        ref_name = "tag" if "tag" in values else "rev" if "rev" in values else None
        template = _template(values.get(ref_name), module) if ref_name else None
        prefix, suffix = template if template is not None else (None, "")
        if ref_name == "rev" and prefix is not None and prefix.startswith("refs/tags/"):
            prefix = prefix[len("refs/tags/") :]
        if owner is None or repo is None:
            problem = problem or "fetchFromGitHub's owner or repo is computed"
        if template is None:
            ref_text = values[ref_name].text if ref_name and values.get(ref_name) is not None else "none"
            problem = problem or f"src.{ref_name or 'tag'} does not follow the version ({ref_text})"
        return Source(fetcher, b.line, owner=owner, repo=repo, tag_prefix=prefix, tag_suffix=suffix, hash_name=hash_name,
                      hash=hash_value, extra_arguments=extra, problem=problem)  # fmt: skip
    return Source(fetcher, b.line, hash_name=hash_name, hash=hash_value, extra_arguments=extra,
                  problem=problem or f"{fetcher} sources are not followed (fetchPypi and fetchFromGitHub are)")  # fmt: skip


def _subdir(module: PythonModule) -> str:
    """``sourceRoot = "${src.name}/libs/core"`` → ``libs/core``."""
    node = query.unwrap(module.value("sourceRoot"))
    if not isinstance(node, String):
        return ""
    segments = node.segments()
    if len(segments) >= 2 and isinstance(segments[0], Interpolation) and all(isinstance(s, str) for s in segments[1:]):
        rest = "".join(segments[1:])  # type: ignore[arg-type]
        return rest.strip("/")
    if node.value and "/" in node.value:  # "source/libs/core"
        return node.value.split("/", 1)[1].strip("/")
    return ""


def _changelog(module: PythonModule, version: Optional[str]) -> Optional[str]:
    """``meta.changelog`` with ``${version}`` (or ``finalAttrs.version``) filled in, when that is
    all it interpolates (``${src.tag}`` is left to the caller: see :func:`changelog_for`)."""
    node = query.unwrap(module.value(("meta", "changelog")))
    if not isinstance(node, String):
        return None
    out = []
    for s in node.segments():
        if isinstance(s, str):
            out.append(s)
        elif _is_version(s.expr, module) and version is not None:
            out.append(version)
        else:
            name = query.dotted(s.expr) or ""
            short = name.split(".", 1)[1] if module.self_name and name.startswith(module.self_name + ".") else name
            out.append("\0" + short + "\0")  # filled in later (src.tag, pname)
    return "".join(out)


def changelog_for(written: Written, version: str) -> Optional[str]:
    """The file's changelog link at *version*, or None when it interpolates something else."""
    if written.changelog is None:
        return None
    tag = written.source.tag(version) if written.source.fetcher == "fetchFromGitHub" else None
    text = written.changelog
    if written.version is not None:
        text = text.replace(written.version, version)
    values = {"version": version, "src.tag": tag, "pname": written.pname, "src.rev": tag}
    parts = text.split("\0")
    for i in range(1, len(parts), 2):
        value = values.get(parts[i])
        if value is None:
            return None
        parts[i] = value
    return "".join(parts)


def changed_cells(a: Optional[Cells], b: Optional[Cells]) -> bool:
    return a != b


def describe_cells(cells: Optional[Cells], target: Target) -> str:
    """A short reading of where something holds: "always", "never", "python3.11, python3.12"…"""
    if cells is None:
        return "under a condition the tool cannot read"
    everywhere = frozenset(target.environments)
    if cells == everywhere:
        return "always"
    if not cells:
        return "never"
    from ..render import nix

    cond = conditions.synthesize({env: env in cells for env in target.environments}, target)
    return f"when {nix.condition(cond)}"


__all__ = [
    "Cells",
    "Entry",
    "NameList",
    "Opaque",
    "Refused",
    "Section",
    "Source",
    "Written",
    "binding_of",
    "cells_of",
    "changelog_for",
    "describe_cells",
    "read",
    "read_text",
    "truth",
]
