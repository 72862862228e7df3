"""Target environments: the interpreters × platforms a package expression must be right for.

An :class:`Environment` is one cell of the matrix; it knows the PEP 508 marker environment pip
would see there, so requirement markers can be evaluated without guessing.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from .errors import UserError

#: Nix systems we target, with what Python reports on them.
SYSTEMS: Mapping[str, Mapping[str, str]] = {
    "x86_64-linux": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
    "aarch64-linux": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"},
    "x86_64-darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"},
    "aarch64-darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
}

#: nixpkgs ships the newest patch release of each interpreter, so a marker such as
#: ``python_full_version < "3.11.3"`` is evaluated against a late patch level, not 3.N.0.
LATEST_PATCH = 99

DEFAULT_SYSTEMS: tuple[str, ...] = tuple(SYSTEMS)

_PYTHON = re.compile(r"^3\.(\d+)$")


def python_key(version: str) -> tuple[int, int]:
    """Sort key of a ``"3.N"`` interpreter version."""
    major, minor = version.split(".")
    return int(major), int(minor)


@attrs.frozen(order=True)
class Environment:
    """One (interpreter, system) cell: ``Environment("3.12", "aarch64-darwin")``."""

    python: str = attrs.field(order=python_key)
    system: str

    @property
    def os(self) -> str:
        """``"linux"`` or ``"darwin"``."""
        return SYSTEMS[self.system]["sys_platform"]

    @property
    def python_version_info(self) -> tuple[int, int, int]:
        major, minor = python_key(self.python)
        return major, minor, 0

    def marker_environment(self, extra: str = "") -> dict[str, str]:
        """The PEP 508 environment pip reports for CPython on this cell."""
        sysinfo = SYSTEMS[self.system]
        return {
            "implementation_name": "cpython",
            "implementation_version": f"{self.python}.{LATEST_PATCH}",
            "os_name": "posix",
            "platform_machine": sysinfo["platform_machine"],
            "platform_release": "",
            "platform_system": sysinfo["platform_system"],
            "platform_version": "",
            "python_full_version": f"{self.python}.{LATEST_PATCH}",
            "platform_python_implementation": "CPython",
            "python_version": self.python,
            "sys_platform": sysinfo["sys_platform"],
            "extra": extra,
        }

    def __str__(self) -> str:
        return f"python{self.python}-{self.system}"


@attrs.frozen
class Target:
    """The matrix a package must be right for."""

    pythons: tuple[str, ...] = attrs.field(factory=lambda: DEFAULT_PYTHONS)
    systems: tuple[str, ...] = DEFAULT_SYSTEMS

    def __attrs_post_init__(self) -> None:
        if not self.pythons:
            raise UserError("the target matrix has no interpreter")
        if not self.systems:
            raise UserError("the target matrix has no system")
        if tuple(sorted(set(self.pythons), key=python_key)) != self.pythons:
            raise UserError(f"interpreters must be sorted and unique: {', '.join(self.pythons)}")
        for system in self.systems:
            if system not in SYSTEMS:
                raise UserError(f"unknown system {system!r} (known: {', '.join(SYSTEMS)})")

    @property
    def environments(self) -> tuple[Environment, ...]:
        return _environments(self.pythons, self.systems)

    @property
    def oses(self) -> tuple[str, ...]:
        return tuple(sorted({SYSTEMS[s]["sys_platform"] for s in self.systems}))


@functools.cache
def _environments(pythons: tuple[str, ...], systems: tuple[str, ...]) -> tuple[Environment, ...]:
    """One tuple per matrix: planning and reading ask for it thousands of times per audit."""
    return tuple(Environment(p, s) for p in pythons for s in systems)


def parse_pythons(spec: str) -> tuple[str, ...]:
    """``"3.11-3.14"`` or ``"3.11,3.13"`` → ``("3.11", …)``."""
    found: set[str] = set()
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            low, _, high = part.partition("-")
            lo, hi = _minor(low.strip(), spec), _minor(high.strip(), spec)
            if lo > hi:
                raise UserError(f"--python {spec}: empty range {part}")
            found.update(f"3.{m}" for m in range(lo, hi + 1))
        elif part:
            found.add(f"3.{_minor(part, spec)}")
    if not found:
        raise UserError(f"--python {spec!r}: no interpreter given")
    return tuple(sorted(found, key=python_key))


def _minor(text: str, spec: str) -> int:
    match = _PYTHON.match(text)
    if not match:
        raise UserError(f"--python {spec}: {text!r} is not an interpreter version like 3.12")
    return int(match.group(1))


@attrs.frozen
class Release:
    """A nixpkgs release and the CPython sets it ships (from data/nixpkgs-pythons.tsv)."""

    name: str
    python3_default: str
    pythons: tuple[str, ...]
    unconfirmed: tuple[str, ...]
    #: interpreters the release carries as a CPython alpha/beta/rc (``master``: today)
    prerelease: tuple[str, ...] = ()


def releases() -> dict[str, Release]:
    """Named target profiles; ``unstable`` is an alias of ``master``."""
    return dict(_read_releases())


@functools.cache
def _read_releases() -> dict[str, Release]:
    text = resources.files(__package__).joinpath("data/nixpkgs-pythons.tsv").read_text(encoding="utf-8")
    out: dict[str, Release] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        cells = [c.strip() for c in row["cpython_sets"].split(",")]
        out[row["release"]] = Release(
            name=row["release"],
            python3_default=row["python3_default"].rstrip("?"),
            pythons=tuple(sorted((c.rstrip("?") for c in cells), key=python_key)),
            unconfirmed=tuple(c.rstrip("?") for c in cells if c.endswith("?")),
            prerelease=tuple(c.strip() for c in row["prerelease"].split(",") if c.strip()),
        )
    out["unstable"] = out["master"]
    return out


def default_pythons() -> tuple[str, ...]:
    """The default target: every interpreter some nixpkgs release of the table ships as a final
    CPython release (3.9–3.14 today).

    A file is copied into overlays on stable releases as well as proposed for master, so its
    conditions must be exact on all of them: ``pythonOlder "3.11"`` guards still matter on
    nixos-24.11.  (A nixpkgs checkout, ``--nixpkgs``, narrows this to what the checkout ships.)
    Pre-release interpreters (3.15 on master today) are left out: Hydra does not build their
    package sets, upstream metadata rarely mentions them, and the synthesized conditions already
    extend the newest interpreter's answer to them (``pythonAtLeast "3.12"`` holds on 3.15).
    Ask for them explicitly with ``--python 3.9-3.15`` or ``--target unstable``.
    """
    final = {
        python
        for release in releases().values()
        for python in release.pythons
        if python not in release.unconfirmed and python not in release.prerelease
    }
    return tuple(sorted(final, key=python_key))


def target_for_release(name: str, systems: Iterable[str] = DEFAULT_SYSTEMS) -> Target:
    """The matrix of a named release: the interpreters it ships, pre-releases included (they are
    in a checkout of it too); unconfirmed ones left out."""
    known = releases()
    if name not in known:
        raise UserError(f"--target {name}: unknown nixpkgs release (known: {', '.join(sorted(known))})")
    rel = known[name]
    return Target(tuple(p for p in rel.pythons if p not in rel.unconfirmed), tuple(systems))


#: The default interpreters (see :func:`default_pythons`), computed once from the release table.
DEFAULT_PYTHONS: tuple[str, ...] = default_pythons()
