"""Licence names in words and licence file texts → SPDX ids (texts written for the test: the
sentences that tell the licences apart, not copies of them)."""

from __future__ import annotations

import pytest

from nixpkgs_contrib.license_names import Ambiguous, expression, identify_notice, identify_text, phrase


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
