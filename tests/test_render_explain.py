"""``--explain``: only conditional dependencies, each with its upstream marker(s) and Nix condition."""

from __future__ import annotations

from conftest import PROJECTS, run_cli
from packaging.requirements import Requirement

from nixpkgs_contrib.conditions import presence_table, synthesize
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import NixPackage
from nixpkgs_contrib.plan import Plan, Reason
from nixpkgs_contrib.render.explain import explain, is_conditional, where

HASH = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro="
TARGET = Target(("3.11", "3.12"), ("x86_64-linux", "aarch64-darwin"))


def reason(attr: str, *requirements: str, per_env: dict | None = None) -> Reason:
    reqs = [Requirement(r) for r in requirements]
    lists = per_env or {env: reqs for env in TARGET.environments}
    table = presence_table(lists, lambda r: r.name, "")[attr]
    return Reason(attr, "dependencies", table, synthesize(table, TARGET), tuple(sorted({str(r) for r in reqs})))


def test_where_is_compact():
    table = {env: env.python == "3.11" or env.system == "x86_64-linux" for env in TARGET.environments}
    assert where(table, TARGET) == "3.11 (every system); 3.12 (x86_64-linux)"
    assert where(dict.fromkeys(TARGET.environments, False), TARGET) == "nowhere on the target"


def test_only_conditional_dependencies_are_shown():
    plan = Plan(
        NixPackage("acme", "acme", "1.0", src=None),  # type: ignore[arg-type]
        (
            reason("attrs", "attrs>=23"),
            reason("tomli", 'tomli>=1; python_version < "3.12"'),
            reason("pywin32", 'pywin32; sys_platform == "win32"'),
            reason("cffi", 'cffi; platform_python_implementation == "CPython"'),
        ),
    )
    text = explain(plan, TARGET)
    assert text.splitlines()[0] == "acme 1.0: 3 conditional dependencies; 1 unconditional one not shown"
    assert "attrs" not in text
    tomli = text.split("[dependencies] tomli\n")[1].split("\n\n")[0].splitlines()
    assert tomli == [
        '  upstream: tomli>=1; python_version < "3.12"',
        "  needed on: 3.11 (every system)",
        '  nix: pythonOlder "3.12"',
    ]
    assert "[dependencies] pywin32\n" in text and "nix: left out (needed nowhere on the target)" in text
    assert "nix: unconditional (the marker holds everywhere on the target)" in text


def test_per_environment_lists_without_a_marker_count_as_conditional():
    older = {env: [Requirement("tomli")] if env.python == "3.11" else [] for env in TARGET.environments}
    r = reason("tomli", "tomli", per_env=older)
    assert is_conditional(r, TARGET)
    plan = Plan(NixPackage("acme", "acme", "1.0", src=None), (r,))  # type: ignore[arg-type]
    assert "upstream: tomli (listed on some interpreters or systems only, no marker)" in explain(plan, TARGET)
    assert not is_conditional(reason("attrs", "attrs"), TARGET)


def test_singular_and_no_dependencies():
    plan = Plan(NixPackage("acme", "acme", "1.0", src=None), (reason("tomli", 'tomli; python_version < "3.12"'),))  # type: ignore[arg-type]
    assert explain(plan, TARGET).splitlines()[0] == "acme 1.0: 1 conditional dependency"
    empty = Plan(NixPackage("acme", "acme", "1.0", src=None), ())  # type: ignore[arg-type]
    assert explain(empty, TARGET) == "acme 1.0: no dependencies\n"


def test_emit_explain(tmp_path) -> None:
    result = run_cli(
        "emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--hash", HASH,
        "--explain", "--quiet", "--out", tmp_path / "out",
    )
    assert result.status == 0, result.stderr
    out = result.stdout
    assert out.startswith("acme-core 2.4.1: ") and "unconditional ones not shown" in out
    block = out.split("[dependencies] tomli\n")[1].split("\n\n")[0]
    assert "upstream: tomli>=1.1; python_version < \"3.11\"" in block
    assert block.strip().endswith('nix: pythonOlder "3.11"')
    assert "[dependencies] pywin32" in out and "[dependencies] pydantic" not in out
    assert "[dependencies] uvloop" in out and "nix: stdenv.hostPlatform.isLinux" in out


def test_cells_where_the_package_is_disabled_are_not_counted():
    """requires-python >=3.10 on a 3.9-3.11 target: what a marker says on 3.9 never reaches a build."""
    from packaging.specifiers import SpecifierSet

    from nixpkgs_contrib.conditions import disabled_condition, evaluate

    wide = Target(("3.9", "3.10", "3.11"), ("x86_64-linux",))
    disabled = disabled_condition(SpecifierSet(">=3.10"), wide)
    off = frozenset(env for env in wide.environments if evaluate(disabled, env))

    def dead(attr: str, requirement: str) -> Reason:
        table = presence_table({env: [Requirement(requirement)] for env in wide.environments}, lambda r: r.name, "")[attr]
        return Reason(attr, "dependencies", table, synthesize(table, wide, off), (requirement,), off)

    plan = Plan(
        NixPackage("acme", "acme", "1.0", src=None),  # type: ignore[arg-type]
        (dead("greenlet", 'greenlet; python_version < "3.10"'), dead("tomli", 'tomli; python_version < "3.11"')),
    )
    text = explain(plan, wide)
    greenlet = text.split("[dependencies] greenlet\n")[1].split("\n\n")[0].splitlines()
    assert greenlet == [
        '  upstream: greenlet; python_version < "3.10"',
        "  needed on: nowhere on the target",
        "  not planned for: 3.9 (disabled: requires-python excludes it)",
        "  nix: left out (needed only where the package is disabled)",
    ]
    tomli = text.split("[dependencies] tomli\n")[1].split("\n\n")[0].splitlines()
    assert tomli[1:] == [
        "  needed on: 3.10 (every system)",
        "  not planned for: 3.9 (disabled: requires-python excludes it)",
        '  nix: pythonOlder "3.11"',
    ]
