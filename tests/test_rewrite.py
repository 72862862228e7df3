"""Decisions written into text: where an element, a binding or an argument goes, what leaves with
an element (its own comment) and what stays (a comment heading a group)."""

from __future__ import annotations

from nixpkgs_contrib.conditions import ALWAYS, Atom, Condition
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.nixpkgs.merge import DepChange, DisabledChange, RelaxChange
from nixpkgs_contrib.nixpkgs.rewrite import apply_changes, set_hash, set_version
from nixpkgs_contrib.nixsyntax import parse

TARGET = Target(("3.11", "3.12", "3.13", "3.14"))
OLDER_313 = Condition(((Atom("pythonOlder", "3.13"),),))

TEXT = """{
  lib,
  buildPythonPackage,
  fetchPypi,

  # build-system
  setuptools,

  # dependencies
  click,
  httpx,
  rich,

  # tests
  pytestCheckHook,
}:

buildPythonPackage rec {
  pname = "demo";
  version = "1.0";
  pyproject = true;

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  build-system = [ setuptools ];

  dependencies = [
    click

    # the HTTP side
    httpx
    rich
  ];

  nativeCheckInputs = [ pytestCheckHook ];

  meta = {
    license = lib.licenses.mit;
  };
}
"""


def changed(changes, text=TEXT):
    out = apply_changes(text, "demo.nix", changes, TARGET)
    parse(out)
    return out


def test_an_element_joins_its_alphabetical_place_and_its_argument_group():
    out = changed([DepChange("dependencies", "idna", "add", ALWAYS)])
    assert "    # the HTTP side\n    httpx\n    idna\n    rich\n" in out
    assert "  # dependencies\n  click,\n  httpx,\n  idna,\n  rich,\n" in out


def test_a_comment_heading_a_group_stays_when_its_first_element_goes():
    out = changed([DepChange("dependencies", "httpx", "remove")])
    assert "    click\n\n    # the HTTP side\n    rich\n  ];" in out
    assert "  click,\n  rich,\n" in out  # the argument went too


def test_an_argument_group_header_stays_for_the_arguments_after_it():
    out = changed([DepChange("dependencies", "click", "remove")])
    assert "  # dependencies\n  httpx,\n  rich,\n" in out


def test_a_conditional_element_gets_a_term_and_its_arguments():
    out = changed([DepChange("dependencies", "tomli", "add", OLDER_313)])
    assert '    rich\n  ]\n  ++ lib.optionals (pythonOlder "3.13") [ tomli ];\n' in out
    assert "  fetchPypi,\n  pythonOlder,\n\n  # build-system\n" in out
    assert "  rich,\n  tomli,\n\n  # tests\n" in out


def test_a_new_group_goes_where_nixpkgs_orders_groups():
    out = changed([DepChange("optional-dependencies.cli", "typer", "add", ALWAYS)])
    assert "  rich,\n\n  # optional-dependencies\n  typer,\n\n  # tests\n" in out
    assert "  ];\n\n  optional-dependencies = {\n    cli = [ typer ];\n  };\n\n  nativeCheckInputs" in out


def test_a_list_a_swap_empties_keeps_its_place():
    out = changed(
        [DepChange("build-system", "setuptools", "remove"), DepChange("build-system", "hatchling", "add", ALWAYS)]
    )
    assert "  };\n\n  build-system = [ hatchling ];\n\n  dependencies" in out


def test_a_list_that_empties_goes_with_its_binding():
    text = TEXT.replace(
        "  build-system = [ setuptools ];\n\n", '  build-system = [ setuptools ];\n\n  pythonRemoveDeps = [ "x" ];\n\n'
    )
    out = changed([DepChange("build-system", "setuptools", "remove")], text)
    assert "build-system" not in out.split("}:", 1)[1] and "  # build-system\n" not in out


def test_relaxations_and_disabled_go_where_the_story_puts_them():
    out = changed(
        [
            RelaxChange("httpx", "add", "httpx<0.28 upstream; nixpkgs has 0.28.1"),
            DisabledChange(Condition(((Atom("pythonOlder", "3.12"),),))),
        ]
    )
    assert '  pyproject = true;\n\n  disabled = pythonOlder "3.12";\n\n  src = fetchPypi {' in out
    assert (
        '  build-system = [ setuptools ];\n\n  pythonRelaxDeps = [\n    # httpx<0.28 upstream; nixpkgs has 0.28.1\n    "httpx"\n  ];\n\n  dependencies'
        in out
    )


def test_version_and_hash():
    out = set_hash(
        set_version(TEXT, "demo.nix", "1.1"), "demo.nix", "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="
    )
    assert '  version = "1.1";\n' in out and 'hash = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";' in out
    assert len(out) == len(TEXT)


def test_an_argument_the_file_already_lacked_is_not_added():
    text = TEXT.replace("  rich,\n", "")  # the file uses rich without taking it (someone's `with`?)
    out = changed([DepChange("dependencies", "idna", "add", ALWAYS)], text)
    assert "  rich," not in out and "  idna,\n" in out


def test_a_dependency_with_extras_brings_its_selection_and_takes_it_along():
    out = changed([DepChange("dependencies", "gql", "add", ALWAYS, extras=("requests",))])
    assert "    rich\n  ]\n  ++ gql.optional-dependencies.requests;\n" in out
    assert "    gql\n    # the HTTP side\n" not in out and "    click\n    gql\n\n    # the HTTP side\n" in out
    back = apply_changes(out, "demo.nix", [DepChange("dependencies", "gql", "remove")], TARGET)
    assert back == TEXT


def test_fetchpypi_pname_for_a_pep_625_sdist():
    from nixpkgs_contrib.nixpkgs.rewrite import set_pypi_pname

    out = set_pypi_pname(TEXT, "demo.nix", "demo_core")
    assert '  src = fetchPypi {\n    pname = "demo_core";\n    inherit version;\n    hash = ' in out
    final = TEXT.replace("inherit pname version;", "inherit (finalAttrs) pname version;")
    assert '    pname = "demo_core";\n    inherit (finalAttrs) version;\n' in set_pypi_pname(final, "demo.nix", "demo_core")
    literal = set_pypi_pname(out, "demo.nix", "demo_core2")
    assert '    pname = "demo_core2";\n' in literal
