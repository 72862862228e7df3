"""Development tools: which extras are development extras, which test requirements are inputs."""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement

from nixpkgs_contrib import devtools
from nixpkgs_contrib.devtools import is_dev_extra, tool_kind


def reqs(*items: str) -> list[Requirement]:
    return [Requirement(i) for i in items]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("pytest-cov", "coverage"), ("diff_cover", "coverage"), ("ty", "typing"), ("types-PyYAML", "typing"),
        ("pygobject-stubs", "typing"), ("Sphinx", "docs"), ("sphinx-copybutton", "docs"), ("flake8-bugbear", "lint"),
        ("pytest-codspeed", "benchmark"), ("buildkite-test-collector", "report"), ("pytest-pretty", "report"),
        ("black", "format"), ("pytest-asyncio", "runner"), ("ipython", "shell"), ("pip", "packaging"),
        ("requests", None), ("mypy-extensions", None), ("typing-extensions", None), ("fqdn", None),
    ],
)
def test_tool_kind(name, kind):
    assert tool_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "requirements"),
    [
        ("cover", ["pytest-cov"]),  # setuptools, zipp, keyring, importlib-*
        ("enabler", ["pytest-enabler>=2.2"]),
        ("check", ["pytest-checkdocs>=2.4", "pytest-ruff>=0.2.1; sys_platform != 'cygwin'", "ruff"]),
        ("type", ["pytest-mypy", "mypy==1.14.*", "importlib_metadata>=7; python_version < '3.10'"]),
        ("benchmarking", ["psutil", "pytest", "pytest-benchmark"]),  # markdown-it-py
        ("profiling", ["gprof2dot"]),
        ("perf", ["ipython"]),  # importlib-metadata
        ("all", ["ruff", "mypy", "ty", "pytest", "hypothesis", "coverage"]),  # idna: only tools
        ("ci", ["pytest-xdist", "diff_cover"]),
        ("quality", ["ruff", "mypy", "libcst", "ty"]),
        ("code-style", ["pre-commit"]),
        ("typecheck", ["mypy"]),
        ("min-versions", ["numpy==1.22.4", "scipy==1.8.0"]),
        ("test", ["requests"]),
        ("rtd", ["myst-parser", "pyyaml", "sphinx"]),
    ],
)
def test_development_extras(name, requirements):
    assert is_dev_extra(name, reqs(*requirements))


@pytest.mark.parametrize(
    ("name", "requirements"),
    [
        ("format", ["fqdn", "idna", "isoduration", "jsonpointer>1.13", "rfc3339-validator", "webcolors>=24.6.0"]),
        ("style", ["great-tables>=0.8.0"]),  # polars
        ("pytest", ["pytest-celery[all]>=1.2.0"]),  # celery's pytest plugin is a feature
        ("install-types", ["pip"]),  # mypy
        ("jupyter", ["ipython>=7.8.0", "tokenize-rt>=3.2.0"]),  # black
        ("socks", ["PySocks>=1.5.6,!=1.5.7"]),
        ("examples", ["uvicorn", "fastapi"]),
        ("rsa", []),
        ("d", ["aiohttp>=3.10"]),
    ],
)
def test_feature_extras(name, requirements):
    assert not is_dev_extra(name, reqs(*requirements))


def test_a_development_name_without_requirements_is_no_development_extra_unless_sure():
    assert is_dev_extra("docs")
    assert not is_dev_extra("format")


def test_test_inputs_drop_tools_and_replace_pytest_cov():
    names = [
        "pytest", "pytest-cov", "pytest-asyncio", "ty", "diff-cover", "pytest-pretty", "buildkite-test-collector",
        "coverage", "mypy", "types-requests", "sphinx", "black", "ipython", "setuptools", "virtualenv",
        "hypothesis", "pytest-xdist", "dirty-equals",
    ]
    assert devtools.test_inputs(names) == ["pytest-cov-stub", "pytest-asyncio", "virtualenv", "hypothesis", "dirty-equals"]


def test_one_benchmark_fixture_provider_stays():
    """fastapi's tests/benchmarks call the ``benchmark`` fixture pytest-codspeed provides."""
    assert devtools.test_inputs(["pytest-codspeed", "inline-snapshot"]) == ["pytest-codspeed", "inline-snapshot"]
    assert devtools.test_inputs(["pytest-codspeed", "pytest-benchmark"]) == ["pytest-benchmark"]
