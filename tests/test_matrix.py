"""Target matrices: the default interpreters come from the release table, not from a second list."""

from __future__ import annotations

import pytest

from nixpkgs_contrib import matrix
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.matrix import Target, default_pythons, parse_pythons, releases, target_for_release


def test_default_target_is_every_final_interpreter_of_the_table():
    table = releases()
    final = {
        p for r in table.values() for p in r.pythons if p not in r.prerelease and p not in r.unconfirmed
    }
    assert default_pythons() == tuple(sorted(final, key=matrix.python_key))
    assert matrix.DEFAULT_PYTHONS == default_pythons() == Target().pythons
    # today's table: 3.9 (nixos-24.11) up to 3.14, the newest final CPython on master
    assert default_pythons() == ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


def test_prerelease_interpreters_are_not_in_the_default_but_in_the_release_target():
    master = releases()["master"]
    assert master.prerelease == ("3.15",)
    assert "3.15" not in default_pythons()
    assert target_for_release("unstable").pythons == ("3.11", "3.12", "3.13", "3.14", "3.15")
    # the newest master interpreter that is a final release is the default's newest
    assert default_pythons()[-1] == max(
        (p for p in master.pythons if p not in master.prerelease), key=matrix.python_key
    )


def test_unconfirmed_interpreters_are_left_out_of_a_release_target():
    assert "3.14" in releases()["nixos-24.11"].unconfirmed
    assert target_for_release("nixos-24.11").pythons == ("3.9", "3.10", "3.11", "3.12", "3.13")


def test_releases_is_a_fresh_mapping():
    releases().pop("master")
    assert "master" in releases()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("3.11-3.14", ("3.11", "3.12", "3.13", "3.14")), ("3.13,3.11", ("3.11", "3.13")), ("3.9", ("3.9",))],
)
def test_parse_pythons(spec, expected):
    assert parse_pythons(spec) == expected


def test_unknown_release():
    with pytest.raises(UserError, match="unknown nixpkgs release"):
        target_for_release("nixos-19.03")
