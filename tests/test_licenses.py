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


def test_psf_2_0_is_psfl() -> None:
    """nixpkgs has no PSF-2.0 attribute; its files write lib.licenses.psfl."""
    assert licenses.resolve("PSF-2.0", None, ()) == ("psfl",)
    assert licenses.resolve("MIT AND PSF-2.0", None, ()) == ("mit", "psfl")
    assert licenses.resolve(None, "PSF-2.0", ()) == ("psfl",)
    assert licenses.resolve(None, None, ["License :: OSI Approved :: Python Software Foundation License"]) == ("psfl",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apache 2.0 License", ("asl20",)),
        ("Apache License 2.0", ("asl20",)),
        ("Apache 2", ("asl20",)),
        ("MIT license", ("mit",)),
        ("The MIT License", ("mit",)),
        ("Expat license", ("mit",)),
        ("ISC License", ("isc",)),
        ("New BSD", ("bsd3",)),
        ("Modified BSD License", ("bsd3",)),
        ("Simplified BSD", ("bsd2",)),
        ("BSD 3-Clause OR Apache-2.0", ("bsd3", "asl20")),
        ("MIT or Apache 2.0", ("mit", "asl20")),
        ("MPL-2.0 AND MIT", ("mpl20", "mit")),
        ("PSFL", ("psfl",)),
        ("GPLv3+", ("gpl3Plus",)),
        ("GNU GPL v2 or later", ("gpl2Plus",)),
        ("LGPL-2.1", ("lgpl21Only",)),
        ("Public Domain", ("publicDomain",)),
    ],
)
def test_unambiguous_free_text(text: str, expected: tuple[str, ...]) -> None:
    assert licenses.resolve(None, text, ()) == expected


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("BSD", "bsd2, bsd3"),
        ("BSD License", "bsd2, bsd3"),
        ("GPL", "gpl3Plus"),
        ("GNU Lesser General Public License", "lgpl3Plus"),
        ("Artistic License", "artistic1"),
        ("MPL", "mpl20"),
    ],
)
def test_ambiguous_free_text_is_refused_with_the_fix(text: str, suggestion: str) -> None:
    with pytest.raises(LicenseError, match=r"ambiguous license .*; pass --license ATTR \(e.g. .*" + suggestion):
        licenses.resolve(None, text, ())


def test_licence_files_settle_a_name_without_variant() -> None:
    assert licenses.resolve(None, "BSD", (), files=["BSD-2-Clause"]) == ("bsd2",)
    assert licenses.resolve(None, None, ["License :: OSI Approved :: BSD License"], files=["BSD-3-Clause", "MIT"]) == ("bsd3",)
    assert licenses.resolve(None, None, ["License :: OSI Approved :: Artistic License"], files=["Artistic-1.0"]) == ("artistic1",)
    with pytest.raises(LicenseError, match=r"several \(BSD-2-Clause, BSD-3-Clause\)"):
        licenses.resolve(None, "BSD", (), files=["BSD-2-Clause", "BSD-3-Clause"])
    # a GNU licence text gives the version but never "only" or "or later"
    with pytest.raises(LicenseError, match=r"licence file is LGPL-3.0 but does not say 'only' or 'or later'"):
        licenses.resolve(None, None, ["License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)"], files=["LGPL-3.0"])


def test_a_licence_like_mit_is_mit_only_when_the_file_is() -> None:
    """lupa says "MIT style": its LICENSE.txt is the MIT text, so a reviewer writes mit."""
    assert licenses.resolve(None, "MIT style", (), files=["MIT"]) == ("mit",)
    assert licenses.resolve(None, "MIT-like license", (), files=["MIT", "MIT"]) == ("mit",)
    for files in ([], ["BSD-3-Clause"]):
        with pytest.raises(LicenseError, match=r"ambiguous license 'MIT style': .*pass --license ATTR \(e.g. mit\)"):
            licenses.resolve(None, "MIT style", (), files=files)


def test_versionless_apache_means_2_0() -> None:
    assert licenses.resolve(None, None, ["License :: OSI Approved :: Apache Software License"]) == ("asl20",)
    assert licenses.resolve(None, "Apache License", ()) == ("asl20",)


def test_precise_declarations_win_over_open_ones() -> None:
    assert licenses.resolve(None, "GPL", ["License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"]) == ("gpl3Plus",)
    assert licenses.resolve(None, "MIT", ["License :: OSI Approved :: BSD License"]) == ("mit",)


def test_licence_file_alone_when_nothing_is_declared() -> None:
    assert licenses.resolve(None, None, (), files=["MIT"]) == ("mit",)
    with pytest.raises(LicenseError, match="no license declared"):
        licenses.resolve(None, None, (), files=["MIT", "Apache-2.0"])
    # an unknown declaration is not overridden by a licence file
    with pytest.raises(LicenseError, match="unknown license 'Proprietary'"):
        licenses.resolve(None, "Proprietary", (), files=["MIT"])


def test_whole_licence_text_in_the_license_field() -> None:
    text = "Copyright 2020 Gadget makers\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software ...\nThe above copyright notice and this permission notice shall be included in\nall copies ..."
    assert licenses.resolve(None, text, ()) == ("mit",)


def test_a_gnu_notice_granting_later_versions_settles_the_variant() -> None:
    lgpl = ["License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)"]
    assert licenses.resolve(None, "LGPL with exceptions", lgpl, files=["LGPL-3.0-or-later"]) == ("lgpl3Plus",)
    assert licenses.resolve(None, None, lgpl, files=["LGPL-3.0-or-later", "GPL-3.0"]) == ("lgpl3Plus",)
    # a notice of another family, or two versions granted, settle nothing
    with pytest.raises(LicenseError, match="ambiguous license"):
        licenses.resolve(None, None, lgpl, files=["GPL-2.0-or-later"])
    with pytest.raises(LicenseError, match="ambiguous license"):
        licenses.resolve(None, None, lgpl, files=["LGPL-2.1-or-later", "LGPL-3.0-or-later"])


def test_bsd_variants_from_source_headers_settle_bsd_only_when_they_agree() -> None:
    bsd = ["License :: OSI Approved :: BSD License"]
    assert licenses.resolve(None, "BSD", bsd, headers=["BSD-3-Clause"]) == ("bsd3",)
    with pytest.raises(LicenseError, match=r"source headers hold several \(BSD-2-Clause, BSD-3-Clause\)"):
        licenses.resolve(None, "BSD", bsd, headers=["BSD-2-Clause", "BSD-3-Clause"])
    with pytest.raises(LicenseError, match="no licence file or source header settles it"):
        licenses.resolve(None, "BSD", bsd, headers=[])
    # a header may be a vendored copy's: it never stands in for a licence nothing declares
    with pytest.raises(LicenseError, match="no license declared"):
        licenses.resolve(None, None, (), headers=["BSD-3-Clause"])
