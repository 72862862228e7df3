"""PyPI names → nixpkgs attribute names.

nixpkgs names a Python package after its PEP 503-normalized distribution name.  A few
distributions are packaged under another attribute; :data:`EXCEPTIONS` lists them, each with the
reason, and whether the requirement must also be removed from the wheel metadata
(``pythonRemoveDeps``) because nixpkgs provides it under another distribution name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Optional

import attrs
from packaging.utils import canonicalize_name


@attrs.frozen
class Rename:
    """A distribution packaged in nixpkgs under another attribute."""

    attr: str
    #: remove the requirement from the metadata: the attribute provides another distribution name
    remove: bool
    reason: str


#: Distributions whose nixpkgs attribute is not their normalized name.  Keep short and sourced.
EXCEPTIONS: Mapping[str, Rename] = {
    # nixpkgs builds psycopg2 from source; the -binary wheel is the same module under another name.
    "psycopg2-binary": Rename("psycopg2", True, "nixpkgs builds psycopg2 from source"),
    "psycopg-binary": Rename("psycopg", True, "nixpkgs builds psycopg's C extension from source"),
    "opencv-python": Rename("opencv4", True, "nixpkgs provides cv2 through opencv4"),
    "opencv-python-headless": Rename("opencv4", True, "nixpkgs provides cv2 through opencv4"),
    "opencv-contrib-python": Rename("opencv4", True, "nixpkgs provides cv2 through opencv4"),
    "tensorflow-cpu": Rename("tensorflow", True, "nixpkgs has one tensorflow attribute"),
    "torch": Rename("torch", False, "same name"),
    "pyyaml": Rename("pyyaml", False, "same name"),
    "protobuf": Rename("protobuf", False, "same name"),
    "msgpack-python": Rename("msgpack", True, "msgpack-python is the old name of msgpack"),
    "pymupdf": Rename("pymupdf", False, "same name"),
    "python-dateutil": Rename("python-dateutil", False, "same name"),
    "attrs": Rename("attrs", False, "same name"),
    "grpcio-tools": Rename("grpcio-tools", False, "same name"),
}

#: Build requirements that are not Python packages in nixpkgs' sense or that nixpkgs provides itself.
BUILD_IGNORED: frozenset[str] = frozenset({"wheel", "pip"})

def normalize(name: str) -> str:
    """PEP 503: lower-case, runs of ``-_.`` become one ``-``."""
    return canonicalize_name(name)


def attr_for(name: str) -> str:
    """The nixpkgs attribute of distribution *name*."""
    norm = normalize(name)
    rename = EXCEPTIONS.get(norm)
    return rename.attr if rename else norm


def rename_for(name: str) -> Optional[Rename]:
    """The exception entry for *name*, when its attribute differs from its normalized name."""
    rename = EXCEPTIONS.get(normalize(name))
    if rename is None or rename.attr == normalize(name):
        return None
    return rename


def import_name_guess(name: str) -> str:
    """The module name tools default to for a distribution (flit, hatch, poetry): ``a-b.c`` → ``a_b_c``."""
    return re.sub(r"[-_.]+", "_", name).lower()
