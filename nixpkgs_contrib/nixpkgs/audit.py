"""``audit``: every python-modules file of a checkout compared with upstream's metadata at the
version the file has.

For each file whose release can be had (a folder of sdists, and the download cache), the
release is read and planned for the checkout's interpreters exactly as ``update`` does, and
:func:`.merge.compare` lists where the file and upstream disagree: dependencies the file lacks or
has in excess, conditions that differ or are dead, bounds the checkout's versions break without
``pythonRelaxDeps``, ``disabled`` against requires-python, extras.  Files are independent, so
they are audited in a process pool; each worker loads the index once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Optional

import attrs

from ..errors import UserError
from ..matrix import Target
from .index import PYTHON_MODULES, NixpkgsIndex, default_cache_dir
from .merge import Finding, compare


@attrs.frozen
class PackageAudit:
    """The findings of one file, or why it was not audited."""

    attr: str
    path: str
    version: Optional[str] = None
    findings: tuple[Finding, ...] = ()
    #: why the file was not compared (no release to compare with, a file the tool cannot read)
    skipped: Optional[str] = None
    #: why it was skipped: "source" (no release at hand), "read" (the release cannot be read
    #: statically, or planned), "file" (the nixpkgs file cannot be read), "bug" (ours)
    skip_kind: Optional[str] = None

    @property
    def needs_person(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def files_to_audit(index: NixpkgsIndex, names: Sequence[str]) -> list[tuple[str, str]]:
    """(attr, file) for *names*, or for every python-modules file once (the first attribute that
    names it, by name)."""
    if names:
        out = []
        for name in names:
            info = index.info(name)
            if info is None or info.file is None:
                hints = index.suggest(name)
                hint = f" (did you mean {' or '.join(hints)}?)" if hints else ""
                raise UserError(f"no python-modules file for {name}{hint}", path=index.root)
            out.append((name, info.file))
        return out
    from .update import module_files

    seen: dict[str, str] = {}
    for attr, rel in sorted(module_files(index).items()):
        if rel is not None and rel.startswith(PYTHON_MODULES + "/") and rel not in seen:
            seen[rel] = attr
    return sorted((attr, file) for file, attr in seen.items())


# --- one file (runs in a worker) ------------------------------------------------------------------

_INDEX: Optional[NixpkgsIndex] = None
_FOLDERS: tuple = ()
_TARGET: Optional[Target] = None
_CLOSURE = None


def _init(index: NixpkgsIndex, folders: Sequence[Path], target: Target) -> None:
    global _INDEX, _FOLDERS, _TARGET, _CLOSURE
    from .closure import Closure
    from .releases import SdistFolder

    _INDEX, _TARGET = index, target
    _FOLDERS = tuple(SdistFolder(f) for f in folders if f.is_dir())
    _CLOSURE = Closure(index, target)  # one per worker: files read once are read from memory


def audit_one(attr: str, rel: str) -> PackageAudit:
    """Compare one file with its release; never raises for a problem of the file or the release."""
    assert _INDEX is not None and _TARGET is not None
    try:
        return _audit(_INDEX, _FOLDERS, _TARGET, attr, rel)
    except UserError as exc:
        return PackageAudit(attr, rel, skipped=str(exc), skip_kind="source")
    except RecursionError:
        return PackageAudit(attr, rel, skipped="too deeply nested to read", skip_kind="file")
    except Exception as exc:  # a bug of ours, reported for this file; the others are still audited
        from .update import internal_error

        return PackageAudit(attr, rel, skipped=internal_error(exc), skip_kind="bug")


def _audit(index: NixpkgsIndex, folders: Sequence, target: Target, attr: str, rel: str) -> PackageAudit:
    from .declared import declare, plan
    from .pyfile import read_text
    from .releases import Wanted, same_version
    from .update import distribution_name

    path = index.root / rel
    try:
        written, _ = read_text(path.read_text(encoding="utf-8"), rel, attr, target)
    except (UserError, UnicodeDecodeError) as exc:
        return PackageAudit(attr, rel, skipped=str(exc), skip_kind="file")
    version = written.version
    if version is None and written.version_root is not None:
        version = index.version(written.version_root)
    if version is None:
        return PackageAudit(attr, rel, skipped=written.version_problem or "no version", skip_kind="file")
    name = distribution_name(written)
    release = next((r for r in (f.find(Wanted(name, version)) for f in folders) if r is not None), None)
    if release is None:
        return PackageAudit(attr, rel, version, skipped=f"no sdist of {name} {version}", skip_kind="source")
    try:
        project = _read(release, target, version)
        if not same_version(project.version, version):
            raise UserError(f"declares version {project.version}", path=release.label)
        declared = declare(plan(project, target), target, index)
    except UserError as exc:  # the release is there; our readers or planner cannot take it
        return PackageAudit(attr, rel, version, skipped=str(exc), skip_kind="read")
    from .closure import available

    return PackageAudit(attr, rel, version, compare(written, declared, target, available(_CLOSURE, written)))


# --- upstream facts, read once per release ---------------------------------------------------------

#: bump when what is cached changes shape or the readers change what they find
FACTS_FORMAT = 3


def facts_cache() -> Path:
    """Where the facts of releases read by ``audit`` are kept (``$XDG_CACHE_HOME/nixpkgs-contrib/facts``)."""
    return default_cache_dir() / "facts"


def _read(release, target: Target, version: str):
    """The release's project, read once: an sdist never changes, so its facts (for a target and
    this version of the tool) are kept in the cache, keyed by the file's path, size and mtime.
    Import names are not read: nothing compared depends on them, and a release whose packages
    cannot be found statically is still audited."""
    import hashlib
    import pickle

    from .. import __version__
    from ..upstream.project import read_project

    if release.sdist is None:
        return read_project(release.tree, target, version_hint=version, import_names=False, license=False)
    stat = release.sdist.stat()
    identity = (
        FACTS_FORMAT,
        __version__,
        str(release.sdist.resolve()),
        stat.st_size,
        stat.st_mtime_ns,
        target,
        version,
    )
    path = facts_cache() / f"{hashlib.sha256(repr(identity).encode()).hexdigest()}.pickle"
    try:
        with open(path, "rb") as fh:
            cached = pickle.load(fh)  # our own cache directory, written below
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        cached = None  # absent or stale: read the release
    if cached is None:
        try:
            cached = read_project(release.tree, target, version_hint=version, sdist_name=release.sdist.name, import_names=False, license=False)
        except UserError as exc:  # a release we cannot read stays unreadable: remember that too
            cached = exc
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.part")
            with open(tmp, "wb") as fh:
                pickle.dump(cached, fh)
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache makes the next audit slower, not wrong
    if isinstance(cached, UserError):
        raise cached
    return cached


# --- the whole checkout ---------------------------------------------------------------------------


def audit(
    index: NixpkgsIndex,
    targets: Sequence[tuple[str, str]],
    folders: Sequence[Path],
    target: Target,
    jobs: Optional[int] = None,
) -> list[PackageAudit]:
    """Every (attr, file) of *targets* audited, in their order; *jobs* processes (default: the
    machine's cores; 1 audits in this process)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(targets) < 2:
        _init(index, folders, target)
        return [audit_one(attr, rel) for attr, rel in targets]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(index, tuple(folders), target)) as pool:
        attrs_, rels = zip(*targets)
        return list(pool.map(audit_one, attrs_, rels, chunksize=max(1, len(targets) // (jobs * 8))))


def render(results: Iterable[PackageAudit], *, show_info: bool = True) -> str:
    """One header line per package with findings, one line per finding under it."""
    out = []
    for r in results:
        shown = [f for f in r.findings if show_info or f.severity == "error"]
        if not shown:
            continue
        out.append(f"{r.attr} {r.version}: {r.path}")
        for f in shown:
            where = f"{f.line}: " if f.line else ""
            out.append(f"  {where}{f.severity}: {f.kind}: {f.message}")
    return "\n".join(out) + ("\n" if out else "")


def summary(results: Sequence[PackageAudit]) -> dict:
    audited = [r for r in results if r.skipped is None]
    kinds: dict[str, int] = {}
    for r in audited:
        for f in r.findings:
            key = f"{f.severity}:{f.kind}"
            kinds[key] = kinds.get(key, 0) + 1
    return {
        "files": len(results),
        "audited": len(audited),
        "without_source": sum(1 for r in results if r.skip_kind == "source"),
        "release_unreadable": sum(1 for r in results if r.skip_kind == "read"),
        "unreadable": sum(1 for r in results if r.skip_kind == "file"),
        "internal_errors": sum(1 for r in results if r.skip_kind == "bug"),
        "needing_a_person": sum(1 for r in audited if r.needs_person),
        "findings": dict(sorted(kinds.items())),
    }


def to_json(results: Sequence[PackageAudit]) -> dict:
    return {
        "packages": [
            {
                "attr": r.attr,
                "path": r.path,
                "version": r.version,
                "skipped": r.skipped,
                "findings": [attrs.asdict(f) for f in r.findings],
            }
            for r in results
        ],
        "summary": summary(results),
    }


__all__ = [
    "FACTS_FORMAT",
    "PackageAudit",
    "audit",
    "facts_cache",
    "audit_one",
    "files_to_audit",
    "render",
    "summary",
    "to_json",
]
