"""The text of ``--explain``: why each *conditional* dependency got the Nix condition it has.

A dependency is conditional when upstream wrote a marker for it or lists it on some environments
only (``setup.py`` branching on ``sys.version_info``).  Unconditional ones need no explanation and
are only counted: a package such as celery has dozens of them, and printing a full truth table for
each buried the few that matter.  Conditions are shown exactly as the package file writes them
(:func:`nix.condition`), which is why this lives on the render side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from packaging.requirements import InvalidRequirement, Requirement

from ..matrix import Environment, Target, python_key
from ..plan import Plan, Reason
from . import nix


def is_conditional(reason: Reason, target: Target) -> bool:
    """Did upstream make this dependency depend on the environment (a marker, or per-environment
    lists)?"""
    if any(_marker(text) for text in reason.requirements):
        return True
    return not all(reason.table.get(env, False) for env in target.environments if env not in reason.dont_care)


def explain(plan: Plan, target: Target) -> str:
    """``--explain`` for one package: its conditional dependencies, then a count of the others."""
    package = plan.package
    conditional = [r for r in plan.reasons if is_conditional(r, target)]
    plain = len(plan.reasons) - len(conditional)
    head = f"{package.attr} {package.version}: "
    if not plan.reasons:
        return head + "no dependencies\n"
    head += _count(len(conditional), "conditional dependency", "conditional dependencies")
    head += f"; {_count(plain, 'unconditional one', 'unconditional ones')} not shown" if plain else ""
    blocks = [head] + [_block(r, target) for r in conditional]
    return "\n\n".join(blocks) + "\n"


def _block(reason: Reason, target: Target) -> str:
    lines = [f"[{reason.section}] {reason.attr}"]
    markers = [text for text in reason.requirements if _marker(text)]
    if markers:
        lines += [f"  upstream: {text}" for text in markers]
    else:
        listed = ", ".join(reason.requirements) or reason.attr
        lines.append(f"  upstream: {listed} (listed on some interpreters or systems only, no marker)")
    enabled = {env: on for env, on in reason.table.items() if env not in reason.dont_care}
    lines.append(f"  needed on: {where(enabled, target)}")
    if reason.dont_care:
        off = sorted({env.python for env in reason.dont_care}, key=python_key)
        lines.append(f"  not planned for: {', '.join(off)} (disabled: requires-python excludes it)")
    cond = reason.condition
    if cond.is_never and any(reason.table.get(env, False) for env in reason.dont_care):
        lines.append("  nix: left out (needed only where the package is disabled)")
    elif cond.is_never:
        lines.append("  nix: left out (needed nowhere on the target)")
    elif cond.is_always:
        where_ = "wherever the package is enabled" if reason.dont_care else "everywhere on the target"
        lines.append(f"  nix: unconditional (the marker holds {where_})")
    else:
        lines.append(f"  nix: {nix.condition(cond)}")
    return "\n".join(lines)


def where(table: Mapping[Environment, bool], target: Target) -> str:
    """The true cells of *table*, compactly: ``3.9, 3.10 (every system); 3.11 (x86_64-linux)``."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for python in target.pythons:
        systems = tuple(s for s in target.systems if table.get(Environment(python, s), False))
        if systems:
            groups.setdefault(systems, []).append(python)
    if not groups:
        return "nowhere on the target"
    parts = []
    for systems, pythons in groups.items():
        on = "every system" if systems == tuple(target.systems) else ", ".join(systems)
        parts.append(f"{', '.join(pythons)} ({on})")
    return "; ".join(parts)


def _marker(text: str) -> bool:
    try:
        return Requirement(text).marker is not None
    except InvalidRequirement:
        return ";" in text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def explain_all(plans: Sequence[Plan], target: Target) -> str:
    """``--explain`` for every package, blank-line separated."""
    return "\n".join(explain(p, target) for p in plans)


__all__ = ["explain", "explain_all", "is_conditional", "where"]
