"""``pyproject.toml``: PEP 621 ``[project]``, its ``dynamic`` fields, poetry's ``[tool.poetry]``,
and each backend's rules for which modules go into the wheel."""

from __future__ import annotations

import re
import tomllib
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Optional

import attrs
from packaging.requirements import Requirement

from ..errors import MetadataError
from ..model import EntryPoint
from . import flit, layout, poetry, wheel_files
from .precedence import Deferred, Lazy
from .requirements import extra_spellings, normalize_extra, parse_requirements, parse_specifier, requirement_lines
from .static_python import literal_assignment, version_by_regex
from .tree import SourceTree, read_text

PYPROJECT = "pyproject.toml"

#: Backends whose version comes from the VCS at build time: only an sdist's PKG-INFO or the tag knows it.
VCS_VERSION_HINTS = ("setuptools-scm", "setuptools_scm", "hatch-vcs", "pdm-backend", "versioningit", "poetry-dynamic-versioning", "dunamai")


#: PEP 621 ``dynamic`` names → the Metadata fields they stand for
DYNAMIC_FIELDS: Mapping[str, tuple[str, ...]] = {
    "version": ("version",),
    "description": ("summary",),
    "urls": ("urls",),
    "license": ("license_expression", "license_text"),
    "classifiers": ("classifiers",),
    "requires-python": ("requires_python",),
    "dependencies": ("dependencies",),
    "optional-dependencies": ("optional_dependencies", "extra_spellings"),
    "scripts": ("entry_points",),
    "gui-scripts": ("entry_points",),
    "entry-points": ("entry_points",),
}
#: Metadata fields a [project] table speaks about (declared, dynamic or absent)
PROJECT_FIELDS = ("version", "summary", "urls", "license_expression", "license_text", "classifiers",
                  "requires_python", "dependencies", "optional_dependencies", "extra_spellings", "entry_points")


@attrs.frozen
class PyProject:
    """What pyproject.toml says.

    ``fields`` holds the declared (static) fields, None when there is no ``[project]`` or
    ``[tool.poetry]``; ``absent`` the [project] fields neither declared nor dynamic (PEP 621: empty);
    ``dynamic`` the fields marked dynamic, and ``resolvers`` how the backend's configuration gives
    some of them statically (:class:`~nixpkgs_contrib.upstream.precedence.Lazy`, or ``Deferred`` with
    the reason it cannot).  Dynamic fields without a resolver are setup.py's / setup.cfg's to give.
    """

    data: Mapping[str, Any]
    text: str
    build_requires: tuple[Requirement, ...]
    build_backend: Optional[str]
    fields: Optional[dict[str, Any]]
    absent: frozenset[str] = frozenset()
    dynamic: frozenset[str] = frozenset()
    resolvers: Mapping[str, Any] = attrs.field(factory=dict)

    def tool(self, *path: str) -> Any:
        node: Any = self.data.get("tool", {})
        for key in path:
            if not isinstance(node, Mapping):
                return None
            node = node.get(key)
        return node

    @property
    def is_setuptools(self) -> bool:
        """setuptools builds the wheel (``pbr.build`` is setuptools' backend with pbr's setup.cfg)."""
        return (self.build_backend or "setuptools.build_meta").startswith(("setuptools", "pbr.build"))


#: parsed pyproject.toml per tree: discovery, project detection and reading all ask for it
_PARSED: weakref.WeakKeyDictionary[Any, Mapping[str, Any]] = weakref.WeakKeyDictionary()


def load(tree: SourceTree) -> Optional[Mapping[str, Any]]:
    if not tree.is_file(PYPROJECT):
        return None
    if tree in _PARSED:
        return _PARSED[tree]
    text = read_text(tree, PYPROJECT)
    try:
        _PARSED[tree] = data = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise MetadataError(f"invalid TOML: {reason}", path=tree.display(PYPROJECT), line=line) from None


def read(tree: SourceTree, *, version_hint: Optional[str] = None) -> Optional[PyProject]:
    """Read pyproject.toml; *version_hint* is the version a git tag gives, used only for versions
    computed from the VCS at build time."""
    data = load(tree)
    if data is None:
        return None
    text = read_text(tree, PYPROJECT)
    where = tree.display(PYPROJECT)
    build = data.get("build-system", {})
    if not isinstance(build, Mapping):
        raise MetadataError("[build-system] must be a table", path=where)
    build_requires = parse_requirements(build.get("requires", []), where, text)
    backend = build.get("build-backend")
    pp = PyProject(data, text, build_requires, backend, None)
    if "project" in data:
        return _pep621(tree, pp, version_hint)
    if isinstance(pp.tool("poetry"), Mapping) and pp.tool("poetry").get("name"):
        return attrs.evolve(pp, fields=poetry.read(tree, pp.tool("poetry"), text))
    if isinstance(pp.tool("flit", "metadata"), Mapping):
        fields, resolvers = flit.read_legacy(tree, pp.tool("flit"), text)
        absent = frozenset(f for f in flit.LEGACY_FIELDS if f not in fields and f not in resolvers)
        return attrs.evolve(pp, fields=fields, absent=absent, dynamic=frozenset(resolvers), resolvers=resolvers)
    return pp


def _pep621(tree: SourceTree, pp: PyProject, version_hint: Optional[str]) -> PyProject:
    where = tree.display(PYPROJECT)
    project = pp.data["project"]
    if not isinstance(project, Mapping):
        raise MetadataError("[project] must be a table", path=where)
    raw_dynamic = project.get("dynamic", [])
    if not isinstance(raw_dynamic, list):
        raise MetadataError("[project] dynamic must be a list of field names", path=where)
    dynamic = {f for name in raw_dynamic for f in DYNAMIC_FIELDS.get(str(name), ())}
    name = project.get("name")
    if not name or not isinstance(name, str):
        raise MetadataError("[project] has no name", path=where)
    out: dict[str, Any] = {"name": name, "origin": (PYPROJECT,)}

    if "version" in project:
        out["version"] = _string(project["version"], "version", where)
    if "description" in project:
        out["summary"] = project.get("description")
    if "requires-python" in project:
        out["requires_python"] = parse_specifier(project.get("requires-python"), where, pp.text)
    license_field = project.get("license")
    if isinstance(license_field, str):
        out["license_expression"], out["license_text"] = license_field, None
    elif isinstance(license_field, Mapping):
        out["license_expression"] = None
        if "text" in license_field:
            out["license_text"] = str(license_field["text"])
        elif "file" in license_field:
            out["license_text"] = _first_line_of_file(tree, str(license_field["file"]))
        else:
            out["license_text"] = None
    if "classifiers" in project:
        out["classifiers"] = tuple(project.get("classifiers") or ())
    if "urls" in project:
        out["urls"] = tuple((str(k), str(v)) for k, v in (project.get("urls") or {}).items())
    if "dependencies" in project:
        out["dependencies"] = parse_requirements(project["dependencies"], where, pp.text)
    if "optional-dependencies" in project:
        out["optional_dependencies"] = tuple(
            (normalize_extra(extra), parse_requirements(reqs, where, pp.text))
            for extra, reqs in (project.get("optional-dependencies") or {}).items()
        )
        out["extra_spellings"] = extra_spellings(project.get("optional-dependencies") or {})
    if "scripts" in project or "gui-scripts" in project:
        entry_points: list[EntryPoint] = []
        for group, key in (("console_scripts", "scripts"), ("gui_scripts", "gui-scripts")):
            for script, value in (project.get(key) or {}).items():
                entry_points.append(EntryPoint(script, str(value), group))
        out["entry_points"] = tuple(entry_points)
    out["dependency_groups"] = dependency_groups(pp.data, where, pp.text)

    declared = set(out)
    absent = {f for f in PROJECT_FIELDS if f not in declared and f not in dynamic}
    resolvers = _resolvers(tree, pp, dynamic - declared, version_hint)
    if (pp.build_backend or "").startswith("poetry") and isinstance(pp.tool("poetry"), Mapping):
        # poetry-core 2 still takes the fields [project] leaves out (or marks dynamic) from [tool.poetry]
        wanted = {f for f in absent | dynamic if not isinstance(resolvers.get(f), Lazy)}
        try:
            fallback = {k: v for k, v in poetry.fields(tree, pp.tool("poetry"), pp.text).items() if v not in (None, ())}
        except MetadataError as exc:
            fallback = {f: Deferred(exc) for f in wanted & {"dependencies", "optional_dependencies"}}
        for field in sorted(wanted & set(fallback) & set(PROJECT_FIELDS)):
            absent.discard(field)
            resolvers[field] = fallback[field]
    return attrs.evolve(pp, fields=out, absent=frozenset(absent), dynamic=frozenset(dynamic), resolvers=resolvers)


def _resolvers(tree: SourceTree, pp: PyProject, dynamic: set[str], version_hint: Optional[str]) -> dict[str, Any]:
    """How the backend's own configuration gives each dynamic field statically.  A field left out is
    setup.py's / setup.cfg's to give (setuptools); for other backends it becomes a Deferred error."""
    where = tree.display(PYPROJECT)
    setuptools_dynamic = pp.tool("setuptools", "dynamic") or {}
    backend = pp.build_backend or ""
    out: dict[str, Any] = {}
    if "version" in dynamic:
        version = _version_resolver(tree, pp, setuptools_dynamic, version_hint)
        if version is not None:
            out["version"] = version
    if "summary" in dynamic and backend.startswith("flit"):
        out["summary"] = Lazy(lambda: flit.docstring_summary(tree, _flit_module(pp)))
    if "classifiers" in dynamic and "classifiers" in setuptools_dynamic:
        classifiers = setuptools_dynamic["classifiers"]
        out["classifiers"] = Lazy(lambda: tuple(c for c in _file_directive(tree, classifiers).splitlines() if c.strip()))
    if "dependencies" in dynamic:
        dependencies = setuptools_dynamic.get("dependencies")
        hook = pp.tool("hatch", "metadata", "hooks", "requirements_txt")
        if dependencies is not None:
            out["dependencies"] = Lazy(lambda: _directive_requirements(tree, dependencies, "dependencies"))
        elif isinstance(hook, Mapping):
            files = hook.get("files", ["requirements.txt"])
            out["dependencies"] = Lazy(lambda: _requirement_files(tree, files))
    if "optional_dependencies" in dynamic:
        optional = setuptools_dynamic.get("optional-dependencies")
        if isinstance(optional, Mapping):
            out["optional_dependencies"] = Lazy(
                lambda: tuple(
                    (normalize_extra(extra), _directive_requirements(tree, value, f"optional-dependencies.{extra}"))
                    for extra, value in optional.items()
                )
            )
            out["extra_spellings"] = extra_spellings(optional)
    if not pp.is_setuptools:
        for field in sorted(dynamic - set(out)):
            out[field] = Deferred(
                MetadataError(f"{_pep621_name(field)} is dynamic ({backend or 'unknown backend'}) and neither pyproject.toml nor an authoritative PKG-INFO (metadata 2.2+, field not Dynamic) gives it", path=where)
            )
    return out


def _pep621_name(field: str) -> str:
    return next((name for name, fields in DYNAMIC_FIELDS.items() if field in fields), field)


def dependency_groups(data: Mapping[str, Any], where: str, text: str) -> tuple[tuple[str, tuple[Requirement, ...]], ...]:
    """PEP 735 ``[dependency-groups]`` with ``include-group`` expanded."""
    groups = data.get("dependency-groups") or {}
    if not isinstance(groups, Mapping):
        raise MetadataError("[dependency-groups] must be a table", path=where)
    normalized = {normalize_extra(k): v for k, v in groups.items()}

    def expand(name: str, seen: tuple[str, ...]) -> tuple[Requirement, ...]:
        if name in seen:
            raise MetadataError(f"dependency group {name!r} includes itself", path=where)
        if name not in normalized:
            raise MetadataError(f"dependency group {name!r} does not exist", path=where)
        out: list[Requirement] = []
        for item in normalized[name]:
            if isinstance(item, Mapping) and "include-group" in item:
                out.extend(expand(normalize_extra(str(item["include-group"])), seen + (name,)))
            else:
                out.extend(parse_requirements([item], where, text))
        return tuple(out)

    return tuple((name, expand(name, ())) for name in normalized)


def _string(value: Any, field: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MetadataError(f"[project] {field} must be a non-empty string", path=where)
    return value.strip()


def _file_directive(tree: SourceTree, spec: Any) -> str:
    files = spec.get("file") if isinstance(spec, Mapping) else None
    if files is None:
        raise MetadataError("only 'file' and 'attr' dynamic directives are supported", path=tree.display(PYPROJECT))
    if isinstance(files, str):
        files = [files]
    return "\n".join(read_text(tree, f) for f in files)


def _first_line_of_file(tree: SourceTree, relpath: str) -> str:
    return read_text(tree, relpath).strip().splitlines()[0] if tree.is_file(relpath) else ""


def _directive_requirements(tree: SourceTree, spec: Any, field: str) -> tuple[Requirement, ...]:
    files = spec.get("file") if isinstance(spec, Mapping) else None
    if files is None:
        raise MetadataError(f"dynamic {field}: only the 'file' directive is supported", path=tree.display(PYPROJECT))
    return _requirement_files(tree, [files] if isinstance(files, str) else files)


def _requirement_files(tree: SourceTree, files: Any) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    for f in files:
        out.extend(requirement_lines(read_text(tree, str(f)), tree.display(str(f))))
    return tuple(out)


def _version_resolver(tree: SourceTree, pp: PyProject, setuptools_dynamic: Mapping[str, Any], version_hint: Optional[str]) -> Any:
    """The dynamic version as a lazy offer, or None when setup.py / setup.cfg must give it."""
    where = tree.display(PYPROJECT)
    spec = setuptools_dynamic.get("version")
    hatch = pp.tool("hatch", "version")
    pdm = pp.tool("pdm", "version")
    backend = pp.build_backend or ""
    compute: Optional[Callable[[], Optional[str]]] = None
    if isinstance(spec, Mapping) and "attr" in spec:
        compute = lambda: _version_from_attr(tree, pp, str(spec["attr"]))  # noqa: E731
    elif isinstance(spec, Mapping) and "file" in spec:
        compute = lambda: _file_directive(tree, spec).strip()  # noqa: E731
    elif isinstance(hatch, Mapping) and "path" in hatch and hatch.get("source", "regex") == "regex":
        compute = lambda: _version_in_file(tree, str(hatch["path"]), "[tool.hatch.version] path")  # noqa: E731
    elif isinstance(pdm, Mapping) and pdm.get("source") == "file" and "path" in pdm:
        compute = lambda: _version_in_file(tree, str(pdm["path"]), "[tool.pdm.version] path")  # noqa: E731
    elif backend.startswith("flit"):
        compute = lambda: flit.module_version(tree, _flit_module(pp))  # noqa: E731
    if compute is not None:
        def with_hint() -> Optional[str]:
            try:
                found = compute()
            except MetadataError:
                if version_hint:
                    return version_hint
                raise
            return found or version_hint or _no_version(where, "the version module")
        return Lazy(with_hint)
    if version_hint:
        return version_hint
    requires = " ".join(str(r) for r in pp.build_requires).lower()
    if any(h in requires for h in VCS_VERSION_HINTS) or pp.tool("setuptools_scm") is not None or (isinstance(hatch, Mapping) and hatch.get("source") in ("vcs", "uv-dynamic-versioning")):
        return Deferred(MetadataError(
            "the version is computed from git tags at build time; emit from an sdist (its PKG-INFO has it) or pass --tag",
            path=where,
        ))
    if pp.is_setuptools:
        return None  # setup.py / setup.cfg may supply it
    return Deferred(MetadataError("version is dynamic and no static source for it was found", path=where))


def _no_version(where: str, what: str) -> str:
    raise MetadataError(f"version is dynamic and {what} does not define it", path=where)


def _version_in_file(tree: SourceTree, path: str, what: str) -> str:
    version = version_by_regex(tree, path)
    if version is None:
        raise MetadataError(f"{what} has no __version__ = \"…\" line", path=tree.display(path))
    return version


def _version_from_attr(tree: SourceTree, pp: PyProject, attr: str) -> str:
    module, _, name = attr.rpartition(".")
    package_dir = pp.tool("setuptools", "package-dir") or {}
    base = package_dir.get("", "") if isinstance(package_dir, Mapping) else ""
    # package_dir may also come from setup.cfg (``package_dir = =lib``): look for the module anywhere
    # one or two levels down as well
    module_path = module.replace(".", "/")
    found_bases = sorted(
        {
            f[: -len(suffix)].rstrip("/")
            for f in tree.files()
            for suffix in (f"{module_path}/__init__.py", f"{module_path}.py")
            if f.endswith(suffix) and f.count("/") - suffix.count("/") < 2
        }
    )
    candidates = []
    for b in dict.fromkeys([base, "src", "", *found_bases]):
        path = "/".join(p for p in (b, module.replace(".", "/")) if p)
        candidates += [path + ".py", path + "/__init__.py"]
    for candidate in candidates:
        if tree.is_file(candidate):
            version = literal_assignment(tree, candidate, name)
            if version is not None:
                return version
            raise MetadataError(f"{name} is not assigned in this module", path=tree.display(candidate))
    raise MetadataError(f"dynamic version attr {attr!r}: module not found in the tree", path=tree.display(PYPROJECT))


def _flit_module(pp: PyProject) -> str:
    module = pp.tool("flit", "module")
    if isinstance(module, Mapping) and module.get("name"):
        return str(module["name"])
    legacy = pp.tool("flit", "metadata", "module")  # flit < 3.2
    if isinstance(legacy, str) and legacy:
        return legacy
    name = str(pp.data.get("project", {}).get("name", ""))
    return re.sub(r"[-_.]+", "_", name).lower()


def wheel_layout(tree: SourceTree, pp: PyProject, distribution: str) -> Optional[layout.WheelLayout]:
    """What the backend puts in the wheel, by its own rules; None when setuptools decides
    (``setuptools.build_meta``, and in-tree backends that wrap it)."""
    backend = pp.build_backend or ""
    raw_name = str((pp.data.get("project") or {}).get("name") or distribution)
    if backend.startswith("hatchling"):
        return wheel_files.hatch(tree, _hatch_config(tree, pp), raw_name) or wheel_files.named_after(tree, distribution)
    if backend.startswith("flit"):
        # flit_core: [tool.flit.module] name, else the project name with "-" as "_" (dots make a
        # namespace package, case is kept); flit < 3.2: [tool.flit.metadata] module
        module = pp.tool("flit", "module")
        legacy = pp.tool("flit", "metadata", "module")
        if isinstance(module, Mapping) and module.get("name"):
            name = str(module["name"])
        else:
            name = legacy if isinstance(legacy, str) and legacy else raw_name.replace("-", "_")
        wheel = wheel_files.flit(tree, name)
        return wheel if wheel.files else wheel_files.flit(tree, _flit_module(pp))
    if backend.startswith("poetry"):
        return wheel_files.poetry(tree, pp.tool("poetry") or {}, distribution)
    if backend.startswith("pdm"):
        return wheel_files.pdm(tree, pp.tool("pdm", "build") or {})
    if backend.startswith("uv_build"):
        return wheel_files.uv_build(tree, pp.tool("uv", "build-backend") or {}, distribution)
    if backend.startswith("maturin"):
        return wheel_files.maturin(tree, pp.tool("maturin") or {}, distribution)
    if backend.startswith("mesonpy"):
        return wheel_files.meson(tree)
    if backend.startswith("scikit_build_core"):
        return wheel_files.scikit_build(tree, pp.tool("scikit-build") or {}, raw_name)
    return None


def _hatch_config(tree: SourceTree, pp: PyProject) -> Mapping[str, Any]:
    """``[tool.hatch]``, with the top-level tables of ``hatch.toml`` replacing it (as hatchling does)."""
    config = dict(pp.tool("hatch") or {})
    if tree.is_file("hatch.toml"):
        try:
            config.update(tomllib.loads(read_text(tree, "hatch.toml")))
        except tomllib.TOMLDecodeError as exc:
            raise MetadataError(f"invalid TOML: {exc}", path=tree.display("hatch.toml")) from None
    return config


def declared_import_names(pp: PyProject) -> Optional[tuple[str, ...]]:
    """PEP 794 ``[project] import-names`` when written statically: public names first, names
    annotated ``; private`` only when there is no public one."""
    project = pp.data.get("project")
    if not isinstance(project, Mapping) or "import-names" in (project.get("dynamic") or ()):
        return None
    raw = project.get("import-names")
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        return None
    public, private = [], []
    for entry in raw:
        name, _, annotation = entry.partition(";")
        (private if annotation.strip() == "private" else public).append(name.strip())
    names = tuple(n for n in (public or private) if n and all(p.isidentifier() for p in n.split(".")))
    return names or None
