"""Rendering: Nix layout and escaping (:mod:`.nix`) and the jinja2 templates that use them."""

from __future__ import annotations

import functools

import jinja2

from . import nix


@functools.cache
def environment() -> jinja2.Environment:
    """The one template environment: templates/*.j2, strict about undefined names, no HTML
    escaping (Nix strings are escaped by :func:`nix.string`, exposed as the ``nixstr`` filter)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nixpkgs_contrib", "render/templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["nixstr"] = lambda v: nix.string(v)
    env.filters["attrname"] = nix.attr_name
    env.filters["comment"] = nix.comment
    return env
