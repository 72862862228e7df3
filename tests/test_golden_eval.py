"""Golden files under real Nix: every file parses, every package evaluates against the stand-in
nixpkgs in every (interpreter, system) cell, and the evaluated dependency sets are exactly what
``packaging`` says upstream metadata means in that cell.  The flake of every golden family
evaluates offline with the same sets."""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

import pytest
from conftest import GOLDEN, fixture_config, fixture_projects, fixture_source
from nixeval import NIX_ENV, evaluate_family, requires_nix
from packaging.utils import canonicalize_name

from nixpkgs_contrib import naming
from nixpkgs_contrib.commands.emit import add_parser, options_from_args
from nixpkgs_contrib.devtools import is_dev_extra
from nixpkgs_contrib.flake_eval import evaluate_flake
from nixpkgs_contrib.pipeline import open_tree
from nixpkgs_contrib.recipe import load as load_recipe
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import SubTree

pytestmark = requires_nix


def golden_nix_files() -> list[Path]:
    return sorted(GOLDEN.rglob("*.nix"))


@pytest.mark.parametrize("path", golden_nix_files(), ids=lambda p: str(p.relative_to(GOLDEN)))
def test_golden_parses(path: Path, tmp_path: Path) -> None:
    if path.name == "python-packages.nix":
        # lines to insert into the attribute set of pkgs/top-level/python-packages.nix
        wrapped = tmp_path / "python-packages.nix"
        wrapped.write_text("{ callPackage }:\n{\n" + path.read_text() + "}\n")
        path = wrapped
    result = subprocess.run(
        ["nix-instantiate", "--parse", str(path)], capture_output=True, text=True, env={**os.environ, **NIX_ENV}
    )
    assert result.returncode == 0, result.stderr


def _options(name: str, tmp_path: Path):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    source = fixture_source(name, tmp_path)
    args = parser.parse_args(["emit", str(source), *fixture_config(name)["args"]])
    recipe = load_recipe(args.recipe) if args.recipe else None
    return source, options_from_args(args, recipe), recipe


def _projects(name: str, tmp_path: Path):
    """The fixture's upstream facts, read independently of the emitter's planning."""
    source, options, recipe = _options(name, tmp_path)
    tree = open_tree(source, options.tag)
    if recipe is None:
        return options, [read_project(tree, options.target)]
    return options, [read_project(SubTree(tree, p.path), options.target, subdir=p.path) for p in recipe.packages]


def _expected(requirements, env, siblings, extra: str = "") -> set[str]:
    out = set()
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate(env.marker_environment(extra)):
            continue
        attr = siblings.get(canonicalize_name(req.name)) or naming.attr_for(req.name)
        out.add(attr)
        out |= {f"{attr}[{e}]" for e in req.extras}
    return out


@pytest.mark.parametrize("name", fixture_projects())
def test_golden_evaluates_to_upstream_meaning(name: str, tmp_path: Path) -> None:
    options, projects = _projects(name, tmp_path)
    target = options.target
    siblings = {canonicalize_name(p.name): naming.attr_for(p.name) for p in projects}
    facts = evaluate_family(GOLDEN / name, pythons=target.pythons, systems=target.systems)
    assert len(facts) == len(target.environments)
    for project in projects:
        attr = naming.attr_for(project.name)
        for env, meta in project.per_environment:
            got = facts[(env.python, env.system)][attr]
            assert got["version"] == meta.version
            if meta.requires_python is not None:
                admitted = any(meta.requires_python.contains(f"{env.python}.{p}") for p in (0, 99))
                assert got["disabled"] == (not admitted), (attr, str(env))
            if got["disabled"]:
                continue  # nothing is built there: the lists may say anything (don't-care cells)
            assert set(got["dependencies"]) == _expected(meta.dependencies, env, siblings), (attr, str(env))
            extras = {
                meta.extra_key(extra): _expected(reqs, env, siblings, extra)
                for extra, reqs in meta.optional_dependencies
                if not is_dev_extra(extra, reqs)
            }
            got_extras = {k: set(v) for k, v in got["optional-dependencies"].items()}
            assert got_extras == {k: v for k, v in extras.items() if k in got_extras}, (attr, str(env))
            assert set(extras) - set(got_extras) == {k for k, v in extras.items() if not v and k not in got_extras}
            # every package checks an import, except a meta-package, which has none to check
            assert bool(got["pythonImportsCheck"]) != meta.meta_package, attr


@pytest.mark.parametrize("name", fixture_projects())
def test_golden_flake_evaluates(name: str, tmp_path: Path) -> None:
    options, projects = _projects(name, tmp_path)
    report = evaluate_flake(GOLDEN / name, pythons=options.target.pythons)
    assert report.ok, report.problems
    siblings = {canonicalize_name(p.name): naming.attr_for(p.name) for p in projects}
    checked = 0
    for project in projects:
        attr = naming.attr_for(project.name)
        for env, meta in project.per_environment:
            key = (env.python, env.system, attr)
            if key not in report.dependencies:
                assert env.python in report.skipped_interpreters or key in report.unavailable, key
                continue
            expected = _expected(meta.dependencies, env, siblings)
            assert set(report.dependencies[key]) == expected, key
            checked += 1
    assert checked, "the flake exposed no package of the family"
