"""``check``: parse and lint nixpkgs python-modules files (and optionally evaluate an output flake)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

import attrs

from .. import check, matrix
from ..errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "check",
        help="parse and lint python-modules expressions against nixpkgs conventions",
        description=(
            "Parse every .nix file (nix-instantiate --parse) and lint it against the conventions "
            "nixpkgs reviewers ask for.  Exit status 1 when anything is found."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a .nix file or a directory to search")
    targets = p.add_mutually_exclusive_group()
    targets.add_argument(
        "--python",
        metavar="SPEC",
        help=(
            "target interpreters for dead-condition checks: 3.11-3.14 or 3.11,3.13 "
            f"(default: emit's, {matrix.DEFAULT_PYTHONS[0]}-{matrix.DEFAULT_PYTHONS[-1]})"
        ),
    )
    targets.add_argument(
        "--target",
        metavar="RELEASE",
        help="interpreters of a nixpkgs release (unstable: what nixpkgs ships today)",
    )
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--no-parse", action="store_true", help="do not run nix-instantiate --parse")
    p.add_argument(
        "--eval",
        action="store_true",
        help="also evaluate the flake of each PATH directory that has one, against the stand-in nixpkgs",
    )
    return p


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.target:
        pythons = matrix.target_for_release(args.target).pythons
    else:
        pythons = matrix.parse_pythons(args.python) if args.python else check.DEFAULT_PYTHONS
    parse = not args.no_parse
    if parse and not check.have_nix():
        print("nixpkgs-contrib: note: nix-instantiate not found; skipping the parse check", file=stderr)
        parse = False
    findings = check.check_paths(args.paths, pythons=pythons, parse=parse)
    if args.eval:
        flakes = [path for path in args.paths if path.is_dir() and (path / "flake.nix").is_file()]
        if not flakes:
            raise UserError("--eval needs a PATH directory with a flake.nix (an emit output folder)")
        for path in flakes:
            findings += check.evaluate(path, pythons=pythons)
        findings.sort()
    if args.json:
        json.dump([attrs.asdict(f) for f in findings], stdout, indent=2)
        stdout.write("\n")
    else:
        for finding in findings:
            print(finding, file=stdout)
    return 1 if findings else 0
