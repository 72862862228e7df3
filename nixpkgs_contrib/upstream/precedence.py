"""Which source answers each metadata field: one rule, the same for every field.

A project can state a field in several places.  They are asked in this order, and the first that
answers wins:

1. **declared** — what the project states and no build can change: a ``[project]`` field that is
   present (PEP 621), ``[tool.poetry]``, old flit's ``[tool.flit.metadata]``.
2. **sdist** — the sdist's PKG-INFO where PEP 643 makes it authoritative (core metadata >= 2.2, the
   field not listed as ``Dynamic``; ``Name``/``Version`` always): every wheel built from the sdist
   has this value, on every interpreter and platform (``Requires-Dist`` carries its markers).
3. **absent** — a ``[project]`` table that neither declares a field nor lists it in ``dynamic``
   says it is empty (PEP 621).  It comes after the sdist because some backends (poetry-core 2)
   still fill such fields from their own tables, and the PKG-INFO they wrote says so.
4. **evaluated** — what we compute statically, per environment: ``setup.py`` over ``setup.cfg``
   (setuptools' own order) and the backends' dynamic directives (``attr:``, ``file:``, hatch's
   version path, flit's docstring, …).  Errors stay attached to the field (:class:`Deferred`) and
   stop the read only when the field is chosen.
5. **recorded** — PKG-INFO's answer where it is not authoritative (older metadata, ``Dynamic``) and
   setuptools' ``entry_points.txt``: one build's answer.  Used for fields no environment changes
   (summary, urls, licence, classifiers, scripts) when nothing above answers or the evaluation
   failed; never for requirements or requires-python.

One exception, for the per-environment fields (requirements, requires-python): when the evaluated
answers *differ* between environments, setup.py branches on the interpreter or platform, and the
single PKG-INFO written on the sdist builder's machine cannot be right everywhere, so the evaluated
answers win over the sdist's.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Optional

import attrs

from ..errors import MetadataError
from ..matrix import Environment
from .pkg_info import SdistMetadata


class Source(enum.Enum):
    DECLARED = "declared"
    SDIST = "sdist"
    ABSENT = "absent"
    EVALUATED = "evaluated"
    RECORDED = "recorded"
    NONE = "none"


@attrs.frozen
class Rule:
    #: may differ between interpreters/platforms (then setup.py's varying answers beat PKG-INFO's)
    per_environment: bool
    #: a non-authoritative PKG-INFO answer may be used
    recorded_ok: bool
    #: the value of a field nobody states
    empty: Any = None


#: Every Metadata field the precedence decides, with its rule.
RULES: Mapping[str, Rule] = {
    "name": Rule(False, True),
    "version": Rule(False, True),
    "summary": Rule(False, True),
    "urls": Rule(False, True, ()),
    "license_expression": Rule(False, True),
    "license_text": Rule(False, True),
    "classifiers": Rule(False, True, ()),
    "requires_python": Rule(True, False),
    "dependencies": Rule(True, False, ()),
    "optional_dependencies": Rule(True, False, ()),
    #: upstream's spelling of extras whose name normalizes differently; goes with optional_dependencies
    "extra_spellings": Rule(True, False, ()),
    "entry_points": Rule(True, True, ()),
}


@attrs.frozen
class Deferred:
    """A field value we could not compute; raises its error only if the value is chosen."""

    error: MetadataError

    def get(self) -> Any:
        raise self.error


class Lazy:
    """A field value computed on first use (a dynamic directive, a setup() keyword), once."""

    __slots__ = ("_compute", "_done", "_value", "_error")

    def __init__(self, compute: Callable[[], Any]):
        self._compute = compute
        self._done = False
        self._value: Any = None
        self._error: Optional[MetadataError] = None

    def get(self) -> Any:
        if not self._done:
            try:
                self._value = self._compute()
            except MetadataError as exc:
                self._error = exc
            self._done = True
        if self._error is not None:
            raise self._error
        return self._value


def value_of(offer: Any) -> Any:
    """The plain value of an offer; raises the error of a :class:`Deferred`."""
    return offer.get() if isinstance(offer, (Deferred, Lazy)) else offer


def try_value(offer: Any) -> tuple[bool, Any]:
    """(True, value) or (False, None) when the offer's computation fails."""
    try:
        return True, value_of(offer)
    except MetadataError:
        return False, None


@attrs.frozen
class Offers:
    """Everything the sources say about a project, before choosing."""

    #: fields the project declares (static)
    declared: Mapping[str, Any] = attrs.field(factory=dict)
    #: fields a [project] table neither declares nor marks dynamic
    absent: frozenset[str] = frozenset()
    sdist: Optional[SdistMetadata] = None
    #: per environment: field → value, :class:`Lazy` or :class:`Deferred`
    evaluated: Mapping[Environment, Mapping[str, Any]] = attrs.field(factory=dict)


def choose(field: str, env: Environment, offers: Offers) -> tuple[Source, Any]:
    """The answer for *field* in *env* and where it came from (the module docstring's order)."""
    rule = RULES[field]
    if field in offers.declared:
        return Source.DECLARED, offers.declared[field]
    sdist = offers.sdist
    evaluated = offers.evaluated.get(env, {})
    if sdist is not None and field in sdist.fields and sdist.authoritative(field):
        if rule.per_environment and _varies(field, offers.evaluated):
            return Source.EVALUATED, value_of(evaluated[field])
        return Source.SDIST, sdist.fields[field]
    if field in offers.absent:
        return Source.ABSENT, rule.empty
    recorded = sdist.fields.get(field) if sdist is not None and rule.recorded_ok else None
    if field in evaluated:
        ok, value = try_value(evaluated[field])
        if ok:
            if value not in (None, "", (), []) or not recorded:
                return Source.EVALUATED, value
        elif not recorded:
            _raise_unread(field, evaluated[field], sdist)  # nothing else can answer
    if recorded:
        return Source.RECORDED, recorded
    return Source.NONE, rule.empty


def _raise_unread(field: str, offer: Any, sdist: Optional[SdistMetadata]) -> None:
    """The error of a field nothing answers; when the sdist's PKG-INFO records the field without
    being authoritative, the message says so (a person reading it knows what upstream wrote, and
    why it is not taken)."""
    try:
        value_of(offer)
    except MetadataError as exc:
        if sdist is None or not sdist.fields.get(field) or sdist.authoritative(field):
            raise
        version = sdist.metadata_version or "unknown"
        raise type(exc)(
            f"{exc.message}; the sdist's PKG-INFO records {field.replace('_', '-')} but is not authoritative for it "
            f"(core metadata {version}; PEP 643 needs 2.2 or later and the field not Dynamic)",
            path=exc.path,
            line=exc.line,
        ) from None


def _varies(field: str, evaluated: Mapping[Environment, Mapping[str, Any]]) -> bool:
    """Do the evaluated answers for *field* differ between environments (all of them computed)?"""
    seen: list[Any] = []
    for values in evaluated.values():
        if field not in values:
            return False
        ok, value = try_value(values[field])
        if not ok:
            return False
        seen.append(value)
    return any(v != seen[0] for v in seen[1:])


__all__ = ["RULES", "Rule", "Source", "Offers", "Deferred", "Lazy", "choose", "value_of", "try_value"]
