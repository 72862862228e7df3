"""``pyproject.toml``: PEP 621 ``[project]``, its ``dynamic`` fields, poetry's ``[tool.poetry]``,
and each backend's rules for which modules go into the wheel."""

from __future__ import annotations

import re
import tomllib
import weakref
from collections.abc import Mapping
from typing import Any, Optional

import attrs
from packaging.requirements import Requirement

from ..errors import MetadataError
from ..model import EntryPoint
from . import layout, poetry, wheel_files
from .requirements import extra_spellings, normalize_extra, parse_requirements, parse_specifier, requirement_lines
from .static_python import literal_assignment, version_by_regex
from .tree import SourceTree, read_text

PYPROJECT = "pyproject.toml"

#: Backends whose version comes from the VCS at build time: only an sdist's PKG-INFO or the tag knows it.
VCS_VERSION_HINTS = ("setuptools-scm", "setuptools_scm", "hatch-vcs", "pdm-backend", "versioningit", "poetry-dynamic-versioning", "dunamai")


@attrs.frozen
class PyProject:
    """What pyproject.toml says; ``fields`` is None when it has no ``[project]`` or ``[tool.poetry]``."""

    data: Mapping[str, Any]
    text: str
    build_requires: tuple[Requirement, ...]
    build_backend: Optional[str]
    fields: Optional[dict[str, Any]]
    #: dynamic fields that setup.py/setup.cfg must supply
    from_setuptools: frozenset[str]

    def tool(self, *path: str) -> Any:
        node: Any = self.data.get("tool", {})
        for key in path:
            if not isinstance(node, Mapping):
                return None
            node = node.get(key)
        return node


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
    """Read pyproject.toml; *version_hint* is the version known from PKG-INFO or the tag, used only for
    versions computed from the VCS at build time."""
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
    pp = PyProject(data, text, build_requires, backend, None, frozenset())
    if "project" in data:
        fields, from_setuptools = _pep621(tree, pp, version_hint)
        return attrs.evolve(pp, fields=fields, from_setuptools=from_setuptools)
    if isinstance(pp.tool("poetry"), Mapping) and pp.tool("poetry").get("name"):
        return attrs.evolve(pp, fields=poetry.read(tree, pp.tool("poetry"), text))
    return pp


def _pep621(tree: SourceTree, pp: PyProject, version_hint: Optional[str]) -> tuple[dict[str, Any], frozenset[str]]:
    where = tree.display(PYPROJECT)
    project = pp.data["project"]
    if not isinstance(project, Mapping):
        raise MetadataError("[project] must be a table", path=where)
    dynamic = set(project.get("dynamic", []))
    name = project.get("name")
    if not name or not isinstance(name, str):
        raise MetadataError("[project] has no name", path=where)
    out: dict[str, Any] = {"name": name, "origin": (PYPROJECT,)}
    from_setuptools: set[str] = set()
    setuptools_dynamic = pp.tool("setuptools", "dynamic") or {}
    is_setuptools = (pp.build_backend or "setuptools.build_meta").startswith("setuptools")

    # version
    if "version" in project:
        out["version"] = _string(project["version"], "version", where)
    elif "version" in dynamic:
        version = _dynamic_version(tree, pp, setuptools_dynamic, version_hint)
        if version is None and is_setuptools:
            from_setuptools.add("version")
        else:
            out["version"] = version
    out["summary"] = project.get("description")
    if out["summary"] is None and "description" in dynamic and (pp.build_backend or "").startswith("flit"):
        out["summary"] = _flit_docstring(tree, pp)
    requires_python = project.get("requires-python")
    out["requires_python"] = parse_specifier(requires_python, where, pp.text)

    license_field = project.get("license")
    if isinstance(license_field, str):
        out["license_expression"] = license_field
    elif isinstance(license_field, Mapping):
        if "text" in license_field:
            out["license_text"] = str(license_field["text"])
        elif "file" in license_field:
            out["license_text"] = _first_line_of_file(tree, str(license_field["file"]))
    classifiers = project.get("classifiers")
    if classifiers is None and "classifiers" in dynamic and "classifiers" in setuptools_dynamic:
        classifiers = [c for c in _file_directive(tree, setuptools_dynamic["classifiers"]).splitlines() if c.strip()]
    out["classifiers"] = tuple(classifiers or ())

    urls = project.get("urls") or {}
    out["urls"] = tuple((str(k), str(v)) for k, v in urls.items())

    # dependencies
    if "dependencies" in project:
        out["dependencies"] = parse_requirements(project["dependencies"], where, pp.text)
    elif "dependencies" in dynamic:
        deps = _dynamic_requirements(tree, pp, setuptools_dynamic.get("dependencies"), "dependencies")
        if deps is None and is_setuptools:
            from_setuptools.add("dependencies")
        elif deps is None:
            raise MetadataError("dependencies are dynamic and no static source for them was found", path=where)
        else:
            out["dependencies"] = deps
    optional = project.get("optional-dependencies")
    if optional is not None:
        out["optional_dependencies"] = tuple(
            (normalize_extra(extra), parse_requirements(reqs, where, pp.text)) for extra, reqs in optional.items()
        )
        out["extra_spellings"] = extra_spellings(optional)
    elif "optional-dependencies" in dynamic:
        spec = setuptools_dynamic.get("optional-dependencies")
        if isinstance(spec, Mapping):
            out["optional_dependencies"] = tuple(
                (normalize_extra(extra), _dynamic_requirements(tree, pp, value, f"optional-dependencies.{extra}") or ())
                for extra, value in spec.items()
            )
            out["extra_spellings"] = extra_spellings(spec)
        elif is_setuptools:
            from_setuptools.add("optional_dependencies")

    entry_points: list[EntryPoint] = []
    for group, key in (("console_scripts", "scripts"), ("gui_scripts", "gui-scripts")):
        for script, value in (project.get(key) or {}).items():
            entry_points.append(EntryPoint(script, str(value), group))
    if "scripts" in dynamic and is_setuptools:
        from_setuptools.add("entry_points")
    out["entry_points"] = tuple(entry_points)
    if "urls" in dynamic and is_setuptools:
        from_setuptools.add("urls")
    if "description" in dynamic and is_setuptools:
        from_setuptools.add("summary")
    out["dependency_groups"] = dependency_groups(pp.data, where, pp.text)
    return out, frozenset(from_setuptools)


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


def _dynamic_requirements(tree: SourceTree, pp: PyProject, spec: Any, field: str) -> Optional[tuple[Requirement, ...]]:
    if spec is not None:
        files = spec.get("file") if isinstance(spec, Mapping) else None
        if files is None:
            raise MetadataError(f"dynamic {field}: only the 'file' directive is supported", path=tree.display(PYPROJECT))
        out: list[Requirement] = []
        for f in [files] if isinstance(files, str) else files:
            out.extend(requirement_lines(read_text(tree, f), tree.display(f)))
        return tuple(out)
    hook = pp.tool("hatch", "metadata", "hooks", "requirements_txt")
    if isinstance(hook, Mapping) and field == "dependencies":
        out = []
        for f in hook.get("files", ["requirements.txt"]):
            out.extend(requirement_lines(read_text(tree, f), tree.display(f)))
        return tuple(out)
    return None


def _dynamic_version(tree: SourceTree, pp: PyProject, setuptools_dynamic: Mapping[str, Any], version_hint: Optional[str]) -> Optional[str]:
    """A dynamic version read statically; when that is impossible (computed by code), the version
    an sdist's PKG-INFO records or the tag gives (*version_hint*) is used instead of failing."""
    try:
        return _static_version(tree, pp, setuptools_dynamic, version_hint)
    except MetadataError:
        if version_hint:
            return version_hint
        raise


def _static_version(tree: SourceTree, pp: PyProject, setuptools_dynamic: Mapping[str, Any], version_hint: Optional[str]) -> Optional[str]:
    where = tree.display(PYPROJECT)
    spec = setuptools_dynamic.get("version")
    if isinstance(spec, Mapping) and "attr" in spec:
        return _version_from_attr(tree, pp, str(spec["attr"]))
    if isinstance(spec, Mapping) and "file" in spec:
        return _file_directive(tree, spec).strip()
    hatch = pp.tool("hatch", "version")
    if isinstance(hatch, Mapping) and "path" in hatch and hatch.get("source", "regex") == "regex":
        path = str(hatch["path"])
        version = version_by_regex(tree, path)
        if version is None:
            raise MetadataError("[tool.hatch.version] path has no __version__ = \"…\" line", path=tree.display(path))
        return version
    pdm = pp.tool("pdm", "version")
    if isinstance(pdm, Mapping) and pdm.get("source") == "file" and "path" in pdm:
        path = str(pdm["path"])
        version = version_by_regex(tree, path)
        if version is None:
            raise MetadataError("[tool.pdm.version] path has no __version__ = \"…\" line", path=tree.display(path))
        return version
    if (pp.build_backend or "").startswith("flit"):
        module = _flit_module(pp)
        found = layout.named_module(tree, module)
        if found:
            base, _ = found
            path = "/".join(p for p in (base, module.replace(".", "/")) if p)
            target = path + "/__init__.py" if tree.is_dir(path) else path + ".py"
            version = literal_assignment(tree, target, "__version__")
            if version:
                return version
    if version_hint:
        return version_hint
    requires = " ".join(str(r) for r in pp.build_requires).lower()
    if any(h in requires for h in VCS_VERSION_HINTS) or pp.tool("setuptools_scm") is not None or (isinstance(hatch, Mapping) and hatch.get("source") == "vcs"):
        raise MetadataError(
            "the version is computed from git tags at build time; emit from an sdist (its PKG-INFO has it) or pass --tag",
            path=where,
        )
    if (pp.build_backend or "setuptools.build_meta").startswith("setuptools"):
        return None  # setup.py / setup.cfg may supply it
    raise MetadataError("version is dynamic and no static source for it was found", path=where)


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


def _flit_docstring(tree: SourceTree, pp: PyProject) -> Optional[str]:
    """flit takes a dynamic description from the first line of the module's docstring."""
    import ast

    module = _flit_module(pp)
    found = layout.named_module(tree, module)
    if not found:
        return None
    base, _ = found
    path = "/".join(p for p in (base, module.replace(".", "/")) if p)
    target = path + "/__init__.py" if tree.is_dir(path) else path + ".py"
    try:
        doc = ast.get_docstring(ast.parse(read_text(tree, target)))
    except SyntaxError as exc:
        raise MetadataError(f"syntax error: {exc.msg}", path=tree.display(target), line=exc.lineno) from None
    return doc.strip().splitlines()[0] if doc and doc.strip() else None


def _flit_module(pp: PyProject) -> str:
    module = pp.tool("flit", "module")
    if isinstance(module, Mapping) and module.get("name"):
        return str(module["name"])
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
        # namespace package, case is kept)
        module = pp.tool("flit", "module")
        name = str(module["name"]) if isinstance(module, Mapping) and module.get("name") else raw_name.replace("-", "_")
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
        return wheel_files.scikit_build(tree, pp.tool("scikit-build") or {}, distribution)
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
