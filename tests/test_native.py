"""upstream/native.py: what a project compiles, read from its build declaration without running it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional

import pytest

from nixpkgs_contrib.errors import MetadataError
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import NativeBuild
from nixpkgs_contrib.upstream import pyproject
from nixpkgs_contrib.upstream.native import read_native, scan_setup_py, static_path
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.tree import DirectoryTree

TARGET = Target(("3.12",), ("x86_64-linux",))

MATURIN = '[build-system]\nrequires = ["maturin>=1,<2"]\nbuild-backend = "maturin"\n'
SETUPTOOLS = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
PROJECT = '[project]\nname = "acme"\nversion = "1.0"\n'
LOCK = 'version = 3\n\n[[package]]\nname = "acme"\nversion = "1.0.0"\n'


def tree(tmp_path: Path, files: dict[str, str]) -> DirectoryTree:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return DirectoryTree(tmp_path)


def native(tmp_path: Path, files: dict[str, str], setup_has_ext: Optional[bool] = None) -> Optional[NativeBuild]:
    t = tree(tmp_path, files)
    return read_native(t, pyproject.read(t), setup_has_ext=setup_has_ext)


def lock_with(*crates: str) -> str:
    return LOCK + "".join(f'\n[[package]]\nname = "{c}"\nversion = "0.1.0"\n' for c in crates)


# -- Rust ------------------------------------------------------------------------------------------


def test_maturin_with_the_lock_beside_the_manifest(tmp_path: Path) -> None:
    n = native(tmp_path, {"pyproject.toml": MATURIN + PROJECT, "Cargo.toml": "[package]\n", "Cargo.lock": LOCK})
    assert n == NativeBuild(
        kinds=("maturin",), languages=("rust",), backend="maturin", cargo_manifests=("Cargo.toml",), cargo_lock="Cargo.lock"
    )


def test_maturin_manifest_path_and_the_workspace_lock_above_it(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": MATURIN + PROJECT + '[tool.maturin]\nmanifest-path = "bindings/python/Cargo.toml"\n',
            "bindings/python/Cargo.toml": "[package]\n",
            "bindings/Cargo.lock": LOCK,
            "Cargo.lock": LOCK,  # farther away: not the one cargo uses
        },
    )
    assert n is not None
    assert (n.cargo_manifests, n.cargo_lock) == (("bindings/python/Cargo.toml",), "bindings/Cargo.lock")


def test_maturin_src_layout_finds_rust_cargo_toml(tmp_path: Path) -> None:
    """maturin's own rule: without manifest-path, a src layout builds rust/Cargo.toml."""
    n = native(
        tmp_path,
        {
            "pyproject.toml": MATURIN + PROJECT,
            "src/acme/__init__.py": "",
            "rust/Cargo.toml": "[package]\n",
            "rust/Cargo.lock": LOCK,
        },
    )
    assert n is not None and n.cargo_lock == "rust/Cargo.lock"


def test_maturin_without_its_manifest_names_pyproject(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match=r"manifest-path 'rust/Cargo.toml' is not in the source") as exc:
        native(tmp_path, {"pyproject.toml": MATURIN + PROJECT + '[tool.maturin]\nmanifest-path = "rust/Cargo.toml"\n'})
    assert exc.value.path and exc.value.path.endswith("pyproject.toml")


def test_maturin_without_a_lock_is_a_fact_not_an_error(tmp_path: Path) -> None:
    n = native(tmp_path, {"pyproject.toml": MATURIN + PROJECT, "Cargo.toml": "[package]\n"})
    assert n is not None and n.cargo_lock is None


def test_sys_crates_are_library_hints(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": MATURIN + PROJECT,
            "Cargo.toml": "[package]\n",
            "Cargo.lock": lock_with("openssl-sys", "windows-sys", "zstd-sys", "pyo3-ffi"),
        },
    )
    assert n is not None and n.library_hints == (("Cargo.lock", ("openssl-sys", "zstd-sys")),)


def test_sys_crates_that_use_pkg_config(tmp_path: Path) -> None:
    """openssl-sys finds OpenSSL with the pkg-config crate (cryptography, hf-xet in nixpkgs)."""
    files = {"pyproject.toml": MATURIN + PROJECT, "Cargo.toml": "[package]\n"}
    with_pc = native(tmp_path / "a", {**files, "Cargo.lock": lock_with("openssl-sys", "pkg-config")})
    without = native(tmp_path / "b", {**files, "Cargo.lock": lock_with("zstd-sys", "pkg-config")})
    assert with_pc is not None and with_pc.uses_pkg_config and not with_pc.uses_bindgen
    assert without is not None and not without.uses_pkg_config
    bindgen = native(tmp_path / "c", {**files, "Cargo.lock": lock_with("zstd-sys", "bindgen", "clang-sys")})
    assert bindgen is not None and bindgen.uses_bindgen


def test_setuptools_rust_from_pyproject(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": SETUPTOOLS + PROJECT + '[[tool.setuptools-rust.ext-modules]]\ntarget = "acme._rs"\npath = "src/_rs/Cargo.toml"\n',
            "src/_rs/Cargo.toml": "[package]\n",
            "src/_rs/Cargo.lock": LOCK,
        },
    )
    assert n is not None
    assert (n.kinds, n.cargo_manifests, n.cargo_lock) == (("setuptools-rust",), ("src/_rs/Cargo.toml",), "src/_rs/Cargo.lock")


def test_setuptools_rust_from_setup_py_syntax(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\nfrom setuptools_rust import RustExtension\n"
            "setup(name='acme', version='1', rust_extensions=[RustExtension('acme._rs', path='native/Cargo.toml')])\n",
            "native/Cargo.toml": "[package]\n",
            "Cargo.lock": LOCK,
        },
    )
    assert n is not None and (n.kinds, n.cargo_lock) == (("setuptools-rust",), "Cargo.lock")


@pytest.mark.parametrize(
    "path",
    [
        'str(Path(__file__).parent / "crates" / "core" / "Cargo.toml")',
        'Path(__file__).resolve().parent / "crates/core" / "Cargo.toml"',
        'os.path.join(os.path.dirname(os.path.abspath(__file__)), "crates", "core", "Cargo.toml")',
        'pathlib.Path("crates", "core", "Cargo.toml")',
    ],
)
def test_setuptools_rust_manifest_path_computed_from_literals_and_file(tmp_path: Path, path: str) -> None:
    """ddtrace: the RustExtension's manifest is `Path(__file__).parent / "src" / ... / "Cargo.toml"`."""
    n = native(
        tmp_path,
        {
            "setup.py": "import os, pathlib\nfrom pathlib import Path\nfrom setuptools import setup\nfrom setuptools_rust import RustExtension\n"
            f"setup(name='acme', version='1', rust_extensions=[RustExtension('acme._rs', path={path})])\n",
            "crates/core/Cargo.toml": "[package]\n",
            "crates/core/Cargo.lock": LOCK,
        },
    )
    assert n is not None and (n.cargo_manifests, n.cargo_lock) == (("crates/core/Cargo.toml",), "crates/core/Cargo.lock")


@pytest.mark.parametrize(
    "path, found",
    [
        ('HERE / "Cargo.toml"', None),  # a variable: not followed
        ('"a" / "b"', None),  # `/` of two strings is a TypeError
        ('Path(__file__).parent.parent / "Cargo.toml"', None),  # outside the tree
        ('os.path.join("rust", "/etc/Cargo.toml")', None),  # absolute
        ('Path(__file__).with_name("Cargo.toml")', None),  # a method we do not know
        ('f"{ROOT}/Cargo.toml"', None),
        ('Path(__file__).parent / "rust" / ".." / "Cargo.toml"', "Cargo.toml"),
    ],
)
def test_static_path_takes_only_what_the_text_fixes(path: str, found: Optional[str]) -> None:
    assert static_path(ast.parse(path, mode="eval").body, "setup.py") == found


def test_several_cargo_workspaces_are_refused(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="several Cargo workspaces"):
        native(
            tmp_path,
            {
                "setup.py": "from setuptools_rust import RustExtension\nfrom setuptools import setup\n"
                "setup(rust_extensions=[RustExtension('a', path='a/Cargo.toml'), RustExtension('b', path='b/Cargo.toml')])\n",
                "a/Cargo.toml": "",
                "a/Cargo.lock": LOCK,
                "b/Cargo.toml": "",
                "b/Cargo.lock": LOCK,
            },
        )


def test_a_stray_cargo_toml_or_pyx_is_not_an_extension(tmp_path: Path) -> None:
    """Resources and test data: the build declaration decides, not the files lying around."""
    n = native(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n' + PROJECT,
            "acme/resources/rust/Cargo.toml": "[package]\n",
            "tests/roots/example.pyx": "",
            "acme/__init__.py": "",
        },
    )
    assert n is None


# -- meson and CMake ---------------------------------------------------------------------------------

MESON = '[build-system]\nrequires = ["meson-python"]\nbuild-backend = "mesonpy"\n'


def test_meson_languages_dependencies_and_subdirs(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": MESON + PROJECT,
            "meson.build": "project('acme', 'c',\n  version: '1.0', # 'cpp' in a comment\n)\n"
            "dependency('threads')\ndep = dependency('zlib', version: '>=1.2')\nsubdir('acme')\nsubdir('tests')\n",
            "acme/meson.build": "add_languages('fortran', native: false)\nblas = dependency('openblas')\n",
            "tests/meson.build": "dependency('gtest')\n",
            "unused/meson.build": "dependency('not-included')\n",
        },
    )
    assert n is not None
    assert n.kinds == ("meson-python",)
    assert n.languages == ("c", "fortran")
    assert n.uses_pkg_config
    assert n.library_hints == (("meson.build", ("openblas", "zlib")),)


def test_meson_backend_without_meson_build(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="no meson.build"):
        native(tmp_path, {"pyproject.toml": MESON + PROJECT})


def test_scikit_build_core_reads_the_cmake_project(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n'
            + PROJECT + '[tool.scikit-build]\ncmake.source-dir = "cpp"\n',
            "cpp/CMakeLists.txt": "project(acme LANGUAGES C CXX)\nfind_package(Python COMPONENTS Development.Module)\n"
            "find_package(ZLIB REQUIRED) # compression\nfind_package(PkgConfig)\npkg_check_modules(GMP REQUIRED IMPORTED_TARGET gmp>=6)\n"
            "add_subdirectory(src)\n",
            "cpp/src/CMakeLists.txt": "find_package(Eigen3)\n",
        },
    )
    assert n is not None
    assert (n.kinds, n.languages, n.build_file) == (("scikit-build-core",), ("c", "c++"), "cpp/CMakeLists.txt")
    assert n.uses_pkg_config
    assert n.library_hints == (("cpp/CMakeLists.txt", ("Eigen3", "ZLIB", "gmp")),)


def test_cmake_project_without_languages_is_c_and_cxx(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n' + PROJECT,
            "CMakeLists.txt": "project(acme)\n",
        },
    )
    assert n is not None and n.languages == ("c", "c++")


# -- setuptools ----------------------------------------------------------------------------------------


def test_c_extension_languages_and_libraries(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "setup.py": "from setuptools import Extension, setup\n"
            "setup(name='a', version='1', ext_modules=[Extension('a._x', ['a/x.cpp'], libraries=['ssl', 'crypto'])])\n",
        },
    )
    assert n is not None
    assert (n.kinds, n.languages, n.library_hints) == (("c-extension",), ("c++",), (("setup.py", ("crypto", "ssl")),))


def test_extensions_built_in_a_helper_module(tmp_path: Path) -> None:
    """lxml's shape: setup.py imports setupinfo.py, which makes the Extension objects."""
    n = native(
        tmp_path,
        {
            "setup.py": "import setupinfo\nfrom setuptools import setup\nsetup(ext_modules=setupinfo.ext_modules())\n",
            "setupinfo.py": "from setuptools import Extension\n\ndef ext_modules():\n    return [Extension('a.b', ['src/b.c'], libraries=['xml2'])]\n",
        },
    )
    assert n is not None
    assert (n.kinds, n.library_hints) == (("c-extension",), (("setupinfo.py", ("xml2",)),))


def test_setup_py_evaluation_decides_whether_extensions_are_built(tmp_path: Path) -> None:
    """``--with-cython`` switches and ``ext_modules=[]``: when the evaluation of setup.py builds no
    extension in any environment, its syntax alone does not make the project compiled."""
    files = {
        "setup.py": "import sys\nfrom setuptools import setup\nif '--with-cython' in sys.argv:\n"
        "    from Cython.Build import cythonize\n    ext = cythonize(['a/b.py'])\nelse:\n    ext = None\nsetup(ext_modules=ext)\n",
    }
    assert native(tmp_path / "off", files, setup_has_ext=False) is None
    on = native(tmp_path / "on", files, setup_has_ext=None)
    assert on is not None and on.kinds == ("cython",)


def test_read_project_uses_the_evaluation(tmp_path: Path) -> None:
    project = read_project(
        tree(
            tmp_path,
            {
                "setup.py": "from setuptools import Extension, setup\nsetup(name='a', version='1', packages=['a'], ext_modules=[])\n"
                "def unused():\n    return Extension('a.b', ['a/b.c'])\n",
                "a/__init__.py": "",
            },
        ),
        TARGET,
    )
    assert project.metadata.native is None


def test_cffi_modules_and_their_build_scripts(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\nsetup(name='a', version='1', cffi_modules=['a/_build.py:ffi'])\n",
            "a/_build.py": "from cffi import FFI\nffi = FFI()\nffi.set_source('a._c', '#include <z.h>', libraries=['z'])\n",
        },
    )
    assert n is not None
    assert (n.kinds, n.languages, n.library_hints) == (("cffi",), ("c",), (("a/_build.py", ("z",)),))


def test_cython_by_cythonize(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools", "Cython>=3"]\nbuild-backend = "setuptools.build_meta"\n' + PROJECT,
            "setup.py": "from Cython.Build import cythonize\nfrom setuptools import setup\nsetup(ext_modules=cythonize('a/*.pyx'))\n",
            "a/fast.pyx": "",
        },
    )
    assert n is not None and (n.kinds, n.languages) == (("cython",), ("cython",))


def test_cython_and_c_sources_together(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "setup.py": "from Cython.Build import cythonize\nfrom setuptools import Extension, setup\n"
            "setup(ext_modules=cythonize([Extension('a.f', ['a/f.pyx', 'a/helper.c'])]))\n",
        },
    )
    assert n is not None and (n.kinds, n.languages) == (("cython", "c-extension"), ("c", "cython"))


def test_in_tree_backend_that_cythonizes(tmp_path: Path) -> None:
    """frozenlist/yarl: an in-tree PEP 517 backend, Cython in the build requirements, .pyx sources."""
    n = native(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools", "Cython ~= 3.1"]\n'
            'build-backend = "pep517_backend.hooks"\nbackend-path = ["packaging"]\n' + PROJECT,
            "acme/_fast.pyx": "",
        },
    )
    assert n is not None and n.kinds == ("cython",)


def test_pyproject_ext_modules(tmp_path: Path) -> None:
    n = native(
        tmp_path,
        {
            "pyproject.toml": SETUPTOOLS + PROJECT
            + '[[tool.setuptools.ext-modules]]\nname = "acme._hash"\nsources = ["src/hash.c"]\nlibraries = ["m"]\n',
        },
    )
    assert n is not None
    assert (n.kinds, n.languages, n.library_hints) == (("c-extension",), ("c",), (("pyproject.toml", ("m",)),))


def test_mypyc_and_pybind11(tmp_path: Path) -> None:
    mypyc = native(tmp_path / "m", {"setup.py": "from mypyc.build import mypycify\nfrom setuptools import setup\nsetup(ext_modules=mypycify(['a/b.py']))\n"})
    assert mypyc is not None and (mypyc.kinds, mypyc.languages) == (("c-extension",), ("c",))
    pybind = native(
        tmp_path / "p",
        {"setup.py": "from pybind11.setup_helpers import Pybind11Extension\nfrom setuptools import setup\n"
         "setup(ext_modules=[Pybind11Extension('a._b', sorted(glob('src/*')))])\n"},
    )
    assert pybind is not None and pybind.languages == ("c++",)


def test_setup_py_driving_cmake_or_scikit_build(tmp_path: Path) -> None:
    cmake = native(
        tmp_path / "c",
        {
            "setup.py": "import subprocess\nfrom setuptools import Extension, setup\n"
            "class B:\n    def run(self):\n        subprocess.check_call(['cmake', '-S', '.'])\n"
            "setup(ext_modules=[Extension('a', [])])\n",
            "CMakeLists.txt": "project(a CXX)\nfind_package(Boost)\n",
        },
    )
    assert cmake is not None and "cmake" in cmake.kinds and cmake.library_hints == (("CMakeLists.txt", ("Boost",)),)
    skbuild = native(tmp_path / "s", {"setup.py": "from skbuild import setup\nsetup(name='a')\n", "CMakeLists.txt": "project(a C)\n"}, True)
    assert skbuild is not None and "scikit-build" in skbuild.kinds and skbuild.languages == ("c",)


def test_unsupported_backend_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="MSBuild") as exc:
        native(tmp_path, {"pyproject.toml": '[build-system]\nrequires = ["pymsbuild"]\nbuild-backend = "pymsbuild"\n' + PROJECT})
    assert exc.value.path and exc.value.path.endswith("pyproject.toml")


def test_scan_ignores_a_setup_py_that_does_not_parse(tmp_path: Path) -> None:
    scan = scan_setup_py(tree(tmp_path, {"setup.py": "def (:\n"}))
    assert scan is not None and not scan.has_c_extension


def test_read_project_exposes_native_on_every_environment(tmp_path: Path) -> None:
    project = read_project(
        tree(tmp_path, {"pyproject.toml": MATURIN + PROJECT, "Cargo.toml": "", "Cargo.lock": LOCK, "acme/__init__.py": ""}),
        Target(("3.11", "3.12"), ("x86_64-linux", "aarch64-darwin")),
    )
    assert {meta.native.kinds for _, meta in project.per_environment if meta.native} == {("maturin",)}
    assert all(meta.native is not None for _, meta in project.per_environment)
