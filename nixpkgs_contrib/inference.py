"""What a git checkout says without being asked: its GitHub repository and its release tag.

A contributor who cloned a project should not have to repeat what the clone knows.  The GitHub
remote (``upstream`` when there is one, else ``origin``: a fork's ``origin`` names the fork) gives
``--github``; the tag whose name is the project's version in one of the usual spellings gives
``--tag``; the hash then comes offline from that tag, as with explicit options.  Explicit options
always win, and everything inferred is said on stderr, one line each.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Optional

import attrs
from packaging.utils import canonicalize_name

from .errors import MetadataError, SourceError
from .matrix import Target
from .plan import version_in_tag
from .upstream import git
from .upstream.project import read_project
from .upstream.tree import DirectoryTree

#: remotes asked, in order
REMOTES = ("upstream", "origin")

_GITHUB_URL = re.compile(
    r"""^(?:
        (?:https?|git|ssh|git\+ssh)://(?:[^@/]+@)?(?:www\.)?github\.com(?::\d+)?/   # https://, ssh://git@…
      | (?:[^@/:]+@)?github\.com:                                                   # git@github.com:o/r
    )
    (?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$""",
    re.X,
)


def github_repository(url: str) -> Optional[tuple[str, str]]:
    """``(owner, repo)`` of a GitHub remote URL in any of git's spellings, else None."""
    match = _GITHUB_URL.match(url.strip())
    if match is None or match["repo"] in (".", ".."):
        return None
    return match["owner"], match["repo"]


def tag_candidates(name: str, version: str) -> list[str]:
    """Tag spellings of *version*, most common first: ``v1.2.3``, ``1.2.3``, ``name-1.2.3``,
    ``name==1.2.3``, ``name-v1.2.3`` (name as written, PEP 503-normalized and with underscores)."""
    names = list(dict.fromkeys([name, canonicalize_name(name), canonicalize_name(name).replace("-", "_")]))
    out = [f"v{version}", version]
    for form in ("{n}-{v}", "{n}=={v}", "{n}-v{v}"):
        out += [form.format(n=n, v=version) for n in names]
    return list(dict.fromkeys(out))


def tag_for_version(tags: Iterable[str], name: str, version: str) -> Optional[str]:
    """The first of :func:`tag_candidates` among *tags*."""
    present = set(tags)
    return next((t for t in tag_candidates(name, version) if t in present), None)


@attrs.frozen
class Inferred:
    github: Optional[tuple[str, str]] = None
    tag: Optional[str] = None
    #: one line per inferred value, for stderr
    notes: tuple[str, ...] = ()


def infer(source: Path, target: Target, *, github: Optional[tuple[str, str]], want_tag: bool) -> Inferred:
    """``--github`` (unless given as *github*) and, when *want_tag* and a GitHub repository is
    known, ``--tag`` from the checkout at *source*; nothing for a plain directory."""
    if not git.is_git_checkout(source):
        return Inferred()
    notes: list[str] = []
    if github is None:
        for remote in REMOTES:
            url = _git_out(source, "remote", "get-url", remote)
            found = github_repository(url) if url else None
            if found:
                github = found
                notes.append(f"--github {found[0]}/{found[1]} (from the git remote {remote!r})")
                break
    tag = None
    if want_tag and github is not None:
        tag, note = _infer_tag(source, target)
        notes.append(note)
    return Inferred(github, tag, tuple(notes))


def _infer_tag(source: Path, target: Target) -> tuple[str, str]:
    tags = git.tags(source)
    # name and version do not vary per environment: one cell is enough to learn them
    cell = Target((target.pythons[-1],), (target.systems[0],))
    try:
        project = read_project(DirectoryTree(source), cell)
    except MetadataError:
        project = None  # e.g. a version only the VCS knows (setuptools-scm): ask the tags at HEAD
    if project is not None:
        tag = tag_for_version(tags, project.name, project.version)
        if tag is None:
            tried = ", ".join(tag_candidates(project.name, project.version)[:5])
            raise SourceError(
                f"no tag of this checkout is version {project.version} of {project.name} (tried {tried}, …){_recent(source)}; "
                "pass --tag TAG, or fetch the tags (git fetch --tags)",
                path=source,
            )
        return tag, f"--tag {tag} (the tag of version {project.version}; the tree is read at the tag, not the work tree)"
    at_head = [t for t in _lines(_git_out(source, "tag", "--points-at", "HEAD")) if version_in_tag(t)]
    if len(at_head) == 1:
        return at_head[0], f"--tag {at_head[0]} (the version tag at HEAD; the version is not written in the tree)"
    detail = f"tags at HEAD: {', '.join(at_head)}" if at_head else "no version tag points at HEAD"
    raise SourceError(f"cannot tell the release tag: the version is not written in the tree and {detail}; pass --tag TAG", path=source)


def _recent(source: Path) -> str:
    recent = _lines(_git_out(source, "tag", "--sort=-creatordate"))[:3]
    return f"; recent tags: {', '.join(recent)}" if recent else "; the checkout has no tags"


def _git_out(repo: Path, *args: str) -> Optional[str]:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _lines(text: Optional[str]) -> Sequence[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


__all__ = ["Inferred", "REMOTES", "github_repository", "infer", "tag_candidates", "tag_for_version"]
