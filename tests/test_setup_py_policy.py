"""The policy of the setup.py evaluator (upstream/setup_py/policy.py) and the merge of two paths
(branches.py), on values written out by hand."""

from __future__ import annotations

import attrs
import pytest

from nixpkgs_contrib.errors import UnresolvableError
from nixpkgs_contrib.matrix import Environment
from nixpkgs_contrib.upstream.setup_py import policy
from nixpkgs_contrib.upstream.setup_py.branches import merge
from nixpkgs_contrib.upstream.setup_py.policy import Ending, Role
from nixpkgs_contrib.upstream.setup_py.unresolved import ABSENT, Choices, Fork
from nixpkgs_contrib.upstream.setup_py.values import Unresolved

UNKNOWN = Unresolved("reads environment variable X", 3, "mem/setup.py")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (Ending.NORMAL, Ending.NORMAL, "both"),
        (Ending.RETURN, Ending.RETURN, "both"),
        (Ending.RAISED, Ending.NORMAL, "second"),  # rule 3: the aborting path is not the build
        (Ending.NORMAL, Ending.RAISED, "first"),
        (Ending.RAISED, Ending.RAISED, "first"),
        (Ending.RETURN, Ending.NORMAL, None),  # the unknown decides where execution goes
        (Ending.BREAK, Ending.CONTINUE, None),
        (Ending.UNKNOWN, Ending.NORMAL, None),
    ],
)
def test_merge_flow(first, second, expected):
    assert policy.merge_flow(first, second) == expected


def test_keyword_roles_and_values():
    assert policy.role("install_requires") is Role.METADATA
    assert policy.role("license_expression") is Role.METADATA
    assert policy.role("cffi_modules") is Role.PRESENCE
    assert policy.role("long_description") is Role.INFORMATIONAL
    assert policy.keyword_value("url", UNKNOWN, "dflt", "mem/setup.py", 9) == "dflt"
    assert policy.keyword_value("version", "1.0", None, "mem/setup.py", 9) == "1.0"
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:3: version= cannot be read statically: reads environment variable X$"):
        policy.keyword_value("version", UNKNOWN, None, "mem/setup.py", 9)
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:9: url= cannot be read statically: x$"):
        policy.keyword_value("url", Unresolved("x"), None, "mem/setup.py", 9, required=True)
    assert policy.has_extensions({"ext_modules": UNKNOWN}) and not policy.has_extensions({"ext_modules": [], "cmdclass": UNKNOWN})


def test_merge_keeps_what_both_paths_agree_on_in_place():
    shared = ["a"]
    kept = {"name": "x", "deps": shared, "alias": shared, "only_here": 1, "flag": True}
    other = {"name": "x", "deps": ["a", "b"], "alias": ["a", "b"], "flag": False, "only_there": 2}
    other["alias"] = other["deps"]  # the same list in the other path too
    result = merge(kept, other, UNKNOWN, {})
    assert result is kept
    assert kept == {"name": "x", "deps": UNKNOWN, "alias": UNKNOWN, "only_here": UNKNOWN, "flag": UNKNOWN, "only_there": UNKNOWN}
    same = [1, {"k": "v"}]
    assert merge(same, [1, {"k": "v"}], UNKNOWN, {}) is same and same == [1, {"k": "v"}]
    assert merge((1, 2), (1, 3), UNKNOWN, {}) == (1, UNKNOWN)
    assert merge("1.0", "1.0", UNKNOWN, {}) == "1.0" and merge(1, True, UNKNOWN, {}) is UNKNOWN


def test_merge_remembers_the_plain_values_an_unknown_stands_for():
    """Rule 7 needs what each path left; only plain data is remembered, as a copy."""
    fork = Fork()
    deps = ["a", "b"]
    kept = {"deps": deps, "only_here": ["x"], "fn": len}
    merge(kept, {"deps": ["a"], "fn": print}, UNKNOWN, {}, fork)
    assert kept["deps"] == UNKNOWN and kept["deps"].choices.values == (["a", "b"], ["a"])
    deps.append("c")  # the original list changed through another name: the choice did not
    assert kept["deps"].choices.values[0] == ["a", "b"] and kept["only_here"].choices.values == (["x"], ABSENT)
    assert kept["fn"].choices is None  # not plain data
    assert merge(Unresolved("r", choices=kept["deps"].choices), Unresolved("r"), UNKNOWN, {}, fork).choices is None


def _chosen(first, second, valid=True):
    fork = Fork(valid=valid)
    return attrs.evolve(UNKNOWN, choices=Choices(fork, (first, second)))


def test_settle_reads_only_what_the_choice_cannot_change():
    linux = Environment("3.12", "x86_64-linux")
    union = policy.keyword_value("setup_requires", _chosen(["wheel", "cython"], "wheel\nnumpy"), (), "mem/setup.py", 9)
    assert union == ["wheel", "cython", "numpy"]
    with pytest.raises(UnresolvableError, match="setup_requires= cannot be read"):  # changed since the fork
        policy.keyword_value("setup_requires", _chosen(["wheel"], [], valid=False), (), "mem/setup.py", 9)
    same = _chosen(["six", 'futures; python_version < "3"'], ["six"])
    assert policy.keyword_value("install_requires", same, (), "mem/setup.py", 9, environment=linux) == same.choices.values[0]
    for differs in (_chosen(["six"], ["six>=1"]), _chosen({"cli": []}, {})):
        keyword = "install_requires" if isinstance(differs.choices.values[0], list) else "extras_require"
        with pytest.raises(UnresolvableError, match=f"{keyword}= cannot be read"):
            policy.keyword_value(keyword, differs, (), "mem/setup.py", 9, environment=linux)
    with pytest.raises(UnresolvableError, match="version= cannot be read"):  # no rule for any other keyword
        policy.keyword_value("version", _chosen("1", "1"), None, "mem/setup.py", 9, environment=linux)
