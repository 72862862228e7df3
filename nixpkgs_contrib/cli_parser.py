"""The command line's argument parser: argparse, built from the command table, raising instead of
printing and exiting so that :func:`nixpkgs_contrib.cli.main` reports bad usage in one place.

Imported only when a command line needs parsing: argparse (with re, enum, gettext and locale) is
about a third of the start-up of ``hash DIR``, which :mod:`nixpkgs_contrib.cli` answers without it.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .commands import COMMANDS, PROG, load

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing typing costs as much start-up as argparse; annotations are strings here
    from collections.abc import Sequence


class BadUsage(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Formatter(argparse.HelpFormatter):
    """argparse makes a formatter for every argument it adds (to check its metavar), and each
    one imports shutil (which loads zlib, bz2 and lzma) to measure the terminal: measure it once."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _width() if width is None else width)


def _width(cache: list[int] = []) -> int:  # noqa: B006  # the cache
    """``shutil.get_terminal_size().columns - 2``, as argparse computes it, once per process."""
    if not cache:
        try:
            columns = int(os.environ.get("COLUMNS", "0"))
        except ValueError:
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 0
        cache.append((columns or 80) - 2)
    return cache[0]


class _Parser(argparse.ArgumentParser):
    """Raises instead of printing and exiting, so that :func:`main` reports bad usage with the usage
    of the parser that found it (the sub-command's, not the top-level one) on its own stderr."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)  # sub-command parsers are made with this class too
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadUsage(self, message)


def _requested(argv: Sequence[str]) -> str | None:
    """The command word in *argv*: its first argument that is not an option (the top-level parser
    has no option that takes a value)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def _build(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = _Parser(prog=PROG, description="Turn Python projects into nixpkgs python-modules expressions.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    requested = _requested(argv)
    subparsers = {}
    if requested in COMMANDS:
        module = load(requested)
        subparsers[requested] = module.add_parser(sub)
        subparsers[requested].set_defaults(_run=module.run)
    else:  # --help, or no or an unknown command: list every command, import none
        for name, summary in COMMANDS.items():
            subparsers[name] = sub.add_parser(name, help=summary)
    return parser, subparsers


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for *argv*: the command *argv* names, complete, or else every command, listed."""
    return _build(argv)[0]


def did_you_mean(word: str, parser: argparse.ArgumentParser) -> str:
    """`` (did you mean --python?)`` when *word* is close to one of *parser*'s long options."""
    import difflib

    option = word.partition("=")[0]
    # argparse has no public list of option strings; _option_string_actions is stable since 3.2.
    longs = [s for s in parser._option_string_actions if s.startswith("--")]
    close = difflib.get_close_matches(option, longs, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser, subparsers = _build(argv)
    args, extras = parser.parse_known_args(argv)
    if extras:  # reported by the sub-command's parser, with its usage and a suggestion
        culprit = subparsers[args.command]
        options = [arg for arg in extras if arg.startswith("-")]
        hint = did_you_mean(options[0], culprit) if options else ""
        culprit.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
    return args
