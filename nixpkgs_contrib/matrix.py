"""Target environments: the interpreters × platforms a package expression must be right for.

An :class:`Environment` is one cell of the matrix; it knows the PEP 508 marker environment pip
would see there, so requirement markers can be evaluated without guessing.
"""

from __future__ import annotations

import csv
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

DEFAULT_PYTHONS: tuple[str, ...] = ("3.9", "3.10", "3.11", "3.12", "3.13")
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

    pythons: tuple[str, ...] = DEFAULT_PYTHONS
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
        return tuple(Environment(p, s) for p in self.pythons for s in self.systems)

    @property
    def oses(self) -> tuple[str, ...]:
        return tuple(sorted({SYSTEMS[s]["sys_platform"] for s in self.systems}))


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


def releases() -> dict[str, Release]:
    """Named target profiles; ``unstable`` is an alias of ``master``."""
    text = resources.files(__package__).joinpath("data/nixpkgs-pythons.tsv").read_text(encoding="utf-8")
    out: dict[str, Release] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        cells = [c.strip() for c in row["cpython_sets"].split(",")]
        out[row["release"]] = Release(
            name=row["release"],
            python3_default=row["python3_default"].rstrip("?"),
            pythons=tuple(sorted((c.rstrip("?") for c in cells), key=python_key)),
            unconfirmed=tuple(c.rstrip("?") for c in cells if c.endswith("?")),
        )
    out["unstable"] = out["master"]
    return out


def target_for_release(name: str, systems: Iterable[str] = DEFAULT_SYSTEMS) -> Target:
    """The matrix of a named release (confirmed interpreters only)."""
    known = releases()
    if name not in known:
        raise UserError(f"--target {name}: unknown nixpkgs release (known: {', '.join(sorted(known))})")
    rel = known[name]
    return Target(tuple(p for p in rel.pythons if p not in rel.unconfirmed), tuple(systems))
