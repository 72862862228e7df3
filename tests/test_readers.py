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


def test_poetry_extras_as_poetry_core_builds_them(tmp_path: Path) -> None:
    """An extra naming a required dependency takes it out of the core set (poetry-core gives it the
    extra's marker); a name no dependency has is left out, not an error."""
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\ndescription = "d"\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\nhttpx = "^0.28"\nrequests = "^2.25"\n'
            'Dialect = { version = ">=2", optional = true }\n'
            '[tool.poetry.extras]\nsql = ["dialect", "requests"]\ndocs = ["sphinx", "sphinx-theme"]\n',
            "p/__init__.py": "",
        },
    )
    assert [r.name for r in m.dependencies] == ["httpx"]
    extras = dict(m.optional_dependencies)
    assert sorted(r.name for r in extras["sql"]) == ["Dialect", "requests"]
    assert extras["docs"] == ()


def test_poetry_path_dependency_in_a_group_is_named(tmp_path: Path) -> None:
    """A monorepo's test group takes a sibling from its path; the package's own dependency on it
    comes from the index, so only a git/path/url source for the package itself is refused."""
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\ndescription = "d"\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\nsibling-auth = ">=5,<6"\n'
            '[tool.poetry.group.dev.dependencies]\nsibling-auth = { path = "../auth" }\npytest = "^8"\n',
            "p/__init__.py": "",
        },
    )
    assert [str(r) for r in m.dependencies] == ["sibling-auth<6,>=5"]
    assert [str(r) for r in dict(m.dependency_groups)["dev"]] == ["sibling-auth", "pytest<9,>=8"]


@pytest.mark.parametrize(
    ("constraint", "interpreter", "spec"),
    [
        # a gap of whole minor series, for Python's own version
        ("^2.7 || ^3.6", True, ">=2.7,<4.0,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*"),
        ("~2.7 || ^3.6", True, ">=2.7,<4.0,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*"),  # no 2.8
        (">=3.6,<3.7 || >=3.9", True, ">=3.6,!=3.7.*,!=3.8.*"),
        # ranges that overlap or touch are one range (poetry-core merges them too)
        ("^1.0 || ^2.0", False, ">=1.0,<3.0"),
        (">=2,<4 || >=1,<3", False, ">=1,<4"),
        ("<2 || >=1.5", False, ""),
        ("^1.0 || *", False, ""),
    ],
)
def test_poetry_union_that_is_one_specifier_set(constraint: str, interpreter: bool, spec: str) -> None:
    assert constraint_to_specifier(constraint, interpreter=interpreter) == spec


@pytest.mark.parametrize(
    ("constraint", "interpreter", "why"),
    [
        ("^1.0 || ^3.0", False, r"versions from 2.0 to below 3.0 are left out"),  # a package's own versions
        ("^2.7 || >=3.6.1", True, r"from 3.0 to below 3.6.1 are no list of minor series"),
        ("^3.8 || ^5.1", True, r"from 4.0 to below 5.1 are no list of minor series"),
        ("1.2.* || ^2", False, r"1.2.\* \(in a \|\| union only ranges"),
    ],
)
def test_poetry_union_that_is_no_specifier_set_is_refused(constraint: str, interpreter: bool, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        constraint_to_specifier(constraint, interpreter=interpreter)


def test_poetry_python_union(tmp_path: Path) -> None:
    """vbuild's shape: a poetry 1 project for Python 2.7 and 3.6+; a dependency's python key too."""
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\ndescription = "d"\n'
            '[tool.poetry.dependencies]\npython = "^2.7 || ^3.6"\n'
            'enum34 = { version = "^1.1", python = "~2.7 || ~3.3" }\n',
            "p/__init__.py": "",
        },
    )
    assert m.requires_python is not None and not m.requires_python.contains("3.5.9")
    assert [m.requires_python.contains(v) for v in ("2.7.18", "3.6.0", "3.14.2", "4.0")] == [True, True, True, False]
    (enum34,) = m.dependencies
    assert str(enum34.marker) == (
        'python_version >= "2.7" and python_version < "3.4" and python_version != "3.0.*" '
        'and python_version != "3.1.*" and python_version != "3.2.*"'
    )
    files = {
        "pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "1.0"\n[tool.poetry.dependencies]\npython = "^2.7 || >=3.6.1"\n',
        "p/__init__.py": "",
    }
    with pytest.raises(MetadataError, match=r"pyproject.toml:5: unsupported python constraint \^2.7 \|\| >=3.6.1 \(the Python"):
        meta(tmp_path / "refused", files)


def test_a_read_without_the_licence_needs_none(tmp_path: Path) -> None:
    """httpx-retries' shape: hatchling computes the licence (no authoritative PKG-INFO gives it).
    Emitting refuses it; audit and update, which never use the licence, read the rest."""
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "lic"\nversion = "1.0"\ndescription = "d"\n'
        'dynamic = ["license"]\ndependencies = ["a>=1"]\n',
        "LICENSE": "MIT License\n",
        "lic/__init__.py": "",
    }
    with pytest.raises(MetadataError, match=r"license is dynamic \(hatchling.build\)"):
        meta(tmp_path, files)
    m = meta(tmp_path, files, license=False)
    assert [str(r) for r in m.dependencies] == ["a>=1"]
    assert (m.license_expression, m.license_text, m.license_file_ids) == (None, None, ())


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


# --------------------------------------------------------------------------------------------------
# Shapes seen in the real-world sweep (benchmarks/sweep_pypi.py), each on a project of our own


SETUPTOOLS = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'


def pkg_info_text(*lines: str, mv: str = "2.4", name: str = "gadget", version: str = "5.0.2") -> str:
    return "\n".join([f"Metadata-Version: {mv}", f"Name: {name}", f"Version: {version}", *lines]) + "\n"


def test_version_computed_in_code_comes_from_pkg_info(tmp_path: Path) -> None:
    """``__version__ = '.'.join(map(str, _ver))`` behind ``attr:``, in pyproject or setup.cfg."""
    code = "_ver = (5, 0, 2)\n__version__ = '.'.join(map(str, _ver))\n"
    via_pyproject = {
        "pyproject.toml": SETUPTOOLS + '[project]\nname = "gadget"\ndynamic = ["version"]\n'
        '[tool.setuptools.dynamic]\nversion = { attr = "gadget.__version__" }\n',
        "gadget/__init__.py": code,
        "PKG-INFO": pkg_info_text(),
    }
    assert meta(tmp_path / "a", via_pyproject).version == "5.0.2"
    via_cfg = {
        "setup.cfg": "[metadata]\nname = gadget\nversion = attr: gadget.__version__\n[options]\npackages = gadget\n",
        "setup.py": "from setuptools import setup\nsetup()\n",
        "gadget/__init__.py": code,
        "PKG-INFO": pkg_info_text(),
    }
    assert meta(tmp_path / "b", via_cfg).version == "5.0.2"
    # without PKG-INFO (a checkout) it is refused, naming the module
    del via_cfg["PKG-INFO"]
    with pytest.raises(MetadataError, match=r"gadget/__init__.py:2: __version__ is not a literal"):
        meta(tmp_path / "c", via_cfg)


def test_versioneer_style_setup_py_version_comes_from_pkg_info(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "setup.py": "import versioneer\nfrom setuptools import setup\n"
            "setup(name='gadget', version=versioneer.get_version(), cmdclass=versioneer.get_cmdclass(),\n"
            "      packages=['gadget'], install_requires=['fsspec'])\n",
            "versioneer.py": "import subprocess\nclass VersioneerConfig: pass\ncfg = VersioneerConfig()\ncfg.VCS = 'git'\n"
            "def get_version():\n    return subprocess.check_output(['git', 'describe']).decode()\n"
            "def get_cmdclass():\n    return {}\n",
            "gadget/__init__.py": "",
            "PKG-INFO": pkg_info_text("Requires-Dist: fsspec", mv="2.1"),
        },
    )
    assert (m.version, [r.name for r in m.dependencies]) == ("5.0.2", ["fsspec"])


def test_flit_summary_from_an_assigned_doc_or_pkg_info(tmp_path: Path) -> None:
    flit = '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "gadget"\ndynamic = ["version", "description"]\n'
    m = meta(tmp_path / "a", {"pyproject.toml": flit, "gadget/__init__.py": '__doc__ = """\nGadget - parts for machines\n=====\n"""\n__version__ = "5.0.2"\n'})
    assert (m.summary, m.version) == ("Gadget - parts for machines", "5.0.2")
    computed = {"pyproject.toml": flit, "gadget/__init__.py": "__doc__ = open('README').read()\n__version__ = '5.0.2'\n"}
    m = meta(tmp_path / "b", {**computed, "PKG-INFO": pkg_info_text("Summary: Parts for machines")})
    assert m.summary == "Parts for machines"


def test_dependencies_from_a_build_hook_come_from_pkg_info(tmp_path: Path) -> None:
    """A hatch metadata hook (or any backend plugin) computes dependencies we cannot read."""
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\ndynamic = ["version", "dependencies", "optional-dependencies"]\n'
        '[tool.hatch.version]\nsource = "vcs"\n[tool.hatch.metadata.hooks.custom]\n',
        "gadget/__init__.py": "",
    }
    with pytest.raises(MetadataError, match=r"pyproject.toml: dependencies is dynamic \(hatchling.build\)"):
        meta(tmp_path / "a", files, version_hint="5.0.2")
    files["PKG-INFO"] = pkg_info_text(
        "Requires-Dist: gizmo>=2", "Requires-Dist: tomli; python_version < '3.11'",
        "Provides-Extra: fast", "Requires-Dist: turbo; extra == 'fast'",
    )
    m = meta(tmp_path / "b", files)
    assert [str(r) for r in m.dependencies] == ["gizmo>=2", 'tomli; python_version < "3.11"']
    assert [(e, [r.name for r in reqs]) for e, reqs in m.optional_dependencies] == [("fast", ["turbo"])]
    assert "PKG-INFO" in m.origin


def test_poetry_2_dynamic_dependencies_and_license_from_tool_poetry(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n'
            '[project]\nname = "gadget"\nversion = "5.0.2"\ndescription = "d"\ndynamic = ["dependencies"]\n'
            '[tool.poetry]\nlicense = "PSF-2.0"\n[tool.poetry.dependencies]\npython = ">=3.10"\ngizmo = "^2.1"\n',
            "gadget/__init__.py": "",
        },
    )
    assert [str(r) for r in m.dependencies] == ["gizmo<3.0,>=2.1"]
    assert m.license_text == "PSF-2.0"


def test_requires_python_marked_dynamic_is_taken_from_setup_py(tmp_path: Path) -> None:
    m = read_project(
        tree(
            tmp_path,
            {
                "pyproject.toml": SETUPTOOLS + '[project]\nname = "gadget"\nversion = "5.0.2"\nlicense = "MIT"\n'
                'dynamic = ["requires-python", "dependencies"]\n',
                "setup.py": "from setuptools import setup\nsetup(python_requires='>=3.10', install_requires=['gizmo'])\n",
                "gadget/__init__.py": "",
            },
        ),
        Target(("3.9", "3.12"), ("x86_64-linux",)),
    ).metadata
    assert (str(m.requires_python), [r.name for r in m.dependencies]) == (">=3.10", ["gizmo"])


def test_license_marked_dynamic_is_taken_from_setup_py(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": SETUPTOOLS + '[project]\nname = "gadget"\nversion = "5.0.2"\ndynamic = ["license"]\n',
            "setup.py": "from setuptools import setup\nsetup(license='BSD-3-Clause')\n",
            "gadget/__init__.py": "",
        },
    )
    assert m.license_text == "BSD-3-Clause"


def test_license_expression_keyword_of_setup_py(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\nsetup(name='gadget', version='1', license_expression='Apache-2.0 OR MIT', packages=['gadget'])\n",
            "gadget/__init__.py": "",
        },
    )
    assert (m.license_expression, m.license_text) == ("Apache-2.0 OR MIT", None)


def test_setup_cfg_semicolon_lists_and_inline_comments(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "setup.cfg": "[metadata]\nname = gadget\nversion = 5.0.2\n"
            "[options]\npackages = gadget\nsetup_requires = setuptools>=44; setuptools_scm[toml]>=3.4\n"
            "install_requires =\n    gizmo>=2 # the engine\n    sprocket\n"
            "    cog; python_version < '3.11'\n"
            "[options.extras_require]\ntests = pytest; hypothesis; gizmo[testing]\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "gadget/__init__.py": "",
        },
    )
    # a multi-line value keeps its markers; a single line is split on ';' (as setuptools does)
    assert [str(r) for r in m.dependencies] == ["gizmo>=2", "sprocket", "cog; python_version < \"3.11\""]
    assert [r.name for r in m.extra("tests")] == ["pytest", "hypothesis", "gizmo"]
    assert [r.name for r in m.build_requires] == ["setuptools", "setuptools_scm"]


def test_setup_py_requirement_lists_as_setuptools_reads_them(tmp_path: Path) -> None:
    """Blank entries and comments from a requirements file read by setup.py, continuation lines."""
    m = meta(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\n"
            "reqs = open('requirements.txt').read().split('\\n')\n"
            "setup(name='gadget', version='1', packages=['gadget'], install_requires=reqs)\n",
            "requirements.txt": "# runtime\ngizmo>=2  # engine\n\nsprocket>=1, \\\n  <3\n",
            "gadget/__init__.py": "",
        },
    )
    assert [str(r) for r in m.dependencies] == ["gizmo>=2", "sprocket<3,>=1"]


def test_setup_cfg_errors_name_setup_cfg(tmp_path: Path) -> None:
    files = {
        "setup.cfg": "[metadata]\nname = gadget\nversion = 1\n[options]\npackages = gadget\ninstall_requires =\n    gizmo>=>2\n",
        "setup.py": "from setuptools import setup\nsetup()\n",
        "gadget/__init__.py": "",
    }
    with pytest.raises(MetadataError, match=r"setup.cfg: invalid requirement 'gizmo>=>2'"):
        meta(tmp_path, files)


def test_old_flit_metadata_table(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["flit_core >=2,<4"]\nbuild-backend = "flit_core.buildapi"\n'
            '[tool.flit.metadata]\nmodule = "gadget"\nhome-page = "https://gadget.example"\nrequires-python = ">=3.8"\n'
            'requires = ["gizmo"]\nclassifiers = ["License :: OSI Approved :: ISC License (ISCL)"]\n'
            '[tool.flit.metadata.requires-extra]\ntest = ["pytest"]\n[tool.flit.scripts]\ngadget = "gadget:main"\n',
            "gadget/__init__.py": '"""Parts for machines."""\n__version__ = "5.0.2"\n',
        },
    )
    assert (m.name, m.version, m.summary, str(m.requires_python)) == ("gadget", "5.0.2", "Parts for machines.", ">=3.8")
    assert m.classifiers == ("License :: OSI Approved :: ISC License (ISCL)",)
    assert ([r.name for r in m.dependencies], m.console_scripts, m.import_names) == (["gizmo"], ("gadget",), ("gadget",))
    assert m.urls == (("Homepage", "https://gadget.example"),)


def test_unevaluable_setup_py_is_not_needed_when_pkg_info_is_authoritative(tmp_path: Path) -> None:
    files = {
        # every keyword comes from a program we do not run
        "setup.py": "import json, subprocess\nfrom setuptools import setup\n"
        "setup(**json.loads(subprocess.check_output(['./configure', '--print-metadata'])))\n",
        "gadget/__init__.py": "",
        "gadget.egg-info/PKG-INFO": "",
        "gadget.egg-info/entry_points.txt": "[console_scripts]\ngadget = gadget:main\n",
        "gadget.egg-info/top_level.txt": "gadget\n",
    }
    static = pkg_info_text("Summary: Parts", "Requires-Python: >=3.10", "Requires-Dist: gizmo; sys_platform == 'linux'")
    m = meta(tmp_path / "a", {**files, "PKG-INFO": static})
    assert [str(r) for r in m.dependencies] == ['gizmo; sys_platform == "linux"']
    assert (str(m.requires_python), m.console_scripts, m.import_names) == (">=3.10", ("gadget",), ("gadget",))
    # metadata 2.1 records one build's answer: setup.py must be evaluated, and cannot be
    with pytest.raises(MetadataError, match=r"setup.py:3: "):
        meta(tmp_path / "b", {**files, "PKG-INFO": pkg_info_text("Requires-Dist: gizmo", mv="2.1")})


def test_setup_py_branching_on_the_interpreter_beats_a_static_pkg_info(tmp_path: Path) -> None:
    """setuptools marked Requires-Dist static, but setup.py chooses by interpreter: per environment."""
    project = read_project(
        tree(
            tmp_path,
            {
                "setup.py": "import sys\nfrom setuptools import setup\nreqs = ['gizmo']\n"
                "if sys.version_info < (3, 11):\n    reqs.append('tomli')\n"
                "setup(name='gadget', version='5.0.2', packages=['gadget'], install_requires=reqs)\n",
                "gadget/__init__.py": "",
                "PKG-INFO": pkg_info_text("Requires-Dist: gizmo"),
            },
        ),
        Target(("3.10", "3.12"), ("x86_64-linux",)),
    )
    assert {env.python: [r.name for r in m.dependencies] for env, m in project.per_environment} == {
        "3.10": ["gizmo", "tomli"],
        "3.12": ["gizmo"],
    }


def test_pkg_info_of_another_project_is_ignored(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": HATCH + '[project]\nname = "gadget-examples"\nversion = "0.1"\ndependencies = ["gadget"]\n',
            "gadget_examples/__init__.py": "",
            "PKG-INFO": pkg_info_text("Requires-Dist: gizmo"),
        },
    )
    assert (m.version, [r.name for r in m.dependencies]) == ("0.1", ["gadget"])


def test_licence_files_are_identified(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        {
            "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\nlicense = {text = "BSD"}\n',
            "gadget/__init__.py": "",
            "LICENSE.txt": "Copyright (c) Gadget makers\n\nRedistribution and use in source and binary forms, with or without\n"
            "modification, are permitted provided that the following conditions are met:\n1. ...\n2. ...\n"
            "3. Neither the name of the copyright holder nor the names of its contributors may be used\n"
            "   to endorse or promote products derived from this software ...\n",
        },
    )
    assert (m.license_text, m.license_file_ids) == ("BSD", ("BSD-3-Clause",))


def test_tag_version_stands_in_for_a_setup_py_without_one(tmp_path: Path) -> None:
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='gadget', use_scm_version=True, packages=['gadget'])\n",
        "gadget/__init__.py": "",
    }
    assert meta(tmp_path, files, version_hint="5.0.2").version == "5.0.2"
    with pytest.raises(MetadataError, match="has no version"):
        meta(tmp_path, files)


def test_old_flit_project_is_a_project(tmp_path: Path) -> None:
    from nixpkgs_contrib.upstream.project import is_project

    t = tree(tmp_path, {"pyproject.toml": '[tool.flit.metadata]\nmodule = "gadget"\n', "gadget.py": ""})
    assert is_project(t)


def test_setup_requires_that_cannot_be_read_matters_only_without_build_system(tmp_path: Path) -> None:
    setup = (
        "import os\nfrom setuptools import setup\n"
        "setup(name='gadget', version='1', packages=['gadget'], setup_requires=[os.environ.get('NIX_CY', 'cython')])\n"
    )
    with pytest.raises(MetadataError, match="NIX_CY"):
        meta(tmp_path / "a", {"setup.py": setup, "gadget/__init__.py": ""})
    m = meta(tmp_path / "b", {"setup.py": setup, "gadget/__init__.py": "", "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n'})
    assert [r.name for r in m.build_requires] == ["setuptools"]
    # chosen between two known lists by the unknown: what either asks for (setup.py policy rule 7)
    chosen = setup.replace("[os.environ.get('NIX_CY', 'cython')]", "['cython'] if os.environ.get('NIX_CY') else []")
    m = meta(tmp_path / "c", {"setup.py": chosen, "gadget/__init__.py": ""})
    assert [r.name for r in m.build_requires] == ["setuptools", "cython"]


def test_the_projects_own_licence_file_comes_before_bundled_ones(tmp_path: Path) -> None:
    bsd2 = (
        "Redistribution and use in source and binary forms, with or without modification, are permitted\n"
        "provided that the following conditions are met: 1. ... 2. ...\n"
    )
    bsd3 = bsd2 + "3. Neither the name of the vendor nor ... may be used to endorse or promote products ...\n"
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\nlicense = {text = "BSD"}\n',
        "gadget/__init__.py": "",
        "LICENSE-vendored.txt": "bundled code:\n" + bsd3,
    }
    assert meta(tmp_path / "a", files).license_file_ids == ("BSD-3-Clause",)
    assert meta(tmp_path / "b", {**files, "LICENSE": bsd2}).license_file_ids == ("BSD-2-Clause",)


def test_a_gnu_notice_in_the_licence_file_or_the_package_header_says_or_later(tmp_path: Path) -> None:
    lgpl_text = "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n... the GNU Lesser General Public License, version 3 ...\n"
    notice = (
        "gadget is free software: you can redistribute it and/or modify it under the terms of the GNU\n"
        "Lesser General Public License as published by the Free Software Foundation, either version 3\n"
        "of the License, or (at your option) any later version.\n"
    )
    boxed = "".join(f"# {line:<70} #\n" for line in notice.splitlines())
    base = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\n'
        'classifiers = ["License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)"]\n',
        "COPYING.LESSER": lgpl_text,
    }
    # the bare text leaves "or later" open: the id stays versioned only
    assert meta(tmp_path / "a", {**base, "gadget/__init__.py": ""}).license_file_ids == ("LGPL-3.0",)
    # the notice at the top of the package (every module carries it), or in the LICENSE file
    m = meta(tmp_path / "b", {**base, "gadget/__init__.py": boxed + "VERSION = 1\n"})
    assert m.license_file_ids == ("LGPL-3.0-or-later",)
    m = meta(tmp_path / "c", {**base, "gadget/__init__.py": "", "LICENSE": "gadget and the LGPL\n\n" + notice})
    assert m.license_file_ids == ("LGPL-3.0-or-later",)
    # a vendored copy's notice is not the project's
    assert meta(tmp_path / "d", {**base, "gadget/__init__.py": "", "vendor/__init__.py": boxed}).license_file_ids == ("LGPL-3.0",)


#: a BSD licence written out as a module header, in our words, with the clauses that make each variant
BSD_CLAUSES = (
    "Copyright the gadget makers.\nRedistribution and use in source and binary forms, with or without modification,\n"
    "are permitted provided that: redistributions of source code must retain this notice; redistributions\n"
    "in binary form must reproduce it in the documentation.\n{endorse}"
    'This software is provided "as is", and the makers are not liable even if advised of the possibility of such damage.\n'
)
BSD3_HEADER = "".join(f"# {line}\n" for line in BSD_CLAUSES.format(endorse="Neither the name of the makers may be used to endorse or promote products derived from this software.\n").splitlines())
BSD2_HEADER = "".join(f"# {line}\n" for line in BSD_CLAUSES.format(endorse="").splitlines())


@pytest.mark.parametrize(
    ("extra", "ids"),
    [
        # the clauses in the headers of the package's modules (ply), or of a top-level module (pynvml)
        ({"gadget/lex.py": BSD3_HEADER + "import re\n", "gadget/yacc.py": BSD3_HEADER}, ("BSD-3-Clause",)),
        ({"gadget_ml.py": '"""Bindings."""\n' + BSD2_HEADER + "import ctypes\n"}, ("BSD-2-Clause",)),
        ({"src/gadget/parser.py": "# Use of this file is governed by the BSD 3-clause license in LICENSE.txt.\n"}, ("BSD-3-Clause",)),
        # headers that disagree: both are kept, and the planner refuses
        ({"gadget/lex.py": BSD3_HEADER, "gadget/yacc.py": BSD2_HEADER}, ("BSD-2-Clause", "BSD-3-Clause")),
        # a header that says only "BSD", or a licence quoted below the first statement, says nothing
        ({"gadget/lex.py": "# Part of gadget, under the BSD license.\nimport re\n"}, ()),
        ({"gadget/lex.py": "import re\n" + BSD3_HEADER}, ()),
        # vendored code and tests are not the project's
        ({"gadget/_vendor/six.py": BSD3_HEADER, "tests/test_lex.py": BSD2_HEADER, "docs/conf.py": BSD2_HEADER}, ()),
    ],
)
def test_bsd_licence_in_source_headers_without_a_licence_file(tmp_path: Path, extra: dict[str, str], ids: tuple[str, ...]) -> None:
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\nlicense = {text = "BSD"}\n',
        "gadget/__init__.py": "",
        **extra,
    }
    if any(f.startswith("src/") for f in extra):
        files["src/gadget/__init__.py"] = files.pop("gadget/__init__.py")
    m = meta(tmp_path, files)
    assert (m.license_file_ids, m.license_header_ids) == ((), ids)


def test_headers_are_not_asked_when_a_licence_file_holds_a_text(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\nlicense = {text = "BSD"}\n',
        "gadget/__init__.py": "",
        "gadget/lex.py": BSD3_HEADER,
        "LICENSE": "Permission is hereby granted, free of charge, to any person obtaining a copy",
    }
    m = meta(tmp_path, files)
    assert (m.license_file_ids, m.license_header_ids) == (("MIT-0",), ())


def test_bsd_licence_written_out_in_the_readme(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": HATCH + '[project]\nname = "gadget"\nversion = "1"\nlicense = {text = "BSD"}\n',
        "gadget/__init__.py": "",
        "README.md": "# Gadget\n\nUses widget (under the BSD 2-Clause License).\n\n## Licence\n\n" + BSD_CLAUSES.format(endorse="Neither the name of the makers may be used to endorse or promote products derived from this software.\n"),
    }
    assert meta(tmp_path, files).license_header_ids == ("BSD-3-Clause",)
