"""emit fills in fetchFromGitHub hashes: offline from a checkout, online by prefetch, or refuses."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECTS, run_cli

from nixpkgs_contrib.hashing.sources import hash_github_tag
from nixpkgs_contrib.plan import FAKE_HASH

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(PROJECTS / "hatch-basic", repo, ignore=shutil.ignore_patterns("fixture.toml"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    git(repo, "tag", "v2.4.1")
    # the work tree moves on after the tag: metadata must be read at the tag
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text().replace("2.4.1", "2.5.0.dev0"))
    return repo


def emitted(out: Path) -> str:
    return next(out.rglob("default.nix")).read_text()


def test_hash_is_computed_offline_from_the_tag(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("emit", checkout, "--github", "acme-org/acme", "--tag", "v2.4.1", "--out", out)
    assert result.status == 0, result.stderr
    text = emitted(out)
    assert f'hash = "{hash_github_tag(checkout, "v2.4.1")}";' in text
    assert 'version = "2.4.1";' in text


def test_missing_tag_lists_the_ways_out(checkout: Path, tmp_path: Path) -> None:
    git(checkout, "tag", "-d", "v2.4.1")
    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text().replace("2.5.0.dev0", "2.4.1"))
    result = run_cli("emit", checkout, "--github", "acme-org/acme", "--tag", "v2.4.1", "--out", tmp_path / "out")
    assert result.status == 1
    line = result.stderr.strip()
    assert "--hash" in line and "git checkout that has the tag" in line and "--prefetch" in line
    assert not (tmp_path / "out").exists()


def test_prefetch_runs_nix_prefetch_github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "argv"
    script = bin_dir / "nix-prefetch-github"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {log}\n'
        'echo \'{"owner": "acme-org", "repo": "acme", "rev": "v2.4.1", '
        '"hash": "sha256-cHJlZmV0Y2hlZC1ieS10aGUtc3RhbmQtaW4tdG9vbCE="}\'\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    result = run_cli("emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--prefetch", "--out", out)
    assert result.status == 0, result.stderr
    assert 'hash = "sha256-cHJlZmV0Y2hlZC1ieS10aGUtc3RhbmQtaW4tdG9vbCE=";' in emitted(out)
    argv = log.read_text().split()
    assert argv[:2] == ["acme-org", "acme"] and "v2.4.1" in argv


def test_fake_hash_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--fake-hash", "--out", out)
    assert result.status == 0, result.stderr
    assert f'hash = "{FAKE_HASH}";' in emitted(out)
    assert "placeholder hash" in result.stderr
