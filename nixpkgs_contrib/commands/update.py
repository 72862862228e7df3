"""``update``: move files nixpkgs already has to a new upstream release.

``update ATTR… --nixpkgs PATH`` finds each attribute's file through python-packages.nix (and the
files that inherit its version and source), reads the old and the new release, and merges
upstream's changes into the files: version, hash, dependency lists, conditions, arguments,
``pythonRelaxDeps``, ``disabled``.  Everything else in the files stays as it is.  The files are
written in place, or committed (``--commit``), or only shown (``--dry-run``).

``update SOURCE --recipe FILE --tag NEWTAG`` is the recipe form: the family is re-emitted at the
new tag into ``--out``, or merged into the files of a ``--nixpkgs`` checkout on a new branch.

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
        "update",
        help=COMMANDS["update"],
        description=(
            "Update python-modules files of a nixpkgs checkout to a new upstream release: the version, "
            "the hash and what upstream changed in its dependencies are merged into each file; what "
            "nixpkgs wrote on top of upstream stays byte for byte.  With --recipe, SOURCE and --tag "
            "NEWTAG update a recipe's family instead."
        ),
    )
    p.add_argument(
        "names",
        nargs="+",
        metavar="ATTR",
        help="python-packages attributes (flask, python3Packages.flask); with --recipe: SOURCE",
    )
    p.add_argument(
        "--nixpkgs", type=path, metavar="PATH", help="the nixpkgs checkout (required, except with --recipe --out)"
    )
    p.add_argument("--version", metavar="V", help="the new version (default: the newest release the source knows)")
    sources = p.add_mutually_exclusive_group()
    sources.add_argument(
        "--sdists", type=path, metavar="DIR", help="a folder of sdists (pip download -d), old and new releases"
    )
    sources.add_argument(
        "--source", type=path, metavar="PATH", help="the new sdist, or a git clone with the old and the new tag"
    )
    p.add_argument("--hash", metavar="SRI", help="the new source's hash, when it cannot be computed from the source")
    p.add_argument("--dry-run", action="store_true", help="print the dependency changes and the diff; write nothing")
    p.add_argument("--commit", action="store_true", help="commit each file as 'python3Packages.ATTR: OLD -> NEW'")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    recipe = p.add_argument_group("recipe families")
    recipe.add_argument("--recipe", type=path, metavar="FILE", help="update the recipe's family: ATTR is then SOURCE")
    recipe.add_argument("--tag", metavar="NEWTAG", help="with --recipe: the new tag")
    recipe.add_argument("--out", type=path, metavar="DIR", help="with --recipe and no --nixpkgs: write the family here")
    recipe.add_argument("--force", action="store_true", help="with --out: overwrite existing files")
    recipe.add_argument("--branch", metavar="NAME", help="with --recipe --nixpkgs: the branch to create")
    recipe.add_argument(
        "--allow-missing", action="store_true", help="with --recipe --nixpkgs: write dependencies the checkout lacks"
    )
    return p


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ..errors import UserError

    try:
        if args.recipe is not None:
            from .update_recipe import run_recipe

            return run_recipe(args, stdout, stderr)
        return _run_attributes(args, stdout, stderr)
    except (UserError, KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # a bug of ours: one line, never a traceback (nothing was written)
        from ..nixpkgs.update import internal_error

        raise UserError(internal_error(exc)) from exc


def _run_attributes(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import json

    from ..errors import NixpkgsError, UserError
    from ..nixpkgs import compat
    from ..nixpkgs import update as up
    from ..nixpkgs.index import NixpkgsIndex
    from ..nixpkgs.releases import Download, open_sources
    from ..nixpkgs.write import commit_updates, write_updates

    for flag, given in (("--tag", args.tag), ("--out", args.out), ("--branch", args.branch)):
        if given:
            raise UserError(f"{flag} is for recipe families (--recipe); give the new version with --version")
    if args.nixpkgs is None:
        raise UserError("update needs --nixpkgs PATH (the checkout whose files are updated)")
    if args.commit and args.dry_run:
        raise UserError("--commit and --dry-run exclude each other")
    index = NixpkgsIndex.load(args.nixpkgs)
    if index.dirty and not args.dry_run:
        raise NixpkgsError(
            "the checkout has uncommitted changes (or is not a git repository); commit or stash them first",
            path=index.root,
        )
    target = compat.target_for(index)
    families = {}
    for name in args.names:
        family = up.resolve(index, up.attribute(name), target)
        families.setdefault(family.root.attr, family)
    if args.hash and len(families) > 1:
        raise UserError("--hash names one source; update one attribute (or one family) at a time with it")
    releases = open_sources(args.source, args.sdists)
    updates = [
        up.plan_update(family, releases, index, target, version=args.version, hash=args.hash)
        for family in families.values()
    ]
    if isinstance(releases, Download):
        for note in releases.notes:
            print(f"nixpkgs-contrib: {note}", file=stderr)
    for u in updates:
        for note in u.notes:
            print(f"nixpkgs-contrib: note: {note}", file=stderr)
    changed = [f for u in updates for f in u.files if f.changed]
    if args.json:
        json.dump(
            {"updates": [up.to_json(u, target) for u in updates], "dry_run": args.dry_run},
            stdout,
            indent=2,
            sort_keys=True,
        )
        stdout.write("\n")
    else:
        for u in updates:
            stdout.write(up.report(u, target))
    if args.dry_run:
        if not args.json:
            stdout.write("".join(up.diff(f) for f in changed))
        return 0
    if not changed:
        print("nixpkgs-contrib: nothing to update", file=stderr)
        return 0
    if args.commit:
        for digest, title in commit_updates(index.root, updates):
            print(f"nixpkgs-contrib: {digest[:12]} {title}", file=stderr)
    else:
        for path in write_updates(index.root, changed):
            print(f"nixpkgs-contrib: updated {path}", file=stderr)
    for u in updates:
        if up.needs_person(u):
            print(
                f"nixpkgs-contrib: warning: {u.root}: some upstream changes need a person (the lines with !)",
                file=stderr,
            )
    return 0
