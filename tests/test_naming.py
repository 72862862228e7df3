from __future__ import annotations

import pytest

from nixpkgs_contrib import naming


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("Foo__Bar.baz", "foo-bar-baz"),
        ("typing_extensions", "typing-extensions"),
        ("PyYAML", "pyyaml"),
        ("psycopg2-binary", "psycopg2"),
        ("opencv-python-headless", "opencv4"),
        ("zope.interface", "zope-interface"),
    ],
)
def test_attr_for(name: str, attr: str) -> None:
    assert naming.attr_for(name) == attr


def test_renames_carry_removal_and_reason() -> None:
    rename = naming.rename_for("psycopg2_binary")
    assert rename is not None and rename.attr == "psycopg2" and rename.remove and rename.reason
    assert naming.rename_for("requests") is None
    assert naming.rename_for("PyYAML") is None  # same attribute, nothing to say


def test_every_exception_differs_or_is_documented() -> None:
    for name, rename in naming.EXCEPTIONS.items():
        assert name == naming.normalize(name), "keys are PEP 503 names"
        assert rename.reason


def test_import_name_guess() -> None:
    assert naming.import_name_guess("Acme.Core-Utils") == "acme_core_utils"
