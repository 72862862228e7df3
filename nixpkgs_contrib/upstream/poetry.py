"""poetry's ``[tool.poetry]`` tables → the fields PEP 621 would give.

Poetry constraints (``^1.2``, ``~1.2``, ``1.*``) are translated to PEP 440 specifiers exactly as
poetry-core does, and ``python``/``markers``/``optional`` keys become environment markers and extras.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Optional

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

from ..errors import MetadataError
from ..model import EntryPoint
from .requirements import extra_spellings, line_of, normalize_extra, parse_requirement, parse_specifier

_OP = re.compile(r"^\s*(\^|~=|~|==|!=|>=|<=|>|<|=)?\s*([^\s,]+)\s*$")


def _release(text: str) -> list[int]:
    try:
        return list(Version(text).release)
    except InvalidVersion:
        raise ValueError(text) from None


def constraint_to_specifier(constraint: str, interpreter: bool = False) -> str:
    """``^1.2.3`` → ``>=1.2.3,<2.0.0``; ``~1.2`` → ``>=1.2,<1.3``; ``*`` → ``""``; ``a || b`` as
    :func:`_union` says (*interpreter*: the constraint is on Python's own version)."""
    constraint = constraint.strip()
    if constraint in ("", "*"):
        return ""
    if "||" in constraint:
        return _union(constraint, interpreter)
    parts = [p for p in re.split(r"\s*,\s*|\s+(?=[<>=!^~])", constraint) if p]
    out: list[str] = []
    for part in parts:
        match = _OP.match(part)
        if not match:
            raise ValueError(part)
        op, version = match.group(1) or "", match.group(2)
        if op == "^":
            rel = _release(version)
            upper = list(rel)
            idx = next((i for i, v in enumerate(rel) if v != 0), len(rel) - 1)
            upper = rel[: idx + 1]
            upper[-1] += 1
            upper += [0] * (len(rel) - len(upper))
            out += [f">={version}", f"<{'.'.join(map(str, upper))}"]
        elif op == "~":
            rel = _release(version)
            keep = rel[:2] if len(rel) >= 2 else rel[:1]
            upper = list(keep)
            upper[-1] += 1
            out += [f">={version}", f"<{'.'.join(map(str, upper))}"]
        elif op in ("", "=") and "*" in version:
            out.append(f"=={version}")
        elif op in ("", "="):
            out.append(f"=={version}")
        else:
            out.append(f"{op}{version}")
    return ",".join(out)


def _union(constraint: str, interpreter: bool) -> str:
    """Poetry's ``a || b`` (either range) as one PEP 440 specifier set, only where the set admits
    exactly the versions the union does; otherwise ``ValueError`` saying why.

    Ranges that overlap join into one (``>=1,<3 || >=2,<4`` is ``>=1,<4``).  Ranges with a gap
    between them are no specifier set in general.  For Python's own version (*interpreter*) a gap
    of whole minor series is: ``^2.7 || ^3.6`` is ``>=2.7,<4.0,!=3.0.*,…,!=3.5.*``, the same
    answer for every final and post release; a pre-release of 3.6.0 differs, and no interpreter is
    probed as one (:func:`nixpkgs_contrib.conditions.disabled_condition` asks 3.N and 3.N.p).
    Ranges that touch (``^1.0 || ^2.0``) are one range to poetry-core, which merges them when it
    writes the wheel's metadata.  There is no Python 2.8 (PEP 404): a gap from 2.8 on starts at
    3.0."""
    ranges: list[tuple[Optional[Version], Optional[Version]]] = []
    for alternative in constraint.split("||"):
        spec = constraint_to_specifier(alternative)
        if not spec:
            return ""  # ``*`` admits everything
        ranges.append(_range(spec, alternative.strip()))
    ranges.sort(key=lambda r: (r[0] is not None, r[0] or Version("0")))
    merged = [ranges[0]]
    for low, high in ranges[1:]:
        last_low, last_high = merged[-1]
        if last_high is None or low is None or low <= last_high:
            merged[-1] = (last_low, None if last_high is None or high is None else max(last_high, high))
        else:
            merged.append((low, high))
    excluded: list[str] = []
    for (_, gap_low), (gap_high, _) in zip(merged, merged[1:]):
        assert gap_low is not None and gap_high is not None
        if not interpreter:
            raise ValueError(f"{constraint} (versions from {gap_low} to below {gap_high} are left out: no PEP 440 specifier set says that)")
        excluded += _minor_series(gap_low, gap_high, constraint)
    out = []
    if merged[0][0] is not None:
        out.append(f">={merged[0][0]}")
    if merged[-1][1] is not None:
        out.append(f"<{merged[-1][1]}")
    return ",".join(out + excluded)


def _range(spec: str, alternative: str) -> tuple[Optional[Version], Optional[Version]]:
    """``>=a,<b`` → (a, b), either side optional; plain releases only (no pre, post, dev, epoch)."""
    low = high = None
    for item in spec.split(","):
        match = re.fullmatch(r"(>=|<)(\d+(?:\.\d+)*)", item)
        if match is None or (match.group(1) == ">=" and low) or (match.group(1) == "<" and high):
            raise ValueError(f"{alternative} (in a || union only ranges of plain releases, >=a,<b, are read)")
        if match.group(1) == ">=":
            low = Version(match.group(2))
        else:
            high = Version(match.group(2))
    return low, high


def _minor_series(low: Version, high: Version, constraint: str) -> list[str]:
    """``!=M.m.*`` for each minor series from *low* to below *high* (Python versions)."""
    if low.major == 2 and low.release[1:] >= (8,):
        low = Version("3.0")  # PEP 404
    if low.release[2:].count(0) != len(low.release[2:]) or high.release[2:].count(0) != len(high.release[2:]) or low.major != high.major:
        raise ValueError(f"{constraint} (the Python versions from {low} to below {high} are no list of minor series)")
    return [f"!={low.major}.{minor}.*" for minor in range(low.minor, high.minor)]


def _python_marker(constraint: str) -> str:
    spec = constraint_to_specifier(constraint, interpreter=True)
    if not spec:
        return ""
    clauses = []
    for item in spec.split(","):
        match = re.match(r"(>=|<=|==|!=|>|<|~=)(.*)", item)
        assert match
        clauses.append(f'python_version {match.group(1)} "{match.group(2)}"')
    return " and ".join(clauses)


def _dependency(name: str, value: Any, where: str, text: str, *, group: bool = False) -> list[tuple[Requirement, bool]]:
    """(requirement, optional) for one entry; a list value means alternatives by marker.  A git,
    path or url source stops the read for the package's own dependencies; in a dependency *group*
    (development, tests: they become check inputs, named by attribute only) it is the distribution
    by name, as a monorepo's ``sibling = { path = "../sibling" }`` test requirement is."""
    entries = value if isinstance(value, list) else [value]
    out = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"version": entry}
        if not isinstance(entry, Mapping):
            raise MetadataError(f"dependency {name!r} has an unsupported form", path=where, line=line_of(text, name))
        if any(k in entry for k in ("git", "path", "url")):
            if not group:
                raise MetadataError(f"dependency {name!r} is not from an index (git/path/url); nixpkgs needs a packaged attribute", path=where, line=line_of(text, name))
            entry = {k: v for k, v in entry.items() if k in ("python", "markers", "extras")}
        try:
            spec = constraint_to_specifier(str(entry.get("version", "*")))
            markers = []
            if entry.get("python"):
                markers.append(_python_marker(str(entry["python"])))
        except ValueError as exc:
            raise MetadataError(f"dependency {name!r}: unsupported poetry constraint {exc}", path=where, line=line_of(text, name)) from None
        if entry.get("markers"):
            markers.append(f"({entry['markers']})")
        extras = entry.get("extras") or []
        text_req = name + (f"[{','.join(extras)}]" if extras else "") + spec
        marker = " and ".join(m for m in markers if m)
        if marker:
            text_req += f"; {marker}"
        out.append((parse_requirement(text_req, where, text), bool(entry.get("optional"))))
    return out


def _extras(
    declared: Mapping[str, Any], entries: list[tuple[str, Requirement, bool]]
) -> tuple[tuple[tuple[str, tuple[Requirement, ...]], ...], frozenset[str]]:
    """``[tool.poetry.extras]`` as poetry-core builds it (``Factory.configure_package``): each name
    picks the ``[tool.poetry.dependencies]`` entries of that name, optional or not, and a required
    entry an extra names becomes that extra's only (its metadata gains ``extra == …``, so pip no
    longer installs it without the extra); a name no entry has is left out.  Returns the extras and
    the keys of the required entries they took."""
    extras = []
    taken: set[str] = set()
    for extra, names in declared.items():
        wanted = {normalize_extra(re.split(r"[\[<>=!~ ]", str(n), maxsplit=1)[0]) for n in (names or ())}
        reqs = tuple(req for key, req, _ in entries if key in wanted)
        taken |= {key for key, _, is_optional in entries if key in wanted and not is_optional}
        extras.append((normalize_extra(extra), reqs))
    return tuple(extras), frozenset(taken)


def read(tree: Any, table: Mapping[str, Any], text: str) -> dict[str, Any]:
    """A poetry 1 project: ``[tool.poetry]`` holds all the metadata, so name and version must be there."""
    where = tree.display("pyproject.toml")
    if not table.get("version"):
        raise MetadataError("[tool.poetry] has no version", path=where)
    return {"name": str(table["name"]), "origin": ("pyproject.toml",), **fields(tree, table, text)}


def fields(tree: Any, table: Mapping[str, Any], text: str) -> dict[str, Any]:
    """The Metadata fields ``[tool.poetry]`` gives (poetry-core 2 also fills fields a ``[project]``
    table leaves out from here)."""
    where = tree.display("pyproject.toml")
    out: dict[str, Any] = {}
    if table.get("version"):
        out["version"] = str(table["version"])
    out["summary"] = table.get("description")
    out["license_text"] = str(table["license"]) if table.get("license") else None
    out["classifiers"] = tuple(table.get("classifiers", ()))
    urls = []
    for key, label in (("homepage", "Homepage"), ("repository", "Repository"), ("documentation", "Documentation")):
        if table.get(key):
            urls.append((label, str(table[key])))
    urls += [(str(k), str(v)) for k, v in (table.get("urls") or {}).items()]
    out["urls"] = tuple(urls)
    entries: list[tuple[str, Requirement, bool]] = []
    for name, value in (table.get("dependencies") or {}).items():
        if name.lower() == "python":
            try:
                out["requires_python"] = parse_specifier(constraint_to_specifier(str(value), interpreter=True) or None, where, text)
            except ValueError as exc:
                raise MetadataError(f"unsupported python constraint {exc}", path=where, line=line_of(text, str(value))) from None
            continue
        entries += [(normalize_extra(name), req, is_optional) for req, is_optional in _dependency(name, value, where, text)]
    extras, in_extras = _extras(table.get("extras") or {}, entries)
    out["dependencies"] = tuple(req for key, req, is_optional in entries if not is_optional and key not in in_extras)
    out["optional_dependencies"] = extras
    out["extra_spellings"] = extra_spellings(table.get("extras") or {})
    out["entry_points"] = tuple(
        EntryPoint(k, v if isinstance(v, str) else str(v.get("reference", v.get("callable", ""))))
        for k, v in (table.get("scripts") or {}).items()
    )
    groups = []
    for group, body in (table.get("group") or {}).items():
        reqs = []
        for name, value in (body.get("dependencies") or {}).items():
            reqs += [r for r, _ in _dependency(name, value, where, text, group=True)]
        groups.append((normalize_extra(group), tuple(reqs)))
    dev = table.get("dev-dependencies")
    if dev:
        reqs = []
        for name, value in dev.items():
            reqs += [r for r, _ in _dependency(name, value, where, text, group=True)]
        groups.append(("dev", tuple(reqs)))
    out["dependency_groups"] = tuple(groups)
    return out
