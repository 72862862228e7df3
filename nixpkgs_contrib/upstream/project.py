"""Read a project: pick the readers its files call for and turn what they say into
:class:`~nixpkgs_contrib.model.Metadata` for every environment of the target matrix.

Precedence follows the build backends: ``[project]`` (PEP 621) or ``[tool.poetry]`` when present;
for setuptools, ``setup.py`` keyword arguments override ``setup.cfg``, and fill the fields a
``[project]`` table marks ``dynamic``.  Only setup.py can differ between interpreters, so it is
the only reader run per environment.
"""

from __future__ import annotations

import email.parser
import re
from collections.abc import Mapping
from typing import Any, Optional

import attrs
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .. import forge
from ..errors import MetadataError, UnresolvableError
from ..matrix import Environment, Target
from ..model import EntryPoint, Metadata, Project
from . import layout, pyproject, setup_cfg, wheel_files
from .native import read_native
from .requirements import extra_spellings, normalize_extra, parse_requirement, parse_requirements, parse_specifier
from .setup_py import SetupAborted
from .tree import SourceTree, read_text

SETUP_PY = "setup.py"
CHANGELOG_FILES = (
    "CHANGELOG.md", "CHANGELOG.rst", "CHANGELOG", "CHANGES.md", "CHANGES.rst", "CHANGES",
    "HISTORY.md", "HISTORY.rst", "NEWS.md", "NEWS.rst", "docs/changelog.md", "docs/changelog.rst",
)
#: setuptools' implicit build requirement (PEP 517 fallback for projects without [build-system])
DEFAULT_BUILD = (Requirement("setuptools"),)


def is_project(tree: SourceTree) -> bool:
    """Does this directory hold a Python project of its own?"""
    if tree.is_file(SETUP_PY):
        return True
    if tree.is_file("setup.cfg") and _cfg_has_metadata(tree):
        return True
    if tree.is_file(pyproject.PYPROJECT):
        data = pyproject.load(tree)
        return bool(data) and ("project" in data or bool((data.get("tool") or {}).get("poetry", {}).get("name")))
    return False


def _cfg_has_metadata(tree: SourceTree) -> bool:
    return "[metadata]" in read_text(tree, "setup.cfg")


def pkg_info_version(tree: SourceTree) -> Optional[str]:
    """The version an sdist's PKG-INFO records (the VCS-derived version of setuptools-scm etc.)."""
    if not tree.is_file("PKG-INFO"):
        return None
    headers = email.parser.Parser().parsestr(read_text(tree, "PKG-INFO"), headersonly=True)
    return headers.get("Version")


def read_project(
    tree: SourceTree,
    target: Target,
    *,
    subdir: str = "",
    version_hint: Optional[str] = None,
    sdist_name: Optional[str] = None,
) -> Project:
    """Read *tree* for every environment of *target*."""
    hint = pkg_info_version(tree) or version_hint
    pp = pyproject.read(tree, version_hint=hint)
    has_setup_py = tree.is_file(SETUP_PY)
    cfg = setup_cfg.read(tree)
    needs_setuptools = pp is None or pp.fields is None or bool(pp.from_setuptools)
    if needs_setuptools and not has_setup_py and not (cfg and cfg.get("name")) and not (pp and pp.fields):
        if pp is not None and pp.fields is None:
            raise MetadataError("pyproject.toml has no [project] or [tool.poetry] table, and there is no setup.py or setup.cfg", path=tree.display(pyproject.PYPROJECT))
        raise MetadataError("no Python project here (no pyproject.toml, setup.cfg or setup.py)", path=tree.display(""))

    per_env: list[tuple[Environment, Metadata]] = []
    cache: dict[Any, Metadata] = {}
    use_setup_py = has_setup_py and (needs_setuptools or (pp is not None and _backend_is_setuptools(pp)))
    aborted: dict[Environment, SetupAborted] = {}
    setup_ext: list[bool] = []  # per environment where setup.py was evaluated: does it build extensions?
    for env in target.environments:
        setup_kwargs = None
        if use_setup_py:
            try:
                # setup_requires= matters only without a [build-system] table (see _metadata)
                unused = ("setup_requires",) if pp is not None and "build-system" in pp.data else ()
                setup_kwargs = _setup_kwargs(_evaluate_setup_py(tree, env), tree, unused)
            except SetupAborted as exc:  # e.g. ``if sys.version_info < (3, 10): sys.exit(…)``
                aborted[env] = exc
                continue
            except MetadataError:
                if needs_setuptools:
                    raise
                # [project] already says everything; setup.py only adds build details (C
                # extensions) that we may not be able to evaluate, e.g. switched by an env var
                setup_kwargs = None
        if setup_kwargs is not None:
            setup_ext.append(bool(setup_kwargs.get("has_ext_modules")))
        key = repr(setup_kwargs)
        if key not in cache:
            cache[key] = _metadata(tree, pp, cfg, setup_kwargs, hint, needs_setuptools or use_setup_py)
        per_env.append((env, cache[key]))
    if not per_env:
        raise next(iter(aborted.values()))
    if aborted:
        # keep one entry per environment; the planner disables the aborted ones
        supported = dict(per_env)
        fallback = per_env[0][1]
        per_env = [(env, supported.get(env, fallback)) for env in target.environments]

    native = read_native(tree, pp, setup_has_ext=any(setup_ext) if setup_ext else None)
    if native is not None:
        per_env = [(env, attrs.evolve(meta, native=native)) for env, meta in per_env]

    first = per_env[0][1]
    for env, meta in per_env[1:]:
        if (meta.name, meta.version) != (first.name, first.version):
            raise MetadataError(
                f"name/version differ between environments ({first.name} {first.version} vs {meta.name} {meta.version} on {env})",
                path=tree.display(SETUP_PY),
            )
    return Project(
        label=tree.label,
        subdir=subdir,
        target=target,
        per_environment=tuple(per_env),
        has_tests=_has_tests(tree),
        changelog_file=next((f for f in CHANGELOG_FILES if tree.is_file(f)), None),
        linked_files=_linked_files(tree, first, subdir),
        sdist_name=sdist_name,
        unsupported=tuple(sorted(aborted)),
    )


def _linked_files(tree: SourceTree, meta: Metadata, subdir: str) -> tuple[str, ...]:
    """Repository paths the project's URLs link to (GitHub ``blob``/``tree`` links) that exist in
    *tree*: the planner pins such a link to the release tag only when the file is there."""
    out = set()
    for _, url in meta.urls:
        path = forge.linked_path(url)
        if path is None:
            continue
        rel = path[len(subdir) + 1 :] if subdir and path.startswith(subdir + "/") else None if subdir else path
        if rel and (tree.is_file(rel) or tree.is_dir(rel)):
            out.add(path)
    return tuple(sorted(out))


def _backend_is_setuptools(pp: pyproject.PyProject) -> bool:
    return (pp.build_backend or "setuptools.build_meta").startswith("setuptools")


def _evaluate_setup_py(tree: SourceTree, env: Environment):  # -> SetupCall
    from .setup_py import evaluate_setup_py

    return evaluate_setup_py(tree, env, SETUP_PY)


def _has_tests(tree: SourceTree) -> bool:
    for f in tree.files():
        parts = f.split("/")
        if parts[0] in ("tests", "test", "testing") and f.endswith(".py"):
            return True
        name = parts[-1]
        if name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")) and "site-packages" not in parts:
            return True
    return False


# --------------------------------------------------------------------------------------------------


def _metadata(
    tree: SourceTree,
    pp: Optional[pyproject.PyProject],
    cfg: Optional[dict[str, Any]],
    setup_kwargs: Optional[dict[str, Any]],
    hint: Optional[str],
    use_setuptools: bool,
) -> Metadata:
    fields: dict[str, Any] = {}
    setuptools_fields: dict[str, Any] = {}
    setuptools_kwargs = dict(cfg or {})
    setuptools_kwargs.update(setup_kwargs or {})
    if use_setuptools:
        setuptools_fields = _from_setuptools(setuptools_kwargs, tree, hint)
    if pp is not None and pp.fields is not None:
        fields = dict(pp.fields)
        for name in pp.from_setuptools:
            if name in setuptools_fields:
                fields[name] = setuptools_fields[name]
        if "optional_dependencies" in pp.from_setuptools:
            fields["extra_spellings"] = setuptools_fields.get("extra_spellings", ())
    else:
        fields = setuptools_fields

    where = tree.display(pyproject.PYPROJECT if pp is not None and pp.fields is not None else (SETUP_PY if setup_kwargs is not None else "setup.cfg"))
    if not fields.get("name"):
        raise MetadataError("the project has no name", path=where)
    if not fields.get("version"):
        if hint:
            fields["version"] = hint
        else:
            raise MetadataError("the project has no version (none declared, and no PKG-INFO or --tag to take it from)", path=where)

    # build system
    if pp is not None and "build-system" in pp.data:
        fields["build_requires"] = pp.build_requires
        fields["build_backend"] = pp.build_backend
    else:
        extra = setuptools_fields.get("setup_requires", ())
        fields["build_requires"] = DEFAULT_BUILD + tuple(r for r in extra if r.name.lower() != "setuptools")
        fields["build_backend"] = "setuptools.build_meta:__legacy__"

    # import names
    facts = _import_facts(tree, pp, fields["name"], setuptools_kwargs, with_imports=_has_extra_only_requirements(fields))
    if not facts.names:
        raise MetadataError(
            f"the wheel of {fields['name']!r} would install no importable module (nothing for pythonImportsCheck)",
            path=tree.display(""),
        )
    fields["import_names"] = facts.names
    fields["module_imports"] = facts.imports
    fields["legacy_namespaces"] = facts.namespaces
    fields["has_ext_modules"] = bool(setuptools_fields.get("has_ext_modules")) or bool(
        pp is not None and (pp.build_backend or "").startswith(("maturin", "scikit_build_core", "mesonpy"))
    )
    allowed = {a.name for a in Metadata.__attrs_attrs__}
    return Metadata(**{k: v for k, v in fields.items() if k in allowed})


def _import_facts(
    tree: SourceTree, pp: Optional[pyproject.PyProject], name: str, setuptools_kwargs: Mapping[str, Any], *, with_imports: bool
) -> layout.ImportFacts:
    """Import names from what the backend puts in the wheel: the backend's own rules, else
    setuptools' (setup.py / setup.cfg keywords, then ``[tool.setuptools]``, then its discovery)."""
    wheel = pyproject.wheel_layout(tree, pp, name) if pp is not None and pp.fields is not None else None
    if wheel is None:
        wheel = _setuptools_wheel(tree, pp, setuptools_kwargs)
    if not wheel.top_level() and not wheel.stub_packages():
        wheel = wheel_files.named_after(tree, name)
    facts = layout.import_facts(tree, wheel, name, with_imports=with_imports)
    declared = pyproject.declared_import_names(pp) if pp is not None else None
    if declared:
        imports = dict(facts.imports)
        facts = layout.ImportFacts(declared, tuple((n, imports.get(n, ())) for n in declared), facts.namespaces)
    return facts


def _has_extra_only_requirements(fields: Mapping[str, Any]) -> bool:
    """Does an extra name a distribution the core dependencies do not?  Only then can a module
    need an extra to import, so only then are the modules' imports read (parsing is the slow part)."""
    core = {canonicalize_name(r.name) for r in fields.get("dependencies") or ()}
    return any(canonicalize_name(r.name) not in core for _, reqs in fields.get("optional_dependencies") or () for r in reqs)


def _setuptools_wheel(tree: SourceTree, pp: Optional[pyproject.PyProject], kwargs: Mapping[str, Any]) -> layout.WheelLayout:
    where = tree.display(SETUP_PY if tree.is_file(SETUP_PY) else "setup.cfg")
    declared: dict[str, Any] = {}
    if "packages" in kwargs or "py_modules" in kwargs:
        declared = {
            "packages": _as_list(kwargs.get("packages"), "packages", where) if "packages" in kwargs else None,
            "py_modules": _as_list(kwargs.get("py_modules"), "py_modules", where) if "py_modules" in kwargs else None,
        }
    toml = wheel_files.setuptools_toml(tree, pp.tool("setuptools") or {}) if pp is not None else None
    if not declared and toml:
        declared = {"packages": toml.get("packages"), "py_modules": toml.get("py_modules")}
    package_dir = kwargs.get("package_dir")
    if not isinstance(package_dir, Mapping):
        package_dir = (toml or {}).get("package_dir") or {}
    extensions = wheel_files.setup_py_extensions(tree, SETUP_PY) + tuple((toml or {}).get("extensions", ()))
    return wheel_files.setuptools(
        tree,
        packages=declared.get("packages"),
        py_modules=declared.get("py_modules"),
        package_dir={str(k): str(v) for k, v in package_dir.items()},
        extensions=extensions,
        discover_despite_extensions=pp is not None and "project" in pp.data,
    )


def _setup_kwargs(call: Any, tree: SourceTree, unused: tuple[str, ...] = ()) -> dict[str, Any]:
    """setup() keywords we use, resolved (unresolvable ones raise only when used)."""
    out: dict[str, Any] = {}
    for key in (  # only these keywords are resolved; others may stay unresolvable
        "name", "version", "description", "url", "project_urls", "license", "classifiers", "python_requires",
        "install_requires", "extras_require", "setup_requires", "entry_points", "scripts", "packages",
        "package_dir", "py_modules",
    ):
        if key in call and key not in unused:
            out[key] = call.get(key)
    out["has_ext_modules"] = call.has_ext_modules
    return out


def _as_list(value: Any, key: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    raise MetadataError(f"{key} must be a list of strings, not {type(value).__name__}", path=where)


def _from_setuptools(kwargs: Mapping[str, Any], tree: SourceTree, hint: Optional[str]) -> dict[str, Any]:
    where = tree.display(SETUP_PY if tree.is_file(SETUP_PY) else "setup.cfg")
    out: dict[str, Any] = {"origin": tuple(f for f in ("setup.cfg", SETUP_PY) if tree.is_file(f))}
    if kwargs.get("name"):
        out["name"] = str(kwargs["name"])
    if kwargs.get("version"):
        out["version"] = str(kwargs["version"])
    out["summary"] = kwargs.get("description") or None
    urls: list[tuple[str, str]] = []
    if kwargs.get("url"):
        urls.append(("Homepage", str(kwargs["url"])))
    urls += [(str(k), str(v)) for k, v in (kwargs.get("project_urls") or {}).items()]
    out["urls"] = tuple(urls)
    if kwargs.get("license"):
        out["license_text"] = str(kwargs["license"])
    out["classifiers"] = tuple(_as_list(kwargs.get("classifiers"), "classifiers", where))
    out["requires_python"] = parse_specifier(kwargs.get("python_requires") or None, where)

    deps = list(parse_requirements(_as_list(kwargs.get("install_requires"), "install_requires", where), where))
    extras: dict[str, list[Requirement]] = {}
    for key, value in (kwargs.get("extras_require") or {}).items():
        extra, _, marker = str(key).partition(":")
        reqs = parse_requirements(_as_list(value, f"extras_require[{key!r}]", where), where)
        if marker:
            reqs = tuple(_with_marker(r, marker, where) for r in reqs)
        if extra:
            extras.setdefault(normalize_extra(extra), []).extend(reqs)
        else:
            deps.extend(reqs)
    out["dependencies"] = tuple(deps)
    out["optional_dependencies"] = tuple((k, tuple(v)) for k, v in extras.items())
    out["extra_spellings"] = extra_spellings(str(k).partition(":")[0] for k in (kwargs.get("extras_require") or {}))
    out["setup_requires"] = parse_requirements(_as_list(kwargs.get("setup_requires"), "setup_requires", where), where)
    out["entry_points"] = _entry_points(kwargs.get("entry_points"), where)
    out["has_ext_modules"] = bool(kwargs.get("has_ext_modules"))

    return out


def _with_marker(req: Requirement, marker: str, where: str) -> Requirement:
    combined = f"({req.marker}) and ({marker})" if req.marker else marker
    text = str(req).split(";")[0]
    return parse_requirement(f"{text}; {combined}", where)


def _entry_points(value: Any, where: str) -> tuple[EntryPoint, ...]:
    if not value:
        return ()
    groups: dict[str, list[str]] = {}
    if isinstance(value, str):
        group = None
        for line in value.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            match = re.match(r"^\[(.+)\]$", line)
            if match:
                group = match.group(1).strip()
                continue
            if group is None:
                raise MetadataError("entry_points text has an entry before any [group]", path=where)
            groups.setdefault(group, []).append(line)
    elif isinstance(value, Mapping):
        for group, entries in value.items():
            groups[str(group)] = _as_list(entries, f"entry_points[{group!r}]", where)
    else:
        raise MetadataError("entry_points must be a dict or an INI string", path=where)
    out = []
    for group in ("console_scripts", "gui_scripts"):
        for entry in groups.get(group, []):
            name, sep, target = entry.partition("=")
            if not sep:
                raise MetadataError(f"entry point {entry!r} is not 'name = module:attr'", path=where)
            out.append(EntryPoint(name.strip(), target.strip(), group))
    return tuple(out)


__all__ = ["read_project", "is_project", "pkg_info_version", "UnresolvableError"]
