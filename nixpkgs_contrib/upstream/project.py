"""Read a project: pick the readers its files call for and turn what they say into
:class:`~nixpkgs_contrib.model.Metadata` for every environment of the target matrix.

Each reader offers what it knows: pyproject.toml its declared fields and the dynamic ones its
backend's configuration resolves, an sdist's PKG-INFO what the build recorded, setuptools
(``setup.py`` evaluated per environment over ``setup.cfg``) its keywords.  Which offer wins is one
rule for every field, :func:`~nixpkgs_contrib.upstream.precedence.choose`; an offer that could not
be computed (a setup.py keyword we cannot evaluate, a version computed by code) stops the read only
when it is the one chosen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Optional

import attrs
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .. import forge, license_names
from ..errors import MetadataError, UnresolvableError, reading
from ..matrix import Environment, Target
from ..model import EntryPoint, Metadata, Project
from . import layout, pbr, pkg_info, pyproject, setup_cfg, wheel_files
from .native import read_native
from .precedence import RULES, Deferred, Lazy, Offers, Source, choose, try_value, value_of
from .requirements import (
    extra_spellings,
    normalize_extra,
    parse_requirement,
    parse_requirements,
    parse_specifier,
    setuptools_requirements,
)
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
        tool = (data or {}).get("tool") or {}
        return bool(data) and ("project" in data or bool(tool.get("poetry", {}).get("name")) or "metadata" in (tool.get("flit") or {}))
    return False


def _cfg_has_metadata(tree: SourceTree) -> bool:
    return "[metadata]" in read_text(tree, "setup.cfg")


def pkg_info_version(tree: SourceTree) -> Optional[str]:
    """The version an sdist's PKG-INFO records (the VCS-derived version of setuptools-scm etc.)."""
    found = pkg_info.read(tree)
    return found.version if found else None


def read_project(
    tree: SourceTree,
    target: Target,
    *,
    subdir: str = "",
    version_hint: Optional[str] = None,
    sdist_name: Optional[str] = None,
    import_names: bool = True,
    license: bool = True,
) -> Project:
    """Read *tree* for every environment of *target*.  *version_hint* is the version a git tag
    gives, for versions computed from the VCS at build time.  Without *import_names* the modules
    the wheel installs are not worked out (``audit`` compares dependencies only): a project whose
    packages cannot be found statically is still read, with no import names.  Without *license*
    the licence is not read either (no licence fields, no licence files): a licence only a build
    hook computes does not stop the read."""
    with reading(tree.display(pyproject.PYPROJECT)):
        pp = pyproject.read(tree, version_hint=version_hint)
    has_setup_py = tree.is_file(SETUP_PY)
    with reading(tree.display(setup_cfg.SETUP_CFG)):
        cfg = setup_cfg.read(tree)
        if pbr.uses_pbr(tree, pp.build_backend if pp is not None else None):
            cfg = {**pbr.keywords(tree), **(cfg or {})}  # setuptools' own [options] win, as in setup()
    declared = dict(pp.fields) if pp is not None and pp.fields is not None else {}
    legacy = not declared  # no [project] / [tool.poetry]: setuptools says everything
    if legacy and not has_setup_py and not (cfg and cfg.get("name")):
        if pp is not None:
            raise MetadataError("pyproject.toml has no [project] or [tool.poetry] table, and there is no setup.py or setup.cfg", path=tree.display(pyproject.PYPROJECT))
        raise MetadataError("no Python project here (no pyproject.toml, setup.cfg or setup.py)", path=tree.display(""))
    with reading(tree.display(pkg_info.PKG_INFO)):
        sdist = pkg_info.read(tree, target.environments)
    if sdist is not None and declared.get("name") and canonicalize_name(sdist.name) != canonicalize_name(declared["name"]):
        sdist = None  # the PKG-INFO of another project (a monorepo's sdist)
    uses_setuptools = legacy or (pp is not None and pp.is_setuptools)

    evaluated: dict[Environment, dict[str, Any]] = {}
    setuptools_by_env: dict[Environment, dict[str, Any]] = {}
    aborted: dict[Environment, SetupAborted] = {}
    cache: dict[str, dict[str, Any]] = {}
    for env in target.environments:
        call: Any = None
        if has_setup_py and uses_setuptools:
            try:
                with reading(tree.display(SETUP_PY)):
                    call = _evaluate_setup_py(tree, env)
            except SetupAborted as exc:  # e.g. ``if sys.version_info < (3, 10): sys.exit(…)``
                aborted[env] = exc
                continue
            except MetadataError as exc:  # never reached setup(): each field it would give is unknown
                call = Deferred(_own_backend_error(tree, pp, exc) or exc)
        key = repr(call.keywords) + repr(call.has_ext_modules) if hasattr(call, "keywords") else repr(call)
        if key not in cache:
            cache[key] = _setuptools_offers(tree, cfg if uses_setuptools else None, call) if uses_setuptools else {}
        setuptools_by_env[env] = cache[key]
        evaluated[env] = _evaluated(pp, cache[key], legacy)
    if not evaluated:
        raise next(iter(aborted.values()))

    offers = Offers(
        declared={k: v for k, v in declared.items() if k in RULES},
        absent=pp.absent if pp is not None else frozenset(),
        sdist=sdist,
        evaluated=evaluated,
    )
    where = tree.display(pyproject.PYPROJECT if not legacy else (SETUP_PY if has_setup_py else "setup.cfg"))
    license_ids = license_file_ids(tree, sdist) if license else ()
    # without a licence text, the BSD licence the sources carry in their headers (ply, pynvml)
    header_ids = _license_headers(tree) if license and not _has_text(license_ids) else ()
    with reading(tree.label, what="project"):
        per_env = _per_environment(
            tree, pp, declared, offers, setuptools_by_env, sdist, license_ids, version_hint, where, import_names, license, header_ids
        )
    if aborted:
        # keep one entry per environment; the planner disables the aborted ones
        supported = dict(per_env)
        fallback = per_env[0][1]
        per_env = [(env, supported.get(env, fallback)) for env in target.environments]

    # does setup.py build extensions, where it was evaluated?
    setup_ext = [bool(offers["has_ext_modules"]) for offers in setuptools_by_env.values() if "has_ext_modules" in offers]
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


_LICENSE_FILE = re.compile(r"^(licen[cs]e|copying)([-._][^/]*)?$", re.IGNORECASE)
_PRIMARY_LICENSE_FILE = re.compile(r"^(licen[cs]e|copying)(\.(txt|md|rst))?$", re.IGNORECASE)
#: licence files larger than this are not licence texts we could recognise
_LICENSE_FILE_MAX = 256 * 1024


def _vendored(path: str) -> bool:
    return path.split("/")[0].lower() in ("vendor", "_vendor", "vendored", "third_party", "thirdparty", "extern", "external", "tests", "docs")


def license_file_ids(tree: SourceTree, sdist: Optional[pkg_info.SdistMetadata]) -> tuple[str, ...]:
    """SPDX ids of the licence texts in the project's licence files.  The project's own licence is in
    ``LICENSE``/``LICENCE``/``COPYING`` (``.txt``/``.md``/``.rst``) at its root; only when those say
    nothing are the others asked (``LICENSE-MIT``, ``pkg/LICENSE``, PEP 639 ``License-File`` entries),
    since they often hold the licences of bundled code (numba's ``LICENSES.third-party``).  GNU
    notices that grant later versions follow (``LGPL-3.0-or-later``), replacing the bare version."""
    candidates = [f for f in tree.files() if f.count("/") <= 1 and _LICENSE_FILE.match(f.rsplit("/", 1)[-1]) and not _vendored(f)]
    candidates += [f for f in (sdist.license_files if sdist is not None else ()) if tree.is_file(f)]
    candidates = list(dict.fromkeys(candidates))
    primary = [f for f in candidates if _PRIMARY_LICENSE_FILE.match(f)]
    texts: tuple[str, ...] = ()
    for group in (primary, [f for f in candidates if f not in primary]):
        found: list[str] = []
        for path in group:
            data = tree.read_bytes(path)
            if len(data) <= _LICENSE_FILE_MAX:
                found += license_names.identify_text(data.decode("utf-8", "replace"))
        if found:
            texts = tuple(dict.fromkeys(found))
            break
    notices = _license_notices(tree, candidates)
    # a notice says which of the GNU text's versions apply: the bare version says less
    granted = {n.removesuffix("-or-later") for n in notices}
    return tuple(i for i in texts if i not in granted) + notices


#: README files at the root, where some projects state their licence notice
_README = re.compile(r"^readme(\.(md|rst|txt))?$", re.IGNORECASE)
#: how much of a README or module is read for a notice: the GNU licences ask it at the start
_NOTICE_HEAD = 16 * 1024


def _license_notices(tree: SourceTree, license_files: list[str]) -> tuple[str, ...]:
    """GNU licences granted "or (at your option) any later version" by a notice: in the licence
    files, the README, or the header of a top-level package's ``__init__.py`` (where the GNU
    licences ask each source file to carry it: PyGithub's COPYING.LESSER is the bare text)."""
    heads = [f for f in tree.files() if "/" not in f and _README.match(f)]
    heads += [
        f for f in tree.files()
        if f.endswith("/__init__.py") and (f.count("/") == 1 or (f.count("/") == 2 and f.startswith("src/"))) and not _vendored(f)
    ]
    found: list[str] = []
    for path in license_files:
        data = tree.read_bytes(path)
        if len(data) <= _LICENSE_FILE_MAX:
            found += license_names.identify_notice(data.decode("utf-8", "replace"))
    for path in heads:
        found += license_names.identify_notice(tree.read_bytes(path)[:_NOTICE_HEAD].decode("utf-8", "replace"))
    return tuple(dict.fromkeys(found))


def _has_text(ids: tuple[str, ...]) -> bool:
    """Do the licence-file ids include a licence text (not only a GNU notice from a README or a
    package header)?"""
    return any(not i.endswith("-or-later") for i in ids)


#: directories whose modules are not the project's own, wherever they sit
_NOT_OWN = frozenset({"vendor", "_vendor", "vendored", "third_party", "thirdparty", "extern", "external", "externals", "tests", "test", "testing", "docs", "doc", "examples"})


def _own_modules(tree: SourceTree) -> list[str]:
    """The Python files of the project's top-level modules and packages (at the root or under
    ``src/``), without vendored copies, tests, docs or examples."""
    files = tree.files()
    packages = {f.split("/")[0] for f in files if f.count("/") == 1 and f.endswith("/__init__.py")}
    packages |= {f"src/{f.split('/')[1]}" for f in files if f.startswith("src/") and f.count("/") == 2 and f.endswith("/__init__.py")}
    out = []
    for f in files:
        if not f.endswith(".py"):
            continue
        parts = f.split("/")
        if any(p.lower() in _NOT_OWN for p in parts[:-1]):
            continue
        top = "/".join(parts[:2]) if parts[0] == "src" else parts[0]
        if len(parts) == 1 or (parts[0] == "src" and len(parts) == 2) or top in packages:
            out.append(f)
    return sorted(out)


def _license_headers(tree: SourceTree) -> tuple[str, ...]:
    """The BSD licences written out in the README or in the headers of the project's own modules,
    for a project that ships no licence text (ply, nvidia-ml-py).  Every variant found is kept:
    headers that disagree leave the variant open, and the planner refuses it.  They only settle a
    declared "BSD": a module may be a vendored copy under another licence (apache-beam's
    ``internal/cloudpickle``), so they never stand in for a licence nothing declares."""
    found: list[str] = []
    for path in (f for f in tree.files() if "/" not in f and _README.match(f)):
        data = tree.read_bytes(path)
        if len(data) <= _LICENSE_FILE_MAX:
            found += license_names.identify_header(data.decode("utf-8", "replace"), names=False)
    for path in _own_modules(tree):
        head = tree.read_bytes(path)[:_NOTICE_HEAD].decode("utf-8", "replace")
        found += license_names.identify_header(license_names.source_header(head))
    return tuple(sorted(set(found)))


def _per_environment(
    tree: SourceTree,
    pp: Optional[pyproject.PyProject],
    declared: Mapping[str, Any],
    offers: Offers,
    setuptools_by_env: Mapping[Environment, Mapping[str, Any]],
    sdist: Optional[pkg_info.SdistMetadata],
    license_ids: tuple[str, ...],
    version_hint: Optional[str],
    where: str,
    import_names: bool = True,
    license: bool = True,
    header_ids: tuple[str, ...] = (),
) -> list[tuple[Environment, Metadata]]:
    """Metadata for every evaluated environment: each field chosen by the precedence rule; the
    version a git tag gives stands in when nothing else does (setuptools-scm's ``use_scm_version``)."""
    per_env: list[tuple[Environment, Metadata]] = []
    built: dict[str, Metadata] = {}
    for env, setuptools in setuptools_by_env.items():
        fields: dict[str, Any] = {}
        from_sdist = False
        for field in RULES:
            if not license and field in _LICENSE_FIELDS:
                fields[field] = RULES[field].empty
                continue
            source, fields[field] = choose(field, env, offers)
            from_sdist |= source in (Source.SDIST, Source.RECORDED)
        if not fields["version"] and version_hint:
            fields["version"] = version_hint
        origin = [*declared.get("origin", ()), *(f for f in ("setup.cfg", SETUP_PY) if setuptools and tree.is_file(f))]
        fields["origin"] = tuple(dict.fromkeys([*origin, *(["PKG-INFO"] if from_sdist else [])]))
        fields["dependency_groups"] = declared.get("dependency_groups", ())
        fields["license_file_ids"] = license_ids
        fields["license_header_ids"] = header_ids
        key = repr(sorted(fields.items())) + repr(sorted((k, repr(v)) for k, v in setuptools.items()))
        if key not in built:
            built[key] = _metadata(tree, pp, fields, setuptools, sdist, where, import_names)
        per_env.append((env, built[key]))
    return per_env


#: the fields a read without the licence leaves empty
_LICENSE_FIELDS = frozenset({"license_expression", "license_text"})


def _evaluated(pp: Optional[pyproject.PyProject], setuptools: Mapping[str, Any], legacy: bool) -> dict[str, Any]:
    """The evaluated offers of one environment: what the backend's dynamic directives resolve, then,
    for setuptools, what setup.py / setup.cfg give for the fields left dynamic."""
    if legacy or pp is None:
        return dict(setuptools)
    out = dict(pp.resolvers)
    if pp.is_setuptools:
        for field in pp.dynamic:
            if field not in out and field in setuptools:
                out[field] = setuptools[field]
    return out


def _own_backend_error(tree: SourceTree, pp: Optional[pyproject.PyProject], exc: MetadataError) -> Optional[MetadataError]:
    """pymupdf: ``[build-system]`` names a module of the project (``backend-path``) and does not
    require setuptools, so setup.py is a build system of its own (on pipcl), not a setuptools
    script; when setup() is never reached, say that rather than what the evaluator stumbled on."""
    system = pp.data.get("build-system") if pp is not None else None
    if not isinstance(system, Mapping) or not system.get("backend-path") or not pp.build_backend:
        return None
    if any(canonicalize_name(r.name) == "setuptools" for r in pp.build_requires):
        return None  # an in-tree backend wrapping setuptools (frozenlist, yarl): setup.py is read
    requires = ", ".join(str(r) for r in pp.build_requires) or "nothing"
    where = f"{SETUP_PY}:{exc.line}: " if exc.line is not None else ""
    return MetadataError(
        f"the project builds with its own PEP 517 backend {pp.build_backend!r} (backend-path {system['backend-path']!r}, "
        f"requires {requires}), not setuptools: the metadata that code computes is not read statically "
        f"({where}{exc.message}), and no authoritative PKG-INFO (core metadata 2.2+) gives it",
        path=tree.display(pyproject.PYPROJECT),
    )


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
    fields: dict[str, Any],
    setuptools: Mapping[str, Any],
    sdist: Optional[pkg_info.SdistMetadata],
    where: str,
    import_names: bool = True,
) -> Metadata:
    """Metadata of one environment from the chosen *fields*, plus what no precedence decides: the
    build system and the import names."""
    fields = dict(fields)
    if not fields.get("name"):
        raise MetadataError("the project has no name", path=where)
    if not fields.get("version"):
        raise MetadataError("the project has no version (none declared, and no PKG-INFO or --tag to take it from)", path=where)

    # build system
    if pp is not None and "build-system" in pp.data:
        fields["build_requires"] = pp.build_requires
        fields["build_backend"] = pp.build_backend
    else:
        # without [build-system], setup_requires= are the build requirements: one setup.py gives but
        # we cannot evaluate stops the read (a setup.py we cannot evaluate at all offers none)
        extra = value_of(setuptools.get("setup_requires", ()))
        fields["build_requires"] = DEFAULT_BUILD + tuple(r for r in extra if r.name.lower() != "setuptools")
        fields["build_backend"] = "setuptools.build_meta:__legacy__"

    # import names
    if not import_names:
        facts = layout.ImportFacts((), (), ())
    else:
        facts = _import_facts(tree, pp, fields["name"], setuptools, sdist, with_imports=_has_extra_only_requirements(fields))
    if import_names and not facts.names and not facts.metadata_only:  # a meta-package has none, by its configuration
        raise MetadataError(
            f"the wheel of {fields['name']!r} would install no importable module (nothing for pythonImportsCheck)",
            path=tree.display(""),
        )
    if import_names and facts.metadata_only and not fields.get("dependencies"):
        # a meta-package stands for what it requires; one that requires nothing is a placeholder
        # (asyncio 4.0.0 against installing the obsolete backport), nothing to package
        raise MetadataError(
            f"the wheel of {fields['name']!r} would install no importable module and requires nothing (a placeholder)",
            path=tree.display(""),
        )
    fields["import_names"] = facts.names
    fields["meta_package"] = facts.metadata_only
    fields["module_imports"] = facts.imports
    fields["legacy_namespaces"] = facts.namespaces
    ok, has_ext = try_value(setuptools.get("has_ext_modules", False))
    fields["has_ext_modules"] = bool(ok and has_ext) or bool(
        pp is not None and (pp.build_backend or "").startswith(("maturin", "scikit_build_core", "mesonpy"))
    )
    allowed = {a.name for a in Metadata.__attrs_attrs__}
    return Metadata(**{k: v for k, v in fields.items() if k in allowed})


def _import_facts(
    tree: SourceTree,
    pp: Optional[pyproject.PyProject],
    name: str,
    setuptools: Mapping[str, Any],
    sdist: Optional[pkg_info.SdistMetadata],
    *,
    with_imports: bool,
) -> layout.ImportFacts:
    """Import names from what the backend puts in the wheel: the backend's own rules, else
    setuptools' (setup.py / setup.cfg keywords, then ``[tool.setuptools]``, then its discovery)."""
    wheel = pyproject.wheel_layout(tree, pp, name) if pp is not None and pp.fields is not None else None
    if wheel is None:
        wheel = _setuptools_wheel(tree, pp, setuptools, sdist)
    if wheel.metadata_only:  # a meta-package: nothing to import, by the backend's configuration
        return layout.ImportFacts((), metadata_only=True)
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


def _setuptools_wheel(
    tree: SourceTree, pp: Optional[pyproject.PyProject], setuptools: Mapping[str, Any], sdist: Optional[pkg_info.SdistMetadata]
) -> layout.WheelLayout:
    """setuptools' wheel from ``packages=``/``py_modules=``/``package_dir=``.  When setup.py cannot
    give them, what setuptools recorded in the sdist's egg-info (``top_level.txt``); without that, a
    complete ``[project]`` reads as if they were not given, a legacy project stops."""
    extensions = wheel_files.setup_py_extensions(tree, SETUP_PY)
    ok, kwargs = try_value(setuptools.get("wheel_keywords", {}))
    if not ok:
        if sdist is not None and sdist.top_level:
            return _recorded_wheel(tree, sdist.top_level, extensions)
        if pp is None or pp.fields is None:
            value_of(setuptools["wheel_keywords"])  # raises
        kwargs = {}
    declared: dict[str, Any] = {k: kwargs[k] for k in ("packages", "py_modules") if k in kwargs}
    toml = wheel_files.setuptools_toml(tree, pp.tool("setuptools") or {}) if pp is not None else None
    if not declared and toml:
        if toml["metadata_only"] and not extensions:
            return layout.WheelLayout({}, metadata_only=True)
        declared = {"packages": toml.get("packages"), "py_modules": toml.get("py_modules")}
    package_dir = kwargs.get("package_dir")
    if not isinstance(package_dir, Mapping):
        package_dir = (toml or {}).get("package_dir") or {}
    return wheel_files.setuptools(
        tree,
        packages=declared.get("packages"),
        py_modules=declared.get("py_modules"),
        package_dir={str(k): str(v) for k, v in package_dir.items()},
        extensions=extensions + tuple((toml or {}).get("extensions", ())),
        discover_despite_extensions=pp is not None and "project" in pp.data,
    )


def _recorded_wheel(tree: SourceTree, top_level: tuple[str, ...], extensions: tuple[str, ...]) -> layout.WheelLayout:
    """The wheel of the top-level names an sdist's ``top_level.txt`` records, found in the tree."""
    files: dict[str, str] = {}
    for name in top_level:
        found = layout.named_module(tree, name)
        if found is None:
            continue
        prefix = f"{found[0]}/" if found[0] else ""
        if tree.is_file(f"{prefix}{name}.py"):
            files[f"{name}.py"] = f"{prefix}{name}.py"
        else:
            files.update(layout.python_files(tree, prefix + name, name))
    return layout.WheelLayout(files, extensions)


#: setup() keywords that carry metadata; others (cmdclass=, ext_modules=, …) may stay unresolvable
SETUP_KEYWORDS = (
    "name", "version", "description", "url", "project_urls", "license", "license_expression", "classifiers",
    "python_requires", "install_requires", "extras_require", "setup_requires", "entry_points", "packages",
    "package_dir", "py_modules",
)
#: Metadata (and build) fields → the setup() keywords they are made of
SETUPTOOLS_FIELDS: Mapping[str, tuple[str, ...]] = {
    "name": ("name",),
    "version": ("version",),
    "summary": ("description",),
    "urls": ("url", "project_urls"),
    "license_text": ("license",),
    "license_expression": ("license_expression",),
    "classifiers": ("classifiers",),
    "requires_python": ("python_requires",),
    "dependencies": ("install_requires", "extras_require"),
    "optional_dependencies": ("extras_require",),
    "extra_spellings": ("extras_require",),
    "entry_points": ("entry_points",),
    "setup_requires": ("setup_requires",),
    "wheel_keywords": ("packages", "py_modules", "package_dir"),
}


class _Keywords:
    """setup() keywords as setuptools merges them (setup.py over setup.cfg), each resolved on use and
    remembering the file it came from for messages."""

    def __init__(self, tree: SourceTree, cfg: Optional[Mapping[str, Any]], call: Any):
        self.tree = tree
        self.offers: dict[str, tuple[Any, str]] = {k: (v, "setup.cfg") for k, v in (cfg or {}).items()}
        if isinstance(call, Deferred):  # setup.py was not evaluated: none of its keywords is known
            self.offers.update({k: (call, SETUP_PY) for k in SETUP_KEYWORDS})
        elif call is not None:
            for key in SETUP_KEYWORDS:
                if key in call:
                    self.offers[key] = (Lazy(lambda key=key: call.get(key)), SETUP_PY)

    def __contains__(self, key: str) -> bool:
        return key in self.offers

    def get(self, key: str, default: Any = None) -> Any:
        return value_of(self.offers[key][0]) if key in self.offers else default

    def where(self, key: str) -> str:
        return self.tree.display(self.offers[key][1] if key in self.offers else SETUP_PY)


def _setuptools_offers(tree: SourceTree, cfg: Optional[Mapping[str, Any]], call: Any) -> dict[str, Any]:
    """What setuptools (setup.cfg + setup.py's setup() call) offers for each field: a :class:`Lazy`
    conversion, so a keyword we cannot evaluate or parse stops nothing unless its field is chosen."""
    kw = _Keywords(tree, cfg, call)
    converters = {
        "name": lambda: str(kw.get("name")) if kw.get("name") else None,
        "version": lambda: str(kw.get("version")) if kw.get("version") else None,
        "summary": lambda: str(kw.get("description")) if kw.get("description") else None,
        "urls": lambda: _urls(kw),
        "license_text": lambda: str(kw.get("license")) if kw.get("license") else None,
        "license_expression": lambda: str(kw.get("license_expression")) if kw.get("license_expression") else None,
        "classifiers": lambda: tuple(_as_list(kw.get("classifiers"), "classifiers", kw.where("classifiers"))),
        "requires_python": lambda: parse_specifier(kw.get("python_requires") or None, kw.where("python_requires")),
        "dependencies": lambda: _dependencies(kw),
        "optional_dependencies": lambda: _extras(kw)[0],
        "extra_spellings": lambda: extra_spellings(str(k).partition(":")[0] for k in (kw.get("extras_require") or {})),
        "entry_points": lambda: _entry_points(kw.get("entry_points"), kw.where("entry_points")),
        "setup_requires": lambda: _requirements(kw, "setup_requires"),
        "wheel_keywords": lambda: _wheel_keywords(kw),
    }
    out: dict[str, Any] = {
        field: Lazy(converters[field]) for field, keys in SETUPTOOLS_FIELDS.items() if any(k in kw for k in keys)
    }
    if isinstance(call, Deferred) and not (cfg and "setup_requires" in cfg):
        # setup.py never reached setup(): its metadata may come from PKG-INFO, but build requirements
        # are in no PKG-INFO; the default (setuptools) stands, and a missing one shows at build time
        out.pop("setup_requires", None)
    if call is not None and not isinstance(call, Deferred):
        out["has_ext_modules"] = bool(call.has_ext_modules)
    return out


def _urls(kw: _Keywords) -> tuple[tuple[str, str], ...]:
    urls: list[tuple[str, str]] = []
    if kw.get("url"):
        urls.append(("Homepage", str(kw.get("url"))))
    project_urls = kw.get("project_urls") or {}
    if not isinstance(project_urls, Mapping):
        raise MetadataError("project_urls must be a dict", path=kw.where("project_urls"))
    return tuple(urls + [(str(k), str(v)) for k, v in project_urls.items()])


def _requirements(kw: _Keywords, key: str) -> tuple[Requirement, ...]:
    where = kw.where(key)
    values = setuptools_requirements(kw.get(key))
    return parse_requirements(values, where)


def _extras(kw: _Keywords) -> tuple[tuple[tuple[str, tuple[Requirement, ...]], ...], tuple[Requirement, ...]]:
    """extras_require → (extras, requirements of ``":marker"`` keys, which are unconditional)."""
    where = kw.where("extras_require")
    value = kw.get("extras_require") or {}
    if not isinstance(value, Mapping):
        raise MetadataError("extras_require must be a dict", path=where)
    extras: dict[str, list[Requirement]] = {}
    base: list[Requirement] = []
    for key, reqs_value in value.items():
        extra, _, marker = str(key).partition(":")
        reqs = parse_requirements(setuptools_requirements(reqs_value), where)
        if marker:
            reqs = tuple(_with_marker(r, marker, where) for r in reqs)
        if extra:
            extras.setdefault(normalize_extra(extra), []).extend(reqs)
        else:
            base.extend(reqs)
    return tuple((k, tuple(v)) for k, v in extras.items()), tuple(base)


def _dependencies(kw: _Keywords) -> tuple[Requirement, ...]:
    deps = _requirements(kw, "install_requires") if "install_requires" in kw else ()
    if "extras_require" in kw:
        deps += _extras(kw)[1]
    return deps


def _wheel_keywords(kw: _Keywords) -> dict[str, Any]:
    """``packages=``, ``py_modules=`` (lists of names) and ``package_dir=``, those given."""
    out: dict[str, Any] = {}
    for key in ("packages", "py_modules"):
        if key in kw:
            out[key] = _as_list(kw.get(key), key, kw.where(key))
    if "package_dir" in kw:
        out["package_dir"] = kw.get("package_dir")
    return out


def _as_list(value: Any, key: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    raise MetadataError(f"{key} must be a list of strings, not {type(value).__name__}", path=where)


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
