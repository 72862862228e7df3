"""Reading what a person wrote in a python-modules file: conditions as cells of the matrix, the
dependency lists with their elements, the source and its tag template, the version."""

from __future__ import annotations

import pytest
from corpus import MODULES, requires_corpus

from nixpkgs_contrib.matrix import Environment, Target
from nixpkgs_contrib.nixpkgs.pyfile import changelog_for, read_text, truth
from nixpkgs_contrib.nixsyntax import parse

TARGET = Target(("3.11", "3.12", "3.13"), ("x86_64-linux", "aarch64-darwin"))


def cells(expr: str):
    found = truth(parse(expr).expr, TARGET)
    return None if found is None else sorted(str(e) for e in found)


@pytest.mark.parametrize(
    ("expr", "where"),
    [
        ('pythonOlder "3.12"', {"python3.11-x86_64-linux", "python3.11-aarch64-darwin"}),
        ('!(pythonAtLeast "3.12")', {"python3.11-x86_64-linux", "python3.11-aarch64-darwin"}),
        (
            "stdenv.hostPlatform.isDarwin",
            {"python3.11-aarch64-darwin", "python3.12-aarch64-darwin", "python3.13-aarch64-darwin"},
        ),
        ("stdenv.isLinux", {"python3.11-x86_64-linux", "python3.12-x86_64-linux", "python3.13-x86_64-linux"}),
        ('stdenv.hostPlatform.isLinux && pythonAtLeast "3.13"', {"python3.13-x86_64-linux"}),
        ('pythonOlder "3.11"', set()),
        ("!isPyPy", {str(e) for e in TARGET.environments}),
    ],
)
def test_conditions_are_cells(expr, where):
    assert set(cells(expr)) == where


def test_an_unknown_condition_is_not_guessed():
    assert cells("withFoo") is None and cells('lib.versionOlder x "3"') is None


MODULE = """{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,
  a,
  b,
  c,
  d,
}:

buildPythonPackage (finalAttrs: {
  pname = "demo";
  version = "2.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme";
    repo = "demo";
    rev = "refs/tags/demo-v${finalAttrs.version}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  sourceRoot = "${finalAttrs.src.name}/libs/demo";

  propagatedBuildInputs = [
    a
    (toPythonModule b)
  ]
  ++ lib.optionals (pythonOlder "3.12") [ c ]
  ++ d.optional-dependencies.fast;

  optional-dependencies = {
    fast = [ d ];
  };

  pythonRelaxDeps = true;

  meta.changelog = "https://github.com/acme/demo/blob/${finalAttrs.src.tag}/CHANGES.md";
})
"""


def test_a_file_as_read():
    w, _ = read_text(MODULE, "demo.nix", "demo", TARGET)
    deps = w.sections["dependencies"]
    assert deps.binding == "propagatedBuildInputs"
    assert [(e.attr, e.extra, e.term) for e in deps.entries] == [("a", None, 0), ("c", None, 1), ("d", "fast", 2)]
    assert deps.cells("c") == {Environment("3.11", s) for s in TARGET.systems}
    assert w.sections["optional-dependencies.fast"].attrs == {"d"}
    assert w.relax.every and w.relax.covers("anything")
    src = w.source
    assert (src.fetcher, src.owner, src.repo, src.tag("2.1"), src.problem) == (
        "fetchFromGitHub",
        "acme",
        "demo",
        "demo-v2.1",
        None,
    )
    assert w.subdir == "libs/demo"
    assert (w.version, w.disabled) == ("2.0", frozenset())
    assert changelog_for(w, "2.1") == "https://github.com/acme/demo/blob/demo-v2.1/CHANGES.md"


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        (
            'fetchFromGitHub { owner = "a"; repo = "b"; rev = "0123456789abcdef0123456789abcdef01234567"; hash = "sha256-x"; }',
            "does not follow the version",
        ),
        (
            'fetchPypi { pname = "demo"; version = "2.0"; hash = "sha256-x"; }',
            "fetchPypi's version is not the package's version",
        ),
        ('fetchPypi { inherit pname version; format = "wheel"; hash = "sha256-x"; }', "fetches a wheel"),
        ('fetchurl { url = "https://x"; hash = "sha256-x"; }', "fetchurl sources are not followed"),
        ("fetchPypi { inherit pname version; hash = lib.fakeHash; }", "no literal hash"),
    ],
)
def test_sources_the_tool_cannot_follow(src, problem):
    text = MODULE.replace(MODULE[MODULE.index("  src = ") : MODULE.index("  sourceRoot")], f"  src = {src};\n\n")
    w, _ = read_text(text, "demo.nix", "demo", TARGET)
    assert problem in (w.source.problem or "")


def test_an_inherited_version_names_its_root():
    text = MODULE.replace('  version = "2.0";\n', "").replace(
        "  src = fetchFromGitHub", "  inherit (demo-core) version;\n  src = fetchFromGitHub"
    )
    w, _ = read_text(text, "demo.nix", "demo", TARGET)
    assert (w.version, w.version_root) == (None, "demo-core")


@requires_corpus
def test_every_corpus_file_is_read():
    """Every real file gives its facts or says, per value, what it cannot read."""
    for path in MODULES:
        w, _ = read_text(path.read_text(), str(path), path.parent.name, Target(("3.11", "3.12", "3.13", "3.14")))
        assert w.version is not None or w.version_problem or w.version_root, path
        assert w.source.fetcher, path
