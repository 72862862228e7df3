"""Environment variables as setup.py sees them in the nixpkgs build: one the build does not set is
unset; one it sets (stdenv, the Python hooks, derivation attributes) or the program may set itself
is unknown.  great-expectations, snowflake-snowpark-python and jax read such a variable (each test
is a small project written for it, not a copy of the upstream file)."""

from __future__ import annotations

import pytest
from test_setup_py import PY311, MemoryTree, run
from test_setup_py_reuse import CELLS, evaluations  # noqa: F401 - the fixture

from nixpkgs_contrib.errors import UnresolvableError
from nixpkgs_contrib.upstream.setup_py import evaluate_setup_py
from nixpkgs_contrib.upstream.setup_py import evaluator as evaluator_module
from nixpkgs_contrib.upstream.setup_py.environment import set_by_build


def test_a_variable_the_build_does_not_set_is_unset_however_it_is_read():
    """great-expectations: `python_requires` widened when an experimental flag is set;
    snowflake-snowpark-python: a test switch read with os.getenv."""
    src = """
    import os
    from setuptools import setup
    requires = ">=3.13" if os.environ.get("ACME_EXPERIMENTAL") else ">=3.9"
    flavour = os.getenv("ACME_FLAVOUR", "plain")
    try:
        suffix = os.environ["ACME_SUFFIX"]
    except KeyError:
        suffix = ""
    extras = {"fast": ["speedy"]} if "ACME_FAST" in os.environ else {}
    slow = "ACME_SLOW" not in os.environ
    setup(name="acme-" + flavour, version="1.0" + suffix, python_requires=requires, extras_require=extras,
          install_requires=["a"] if slow and os.getenv("ACME_NONE") is None else [])
    """
    call = run(src)
    assert call.require("python_requires") == ">=3.9"
    assert (call.require("name"), call.require("version")) == ("acme-plain", "1.0")
    assert call.require("extras_require") == {}
    assert call.require("install_requires") == ["a"]


def test_an_unset_variable_read_by_subscript_raises_key_error_in_the_program():
    src = "import os\nfrom setuptools import setup\nsetup(name='acme', version=os.environ['ACME_VERSION'])\n"
    with pytest.raises(UnresolvableError, match="^mem/setup.py:3: version= cannot be read statically: KeyError: 'ACME_VERSION'$"):
        run(src).require("version")


def test_a_module_of_the_project_reading_a_variable_is_followed():
    """jax: the version module appends a suffix from an environment variable when it is set."""
    files = {
        "setup.py": "from setuptools import setup\nfrom acme.version import VERSION\nsetup(name='acme', version=VERSION)\n",
        "acme/__init__.py": "",
        "acme/version.py": "import os\nVERSION = '2.0'\nif os.environ.get('ACME_WHEEL_SUFFIX'):\n    VERSION += os.environ['ACME_WHEEL_SUFFIX']\n",
    }
    assert evaluate_setup_py(MemoryTree(files), PY311).require("version") == "2.0"


@pytest.mark.parametrize(
    "name",
    ["HOME", "PATH", "TMPDIR", "SOURCE_DATE_EPOCH", "NIX_BUILD_CORES", "NIX_CFLAGS_COMPILE", "CC", "CXX_FOR_BUILD",
     "PYTHONPATH", "PYTHONHASHSEED", "MACOSX_DEPLOYMENT_TARGET", "CFLAGS", "out", "src", "pname", "dontUsePypaBuild"],
)
def test_a_variable_the_build_sets_stays_unknown(name):
    assert set_by_build(name)
    src = f"import os\nfrom setuptools import setup\nsetup(name='acme', version=os.environ.get({name!r}, '1'))\n"
    with pytest.raises(UnresolvableError, match=f"reads environment variable {name}, which the nixpkgs build sets$"):
        run(src).require("version")


@pytest.mark.parametrize("name", ["GX_PYTHON_EXPERIMENTAL", "SNOWFLAKE_IS_PYTHON_RUNTIME_TEST", "WHEEL_VERSION_SUFFIX", "ACME"])
def test_project_variables_are_not_set_by_the_build(name):
    assert not set_by_build(name)


@pytest.mark.parametrize(
    "write",
    [
        "os.environ['ACME'] = '1'",
        "os.environ.setdefault('ACME', '1')",
        "os.environ.update(ACME='1')",
        "del os.environ['ACME']",
        "environ = os.environ\nenviron['ACME'] = '1'",
        "env = os.environ\nenv['ACME'] = '1'",  # an alias: any variable may change through it
        "def configure():\n    os.environ['ACME'] = '1'",  # never called: still counted in
        "with open('missing.cfg') as f:\n    os.environ['ACME'] = f.read()",  # skipped: still runs in the build
        "def set_(e):\n    e['ACME'] = '1'\nset_(os.environ)",  # through a parameter: seen as it runs
    ],
)
def test_a_variable_the_program_may_set_is_unknown(write):
    src = f"import os\nfrom setuptools import setup\n{write}\nsetup(name='acme', version='1' if os.environ.get('ACME') else '2')\n"
    with pytest.raises(UnresolvableError, match="reads environment variable ACME, which the program may set"):
        run(src).require("version")


def test_setting_another_variable_leaves_a_read_known():
    src = "import os\nfrom setuptools import setup\nos.environ['OTHER'] = '1'\nsetup(name='acme', version=os.environ.get('ACME', '2'))\n"
    assert run(src).require("version") == "2"


def test_a_variable_set_in_a_module_the_program_imports_is_unknown():
    files = {
        "setup.py": "import os\nfrom setuptools import setup\nimport helper\nsetup(name='acme', version=os.getenv('ACME', '2'))\n",
        "helper.py": "import os\nos.environ['ACME'] = '3'\n",
    }
    with pytest.raises(UnresolvableError, match=r"which the program may set \(mem/helper\.py:2\)"):
        evaluate_setup_py(MemoryTree(files), PY311).require("version")


@pytest.mark.parametrize("read", ["dict(os.environ)", "os.environ.copy()", "list(os.environ)", "os.environ.get(NAME)"])
def test_the_whole_environment_or_a_computed_name_stays_unknown(read):
    src = f"import os\nfrom setuptools import setup\nNAME = open('missing').read()\nsetup(name='acme', version='1', install_requires=[{read}])\n"
    with pytest.raises(UnresolvableError):
        run(src).require("install_requires")


def test_a_read_variable_is_recorded_like_other_facts_and_the_result_reused(evaluations):  # noqa: F811
    tree = MemoryTree({"setup.py": "import os\nfrom setuptools import setup\nsetup(name='acme', version=os.getenv('ACME', '1'))\n"})
    assert {evaluate_setup_py(tree, env).require("version") for env in CELLS} == {"1"}
    assert len(evaluations) == 1
    outcome = evaluator_module._MEMO[tree].outcomes["setup.py"][0]
    assert ("os.environ[ACME]", None) in outcome.read
