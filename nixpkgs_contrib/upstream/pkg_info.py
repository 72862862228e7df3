"""An sdist's own metadata: ``PKG-INFO`` (core metadata) and setuptools' ``*.egg-info`` files.

The build backend wrote these files when it made the sdist, so they hold answers our static readers
may not reach (a version computed by code, a summary from a docstring, dependencies from a build
hook).  How far they can be trusted is PEP 643's business: from core metadata 2.2 on, a field *not*
listed as ``Dynamic`` has the same value in every wheel built from the sdist, so it is authoritative
for every interpreter and platform (``Requires-Dist`` carries its own markers).  Older metadata, and
fields marked ``Dynamic``, record one build's answer only.  ``Name`` and ``Version`` may never be
dynamic.  :mod:`~nixpkgs_contrib.upstream.precedence` decides what each kind is used for.
"""

from __future__ import annotations

import configparser
import email.parser
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, Optional

import attrs
from packaging.markers import Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..model import EntryPoint
from .requirements import extra_spellings, normalize_extra
from .tree import SourceTree, read_text

PKG_INFO = "PKG-INFO"
#: PEP 643: the first core metadata version with ``Dynamic``
AUTHORITATIVE_FROM = Version("2.2")

#: Metadata field → the core metadata fields (lower case, as ``Dynamic`` names them) it is made of.
CORE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "name": ("name",),
    "version": ("version",),
    "summary": ("summary",),
    "urls": ("home-page", "project-url"),
    "license_expression": ("license-expression",),
    "license_text": ("license",),
    "classifiers": ("classifier",),
    "requires_python": ("requires-python",),
    "dependencies": ("requires-dist",),
    # Provides-Extra may be Dynamic while Requires-Dist is not: the requirements of every extra are
    # still fixed (setuptools marks it so when extras come from setup.py)
    "optional_dependencies": ("requires-dist",),
    "extra_spellings": ("requires-dist",),
}


@attrs.frozen
class SdistMetadata:
    """What an sdist's PKG-INFO (and egg-info, when present) records."""

    #: where it was read, for messages
    path: str
    metadata_version: Optional[Version]
    #: Metadata field name → value, for every field this PKG-INFO can speak about
    fields: Mapping[str, Any]
    #: core metadata fields marked ``Dynamic`` (lower case)
    dynamic: frozenset[str]
    #: ``*.egg-info/entry_points.txt`` (setuptools sdists); None without an egg-info directory
    entry_points: Optional[tuple[EntryPoint, ...]] = None
    #: ``*.egg-info/top_level.txt``: the top-level import names setuptools installed
    top_level: Optional[tuple[str, ...]] = None
    #: ``License-File`` entries (PEP 639): paths of the licence files inside the sdist
    license_files: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return str(self.fields.get("name") or "")

    @property
    def version(self) -> Optional[str]:
        return self.fields.get("version") or None

    def authoritative(self, field: str) -> bool:
        """Is *field* (a Metadata field name) the same for every wheel built from this sdist?"""
        if field in ("name", "version"):
            return True  # PEP 643: never dynamic, whatever the metadata version
        if self.metadata_version is None or self.metadata_version < AUTHORITATIVE_FROM:
            return False
        return field in CORE_FIELDS and not any(core in self.dynamic for core in CORE_FIELDS[field])


def read(tree: SourceTree, environments: tuple[Any, ...] = ()) -> Optional[SdistMetadata]:
    """The tree's top-level PKG-INFO, or None when it has none.

    *environments* (matrix cells) decide which extra a ``Requires-Dist … ; extra == "x"`` belongs to
    when its marker also depends on the interpreter."""
    if not tree.is_file(PKG_INFO):
        return None
    headers = email.parser.Parser().parsestr(read_text(tree, PKG_INFO), headersonly=True)
    try:
        metadata_version: Optional[Version] = Version(str(headers.get("Metadata-Version", "")).strip())
    except InvalidVersion:
        metadata_version = None
    fields: dict[str, Any] = {}
    for key, header in (("name", "Name"), ("version", "Version")):
        value = _one(headers, header)
        if value is not None:
            fields[key] = value
    fields["summary"] = _one(headers, "Summary")
    urls: list[tuple[str, str]] = []
    if home := _one(headers, "Home-page"):
        urls.append(("Homepage", home))
    for entry in headers.get_all("Project-URL") or []:
        label, sep, url = str(entry).partition(",")
        if sep and url.strip():
            urls.append((label.strip(), url.strip()))
    fields["urls"] = tuple(urls)
    fields["license_expression"] = _one(headers, "License-Expression")
    fields["license_text"] = _license_text(headers)
    fields["classifiers"] = tuple(str(c).strip() for c in headers.get_all("Classifier") or [] if str(c).strip())
    # a field today's packaging cannot parse (old tools wrote ``>=3.5.*``) is left out: the sources
    # below the sdist in the precedence answer instead
    requires_python = _one(headers, "Requires-Python")
    try:
        fields["requires_python"] = SpecifierSet(requires_python) if requires_python else None
    except InvalidSpecifier:
        pass
    try:
        requirements = [Requirement(str(raw).strip()) for raw in headers.get_all("Requires-Dist") or []]
    except InvalidRequirement:
        pass
    else:
        written = [str(e).strip() for e in headers.get_all("Provides-Extra") or [] if str(e).strip()]
        extras = [normalize_extra(e) for e in written]
        fields["dependencies"], fields["optional_dependencies"] = split_extras(requirements, extras, environments)
        fields["extra_spellings"] = extra_spellings(written)
    entry_points = _egg_info_entry_points(tree, fields.get("name", ""))
    if entry_points is not None:
        fields["entry_points"] = entry_points  # not core metadata: never authoritative, recorded only
    return SdistMetadata(
        path=tree.display(PKG_INFO),
        metadata_version=metadata_version,
        fields=fields,
        dynamic=frozenset(str(d).strip().lower() for d in headers.get_all("Dynamic") or []),
        entry_points=entry_points,
        top_level=_egg_info_top_level(tree, fields.get("name", "")),
        license_files=tuple(str(f).strip() for f in headers.get_all("License-File") or [] if str(f).strip()),
    )


def _one(headers: Any, name: str) -> Optional[str]:
    value = headers.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return None if text in ("", "UNKNOWN") else text


def _license_text(headers: Any) -> Optional[str]:
    """``License`` may hold a whole licence text, continuation lines indented (or ``|``-prefixed by
    old setuptools); keep it as text with the indentation removed."""
    value = headers.get("License")
    if value is None:
        return None
    lines = [re.sub(r"^\s*\|?\s?", "", line, count=1) if i else line.strip() for i, line in enumerate(str(value).splitlines())]
    text = "\n".join(lines).strip()
    return None if text in ("", "UNKNOWN") else text


_EXTRA_VARIABLE = re.compile(r"\bextra\b")
_EXTRA_NAME = re.compile(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _mentions_extra(marker: Optional[Marker]) -> bool:
    return marker is not None and bool(_EXTRA_VARIABLE.search(_QUOTED.sub("", str(marker))))


def split_extras(
    requirements: list[Requirement], extras: list[str], environments: tuple[Any, ...]
) -> tuple[tuple[Requirement, ...], tuple[tuple[str, tuple[Requirement, ...]], ...]]:
    """Requires-Dist → (dependencies, optional dependencies by extra).

    A requirement whose marker does not mention ``extra`` is a dependency; one that does belongs to
    each extra for which its marker holds in some environment.  Markers are kept whole: the planner
    evaluates them with ``extra`` set, as pip does.  A marker that only compares ``extra ==``/``!=``
    with names gives every other name one answer, so it is evaluated for its names and once for all
    the rest (a wheel's Requires-Dist has one ``extra == "x"`` per line and dozens of extras)."""
    dependencies = tuple(r for r in requirements if not _mentions_extra(r.marker))
    conditional = [r for r in requirements if _mentions_extra(r.marker)]
    names = list(dict.fromkeys([*extras, *(normalize_extra(e) for r in conditional for e in _EXTRA_NAME.findall(str(r.marker)))]))
    bases = [env.marker_environment() for env in environments] or [{}]
    holds: list[Callable[[str], bool]] = []
    for r in conditional:
        compared = _extra_names_compared(r.marker)
        if compared is None:  # ``extra`` used otherwise: every name on its own
            holds.append(functools.partial(_holds_somewhere, r.marker, environments=bases))
            continue
        other = "other"
        while other in compared:
            other += "x"
        rest = _holds_somewhere(r.marker, other, bases)
        named = {e: _holds_somewhere(r.marker, e, bases) for e in names if e in compared}
        holds.append(lambda extra, named=named, rest=rest: named.get(extra, rest))
    optional: list[tuple[str, tuple[Requirement, ...]]] = []
    for extra in names:
        chosen = tuple(r for r, holds_for in zip(conditional, holds) if holds_for(extra))
        if chosen:
            optional.append((extra, chosen))
    return dependencies, tuple(optional)


_EXTRA_COMPARED = re.compile(r"""\bextra\s*(==|!=)\s*("[^"]*"|'[^']*')|"[^"]*"|'[^']*'""")


def _extra_names_compared(marker: Optional[Marker]) -> Optional[frozenset[str]]:
    """The names (normalized) a marker compares ``extra`` with, when that is all it does with it:
    ``extra`` on the left of ``==`` or ``!=`` and a name no version specifier can read, which
    packaging compares as normalized strings; then every other name is the same to the marker.
    ``None`` for any other use (``"x" == extra``, ``in``, ``===``, a version-like name)."""
    assert marker is not None
    names: set[str] = set()
    rest: list[str] = []
    position = 0
    text = str(marker)
    for match in _EXTRA_COMPARED.finditer(text):
        rest.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is None:
            continue  # a quoted value elsewhere
        name = normalize_extra(match.group(2)[1:-1])
        try:
            Specifier(f"{match.group(1)}{name}")
        except InvalidSpecifier:
            names.add(name)
        else:
            return None
    rest.append(text[position:])
    if _EXTRA_VARIABLE.search("".join(rest)):
        return None
    return frozenset(names)


def _holds_somewhere(marker: Optional[Marker], extra: str, environments: list[dict[str, str]]) -> bool:
    assert marker is not None
    for base in environments:
        try:
            if marker.evaluate({**base, "extra": extra}):
                return True
        except (UndefinedComparison, UndefinedEnvironmentName, InvalidVersion):
            continue
    return False


def _egg_info_dir(tree: SourceTree, name: str) -> Optional[str]:
    """The ``*.egg-info`` directory setuptools put into the sdist (at the root or below ``src/``)."""
    wanted = canonicalize_name(name) if name else None
    candidates = sorted(
        {f.rsplit("/", 1)[0] for f in tree.files() if f.count("/") <= 2 and f.endswith(".egg-info/PKG-INFO")}
    )
    for directory in candidates:
        stem = directory.rsplit("/", 1)[-1].removesuffix(".egg-info")
        if wanted is None or canonicalize_name(stem) == wanted:
            return directory
    return None


def _egg_info_entry_points(tree: SourceTree, name: str) -> Optional[tuple[EntryPoint, ...]]:
    directory = _egg_info_dir(tree, name)
    if directory is None:
        return None
    path = f"{directory}/entry_points.txt"
    if not tree.is_file(path):
        return ()
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(read_text(tree, path), source=tree.display(path))
    except configparser.Error:
        return None  # a recorded answer only: without it, setup.py's is the one
    out: list[EntryPoint] = []
    for group in ("console_scripts", "gui_scripts"):
        if parser.has_section(group):
            out += [EntryPoint(key.strip(), value.strip(), group) for key, value in parser[group].items()]
    return tuple(out)


def _egg_info_top_level(tree: SourceTree, name: str) -> Optional[tuple[str, ...]]:
    directory = _egg_info_dir(tree, name)
    if directory is None or not tree.is_file(f"{directory}/top_level.txt"):
        return None
    names = [line.strip() for line in read_text(tree, f"{directory}/top_level.txt").splitlines()]
    return tuple(sorted({n for n in names if n}))


__all__ = ["SdistMetadata", "read", "split_extras", "PKG_INFO", "AUTHORITATIVE_FROM", "CORE_FIELDS"]
