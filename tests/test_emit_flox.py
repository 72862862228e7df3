"""``emit --flox``: the dagster family gets a Flox environment that builds through the stand-in."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

from conftest import REPO, run_cli
from nixeval import NIX_ENV, requires_nix
from test_flake import _FLOX

from nixpkgs_contrib.flake_eval import nix_files, prepare_stand_in, scan_stand_in_config


@requires_nix
def test_emit_flox_for_the_dagster_family(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "emit", REPO / "examples/dagster/snapshot", "--recipe", REPO / "examples/dagster/recipe.toml",
        "--flox", "--out", out,
    )
    assert result.status == 0, result.stderr
    manifest = tomllib.loads((out / ".flox/env/manifest.toml").read_text())
    assert set(manifest["options"]["systems"]) == {"x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"}
    complete = out / ".flox/pkgs/dagster-complete.nix"
    stand_in = prepare_stand_in(tmp_path / "nixpkgs", scan_stand_in_config(p.read_text() for p in nix_files(out)))
    proc = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", "-E", _FLOX, "--arg", "standIn", str(stand_in),
         "--argstr", "file", str(complete)],
        capture_output=True, text=True, env=NIX_ENV, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert {"dagster", "dagster-graphql", "dagster-pipes", "dagster-shared", "dagster-webserver"} <= set(got["closure"])
    assert set(got["bin"]) == {"dagster", "dagster-graphql", "dagster-webserver"}


def test_complete_environment_uses_the_newest_interpreter_every_package_supports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["emit", REPO / "examples/dagster/snapshot", "--recipe", REPO / "examples/dagster/recipe.toml", "--flox", "--out", out]
    assert run_cli(*args).status == 0
    # the recipe targets 3.11-3.14; dagster requires < 3.14
    assert 'python313.pkg-path = "python313"' in (out / ".flox/env/manifest.toml").read_text()
