"""When an unknown value may be ignored, and when it must stop the read: decided here, once.

The evaluator never guesses a value.  What it cannot know becomes an :class:`~.values.Unresolved`
marker carrying the reason and ``file:line``.  These rules say what happens next; every other module
asks this one.

1. **Carry, don't raise.**  An unknown value flows through variables, containers and calls; it raises
   only when something needs it.  A statement that needs one and cannot run makes the names it
   would have written unknown, and the program goes on, unless skipping it could change where
   execution goes (:func:`skipped_statement_stops`).
2. **An unknown condition runs both ways.**  ``if <unknown>:`` (and ``a if <unknown> else b``)
   evaluates both branches and merges what they leave: what is equal stays known, what differs
   becomes unknown (``ext_modules`` chosen by ``CC`` is unknown; ``name`` and
   ``install_requires`` next to it are not); two setup() calls merge keyword by keyword.  The read
   stops only when the two paths disagree on where execution goes: one returns, breaks out or calls
   setup() and the other does not (:func:`merge_flow`), or when more than
   :data:`~.budget.MAX_FORKS` unknown conditions nest.
3. **The build we package is one that succeeds.**  A path that certainly raises or exits
   (``raise RuntimeError("cppy is missing")``, ``sys.exit()``) under a condition we cannot know is
   not the path of a working build, so the other path is the answer (:func:`merge_flow`).  An
   *explicit* abort under a condition we do know (``sys.version_info < (3, 10)``) is a fact: that
   interpreter is not supported (:class:`~.call.SetupAborted`).
4. **Modules outside the project** (build dependencies such as Cython, cppy, setuptools_scm) are
   importable in a working build (rule 3), but what they compute is unknown.  Under
   ``try: import X / except ImportError:`` both paths are evaluated (rule 2), because whether X is
   installed at build time is not known.
5. **What setup.py is run as**: nixpkgs builds a wheel through the project's PEP 517 backend
   (``setuptools.build_meta``, or its legacy variant without ``build-backend``), which runs
   ``setup.py bdist_wheel --dist-dir ...``; that is ``sys.argv`` (:mod:`.environment`).  The
   interpreter and system are the environment's.  An environment variable the build does not set
   is unset (the expression we emit sets none); one the builder, stdenv, the Python hooks or a
   derivation attribute sets, or one the program may set itself, is unknown
   (:func:`.environment.variable`).
6. **Which setup() keywords matter** (:data:`KEYWORDS`): an unknown value of a keyword that makes
   the package (name, version, requirements, requires-python, packages, entry points, licence)
   stops the read when the reader asks for it; an unknown ``ext_modules``/``cffi_modules``/
   ``rust_extensions`` means "has extensions"; any other keyword (descriptions, URLs, commands,
   package data ...) reads as absent when unknown, and later sources (PKG-INFO) may fill it.
7. **A keyword one unknown condition chose between two known values** (its *choices*, rule 2) is
   still read where what the condition changes cannot matter (:func:`settle`):
   ``setup_requires`` is what either path asks for, together: the build we package then succeeds
   whichever path it takes (rule 3; a project that adds ``cython`` when it cannot import it);
   ``install_requires``/``extras_require`` are read when both values give the same requirements,
   markers evaluated, in the environment being read (humanfriendly's ``extras_require`` depends on
   whether ``pkg_resources`` imports, and both forms give nothing on any interpreter of the
   target).  Anything else stays unknown.
"""

from __future__ import annotations

import ast
import enum
from typing import Any, Optional

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement

from ...errors import UnresolvableError
from ...matrix import Environment
from . import flow
from .unresolved import Unresolved


class Role(enum.Enum):
    """What an unknown value of a setup() keyword does."""

    METADATA = "stops the read when asked for"
    PRESENCE = "counts as present"
    INFORMATIONAL = "reads as absent"


#: Rule 6.  Keywords not listed are informational.
KEYWORDS: dict[str, Role] = {
    **{k: Role.METADATA for k in (
        "name", "version", "install_requires", "extras_require", "python_requires", "setup_requires",
        "packages", "package_dir", "py_modules", "entry_points", "scripts",
        "license", "license_expression", "classifiers",
    )},
    **{k: Role.PRESENCE for k in ("ext_modules", "cffi_modules", "rust_extensions")},
}


def role(keyword: str) -> Role:
    return KEYWORDS.get(keyword, Role.INFORMATIONAL)


def keyword_value(
    keyword: str, value: Any, default: Any, path: str, line: int, required: bool = False, environment: Optional[Environment] = None
) -> Any:
    """Rules 6 and 7: the value a reader gets for *keyword* (*default* when absent).  A reader that
    *requires* the keyword gets the error whatever its role."""
    if not isinstance(value, Unresolved):
        return value
    settled = settle(keyword, value, environment)
    if settled is not None:
        return settled
    if role(keyword) is Role.INFORMATIONAL and not required:
        return default
    if value.path is None:
        raise UnresolvableError(f"{keyword}= cannot be read statically: {value.reason}", path=path, line=line)
    raise UnresolvableError(f"{keyword}= cannot be read statically: {value.reason}", path=value.path, line=value.line)


def settle(keyword: str, value: Unresolved, environment: Optional[Environment]) -> Any:
    """Rule 7: the value of *keyword* that one unknown condition chose between two known values,
    where that choice cannot matter; None where it can (the value stays unknown)."""
    if value.choices is None or not value.choices.valid:
        return None
    first, second = value.choices.values
    if keyword == "setup_requires":
        both = [_requirement_lines(first), _requirement_lines(second)]
        if both[0] is None or both[1] is None:
            return None
        return list(dict.fromkeys([*both[0], *both[1]]))
    if keyword in ("install_requires", "extras_require") and environment is not None:
        wanted = _effective_requirements(keyword, first, environment)
        if wanted is not None and wanted == _effective_requirements(keyword, second, environment):
            return first
    return None


def _requirement_lines(value: Any) -> Optional[list[str]]:
    """A requirement list in either form setuptools accepts (a list, or one string a line)."""
    items = value.splitlines() if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        return None
    return [i.strip() for i in items if i.strip() and not i.strip().startswith("#")]


def _effective_requirements(keyword: str, value: Any, env: Environment) -> Optional[dict[str, frozenset[str]]]:
    """What pip would install for each extra (``""``: always) in *env*: requirement texts without
    their markers, only those whose markers hold."""
    groups = {"": value} if keyword == "install_requires" else value
    if not isinstance(groups, dict):
        return None
    out: dict[str, set[str]] = {}
    for key, items in groups.items():
        if not isinstance(key, str):
            return None
        extra, _, condition = key.partition(":")
        lines = _requirement_lines(items)
        if lines is None:
            return None
        marker_env = env.marker_environment(extra.strip())
        selected = out.setdefault(extra.strip(), set())
        try:
            if condition.strip() and not Marker(condition).evaluate(marker_env):
                continue
            for line in lines:
                req = Requirement(line)
                if req.marker is None or req.marker.evaluate(marker_env):
                    req.marker = None
                    selected.add(str(req))
        except (InvalidMarker, InvalidRequirement):
            return None
    if not out.get("", True):
        del out[""]  # no unconditional requirement either way
    return {extra: frozenset(reqs) for extra, reqs in out.items()}


def has_extensions(keywords: dict[str, Any]) -> bool:
    """Rule 6: extension keywords that are unknown count as present."""
    return any(isinstance(keywords[k], Unresolved) or bool(keywords[k]) for k in KEYWORDS if role(k) is Role.PRESENCE and k in keywords)


# --------------------------------------------------------------------------------------------------
# Rules 2 and 3: two paths under an unknown condition


class Ending(enum.Enum):
    """How a path through a block ended."""

    NORMAL = "went on"
    RETURN = "returned"
    BREAK = "broke out of the loop"
    CONTINUE = "continued the loop"
    RAISED = "raised or exited"
    UNKNOWN = "could not be evaluated"


def merge_flow(first: Ending, second: Ending) -> Optional[str]:
    """Which path(s) describe the build: ``"both"`` (merge them), ``"first"`` or ``"second"`` (the
    other one raises: rule 3), or None when the unknown condition decides where execution goes and
    the read of this block must stop."""
    if first is Ending.UNKNOWN or second is Ending.UNKNOWN:
        return None
    if first is Ending.RAISED and second is Ending.RAISED:
        return "first"  # both fail: the program's exception goes on
    if first is Ending.RAISED:
        return "second"
    if second is Ending.RAISED:
        return "first"
    return "both" if first is second else None


# --------------------------------------------------------------------------------------------------
# Rules 1 and 3: a statement that cannot be evaluated, an exception nobody catches


def skipped_statement_stops(stmt: ast.stmt, setup_callers: frozenset[str]) -> bool:
    """Rule 1: a statement that cannot be evaluated is skipped (the names it writes become unknown)
    unless skipping it could change where execution goes (a return, break, or reaching setup())."""
    return flow.decides_flow(stmt, setup_callers)


class Uncaught(enum.Enum):
    ABORT = "setup.py aborts in this environment"
    STOP = "setup() cannot be reached"
    SKIP = "skip the statement, its names become unknown"


def uncaught(explicit: bool, in_setup_py: bool, reaches_setup: bool) -> Uncaught:
    """An exception no ``try`` of the program catches, at the top level of a module.  In setup.py an
    explicit raise/exit is the project refusing this interpreter or system (rule 3); a failing
    operation on the way to setup() means setup() is not reached; anywhere else the statement is
    skipped like one that cannot be evaluated (rule 1)."""
    if in_setup_py and explicit:
        return Uncaught.ABORT
    if in_setup_py and reaches_setup:
        return Uncaught.STOP
    return Uncaught.SKIP
