"""Conditions: marker tables, synthesis, grouping, requires-python."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from nixpkgs_contrib.conditions import (
    ALWAYS,
    NEVER,
    Atom,
    Condition,
    MarkerError,
    bounds_table,
    disabled_condition,
    evaluate,
    group,
    presence_table,
    required_arguments,
    synthesize,
    synthesize_each,
    truth_table,
)
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.matrix import SYSTEMS, Environment, Target

# a fixed matrix (the expectations below are about synthesis, not about the emit default)
WIDE = Target(("3.9", "3.10", "3.11", "3.12", "3.13"))
NEW = Target(("3.11", "3.12", "3.13", "3.14"))

LINUX = Atom("platform", "isLinux")
DARWIN = Atom("platform", "isDarwin")
X86 = Atom("platform", "isx86_64")
ARM = Atom("platform", "isAarch64")


def older(v: str) -> Atom:
    return Atom("pythonOlder", v)


def at_least(v: str) -> Atom:
    return Atom("pythonAtLeast", v)


def cond(*clauses: tuple[Atom, ...]) -> Condition:
    return Condition(tuple(clauses))


def from_marker(marker: str, target: Target = WIDE) -> Condition:
    return synthesize(truth_table(Marker(marker), target), target)


# --------------------------------------------------------------------------------------------------
# truth_table


def test_no_marker_holds_everywhere():
    assert truth_table(None, WIDE) == {env: True for env in WIDE.environments}


def test_truth_table_covers_the_target_in_order():
    table = truth_table(Marker('sys_platform == "linux"'), NEW)
    assert list(table) == list(NEW.environments)
    assert {env for env, hit in table.items() if hit} == {
        Environment(p, s) for p in NEW.pythons for s in ("x86_64-linux", "aarch64-linux")
    }


def test_darwin_arm_reports_arm64():
    table = truth_table(Marker('platform_machine == "arm64"'), WIDE)
    assert {env.system for env, hit in table.items() if hit} == {"aarch64-darwin"}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [("", False), ("socks", True), ("SOCKS", True), ("other", False)],
)
def test_extra_markers(extra, expected):
    table = truth_table(Marker('extra == "socks" and python_version < "3.12"'), NEW, extra=extra)
    assert table[Environment("3.11", "x86_64-linux")] is expected
    assert table[Environment("3.12", "x86_64-linux")] is False


def test_extra_names_are_normalized_on_both_sides():
    table = truth_table(Marker('extra == "Foo_Bar"'), NEW, extra="foo.bar")
    assert all(table.values())


def test_full_version_is_the_latest_patch():
    # redis: async-timeout; python_full_version < "3.11.3": nixpkgs' 3.11 is a later patch release
    table = truth_table(Marker('python_full_version < "3.11.3"'), WIDE)
    assert {env.python for env, hit in table.items() if hit} == {"3.9", "3.10"}


def test_unevaluable_marker_is_a_user_error():
    with pytest.raises(UserError, match="cannot evaluate marker"):
        truth_table(Marker('platform_machine ~= "x86"'), WIDE)
    assert issubclass(MarkerError, UserError)


# --------------------------------------------------------------------------------------------------
# synthesize: hand-written expectations


@pytest.mark.parametrize(
    ("marker", "target", "expected"),
    [
        ('python_version < "3.11"', WIDE, cond((older("3.11"),))),
        ('python_version < "3.11"', NEW, NEVER),
        ('python_version >= "3.11"', WIDE, cond((at_least("3.11"),))),
        ('python_version >= "3.11"', NEW, ALWAYS),
        (
            'python_version >= "3.10" and python_version < "3.12"',
            WIDE,
            cond((at_least("3.10"), older("3.12"))),
        ),
        ('python_version ~= "3.12"', NEW, cond((at_least("3.12"),))),
        (
            'python_version == "3.9" or python_version == "3.13"',
            WIDE,
            cond((older("3.10"),), (at_least("3.13"),)),
        ),
        ('python_version != "3.11"', WIDE, cond((older("3.11"),), (at_least("3.12"),))),
        ('python_full_version >= "3.11.2"', WIDE, cond((at_least("3.11"),))),
        ('sys_platform == "darwin"', WIDE, cond((DARWIN,))),
        ('platform_system == "Linux"', WIDE, cond((LINUX,))),
        ('sys_platform != "linux"', WIDE, cond((DARWIN,))),
        ('platform_machine == "x86_64" and sys_platform == "linux"', WIDE, cond((LINUX, X86))),
        ('platform_machine == "aarch64" or platform_machine == "arm64"', WIDE, cond((ARM,))),
        ('platform_machine != "x86_64"', WIDE, cond((ARM,))),
        ('sys_platform == "linux" and python_version < "3.12"', WIDE, cond((LINUX, older("3.12")))),
        ('python_version < "3.12" and sys_platform == "linux"', WIDE, cond((LINUX, older("3.12")))),
        ('sys_platform != "linux" or python_version < "3.12"', WIDE, cond((DARWIN,), (older("3.12"),))),
        ('implementation_name == "pypy"', WIDE, NEVER),
        ('implementation_name == "cpython"', WIDE, ALWAYS),
        ('sys_platform == "win32"', WIDE, NEVER),
        ('platform_system == "Windows" or os_name == "nt"', WIDE, NEVER),
        ('os_name == "posix"', WIDE, ALWAYS),
        ('platform_machine == "AMD64"', WIDE, NEVER),
    ],
)
def test_synthesize_expected(marker, target, expected):
    assert from_marker(marker, target) == expected


def test_bounds_are_written_at_the_first_interpreter_above_or_in_the_interval():
    gappy = Target(("3.11", "3.13"))
    assert from_marker('python_version < "3.12"', gappy) == cond((older("3.13"),))
    assert from_marker('python_version >= "3.12"', gappy) == cond((at_least("3.13"),))


def test_machine_atoms_only_where_the_os_cannot_say_it():
    linux_only = Target(systems=("x86_64-linux", "aarch64-linux"))
    assert from_marker('platform_machine == "x86_64"', linux_only) == cond((X86,))
    assert from_marker('sys_platform == "linux"', linux_only) == ALWAYS
    diagonal = Target(systems=("x86_64-linux", "aarch64-darwin"))
    assert from_marker('platform_machine == "x86_64"', diagonal) == cond((LINUX,))
    assert from_marker('platform_machine == "arm64"', diagonal) == cond((DARWIN,))


def test_fewest_clauses_before_fewest_atoms():
    # 3.9 everywhere plus linux-x86_64 on 3.10: two clauses beat any spelling with more
    marker = (
        'python_version < "3.10" or '
        '(python_version == "3.10" and platform_machine == "x86_64" and sys_platform == "linux")'
    )
    # clauses in group order: python-only before mixed
    assert from_marker(marker) == cond((older("3.10"),), (LINUX, X86, older("3.11")))


def test_table_must_cover_the_target():
    with pytest.raises(ValueError, match="lacks target cells"):
        synthesize({Environment("3.11", "x86_64-linux"): True}, NEW)


def test_cells_outside_the_target_are_ignored():
    table = truth_table(Marker('python_version < "3.12"'), WIDE)
    small = Target(("3.10", "3.11"))
    assert synthesize(table, small) == ALWAYS


def _disabled_cells(requires_python: str, target: Target) -> frozenset[Environment]:
    disabled = disabled_condition(SpecifierSet(requires_python), target)
    return frozenset(env for env in target.environments if evaluate(disabled, env))


def test_disabled_interpreters_are_dont_care_cells():
    """requires-python >=3.10: what a marker says on 3.9 never reaches a build."""
    target = Target(("3.9", "3.10", "3.11", "3.12", "3.13", "3.14"))
    off = _disabled_cells(">=3.10", target)
    assert {env.python for env in off} == {"3.9"}
    table = lambda marker: truth_table(Marker(marker), target)  # noqa: E731
    # needed only where the package is disabled: dropped
    assert synthesize(table('python_version < "3.10"'), target, off) == NEVER
    # the bound separates only the disabled interpreter: no condition left
    assert synthesize(table('python_version >= "3.10"'), target, off) == ALWAYS
    # still a real bound on enabled interpreters
    assert synthesize(table('python_version < "3.11"'), target, off) == cond((older("3.11"),))
    # a closed interval whose lower end is only the disabled interpreter opens up
    assert synthesize(table('python_version >= "3.10" and python_version < "3.12"'), target, off) == cond((older("3.12"),))
    # platform parts are kept; the python part that only excluded 3.9 goes
    assert synthesize(table('python_version >= "3.10" and sys_platform == "linux"'), target, off) == cond((LINUX,))


def test_dont_care_does_not_change_a_condition_that_is_exact_anyway():
    target = Target(("3.9", "3.10", "3.11", "3.12"))
    table = truth_table(Marker('python_version >= "3.12"'), target)
    assert synthesize(table, target, _disabled_cells("<3.12", target)) == NEVER
    assert synthesize(table, target, _disabled_cells(">=3.9", target)) == cond((at_least("3.12"),))


# --------------------------------------------------------------------------------------------------
# evaluate


@pytest.mark.parametrize(
    ("atom", "env", "expected"),
    [
        (older("3.11"), Environment("3.10", "x86_64-linux"), True),
        (older("3.11"), Environment("3.11", "x86_64-linux"), False),
        (older("3.11.3"), Environment("3.11", "x86_64-linux"), True),  # like builtins.compareVersions
        (at_least("3.11"), Environment("3.11", "x86_64-linux"), True),
        (at_least("3.11"), Environment("3.9", "x86_64-linux"), False),
        (at_least("3.9"), Environment("3.10", "x86_64-linux"), True),  # numeric, not string order
        (ARM, Environment("3.12", "aarch64-darwin"), True),
        (ARM, Environment("3.12", "x86_64-darwin"), False),
        (X86, Environment("3.12", "x86_64-linux"), True),
        (LINUX, Environment("3.12", "aarch64-darwin"), False),
        (DARWIN, Environment("3.12", "aarch64-darwin"), True),
    ],
)
def test_evaluate_atoms(atom, env, expected):
    assert evaluate(cond((atom,)), env) is expected


def test_evaluate_constants_and_compounds():
    env = Environment("3.12", "aarch64-linux")
    assert evaluate(ALWAYS, env) and not evaluate(NEVER, env)
    assert evaluate(cond((DARWIN,), (ARM, older("3.13"))), env)
    assert not evaluate(cond((DARWIN,), (ARM, older("3.12"))), env)


def test_evaluate_rejects_unknown_platform_atoms():
    with pytest.raises(ValueError, match="isWindows"):
        evaluate(cond((Atom("platform", "isWindows"),)), Environment("3.12", "x86_64-linux"))


# --------------------------------------------------------------------------------------------------
# group / required_arguments


def test_group_orders_and_drops():
    mixed = cond((LINUX, older("3.12")))
    conditions = {
        "zeta": ALWAYS,
        "alpha": ALWAYS,
        "gone": NEVER,
        "mixed": mixed,
        "late": cond((at_least("3.13"),)),
        "new": cond((at_least("3.12"),)),
        "old": cond((older("3.12"),)),
        "tomli": cond((older("3.11"),)),
        "tomli-w": cond((older("3.11"),)),
        "range": cond((at_least("3.10"), older("3.12"))),
        "mac": cond((DARWIN,)),
        "linux": cond((LINUX,)),
        "arm": cond((ARM,)),
    }
    assert group(conditions) == (
        (ALWAYS, ("alpha", "zeta")),
        (cond((LINUX,)), ("linux",)),
        (cond((DARWIN,)), ("mac",)),
        (cond((ARM,)), ("arm",)),
        (cond((at_least("3.10"), older("3.12"))), ("range",)),
        (cond((older("3.11"),)), ("tomli", "tomli-w")),
        (cond((older("3.12"),)), ("old",)),
        (cond((at_least("3.12"),)), ("new",)),
        (cond((at_least("3.13"),)), ("late",)),
        (mixed, ("mixed",)),
    )


def test_group_is_independent_of_input_order():
    conditions = {"b": cond((LINUX,)), "a": cond((LINUX,)), "c": ALWAYS, "d": cond((older("3.12"),))}
    assert group(conditions) == group(dict(reversed(conditions.items())))
    assert group({}) == ()
    assert group({"x": NEVER}) == ()


def test_required_arguments():
    assert required_arguments({"a": ALWAYS, "b": NEVER}) == frozenset()
    assert required_arguments({"a": cond((LINUX,))}) == {"lib", "stdenv"}
    assert required_arguments([cond((older("3.12"),), (DARWIN, at_least("3.13")))]) == {
        "lib",
        "stdenv",
        "pythonOlder",
        "pythonAtLeast",
    }
    assert required_arguments([], disabled=cond((older("3.12"),))) == {"pythonOlder"}
    assert required_arguments([ALWAYS], disabled=ALWAYS) == frozenset()


# --------------------------------------------------------------------------------------------------
# presence_table / bounds_table


def _name_of(req: Requirement) -> str:
    return req.name.lower().replace("_", "-")


def test_presence_merges_different_bounds_and_markers():
    per_env = {}
    for env in WIDE.environments:
        proto = "protobuf>=3.20,<7" if env.python in ("3.9", "3.10") else "protobuf>=4,<7"
        reqs = [proto, 'tomli; python_version < "3.11"', "Typing_Extensions>=4"]
        if env.python == "3.13":  # a setup.py branch that only lists it on 3.13
            reqs.append("audioop-lts")
        per_env[env] = [Requirement(r) for r in reqs]
    tables = presence_table(per_env, _name_of)
    assert list(tables) == ["audioop-lts", "protobuf", "tomli", "typing-extensions"]
    conditions = synthesize_each(tables, WIDE)
    assert conditions == {
        "audioop-lts": cond((at_least("3.13"),)),
        "protobuf": ALWAYS,
        "tomli": cond((older("3.11"),)),
        "typing-extensions": ALWAYS,
    }
    bounds = bounds_table(per_env, _name_of)
    assert bounds["protobuf"][Environment("3.9", "x86_64-linux")] == SpecifierSet(">=3.20,<7")
    assert bounds["protobuf"][Environment("3.12", "aarch64-darwin")] == SpecifierSet(">=4,<7")
    assert set(bounds["tomli"]) == {e for e in WIDE.environments if e.python in ("3.9", "3.10")}


def test_presence_of_extra_dependencies():
    reqs = [
        Requirement('pysocks>=1.5; extra == "socks"'),
        Requirement('win-inet-pton; extra == "socks" and sys_platform == "win32"'),
    ]
    per_env = {env: reqs for env in NEW.environments}
    assert not any(presence_table(per_env, _name_of)["pysocks"].values())
    socks = presence_table(per_env, _name_of, extra="socks")
    assert all(socks["pysocks"].values()) and not any(socks["win-inet-pton"].values())
    assert synthesize_each(socks, NEW) == {"pysocks": ALWAYS, "win-inet-pton": NEVER}


def test_bounds_intersect_requirements_on_one_attribute():
    reqs = [Requirement("foo>=1"), Requirement('foo<3; python_version < "3.12"')]
    bounds = bounds_table({env: reqs for env in NEW.environments}, _name_of)["foo"]
    assert bounds[Environment("3.11", "x86_64-linux")] == SpecifierSet(">=1,<3")
    assert bounds[Environment("3.12", "x86_64-linux")] == SpecifierSet(">=1")


# --------------------------------------------------------------------------------------------------
# disabled_condition


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, NEVER),
        (">=3.9", NEVER),
        (">=3.11", NEVER),
        (">=3.12", cond((older("3.12"),))),
        (">=3.12.1", cond((older("3.12"),))),  # nixpkgs ships the latest 3.12 patch release
        (">=3.11,<3.14", cond((at_least("3.14"),))),
        ("<=3.13", cond((at_least("3.14"),))),  # 3.13.0 is admitted
        ("<3.13.4", cond((at_least("3.14"),))),
        ("!=3.12.*", cond((at_least("3.12"), older("3.13")))),
        ("==3.12.5", cond((older("3.12"),), (at_least("3.13"),))),
        ("~=3.12.1", cond((older("3.12"),), (at_least("3.13"),))),
        (">=3.15", ALWAYS),
        (">=2.7,!=3.0.*,!=3.1.*", NEVER),
    ],
)
def test_disabled_condition(spec, expected):
    assert disabled_condition(None if spec is None else SpecifierSet(spec), NEW) == expected


# --------------------------------------------------------------------------------------------------
# properties

PYTHONS = tuple(f"3.{n}" for n in range(8, 16))
VERSION_OPS = ("<", "<=", ">", ">=", "==", "!=")


def _leaf(draw) -> str:
    kind = draw(st.sampled_from(["pv", "pv", "pfv", "sys", "system", "os", "impl", "machine", "machine_in"]))
    if kind == "pv":
        return f'python_version {draw(st.sampled_from(VERSION_OPS + ("~=",)))} "3.{draw(st.integers(7, 16))}"'
    if kind == "pfv":
        patch = draw(st.one_of(st.just(""), st.integers(0, 20).map(lambda p: f".{p}")))
        return f'python_full_version {draw(st.sampled_from(VERSION_OPS))} "3.{draw(st.integers(7, 16))}{patch}"'
    eq = draw(st.sampled_from(["==", "!="]))
    values = {
        "sys": ("sys_platform", ["linux", "darwin", "win32", "cygwin"]),
        "system": ("platform_system", ["Linux", "Darwin", "Windows"]),
        "os": ("os_name", ["posix", "nt"]),
        "impl": ("implementation_name", ["cpython", "pypy"]),
        "machine": ("platform_machine", ["x86_64", "aarch64", "arm64", "AMD64", "i686"]),
    }
    if kind == "machine_in":
        op = draw(st.sampled_from(["in", "not in"]))
        return f'platform_machine {op} "x86_64 AMD64 arm64"'
    name, choices = values[kind]
    return f'{name} {eq} "{draw(st.sampled_from(choices))}"'


@st.composite
def markers(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return _leaf(draw)
    left, right = draw(markers(depth - 1)), draw(markers(depth - 1))
    return f"({left}) {draw(st.sampled_from(['and', 'or']))} ({right})"


@st.composite
def targets(draw) -> Target:
    pythons = draw(st.lists(st.sampled_from(PYTHONS), min_size=1, max_size=7, unique=True))
    systems = draw(st.lists(st.sampled_from(tuple(SYSTEMS)), min_size=1, unique=True))
    return Target(
        tuple(sorted(pythons, key=lambda p: int(p.split(".")[1]))),
        tuple(sorted(systems, key=list(SYSTEMS).index)),
    )


@settings(max_examples=300, deadline=None)
@given(markers(), targets())
def test_synthesis_is_exact(marker, target):
    table = truth_table(Marker(marker), target)
    result = synthesize(table, target)
    assert {env: evaluate(result, env) for env in target.environments} == table
    for clause in result.clauses:
        kinds = [a.kind == "platform" for a in clause]
        assert kinds == sorted(kinds, reverse=True), "platform atoms come first"
    # deterministic and independent of the table's iteration order
    assert synthesize(dict(reversed(table.items())), target) == result


@settings(max_examples=200, deadline=None)
@given(markers(), targets(), st.data())
def test_synthesis_with_dont_care_is_exact_on_the_other_cells(marker, target, data):
    table = truth_table(Marker(marker), target)
    dont_care = frozenset(data.draw(st.lists(st.sampled_from(target.environments), unique=True)))
    result = synthesize(table, target, dont_care)
    for env in target.environments:
        if env not in dont_care:
            assert evaluate(result, env) == table[env], env
    size = lambda c: (len(c.clauses), sum(len(cl) for cl in c.clauses))  # noqa: E731
    plain = synthesize(table, target)
    if not plain.is_always and not result.is_always:
        assert size(result) <= size(plain)


_VERSIONS = st.sampled_from(PYTHONS + ("3.16",))
ATOMS = st.one_of(st.sampled_from([LINUX, DARWIN, X86, ARM]), _VERSIONS.map(older), _VERSIONS.map(at_least))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_synthesis_is_never_bigger_than_a_known_spelling(data):
    """Any DNF over the nixpkgs atoms is at least as long as what synthesize finds for its table."""
    target = data.draw(targets())
    clauses = data.draw(
        st.lists(st.lists(ATOMS, max_size=4, unique=True).map(tuple), min_size=1, max_size=3)
    )
    known = Condition(tuple(clauses))
    table = {env: evaluate(known, env) for env in target.environments}
    result = synthesize(table, target)
    assert {env: evaluate(result, env) for env in target.environments} == table
    size = lambda c: (len(c.clauses), sum(len(cl) for cl in c.clauses))  # noqa: E731
    if not result.is_always:
        assert size(result) <= size(known)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "f"]), markers(depth=1)), targets())
def test_group_partitions_the_present_attributes(markers_by_attr, target):
    conditions = {
        name: synthesize(truth_table(Marker(m), target), target) for name, m in markers_by_attr.items()
    }
    groups = group(conditions)
    listed = [name for _, names in groups for name in names]
    assert sorted(listed) == sorted(n for n, c in conditions.items() if not c.is_never)
    assert len({c for c, _ in groups}) == len(groups)
    assert all(c == ALWAYS for c, _ in groups[:1]) or all(not c.is_always for c, _ in groups)
