"""New upstream releases: which tag is newer, and what a new tag changes in the dependencies.

Both are pure: tags come in as strings (the caller lists them), plans come in as values.  The
dependency diff is what a reviewer of an update PR asks first ("anything added? any bound
moved?"), so ``update`` prints it before writing anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Optional

import attrs
from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from ..errors import UserError
from ..model import Dependency, NixPackage
from ..plan import version_in_tag
from ..render import nix

# -------------------------------------------------------------------------------------------------
# tags


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


# -------------------------------------------------------------------------------------------------
# dependency diff


@attrs.frozen
class Entry:
    """One dependency of one section, as a diff sees it."""

    section: str
    attr: str
    #: the requirement specifiers, per distinct value across environments (``">=2,<3"``)
    bounds: tuple[str, ...]
    #: the Nix condition, "" when unconditional
    condition: str


@attrs.frozen
class PackageDiff:
    attr: str
    old_version: Optional[str]
    new_version: str
    added: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()
    #: (old, new) pairs with the same section and attribute
    bounds_changed: tuple[tuple[Entry, Entry], ...] = ()
    conditions_changed: tuple[tuple[Entry, Entry], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.bounds_changed or self.conditions_changed)


def _bounds(dep: Dependency) -> tuple[str, ...]:
    out = set()
    for _, text in dep.requirements:
        try:
            spec = str(Requirement(text).specifier)
        except InvalidRequirement:
            spec = text
        out.add(spec)
    return tuple(sorted(s for s in out if s))


def entries(package: NixPackage) -> dict[tuple[str, str], Entry]:
    """(section, attr) → entry, for build-system, dependencies and each extra."""
    out: dict[tuple[str, str], Entry] = {}
    for attr in package.build_system:
        out["build-system", attr] = Entry("build-system", attr, (), "")
    sections: list[tuple[str, Sequence[Dependency]]] = [("dependencies", package.dependencies)]
    sections += [(f"optional-dependencies.{extra}", deps) for extra, deps in package.optional_dependencies]
    for section, deps in sections:
        for dep in deps:
            cond = "" if dep.condition.is_always else nix.condition(dep.condition)
            # a sibling's pin moves with every release and holds by construction: not news
            out[section, dep.attr] = Entry(section, dep.attr, () if dep.sibling else _bounds(dep), cond)
    return out


def dependency_diff(old: Optional[NixPackage], new: NixPackage, old_version: Optional[str] = None) -> PackageDiff:
    """What changed between two plans of one package (*old* None: a package new to the family)."""
    before = entries(old) if old is not None else {}
    after = entries(new)
    common = sorted(set(before) & set(after))
    return PackageDiff(
        attr=new.attr,
        old_version=old_version or (old.version if old is not None else None),
        new_version=new.version,
        added=tuple(after[k] for k in sorted(set(after) - set(before))),
        removed=tuple(before[k] for k in sorted(set(before) - set(after))),
        bounds_changed=tuple((before[k], after[k]) for k in common if before[k].bounds != after[k].bounds),
        conditions_changed=tuple((before[k], after[k]) for k in common if before[k].condition != after[k].condition),
    )


def family_diff(
    old: Sequence[NixPackage], new: Sequence[NixPackage], old_versions: Mapping[str, Optional[str]] = {}
) -> tuple[PackageDiff, ...]:
    """One diff per package of *new*, in its order."""
    by_attr = {p.attr: p for p in old}
    return tuple(dependency_diff(by_attr.get(p.attr), p, old_versions.get(p.attr)) for p in new)


def _describe(entry: Entry) -> str:
    parts = [f"{entry.attr}"]
    if entry.bounds:
        parts.append(" | ".join(entry.bounds))
    if entry.condition:
        parts.append(f"when {entry.condition}")
    return " ".join(parts)


def render_diffs(diffs: Sequence[PackageDiff]) -> str:
    """Plain text for the terminal: one block per package."""
    lines: list[str] = []
    for d in diffs:
        lines.append(f"{d.attr}: {d.old_version or 'new'} -> {d.new_version}")
        if d.empty:
            lines.append("  dependencies unchanged")
        for e in d.added:
            lines.append(f"  + {e.section}: {_describe(e)}")
        for e in d.removed:
            lines.append(f"  - {e.section}: {_describe(e)}")
        for a, b in d.bounds_changed:
            lines.append(f"  ~ {b.section}: {b.attr} {' | '.join(a.bounds) or 'any'} -> {' | '.join(b.bounds) or 'any'}")
        for a, b in d.conditions_changed:
            lines.append(f"  ~ {b.section}: {b.attr} when {a.condition or 'always'} -> when {b.condition or 'always'}")
    return "\n".join(lines) + "\n" if lines else ""


__all__ = [
    "Entry",
    "PackageDiff",
    "TagScheme",
    "dependency_diff",
    "entries",
    "family_diff",
    "newer_tags",
    "render_diffs",
    "scheme_of",
]
