"""Conditions over the target matrix, as nixpkgs writes them.

A :class:`Condition` is a formula in disjunctive normal form over :class:`Atom` values such as
``pythonOlder "3.12"`` or ``stdenv.hostPlatform.isDarwin``.  It is a value object: the empty
disjunction is :data:`NEVER`, the disjunction of one empty conjunction is :data:`ALWAYS`.
Rendering to Nix text lives in :mod:`nixpkgs_contrib.render.nix`.
"""

from __future__ import annotations

from typing import Literal

import attrs

AtomKind = Literal["pythonOlder", "pythonAtLeast", "platform"]


@attrs.frozen(order=True)
class Atom:
    """One test: ``pythonOlder "3.12"``, ``pythonAtLeast "3.10"`` or ``stdenv.hostPlatform.<arg>``."""

    kind: AtomKind
    arg: str

    def __str__(self) -> str:
        if self.kind == "platform":
            return f"stdenv.hostPlatform.{self.arg}"
        return f'{self.kind} "{self.arg}"'


@attrs.frozen
class Condition:
    """OR of ANDs of atoms."""

    clauses: tuple[tuple[Atom, ...], ...]

    @property
    def is_always(self) -> bool:
        return any(len(c) == 0 for c in self.clauses)

    @property
    def is_never(self) -> bool:
        return not self.clauses

    @property
    def atoms(self) -> frozenset[Atom]:
        return frozenset(a for clause in self.clauses for a in clause)

    def __str__(self) -> str:
        if self.is_always:
            return "true"
        if self.is_never:
            return "false"
        return " || ".join(" && ".join(str(a) for a in clause) for clause in self.clauses)


ALWAYS = Condition(((),))
NEVER = Condition(())
