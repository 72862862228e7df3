"""Links into a GitHub repository, as projects write them in their metadata URLs.

``https://github.com/psf/black/blob/main/CHANGES.md`` names a file on a branch; the planner pins
such a link to the release (``blob/${finalAttrs.src.tag}/CHANGES.md``) when the file exists in the
tree read at that tag, and a releases page to ``releases/tag/${finalAttrs.src.tag}``.  The reader
records which linked files exist (it has the tree); this module only parses and compares URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, Optional
from urllib.parse import unquote

import attrs

_LINK = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9][A-Za-z0-9_.-]*)/(?P<repo>[A-Za-z0-9_.-]+?)(?:\.git)?"
    r"(?:/(?P<rest>[^?#]*))?(?:[?#].*)?$"
)


@attrs.frozen
class Link:
    """A parsed GitHub link: a file or directory at a ref, a releases page, or the repository."""

    owner: str
    repo: str
    kind: Literal["file", "releases", "repository", "other"]
    #: the ref of a ``blob``/``tree`` link (``main``), else None
    ref: Optional[str] = None
    #: repository-relative path of a ``blob``/``tree`` link
    path: Optional[str] = None

    def same_repository(self, owner: str, repo: str) -> bool:
        """GitHub compares owner and repository names without regard to case."""
        return (self.owner.lower(), self.repo.lower()) == (owner.lower(), repo.lower())


#: first path parts of github.com pages that are not repositories (``github.com/sponsors/someone``)
NOT_OWNERS = frozenset({"sponsors", "orgs", "users", "topics", "marketplace", "features", "apps", "settings"})


def parse(url: str) -> Optional[Link]:
    """The GitHub link *url* is, or None for any other host or a page that is no repository."""
    match = _LINK.match(url.strip())
    if not match or match.group("owner").lower() in NOT_OWNERS:
        return None
    owner, repo = match.group("owner"), match.group("repo")
    parts = [p for p in (match.group("rest") or "").split("/") if p]
    if not parts:
        return Link(owner, repo, "repository")
    if parts[0] in ("blob", "tree") and len(parts) >= 3:
        return Link(owner, repo, "file", ref=unquote(parts[1]), path=unquote("/".join(parts[2:])))
    if parts == ["releases"] or parts == ["releases", "latest"]:
        return Link(owner, repo, "releases")
    return Link(owner, repo, "other")


#: ``project.urls`` labels (normalized by :func:`label`) that name the repository or the home page
SOURCE_LABELS = ("source", "source-code", "sourcecode", "repository", "repo", "code", "github")
HOME_LABELS = ("homepage", "home", "home-page", "website", "documentation", "docs")


def label(text: str) -> str:
    """A ``project.urls`` label as compared here: ``Source Code`` → ``source-code``."""
    return re.sub(r"[^a-z]+", "-", text.lower()).strip("-")


def repository_in_urls(urls: Iterable[tuple[str, str]]) -> Optional[Link]:
    """The GitHub repository a project's labelled URLs name: a source/repository link first, then
    the home page, then any GitHub link (a changelog on GitHub names the repository too)."""
    links = []
    for name, url in urls:
        link = parse(url)
        if link is not None:
            normalized = label(name)
            links.append((0 if normalized in SOURCE_LABELS else 1 if normalized in HOME_LABELS else 2, link))
    return min(links, key=lambda item: item[0])[1] if links else None


def linked_path(url: str) -> Optional[str]:
    """The repository-relative path a ``blob``/``tree`` link names, or None."""
    link = parse(url)
    return link.path if link is not None and link.kind == "file" else None


__all__ = ["Link", "parse", "linked_path", "repository_in_urls", "label", "NOT_OWNERS", "SOURCE_LABELS", "HOME_LABELS"]
