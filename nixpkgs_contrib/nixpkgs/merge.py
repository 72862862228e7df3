"""The three-way merge behind ``update``, and the two-way comparison behind ``audit``.

*base* is upstream at the version the file has, *theirs* the file as nixpkgs has it, *ours*
upstream at the new version.  Only what upstream changed between *base* and *ours* is carried
into the file, and only where the file still says what *base* said: a dependency nixpkgs added by
hand is not in *base* and stays, one it removed is not in the file and is not put back, a
condition it changed no longer matches *base* and is left alone (and reported).  Without *base*
(the old release cannot be had) nothing is removed or moved; those changes are reported.

Everything is compared as cells of the checkout's matrix (where a dependency is present, where
``disabled`` holds), so two spellings of one condition are equal and a dead condition is seen as
dead.  Cells where the package is disabled are left out: there a dependency list says nothing.

Pure: values in, decisions out.  :mod:`.rewrite` turns the decisions into text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Optional

import attrs
from packaging.utils import canonicalize_name

from .. import conditions
from ..conditions import Condition
from ..matrix import Target
from ..model import Dependency
from ..render import nix
from .closure import Available
from .declared import Declared, distribution, live, specifiers
from .pyfile import Cells, Opaque, Written, describe_cells

Action = Literal["add", "remove", "move"]


# --- what upstream changed ------------------------------------------------------------------------


@attrs.frozen
class Move:
    """One upstream change of one dependency between two releases."""

    section: str
    attr: str
    #: "added", "removed", "bound" (specifiers moved), "condition" (markers moved)
    kind: str
    old: str = ""
    new: str = ""

    def line(self) -> str:
        sign = {"added": "+", "removed": "-"}.get(self.kind, "~")
        if self.kind in ("added", "removed"):
            return f"{sign} {self.section}: {self.attr}{self.new or self.old}"
        if self.kind == "bound":
            return f"~ {self.section}: {self.attr} {self.old or 'any'} -> {self.new or 'any'}"
        return f"~ {self.section}: {self.attr} {self.old} -> {self.new}"


def _describe(dep_specs: Sequence[str], cells: Cells, target: Target, everywhere: frozenset) -> str:
    parts = []
    if dep_specs:
        parts.append(" " + " | ".join(dep_specs))
    if cells != everywhere:
        parts.append(" " + describe_cells(cells, target))
    return "".join(parts)


def upstream_moves(base: Declared, ours: Declared, target: Target) -> tuple[Move, ...]:
    """What changed from *base* to *ours*: dependencies added, removed, re-bounded, re-conditioned
    (over the cells where the new release is built)."""
    where = live(target, ours.disabled, base.disabled)
    out: list[Move] = []
    for section in sorted(set(base.sections) | set(ours.sections), key=_section_key):
        before, after = base.section(section), ours.section(section)
        for attr in sorted(set(before) | set(after)):
            old_cells = base.cells(section, attr, target) & where
            new_cells = ours.cells(section, attr, target) & where
            old_specs = () if attr not in before or before[attr].sibling else specifiers(before[attr])
            new_specs = () if attr not in after or after[attr].sibling else specifiers(after[attr])
            if attr not in before or not old_cells and new_cells:
                out.append(Move(section, attr, "added", new=_describe(new_specs, new_cells, target, where)))
            elif attr not in after or old_cells and not new_cells:
                out.append(Move(section, attr, "removed", old=_describe(old_specs, old_cells, target, where)))
            else:
                if old_specs != new_specs:
                    out.append(Move(section, attr, "bound", " | ".join(old_specs), " | ".join(new_specs)))
                if old_cells != new_cells:
                    out.append(
                        Move(
                            section,
                            attr,
                            "condition",
                            describe_cells(old_cells, target),
                            describe_cells(new_cells, target),
                        )
                    )
    return tuple(out)


def _section_key(section: str) -> tuple[int, str]:
    order = {"build-system": 0, "dependencies": 1}
    return order.get(section, 2), section


# --- decisions ------------------------------------------------------------------------------------


@attrs.frozen
class DepChange:
    """Make the file's *section* hold *attr* under *condition* (add, move) or not at all (remove)."""

    section: str
    attr: str
    action: Action
    condition: Optional[Condition] = None
    #: extras of the dependency upstream asks for (``gql[requests]``): ``++ gql.optional-dependencies.requests``
    extras: tuple[str, ...] = ()


@attrs.frozen
class RelaxChange:
    """Add or remove a ``pythonRelaxDeps`` entry (a distribution name), with the reason."""

    distribution: str
    action: Literal["add", "remove"]
    reason: str


@attrs.frozen
class DisabledChange:
    """Set ``disabled`` to *condition* (NEVER: remove the binding)."""

    condition: Condition


Change = DepChange | RelaxChange | DisabledChange


@attrs.frozen
class Merge:
    """What to change in the file and what to tell the person."""

    changes: tuple[Change, ...]
    #: upstream's changes (for the report), whether applied or not
    moves: tuple[Move, ...]
    #: upstream changes the file's own edits stand in the way of: left for a person
    conflicts: tuple[str, ...]
    #: changes not made because the old release's metadata was not available
    held: tuple[str, ...]
    #: other facts worth a line (pythonRemoveDeps kept a dependency out, …)
    notes: tuple[str, ...]
    #: values the changes would have to edit and the tool cannot read: the update is refused
    refused: tuple[Opaque, ...] = ()

    @property
    def dependency_changes(self) -> tuple[DepChange, ...]:
        return tuple(c for c in self.changes if isinstance(c, DepChange))


def merge(base: Optional[Declared], theirs: Written, ours: Declared, target: Target) -> Merge:
    """The changes that carry upstream's move from *base* to *ours* into *theirs*."""
    where = live(target, ours.disabled, base.disabled if base else None, theirs.disabled)
    changes: list[Change] = []
    conflicts: list[str] = []
    held: list[str] = []
    notes: list[str] = []
    skipped: set[str] = set()
    sections = set(ours.sections) | (set(base.sections) if base else set())
    for section in sorted(sections, key=_section_key):
        written = theirs.sections.get(section)
        after = ours.section(section)
        before = base.section(section) if base else {}
        if section.startswith("optional-dependencies.") and (written is None or written.binding is None):
            if not theirs.extras_line and after and not before:
                # the file lists no extras at all: its maintainer left them out, and a new one stays out
                notes.append(f"{section}: upstream adds the extra; the file lists no extras, so it is not added")
            if theirs.extras_line and before or not theirs.extras_line:
                skipped.add(section)  # an extra the file's maintainer left out: nothing to carry
                continue
        # without a base, what the file lists is compared too: its would-be removals are reported
        listed = written.attrs if written is not None and base is None else frozenset()
        for attr in sorted(set(after) | set(before) | listed):
            new = ours.cells(section, attr, target) & where
            old = base.cells(section, attr, target) & where if base else None
            mine = written.cells(attr) if written is not None else frozenset()
            elsewhere = section == "build-system" and attr in theirs.inputs  # nativeBuildInputs, a hook
            if elsewhere and mine is not None:
                mine = frozenset(target.environments)
            mine = mine & where if mine is not None else None
            label = f"{section}: {attr}"
            if old is not None and old == new:
                continue  # upstream did not change it: whatever the file says stays
            if mine == new:
                continue  # the file already says what the new release says
            if mine is None:
                conflicts.append(
                    f"{label}: upstream has it {describe_cells(new, target)}, the file's condition cannot be read; left as it is"
                )
                continue
            dep = after.get(attr)
            if new and dep is not None and theirs.remove.covers(distribution(dep)):
                notes.append(f"{label}: upstream requires it, pythonRemoveDeps keeps it out")
                continue
            if old is None:  # no base: only what the file lacks entirely is added
                if not mine:
                    listed = written is not None and attr in written.attrs
                    changes.append(DepChange(section, attr, "move" if listed else "add", *_wanted(dep)))
                elif not new:
                    held.append(f"{label}: not in upstream's {ours.version} ({_without_base(theirs)}); kept")
                else:
                    held.append(
                        f"{label}: upstream has it {describe_cells(new, target)}, the file {describe_cells(mine, target)} "
                        f"({_without_base(theirs)}); kept"
                    )
                continue
            if not mine and old:
                continue  # removed by hand (it was upstream's before): it stays out, whatever upstream does
            if mine != old:
                conflicts.append(
                    f"{label}: upstream moved it from {describe_cells(old, target).replace('when ', '')} to "
                    f"{describe_cells(new, target).replace('when ', '')}, the file has it {describe_cells(mine, target)}; left as it is"
                )
                continue
            if section == "build-system" and theirs.format is not None:
                conflicts.append(
                    f"{label}: upstream's build backend changed; the file builds with format = {theirs.format!r}: move it to pyproject = true by hand"
                )
                continue
            listed = written is not None and attr in written.attrs  # perhaps under a dead condition
            if not new and elsewhere and not listed:
                conflicts.append(
                    f"{label}: upstream drops it, the file has it in nativeBuildInputs (or a hook): left as it is"
                )
                continue
            if not new:
                changes.append(DepChange(section, attr, "remove"))
            else:
                changes.append(DepChange(section, attr, "move" if listed else "add", *_wanted(dep)))
    changes += _relaxations(base, theirs, ours, conflicts, notes)
    disabled = _disabled(base, theirs, ours, target, conflicts, held)
    if disabled is not None:
        changes.append(disabled)
    refused = []
    for change in changes:
        if isinstance(change, DepChange):
            written = theirs.sections.get(change.section)
            if written is not None and written.opaque is not None:
                refused.append(written.opaque)
    if theirs.extras_opaque is not None and any(
        isinstance(c, DepChange) and c.section.startswith("optional-dependencies.") for c in changes
    ):
        refused.append(theirs.extras_opaque)
    if any(isinstance(c, RelaxChange) for c in changes) and theirs.relax.opaque is not None:
        refused.append(theirs.relax.opaque)
    moves = tuple(m for m in upstream_moves(base, ours, target) if m.section not in skipped) if base is not None else ()
    return Merge(tuple(changes), moves, tuple(conflicts), tuple(held), tuple(notes), tuple(refused))


def _wanted(dep: Optional[Dependency]) -> tuple[Optional[Condition], tuple[str, ...]]:
    """The condition and extras an added or moved dependency is written with."""
    return (dep.condition, dep.extras) if dep is not None else (None, ())


def _without_base(theirs: Written) -> str:
    return f"the metadata of {theirs.version or 'the old version'} was not available"


def _relaxations(
    base: Optional[Declared], theirs: Written, ours: Declared, conflicts: list[str], notes: list[str]
) -> list[Change]:
    out: list[Change] = []
    relax = theirs.relax
    needed = {b.distribution: b for bounds in ours.bounds.values() for b in bounds if b.kind == "upper"}
    for bound in ours.bounds.values():
        for b in bound:
            if b.kind == "lower" and not (base and b in base.bounds.get(b.attr, ())):
                conflicts.append(f"{b.attr}: {b.text}: update {b.attr} first (a relaxation would break at run time)")
    for dist, bound in sorted(needed.items()):
        if relax.covers(dist) or theirs.remove.covers(dist):
            continue
        out.append(RelaxChange(dist, "add", bound.text))
    if base is None or relax.every or relax.opaque is not None:
        return out
    before = {
        canonicalize_name(b.distribution): b for bounds in base.bounds.values() for b in bounds if b.kind == "upper"
    }
    still = {canonicalize_name(d) for d in needed}
    for name in relax.names:
        norm = canonicalize_name(name)
        if norm in before and norm not in still:
            out.append(RelaxChange(name, "remove", f"{_admits(ours, norm)}"))
    return out


def _admits(ours: Declared, norm: str) -> str:
    for section in ("dependencies",):
        for dep in ours.section(section).values():
            if canonicalize_name(distribution(dep)) == norm:
                specs = " | ".join(specifiers(dep)) or "any version"
                return f"upstream's {specs} admits nixpkgs' version"
    return "upstream no longer requires it"


def _disabled(
    base: Optional[Declared], theirs: Written, ours: Declared, target: Target, conflicts: list[str], held: list[str]
) -> Optional[DisabledChange]:
    new = ours.disabled
    mine = theirs.disabled
    if mine == new:
        return None
    if base is not None and base.disabled == new:
        return None
    condition = conditions.synthesize({env: env in new for env in target.environments}, target)
    wanted = nix.condition(condition) if new else "no disabled"
    if mine is None:
        conflicts.append(
            f"disabled (line {theirs.disabled_line}): the tool cannot read {theirs.disabled_text}; upstream's requires-python gives {wanted}"
        )
        return None
    if base is None:
        if not mine:
            return DisabledChange(condition)
        held.append(
            f"disabled: the file says {theirs.disabled_text}, upstream's requires-python ({ours.requires_python}) gives {wanted}; kept"
        )
        return None
    if mine != base.disabled:
        conflicts.append(
            f"disabled: upstream's requires-python moved ({ours.requires_python}: {wanted}), the file says {theirs.disabled_text}; left as it is"
        )
        return None
    return DisabledChange(condition)


# --- audit: the same comparison at one version ----------------------------------------------------

Severity = Literal["error", "warning", "info"]


@attrs.frozen
class Finding:
    """One difference between a file and upstream's metadata at the file's version."""

    kind: str
    severity: Severity
    message: str
    line: int = 0


def compare(
    theirs: Written, ours: Declared, target: Target, available: Optional[Available] = None
) -> tuple[Finding, ...]:
    """Where the file and upstream's release disagree, one finding each.

    "error" findings need a person because the build fails: a dependency or build backend no
    input brings (*available*: what the build holds through the file's inputs, from the
    checkout's files; without it nothing counts as proven missing), a bound the checkout breaks
    without ``pythonRelaxDeps``, a nixpkgs version below a lower bound.  "warning": ``disabled``
    against requires-python (an interpreter set Hydra may not build).  "info": worth a look,
    nixpkgs may mean it (an extra dependency, a dead condition, a dependency that comes through
    another input)."""
    where = live(target, ours.disabled, theirs.disabled)
    found: list[Finding] = []
    absent: list[str] = []  # extras upstream declares and the file does not
    for section in sorted(set(ours.sections) | set(theirs.sections), key=_section_key):
        written = theirs.sections.get(section)
        declared = ours.section(section)
        if written is None or written.binding is None:
            if section.startswith("optional-dependencies.") and declared:
                absent.append(section.split(".", 1)[1])
                continue
        if written is not None and written.opaque is not None:
            found.append(Finding("unreadable", "info", f"{section}: {written.opaque.reason}", written.opaque.line))
            continue
        if section.startswith("optional-dependencies.") and written is not None and written.binding and not declared:
            if section.split(".", 1)[1] not in ours.unplanned_extras:
                found.append(
                    Finding("extra-unknown", "info", f"{section}: upstream declares no such extra", written.line)
                )
            continue
        for attr in sorted(set(declared) | (written.attrs if written else frozenset())):
            new = ours.cells(section, attr, target) & where
            mine = written.cells(attr) if written is not None else frozenset()
            if mine is None:
                continue
            mine &= where
            lacking, extra = new - mine, mine - new
            dep = declared.get(attr)
            if lacking and dep is not None and theirs.remove.covers(distribution(dep)):
                continue
            line = next((e.line for e in written.entries if e.attr == attr), written.line) if written else 0
            if lacking:
                judged = _lacking(section, attr, theirs, available)
                if judged is None:
                    continue
                severity, why = judged
                found.append(
                    Finding(
                        "missing" if not mine else "condition",
                        severity,
                        f"{section}: {attr}: upstream needs it {describe_cells(new, target)}, "
                        f"the file has it {describe_cells(mine, target)}{why}",
                        line,
                    )
                )
            elif extra:
                if not new and section == "build-system" and attr in ours.unplanned_build:
                    continue  # upstream declares it; the planner leaves it to what brings it
                kind = "extra" if not new else "condition"
                found.append(
                    Finding(
                        kind,
                        "info",
                        f"{section}: {attr}: the file has it {describe_cells(mine, target)}, "
                        f"upstream {'never declares it' if not new else 'needs it ' + describe_cells(new, target)}",
                        line,
                    )
                )
        if written is not None:
            for line, text, value in written.dead:
                what = "never true" if not value else "always true"
                found.append(
                    Finding(
                        "dead-condition", "info", f"{section}: {text} is {what} for the checkout's interpreters", line
                    )
                )
    if absent:
        names = ", ".join(absent)
        found.append(
            Finding(
                "extra-missing",
                "info",
                f"optional-dependencies: upstream declares {names}; the file does not",
                theirs.extras_line,
            )
        )
    found += _bound_findings(theirs, ours)
    found += _disabled_findings(theirs, ours, target)
    return tuple(found)


def _lacking(
    section: str, attr: str, theirs: Written, available: Optional[Available]
) -> Optional[tuple[Severity, str]]:
    """How bad it is that the file does not list *attr* in *section*: None when the build has it
    anyway (another list names it), else the severity and why."""
    if section.startswith("optional-dependencies."):
        return "info", ""
    lists = {
        a for s in ("build-system", "dependencies") for a in (theirs.sections[s].attrs if s in theirs.sections else ())
    }
    if section == "build-system":
        if attr in theirs.inputs or attr in lists or (attr == "setuptools" and theirs.format == "setuptools"):
            return None  # the build has it: in nativeBuildInputs, propagated, or the legacy format's
        if available is not None and attr in available.through:
            return None  # setuptools-scm brings setuptools: nixpkgs lists the one it names
    elif attr in theirs.build_inputs:
        return None  # pytest plugins keep pytest in buildInputs, unpropagated, on purpose
    if available is not None and attr in available.through:
        return "info", f" (it comes through {available.through[attr]})"
    if available is not None and section == "dependencies" and attr in available.tests:
        via = available.tests[attr]
        if attr == "pytest":  # a pytest plugin: pytest comes with the tests and with its users
            return "info", " (the tests bring it, as nixpkgs' pytest plugins have it)"
        return "warning", f" (only the tests bring it, through {via}: the build passes, users of the package lack it)"
    if section == "dependencies" and theirs.runtime_check_off:
        return "info", " (the file turns the runtime dependency check off)"
    if available is None:
        return "error", ""
    if available.unknown:
        shown = ", ".join(sorted(available.unknown)[:3]) + (", …" if len(available.unknown) > 3 else "")
        return "info", f" (the checkout has no file for {shown}: whether they bring it is not known)"
    return "error", ""


def _bound_findings(theirs: Written, ours: Declared) -> Iterable[Finding]:
    relax = theirs.relax
    line = relax.line
    needed: set[str] = set()
    for bounds in ours.bounds.values():
        for b in bounds:
            if b.kind == "lower":
                yield Finding(
                    "too-old", "error", f"dependencies: {b.attr}: {b.text}: nixpkgs is older than upstream requires"
                )
                continue
            needed.add(canonicalize_name(b.distribution))
            if not relax.covers(b.distribution) and not theirs.remove.covers(b.distribution):
                yield Finding("bound", "error", f"dependencies: {b.attr}: {b.text}, not in pythonRelaxDeps")
    if relax.every or relax.opaque is not None:
        return
    known = {canonicalize_name(distribution(d)) for d in ours.section("dependencies").values()}
    for name in relax.names:
        norm = canonicalize_name(name)
        if norm in known and norm not in needed and _version_known(ours, norm):
            yield Finding("relax-unneeded", "info", f"pythonRelaxDeps: {name}: {_admits(ours, norm)}", line)
        elif norm not in known:
            yield Finding("relax-unknown", "info", f"pythonRelaxDeps: {name}: upstream does not require it", line)


def _version_known(ours: Declared, norm: str) -> bool:
    """Whether the checkout's version of the dependency was compared with upstream's bounds."""
    return norm in ours.checked


def _disabled_findings(theirs: Written, ours: Declared, target: Target) -> Iterable[Finding]:
    mine, new = theirs.disabled, ours.disabled
    if mine is None:
        yield Finding(
            "unreadable", "info", f"disabled: the tool cannot read {theirs.disabled_text}", theirs.disabled_line
        )
        return
    if mine == new:
        if mine == frozenset() and theirs.disabled_text is not None:
            yield Finding(
                "dead-condition",
                "info",
                f"disabled = {theirs.disabled_text} is never true for the checkout's interpreters",
                theirs.disabled_line,
            )
        return
    wanted = describe_cells(new, target)
    spec = f" ({ours.requires_python})" if ours.requires_python else ""
    if new - mine:
        yield Finding(
            "disabled",
            "warning",
            f"disabled: upstream's requires-python{spec} excludes {_pythons(new - mine)}, the file builds there ({wanted} upstream)",
            theirs.disabled_line,
        )
    if mine - new:
        yield Finding(
            "disabled",
            "warning",
            f"disabled: the file excludes {_pythons(mine - new)}, which upstream's requires-python{spec} admits",
            theirs.disabled_line,
        )


def _pythons(cells: Cells) -> str:
    return ", ".join(
        sorted({f"python{env.python}" for env in cells}, key=lambda p: tuple(int(x) for x in p[6:].split(".")))
    )


__all__ = [
    "Change",
    "DepChange",
    "DisabledChange",
    "Finding",
    "Merge",
    "Move",
    "RelaxChange",
    "compare",
    "merge",
    "upstream_moves",
]
