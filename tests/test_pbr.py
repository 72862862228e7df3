"""pbr projects (upstream/pbr.py): setup(pbr=True) takes its keywords from setup.cfg's pbr sections
and requirements.txt.  The project is written for the test; it has the shape of bandit and retry
(ranks 501-1000 of PyPI), which read as having no dependencies before."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_files

from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.upstream import pbr
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import DirectoryTree

TARGET = Target(("3.11", "3.12"), ("x86_64-linux",))

SETUP_CFG = """[metadata]
name = scanner
summary = Looks at code
home_page = https://example.org/scanner
license = Apache-2.0
classifier =
    Programming Language :: Python :: 3

[files]
packages =
    scanner

[entry_points]
console_scripts =
    scanner = scanner.cli:main

[extras]
color =
    colorful>=1 # MIT
"""

REQUIREMENTS = """# pip processes them in order
-r base-requirements.txt
PyYAML>=5.3.1 # MIT
plugins-loader>=1.20.0
winterm>=0.3.9;platform_system=="Windows" # BSD

--hash=sha256:0000
"""


def write(tmp_path: Path, files: dict[str, str]) -> DirectoryTree:
    return DirectoryTree(write_files(tmp_path, files))


def project(tmp_path: Path, setup_py: str = "import setuptools\nsetuptools.setup(setup_requires=['pbr>=2'], pbr=True, python_requires='>=3.10')\n"):
    return read_project(
        write(
            tmp_path,
            {
                "setup.py": setup_py,
                "setup.cfg": SETUP_CFG,
                "requirements.txt": REQUIREMENTS,
                "PKG-INFO": "Metadata-Version: 1.1\nName: scanner\nVersion: 1.9.4\n",
                "scanner/__init__.py": "",
                "scanner/cli.py": "def main(): pass\n",
                "scanner/sub/__init__.py": "",
            },
        ),
        TARGET,
    )


def test_requirements_txt_are_the_dependencies(tmp_path: Path) -> None:
    read = project(tmp_path)
    meta = read.metadata
    assert [str(r) for r in meta.dependencies] == ["PyYAML>=5.3.1", "plugins-loader>=1.20.0", 'winterm>=0.3.9; platform_system == "Windows"']
    assert [(e, [str(r) for r in reqs]) for e, reqs in meta.optional_dependencies] == [("color", ["colorful>=1"])]
    assert [(e.name, e.value) for e in meta.entry_points] == [("scanner", "scanner.cli:main")]
    assert meta.summary == "Looks at code"
    assert str(meta.requires_python) == ">=3.10"
    assert meta.import_names == ("scanner",)
    # every interpreter's read, not only the first
    assert {len(m.dependencies) for _, m in read.per_environment} == {3}


def test_without_pbr_requirements_txt_means_nothing(tmp_path: Path) -> None:
    """setuptools alone never reads requirements.txt: only setup(pbr=True) makes it the dependencies."""
    meta = project(tmp_path, "import setuptools\nsetuptools.setup(python_requires='>=3.10')\n").metadata
    assert meta.dependencies == ()


@pytest.mark.parametrize(
    ("setup_py", "expected"),
    [
        ("from setuptools import setup\nsetup(pbr=True)\n", True),
        ("import setuptools\nsetuptools.setup(\n    setup_requires=['pbr'],\n    pbr=True,\n)\n", True),
        ("from setuptools import setup\nsetup(pbr=False)\n", False),
        ("from setuptools import setup\n# pbr=True\nsetup()\n", False),
    ],
)
def test_uses_pbr(tmp_path: Path, setup_py: str, expected: bool) -> None:
    assert pbr.uses_pbr(write(tmp_path, {"setup.py": setup_py}), None) is expected
    assert pbr.uses_pbr(write(tmp_path / "backend", {}), "pbr.build")


def test_requirement_lines() -> None:
    assert pbr.requirement_lines(REQUIREMENTS) == ["PyYAML>=5.3.1", "plugins-loader>=1.20.0", 'winterm>=0.3.9;platform_system=="Windows"']
