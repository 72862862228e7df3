"""What to do next, after ``emit``: which packages, where their files go in nixpkgs, what still
needs a person, and the next commands with the paths filled in.

The facts are gathered into a :class:`Summary` (pure: plans, warnings and the file texts in,
a value out; our own lint runs on the texts just written), rendered from ``summary.md.j2`` on
stderr and as ``README.md`` in the output folder, and given whole by ``--json``.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Optional

import attrs

from . import check
from .matrix import DEFAULT_PYTHONS, python_key
from .model import GitHubSource, PypiSource
from .nixpkgs.compat import Reconciled
from .outfolder import MODULES_DIR, SUMMARY, Folder
from .plan import FAKE_HASH, Plan
from .render import environment

PYTHON_PACKAGES = "pkgs/top-level/python-packages.nix"


@attrs.frozen
class Command:
    argv: tuple[str, ...]
    #: what it does, one short phrase
    why: str

    @property
    def line(self) -> str:
        return " ".join(shlex.quote(a) for a in self.argv)


@attrs.frozen
class Summary:
    #: the output folder, as the user wrote it
    out: str
    #: (attr, version) of the packages this emit wrote, in dependency order
    emitted: tuple[tuple[str, str], ...]
    #: (attr, version) of the other packages the folder holds
    others: tuple[tuple[str, str], ...]
    replaced: tuple[str, ...]
    #: packages the manifest listed whose file was deleted: no longer in the shared files
    dropped: tuple[str, ...]
    #: one line each: what a person must still do or decide
    needs: tuple[str, ...]
    #: ``check`` findings on the files just written
    lint: tuple[str, ...]
    #: interpreters the files were planned for, and whether that came from a nixpkgs checkout
    pythons: tuple[str, ...]
    target_note: Optional[str]
    next: tuple[Command, ...]

    def to_json(self) -> dict:
        return {
            "out": self.out,
            "emitted": [{"attr": a, "version": v} for a, v in self.emitted],
            "folder": [{"attr": a, "version": v} for a, v in (*self.others, *self.emitted)],
            "replaced": list(self.replaced),
            "dropped": list(self.dropped),
            "where": {
                "package-files": f"{MODULES_DIR}/<attr>/default.nix, at the same path in nixpkgs",
                "registration": f"the lines of python-packages.nix, into the keep-sorted block of {PYTHON_PACKAGES}",
                "local-only": ["overlay.nix", "flake.nix", SUMMARY],
            },
            "needs-attention": list(self.needs),
            "lint": list(self.lint),
            "pythons": list(self.pythons),
            "target-note": self.target_note,
            "next": [{"command": c.line, "why": c.why} for c in self.next],
        }


def summarize(
    *,
    out: str,
    plans: Sequence[Plan],
    files: Mapping[str, str],
    warnings: Sequence[str],
    folder: Folder,
    replaced: Sequence[str] = (),
    dropped: Sequence[str] = (),
    pythons: Sequence[str],
    default_target: bool,
    reconciled: Optional[Reconciled] = None,
    nixpkgs: Optional[str] = None,
) -> Summary:
    """Gather the facts.  *files* are the texts just written (relative paths), linted here with
    the interpreters they were planned for; *default_target* says no target was chosen."""
    emitted = tuple((p.package.attr, p.package.version) for p in plans)
    just = {a for a, _ in emitted}
    others = tuple((p.attr, p.version) for p in folder.packages if p.attr not in just)
    return Summary(
        out=out,
        emitted=emitted,
        others=others,
        replaced=tuple(replaced),
        dropped=tuple(dropped),
        needs=tuple(_needs(plans, warnings, reconciled)),
        lint=tuple(_lint(out, files, tuple(pythons))),
        pythons=tuple(pythons),
        target_note=_target_note(pythons) if default_target and nixpkgs is None else None,
        next=tuple(_next(out, folder, pythons, nixpkgs)),
    )


def _needs(plans: Sequence[Plan], warnings: Sequence[str], reconciled: Optional[Reconciled]) -> list[str]:
    out: list[str] = []
    for plan in plans:
        pkg = plan.package
        if not pkg.meta.maintainers and not pkg.meta_base:
            out.append(
                f"{pkg.attr}: no maintainer (`maintainers = [ ];`); a new nixpkgs package needs one: "
                "pass --maintainer HANDLE (your entry in maintainers/maintainer-list.nix)"
            )
        src = pkg.src
        if isinstance(src, (GitHubSource, PypiSource)) and src.hash == FAKE_HASH:
            out.append(f"{pkg.attr}: placeholder hash (--fake-hash); the first build fails and prints the real one")
        if pkg.no_check_reason is not None:
            out.append(f"{pkg.attr}: tests do not run (`doCheck = false;`): {pkg.no_check_reason}")
    if reconciled is not None:
        for missing in reconciled.missing:
            out.append(f"{missing.attr} is not in the nixpkgs checkout (needed by {', '.join(missing.needed_by)}): package it first")
        for relaxation in reconciled.relaxations:
            out.append(f"{relaxation.package}: pythonRelaxDeps {relaxation.reason}; check it works")
    placeholders = any("placeholder hash" in line for line in out)
    # the pipeline's own placeholder warning is said above, per package
    out += [w.removeprefix("warning: ") for w in warnings if not (placeholders and "placeholder hash" in w)]
    return out


#: what the summary says itself, per package, in "Still needs a person": not repeated as lint
_SAID = frozenset({check.PLACEHOLDER_HASH.id, check.MAINTAINERS.id})


def _lint(out: str, files: Mapping[str, str], pythons: tuple[str, ...]) -> list[str]:
    findings: list[check.Finding] = []
    for rel in sorted(files):
        if rel.endswith(".nix") and (rel.startswith(MODULES_DIR + "/") or rel == "python-packages.nix"):
            found = check.lint_file(PurePosixPath(out, rel), files[rel], pythons=pythons)  # type: ignore[arg-type]
            findings += (f for f in found if f.level >= check.DEFAULT_SEVERITY and f.rule not in _SAID)
    return [str(f) for f in sorted(findings)]


def _target_note(pythons: Sequence[str]) -> str:
    span = f"{pythons[0]}–{pythons[-1]}" if len(pythons) > 1 else pythons[0]
    return (
        f"the files are planned for CPython {span} (the default target), wider than nixpkgs master may ship: "
        "conditions and `disabled` for interpreters it no longer has are dead there. "
        "`pr --nixpkgs` (and `emit --nixpkgs`) plans for the checkout's own interpreters and drops them"
    )


def _python_spec(pythons: Sequence[str]) -> Optional[str]:
    """``--python`` for ``check`` when the target is not its default."""
    if tuple(pythons) == tuple(DEFAULT_PYTHONS):
        return None
    ordered = sorted(pythons, key=python_key)
    minors = [python_key(p)[1] for p in ordered]
    if minors == list(range(minors[0], minors[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}-{ordered[-1]}"
    return ",".join(ordered)


def _next(out: str, folder: Folder, pythons: Sequence[str], nixpkgs: Optional[str]) -> list[Command]:
    spec = _python_spec(pythons)
    commands = [
        Command(
            ("nixpkgs-contrib", "check", f"{out.rstrip('/')}/pkgs", *(("--python", spec) if spec else ())),
            "lint the package files (nixpkgs conventions, nixfmt layout)",
        ),
        Command(("nix", "flake", "check", f"path:{out}"), "build every package for every interpreter (needs Nix and network)"),
    ]
    seen: set[tuple[str, ...]] = set()
    for package in folder.packages:
        argv = package.pr_argv
        if not argv or argv in seen:
            continue
        seen.add(argv)
        where = nixpkgs or "PATH/TO/nixpkgs"
        commands.append(
            Command(
                ("nixpkgs-contrib", "pr", *argv, "--nixpkgs", where, "--dry-run"),
                f"preview the nixpkgs branch of {package.family} (drop --dry-run to create it)",
            )
        )
    return commands


def render(summary: Summary, *, readme: bool = False) -> str:
    """The summary as Markdown: on stderr, and (*readme*) as the folder's README.md."""
    return environment().get_template("summary.md.j2").render(s=summary, readme=readme, summary_file=SUMMARY)


__all__ = ["Command", "Summary", "render", "summarize"]
