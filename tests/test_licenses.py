from __future__ import annotations

import pytest

from nixpkgs_contrib import licenses
from nixpkgs_contrib.errors import LicenseError


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("MIT", ("mit",)),
        ("Apache-2.0", ("asl20",)),
        ("mit", ("mit",)),
        ("MIT OR Apache-2.0", ("mit", "asl20")),
        ("(BSD-3-Clause AND GPL-3.0-or-later)", ("bsd3", "gpl3Plus")),
        ("Apache-2.0 WITH LLVM-exception", ("asl20", "llvm-exception")),
        ("GPL-2.0-only WITH Classpath-exception-2.0", ("gpl2Only", "classpathException20")),
        ("GPL-3.0", ("gpl3Only",)),
        ("MIT AND MIT", ("mit",)),
    ],
)
def test_spdx_expressions(expression: str, expected: tuple[str, ...]) -> None:
    assert licenses.resolve(expression, None, ()) == expected


def test_precise_attribute_preferred_over_deprecated_alias() -> None:
    assert licenses.attr_for_spdx("GPL-3.0-only") == "gpl3Only"
    assert licenses.attr_for_spdx("LGPL-2.1-only") == "lgpl21Only"


def test_free_text_and_classifier_fallbacks() -> None:
    assert licenses.resolve(None, "BSD", ()) == ("bsd3",)
    assert licenses.resolve(None, "Apache License, Version 2.0", ()) == ("asl20",)
    assert licenses.resolve(None, None, ["License :: OSI Approved :: MIT License"]) == ("mit",)
    # free text nobody recognises falls back to classifiers
    assert licenses.resolve(None, "see LICENSE file", ["License :: OSI Approved :: ISC License (ISCL)"]) == ("isc",)


@pytest.mark.parametrize("expression", ["MIT OR", "(MIT", "MIT Apache-2.0", "AND MIT", "MIT)"])
def test_malformed_expressions(expression: str) -> None:
    with pytest.raises(LicenseError, match="malformed|unbalanced"):
        licenses.resolve(expression, None, ())


def test_unknown_license_names_the_fix() -> None:
    with pytest.raises(LicenseError, match=r"unknown license 'LicenseRef-X'.*--license"):
        licenses.resolve("LicenseRef-X", None, ())
    with pytest.raises(LicenseError, match="no license declared"):
        licenses.resolve(None, None, ())


def test_every_table_row_is_reachable() -> None:
    for attr in ("mit", "asl20", "unfree", "bsd0"):
        assert licenses.known_attr(attr)
    assert not licenses.known_attr("not-a-license")
