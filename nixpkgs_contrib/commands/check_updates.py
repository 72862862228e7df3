"""``check-updates``: is there a release newer than the recipe's tag in a local clone?

Offline by design: run ``git fetch --tags`` first.  Prints the newest tag (or "up to date");
``--exit-code`` makes "a newer tag exists" exit 10 so scripts need not parse the output.
"""

from __future__ import annotations

import argparse

from . import COMMANDS, path

TYPE_CHECKING = False
if TYPE_CHECKING:  # the rest is imported by run(): see commands/__init__.py
    from typing import TextIO

#: exit status for "a newer tag exists" with --exit-code
NEWER = 10


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "check-updates",
        help=COMMANDS["check-updates"],
        description="Compare the recipe's tag with the tags of a local clone (run `git fetch --tags` first).",
    )
    p.add_argument("repo", type=path, metavar="REPO", help="a local git clone of the upstream repository")
    p.add_argument("--recipe", type=path, required=True, metavar="FILE", help="the family's recipe TOML")
    p.add_argument("--pre", action="store_true", help="consider pre-releases too")
    p.add_argument("--exit-code", action="store_true", help=f"exit {NEWER} when a newer tag exists")
    return p


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ..errors import SourceError, UserError
    from ..nixpkgs.tags import newer_tags
    from ..recipe import load as load_recipe
    from ..upstream import git

    recipe = load_recipe(args.recipe)
    if not recipe.tag:
        raise UserError("the recipe has no family tag to compare with (per-package tag-format recipes are not supported)", path=args.recipe)
    if not git.is_git_checkout(args.repo):
        raise SourceError("not a git clone", path=args.repo)
    found = newer_tags(git.tags(args.repo), recipe.tag, pre=args.pre)
    if not found:
        stdout.write(f"up to date: {recipe.tag} is the newest {'' if args.pre else 'release '}tag\n")
        return 0
    version, tag = found[-1]
    stdout.write(f"{tag}\n")
    others = len(found) - 1
    more = f" ({others} other newer tag{'s' if others != 1 else ''})" if others else ""
    print(f"nixpkgs-contrib: {recipe.name}: {recipe.tag} -> {tag}{more}", file=stderr)
    return NEWER if args.exit_code else 0
