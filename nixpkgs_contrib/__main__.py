"""``python -m nixpkgs_contrib``."""

from .cli import console

console()
