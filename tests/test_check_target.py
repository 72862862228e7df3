"""Which interpreters `check` judges a file for: the emitted flake's, --python/--target, emit's default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from nixeval import requires_nix

from nixpkgs_contrib import check
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.matrix import DEFAULT_PYTHONS

GOOD = Path(__file__).parent / "fixtures" / "check" / "good"
MODULE = "pkgs/development/python-modules/acme-web/default.nix"
FLAKE = """{{
  outputs =
    {{ self, nixpkgs }}:
    let
      pythons = [
{}
      ];
    in
    {{ }};
}}
"""


def output_folder(tmp_path: Path, pythons: list[str], *, manifest: bool = True) -> Path:
    """An emit output folder holding acme-web (which has `pythonOlder "3.12"`)."""
    out = tmp_path / "out"
    (out / MODULE).parent.mkdir(parents=True)
    shutil.copy(GOOD / "acme-web.nix", out / MODULE)
    (out / "flake.nix").write_text(FLAKE.format("\n".join(f'        "{p}"' for p in pythons)))
    if manifest:
        (out / "nixpkgs-contrib.json").write_text("{}\n")
    return out


def dead(findings: list[check.Finding]) -> list[str]:
    return [f.message for f in findings if f.rule == check.DEAD_CONDITION.id]


def test_the_flake_lists_the_interpreters(tmp_path):
    out = output_folder(tmp_path, ["python313", "python312", "3.14"])
    assert check.flake_pythons(out / "flake.nix") == ("3.12", "3.13", "3.14")


@pytest.mark.parametrize("where", [".", "pkgs", MODULE])
def test_a_path_in_an_output_folder_is_checked_for_its_flakes_interpreters(tmp_path, where):
    out = output_folder(tmp_path, ["python312", "python313", "python314"])
    assert check.output_folder(out / where) == out.resolve()
    assert dead(check.check_paths([out / where])) == [
        'pythonOlder "3.12" is always false for the target (oldest Python 3.12)'
    ]


def test_each_file_is_checked_for_its_own_folder(tmp_path):
    old = output_folder(tmp_path / "a", ["python312"])
    new = output_folder(tmp_path / "b", ["python311", "python312"])
    findings = check.check_paths([tmp_path])  # neither folder is given, both are found
    assert [Path(f.path).is_relative_to(old) for f in findings if f.rule == check.DEAD_CONDITION.id] == [True]
    assert check.pythons_for(new / MODULE) == ("3.11", "3.12")


def test_python_overrides_the_flake(tmp_path):
    out = output_folder(tmp_path, ["python312", "python313"])
    assert dead(check.check_paths([out], pythons=("3.11", "3.12"))) == []


def test_outside_an_output_folder_the_target_is_emits_default(tmp_path):
    out = output_folder(tmp_path, ["python312"], manifest=False)  # a flake, but not emit's folder
    assert check.output_folder(out / MODULE) is None
    assert check.pythons_for(out / MODULE) == DEFAULT_PYTHONS
    assert dead(check.check_paths([out])) == []  # 3.9-3.13 keeps pythonOlder "3.12" alive


def test_a_flake_without_the_list_is_one_line(tmp_path):
    out = output_folder(tmp_path, ["python312"])
    (out / "flake.nix").write_text("{ outputs = _: { }; }\n")
    with pytest.raises(UserError) as err:
        check.check_paths([out])
    assert str(err.value) == f"{out / 'flake.nix'}:1: cannot read the interpreters: no `pythons = [ … ];` list"


def test_cli_reads_the_flake(cli, tmp_path):
    out = output_folder(tmp_path, ["python312", "python313"])
    assert cli("check", out / "pkgs").status == 1
    assert cli("check", "--python", "3.11-3.13", out / "pkgs").status == 0


@requires_nix
@pytest.mark.nix
def test_check_eval_passes_on_the_quick_starts_own_output(cli, tmp_path):
    """The README quick start's family (its recipe targets 3.11-3.14): the flake evaluates for the
    interpreters emit wrote into it, and the only finding is the maintainer it says is missing."""
    out = tmp_path / "out" / "dagster"
    emitted = cli(
        "emit", REPO / "examples/dagster/snapshot", "--recipe", REPO / "examples/dagster/recipe.toml", "--out", out
    )
    assert emitted.status == 0, emitted.stderr
    result = cli("check", "--eval", out)
    assert [line.split(" ")[1:4] for line in result.stdout.splitlines()] == [["NC026", "warning", "maintainers:"]]
    assert "dagster-shared" in result.stdout
    assert cli("check", "--eval", "--severity", "error", out).status == 0
