"""A nixpkgs branch from reconciled plans: one commit per package, the PR description.

The commits are computed first, as values (:class:`Change`): each holds the full new text of the
files it touches, so ``--dry-run`` shows exactly what :func:`apply` would commit.  :func:`apply`
is the only function that changes the checkout, and it either creates the whole branch or leaves
the checkout as it found it.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal, Optional

import attrs

from .. import __version__, conditions
from ..errors import NixpkgsError
from ..matrix import SYSTEMS, Environment
from ..model import NixPackage
from ..render import environment, nix
from ..render.package import render_package
from ..render.registration import registration_entry
from .compat import Reconciled
from .index import PYTHON_MODULES, PYTHON_PACKAGES
from .registration import insert_registration

ASSISTED_BY = f"nixpkgs-contrib {__version__}"
Kind = Literal["init", "update"]


@attrs.frozen
class Commit:
    attr: str
    title: str
    message: str
    #: (path relative to the checkout, full new text), sorted by path
    files: tuple[tuple[str, str], ...]


@attrs.frozen
class Change:
    """The branch to create and its commits, in dependency order."""

    kind: Kind
    branch: str
    title: str
    commits: tuple[Commit, ...]


# -------------------------------------------------------------------------------------------------
# titles and messages


def init_title(attr: str, version: str) -> str:
    return f"python3Packages.{attr}: init at {version}"


def update_title(attr: str, old: Optional[str], new: str) -> str:
    return f"python3Packages.{attr}: {old or 'unknown'} -> {new}"


def pr_title(kind: Kind, packages: Sequence[NixPackage], old: Mapping[str, Optional[str]] = {}) -> str:
    """The commit title for one package; ``python3Packages.{a,b}: …`` (which CI understands) for
    several with one version, else a summary."""
    if len(packages) == 1:
        p = packages[0]
        return init_title(p.attr, p.version) if kind == "init" else update_title(p.attr, old.get(p.attr), p.version)
    names = "python3Packages.{" + ",".join(p.attr for p in packages) + "}"
    versions = sorted({p.version for p in packages})
    olds = sorted({old.get(p.attr) or "unknown" for p in packages})
    if kind == "init":
        return f"{names}: init at {versions[0]}" if len(versions) == 1 else f"{names}: init"
    if len(versions) == 1 and len(olds) == 1:
        return f"{names}: {olds[0]} -> {versions[0]}"
    return f"{names}: update" if len(versions) != 1 else f"{names}: update to {versions[0]}"


def branch_name(family: str, kind: Kind, version: Optional[str] = None) -> str:
    return f"python3Packages.{family}-init" if kind == "init" else f"python3Packages.{family}-{version}"


@attrs.frozen
class PackageChecks:
    """What the tool checked for one package against the checkout, for the PR description."""

    attr: str
    present: tuple[str, ...]
    missing: tuple[str, ...]
    #: the pythonRelaxDeps reasons for this package
    relaxed: tuple[str, ...]
    #: the Nix condition of ``disabled``, or ""
    disabled: str


def checks(package: NixPackage, reconciled: Reconciled) -> PackageChecks:
    """The per-package facts the PR description lists: inputs found, inputs missing, relaxed
    bounds and ``disabled``."""
    return PackageChecks(
        attr=package.attr,
        present=tuple(reconciled.present.get(package.attr, ())),
        missing=tuple(m.attr for m in reconciled.missing if package.attr in m.needed_by),
        relaxed=tuple(r.reason for r in reconciled.relaxations if r.package == package.attr),
        disabled="" if package.disabled.is_never else nix.condition(package.disabled),
    )


def commit_message(title: str, body: str = "") -> str:
    """The nixpkgs commit form: the title, a blank line, an optional body (an update's compare
    and changelog links, as nix-update writes them), the ``Assisted-by`` trailer.  What was
    checked goes into the PR description, where reviewers read it, not into every commit."""
    return environment().get_template("commit-message.txt.j2").render(title=title, body=body, assisted_by=ASSISTED_BY)


def module_path(attr: str) -> str:
    return f"{PYTHON_MODULES}/{attr}/default.nix"


# -------------------------------------------------------------------------------------------------
# the commits


def init_change(reconciled: Reconciled, python_packages: str, *, family: str, branch: Optional[str] = None) -> Change:
    """One ``init at`` commit per package, each adding its file and its registration line."""
    text = python_packages
    commits = []
    for plan in reconciled.plans:
        pkg = plan.package
        text = insert_registration(text, pkg.attr, registration_entry(pkg.attr), path=PYTHON_PACKAGES)
        title = init_title(pkg.attr, pkg.version)
        files = ((module_path(pkg.attr), render_package(pkg)), (PYTHON_PACKAGES, text))
        commits.append(Commit(pkg.attr, title, commit_message(title), tuple(sorted(files))))
    packages = [p.package for p in reconciled.plans]
    return Change("init", branch or branch_name(family, "init"), pr_title("init", packages), tuple(commits))


def render_diff(change: Change, current: Callable[[str], Optional[str]]) -> str:
    """A unified diff per commit, each against the state the commits before it leave."""
    state: dict[str, Optional[str]] = {}
    out: list[str] = []
    for number, commit in enumerate(change.commits, 1):
        out.append(f"# commit {number}/{len(change.commits)}: {commit.title}\n")
        for path, new in commit.files:
            old = state[path] if path in state else current(path)
            out += difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile="/dev/null" if old is None else f"a/{path}",
                tofile=f"b/{path}",
            )
            state[path] = new
    return "".join(out)


@attrs.frozen
class PackageRow:
    attr: str
    version: str
    description: str
    #: the Nix condition of ``disabled``, or ""
    disabled: str


def pr_body(
    change: Change,
    reconciled: Reconciled,
    *,
    family: str,
    source: str,
    tag: Optional[str],
    programs: Sequence[str] = (),
    changelog: Optional[str] = None,
) -> str:
    """The PR description, following the nixpkgs template, with the automation disclosure."""
    rows = [
        PackageRow(
            p.package.attr,
            p.package.version,
            p.package.meta.description.replace("|", "\\|"),
            "" if p.package.disabled.is_never else nix.condition(p.package.disabled),
        )
        for p in reconciled.plans
    ]
    committed = {c.attr for c in change.commits}
    checked = [checks(p.package, reconciled) for p in reconciled.plans if p.package.attr in committed]
    sets = ["python3"] + [f"python{py.replace('.', '')}" for py in reconciled.pythons]
    builds = []
    for name, py in zip(sets, [None, *reconciled.pythons]):
        enabled = [p.package.attr for p in reconciled.plans if py is None or not _disabled_on(p.package, py)]
        if enabled:
            builds.append([f"-A {name}Packages.{attr}" for attr in enabled])
    return environment().get_template("pr-body.md.j2").render(
        kind=change.kind,
        title=change.title,
        family=family,
        source=source,
        tag=tag,
        packages=rows,
        changelog=changelog,
        commit=(reconciled.commit or "unknown")[:12],
        missing=reconciled.missing,
        relaxations=reconciled.relaxations,
        checks=checked,
        pythons=sets[1:],
        builds=builds,
        programs=list(programs),
        assisted_by=ASSISTED_BY,
    )


def _disabled_on(package: NixPackage, python: str) -> bool:
    """Is *package* disabled on *python* for every system (``nix-build`` would refuse it)?"""
    return all(conditions.evaluate(package.disabled, Environment(python, system)) for system in SYSTEMS)


# -------------------------------------------------------------------------------------------------
# git: the only part that touches the checkout


def git(root: Path, *args: str, input: Optional[str] = None) -> str:
    """Run git in *root* with the user's own identity and configuration."""
    env = dict(os.environ, LC_ALL="C")
    done = subprocess.run(
        ["git", "-C", str(root), *args], input=input, capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split()) or f"exit status {done.returncode}"
        raise NixpkgsError(f"git {args[0]} failed: {detail}", path=root)
    return done.stdout.strip()


def current_ref(root: Path) -> str:
    """The branch checked out (or the commit, when HEAD is detached), to come back to."""
    try:
        return git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    except NixpkgsError:
        return git(root, "rev-parse", "HEAD")


def branch_exists(root: Path, branch: str) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    except NixpkgsError:
        return False
    return True


def check_branch(root: Path, branch: str) -> None:
    try:
        git(root, "check-ref-format", "--branch", branch)
    except NixpkgsError:
        raise NixpkgsError(f"{branch!r} is not a valid branch name", path=root) from None
    if branch_exists(root, branch):
        raise NixpkgsError(f"branch {branch!r} already exists; delete it or pass --branch NAME", path=root)


def apply(root: Path, change: Change) -> tuple[str, ...]:
    """Create ``change.branch`` from HEAD and make its commits; returns their hashes.

    On any failure (a commit hook, a full disk, Ctrl-C) the branch is deleted, files it added are
    removed and the original branch is checked out again, so nothing half-made is left behind.
    """
    check_branch(root, change.branch)
    original = current_ref(root)
    git(root, "checkout", "-q", "-b", change.branch)
    written: list[str] = []
    try:
        hashes = []
        for commit in change.commits:
            for rel, text in commit.files:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
                written.append(rel)
            git(root, "add", "--", *(rel for rel, _ in commit.files))
            git(root, "commit", "-q", "-F", "-", input=commit.message)
            hashes.append(git(root, "rev-parse", "HEAD"))
        return tuple(hashes)
    except BaseException:
        _rollback(root, original, change.branch, written)
        raise


def _rollback(root: Path, original: str, branch: str, written: Sequence[str]) -> None:
    git(root, "reset", "-q", "--hard")
    git(root, "checkout", "-q", original)
    git(root, "branch", "-q", "-D", branch)
    for rel in dict.fromkeys(written):
        if git(root, "ls-files", "--", rel):
            continue  # tracked on the original branch: restored by the checkout
        path = root / rel
        if path.exists():
            path.unlink()
        parent = path.parent
        while parent != root and parent.exists() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


__all__ = [
    "ASSISTED_BY",
    "Change",
    "Commit",
    "apply",
    "branch_name",
    "checks",
    "commit_message",
    "PackageChecks",
    "current_ref",
    "git",
    "init_change",
    "init_title",
    "pr_body",
    "pr_title",
    "render_diff",
    "update_title",
]
