"""Reuse of a setup.py evaluation across the matrix: decided by what the evaluation read of the
environment, exact for every cell (a setup.py that branches on each fact still gets per-cell answers)."""

from __future__ import annotations

import pytest
from test_setup_py import MemoryTree

from nixpkgs_contrib.matrix import SYSTEMS, Environment
from nixpkgs_contrib.upstream.setup_py import SetupAborted, evaluate_setup_py
from nixpkgs_contrib.upstream.setup_py import evaluator as evaluator_module
from nixpkgs_contrib.upstream.setup_py.environment import FACTS

PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
CELLS = [Environment(py, system) for py in PYTHONS for system in SYSTEMS]


@pytest.fixture
def evaluations(monkeypatch):
    """Count the evaluations that really run (not the reused ones)."""
    runs: list[Environment] = []
    real = evaluator_module._evaluate

    def counting(tree, env, relpath, parsed):
        runs.append(env)
        return real(tree, env, relpath, parsed)

    monkeypatch.setattr(evaluator_module, "_evaluate", counting)
    return runs


def requires_per_cell(setup_py: str) -> dict[Environment, list[str]]:
    tree = MemoryTree({"setup.py": setup_py})
    return {env: evaluate_setup_py(tree, env).require("install_requires") for env in CELLS}


def fresh_per_cell(setup_py: str) -> dict[Environment, list[str]]:
    """The reference: a new tree object for every cell, so nothing can be reused."""
    return {env: evaluate_setup_py(MemoryTree({"setup.py": setup_py}), env).require("install_requires") for env in CELLS}


def test_a_setup_py_that_reads_nothing_of_the_environment_is_evaluated_once(evaluations):
    answers = requires_per_cell(
        """
        import os, sys
        from setuptools import setup
        sys.path.insert(0, os.path.dirname(__file__))
        setup(name="a", version="1", install_requires=["x"] if os.name == "posix" else ["y"])
        """
    )
    assert set(map(tuple, answers.values())) == {("x",)}
    assert len(evaluations) == 1  # os.name is "posix" on every system nixpkgs builds for


SETUP_READING = {
    "sys.version_info": ('sys.version_info >= (3, 11)', "import sys"),
    "sys.version": ('sys.version.startswith("3.1")', "import sys"),
    "sys.hexversion": ("sys.hexversion >= 0x030C0000", "import sys"),
    "sys.implementation.cache_tag": ('sys.implementation.cache_tag == "cpython-313"', "import sys"),
    "sys.platform": ('sys.platform == "darwin"', "import sys"),
    "platform.system()": ('platform.system() == "Linux"', "import platform"),
    "platform.machine()": ('platform.machine() in ("arm64", "aarch64")', "import platform"),
    "platform.python_version()": ('platform.python_version().startswith("3.9.")', "import platform"),
    "platform.python_version_tuple()": ('platform.python_version_tuple()[1] == "14"', "import platform"),
    "sysconfig.get_config_var": ('sysconfig.get_config_var("EXT_SUFFIX").endswith("x86_64-linux-gnu.so")', "import sysconfig"),
    "sysconfig.get_python_version()": ('sysconfig.get_python_version() == "3.12"', "import sysconfig"),
    "from sys import platform": ('platform == "linux"', "from sys import platform"),
}


@pytest.mark.parametrize("what", sorted(SETUP_READING))
def test_a_setup_py_that_branches_on_a_fact_gets_the_answer_of_each_cell(what, evaluations):
    condition, imports = SETUP_READING[what]
    setup_py = f"""
        {imports}
        from setuptools import setup
        if {condition}:
            deps = ["yes"]
        else:
            deps = ["no"]
        setup(name="a", version="1", install_requires=deps)
        """
    reused = requires_per_cell(setup_py)
    assert len(set(map(tuple, reused.values()))) == 2  # the condition does split the matrix
    runs = len(evaluations)
    assert reused == fresh_per_cell(setup_py)
    assert runs < len(CELLS) or what == "sysconfig.get_config_var"  # EXT_SUFFIX reads all three


def test_reuse_follows_exactly_the_facts_read():
    """Reading sys.platform makes two groups (linux, darwin), reading the version six; reading
    the interpreter only on darwin splits darwin only."""
    setup_py = """
        import sys
        from setuptools import setup
        deps = []
        if sys.platform == "darwin" and sys.version_info < (3, 11):
            deps.append("old-mac")
        setup(name="a", version="1", install_requires=deps)
        """
    tree = MemoryTree({"setup.py": setup_py})
    answers = {env: evaluate_setup_py(tree, env).require("install_requires") for env in CELLS}
    outcomes = evaluator_module._MEMO[tree].outcomes["setup.py"]
    # `and` short-circuits: on linux only sys.platform was read
    assert len(outcomes) == 1 + len(PYTHONS)
    for env, deps in answers.items():
        assert deps == (["old-mac"] if env.os == "darwin" and env.python in ("3.9", "3.10") else [])


def test_a_reused_call_names_its_own_environment():
    tree = MemoryTree({"setup.py": "from setuptools import setup\nsetup(name='a', version='1')\n"})
    for env in CELLS:
        assert evaluate_setup_py(tree, env).environment == env


def test_an_abort_is_reused_for_the_interpreters_it_holds_for_and_names_each():
    tree = MemoryTree(
        {
            "setup.py": """
            import sys
            if sys.version_info < (3, 11):
                sys.exit("needs 3.11")
            from setuptools import setup
            setup(name="a", version="1")
            """
        }
    )
    for env in CELLS:
        if env.python in ("3.9", "3.10"):
            with pytest.raises(SetupAborted) as err:
                evaluate_setup_py(tree, env)
            assert f"python {env.python} on {env.system}" in str(err.value)
        else:
            assert evaluate_setup_py(tree, env).require("name") == "a"


def test_an_error_that_reads_nothing_is_raised_for_every_cell(evaluations):
    tree = MemoryTree({"setup.py": "from setuptools import setup\nsetup(name=undefined_name, version='1')\n"})
    messages = set()
    for env in CELLS:
        try:
            evaluate_setup_py(tree, env).require("name")
        except Exception as exc:  # the same error, raised anew each time
            messages.add(str(exc))
    assert len(messages) == 1 and len(evaluations) == 1


def test_every_fact_is_a_function_of_the_cell():
    for name, fact in FACTS.items():
        assert {fact(env) for env in CELLS}, name
