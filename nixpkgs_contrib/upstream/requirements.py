"""Requirement strings → :class:`packaging.requirements.Requirement`, with errors naming file:line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from ..errors import MetadataError


def line_of(text: Optional[str], needle: str) -> Optional[int]:
    """1-based line of the first occurrence of *needle* in *text* (TOML and INI parsers give none)."""
    if not text or not needle:
        return None
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def parse_requirement(value: object, where: str, source_text: Optional[str] = None) -> Requirement:
    if not isinstance(value, str):
        raise MetadataError(f"requirement must be a string, not {value!r}", path=where)
    try:
        return Requirement(value)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0]
        raise MetadataError(
            f"invalid requirement {value!r}: {reason}", path=where, line=line_of(source_text, value)
        ) from None


def parse_requirements(values: Iterable[object], where: str, source_text: Optional[str] = None) -> tuple[Requirement, ...]:
    return tuple(parse_requirement(v, where, source_text) for v in values)


def requirement_lines(text: str, where: str) -> tuple[Requirement, ...]:
    """A requirements.txt-style list (used by ``file:`` directives): comments and blank lines skipped;
    pip options are refused because they do not describe a distribution."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            raise MetadataError(f"pip option {line!r} in a requirements file is not supported", path=where, line=number)
        try:
            out.append(Requirement(line))
        except InvalidRequirement as exc:
            raise MetadataError(f"invalid requirement {line!r}: {str(exc).splitlines()[0]}", path=where, line=number) from None
    return tuple(out)


def setuptools_requirements(value: object) -> list[str]:
    """Requirement strings as setuptools reads ``install_requires``/``extras_require`` values
    (``setuptools._reqs.parse_strings``): a string or a nested list of strings, one requirement per
    line, lines stripped, blank lines and ``#`` comment lines skipped, inline `` #`` comments cut,
    lines ending in ``\\`` joined with the next.  Values that are not strings are returned as they
    are, for the parser to refuse with a message."""
    lines: list[object] = []

    def collect(item: object) -> None:
        if isinstance(item, str):
            lines.extend(s for s in (line.strip() for line in item.splitlines()) if s and not s.startswith("#"))
        elif isinstance(item, (list, tuple)):
            for sub in item:
                collect(sub)
        else:
            lines.append(item)

    collect(value)
    out: list[object] = []
    pending: Optional[str] = None
    for line in lines:
        if not isinstance(line, str):
            out.append(line)
            continue
        line = line.partition(" #")[0]
        if pending is not None:
            line, pending = pending + line, None
        if line.endswith("\\"):
            pending = line[:-2].strip()  # as jaraco.text.join_continuation: the backslash and the character before it
            continue
        out.append(line)
    return out  # type: ignore[return-value]


def parse_specifier(value: object, where: str, source_text: Optional[str] = None) -> Optional[SpecifierSet]:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MetadataError(f"requires-python must be a string, not {value!r}", path=where)
    try:
        return SpecifierSet(value)
    except InvalidSpecifier:
        raise MetadataError(f"invalid requires-python {value!r}", path=where, line=line_of(source_text, value)) from None


def normalize_extra(name: str) -> str:
    """PEP 685 extra normalization."""
    return canonicalize_name(name)


def extra_spellings(names: Iterable[object]) -> tuple[tuple[str, str], ...]:
    """(normalized, as written) for the extras whose upstream spelling is not the normalized name
    (``use_chardet_on_py3``): nixpkgs keeps upstream's spelling as the optional-dependencies key."""
    out = {normalize_extra(str(n)): str(n) for n in names if str(n) and normalize_extra(str(n)) != str(n)}
    return tuple(sorted(out.items()))
