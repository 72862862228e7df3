"""The escaping function and layout primitives, with real Nix as the oracle for escaping."""

from __future__ import annotations

import json
import os
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st
from nixeval import NIX_ENV, requires_nix

from nixpkgs_contrib.conditions import ALWAYS, Atom, Condition
from nixpkgs_contrib.render import nix
from nixpkgs_contrib.render.nix import Raw, Term

TRICKY = [
    "",
    "plain",
    'quote " inside',
    "back\\slash",
    "${not.interpolated}",
    "$${double}",
    "dollar at end $",
    "$",
    "\\${escaped}",
    "new\nline\r\ttab",
    "unicode ☃ ünïcode",
    "'' two single quotes",
    "${",
    "$\\{",
]


def nix_eval_strings(values: list[str]) -> list[str]:
    expr = "[ " + " ".join(nix.string(v) for v in values) + " ]"
    out = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", "-E", expr],
        capture_output=True,
        text=True,
        env={**os.environ, **NIX_ENV},
        check=True,
    )
    return json.loads(out.stdout)


@requires_nix
def test_escape_round_trips_through_nix() -> None:
    assert nix_eval_strings(TRICKY) == TRICKY


@requires_nix
@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30), min_size=1, max_size=20))
def test_escape_round_trips_random(values: list[str]) -> None:
    assert nix_eval_strings(values) == values


@requires_nix
def test_interpolation_is_kept() -> None:
    text = nix.string("v", Raw("version"), "-${x}")
    out = subprocess.run(
        ["nix-instantiate", "--eval", "--json", "-E", f'let version = "1.2"; in {text}'],
        capture_output=True, text=True, env={**os.environ, **NIX_ENV}, check=True,
    )
    assert json.loads(out.stdout) == "v1.2-${x}"


def test_attr_names_are_quoted_only_when_needed() -> None:
    assert nix.attr_name("foo-bar") == "foo-bar"
    assert nix.attr_name("with") == '"with"'
    assert nix.attr_name("3d") == '"3d"'
    assert nix.attr_name("a.b") == '"a.b"'


def test_list_layout() -> None:
    assert nix.list_expr([], "  ") == "[ ]"
    assert nix.list_expr(["a"], "  ") == "[ a ]"
    assert nix.list_expr(["a", "b"], "  ") == "[\n    a\n    b\n  ]"
    long = "x" * 120
    assert nix.list_expr([long], "  ") == f"[\n    {long}\n  ]"


def test_concat_stays_on_one_line_when_it_fits() -> None:
    cond = Condition(((Atom("pythonOlder", "3.11"),),))
    text = nix.concat("dependencies", [Term(("setuptools",)), Term(("tomli",), cond)], "  ")
    assert text == '  dependencies = [ setuptools ] ++ lib.optionals (pythonOlder "3.11") [ tomli ];'


def test_concat_breaks_before_operators() -> None:
    linux = Condition(((Atom("platform", "isLinux"),),))
    text = nix.concat("dependencies", [Term(("a", "b")), Term(("c",), linux), Term((), None, expr="d.optional-dependencies.e")], "  ")
    assert text == (
        "  dependencies = [\n    a\n    b\n  ]\n"
        "  ++ lib.optionals stdenv.hostPlatform.isLinux [ c ]\n"
        "  ++ d.optional-dependencies.e;"
    )


def test_condition_rendering() -> None:
    darwin = Atom("platform", "isDarwin")
    older = Atom("pythonOlder", "3.12")
    assert nix.condition(ALWAYS) == "true"
    assert nix.condition_argument(Condition(((darwin,),))) == "stdenv.hostPlatform.isDarwin"
    assert nix.condition_argument(Condition(((darwin, older),))) == '(stdenv.hostPlatform.isDarwin && pythonOlder "3.12")'
    assert nix.condition(Condition(((darwin, older), (Atom("pythonAtLeast", "3.13"),)))) == (
        '(stdenv.hostPlatform.isDarwin && pythonOlder "3.12") || pythonAtLeast "3.13"'
    )


def test_concat_expands_a_single_item_first_list_once_the_chain_breaks() -> None:
    older = Condition(((Atom("pythonOlder", "3.11"),),))
    text = nix.concat("dependencies", [Term(("a" * 40,)), Term(("b" * 40,), older)], "  ")
    assert text == (
        f"  dependencies = [\n    {'a' * 40}\n  ]\n"
        f'  ++ lib.optionals (pythonOlder "3.11") [ {"b" * 40} ];'
    )


def test_concat_starting_with_a_condition_moves_to_the_next_line() -> None:
    linux = Condition(((Atom("platform", "isLinux"),),))
    older = Condition(((Atom("pythonOlder", "3.11"),),))
    fits_below = nix.concat("dependencies", [Term(("x" * 5,), linux), Term(("y" * 2,), older)], "  ")
    assert fits_below == (
        "  dependencies =\n"
        f'    lib.optionals stdenv.hostPlatform.isLinux [ {"x" * 5} ] ++ lib.optionals (pythonOlder "3.11") [ {"y" * 2} ];'
    )
    broken = nix.concat("dependencies", [Term(("a", "b"), linux), Term(("c",), older)], "  ")
    assert broken == (
        "  dependencies =\n"
        "    lib.optionals stdenv.hostPlatform.isLinux [\n      a\n      b\n    ]\n"
        '    ++ lib.optionals (pythonOlder "3.11") [ c ];'
    )


def test_single_item_list_on_exactly_100_columns_stays_inline() -> None:
    name = "x" * (100 - len("build-system = [  ];"))
    line = nix.list_expr([name], "  ", "  build-system = ", ";")
    assert line == f"[ {name} ]"
    assert len("build-system = " + line + ";") == 100
    assert nix.list_expr([name + "y"], "  ", "  build-system = ", ";").startswith("[\n")


def test_inherit_layout_follows_nixfmt() -> None:
    """nixfmt keeps ``inherit`` on one line only with fewer than four names (Pretty.hs)."""
    assert nix.inherit(["pname", "version", "src"], "    ", "finalAttrs") == "inherit (finalAttrs) pname version src;"
    assert nix.inherit(["pname", "version", "src", "cargoRoot"], "    ", "finalAttrs") == (
        "inherit (finalAttrs)\n      pname\n      version\n      src\n      cargoRoot\n      ;"
    )
    assert nix.inherit(["a"], "  ") == "inherit a;"
    long = ["a" * 40, "b" * 40, "c" * 30]
    assert nix.inherit(long, "  ", "x").splitlines() == ["inherit (x)", *(f"    {n}" for n in long), "    ;"]
