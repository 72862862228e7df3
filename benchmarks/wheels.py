"""Build an sdist's wheel the way a user would and list what it installs (a helper for scripts).

``pythonImportsCheck`` must only name modules the wheel installs; the only ground truth is the
wheel itself.  This module builds one with ``pip wheel --no-deps`` (build isolation on: pip fetches
the build backend from PyPI, the project's dependencies are not installed) into a cache, and reads
the importable names out of the wheel file::

    from wheels import build_wheel, wheel_contents

    built = build_wheel(Path("/work/cache/sdists/fastapi-0.165.0.tar.gz"))
    if built.wheel:
        contents = wheel_contents(built.wheel)
        contents.top_level          # ('fastapi',)
        contents.installs("fastapi.routing")

Building runs the project's build backend (setup.py included): only scripts use this, never the
library or the tests.  Results are cached in ``/work/cache/wheels`` (``--cache`` / the
``NIXPKGS_CONTRIB_WHEELS`` environment variable), one directory per sdist, written atomically;
a failed build is cached too (``FAILED`` with pip's last lines) so a sweep does not retry it.
Projects whose wheel is not ``py3-none-any`` are built all the same; :attr:`WheelContents.pure`
says which they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

DEFAULT_CACHE = Path(os.environ.get("NIXPKGS_CONTRIB_WHEELS", "/work/cache/wheels"))
FAILED = "FAILED"
#: suffixes of compiled extension modules (``_speedups.cpython-312-x86_64-linux-gnu.so``)
EXTENSION_SUFFIXES = (".so", ".pyd")


@dataclass(frozen=True)
class Built:
    """The wheel built from one sdist, or why there is none."""

    sdist: Path
    wheel: Optional[Path]
    error: Optional[str] = None
    cached: bool = False


def _stem(sdist: Path) -> str:
    name = sdist.name
    for ext in (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return sdist.stem


def build_wheel(sdist: Path, cache: Path = DEFAULT_CACHE, *, timeout: float = 900, python: str = sys.executable) -> Built:
    """The wheel of *sdist*, from the cache or built with ``pip wheel --no-deps``."""
    target = cache / _stem(sdist)
    if target.is_dir():
        wheels = sorted(target.glob("*.whl"))
        if wheels:
            return Built(sdist, wheels[0], cached=True)
        if (target / FAILED).is_file():
            return Built(sdist, None, (target / FAILED).read_text().strip(), cached=True)
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=cache))
    work.chmod(0o755)  # a shared cache: others read it
    try:
        try:
            proc = subprocess.run(
                [python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--disable-pip-version-check",
                 "--quiet", "--wheel-dir", str(work), str(sdist)],
                capture_output=True, text=True, timeout=timeout, env={**os.environ, "PIP_NO_INPUT": "1"},
            )  # fmt: skip
            error = None if proc.returncode == 0 else _tail(proc.stderr or proc.stdout)
        except subprocess.TimeoutExpired:
            error = f"pip wheel took longer than {timeout:.0f} s"
        wheels = sorted(work.glob("*.whl"))
        if error is None and not wheels:
            error = "pip wheel succeeded but wrote no wheel"
        if error is not None:
            for stale in work.iterdir():
                stale.unlink()
            (work / FAILED).write_text(error + "\n")
        _publish(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return build_wheel(sdist, cache, timeout=timeout, python=python) if target.is_dir() else Built(sdist, None, "cache not written")


def _publish(work: Path, target: Path) -> None:
    """Move the finished directory into place whole; a concurrent builder that won keeps its result."""
    try:
        os.rename(work, target)
    except OSError:
        if not target.is_dir():
            raise


def _tail(text: str, lines: int = 6) -> str:
    """The informative part of pip's output: its ERROR lines (a missing build requirement, a
    Python version the project refuses), else the last lines; the cause comes last."""
    kept = [line.strip() for line in text.strip().splitlines() if line.strip() and not line.startswith("WARNING: Location")]
    errors = [line for line in kept if line.startswith("ERROR:")]
    return "\n".join((errors or kept)[-lines:]) or "pip wheel failed without a message"


@dataclass(frozen=True)
class WheelContents:
    """What a wheel installs into site-packages, as import names."""

    wheel: Path
    #: dotted names of modules (``.py``), packages (``__init__.py``) and compiled extensions
    modules: frozenset[str]
    #: dotted names of every directory holding installed files (namespace packages import too)
    directories: frozenset[str]
    #: top-level ``*-stubs`` directories (importable by name, what nixpkgs checks for types-*)
    stubs: frozenset[str]
    pure: bool

    @property
    def top_level(self) -> tuple[str, ...]:
        return tuple(sorted({m.split(".")[0] for m in self.modules} | set(self.stubs)))

    def installs(self, dotted: str) -> bool:
        """Would ``import dotted`` (importlib.import_module, as pythonImportsCheck does) find it?"""
        return dotted in self.modules or dotted in self.directories or dotted in self.stubs


def wheel_contents(wheel: Path) -> WheelContents:
    """Read a wheel's file list: installed paths are the archive's, except ``*.dist-info`` and the
    ``*.data/purelib|platlib`` trees, which install into site-packages too."""
    modules: set[str] = set()
    directories: set[str] = set()
    stubs: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for name in names:
        parts = name.split("/")
        if parts[0].endswith(".dist-info"):
            continue
        if parts[0].endswith(".data"):
            if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                continue
            parts = parts[2:]
        if not parts or not parts[-1]:
            continue
        if parts[0].endswith("-stubs") and len(parts) > 1:
            stubs.add(parts[0])
        for i in range(1, len(parts)):
            if all(p.isidentifier() for p in parts[:i]):
                directories.add(".".join(parts[:i]))
        module = _module_name(parts)
        if module:
            modules.add(module)
    pure = wheel.name.endswith("-none-any.whl")
    return WheelContents(wheel, frozenset(modules), frozenset(directories), frozenset(stubs), pure)


def _module_name(parts: list[str]) -> Optional[str]:
    filename = parts[-1]
    if filename == "__init__.py":
        dotted = parts[:-1]
    elif filename.endswith(".py"):
        dotted = [*parts[:-1], filename[:-3]]
    elif filename.endswith(EXTENSION_SUFFIXES):
        dotted = [*parts[:-1], filename.split(".")[0]]
    else:
        return None
    return ".".join(dotted) if dotted and all(p.isidentifier() for p in dotted) else None


if __name__ == "__main__":  # python benchmarks/wheels.py SDIST…: build and list
    for arg in sys.argv[1:]:
        built = build_wheel(Path(arg))
        if built.wheel is None:
            print(f"{arg}: no wheel: {built.error.splitlines()[-1] if built.error else '?'}")
            continue
        contents = wheel_contents(built.wheel)
        print(f"{arg}: {built.wheel.name} ({'pure' if contents.pure else 'compiled'}): {' '.join(contents.top_level)}")
