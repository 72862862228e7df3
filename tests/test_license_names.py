"""Licence names in words and licence file texts → SPDX ids (texts written for the test: the
sentences that tell the licences apart, not copies of them)."""

from __future__ import annotations

import pytest

from nixpkgs_contrib.license_names import (
    Ambiguous,
    expression,
    identify_header,
    identify_notice,
    identify_text,
    phrase,
    source_header,
)


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        ("Apache Software License 2.0", "Apache-2.0"),
        ("apache2", "Apache-2.0"),
        ("BSD-3", "BSD-3-Clause"),
        ("BSD 2-Clause", "BSD-2-Clause"),
        ("0BSD", "0BSD"),
        ("MIT No Attribution", "MIT-0"),
        ("zlib/libpng", "Zlib"),
        ("GNU Affero GPL v3 or later", "AGPL-3.0-or-later"),
        ("LGPLv2.1 only", "LGPL-2.1-only"),
        ("Eclipse Public License 2.0", "EPL-2.0"),
    ],
)
def test_phrases(text: str, spdx: str) -> None:
    assert phrase(text) == spdx


def test_open_phrases_and_unknown_ones() -> None:
    assert phrase("BSD") == Ambiguous("bsd", "BSD")
    assert phrase("GNU GPL") == Ambiguous("gpl", "GNU GPL")
    assert phrase("Apache License") == Ambiguous("apache", "Apache License", "Apache-2.0")
    assert phrase("Proprietary") is None
    assert phrase("see LICENSE file") is None


def test_expressions_in_words() -> None:
    assert expression("MIT or Apache 2.0") == ["MIT", "OR", "Apache-2.0"]
    assert expression("GPLv2 or later") == ["GPL-2.0-or-later"]
    assert expression("Dual licensed - GPL 3.0 or a commercial licence") is None
    assert expression("BSD-2-Clause, Public Domain") == ["BSD-2-Clause", "AND", "LicenseRef-Public-Domain"]
    # two licences among words that name none: not the first one alone (pypdfium2 read as bsd3)
    assert expression("BSD-3-Clause, Apache-2.0, dependency licenses") is None
    assert expression("BSD-3-Clause, Apache-2.0") == ["BSD-3-Clause", "AND", "Apache-2.0"]
    assert expression("Apache License, Version 2.0") == ["Apache-2.0"]


BSD_HEAD = (
    "Copyright (c) 2021 Gadget makers\n\nRedistribution and use in source and binary forms, with or without\n"
    "modification, are permitted provided that the following conditions are met:\n"
)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (BSD_HEAD + "1. Keep this notice.\n2. Reproduce it.\n", ("BSD-2-Clause",)),
        (BSD_HEAD + "3. Neither the name of the copyright holder nor the names of its\ncontributors may be used to endorse or promote products ...", ("BSD-3-Clause",)),
        (BSD_HEAD + "3. All advertising materials mentioning features ...\n4. Neither the name ...", ("BSD-4-Clause",)),
        ("Permission is hereby granted, free of charge, to any person obtaining a copy\nof this software ... The above copyright notice and this permission notice shall be included in all copies", ("MIT",)),
        ("Permission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted, provided that the above\ncopyright notice ...", ("ISC",)),
        ("Permission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted.\n", ("0BSD",)),
        ("                  Apache License\n            Version 2.0, January 2004\n", ("Apache-2.0",)),
        ("This is free and unencumbered software released into the public domain.", ("Unlicense",)),
        ("GNU LESSER GENERAL PUBLIC LICENSE\n  Version 3, 29 June 2007\n ... GNU General Public License ...", ("LGPL-3.0",)),
        ("GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991\n", ("GPL-2.0",)),
        ('      The "Artistic License"\n\n        Preamble\n', ("Artistic-1.0",)),
        (BSD_HEAD + "3. The name of the author may not be used to endorse or promote products ...", ("BSD-3-Clause",)),
        (BSD_HEAD + "1. ...\n2. ...\n3. None of the names of the authors may be used to endorse or promote products ...\n\n"
         "Earlier work:\n" + "".join(f" * {line}\n" for line in (BSD_HEAD + "3. All advertising materials ...").splitlines()),
         ("BSD-3-Clause", "BSD-4-Clause")),
        ("All rights reserved. Do not copy.", ()),
    ],
)
def test_identify_licence_texts(text: str, ids: tuple[str, ...]) -> None:
    assert identify_text(text) == ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # a boxed header comment, as some projects put at the top of every module
        (
            "# gadget is free software: you can redistribute it and/or modify it under    #\n"
            "# the terms of the GNU Lesser General Public License as published by the Free  #\n"
            "# Software Foundation, either version 3 of the License, or (at your option)    #\n"
            "# any later version.                                                           #\n",
            ("LGPL-3.0-or-later",),
        ),
        (
            "This program is free software; you can redistribute it under the terms of the GNU General\n"
            "Public License as published by the Free Software Foundation; either version 2 of the License,\n"
            "or (at your option) any later version.",
            ("GPL-2.0-or-later",),
        ),
        ("under the terms of the GNU Affero General Public License, version 3 or (at your option) any later version", ("AGPL-3.0-or-later",)),
        # no "any later version": the notice does not say, and nothing is read into it
        ("under the terms of the GNU General Public License version 2 as published by the Free Software Foundation.", ()),
        ("You should have received a copy of the GNU Lesser General Public License", ()),
    ],
)
def test_identify_gnu_notices(text: str, ids: tuple[str, ...]) -> None:
    assert identify_notice(text) == ids


#: the sentences of the BSD clauses, as the headers of our fixtures word them
GRANT = "Gadget, copyright its makers.\nRedistribution and use in source and binary forms, with or without modification, are permitted provided that:\n"
KEEP = "* Redistributions of source code must retain this notice and the disclaimer below.\n"
REPRODUCE = "* Redistributions in binary form must reproduce this notice in the documentation.\n"
ENDORSE = "* Neither the name of Gadget nor its makers may be used to endorse or promote products derived from this software without permission.\n"
ADVERTISE = "* All advertising materials mentioning features or use of this software must display a thanks to the makers.\n"
DISCLAIM = 'THIS SOFTWARE IS PROVIDED BY THE MAKERS "AS IS"; THEY ARE NOT LIABLE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\n'


def comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.splitlines())


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (comment(GRANT + KEEP + REPRODUCE + ENDORSE + DISCLAIM), ("BSD-3-Clause",)),
        (comment(GRANT + KEEP + REPRODUCE + DISCLAIM), ("BSD-2-Clause",)),
        (comment(GRANT + KEEP + REPRODUCE + ADVERTISE + ENDORSE + DISCLAIM), ("BSD-4-Clause",)),
        (comment(GRANT + KEEP + DISCLAIM), ("BSD-1-Clause",)),
        # the code after the disclaimer is not the licence: its words add no clause
        (comment(GRANT + KEEP + REPRODUCE + DISCLAIM) + "# may be used to endorse or promote products derived from this software\n", ("BSD-2-Clause",)),
        ("/*\n * Permission to use, copy, modify, and/or distribute this software for any purpose with or\n"
         ' * without fee is hereby granted.\n * THE SOFTWARE IS PROVIDED "AS IS".\n */\n', ("0BSD",)),
        ("# Use of this file is governed by the BSD 3-clause license found in the project's root.\n", ("BSD-3-Clause",)),
        ("# Licensed under the Simplified BSD License.\n", ("BSD-2-Clause",)),
        # a header that says only "BSD", or points elsewhere for the conditions, settles nothing
        ("# Gadget is licensed under the BSD license; see LICENSE.\n", ()),
        (comment(GRANT + "the conditions in the LICENSE file are met.\n"), ()),
        # without the disclaimer the clauses are not the licence's; a patent clause makes another licence
        (comment(GRANT + KEEP + REPRODUCE), ()),
        (comment(GRANT + KEEP + REPRODUCE + "* No patent rights are granted by this licence.\n" + DISCLAIM), ()),
        # not a BSD licence
        ("# Licensed under the Apache License 2.0\n", ()),
    ],
)
def test_identify_bsd_headers(text: str, ids: tuple[str, ...]) -> None:
    assert identify_header(text) == ids


def test_a_readme_is_read_for_written_out_licences_only() -> None:
    readme = "Gadget uses Widget, distributed under the BSD 2-Clause License.\n\n" + GRANT + KEEP + REPRODUCE + ENDORSE + DISCLAIM
    assert identify_header(readme, names=False) == ("BSD-3-Clause",)
    assert identify_header(readme) == ("BSD-3-Clause", "BSD-2-Clause")


def test_source_header_ends_at_the_first_statement() -> None:
    text = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Gadget.\n\nCopyright the makers.\n"""\n\nimport os\n# licensed under the BSD 3-clause license\n'
    assert source_header(text).split("\n") == ["#!/usr/bin/env python", "# -*- coding: utf-8 -*-", "Gadget.", "", "Copyright the makers.", '"""', ""]
    assert identify_header(source_header(text)) == ()
    assert source_header("import os\n") == ""
