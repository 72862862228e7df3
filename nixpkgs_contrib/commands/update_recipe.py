"""``update SOURCE --recipe FILE --tag NEWTAG``: a recipe's family at a new tag.

Without ``--nixpkgs`` the family is emitted afresh into ``--out`` (a folder of our own).  With
``--nixpkgs`` the files the checkout has are *merged*, never re-rendered: the family's plan at the
recipe's tag is the base, its plan at the new tag is ours, the checkout's file is theirs (see
:mod:`nixpkgs_contrib.nixpkgs.merge`), and each changed file becomes one ``OLD -> NEW`` commit on
a new branch.  A maintainer's hand edits in those files survive the update.
"""

from __future__ import annotations

import argparse
import copy
from typing import Optional, TextIO

import attrs

from .. import naming
from ..errors import NixpkgsError, UserError
from ..model import GitHubSource, NixPackage, PypiSource
from ..nixpkgs import compat, pr
from ..nixpkgs import update as up
from ..nixpkgs.declared import declare
from ..nixpkgs.index import NixpkgsIndex
from ..nixpkgs.pyfile import read_text
from ..output import write_tree
from ..recipe import Recipe
from ..recipe import load as load_recipe
from ..remote import parse_source
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


def emit_namespace(args: argparse.Namespace) -> argparse.Namespace:
    """The emit options the recipe form takes, with emit's defaults for everything else."""
    if len(args.names) != 1:
        raise UserError("with --recipe, give one SOURCE (the family's checkout or directory), not attributes")
    try:
        parse_source(args.names[0])
    except argparse.ArgumentTypeError as exc:
        raise UserError(str(exc)) from None
    for flag, given in (
        ("--version", args.version),
        ("--sdists", args.sdists),
        ("--source", args.source),
        ("--commit", args.commit),
        ("--json", args.json),
    ):
        if given:
            raise UserError(f"{flag} is for updating attributes; with --recipe the new release is --tag NEWTAG")
    parser = argparse.ArgumentParser(add_help=False)
    add_emit_options(parser)
    add_output_options(parser)
    add_nixpkgs_options(parser)
    argv = [args.names[0], "--recipe", str(args.recipe)]
    for flag, value in (("--tag", args.tag), ("--hash", args.hash), ("--out", args.out), ("--nixpkgs", args.nixpkgs)):
        if value is not None:
            argv += [flag, str(value)]
    argv += ["--force"] if args.force else []
    argv += ["--allow-missing"] if args.allow_missing else []
    ns = parser.parse_args(argv)
    ns.branch, ns.dry_run = args.branch, args.dry_run
    return ns


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


def _digest(pkg: NixPackage) -> Optional[str]:
    return pkg.src.hash if isinstance(pkg.src, (GitHubSource, PypiSource)) else None


def run_recipe(given: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    args = emit_namespace(given)
    if not args.tag:
        raise UserError("update --recipe needs --tag NEWTAG")
    if not hasattr(args.source, "is_dir"):
        raise UserError(f"update reads SOURCE from a git checkout or a directory, not {args.source}")
    recipe = load_recipe(args.recipe)
    if recipe.tag_format and not recipe.tag:
        raise UserError(
            "update follows the family tag; a recipe with per-package tags (tag-format) has none", path=args.recipe
        )
    index = NixpkgsIndex.load(args.nixpkgs) if args.nixpkgs else None
    if index is not None and index.dirty and not args.dry_run:
        raise NixpkgsError(
            "the checkout has uncommitted changes (or is not a git repository); commit or stash them first",
            path=index.root,
        )
    pristine = copy.copy(args)
    result = emit_from_args(args, index, recipe=new_recipe(recipe, args.tag))
    new = [p.package for p in result.emitted.plans]
    old_result = _old_result(pristine, recipe, index)
    old = {p.package.attr: p.package for p in old_result.emitted.plans} if old_result else {}
    report(result, stderr)
    if old_result is None:
        print(
            f"nixpkgs-contrib: note: {args.source} has no tag {recipe.tag!r}; dependency changes not compared",
            file=stderr,
        )
    root_src = next((p.src for p in new if isinstance(p.src, GitHubSource)), None)
    if root_src is not None:
        print(f"nixpkgs-contrib: recipe: tag = {root_src.tag!r}, hash = {root_src.hash!r}", file=stderr)
    if index is None:
        target = result.options.target
        family = frozenset(p.attr for p in new)
        for pkg in new:
            before = declare(old[pkg.attr], target, family=family) if pkg.attr in old else None
            stdout.write(f"{pkg.attr}: {old[pkg.attr].version if pkg.attr in old else 'new'} -> {pkg.version}\n")
            if before is None:
                continue
            from ..nixpkgs.merge import upstream_moves

            moves = upstream_moves(before, declare(pkg, target, family=family), target)
            stdout.write("".join(f"  {m.line()}\n" for m in moves) or "  dependencies unchanged\n")
        files, _ = output_files(result)
        if args.dry_run:
            return 0
        for path in write_tree(files, args.out, force=args.force):
            print(f"wrote {path}", file=stderr)
        return 0
    return _merge_into_checkout(args, result, new, old, index, stdout, stderr)


def _merge_into_checkout(
    args: argparse.Namespace,
    result: Result,
    new: list[NixPackage],
    old: dict[str, NixPackage],
    index: NixpkgsIndex,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    missing = [p.attr for p in new if index.info(p.attr) is None or index.info(p.attr).file is None]  # type: ignore[union-attr]
    if missing:
        raise NixpkgsError(
            f"{', '.join(missing)} not in the checkout; add new packages with `nixpkgs-contrib pr`", path=index.root
        )
    target = compat.target_for(index)
    family = frozenset(p.attr for p in new)
    commits = []
    changed: list[NixPackage] = []
    versions: dict[str, Optional[str]] = {}
    for pkg in new:
        rel = index.info(pkg.attr).file  # type: ignore[union-attr]
        text = (index.root / rel).read_text(encoding="utf-8")
        written, _ = read_text(text, str(index.root / rel), pkg.attr, target)
        member = up.Member(pkg.attr, rel, text, written)
        base = declare(old[pkg.attr], target, index, family) if pkg.attr in old else None
        ours = declare(pkg, target, index, family)
        own_src = written.source.fetcher != "inherited"
        file = up.update_file(
            member,
            base,
            ours,
            target,
            pkg.version,
            _digest(pkg) if own_src else None,
            set_version=written.version is not None,
        )
        versions[pkg.attr] = (
            written.version
            or (index.version(written.version_root) if written.version_root else None)
            or (old[pkg.attr].version if pkg.attr in old else None)
        )
        stdout.write(f"{pkg.attr}: {versions[pkg.attr] or 'unknown'} -> {pkg.version}\n")
        stdout.write("\n".join(up.change_lines(file, target) or ["  dependencies unchanged"]) + "\n")
        if file.changed:
            title = pr.update_title(pkg.attr, versions[pkg.attr], pkg.version)
            commits.append(pr.Commit(pkg.attr, title, pr.commit_message(title), ((rel, file.after),)))
            changed.append(pkg)
    if not commits:
        raise NixpkgsError("nothing to update: every file already says what the new tag gives")
    branch = args.branch or pr.branch_name(naming.normalize(result.family), "update", changed[0].version)
    change = pr.Change("update", branch, pr.pr_title("update", changed, versions), tuple(commits))

    def current(rel: str) -> Optional[str]:
        path = index.root / rel
        return path.read_text(encoding="utf-8") if path.is_file() else None

    if args.dry_run:
        stdout.write(f"\nbranch {change.branch} (dry run: nothing written)\n")
        stdout.write(pr.render_diff(change, current))
        return 0
    assert result.reconciled is not None
    hashes = pr.apply(index.root, change)
    for commit, digest in zip(change.commits, hashes):
        print(f"nixpkgs-contrib: {digest[:12]} {commit.title}", file=stderr)
    body = pr.pr_body(
        change,
        result.reconciled,
        family=result.family,
        source=source_url(result),
        tag=args.tag,
        programs=result.programs,
    )
    stdout.write("\n" + body)
    return 0
