"""Fixture monorepos written for the family tests, one ``make_<shape>(root) -> Path`` per shape.

Every shape is a small, invented ``acme`` repository that reproduces one layout real monorepos use
(dagster's two version tracks, per-package tags, nested library folders, sibling extras,
namespace packages) and nothing else, so a golden diff points at one decision.  The generators
are deterministic: same root, same bytes.  :func:`git_init` turns a tree into a repository with
tags (for the offline hashing of per-package tags).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

#: git without the user's configuration, with a fixed identity and dates (reproducible commits)
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_NAME": "fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def write_project(
    root: Path,
    name: str,
    version: str,
    *,
    dependencies: Sequence[str] = (),
    extras: Mapping[str, Sequence[str]] = {},
    description: Optional[str] = None,
    module: Optional[str] = None,
    backend: str = "hatchling",
    requires_python: Optional[str] = None,
    scripts: Mapping[str, str] = {},
    tests: bool = True,
) -> Path:
    """A pyproject-based project in *root* with one importable package (*module*, dotted for a
    namespace package: the namespace directories get no ``__init__.py``) and, with *tests*, a
    ``tests/`` folder (so the emitted expression runs pytest)."""
    root.mkdir(parents=True, exist_ok=True)
    module = module or name.replace("-", "_")
    requires, build_backend = {
        "hatchling": ("hatchling", "hatchling.build"),
        "setuptools": ("setuptools>=68", "setuptools.build_meta"),
    }[backend]
    lines = [
        "[build-system]",
        f"requires = {_toml_list([requires])}",
        f'build-backend = "{build_backend}"',
        "",
        "[project]",
        f'name = "{name}"',
        f'version = "{version}"',
        f'description = "{description or "Fixture package " + name}"',
        'license = "MIT"',
    ]
    if requires_python:
        lines.append(f'requires-python = "{requires_python}"')
    lines.append(f"dependencies = {_toml_list(dependencies)}")
    if extras:
        lines += ["", "[project.optional-dependencies]"]
        lines += [f"{extra} = {_toml_list(reqs)}" for extra, reqs in sorted(extras.items())]
    if scripts:
        lines += ["", "[project.scripts]"]
        lines += [f'{script} = "{target}"' for script, target in sorted(scripts.items())]
    parts = module.split(".")
    if backend == "setuptools" and len(parts) > 1:
        lines += ["", "[tool.setuptools.packages.find]", 'where = ["src"]']
    elif len(parts) > 1:
        lines += ["", "[tool.hatch.build.targets.wheel]", f'packages = ["src/{parts[0]}"]']
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")
    package = root / ("src" if len(parts) > 1 else "") / Path(*parts)
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(f'__version__ = "{version}"\n')
    if tests:
        (root / "tests").mkdir(exist_ok=True)
        (root / "tests" / f"test_{parts[-1]}.py").write_text(f"import {module}\n\n\ndef test_import():\n    assert {module}\n")
    return root


def make_two_tracks(root: Path) -> Path:
    """dagster's layout: the core at 1.12.0 and nested ``python_modules/libraries/*`` at 0.28.0,
    all released from the one tag ``1.12.0``; libraries pin the core exactly."""
    modules = root / "python_modules"
    write_project(modules / "acme", "acme", "1.12.0", dependencies=["pydantic>=2", "tomli; python_version < '3.12'"],
                  description="Orchestration core of the Acme platform", scripts={"acme": "acme.cli:main"})
    write_project(modules / "libraries" / "acme-aws", "acme-aws", "0.28.0",
                  dependencies=["acme==1.12.0", "boto3"], description="Amazon Web Services integration for Acme")
    write_project(modules / "libraries" / "acme-k8s", "acme-k8s", "0.28.0",
                  dependencies=["acme==1.12.0", "acme-aws==0.28.0", "kubernetes; sys_platform == 'linux'"],
                  description="Kubernetes integration for Acme")
    (root / "LICENSE").write_text("MIT\n")
    return root


def make_per_package_tags(root: Path) -> Path:
    """Each package released on its own tag ``<name>==<version>`` (hashes per package)."""
    write_project(root / "packages" / "acme-api", "acme-api", "1.4.0", dependencies=["typing-extensions"],
                  description="Interfaces of the Acme telemetry toolkit")
    write_project(root / "packages" / "acme-sdk", "acme-sdk", "0.9.2", dependencies=["acme-api>=1.4", "protobuf"],
                  description="Reference implementation of the Acme telemetry interfaces")
    return root


def tag_per_package(root: Path) -> Path:
    """Make :func:`make_per_package_tags`'s tree a repository where the two tags point at
    different commits (acme-sdk gained a changelog after acme-api's release)."""
    git_init(root, ["acme-api==1.4.0"])
    (root / "packages" / "acme-sdk" / "CHANGELOG.md").write_text("# 0.9.2\n\n- faster exporters\n")
    commit(root, "acme-sdk 0.9.2", ["acme-sdk==0.9.2"])
    return root


def make_sibling_extras(root: Path) -> Path:
    """``acme-web`` needs ``acme-core[fast]``: the sibling's extra, not just the sibling."""
    write_project(root / "core", "acme-core", "2.4.1", dependencies=["pydantic"], extras={"fast": ["orjson"]},
                  description="Core runtime of the Acme workflow engine")
    write_project(root / "web", "acme-web", "2.4.1", dependencies=["acme-core[fast]==2.4.1", "starlette"],
                  description="Web front end for the Acme workflow engine")
    return root


def make_only_sibling(root: Path) -> Path:
    """A plugin whose only dependency is a sibling (no third-party argument at all)."""
    write_project(root / "core", "acme-core", "3.0.0", dependencies=["click"],
                  description="Core runtime of the Acme workflow engine")
    write_project(root / "plugins" / "acme-plugin-hello", "acme-plugin-hello", "3.0.0", dependencies=["acme-core"],
                  description="Greeting plugin for the Acme workflow engine")
    return root


def make_namespace(root: Path) -> Path:
    """opentelemetry-style siblings sharing the namespace ``acme`` (no ``acme/__init__.py``)."""
    write_project(root / "acme-api", "acme-api", "1.30.0", module="acme.api", backend="setuptools",
                  dependencies=["typing-extensions>=4.5"], description="Telemetry interfaces of the Acme toolkit")
    write_project(root / "acme-sdk", "acme-sdk", "1.30.0", module="acme.sdk", backend="setuptools",
                  dependencies=["acme-api==1.30.0", "typing-extensions>=4.5"],
                  description="Telemetry implementation of the Acme toolkit")
    return root


def make_discovery(root: Path) -> Path:
    """Real packages next to projects ``--all`` must not pick up: tests, docs, examples,
    fixtures, hidden folders, and ``contrib/`` (left to ``--exclude``)."""
    write_project(root / "acme", "acme", "5.0.0", dependencies=["attrs"], description="Workflow engine of the Acme suite")
    write_project(root / "libs" / "acme-extra", "acme-extra", "5.0.0", dependencies=["acme"],
                  description="Extra steps for the Acme workflow engine")
    for decoy in ("tests/acme-test-helper", "docs/conf-project", "examples/hello", "acme/fixtures/broken",
                  "libs/acme-extra/tests/pkg", ".git/hooks-project", ".ci/tool"):
        write_project(root / decoy, "decoy-" + decoy.replace("/", "-").replace(".", ""), "0.0.1", tests=False)
    write_project(root / "contrib" / "acme-legacy", "acme-legacy", "5.0.0",
                  description="Legacy adapters for the Acme workflow engine")
    return root


SHAPES = {
    "two-tracks": make_two_tracks,
    "per-package-tags": make_per_package_tags,
    "sibling-extras": make_sibling_extras,
    "only-sibling": make_only_sibling,
    "namespace": make_namespace,
    "discovery": make_discovery,
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True)
    return proc.stdout.strip()


def git_init(repo: Path, tags: Sequence[str] = ()) -> Path:
    """Commit *repo*'s tree and tag the commit with each of *tags*."""
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "fixture", tags)
    return repo


def commit(repo: Path, message: str, tags: Sequence[str] = ()) -> str:
    """Commit everything in *repo*, tag it, return the commit id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    for tag in tags:
        git(repo, "tag", tag)
    return git(repo, "rev-parse", "HEAD")


__all__ = ["SHAPES", "commit", "git", "git_init", "tag_per_package", "write_project"] + [f.__name__ for f in SHAPES.values()]
