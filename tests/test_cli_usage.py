"""Bad usage: the usage of the command that was typed, a suggestion for a misspelled option, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from nixpkgs_contrib.cli_parser import build_parser, did_you_mean


def test_unknown_option_shows_the_subcommand_usage_and_a_suggestion(cli, tmp_path: Path) -> None:
    result = cli("hash", tmp_path, "--hexx")
    assert result.status == 2 and result.stdout == ""
    usage, error = result.stderr.strip().split("\nnixpkgs-contrib hash: error: ")
    assert usage.startswith("usage: nixpkgs-contrib hash ")
    assert error == "unrecognized arguments: --hexx (did you mean --hex?)"


def test_suggestion_for_an_option_with_a_value(cli, tmp_path: Path) -> None:
    result = cli("emit", tmp_path, "--pyton=3.12")
    assert result.status == 2
    assert result.stderr.startswith("usage: nixpkgs-contrib emit ")
    assert result.stderr.rstrip().endswith("unrecognized arguments: --pyton=3.12 (did you mean --python?)")


def test_no_suggestion_when_nothing_is_close(cli, tmp_path: Path) -> None:
    result = cli("hash", tmp_path, "--frobnicate")
    assert result.status == 2
    assert result.stderr.rstrip().endswith("unrecognized arguments: --frobnicate")


def test_errors_found_by_the_subcommand_keep_its_usage(cli) -> None:
    result = cli("check")  # PATH is required
    assert result.status == 2
    assert result.stderr.startswith("usage: nixpkgs-contrib check ")
    assert "nixpkgs-contrib check: error: the following arguments are required: PATH" in result.stderr


def test_errors_before_the_command_use_the_top_level_usage(cli) -> None:
    result = cli("emti")
    assert result.status == 2
    assert result.stderr.startswith("usage: nixpkgs-contrib [-h]")
    assert "invalid choice: 'emti'" in result.stderr


@pytest.mark.parametrize(
    "word, expected",
    [
        ("--hexx", "--hex"),
        ("--bse32", "--base32"),
        ("--no-strip-rot", "--no-strip-root"),
        ("--flat=x", "--flat"),
        ("--gitt", "--git"),
        ("--zzz", None),
        ("--version-x", None),
    ],
)
def test_did_you_mean_only_for_close_matches(word: str, expected: str | None) -> None:
    parser = build_parser(["hash"])
    hash_parser = parser._subparsers._group_actions[0].choices["hash"]  # type: ignore[union-attr]
    assert did_you_mean(word, hash_parser) == (f" (did you mean {expected}?)" if expected else "")


def test_hash_of_a_file_asks_flat_or_unpack(cli, tmp_path: Path) -> None:
    archive = tmp_path / "acme-1.0.tar.gz"
    archive.write_bytes(b"not really")
    result = cli("hash", archive)
    assert result.status == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"nixpkgs-contrib hash: error: {archive} is a file: --flat {archive} ")
    assert f"--unpack {archive}" in lines[0] and lines[0].endswith("?")
