"""SPDX license expressions and trove classifiers → ``lib.licenses`` attributes.

The table is nixpkgs' own (``data/nixpkgs-licenses.tsv``, read off ``lib/licenses/licenses.nix``).
Deprecated aliases (``gpl3`` and friends) are never chosen when a precise attribute exists.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Optional

import attrs

from .errors import LicenseError

#: nixpkgs' deprecated aliases; they share SPDX ids with the precise attributes.
DEPRECATED = frozenset({"gpl2", "gpl3", "lgpl2", "lgpl21", "lgpl3", "apsl10", "apsl20"})

#: License classifiers (``License :: …``) that name one SPDX license unambiguously.
CLASSIFIERS: dict[str, str] = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "License :: OSI Approved :: Apache Software License": "Apache-2.0",
    "License :: OSI Approved :: BSD License": "BSD-3-Clause",
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "License :: OSI Approved :: GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "License :: OSI Approved :: GNU Affero General Public License v3": "AGPL-3.0-only",
    "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: OSI Approved :: Zope Public License": "ZPL-2.1",
    "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "License :: OSI Approved :: Artistic License": "Artistic-2.0",
    "License :: OSI Approved :: zlib/libpng License": "Zlib",
    "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    "License :: OSI Approved :: Universal Permissive License (UPL)": "UPL-1.0",
    "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
}

#: Free-text ``license =`` values seen in legacy metadata that name one SPDX id.
FREE_TEXT: dict[str, str] = {
    "mit": "MIT",
    "mit license": "MIT",
    "the mit license": "MIT",
    "bsd": "BSD-3-Clause",
    "bsd license": "BSD-3-Clause",
    "new bsd": "BSD-3-Clause",
    "new bsd license": "BSD-3-Clause",
    "3-clause bsd": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "simplified bsd": "BSD-2-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "apache": "Apache-2.0",
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "apache software license 2.0": "Apache-2.0",
    "isc": "ISC",
    "isc license": "ISC",
    "mpl 2.0": "MPL-2.0",
    "mpl-2": "MPL-2.0",
    "psf": "PSF-2.0",
    "gplv2": "GPL-2.0-only",
    "gplv2+": "GPL-2.0-or-later",
    "gplv3": "GPL-3.0-only",
    "gplv3+": "GPL-3.0-or-later",
    "lgplv3": "LGPL-3.0-only",
    "lgplv3+": "LGPL-3.0-or-later",
    "agplv3": "AGPL-3.0-only",
    "unlicense": "Unlicense",
    "public domain": "CC0-1.0",
}


@attrs.frozen
class License:
    attr: str
    spdx: str
    free: bool
    full_name: str


@functools.cache
def _table() -> tuple[dict[str, License], dict[str, License]]:
    """(by lower-case SPDX id, by attribute name)."""
    text = resources.files(__package__).joinpath("data/nixpkgs-licenses.tsv").read_text(encoding="utf-8")
    by_spdx: dict[str, License] = {}
    by_attr: dict[str, License] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        lic = License(row["attr"], row["spdx"], row["free"] == "true", row["full_name"])
        by_attr[lic.attr] = lic
        if not lic.spdx:
            continue
        key = lic.spdx.lower()
        if key not in by_spdx or by_spdx[key].attr in DEPRECATED:
            by_spdx[key] = lic
    return by_spdx, by_attr


def known_attr(attr: str) -> bool:
    return attr in _table()[1]


# SPDX: https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/
_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+:-]+)")
_OPERATORS = {"AND", "OR", "WITH"}
_DEPRECATED_SPDX = {
    "gpl-2.0": "GPL-2.0-only",
    "gpl-2.0+": "GPL-2.0-or-later",
    "gpl-3.0": "GPL-3.0-only",
    "gpl-3.0+": "GPL-3.0-or-later",
    "lgpl-2.1": "LGPL-2.1-only",
    "lgpl-2.1+": "LGPL-2.1-or-later",
    "lgpl-3.0": "LGPL-3.0-only",
    "lgpl-3.0+": "LGPL-3.0-or-later",
    "agpl-3.0": "AGPL-3.0-only",
}


def _tokens(expression: str, where: Optional[str]) -> list[str]:
    pos = 0
    out = []
    while pos < len(expression):
        if expression[pos:].strip() == "":
            break
        match = _TOKEN.match(expression, pos)
        if not match:
            raise LicenseError(f"malformed license expression {expression!r}", path=where)
        out.append(match.group(1))
        pos = match.end()
    return out


def spdx_ids(expression: str, where: Optional[str] = None) -> tuple[str, ...]:
    """The license ids of an SPDX expression in order of appearance (``WITH`` exceptions are kept
    attached: ``GPL-2.0-only WITH Classpath-exception-2.0``)."""
    tokens = _tokens(expression, where)
    ids: list[str] = []
    depth = 0
    expect_id = True
    for i, tok in enumerate(tokens):
        if tok == "(":
            depth += 1
            continue
        if tok == ")":
            depth -= 1
            if depth < 0:
                raise LicenseError(f"unbalanced parentheses in license expression {expression!r}", path=where)
            continue
        if tok.upper() in _OPERATORS:
            if expect_id:
                raise LicenseError(f"malformed license expression {expression!r}", path=where)
            if tok.upper() == "WITH":
                if i + 1 >= len(tokens):
                    raise LicenseError(f"malformed license expression {expression!r}", path=where)
                ids[-1] = f"{ids[-1]} WITH {tokens[i + 1]}"
            expect_id = tok.upper() != "WITH"
            if tok.upper() == "WITH":
                expect_id = False
                tokens[i + 1] = ""
            continue
        if tok == "":
            continue
        if not expect_id:
            raise LicenseError(f"malformed license expression {expression!r}", path=where)
        ids.append(tok)
        expect_id = False
    if depth != 0 or expect_id or not ids:
        raise LicenseError(f"malformed license expression {expression!r}", path=where)
    return tuple(dict.fromkeys(ids))


def attr_for_spdx(spdx: str, where: Optional[str] = None) -> str:
    """The ``lib.licenses`` attribute of one SPDX id (``MIT`` → ``mit``)."""
    by_spdx, _ = _table()
    key = spdx.lower()
    if key in _DEPRECATED_SPDX:  # deprecated SPDX ids map to nixpkgs' deprecated aliases: be precise
        return attr_for_spdx(_DEPRECATED_SPDX[key], where)
    if key in by_spdx:
        return by_spdx[key].attr
    raise LicenseError(f"unknown license {spdx!r}: no lib.licenses attribute has this SPDX id; pass --license ATTR", path=where)


def attrs_for_id(spdx: str, where: Optional[str] = None) -> tuple[str, ...]:
    """Attributes for one id of an expression; ``X WITH exc`` gives both, as nixpkgs writes it
    (``Apache-2.0 WITH LLVM-exception`` → ``asl20``, ``llvm-exception``)."""
    base, sep, exception = spdx.partition(" WITH ")
    if not sep:
        return (attr_for_spdx(spdx, where),)
    return (attr_for_spdx(base, where), attr_for_spdx(exception, where))


def resolve(
    expression: Optional[str],
    text: Optional[str],
    classifiers: Iterable[str],
    *,
    where: Optional[str] = None,
) -> tuple[str, ...]:
    """``lib.licenses`` attributes for a project, from its SPDX expression, else its free-text
    license field, else its license classifiers."""
    if expression:
        return _unique(a for i in spdx_ids(expression, where) for a in attrs_for_id(i, where))
    if text and text.strip():
        stripped = text.strip()
        if "\n" not in stripped and len(stripped) < 80:
            lowered = stripped.lower()
            if lowered in FREE_TEXT:
                return (attr_for_spdx(FREE_TEXT[lowered], where),)
            by_spdx, _ = _table()
            try:
                ids = spdx_ids(stripped, where)
            except LicenseError:
                ids = ()
            if ids and all(i.lower() in by_spdx for i in ids):
                return _unique(a for i in ids for a in attrs_for_id(i, where))
    from_classifiers = [CLASSIFIERS[c] for c in classifiers if c in CLASSIFIERS]
    if from_classifiers:
        return tuple(dict.fromkeys(attr_for_spdx(s, where) for s in from_classifiers))
    if text and text.strip():
        first = text.strip().splitlines()[0][:60]
        raise LicenseError(f"unknown license {first!r}: no SPDX id or classifier maps to lib.licenses; pass --license ATTR", path=where)
    raise LicenseError("no license declared (no license expression, text or classifier); pass --license ATTR", path=where)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
