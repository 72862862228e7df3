"""Readers: pyproject (PEP 621, dynamic, poetry), setup.cfg, sdists, layout-derived import names."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_sdist
from packaging.requirements import Requirement

from nixpkgs_contrib.errors import MetadataError, SourceError
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.upstream.poetry import constraint_to_specifier
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import ArchiveTree, DirectoryTree, SubTree

TARGET = Target(("3.12",), ("x86_64-linux",))


def tree(tmp_path: Path, files: dict[str, str]) -> DirectoryTree:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return DirectoryTree(tmp_path)


def meta(tmp_path: Path, files: dict[str, str], **kw):
    return read_project(tree(tmp_path, files), TARGET, **kw).metadata


HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'


def test_pep621_fields(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": HATCH + '[project]\nname = "Acme_Core"\nversion = "1.0"\ndescription = "d"\n'
            'requires-python = ">=3.10"\ndependencies = ["a>=1", "b; sys_platform == \'darwin\'"]\n'
            '[project.optional-dependencies]\nFast_Extra = ["c"]\n[project.scripts]\nacme = "acme_core:main"\n',
            "src/acme_core/__init__.py": "",
        },
    )
    assert (m.name, m.version, m.summary) == ("Acme_Core", "1.0", "d")
    assert [str(r) for r in m.dependencies] == ["a>=1", 'b; sys_platform == "darwin"']
    assert m.optional_dependencies == (("fast-extra", (Requirement("c"),)),)
    assert m.console_scripts == ("acme",)
    assert m.import_names == ("acme_core",)
    assert str(m.requires_python) == ">=3.10"
    assert m.build_backend == "hatchling.build"


def test_setuptools_dynamic_version_and_dependencies(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "dyn"\ndynamic = ["version", "dependencies"]\n'
            '[tool.setuptools.dynamic]\nversion = { attr = "dyn.__version__" }\ndependencies = { file = "req.txt" }\n',
            "dyn/__init__.py": '__version__: str = "3.2.1"\n',
            "req.txt": "# comment\nrequests>=2  # inline\n\nidna\n",
        },
    )
    assert m.version == "3.2.1"
    assert [r.name for r in m.dependencies] == ["requests", "idna"]


def test_dynamic_version_from_vcs_needs_sdist_or_tag(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
        '[project]\nname = "v"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n',
        "v/__init__.py": "",
    }
    with pytest.raises(MetadataError, match="computed from git tags"):
        meta(tmp_path, files)
    assert meta(tmp_path, files, version_hint="4.5.6").version == "4.5.6"


def test_hatch_version_path(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": HATCH + '[project]\nname = "hv"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "src/hv/about.py"\n',
            "src/hv/__init__.py": "",
            "src/hv/about.py": "__version__ = '0.0.7'\n",
        },
    )
    assert m.version == "0.0.7"


def test_version_literal_that_is_computed_is_refused(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "dyn"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "dyn.VERSION" }\n',
        "dyn/__init__.py": "import os\nVERSION = os.environ['V']\n",
    }
    with pytest.raises(MetadataError, match=r"dyn/__init__.py:2: VERSION is not a literal"):
        meta(tmp_path, files)


@pytest.mark.parametrize(
    ("constraint", "spec"),
    [("^1.2.3", ">=1.2.3,<2.0.0"), ("^0.2", ">=0.2,<0.3"), ("~1.2.3", ">=1.2.3,<1.3"), ("*", ""), ("1.2.*", "==1.2.*"), (">=1 <2", ">=1,<2")],
)
def test_poetry_constraints(constraint: str, spec: str) -> None:
    assert constraint_to_specifier(constraint) == spec


def test_poetry_table(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\ndescription = "d"\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\nrich = { version = "^13", python = "<3.12", extras = ["jupyter"] }\n'
            'opt = { version = "*", optional = true }\n[tool.poetry.extras]\nfeature = ["opt"]\n',
            "p/__init__.py": "",
        },
    )
    assert str(m.requires_python) == "<4.0,>=3.10"
    (rich,) = m.dependencies
    assert rich.name == "rich" and rich.extras == {"jupyter"} and str(rich.specifier) == "<14,>=13"
    assert str(rich.marker) == 'python_version < "3.12"'
    assert m.optional_dependencies[0][0] == "feature"


def test_poetry_git_dependency_is_refused(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\n[tool.poetry.dependencies]\nthing = { git = "https://x" }\n',
        "p/__init__.py": "",
    }
    with pytest.raises(MetadataError, match=r"pyproject.toml:5: dependency 'thing' is not from an index"):
        meta(tmp_path, files)


def test_setup_cfg(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "setup.cfg": "[metadata]\nname = cfgpkg\nversion = file: VERSION\ndescription = d\nlicense = MIT\n"
            "[options]\npackages = find:\ninstall_requires =\n    a\n    b>=2; python_version < \"3.11\"\n"
            "[options.extras_require]\nx = c\n[options.entry_points]\nconsole_scripts =\n    cfg = cfgpkg:main\n",
            "VERSION": "2.0.0\n",
            "cfgpkg/__init__.py": "",
            "cfgpkg/sub/__init__.py": "",
            "tests/__init__.py": "",
        },
    )
    assert (m.name, m.version, m.license_text) == ("cfgpkg", "2.0.0", "MIT")
    assert [r.name for r in m.dependencies] == ["a", "b"]
    assert m.import_names == ("cfgpkg",)
    assert m.console_scripts == ("cfg",)


def test_sdist_is_read_in_memory_and_pkg_info_gives_the_version(tmp_path: Path) -> None:
    src = tmp_path / "src"
    tree(
        src,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools", "setuptools-scm"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "scm"\ndynamic = ["version"]\n',
            "PKG-INFO": "Metadata-Version: 2.1\nName: scm\nVersion: 9.9.9\n",
            "scm/__init__.py": "",
        },
    )
    sdist = build_sdist(src, tmp_path, "scm-9.9.9")
    project = read_project(ArchiveTree(sdist), TARGET)
    assert project.version == "9.9.9"
    assert not (tmp_path / "scm-9.9.9").exists(), "nothing unpacked"


def test_sdist_with_two_top_level_directories_is_refused(tmp_path: Path) -> None:
    import tarfile

    bad = tmp_path / "bad-1.0.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        for name in ("a/x.py", "b/y.py"):
            info = tarfile.TarInfo(name)
            tar.addfile(info)
    with pytest.raises(SourceError, match="exactly one top-level directory"):
        ArchiveTree(bad)


def test_subtree_cannot_escape(tmp_path: Path) -> None:
    t = tree(tmp_path, {"a/b.txt": "x", "c.txt": "y"})
    sub = SubTree(t, "a")
    assert sub.files() == ("b.txt",)
    with pytest.raises(SourceError, match="leaves the project tree"):
        sub.read_bytes("../../etc/passwd")


def test_computed_dynamic_version_falls_back_to_pkg_info(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "dj"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "dj.__version__" }\n',
            "dj/__init__.py": "from dj.utils import get_version\n__version__ = get_version((6, 1))\n",
            "PKG-INFO": "Metadata-Version: 2.4\nName: dj\nVersion: 6.1.3\n",
        },
    )
    assert m.version == "6.1.3"


def test_version_attr_found_below_a_setup_cfg_package_dir(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "sa"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "sa.__version__" }\n',
            "setup.cfg": "[options]\npackage_dir =\n    =lib\n",
            "lib/sa/__init__.py": '__version__ = "2.1.9"\n',
        },
    )
    assert m.version == "2.1.9"


def test_setup_py_that_cannot_be_evaluated_is_ignored_when_pyproject_says_everything(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "ext"\nversion = "3.0"\ndependencies = ["yarl"]\n',
            "setup.py": "import os\nfrom setuptools import setup\nkw = {} if os.environ.get('NO_EXT') else {'ext_modules': []}\nsetup(**kw)\n",
            "ext/__init__.py": "",
        },
    )
    assert (m.version, [r.name for r in m.dependencies]) == ("3.0", ["yarl"])


def test_extras_keep_upstream_spelling_next_to_the_normalized_name(tmp_path: Path) -> None:
    """requests' ``use_chardet_on_py3``: nixpkgs keeps upstream's spelling as the key."""
    pep621 = meta(
        tmp_path / "a",
        {
            "pyproject.toml": HATCH + '[project]\nname = "a"\nversion = "1.0"\n'
            '[project.optional-dependencies]\nuse_chardet_on_py3 = ["chardet"]\nsocks = ["pysocks"]\n',
            "a/__init__.py": "",
        },
    )
    assert pep621.extra("use-chardet-on-py3") == (Requirement("chardet"),)
    assert pep621.extra_spellings == (("use-chardet-on-py3", "use_chardet_on_py3"),)
    assert pep621.extra_key("use-chardet-on-py3") == "use_chardet_on_py3" and pep621.extra_key("socks") == "socks"
    cfg = meta(
        tmp_path / "b",
        {
            "setup.cfg": "[metadata]\nname = b\nversion = 1.0\n[options]\npackages = find:\n"
            "[options.extras_require]\ncircuit_breaker = pybreaker\n",
            "b/__init__.py": "",
        },
    )
    assert cfg.extra_spellings == (("circuit-breaker", "circuit_breaker"),)
    poetry = meta(
        tmp_path / "c",
        {
            "pyproject.toml": '[tool.poetry]\nname = "c"\nversion = "1.0"\ndescription = "d"\n'
            '[tool.poetry.dependencies]\nopt = { version = "*", optional = true }\n[tool.poetry.extras]\nhf_xet = ["opt"]\n',
            "c/__init__.py": "",
        },
    )
    assert poetry.extra_spellings == (("hf-xet", "hf_xet"),)


def test_linked_files_are_those_in_the_tree(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "a"\nversion = "1.0"\n[project.urls]\n'
        'Changelog = "https://github.com/o/a/blob/main/CHANGES.md"\n'
        'Docs = "https://github.com/o/a/tree/main/docs"\n'
        'History = "https://github.com/o/a/blob/main/HISTORY.md"\n',
        "a/__init__.py": "",
        "CHANGES.md": "",
        "docs/index.md": "",
    }
    project = read_project(tree(tmp_path, files), TARGET)
    assert project.linked_files == ("CHANGES.md", "docs")


def test_linked_files_of_a_monorepo_member_are_repository_paths(tmp_path: Path) -> None:
    files = {
        "libs/core/pyproject.toml": HATCH + '[project]\nname = "core"\nversion = "1.0"\n[project.urls]\n'
        'Changelog = "https://github.com/o/mono/blob/main/libs/core/CHANGELOG.md"\n'
        'Root = "https://github.com/o/mono/blob/main/README.md"\n',
        "libs/core/core/__init__.py": "",
        "libs/core/CHANGELOG.md": "",
        "README.md": "",
    }
    project = read_project(SubTree(tree(tmp_path, files), "libs/core"), TARGET, subdir="libs/core")
    assert project.linked_files == ("libs/core/CHANGELOG.md",)
