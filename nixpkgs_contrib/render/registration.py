"""The ``callPackage`` line of a new package in python-packages.nix, laid out as nixfmt does.

nixfmt measures a line that starts a binding *without* its indentation, which is why the real
python-packages.nix keeps 102-column lines such as
``  aiohttp-asyncmdnsresolver = callPackage ../development/python-modules/aiohttp-asyncmdnsresolver { };``
on one line and wraps the 104-column ``aio-geojson-generic-client`` as a call on the next line
(:func:`nixpkgs_contrib.render.nix.call_binding`)::

  aio-geojson-generic-client =
    callPackage ../development/python-modules/aio-geojson-generic-client
      { };
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import NixpkgsError
from ..nixpkgs.registration import sort_key
from . import nix

#: indentation of the attributes of python-packages.nix's set
SET_INDENT = nix.INDENT
MODULES = "../development/python-modules"

# characters a Nix path literal accepts in a segment
_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._+-]+$")


def registration_entry(attr: str, *, indent: str = SET_INDENT) -> str:
    """``attr = callPackage ../development/python-modules/attr { };`` at *indent*, no newline."""
    if not _PATH_SEGMENT.match(attr) or attr in (".", ".."):
        raise NixpkgsError(f"{attr!r} cannot name a python-modules directory")
    return nix.call_binding(nix.attr_name(attr), "callPackage", [f"{MODULES}/{attr}", "{ }"], indent)


def sorted_entries(attrs: Iterable[str]) -> str:
    """A python-packages.nix snippet: one entry per attribute, keep-sorted order, blank-line
    separated, ending in a newline; empty for no attributes."""
    entries = {registration_entry(a) for a in attrs}
    if not entries:
        return ""
    return "\n\n".join(sorted(entries, key=sort_key)) + "\n"
