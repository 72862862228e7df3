"""nixpkgs-contrib: turn Python projects into nixpkgs-conformant python-modules expressions."""

from __future__ import annotations

__version__ = "0.1.0"
