"""setup.py shapes seen in real sdists, each on a small project written for the test (never a copy of
the upstream file).  The docstring of each test names the projects the shape was found in; the
sweep over the most downloaded PyPI sdists is what found them."""

from __future__ import annotations

import pytest
from test_setup_py import PY311, MemoryTree, run

from nixpkgs_contrib.errors import UnresolvableError
from nixpkgs_contrib.upstream.setup_py import evaluate_setup_py

# --------------------------------------------------------------------------------------------------
# Crashes


@pytest.mark.parametrize(
    "statement",
    [
        "for flag in (os.environ['CFLAGS'].split() if 'CFLAGS' in os.environ else []):\n    flags.append(flag)",
        "while (os.environ['N'] if 'N' in os.environ else 0):\n    break",
        "with (open(os.environ['F']) if 'F' in os.environ else open('setup.py')):\n    flags = [lambda: 1]",
    ],
)
def test_a_skipped_statement_holding_a_ternary_or_lambda_is_poisoned_not_a_crash(statement):
    """cffi, multidict, greenlet, grpcio, lxml, psutil, wcwidth, fonttools, ruamel.yaml, cython: the
    flow analysis of a statement that cannot be evaluated walked into `x if c else y` as if its
    body were a list of statements (TypeError: argument of type 'Name' is not iterable)."""
    src = f"import os\nfrom setuptools import setup\nflags = []\n{statement}\nsetup(name='t', version='1', install_requires=['a'])\n"
    call = run(src)
    assert call.require("install_requires") == ["a"]


def test_a_package_importing_its_own_submodules_by_absolute_name():
    """toml: `from toml import encoder` inside toml/__init__.py, and setup.py reads toml.__version__
    (RecursionError: the lazy name `encoder` resolved to itself)."""
    files = {
        "setup.py": "from setuptools import setup\nimport selfref\nsetup(name='selfref', version=selfref.__version__)\n",
        "selfref/__init__.py": "from selfref import encoder\nfrom selfref import decoder as dec\n__version__ = '0.10.2'\ndump = encoder.dump\n",
        "selfref/encoder.py": "def dump(x):\n    return x\n",
        "selfref/decoder.py": "",
    }
    assert evaluate_setup_py(MemoryTree(files), PY311).require("version") == "0.10.2"


def test_an_import_cycle_through_lazy_names_is_unresolvable_not_a_crash():
    files = {
        "setup.py": "from setuptools import setup\nfrom a import x\nsetup(name='c', version=x)\n",
        "a.py": "from b import x\n",
        "b.py": "from a import x\n",
    }
    call = evaluate_setup_py(MemoryTree(files), PY311)
    with pytest.raises(UnresolvableError, match="import cycle"):
        call.require("version")
