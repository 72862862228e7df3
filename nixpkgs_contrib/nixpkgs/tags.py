"""Release tags: how a project spells them (``v1.2.3``, ``name==1.2.3``) and which are newer.

Pure: tags come in as strings (the caller lists them from a clone or an API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Optional

import attrs
from packaging.version import InvalidVersion, Version

from ..errors import UserError
from ..plan import version_in_tag


@attrs.frozen
class TagScheme:
    """``<prefix><version><suffix>``: how a project spells its release tags (``v1.2.3``, ``1.2.3``)."""

    prefix: str = ""
    suffix: str = ""

    def version(self, tag: str) -> Optional[Version]:
        """The version *tag* names under this scheme, or None when it is not one of its tags."""
        if not tag.startswith(self.prefix) or not tag.endswith(self.suffix):
            return None
        middle = tag[len(self.prefix) : len(tag) - len(self.suffix) if self.suffix else None]
        if not re.match(r"^\d", middle):
            return None
        try:
            return Version(middle)
        except InvalidVersion:
            return None

    def tag(self, version: str) -> str:
        return f"{self.prefix}{version}{self.suffix}"


def scheme_of(tag: str) -> tuple[TagScheme, Version]:
    """The scheme and version of a recipe's tag: the last version-like run is the version."""
    m = version_in_tag(tag)
    if m is None:
        raise UserError(f"tag {tag!r} contains no version")
    try:
        version = Version(m.group())
    except InvalidVersion:
        raise UserError(f"tag {tag!r}: {m.group()!r} is not a PEP 440 version") from None
    return TagScheme(tag[: m.start()], tag[m.end() :]), version


def newer_tags(tags: Iterable[str], current_tag: str, *, pre: bool = False) -> list[tuple[Version, str]]:
    """Tags of *current_tag*'s scheme with a higher version, oldest first; pre-releases (and dev
    releases) only with *pre*."""
    scheme, current = scheme_of(current_tag)
    found: dict[Version, str] = {}
    for tag in tags:
        version = scheme.version(tag)
        if version is None or version <= current:
            continue
        if (version.is_prerelease or version.is_devrelease) and not pre:
            continue
        # two spellings of one version (1.2 / 1.2.0): keep the first in byte order
        if version not in found or tag < found[version]:
            found[version] = tag
    return sorted(found.items())


__all__ = ["TagScheme", "newer_tags", "scheme_of"]
