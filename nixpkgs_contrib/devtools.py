"""Development tools: requirements for working on a project, not libraries it or its tests import.

Two decisions read this table.  An *extra* made only of tools is a development extra (never
written as ``optional-dependencies``), and a tool named by a test extra or dependency group is not
a test input (``nativeCheckInputs``).  Each tool has a kind, because not every kind is as sure:

- ``coverage``, ``lint``, ``typing``, ``docs``, ``benchmark``, ``report``, ``release``: tools a
  library never needs at run time (a coverage reporter, a linter, a documentation builder, a CI
  result uploader).  An extra of these alone is a development extra.
- ``format``, ``runner``, ``shell``, ``packaging``: tools a library *may* use as a feature (a
  code generator formats its output with black; ``pytest-celery`` is celery's ``pytest`` feature;
  ``mypy[install-types]`` installs pip).  They count towards a development extra only next to a
  sure tool or under a development name.

The names come from the test and development extras of the 500 most downloaded PyPI projects
(``benchmarks/lint_pypi.py`` shows the result on them) and nixpkgs' own files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, Optional

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

Kind = Literal[
    "coverage", "lint", "typing", "docs", "benchmark", "report", "release", "format", "runner", "shell", "packaging"
]

#: kinds a library never needs at run time
SURE: frozenset[Kind] = frozenset({"coverage", "lint", "typing", "docs", "benchmark", "report", "release"})

_TOOLS: Mapping[Kind, tuple[str, ...]] = {
    "coverage": (
        "coverage", "pytest-cov", "diff-cover", "codecov", "coveralls", "covdefaults", "coverage-enable-subprocess",
        "coverage-conditional-plugin",
    ),
    "lint": (
        "ruff", "flake8", "pylint", "pyflakes", "pycodestyle", "pydocstyle", "codespell", "bandit", "vulture",
        "pre-commit", "pre-commit-hooks", "pytest-ruff", "pytest-flake8", "pytest-pylint", "pytest-checkdocs",
        "pytest-black", "pytest-isort", "check-manifest", "pyroma", "validate-pyproject", "check-wheel-contents",
        "doc8", "yamllint", "autoflake", "pyupgrade", "refurb", "deptry", "pep8-naming", "darglint", "interrogate",
        "blacken-docs", "sphinx-lint", "twine-check", "slotscheck", "pylint-pytest", "prek",
    ),
    "typing": (
        "mypy", "pyright", "basedpyright", "ty", "pytype", "pyre-check", "pyrefly", "pytest-mypy", "mypy-zope",
    ),
    "docs": (
        "sphinx", "furo", "mkdocs", "pdoc", "pdoc3", "numpydoc", "towncrier", "rst-linker", "jaraco-packaging",
        "jaraco-tidelift", "pydata-sphinx-theme", "myst-parser", "myst-nb", "nbsphinx", "recommonmark",
        "readme-renderer", "jupyter-book", "mike", "griffe", "docstring-parser-fork",
    ),
    "benchmark": (
        "asv", "pyperf", "pytest-benchmark", "pytest-codspeed", "gprof2dot", "snakeviz", "py-spy", "memray",
        "pyinstrument", "scalene", "pytest-memray", "richbench", "line-profiler", "memory-profiler",
    ),
    "report": (
        "buildkite-test-collector", "pytest-github-actions-annotate-failures", "pytest-pretty", "pytest-sugar",
        "pytest-clarity", "pytest-icdiff", "pytest-instafail", "pytest-md-report", "pytest-html", "pytest-reportlog",
        "pytest-emoji", "pytest-enabler", "pytest-randomly", "pytest-xdist", "pytest-watch", "pytest-testmon",
        "pytest-picked", "pytest-split", "pytest-custom-exit-code", "pytest-profiling", "pytest-md",
        "pytest-describe-it", "pytest-timer",
    ),
    "release": (
        "tox", "nox", "twine", "bump2version", "bumpversion", "bump-my-version", "jaraco-develop", "pip-tools",
        "nox-poetry", "commitizen", "zest-releaser", "tox-uv", "tox-gh-actions", "hatch", "pdm", "uv",
    ),
    "format": ("black", "isort", "yapf", "autopep8", "ufmt", "usort", "mdformat"),
    "runner": ("pytest", "hypothesis"),
    "shell": ("ipython", "ipdb", "pdbpp", "jupyter", "jupyterlab", "ptpython", "bpython"),
    "packaging": ("pip", "wheel", "setuptools", "build", "virtualenv"),
}

_KIND_OF: Mapping[str, Kind] = {name: kind for kind, names in _TOOLS.items() for name in names}

#: (prefix or suffix, kind) for tool families: ``sphinx-*``, ``flake8-*``, ``types-*``, ``*-stubs``
_PREFIXES: tuple[tuple[str, Kind], ...] = (
    ("sphinx-", "docs"), ("sphinxcontrib-", "docs"), ("mkdocs-", "docs"), ("mkdocstrings", "docs"),
    ("flake8-", "lint"), ("types-", "typing"), ("tox-", "release"), ("pytest-", "runner"),
)
_SUFFIXES: tuple[tuple[str, Kind], ...] = (("-stubs", "typing"),)


def tool_kind(name: str) -> Optional[Kind]:
    """The kind of development tool distribution *name* is, or None for a library."""
    norm = canonicalize_name(name)
    if norm in _KIND_OF:
        return _KIND_OF[norm]
    for prefix, kind in _PREFIXES:
        if norm.startswith(prefix):
            return kind
    for suffix, kind in _SUFFIXES:
        if norm.endswith(suffix):
            return kind
    return None


def is_sure_tool(name: str) -> bool:
    """A tool no library needs at run time (coverage, lint, typing, docs, benchmark, report, release)."""
    return tool_kind(name) in SURE


#: Extra names that always mean development, whatever the extra holds: test suites list the
#: libraries their tests import, and ``min-versions`` pins the oldest supported libraries for CI.
DEV_NAMES = frozenset({
    "test", "tests", "testing", "dev", "devel", "develop", "development", "doc", "docs", "documentation",
    "lint", "linting", "min-versions", "minimum-versions", "all-dev", "ci", "rtd", "readthedocs",
})
DEV_PREFIXES = ("test-", "tests-", "testing-", "dev-", "doc-", "docs-", "lint-", "typing-", "ci-")
DEV_SUFFIXES = ("-test", "-tests", "-testing", "-dev", "-docs", "-lint")

#: Extra names that suggest development: development when at least one tool is in it.  A real
#: feature can carry such a name (jsonschema's ``format`` validates formats; polars' ``style``
#: styles tables), which its contents then show.
HINT_NAMES = frozenset({
    "type", "types", "typing", "typecheck", "mypy", "pyright", "quality", "static", "style", "code-style", "qa",
    "check", "checks", "coverage", "cover", "cov", "format", "formatting", "pre-commit", "release", "build",
    "benchmark", "benchmarks", "benchmarking", "bench", "perf", "profiling", "profile", "enabler", "ruff",
    "black", "flake8", "pylint", "lint-fix",
})


def is_dev_extra(name: str, requirements: Iterable[Requirement] = ()) -> bool:
    """Whether extra *name* (PEP 685 normalized) is for working on the project, not a feature.

    Decided by what it holds: only tools, at least one of them one a library never needs at run
    time (``cover = [pytest-cov]``, ``enabler = [pytest-enabler]``); or a name that suggests
    development and at least one tool (``type = [pytest-mypy, importlib-metadata]``,
    ``benchmarking = [psutil, pytest-benchmark]``, ``perf = [ipython]``); or a name that always
    means development (``test``, ``docs``, ``dev``, ``min-versions``).  jsonschema's ``format``
    (fqdn, idna, …) holds no tool, so it is a feature.
    """
    if name in DEV_NAMES or name.startswith(DEV_PREFIXES) or name.endswith(DEV_SUFFIXES):
        return True
    kinds = [tool_kind(r.name) for r in requirements]
    if not kinds:
        return False
    if name in HINT_NAMES and any(kinds):
        return True
    return all(kinds) and any(k in SURE for k in kinds)


#: What nixpkgs writes instead of a test requirement: pytest comes with pytestCheckHook, and
#: pytest-cov must not run in a build (its options in the project's pytest configuration are
#: accepted by the stub).
TEST_REPLACEMENTS: Mapping[str, Optional[str]] = {"pytest": None, "pytest-cov": "pytest-cov-stub"}

#: Benchmark plugins that provide the ``benchmark`` fixture benchmark tests call (fastapi's
#: tests/benchmarks, pydantic's, yarl's): without one the tests fail with "fixture 'benchmark' not
#: found", so one is kept; nixpkgs keeps them too (pytest-codspeed in yarl and propcache).
BENCHMARK_FIXTURES = ("pytest-benchmark", "pytest-codspeed")

_NOT_FOR_TESTS = frozenset({"pip", "wheel", "setuptools", "build"})


def test_inputs(names: Iterable[str]) -> list[str]:
    """The distributions of a test requirement list that belong in ``nativeCheckInputs``, in order
    (normalized names in; replacements such as ``pytest-cov-stub`` out).

    Tools the tests do not import are dropped: coverage, linters, type checkers, documentation,
    CI reporters and output prettifiers (``pytest-pretty``, ``buildkite-test-collector``),
    release and shell tools, formatters, and packaging tools.  Test runners' plugins stay
    (``pytest-asyncio``, ``pytest-timeout``: tests use their fixtures and markers), and of the
    benchmark plugins only the first of :data:`BENCHMARK_FIXTURES` listed stays.
    """
    names = [canonicalize_name(n) for n in names]
    fixture = next((b for b in BENCHMARK_FIXTURES if b in names), None)
    out: list[str] = []
    for norm in names:
        if norm in TEST_REPLACEMENTS:
            replacement = TEST_REPLACEMENTS[norm]
            if replacement:
                out.append(replacement)
            continue
        if norm == fixture:
            out.append(norm)
            continue
        kind = tool_kind(norm)
        if kind in SURE or kind in ("format", "shell") or norm in _NOT_FOR_TESTS:
            continue
        out.append(norm)
    return list(dict.fromkeys(out))


__all__ = [
    "Kind", "tool_kind", "is_sure_tool", "is_dev_extra", "test_inputs", "SURE", "DEV_NAMES", "HINT_NAMES",
    "TEST_REPLACEMENTS", "BENCHMARK_FIXTURES",
]
