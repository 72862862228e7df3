"""Import names from what each backend puts in the wheel (upstream/layout.py, wheel_files.py,
module_imports.py) and the pythonImportsCheck / pythonNamespaces decisions made from them.

Every project here is written for the test; each reproduces the shape of a class seen in real
sdists (named in the test), not the real project's files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nixpkgs_contrib.errors import MetadataError
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import Metadata
from nixpkgs_contrib.plan import imports_check_for, python_namespaces_for
from nixpkgs_contrib.upstream import module_imports, wheel_files
from nixpkgs_contrib.upstream.layout import WheelLayout, import_facts
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import DirectoryTree

TARGET = Target(("3.12",), ("x86_64-linux",))


def tree(tmp_path: Path, files: dict[str, str]) -> DirectoryTree:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return DirectoryTree(tmp_path)


def project(tmp_path: Path, files: dict[str, str]):
    return read_project(tree(tmp_path, files), TARGET)


def names(tmp_path: Path, files: dict[str, str]) -> tuple[str, ...]:
    return project(tmp_path, files).metadata.import_names


def checked(tmp_path: Path, files: dict[str, str]) -> tuple[str, ...]:
    return imports_check_for(project(tmp_path, files))


def backend(requires: str, build_backend: str, name: str = "acme", extra: str = "") -> str:
    return (
        f'[build-system]\nrequires = ["{requires}"]\nbuild-backend = "{build_backend}"\n'
        f'[project]\nname = "{name}"\nversion = "1.0"\n{extra}'
    )


SETUPTOOLS = "setuptools", "setuptools.build_meta"
HATCH = "hatchling", "hatchling.build"
PDM = "pdm-backend", "pdm.backend"
FLIT = "flit_core", "flit_core.buildapi"
POETRY = "poetry-core", "poetry.core.masonry.api"
UV = "uv_build", "uv_build"
MATURIN = "maturin", "maturin"
MESON = "meson-python", "mesonpy"


# --------------------------------------------------------------------------------------------------
# what each backend puts in the wheel


def test_pdm_source_includes_stay_out_of_the_wheel(tmp_path: Path) -> None:
    """fastapi/typer/sqlmodel: docs_src/ (a package) and pdm_build.py ship in the sdist only."""
    files = {
        "pyproject.toml": backend(*PDM, "webby") + '[tool.pdm.build]\nsource-includes = ["tests/", "docs_src/", "scripts/"]\n',
        "webby/__init__.py": "",
        "webby/routing.py": "",
        "docs_src/__init__.py": "",
        "docs_src/tutorial001/__init__.py": "",
        "docs_src/tutorial001/main.py": "",
        "scripts/__init__.py": "",
        "pdm_build.py": "",
        "tests/__init__.py": "",
    }
    assert names(tmp_path, files) == ("webby",)


def test_pdm_includes_excludes_and_package_dir(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*PDM, "pdmx") + '[tool.pdm.build]\npackage-dir = "lib"\nincludes = ["lib/pdmx", "lib/pdmx_extra.py"]\nexcludes = ["lib/pdmx/vendored"]\n',
        "lib/pdmx/__init__.py": "",
        "lib/pdmx/vendored/__init__.py": "",
        "lib/pdmx_extra.py": "",
        "lib/unlisted/__init__.py": "",
    }
    t = tree(tmp_path, files)
    wheel = wheel_files.pdm(t, {"package-dir": "lib", "includes": ["lib/pdmx", "lib/pdmx_extra.py"], "excludes": ["lib/pdmx/vendored"]})
    assert sorted(wheel.sources) == ["pdmx/__init__.py", "pdmx_extra.py"]
    assert read_project(t, TARGET).metadata.import_names == ("pdmx", "pdmx_extra")


def test_hatch_wheel_packages(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*HATCH, "hatchy") + '[tool.hatch.build.targets.wheel]\npackages = ["src/hatchy"]\n',
        "src/hatchy/__init__.py": "",
        "src/helpers/__init__.py": "",
        "docs_src/example.py": "",
    }
    assert names(tmp_path, files) == ("hatchy",)


def test_hatch_only_include_sources_exclude_and_force_include(tmp_path: Path) -> None:
    """black's shape: only-include = ["src"] with sources = ["src"] ships everything in src/."""
    files = {
        "pyproject.toml": backend(*HATCH, "blk")
        + '[tool.hatch.build.targets.wheel]\nonly-include = ["src"]\nsources = ["src"]\nexclude = ["src/blk_dev"]\n'
        '[tool.hatch.build.targets.wheel.force-include]\n"tools/plugin.py" = "blk_plugin.py"\n',
        "src/blk/__init__.py": "",
        "src/blkd/__init__.py": "",
        "src/_blk_version.py": "",
        "src/blk_dev/__init__.py": "",
        "tools/plugin.py": "",
    }
    assert names(tmp_path, files) == ("_blk_version", "blk", "blk_plugin", "blkd")
    assert checked(tmp_path, files) == ("blk", "blk_plugin", "blkd")


def test_hatch_include_patterns_and_hatch_toml(tmp_path: Path) -> None:
    """dbt-core keeps its wheel settings in hatch.toml, which replaces [tool.hatch]."""
    files = {
        "pyproject.toml": backend(*HATCH, "dbtish") + '[tool.hatch.build.targets.wheel]\npackages = ["wrong"]\n',
        "hatch.toml": '[build.targets.wheel]\ninclude = ["/dbtish", "/*.py"]\nexclude = ["conftest.py", "/dbtish/tests/"]\n',
        "dbtish/__init__.py": "",
        "dbtish/tests/__init__.py": "",
        "conftest.py": "",
        "wrong/__init__.py": "",
    }
    assert names(tmp_path, files) == ("dbtish",)


def test_hatch_default_selection_finds_a_namespace_package(tmp_path: Path) -> None:
    """hatch's heuristic: <anything>/<name>/__init__.py puts the namespace directory in the wheel."""
    files = {"pyproject.toml": backend(*HATCH, "locky"), "flufl/locky/__init__.py": "", "docs/conf.py": ""}
    facts = project(tmp_path, files).metadata
    assert facts.import_names == ("flufl.locky",)
    assert facts.legacy_namespaces == ()  # a native (PEP 420) namespace needs no pythonNamespaces


META = '[tool.hatch.build.targets.wheel]\nbypass-selection = true\n'


@pytest.mark.parametrize(
    "wheel",
    [
        META,  # hatchling finds no package and bypass-selection lets it build an empty wheel
        META + 'only-include = []\nexclude = ["/*"]\n',  # fastmcp: everything excluded on purpose
        # a dummy that only requires the real distribution: hatchling wants a file, so the
        # selection names one that is not Python
        '[tool.hatch.build]\ninclude = ["README.md"]\n',
    ],
)
def test_a_meta_package_is_read_with_no_import_names(tmp_path: Path, wheel: str) -> None:
    """fastmcp 4.x: a hatch project whose wheel holds only metadata (it depends on fastmcp-slim,
    which ships the modules).  nixpkgs packages such meta-packages (jupyter) without an import
    check; a reviewer sees why in the doCheck comment."""
    files = {
        "pyproject.toml": backend(*HATCH, "suite", extra='dependencies = ["suite-core==1"]\n') + wheel,
        "suite_core/__init__.py": "",  # the workspace member beside it, not in this wheel
        "README.md": "",
    }
    meta = project(tmp_path, files).metadata
    assert meta.meta_package and meta.import_names == () and [str(r) for r in meta.dependencies] == ["suite-core==1"]


@pytest.mark.parametrize(
    "wheel",
    [
        "",  # no bypass-selection: hatchling refuses to build, we refuse to guess
        '[tool.hatch.build.targets.wheel]\nexclude = ["/*"]\n',  # empty, but not said to be on purpose
        META + "[tool.hatch.build.targets.wheel.hooks.custom]\n",  # a build hook may add the files
        META.replace("targets.wheel", "targets.sdist"),  # the sdist's setting, not the wheel's
        '[tool.hatch.build]\ninclude = ["README.md"]\n[tool.hatch.build.hooks.custom]\n',  # a hook may add modules
        # the selection matches nothing: the sources it names are missing (an sdist whose
        # hatch ``sources`` rewrote the paths it selects), not absent on purpose
        '[tool.hatch.build]\nsources = ["src"]\ninclude = ["src"]\n',
    ],
)
def test_finding_no_module_is_not_a_meta_package(tmp_path: Path, wheel: str) -> None:
    files = {"pyproject.toml": backend(*HATCH, "suite") + wheel, "README.md": "", "hatch_build.py": ""}
    with pytest.raises(MetadataError, match="would install no importable module"):
        project(tmp_path, files)


@pytest.mark.parametrize(("toml", "meta_package"), [("packages = []", True), ('packages = []\npy-modules = ["suite"]', False)])
def test_setuptools_packages_written_empty_is_a_meta_package(tmp_path: Path, toml: str, meta_package: bool) -> None:
    """A distribution that now only requires its parts (``[tool.setuptools] packages = []``, no
    module, no extension): setuptools ships no module, by the configuration."""
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "suite", extra='dependencies = ["suite-core>=2"]\n')
        + f"[tool.setuptools]\n{toml}\n",
        "suite.py": "",
        "README.md": "",
    }
    meta = project(tmp_path, files).metadata
    assert meta.meta_package is meta_package
    assert meta.import_names == (() if meta_package else ("suite",))


def test_bypass_selection_still_ships_what_hatch_selects(tmp_path: Path) -> None:
    files = {"pyproject.toml": backend(*HATCH, "suite") + META, "suite/__init__.py": ""}
    assert names(tmp_path, files) == ("suite",)


def test_setuptools_find_exclude_in_setup_cfg(tmp_path: Path) -> None:
    files = {
        "setup.cfg": "[metadata]\nname = cfgpkg\nversion = 1\n[options]\npackages = find:\n"
        "[options.packages.find]\nexclude =\n    docs_src*\n    tests*\n",
        "setup.py": "from setuptools import setup\nsetup()\n",
        "cfgpkg/__init__.py": "",
        "docs_src/__init__.py": "",
        "tests/__init__.py": "",
    }
    assert names(tmp_path, files) == ("cfgpkg",)


def test_setuptools_find_in_pyproject_with_where_and_exclude(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "tomlpkg")
        + '[tool.setuptools.packages.find]\nwhere = ["lib"]\nexclude = ["examples*"]\n',
        "lib/tomlpkg/__init__.py": "",
        "lib/examples/__init__.py": "",
        "docs/conf.py": "",
    }
    assert names(tmp_path, files) == ("tomlpkg",)


def test_setuptools_packages_package_dir_and_py_modules(tmp_path: Path) -> None:
    """pycryptodome's shape: package_dir maps the package to lib/; other top-level folders stay out."""
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='crypty', version='1', packages=['Cryp', 'Cryp.Hash'],"
        " package_dir={'Cryp': 'lib/Cryp'}, py_modules=['cryp_compat'])\n",
        "lib/Cryp/__init__.py": "",
        "lib/Cryp/Hash/__init__.py": "",
        "cryp_compat.py": "",
        "compiler_opt.py": "",
        "Doc/conf.py": "",
    }
    assert names(tmp_path, files) == ("Cryp", "cryp_compat")


def test_setuptools_discovery_src_and_flat_layouts(tmp_path: Path) -> None:
    src = {"pyproject.toml": backend(*SETUPTOOLS, "real"), "src/real/__init__.py": "", "tests/test_x.py": "", "docs/conf.py": ""}
    assert names(tmp_path / "src", src) == ("real",)
    flat = {"pyproject.toml": backend(*SETUPTOOLS, "mod"), "mod.py": "", "conftest.py": "", "noxfile.py": "", "tests/test_a.py": ""}
    assert names(tmp_path / "flat", flat) == ("mod",)


def test_flit_module_in_a_namespace(tmp_path: Path) -> None:
    """sphinxcontrib-applehelp: [tool.flit.module] name = "sphinxcontrib.applehelp"."""
    files = {
        "pyproject.toml": backend(*FLIT, "sphinxish-help", 'description = "d"\n') + '[tool.flit.module]\nname = "sphinxish.help"\n',
        "sphinxish/help/__init__.py": "",
        "sphinxish/help/builder.py": "",
        "tests/test_help.py": "",
    }
    assert names(tmp_path, files) == ("sphinxish.help",)


def test_poetry_packages_from_src_and_sdist_only_packages(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
        '[tool.poetry]\nname = "poet"\nversion = "1.0"\ndescription = "d"\nauthors = ["a"]\n'
        'packages = [{ include = "poet", from = "src" }, { include = "poet_docs", format = "sdist" }]\n'
        '[tool.poetry.dependencies]\npython = "^3.10"\n',
        "src/poet/__init__.py": "",
        "poet_docs/__init__.py": "",
    }
    assert names(tmp_path, files) == ("poet",)


def test_uv_build_module_name_and_root(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*UV, "canvas-readers") + '[tool.uv.build-backend]\nmodule-name = "canvas.readers"\nmodule-root = "python"\n',
        "python/canvas/readers/__init__.py": "",
        "python/canvas/readers/_impl.py": "",
        "src/canvas_readers/__init__.py": "",
    }
    assert names(tmp_path, files) == ("canvas.readers",)


def test_maturin_module_name_in_a_mixed_project(tmp_path: Path) -> None:
    """pendulum: module-name = "pendulum._pendulum", the Python package below src/."""
    files = {
        "pyproject.toml": backend(*MATURIN, "tempus") + '[tool.maturin]\nmodule-name = "tempus._tempus"\n',
        "rust/Cargo.toml": '[package]\nname = "tempus"\nversion = "1.0.0"\n',
        "src/tempus/__init__.py": "",
        "src/tempus/_tempus.pyi": "",
    }
    m = project(tmp_path, files).metadata
    assert m.import_names == ("tempus",)
    wheel = wheel_files.maturin(tree(tmp_path, {}), {"module-name": "tempus._tempus"}, "tempus")
    assert wheel.extensions == ("tempus._tempus",)


def test_maturin_pure_rust_module_from_the_cargo_lib_name(tmp_path: Path) -> None:
    """rpds-py: no Python package; the module is Cargo.toml's [lib] name."""
    files = {
        "pyproject.toml": backend(*MATURIN, "rpds-like"),
        "Cargo.toml": '[package]\nname = "rpds-like-py"\nversion = "1.0.0"\n[lib]\nname = "rpdsl"\ncrate-type = ["cdylib"]\n',
        "src/lib.rs": "",
    }
    assert names(tmp_path, files) == ("rpdsl",)
    no_lib = tree(tmp_path / "nolib", {"Cargo.toml": '[package]\nname = "fast-thing"\nversion = "1.0.0"\n'})
    assert wheel_files.cargo_module_name(no_lib) == "fast_thing"


def test_maturin_binary_bindings_ship_only_the_python_package(tmp_path: Path) -> None:
    """ruff/uv: bindings = "bin" with python-source = "python"."""
    files = {
        "pyproject.toml": backend(*MATURIN, "linty") + '[tool.maturin]\nbindings = "bin"\npython-source = "python"\nmodule-name = "linty"\n',
        "python/linty/__init__.py": "",
        "python/linty/__main__.py": "",
        "Cargo.toml": '[package]\nname = "linty"\nversion = "1.0.0"\n',
    }
    t = tree(tmp_path, files)
    assert read_project(t, TARGET).metadata.import_names == ("linty",)
    assert wheel_files.maturin(t, {"bindings": "bin", "python-source": "python", "module-name": "linty"}, "linty").extensions == ()


def test_package_of_compiled_extensions_only(tmp_path: Path) -> None:
    """librt: the package directory holds only .pyi stubs; its modules are Extension(...)s."""
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "rtlib") + '[tool.setuptools.packages.find]\ninclude = ["rtlib"]\n',
        "setup.py": "import sys\nfrom setuptools import Extension, setup\n"
        "if '--capi-tests' in sys.argv:\n    setup(ext_modules=[Extension('test_capi', ['t.cc'])])\n"
        "else:\n    setup(ext_modules=[Extension('rtlib.strings', ['s.c']), Extension('rtlib.internal', ['i.c'])])\n",
        "rtlib/__init__.pyi": "",
        "rtlib/strings.pyi": "",
        "strings/s.c": "",
    }
    assert names(tmp_path, files) == ("rtlib.internal", "rtlib.strings")


def test_single_extension_module_at_the_top(tmp_path: Path) -> None:
    files = {
        "setup.py": "from setuptools import setup, Extension\nsetup(name='murmur', version='1', ext_modules=[Extension('murmur', ['m.c'])])\n",
        "m.c": "",
        "tests/test_m.py": "",
    }
    assert names(tmp_path, files) == ("murmur",)


def test_meson_extension_modules_and_install_sources(tmp_path: Path) -> None:
    """Only meson.build files reached through subdir() count: a test's own meson.build does not."""
    files = {
        "pyproject.toml": backend(*MESON, "plotz"),
        "meson.build": "project('plotz', 'c')\npy = import('python').find_installation()\nsubdir('lib/plotz')\n",
        "lib/plotz/meson.build": "py.install_sources(['__init__.py'], subdir: 'plotz')\n"
        "py.extension_module('_fast', 'fast.c', install: true, subdir: 'plotz')  # compiled\n",
        "lib/plotz/__init__.py": "",
        "lib/plotz/tests/examples/meson.build": "py.extension_module('checks', 'checks.c')\n",
        "ci/schemas/vendor.py": "",
    }
    t = tree(tmp_path, files)
    assert wheel_files.meson(t).extensions == ("plotz._fast",)
    assert read_project(t, TARGET).metadata.import_names == ("plotz",)


def test_stub_only_package(tmp_path: Path) -> None:
    """types-*: nothing but <name>-stubs/*.pyi; nixpkgs checks the stubs directory by name."""
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "types-fancy") + '[tool.setuptools]\npackages = ["fancy-stubs"]\n',
        "fancy-stubs/__init__.pyi": "",
        "fancy-stubs/sub/__init__.pyi": "",
    }
    assert names(tmp_path, files) == ("fancy-stubs",)


def test_stub_only_package_found_by_discovery(tmp_path: Path) -> None:
    """botocore-stubs / types-awscrt: no packages declared (or find:), setuptools finds *-stubs."""
    flat = {"pyproject.toml": backend(*SETUPTOOLS, "botox-stubs"), "botox-stubs/__init__.pyi": "", "botox-stubs/client.pyi": ""}
    assert names(tmp_path / "flat", flat) == ("botox-stubs",)
    find = {
        "pyproject.toml": backend(*SETUPTOOLS, "types-crt") + '[tool.setuptools.packages.find]\nexclude = ["build*"]\n',
        "crt-stubs/__init__.pyi": "",
        "crt-stubs/aio/__init__.pyi": "",
    }
    assert names(tmp_path / "find", find) == ("crt-stubs",)


def test_stub_only_package_found_with_package_dir_dot(tmp_path: Path) -> None:
    """boto3-stubs: ``[tool.setuptools.package-dir] "" = "."`` and no packages: setuptools'
    src-layout rule applied to the root finds every directory, ``*-stubs`` included."""
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "botox-stubs") + '[tool.setuptools.package-dir]\n"" = "."\n',
        "botox-stubs/__init__.pyi": "",
        "botox-stubs/s3/__init__.pyi": "",
        "botox-stubs/py.typed": "",
    }
    assert names(tmp_path, files) == ("botox-stubs",)


def test_a_wheel_without_modules_is_refused_with_the_reason(tmp_path: Path) -> None:
    """asyncio 4.0.0 on PyPI: a deprecated placeholder whose wheel installs nothing."""
    files = {"pyproject.toml": backend(*SETUPTOOLS, "placeholder") + "[tool.setuptools]\npackages = []\n", "README.md": ""}
    with pytest.raises(MetadataError, match="would install no importable module"):
        project(tmp_path, files)


def test_pep_794_import_names_are_used_as_written(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*HATCH, "locky", 'import-names = ["locky", "_locky_speedups; private"]\n'),
        "locky/__init__.py": "",
        "tools/gen.py": "",
    }
    assert names(tmp_path, files) == ("locky",)


# --------------------------------------------------------------------------------------------------
# namespace packages


def test_namespace_distribution_named_like_its_namespace_package(tmp_path: Path) -> None:
    """opentelemetry-sdk: opentelemetry/sdk has no __init__.py and many subpackages: check the
    distribution's own package, not each subpackage (nor the private ones)."""
    files = {
        "pyproject.toml": backend(*HATCH, "telem-sdk") + '[tool.hatch.build.targets.wheel]\npackages = ["src/telem"]\n',
        "src/telem/sdk/__init__.pyi": "",
        "src/telem/sdk/trace/__init__.py": "",
        "src/telem/sdk/metrics/__init__.py": "",
        "src/telem/sdk/_configuration/__init__.py": "",
    }
    assert names(tmp_path, files) == ("telem.sdk",)


def test_namespace_distribution_with_many_own_subpackages_checks_the_namespace(tmp_path: Path) -> None:
    """opentelemetry-api: 14 subpackages directly in the namespace: nixpkgs checks the root."""
    files = {"pyproject.toml": backend(*HATCH, "telem-api") + '[tool.hatch.build.targets.wheel]\npackages = ["src/telem"]\n'}
    files |= {f"src/telem/{p}/__init__.py": "" for p in ("trace", "metrics", "context", "baggage", "_logs")}
    assert names(tmp_path, files) == ("telem",)


def test_namespace_units_named_like_the_distribution(tmp_path: Path) -> None:
    """google-cloud-secret-manager: secretmanager and its versioned siblings, not the others."""
    files = {
        "setup.py": "from setuptools import setup, find_namespace_packages\n"
        "setup(name='gcloud-secret-manager', version='1', packages=find_namespace_packages(include=['gcloud*']))\n",
        "gcloud/secretmanager/__init__.py": "",
        "gcloud/secretmanager_v1/__init__.py": "",
        "gcloud/_secretmanager_private/__init__.py": "",
    }
    assert names(tmp_path, files) == ("gcloud._secretmanager_private", "gcloud.secretmanager", "gcloud.secretmanager_v1")
    assert checked(tmp_path, files) == ("gcloud.secretmanager", "gcloud.secretmanager_v1")


def test_pkgutil_namespaces_set_python_namespaces(tmp_path: Path) -> None:
    """azure-mgmt-*: azure/ and azure/mgmt/ carry pkgutil __init__.py files that setup.py excludes;
    nixpkgs writes pythonNamespaces = [ "azure.mgmt" ] and checks the distribution's package."""
    decl = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
    files = {
        "setup.py": "from setuptools import setup, find_packages\n"
        "setup(name='cloud-mgmt-network', version='1', packages=find_packages(exclude=['tests', 'cloud', 'cloud.mgmt']))\n",
        "cloud/__init__.py": decl,
        "cloud/mgmt/__init__.py": decl,
        "cloud/mgmt/network/__init__.py": "from .client import Client\n",
        "cloud/mgmt/network/client.py": "",
        "tests/__init__.py": "",
    }
    p = project(tmp_path, files)
    assert p.metadata.import_names == ("cloud.mgmt.network",)
    assert p.metadata.legacy_namespaces == ("cloud", "cloud.mgmt")
    assert python_namespaces_for(p.metadata) == ("cloud.mgmt",)


def test_pkg_resources_namespace_installed_by_the_wheel(tmp_path: Path) -> None:
    """zope.*: src/zope/__init__.py declares the namespace and is a listed package."""
    files = {
        "setup.py": "from setuptools import setup, find_packages\nsetup(name='zope.thing', version='1', "
        "package_dir={'': 'src'}, packages=find_packages('src'), namespace_packages=['zope'])\n",
        "src/zope/__init__.py": "__import__('pkg_resources').declare_namespace(__name__)  # pragma: no cover\n",
        "src/zope/thing/__init__.py": "",
    }
    p = project(tmp_path, files)
    assert p.metadata.import_names == ("zope.thing",)
    assert python_namespaces_for(p.metadata) == ("zope",)


def test_init_that_extends_its_path_but_has_code_is_a_regular_package(tmp_path: Path) -> None:
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='pathy', version='1', packages=['pathy'])\n",
        "pathy/__init__.py": "from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\ndef main():\n    pass\n",
    }
    p = project(tmp_path, files)
    assert (p.metadata.import_names, p.metadata.legacy_namespaces) == (("pathy",), ())


# --------------------------------------------------------------------------------------------------
# modules that need an extra, private modules


BLACKISH = {
    "pyproject.toml": backend(
        *HATCH, "blackish",
        'dependencies = ["click>=8"]\n[project.optional-dependencies]\nd = ["aiohttp>=3.10", "aiohttp-cors"]\n'
        'jupyter = ["tokenize-rt"]\n',
    )
    + '[tool.hatch.build.targets.wheel]\nonly-include = ["src"]\nsources = ["src"]\n',
    "src/blackish/__init__.py": "import click\nfrom blackish.mode import Mode\n",
    "src/blackish/mode.py": "import enum\n",
    "src/blackish/notebook.py": "try:\n    import tokenize_rt\nexcept ImportError:\n    tokenize_rt = None\n",
    "src/blackishd/__init__.py": "import asyncio\ntry:\n    from aiohttp import web\nexcept ImportError as exc:\n"
    "    raise ImportError('install blackish[d]') from exc\nimport blackish\n",
    "src/_blackish_version.py": "version = '1.0'\n",
}


def test_module_that_needs_an_extra_is_not_import_checked(tmp_path: Path) -> None:
    """black: blackd needs aiohttp from the d extra (the try/except re-raises, so it is required)."""
    p = project(tmp_path, BLACKISH)
    assert p.metadata.import_names == ("_blackish_version", "blackish", "blackishd")
    assert dict(p.metadata.module_imports)["blackishd"] == ("aiohttp", "asyncio", "click")
    assert imports_check_for(p) == ("blackish",)


def test_extra_imported_inside_a_submodule_one_level_down(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": backend(*HATCH, "srv", '[project.optional-dependencies]\nweb = ["aiohttp"]\n'),
        "srv/__init__.py": "from .app import make_app\n",
        "srv/app.py": "from aiohttp import web\n",
    }
    p = project(tmp_path, files)
    assert dict(p.metadata.module_imports)["srv"] == ("aiohttp",)
    assert imports_check_for(p) == ("srv",)  # the only module: kept, its failure names aiohttp


def test_vendored_copies_satisfy_imports_and_are_no_namespaces(tmp_path: Path) -> None:
    """setuptools: imports packaging, which only its "core" extra names, from setuptools/_vendor;
    its vendored backports/__init__.py extends __path__ but is not a namespace of the project."""
    decl = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
    files = {
        "pyproject.toml": backend(*SETUPTOOLS, "toolsy", '[project.optional-dependencies]\ncore = ["packaging>=24"]\n')
        + '[tool.setuptools.packages.find]\ninclude = ["toolsy*", "_toolsy_hack*"]\n',  # toolsy* takes toolsy_cli too
        "toolsy/__init__.py": "import packaging.version\n",
        "toolsy/_vendor/packaging/__init__.py": "",
        "toolsy/_vendor/backports/__init__.py": decl,
        "_toolsy_hack/__init__.py": "",
        "toolsy_cli/__init__.py": "",
    }
    p = project(tmp_path, files)
    assert imports_check_for(p) == ("toolsy", "toolsy_cli")
    assert python_namespaces_for(p.metadata) == ()


def test_module_kept_when_unsure_which_distribution_it_imports(tmp_path: Path) -> None:
    """pyyaml provides yaml: that is not an obvious form of the name, so the module stays checked."""
    files = {
        "pyproject.toml": backend(*HATCH, "cfgy", '[project.optional-dependencies]\nyaml = ["PyYAML"]\n'),
        "cfgy/__init__.py": "",
        "cfgy_yaml/__init__.py": "import yaml\n",
        "hatch.toml": '[build.targets.wheel]\npackages = ["cfgy", "cfgy_yaml"]\n',
    }
    assert checked(tmp_path, files) == ("cfgy", "cfgy_yaml")


def test_private_modules_are_listed_only_when_nothing_public_exists(tmp_path: Path) -> None:
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='yamlish', version='1', packages=['yamlish', '_yamlish'])\n",
        "yamlish/__init__.py": "",
        "_yamlish/__init__.py": "",
    }
    assert checked(tmp_path, files) == ("yamlish",)
    only_private = {"setup.py": "from setuptools import setup\nsetup(name='p', version='1', packages=['_p'])\n", "_p/__init__.py": ""}
    assert checked(tmp_path / "p", only_private) == ("_p",)


def test_extra_imports_from_the_command_line_are_appended(tmp_path: Path) -> None:
    p = project(tmp_path, BLACKISH)
    assert imports_check_for(p, ("blackish.mode",)) == ("blackish", "blackish.mode")


# --------------------------------------------------------------------------------------------------
# the static facts themselves


def _imports(text: str, name: str = "pkg", is_package: bool = True) -> tuple[str, ...]:
    return module_imports.unconditional_imports(ast.parse(text), name, is_package=is_package)


def test_unconditional_imports() -> None:
    text = (
        "import os, a.b\nfrom . import sibling\nfrom .sub.mod import thing\nfrom ..up import x\n"
        "if TYPE_CHECKING:\n    import typing_only\n"
        "try:\n    import fast\nexcept ImportError:\n    fast = None\n"
        "try:\n    import needed\nexcept (ImportError, KeyError):\n    raise\n"
        "try:\n    import other\nexcept KeyError:\n    pass\n"
        "with suppress(Exception):\n    import inside_with\n"
        "def f():\n    import lazy\n"
    )
    assert _imports(text, "pkg.inner") == (
        "os", "a.b", "pkg.inner", "pkg.inner.sibling", "pkg.inner.sub.mod", "pkg.inner.sub.mod.thing", "pkg.up", "pkg.up.x",
        "needed", "other", "inside_with",
    )  # fmt: skip
    assert _imports("from . import x\n", "pkg.mod", is_package=False) == ("pkg", "pkg.x")


def test_only_the_header_of_a_module_is_read_for_imports() -> None:
    text = '"""Doc."""\nimport first\n\n\n@decorated\ndef f():\n    pass\n\nimport late\n'
    module = module_imports.parse_header(text)
    assert module_imports.unconditional_imports(module, "m", is_package=False) == ("first",)
    broken_cut = 'X = """\n@not_a_decorator\n"""\nimport seen\n'
    module = module_imports.parse_header(broken_cut)  # the cut falls inside a string: whole module
    assert module_imports.unconditional_imports(module, "m", is_package=False) == ("seen",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n", True),
        ("try:\n    __import__('pkg_resources').declare_namespace(__name__)\nexcept ImportError:\n"
         "    from pkgutil import extend_path\n    __path__ = extend_path(__path__, __name__)\n", True),
        ('"""Namespace."""\nfrom pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n', True),
        ("from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\nVERSION = 1\n", False),
        ("", False),
    ],
)
def test_namespace_declarations(text: str, expected: bool) -> None:
    assert module_imports.is_namespace_declaration(ast.parse(text)) is expected


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (["docs"], "docs/index.py", True),
        (["docs"], "pkg/docs/x.py", True),
        (["/docs"], "pkg/docs/x.py", False),
        (["*.md"], "a/b/README.md", True),
        (["pkg/tests/"], "pkg/tests/t.py", True),
        (["pkg/tests/"], "pkg/tests", False),
        (["**/fixtures"], "a/b/fixtures/f.py", True),
        (["src/**/gen_*.py"], "src/a/b/gen_x.py", True),
        (["*.py", "!keep.py"], "keep.py", False),
    ],
)
def test_gitignore_patterns(patterns: list[str], path: str, expected: bool) -> None:
    assert wheel_files.gitignore_match(patterns, path) is expected


def test_layout_knows_what_it_installs() -> None:
    wheel = WheelLayout({"ns/pkg/__init__.py": "src/ns/pkg/__init__.py", "ns/pkg/mod.py": "src/ns/pkg/mod.py"}, ["ns.pkg._ext"])
    assert wheel.top_level() == ("ns",)
    assert all(wheel.installs(m) for m in ("ns", "ns.pkg", "ns.pkg.mod", "ns.pkg._ext"))
    assert not wheel.installs("ns.other")


def test_facts_for_an_empty_layout_are_empty(tmp_path: Path) -> None:
    assert import_facts(tree(tmp_path, {}), WheelLayout(), "nothing").names == ()


def test_metadata_without_facts_plans_its_import_names() -> None:
    """Metadata built by hand (library users, tests) still plans: no imports known, none dropped."""
    from nixpkgs_contrib.model import Project

    meta = Metadata("acme", "1", import_names=("acme", "_acme_c"))
    assert imports_check_for(Project("x", "", TARGET, ((TARGET.environments[0], meta),))) == ("acme",)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # the name's case kept: src/Levenshtein, as scikit-build-core looks it up
        ({"src/Fuzzy/__init__.py": "", "src/Fuzzy/_core.pyx": ""}, ("Fuzzy",)),
        # a package with only __init__.pyi counts too (its modules are what imports)
        ({"python/Fuzzy/__init__.pyi": "", "python/Fuzzy/api.py": ""}, ("Fuzzy.api",)),
    ],
)
def test_scikit_build_core_default_package_keeps_the_name_case(tmp_path: Path, files: dict[str, str], expected: tuple[str, ...]) -> None:
    pyproject = backend("scikit-build-core", "scikit_build_core.build", "Fuzzy", extra='dependencies = ["rapidish"]\n')
    assert names(tmp_path, {"pyproject.toml": pyproject, "CMakeLists.txt": "project(fuzzy)\n", **files}) == expected
