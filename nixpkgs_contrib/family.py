"""Monorepos: plan a family of packages released from one repository.

Chooses the sharing model of the conventions (§6.2): one root owning ``version`` and ``src`` with
siblings inheriting both (lock-step releases), or only ``src`` (a sibling on its own version
track), or independent sources with per-package tags.  Sibling requirements resolve to sibling
attributes; exact pins between siblings hold by construction and are marked so, never relaxed.
"""

from __future__ import annotations

import fnmatch
import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, Optional

import attrs
from packaging.utils import canonicalize_name

from . import conditions, naming
from .errors import UserError
from .matrix import Target
from .model import Family, GitHubSource, InheritedSource, NixPackage, Project
from .plan import Options, Plan, main_program_for, plan_package, tag_parts
from .recipe import PackageRecipe

Sharing = Literal["auto", "inherit", "independent"]

#: directory names never searched for projects by ``--all``
SKIPPED_DIRS = frozenset({
    ".git", ".github", "test", "tests", "testing", "doc", "docs", "example", "examples", "fixtures",
    "testdata", "test_data", "node_modules", "__pycache__", ".tox", ".venv", "venv", "build", "dist",
})


@attrs.frozen
class Member:
    """One package of the family and what the user said about it (its recipe entry)."""

    project: Project
    overrides: PackageRecipe = attrs.field(
        default=attrs.Factory(lambda self: PackageRecipe(self.project.subdir), takes_self=True)
    )


@attrs.frozen
class FamilyPlan:
    family: Family
    plans: tuple[Plan, ...]
    #: command-line programs of the family (for the "complete" environment)
    programs: tuple[str, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return self.family.attrs


def discover(files: Iterable[str], is_project: Callable[[str], bool], exclude: Sequence[str] = ()) -> list[str]:
    """Project directories below a repository root (``--all``), sorted."""
    candidates: set[str] = set()
    for f in files:
        parts = f.split("/")
        if parts[-1] not in ("pyproject.toml", "setup.py", "setup.cfg"):
            continue
        dirs = parts[:-1]
        if any(d in SKIPPED_DIRS or d.startswith(".") for d in dirs):
            continue
        candidates.add("/".join(dirs))
    out = []
    for subdir in sorted(candidates):
        # a pattern excludes a directory and everything below it (``--exclude contrib``)
        prefixes = ["/".join(subdir.split("/")[:i]) for i in range(1, subdir.count("/") + 2)]
        if any(fnmatch.fnmatchcase(p, pat.rstrip("/")) for p in prefixes for pat in exclude):
            continue
        if is_project(subdir):
            out.append(subdir)
    return out


def _attr(member: Member) -> str:
    return member.overrides.attr or naming.attr_for(member.project.name)


def _sibling_requirements(m: Member, names: set[str]) -> set[str]:
    """Siblings *m* needs in any environment (runtime, extras or build)."""
    out: set[str] = set()
    for _, meta in m.project.per_environment:
        reqs = list(meta.dependencies) + list(meta.build_requires)
        reqs += [r for _, extra in meta.optional_dependencies for r in extra]
        out |= {canonicalize_name(r.name) for r in reqs} & names
    out.discard(canonicalize_name(m.project.name))
    return out


def choose_root(members: Sequence[Member], tag: str, repo: Optional[str], target: Optional[Target] = None) -> Member:
    """The package that owns ``version`` and ``src``.

    Its version must be the tag's, and it must need no sibling: every sibling inherits from it, so
    it comes first in dependency order (each nixpkgs commit must evaluate on its own).  Among those,
    prefer the one disabled on the fewest target interpreters (a disabled package throws, and so
    would every sibling reading its ``src``), then the one named like the repository, then the one
    most siblings need (transitively), then the shortest name."""
    names = {canonicalize_name(m.project.name) for m in members}
    needs = {canonicalize_name(m.project.name): _sibling_requirements(m, names) for m in members}
    matching = []
    for m in members:
        try:
            tag_parts(tag, m.project.version)
        except UserError:
            continue
        matching.append(m)
    if not matching:
        found = ", ".join(f"{m.project.name} {m.project.version}" for m in members)
        raise UserError(f"tag {tag!r} matches none of the versions found in the tree ({found})")
    leaves = [m for m in matching if not needs[canonicalize_name(m.project.name)]]
    if not leaves:
        raise UserError(
            "every package released at this tag needs a sibling, so none can own the shared source; "
            "use --sharing independent"
        )

    def dependents(name: str) -> int:
        seen: set[str] = set()
        frontier = {name}
        while frontier:
            frontier = {other for other, wanted in needs.items() if wanted & frontier} - seen
            seen |= frontier
        return len(seen)

    def disabled_on(m: Member) -> int:
        if target is None:
            return 0
        cond = conditions.disabled_condition(m.project.metadata.requires_python, target)
        return sum(conditions.evaluate(cond, env) for env in target.environments) + len(m.project.unsupported)

    repo_name = canonicalize_name(repo) if repo else None
    return min(
        leaves,
        key=lambda m: (
            disabled_on(m),
            canonicalize_name(m.project.name) != repo_name,
            -dependents(canonicalize_name(m.project.name)),
            len(m.project.name),
            m.project.name,
        ),
    )


def dependency_order(packages: Sequence[NixPackage]) -> tuple[NixPackage, ...]:
    """Topological order (dependencies first), ties broken by attribute name; a cycle is an error.

    Kahn's algorithm with the ready packages in a heap: always the smallest ready attribute
    next, which is the order the old quadratic "sort what is ready, take the first" loop gave,
    in O((n + e) log n).
    """
    by_attr = {p.attr: p for p in packages}
    waiting_on: dict[str, int] = {}  # attr -> how many of its siblings must come first
    needed_by: dict[str, list[str]] = {attr: [] for attr in by_attr}
    for attr, p in by_attr.items():
        needs = {d.attr for d in p.dependencies} | set(p.build_system)
        needs |= {d.attr for _, deps in p.optional_dependencies for d in deps}
        if p.root:
            needs.add(p.root)
        if p.meta_base:
            needs.add(p.meta_base)
        needs = {n for n in needs if n in by_attr and n != attr}
        waiting_on[attr] = len(needs)
        for n in needs:
            needed_by[n].append(attr)
    ready = [attr for attr, count in waiting_on.items() if not count]
    heapq.heapify(ready)
    order: list[NixPackage] = []
    while ready:
        attr = heapq.heappop(ready)
        order.append(by_attr[attr])
        for dependent in needed_by[attr]:
            waiting_on[dependent] -= 1
            if not waiting_on[dependent]:
                heapq.heappush(ready, dependent)
    if len(order) < len(packages):
        stuck = sorted(attr for attr, count in waiting_on.items() if count)
        raise UserError(f"the family's packages depend on each other in a cycle: {', '.join(stuck)}")
    return tuple(order)


def _disabled_with_root(plan: Plan, root: Plan, target: Target) -> Plan:
    """A sibling that reads ``<root>.src`` cannot evaluate where the root is disabled (it throws),
    so it is disabled there too."""
    if root.package.disabled.is_never:
        return plan
    table = {
        env: conditions.evaluate(plan.package.disabled, env) or conditions.evaluate(root.package.disabled, env)
        for env in target.environments
    }
    disabled = conditions.synthesize(table, target)
    return attrs.evolve(plan, package=attrs.evolve(plan.package, disabled=disabled))


def check_sibling_pins(members: Sequence[Member], target: Target) -> None:
    """A requirement on a sibling is satisfied by construction only if the sibling's version in the
    tree meets it; otherwise the build's runtime dependency check fails, so say it now."""
    versions = {canonicalize_name(m.project.name): m.project.version for m in members}
    for m in members:
        for env, meta in m.project.per_environment:
            reqs = list(meta.dependencies) + [r for _, extra in meta.optional_dependencies for r in extra]
            for req in reqs:
                name = canonicalize_name(req.name)
                if name not in versions or name == canonicalize_name(m.project.name):
                    continue
                if req.marker is not None and not req.marker.evaluate(env.marker_environment()):
                    continue
                if not req.specifier.contains(versions[name], prereleases=True):
                    raise UserError(
                        f"{m.project.name} requires {req} but the tree has {req.name} {versions[name]}",
                        path=m.project.label,
                    )


def plan_family(
    name: str,
    members: Sequence[Member],
    options: Options,
    *,
    tag_format: Optional[str] = None,
    sharing: Sharing = "auto",
) -> FamilyPlan:
    """Plan every member; *options* carries the family's GitHub repository, tag and hash."""
    if not members:
        raise UserError("the family has no packages")
    seen: dict[str, str] = {}
    for m in members:
        key = canonicalize_name(m.project.name)
        if key in seen:
            raise UserError(f"two packages are named {m.project.name!r}: {seen[key]} and {m.project.subdir or '.'}")
        seen[key] = m.project.subdir or "."
    siblings = {canonicalize_name(m.project.name): _attr(m) for m in members}
    check_sibling_pins(members, options.target)

    def options_for(m: Member, **changes: object) -> Options:
        o = m.overrides
        return attrs.evolve(
            options,
            attr=o.attr,
            extra_imports=o.imports,
            no_check_reason=o.no_check if o.no_check is not None else options.no_check_reason,
            relax_deps=o.relax,
            remove_deps=o.remove,
            maintainers=o.maintainers or options.maintainers,
            **changes,
        )

    plans: dict[str, Plan] = {}
    if tag_format is not None or sharing == "independent":
        model = "per-package-tags" if tag_format else "independent"
        for m in members:
            tag = tag_format.format(name=m.project.name, pname=canonicalize_name(m.project.name), version=m.project.version) if tag_format else options.tag
            digest = m.overrides.hash or (options.hash if not tag_format else None)
            if options.github and not digest:
                raise UserError(
                    f"{m.project.name}: no hash for tag {tag!r}; give one per package in the recipe, or emit from a "
                    "checkout that has the tag (hashed offline), or pass --prefetch (network), or --fake-hash (placeholder)"
                )
            plan = plan_package(m.project, options_for(m, tag=tag, hash=digest), siblings=siblings)
            plans[plan.package.attr] = plan
    else:
        if not options.github or not options.tag:
            raise UserError("a family shares one fetchFromGitHub source: pass --github OWNER/REPO and --tag TAG (or --tag-format for per-package tags)")
        root = choose_root(members, options.tag, options.github[1], options.target)
        root_plan = plan_package(root.project, options_for(root), siblings=siblings)
        root_attr = root_plan.package.attr
        plans[root_attr] = root_plan
        assert isinstance(root_plan.package.src, GitHubSource)
        model = "lockstep"
        for m in members:
            if m is root:
                continue
            same_version = m.project.version == root.project.version
            if not same_version:
                model = "own-version"
            # ``meta = <root>.meta // { … }`` would also hand down the root's mainProgram
            share_meta = root_plan.package.meta.main_program is None or main_program_for(m.project.metadata) is not None
            plan = plan_package(
                m.project,
                options_for(m),
                source=InheritedSource(root_attr, with_version=same_version),
                siblings=siblings,
                meta_base=root_attr if share_meta else None,
                root_github=root_plan.package.src,
                root_meta=root_plan.package.meta if share_meta else None,
            )
            plan = _disabled_with_root(plan, root_plan, options.target)
            plans[plan.package.attr] = plan
    ordered = dependency_order([p.package for p in plans.values()])
    programs = sorted({
        e.name for m in members for e in m.project.metadata.entry_points if e.group == "console_scripts"
    })
    return FamilyPlan(
        Family(name, ordered, model),  # type: ignore[arg-type]
        tuple(plans[p.attr] for p in ordered),
        tuple(programs),
    )


def wanted_subdir(subdir: str) -> str:
    """Validate a ``--package`` argument: relative, inside the repository."""
    from .upstream.tree import normalize

    try:
        rel = normalize(subdir)
    except Exception:
        raise UserError(f"--package {subdir!r} leaves the repository") from None
    return rel


__all__ = ["Member", "FamilyPlan", "plan_family", "discover", "dependency_order", "choose_root", "SKIPPED_DIRS"]
