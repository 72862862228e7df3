"""The one precedence rule: declared, authoritative sdist, absent, evaluated, recorded."""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from nixpkgs_contrib.errors import MetadataError
from nixpkgs_contrib.matrix import Environment
from nixpkgs_contrib.upstream.pkg_info import SdistMetadata
from nixpkgs_contrib.upstream.precedence import RULES, Deferred, Lazy, Offers, Source, choose

PY39 = Environment("3.9", "x86_64-linux")
PY312 = Environment("3.12", "x86_64-linux")


def sdist(version: str = "2.4", dynamic: frozenset[str] = frozenset(), **fields) -> SdistMetadata:
    base = {"name": "w", "version": "1.0", "summary": "from PKG-INFO", "dependencies": (Requirement("a"),), "requires_python": SpecifierSet(">=3.10")}
    return SdistMetadata("w/PKG-INFO", Version(version), {**base, **fields}, dynamic)


def both(value) -> dict:
    return {PY39: value, PY312: value}


def test_every_metadata_field_has_a_rule() -> None:
    assert set(RULES) == {
        "name", "version", "summary", "urls", "license_expression", "license_text", "classifiers",
        "requires_python", "dependencies", "optional_dependencies", "extra_spellings", "entry_points",
    }


def test_declared_beats_everything() -> None:
    offers = Offers(declared={"summary": "declared"}, sdist=sdist(), evaluated=both({"summary": "evaluated"}))
    assert choose("summary", PY39, offers) == (Source.DECLARED, "declared")


def test_authoritative_sdist_beats_evaluation_even_when_it_fails() -> None:
    failing = Deferred(MetadataError("setup.py: cannot evaluate"))
    offers = Offers(sdist=sdist(), evaluated=both({"dependencies": failing, "summary": failing}))
    assert choose("dependencies", PY39, offers) == (Source.SDIST, (Requirement("a"),))
    assert choose("summary", PY39, offers) == (Source.SDIST, "from PKG-INFO")


def test_dynamic_field_in_pkg_info_goes_to_evaluation() -> None:
    offers = Offers(sdist=sdist(dynamic=frozenset({"requires-python"})), evaluated=both({"requires_python": SpecifierSet(">=3.11")}))
    assert choose("requires_python", PY39, offers) == (Source.EVALUATED, SpecifierSet(">=3.11"))


def test_evaluation_that_differs_per_environment_beats_the_sdist() -> None:
    """setup.py branching on the interpreter: one PKG-INFO cannot be right everywhere."""
    offers = Offers(
        sdist=sdist(),
        evaluated={PY39: {"dependencies": (Requirement("a"), Requirement("backport"))}, PY312: {"dependencies": (Requirement("a"),)}},
    )
    assert choose("dependencies", PY39, offers) == (Source.EVALUATED, (Requirement("a"), Requirement("backport")))
    assert choose("dependencies", PY312, offers)[0] is Source.EVALUATED
    # not for fields that cannot differ between environments
    offers = Offers(sdist=sdist(), evaluated={PY39: {"summary": "x"}, PY312: {"summary": "y"}})
    assert choose("summary", PY39, offers) == (Source.SDIST, "from PKG-INFO")


def test_absent_project_field_is_empty_unless_the_sdist_says_otherwise() -> None:
    offers = Offers(absent=frozenset({"license_text"}), evaluated=both({"license_text": "from setup.py"}))
    assert choose("license_text", PY39, offers) == (Source.ABSENT, None)
    # poetry-core 2 fills what [project] leaves out; the PKG-INFO it wrote says so
    offers = Offers(absent=frozenset({"license_text"}), sdist=sdist(license_text="PSF-2.0"))
    assert choose("license_text", PY39, offers) == (Source.SDIST, "PSF-2.0")


def test_deferred_error_raises_only_when_chosen() -> None:
    offers = Offers(evaluated=both({"version": Deferred(MetadataError("version is computed by code"))}))
    with pytest.raises(MetadataError, match="computed by code"):
        choose("version", PY39, offers)


def test_lazy_offers_are_computed_once() -> None:
    calls = []
    lazy = Lazy(lambda: calls.append(1) or "1.0")
    offers = Offers(evaluated=both({"version": lazy}))
    assert choose("version", PY39, offers) == choose("version", PY312, offers) == (Source.EVALUATED, "1.0")
    assert calls == [1]


def test_recorded_answers_stand_in_for_fields_no_environment_changes() -> None:
    failing = Deferred(MetadataError("cannot evaluate"))
    old = sdist(version="2.1", summary="recorded", dependencies=(Requirement("a"),))
    offers = Offers(sdist=old, evaluated=both({"summary": failing, "dependencies": failing}))
    assert choose("summary", PY39, offers) == (Source.RECORDED, "recorded")
    # never for requirements: one build's answer is not every environment's
    with pytest.raises(MetadataError, match="cannot evaluate"):
        choose("dependencies", PY39, offers)
    # an empty evaluated answer gives way to a recorded one
    offers = Offers(sdist=old, evaluated=both({"summary": None}))
    assert choose("summary", PY39, offers) == (Source.RECORDED, "recorded")


def test_nobody_answers() -> None:
    assert choose("entry_points", PY39, Offers()) == (Source.NONE, ())
