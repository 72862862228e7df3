"""The dagster family moved from 1.12.0 to 1.12.9 in a nixpkgs-shaped checkout.

The checkout gets the five files as ``pr`` writes them for that checkout (dagster-shared owns
``version`` and ``src``, the others ``inherit (dagster-shared) version src``), plus a maintainer's
hand edits.  Upstream is a clone of examples/dagster/snapshot tagged 1.12.0, then changed as
tests/fixtures/update/dagster-1.12.9.json reproduces the real release (requires-python now
admits 3.14, gql's cap moves from <4 to <5) and tagged 1.12.9.  ``update dagster`` (a member)
updates the whole family: the root's version and hash, and each file's own changes."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import REPO, run_cli
from nixeval import requires_nix
from nixpkgs_fixture import GIT_ENV, commit_all, git, make_nixpkgs
from packaging.requirements import Requirement
from update_cases import FIXTURES, evaluate_files, module_file, status

from nixpkgs_contrib.hashing.sources import hash_github_tag
from nixpkgs_contrib.matrix import DEFAULT_SYSTEMS, Environment, Target
from nixpkgs_contrib.naming import attr_for
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import DirectoryTree

SNAPSHOT = REPO / "examples" / "dagster" / "snapshot"
RECIPE = REPO / "examples" / "dagster" / "recipe.toml"
FAMILY = ("dagster-shared", "dagster-pipes", "dagster", "dagster-graphql", "dagster-webserver")  # dependency order
SUBDIRS = {
    "dagster": "python_modules/dagster",
    "dagster-pipes": "python_modules/dagster-pipes",
    "dagster-graphql": "python_modules/dagster-graphql",
    "dagster-webserver": "python_modules/dagster-webserver",
    "dagster-shared": "python_modules/libraries/dagster-shared",
}
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
#: the checkout's gql is past 1.12.0's cap (<4), within 1.12.9's (<5)
DEPENDENCIES = {"gql": "4.0.0", "graphene": "3.4.3", "pydantic": "2.11.7"}


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def upstream(tmp_path):
    """A clone with tag 1.12.0 (the snapshot) and tag 1.12.9 (the fixture's change on top)."""
    repo = tmp_path / "dagster"
    shutil.copytree(SNAPSHOT, repo)
    git(repo, "init", "-q", "-b", "master")
    commit_all(repo, "1.12.0")
    git(repo, "tag", "1.12.0")
    change = json.loads((FIXTURES / "dagster-1.12.9.json").read_text())
    for rel, replacements in change["replace"].items():
        path = repo / rel
        text = path.read_text()
        for old, new in replacements:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text)
    commit_all(repo, change["tag"])
    git(repo, "tag", change["tag"])
    return repo


HAND_EDITS = {
    "dagster-shared": ("    maintainers = [ ];\n", "    maintainers = with lib.maintainers; [ alice ];\n"),
    "dagster": (
        '  pythonImportsCheck = [ "dagster" ];\n',
        '  pythonImportsCheck = [ "dagster" ];\n\n  # the CLI shells out to git for `dagster project`\n  makeWrapperArgs = [ "--prefix PATH : ${lib.makeBinPath [ ]}" ];\n',
    ),
    "dagster-webserver": (
        "  build-system = [ setuptools ];\n",
        "  build-system = [ setuptools ];\n\n  postPatch = ''\n    rm -r dagster_webserver/webapp/build/vendor\n  '';\n",
    ),
}


def nixpkgs_checkout(tmp_path, repo):
    """The family as `pr` writes it for this checkout, plus hand edits, on a clean branch."""
    root = make_nixpkgs(tmp_path, DEPENDENCIES, pythons=PYTHONS)
    res = run_cli(
        "pr", repo, "--recipe", RECIPE, "--nixpkgs", root, "--allow-missing", "--pr-body", tmp_path / "body.md"
    )
    assert res.status == 0, res.stderr
    for attr, (old, new) in HAND_EDITS.items():
        path = module_file(root, attr)
        text = path.read_text()
        assert old in text, attr
        if attr == "dagster":
            text = text.replace("{\n  buildPythonPackage,", "{\n  lib,\n  buildPythonPackage,", 1)
        path.write_text(text.replace(old, new, 1))
    gql = module_file(root, "gql")  # dagster-graphql asks for gql[requests]
    gql.write_text(
        gql.read_text().replace(
            "  pythonImportsCheck", "  optional-dependencies.requests = [ ];\n\n  pythonImportsCheck"
        )
    )
    commit_all(root, "hand edits")
    return root


def test_the_family_follows_its_root(tmp_path):
    repo = upstream(tmp_path)
    root = nixpkgs_checkout(tmp_path, repo)
    before = {attr: module_file(root, attr).read_text() for attr in FAMILY}
    assert "  gql,\n" in before["dagster-graphql"] and '"gql"' in before["dagster-graphql"]  # relaxed at 1.12.0
    head = git(root, "rev-parse", "HEAD")

    res = run_cli("update", "dagster", "--nixpkgs", root, "--source", repo, "--version", "1.12.9", "--commit")
    assert res.status == 0, res.stderr
    assert status(root) == ""
    titles = git(root, "log", "--reverse", "--format=%s", f"{head}..HEAD").splitlines()
    assert titles == [f"python3Packages.{attr}: 1.12.0 -> 1.12.9" for attr in FAMILY]
    assert "Diff: https://github.com/dagster-io/dagster/compare/1.12.0...1.12.9" in git(
        root, "log", "-1", "--format=%B"
    )

    after = {attr: module_file(root, attr).read_text() for attr in FAMILY}
    shared = after["dagster-shared"]
    assert 'version = "1.12.9";' in shared and f'hash = "{hash_github_tag(repo, "1.12.9")}";' in shared
    for attr in FAMILY[1:]:
        assert "inherit (dagster-shared) version src;" in after[attr]
        assert 'disabled = pythonAtLeast "3.14";' in before[attr] and "disabled" not in after[attr], attr
        assert "pythonAtLeast" not in after[attr], attr  # the argument went with its last use
    graphql = after["dagster-graphql"]
    assert "pythonRelaxDeps" not in graphql  # gql<5 admits the checkout's 4.0.0
    lines = res.stdout.splitlines()
    assert "  ~ dependencies: gql <4,>=3 -> <5,>=3" in lines
    assert "  - pythonRelaxDeps: gql (upstream's <5,>=3 admits nixpkgs' version)" in lines
    for attr, (_, new) in HAND_EDITS.items():
        assert new in after[attr], attr
    # nothing else moved: every line the update removed is a version, hash, disabled, relaxation or argument line
    for attr in FAMILY:
        gone = set(before[attr].splitlines()) - set(after[attr].splitlines())
        allowed = (
            "version =",
            "hash =",
            "disabled =",
            "pythonAtLeast,",
            "pythonRelaxDeps",
            '"gql"',
            "# gql<4",
            "];",
            "",
        )
        assert all(line.strip().startswith(allowed) for line in gone), (attr, gone)


@requires_nix
def test_the_updated_family_evaluates_to_upstreams_dependencies(tmp_path):
    repo = upstream(tmp_path)
    root = nixpkgs_checkout(tmp_path, repo)
    res = run_cli("update", "dagster-shared", "--nixpkgs", root, "--source", repo, "--version", "1.12.9")
    assert res.status == 0, res.stderr
    facts = evaluate_files(root, FAMILY, tmp_path / "evaluated", PYTHONS, DEFAULT_SYSTEMS)
    siblings = {attr_for(a): a for a in FAMILY}
    target = Target(PYTHONS, DEFAULT_SYSTEMS)
    for attr in FAMILY:
        project = read_project(DirectoryTree(repo / SUBDIRS[attr]), target)
        assert project.version == "1.12.9"
        for env, meta in project.per_environment:
            got = facts[env.python, env.system][attr]
            assert got["version"] == "1.12.9" and got["disabled"] is False, (attr, env)
            wanted = {siblings.get(attr_for(r.name), attr_for(r.name)) for r in meta.dependencies if _holds(r, env)}
            assert sorted(got["dependencies"]) == sorted(wanted | _extras(got)), (attr, env)


def _holds(req: Requirement, env: Environment) -> bool:
    return req.marker is None or req.marker.evaluate(env.marker_environment())


def _extras(got: dict) -> set[str]:
    """``gql.optional-dependencies.requests`` evaluates to a stub named ``gql[requests]``."""
    return {name for name in got["dependencies"] if "[" in name}
