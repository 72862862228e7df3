"""Sub-commands, one module each.  Each exposes ``add_parser(subparsers) -> ArgumentParser`` and
``run(args, stdout, stderr) -> int``; the table below is the only list of them.

The command line imports a command's module only when that command is run (or its ``--help`` is
asked for): ``emit`` needs the readers, jinja2 and packaging, ``hash DIR`` needs none of them and
should start as fast as the interpreter allows.  Each module's top level (the part ``--help``
runs) imports nothing but argparse and this package: no typing, no pathlib, no model; the rest is
imported by the functions that need it (``tests/test_startup.py`` checks every command).
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from pathlib import Path
    from types import ModuleType

#: the command line's name, in its messages
PROG = "nixpkgs-contrib"

#: command -> the one-line summary listed by ``nixpkgs-contrib --help`` (in this order)
COMMANDS: dict[str, str] = {
    "emit": "write pkgs/development/python-modules/<attr>/default.nix for a project",
    "hash": "print the SRI hash Nix would compute for a source",
    "check": "lint python-modules expressions against nixpkgs conventions",
    "pr": "commit new packages to a branch of a nixpkgs checkout and draft the PR description",
    "update": "merge a new upstream release into python-modules files of a nixpkgs checkout",
    "audit": "compare python-modules files with upstream's metadata at the versions they have",
    "check-updates": "report a tag newer than the recipe's in a local clone",
}


def load(command: str) -> ModuleType:
    """The module of *command* (``check-updates`` lives in ``check_updates.py``)."""
    return import_module(f"{__name__}.{command.replace('-', '_')}")


class UsageError(Exception):
    """A command line that parses but cannot be carried out as written (``hash FILE``: flat or
    unpacked?).  The command line prints it as one line with exit status 2, like argparse's own
    usage errors; the library never raises it."""


def path(text: str) -> Path:
    """argparse ``type=`` for file and directory arguments: pathlib (which imports urllib,
    ipaddress, fnmatch …) is loaded when such an argument is parsed, not to build a parser."""
    from pathlib import Path

    return Path(text)
