"""Upstream facts + options → Nix decisions (:class:`~nixpkgs_contrib.model.NixPackage`).

Pure: no file system, no git, no network.  Every choice the renderer shows is made here, and the
reasons (truth tables, conditions) are kept for ``--explain``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Optional

import attrs
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import conditions, licenses, naming
from .conditions import ALWAYS, NEVER, Condition
from .errors import MetadataError, UserError
from .matrix import Environment, Target
from .model import (
    Dependency,
    GitHubSource,
    InheritedSource,
    Meta,
    Metadata,
    NixPackage,
    Project,
    PypiSource,
    RawPart,
    Source,
)

#: Extras that describe a development setup rather than a feature; never emitted as
#: optional-dependencies (their test part feeds nativeCheckInputs).
DEV_EXTRAS = frozenset({
    "test", "tests", "testing", "dev", "develop", "development", "docs", "doc", "lint", "linting", "typing",
    "type", "types", "mypy", "pyright", "ruff", "black", "flake8", "pylint", "style", "qa", "check", "coverage",
    "all-dev", "format", "pre-commit", "release", "build",
})
DEV_EXTRA_PREFIXES = ("test-", "tests-", "dev-", "doc-", "docs-", "lint-", "typing-")


def is_dev_extra(name: str) -> bool:
    """Extras for working on the project (tests, docs, linters), not features for its users."""
    return name in DEV_EXTRAS or name.startswith(DEV_EXTRA_PREFIXES)
TEST_GROUPS = ("test", "tests", "testing")
#: test-suite requirements that are tools, not things the tests import
NOT_TEST_INPUTS = frozenset({
    "black", "ruff", "mypy", "flake8", "pylint", "isort", "pre-commit", "tox", "nox", "coverage", "codecov",
    "sphinx", "twine", "build", "wheel", "setuptools", "pip", "bump2version", "bumpversion", "towncrier",
    "pyright", "pytest-xdist", "pytest-sugar", "pytest-randomly", "ipython", "ipdb", "pdbpp",
})

_SRI = re.compile(r"^sha256-[A-Za-z0-9+/]{43}=$")
FAKE_HASH = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


@attrs.frozen
class Options:
    """What the user decided; the planner's only other input is the project."""

    target: Target = attrs.field(factory=Target)
    github: Optional[tuple[str, str]] = None
    tag: Optional[str] = None
    hash: Optional[str] = None
    maintainers: tuple[str, ...] = ()
    license: Optional[tuple[str, ...]] = None
    description: Optional[str] = None
    attr: Optional[str] = None
    extra_imports: tuple[str, ...] = ()
    #: None → run tests when the source ships them; otherwise the reason they cannot run
    no_check_reason: Optional[str] = None
    relax_deps: tuple[tuple[str, str], ...] = ()
    remove_deps: tuple[tuple[str, str], ...] = ()
    #: an sdist's file name and SRI hash, for fetchPypi
    sdist: Optional[tuple[str, str]] = None
    #: when no hash is given and none can be computed offline: run nix-prefetch-github
    prefetch: bool = False
    #: write a placeholder hash (the build then reports the real one)
    fake_hash: bool = False


@attrs.frozen
class Reason:
    """Why an attribute is in a list: its truth table over the matrix and the condition chosen."""

    attr: str
    section: str
    table: Mapping[Environment, bool]
    condition: Condition


@attrs.frozen
class Plan:
    package: NixPackage
    reasons: tuple[Reason, ...]


def validate_hash(value: str, what: str = "--hash") -> str:
    if not _SRI.match(value):
        raise UserError(f"{what} {value!r} is not an SRI sha256 hash (sha256-<44 base64 characters>)")
    return value


# --------------------------------------------------------------------------------------------------
# sources


_VERSION_IN_TAG = re.compile(r"\d+(?:\.\d+)*(?:[-._]?(?:a|b|rc|post|dev)\d*)*")


def version_in_tag(tag: str) -> Optional[re.Match[str]]:
    """The last version-like run of *tag* (``acme-v1.2.3rc1`` → ``1.2.3rc1``), or None."""
    matches = list(_VERSION_IN_TAG.finditer(tag))
    return matches[-1] if matches else None


def tag_parts(tag: str, version: str, name: Optional[str] = None) -> tuple[str, str]:
    """(prefix, suffix) around the version in *tag*; an error naming both when they disagree."""
    index = tag.rfind(version)
    if index < 0 or (index + len(version) < len(tag) and tag[index + len(version)].isalnum()) or (index > 0 and tag[index - 1].isdigit()):
        who = f" of {name}" if name else ""
        raise UserError(f"tag {tag!r} does not match the version{who} found in the tree ({version!r})")
    return tag[:index], tag[index + len(version):]


def plan_source(project: Project, options: Options) -> Source:
    version = project.version
    if options.github:
        owner, repo = options.github
        if not options.tag:
            raise UserError("--github needs --tag (the tag the release was made from)")
        prefix, suffix = tag_parts(options.tag, version, project.name)
        if not options.hash:
            raise UserError(no_hash_message(owner, repo, options.tag))
        return GitHubSource(owner, repo, options.tag, validate_hash(options.hash), prefix, suffix)
    if options.sdist:
        filename, sha = options.sdist
        pname, extension = sdist_pname(filename, version)
        return PypiSource(pname, validate_hash(sha, "sdist hash"), extension)
    raise UserError(
        f"{project.label}: nixpkgs fetches sources from upstream; pass --github OWNER/REPO --tag TAG "
        "(the preferred source), or emit from an sdist file"
    )


def no_hash_message(owner: str, repo: str, tag: str) -> str:
    return (
        f"no hash for github:{owner}/{repo} at tag {tag!r}: pass --hash SRI, or emit from a git checkout "
        f"that has the tag (hashed offline), or pass --prefetch (runs nix-prefetch-github)"
    )


def sdist_pname(filename: str, version: str) -> tuple[str, Optional[str]]:
    """``acme_core-1.2.tar.gz`` → (``acme_core``, None); ``.zip`` sdists need ``extension = "zip"``."""
    for ext in (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz"):
        if filename.endswith(ext):
            stem = filename[: -len(ext)]
            break
    else:
        raise UserError(f"{filename}: not an sdist file name")
    suffix = f"-{version}"
    if not stem.endswith(suffix):
        raise UserError(f"{filename}: file name does not end with the version {version!r} from its metadata")
    return stem[: -len(suffix)], None if ext == ".tar.gz" else ext.lstrip(".")


# --------------------------------------------------------------------------------------------------
# dependencies


@attrs.frozen
class _Resolved:
    dependencies: tuple[Dependency, ...]
    reasons: tuple[Reason, ...]
    removed: tuple[tuple[str, str], ...]


def _name_of(req: Requirement, siblings: Mapping[str, str]) -> str:
    norm = canonicalize_name(req.name)
    return siblings.get(norm) or naming.attr_for(req.name)


def resolve_requirements(
    per_env: Mapping[Environment, Sequence[Requirement]],
    target: Target,
    section: str,
    *,
    extra: str = "",
    siblings: Mapping[str, str] = {},
    skip: Callable[[Requirement], bool] = lambda r: False,
) -> _Resolved:
    """Requirements per environment → dependencies with their minimal conditions."""
    filtered = {env: [r for r in reqs if not skip(r)] for env, reqs in per_env.items()}
    name_of = lambda r: _name_of(r, siblings)  # noqa: E731
    tables = conditions.presence_table(filtered, name_of, extra)
    by_attr_reqs: dict[str, list[tuple[Environment, Requirement]]] = {}
    for env, reqs in sorted(filtered.items()):
        for req in reqs:
            by_attr_reqs.setdefault(name_of(req), []).append((env, req))
    deps: list[Dependency] = []
    reasons: list[Reason] = []
    removed: dict[str, str] = {}
    for attr in sorted(tables):
        table = tables[attr]
        cond = conditions.synthesize(table, target)
        reasons.append(Reason(attr, section, table, cond))
        if cond.is_never:
            continue
        applicable = [(env, req) for env, req in by_attr_reqs[attr] if table.get(env)]
        extras = sorted({canonicalize_name(e) for _, req in applicable for e in req.extras})
        for _, req in applicable:
            rename = naming.rename_for(req.name)
            if rename and rename.remove:
                removed[req.name] = rename.reason
        deps.append(
            Dependency(
                attr=attr,
                condition=cond,
                extras=tuple(extras),
                requirements=tuple((env, str(req)) for env, req in applicable),
                sibling=canonicalize_name(applicable[0][1].name) in siblings if applicable else False,
            )
        )
    return _Resolved(tuple(deps), tuple(reasons), tuple(sorted(removed.items())))


def _expand_self_extras(meta: Metadata, reqs: Iterable[Requirement], seen: tuple[str, ...] = ()) -> list[Requirement]:
    """``acme[all]`` inside acme's own extras → the requirements of those extras."""
    out: list[Requirement] = []
    own = canonicalize_name(meta.name)
    for req in reqs:
        if canonicalize_name(req.name) != own:
            out.append(req)
            continue
        for extra in sorted(req.extras):
            extra = canonicalize_name(extra)
            if extra in seen:
                continue
            out.extend(_expand_self_extras(meta, meta.extra(extra), seen + (extra,)))
    return out


# --------------------------------------------------------------------------------------------------
# meta


_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)


def description_for(summary: Optional[str], name: str, where: str) -> str:
    """nixpkgs style: one sentence, capitalized, no leading article, no trailing period, and not
    starting with the package name."""
    if not summary or not summary.strip():
        raise MetadataError("the project has no summary to use as meta.description; pass --description", path=where)
    text = " ".join(summary.split())
    for pattern in (
        rf"^{re.escape(name)}\s*(?:is|:|-|–|—)\s*",
        rf"^{re.escape(name.replace('-', '_'))}\s*(?:is|:|-|–|—)\s*",
    ):
        text = re.sub(pattern, "", text, flags=re.IGNORECASE)
    text = _ARTICLE.sub("", text)
    text = text.rstrip(". ")
    if not text:
        raise MetadataError("the project's summary is empty after nixpkgs style rules; pass --description", path=where)
    return text[0].upper() + text[1:]


_HOME_LABELS = ("homepage", "home", "home-page", "website", "documentation", "docs")
_SOURCE_LABELS = ("source", "source-code", "sourcecode", "repository", "repo", "code", "github")
_CHANGELOG_LABELS = ("changelog", "change-log", "changes", "release-notes", "releasenotes", "history", "news", "whats-new")


def _label(label: str) -> str:
    return re.sub(r"[^a-z]+", "-", label.lower()).strip("-")


def homepage_for(meta: Metadata, source: Source, subdir: Optional[str]) -> str:
    urls = {_label(k): v for k, v in reversed(meta.urls)}
    for label in _HOME_LABELS[:4] + _SOURCE_LABELS:
        if label in urls:
            return urls[label]
    if isinstance(source, GitHubSource):
        return source.url + (f"/tree/main/{subdir}" if subdir else "")
    return f"https://pypi.org/project/{naming.normalize(meta.name)}/"


def changelog_for(project: Project, source: Source) -> Optional[tuple[str | RawPart, ...]]:
    meta = project.metadata
    for label, url in meta.urls:
        if _label(label) in _CHANGELOG_LABELS:
            if project.version in url:
                before, _, after = url.partition(project.version)
                return tuple(p for p in (before, RawPart("finalAttrs.version"), after) if p != "")
            return (url,)
    if isinstance(source, GitHubSource) and project.changelog_file:
        path = "/".join(p for p in (project.subdir, project.changelog_file) if p)
        return (f"{source.url}/blob/", RawPart("finalAttrs.src.tag"), f"/{path}")
    return None


def main_program_for(meta: Metadata) -> Optional[str]:
    scripts = [e.name for e in meta.entry_points if e.group == "console_scripts"]
    if len(scripts) == 1:
        return scripts[0]
    wanted = {canonicalize_name(meta.name), *(canonicalize_name(i.split(".")[0]) for i in meta.import_names)}
    matching = [s for s in scripts if canonicalize_name(s) in wanted]
    return matching[0] if len(matching) == 1 else None


# --------------------------------------------------------------------------------------------------
# imports


def _import_forms(distribution: str) -> set[str]:
    """The import names a distribution obviously provides: ``aiohttp-cors`` → ``aiohttp_cors``,
    ``aiohttpcors``.  Deliberately narrow: ``pyyaml`` does not give ``yaml``, so such a module
    stays checked (keeping a check is the safe mistake)."""
    norm = canonicalize_name(distribution)
    return {norm.replace("-", "_"), norm.replace("-", "")}


def extra_only_imports(project: Project) -> frozenset[str]:
    """Import names of distributions that only an extra requires, on any interpreter and system."""
    core: set[str] = set()
    extra: set[str] = set()
    own = canonicalize_name(project.name)
    for _, meta in project.per_environment:
        core.update(canonicalize_name(r.name) for r in meta.dependencies)
        extra.update(canonicalize_name(r.name) for _, reqs in meta.optional_dependencies for r in reqs)
    provided = set().union(*(_import_forms(d) for d in core | {own}))
    only = set().union(*(_import_forms(d) for d in extra - core - {own}))
    return frozenset(only - provided - sys.stdlib_module_names)


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def imports_check_for(project: Project, extra_imports: Sequence[str] = ()) -> tuple[str, ...]:
    """``pythonImportsCheck``: the distribution's modules that import without any extra (a module
    that always imports a distribution only an extra provides, like black's ``blackd`` and
    aiohttp, would fail the check), public ones only when there are any.  When every module needs
    an extra they are all kept: that failure names the missing dependency."""
    meta = project.metadata
    needs_extra = extra_only_imports(project)
    imports = dict(meta.module_imports)
    names = [n for n in meta.import_names if not _is_private(n)] or list(meta.import_names)
    names = [n for n in names if not needs_extra.intersection(imports.get(n, ()))] or names
    return tuple(dict.fromkeys([*names, *extra_imports]))


def python_namespaces_for(meta: Metadata) -> tuple[str, ...]:
    """``pythonNamespaces``: the pkgutil / pkg_resources namespace packages above the checked modules,
    deepest of each chain (the hook removes ``__init__.py`` at every level of ``azure.mgmt``).
    Native PEP 420 namespaces (no ``__init__.py`` at all) need nothing."""
    spaces = sorted(set(meta.legacy_namespaces))
    return tuple(n for n in spaces if not any(other.startswith(n + ".") for other in spaces))


# --------------------------------------------------------------------------------------------------
# the package


def _per_env(project: Project, pick: Callable[[Metadata], Iterable[Requirement]]) -> dict[Environment, list[Requirement]]:
    return {env: list(pick(meta)) for env, meta in project.per_environment}


def _build_system(meta: Metadata, target: Target) -> tuple[str, ...]:
    out = []
    for req in meta.build_requires:
        if canonicalize_name(req.name) in naming.BUILD_IGNORED:
            continue
        if req.marker is not None and not any(req.marker.evaluate(env.marker_environment()) for env in target.environments):
            continue
        out.append(naming.attr_for(req.name))
    return tuple(sorted(dict.fromkeys(out)))


def _test_inputs(project: Project, target: Target, siblings: Mapping[str, str]) -> tuple[Dependency, ...]:
    meta = project.metadata
    groups = dict(meta.dependency_groups)
    extras = dict(meta.optional_dependencies)
    reqs: list[Requirement] = []
    for name in TEST_GROUPS:
        reqs += list(groups.get(name, ())) + list(extras.get(name, ()))
    if not reqs and "dev" in groups:
        reqs = list(groups["dev"])
    reqs = _expand_self_extras(meta, reqs)
    names: dict[str, Dependency] = {"pytestCheckHook": Dependency("pytestCheckHook")}
    for req in reqs:
        norm = canonicalize_name(req.name)
        if norm in NOT_TEST_INPUTS or norm.startswith(("types-", "sphinx", "mypy-", "flake8-")):
            continue
        if norm in naming.TEST_REPLACEMENTS:
            replacement = naming.TEST_REPLACEMENTS[norm]
            if replacement:
                names[replacement] = Dependency(replacement)
            continue
        if req.marker is not None and not all(req.marker.evaluate(env.marker_environment()) for env in target.environments):
            continue  # conditional test inputs are left to the packager
        if norm == canonicalize_name(meta.name):
            continue
        attr = _name_of(req, siblings)
        names[attr] = Dependency(attr, sibling=norm in siblings)
    return tuple(sorted(names.values(), key=lambda d: (d.attr != "pytestCheckHook", d.attr)))


def plan_package(
    project: Project,
    options: Options,
    *,
    source: Optional[Source] = None,
    siblings: Mapping[str, str] = {},
    meta_base: Optional[str] = None,
    root_github: Optional[GitHubSource] = None,
    root_meta: Optional[Meta] = None,
) -> Plan:
    """Decide everything about one package.  *siblings* maps normalized distribution names of the
    family to their attributes; *source* overrides :func:`plan_source` (inherited sources)."""
    target = options.target
    meta = project.metadata
    where = project.label
    attr = options.attr or naming.attr_for(meta.name)
    src = source if source is not None else plan_source(project, options)

    deps = resolve_requirements(_per_env(project, lambda m: m.dependencies), target, "dependencies", siblings=siblings)
    optional: list[tuple[str, tuple[Dependency, ...]]] = []
    reasons = list(deps.reasons)
    removed = dict(deps.removed)
    extra_names = sorted({extra for _, m in project.per_environment for extra, _ in m.optional_dependencies})
    for extra in extra_names:
        if is_dev_extra(extra):
            continue
        resolved = resolve_requirements(
            _per_env(project, lambda m, e=extra: _expand_self_extras(m, m.extra(e), (e,))),
            target,
            f"optional-dependencies.{extra}",
            extra=extra,
            siblings=siblings,
        )
        reasons += resolved.reasons
        # no pythonRemoveDeps for extras: the runtime dependency check only reads Requires-Dist
        # of the package itself, without extras
        if resolved.dependencies:
            optional.append((extra, resolved.dependencies))

    if options.no_check_reason is not None:
        no_check = options.no_check_reason
    elif not project.has_tests:
        no_check = "the sdist ships no tests" if project.sdist_name else "the source ships no tests"
    else:
        no_check = None
    check_inputs = _test_inputs(project, target, siblings) if no_check is None else ()

    licenses_ = options.license or licenses.resolve(meta.license_expression, meta.license_text, meta.classifiers, where=where)
    for lic in licenses_:
        if not licenses.known_attr(lic):
            raise UserError(f"--license {lic}: not an attribute of lib.licenses")
    description = options.description or description_for(meta.summary, meta.name, where)
    homepage_source = root_github if isinstance(src, InheritedSource) and root_github is not None else src
    nix_meta = Meta(
        description=description,
        homepage=homepage_for(meta, homepage_source, project.subdir or None),
        changelog=changelog_for(project, src),
        licenses=licenses_,
        maintainers=options.maintainers,
        main_program=main_program_for(meta),
    )
    if root_meta is not None:
        # ``meta = <root>.meta // { … }``: repeat only what differs from the root
        nix_meta = attrs.evolve(
            nix_meta,
            licenses=() if nix_meta.licenses == root_meta.licenses else nix_meta.licenses,
            maintainers=() if nix_meta.maintainers == root_meta.maintainers else nix_meta.maintainers,
        )
    disabled = conditions.disabled_condition(meta.requires_python, target)
    if project.unsupported:
        disabled = conditions.synthesize(
            {env: conditions.evaluate(disabled, env) or env in project.unsupported for env in target.environments},
            target,
        )
    if disabled.is_always:
        raise UserError(
            f"{meta.name} requires Python {meta.requires_python}, which no interpreter of the target "
            f"({', '.join(target.pythons)}) satisfies"
        )
    remove = dict(options.remove_deps)
    for name, reason in removed.items():
        remove.setdefault(name, reason)
    package = NixPackage(
        attr=attr,
        pname=naming.normalize(meta.name),
        version=meta.version,
        src=src,
        source_root=project.subdir or None,
        build_system=_build_system(meta, target),
        relax_deps=tuple(sorted(options.relax_deps)),
        remove_deps=tuple(sorted(remove.items())),
        dependencies=deps.dependencies,
        optional_dependencies=tuple(optional),
        native_check_inputs=check_inputs,
        imports_check=imports_check_for(project, options.extra_imports),
        python_namespaces=python_namespaces_for(meta),
        no_check_reason=no_check,
        disabled=disabled,
        meta=nix_meta,
        meta_base=meta_base,
        project=project,
    )
    return Plan(package, tuple(reasons))


def explain(plan: Plan, target: Target) -> str:
    """Text for ``--explain``: every attribute's truth table and chosen condition."""
    blocks = []
    for reason in plan.reasons:
        blocks.append(f"[{reason.section}] " + conditions.explain(reason.attr, reason.table, reason.condition, target))
    if not blocks:
        return f"{plan.package.attr}: no dependencies\n"
    return "\n\n".join(blocks) + "\n"


__all__ = ["Options", "Plan", "Reason", "plan_package", "plan_source", "explain", "validate_hash", "tag_parts", "FAKE_HASH", "ALWAYS", "NEVER"]
