"""Where upstream releases come from for ``update`` and ``audit``: a folder of sdists, one sdist,
a git checkout with the release tags, or a download (PyPI, GitHub archives) into the cache.

Each source answers two questions: the tree of a package at a version (:meth:`Releases.find`,
None when it does not have that release) and the newest version it knows
(:meth:`Releases.latest`).  Hashes are computed where the source makes that exact: the sha256 of
an sdist file (``fetchPypi``) and the NAR hash of a tag (``fetchFromGitHub``) from a checkout or a
downloaded archive.  Nothing here decides what a file should say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Optional, Protocol

import attrs
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .. import remote
from ..errors import SourceError
from ..inference import tag_for_version
from ..pipeline import sdist_hash
from ..upstream import git
from ..upstream.tree import ArchiveTree, DirectoryTree, SourceTree, SubTree
from .tags import TagScheme

_SDIST = re.compile(r"^(?P<name>.+)-(?P<version>[^-]+?)(?P<ext>\.tar\.gz|\.zip|\.tar\.bz2|\.tar\.xz|\.tgz)$")


@attrs.frozen
class Release:
    """One release of one package, ready to read: its tree is opened when first read (an
    sdist's tree loads the whole archive, which a reader of cached facts never needs)."""

    name: str
    version: str
    opener: Callable[[], SourceTree] = attrs.field(eq=False, repr=False)
    #: where it was found, for messages
    label: str
    #: the sdist file (fetchPypi hashes it), when the release is one
    sdist: Optional[Path] = None
    #: the tag it was read at, when it comes from a repository
    tag: Optional[str] = None
    _opened: list = attrs.field(factory=list, eq=False, repr=False, init=False)

    @property
    def tree(self) -> SourceTree:
        if not self._opened:
            self._opened.append(self.opener())
        return self._opened[0]


@attrs.frozen
class Wanted:
    """What to look for: a distribution at a version, and where it sits in its repository."""

    name: str
    version: str
    #: the tag of that version in the repository (from the file's ``tag = "v${version}"``)
    tag: Optional[str] = None
    #: the package's directory in the repository (``sourceRoot``)
    subdir: str = ""
    #: fetchFromGitHub's owner/repo, for a download
    github: Optional[tuple[str, str]] = None


class Releases(Protocol):
    """A place releases come from."""

    label: str

    def find(self, wanted: Wanted) -> Optional[Release]:
        """The release, or None when this source does not have it."""

    def latest(self, wanted: Wanted, scheme: Optional[TagScheme]) -> Optional[str]:
        """The newest version of *wanted*'s package this source knows (pre-releases only when
        there is nothing else), or None."""

    def tag_hash(self, wanted: Wanted) -> Optional[str]:
        """fetchFromGitHub's hash of *wanted*'s tag, when this source can compute it exactly."""


def parse_sdist_name(filename: str) -> Optional[tuple[str, str]]:
    """``acme_core-1.2.0.tar.gz`` → (``acme_core``, ``1.2.0``); None for anything else."""
    m = _SDIST.match(filename)
    return (m["name"], m["version"]) if m else None


def same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def spellings(version: str) -> list[str]:
    """*version* as written, then its PEP 440 normal form (``2026.04.22`` is PyPI's
    ``2026.4.22``, ``0.0.1-a1`` is ``0.0.1a1``): indexes list releases by the latter."""
    try:
        normal = str(Version(version))
    except InvalidVersion:
        return [version]
    return list(dict.fromkeys([version, normal]))


def newest(versions: Iterable[str]) -> Optional[str]:
    parsed = []
    for v in versions:
        try:
            parsed.append((Version(v), v))
        except InvalidVersion:
            continue
    final = [p for p in parsed if not (p[0].is_prerelease or p[0].is_devrelease)]
    pool = final or parsed
    return max(pool)[1] if pool else None


# --- sdists ---------------------------------------------------------------------------------------


class SdistFolder:
    """A folder of sdists (``pip download -d`` makes one), looked up by name and version."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise SourceError("not a directory of sdists", path=folder)
        self.folder = folder
        self.label = str(folder)
        self._files: dict[str, list[tuple[str, Path]]] = {}
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            parsed = parse_sdist_name(entry.name) if entry.is_file() else None
            if parsed is not None:
                self._files.setdefault(canonicalize_name(parsed[0]), []).append((parsed[1], Path(entry.path)))

    def versions(self, name: str) -> list[str]:
        return [v for v, _ in self._files.get(canonicalize_name(name), [])]

    def find(self, wanted: Wanted) -> Optional[Release]:
        for version, path in self._files.get(canonicalize_name(wanted.name), []):
            if same_version(version, wanted.version):
                return _sdist_release(path, version)
        return None

    def latest(self, wanted: Wanted, scheme: Optional[TagScheme]) -> Optional[str]:
        return newest(self.versions(wanted.name))

    def tag_hash(self, wanted: Wanted) -> Optional[str]:
        return None


def _sdist_release(path: Path, version: str) -> Release:
    name = parse_sdist_name(path.name)
    return Release(name[0] if name else path.name, version, lambda: ArchiveTree(path), str(path), sdist=path)


class SingleSdist:
    """``--source FILE``: the one release a user hands over (the new one)."""

    def __init__(self, path: Path):
        parsed = parse_sdist_name(path.name)
        if not path.is_file() or parsed is None:
            raise SourceError("not an sdist file (NAME-VERSION.tar.gz or .zip)", path=path)
        self.path = path
        self.name, self.version = parsed
        self.label = str(path)

    def find(self, wanted: Wanted) -> Optional[Release]:
        if canonicalize_name(self.name) != canonicalize_name(wanted.name):
            return None
        if not same_version(self.version, wanted.version):
            return None
        return _sdist_release(self.path, self.version)

    def latest(self, wanted: Wanted, scheme: Optional[TagScheme]) -> Optional[str]:
        if canonicalize_name(self.name) != canonicalize_name(wanted.name):
            raise SourceError(f"is {self.name} {self.version}, not a release of {wanted.name}", path=self.path)
        return self.version

    def tag_hash(self, wanted: Wanted) -> Optional[str]:
        return None


# --- a git checkout -------------------------------------------------------------------------------


class Checkout:
    """``--source DIR``: a clone with the release tags; packages are read at the tag, in their
    subdirectory, without touching the work tree."""

    def __init__(self, repo: Path):
        if not git.is_git_checkout(repo):
            raise SourceError(
                "not a git checkout (--source takes an sdist file or a clone with the release tags)", path=repo
            )
        self.repo = repo
        self.label = str(repo)
        self._tags: Optional[list[str]] = None

    @property
    def tags(self) -> list[str]:
        if self._tags is None:
            self._tags = git.tags(self.repo)
        return self._tags

    def _tag(self, wanted: Wanted) -> Optional[str]:
        if wanted.tag is not None:
            return wanted.tag if wanted.tag in self.tags else None
        return tag_for_version(self.tags, wanted.name, wanted.version)

    def find(self, wanted: Wanted) -> Optional[Release]:
        tag = self._tag(wanted)
        if tag is None:
            return None
        tree: SourceTree = git.GitTree(self.repo, f"refs/tags/{tag}", label=f"{self.repo}@{tag}")
        if wanted.subdir:
            if not tree.is_dir(wanted.subdir):
                raise SourceError(f"tag {tag} has no directory {wanted.subdir} (the file's sourceRoot)", path=self.repo)
            tree = SubTree(tree, wanted.subdir)
        return Release(wanted.name, wanted.version, lambda: tree, f"{self.repo}@{tag}", tag=tag)

    def latest(self, wanted: Wanted, scheme: Optional[TagScheme]) -> Optional[str]:
        if scheme is None:
            return None
        versions = [str(v) for v in (scheme.version(t) for t in self.tags) if v is not None]
        best = newest(versions)
        if best is None:
            return None
        # the tag's own spelling of the version (1.2 vs 1.2.0)
        for tag in self.tags:
            v = scheme.version(tag)
            if v is not None and str(v) == best:
                return tag[len(scheme.prefix) : len(tag) - len(scheme.suffix) if scheme.suffix else None]
        return best

    def tag_hash(self, wanted: Wanted) -> Optional[str]:
        from ..hashing.sources import hash_github_tag

        tag = self._tag(wanted)
        return hash_github_tag(self.repo, tag) if tag is not None else None


# --- downloads ------------------------------------------------------------------------------------


class Download:
    """PyPI's sdists and GitHub's tag archives, downloaded once into the cache (network)."""

    label = "PyPI / GitHub (downloaded into the cache)"

    def __init__(self, *, prefer_github: bool = False, cache: Optional[Path] = None):
        self.prefer_github = prefer_github
        self.cache = cache
        self._hashes: dict[tuple[str, str, str], str] = {}
        #: one line per download or cache hit, for stderr
        self.notes: list[str] = []

    def find(self, wanted: Wanted) -> Optional[Release]:
        if self.prefer_github and wanted.github is not None and wanted.tag is not None:
            fetched = self._github(wanted)
            tree: SourceTree = DirectoryTree(fetched.path, label=f"{fetched.remote}")
            if wanted.subdir:
                tree = SubTree(tree, wanted.subdir)
            return Release(wanted.name, wanted.version, lambda: tree, str(fetched.remote), tag=wanted.tag)
        for spelling in spellings(wanted.version):
            try:
                fetched = remote.fetch(remote.PypiRef(wanted.name, spelling), cache=self.cache)
            except SourceError as exc:
                if "no release" in exc.message:
                    continue
                if "no project" in exc.message:
                    return None
                raise
            self.notes += fetched.notes
            return _sdist_release(fetched.path, wanted.version)
        return None

    def _github(self, wanted: Wanted) -> remote.Fetched:
        assert wanted.github is not None and wanted.tag is not None
        owner, repo = wanted.github
        fetched = remote.fetch(remote.GitHubRef(owner, repo, wanted.tag), cache=self.cache)
        self.notes += fetched.notes
        if fetched.hash:
            self._hashes[owner, repo, wanted.tag] = fetched.hash
        return fetched

    def latest(self, wanted: Wanted, scheme: Optional[TagScheme]) -> Optional[str]:
        if self.prefer_github and wanted.github is not None and scheme is not None:
            owner, repo = wanted.github
            tag = remote.latest_release(remote.GitHubRef(owner, repo), remote.TRANSPORT, remote.ENDPOINTS)
            version = scheme.version(tag)
            if version is None:
                raise SourceError(
                    f"github:{owner}/{repo}'s latest release {tag!r} is not a tag {scheme.prefix}VERSION{scheme.suffix}"
                )
            return tag[len(scheme.prefix) : len(tag) - len(scheme.suffix) if scheme.suffix else None]
        fetched = remote.fetch(remote.PypiRef(wanted.name), cache=self.cache)
        self.notes += fetched.notes
        assert isinstance(fetched.remote, remote.PypiRef)
        return fetched.remote.version

    def tag_hash(self, wanted: Wanted) -> Optional[str]:
        if wanted.github is None or wanted.tag is None:
            return None
        key = (*wanted.github, wanted.tag)
        if key not in self._hashes:
            self._github(wanted)
        return self._hashes.get(key)


def sdist_sri(release: Release) -> Optional[str]:
    """fetchPypi's hash of the release: the SRI sha256 of its sdist file."""
    return sdist_hash(release.sdist) if release.sdist is not None else None


def open_sources(source: Optional[Path], sdists: Optional[Path], *, prefer_github: bool = False) -> Releases:
    """The source the options name: ``--source`` (an sdist file or a checkout), ``--sdists DIR``,
    else downloads."""
    if source is not None and sdists is not None:
        raise SourceError("give --source or --sdists, not both")
    if sdists is not None:
        return SdistFolder(sdists)
    if source is not None:
        if not source.exists():
            raise SourceError("no such file or directory", path=source)
        return SingleSdist(source) if source.is_file() else Checkout(source)
    return Download(prefer_github=prefer_github)


__all__ = [
    "Checkout",
    "Download",
    "Release",
    "Releases",
    "SdistFolder",
    "SingleSdist",
    "Wanted",
    "newest",
    "open_sources",
    "parse_sdist_name",
    "same_version",
    "sdist_sri",
    "spellings",
]
