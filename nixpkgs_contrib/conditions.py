"""Conditions over the target matrix, as nixpkgs writes them.

A :class:`Condition` is a formula in disjunctive normal form over :class:`Atom` values such as
``pythonOlder "3.12"`` or ``stdenv.hostPlatform.isDarwin``.  It is a value object: the empty
disjunction is :data:`NEVER`, the disjunction of one empty conjunction is :data:`ALWAYS`.
Rendering to Nix text lives in :mod:`nixpkgs_contrib.render.nix`.

The pipeline this module implements, all pure functions:

1. :func:`truth_table` / :func:`presence_table` evaluate PEP 508 markers in every cell of the
   matrix, exactly as pip would there;
2. :func:`synthesize` finds the simplest condition that is true on exactly the true cells (cells
   outside the target are don't-care, so bounds no target interpreter can see vanish);
3. :func:`group` turns one condition per attribute into ``lib.optionals`` groups.

Interpreter patch level: nixpkgs ships one patch release per CPython minor, normally the latest.
Markers are therefore evaluated with ``python_full_version = "3.N.<LATEST_PATCH>"`` (so
``python_full_version < "3.11.3"`` is false on 3.11, as pip on nixpkgs' 3.11 sees it), and
``requires-python`` admits an interpreter when it admits *some* patch release of it (see
:func:`disabled_condition`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Literal, Optional

import attrs
from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from .errors import MetadataError
from .matrix import SYSTEMS, Environment, Target, python_key

AtomKind = Literal["pythonOlder", "pythonAtLeast", "platform"]


@attrs.frozen(order=True)
class Atom:
    """One test: ``pythonOlder "3.12"``, ``pythonAtLeast "3.10"`` or ``stdenv.hostPlatform.<arg>``."""

    kind: AtomKind
    arg: str

    def __str__(self) -> str:
        if self.kind == "platform":
            return f"stdenv.hostPlatform.{self.arg}"
        return f'{self.kind} "{self.arg}"'


@attrs.frozen
class Condition:
    """OR of ANDs of atoms."""

    clauses: tuple[tuple[Atom, ...], ...]

    @property
    def is_always(self) -> bool:
        return any(len(c) == 0 for c in self.clauses)

    @property
    def is_never(self) -> bool:
        return not self.clauses

    @property
    def atoms(self) -> frozenset[Atom]:
        return frozenset(a for clause in self.clauses for a in clause)

    def __str__(self) -> str:
        if self.is_always:
            return "true"
        if self.is_never:
            return "false"
        return " || ".join(" && ".join(str(a) for a in clause) for clause in self.clauses)


ALWAYS = Condition(((),))
NEVER = Condition(())

#: The patch level assumed for every interpreter when evaluating ``python_full_version``.
from .matrix import LATEST_PATCH  # noqa: E402  (re-exported: one definition of the patch level)

Table = Mapping[Environment, bool]


class MarkerError(MetadataError):
    """A requirement marker that cannot be evaluated (``platform_machine ~= "x86"``)."""


# --------------------------------------------------------------------------------------------------
# Evaluating markers and conditions


def marker_environment(env: Environment, extra: str = "") -> dict[str, str]:
    """The PEP 508 environment of *env* as pip sees it on nixpkgs' interpreter (latest patch)."""
    return env.marker_environment(extra)


def _holds(marker: Optional[Marker], env: Environment, extra: str) -> bool:
    if marker is None:
        return True
    try:
        return marker.evaluate(marker_environment(env, extra))
    except (UndefinedComparison, UndefinedEnvironmentName, InvalidVersion, InvalidMarker) as err:
        raise MarkerError(f"cannot evaluate marker {str(marker)!r}: {err}") from None


def truth_table(marker: Optional[Marker], target: Target, extra: str = "") -> dict[Environment, bool]:
    """Whether *marker* holds in each cell of *target* (``None`` holds everywhere).

    *extra* is the extra being installed: ``""`` for the base dependencies, the extra's name for
    the requirements of ``optional-dependencies.<extra>`` (packaging normalizes both sides).
    """
    return {env: _holds(marker, env, extra) for env in target.environments}


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _arch(system: str) -> str:
    return system.split("-", 1)[0]


_PLATFORM_TESTS: Mapping[str, Callable[[str], bool]] = {
    "isLinux": lambda system: SYSTEMS[system]["sys_platform"] == "linux",
    "isDarwin": lambda system: SYSTEMS[system]["sys_platform"] == "darwin",
    "isx86_64": lambda system: _arch(system) == "x86_64",
    "isAarch64": lambda system: _arch(system) == "aarch64",
}


def _atom_holds(atom: Atom, env: Environment) -> bool:
    if atom.kind == "platform":
        try:
            return _PLATFORM_TESTS[atom.arg](env.system)
        except KeyError:
            raise ValueError(f"no evaluator for {atom}") from None
    # nixpkgs: pythonOlder v = versionOlder python.pythonVersion v, on "3.N"; tuple order matches
    # builtins.compareVersions for these purely numeric versions.
    older = python_key(env.python) < _version_tuple(atom.arg)
    return older if atom.kind == "pythonOlder" else not older


def evaluate(cond: Condition, env: Environment) -> bool:
    """The value of *cond* in *env*, as Nix would compute it there."""
    return any(all(_atom_holds(a, env) for a in clause) for clause in cond.clauses)


# --------------------------------------------------------------------------------------------------
# Synthesis: the smallest DNF over nixpkgs atoms that matches a table on the target


_OS_ATOMS = ("isLinux", "isDarwin")
_ARCH_ATOMS = ("isx86_64", "isAarch64")
_PLATFORM_ORDER = {name: i for i, name in enumerate(_OS_ATOMS + _ARCH_ATOMS)}
_KIND_ORDER = {"platform": 0, "pythonAtLeast": 1, "pythonOlder": 2}


def _atom_key(atom: Atom) -> tuple:
    if atom.kind == "platform":
        return (0, _PLATFORM_ORDER.get(atom.arg, len(_PLATFORM_ORDER)), atom.arg)
    return (_KIND_ORDER[atom.kind], _version_tuple(atom.arg), "")


def _clause_key(clause: tuple[Atom, ...]) -> tuple:
    """Platform-only clauses, then python-only by the versions they mention, then mixed ones."""
    platform = tuple(_atom_key(a) for a in clause if a.kind == "platform")
    python = tuple((_version_tuple(a.arg), a.kind != "pythonOlder") for a in clause if a.kind != "platform")
    category = 0 if not python else 1 if not platform else 2
    return (category, platform, python)


@attrs.frozen
class _Rect:
    """One candidate clause: a set of systems × an interval of interpreters, as a cell bitmask."""

    mask: int
    atoms: tuple[Atom, ...]

    @property
    def cost(self) -> tuple[int, int]:
        return _cost(self.atoms)


def _cost(atoms: tuple[Atom, ...]) -> tuple[int, int]:
    """Fewest atoms, then fewest machine atoms (``isLinux`` reads better than ``isx86_64``)."""
    return len(atoms), sum(1 for a in atoms if a.kind == "platform" and a.arg in _ARCH_ATOMS)


def _platform_choices(systems: tuple[str, ...]) -> dict[int, tuple[Atom, ...]]:
    """Every set of target systems one conjunction of platform atoms selects, at its cheapest."""
    best: dict[int, tuple[Atom, ...]] = {}
    for os_atom, arch_atom in itertools.product((None, *_OS_ATOMS), (None, *_ARCH_ATOMS)):
        atoms = tuple(Atom("platform", a) for a in (os_atom, arch_atom) if a is not None)
        mask = 0
        for i, system in enumerate(systems):
            if all(_PLATFORM_TESTS[a.arg](system) for a in atoms):
                mask |= 1 << i
        if not mask:
            continue
        if mask not in best or _cost(atoms) < _cost(best[mask]):
            best[mask] = atoms
    return best


def _python_choices(pythons: tuple[str, ...]) -> dict[int, tuple[Atom, ...]]:
    """Every interval of target interpreters, each bound written as the first version above/in it.

    ``pythonOlder "3.11"`` for {3.9, 3.10} of 3.9–3.14; ``pythonAtLeast "3.12"`` for {3.12, 3.13, 3.14}.
    """
    out: dict[int, tuple[Atom, ...]] = {}
    n = len(pythons)
    for lo in range(n):
        for hi in range(lo, n):
            atoms: list[Atom] = []
            if lo > 0:
                atoms.append(Atom("pythonAtLeast", pythons[lo]))
            if hi < n - 1:
                atoms.append(Atom("pythonOlder", pythons[hi + 1]))
            out[sum(1 << i for i in range(lo, hi + 1))] = tuple(atoms)
    return out


def _candidates(target: Target, truth: int) -> list[_Rect]:
    """The prime clauses: rectangles inside *truth* (the true and don't-care cells) not dominated by
    a cheaper superset."""
    n_sys = len(target.systems)
    platforms = _platform_choices(target.systems)
    rects = []
    for py_mask, py_atoms in _python_choices(target.pythons).items():
        for sys_mask, sys_atoms in platforms.items():
            mask = 0
            for p in range(len(target.pythons)):
                if py_mask >> p & 1:
                    for s in range(n_sys):
                        if sys_mask >> s & 1:
                            mask |= 1 << (p * n_sys + s)
            if mask & ~truth == 0:
                rects.append(_Rect(mask, sys_atoms + py_atoms))
    primes = [
        r
        for r in rects
        if not any(o.mask != r.mask and o.mask & r.mask == r.mask and o.cost <= r.cost for o in rects)
    ]
    return sorted(primes, key=lambda r: (r.cost, _clause_key(r.atoms)))


_Cover = tuple[tuple[int, int, int], tuple[tuple, ...], tuple[_Rect, ...]]


def _cover(truth: int, rects: list[_Rect]) -> tuple[_Rect, ...]:
    """Exact minimum cover of *truth* by *rects*: fewest clauses, then atoms, then machine atoms.

    Dynamic programming over the still-uncovered cells, branching on the clauses that cover the
    lowest uncovered cell; ties are broken by the sorted clause keys, so the result is deterministic.
    """
    memo: dict[int, _Cover] = {0: ((0, 0, 0), (), ())}

    def best(uncovered: int) -> _Cover:
        if uncovered in memo:
            return memo[uncovered]
        cell = uncovered & -uncovered
        found: Optional[_Cover] = None
        for rect in rects:
            if not rect.mask & cell:
                continue
            (k, a, m), _, chosen = best(uncovered & ~rect.mask)
            atoms, machine = rect.cost
            picked = tuple(sorted(chosen + (rect,), key=lambda r: _clause_key(r.atoms)))
            option = ((k + 1, a + atoms, m + machine), tuple(_clause_key(r.atoms) for r in picked), picked)
            if found is None or option[:2] < found[:2]:
                found = option
        assert found is not None, "every true cell is covered by its own single-cell clause"
        memo[uncovered] = found
        return found

    return best(truth)[2]


def _truth_mask(table: Table, target: Target) -> int:
    missing = [str(env) for env in target.environments if env not in table]
    if missing:
        raise ValueError(f"truth table lacks target cells: {', '.join(missing)}")
    return sum(1 << i for i, env in enumerate(target.environments) if table[env])


def _mask_of(cells: Collection[Environment], target: Target) -> int:
    return sum(1 << i for i, env in enumerate(target.environments) if env in cells)


def synthesize(table: Table, target: Target, dont_care: Collection[Environment] = ()) -> Condition:
    """The simplest nixpkgs condition true on exactly the true cells of *target*.

    Cells of *table* outside *target* are ignored, and so are the *dont_care* cells: the condition
    may be true or false there.  The planner passes the cells where the package is ``disabled``
    (requires-python excludes the interpreter), since nothing in the file is evaluated there: a
    dependency needed only on a disabled interpreter is dropped, and a bound that only separates a
    disabled interpreter from the others vanishes.  Preferences, in order: fewest clauses, fewest
    atoms, fewest machine atoms.  Inside a clause platform atoms come first (OS before machine),
    then ``pythonAtLeast``, then ``pythonOlder``; clauses are ordered as :func:`group` orders
    conditions.  Never emits a negation: the complement of ``isLinux`` is ``isDarwin``.
    """
    ignored = _mask_of(dont_care, target)
    truth = _truth_mask(table, target) & ~ignored
    full = (1 << len(target.environments)) - 1
    if truth == 0:
        return NEVER
    if truth | ignored == full:
        return ALWAYS
    chosen = _cover(truth, _candidates(target, truth | ignored))
    return Condition(tuple(tuple(sorted(r.atoms, key=_atom_key)) for r in chosen))


def synthesize_each(
    tables: Mapping[str, Table], target: Target, dont_care: Collection[Environment] = ()
) -> dict[str, Condition]:
    """:func:`synthesize` for every attribute of a :func:`presence_table`."""
    return {name: synthesize(table, target, dont_care) for name, table in sorted(tables.items())}


# --------------------------------------------------------------------------------------------------
# Requirements that differ between environments


def presence_table(
    per_env: Mapping[Environment, Iterable[Requirement]],
    name_of: Callable[[Requirement], str],
    extra: str = "",
) -> dict[str, dict[Environment, bool]]:
    """Per attribute, whether pip installs it in each environment of *per_env*.

    Requirements are those one environment's metadata lists (they may differ per interpreter when
    ``setup.py`` branches); their markers are evaluated in that environment.  Different version
    bounds for the same attribute still mean "present": bounds are :func:`bounds_table`'s job.
    """
    envs = sorted(per_env)
    present: dict[str, set[Environment]] = {}
    for env in envs:
        for req in per_env[env]:
            name = name_of(req)
            present.setdefault(name, set())
            if _holds(req.marker, env, extra):
                present[name].add(env)
    return {name: {env: env in present[name] for env in envs} for name in sorted(present)}


def bounds_table(
    per_env: Mapping[Environment, Iterable[Requirement]],
    name_of: Callable[[Requirement], str],
    extra: str = "",
) -> dict[str, dict[Environment, SpecifierSet]]:
    """Per attribute, the version specifiers pip enforces in each environment where it is present.

    Several requirements on one attribute in one environment are intersected (``foo>=1`` and
    ``foo<3; python_version < "3.12"`` give ``>=1,<3`` on 3.11).
    """
    out: dict[str, dict[Environment, SpecifierSet]] = {}
    for env in sorted(per_env):
        for req in per_env[env]:
            if _holds(req.marker, env, extra):
                cells = out.setdefault(name_of(req), {})
                cells[env] = cells.get(env, SpecifierSet()) & req.specifier
    return {name: out[name] for name in sorted(out)}


# --------------------------------------------------------------------------------------------------
# Grouping into lib.optionals and the arguments they need


def condition_key(cond: Condition) -> tuple:
    """Reading order of ``++`` groups: ALWAYS, platform-only, python-only, then combinations.

    Platform-only conditions go isLinux, isDarwin, isx86_64, isAarch64; python-only ones by the
    lowest version they mention (``pythonOlder`` before ``pythonAtLeast`` on the same version);
    within a category, by their clauses in the same order.
    """
    if cond.is_always:
        return (0, ())
    keys = tuple(_clause_key(c) for c in cond.clauses)
    kinds = {k[0] for k in keys}
    category = 1 + kinds.pop() if len(kinds) == 1 else 3
    return (category, keys)


def group(conditions: Mapping[str, Condition]) -> tuple[tuple[Condition, tuple[str, ...]], ...]:
    """Attributes sharing a condition, one group per ``lib.optionals``; NEVER is dropped.

    Groups come in :func:`condition_key` order (ALWAYS first) and attributes are sorted inside.
    """
    groups: dict[Condition, list[str]] = {}
    for name, cond in conditions.items():
        if not cond.is_never:
            groups.setdefault(ALWAYS if cond.is_always else cond, []).append(name)
    return tuple(
        (cond, tuple(sorted(names)))
        for cond, names in sorted(groups.items(), key=lambda item: (condition_key(item[0]), str(item[0])))
    )


_ARGUMENT = {"platform": "stdenv", "pythonOlder": "pythonOlder", "pythonAtLeast": "pythonAtLeast"}


def required_arguments(
    conditions: Mapping[str, Condition] | Iterable[Condition], *, disabled: Condition = NEVER
) -> frozenset[str]:
    """The function arguments the rendered conditions need.

    *conditions* are rendered as ``lib.optionals`` groups (so any real condition needs ``lib``);
    *disabled* is rendered bare (``disabled = pythonOlder "3.12";``) and never needs ``lib``.
    """
    values = list(conditions.values() if isinstance(conditions, Mapping) else conditions)
    listed = [c for c in values if not (c.is_always or c.is_never)]
    out = {_ARGUMENT[a.kind] for c in listed + [disabled] if not c.is_always for a in c.atoms}
    if listed:
        out.add("lib")
    return frozenset(out)


# --------------------------------------------------------------------------------------------------
# requires-python


def _admits(spec: SpecifierSet, python: str) -> bool:
    """Whether *spec* admits some patch release of *python* (``>=3.12.1`` admits 3.12).

    nixpkgs ships one patch release, normally the latest, so a bound inside a minor series says
    "works from/until some 3.N.x", not "exclude 3.N".  The candidates probed are 3.N.0,
    3.N.<LATEST_PATCH> and the patch levels around every 3.N.p the specifier mentions.
    """
    minor = python_key(python)
    patches = {0, LATEST_PATCH}
    for item in spec:
        try:
            release = Version(item.version.removesuffix(".*")).release
        except InvalidVersion:
            continue
        if release[:2] == minor and len(release) > 2:
            patches.update(p for p in (release[2] - 1, release[2], release[2] + 1) if p >= 0)
    candidates = [python] + [f"{python}.{p}" for p in sorted(patches)]
    return any(spec.contains(c, prereleases=True) for c in candidates)


def disabled_condition(requires_python: Optional[SpecifierSet], target: Target) -> Condition:
    """The ``disabled = …`` condition: true on the target interpreters *requires_python* excludes.

    NEVER when every target interpreter is admitted (write no ``disabled``); ALWAYS when none is
    (the package cannot be built for this target at all; the planner decides what to say).
    """
    if requires_python is None:
        return NEVER
    admitted = {p: _admits(requires_python, p) for p in target.pythons}
    return synthesize({env: not admitted[env.python] for env in target.environments}, target)
