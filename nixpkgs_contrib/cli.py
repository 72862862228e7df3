"""Command line: argument parsing, and the one place that turns errors into messages and exit codes.

Exit status: 0 success, 1 a user error (one line on stderr, no traceback), 2 bad usage.
Each sub-command lives in its own module exposing ``add_parser(subparsers)`` and
``run(args, stdout, stderr) -> int``; this module only wires them together.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from . import __version__
from .errors import UserError

Runner = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _commands() -> list[tuple[str, Callable[[argparse._SubParsersAction], None], Runner]]:
    """(name, add_parser, run) of every sub-command, imported lazily so a broken optional command
    cannot take the others down at import time."""
    from .commands import COMMANDS

    return COMMANDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nixpkgs-contrib",
        description="Turn Python projects into nixpkgs python-modules expressions.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for _name, add_parser, run in _commands():
        subparser = add_parser(sub)
        subparser.set_defaults(_run=run)
    return parser


def die(message: str, stderr: TextIO) -> int:
    """Report a user error as one line and return exit status 1."""
    one_line = "; ".join(part.strip() for part in message.splitlines() if part.strip())
    print(f"nixpkgs-contrib: error: {one_line}", file=stderr)
    return 1


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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
