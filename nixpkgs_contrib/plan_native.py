"""Compiled projects → the nixpkgs shape: vendored crates, build hooks, tools and settings.

Pure: the facts come from :class:`~nixpkgs_contrib.model.NativeBuild`, the decisions go into a
:class:`~nixpkgs_contrib.model.NativePlan`.  Each shape is the one current nixpkgs files use:

* maturin (cramjam, orjson, tokenizers): ``cargoDeps = rustPlatform.fetchCargoVendor { … }`` and
  ``nativeBuildInputs = [ rustPlatform.cargoSetupHook rustPlatform.maturinBuildHook ]``; the hook
  brings maturin, cargo and rustc, so ``maturin`` leaves ``build-system``.
* setuptools-rust (bcrypt, tiktoken): the same ``cargoDeps``, ``setuptools-rust`` in ``build-system``
  and ``cargo``, ``rustPlatform.cargoSetupHook``, ``rustc`` in ``nativeBuildInputs``.
  A Cargo.lock below the source root is ``cargoRoot``, which the vendoring inherits.
* meson-python (scikit-fmm, pywavelets): ``meson-python`` (which propagates meson and ninja) in
  ``build-system``; ``pkg-config`` when meson.build looks libraries up.
* scikit-build-core (awkward-cpp, rapidfuzz): ``cmake`` and ``ninja`` in ``build-system`` (the
  backend asks for them at build time) and ``dontUseCmakeConfigure = true;``.
* Cython (pyyaml, uvloop) and cffi (pynacl): ``cython`` / ``cffi`` in ``build-system``.
* C/C++ extensions: the compiler is in stdenv; Fortran needs ``gfortran`` and bindgen (a -sys
  crate generating bindings) ``rustPlatform.bindgenHook``; ``pkg-config`` when the build files,
  or a -sys crate such as openssl-sys, look libraries up with it.

System libraries cannot be read from the source: every compiled package gets a comment where
``buildInputs`` go, naming what the build files ask for, and a warning says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from .errors import MetadataError
from .model import CargoVendor, NativeBuild, NativePlan, NixPackage

MAX_HINTS = 8

_HINT_VERBS = {"meson.build": "asks for", "Cargo.lock": "has", "CMakeLists.txt": "looks for"}
_LANGUAGE_NAMES = {"c": "C", "c++": "C++", "cython": "Cython", "fortran": "Fortran", "rust": "Rust", "cuda": "CUDA"}


def describe(native: NativeBuild) -> str:
    """``Rust (maturin)``, ``C, Cython (cython)``: what is compiled and how, for messages."""
    languages = ", ".join(_LANGUAGE_NAMES.get(lang, lang) for lang in native.languages) or "native code"
    return f"{languages} ({', '.join(native.kinds)})"


def _hint_text(native: NativeBuild) -> Optional[str]:
    parts = []
    for path, names in native.library_hints:
        shown = ", ".join(names[:MAX_HINTS]) + (f" and {len(names) - MAX_HINTS} more" if len(names) > MAX_HINTS else "")
        verb = _HINT_VERBS.get(path.rsplit("/", 1)[-1], "links")
        parts.append(f"{path} {verb} {shown}")
    return "; ".join(parts) or None


def _with(items: Iterable[str], *more: str) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys([*items, *more])))


def plan_native(
    native: NativeBuild,
    build_system: tuple[str, ...],
    *,
    where: str,
    source_root: bool = False,
    cargo_hash: Optional[str] = None,
) -> tuple[NativePlan, tuple[str, ...]]:
    """The nixpkgs shape of a compiled project, and its ``build-system`` with what the shape adds
    or replaces.  *where* names the project in errors; *source_root* says the package has a
    ``sourceRoot`` (the crates must be vendored from there too)."""
    kinds = set(native.kinds)
    tools: list[str] = []
    flags: list[str] = []
    cargo: Optional[CargoVendor] = None
    if native.cargo_manifests:
        if native.cargo_lock is None:
            manifests = ", ".join(native.cargo_manifests)
            raise MetadataError(
                f"the Rust extension ({manifests}) has no Cargo.lock, and nixpkgs vendors the crates "
                "from one: emit from the tagged repository if it has a Cargo.lock (--github OWNER/REPO "
                "--tag TAG), or add one to the source (cargo generate-lockfile)",
                path=where,
            )
        if native.cargo_lock.startswith("../"):
            raise MetadataError(
                f"the Rust extension's Cargo workspace ({native.cargo_lock}) is above the package: nixpkgs "
                "builds such a package from the workspace root (buildAndTestSubdir, no sourceRoot), which "
                "is not emitted; package it by hand from the repository root",
                path=where,
            )
        root = native.cargo_lock.rpartition("/")[0]
        cargo = CargoVendor(hash=cargo_hash, cargo_root=root or None, source_root=source_root)
        tools.append("rustPlatform.cargoSetupHook")
    if "maturin" in kinds:
        tools.append("rustPlatform.maturinBuildHook")
        build_system = tuple(b for b in build_system if b != "maturin")
    if "setuptools-rust" in kinds:
        tools += ["cargo", "rustc"]
        build_system = _with(build_system, "setuptools-rust")
    if "meson-python" in kinds:
        build_system = _with(build_system, "meson-python")
    if "scikit-build-core" in kinds:
        build_system = _with(build_system, "cmake", "ninja", "scikit-build-core")
        flags.append("dontUseCmakeConfigure")
    if "scikit-build" in kinds:
        build_system = _with(build_system, "cmake", "ninja", "scikit-build")
        flags.append("dontUseCmakeConfigure")
    if "cmake" in kinds and not kinds & {"scikit-build", "scikit-build-core"}:
        tools.append("cmake")
        flags.append("dontUseCmakeConfigure")
    if "cython" in kinds or "cython" in native.languages:
        build_system = _with(build_system, "cython")
    if "cffi" in kinds:
        build_system = _with(build_system, "cffi")
    if native.uses_pkg_config:
        tools.append("pkg-config")
    if native.uses_bindgen:
        tools.append("rustPlatform.bindgenHook")  # libclang for bindgen, as nixpkgs Rust packages do
    if "fortran" in native.languages:
        tools.append("gfortran")  # stdenv has no Fortran compiler (scipy)
    hints = _hint_text(native)
    # Only a named library earns a comment in the file: a reviewer would delete a note that says
    # nothing was found; the stderr warning (native_warnings) still asks the person to check.
    note = f"buildInputs: system libraries the build links are not declared upstream ({hints})" if hints else None
    plan = NativePlan(
        facts=native,
        cargo=cargo,
        native_build_inputs=tuple(sorted(dict.fromkeys(tools))),  # ASCII order, as nixpkgs files list them
        build_inputs_note=note,
        flags=tuple(dict.fromkeys(flags)),
    )
    return plan, build_system


def native_warnings(pkg: NixPackage) -> tuple[str, ...]:
    """What the user must finish by hand in a compiled package, one line each."""
    native = pkg.native
    if native is None:
        return ()
    hints = _hint_text(native.facts)
    if hints:
        links = f"the system libraries it links are not declared upstream: add them to buildInputs ({hints})"
    else:
        links = "its build files name no system library: if it links one, add it to buildInputs"
    out = [f"warning: {pkg.attr} compiles {describe(native.facts)}; {links}"]
    if native.cargo is not None and native.cargo.hash is None:
        out.append(
            f"warning: {pkg.attr}: cargoDeps has hash = lib.fakeHash (the crates cannot be vendored offline): "
            f"build once (nix-build -A python3Packages.{pkg.attr}), copy the hash after 'got:' into cargoDeps, "
            "or emit again with --cargo-hash SRI"
        )
    return tuple(out)


__all__ = ["plan_native", "native_warnings", "describe"]
