"""After emit: which packages, where the files go in nixpkgs, what still needs a person, and the
next commands with the paths filled in; on stderr, as README.md in the folder, and in --json."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
from conftest import PROJECTS, REPO, run_cli
from nixpkgs_fixture import GIT_ENV, make_nixpkgs

from nixpkgs_contrib import outfolder, summary
from nixpkgs_contrib.matrix import DEFAULT_PYTHONS
from nixpkgs_contrib.outfolder import Folder, FolderPackage
from nixpkgs_contrib.plan import FAKE_HASH

ACME = [PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1"]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def sections(text: str) -> dict[str, str]:
    parts = text.split("\n## ")
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts[1:]}


def test_summary_on_stderr_and_as_readme(tmp_path):
    out = tmp_path / "out"
    res = run_cli("emit", *ACME, "--fake-hash", "--out", out)
    assert res.status == 0, res.stderr
    text = res.stderr.split("\n# ", 1)[1]
    assert text.startswith(f"acme-core 2.4.1 in {out}\n")
    parts = sections(text)
    assert list(parts) == ["Where the files go in nixpkgs", "Still needs a person", "Next"]
    where = parts["Where the files go in nixpkgs"]
    assert "- `pkgs/development/python-modules/acme-core/default.nix`: the same path in nixpkgs" in where
    assert "into the keep-sorted block of `pkgs/top-level/python-packages.nix`" in where
    assert "- `overlay.nix`, `flake.nix`: for trying the package locally only, not for nixpkgs" in where
    needs = parts["Still needs a person"]
    assert "- acme-core: no maintainer (`maintainers = [ ];`); a new nixpkgs package needs one" in needs
    assert "- acme-core: placeholder hash (--fake-hash)" in needs
    assert "the default target" in needs and "`pr --nixpkgs`" in needs
    assert needs.count("placeholder hash") == 1  # the pipeline's own warning is not repeated
    # the same summary is the folder's README.md, with a word about the folder itself
    readme = (out / "README.md").read_text()
    assert "Written by nixpkgs-contrib with the files next to it" in readme
    assert "Paths are relative\nto the directory `emit` ran in." in readme
    about_the_folder = re.compile(r"Written by nixpkgs-contrib.*?\n\n", re.S)
    assert about_the_folder.sub("", readme, count=1).replace(", this file:", ":") == "# " + text
    # warnings are said as they happen too, one line each, above the summary
    assert res.stderr.index("nixpkgs-contrib: warning: no maintainer") < res.stderr.index("\n# acme-core")


def test_next_commands_work_as_printed(tmp_path):
    """The check, the flake path and the pr --dry-run the summary proposes run as written."""
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "2.11.3", "httpx": "0.28.1", "tomli": "2.2.1",
                                   "typing-extensions": "4.13.0", "uvloop": "0.21.0", "psycopg2": "2.9.10",
                                   "respx": "0.22.0", "h2": "4.2.0", "pytest-cov-stub": "1.1.0"})
    out = tmp_path / "out"
    res = run_cli("emit", *ACME, "--fake-hash", "--maintainer", "alice", "--json", "--out", out)
    assert res.status == 0, res.stderr
    facts = json.loads(res.stdout)["summary"]
    commands = [shlex.split(c["command"]) for c in facts["next"]]
    check, flake, pr = commands
    assert check == ["nixpkgs-contrib", "check", f"{out}/pkgs"]
    assert flake == ["nix", "flake", "check", f"path:{out}"]
    assert pr[:2] == ["nixpkgs-contrib", "pr"] and pr[-3:] == ["--nixpkgs", "PATH/TO/nixpkgs", "--dry-run"]
    linted = run_cli(*check[1:])  # --fake-hash: the placeholder is all it finds (an error: no build)
    assert linted.status == 1 and {line.split(" ")[1] for line in linted.stdout.splitlines()} == {"NC025"}
    pr[-2] = str(root)
    preview = run_cli(*pr[1:])
    assert preview.status == 0, preview.stderr
    assert "python3Packages.acme-core: init at 2.4.1" in preview.stdout


def test_json_carries_the_same_facts(tmp_path):
    out = tmp_path / "out"
    res = run_cli("emit", *ACME, "--hash", FAKE_HASH, "--no-check", "needs a database", "--json", "--out", out)
    assert res.status == 0, res.stderr
    facts = json.loads(res.stdout)["summary"]
    assert facts["emitted"] == [{"attr": "acme-core", "version": "2.4.1"}]
    assert facts["where"]["registration"].endswith("pkgs/top-level/python-packages.nix")
    assert "acme-core: tests do not run (`doCheck = false;`): needs a database" in facts["needs-attention"]
    assert facts["lint"] == [] and facts["pythons"] == list(DEFAULT_PYTHONS)
    readme = (out / "README.md").read_text()
    for line in facts["needs-attention"]:
        assert f"- {line}\n" in readme
    for command in facts["next"]:
        assert command["command"] in readme
    assert "\n# " not in res.stderr  # --json replaces the text on stderr


def test_quiet_silences_the_summary_but_not_warnings(tmp_path):
    res = run_cli("emit", *ACME, "--fake-hash", "--quiet", "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    assert "## Next" not in res.stderr
    assert "warning: wrote a placeholder hash" in res.stderr and "warning: no maintainer" in res.stderr
    assert (tmp_path / "out/README.md").is_file()


def test_with_a_checkout_the_target_note_goes_and_the_checkout_is_filled_in(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "2.11.3", "httpx": "0.28.1", "tomli": "2.2.1",
                                   "typing-extensions": "4.13.0", "uvloop": "0.21.0", "psycopg2": "2.9.10",
                                   "respx": "0.22.0", "h2": "4.2.0", "pytest-cov-stub": "1.1.0"})
    res = run_cli("emit", *ACME, "--fake-hash", "--maintainer", "alice", "--nixpkgs", root, "--json", "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    facts = json.loads(res.stdout)["summary"]
    assert facts["target-note"] is None and facts["pythons"] == ["3.11", "3.12", "3.13", "3.14", "3.15"]
    assert facts["next"][0]["command"].endswith("--python 3.11-3.15")
    assert facts["next"][2]["command"].endswith(f"--nixpkgs {root} --dry-run")


def test_explicit_target_has_no_default_target_note(tmp_path):
    res = run_cli("emit", *ACME, "--fake-hash", "--python", "3.11,3.13", "--json", "--out", tmp_path / "out")
    facts = json.loads(res.stdout)["summary"]
    assert facts["target-note"] is None
    assert facts["next"][0]["command"].endswith("--python 3.11,3.13")


def test_lint_findings_and_warnings_are_listed():
    bad = "{ lib, buildPythonPackage }:\n\nwith lib;\nbuildPythonPackage rec {\n  pname = \"x\";\n}\n"
    folder = Folder("x", (FolderPackage("x", "1", "x", ("3.12",), pr_argv=("x",)),))
    s = summary.summarize(
        out="out", plans=(), files={"pkgs/development/python-modules/x/default.nix": bad, "flake.nix": "with lib; x"},
        warnings=("warning: cargoDeps hash left as lib.fakeHash; the first build prints it",), folder=folder,
        pythons=("3.12",), default_target=False,
    )
    assert any(line.startswith("out/pkgs/development/python-modules/x/default.nix:3: NC005 warning with-lib") for line in s.lint)
    assert not any("flake.nix" in line for line in s.lint)  # only files meant for nixpkgs are linted
    assert "cargoDeps hash left as lib.fakeHash; the first build prints it" in s.needs
    text = summary.render(s)
    assert "- lint: out/pkgs/development/python-modules/x/default.nix:3: NC005" in text
    assert "nixpkgs-contrib pr x --nixpkgs PATH/TO/nixpkgs --dry-run" in text


def test_nothing_to_do_is_said_too():
    folder = Folder("x", (FolderPackage("x", "1", "x", ("3.12",)),))
    s = summary.summarize(out="out", plans=(), files={}, warnings=(), folder=folder, pythons=("3.12",), default_target=False)
    assert "nothing found by the tool; review every line anyway" in summary.render(s)


def test_family_summary_lists_every_package(tmp_path):
    out = tmp_path / "out"
    res = run_cli("emit", REPO / "examples/dagster/snapshot", "--recipe", REPO / "examples/dagster/recipe.toml", "--out", out)
    assert res.status == 0, res.stderr
    text = res.stderr.split("\n# ", 1)[1]
    order = "dagster-shared, dagster-pipes, dagster, dagster-graphql, dagster-webserver"  # dependency order
    assert text.startswith(", ".join(f"{a} 1.12.0" for a in order.split(", ")) + " in ")
    assert f"- `pkgs/development/python-modules/<attr>/default.nix` ({order}): the same path in nixpkgs" in text
    assert "dagster-webserver: tests do not run (`doCheck = false;`): tests need a built dagster-ui front end" in text
    assert "the default target" not in text  # the recipe chooses python = 3.11-3.14
    pr_line = [line for line in text.splitlines() if line.startswith("nixpkgs-contrib pr ")]
    assert pr_line == [f"nixpkgs-contrib pr {REPO}/examples/dagster/snapshot --recipe {REPO}/examples/dagster/recipe.toml --nixpkgs PATH/TO/nixpkgs --dry-run"]


def test_run_record_is_deterministic(tmp_path):
    """README.md and the manifest are the same bytes for the same command, whatever the hash seed
    and locale (they hold the paths as typed, so the command is run from the same place)."""
    records = []
    for seed, locale in (("0", "C"), ("4242", "C.UTF-8")):
        out = tmp_path / "out"
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
        subprocess.run(
            [sys.executable, "-m", "nixpkgs_contrib", "emit", str(PROJECTS / "hatch-basic"), "--github", "acme-org/acme",
             "--tag", "v2.4.1", "--fake-hash", "--out", "out", "--quiet"],
            cwd=tmp_path, env=env, check=True, capture_output=True,
        )
        records.append({name: (out / name).read_bytes() for name in ("README.md", outfolder.MANIFEST)})
        for path in sorted(out.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    assert records[0] == records[1]
    assert b"nix flake check path:out\n" in records[0]["README.md"]
