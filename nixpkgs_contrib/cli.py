"""Command line: argument parsing, and the one place that turns errors into messages and exit codes.

Exit status: 0 success, 1 a user error (one line on stderr, no traceback), 2 bad usage.
Each sub-command lives in its own module exposing ``add_parser(subparsers)`` and
``run(args, stdout, stderr) -> int``; this module only wires them together, importing the module
of the command being run and no other (see :mod:`nixpkgs_contrib.commands`).  The parser itself
is in :mod:`nixpkgs_contrib.cli_parser`, imported unless the command reads its arguments plainly.
"""

from __future__ import annotations

import errno
import sys

from .commands import COMMANDS, PROG, UsageError, load
from .errors import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing typing costs as much start-up as argparse; annotations are strings here
    from collections.abc import Sequence
    from typing import NoReturn, TextIO


def die(message: str, stderr: TextIO) -> int:
    """Report a user error as one line and return exit status 1."""
    one_line = "; ".join(part.strip() for part in message.splitlines() if part.strip())
    print(f"nixpkgs-contrib: error: {one_line}", file=stderr)
    return 1


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    return _main(argv, stdout, stderr)[0]


def _main(argv: Sequence[str] | None, stdout: TextIO | None, stderr: TextIO | None) -> tuple[int, str | None]:
    """:func:`main`, and the command that ran (None when the command line did not parse)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _plain(argv)
    if args is None:
        from .cli_parser import BadUsage, parse

        try:
            args = parse(argv)
        except BadUsage as exc:
            exc.parser.print_usage(stderr)
            print(f"{exc.parser.prog}: error: {exc.message}", file=stderr)
            return 2, None
        except SystemExit as exc:  # argparse: --help, --version
            return int(exc.code or 0), None
    try:
        return args._run(args, stdout, stderr), args.command
    except UsageError as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=stderr)
        return 2, args.command
    except UserError as exc:
        return die(str(exc), stderr), args.command
    except KeyboardInterrupt:
        return die("interrupted", stderr), args.command
    except BrokenPipeError:  # `… --json | head`: the reader left, nothing more to say
        return 0, args.command
    except Exception as exc:  # a bug of ours (InternalError) or one nothing anticipated: one line too
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRORS:  # not a bug: the output cannot be written
            return _output_error(exc, stderr), args.command
        from .errors import InternalError

        return die(str(exc if isinstance(exc, InternalError) else InternalError(exc)), stderr), args.command


def _output_error(exc: OSError, stderr: TextIO) -> int:
    return die(f"cannot write the output: {(exc.strerror or str(exc)).lower()}", stderr)


#: errors writing to stdout or to a file (a full disk, a quota, a terminal gone): reported, no traceback
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _plain(argv: Sequence[str]) -> object | None:
    """The arguments of a command line its command reads without a parser (``hash DIR``: see
    ``plain_args`` in :mod:`nixpkgs_contrib.commands.hash`), or None: argparse then parses it."""
    if not argv or argv[0] not in COMMANDS:
        return None
    plain_args = getattr(load(argv[0]), "plain_args", None)
    return plain_args(argv[1:]) if plain_args is not None else None


#: commands after which nothing needs the interpreter's teardown (see :func:`console`)
_NO_TEARDOWN = frozenset({"hash"})


def console() -> NoReturn:
    """``python -m nixpkgs_contrib`` and the ``nixpkgs-contrib`` script: :func:`main`, then exit.

    After ``hash``, which opens no file it does not close and starts no thread it does not end,
    stdout and stderr are flushed and the process ends with ``os._exit``: the interpreter's
    teardown (freeing every object, module by module) costs more than a fifth of the start-up
    of ``hash DIR``.  A failed flush is reported like any other output error.
    """
    status, command = _main(None, None, None)
    if command not in _NO_TEARDOWN:
        sys.exit(status)
    import os

    try:
        if sys.stdout is not None:  # None when the process was started with stdout closed
            sys.stdout.flush()
    except BrokenPipeError:  # the reader left: as in main
        pass
    except OSError as exc:
        status = _output_error(exc, sys.stderr)
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except OSError:
        status = status or 1
    os._exit(status)
