"""SPDX license expressions, free-text licence names and trove classifiers → ``lib.licenses``
attributes.

The table is nixpkgs' own (``data/nixpkgs-licenses.tsv``, read off ``lib/licenses/licenses.nix``).
Deprecated aliases (``gpl3`` and friends) are never chosen when a precise attribute exists.  A name
that leaves the variant open ("BSD", "GPL" without a version) is settled by the project's licence
files when they say which, and refused otherwise, with the fix (``--license``) in the message.
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
from .license_names import Ambiguous, Name, expression, identify_text

#: nixpkgs' deprecated aliases; they share SPDX ids with the precise attributes.
DEPRECATED = frozenset({"gpl2", "gpl3", "lgpl2", "lgpl21", "lgpl3", "apsl10", "apsl20"})

#: SPDX ids nixpkgs has no attribute of its own for, and the attribute its files use instead.
#: ``PSF-2.0`` (typing-extensions, distlib, matplotlib, defusedxml) is written ``lib.licenses.psfl``
#: in nixpkgs, whose ``psfl`` carries the SPDX id of the whole Python licence stack (Python-2.0).
#: ``LicenseRef-Public-Domain`` is what we call "public domain" text and its trove classifier.
ALIASES: dict[str, str] = {
    "psf-2.0": "psfl",
    "licenseref-public-domain": "publicDomain",
}


#: Families: the ids they cover (to settle a version-less name with the licence files) and the
#: attributes to suggest when they cannot be settled.
FAMILIES: dict[str, tuple[tuple[str, ...], str]] = {
    "bsd": (("0BSD", "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause"), "bsd2, bsd3"),
    "apache": (("Apache-1.0", "Apache-1.1", "Apache-2.0"), "asl20"),
    "gpl": (("GPL-1.0", "GPL-2.0", "GPL-3.0"), "gpl2Only, gpl2Plus, gpl3Only, gpl3Plus"),
    "lgpl": (("LGPL-2.0", "LGPL-2.1", "LGPL-3.0"), "lgpl21Only, lgpl21Plus, lgpl3Only, lgpl3Plus"),
    "agpl": (("AGPL-3.0",), "agpl3Only, agpl3Plus"),
    "mpl": (("MPL-1.0", "MPL-1.1", "MPL-2.0"), "mpl20"),
    "artistic": (("Artistic-1.0", "Artistic-2.0"), "artistic1, artistic2"),
    "epl": (("EPL-1.0", "EPL-2.0"), "epl10, epl20"),
    # "MIT style", "MIT-like": a licence like MIT, which the licence file shows to be MIT or not
    "mit": (("MIT",), "mit"),
}

#: License classifiers (``License :: …``) → an SPDX id, or the family they leave open.
CLASSIFIERS: dict[str, str | Ambiguous] = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    # the only Apache classifier has no version; Apache 1.x was retired in 2004
    "License :: OSI Approved :: Apache Software License": Ambiguous("apache", "Apache Software License", "Apache-2.0"),
    "License :: OSI Approved :: BSD License": Ambiguous("bsd", "BSD License"),
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
    "License :: OSI Approved :: GNU General Public License (GPL)": Ambiguous("gpl", "GNU General Public License (GPL)"),
    "License :: OSI Approved :: GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "License :: OSI Approved :: GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)": Ambiguous("lgpl", "GNU Library or Lesser General Public License (LGPL)"),
    "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "License :: OSI Approved :: GNU Affero General Public License v3": "AGPL-3.0-only",
    "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: OSI Approved :: Zope Public License": "ZPL-2.1",
    "License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
    "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "License :: OSI Approved :: Artistic License": Ambiguous("artistic", "Artistic License"),
    "License :: OSI Approved :: zlib/libpng License": "Zlib",
    "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    "License :: Public Domain": "LicenseRef-Public-Domain",
    "License :: OSI Approved :: Universal Permissive License (UPL)": "UPL-1.0",
    "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
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
    if key in ALIASES:
        return ALIASES[key]
    raise LicenseError(f"unknown license {spdx!r}: no lib.licenses attribute has this SPDX id; pass --license ATTR", path=where)


def attrs_for_id(spdx: str, where: Optional[str] = None) -> tuple[str, ...]:
    """Attributes for one id of an expression; ``X WITH exc`` gives both, as nixpkgs writes it
    (``Apache-2.0 WITH LLVM-exception`` → ``asl20``, ``llvm-exception``)."""
    base, sep, exception = spdx.partition(" WITH ")
    if not sep:
        return (attr_for_spdx(spdx, where),)
    return (attr_for_spdx(base, where), attr_for_spdx(exception, where))


def resolve(
    expression_: Optional[str],
    text: Optional[str],
    classifiers: Iterable[str],
    *,
    files: Iterable[str] = (),
    headers: Iterable[str] = (),
    where: Optional[str] = None,
) -> tuple[str, ...]:
    """``lib.licenses`` attributes for a project, from its SPDX expression (PEP 639), else its
    free-text licence, else its licence classifiers; *files* are the SPDX ids identified in its
    licence files (:func:`~nixpkgs_contrib.license_names.identify_text`), which settle a name that
    leaves the variant open and stand in when nothing is declared at all; *headers* (the BSD
    licences of its sources' headers) only settle."""
    stand_in = tuple(files)
    file_ids = stand_in + tuple(headers)
    if expression_:
        return _unique(a for i in spdx_ids(expression_, where) for a in attrs_for_id(i, where))
    open_: list[Ambiguous] = []
    names = _text_names(text, where) if text and text.strip() else None
    if names is not None:
        settled = [_settle(n, file_ids) for n in names]
        if all(isinstance(n, str) for n in settled):
            return _unique(a for n in settled for a in attrs_for_id(str(n), where))
        open_ += [n for n in settled if isinstance(n, Ambiguous)]
    settled = [_settle(CLASSIFIERS[c], file_ids) for c in classifiers if c in CLASSIFIERS]
    if settled and all(isinstance(n, str) for n in settled):
        return _unique(a for n in settled for a in attrs_for_id(str(n), where))
    open_ += [n for n in settled if isinstance(n, Ambiguous)]
    if open_:
        raise LicenseError(_ambiguous_message(open_[0], file_ids), path=where)
    if text and text.strip():
        first = text.strip().splitlines()[0][:60]
        raise LicenseError(f"unknown license {first!r}: no SPDX id, licence name or classifier maps to lib.licenses; pass --license ATTR", path=where)
    known = [i for i in dict.fromkeys(stand_in) if i.lower() in _table()[0] or i.lower() in ALIASES]
    if len(known) == 1:
        return (attr_for_spdx(known[0], where),)
    raise LicenseError("no license declared (no license expression, text or classifier); pass --license ATTR", path=where)


def _text_names(text: str, where: Optional[str]) -> Optional[list[Name]]:
    """The licences a free-text ``license`` value names; None when it names none we know."""
    stripped = text.strip()
    if "\n" not in stripped and len(stripped) < 100:
        by_spdx, _ = _table()
        try:
            ids = spdx_ids(stripped, where)
        except LicenseError:
            ids = ()
        if ids and all(_known_id(i) for i in ids):
            return list(ids)
        found = expression(stripped)
        return None if found is None else [n for n in found if n not in ("AND", "OR")]
    # a whole licence text pasted into the field
    identified = identify_text(stripped)
    if len(identified) != 1:
        return None
    only = identified[0]
    family = only.split("-")[0].lower()
    if family in ("gpl", "lgpl", "agpl"):
        return [Ambiguous(family, stripped.splitlines()[0][:60])]
    return [only]


def _known_id(spdx: str) -> bool:
    key = spdx.partition(" WITH ")[0].lower()
    return key in _table()[0] or key in ALIASES or key in _DEPRECATED_SPDX


def _settle(name: Name, file_ids: tuple[str, ...]) -> Name:
    """An :class:`Ambiguous` name made precise by the licence files (or its family's default).
    GNU licence texts give the version only ("only" or "or later" is not in the text): only a
    notice that grants later versions (``LGPL-3.0-or-later``, one of the family) settles them."""
    if isinstance(name, str):
        return name
    members = FAMILIES.get(name.family, ((), ""))[0]
    candidates = sorted({f for f in file_ids if f in members})
    if name.family in ("gpl", "lgpl", "agpl"):
        granted = sorted({f for f in file_ids if f.removesuffix("-or-later") in members and f.endswith("-or-later")})
        return granted[0] if len(granted) == 1 else name
    if len(candidates) == 1:
        return candidates[0]
    if not candidates and name.default:
        return name.default
    return name


def _ambiguous_message(name: Ambiguous, file_ids: tuple[str, ...]) -> str:
    members, suggestions = FAMILIES.get(name.family, ((), ""))
    versions = [f for f in dict.fromkeys(file_ids) if f in members]
    if versions and name.family in ("gpl", "lgpl", "agpl"):
        why = f"the licence file is {versions[0]} but does not say 'only' or 'or later'"
    elif len(versions) > 1:
        why = f"the licence files or source headers hold several ({', '.join(versions)})"
    else:
        why = "the variant is not named and no licence file or source header settles it"
    return f"ambiguous license {name.declared!r}: {why}; pass --license ATTR (e.g. {suggestions})"


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
