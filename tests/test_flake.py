"""Overlay/flake/Flox rendering, and evaluating the result against the stand-in nixpkgs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from nixeval import NIX_ENV, requires_nix

from nixpkgs_contrib import flake_eval
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.flake import DEFAULT_NIXPKGS_URL, FlakeSpec, render_flake_files
from nixpkgs_contrib.flake_eval import (
    NixUnavailableError,
    evaluate_flake,
    nix_files,
    prepare_stand_in,
    scan_stand_in_config,
)

ROOT = Path(__file__).parent.parent
ACME = Path(__file__).parent / "fixtures" / "flake" / "acme"
OVERLAYS = ROOT / "overlays"
GOLDEN = ROOT / "golden"
ATTRS = ("acme-core", "acme-web", "acme-cli")
PYTHONS = ("3.10", "3.11", "3.12", "3.15")
SPEC = FlakeSpec("acme", ATTRS, PYTHONS, main_programs=("acme",))


def write_family(dest: Path, spec: FlakeSpec = SPEC, *, flox: bool = False) -> Path:
    shutil.copytree(ACME, dest)
    for rel, text in render_flake_files(spec, flox=flox).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text)
    return dest


@pytest.mark.parametrize(
    "kwargs",
    [
        {"family": "Acme", "attrs": ATTRS, "pythons": PYTHONS},
        {"family": "acme", "attrs": ("acme_core",), "pythons": PYTHONS},
        {"family": "acme", "attrs": (), "pythons": PYTHONS},
        {"family": "acme", "attrs": ("a", "a"), "pythons": PYTHONS},
        {"family": "acme", "attrs": ATTRS, "pythons": ()},
        {"family": "acme", "attrs": ATTRS, "pythons": ("3.x",)},
        {"family": "acme", "attrs": ATTRS, "pythons": PYTHONS, "systems": ("i686-linux",)},
    ],
)
def test_spec_rejects_bad_input(kwargs):
    with pytest.raises(UserError):
        FlakeSpec(**kwargs)


def test_files_and_layout():
    files = render_flake_files(SPEC, flox=True)
    assert sorted(files) == [".flox/env/manifest.toml", ".flox/pkgs/acme-complete.nix", "flake.nix", "overlay.nix"]
    assert sorted(render_flake_files(SPEC)) == ["flake.nix", "overlay.nix"]
    for rel, text in files.items():
        assert text.endswith("\n") and not text.endswith("\n\n"), rel
        assert "\n\n\n" not in text, rel
        for line in text.splitlines():
            assert line == line.rstrip(), (rel, line)
            assert len(line) <= 100, (rel, line)
    assert DEFAULT_NIXPKGS_URL in files["flake.nix"]
    assert files == render_flake_files(SPEC, flox=True)


def test_overlay_keeps_dependency_order_and_wraps_long_lines():
    long = "acme-" + "x" * 25
    overlay = render_flake_files(FlakeSpec("acme", ("acme-web", long, "acme-core"), ("3.12",)))["overlay.nix"]
    positions = [overlay.index(f"python-modules/{a}") for a in ("acme-web", long, "acme-core")]
    assert positions == sorted(positions)
    assert all(len(line) <= 100 for line in overlay.splitlines())
    assert f"      {long} =\n        python-final.callPackage" in overlay


def test_flox_manifest():
    import tomllib

    manifest = tomllib.loads(render_flake_files(SPEC, flox=True)[".flox/env/manifest.toml"])
    assert manifest["version"] == 1
    assert manifest["install"] == {"python3": {"pkg-path": "python3"}}
    assert sorted(manifest["options"]["systems"]) == sorted(
        ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"]
    )
    pinned = FlakeSpec("acme", ATTRS, PYTHONS, flox_python="3.12")
    manifest = tomllib.loads(render_flake_files(pinned, flox=True)[".flox/env/manifest.toml"])
    assert manifest["install"] == {"python312": {"pkg-path": "python312"}}


@requires_nix
@pytest.mark.nix
def test_rendered_nix_parses():
    for rel, text in render_flake_files(SPEC, flox=True).items():
        if rel.endswith(".nix"):
            proc = subprocess.run(
                ["nix-instantiate", "--parse", "-E", text], capture_output=True, text=True, env=NIX_ENV, check=False
            )
            assert proc.returncode == 0, (rel, proc.stderr)


@requires_nix
@pytest.mark.nix
def test_evaluate_flake_against_the_stand_in(tmp_path):
    out = write_family(tmp_path / "acme")
    report = evaluate_flake(out, pythons=PYTHONS)
    assert report.problems == ()
    assert report.ok
    # the stand-in ships 3.11–3.15: 3.10 is skipped, not an error
    assert report.skipped_interpreters == ("3.10",)
    # acme-core is disabled on 3.15, so its dependents are left out too
    assert {(p, a) for p, _, a in report.unavailable} == {("3.15", a) for a in ATTRS}
    assert report.dependencies[("3.11", "x86_64-linux", "acme-core")] == ("pydantic", "pyinotify", "typing-extensions")
    assert report.dependencies[("3.12", "aarch64-darwin", "acme-core")] == ("pydantic",)
    assert report.dependencies[("3.12", "aarch64-linux", "acme-cli")] == ("acme-web", "click")
    assert {(p, s) for p, s, _ in report.dependencies} == {
        (p, s) for p in ("3.11", "3.12") for s in ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")
    }
    assert not (out / "flake.lock").exists()


@requires_nix
@pytest.mark.nix
def test_evaluate_flake_reports_a_broken_overlay(tmp_path):
    out = write_family(tmp_path / "acme")
    overlay = out / "overlay.nix"
    overlay.write_text(overlay.read_text().replace("acme-core = ", "acme-kore = "))
    report = evaluate_flake(out, pythons=("3.12",))
    assert not report.ok
    assert any("nix flake check failed" in p and "acme-core" in p for p in report.problems)


def test_evaluate_flake_without_nix(tmp_path, monkeypatch):
    monkeypatch.setattr(flake_eval.shutil, "which", lambda name: None)
    with pytest.raises(NixUnavailableError) as info:
        evaluate_flake(tmp_path, pythons=("3.12",))
    assert str(tmp_path) in str(info.value)


_FLOX = """
{ standIn, file }:
let
  pkgs = import standIn { };
  env = pkgs.callPackage (builtins.toPath file) { };
in
{
  closure = builtins.sort builtins.lessThan (map (p: p.pname) env.packages);
  inherit (env) bin;
  python = env.python.pythonVersion;
  drv = builtins.isString env.drvPath;
}
"""


@requires_nix
@pytest.mark.nix
def test_flox_complete_env_evaluates_through_the_stand_in(tmp_path):
    out = write_family(tmp_path / "acme", FlakeSpec("acme", ATTRS, PYTHONS, ("acme",), flox_python="3.12"), flox=True)
    stand_in = prepare_stand_in(tmp_path / "nixpkgs", scan_stand_in_config(p.read_text() for p in nix_files(out)))
    proc = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", "-E", _FLOX, "--arg", "standIn", str(stand_in),
         "--argstr", "file", str(out / ".flox/pkgs/acme-complete.nix")],
        capture_output=True, text=True, env=NIX_ENV, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["python"] == "3.12"
    assert got["bin"] == ["acme"]
    assert got["drv"] is True
    assert set(ATTRS) <= set(got["closure"])
    assert {"click", "pydantic", "pyinotify", "starlette", "uvicorn[standard]"} <= set(got["closure"])


def _overlay_check(family: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    stand_in = prepare_stand_in(tmp_path / "nixpkgs", scan_stand_in_config(p.read_text() for p in nix_files(family)))
    return subprocess.run(
        ["nix", "flake", "check", "--no-build", "--no-write-lock-file",
         "--override-input", "nixpkgs", f"path:{stand_in}",
         "--override-input", "family", f"path:{family.resolve()}", f"path:{OVERLAYS}"],
        capture_output=True, text=True, env=NIX_ENV, check=False,
    )  # fmt: skip


@requires_nix
@pytest.mark.nix
def test_overlay_flake_on_the_fixture_family(tmp_path):
    assert _overlay_check(ACME, tmp_path).returncode == 0
    broken = shutil.copytree(ACME, tmp_path / "broken")
    web = broken / "pkgs/development/python-modules/acme-web/default.nix"
    web.write_text(web.read_text().replace("inherit (acme-core) version src;", "inherit (acme-core) src;"))
    proc = _overlay_check(broken, tmp_path / "second")
    assert proc.returncode != 0
    assert "version" in proc.stderr


GOLDENS = sorted(p for p in GOLDEN.glob("*") if (p / "pkgs/development/python-modules").is_dir())


@requires_nix
@pytest.mark.nix
@pytest.mark.parametrize("family", GOLDENS, ids=[p.name for p in GOLDENS])
def test_golden_family_evaluates(family, tmp_path):
    proc = _overlay_check(family, tmp_path)
    assert proc.returncode == 0, proc.stderr
