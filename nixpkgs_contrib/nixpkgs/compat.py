"""Decisions that need a nixpkgs checkout: does every input exist, do upstream's bounds admit the
versions nixpkgs ships, which interpreters to plan for.

Pure functions from plans and a :class:`~nixpkgs_contrib.nixpkgs.index.NixpkgsIndex` to new plans:
the planner never looks at a checkout, so what the checkout changes is decided here, and every
change carries the reason that ends up in a comment, a commit message or the PR text.

``pythonRuntimeDepsCheckHook`` fails a build whose installed versions violate the wheel's
``Requires-Dist`` bounds.  nixpkgs ships one version of each package, so an upper bound or exact
pin it exceeds is relaxed (``pythonRelaxDeps``, with the bound quoted), while a nixpkgs version
*below* a lower bound cannot be fixed that way: the package would break at run time, so we refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Optional

import attrs
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import Specifier
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .. import conditions, devtools
from ..errors import NixpkgsError
from ..matrix import DEFAULT_SYSTEMS, Environment, Target, python_key
from ..model import Dependency, NixPackage
from ..plan import Options, Plan
from .index import ALL_PACKAGES, INTERPRETERS, NixpkgsIndex


@attrs.frozen
class Missing:
    """An input attribute the checkout does not define."""

    attr: str
    #: attributes of the packages that need it
    needed_by: tuple[str, ...]
    suggestions: tuple[str, ...] = ()
    #: python-aliases.nix renames it to this attribute
    alias: Optional[str] = None
    #: python-aliases.nix says it was removed (the throw message)
    removed: Optional[str] = None

    def describe(self) -> str:
        hints = [f"needed by {', '.join(self.needed_by)}"]
        if self.alias:
            hints.append(f"an alias of {self.alias} (use that attribute)")
        elif self.removed is not None:
            hints.append(f"removed from nixpkgs: {self.removed}" if self.removed else "removed from nixpkgs")
        if self.suggestions:
            hints.append(f"did you mean {' or '.join(self.suggestions)}?")
        return f"{self.attr} ({'; '.join(hints)})"


@attrs.frozen
class Relaxation:
    """An upstream bound the nixpkgs version exceeds: one ``pythonRelaxDeps`` entry."""

    package: str
    #: the distribution name as upstream writes it (what the wheel metadata says)
    distribution: str
    #: the violated specifiers, e.g. ``("<2.10",)``
    bounds: tuple[str, ...]
    nixpkgs_version: str
    #: interpreters where the bound applies, when not all of the package's
    pythons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        where = f" on Python {', '.join(self.pythons)}" if self.pythons else ""
        return f"{self.distribution}{','.join(self.bounds)} upstream{where}; nixpkgs has {self.nixpkgs_version}"


@attrs.frozen
class Reconciled:
    """Plans adjusted to a checkout, and what was checked (for commit messages and the PR)."""

    plans: tuple[Plan, ...]
    pythons: tuple[str, ...]
    #: per package attribute: the inputs found in the checkout
    present: Mapping[str, tuple[str, ...]]
    relaxations: tuple[Relaxation, ...]
    #: inputs written although missing (``--allow-missing``)
    missing: tuple[Missing, ...]
    notes: tuple[str, ...]
    commit: Optional[str] = None
    #: what the user must know: tests switched off because the checkout lacks a test dependency
    warnings: tuple[str, ...] = ()


def target_for(index: NixpkgsIndex, systems: Sequence[str] = DEFAULT_SYSTEMS) -> Target:
    """The checkout's interpreters as the matrix, so no condition or ``disabled`` is written for an
    interpreter the checkout no longer ships."""
    if not index.pythons:
        raise NixpkgsError(
            f"defines no CPython interpreter (no `python3NN = callPackage …` here, and no "
            f"`inherit (pythonInterpreters) python3NN` in {ALL_PACKAGES}); is this a nixpkgs checkout?",
            path=index.root / INTERPRETERS,
        )
    return Target(tuple(sorted(index.pythons, key=python_key)), tuple(systems))


def options_for(options: Options, index: NixpkgsIndex) -> Options:
    """*options* re-targeted at the checkout's interpreters (systems kept)."""
    return attrs.evolve(options, target=target_for(index, options.target.systems))


def inputs(package: NixPackage) -> tuple[str, ...]:
    """Python attributes the expression takes as arguments (hooks come from the interpreter's
    hook set, not python-packages.nix, and are left out)."""
    names = set(package.build_system)
    names |= {d.attr for d in package.dependencies}
    names |= {d.attr for _, deps in package.optional_dependencies for d in deps}
    names |= {d.attr for d in package.native_check_inputs}
    for extra in (package.root, package.meta_base):
        if extra:
            names.add(extra)
    return tuple(sorted(n for n in names if not n.endswith("Hook")))


def find_missing(packages: Sequence[NixPackage], index: NixpkgsIndex) -> tuple[Missing, ...]:
    """Inputs of *packages* that are neither in the checkout nor one of *packages*."""
    family = {p.attr for p in packages}
    needed: dict[str, list[str]] = {}
    for p in packages:
        for name in inputs(p):
            if name not in family and not index.has(name):
                needed.setdefault(name, []).append(p.attr)
    return tuple(
        Missing(
            attr=name,
            needed_by=tuple(needed[name]),
            suggestions=near_misses(name, index.packages),
            alias=index.alias(name),
            removed=index.removal(name),
        )
        for name in sorted(needed)
    )


_SEPARATORS = re.compile(r"[-_.]+")
#: words PyPI names carry and nixpkgs attributes often do not (python-dateutil, psycopg2-binary)
_NAME_PREFIXES = ("python-", "py-", "python3-")
_NAME_SUFFIXES = ("-binary", "-python", "-py", "-headless", "-cpu", "-gpu")


def near_misses(name: str, candidates: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Attributes that are really close to *name*: the same name spelled differently
    (``zope.interface``), a typo (one edit, two for long names), or the same name with or without a
    distribution word (``python-dateutil`` / ``dateutil``, ``psycopg2-binary`` / ``psycopg2``).

    ``difflib``'s ratio called ``jinja2`` close to ``idna`` (0.6); a suggestion that is not a
    plausible spelling of the same package only misleads."""
    norm = _SEPARATORS.sub("-", name.lower())
    scored = []
    for attr in candidates:
        if attr == name:
            continue
        other = _SEPARATORS.sub("-", attr.lower())
        score = _closeness(norm, other)
        if score is not None:
            scored.append((score, attr))
    return tuple(attr for _, attr in sorted(scored)[:n])


def _closeness(a: str, b: str) -> Optional[int]:
    """0 for the same letters, 1 for a prefix/word away, 2 + edits for a typo; None when not close."""
    if a.replace("-", "") == b.replace("-", ""):
        return 0
    for prefix in _NAME_PREFIXES:
        if a == prefix + b or b == prefix + a:
            return 1
    for suffix in _NAME_SUFFIXES:
        if a == b + suffix or b == a + suffix:
            return 1
    # a typo: separators count as letters, so "attr-x" is two edits from "attrs", not one
    limit = 1 if min(len(a), len(b)) < 8 else 2
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > limit:
        return None
    distance = _edit_distance(a, b, limit)
    return None if distance > limit else 2 + distance


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition is one edit), stopping past *limit*."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def without_missing_test_inputs(
    package: NixPackage, index: NixpkgsIndex, family: frozenset[str] = frozenset()
) -> tuple[NixPackage, Optional[str], Optional[str]]:
    """*package* without the test inputs the checkout lacks, a note and a warning.

    Test inputs never stop ``emit``/``pr`` (runtime ones still do): a missing tool the tests do not
    need is dropped (:func:`devtools.test_inputs` would not keep it); a missing test dependency
    switches the tests off with a comment naming it (``doCheck = false``), so the file builds and a
    reviewer sees why."""
    absent = [
        d.attr
        for d in package.native_check_inputs
        if not d.attr.endswith("Hook") and d.attr not in family and not index.has(d.attr)
    ]
    if not absent:
        return package, None, None
    needed = [a for a in absent if devtools.test_inputs([a]) == [a]]
    if not needed:
        kept = tuple(d for d in package.native_check_inputs if d.attr not in absent)
        note = f"{package.attr}: dropped test tools the checkout lacks: {', '.join(absent)}"
        return attrs.evolve(package, native_check_inputs=kept), note, None
    reason = f"tests need {', '.join(needed)}, not in nixpkgs yet"
    warning = (
        f"warning: {package.attr}: doCheck = false because the checkout lacks the test "
        f"{'dependency' if len(needed) == 1 else 'dependencies'} {', '.join(needed)}; package "
        f"{'it' if len(needed) == 1 else 'them'} to run the tests"
    )
    return attrs.evolve(package, native_check_inputs=(), no_check_reason=reason), None, warning


def unchecked_extras(package: NixPackage) -> Optional[str]:
    """Without a checkout: a warning naming the ``dep.optional-dependencies.EXTRA`` references of
    *package* that nothing checked, or None.

    They are written as upstream asks, but nixpkgs defines only some extras, and a file that names
    a missing one does not evaluate.  Of the nine such references in the PyPI sweeps whose package
    the shared corpus holds, five named an extra nixpkgs does not define (coverage's ``toml``, now
    in :data:`~nixpkgs_contrib.plan.UNDEFINED_EXTRAS`; transformers' ``audio``/``video``/``vision``;
    sybil's ``pytest``), two one it does, and pandas computes its extras.  ``--nixpkgs`` checks
    them (:func:`without_undefined_extras`); the family's own packages need no check."""
    deps = (*package.dependencies, *(d for _, group in package.optional_dependencies for d in group), *package.native_check_inputs)
    named = sorted({f"{d.attr}.optional-dependencies.{e}" for d in deps if d.extras and not d.sibling for e in d.extras})
    if not named:
        return None
    return (
        f"warning: {package.attr}: {', '.join(named)} {'is' if len(named) == 1 else 'are'} written as upstream asks, "
        "unchecked: nixpkgs defines only some extras, and a file naming one it lacks does not evaluate; emit with "
        "--nixpkgs PATH to leave out those it does not define"
    )


def without_undefined_extras(
    package: NixPackage, index: NixpkgsIndex, family: frozenset[str] = frozenset()
) -> tuple[NixPackage, tuple[str, ...]]:
    """*package* without the ``dep.optional-dependencies.EXTRA`` references whose dependency's file
    in the checkout defines no such extra (nixpkgs writes no empty extras: ``setuptools-scm[toml]``
    is empty upstream since setuptools-scm 8), and a note per extra dropped.  An extra is kept
    when the file does not spell its extras out, and for the family's own packages."""
    notes: list[str] = []

    def defined(dep: Dependency) -> Dependency:
        if not dep.extras or dep.attr in family or not index.has(dep.attr):
            return dep
        info = index.info(dep.attr)
        have = info.extras if info is not None else None
        if have is None:
            return dep
        known = {canonicalize_name(e) for e in have}
        kept = tuple(e for e in dep.extras if canonicalize_name(e) in known)
        for extra in dep.extras:
            if extra not in kept:
                offered = f" (it has {', '.join(have)})" if have else ""
                notes.append(f"{package.attr}: {dep.attr}.optional-dependencies.{extra} left out: nixpkgs' {dep.attr} defines no such extra{offered}")
        return attrs.evolve(dep, extras=kept) if kept != dep.extras else dep

    runtime = {d.attr for d in package.dependencies}
    checks = tuple(defined(d) for d in package.native_check_inputs)
    new = attrs.evolve(
        package,
        dependencies=tuple(defined(d) for d in package.dependencies),
        optional_dependencies=tuple((name, tuple(defined(d) for d in deps)) for name, deps in package.optional_dependencies),
        # a test input that was there for its extras only, and is a dependency already, goes
        native_check_inputs=tuple(d for d, was in zip(checks, package.native_check_inputs) if d.extras or not was.extras or d.attr not in runtime),
    )
    return (new if notes else package), tuple(dict.fromkeys(notes))


def missing_message(missing: Sequence[Missing]) -> str:
    what = "dependency is" if len(missing) == 1 else f"{len(missing)} dependencies are"
    listed = ", ".join(m.describe() for m in missing)
    return f"{what} not in the nixpkgs checkout: {listed}; package them first, or pass --allow-missing"


# -------------------------------------------------------------------------------------------------
# version bounds


def _lower_limit(spec: Specifier) -> Optional[Version]:
    """The smallest version *spec* admits, for the operators that have one."""
    text = spec.version.removesuffix(".*")
    try:
        version = Version(text)
    except InvalidVersion:
        return None
    if spec.operator == "~=":
        return version
    if spec.operator in ("==", "===", ">=", ">"):
        return version
    return None


def violation(spec: Specifier, version: Version) -> Optional[str]:
    """``"upper"`` when *version* is past *spec* (relaxable), ``"lower"`` when it is too old,
    None when *spec* admits it."""
    if spec.contains(version, prereleases=True):
        return None
    if spec.operator in ("<", "<=", "!="):
        return "upper"
    if spec.operator in (">", ">="):
        return "lower"
    lower = _lower_limit(spec)  # ==, ===, ~=: below the pin is too old, above it is relaxable
    return "lower" if lower is not None and version < lower else "upper"


@attrs.define
class _Bounds:
    relax: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]  # attr -> (dist, bounds, pythons)
    too_old: list[str]
    notes: list[str]


def enforced_requirements(dep: Dependency, package: NixPackage) -> Iterable[tuple[Environment, Requirement]]:
    """The requirements of *dep* that pip enforces, per environment where the package is enabled."""
    for env, text in dep.requirements:
        if conditions.evaluate(package.disabled, env):
            continue
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is None or req.marker.evaluate(env.marker_environment()):
            yield env, req


def check_bounds(package: NixPackage, index: NixpkgsIndex, family: frozenset[str] = frozenset()) -> _Bounds:
    """Compare each runtime dependency's bounds with the checkout's version of it.

    Only ``dependencies`` count: the runtime-deps check ignores extras.  Siblings are pinned to
    each other by construction and never relaxed."""
    out = _Bounds({}, [], [])
    for dep in package.dependencies:
        if dep.sibling or dep.attr in family or not index.has(dep.attr):
            continue
        applicable = list(enforced_requirements(dep, package))
        if not applicable or all(not req.specifier for _, req in applicable):
            continue
        raw = index.version(dep.attr)
        if raw is None:
            info = index.info(dep.attr)
            why = info.version_note if info and info.version_note else "no literal version"
            out.notes.append(f"{package.attr}: bounds on {dep.attr} not checked ({why})")
            continue
        try:
            version = Version(raw)
        except InvalidVersion:
            out.notes.append(f"{package.attr}: bounds on {dep.attr} not checked (nixpkgs version {raw!r} is not PEP 440)")
            continue
        upper: dict[str, None] = {}
        pythons: set[str] = set()
        for env, req in applicable:
            for spec in sorted(req.specifier, key=str):
                kind = violation(spec, version)
                if kind == "lower":
                    out.too_old.append(
                        f"{package.attr} needs {req.name}{spec} (Python {env.python}) but nixpkgs has {dep.attr} {raw}"
                    )
                elif kind == "upper":
                    upper[str(spec)] = None
                    pythons.add(env.python)
        if upper:
            name = applicable[0][1].name
            only = () if pythons >= {env.python for env, _ in applicable} else tuple(sorted(pythons, key=python_key))
            out.relax[dep.attr] = (name, tuple(sorted(upper)), only)
    out.too_old[:] = list(dict.fromkeys(out.too_old))
    return out


# -------------------------------------------------------------------------------------------------
# everything at once


def reconcile(plans: Sequence[Plan], index: NixpkgsIndex, *, allow_missing: bool = False) -> Reconciled:
    """*plans* checked against *index*: raises when an input is missing (unless *allow_missing*) or
    a nixpkgs version is older than a lower bound; adds ``pythonRelaxDeps`` for exceeded bounds."""
    family = frozenset(p.package.attr for p in plans)
    notes: list[str] = []
    warnings: list[str] = []
    checked: list[Plan] = []
    for plan in plans:
        package, dropped = without_undefined_extras(plan.package, index, family)
        notes += dropped
        plan = attrs.evolve(plan, package=package)
        if allow_missing:  # written anyway, like every other missing input
            checked.append(plan)
            continue
        package, note, warning = without_missing_test_inputs(plan.package, index, family)
        notes += [note] if note else []
        warnings += [warning] if warning else []
        checked.append(attrs.evolve(plan, package=package))
    plans = checked
    packages = [p.package for p in plans]
    missing = find_missing(packages, index)
    if missing and not allow_missing:
        raise NixpkgsError(missing_message(missing), path=index.root)
    new_plans: list[Plan] = []
    relaxations: list[Relaxation] = []
    too_old: list[str] = []
    notes += [f"{m.attr} is missing from the checkout (needed by {', '.join(m.needed_by)})" for m in missing]
    present: dict[str, tuple[str, ...]] = {}
    for plan in plans:
        pkg = plan.package
        present[pkg.attr] = tuple(n for n in inputs(pkg) if n in family or index.has(n))
        bounds = check_bounds(pkg, index, family)
        too_old += bounds.too_old
        notes += bounds.notes
        relax = dict(pkg.relax_deps)
        given = {canonicalize_name(name) for name in relax}
        for attr in sorted(bounds.relax):
            name, specs, pythons = bounds.relax[attr]
            if canonicalize_name(name) in given:
                continue  # the recipe already relaxes it, with its own reason
            r = Relaxation(pkg.attr, name, specs, index.version(attr) or "", pythons)
            relaxations.append(r)
            relax[name] = r.reason
        new_pkg = attrs.evolve(pkg, relax_deps=tuple(sorted(relax.items())))
        new_plans.append(attrs.evolve(plan, package=new_pkg))
    if too_old:
        raise NixpkgsError(
            "nixpkgs is older than upstream requires (a relaxation would break at run time): "
            + "; ".join(too_old)
            + "; update those packages first",
            path=index.root,
        )
    return Reconciled(
        plans=tuple(new_plans),
        pythons=tuple(index.pythons),
        present=present,
        relaxations=tuple(relaxations),
        missing=missing,
        notes=tuple(notes),
        commit=index.commit,
        warnings=tuple(warnings),
    )


def existing(packages: Iterable[NixPackage], index: NixpkgsIndex) -> tuple[str, ...]:
    """Attributes among *packages* that the checkout already has."""
    return tuple(sorted(p.attr for p in packages if index.has(p.attr) or p.attr in index.aliases))


__all__ = [
    "Missing",
    "unchecked_extras",
    "Reconciled",
    "Relaxation",
    "check_bounds",
    "enforced_requirements",
    "existing",
    "find_missing",
    "inputs",
    "missing_message",
    "near_misses",
    "options_for",
    "reconcile",
    "target_for",
    "violation",
    "without_missing_test_inputs",
    "without_undefined_extras",
]
