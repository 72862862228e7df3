"""Registration lines and their keep-sorted place in python-packages.nix."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from nixeval import NIX_CONFIG  # noqa: E402
from nixpkgs_fixture import make_nixpkgs, python_packages_nix

from nixpkgs_contrib.errors import NixpkgsError
from nixpkgs_contrib.nixpkgs.registration import insert_registration, sort_key
from nixpkgs_contrib.render.registration import registration_entry, sorted_entries


def entry(attr: str) -> str:
    return f"  {attr} = callPackage ../development/python-modules/{attr} {{ }};"


def block(*entries: str) -> str:
    """A python-packages.nix with *entries* (already in order) in its keep-sorted block."""
    return (
        "self: super: with self; {\n\n"
        "  setuptools = callPackage ../development/python-modules/setuptools { };\n\n"
        "  # keep-sorted start block=yes newline_separated=yes "
        'by_regex=["(?:inherit\\\\s+\\\\([^)]+\\\\)\\\\n?\\\\s*)?(.+)"]\n'
        + "\n\n".join(entries)
        + "\n\n  # keep-sorted end\n}\n"
    )


def removed(text: str, lines: str) -> str:
    """*text* without the inserted *lines* and one blank line next to them."""
    for candidate in (lines + "\n\n", "\n\n" + lines):
        if candidate in text:
            return text.replace(candidate, "", 1)
    raise AssertionError("inserted lines not found")


# -- sort order ------------------------------------------------------------------------------


def test_keep_sorted_order_of_attribute_names():
    # byte order of "<name> =": space < '-' < digits < upper case < '_' < lower case (case=yes)
    expected = ["acme", "acme-core", "acme-web", "acme2", "acmeX", "acme_x", "acmex"]
    shuffled = ["acmex", "acme_x", "acme2", "acme-web", "acme", "acmeX", "acme-core"]
    assert sorted(shuffled, key=lambda a: sort_key(entry(a))) == expected


def test_digits_sort_as_text():
    # numeric=no: "zope10" before "zope2"
    assert sorted(["zope2", "zope10", "zope-1"], key=lambda a: sort_key(entry(a))) == ["zope-1", "zope10", "zope2"]


def test_wrapped_entry_sorts_like_one_line():
    wrapped = (
        "  aio-geojson-generic-client =\n"
        "    callPackage ../development/python-modules/aio-geojson-generic-client\n"
        "      { };"
    )
    assert sort_key(wrapped).startswith("aio-geojson-generic-client =callPackage ../development/")
    assert sort_key(entry("aio-geojson-client")) < sort_key(wrapped) < sort_key(entry("aio-georss-client"))


def test_inherit_sorts_by_its_first_name():
    inherit = "  inherit (callPackage ../development/python-modules/mypy-boto3 { }) mypy-boto3-acm mypy-boto3-amp;"
    assert sort_key(inherit) == "mypy-boto3-acm mypy-boto3-amp;"
    assert sort_key(entry("mypy-boto3")) < sort_key(inherit) < sort_key(entry("mypy-boto3-builder"))


def test_comments_do_not_change_the_key():
    assert sort_key("  # a comment\n" + entry("acme")) == sort_key(entry("acme"))


# -- entries ---------------------------------------------------------------------------------


def test_short_entry():
    assert registration_entry("acme-core") == "  acme-core = callPackage ../development/python-modules/acme-core { };"


def test_entry_of_100_columns_without_indentation_stays_on_one_line():
    # as in nixpkgs: nixfmt does not count the indentation (102 columns in the file)
    line = registration_entry("aiohttp-asyncmdnsresolver")
    assert line == (
        "  aiohttp-asyncmdnsresolver = callPackage ../development/python-modules/aiohttp-asyncmdnsresolver { };"
    )
    assert len(line) == 102


def test_long_entry_is_wrapped_as_nixfmt_does():
    assert registration_entry("aio-geojson-generic-client") == (
        "  aio-geojson-generic-client =\n"
        "    callPackage ../development/python-modules/aio-geojson-generic-client\n"
        "      { };"
    )


def test_attribute_that_is_no_identifier_is_quoted():
    assert registration_entry("3to2") == '  "3to2" = callPackage ../development/python-modules/3to2 { };'


@pytest.mark.parametrize("attr", ["", "a b", "..", "a/b", 'x"y'])
def test_impossible_directory_names(attr):
    with pytest.raises(NixpkgsError):
        registration_entry(attr)


def test_sorted_entries():
    assert sorted_entries(["acme-web", "acme", "acme-core", "acme"]) == (
        "  acme = callPackage ../development/python-modules/acme { };\n"
        "\n"
        "  acme-core = callPackage ../development/python-modules/acme-core { };\n"
        "\n"
        "  acme-web = callPackage ../development/python-modules/acme-web { };\n"
    )
    assert sorted_entries([]) == ""


def test_sorted_entries_with_a_wrapped_entry():
    text = sorted_entries(["aio-geojson-generic-client", "aio-geojson-client"])
    assert text.index("  aio-geojson-client =") < text.index("  aio-geojson-generic-client =\n")
    assert "\n\n\n" not in text


# -- insertion -------------------------------------------------------------------------------


def test_insert_at_start():
    text = block(entry("beta"), entry("gamma"))
    out = insert_registration(text, "alpha", entry("alpha"))
    assert out == block(entry("alpha"), entry("beta"), entry("gamma"))


def test_insert_in_the_middle():
    text = block(entry("acme"), entry("acme-web"), entry("acmex"))
    out = insert_registration(text, "acme-core", entry("acme-core"))
    assert out == block(entry("acme"), entry("acme-core"), entry("acme-web"), entry("acmex"))


def test_insert_at_end():
    text = block(entry("acme"), entry("beta"))
    out = insert_registration(text, "zulu", entry("zulu"))
    assert out == block(entry("acme"), entry("beta"), entry("zulu"))


def test_insert_into_empty_block():
    text = "{\n  # keep-sorted start block=yes newline_separated=yes\n  # keep-sorted end\n}\n"
    out = insert_registration(text, "acme", entry("acme"))
    start = "{\n  # keep-sorted start block=yes newline_separated=yes\n"
    assert out == start + entry("acme") + "\n  # keep-sorted end\n}\n"


def test_insert_wrapped_entry_between_wrapped_and_multiline_neighbours():
    adios2 = "  adios2 = toPythonModule (\n    pkgs.adios2.override {\n      python3Packages = self;\n    }\n  );"
    geo = registration_entry("aio-geojson-generic-client")
    text = block(adios2, geo, entry("zope"))
    new = registration_entry("aio-geojson-nsw-rfs-incidents-extended")
    assert "\n" in new
    out = insert_registration(text, "aio-geojson-nsw-rfs-incidents-extended", new)
    assert out == block(adios2, geo, new, entry("zope"))


def test_sticky_comment_stays_with_its_entry():
    commented = "  # pinned for home-assistant\n" + entry("beta")
    text = block(entry("alpha"), commented)
    out = insert_registration(text, "alpha-two", entry("alpha-two"))
    assert out == block(entry("alpha"), entry("alpha-two"), commented)


def test_insert_next_to_inherit():
    inherit = (
        "  inherit (callPackage ../development/python-modules/mypy-boto3 { })\n"
        "    mypy-boto3-acm\n"
        "    mypy-boto3-amp\n"
        "    ;"
    )
    text = block(entry("mypy"), inherit, entry("mypy-extensions"))
    out = insert_registration(text, "mypy-boto3-builder", entry("mypy-boto3-builder"))
    assert out == block(entry("mypy"), inherit, entry("mypy-boto3-builder"), entry("mypy-extensions"))


def test_brackets_in_strings_and_comments_do_not_join_entries():
    """Entries come from the syntax tree: an unbalanced bracket in a ``''`` string or a ``/* */``
    comment does not make the next entry part of this one."""
    odd = "  alpha = f ''\n    ( [ {\n  ''; /* ) */"
    text = block(odd, entry("gamma"))
    out = insert_registration(text, "beta", entry("beta"))
    assert out == block(odd, entry("beta"), entry("gamma"))


def test_only_lines_are_added():
    text = python_packages_nix(["acme", "acme-web", "aio-geojson-generic-client", "zope"])
    for attr in ("acme-core", "aaa", "zzz", "aio-geojson-nsw-rfs-incidents-extended"):
        new = registration_entry(attr)
        out = insert_registration(text, attr, new)
        assert removed(out, new) == text
        assert "\n\n\n" not in out


def test_inserted_order_matches_the_fixture_order():
    # the fixture orders by its own rule; inserting one by one must give the same file
    attrs = ["acme-web", "acme", "zope", "acme2", "acme-core", "aio-geojson-generic-client", "acmex", "acme_x"]
    text = python_packages_nix([])
    for attr in attrs:
        text = insert_registration(text, attr, registration_entry(attr))
    assert text == python_packages_nix(attrs)


def test_existing_attribute_is_refused():
    text = block(entry("acme"), entry("beta"))
    with pytest.raises(NixpkgsError) as err:
        insert_registration(text, "beta", entry("beta"), path="pkgs/top-level/python-packages.nix")
    assert str(err.value) == "pkgs/top-level/python-packages.nix:8: attribute 'beta' already exists"


def test_attribute_outside_the_block_is_refused():
    with pytest.raises(NixpkgsError, match="'setuptools' already exists"):
        insert_registration(block(entry("acme")), "setuptools", entry("setuptools"))


def test_inherited_attribute_is_refused():
    inherit = "  inherit (callPackage ../development/python-modules/mypy-boto3 { }) mypy-boto3-acm mypy-boto3-amp;"
    with pytest.raises(NixpkgsError, match="'mypy-boto3-amp' already exists"):
        insert_registration(block(inherit), "mypy-boto3-amp", entry("mypy-boto3-amp"))


def test_no_block():
    with pytest.raises(NixpkgsError, match="keep-sorted start"):
        insert_registration("self: super: {\n  a = 1;\n}\n", "acme", entry("acme"))


def test_unterminated_block():
    with pytest.raises(NixpkgsError, match="without '# keep-sorted end'"):
        insert_registration("{\n  # keep-sorted start\n  a = 1;\n}\n", "acme", entry("acme"))


def test_entry_must_define_the_attribute():
    with pytest.raises(ValueError):
        insert_registration(block(entry("acme")), "beta", entry("gamma"))


@pytest.mark.nix
@pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs nix-instantiate")
def test_result_parses_as_nix(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1", "zope": "2"}, commit=False)
    path = root / "pkgs/top-level/python-packages.nix"
    text = path.read_text()
    for attr in ("aaa", "acme-core", "aio-geojson-nsw-rfs-incidents-extended", "zzz", "3to2"):
        text = insert_registration(text, attr, registration_entry(attr))
    path.write_text(text)
    done = subprocess.run(
        ["nix-instantiate", "--parse", str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, NIX_CONFIG=NIX_CONFIG),
        check=False,
    )
    assert done.returncode == 0, done.stderr
