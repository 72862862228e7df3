"""``nixpkgs-contrib hash``: argument handling and output, with Nix as the oracle where it matters."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from nixeval import NIX_CONFIG  # noqa: E402

requires_nix = pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs a Nix installation")


def nix(*argv: str | os.PathLike[str]) -> str:
    env = dict(os.environ, NIX_CONFIG=NIX_CONFIG)
    out = subprocess.run([os.fspath(a) for a in argv], check=True, capture_output=True, env=env).stdout
    return out.decode().strip().splitlines()[-1]


def git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    env.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@e", GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@e")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "pkg-1.0"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("x = 1\n")
    (root / "pkg.py").write_text("")
    (root / "run").write_text("#!/bin/sh\n")
    (root / "run").chmod(0o755)
    os.symlink("run", root / "link")
    return root


@pytest.fixture
def repo(tree: Path) -> Path:
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "init")
    git(tree, "tag", "v1.0")
    return tree


@pytest.mark.nix
@requires_nix
def test_directory_in_every_format(cli, tree: Path) -> None:
    result = cli("hash", tree)
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[-1] == nix("nix", "hash", "path", tree)
    assert cli("hash", tree, "--base32").stdout.splitlines()[-1] == nix("nix-hash", "--type", "sha256", "--base32", tree)
    assert cli("hash", tree, "--hex").stdout.splitlines()[-1] == nix("nix-hash", "--type", "sha256", tree)


@pytest.mark.nix
@requires_nix
def test_git_tag(cli, repo: Path, tmp_path: Path) -> None:
    (repo / "untracked").write_text("not in the archive")
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", "v1.0"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(unpacked)], input=archive, check=True)
    result = cli("hash", "--git", repo, "--rev", "v1.0")
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[-1] == nix("nix", "hash", "path", unpacked)


@pytest.mark.nix
@requires_nix
def test_unpack_and_flat(cli, tree: Path, tmp_path: Path) -> None:
    tarball = tmp_path / "pkg-1.0.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(tree, arcname="pkg-1.0")
    result = cli("hash", "--unpack", tarball, "--base32")
    assert result.stdout.splitlines()[-1] == nix("nix-prefetch-url", "--unpack", tarball.as_uri())
    result = cli("hash", "--flat", tarball, "--base32")
    assert result.stdout.splitlines()[-1] == nix("nix-prefetch-url", tarball.as_uri())


def test_flat_is_sri_of_sha256(cli, tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"payload")
    expected = "sha256-" + base64.b64encode(hashlib.sha256(b"payload").digest()).decode()
    result = cli("hash", "--flat", tmp_path / "f")
    assert (result.status, result.stdout) == (0, expected + "\n")


def test_github_prefetch_through_stand_in(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sri = "sha256-" + base64.b64encode(hashlib.sha256(b"gh").digest()).decode()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "nix-prefetch-github"
    script.write_text(f"#!{sys.executable}\nimport json, sys\nprint(json.dumps({{'hash': {sri!r}, 'argv': sys.argv[1:]}}))\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    result = cli("hash", "--github", "acme/widgets", "--rev", "v2", "--hex")
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[-1] == hashlib.sha256(b"gh").hexdigest()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--git", "."], "--git needs --rev"),
        (["--github", "acme/widgets"], "--github needs --rev"),
        (["--github", "acme", "--rev", "v1"], "expected OWNER/REPO"),
        (["--flat", "f", "--rev", "v1"], "--rev only applies"),
        (["--flat", "f", "--no-strip-root"], "--no-strip-root only applies"),
        (["--flat", "f", "--fetch-submodules"], "--fetch-submodules only applies"),
    ],
)
def test_bad_combinations_are_user_errors(cli, argv: list[str], message: str) -> None:
    result = cli("hash", *argv)
    assert result.status == 1
    assert message in result.stderr and result.stdout == ""


def test_usage_errors(cli, tmp_path: Path) -> None:
    assert cli("hash").status == 2
    assert cli("hash", tmp_path, "--flat", tmp_path).status == 2
    assert cli("hash", tmp_path, "--hex", "--base32").status == 2


def test_source_errors_are_one_line(cli, repo: Path) -> None:
    result = cli("hash", "--git", repo, "--rev", "v9")
    assert result.status == 1
    assert result.stderr.count("\n") == 1 and "'v9'" in result.stderr


def test_unstripped_archive(cli, tmp_path: Path) -> None:
    tarball = tmp_path / "two.tar"
    with tarfile.open(tarball, "w") as tar:
        for name in ("a", "b"):
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))
    assert "exactly one top-level directory" in cli("hash", "--unpack", tarball).stderr
    assert cli("hash", "--unpack", tarball, "--no-strip-root").status == 0


def test_module_entry_point(cli, tree: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nixpkgs_contrib", "hash", str(tree), "--hex"], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == cli("hash", tree, "--hex").stdout


@pytest.mark.parametrize("path", ["some/dir", "", "with space", "ünïcode", "-"])
def test_plain_arguments_are_what_the_parser_gives(path: str) -> None:
    """`hash DIR` skips argparse (start-up): the namespace must be the one argparse would build."""
    from nixpkgs_contrib.cli_parser import parse
    from nixpkgs_contrib.commands import hash as command

    plain = command.plain_args([path])
    if path.startswith("-"):
        assert plain is None  # an option (or "-"): argparse decides
        return
    parsed = parse(["hash", path])
    assert vars(plain) == vars(parsed)
    for argv in ([], [path, "--hex"], ["--hex", path], [path, path], ["--", path]):
        assert command.plain_args(argv) is None, argv


def run_module(*argv: str, **kwargs: object) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "nixpkgs_contrib", *argv], **kwargs)


def test_whole_process_output_and_errors(cli, tree: Path, tmp_path: Path) -> None:
    """`python -m nixpkgs_contrib hash DIR` (no parser, no interpreter teardown) prints and fails as main does."""
    ok = run_module("hash", str(tree), text=True)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, cli("hash", tree).stdout, "")
    missing = run_module("hash", str(tmp_path / "missing"), text=True)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("nixpkgs-contrib: error: ") and missing.stderr.count("\n") == 1
    a_file = tmp_path / "f"
    a_file.write_text("x")
    usage = run_module("hash", str(a_file), text=True)
    assert (usage.returncode, usage.stdout) == (2, "") and "--flat" in usage.stderr


def test_whole_process_output_errors_are_reported(tree: Path) -> None:
    """stdout is flushed before the process ends: a full disk is an error, a reader that left is not."""
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            result = run_module("hash", str(tree), stdout=full, stderr=subprocess.PIPE, text=True)
        assert result.returncode == 1
        assert result.stderr.startswith("nixpkgs-contrib: error: cannot write the output")
    reader = subprocess.Popen([sys.executable, "-m", "nixpkgs_contrib", "hash", str(tree)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    reader.stdout.close()  # the reader leaves before anything is written
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""
    reader.stderr.close()
    closed = subprocess.run(["sh", "-c", '"$0" -m nixpkgs_contrib hash "$1" >&-', sys.executable, str(tree)],
                            capture_output=True, text=True)
    assert closed.returncode == 1 and closed.stderr.count("\n") == 1 and "Traceback" not in closed.stderr
