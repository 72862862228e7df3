"""Online prefetch, with a stand-in ``nix-prefetch-github`` on PATH (no network)."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import textwrap
from pathlib import Path

import pytest

from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.hashing import prefetch

DIGEST = hashlib.sha256(b"hello\n").digest()
SRI = "sha256-" + base64.b64encode(DIGEST).decode()
# `nix-hash --type sha256 --to-base32 <hex of DIGEST>`, printed by Nix
BASE32 = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a fake nix-prefetch-github printing *stdout* and exiting with *status*; returns argv log."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "argv.json"
    monkeypatch.setenv("PATH", str(bindir))

    def install(stdout: str, status: int = 0, stderr: str = "") -> Path:
        script = bindir / "nix-prefetch-github"
        script.write_text(
            f"#!{sys.executable}\n"
            + textwrap.dedent(
                f"""\
                import json, sys
                json.dump(sys.argv[1:], open({str(log)!r}, "w"))
                sys.stdout.write({stdout!r})
                sys.stderr.write({stderr!r})
                sys.exit({status})
                """
            )
        )
        script.chmod(0o755)
        return log

    return install


def test_passes_owner_repo_and_tag_and_parses_hash(stand_in) -> None:
    output = {"owner": "acme", "repo": "widgets", "rev": "0" * 40, "hash": SRI}
    log = stand_in(json.dumps(output, indent=4) + "\n")
    assert prefetch.prefetch_github("acme", "widgets", "v1.2.3") == SRI
    argv = json.loads(log.read_text())
    assert argv[:4] == ["acme", "widgets", "--rev", "v1.2.3"]
    assert "--no-fetch-submodules" in argv and "--json" in argv


def test_fetch_submodules_flag(stand_in) -> None:
    log = stand_in(json.dumps({"hash": SRI}))
    prefetch.prefetch_github("acme", "widgets", "v1", fetch_submodules=True)
    assert "--fetch-submodules" in json.loads(log.read_text())


def test_old_releases_print_base32_sha256(stand_in) -> None:
    stand_in(json.dumps({"owner": "acme", "repo": "widgets", "rev": "v1", "sha256": BASE32}))
    assert prefetch.prefetch_github("acme", "widgets", "v1") == SRI


def test_meta_layout(stand_in) -> None:
    stand_in(json.dumps({"src": {"hash": SRI}, "meta": {}}))
    assert prefetch.prefetch_github("acme", "widgets", "v1") == SRI


def test_missing_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SourceError, match="nix-prefetch-github is not installed"):
        prefetch.prefetch_github("acme", "widgets", "v1")


def test_failure_reports_last_stderr_line(stand_in) -> None:
    stand_in("", status=1, stderr="Traceback ...\nValueError: Could not find rev v9\n")
    with pytest.raises(SourceError, match=r"acme/widgets v9 failed: ValueError: Could not find rev v9$"):
        prefetch.prefetch_github("acme", "widgets", "v9")


def test_failure_without_message(stand_in) -> None:
    stand_in("", status=3)
    with pytest.raises(SourceError, match="exit status 3"):
        prefetch.prefetch_github("acme", "widgets", "v1")


@pytest.mark.parametrize(
    "stdout, message",
    [
        ("not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"rev": "x"}', "no 'hash'"),
        ('{"hash": "sha256-tooshort"}', "bad hash"),
        ('{"hash": "sha512-' + base64.b64encode(bytes(64)).decode() + '"}', "bad hash"),
    ],
)
def test_bad_output(stand_in, stdout: str, message: str) -> None:
    stand_in(stdout)
    with pytest.raises(SourceError, match=message):
        prefetch.prefetch_github("acme", "widgets", "v1")


@pytest.mark.parametrize("owner, repo, tag", [("", "r", "v1"), ("o", "r", "--help"), ("o", "r r", "v1")])
def test_arguments_are_validated_before_running(owner: str, repo: str, tag: str) -> None:
    with pytest.raises(SourceError, match="invalid GitHub"):
        prefetch.prefetch_argv(owner, repo, tag)

