"""One output folder, many packages: a second emit adds to the shared files instead of orphaning
the first; --force replaces a package; what the folder holds is read from our manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECTS, run_cli
from nixeval import requires_nix

from nixpkgs_contrib import flake_eval, outfolder
from nixpkgs_contrib.errors import OutputError
from nixpkgs_contrib.outfolder import Folder, FolderPackage
from nixpkgs_contrib.plan import FAKE_HASH

MODULES = "pkgs/development/python-modules"
ACME = [PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--hash", FAKE_HASH, "--maintainer", "alice"]
TINY = [PROJECTS / "flit-module", "--github", "aperson/tinyjson-schema", "--tag", "v0.3.2", "--hash", FAKE_HASH, "--no-check", "none"]


def emit(out: Path, args: list, *extra: str):
    return run_cli("emit", *args, "--quiet", "--out", out, *extra)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_second_emit_adds_to_the_shared_files(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY).status == 0  # the dependency first, as a contributor would
    first = (out / MODULES / "tinyjson-schema/default.nix").read_bytes()
    second = emit(out, ACME)
    assert second.status == 0, second.stderr
    assert (out / MODULES / "tinyjson-schema/default.nix").read_bytes() == first
    registrations = (out / "python-packages.nix").read_text()
    assert registrations == (
        "  acme-core = callPackage ../development/python-modules/acme-core { };\n\n"
        "  tinyjson-schema = callPackage ../development/python-modules/tinyjson-schema { };\n"
    )
    overlay = (out / "overlay.nix").read_text()
    assert overlay.index("tinyjson-schema = python-final") < overlay.index("acme-core = python-final")  # order added
    flake = (out / "flake.nix").read_text()
    assert '"tinyjson-schema"\n        "acme-core"' in flake and 'programs = [ "acme" ];' in flake
    manifest = json.loads((out / outfolder.MANIFEST).read_text())
    assert [p["attr"] for p in manifest["packages"]] == ["tinyjson-schema", "acme-core"]
    assert manifest["family"] == "acme-core"


def test_the_same_package_again_needs_force_and_keeps_its_place(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY).status == 0 and emit(out, ACME).status == 0
    before = snapshot(out)
    again = emit(out, TINY)
    assert again.status == 1
    (line,) = again.stderr.splitlines()
    assert "tinyjson-schema is already in this folder; pass --force to replace it" in line
    assert snapshot(out) == before  # nothing touched
    replaced = run_cli("emit", *TINY[:-2], "--no-check", "other reason", "--force", "--out", out)
    assert replaced.status == 0, replaced.stderr
    assert "Replaced (--force): tinyjson-schema." in replaced.stderr
    assert "# other reason" in (out / MODULES / "tinyjson-schema/default.nix").read_text()
    manifest = json.loads((out / outfolder.MANIFEST).read_text())
    assert [p["attr"] for p in manifest["packages"]] == ["tinyjson-schema", "acme-core"]
    assert (out / "overlay.nix").read_bytes() == before["overlay.nix"]


def test_a_folder_that_is_not_ours_is_not_merged_into(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "flake.nix").write_text("{ outputs = _: { }; }\n")
    res = emit(out, ACME)
    assert res.status == 1 and "flake.nix already exists" in res.stderr and "--force" in res.stderr
    assert (out / "flake.nix").read_text() == "{ outputs = _: { }; }\n"


def test_a_package_deleted_by_hand_is_dropped_from_the_shared_files(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY).status == 0
    shutil.rmtree(out / MODULES / "tinyjson-schema")
    res = run_cli("emit", *ACME, "--out", out)
    assert res.status == 0, res.stderr
    assert "No longer in the shared files (their default.nix is gone): tinyjson-schema." in res.stderr
    assert "tinyjson-schema" not in (out / "overlay.nix").read_text() + (out / "python-packages.nix").read_text()


def test_folders_of_different_targets_keep_the_common_interpreters(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY, "--python", "3.11-3.13").status == 0
    assert emit(out, ACME, "--python", "3.12-3.14").status == 0
    assert '"python312"\n        "python313"\n      ];' in (out / "flake.nix").read_text()
    other = tmp_path / "other"
    assert emit(other, TINY, "--python", "3.11").status == 0
    res = emit(other, ACME, "--python", "3.13")
    assert res.status == 1 and "share no interpreter" in res.stderr


def test_flox_is_kept_for_the_whole_folder(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY, "--flox").status == 0
    res = emit(out, ACME)
    assert res.status == 0, res.stderr
    complete = (out / ".flox/pkgs/acme-core-complete.nix").read_text()
    assert "ps.tinyjson-schema" in complete and "ps.acme-core" in complete


def test_damaged_manifest_is_one_line(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY).status == 0
    (out / outfolder.MANIFEST).write_text("{ not json")
    res = emit(out, ACME)
    assert res.status == 1
    (line,) = res.stderr.splitlines()
    assert "nixpkgs-contrib.json: cannot read the folder's manifest" in line


def test_merge_is_pure_and_checks_files(tmp_path):
    a = FolderPackage("a", "1", "a", ("3.12", "3.13"))
    b = FolderPackage("b", "1", "b", ("3.13",))
    (tmp_path / MODULES / "a").mkdir(parents=True)
    (tmp_path / MODULES / "a/default.nix").write_text("{ }\n")
    merged = outfolder.merge(Folder("a", (a,)), Folder("b", (b,)), out=tmp_path, force=False)
    assert merged.folder.attrs == ("a", "b") and merged.folder.pythons == ("3.13",) and merged.kept == ("a",)
    with pytest.raises(OutputError, match="a is already in this folder"):
        outfolder.merge(Folder("a", (a,)), Folder("a", (a,)), out=tmp_path, force=False)
    assert outfolder.load(tmp_path) is None
    (tmp_path / outfolder.MANIFEST).write_text(outfolder.dump(merged.folder))
    assert outfolder.load(tmp_path) == merged.folder


@requires_nix
def test_accumulated_folder_evaluates(tmp_path):
    out = tmp_path / "out"
    assert emit(out, TINY, "--python", "3.12-3.13").status == 0
    assert emit(out, ACME, "--python", "3.12-3.13").status == 0
    report = flake_eval.evaluate_flake(out, pythons=("3.12", "3.13"))
    assert report.ok, report.problems
    assert {attr for (_, _, attr) in report.dependencies} == {"tinyjson-schema", "acme-core"}
