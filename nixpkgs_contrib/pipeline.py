"""The emit pipeline as functions: source → trees → projects → plans → file texts.

Only :func:`open_tree` and :func:`sdist_hash` touch the file system; everything after reading is
pure, so the same inputs always give the same files.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import attrs
from packaging.utils import canonicalize_name

from . import forge
from .errors import SourceError
from .family import FamilyPlan, Member, Sharing, discover, plan_family, wanted_subdir
from .hashing.prefetch import prefetch_github
from .hashing.sources import hash_github_tag
from .model import Project
from .plan import (
    FAKE_HASH,
    GitHubSuggestion,
    Options,
    Plan,
    github_suggestion,
    has_test_requirements,
    no_hash_message,
    plan_package,
    version_in_tag,
)
from .plan_native import native_warnings
from .recipe import PackageRecipe, Recipe
from .render import nix
from .render.package import render_package
from .render.registration import sorted_entries
from .upstream import git
from .upstream.project import is_project, read_project
from .upstream.tree import ArchiveTree, DirectoryTree, SourceTree, SubTree, open_source

PYTHON_MODULES = "pkgs/development/python-modules"


@attrs.frozen
class Emitted:
    """What one emit produces: file texts by relative path, and the plans behind them."""

    files: dict[str, str]
    plans: tuple[Plan, ...]
    #: things the user must know (a placeholder hash was written, …)
    warnings: tuple[str, ...] = ()


def sdist_hash(path: Path) -> str:
    """SRI sha256 of a file (what fetchPypi/fetchurl check)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256-" + base64.b64encode(digest.digest()).decode()


def open_tree(source: Path, tag: Optional[str]) -> SourceTree:
    """The files to read: an sdist, the tagged tree of a git checkout, or a plain directory."""
    if not source.exists():
        raise SourceError("no such file or directory", path=source)
    if source.is_dir() and tag and git.is_git_checkout(source) and git.has_ref(source, tag):
        return git.GitTree(source, tag, label=f"{source}@{tag}")
    return open_source(source)


def read(source: Path, options: Options, *, subdir: str = "", tree: Optional[SourceTree] = None) -> Project:
    tree = tree if tree is not None else open_tree(source, options.tag)
    sdist_name = source.name if isinstance(tree, ArchiveTree) and source.is_file() else None
    return read_project(tree, options.target, subdir=subdir, version_hint=_version_from_tag(options.tag), sdist_name=sdist_name)


def _version_from_tag(tag: Optional[str]) -> Optional[str]:
    """``v1.2.3`` / ``name==1.2.3`` / ``name-v1.2.3`` → ``1.2.3`` (for VCS-versioned projects)."""
    if not tag:
        return None
    match = version_in_tag(tag)
    return match.group() if match and match.end() == len(tag) else None


def source_hash(
    source: Path, options: Options, tag: Optional[str] = None, *, per_package: bool = False
) -> tuple[Optional[str], tuple[str, ...]]:
    """The fetchFromGitHub hash for *tag* (default ``options.tag``) when none was given: computed
    offline from a checkout that has the tag, else prefetched (``--prefetch``), else a placeholder
    (``--fake-hash``, with a warning).  None when there is no GitHub source or a hash was given."""
    tag = tag or options.tag
    if not options.github or not tag or options.hash:
        return options.hash, ()
    if git.is_git_checkout(source) and git.has_ref(source, f"refs/tags/{tag}"):
        return hash_github_tag(source, tag), ()
    if options.prefetch:
        return prefetch_github(options.github[0], options.github[1], tag), ()
    if options.fake_hash:
        return FAKE_HASH, (
            f"warning: wrote a placeholder hash for tag {tag!r}; the first build fails and prints the real one",
        )
    if per_package:
        raise SourceError(
            f"no hash for tag {tag!r}: give it as hash in the recipe's [[package]], or emit from a git "
            "checkout that has the tag (hashed offline), or pass --prefetch (network), or --fake-hash (placeholder)",
            path=source,
        )
    raise SourceError(no_hash_message(options.github[0], options.github[1], tag), path=source)


def no_source_message(project: Project) -> str:
    """What to do for a plain directory: nixpkgs fetches sources, so say how, with the repository
    and version filled in when the project's URLs name them."""
    link = forge.repository_in_urls(project.metadata.urls)
    found = None if link is None else (link.owner, link.repo)
    version = project.version
    pinned = f"pypi:{project.name}=={version}"
    if found is None:
        return (
            "nothing to fetch the source from (nixpkgs never builds a local directory): pass --github OWNER/REPO "
            "--tag TAG with --prefetch (network) or --fake-hash (placeholder), emit a git clone (tag and hash "
            f"found offline), or emit {pinned} (fetchPypi) or a local sdist file"
        )
    owner, repo = found
    return (
        f"nothing to fetch the source from (nixpkgs never builds a local directory); upstream is github:{owner}/{repo}: "
        f"pass --github {owner}/{repo} --tag v{version} --prefetch (network; use upstream's tag for {version} if it is "
        f"not v{version}), or the same with --fake-hash (placeholder, the first build prints the real hash); or emit "
        f"a git clone of https://github.com/{owner}/{repo} (tag and hash found offline), "
        f"https://github.com/{owner}/{repo}/tree/v{version}, or {pinned} (fetchPypi)"
    )


def emit_single(source: Path, options: Options) -> Emitted:
    """Emit one project (a directory, a git checkout at ``options.tag``, or an sdist)."""
    source = source.absolute() if not source.is_absolute() else source
    digest, notes = source_hash(source, options)
    warnings = list(notes)
    options = attrs.evolve(options, hash=digest)
    tree = open_tree(source, options.tag)
    project = read(source, options, tree=tree)
    if isinstance(tree, ArchiveTree) and source.is_file() and options.sdist is None and not options.github:
        options = attrs.evolve(options, sdist=(source.name, sdist_hash(source)))
        suggestion = github_suggestion(project)
        if suggestion is not None:
            options, project, notes = prefer_github(options, project, suggestion)
            warnings += notes
    if not options.github and not options.sdist:
        raise SourceError(no_source_message(project), path=source)
    plan = plan_package(project, options)
    files = {
        f"{PYTHON_MODULES}/{plan.package.attr}/default.nix": render_package(plan.package),
        "python-packages.nix": sorted_entries([plan.package.attr]),
    }
    return Emitted(files, (plan,), tuple(warnings) + native_warnings(plan.package))


def prefer_github(
    options: Options, project: Project, suggestion: GitHubSuggestion
) -> tuple[Options, Project, tuple[str, ...]]:
    """Fetch from GitHub instead of PyPI when the sdist lacks the tests (nixpkgs prefers the tagged
    tree).  With ``--prefetch`` each candidate tag is prefetched until one exists; offline, the
    options stay and a warning gives the exact options that switch."""
    if options.prefetch and suggestion.at_root:
        failures = []
        for tag in suggestion.tags:
            try:
                digest = prefetch_github(suggestion.owner, suggestion.repo, tag)
            except SourceError as exc:
                failures.append(str(exc))
                continue
            switched = attrs.evolve(options, github=(suggestion.owner, suggestion.repo), tag=tag, hash=digest, sdist=None)
            # the tagged tree has the tests when upstream declares test requirements; otherwise
            # the planner still says why it cannot run them
            return switched, attrs.evolve(project, has_tests=has_test_requirements(project)), (
                f"note: the sdist ships no tests; fetching {suggestion.url} at tag {tag} instead",
            )
        return options, project, (
            f"warning: the sdist ships no tests, and no guessed tag of {suggestion.url} could be prefetched "
            f"({'; '.join(failures)}); kept fetchPypi",
        )
    tag = suggestion.tags[0]
    switch = f"--github {suggestion.owner}/{suggestion.repo} --tag {tag}"
    where = (
        f"re-run with {switch} --prefetch (network), or with {switch} from a clone of it (hashed offline)"
        if suggestion.at_root
        else f"emit from a clone of it with {switch} (and --package SUBDIR if the project is in a subdirectory)"
    )
    return options, project, (
        f"warning: the sdist ships no tests (doCheck = false); nixpkgs prefers the tagged tree of {suggestion.url}: "
        f"{where}; {tag} is a guess ({suggestion.why}; else {', '.join(suggestion.tags[1:])}), check {suggestion.url}/tags",
    )


def emit_family(
    source: Path,
    options: Options,
    *,
    name: Optional[str] = None,
    subdirs: Sequence[str] = (),
    discover_all: bool = False,
    exclude: Sequence[str] = (),
    recipe: Optional[Recipe] = None,
    tag_format: Optional[str] = None,
    sharing: Sharing = "auto",
) -> tuple[Emitted, FamilyPlan]:
    """Emit several projects of one repository as a family (``--package``/``--all``/``--recipe``)."""
    source = source.absolute()
    if not source.is_dir():
        raise SourceError("a family is emitted from a repository directory", path=source)
    warnings: list[str] = []
    if tag_format is None and sharing != "independent" or options.tag:
        digest, notes = source_hash(source, options)
        options = attrs.evolve(options, hash=digest)
        warnings += notes
    tree = open_tree(source, options.tag)
    if recipe is not None:
        subdirs = [p.path for p in recipe.packages]
    if discover_all:
        subdirs = discover(tree.files(), lambda d: is_project(SubTree(tree, d)), exclude)
        if not subdirs:
            raise SourceError("--all found no Python project below the repository", path=source)
    members: list[Member] = []
    for raw in subdirs:
        subdir = wanted_subdir(raw)
        if subdir and not tree.is_dir(subdir):
            raise SourceError(f"--package {raw}: no such directory in the repository", path=tree.display(subdir))
        sub = SubTree(tree, subdir) if subdir else tree
        if not is_project(sub):
            raise SourceError(f"--package {raw}: holds no Python project (no pyproject.toml, setup.py or setup.cfg)", path=tree.display(subdir))
        project = read_project(sub, options.target, subdir=subdir, version_hint=_version_from_tag(options.tag))
        overrides = (recipe.package(subdir) if recipe else None) or PackageRecipe(subdir)
        if tag_format is not None and overrides.hash is None:
            member_tag = tag_format.format(name=project.name, pname=canonicalize_name(project.name), version=project.version)
            member_hash, notes = source_hash(source, attrs.evolve(options, hash=None), member_tag, per_package=True)
            overrides = attrs.evolve(overrides, hash=member_hash)
            warnings += notes
        members.append(Member(project, overrides))
    if not options.github and members:
        raise SourceError(no_source_message(members[0].project), path=source)
    rust = [m.project.name for m in members if m.project.metadata.native and m.project.metadata.native.cargo_manifests]
    if options.cargo_hash and len(rust) > 1:
        raise SourceError(
            f"--cargo-hash is the hash of one package's crates, and {len(rust)} packages of the family build Rust "
            f"({', '.join(rust)}): leave it out and copy each one's hash from its first build",
            path=source,
        )
    family_name = name or (recipe.name if recipe else None) or (options.github[1] if options.github else source.name)
    fplan = plan_family(family_name, members, options, tag_format=tag_format, sharing=sharing)
    files = {f"{PYTHON_MODULES}/{p.package.attr}/default.nix": render_package(p.package) for p in fplan.plans}
    files["python-packages.nix"] = sorted_entries([p.package.attr for p in fplan.plans])
    for plan in fplan.plans:
        warnings += native_warnings(plan.package)
    return Emitted(files, fplan.plans, tuple(warnings)), fplan


__all__ = ["Emitted", "emit_single", "emit_family", "open_tree", "read", "sdist_hash", "PYTHON_MODULES", "DirectoryTree", "nix"]
