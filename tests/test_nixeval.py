"""The stand-in nixpkgs and the evaluation helpers, on the hand-written acme family."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from nixeval import NIX_ENV, evaluate_family, evaluate_package, package_attr, requires_nix

from nixpkgs_contrib.flake_eval import (
    LICENSES_NIX,
    LICENSES_TSV,
    STAND_IN,
    StandInConfig,
    render_licenses_nix,
    scan_stand_in_config,
)

ACME = Path(__file__).parent / "fixtures" / "flake" / "acme"
MODULES = ACME / "pkgs" / "development" / "python-modules"
CORE = MODULES / "acme-core" / "default.nix"
WEB = MODULES / "acme-web" / "default.nix"
CLI = MODULES / "acme-cli" / "default.nix"


def nix_eval(expr: str, **args: str) -> object:
    """Evaluate *expr* (a function of `standIn` and string *args*) to JSON."""
    cmd = ["nix-instantiate", "--eval", "--strict", "--json", "--expr", expr, "--arg", "standIn", str(STAND_IN)]
    for name, value in args.items():
        cmd += ["--argstr", name, value]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=NIX_ENV, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def nix_eval_fails(expr: str, **args: str) -> str:
    cmd = ["nix-instantiate", "--eval", "--strict", "--json", "--expr", expr, "--arg", "standIn", str(STAND_IN)]
    for name, value in args.items():
        cmd += ["--argstr", name, value]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=NIX_ENV, check=False)
    assert proc.returncode != 0, proc.stdout
    return proc.stderr


def test_licenses_nix_is_in_sync_with_the_table():
    assert LICENSES_NIX.read_text() == render_licenses_nix(LICENSES_TSV.read_text()), (
        "run `python -m nixpkgs_contrib.flake_eval` to regenerate lib/licenses.nix"
    )


@requires_nix
@pytest.mark.nix
def test_licenses_nix_evaluates_to_every_row():
    rows = list(csv.DictReader(LICENSES_TSV.open(), delimiter="\t"))
    got = nix_eval("{ standIn }: (import (standIn + \"/lib\") { }).licenses")
    assert sorted(got) == sorted(r["attr"] for r in rows)
    for row in rows:
        entry = got[row["attr"]]
        assert entry.get("spdxId", "") == row["spdx"]
        assert entry["fullName"] == row["full_name"]
        assert entry["free"] == (row["free"] == "true")
        assert entry["shortName"] == row["attr"]


def test_scan_stand_in_config_reads_maintainers_and_extras():
    text = """
      dependencies = [ a ] ++ uvicorn.optional-dependencies.standard ++ foo.optional-dependencies."x-y";
      # bar.optional-dependencies.commented
      maintainers = with lib.maintainers; [
        zed
        amy # the author
      ];
      other = lib.maintainers.bob;
    """
    config = scan_stand_in_config([text])
    assert config == StandInConfig(
        maintainers=("amy", "bob", "zed"), stub_extras={"foo": ("x-y",), "uvicorn": ("standard",)}
    )


def test_scan_stand_in_config_reads_code_only():
    """The syntax tree, not the text: strings and comments name nothing; a whole file and emit's
    python-packages.nix (a run of bindings) are both read."""
    package = """{ lib, buildPythonPackage }:
    buildPythonPackage {
      description = "see lib.maintainers.nobody and x.optional-dependencies.y";
      dependencies = [ a ] ++ finalAttrs.passthru.optional-dependencies."with.dot";
      meta.maintainers = with lib.maintainers; [ amy ] ++ [ zed ]; /* lib.maintainers.ghost */
    }
    """
    registration = "  acme = callPackage ../development/python-modules/acme { };\n"
    config = scan_stand_in_config([package, registration, "not { nix"])
    assert config == StandInConfig(maintainers=("amy", "zed"), stub_extras={"passthru": ("with.dot",)})


def test_package_attr():
    assert package_attr(CORE) == "acme-core"
    assert package_attr(CORE.parent) == "acme-core"
    assert package_attr(Path("x/acme.nix")) == "acme"


@requires_nix
@pytest.mark.nix
def test_root_package_with_conditionals():
    linux311 = evaluate_package(CORE, python="3.11", system="x86_64-linux")
    darwin312 = evaluate_package(CORE, python="3.12", system="aarch64-darwin")
    assert linux311["pname"] == "acme-core"
    assert linux311["version"] == "2.4.1"
    assert linux311["build-system"] == ["hatch-vcs", "hatchling"]
    assert linux311["dependencies"] == ["pydantic", "pyinotify", "typing-extensions"]
    assert darwin312["dependencies"] == ["pydantic"]
    assert linux311["optional-dependencies"] == {"fast": ["orjson", "uvloop"]}
    assert darwin312["optional-dependencies"] == {"fast": ["orjson"]}
    assert linux311["pythonImportsCheck"] == ["acme_core"]
    assert linux311["disabled"] is False
    assert linux311["src"]["fetcher"] == "fetchFromGitHub"
    assert (linux311["src"]["owner"], linux311["src"]["repo"]) == ("acme-org", "acme")
    assert linux311["src"]["tag"] == "v2.4.1"
    assert linux311["src"]["name"] == "source"
    assert linux311["sourceRoot"] == "source/packages/acme-core"
    meta = linux311["meta"]
    assert meta["changelog"] == "https://github.com/acme-org/acme/releases/tag/v2.4.1"
    assert meta["license"] == ["Apache-2.0"]
    assert meta["maintainers"] == ["jdoe-acme"]
    assert meta["mainProgram"] is None
    assert "hatchling" not in linux311["stubs"] and "pydantic" in linux311["stubs"]


@requires_nix
@pytest.mark.nix
def test_disabled_follows_python_at_least():
    assert evaluate_package(CORE, python="3.14")["disabled"] is False
    assert evaluate_package(CORE, python="3.15")["disabled"] is True


@requires_nix
@pytest.mark.nix
def test_inheriting_sibling_and_optional_dependencies_of_dependencies():
    web = evaluate_package(WEB, python="3.12", system="x86_64-linux", siblings={"acme-core": CORE})
    assert web["version"] == "2.4.1"
    assert web["src"]["tag"] == "v2.4.1"
    assert web["sourceRoot"] == "source/packages/acme-web"
    # acme-core.optional-dependencies.fast (a sibling) and a stub's extra
    assert web["dependencies"] == ["acme-core", "starlette", "orjson", "uvloop", "uvicorn[standard]"]
    assert web["meta"]["description"] == "Web front end for the Acme workflow engine"
    assert web["meta"]["license"] == ["Apache-2.0"]
    assert web["meta"]["changelog"].endswith("/v2.4.1")
    assert "acme-core" not in web["stubs"]


@requires_nix
@pytest.mark.nix
def test_family_in_one_call():
    facts = evaluate_family(ACME, pythons=("3.11", "3.15"), systems=("x86_64-linux", "aarch64-darwin"))
    assert sorted(facts) == sorted(
        (p, s) for p in ("3.11", "3.15") for s in ("x86_64-linux", "aarch64-darwin")
    )
    for cell in facts.values():
        assert sorted(cell) == ["acme-cli", "acme-core", "acme-web"]
    cli = facts[("3.11", "x86_64-linux")]["acme-cli"]
    assert cli["src"]["fetcher"] == "fetchPypi"
    assert cli["src"]["name"] == "acme_cli-0.9.0.tar.gz"
    assert cli["meta"]["license"] == ["MIT", "BSD-3-Clause"]
    assert cli["meta"]["mainProgram"] == "acme"
    assert cli["meta"]["maintainers"] == ["jdoe-acme", "someone"]
    assert facts[("3.15", "aarch64-darwin")]["acme-core"]["dependencies"] == ["pydantic"]


@requires_nix
@pytest.mark.nix
def test_unknown_family_dir(tmp_path):
    with pytest.raises(FileNotFoundError):
        evaluate_family(tmp_path)


_PKG = """
{ standIn, file }:
let
  pkgs = import standIn {
    stubOptionalDependencies.uvicorn = [ "standard" ];
    extraMaintainers = [ "jdoe-acme" ];
    overlays = [
      (final: prev: {
        pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [
          (pf: pp: {
            acme-core = pf.callPackage (builtins.toPath file) { };
          })
        ];
      })
    ];
  };
in
"""


@requires_nix
@pytest.mark.nix
def test_disabled_package_throws_when_built_or_depended_on():
    err = nix_eval_fails(_PKG + "pkgs.python315.pkgs.acme-core.drvPath", file=str(CORE))
    assert "not supported for interpreter python3.15" in err
    ok = nix_eval(_PKG + "builtins.isString pkgs.python314.pkgs.acme-core.drvPath", file=str(CORE))
    assert ok is True


@requires_nix
@pytest.mark.nix
def test_override_python_attrs_and_with_packages():
    got = nix_eval(
        _PKG
        + """
        let
          core = pkgs.python313.pkgs.acme-core;
          changed = core.overridePythonAttrs (old: { version = "9.9.9"; });
          env = pkgs.python313.withPackages (ps: [ ps.acme-core ]);
        in {
          version = changed.version;
          tag = changed.src.tag;
          closure = map (p: p.pname) env.packages;
          python3 = pkgs.python3.pythonVersion;
          sets = builtins.filter (n: builtins.match "python3[0-9]+" n != null) (builtins.attrNames pkgs);
        }
        """,
        file=str(CORE),
    )
    assert got["version"] == "9.9.9"
    assert got["tag"] == "v9.9.9"  # finalAttrs sees the override
    assert sorted(got["closure"]) == ["acme-core", "pydantic", "pyinotify"]
    assert got["python3"] == "3.13"
    assert got["sets"] == ["python311", "python312", "python313", "python314", "python315"]


@requires_nix
@pytest.mark.nix
def test_final_attrs_moves_python_attributes_into_passthru(tmp_path):
    pkg = tmp_path / "default.nix"
    pkg.write_text(
        """
        { buildPythonPackage, fetchPypi, requests }:
        buildPythonPackage (finalAttrs: {
          pname = "x"; version = "1"; pyproject = true;
          src = fetchPypi { inherit (finalAttrs) pname version; hash = ""; };
          dependencies = [ requests ];
          pythonImportsCheck = map (d: d.pname) finalAttrs.passthru.dependencies;
          passthru.misread = builtins.length finalAttrs.dependencies;
        })
        """
    )
    facts_error = nix_eval_fails(_PKG.replace("acme-core", "x") + "pkgs.python312.pkgs.x.misread", file=str(pkg))
    assert "attribute 'dependencies' missing" in facts_error
    assert evaluate_package(pkg)["pythonImportsCheck"] == ["requests"]


@requires_nix
@pytest.mark.nix
def test_fetch_from_github_needs_exactly_one_of_tag_or_rev():
    err = nix_eval_fails(
        "{ standIn }: (import standIn { }).fetchFromGitHub { owner = \"o\"; repo = \"r\"; hash = \"\"; }"
    )
    assert "exactly one of `tag` or `rev`" in err


@requires_nix
@pytest.mark.nix
def test_known_backends_have_the_extras_nixpkgs_defines():
    """nixpkgs' setuptools-scm defines `rich` and no `toml` (empty upstream since setuptools-scm 8):
    the stand-in fails on `toml` as nixpkgs does, even when told to stub it."""
    expr = '{ standIn }: let pkgs = import standIn { stubOptionalDependencies.setuptools-scm = [ "toml" ]; }; in '
    scm = "pkgs.python313.pkgs.setuptools-scm.optional-dependencies"
    assert nix_eval(expr + f"builtins.attrNames {scm}") == ["rich"]
    assert "attribute 'toml' missing" in nix_eval_fails(expr + f"{scm}.toml")
