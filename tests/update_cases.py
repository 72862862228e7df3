"""Update cases built from real upstream releases, as small fixtures of our own.

``tests/fixtures/update/releases/<name>-<version>/`` reproduce the metadata *shape* of real PyPI
releases (dependencies, markers, bounds, build backend, requires-python, extras; see the README
there for each pair and what it shows); ``tests/fixtures/update/nixpkgs/<attr>/`` hold the nixpkgs
files at the old versions, written for these tests in nixpkgs' style.  The helpers here turn them
into what ``update`` reads: a nixpkgs-shaped checkout, a folder of sdists, a git clone with tags.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from conftest import HERE, build_sdist
from nixpkgs_fixture import commit_all, git, make_nixpkgs
from packaging.requirements import Requirement

from nixpkgs_contrib.matrix import Environment
from nixpkgs_contrib.naming import attr_for
from nixpkgs_contrib.upstream import pyproject
from nixpkgs_contrib.upstream.tree import DirectoryTree

FIXTURES = HERE / "fixtures" / "update"
RELEASES = FIXTURES / "releases"
FILES = FIXTURES / "nixpkgs"
MODULES = "pkgs/development/python-modules"

#: versions the checkout ships of the dependencies the cases name (bounds are checked against them)
VERSIONS: Mapping[str, str] = {
    "annotated-types": "0.7.0",
    "anyio": "4.9.0",
    "argon2-cffi": "25.1.0",
    "asgiref": "3.9.1",
    "attrs": "25.3.0",
    "bcrypt": "4.3.0",
    "certifi": "2025.8.3",
    "email-validator": "2.2.0",
    "exceptiongroup": "1.3.0",
    "flit-core": "3.12.0",
    "h2": "4.2.0",
    "hatch-fancy-pypi-readme": "25.1.0",
    "hatch-vcs": "0.5.0",
    "hatchling": "1.27.0",
    "httpcore": "1.0.9",
    "idna": "3.10",
    "jsonschema-specifications": "2025.4.1",
    "pydantic-core": "2.23.4",
    "pyrsistent": "0.20.0",
    "referencing": "0.36.2",
    "rpds-py": "0.27.0",
    "setuptools-scm": "8.3.1",
    "sniffio": "1.3.1",
    "sqlparse": "0.5.3",
    "trio": "0.30.0",
    "typing-extensions": "4.14.1",
    "zstandard": "0.23.0",
}
PYTHONS = ("3.11", "3.12", "3.13", "3.14")


def checkout(
    tmp_path: Path, attrs: Sequence[str], versions: Mapping[str, str] = VERSIONS, pythons: Sequence[str] = PYTHONS
) -> Path:
    """A nixpkgs checkout with the case files of *attrs* (and every dependency they name,
    registered with *versions*), committed and clean."""
    packages = dict(versions)
    for attr in attrs:
        packages[attr] = "0"  # replaced by the case file below
    root = make_nixpkgs(tmp_path, packages, pythons=pythons, commit=False)
    for attr in attrs:
        target = root / MODULES / attr
        shutil.rmtree(target)
        shutil.copytree(FILES / attr, target)
    commit_all(root, "init")
    return root


def release_dir(name: str, version: str) -> Path:
    return RELEASES / f"{name}-{version}"


def sdists(tmp_path: Path, releases: Iterable[tuple[str, str]]) -> Path:
    """A folder of sdists (``name-version.tar.gz``) of the given fixture releases."""
    out = tmp_path / "sdists"
    out.mkdir(exist_ok=True)
    for name, version in releases:
        build_sdist(release_dir(name, version), out, f"{name}-{version}")
    return out


def clone(tmp_path: Path, name: str, versions: Sequence[str], tag: str = "{version}") -> Path:
    """A git repository holding the fixture releases of *name* one after another, each tagged."""
    repo = tmp_path / f"{name}-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for version in versions:
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(release_dir(name, version), repo, dirs_exist_ok=True)
        commit_all(repo, version)
        git(repo, "tag", tag.format(version=version))
    return repo


def module_file(root: Path, attr: str) -> Path:
    return root / MODULES / attr / "default.nix"


def status(root: Path) -> str:
    """``git status --porcelain`` as git prints it ("" for a clean checkout)."""
    return run_git(root, "status", "--porcelain").stdout.rstrip("\n")


def upstream_dependencies(name: str, version: str, env: Environment, extra: str = "") -> set[str]:
    """The attributes pip installs for the fixture release in *env*: its requirements with their
    markers evaluated by packaging, an independent reading of what ``update`` must produce."""
    data = pyproject.load(DirectoryTree(release_dir(name, version))) or {}
    project = data.get("project", {})
    texts = project.get("dependencies", []) if not extra else project.get("optional-dependencies", {}).get(extra, [])
    out = set()
    for text in texts:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(env.marker_environment(extra)):
            out.add(attr_for(req.name))
    return out


def unified_diff(before: str, after: str, path: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
        )
    )


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def evaluate_files(
    root: Path, attrs: Sequence[str], dest: Path, pythons: Sequence[str], systems: Sequence[str]
) -> dict:
    """Nix's facts of the files of *attrs* alone, as the stand-in nixpkgs evaluates them (their
    other inputs are stand-in stubs: the checkout's own fixture files are not under test)."""
    from nixeval import evaluate_family

    for attr in attrs:
        shutil.copytree(root / MODULES / attr, dest / MODULES / attr, dirs_exist_ok=True)
    return evaluate_family(dest, pythons=pythons, systems=systems)
