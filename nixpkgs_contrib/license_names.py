"""Licences written by people → SPDX ids: free-text ``license =`` values and licence file texts.

Only what names one licence is mapped ("Apache 2.0 License" → ``Apache-2.0``, "New BSD" →
``BSD-3-Clause``, "Expat" → ``MIT``).  A name that leaves the variant open ("BSD", "GPL" without a
version, "Artistic") becomes :class:`Ambiguous`, which the licence files
of the project may settle (:func:`identify_text`) and which is refused otherwise.  Nothing here
guesses between variants.
"""

from __future__ import annotations

import re
from typing import Optional, Union

import attrs


@attrs.frozen
class Ambiguous:
    """A licence named without what tells its variants apart ("BSD", "GPL" without a version)."""

    family: str
    #: what was declared, for the message
    declared: str
    #: the id to take when the licence files say nothing (only for families with one live member)
    default: Optional[str] = None


Name = Union[str, Ambiguous]

_WORDS = re.compile(r"[a-z0-9.+]+")
_VERSION = re.compile(r"^v?(\d+(?:\.\d+)?)\+?$")
#: words that carry nothing once the family is known
_NOISE = frozenset({"the", "license", "licence", "licensed", "software", "version", "ver", "public", "general", "v", "osi", "approved"})


def _words(text: str) -> list[str]:
    text = text.lower().replace("licence", "license").replace("-", " ").replace("_", " ").replace("/", " ")
    text = re.sub(r"(?<=[a-z])v?(?=\d)", " ", text)  # gplv3 → gpl 3, apache2 → apache 2
    return _WORDS.findall(text)


def _version(words: list[str]) -> Optional[str]:
    for w in words:
        m = _VERSION.match(w)
        if m:
            v = m.group(1)
            return v if "." in v else f"{v}.0"
    return None


def _or_later(text: str, words: list[str]) -> Optional[bool]:
    """True for "or later"/"+", False for "only", None when the text does not say."""
    lowered = text.lower()
    if "+" in lowered or "or later" in lowered or "or any later" in lowered or "or-later" in lowered:
        return True
    if "only" in words:
        return False
    return None


def phrase(text: str) -> Optional[Name]:
    """One licence named in words → its SPDX id, an :class:`Ambiguous` family, or None when the
    text names no licence we know."""
    words = _words(text)
    if not words:
        return None
    wordset = set(words)
    rest = [w for w in words if w not in _NOISE]
    version = _version(words)
    declared = text.strip()

    def gnu(family: str, spdx: str, versions: dict[str, str]) -> Name:
        if version is None or version not in versions:
            return Ambiguous(family, declared)
        later = _or_later(text, words)
        base = versions[version]
        if later is None:
            # the deprecated SPDX id (``GPL-3.0``) means -only, and "GPLv3" is read the same way
            return f"{spdx}-{base}-only"
        return f"{spdx}-{base}-{'or-later' if later else 'only'}"

    if wordset & {"agpl", "affero"}:
        return gnu("agpl", "AGPL", {"3.0": "3.0"})
    if wordset & {"lgpl", "lesser", "library"} and (wordset & {"gnu", "lgpl"}):
        return gnu("lgpl", "LGPL", {"2.0": "2.0", "2.1": "2.1", "3.0": "3.0"})
    if "gpl" in wordset or ("gnu" in wordset and "general" in wordset):
        return gnu("gpl", "GPL", {"1.0": "1.0", "2.0": "2.0", "3.0": "3.0"})
    if "bsd" in wordset:
        if wordset & {"0", "zero"} or "0bsd" in wordset:
            return "0BSD"
        if wordset & {"3", "three", "new", "modified", "revised"}:
            return "BSD-3-Clause"
        if wordset & {"2", "two", "simplified", "freebsd"}:
            return "BSD-2-Clause"
        if wordset & {"4", "four", "original"}:
            return "BSD-4-Clause"
        if wordset & {"1", "one"}:
            return "BSD-1-Clause"
        return Ambiguous("bsd", declared)
    if "0bsd" in wordset:
        return "0BSD"
    if "apache" in wordset:
        if version in ("2.0", "1.1", "1.0"):
            return f"Apache-{version}"
        if version is None:
            return Ambiguous("apache", declared, "Apache-2.0")
        return None
    if rest in (["mit"], ["expat"], ["mit", "expat"]):
        return "MIT"
    if rest in (["mit", "style"], ["mit", "like"]):
        return Ambiguous("mit", declared)  # like MIT: only an MIT licence file makes it MIT
    if rest in (["mit", "0"], ["mit", "no", "attribution"]):
        return "MIT-0"
    if rest == ["isc"]:
        return "ISC"
    if rest == ["unlicense"] or words == ["unlicense"]:
        return "Unlicense"
    if rest in (["psf"], ["psfl"], ["psf", "2.0"], ["python", "foundation"], ["python", "foundation", "2.0"]):
        return "PSF-2.0"
    if "mozilla" in wordset or "mpl" in wordset:
        if version in ("2.0", "1.1", "1.0"):
            return f"MPL-{version}"
        return Ambiguous("mpl", declared)
    if "artistic" in wordset:
        if version in ("1.0", "2.0"):
            return f"Artistic-{version}"
        return Ambiguous("artistic", declared)
    if "eclipse" in wordset or "epl" in wordset:
        if version in ("1.0", "2.0"):
            return f"EPL-{version}"
        return Ambiguous("epl", declared)
    if rest in (["zlib"], ["zlib", "libpng"]):
        return "Zlib"
    if rest in (["boost"], ["boost", "1.0"], ["bsl", "1.0"]):
        return "BSL-1.0"
    if rest in (["cc0"], ["cc0", "1.0"]):
        return "CC0-1.0"
    if rest == ["domain"] and "public" in wordset:
        return "LicenseRef-Public-Domain"
    return None


_OPERATOR = re.compile(r"\s+(AND|OR|and|or)\s+(?!(?:any\s+)?later\b)")


def expression(text: str) -> Optional[list[Union[Name, str]]]:
    """A free-text value naming one licence or several joined by and/or ("BSD 3-Clause OR
    Apache-2.0") → its names with the operators (``"AND"``/``"OR"``) between them; None when a part
    names no licence."""
    if "\n" in text.strip() or len(text) > 100:
        return None
    parts = _OPERATOR.split(text.strip())
    if len(parts) == 1 and "," in text:
        # "BSD, Public Domain": a list, when every item names a licence ("Apache License, Version
        # 2.0" is not: "Version 2.0" names none)
        items = [item.strip() for item in text.split(",")]
        named = [item for item in items if phrase(item) is not None]
        if len(items) > 1 and len(named) == len(items):
            parts = [x for item in items for x in (item, "AND")][:-1]
        elif len(named) > 1:
            # several licences beside words that name none ("BSD-3-Clause, Apache-2.0, dependency
            # licenses"): read as one phrase, the first licence would silently stand for all
            return None
    out: list[Union[Name, str]] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part.upper())
            continue
        name = phrase(part.strip(" ()"))
        if name is None:
            return None
        out.append(name)
    return out


# --- licence texts ------------------------------------------------------------------------------


_BSD_START = re.compile(r"redistribution and use in source and binary forms.{0,80}?with or without modification,? (are|is) permitted")


_COMMENT_PREFIX = re.compile(r"^\s*(?:/\*+|\*+/?|#+|//+|;+)[ \t]?", re.MULTILINE)


def _squash(text: str) -> str:
    """Lower case, comment markers at line starts removed (``/* … * …``), whitespace collapsed."""
    return re.sub(r"\s+", " ", _COMMENT_PREFIX.sub("", text)).strip().lower()


def identify_text(text: str) -> tuple[str, ...]:
    """The licences whose full text appears in *text* (a LICENSE/COPYING file, or a whole licence
    pasted into the ``license`` field), as SPDX ids.  GNU texts give their bare version (``GPL-3.0``):
    the text alone does not say "only" or "or later"."""
    t = _squash(text)
    found: list[str] = []
    if "apache license" in t and "version 2.0" in t:
        found.append("Apache-2.0")
    if "permission is hereby granted, free of charge, to any person obtaining a copy" in t:
        if "except as contained in this notice" in t:
            pass  # X11-style: its own licence
        elif "the above copyright notice and this permission notice shall be included" in t:
            found.append("MIT")
        else:
            found.append("MIT-0")
    # one block per BSD licence in the text (some files hold two: xlrd)
    starts = [m.start() for m in _BSD_START.finditer(t)]
    for start, end in zip(starts, [*starts[1:], len(t)]):
        block = t[start:end]
        if "advertising materials" in block:
            found.append("BSD-4-Clause")
        elif "to endorse or promote products" in block:  # the non-endorsement clause, however worded
            found.append("BSD-3-Clause")
        else:
            found.append("BSD-2-Clause")
    if re.search(r"permission to use, copy, modify, and(/or)? distribute this software for any purpose with or without fee is hereby granted", t):
        found.append("ISC" if "provided that the above copyright notice" in t else "0BSD")
    if "this is free and unencumbered software released into the public domain" in t:
        found.append("Unlicense")
    if "mozilla public license" in t and re.search(r"version 2\.0", t):
        found.append("MPL-2.0")
    if 'the "artistic license"' in t and "preamble" in t:
        found.append("Artistic-1.0")
    elif "the artistic license 2.0" in t:
        found.append("Artistic-2.0")
    if "boost software license - version 1.0" in t:
        found.append("BSL-1.0")
    if "altered source versions must be plainly marked" in t and "this software is provided 'as-is'" in t:
        found.append("Zlib")
    for title, spdx in (
        ("gnu affero general public license", "AGPL"),
        ("gnu lesser general public license", "LGPL"),
        ("gnu library general public license", "LGPL"),
        ("gnu general public license", "GPL"),
    ):
        match = re.search(re.escape(title) + r",? version (\d(?:\.\d)?)", t)
        if match:
            version = match.group(1) if "." in match.group(1) else f"{match.group(1)}.0"
            found.append(f"{spdx}-{version}")
            break
    return tuple(dict.fromkeys(found))


#: trailing comment markers of boxed comments (``# … #``), removed like the leading ones
_COMMENT_SUFFIX = re.compile(r"[ \t]*(?:#+|\*+)[ \t]*$", re.MULTILINE)
#: the notice the GNU licences ask each work to carry ("How to Apply These Terms"): it, not the
#: licence text, says whether later versions apply
_GNU_NOTICE = re.compile(
    r"gnu (lesser |library |affero )?general public license(?: \([a-z]+\))?,? (?:as published by the free software "
    r"foundation[,;]? )?(?:either )?(?:version|v) ?(\d(?:\.\d)?)(?: of the license)?,? (?:or|\(or) \(?at your option\)? "
    r"any later version"
)


def identify_notice(text: str) -> tuple[str, ...]:
    """The GNU licences a licence *notice* grants with "or (at your option) any later version"
    (in a LICENSE/COPYING file, a README or a source file's header), as ``-or-later`` SPDX ids.
    A notice without that sentence says nothing here: "version 2 as published" is not read as
    "only"."""
    t = _squash(_COMMENT_SUFFIX.sub("", text))
    found: list[str] = []
    for match in _GNU_NOTICE.finditer(t):
        family = {"lesser ": "LGPL", "library ": "LGPL", "affero ": "AGPL"}.get(match.group(1) or "", "GPL")
        version = match.group(2) if "." in match.group(2) else f"{match.group(2)}.0"
        found.append(f"{family}-{version}-or-later")
    return tuple(dict.fromkeys(found))


#: a header ends at the module's first statement: comments, blank lines, a shebang and the module
#: docstring come before it
_DOCSTRING_OPEN = re.compile(r"""^[rRuUbB]{0,2}(\"\"\"|''')""")
#: the clauses a BSD licence is made of, as its texts word them (the UC Regents' and the SPDX
#: templates): the variant is the set of clauses a header holds
_BSD_SOURCE = re.compile(r"redistributions? of source code (must|shall) retain")
_BSD_BINARY = re.compile(r"redistributions? in binary form (must|shall) reproduce")
_BSD_ENDORSE = re.compile(r"(may|shall) (not )?be used to endorse or promote products derived from this software")
_BSD_ADVERTISING = re.compile(r"all advertising materials mentioning features or use of this software must display")
_BSD_DISCLAIMER = re.compile(r"provided\b.{0,140}?\bas is\b")
_BSD_END = "possibility of such damage"
#: clauses of licences that are BSD-like but not one of the family's plain variants (BSD-2-Clause-Patent,
#: BSD-3-Clause-Clear, -No-Nuclear-*, -Attribution): a header with one of them settles nothing
_BSD_OTHER = re.compile(r"patent|nuclear|redistributions of any form whatsoever|must retain the following acknowledg")
#: a header naming the licence it is under ("Use of this file is governed by the BSD 3-clause license")
_NAMED_NOTICE = re.compile(
    r"(?:governed by|licensed under|released under|distributed under|available under|subject to the terms of)"
    r" (?:the terms of )?(?:the|a|an) ([a-z0-9.+ -]{1,40}?) licen[cs]e\b"
)


def source_header(text: str) -> str:
    """The header of a Python source file: what comes before its first statement (comments, a
    shebang, the module docstring).  A licence quoted further down is not the file's own."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        opened = _DOCSTRING_OPEN.match(line)
        if not line or line.startswith("#"):
            out.append(line)
        elif opened:
            quote = opened.group(1)
            rest = line[opened.end():]
            out.append(rest)
            while quote not in rest and i + 1 < len(lines):
                i += 1
                rest = lines[i]
                out.append(rest)
        else:
            break
        i += 1
    return "\n".join(out)


def _bsd_variant(block: str) -> Optional[str]:
    """The BSD variant whose clauses one squashed licence block (from "redistribution and use" to
    its disclaimer) holds, or None when it lacks the conditions or the disclaimer, or carries a
    clause none of the plain variants has."""
    if _BSD_OTHER.search(block) or not _BSD_SOURCE.search(block) or not _BSD_DISCLAIMER.search(block):
        return None
    binary = bool(_BSD_BINARY.search(block))
    endorse = bool(_BSD_ENDORSE.search(block))
    advertising = bool(_BSD_ADVERTISING.search(block))
    if advertising:
        return "BSD-4-Clause" if binary and endorse else None
    if binary:
        return "BSD-3-Clause" if endorse else "BSD-2-Clause"
    return None if endorse else "BSD-1-Clause"


def identify_header(text: str, *, names: bool = True) -> tuple[str, ...]:
    """The BSD licences a source file's header (or a README) grants: by the licence's clauses
    written out (the conditions, the disclaimer, and the non-endorsement clause that makes
    3-clause), by the 0BSD grant, or by a sentence that names a precise variant ("licensed under
    the BSD 3-Clause License").  A header that says only "BSD" gives nothing: it settles no
    variant.  *names* False reads the written-out licences only (a README names the licences of
    other projects too)."""
    t = _squash(_COMMENT_SUFFIX.sub("", text))
    found: list[str] = []
    starts = [m.start() for m in _BSD_START.finditer(t)]
    for start, end in zip(starts, [*starts[1:], len(t)]):
        block = t[start:end]
        stop = block.find(_BSD_END)
        variant = _bsd_variant(block if stop < 0 else block[: stop + len(_BSD_END)])
        if variant:
            found.append(variant)
    grant = re.search(r"permission to use, copy, modify, and(/or)? distribute this software for any purpose with or without fee is hereby granted", t)
    if grant and "provided that the above copyright notice" not in t and '"as is"' in t:
        found.append("0BSD")
    for match in _NAMED_NOTICE.finditer(t) if names else ():
        name = phrase(match.group(1))
        if isinstance(name, str) and (name == "0BSD" or name.startswith("BSD-")):
            found.append(name)
    return tuple(dict.fromkeys(found))


__all__ = ["Ambiguous", "Name", "phrase", "expression", "identify_text", "identify_notice", "identify_header", "source_header"]
