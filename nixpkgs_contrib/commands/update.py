"""``update``: re-emit a recipe's family at a new tag, show what changed in its dependencies, and
write the new files (to ``--out``, or as ``<old> -> <new>`` commits in a nixpkgs checkout)."""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Optional, TextIO

import attrs

from .. import naming
from ..errors import NixpkgsError, UserError
from ..model import GitHubSource, InheritedSource, NixPackage
from ..nixpkgs import pr
from ..nixpkgs.index import NixpkgsIndex
from ..nixpkgs.update import family_diff, render_diffs
from ..output import write_tree
from ..recipe import Recipe
from ..recipe import load as load_recipe
from ..upstream import git
from .emit import (
    Result,
    add_emit_options,
    add_nixpkgs_options,
    add_output_options,
    emit_from_args,
    output_files,
    report,
)
from .pr import source_url


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "update",
        help="re-emit a recipe's family at a new tag and show the dependency changes",
        description=(
            "Read the family of --recipe at --tag NEWTAG from SOURCE (a git checkout that has the tag, "
            "or a directory at the new version), print each package's dependency changes, then write "
            "the files to --out, or commit them to the --nixpkgs checkout as '<old> -> <new>'."
        ),
    )
    add_emit_options(p)
    add_output_options(p)
    add_nixpkgs_options(p)
    p.add_argument("--branch", metavar="NAME", help="with --nixpkgs: the branch to create (default python3Packages.<family>-<version>)")
    p.add_argument("--dry-run", action="store_true", help="print the changes; write nothing")
    return p


def new_recipe(recipe: Recipe, tag: str) -> Recipe:
    """The recipe at *tag*: hashes belong to the old tag, so they are dropped (and recomputed)."""
    return attrs.evolve(recipe, tag=tag, hash=None, packages=tuple(attrs.evolve(p, hash=None) for p in recipe.packages))


def _old_result(args: argparse.Namespace, recipe: Recipe, index: Optional[NixpkgsIndex]) -> Optional[Result]:
    """The family at the recipe's own tag, when SOURCE is a git checkout that still has it."""
    if not recipe.tag or recipe.tag == args.tag:
        return None
    if not (git.is_git_checkout(args.source) and git.has_ref(args.source, f"refs/tags/{recipe.tag}")):
        return None
    old_args = copy.copy(args)  # emit_from_args fills the namespace in from the recipe
    old_args.tag, old_args.hash = recipe.tag, None
    return emit_from_args(old_args, index, recipe=recipe, check=False)


def _old_version(pkg: NixPackage, index: NixpkgsIndex, old: dict[str, NixPackage]) -> Optional[str]:
    """The version the checkout has: its literal, else (``inherit (root) version``) the root's,
    else what the recipe's tag gave."""
    version = index.version(pkg.attr)
    if version is None and isinstance(pkg.src, InheritedSource) and pkg.src.with_version:
        version = index.version(pkg.src.root)
    if version is None and pkg.attr in old:
        version = old[pkg.attr].version
    return version


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if not args.recipe or not args.tag:
        raise UserError("update needs --recipe FILE and --tag NEWTAG")
    if not isinstance(args.source, Path):
        raise UserError(f"update reads SOURCE from a git checkout or a directory, not {args.source}")
    recipe = load_recipe(args.recipe)
    if recipe.tag_format and not recipe.tag:
        raise UserError("update follows the family tag; a recipe with per-package tags (tag-format) has none", path=args.recipe)
    index = NixpkgsIndex.load(args.nixpkgs) if args.nixpkgs else None
    if index is not None and index.dirty and not args.dry_run:
        raise NixpkgsError("the checkout has uncommitted changes (or is not a git repository); commit or stash them first", path=index.root)
    pristine = copy.copy(args)
    result = emit_from_args(args, index, recipe=new_recipe(recipe, args.tag))
    new = [p.package for p in result.emitted.plans]
    old_result = _old_result(pristine, recipe, index)
    old = {p.package.attr: p.package for p in old_result.emitted.plans} if old_result else {}

    report(result, stderr)
    if index is not None:
        missing = [p.attr for p in new if not index.has(p.attr)]
        if missing:
            raise NixpkgsError(f"{', '.join(missing)} not in the checkout; add new packages with `nixpkgs-contrib pr`", path=index.root)
        old_versions = {p.attr: _old_version(p, index, old) for p in new}
    else:
        old_versions = {attr: p.version for attr, p in old.items()}
    if old_result is None:
        print(f"nixpkgs-contrib: note: {args.source} has no tag {recipe.tag!r}; dependency changes not compared", file=stderr)
    stdout.write(render_diffs(family_diff(list(old.values()), new, old_versions)))
    root_src = next((p.src for p in new if isinstance(p.src, GitHubSource)), None)
    if root_src is not None:
        print(f"nixpkgs-contrib: recipe: tag = {root_src.tag!r}, hash = {root_src.hash!r}", file=stderr)

    if index is None:
        files, _ = output_files(result)
        if args.dry_run:
            return 0
        for path in write_tree(files, args.out, force=args.force):
            print(f"wrote {path}", file=stderr)
        return 0

    assert result.reconciled is not None
    paths = {p.attr: (index.info(p.attr).file or pr.module_path(p.attr)) for p in new}

    def current(rel: str) -> Optional[str]:
        path = index.root / rel
        return path.read_text(encoding="utf-8") if path.is_file() else None

    change = pr.update_change(
        result.reconciled, old_versions, paths, current, family=naming.normalize(result.family), branch=args.branch
    )
    if args.dry_run:
        stdout.write(f"\nbranch {change.branch} (dry run: nothing written)\n")
        stdout.write(pr.render_diff(change, current))
        return 0
    hashes = pr.apply(index.root, change)
    for commit, digest in zip(change.commits, hashes):
        print(f"nixpkgs-contrib: {digest[:12]} {commit.title}", file=stderr)
    body = pr.pr_body(change, result.reconciled, family=result.family, source=source_url(result), tag=args.tag, programs=result.programs)
    stdout.write("\n" + body)
    return 0
