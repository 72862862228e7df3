"""Command line: argument parsing, and the one place that turns errors into messages and exit codes.

Exit status: 0 success, 1 a user error (one line on stderr, no traceback), 2 bad usage.
Each sub-command lives in its own module exposing ``add_parser(subparsers)`` and
``run(args, stdout, stderr) -> int``; this module only wires them together, importing the module
of the command being run and no other (see :mod:`nixpkgs_contrib.commands`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .commands import COMMANDS, load
from .errors import UserError

PROG = "nixpkgs-contrib"


def _requested(argv: Sequence[str]) -> str | None:
    """The command word in *argv*: its first argument that is not an option (the top-level parser
    has no option that takes a value)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for *argv*: the command *argv* names is complete, the others only listed."""
    parser = argparse.ArgumentParser(prog=PROG, description="Turn Python projects into nixpkgs python-modules expressions.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    requested = _requested(argv)
    for name, summary in COMMANDS.items():
        if name == requested:
            module = load(name)
            module.add_parser(sub).set_defaults(_run=module.run)
        else:  # listed in --help and as a choice, never parsed with: its module stays unimported
            sub.add_parser(name, help=summary)
    return parser


def die(message: str, stderr: TextIO) -> int:
    """Report a user error as one line and return exit status 1."""
    one_line = "; ".join(part.strip() for part in message.splitlines() if part.strip())
    print(f"nixpkgs-contrib: error: {one_line}", file=stderr)
    return 1


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(argv).parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    try:
        return args._run(args, stdout, stderr)
    except UserError as exc:
        return die(str(exc), stderr)
    except KeyboardInterrupt:
        return die("interrupted", stderr)
    except BrokenPipeError:  # `… --json | head`: the reader left, nothing more to say
        return 0
