"""``pr``: turn a project (or a family) into a nixpkgs branch, one commit per package, and draft
the pull request's description.  A person reviews, builds and submits it."""

from __future__ import annotations

import argparse

from . import COMMANDS, path
from .emit import add_emit_options, add_nixpkgs_options

TYPE_CHECKING = False
if TYPE_CHECKING:  # the rest is imported by the functions that use it: see commands/__init__.py
    from pathlib import Path
    from typing import Optional, TextIO

    from .emit import Result


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "pr",
        help=COMMANDS["pr"],
        description=(
            "Emit a project or family for a nixpkgs checkout (its interpreters, its versions), then "
            "create a branch with one 'python3Packages.<attr>: init at <version>' commit per package "
            "in dependency order, and write the pull request description."
        ),
    )
    add_emit_options(p)
    add_nixpkgs_options(p, required=True)
    p.add_argument("--branch", metavar="NAME", help="the branch to create (default python3Packages.<family>-init)")
    p.add_argument("--dry-run", action="store_true", help="show the commits and their diff; change nothing")
    p.add_argument("--pr-body", type=path, metavar="FILE", help="write the PR description here (default: stdout)")
    return p


def source_url(result: Result) -> str:
    """Where the family comes from, for the PR text."""
    from ..model import GitHubSource

    for plan in result.emitted.plans:
        if isinstance(plan.package.src, GitHubSource):
            return plan.package.src.url
    return result.emitted.plans[0].package.meta.homepage


def _read(root: Path, rel: str) -> Optional[str]:
    path = root / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .. import naming
    from ..errors import NixpkgsError
    from ..nixpkgs import compat, pr
    from ..nixpkgs.index import PYTHON_PACKAGES, NixpkgsIndex
    from .emit import emit_from_args, report

    index = NixpkgsIndex.load(args.nixpkgs)
    if index.dirty:
        raise NixpkgsError("the checkout has uncommitted changes (or is not a git repository); commit or stash them first", path=index.root)
    result = emit_from_args(args, index)
    reconciled = result.reconciled
    assert reconciled is not None
    packages = [p.package for p in reconciled.plans]
    taken = compat.existing(packages, index)
    if taken:
        raise NixpkgsError(
            f"{', '.join(taken)} already in the checkout; a new version is `nixpkgs-contrib update`, not a new package",
            path=index.root / PYTHON_PACKAGES,
        )
    family = naming.normalize(result.family)
    change = pr.init_change(reconciled, _read(index.root, PYTHON_PACKAGES) or "", family=family, branch=args.branch)
    body = pr.pr_body(
        change,
        reconciled,
        family=result.family,
        source=source_url(result),
        tag=result.options.tag,
        programs=result.programs,
    )
    report(result, stderr)
    if args.dry_run:
        if pr.branch_exists(index.root, change.branch):
            print(f"nixpkgs-contrib: note: branch {change.branch} already exists; pass --branch NAME", file=stderr)
        stdout.write(f"branch {change.branch} from {pr.current_ref(index.root)} (dry run: nothing written)\n")
        stdout.write(f"PR title: {change.title}\n")
        for number, commit in enumerate(change.commits, 1):
            stdout.write(f"  {number}. {commit.title}\n")
        stdout.write("\n" + pr.render_diff(change, lambda rel: _read(index.root, rel)))
        return 0
    hashes = pr.apply(index.root, change)
    for commit, digest in zip(change.commits, hashes):
        print(f"nixpkgs-contrib: {digest[:12]} {commit.title}", file=stderr)
    print(f"nixpkgs-contrib: branch {change.branch} is ready for review; PR title: {change.title}", file=stderr)
    if args.pr_body:
        args.pr_body.write_text(body, encoding="utf-8")
        print(f"nixpkgs-contrib: wrote the PR description to {args.pr_body}", file=stderr)
    else:
        stdout.write(body)
    return 0
