"""``hash``: the ``hash = …`` of a source, computed offline (or prefetched with ``--github``)."""

from __future__ import annotations

import os

from ..errors import UserError
from . import COMMANDS, UsageError, path

TYPE_CHECKING = False
if TYPE_CHECKING:  # neither typing nor argparse is imported by `hash DIR`: see plain_args
    import argparse
    from typing import TextIO

    from ..hashing.nar import Hash


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "hash",
        help=COMMANDS["hash"],
        description=(
            "Compute a source's hash offline, exactly as Nix does: the NAR hash of a directory, "
            "of `git archive REV` (fetchFromGitHub), of an unpacked tarball (fetchzip), or the "
            "flat hash of a file (fetchurl, fetchPypi). The hash is the last line of output."
        ),
    )
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("path", nargs="?", metavar="DIR", help="a directory, hashed as it is on disk")
    kind.add_argument("--git", type=path, metavar="REPO", help="a local git repository; needs --rev")
    kind.add_argument("--unpack", type=path, metavar="ARCHIVE", help="a tarball or zip, unpacked as fetchzip does")
    kind.add_argument("--flat", type=path, metavar="FILE", help="a file, hashed as fetchurl/fetchPypi do")
    kind.add_argument("--github", metavar="OWNER/REPO", help="prefetch a tag online with nix-prefetch-github; needs --rev")
    p.add_argument("--rev", metavar="REV", help="tag, branch or commit (with --git or --github)")
    p.add_argument("--no-strip-root", action="store_true", help="with --unpack: hash the whole archive (stripRoot = false)")
    p.add_argument("--fetch-submodules", action="store_true", help="with --github: include submodules")
    style = p.add_mutually_exclusive_group()
    style.add_argument("--base32", dest="style", action="store_const", const="base32", help="print Nix base32")
    style.add_argument("--hex", dest="style", action="store_const", const="hex", help="print hexadecimal")
    p.set_defaults(style="sri")
    return p


def plain_args(argv: list[str]) -> argparse.Namespace | None:
    """``hash DIR``, the form scripts run most, read without argparse: the namespace the parser
    would give (``tests/test_hash_command.py`` compares them), or None for any other arguments.

    argparse, with the re, enum, gettext and locale modules it imports, is about a third of the
    start-up of ``hash DIR`` and a tenth of hashing a 12,000-file tree.
    """
    if len(argv) != 1 or argv[0].startswith("-"):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(  # type: ignore[return-value]
        command="hash", path=argv[0], git=None, unpack=None, flat=None, github=None, rev=None,
        no_strip_root=False, fetch_submodules=False, style="sri", _run=run,
    )


def compute(args: argparse.Namespace) -> Hash:
    """The hash the arguments ask for; raises a UserError on bad combinations or sources."""
    from ..hashing.nar import Hash, nar_hash_path  # hashlib loads OpenSSL: not for `hash --help`

    if (args.git or args.github) and not args.rev:
        raise UserError(f"{'--git' if args.git else '--github'} needs --rev")
    if args.rev and not (args.git or args.github):
        raise UserError("--rev only applies to --git and --github")
    if args.no_strip_root and not args.unpack:
        raise UserError("--no-strip-root only applies to --unpack")
    if args.fetch_submodules and not args.github:
        raise UserError("--fetch-submodules only applies to --github")
    if args.path is not None:
        if os.path.isfile(args.path):
            raise UsageError(
                f"{args.path} is a file: --flat {args.path} for the hash of its bytes (fetchurl, fetchPypi) "
                f"or --unpack {args.path} for the hash of the unpacked archive (fetchzip)?"
            )
        return nar_hash_path(args.path)
    if args.github:
        from ..hashing import prefetch

        owner, sep, repo = args.github.partition("/")
        if not sep or not owner or not repo or "/" in repo:
            raise UserError(f"--github {args.github!r}: expected OWNER/REPO")
        sri = prefetch.prefetch_github(owner, repo, args.rev, fetch_submodules=args.fetch_submodules)
        return Hash.parse(sri)
    from ..hashing import sources  # tarfile, zipfile, subprocess: only for these kinds

    if args.git:
        return sources.hash_git(args.git, args.rev)
    if args.unpack:
        return sources.hash_tarball(args.unpack, strip_root=not args.no_strip_root)
    return sources.hash_file(args.flat)


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    stdout.write(compute(args).format(args.style) + "\n")
    return 0
