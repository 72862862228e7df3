"""``--maintainer`` checked against the checkout's maintainers/maintainer-list.nix."""

from __future__ import annotations

import pytest
from conftest import run_cli
from nixpkgs_fixture import make_nixpkgs
from test_compat import GITHUB, project

from nixpkgs_contrib.errors import NixpkgsError
from nixpkgs_contrib.nixpkgs import maintainers


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_handles_are_the_top_level_names(tmp_path):
    root = make_nixpkgs(tmp_path, {}, maintainers=("alice", "bob", "0x4A6F"))
    assert maintainers.handles(root) == {"alice", "bob", "0x4A6F"}
    assert maintainers.handles(make_nixpkgs(tmp_path / "other", {}, maintainers=None)) is None


def test_close_matches():
    known = ["alice", "alicia", "bob", "0x4A6F"]
    assert maintainers.close_matches("alcie", known)[0] == "alice"
    assert maintainers.close_matches("0x4a6f", known) == ["0x4A6F"]
    assert maintainers.close_matches("zed", known) == []


def test_unknown_handle_stops_emit_with_one_line(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0"})
    out = tmp_path / "out"
    res = run_cli("emit", project(tmp_path / "p", "acme", []), *GITHUB, "--maintainer", "alcie", "--nixpkgs", root, "--out", out)
    assert res.status == 1
    (line,) = res.stderr.splitlines()
    assert f"{root}/maintainers/maintainer-list.nix: --maintainer alcie: no such handle; did you mean alice?" in line
    assert not out.exists()


def test_unknown_handle_without_close_match(tmp_path):
    root = make_nixpkgs(tmp_path, {})
    with pytest.raises(NixpkgsError, match="--maintainer zed: no such handle; a new maintainer adds an entry"):
        maintainers.check(["alice", "zed"], root)


def test_known_handles_pass_and_pr_checks_them_too(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0"})
    src = project(tmp_path / "p", "acme", [])
    ok = run_cli("emit", src, *GITHUB, "--maintainer", "alice", "--maintainer", "0x4A6F", "--nixpkgs", root, "--out", tmp_path / "out")
    assert ok.status == 0, ok.stderr
    bad = run_cli("pr", src, *GITHUB, "--maintainer", "bobb", "--nixpkgs", root, "--dry-run")
    assert bad.status == 1 and "--maintainer bobb: no such handle; did you mean bob?" in bad.stderr


def test_without_a_maintainer_list_the_handle_is_not_checked_and_that_is_said(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0"}, maintainers=None)
    res = run_cli("emit", project(tmp_path / "p", "acme", []), *GITHUB, "--maintainer", "alcie", "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    assert "maintainers/maintainer-list.nix not found in the checkout; --maintainer alcie not checked" in res.stderr


def test_emit_warns_about_an_empty_maintainer_list(tmp_path):
    res = run_cli("emit", project(tmp_path / "p", "acme", []), *GITHUB, "--quiet", "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    assert "warning: no maintainer for acme (maintainers = [ ]); nixpkgs requires one for a new package" in res.stderr
    quiet = run_cli("emit", project(tmp_path / "q", "acme", []), *GITHUB, "--maintainer", "alice", "--quiet", "--out", tmp_path / "out2")
    assert "no maintainer" not in quiet.stderr
