"""``check``: lint nixpkgs python-modules files (and optionally evaluate an output flake).

The parser is built without importing the linter: ``check --help`` and the other commands'
start-up never load the syntax tree or the rules.
"""

from __future__ import annotations

import argparse

from . import COMMANDS, path

TYPE_CHECKING = False
if TYPE_CHECKING:  # the rest is imported by run(): see commands/__init__.py
    from typing import TextIO

#: ``check.SEVERITIES``, spelled out so that building the parser imports nothing
#: (tests/test_check.py compares the two)
SEVERITIES = ("error", "warning", "note")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "check",
        help=COMMANDS["check"],
        description=(
            "Parse every .nix file and lint it against what nixpkgs CI and reviewers ask for. "
            "Each finding has a severity: error (breaks evaluation, the build or nixpkgs CI), "
            "warning (a pattern nixpkgs is migrating away from, or what a reviewer asks of a new "
            "package), note (taste).  Exit status 1 when a finding at the shown level is found."
        ),
    )
    p.add_argument("paths", nargs="+", type=path, metavar="PATH", help="a .nix file or a directory to search")
    targets = p.add_mutually_exclusive_group()
    targets.add_argument(
        "--python",
        metavar="SPEC",
        help=(
            "target interpreters for dead-condition checks: 3.11-3.14 or 3.11,3.13 (default: those of the emit "
            "output folder PATH is in, from its flake.nix; else emit's default target)"
        ),
    )
    targets.add_argument(
        "--target",
        metavar="RELEASE",
        help="interpreters of a nixpkgs release (unstable: what nixpkgs ships today)",
    )
    p.add_argument(
        "--severity",
        choices=SEVERITIES,
        default="warning",
        help="the lowest severity shown (default: warning; note adds attribute order and line length)",
    )
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument(
        "--eval",
        action="store_true",
        help="also evaluate the flake of each PATH directory that has one, against the stand-in nixpkgs",
    )
    return p


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import json

    import attrs

    from .. import check, matrix
    from ..errors import UserError

    pythons = None
    if args.target:
        pythons = matrix.target_for_release(args.target).pythons
    elif args.python:
        pythons = matrix.parse_pythons(args.python)
    severity = check.Severity.named(args.severity)
    findings = check.check_paths(args.paths, pythons=pythons, severity=severity)
    if args.eval:
        flakes = [path for path in args.paths if path.is_dir() and (path / "flake.nix").is_file()]
        if not flakes:
            raise UserError("--eval needs a PATH directory with a flake.nix (an emit output folder)")
        for path in flakes:
            findings += (f for f in check.evaluate(path, pythons=pythons) if f.level >= severity)
        findings.sort()
    if args.json:
        json.dump([attrs.asdict(f) for f in findings], stdout, indent=2)
        stdout.write("\n")
    else:
        for finding in findings:
            print(finding, file=stdout)
    return 1 if findings else 0
