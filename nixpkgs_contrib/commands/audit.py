"""``audit``: compare python-modules files of a nixpkgs checkout with upstream's metadata at the
versions they have, one line per finding, grouped per package.  Exit status 1 when a finding needs
a person (a dependency missing, a bound the checkout breaks, ``disabled`` against requires-python).

The imports below are only what the parser needs; the work imports its modules in :func:`run`.
"""

from __future__ import annotations

import argparse

from . import COMMANDS, path

TYPE_CHECKING = False
if TYPE_CHECKING:  # the rest is imported by run(): see commands/__init__.py
    from typing import TextIO


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "audit",
        help=COMMANDS["audit"],
        description=(
            "For each named attribute (every python-modules file when none is named) whose release can be "
            "found in --sdists or the download cache, compare the file with upstream's metadata at the "
            "file's version: dependencies missing or extra, conditions, bounds the checkout breaks without "
            "pythonRelaxDeps, disabled against requires-python, extras.  Exit status 1 when something needs a person."
        ),
    )
    p.add_argument(
        "names", nargs="*", metavar="ATTR", help="python-packages attributes (default: every python-modules file)"
    )
    p.add_argument("--nixpkgs", type=path, required=True, metavar="PATH", help="the nixpkgs checkout")
    p.add_argument(
        "--sdists", type=path, action="append", default=[], metavar="DIR", help="a folder of sdists (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--errors-only", action="store_true", help="show only findings that need a person")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="processes (default: one per core)")
    return p


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ..errors import UserError

    try:
        return _run(args, stdout, stderr)
    except (UserError, KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # a bug of ours: one line, never a traceback
        from ..nixpkgs.update import internal_error

        raise UserError(internal_error(exc)) from exc


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import json
    import time

    from .. import remote
    from ..errors import UserError
    from ..nixpkgs import compat
    from ..nixpkgs.audit import audit, files_to_audit, render, summary, to_json
    from ..nixpkgs.index import NixpkgsIndex
    from ..nixpkgs.update import attribute

    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs takes a number of processes, 1 or more")
    for folder in args.sdists:
        if not folder.is_dir():
            raise UserError("not a directory of sdists", path=folder)
    start = time.monotonic()
    index = NixpkgsIndex.load(args.nixpkgs)
    target = compat.target_for(index)
    targets = files_to_audit(index, [attribute(n) for n in args.names])
    folders = [*args.sdists, remote.cache_dir() / "pypi"]
    results = audit(index, targets, folders, target, args.jobs)
    facts = summary(results)
    if args.json:
        json.dump(to_json(results), stdout, indent=2, sort_keys=True)
        stdout.write("\n")
    else:
        stdout.write(render(results, show_info=not args.errors_only))
    kinds = ", ".join(f"{n} {k}" for k, n in facts["findings"].items()) or "none"
    print(
        f"nixpkgs-contrib: audited {facts['audited']} of {facts['files']} files "
        f"({facts['without_source']} without an upstream release at hand, {facts['release_unreadable']} whose "
        f"release cannot be read statically, {facts['unreadable']} unreadable, "
        f"{facts['internal_errors']} internal errors) "
        f"in {time.monotonic() - start:.1f} s; {facts['needing_a_person']} need a person; findings: {kinds}",
        file=stderr,
    )
    for r in results:
        if r.skipped and (args.names or r.skip_kind in ("bug", "read")):
            print(f"nixpkgs-contrib: {r.attr}: not audited: {r.skipped}", file=stderr)
    return 1 if facts["needing_a_person"] else 0
