"""Limits that keep every evaluation finite and small, whatever setup.py does."""

from __future__ import annotations

import re

#: Steps (statements + expressions) per top-level statement of setup.py.
MAX_STEPS = 200_000
#: Nested calls of the program's own functions.
MAX_DEPTH = 40
#: Unknown conditions being explored inside one another (each runs two paths, see branches.py):
#: a recursive function walking an unknown value would otherwise explore every path to MAX_DEPTH.
MAX_FORKS = 8
#: Length of a built string, list or range.
MAX_SIZE = 1_000_000
#: A width or count in a format string that would build a huge value.
WIDE = re.compile(r"\d{5,}")
