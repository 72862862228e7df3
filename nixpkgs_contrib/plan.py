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

from . import conditions, devtools, forge, licenses, naming
from .conditions import ALWAYS, NEVER, Condition
from .devtools import is_dev_extra
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
from .plan_native import plan_native

#: Extras and dependency groups whose requirements are the test suite's (nativeCheckInputs).
TEST_GROUPS = ("test", "tests", "testing")

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
    #: SRI hash of the vendored Rust crates (cargoDeps); None writes lib.fakeHash
    cargo_hash: Optional[str] = None


@attrs.frozen
class Reason:
    """Why an attribute is in a list: its truth table over the matrix and the condition chosen."""

    attr: str
    section: str
    table: Mapping[Environment, bool]
    condition: Condition
    #: the requirement strings upstream wrote for it (markers included), distinct and sorted
    requirements: tuple[str, ...] = ()
    #: cells where the package is disabled, so the condition may say anything there
    dont_care: frozenset[Environment] = frozenset()


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


@attrs.frozen
class GitHubSuggestion:
    """The repository nixpkgs would rather fetch from, for an sdist that ships no tests."""

    owner: str
    repo: str
    #: tags to try, the best guess first; every one contains the version
    tags: tuple[str, ...]
    #: why the first tag is the guess, for the message (it is a guess: the tags are not known offline)
    why: str
    #: the repository is named after the distribution, so the sdist is its root (no sourceRoot needed)
    at_root: bool

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.repo}"


def github_suggestion(project: Project) -> Optional[GitHubSuggestion]:
    """A GitHub repository to fetch from instead of PyPI, when the sdist lacks the tests.

    nixpkgs prefers the repository's tagged tree (its tests run in the build); upstream's metadata
    names the repository (``Source``/``Repository`` first, then any GitHub link).  The tag is a
    guess from the version: ``v1.2.3`` is the most common form in nixpkgs (103 of 169 corpus
    files), calendar versions (``24.10.0``, ``2025.1``) are more often tagged bare; a repository not
    named after the distribution is likely a monorepo with its own tag scheme, so both common
    monorepo forms are candidates too and nothing is switched without the user."""
    if project.has_tests or project.sdist_name is None:
        return None
    meta = project.metadata
    link = forge.repository_in_urls(meta.urls)
    if link is None:
        return None
    version = project.version
    first = int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0
    calendar = first >= 2000 or (17 <= first <= 99 and version.count(".") >= 1)
    bare, prefixed = version, f"v{version}"
    at_root = _bare_repo_name(link.repo) == _bare_repo_name(meta.name)
    if calendar:
        tags, why = (bare, prefixed), f"calendar versions such as {version} are usually tagged without a v"
    else:
        tags, why = (prefixed, bare), "most projects on GitHub tag v<version>"
    if not at_root:
        pname = canonicalize_name(meta.name)
        tags += (f"{pname}-v{version}", f"{pname}=={version}")
        why += f"; {link.owner}/{link.repo} is not named after {meta.name}, so it may tag each package"
    return GitHubSuggestion(link.owner, link.repo, tags, why, at_root)


def _bare_repo_name(name: str) -> str:
    """``python-rsa`` / ``rsa-python`` / ``pyrsa``-style repository names compare as ``rsa``."""
    norm = canonicalize_name(name)
    return re.sub(r"^(?:python-|py-)|(?:-python|-py)$", "", norm)


def no_hash_message(owner: str, repo: str, tag: str) -> str:
    return (
        f"no hash for github:{owner}/{repo} at tag {tag!r}: pass --hash SRI, or emit from a git checkout "
        f"that has the tag (hashed offline), or pass --prefetch (runs nix-prefetch-github), or --fake-hash "
        "(a placeholder; the first build fails and prints the real hash)"
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
    dont_care: frozenset[Environment] = frozenset(),
) -> _Resolved:
    """Requirements per environment → dependencies with their minimal conditions (*dont_care*:
    the cells where the package is disabled, see :func:`conditions.synthesize`)."""
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
        cond = conditions.synthesize(table, target, dont_care)
        written = tuple(sorted({str(req) for _, req in by_attr_reqs.get(attr, ())}))
        reasons.append(Reason(attr, section, table, cond, written, dont_care))
        if cond.is_never:
            continue
        applicable = [(env, req) for env, req in by_attr_reqs[attr] if table.get(env) and env not in dont_care]
        spelled: dict[str, str] = {}
        for _, req in applicable:
            for extra in _extra_spellings(req):
                spelled.setdefault(canonicalize_name(extra), extra)
        extras = sorted(spelled.values())
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
    whole = " ".join(summary.split())
    text = whole
    # "Typer, build great CLIs", "FastAPI framework, …", "acme: tools", "Requests is …"; a name
    # written as words only before punctuation ("Acme Core: …", not "Acme Storage Blob client …")
    variants = tuple(dict.fromkeys((name, name.replace("-", "_"), naming.normalize(name))))
    for variant in variants:
        text = re.sub(rf"^{re.escape(variant)}(?![\w-])[\s,:;–—-]*(?:is\s+)?", "", text, flags=re.IGNORECASE)
    spaced = re.escape(naming.normalize(name).replace("-", " "))
    text = re.sub(rf"^{spaced}(?:\s*[,:;–—-]+\s*|\s+is\s+)", "", text, flags=re.IGNORECASE)
    if not text.strip(" .,:;–—-"):
        if any(re.match(rf"{re.escape(v)}(?![\w-])", whole, re.IGNORECASE) for v in variants):
            # "Accelerate": what check's NC017 rejects, and says nothing of what the package does
            raise MetadataError(
                f"the project's summary is only its name ({whole!r}), which says nothing of what it does; pass --description",
                path=where,
            )
        text = whole  # the name in words ("OpenTelemetry Semantic Conventions"): nothing better
    text = _ARTICLE.sub("", text)
    # one sentence: "Build great CLIs. Easy to code. Based on Python type hints" keeps the first
    text = re.split(r"(?<=[A-Za-z0-9)]{2})(?<!\betc)(?<!\bvs)[.!]\s+(?=[A-Z])", text, maxsplit=1)[0]
    text = text.rstrip(". ")
    if not text:
        raise MetadataError("the project's summary is empty after nixpkgs style rules; pass --description", path=where)
    return text[0].upper() + text[1:]


_CHANGELOG_LABELS = ("changelog", "change-log", "changes", "release-notes", "releasenotes", "history", "news", "whats-new")


def homepage_for(meta: Metadata, source: Source, subdir: Optional[str]) -> str:
    urls = {forge.label(k): v for k, v in reversed(meta.urls)}
    for label in forge.HOME_LABELS[:4] + forge.SOURCE_LABELS:
        if label in urls:
            return urls[label]
    if isinstance(source, GitHubSource):
        return source.url + (f"/tree/main/{subdir}" if subdir else "")
    return f"https://pypi.org/project/{naming.normalize(meta.name)}/"


def changelog_for(project: Project, source: Source) -> Optional[tuple[str | RawPart, ...]]:
    """``meta.changelog``, pinned to the release where that is known to work.

    A changelog URL that contains the version interpolates ``finalAttrs.version``.  With a GitHub
    source, upstream's link into the same repository is pinned to the fetched tag: a releases page
    becomes ``releases/tag/${finalAttrs.src.tag}``, a file on a branch (``blob/main/CHANGES.md``)
    becomes ``blob/${finalAttrs.src.tag}/CHANGES.md`` when the file exists in the tree read, which
    is the tag's.  Without a GitHub source the tag is unknown and upstream's URL stays as it is.
    """
    meta = project.metadata
    for label, url in meta.urls:
        if forge.label(label) in _CHANGELOG_LABELS:
            if project.version in url:
                before, _, after = url.partition(project.version)
                return tuple(p for p in (before, RawPart("finalAttrs.version"), after) if p != "")
            pinned = _pinned_link(url, project, source)
            return pinned if pinned is not None else (url,)
    if isinstance(source, GitHubSource) and project.changelog_file:
        path = "/".join(p for p in (project.subdir, project.changelog_file) if p)
        return (f"{source.url}/blob/", RawPart("finalAttrs.src.tag"), f"/{path}")
    return None


def _pinned_link(url: str, project: Project, source: Source) -> Optional[tuple[str | RawPart, ...]]:
    link = forge.parse(url)
    if link is None or not isinstance(source, GitHubSource) or not link.same_repository(source.owner, source.repo):
        return None
    tag = RawPart("finalAttrs.src.tag")
    if link.kind == "releases":
        return (f"{source.url}/releases/tag/", tag)
    if link.kind == "file" and link.path in project.linked_files:
        anchor = url.partition("#")[2]
        return (f"{source.url}/blob/", tag, f"/{link.path}" + (f"#{anchor}" if anchor else ""))
    return None


def main_program_for(meta: Metadata) -> Optional[str]:
    """``meta.mainProgram``: the console script a user means by the package, or None when unsure.

    Scripts with the same entry point are aliases (``pip``/``pip3``, ``http``/``https``); each
    group is one candidate, named by its member named after the distribution, else after the
    import package, else its shortest name.  With several candidates, in order: the one that runs
    what ``python -m <package>`` runs (``http`` → ``httpie.__main__``, where httpie's own
    ``httpie`` script is its plugin manager); the one named after the distribution (``black``,
    not ``blackd``); the one named after the import package; the only one that is not a helper of
    another, a helper's name being another's plus more (``jupyter-migrate``, ``dmypy``).  Else
    none: sphinx's four ``sphinx-*`` scripts are left out, as nixpkgs does."""
    scripts = [e for e in meta.entry_points if e.group == "console_scripts"]
    dist = canonicalize_name(meta.name)
    tops = {i.split(".")[0] for i in meta.import_names}
    packages = {canonicalize_name(t) for t in tops}

    def rank(name: str) -> tuple:
        norm = canonicalize_name(name)
        return (norm != dist, norm not in packages, len(name), name)

    groups: dict[str, list[str]] = {}
    for script in scripts:
        groups.setdefault("".join(script.value.split()), []).append(script.name)
    candidates = {min(names, key=rank): value.split(":")[0] for value, names in sorted(groups.items())}
    if len(candidates) <= 1:
        return next(iter(candidates), None)
    runs_main = [n for n, module in candidates.items() if module in {f"{t}.__main__" for t in tops}]
    names = runs_main if runs_main else list(candidates)
    if len(names) == 1:
        return names[0]
    for wanted in ({dist}, packages):
        named = [n for n in names if canonicalize_name(n) in wanted]
        if len(named) == 1:
            return named[0]
    primary = [n for n in names if not any(o != n and (n.startswith(o) or n.endswith(o)) for o in names)]
    return primary[0] if len(primary) == 1 else None


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


#: build-system entries another entry already brings: nixpkgs' setuptools-scm propagates setuptools
#: (18 of the 29 corpus files with setuptools-scm leave setuptools out).
IMPLIED_BUILD: Mapping[str, str] = {"setuptools": "setuptools-scm"}


#: build requirements that are tools run around a build, never inputs of one: build frontends
#: (nixpkgs' builder is one) and ``setup_requires`` test runners (nixpkgs patches them out of
#: setup.py, as faraday-agent-parameters-types does for pytest-runner)
BUILD_TOOLS: frozenset[str] = frozenset({"build", "pytest-runner"})


def _build_system(meta: Metadata, target: Target) -> tuple[str, ...]:
    """``build-system``: the PEP 517 requirements as attributes, without pip/wheel (nixpkgs' hooks
    provide them), without build frontends and test runners (:data:`BUILD_TOOLS`) and without
    what another entry propagates.  Metadata-only backend plugins
    (hatch-vcs, hatch-fancy-pypi-readme) stay: the backend imports them even when the version or
    readme comes from elsewhere.  Empty for a backend that builds itself (poetry-core, flit-core:
    ``requires = []`` with ``backend-path``); the template then writes no ``build-system``, as
    nixpkgs' poetry-core and wheel files do."""
    out = []
    for req in meta.build_requires:
        if canonicalize_name(req.name) in naming.BUILD_IGNORED or canonicalize_name(req.name) in BUILD_TOOLS:
            continue
        if req.marker is not None and not any(req.marker.evaluate(env.marker_environment()) for env in target.environments):
            continue
        out.append(naming.attr_for(req.name))
    present = set(out)
    return tuple(sorted(a for a in dict.fromkeys(out) if IMPLIED_BUILD.get(a) not in present))


def has_test_requirements(project: Project) -> bool:
    """Upstream declares what its tests need (a test extra or dependency group): evidence that the
    repository has a test suite even when the sdist leaves it out."""
    meta = project.metadata
    declared = dict(meta.dependency_groups) | dict(meta.optional_dependencies)
    return any(declared.get(name) for name in TEST_GROUPS)


def _test_inputs(
    project: Project,
    target: Target,
    siblings: Mapping[str, str],
    dont_care: frozenset[Environment] = frozenset(),
    runtime: frozenset[str] = frozenset(),
) -> tuple[Dependency, ...]:
    """nativeCheckInputs from the test extra or dependency group: pytestCheckHook first, then the
    test requirements that are not tools (:func:`devtools.test_inputs`) and not already runtime
    dependencies (*runtime*: attributes every enabled interpreter gets), which the build has anyway.
    A runtime dependency the tests need with an extra (``anyio[trio]``) stays for that extra only
    (``extras_only``: the renderer writes ``anyio.optional-dependencies.trio``)."""
    meta = project.metadata
    groups = dict(meta.dependency_groups)
    extras = dict(meta.optional_dependencies)
    reqs: list[Requirement] = []
    for name in TEST_GROUPS:
        reqs += list(groups.get(name, ())) + list(extras.get(name, ()))
    if not reqs and "dev" in groups:
        reqs = list(groups["dev"])
    reqs = _expand_self_extras(meta, reqs)
    enabled = [env for env in target.environments if env not in dont_care]
    own = canonicalize_name(meta.name)
    kept = set(devtools.test_inputs(r.name for r in reqs))
    names: dict[str, Dependency] = {"pytestCheckHook": Dependency("pytestCheckHook")}
    for replacement in set(devtools.TEST_REPLACEMENTS.values()) & kept:
        names[replacement] = Dependency(replacement)
    for req in reqs:
        norm = canonicalize_name(req.name)
        if norm not in kept or norm in devtools.TEST_REPLACEMENTS or norm == own:
            continue
        if req.marker is not None and not all(req.marker.evaluate(env.marker_environment()) for env in enabled):
            continue  # conditional test inputs are left to the packager
        attr = _name_of(req, siblings)
        wanted = tuple(sorted({*names.get(attr, Dependency(attr)).extras, *_extra_spellings(req)}))
        names[attr] = Dependency(attr, extras=wanted, sibling=norm in siblings)
    out = [d for d in names.values() if d.attr not in runtime or d.extras]
    return tuple(sorted(out, key=lambda d: (d.attr != "pytestCheckHook", d.attr)))


#: Extras that nixpkgs' package does not define because upstream's is empty at the version nixpkgs
#: ships (nixpkgs writes no empty ``optional-dependencies`` entries): referencing one fails to
#: evaluate (``attribute 'toml' missing``).  Keyed by normalized distribution and extra name.  With
#: a checkout (``--nixpkgs``) every extra is checked against the package's own file instead
#: (:func:`nixpkgs_contrib.nixpkgs.compat.without_undefined_extras`).
UNDEFINED_EXTRAS: dict[tuple[str, str], str] = {
    # setuptools-scm >= 8: `toml = []` (tomli became a dependency on Python < 3.11); nixpkgs'
    # setuptools-scm (9.2) defines only `rich`
    ("setuptools-scm", "toml"): "empty since setuptools-scm 8",
    # coverage: `toml = ["tomli; python_full_version<='3.11.0a6'"]`, the standard library's tomllib
    # after; nixpkgs' coverage (7.13) defines no extras (pytest-cov asks for coverage[toml])
    ("coverage", "toml"): "tomli for Python < 3.11 only",
}


def _extra_spellings(req: Requirement) -> tuple[str, ...]:
    """The extras of a requirement, one per normalized name, as the requirement spells them: the
    dependency's optional-dependencies key is upstream's spelling (``use_chardet_on_py3``), which
    its dependents usually copy.  Extras nixpkgs does not define (:data:`UNDEFINED_EXTRAS`) are
    left out: the dependency itself is all they bring."""
    by_norm: dict[str, str] = {}
    dist = canonicalize_name(req.name)
    for extra in sorted(req.extras):
        if (dist, canonicalize_name(extra)) not in UNDEFINED_EXTRAS:
            by_norm.setdefault(canonicalize_name(extra), extra)
    return tuple(sorted(by_norm.values()))


def disabled_for(project: Project, target: Target) -> Condition:
    """``disabled``: the interpreters requires-python excludes, and those where setup.py refuses to
    run; an error when that is every interpreter of the target."""
    meta = project.metadata
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
    return disabled


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
    disabled = disabled_for(project, target)
    dont_care = frozenset(env for env in target.environments if conditions.evaluate(disabled, env))

    deps = resolve_requirements(
        _per_env(project, lambda m: m.dependencies), target, "dependencies", siblings=siblings, dont_care=dont_care
    )
    optional: list[tuple[str, tuple[Dependency, ...]]] = []
    reasons = list(deps.reasons)
    removed = dict(deps.removed)
    extra_names = sorted({extra for _, m in project.per_environment for extra, _ in m.optional_dependencies})
    for extra in extra_names:
        everywhere = [r for _, m in project.per_environment for r in _expand_self_extras(m, m.extra(extra), (extra,))]
        if is_dev_extra(extra, everywhere):
            continue
        resolved = resolve_requirements(
            _per_env(project, lambda m, e=extra: _expand_self_extras(m, m.extra(e), (e,))),
            target,
            f"optional-dependencies.{extra}",
            extra=extra,
            siblings=siblings,
            dont_care=dont_care,
        )
        reasons += resolved.reasons
        # no pythonRemoveDeps for extras: the runtime dependency check only reads Requires-Dist
        # of the package itself, without extras
        if resolved.dependencies:
            # keyed as upstream spells the extra (requests' use_chardet_on_py3), as nixpkgs does
            optional.append((meta.extra_key(extra), resolved.dependencies))

    if options.no_check_reason is not None:
        no_check = options.no_check_reason
    elif meta.meta_package:  # as nixpkgs' jupyter: "Meta-package, no tests"
        no_check = "meta-package: it installs no module of its own, only its dependencies"
    elif not project.has_tests:
        no_check = "the sdist ships no tests" if project.sdist_name else "the source ships no tests"
    else:
        no_check = None
    runtime = frozenset(d.attr for d in deps.dependencies if d.condition.is_always)
    check_inputs = _test_inputs(project, target, siblings, dont_care, runtime) if no_check is None else ()

    licenses_ = options.license or licenses.resolve(
        meta.license_expression, meta.license_text, meta.classifiers, files=meta.license_file_ids, headers=meta.license_header_ids, where=where
    )
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
    remove = dict(options.remove_deps)
    for name, reason in removed.items():
        remove.setdefault(name, reason)
    build_system = _build_system(meta, target)
    native = None
    if meta.native is not None:
        cargo_hash = validate_hash(options.cargo_hash, "--cargo-hash") if options.cargo_hash else None
        native, build_system = plan_native(
            meta.native, build_system, where=where, source_root=bool(project.subdir), cargo_hash=cargo_hash
        )
    # a project that builds with itself (Cython compiles its own extensions from its tree) does not
    # take its own attribute: Nix would recurse forever
    build_system = tuple(b for b in build_system if b != attr)
    package = NixPackage(
        attr=attr,
        pname=naming.normalize(meta.name),
        version=meta.version,
        src=src,
        source_root=project.subdir or None,
        build_system=build_system,
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
        native=native,
        project=project,
    )
    return Plan(package, tuple(reasons))


__all__ = [
    "Options", "Plan", "Reason", "GitHubSuggestion", "plan_package", "plan_source", "github_suggestion",
    "validate_hash", "tag_parts", "FAKE_HASH", "ALWAYS", "NEVER",
]
