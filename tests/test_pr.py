"""``pr``: a branch with one commit per package, in dependency order, and the PR description."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from nixeval import NIX_CONFIG
from nixpkgs_fixture import GIT_ENV, git, make_nixpkgs, python_packages_nix

from nixpkgs_contrib import __version__
from nixpkgs_contrib.nixpkgs.pr import pr_title
from nixpkgs_contrib.plan import FAKE_HASH

PYTHON_PACKAGES = "pkgs/top-level/python-packages.nix"
GITHUB = ["--github", "acme-org/acme", "--tag", "v1.0.0", "--hash", FAKE_HASH]
TRAILER = f"Assisted-by: nixpkgs-contrib {__version__}"
BASE = {"hatchling": "1.27.0", "beta": "1.0", "delta": "1.0"}


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    """A fixed git identity without the user's configuration, and a private index cache."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def project(root: Path, name: str, deps: list[str] = ()) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(repr(d) for d in deps)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{name}"
            version = "1.0.0"
            description = "Fixture package for PR tests"
            license = "MIT"
            dependencies = [{listed}]
            """
        )
    )
    (root / name.replace("-", "_")).mkdir(exist_ok=True)
    (root / name.replace("-", "_") / "__init__.py").write_text("")
    return root


def state(root: Path) -> tuple[str, str, str, str]:
    """HEAD, current branch, all branches, and the status: what must not change on refusal."""
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "symbolic-ref", "--short", "HEAD"),
        git(root, "branch", "--list"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
    )


def titles(root: Path, base: str = "master") -> list[str]:
    return git(root, "log", "--reverse", "--format=%s", f"{base}..HEAD").splitlines()


@pytest.mark.parametrize("name", ["alpha", "charlie", "zulu"])
def test_registration_lands_in_keep_sorted_order(tmp_path, name):
    root = make_nixpkgs(tmp_path, BASE)
    before = (root / PYTHON_PACKAGES).read_text()
    res = run_cli("pr", project(tmp_path / name, name), *GITHUB, "--nixpkgs", root, "--pr-body", tmp_path / "body.md")
    assert res.status == 0, res.stderr
    after = (root / PYTHON_PACKAGES).read_text()
    # the fixture's own rendering of the same set, in keep-sorted order
    assert after == python_packages_nix([*BASE, name])
    # only lines were added; none of the existing ones changed
    removed = [line for line in git(root, "diff", "master", "--", PYTHON_PACKAGES).splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == []
    assert before != after


def test_dirty_checkout_is_refused(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    (root / "pkgs/top-level/all-packages.nix").write_text("# local edit\n")
    expected = state(root)
    res = run_cli("pr", project(tmp_path / "alpha", "alpha"), *GITHUB, "--nixpkgs", root)
    assert res.status == 1 and "uncommitted changes" in res.stderr
    assert state(root) == expected


def test_existing_attribute_is_refused_with_a_hint_to_update(tmp_path):
    root = make_nixpkgs(tmp_path, {**BASE, "alpha": "0.9"})
    expected = state(root)
    res = run_cli("pr", project(tmp_path / "alpha", "alpha"), *GITHUB, "--nixpkgs", root)
    assert res.status == 1
    assert "alpha already in the checkout" in res.stderr and "update" in res.stderr
    assert state(root) == expected


def test_dry_run_touches_nothing(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    expected = state(root)
    res = run_cli("pr", project(tmp_path / "charlie", "charlie"), *GITHUB, "--nixpkgs", root, "--dry-run")
    assert res.status == 0, res.stderr
    assert state(root) == expected
    assert not (root / "pkgs/development/python-modules/charlie").exists()
    assert "python3Packages.charlie: init at 1.0.0" in res.stdout
    assert "+++ b/pkgs/development/python-modules/charlie/default.nix" in res.stdout
    assert "+  charlie = callPackage ../development/python-modules/charlie { };" in res.stdout


def test_pr_prunes_to_the_checkout_interpreters(tmp_path):
    """The default target reaches back to 3.9; a PR is planned for the checkout's interpreters, so
    guards only 3.9/3.10 need (tomli) are not in the commit, while 3.12 guards stay."""
    root = make_nixpkgs(tmp_path, {**BASE, "tomli": "2.2.1", "typing-extensions": "4.14.0"}, pythons=("3.11", "3.12", "3.13", "3.14"))
    src = project(tmp_path / "charlie", "charlie", ['tomli; python_version < "3.11"', 'typing-extensions; python_version < "3.12"'])
    res = run_cli("pr", src, *GITHUB, "--nixpkgs", root)
    assert res.status == 0, res.stderr
    text = (root / "pkgs/development/python-modules/charlie/default.nix").read_text()
    assert "tomli" not in text
    assert 'lib.optionals (pythonOlder "3.12") [ typing-extensions ]' in text
    wide = run_cli("emit", src, *GITHUB, "--out", tmp_path / "wide")
    assert wide.status == 0, wide.stderr
    assert 'lib.optionals (pythonOlder "3.11") [ tomli ]' in (tmp_path / "wide/pkgs/development/python-modules/charlie/default.nix").read_text()


def family_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "acme"
    project(repo / "web", "acme-web", ["acme-core==1.0.0", "beta"])
    project(repo / "core", "acme-core", ["delta"])
    return repo


def test_commits_in_dependency_order_with_titles_and_trailer(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    repo = family_repo(tmp_path)
    res = run_cli(
        "pr", repo, *GITHUB, "--package", "web", "--package", "core", "--family", "acme", "--nixpkgs", root,
        "--pr-body", tmp_path / "body.md",
    )
    assert res.status == 0, res.stderr
    assert git(root, "symbolic-ref", "--short", "HEAD") == "python3Packages.acme-init"
    assert titles(root) == ["python3Packages.acme-core: init at 1.0.0", "python3Packages.acme-web: init at 1.0.0"]
    for rev, attr in (("HEAD~1", "acme-core"), ("HEAD", "acme-web")):
        message = git(root, "log", "-1", "--format=%B", rev)
        # the nixpkgs form: title, blank line, trailer; nothing else
        assert message == f"python3Packages.{attr}: init at 1.0.0\n\n{TRAILER}"
        changed = git(root, "show", "--name-only", "--format=", rev).splitlines()
        assert sorted(changed) == sorted([f"pkgs/development/python-modules/{attr}/default.nix", PYTHON_PACKAGES])
    assert git(root, "status", "--porcelain") == ""
    body = (tmp_path / "body.md").read_text()
    # the per-package check list is in the PR description
    assert "- interpreters: python311, python312, python313, python314, python315" in body
    assert "- `acme-core`: inputs present: delta, hatchling" in body
    assert "- `acme-web`: inputs present: acme-core, beta, hatchling" in body
    assert "Adds the acme packages from" in body and "2 Python packages, one commit each" in body
    assert "every commit carries" in body and "(or of this PR)" in body
    assert "nix-build -A python3Packages.acme-core -A python3Packages.acme-web" in body
    assert "nixpkgs-review" in body and "Automation disclosure" in body and TRAILER in body


def test_failure_leaves_no_half_made_branch(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    hook = root / ".git/hooks/commit-msg"
    hook.write_text('#!/bin/sh\ngrep -q "acme-web" "$1" && { echo "hook says no" >&2; exit 1; }\nexit 0\n')
    hook.chmod(0o755)
    expected = state(root)
    res = run_cli("pr", family_repo(tmp_path), *GITHUB, "--package", "web", "--package", "core", "--family", "acme", "--nixpkgs", root)
    assert res.status == 1 and "hook says no" in res.stderr
    assert state(root) == expected
    assert not (root / "pkgs/development/python-modules/acme-core").exists()


def test_existing_branch_is_refused(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    git(root, "branch", "python3Packages.alpha-init")
    expected = state(root)
    res = run_cli("pr", project(tmp_path / "alpha", "alpha"), *GITHUB, "--nixpkgs", root)
    assert res.status == 1 and "already exists" in res.stderr
    assert state(root) == expected


def test_pr_title_for_several_packages():
    from nixpkgs_contrib.model import NixPackage

    pkgs = [NixPackage("a", "a", "1.0", src=None), NixPackage("b", "b", "1.0", src=None)]  # type: ignore[arg-type]
    assert pr_title("init", pkgs) == "python3Packages.{a,b}: init at 1.0"
    assert pr_title("update", pkgs, {"a": "0.9", "b": "0.9"}) == "python3Packages.{a,b}: 0.9 -> 1.0"


# -------------------------------------------------------------------------------------------------
# the dagster family into a generated checkout

DAGSTER = REPO / "examples" / "dagster"
ARGUMENTS = re.compile(r"^\{\n(.*?)\n\}:", re.S)


def dagster_inputs(tmp_path: Path) -> dict[str, str]:
    """Every input the emitted dagster files take (read from their argument lists), each with a
    version meeting upstream's lower bounds, so the generated checkout can hold the family."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    from nixpkgs_contrib.matrix import Target
    from nixpkgs_contrib.pipeline import emit_family
    from nixpkgs_contrib.plan import Options
    from nixpkgs_contrib.recipe import load

    recipe = load(DAGSTER / "recipe.toml")
    options = Options(target=Target(("3.11", "3.12", "3.13", "3.14")), github=("dagster-io", "dagster"), tag=recipe.tag, hash=recipe.hash)
    emitted, _ = emit_family(DAGSTER / "snapshot", options, recipe=recipe)
    family = {p.package.attr for p in emitted.plans}
    wanted: dict[str, Version] = {}
    for path, text in emitted.files.items():
        if path.endswith("default.nix"):
            args = ARGUMENTS.match(text).group(1)
            for line in args.splitlines():
                name = line.strip().rstrip(",")
                if name and not name.startswith("#") and name not in family and name not in {
                    "lib", "buildPythonPackage", "fetchFromGitHub", "pythonOlder", "pythonAtLeast", "stdenv",
                } and not name.endswith("Hook"):
                    wanted.setdefault(name, Version("1.0"))
    for plan in emitted.plans:
        for dep in plan.package.dependencies:
            for _, text in dep.requirements:
                for spec in Requirement(text).specifier:
                    if spec.operator in (">=", "==", "~=") and not spec.version.endswith("*") and dep.attr in wanted:
                        wanted[dep.attr] = max(wanted[dep.attr], Version(spec.version))
    wanted.pop("setuptools", None)  # registered outside the keep-sorted block by the fixture
    return {name: str(v) for name, v in wanted.items()}


def test_dagster_family_into_a_clean_branch(tmp_path):
    versions = dagster_inputs(tmp_path)
    versions["pydantic"] = "3.1.0"  # past dagster-shared's pydantic<3.0.0
    root = make_nixpkgs(tmp_path, versions, pythons=("3.11", "3.12", "3.13", "3.14"))
    res = run_cli(
        "pr", DAGSTER / "snapshot", "--recipe", DAGSTER / "recipe.toml", "--nixpkgs", root, "--pr-body", tmp_path / "body.md"
    )
    assert res.status == 0, res.stderr
    assert git(root, "symbolic-ref", "--short", "HEAD") == "python3Packages.dagster-init"
    assert git(root, "status", "--porcelain") == ""
    got = titles(root)
    assert sorted(got) == sorted(
        f"python3Packages.{a}: init at 1.12.0" for a in ("dagster", "dagster-graphql", "dagster-pipes", "dagster-shared", "dagster-webserver")
    )
    # every commit evaluates on its own: each file only takes siblings registered by then
    attrs_in_order = [t.split(".", 1)[1].split(":")[0] for t in got]
    for number, attr in enumerate(attrs_in_order):
        rev = f"HEAD~{len(got) - 1 - number}"
        registered = git(root, "show", f"{rev}:{PYTHON_PACKAGES}")
        text = git(root, "show", f"{rev}:pkgs/development/python-modules/{attr}/default.nix")
        for sibling in attrs_in_order:
            taken = re.search(rf"^  {re.escape(sibling)},$", ARGUMENTS.match(text + "\n").group(0), re.M)
            if taken:
                assert f"  {sibling} = callPackage" in registered, f"{attr} takes {sibling} before it exists"
        assert git(root, "log", "-1", "--format=%B", rev).rstrip().endswith(TRAILER)
    shared = (root / "pkgs/development/python-modules/dagster-shared/default.nix").read_text()
    assert "# pydantic<3.0.0 upstream; nixpkgs has 3.1.0" in shared
    assert (root / PYTHON_PACKAGES).read_text() == python_packages_nix([*versions, *attrs_in_order])
    body = (tmp_path / "body.md").read_text()
    assert "nix-build -A python3Packages.dagster" in body and "nixpkgs-review" in body


@pytest.mark.nix
@pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs nix-instantiate")
def test_generated_registration_parses(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    res = run_cli("pr", family_repo(tmp_path), *GITHUB, "--package", "web", "--package", "core", "--family", "acme", "--nixpkgs", root)
    assert res.status == 0, res.stderr
    env = dict(
        os.environ,
        NIX_CONFIG=NIX_CONFIG,
    )
    for rel in (PYTHON_PACKAGES, "pkgs/development/python-modules/acme-web/default.nix"):
        done = subprocess.run(["nix-instantiate", "--parse", str(root / rel)], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr


def test_missing_maintainer_is_warned_about(tmp_path):
    versions = dagster_inputs(tmp_path)
    root = make_nixpkgs(tmp_path, versions, pythons=("3.11", "3.12", "3.13", "3.14"))
    args = ["pr", DAGSTER / "snapshot", "--recipe", DAGSTER / "recipe.toml", "--nixpkgs", root, "--dry-run"]
    res = run_cli(*args)
    assert res.status == 0, res.stderr
    assert "no maintainer for dagster-shared" in res.stderr
    assert "no maintainer" not in run_cli(*args, "--maintainer", "alice").stderr


def test_one_package_is_worded_in_the_singular(tmp_path):
    root = make_nixpkgs(tmp_path, BASE)
    res = run_cli("pr", project(tmp_path / "alpha", "alpha", ["beta"]), *GITHUB, "--nixpkgs", root, "--pr-body", tmp_path / "body.md")
    assert res.status == 0, res.stderr
    assert git(root, "log", "-1", "--format=%B") == f"python3Packages.alpha: init at 1.0.0\n\n{TRAILER}"
    body = (tmp_path / "body.md").read_text()
    assert "Adds `python3Packages.alpha` 1.0.0 from https://github.com/acme-org/acme at tag `v1.0.0`." in body
    assert "packages" not in body.split("| attribute |")[0].split("-->")[1]
    assert "- every dependency is an attribute of the checkout\n" in body
    assert "- inputs present: beta, hatchling\n" in body
    assert "The package expression, the `python-packages.nix` line, the commit message and" in body
    assert "the commit carries an `Assisted-by:" in body
