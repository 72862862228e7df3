"""family.dependency_order: a heap-based Kahn sort that gives exactly the order of the quadratic
loop it replaced (kept below as the reference), on random graphs and on the golden families."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from test_family import SHAPE_ARGS, emit_api, make

from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.family import dependency_order
from nixpkgs_contrib.model import Dependency, InheritedSource, NixPackage, PypiSource


def reference_order(packages: Sequence[NixPackage]) -> tuple[NixPackage, ...]:
    """The previous implementation, verbatim: sort the ready attributes, take the first, repeat."""
    by_attr = {p.attr: p for p in packages}
    edges: dict[str, set[str]] = {}
    for p in packages:
        needs = {d.attr for d in p.dependencies} | set(p.build_system)
        needs |= {d.attr for _, deps in p.optional_dependencies for d in deps}
        if p.root:
            needs.add(p.root)
        if p.meta_base:
            needs.add(p.meta_base)
        edges[p.attr] = {n for n in needs if n in by_attr and n != p.attr}
    order: list[NixPackage] = []
    done: set[str] = set()
    while len(order) < len(packages):
        ready = sorted(a for a in by_attr if a not in done and edges[a] <= done)
        if not ready:
            stuck = sorted(a for a in by_attr if a not in done)
            raise UserError(f"the family's packages depend on each other in a cycle: {', '.join(stuck)}")
        done.add(ready[0])
        order.append(by_attr[ready[0]])
    return tuple(order)


def package(attr: str, needs: dict[str, list[str]], rng: random.Random) -> NixPackage:
    """A package whose sibling edges are spread over every field dependency_order reads."""
    deps, build, optional, root, meta_base = [], [], [], None, None
    for n in needs.get(attr, []):
        kind = rng.random()
        if kind < 0.5:
            deps.append(Dependency(n))
        elif kind < 0.65:
            build.append(n)
        elif kind < 0.8:
            optional.append(Dependency(n))
        elif kind < 0.9 and root is None:
            root = n
        elif meta_base is None:
            meta_base = n
        else:
            deps.append(Dependency(n))
    deps += [Dependency(attr), Dependency("outside-the-family")]  # ignored: itself, not a sibling
    src = InheritedSource(root, with_version=False) if root else PypiSource(attr, "sha256-x")
    return NixPackage(
        attr=attr,
        pname=attr,
        version="1",
        src=src,
        build_system=tuple(build),
        dependencies=tuple(deps),
        optional_dependencies=(("extra", tuple(optional)),) if optional else (),
        meta_base=meta_base,
    )


def random_family(rng: random.Random, size: int, *, cycle: bool = False) -> list[NixPackage]:
    names = [f"{rng.choice('abcxyz')}{rng.randrange(10 * size)}-{i}" for i in range(size)]
    rank = names[:]
    rng.shuffle(rank)  # edges only from later to earlier in rank: a DAG
    needs: dict[str, list[str]] = {}
    for i, name in enumerate(rank):
        needs[name] = rng.sample(rank[:i], min(i, rng.choice([0, 1, 1, 2, 3, 5])))
    if cycle and size > 1:
        a, b = rng.sample(names, 2)
        needs[a].append(b)
        needs[b].append(a)
    family = [package(name, needs, rng) for name in names]
    rng.shuffle(family)
    return family


def attrs_of(packages: Sequence[NixPackage]) -> list[str]:
    return [p.attr for p in packages]


@pytest.mark.parametrize("seed", range(40))
def test_same_order_as_the_reference_on_random_dags(seed: int) -> None:
    rng = random.Random(seed)
    family = random_family(rng, rng.choice([1, 2, 5, 20, 60, 200]))
    assert attrs_of(dependency_order(family)) == attrs_of(reference_order(family))


@pytest.mark.parametrize("seed", range(10))
def test_same_cycle_error_as_the_reference(seed: int) -> None:
    rng = random.Random(1000 + seed)
    family = random_family(rng, rng.choice([2, 6, 30]), cycle=True)
    with pytest.raises(UserError) as expected:
        reference_order(family)
    with pytest.raises(UserError) as got:
        dependency_order(family)
    assert str(got.value) == str(expected.value)


def test_dependencies_first_ties_by_name() -> None:
    needs = {"b": ["d"], "a": ["d"], "c": []}
    family = [package(a, needs, random.Random(0)) for a in ("a", "b", "c", "d")]
    assert attrs_of(dependency_order(family)) == ["c", "d", "a", "b"]


@pytest.mark.parametrize("shape", sorted(SHAPE_ARGS))
def test_same_order_as_the_reference_on_the_golden_families(shape: str, tmp_path) -> None:
    repo, args = make(shape, tmp_path)
    packages = [plan.package for plan in emit_api(repo, args).emitted.plans]
    assert attrs_of(dependency_order(packages)) == attrs_of(reference_order(packages))
    assert attrs_of(dependency_order(packages[::-1])) == attrs_of(reference_order(packages))

