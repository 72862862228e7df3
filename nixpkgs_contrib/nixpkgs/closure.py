"""What a build environment holds besides a file's own lists: everything its inputs bring with
them, transitively, read from the checkout's own files.

nixpkgs' runtime dependency check looks at the whole build environment, and a build backend is
found wherever it comes from, so a dependency upstream declares and the file does not list
breaks the build only when no input brings it.  :class:`Closure` answers that from the files of
the checkout (their ``dependencies`` / ``propagatedBuildInputs`` and the extras they select),
read lazily and cached; an input the checkout has no readable file for makes the answer
"unknown", never "missing".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Optional

import attrs

from ..errors import UserError
from ..matrix import Target
from .index import NixpkgsIndex
from .pyfile import Written, read_text


@attrs.frozen
class Available:
    """attr → the input of the file that brings it, and the inputs whose own inputs are unknown."""

    through: Mapping[str, str] = attrs.field(factory=dict)
    unknown: frozenset[str] = frozenset()
    #: what only the test inputs bring (attr → the test input): the build has it, users do not
    tests: Mapping[str, str] = attrs.field(factory=dict)


class Closure:
    """The checkout's files as a graph of what each attribute brings (its runtime dependencies)."""

    def __init__(self, index: NixpkgsIndex, target: Target):
        self.index = index
        self.target = target
        self._written: dict[str, Optional[Written]] = {}

    def written(self, attr: str) -> Optional[Written]:
        """The facts of *attr*'s file, None when the checkout has none or it cannot be read."""
        if attr not in self._written:
            info = self.index.info(attr)
            found = None
            if info is not None and info.file is not None:
                try:
                    path = self.index.root / info.file
                    found = read_text(path.read_text(encoding="utf-8"), info.file, attr, self.target)[0]
                except (UserError, OSError, UnicodeDecodeError, RecursionError):
                    found = None
            self._written[attr] = found
        return self._written[attr]

    def brings(self, attr: str) -> Optional[set[str]]:
        """What *attr* propagates directly (with the extras it selects), None when unknown."""
        w = self.written(attr)
        if w is None:
            return None
        out: set[str] = set()
        deps = w.sections.get("dependencies")
        for entry in deps.entries if deps is not None else ():
            out.add(entry.attr)
            if entry.extra is not None:
                chosen = self.written(entry.attr)
                extra = chosen.sections.get(f"optional-dependencies.{entry.extra}") if chosen else None
                out |= set(extra.attrs) if extra is not None else set()
        return out

    def available(self, python: Iterable[str], other: Iterable[str] = ()) -> Available:
        """Everything the inputs bring, transitively, each with the input it comes through.

        *python* are inputs from the file's Python lists: one the checkout lacks is unknown (a
        partial checkout), not empty.  *other* are its other inputs (``nativeBuildInputs``…):
        one that is no python attribute here is a tool (``cargo``) and brings no Python package."""
        through: dict[str, str] = {}
        unknown: set[str] = set()
        python = set(python)
        for root in sorted(python | set(other)):
            stack, seen = [root], {root}
            while stack:
                attr = stack.pop()
                found = self.brings(attr)
                if found is None:
                    if attr != root or root in python or self.index.info(attr) is not None:
                        unknown.add(attr)
                    continue
                for dep in sorted(found - seen):
                    seen.add(dep)
                    through.setdefault(dep, root)
                    stack.append(dep)
        return Available(through, frozenset(unknown))


def available(closure: Closure, written: Written) -> Available:
    """What the build of *written* holds through its inputs (its lists, its other inputs and the
    extras it selects)."""
    python: set[str] = set()
    for section in written.sections.values():
        if not section.name.startswith("optional-dependencies."):
            python |= {e.attr for e in section.entries}
    found = closure.available(python, written.inputs - python)
    checks = closure.available((), written.check_inputs)
    tests = {
        a: via
        for a, via in {**{c: c for c in written.check_inputs}, **checks.through}.items()
        if a not in found.through
    }
    return attrs.evolve(found, tests=tests)


__all__ = ["Available", "Closure", "available"]
