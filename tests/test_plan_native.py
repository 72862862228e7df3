"""plan_native.py: compiled projects get the nixpkgs shape (and the rendered file evaluates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, run_cli
from nixeval import evaluate_package, nix_available, requires_nix

from nixpkgs_contrib.errors import MetadataError
from nixpkgs_contrib.model import CargoVendor, NativeBuild
from nixpkgs_contrib.pipeline import emit_single
from nixpkgs_contrib.plan import Options
from nixpkgs_contrib.plan_native import MAX_HINTS, describe, native_warnings, plan_native

MODULES = "pkgs/development/python-modules"
HASH = "sha256-yFJKEsSsmZ3OkPiWDmBu+Dq7GxcsGmmOspZOXQ3MJpA="


def plan(facts: NativeBuild, build_system=("setuptools",), **kw):
    return plan_native(facts, tuple(build_system), where="acme.tar.gz", **kw)


def test_maturin_hooks_replace_the_backend() -> None:
    facts = NativeBuild(("maturin",), ("rust",), "maturin", ("Cargo.toml",), "Cargo.lock")
    native, build_system = plan(facts, ("maturin",))
    assert build_system == ()
    assert native.cargo == CargoVendor(hash=None, cargo_root=None, source_root=False)
    assert native.native_build_inputs == ("rustPlatform.cargoSetupHook", "rustPlatform.maturinBuildHook")
    assert native.flags == ()


def test_setuptools_rust_with_a_cargo_root_below_a_source_root() -> None:
    facts = NativeBuild(("setuptools-rust",), ("rust",), None, ("rust/Cargo.toml",), "rust/Cargo.lock")
    native, build_system = plan(facts, ("setuptools",), source_root=True, cargo_hash=HASH)
    assert build_system == ("setuptools", "setuptools-rust")
    assert native.cargo == CargoVendor(hash=HASH, cargo_root="rust", source_root=True)
    # ASCII order, as nixpkgs files list them (rustPlatform.* before rustc)
    assert native.native_build_inputs == ("cargo", "rustPlatform.cargoSetupHook", "rustc")


def test_rust_without_cargo_lock_is_refused() -> None:
    facts = NativeBuild(("maturin",), ("rust",), "maturin", ("Cargo.toml",), None)
    with pytest.raises(MetadataError, match=r"\(Cargo.toml\) has no Cargo.lock.*--github OWNER/REPO") as exc:
        plan(facts, ("maturin",))
    assert exc.value.path == "acme.tar.gz"


@pytest.mark.parametrize(
    ("kinds", "build_system", "tools", "flags"),
    [
        (("scikit-build-core",), ("cmake", "ninja", "pybind11", "scikit-build-core", "setuptools"), (), ("dontUseCmakeConfigure",)),
        (("scikit-build",), ("cmake", "ninja", "pybind11", "scikit-build", "setuptools"), (), ("dontUseCmakeConfigure",)),
        (("c-extension", "cmake"), ("pybind11", "setuptools"), ("cmake",), ("dontUseCmakeConfigure",)),
        (("meson-python",), ("meson-python", "pybind11", "setuptools"), (), ()),
        (("cython", "c-extension"), ("cython", "pybind11", "setuptools"), (), ()),
        (("cffi",), ("cffi", "pybind11", "setuptools"), (), ()),
        (("c-extension",), ("pybind11", "setuptools"), (), ()),
    ],
)
def test_build_system_tools_and_settings(kinds, build_system, tools, flags) -> None:
    native, got = plan(NativeBuild(kinds, ("c",)), ("pybind11", "setuptools"))
    assert got == build_system
    assert native.native_build_inputs == tools
    assert native.flags == flags
    assert native.cargo is None


def test_fortran_and_bindgen_tools() -> None:
    fortran, _ = plan(NativeBuild(("meson-python",), ("c", "fortran")), ("meson-python",))
    assert fortran.native_build_inputs == ("gfortran",)
    facts = NativeBuild(("maturin",), ("rust",), "maturin", ("Cargo.toml",), "Cargo.lock", uses_pkg_config=True, uses_bindgen=True)
    rust, _ = plan(facts, ("maturin",))
    assert rust.native_build_inputs == (
        "pkg-config", "rustPlatform.bindgenHook", "rustPlatform.cargoSetupHook", "rustPlatform.maturinBuildHook"
    )


def test_cython_language_of_a_meson_build_needs_cython() -> None:
    _, build_system = plan(NativeBuild(("meson-python",), ("c", "cython")), ("meson-python",))
    assert build_system == ("cython", "meson-python")


def test_pkg_config_and_the_build_inputs_note() -> None:
    names = tuple(f"lib{i}" for i in range(MAX_HINTS + 3))
    facts = NativeBuild(
        ("meson-python",), ("c",), uses_pkg_config=True, library_hints=(("meson.build", names), ("src/build.py", ("z",)))
    )
    native, _ = plan(facts)
    assert native.native_build_inputs == ("pkg-config",)
    assert native.build_inputs_note == (
        "buildInputs: system libraries the build links are not declared upstream (meson.build asks for "
        + ", ".join(names[:MAX_HINTS]) + " and 3 more; src/build.py links z)"
    )
    bare, _ = plan(NativeBuild(("c-extension",), ("c",)))
    assert bare.build_inputs_note is None  # nothing named, nothing written into the file


def test_describe() -> None:
    assert describe(NativeBuild(("cython", "c-extension"), ("c", "cython"))) == "C, Cython (cython, c-extension)"
    assert describe(NativeBuild(("c-extension",))) == "native code (c-extension)"


# -- the whole emit ---------------------------------------------------------------------------------


def test_emit_warns_about_the_vendor_hash_and_system_libraries(tmp_path: Path) -> None:
    from conftest import PROJECTS

    source = PROJECTS / "maturin-rust"
    emitted = emit_single(source, Options(github=("acme-rs", "quickhash"), tag="v0.3.1", hash=HASH))
    text = emitted.files[f"{MODULES}/quickhash/default.nix"]
    assert "hash = lib.fakeHash;" in text and "  lib,\n" in text
    assert any("cargoDeps has hash = lib.fakeHash" in w and "--cargo-hash" in w and "'got:'" in w for w in emitted.warnings)
    assert any("system library" in w and "buildInputs" in w for w in emitted.warnings)
    assert len(native_warnings(emitted.plans[0].package)) == 2

    result = run_cli(
        "emit", source, "--out", tmp_path / "out", "--github", "acme-rs/quickhash", "--tag", "v0.3.1", "--hash", HASH
    )
    assert result.status == 0
    assert "nixpkgs-contrib: warning: quickhash: cargoDeps has hash = lib.fakeHash" in result.stderr


def test_emit_with_a_cargo_hash_has_no_vendor_warning() -> None:
    from conftest import PROJECTS

    emitted = emit_single(
        PROJECTS / "maturin-rust", Options(github=("acme-rs", "quickhash"), tag="v0.3.1", hash=HASH, cargo_hash=HASH)
    )
    assert f'hash = "{HASH}";\n  }};\n\n  nativeBuildInputs' in emitted.files[f"{MODULES}/quickhash/default.nix"]
    assert not any("lib.fakeHash" in w for w in emitted.warnings)


def test_bad_cargo_hash_is_one_line(tmp_path: Path) -> None:
    from conftest import PROJECTS

    result = run_cli(
        "emit", PROJECTS / "maturin-rust", "--out", tmp_path, "--github", "acme-rs/quickhash", "--tag", "v0.3.1",
        "--hash", HASH, "--cargo-hash", "sha256-nope",
    )
    assert result.status == 1
    assert result.stderr.count("\n") == 1 and "--cargo-hash 'sha256-nope' is not an SRI sha256 hash" in result.stderr
    assert not (tmp_path / "flake.nix").exists()


def test_missing_cargo_lock_refuses_and_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    for rel, text in {
        "pyproject.toml": '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'
        '[project]\nname = "nolock"\nversion = "1.0"\ndescription = "No lock"\nlicense = "MIT"\n',
        "Cargo.toml": "[package]\nname = 'nolock'\n",
        "nolock/__init__.py": "",
    }.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    result = run_cli("emit", project, "--out", tmp_path / "out", "--github", "a/nolock", "--tag", "1.0", "--hash", HASH)
    assert result.status == 1
    assert result.stderr.count("\n") == 1 and "has no Cargo.lock" in result.stderr and str(project) in result.stderr
    assert not (tmp_path / "out").exists()


def test_monorepo_member_vendors_from_its_source_root(tmp_path: Path) -> None:
    """A Rust package below the repository root: the vendoring inherits sourceRoot (tokenizers)."""
    repo = tmp_path / "repo"
    for rel, text in {
        "bindings/python/pyproject.toml": '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'
        '[project]\nname = "acme-rs"\nversion = "2.0.0"\ndescription = "Bindings"\nlicense = "MIT"\n',
        "bindings/python/Cargo.toml": "[package]\nname = 'acme-rs'\n",
        "bindings/python/Cargo.lock": "version = 3\n",
        "bindings/python/acme_rs/__init__.py": "",
    }.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    out = tmp_path / "out"
    result = run_cli(
        "emit", repo, "--package", "bindings/python", "--out", out, "--github", "acme/acme", "--tag", "v2.0.0",
        "--hash", HASH, "--cargo-hash", HASH,
    )
    assert result.status == 0, result.stderr
    text = (out / MODULES / "acme-rs" / "default.nix").read_text()
    assert (
        "  cargoDeps = rustPlatform.fetchCargoVendor {\n    inherit (finalAttrs)\n      pname\n      version\n"
        "      src\n      sourceRoot\n      ;\n" in text
    )
    if not nix_available():
        return
    facts = evaluate_package(out / MODULES / "acme-rs" / "default.nix")
    assert facts["cargoDeps"]["sourceRoot"] == facts["sourceRoot"] == "source/bindings/python"


# -- the goldens under Nix ----------------------------------------------------------------------------

EXPECTED = {
    "maturin-rust": {
        "attr": "quickhash",
        "build-system": [],
        "nativeBuildInputs": ["cargo-setup-hook.sh", "maturin-build-hook.sh"],
        "cargoDeps": {"hash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "cargoRoot": None, "sourceRoot": None},
    },
    "setuptools-rust": {
        "attr": "fastcrc",
        "build-system": ["setuptools", "setuptools-rust"],
        "nativeBuildInputs": ["cargo", "cargo-setup-hook.sh", "rustc"],
        "cargoDeps": {"hash": HASH, "cargoRoot": "rust", "sourceRoot": None},
        "cargoRoot": "rust",
    },
    "meson-python": {"attr": "gridstat", "build-system": ["cython", "meson-python", "numpy"], "nativeBuildInputs": ["pkg-config"]},
    "scikit-build-core": {
        "attr": "fastgeom",
        "build-system": ["cmake", "ninja", "pybind11", "scikit-build-core"],
        "nativeBuildInputs": [],
        "dontUseCmakeConfigure": True,
    },
    "cython-ext": {"attr": "tinyparse", "build-system": ["cython", "setuptools"], "nativeBuildInputs": []},
    "cffi-ext": {"attr": "sodiumlite", "build-system": ["cffi", "setuptools"], "nativeBuildInputs": []},
    "c-extension": {"attr": "crcmod-lite", "build-system": ["setuptools"], "nativeBuildInputs": []},
}


@requires_nix
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_compiled_goldens_evaluate_with_their_native_inputs(name: str) -> None:
    expected = dict(EXPECTED[name])
    attr = expected.pop("attr")
    facts = evaluate_package(GOLDEN / name / MODULES / attr / "default.nix", python="3.12")
    assert facts["drvPath"], "the derivation (with its tools and vendored crates) does not evaluate"
    for key, value in expected.items():
        if key == "cargoDeps":
            assert {k: facts["cargoDeps"][k] for k in value} == value
            assert facts["cargoDeps"]["name"] == f"{facts['pname']}-{facts['version']}-vendor"
            assert facts["cargoDeps"]["src"] == facts["src"]["name"]
        else:
            assert facts[key] == value, key
    if "cargoDeps" not in expected:
        assert facts["cargoDeps"] is None


def test_one_cargo_hash_for_several_rust_packages_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for sub in ("a", "b"):
        for rel, text in {
            "pyproject.toml": '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'
            f'[project]\nname = "rs-{sub}"\nversion = "1.0"\ndescription = "Rust {sub}"\nlicense = "MIT"\n',
            "Cargo.toml": "[package]\n",
            "Cargo.lock": "version = 3\n",
            f"rs_{sub}/__init__.py": "",
        }.items():
            (repo / sub / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / sub / rel).write_text(text)
    args = ["emit", repo, "--package", "a", "--package", "b", "--out", tmp_path / "out", "--github", "acme/rs", "--tag", "v1.0", "--hash", HASH]
    refused = run_cli(*args, "--cargo-hash", HASH)
    assert refused.status == 1 and "2 packages of the family build Rust (rs-a, rs-b)" in refused.stderr
    emitted = run_cli(*args)
    assert emitted.status == 0, emitted.stderr
    warnings = [line for line in emitted.stderr.splitlines() if line.startswith("nixpkgs-contrib: warning:")]
    assert sum("cargoDeps has hash = lib.fakeHash" in w for w in warnings) == 2


def test_workspace_lock_above_a_monorepo_member_is_refused(tmp_path: Path) -> None:
    """pcodec's shape (Cargo.lock at the repository root, the Python package below it) needs
    buildAndTestSubdir instead of sourceRoot: refused with the reason, nothing written."""
    repo = tmp_path / "repo"
    for rel, text in {
        "Cargo.toml": "[workspace]\nmembers = ['py']\n",
        "Cargo.lock": "version = 3\n",
        "py/pyproject.toml": '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'
        '[project]\nname = "codec"\nversion = "1.0"\ndescription = "Fast codecs"\nlicense = "MIT"\n',
        "py/Cargo.toml": "[package]\n",
        "py/codec/__init__.py": "",
    }.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    result = run_cli("emit", repo, "--package", "py", "--out", tmp_path / "out", "--github", "a/codec", "--tag", "1.0", "--hash", HASH)
    assert result.status == 1 and result.stderr.count("\n") == 1
    assert "Cargo workspace (../Cargo.lock) is above the package" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_compiler_that_compiles_itself_does_not_build_with_itself(tmp_path: Path) -> None:
    """Cython's own sdist holds .pyx sources and cythonizes them with the Cython of its tree."""
    (tmp_path / "Cython").mkdir()
    (tmp_path / "Cython" / "__init__.py").write_text("")
    (tmp_path / "Cython" / "Parsing.pyx").write_text("")
    (tmp_path / "setup.py").write_text(
        "from setuptools import setup\nfrom Cython.Build import cythonize\n"
        "setup(name='Cython', version='3.0', packages=['Cython'], ext_modules=cythonize(['Cython/Parsing.pyx']))\n"
    )
    (tmp_path / "LICENSE.txt").write_text("Apache License\nVersion 2.0, January 2004\n")
    emitted = emit_single(tmp_path, Options(github=("acme", "cython"), tag="3.0", hash=HASH, description="A compiler"))
    package = emitted.plans[0].package
    assert package.attr == "cython"
    assert package.native is not None and "cython" in package.native.facts.kinds
    assert package.build_system == ("setuptools",)
