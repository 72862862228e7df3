"""``emit``: read a project and write its python-modules expression and registration line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from .. import matrix
from ..errors import UserError
from ..output import write_tree
from ..plan import Options, explain
from ..pipeline import emit_single

DEFAULT_OUT = "nixpkgs-contrib-out"


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "emit",
        help="write pkgs/development/python-modules/<attr>/default.nix for a project",
        description="Read a project directory, git checkout or sdist and write its nixpkgs expression.",
    )
    p.add_argument("source", type=Path, metavar="SOURCE", help="project directory, git checkout or sdist file")
    p.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), metavar="DIR", help=f"output folder (default ./{DEFAULT_OUT})")
    p.add_argument("--github", metavar="OWNER/REPO", help="fetch the source with fetchFromGitHub from this repository")
    p.add_argument("--tag", metavar="TAG", help="the release tag (checked against the version)")
    p.add_argument("--hash", metavar="SRI", help="the source's SRI hash (sha256-…)")
    p.add_argument("--maintainer", action="append", default=[], metavar="HANDLE", help="a lib.maintainers handle (repeatable)")
    p.add_argument("--license", action="append", default=None, metavar="ATTR", help="lib.licenses attribute, overriding upstream (repeatable)")
    p.add_argument("--description", metavar="TEXT", help="meta.description, overriding upstream's summary")
    p.add_argument("--attr", metavar="NAME", help="attribute name (default: the PEP 503 name)")
    p.add_argument("--import", dest="imports", action="append", default=[], metavar="MODULE", help="an extra pythonImportsCheck module")
    p.add_argument("--no-check", metavar="REASON", help="write doCheck = false with this reason")
    targets = p.add_mutually_exclusive_group()
    targets.add_argument("--python", metavar="SPEC", help="interpreters: a range 3.11-3.14 or a list 3.11,3.13 (default 3.9-3.13)")
    targets.add_argument("--target", metavar="RELEASE", help="interpreters of a nixpkgs release (nixos-24.11, unstable, …)")
    p.add_argument("--explain", action="store_true", help="print each dependency's truth table and condition")
    p.add_argument("--json", action="store_true", help="print a JSON summary of what was written")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    return p


def options_from_args(args: argparse.Namespace) -> Options:
    if args.target:
        target = matrix.target_for_release(args.target)
    elif args.python:
        target = matrix.Target(matrix.parse_pythons(args.python))
    else:
        target = matrix.Target()
    github = None
    if args.github:
        owner, sep, repo = args.github.partition("/")
        if not sep or not owner or not repo or "/" in repo:
            raise UserError(f"--github {args.github!r}: expected OWNER/REPO")
        github = (owner, repo)
    return Options(
        target=target,
        github=github,
        tag=args.tag,
        hash=args.hash,
        maintainers=tuple(args.maintainer),
        license=tuple(args.license) if args.license else None,
        description=args.description,
        attr=args.attr,
        extra_imports=tuple(args.imports),
        no_check_reason=args.no_check,
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    options = options_from_args(args)
    emitted = emit_single(args.source, options)
    if args.explain:
        for plan in emitted.plans:
            stdout.write(explain(plan, options.target))
    written = write_tree(emitted.files, args.out, force=args.force)
    if args.json:
        summary = {
            "out": str(args.out),
            "files": sorted(emitted.files),
            "packages": [
                {
                    "attr": p.package.attr,
                    "version": p.package.version,
                    "dependencies": [d.attr for d in p.package.dependencies],
                    "build-system": list(p.package.build_system),
                    "pythonImportsCheck": list(p.package.imports_check),
                }
                for p in emitted.plans
            ],
        }
        json.dump(summary, stdout, indent=2, sort_keys=True)
        stdout.write("\n")
    else:
        for path in written:
            print(f"wrote {path}", file=stderr)
    return 0
