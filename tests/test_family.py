"""Monorepo families: every sharing shape emitted, compared with golden/monorepo-<shape>/, and
evaluated with all siblings wired together in real Nix.

Regenerate the goldens on purpose only: ``pytest tests/test_family.py --force-regen``, then
review the diff.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
from pathlib import Path

import monorepos
import pytest
from conftest import GOLDEN, emitted_files, run_cli
from nixeval import NIX_ENV, evaluate_family, requires_nix
from packaging.utils import canonicalize_name

from nixpkgs_contrib import check, conditions, naming
from nixpkgs_contrib.commands.emit import Result, add_parser, emit_from_args
from nixpkgs_contrib.family import Member, discover, plan_family
from nixpkgs_contrib.matrix import Environment, Target, parse_pythons
from nixpkgs_contrib.model import Dependency, GitHubSource, InheritedSource, NixPackage
from nixpkgs_contrib.plan import Options
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import DirectoryTree, SubTree

PYTHONS = "3.11-3.14"
HASH = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c="
API_HASH = "sha256-Z8Edg0zP4G3EJik9QYu6kKfVy/YeCoJpP5yrNkPGIfU="
SDK_HASH = "sha256-CrefCaTVSqiyaIlg+HKUv99QzvJUzJzDPpPALbWXJ7M="
PER_PACKAGE_RECIPE = f"""\
[family]
name = "acme"
github = "acme-org/acme"
tag-format = "{{name}}=={{version}}"
python = "{PYTHONS}"

[[package]]
path = "packages/acme-api"
hash = "{API_HASH}"

[[package]]
path = "packages/acme-sdk"
hash = "{SDK_HASH}"
"""


def github(tag: str, *, digest: str = HASH) -> list[str]:
    return ["--github", "acme-org/acme", "--tag", tag, "--hash", digest, "--python", PYTHONS]


#: the emit arguments of each shape (``{recipe}`` is replaced by a recipe file next to the repo)
SHAPE_ARGS: dict[str, list[str]] = {
    "two-tracks": ["--all", *github("1.12.0")],
    "per-package-tags": ["--recipe", "{recipe}"],
    "sibling-extras": ["--package", "web", "--package", "core", *github("v2.4.1")],
    "only-sibling": ["--all", *github("v3.0.0")],
    "namespace": ["--all", *github("v1.30.0")],
    "discovery": ["--all", "--exclude", "contrib/*", *github("v5.0.0")],
}
assert set(SHAPE_ARGS) == set(monorepos.SHAPES)


def make(shape: str, tmp_path: Path) -> tuple[Path, list[str]]:
    """The shape's repository below *tmp_path* and its emit arguments."""
    repo = monorepos.SHAPES[shape](tmp_path / "acme")
    recipe = tmp_path / "recipe.toml"
    recipe.write_text(PER_PACKAGE_RECIPE)
    return repo, [str(recipe) if a == "{recipe}" else a for a in SHAPE_ARGS[shape]]


def emit(repo: Path, args: list[str], out: Path) -> dict:
    """Run ``emit --json`` in-process; the JSON summary."""
    res = run_cli("emit", repo, *args, "--out", out, "--json")
    assert res.status == 0, res.stderr
    return json.loads(res.stdout)


def emit_api(repo: Path, args: list[str]) -> Result:
    """The same emit through the library: files *and* the plans behind them."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return emit_from_args(parser.parse_args(["emit", str(repo), *args]))


def write_files(files: dict[str, str], out: Path) -> Path:
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    return out


def one_line_error(res) -> str:
    assert res.status == 1, res.stdout
    line = res.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, res.stderr
    return line


# --------------------------------------------------------------------------------------------------
# goldens


@pytest.mark.parametrize("shape", sorted(monorepos.SHAPES))
def test_golden(shape: str, tmp_path: Path, file_regression) -> None:
    repo, args = make(shape, tmp_path)
    out = tmp_path / "out"
    emit(repo, args, out)
    golden = GOLDEN / f"monorepo-{shape}"
    files = emitted_files(out)
    expected = {p.relative_to(golden) for p in golden.rglob("*") if p.is_file()} if golden.exists() else set()
    assert {p.relative_to(out) for p in files} >= expected
    failures = []
    for path in files:  # check every file, so one --force-regen run rewrites them all
        rel = path.relative_to(out)
        try:
            file_regression.check(path.read_text(), fullpath=golden / rel, binary=False, newline="\n")
        except (AssertionError, pytest.fail.Exception) as exc:
            failures.append(str(exc).splitlines()[0] + f" {rel}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("shape", sorted(monorepos.SHAPES))
def test_emitted_family_passes_our_lint(shape: str, tmp_path: Path) -> None:
    repo, args = make(shape, tmp_path)
    emit(repo, args, tmp_path / "out")
    findings = check.check_paths([tmp_path / "out"], pythons=parse_pythons(PYTHONS))
    if "--maintainer" not in args:  # `maintainers = [ ];` is for the user to fill, and check says so
        findings = [f for f in findings if f.rule != check.MAINTAINERS.id]
    assert findings == [], "\n".join(map(str, findings))


def test_output_does_not_depend_on_the_order_of_package_options(tmp_path: Path) -> None:
    repo = monorepos.make_two_tracks(tmp_path / "acme")
    subdirs = ["python_modules/acme", "python_modules/libraries/acme-aws", "python_modules/libraries/acme-k8s"]
    outputs = []
    for i, order in enumerate(itertools.permutations(subdirs)):
        out = tmp_path / f"out{i}"
        emit(repo, [a for s in order for a in ("--package", s)] + github("1.12.0"), out)
        outputs.append({p.relative_to(out): p.read_bytes() for p in emitted_files(out)})
    assert all(o == outputs[0] for o in outputs)


# --------------------------------------------------------------------------------------------------
# the family in real Nix, against the plan and against upstream's metadata


def _names(deps: tuple[Dependency, ...], env: Environment, plans: dict[str, NixPackage]) -> list[str]:
    """What a dependency list evaluates to in *env*, as nixeval reports it: a sibling's extra
    expands to the sibling's list, any other extra stays ``attr[extra]`` (a stub)."""
    out = []
    for dep in deps:
        if not conditions.evaluate(dep.condition, env):
            continue
        out.append(dep.attr)
        for extra in dep.extras:
            if dep.attr in plans:
                out += _names(dict(plans[dep.attr].optional_dependencies)[extra], env, plans)
            else:
                out.append(f"{dep.attr}[{extra}]")
    return out


def _upstream(requirements, env: Environment, projects: dict, extra: str = "") -> set[str]:
    """What upstream's requirements mean in *env*, read with packaging, sibling extras expanded."""
    out: set[str] = set()
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate(env.marker_environment(extra)):
            continue
        key = canonicalize_name(req.name)
        out.add(naming.attr_for(req.name))
        for wanted in sorted(req.extras):
            wanted = canonicalize_name(wanted)
            if key in projects:
                meta = dict(projects[key].per_environment)[env]
                out |= _upstream(meta.extra(wanted), env, projects, wanted)
            else:
                out.add(f"{naming.attr_for(req.name)}[{wanted}]")
    return out


@requires_nix
@pytest.mark.nix
@pytest.mark.parametrize("shape", sorted(monorepos.SHAPES))
def test_family_evaluates_as_planned(shape: str, tmp_path: Path) -> None:
    repo, args = make(shape, tmp_path)
    result = emit_api(repo, args)
    target = result.options.target
    facts = evaluate_family(write_files(result.emitted.files, tmp_path / "out"), pythons=target.pythons, systems=target.systems)
    plans = {p.package.attr: p.package for p in result.emitted.plans}
    projects = {canonicalize_name(p.project.name): p.project for p in plans.values()}
    for env in target.environments:
        cell = facts[(env.python, env.system)]
        assert sorted(cell) == sorted(plans)
        for attr, package in plans.items():
            got, where = cell[attr], (attr, str(env))
            assert got["disabled"] == conditions.evaluate(package.disabled, env), where
            if got["disabled"]:
                continue
            assert sorted(got["dependencies"]) == sorted(_names(package.dependencies, env, plans)), where
            assert {k: sorted(v) for k, v in got["optional-dependencies"].items()} == {
                extra: sorted(_names(deps, env, plans)) for extra, deps in package.optional_dependencies
            }, where
            meta = dict(package.project.per_environment)[env]
            assert set(got["dependencies"]) == _upstream(meta.dependencies, env, projects), where
            # siblings are the family's own derivations, never stand-in stubs
            assert not set(got["stubs"]) & set(plans), where
            # the inherit chain resolves: same fetch as the root, the package's own version
            assert got["version"] == package.version == meta.version, where
            if isinstance(package.src, InheritedSource):
                assert got["src"] == cell[package.src.root]["src"], where
                assert got["meta"]["license"] == cell[package.src.root]["meta"]["license"], where
            else:
                assert isinstance(package.src, GitHubSource)
                assert got["src"]["hash"] == package.src.hash and got["src"]["tag"] == package.src.tag, where
            assert got["sourceRoot"] == f"source/{package.project.subdir}", where


@requires_nix
@pytest.mark.nix

def test_sibling_does_not_inherit_the_roots_main_program(tmp_path: Path) -> None:
    repo, args = make("two-tracks", tmp_path)
    result = emit_api(repo, args)
    facts = evaluate_family(write_files(result.emitted.files, tmp_path / "out"), pythons=("3.12",))
    cell = facts[("3.12", "x86_64-linux")]
    assert cell["acme"]["meta"]["mainProgram"] == "acme"
    assert cell["acme-aws"]["meta"]["mainProgram"] is None


# --------------------------------------------------------------------------------------------------
# sharing models


def test_two_version_tracks_from_one_tag(tmp_path: Path) -> None:
    repo, args = make("two-tracks", tmp_path)
    result = emit_api(repo, args)
    packages = {p.package.attr: p.package for p in result.emitted.plans}
    assert isinstance(packages["acme"].src, GitHubSource) and packages["acme"].src.tag == "1.12.0"
    for library in ("acme-aws", "acme-k8s"):
        assert packages[library].src == InheritedSource("acme", with_version=False)
        assert packages[library].version == "0.28.0"
        assert packages[library].source_root == f"python_modules/libraries/{library}"
        text = result.emitted.files[f"pkgs/development/python-modules/{library}/default.nix"]
        assert '  version = "0.28.0";\n  pyproject = true;\n\n  inherit (acme) src;\n' in text


def test_lockstep_siblings_inherit_version_and_src(tmp_path: Path) -> None:
    repo, args = make("sibling-extras", tmp_path)
    packages = {p.package.attr: p.package for p in emit_api(repo, args).emitted.plans}
    assert packages["acme-web"].src == InheritedSource("acme-core", with_version=True)
    assert packages["acme-core"].src.tag == "v2.4.1"


def test_per_package_tags_take_their_hashes_from_the_recipe(tmp_path: Path) -> None:
    repo, args = make("per-package-tags", tmp_path)
    packages = {p.package.attr: p.package for p in emit_api(repo, args).emitted.plans}
    assert packages["acme-api"].src.tag == "acme-api==1.4.0" and packages["acme-api"].src.hash == API_HASH
    assert packages["acme-sdk"].src.tag == "acme-sdk==0.9.2" and packages["acme-sdk"].src.hash == SDK_HASH
    assert all(p.root is None for p in packages.values())


def test_per_package_tags_without_a_hash_say_which_tag(tmp_path: Path) -> None:
    repo = monorepos.make_per_package_tags(tmp_path / "acme")
    res = run_cli("emit", repo, "--all", "--tag-format", "{name}=={version}", "--github", "acme-org/acme", "--out", tmp_path / "out")
    assert "'acme-api==1.4.0'" in one_line_error(res)


def test_per_package_tags_error_does_not_suggest_an_ignored_option(tmp_path: Path) -> None:
    repo = monorepos.make_per_package_tags(tmp_path / "acme")
    res = run_cli("emit", repo, "--all", "--tag-format", "{name}=={version}", "--github", "acme-org/acme",
                  "--hash", HASH, "--out", tmp_path / "out")
    assert "--hash" not in one_line_error(res)


def _nix_hash_of_tag(repo: Path, tag: str, tmp_path: Path) -> str:
    """What fetchFromGitHub would check: the NAR hash of the tag's tree, per Nix itself."""
    dest = tmp_path / f"tree-{canonicalize_name(tag)}"
    dest.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", tag], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    proc = subprocess.run(["nix", "hash", "path", "--type", "sha256", str(dest)], capture_output=True, text=True,
                          env={**os.environ, **NIX_ENV}, check=True)
    return proc.stdout.strip()


@requires_nix
@pytest.mark.nix
def test_per_package_tags_hashed_offline_from_a_checkout(tmp_path: Path) -> None:
    repo = monorepos.tag_per_package(monorepos.make_per_package_tags(tmp_path / "acme"))
    result = emit_api(repo, ["--all", "--tag-format", "{name}=={version}", "--github", "acme-org/acme", "--python", PYTHONS])
    hashes = {p.package.attr: p.package.src.hash for p in result.emitted.plans}
    assert hashes == {
        "acme-api": _nix_hash_of_tag(repo, "acme-api==1.4.0", tmp_path),
        "acme-sdk": _nix_hash_of_tag(repo, "acme-sdk==0.9.2", tmp_path),
    }
    assert hashes["acme-api"] != hashes["acme-sdk"]  # the tags are different commits


# --------------------------------------------------------------------------------------------------
# siblings


def test_sibling_extra_becomes_the_siblings_optional_dependencies(tmp_path: Path) -> None:
    repo, args = make("sibling-extras", tmp_path)
    result = emit_api(repo, args)
    web = next(p.package for p in result.emitted.plans if p.package.attr == "acme-web")
    core_dep = next(d for d in web.dependencies if d.attr == "acme-core")
    assert core_dep.extras == ("fast",) and core_dep.sibling and core_dep.condition.is_always
    assert "orjson" not in {d.attr for d in web.dependencies}
    text = result.emitted.files["pkgs/development/python-modules/acme-web/default.nix"]
    assert "  ++ acme-core.optional-dependencies.fast;\n" in text
    assert "pythonRelaxDeps" not in text  # acme-core[fast]==2.4.1 holds by construction


def test_package_whose_only_dependency_is_a_sibling(tmp_path: Path) -> None:
    repo, args = make("only-sibling", tmp_path)
    result = emit_api(repo, args)
    plugin = next(p.package for p in result.emitted.plans if p.package.attr == "acme-plugin-hello")
    assert [(d.attr, d.sibling) for d in plugin.dependencies] == [("acme-core", True)]
    text = result.emitted.files["pkgs/development/python-modules/acme-plugin-hello/default.nix"]
    arguments = text.split("}:", 1)[0].split()
    assert [a for a in arguments if a.endswith(",")] == ["buildPythonPackage,", "hatchling,", "acme-core,", "pytestCheckHook,"]
    assert "  dependencies = [ acme-core ];\n" in text


def test_namespace_siblings_import_their_own_subpackage(tmp_path: Path) -> None:
    repo, args = make("namespace", tmp_path)
    packages = {p.package.attr: p.package for p in emit_api(repo, args).emitted.plans}
    assert packages["acme-api"].imports_check == ("acme.api",)
    assert packages["acme-sdk"].imports_check == ("acme.sdk",)


def test_exact_sibling_pins_are_never_relaxed_against_a_checkout(tmp_path: Path) -> None:
    from nixpkgs_fixture import make_nixpkgs

    repo, args = make("two-tracks", tmp_path)
    # the checkout has older siblings: a sibling pin is satisfied by the family itself
    nixpkgs = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "2.11.0", "tomli": "2.2.1", "boto3": "1.38.0",
                                      "kubernetes": "33.1.0", "acme": "1.11.0", "acme-aws": "0.27.0"})
    args = [a for a in args if a not in ("--python", PYTHONS)]
    res = run_cli("emit", repo, *args, "--nixpkgs", nixpkgs, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    for attr in ("acme-aws", "acme-k8s"):
        text = (tmp_path / f"out/pkgs/development/python-modules/{attr}/default.nix").read_text()
        assert "pythonRelaxDeps" not in text and "pythonRemoveDeps" not in text, attr
    assert "pythonRelaxDeps" not in res.stderr


def test_exact_sibling_pin_that_disagrees_with_the_tree_is_reported(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    monorepos.write_project(repo / "core", "acme-core", "1.0.0")
    monorepos.write_project(repo / "web", "acme-web", "1.0.0", dependencies=["acme-core==0.9.0"])
    res = run_cli("emit", repo, "--all", *github("v1.0.0"), "--out", tmp_path / "out")
    # refused, or at least a warning: pythonRuntimeDepsCheckHook would fail the build
    assert "0.9.0" in res.stderr and "1.0.0" in res.stderr


# --------------------------------------------------------------------------------------------------
# discovery


def test_all_skips_tests_docs_examples_fixtures_and_hidden_folders(tmp_path: Path) -> None:
    repo, args = make("discovery", tmp_path)
    everything = emit(repo, [a for a in args if a not in ("--exclude", "contrib/*")], tmp_path / "all")
    assert everything["order"] == ["acme", "acme-extra", "acme-legacy"]
    excluded = emit(repo, args, tmp_path / "excluded")
    assert excluded["order"] == ["acme", "acme-extra"]
    assert not any("decoy" in f for f in excluded["files"])


def test_discover_is_pure_and_sorted() -> None:
    files = [
        "pkgs/zeta/pyproject.toml", "pkgs/alpha/setup.py", "pkgs/alpha/setup.cfg", "README.md",
        ".git/x/pyproject.toml", ".github/actions/setup.py", "tests/helper/pyproject.toml",
        "docs/pyproject.toml", "examples/demo/pyproject.toml", "pkgs/alpha/fixtures/f/setup.py",
        "pkgs/zeta/test/pyproject.toml", "contrib/old/pyproject.toml", "contrib/new/pyproject.toml",
        "pkgs/beta/pyproject.toml.orig", "pkgs/gamma/pyproject.toml",
    ]
    every = lambda d: True  # noqa: E731
    assert discover(files, every) == ["contrib/new", "contrib/old", "pkgs/alpha", "pkgs/gamma", "pkgs/zeta"]
    assert discover(reversed(files), every, ["contrib/*", "*/gamma"]) == ["pkgs/alpha", "pkgs/zeta"]
    assert discover(files, lambda d: d != "pkgs/zeta", ["contrib/o*"]) == ["contrib/new", "pkgs/alpha", "pkgs/gamma"]


# --------------------------------------------------------------------------------------------------
# errors


def _errors(repo: Path) -> list[tuple[list[str], tuple[str, ...]]]:
    """(arguments, fragments the one-line message must contain)."""
    tags = github("1.12.0")
    return [
        (["--package", "../elsewhere", *tags], ("'../elsewhere'", "leaves the repository")),
        (["--package", "python_modules/../../elsewhere", *tags], ("leaves the repository",)),
        (["--package", "/etc", *tags], ("'/etc'", "leaves the repository")),
        (["--package", "escape", *tags], ("escape",)),  # a symlink out of the repository
        (["--package", "python_modules/missing", *tags], ("python_modules/missing", "no such directory")),
        (["--package", "python_modules/libraries", *tags], ("python_modules/libraries", "holds no Python project")),
        (["--all", *github("2.0.0")], ("'2.0.0'", "acme 1.12.0", "acme-aws 0.28.0", "acme-k8s 0.28.0")),
    ]


def test_errors_are_one_line_and_name_the_culprit(tmp_path: Path) -> None:
    repo, _ = make("two-tracks", tmp_path)
    outside = monorepos.write_project(tmp_path / "outside", "evil", "1.12.0")
    (repo / "escape").symlink_to(outside, target_is_directory=True)
    for args, fragments in _errors(repo):
        line = one_line_error(run_cli("emit", repo, *args, "--out", tmp_path / "out"))
        assert all(f in line for f in fragments), (args, line)
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------------
# registration and dependency order


def test_registration_lines_are_keep_sorted(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    long = "acme-" + "very-long-distribution-name-" * 2 + "for-wrapping"
    for name in ("acmex", "acme-web", long, "acme", "acme-core"):
        monorepos.write_project(repo / name, name, "1.0.0", tests=False)
    out = tmp_path / "out"
    emit(repo, ["--all", *github("v1.0.0")], out)
    assert (out / "python-packages.nix").read_text() == (
        "  acme = callPackage ../development/python-modules/acme { };\n\n"
        "  acme-core = callPackage ../development/python-modules/acme-core { };\n\n"
        # 120 columns for the call alone: nixfmt puts the path on a line of its own too
        f"  {long} =\n    callPackage\n      ../development/python-modules/{long}\n      {{ }};\n\n"
        "  acme-web = callPackage ../development/python-modules/acme-web { };\n\n"
        "  acmex = callPackage ../development/python-modules/acmex { };\n"
    )


def _order_repo(root: Path) -> Path:
    """zeta (root) ← zeta-ext ← alpha, and beta on its own: alphabetical order is not topological."""
    monorepos.write_project(root / "zeta", "zeta", "1.0.0", tests=False)
    monorepos.write_project(root / "zeta-ext", "zeta-ext", "1.0.0", dependencies=["zeta"], tests=False)
    monorepos.write_project(root / "alpha", "alpha", "1.0.0", dependencies=["zeta-ext"], tests=False)
    monorepos.write_project(root / "beta", "beta", "1.0.0", tests=False)
    return root


# dependencies first; ties by name; the root (named like the repository) before all that inherit from it
EXPECTED_ORDER = ["zeta", "beta", "zeta-ext", "alpha"]


def test_dependency_order_in_the_json_summary(tmp_path: Path) -> None:
    repo = _order_repo(tmp_path / "zeta")
    summary = emit(repo, ["--all", "--github", "acme-org/zeta", "--tag", "v1.0.0", "--hash", HASH], tmp_path / "out")
    assert summary["order"] == EXPECTED_ORDER
    assert [p["attr"] for p in summary["packages"]] == EXPECTED_ORDER


def _members(repo: Path, subdirs: list[str], target: Target) -> list[Member]:
    tree = DirectoryTree(repo)
    return [Member(read_project(SubTree(tree, d), target, subdir=d)) for d in subdirs]


@pytest.mark.parametrize("sharing", ["auto", "independent"])
def test_plan_family_order_is_topological_and_stable(tmp_path: Path, sharing: str) -> None:
    repo = _order_repo(tmp_path / "zeta")
    target = Target(("3.12",), ("x86_64-linux",))
    options = Options(target=target, github=("acme-org", "zeta"), tag="v1.0.0", hash=HASH)
    orders = set()
    for subdirs in itertools.permutations(["alpha", "beta", "zeta", "zeta-ext"]):
        fplan = plan_family("zeta", _members(repo, list(subdirs), target), options, sharing=sharing)
        orders.add(fplan.order)
        position = {attr: i for i, attr in enumerate(fplan.order)}
        for plan in fplan.plans:
            needs = {d.attr for d in plan.package.dependencies} | ({plan.package.root} - {None})
            assert all(position[n] < position[plan.package.attr] for n in needs & set(position))
    # without a shared root, beta no longer waits for zeta
    expected = EXPECTED_ORDER if sharing == "auto" else ["beta", "zeta", "zeta-ext", "alpha"]
    assert orders == {tuple(expected)}
