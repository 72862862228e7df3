"""``emit``: read a project and write its python-modules expression and registration line."""

from __future__ import annotations

import argparse
from collections import namedtuple

from . import COMMANDS, path

TYPE_CHECKING = False
if TYPE_CHECKING:  # the pipeline is imported by the functions that run it: `emit --help` needs none of it
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Optional, TextIO

    from .. import outfolder
    from ..flake import FlakeSpec
    from ..nixpkgs.compat import Reconciled
    from ..nixpkgs.index import NixpkgsIndex
    from ..pipeline import Emitted
    from ..plan import Options, Plan
    from ..recipe import Recipe
    from ..remote import Fetched, Remote

DEFAULT_OUT = "nixpkgs-contrib-out"
#: the forms SOURCE takes, as ``remote.SOURCE_FORMS`` words them in its errors (a test keeps the
#: two equal; remote loads attrs and packaging, which ``emit --help`` should not pay for)
SOURCE_FORMS = "a directory, git checkout or sdist file, pypi:NAME[==VERSION], or https://github.com/OWNER/REPO[/tree/TAG]"


def parse_source(text: str) -> Path | Remote:
    """argparse ``type=`` for SOURCE: :func:`nixpkgs_contrib.remote.parse_source`, imported when a
    SOURCE is given (argparse names this function in its messages, hence the same name)."""
    from ..remote import parse_source

    return parse_source(text)


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "emit",
        help=COMMANDS["emit"],
        description="Read a project directory, git checkout or sdist and write its nixpkgs expression.",
    )
    add_emit_options(p)
    add_output_options(p)
    add_nixpkgs_options(p)
    p.add_argument("--json", action="store_true", help="print a JSON summary of what was written")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary: only what was inferred or downloaded, warnings and errors")
    p.add_argument("--flox", action="store_true", help="also write a Flox environment (.flox/)")
    return p


def add_emit_options(p: argparse.ArgumentParser) -> None:
    """SOURCE and the options that decide what is emitted, shared by ``emit``, ``pr`` and ``update``."""
    p.add_argument("source", type=parse_source, metavar="SOURCE", help=SOURCE_FORMS)
    p.add_argument("--github", metavar="OWNER/REPO", help="fetch the source with fetchFromGitHub from this repository")
    p.add_argument("--tag", metavar="TAG", help="the release tag (checked against the version)")
    p.add_argument("--hash", metavar="SRI", help="the source's SRI hash (default: computed offline from a checkout that has the tag)")
    p.add_argument(
        "--prefetch",
        action="store_true",
        help="without --hash and a local tag: run nix-prefetch-github (network); for an sdist without tests, "
        "switch to the GitHub repository its metadata names",
    )
    p.add_argument("--fake-hash", action="store_true", help="write a placeholder hash (the first build prints the real one)")
    p.add_argument("--cargo-hash", metavar="SRI", help="hash of the vendored Rust crates (cargoDeps; default lib.fakeHash, the first build prints it)")
    p.add_argument("--maintainer", action="append", default=[], metavar="HANDLE", help="a lib.maintainers handle (repeatable)")
    p.add_argument("--license", action="append", default=None, metavar="ATTR", help="lib.licenses attribute, overriding upstream (repeatable)")
    p.add_argument("--description", metavar="TEXT", help="meta.description, overriding upstream's summary")
    p.add_argument("--attr", metavar="NAME", help="attribute name (default: the PEP 503 name)")
    p.add_argument("--import", dest="imports", action="append", default=[], metavar="MODULE", help="an extra pythonImportsCheck module")
    p.add_argument("--no-check", metavar="REASON", help="write doCheck = false with this reason")
    targets = p.add_mutually_exclusive_group()
    targets.add_argument(
        "--python",
        metavar="SPEC",
        help=(
            "interpreters: a range 3.11-3.14 or a list 3.11,3.13 (default: every final CPython "
            "some nixpkgs release ships, per the release table data/nixpkgs-pythons.tsv)"
        ),
    )
    targets.add_argument("--target", metavar="RELEASE", help="interpreters of a nixpkgs release (nixos-24.11, unstable, …)")
    p.add_argument("--explain", action="store_true", help="print why each conditional dependency got its Nix condition")
    family = p.add_argument_group("monorepos")
    family.add_argument("--package", action="append", default=[], metavar="SUBDIR", help="emit the project in SUBDIR of SOURCE (repeatable)")
    family.add_argument("--all", action="store_true", help="emit every Python project below SOURCE")
    family.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip matching subdirectories with --all")
    family.add_argument("--recipe", type=path, metavar="FILE", help="a recipe TOML describing the family")
    family.add_argument("--family", metavar="NAME", help="family name (default: the repository name)")
    family.add_argument("--tag-format", metavar="FORMAT", help="per-package tags, e.g. '{name}=={version}'")
    family.add_argument(
        "--sharing",
        choices=("auto", "inherit", "independent"),
        default="auto",
        help="how siblings share the source: inherit from a root package (auto) or each fetch its own",
    )


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=path, default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default ./{DEFAULT_OUT})")
    p.add_argument("--force", action="store_true", help="overwrite existing files")


def add_nixpkgs_options(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    p.add_argument(
        "--nixpkgs",
        type=path,
        required=required,
        metavar="PATH",
        help="a nixpkgs checkout: its interpreters are the target, dependencies must exist, exceeded bounds are relaxed",
    )
    p.add_argument("--allow-missing", action="store_true", help="with --nixpkgs: write dependencies the checkout lacks")


def options_from_args(args: argparse.Namespace, recipe: Optional[Recipe] = None) -> Options:
    from .. import matrix
    from ..errors import UserError
    from ..plan import Options

    if recipe is not None:
        args.github = args.github or recipe.github
        args.tag = args.tag or recipe.tag
        args.hash = args.hash or recipe.hash
        if not args.python and not args.target:
            args.python, args.target = recipe.python, recipe.target
        args.maintainer = args.maintainer or list(recipe.maintainers)
        args.tag_format = args.tag_format or recipe.tag_format
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
        prefetch=args.prefetch,
        fake_hash=args.fake_hash,
        cargo_hash=args.cargo_hash,
    )


_RESULT_FIELDS = ("emitted", "options", "family", "programs", "recipe", "reconciled", "notes", "source", "fetched")


class Result(namedtuple("Result", _RESULT_FIELDS, defaults=(None, None, (), None, None))):
    """What :func:`emit_from_args` produced, in dependency order.

    An immutable named tuple rather than an attrs class, so that ``emit --help`` (which imports this
    module) does not load attrs.  Fields: ``emitted`` (:class:`~nixpkgs_contrib.pipeline.Emitted`),
    ``options`` (:class:`~nixpkgs_contrib.plan.Options`), ``family`` (its name), ``programs``,
    ``recipe``, ``reconciled`` (the checkout's verdict, with ``--nixpkgs``), ``notes`` (what was
    inferred or downloaded, one line each), ``source`` (the local path that was read: a download's
    place in the cache for a remote SOURCE) and ``fetched``.
    """

    __slots__ = ()

    if TYPE_CHECKING:
        emitted: Emitted
        options: Options
        family: str
        programs: tuple[str, ...]
        recipe: Optional[Recipe]
        reconciled: Optional[Reconciled]
        notes: tuple[str, ...]
        source: Optional[Path]
        fetched: Optional[Fetched]


def emit_from_args(
    args: argparse.Namespace,
    index: Optional[NixpkgsIndex] = None,
    *,
    recipe: Optional[Recipe] = None,
    check: bool = True,
) -> Result:
    """Read and plan what the emit options describe (*recipe* overrides ``--recipe``'s file).

    With *index*, the checkout's interpreters are the target and, when *check*, the plans are
    reconciled with it (:func:`~nixpkgs_contrib.nixpkgs.compat.reconcile`)."""
    import attrs

    from ..errors import UserError
    from ..nixpkgs import compat, maintainers
    from ..pipeline import PYTHON_MODULES, emit_family, emit_single
    from ..recipe import load as load_recipe
    from ..render.package import render_package

    if index is not None and (args.python or args.target):
        raise UserError("--nixpkgs decides the interpreters (those the checkout ships); drop --python/--target")
    if recipe is None and args.recipe:
        recipe = load_recipe(args.recipe)
    options = options_from_args(args, recipe)
    if index is not None:
        options = compat.options_for(options, index)
        wanted = [*options.maintainers, *(m for p in (recipe.packages if recipe else ()) for m in p.maintainers)]
        note = maintainers.check(wanted, index.root)
        notes = [note] if note else []
    else:
        notes = []
    is_family = bool(args.package or args.all or recipe or args.tag_format)
    source, options, fetched, found = resolve_source(args.source, options, family=is_family)
    notes += found
    if is_family:
        emitted, fplan = emit_family(
            source,
            options,
            name=args.family,
            subdirs=args.package,
            discover_all=args.all,
            exclude=args.exclude,
            recipe=recipe,
            tag_format=args.tag_format,
            sharing=args.sharing,
        )
        family_name, programs = fplan.family.name, fplan.programs
    else:
        if args.exclude:
            raise UserError("--exclude only applies with --all")
        emitted = emit_single(source, options)
        package = emitted.plans[0].package
        family_name = package.attr
        programs = tuple(e.name for e in package.project.metadata.entry_points) if package.project else ()
    reconciled = None
    if index is None:
        unchecked = tuple(w for w in (compat.unchecked_extras(p.package) for p in emitted.plans) if w is not None)
        emitted = attrs.evolve(emitted, warnings=emitted.warnings + unchecked)
    if index is not None and check:
        reconciled = compat.reconcile(emitted.plans, index, allow_missing=args.allow_missing)
        files = dict(emitted.files)
        for plan in reconciled.plans:
            files[f"{PYTHON_MODULES}/{plan.package.attr}/default.nix"] = render_package(plan.package)
        emitted = attrs.evolve(
            emitted, files=files, plans=reconciled.plans, warnings=emitted.warnings + reconciled.warnings
        )
    return Result(emitted, options, family_name, tuple(programs), recipe, reconciled, tuple(notes), source, fetched)


def resolve_source(
    given: Path | Remote, options: Options, *, family: bool
) -> tuple[Path, Options, Optional[Fetched], tuple[str, ...]]:
    """SOURCE as a local path to read, with what it tells filled into *options*: a remote source
    is downloaded (``--github``/``--tag``/``--hash`` of a GitHub URL), a git checkout gives its
    GitHub remote and, for one package, the tag of its version.  Explicit options always win."""
    import attrs

    from .. import inference, remote
    from ..errors import SourceError, UserError
    from ..remote import GitHubRef, PypiRef

    if isinstance(given, (PypiRef, GitHubRef)):
        fetched = remote.fetch(given, tag=options.tag)
        if fetched.github is not None:
            if options.github and options.github != fetched.github:
                raise UserError(f"--github {'/'.join(options.github)} disagrees with SOURCE {given}")
            if options.hash and options.hash != fetched.hash:
                raise SourceError(
                    f"the archive of tag {fetched.tag!r} hashes to {fetched.hash}, not --hash {options.hash}", path=str(fetched.remote)
                )
            options = attrs.evolve(options, github=fetched.github, tag=fetched.tag, hash=fetched.hash)
        return fetched.path, options, fetched, fetched.notes
    inferred = inference.infer(given, options.target, github=options.github, want_tag=not options.tag and not family)
    notes = tuple(f"inferred {note}" for note in inferred.notes)
    return given, attrs.evolve(options, github=inferred.github or options.github, tag=options.tag or inferred.tag), None, notes


def output_files(result: Result, *, flox: bool = False) -> tuple[dict[str, str], FlakeSpec]:
    """The emitted files plus the flake (and Flox) files that let users try them, for this emit's
    packages alone (``update``; ``emit`` adds to the output folder with :func:`folder_files`)."""
    from ..flake import folder_spec, render_flake_files

    spec = folder_spec(folder_of(result, (), flox=flox))
    files = dict(result.emitted.files)
    files.update(render_flake_files(spec, flox=flox))
    return files, spec


def unmaintained_packages(plans: Sequence[Plan]) -> tuple[str, ...]:
    """Packages whose file says ``maintainers = [ ]`` (siblings inheriting the root's meta do not)."""
    return tuple(p.package.attr for p in plans if not p.package.meta.maintainers and not p.package.meta_base)


def no_maintainer_message(attrs_: Sequence[str]) -> str:
    return (
        f"no maintainer for {', '.join(attrs_)} (maintainers = [ ]); nixpkgs requires one for a new package: "
        "pass --maintainer HANDLE, your handle in maintainers/maintainer-list.nix"
    )


def report(result: Result, stderr: TextIO) -> None:
    """What was inferred or fetched, warnings, and what the checkout made us change, one line
    each, as they happen (the summary after ``emit`` lists the warnings again, with the rest)."""
    for note in result.notes:
        print(f"nixpkgs-contrib: {note}", file=stderr)
    for warning in result.emitted.warnings:
        print(f"nixpkgs-contrib: {warning}", file=stderr)
    unmaintained = unmaintained_packages(result.emitted.plans)
    if unmaintained:
        print(f"nixpkgs-contrib: warning: {no_maintainer_message(unmaintained)}", file=stderr)
    if result.reconciled is not None:
        for note in result.reconciled.notes:
            print(f"nixpkgs-contrib: note: {note}", file=stderr)
        for relaxation in result.reconciled.relaxations:
            print(f"nixpkgs-contrib: {relaxation.package}: pythonRelaxDeps {relaxation.reason}", file=stderr)


#: emit options forwarded to ``pr`` as the user gave them: (dest, flag, kind)
_PR_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("github", "--github", "value"),
    ("tag", "--tag", "value"),
    ("hash", "--hash", "value"),
    ("prefetch", "--prefetch", "flag"),
    ("fake_hash", "--fake-hash", "flag"),
    ("maintainer", "--maintainer", "list"),
    ("license", "--license", "list"),
    ("description", "--description", "value"),
    ("attr", "--attr", "value"),
    ("imports", "--import", "list"),
    ("no_check", "--no-check", "value"),
    ("recipe", "--recipe", "value"),
    ("family", "--family", "value"),
    ("package", "--package", "list"),
    ("all", "--all", "flag"),
    ("exclude", "--exclude", "list"),
    ("tag_format", "--tag-format", "value"),
    ("allow_missing", "--allow-missing", "flag"),
)


def pr_arguments(given: argparse.Namespace, result: Result) -> tuple[str, ...]:
    """``pr`` arguments that prepare the same packages: SOURCE (pinned, for a download) and the
    emit options as the user gave them (*given*, before a recipe filled them in).  ``--python`` /
    ``--target`` are left out: with ``--nixpkgs`` the checkout decides the interpreters."""
    from ..remote import GitHubRef

    source = str(result.fetched.remote) if result.fetched is not None else str(given.source)
    argv = [source]
    for dest, flag, kind in _PR_OPTIONS:
        value = getattr(given, dest, None)
        if dest == "tag" and isinstance(given.source, GitHubRef):
            continue  # the pinned URL names the tag
        if kind == "flag" and value:
            argv.append(flag)
        elif kind == "list":
            for item in value or ():
                argv += [flag, str(item)]
        elif kind == "value" and value:
            argv += [flag, str(value)]
    if getattr(given, "sharing", "auto") != "auto":
        argv += ["--sharing", given.sharing]
    return tuple(argv)


def folder_of(result: Result, pr_argv: Sequence[str], *, flox: bool) -> outfolder.Folder:
    """This emit's packages as output-folder entries."""
    from .. import conditions, naming, outfolder

    target = result.options.target
    packages = []
    for plan in result.emitted.plans:
        pkg = plan.package
        disabled_on = tuple(
            py for py in target.pythons if any(conditions.evaluate(pkg.disabled, env) for env in target.environments if env.python == py)
        )
        packages.append(
            outfolder.FolderPackage(
                attr=pkg.attr,
                version=pkg.version,
                family=naming.normalize(result.family),
                pythons=target.pythons,
                disabled_on=disabled_on,
                main_program=pkg.meta.main_program,
                pr_argv=tuple(pr_argv),
            )
        )
    return outfolder.Folder(family=naming.normalize(result.family), packages=tuple(packages), flox=flox)


def folder_files(result: Result, out: Path, merged: outfolder.Merged) -> dict[str, str]:
    """The files of this emit plus the folder's shared files, regenerated for every package in it."""
    from .. import outfolder
    from ..flake import folder_spec, render_flake_files
    from ..render.registration import sorted_entries

    files = dict(result.emitted.files)
    files["python-packages.nix"] = sorted_entries(merged.folder.attrs)
    files.update(render_flake_files(folder_spec(merged.folder), flox=merged.folder.flox))
    files[outfolder.MANIFEST] = outfolder.dump(merged.folder)
    return files


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import copy
    import json

    from .. import naming, outfolder
    from ..nixpkgs.index import NixpkgsIndex
    from ..output import write_tree
    from ..render.explain import explain_all
    from ..summary import render as render_summary
    from ..summary import summarize

    given = copy.copy(args)  # emit_from_args fills the namespace in from the recipe
    index = NixpkgsIndex.load(args.nixpkgs) if args.nixpkgs else None
    result = emit_from_args(args, index)
    emitted, options, programs = result.emitted, result.options, result.programs
    old = outfolder.load(args.out)
    merged = outfolder.merge(old, folder_of(result, pr_arguments(given, result), flox=args.flox), out=args.out, force=args.force)
    files = folder_files(result, args.out, merged)
    summary = summarize(
        out=str(args.out),
        plans=emitted.plans,
        files=files,
        warnings=emitted.warnings,
        folder=merged.folder,
        replaced=merged.replaced,
        dropped=merged.dropped,
        pythons=options.target.pythons,
        default_target=not (given.python or given.target or (result.recipe and (result.recipe.python or result.recipe.target))),
        reconciled=result.reconciled,
        nixpkgs=str(args.nixpkgs) if args.nixpkgs else None,
    )
    files[outfolder.SUMMARY] = render_summary(summary, readme=True)
    if args.explain:
        stdout.write(explain_all(emitted.plans, options.target))
    report(result, stderr)
    written = write_tree(files, args.out, force=args.force, replace=old.regenerated() if old else ())
    if args.json:
        facts = {
            "out": str(args.out),
            "family": naming.normalize(result.family),
            "order": [p.package.attr for p in emitted.plans],
            "programs": list(programs),
            "files": sorted(files),
            "written": [str(p) for p in written],
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
            "summary": summary.to_json(),
        }
        json.dump(facts, stdout, indent=2, sort_keys=True)
        stdout.write("\n")
    elif not args.quiet:
        stderr.write("\n" + render_summary(summary))
    return 0
