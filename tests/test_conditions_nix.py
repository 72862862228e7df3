"""Synthesized conditions, rendered by render/nix.py and evaluated by real Nix, match packaging.

Each example renders one ``dependencies = [ … ] ++ lib.optionals … [ … ];`` binding for several
attributes with random markers, wraps it in a function like a package file's, and lets one
``nix-instantiate`` call list, for every cell of the target, the attributes Nix selects there.
That list must equal what ``packaging`` computes from the markers for pip on that cell.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.markers import Marker

from nixpkgs_contrib.conditions import ALWAYS, Atom, Condition, group, required_arguments, synthesize, truth_table
from nixpkgs_contrib.matrix import SYSTEMS, Environment, Target
from nixpkgs_contrib.render import nix

pytestmark = [
    pytest.mark.nix,
    pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs nix-instantiate"),
]

from nixeval import NIX_CONFIG  # noqa: E402

ATTRS = ("alpha", "beta-x", "gamma_1", "delta", "eps-ilon", "zeta")
PYTHONS = tuple(f"3.{n}" for n in range(8, 16))
VERSION_OPS = ("<", "<=", ">", ">=", "==", "!=")

# The stand-in for what nixpkgs passes a python-modules file: lib.optionals, stdenv.hostPlatform
# derived from the system name, and pythonOlder/pythonAtLeast on python.pythonVersion ("3.N").
HARNESS = """\
let
  package = {formals}:
    {{
    {binding}
    }};
  lib.optionals = cond: xs: if cond then xs else [ ];
  matches = re: s: builtins.match re s != null;
  cell = c: {{
    inherit lib;
    stdenv.hostPlatform = {{
      isLinux = matches ".*-linux" c.system;
      isDarwin = matches ".*-darwin" c.system;
      isx86_64 = matches "x86_64-.*" c.system;
      isAarch64 = matches "aarch64-.*" c.system;
    }};
    pythonOlder = v: builtins.compareVersions c.python v < 0;
    pythonAtLeast = v: builtins.compareVersions c.python v >= 0;
  }} // {names};
  run = c: (package (builtins.intersectAttrs (builtins.functionArgs package) (cell c))).dependencies;
in
map run {cells}
"""


def _leaf(draw) -> str:
    kind = draw(st.sampled_from(["pv", "pv", "pfv", "sys", "system", "os", "impl", "machine"]))
    if kind == "pv":
        return f'python_version {draw(st.sampled_from(VERSION_OPS))} "3.{draw(st.integers(7, 16))}"'
    if kind == "pfv":
        patch = draw(st.one_of(st.just(""), st.integers(0, 20).map(lambda p: f".{p}")))
        return f'python_full_version {draw(st.sampled_from(VERSION_OPS))} "3.{draw(st.integers(7, 16))}{patch}"'
    name, choices = {
        "sys": ("sys_platform", ["linux", "darwin", "win32"]),
        "system": ("platform_system", ["Linux", "Darwin", "Windows"]),
        "os": ("os_name", ["posix", "nt"]),
        "impl": ("implementation_name", ["cpython", "pypy"]),
        "machine": ("platform_machine", ["x86_64", "aarch64", "arm64", "AMD64"]),
    }[kind]
    return f'{name} {draw(st.sampled_from(["==", "!="]))} "{draw(st.sampled_from(choices))}"'


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


def _pip_environment(env: Environment) -> dict[str, str]:
    """What pip reports on nixpkgs' interpreter: a late patch release of 3.N (the oracle's own copy)."""
    late = f"{env.python}.50"
    return env.marker_environment() | {"python_full_version": late, "implementation_version": late}


def _synthesized(markers_by_attr: dict[str, str], target: Target) -> dict[str, Condition]:
    return {name: synthesize(truth_table(Marker(m), target), target) for name, m in markers_by_attr.items()}


def _expression(conditions: dict[str, Condition], target: Target) -> str:
    terms = [nix.Term(names, None if cond == ALWAYS else cond) for cond, names in group(conditions)]
    formals = sorted(required_arguments(conditions) | set(conditions))
    cells = [{"python": env.python, "system": env.system} for env in target.environments]
    return HARNESS.format(
        formals="{ " + ", ".join(formals) + " }" if formals else "{ }",
        binding=nix.concat("dependencies", terms, "  "),
        names="{ " + " ".join(f"{nix.attr_name(n)} = {nix.string(n)};" for n in sorted(conditions)) + " }",
        cells="[ "
        + " ".join("{ " + " ".join(f"{k} = {nix.string(v)};" for k, v in c.items()) + " }" for c in cells)
        + " ]",
    )


def _nix_eval(expression: str) -> object:
    env = dict(os.environ, NIX_CONFIG=NIX_CONFIG)
    proc = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", "-E", expression],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, f"{proc.stderr}\n--- expression ---\n{expression}"
    return json.loads(proc.stdout)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(ATTRS), markers(), min_size=1, max_size=5), targets())
def test_nix_selects_what_pip_installs(markers_by_attr, target):
    expression = _expression(_synthesized(markers_by_attr, target), target)
    selected = _nix_eval(expression)
    assert len(selected) == len(target.environments)
    for env, names in zip(target.environments, selected):
        expected = sorted(n for n, m in markers_by_attr.items() if Marker(m).evaluate(_pip_environment(env)))
        assert sorted(names) == expected, f"{env}\n{expression}"
        assert len(names) == len(set(names)), "an attribute is listed twice"


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        # cells: (3.11, x86_64-linux), (3.11, aarch64-darwin), (3.12, x86_64-linux), (3.12, aarch64-darwin)
        ((), [[], [], [], []]),
        (((),), [["alpha"]] * 4),
        (((Atom("pythonOlder", "3.12"),),), [["alpha"], ["alpha"], [], []]),
        (((Atom("pythonAtLeast", "3.12"),),), [[], [], ["alpha"], ["alpha"]]),
        (((Atom("platform", "isDarwin"),),), [[], ["alpha"], [], ["alpha"]]),
        (((Atom("platform", "isx86_64"),),), [["alpha"], [], ["alpha"], []]),
        (
            (
                (Atom("platform", "isAarch64"), Atom("pythonAtLeast", "3.12")),
                (Atom("pythonOlder", "3.12"), Atom("platform", "isLinux")),
            ),
            [["alpha"], [], [], ["alpha"]],
        ),
    ],
)
def test_harness_tells_conditions_apart(clauses, expected):
    """The stand-in evaluates hand-written conditions as nixpkgs would (so the property can fail)."""
    target = Target(("3.11", "3.12"), ("x86_64-linux", "aarch64-darwin"))
    assert _nix_eval(_expression({"alpha": Condition(clauses), "beta-x": Condition(())}, target)) == expected
