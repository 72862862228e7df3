"""What upstream declares at one version, planned for a nixpkgs checkout.

The planner (:func:`nixpkgs_contrib.plan.plan_package`) already turns upstream metadata into the
lists nixpkgs writes: dependency attributes with their conditions over the checkout's
interpreters, ``build-system``, extras and ``disabled``.  ``update`` and ``audit`` compare those
decisions with an existing file, so they ask the planner, not a second reading of the metadata:
a file is judged by exactly what ``emit`` would write for the same release.

The checkout adds the other half: the versions it ships, against upstream's bounds
(:func:`nixpkgs_contrib.nixpkgs.compat.check_bounds`), which is what ``pythonRelaxDeps`` answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

import attrs
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .. import conditions, naming
from ..conditions import ALWAYS
from ..matrix import Environment, Target
from ..model import Dependency, NixPackage, Project, PypiSource
from ..plan import BUILD_TOOLS, Options, plan_package
from .compat import enforced_requirements, violation
from .index import NixpkgsIndex
from .pyfile import Cells, cells_of

#: stand-ins for the parts of a plan a comparison of dependencies never reads (the source, the
#: license, the description): planning them could only fail for reasons that are not the file's
_NEUTRAL = Options(license=("mit",), description="-", no_check_reason="-")
_NO_SOURCE = PypiSource("-", "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")


@attrs.frozen
class Bound:
    """An upstream bound the checkout's version of a dependency does not satisfy."""

    attr: str
    #: the distribution name as upstream spells it (what pythonRelaxDeps names)
    distribution: str
    specifiers: tuple[str, ...]
    nixpkgs_version: str
    #: "upper" (relaxable) or "lower" (nixpkgs is too old)
    kind: str

    @property
    def text(self) -> str:
        return f"{self.distribution}{','.join(self.specifiers)} upstream; nixpkgs has {self.nixpkgs_version}"


@attrs.frozen
class Declared:
    """One release of one package as the planner sees it for the checkout."""

    name: str
    version: str
    #: section ("build-system", "dependencies", "optional-dependencies.<extra>") → attr → dependency
    sections: Mapping[str, Mapping[str, Dependency]]
    #: cells where upstream's requires-python excludes the interpreter
    disabled: Cells
    #: attr → bounds the checkout breaks, upper ones (pythonRelaxDeps) and lower ones
    bounds: Mapping[str, tuple[Bound, ...]] = attrs.field(factory=dict)
    #: distributions (normalized) whose bounds were compared with a version the checkout writes
    checked: frozenset[str] = frozenset()
    #: distributions the planner itself removes (``-binary`` renames): pythonRemoveDeps
    remove: tuple[str, ...] = ()
    #: requires-python as upstream writes it, for messages
    requires_python: Optional[str] = None
    #: extras upstream declares that the planner leaves out (development extras: tests, docs…)
    unplanned_extras: frozenset[str] = frozenset()
    #: build requirements upstream declares that the planner leaves out (setuptools next to
    #: setuptools-scm, which brings it): a file that lists them lists nothing extra
    unplanned_build: frozenset[str] = frozenset()

    def section(self, name: str) -> Mapping[str, Dependency]:
        return self.sections.get(name, {})

    def cells(self, section: str, attr: str, target: Target) -> Cells:
        dep = self.section(section).get(attr)
        return cells_of(dep.condition, target) if dep is not None else frozenset()

    def extras(self) -> tuple[str, ...]:
        return tuple(sorted(s.split(".", 1)[1] for s in self.sections if s.startswith("optional-dependencies.")))


def plan(project: Project, target: Target, siblings: Mapping[str, str] = {}) -> NixPackage:
    """The planner's package for *project* on *target* (sources and meta left neutral)."""
    options = attrs.evolve(_NEUTRAL, target=target)
    return plan_package(project, options, source=_NO_SOURCE, siblings=siblings).package


#: build requirements nixpkgs never lists as inputs (the planner leaves them out of what it plans;
#: a file that lists one is not asked to keep it)
NOT_INPUTS = BUILD_TOOLS


def build_system(package: NixPackage, target: Target) -> dict[str, Dependency]:
    """The planner's build-system, each entry with the condition its requirements' markers give
    (``tomli; python_version < "3.11"`` is needed only there; the planner lists it unconditionally
    because build-system lists are written without conditions)."""
    attrs_ = [a for a in package.build_system if a not in NOT_INPUTS]
    if package.project is None:
        return {a: Dependency(a) for a in attrs_}
    table = {a: {env: False for env in target.environments} for a in attrs_}
    for env, meta in package.project.per_environment:
        for req in meta.build_requires:
            attr = naming.attr_for(req.name)
            if (
                attr in table
                and env in table[attr]
                and (req.marker is None or req.marker.evaluate(env.marker_environment()))
            ):
                table[attr][env] = True
    out = {}
    for attr, cells in table.items():
        condition = conditions.synthesize(cells, target) if any(cells.values()) else ALWAYS
        if not condition.is_never:
            out[attr] = Dependency(attr, condition)
    return out


def distribution(dep: Dependency) -> str:
    """The distribution name upstream wrote for *dep* (its attribute when it wrote none)."""
    for _, text in dep.requirements:
        try:
            return Requirement(text).name
        except InvalidRequirement:
            continue
    return dep.attr


def specifiers(dep: Dependency) -> tuple[str, ...]:
    """The distinct version specifiers upstream writes for *dep* across environments."""
    out = set()
    for _, text in dep.requirements:
        try:
            spec = str(Requirement(text).specifier)
        except InvalidRequirement:
            spec = text
        if spec:
            out.add(spec)
    return tuple(sorted(out))


def declare(
    package: NixPackage,
    target: Target,
    index: Optional[NixpkgsIndex] = None,
    family: frozenset[str] = frozenset(),
) -> Declared:
    """*package*'s dependency decisions as sections, with the bounds *index*'s versions break."""
    sections: dict[str, dict[str, Dependency]] = {
        "build-system": build_system(package, target),
        "dependencies": {d.attr: d for d in package.dependencies},
    }
    for extra, deps in package.optional_dependencies:
        sections[f"optional-dependencies.{extra}"] = {d.attr: d for d in deps}
    bounds, checked = checkout_bounds(package, index, family) if index is not None else ({}, frozenset())
    requires = package.project.metadata.requires_python if package.project is not None else None
    declared_extras = (
        {e for _, m in package.project.per_environment for e, _ in m.optional_dependencies}
        if package.project
        else set()
    )
    planned = {extra for extra, _ in package.optional_dependencies}
    return Declared(
        name=package.project.name if package.project is not None else package.pname,
        version=package.version,
        sections=sections,
        disabled=cells_of(package.disabled, target),
        bounds=bounds,
        checked=checked,
        remove=tuple(name for name, _ in package.remove_deps),
        requires_python=str(requires) if requires else None,
        unplanned_extras=frozenset(declared_extras - planned),
        unplanned_build=frozenset(
            naming.attr_for(r.name)
            for _, m in (package.project.per_environment if package.project else ())
            for r in m.build_requires
        )
        - set(package.build_system),
    )


def checkout_bounds(
    package: NixPackage, index: NixpkgsIndex, family: frozenset[str] = frozenset()
) -> tuple[dict[str, tuple[Bound, ...]], frozenset[str]]:
    """attr → the bounds of ``dependencies`` the checkout's version of attr breaks, and the
    (normalized) distributions whose bounds could be compared at all.

    Only ``dependencies`` count (the runtime-deps check reads Requires-Dist without extras);
    siblings pin each other by construction; cells where the package is disabled are skipped.
    A version the checkout does not write as a literal is not compared."""
    out: dict[str, tuple[Bound, ...]] = {}
    checked: set[str] = set()
    for dep in package.dependencies:
        if dep.sibling or dep.attr in family or not index.has(dep.attr):
            continue
        raw = index.version(dep.attr)
        try:
            version = Version(raw) if raw else None
        except InvalidVersion:
            version = None
        if version is None:
            continue
        checked.add(canonicalize_name(distribution(dep)))
        found: dict[tuple[str, str], set[str]] = {}
        for _env, req in enforced_requirements(dep, package):
            for spec in req.specifier:
                kind = violation(spec, version)
                if kind is not None:
                    found.setdefault((kind, req.name), set()).add(str(spec))
        if found:
            out[dep.attr] = tuple(
                Bound(dep.attr, name, tuple(sorted(specs)), raw or "", kind)
                for (kind, name), specs in sorted(found.items())
            )
    return out, frozenset(checked)


def live(target: Target, *disabled: Optional[Cells]) -> frozenset[Environment]:
    """The cells where the package is built: the matrix minus every ``disabled`` given."""
    out = frozenset(target.environments)
    for cells in disabled:
        if cells:
            out -= cells
    return out


__all__ = [
    "NOT_INPUTS",
    "Bound",
    "Declared",
    "build_system",
    "checkout_bounds",
    "declare",
    "distribution",
    "live",
    "plan",
    "specifiers",
]
