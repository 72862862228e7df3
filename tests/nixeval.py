"""Evaluate emitted package files with Nix against the stand-in nixpkgs, as plain facts.

Tests compare these facts with what they expect instead of comparing Nix text, so a layout change
does not break them and a semantic one does.  Usage::

    from nixeval import evaluate_package, requires_nix

    @requires_nix
    def test_x(tmp_path):
        facts = evaluate_package(path, python="3.12", siblings={"acme-core": core_path})
        assert facts["dependencies"] == ["acme-core", "pydantic"]

Facts (JSON-able): pname, version, disabled, build-system, dependencies, optional-dependencies
({extra: names}), pythonImportsCheck, src (fetcher arguments plus ``fetcher`` and ``name``),
sourceRoot, meta (description, homepage, changelog, license = SPDX ids or short names, mainProgram,
maintainers = handles), stubs (names the stand-in only knows as stubs), and for compiled projects
nativeBuildInputs, buildInputs (names), cargoDeps (name, hash, src name, sourceRoot, cargoRoot or
null), cargoRoot, dontUseCmakeConfigure and drvPath (null when the derivation throws).  A package name in a
list is the element's ``pname``; unknown dependencies evaluate to stubs named after the attribute.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pytest

from nixpkgs_contrib.flake_eval import NIX_CONFIG, NixEvalError, evaluate_facts, nix_env

__all__ = [
    "NIX_CONFIG",
    "NIX_ENV",
    "evaluate_family",
    "evaluate_package",
    "nix_available",
    "package_attr",
    "requires_nix",
]

NIX_ENV: dict[str, str] = nix_env()
MODULES = Path("pkgs/development/python-modules")


def nix_available() -> bool:
    return shutil.which("nix-instantiate") is not None


requires_nix = pytest.mark.skipif(not nix_available(), reason="nix-instantiate is not on PATH")


def package_attr(path: Path) -> str:
    """``…/acme-core/default.nix`` or ``…/acme-core`` → ``acme-core``."""
    path = Path(path)
    return path.parent.name if path.name == "default.nix" else path.stem if path.suffix == ".nix" else path.name


def evaluate_package(
    path: Path,
    *,
    python: str = "3.12",
    system: str = "x86_64-linux",
    siblings: Mapping[str, Path] = {},
) -> dict:
    """Facts about the package file *path*, with *siblings* (attr → file) in the same set."""
    attr = package_attr(path)
    packages = {**{name: Path(p) for name, p in siblings.items()}, attr: Path(path)}
    return _evaluate(packages, pythons=(python,), systems=(system,))[(python, system)][attr]


def evaluate_family(
    dir: Path,
    *,
    pythons: Sequence[str] = ("3.12",),
    systems: Sequence[str] = ("x86_64-linux",),
) -> dict[tuple[str, str], dict[str, dict]]:
    """Facts of every ``pkgs/development/python-modules/*/default.nix`` below *dir*, wired together
    like python-packages.nix does, for every (python, system) — in one nix-instantiate call."""
    files = sorted(Path(dir).glob(f"**/{MODULES}/*/default.nix"))
    if not files:
        raise FileNotFoundError(f"no {MODULES}/*/default.nix below {dir}")
    return _evaluate({package_attr(f): f for f in files}, pythons=pythons, systems=systems)


def _evaluate(
    packages: Mapping[str, Path], *, pythons: Iterable[str], systems: Iterable[str]
) -> dict[tuple[str, str], dict[str, dict]]:
    files = {attr: _as_file(p) for attr, p in sorted(packages.items())}
    try:
        return evaluate_facts(files, pythons=list(pythons), systems=list(systems))
    except NixEvalError as exc:
        raise AssertionError(f"{exc} ({sorted(files)})") from None


def _as_file(path: Path) -> Path:
    path = Path(path)
    return path / "default.nix" if path.is_dir() else path
