"""``update`` on files nixpkgs already has: find the file (and its family), get the old and new
releases, and merge upstream's changes into the file's text.

The steps, each a function of values except where a release is read:

1. :func:`resolve` finds the file of an attribute through the checkout's index, and the family it
   belongs to: files that ``inherit (root) version src`` are updated together with their root;
2. :func:`plan_update` reads the old and the new release of every file of the family, plans both
   for the checkout's interpreters (:mod:`.declared`), merges (:mod:`.merge`) and writes the
   decisions, the version and the hash into each file's text (:mod:`.rewrite`);
3. the caller shows :func:`report` and the diff, writes the texts, or commits them.

Whatever the tool cannot read where it has to edit (a computed version, a ``src`` it cannot
follow, a list built by a function) stops everything with one line naming the file, the line and
the binding (:class:`~.pyfile.Refused`): a half-updated family is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Optional

import attrs
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..errors import NixpkgsError, SourceError, UserError
from ..matrix import Target
from ..nixsyntax import NixSyntaxError, parse, query
from ..plan import validate_hash
from ..render import nix
from . import rewrite
from .declared import Declared, declare, plan
from .index import PYTHON_ALIASES, PYTHON_MODULES, PYTHON_PACKAGES, NixpkgsIndex
from .merge import DepChange, DisabledChange, Merge, RelaxChange, merge
from .pyfile import Refused, Written, changelog_for, read_text
from .releases import Release, Releases, Wanted, parse_sdist_name, same_version, sdist_sri
from .tags import TagScheme, newer_tags, scheme_of

#: ``python3Packages.flask``, ``python313Packages.flask``, ``python3.pkgs.flask`` → ``flask``
_SET_PREFIX = re.compile(r"^(?:python\d*Packages|python\d*\.pkgs|pythonPackages)\.")


# --- the file and its family ----------------------------------------------------------------------


@attrs.frozen
class Member:
    """One file of an update: its attribute, checkout-relative path, text and facts."""

    attr: str
    path: str
    text: str
    written: Written


@attrs.frozen
class Family:
    """A root file and the files that ``inherit (root) version src``."""

    root: Member
    members: tuple[Member, ...] = ()
    #: files that inherit only the root's ``src`` (their own version): not updated, said
    src_only: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[Member, ...]:
        return (self.root, *self.members)


def attribute(name: str) -> str:
    """The python-packages attribute a command-line name means."""
    return _SET_PREFIX.sub("", name)


def read_member(index: NixpkgsIndex, attr: str, target: Target) -> Member:
    """The file of *attr*: one line naming what is wrong when the checkout has no such file."""
    info = index.info(attr)
    if info is None:
        alias = index.alias(attr)
        if alias:
            raise NixpkgsError(
                f"{attr} is an alias of {alias} (python-aliases.nix); update {alias}", path=index.root / PYTHON_ALIASES
            )
        hints = index.suggest(attr)
        hint = f" (did you mean {' or '.join(hints)}?)" if hints else ""
        raise NixpkgsError(f"no python attribute {attr}{hint}", path=index.root / PYTHON_PACKAGES)
    if info.file is None:
        raise NixpkgsError(
            f"{attr} is not one python-modules file ({info.version_note}); update it by hand",
            path=index.root / PYTHON_PACKAGES,
        )
    text = (index.root / info.file).read_text(encoding="utf-8")
    written, _ = read_text(text, str(index.root / info.file), attr, target)
    return Member(attr, info.file, text, written)


def module_files(index: NixpkgsIndex) -> Mapping[str, Optional[str]]:
    """attribute → its file, without reading any file (the index reads a package's file, for its
    version, when the package is asked for)."""
    files = getattr(index.packages, "files", None)
    return files if files is not None else {attr: info.file for attr, info in index.packages.items()}


def resolve(index: NixpkgsIndex, attr: str, target: Target) -> Family:
    """The family *attr* belongs to: itself, or (when it inherits its version) its root with
    every file that inherits the root's version and source."""
    member = read_member(index, attr, target)
    root = member
    if member.written.version_root is not None:
        root = read_member(index, member.written.version_root, target)
        if root.written.version_root is not None:
            raise Refused(
                f"version: inherited from {member.written.version_root}, which inherits its own; update it by hand",
                path=member.written.path,
                line=member.written.version_line,
            )
    members: list[Member] = []
    src_only: list[str] = []
    for other, rel in sorted(module_files(index).items()):
        if other == root.attr or rel is None or not rel.startswith(PYTHON_MODULES + "/"):
            continue
        path = index.root / rel
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        try:
            if not query.inherits_from(text, root.attr, str(path)):
                continue
        except NixSyntaxError:
            pass  # it names the root and might inherit from it: read_text reports the error, one line
        written, _ = read_text(text, str(path), other, target)
        if written.version_root == root.attr and written.source.root == root.attr:
            members.append(Member(other, rel, text, written))
        elif written.source.root == root.attr:
            src_only.append(other)
    return Family(root, dependency_order(members), tuple(src_only))


def dependency_order(members: Sequence[Member]) -> tuple[Member, ...]:
    """Members after the members they list as dependencies (alphabetical otherwise), so each
    commit of a series has what it needs."""
    by_attr = {m.attr: m for m in sorted(members, key=lambda m: m.attr)}
    needs = {
        attr: {a for s in m.written.sections.values() for a in s.attrs if a in by_attr and a != attr}
        for attr, m in by_attr.items()
    }
    out: list[Member] = []
    placed: set[str] = set()
    while len(out) < len(by_attr):
        ready = [a for a in by_attr if a not in placed and needs[a] <= placed]
        pick = ready[0] if ready else next(a for a in by_attr if a not in placed)  # a cycle: alphabetical
        out.append(by_attr[pick])
        placed.add(pick)
    return tuple(out)


# --- releases -------------------------------------------------------------------------------------


def distribution_name(written: Written) -> str:
    """The name the releases are published under: fetchPypi's pname, else the derivation's."""
    return written.source.pname or written.pname or written.attr


def tag_scheme(written: Written) -> Optional[TagScheme]:
    src = written.source
    if src.fetcher != "fetchFromGitHub" or src.tag_prefix is None:
        return None
    return TagScheme(src.tag_prefix, src.tag_suffix)


def wanted(family: Family, member: Member, version: str) -> Wanted:
    src = family.root.written.source
    tag = src.tag(version) if src.fetcher == "fetchFromGitHub" else None
    github = (src.owner, src.repo) if src.owner and src.repo else None
    return Wanted(distribution_name(member.written), version, tag, member.written.subdir, github)


def _names(member: Member) -> set[str]:
    w = member.written
    return {canonicalize_name(n) for n in (w.pname, w.source.pname, w.attr) if n}


def _read_release(release: Release, target: Target, version: str, member: Member):
    """The project of *release*, checked to be *member*'s package at *version*."""
    from ..upstream.project import read_project

    sdist_name = release.sdist.name if release.sdist is not None else None
    # no import names: nothing update merges depends on them (a release whose packages cannot be
    # found statically can still be merged)
    project = read_project(release.tree, target, version_hint=version, sdist_name=sdist_name, import_names=False, license=False)
    if canonicalize_name(project.name) not in _names(member):
        raise SourceError(
            f"is {project.name} {project.version}, not {member.written.pname or member.attr} (the package of {member.path})",
            path=release.label,
        )
    if not same_version(project.version, version):
        raise SourceError(f"declares version {project.version}, not {version}", path=release.label)
    return project


def _new_hash(family: Family, releases: Releases, new_release: Release, version: str, given: Optional[str]) -> str:
    root = family.root.written
    src = root.source
    where = {"path": root.path, "line": src.line}
    if given is not None:
        return validate_hash(given)
    known = {
        "fetchPypi": {"pname", "version", "hash", "sha256", "extension"},
        "fetchFromGitHub": {"owner", "repo", "tag", "rev", "hash", "sha256"},
    }
    unusual = [a for a in src.extra_arguments if a not in known.get(src.fetcher, ())]
    if unusual:
        raise Refused(
            f"src: {src.fetcher} with {', '.join(unusual)}: the tool cannot compute its hash; pass --hash SRI", **where
        )
    if src.fetcher == "fetchPypi":
        expected = f"{src.pname}-{version}.{src.extension or 'tar.gz'}"
        if new_release.sdist is None:
            raise Refused(
                f"src: fetchPypi needs the hash of {expected}: pass --hash SRI, --sdists DIR or the sdist as --source",
                **where,
            )
        if new_release.sdist.name != expected and pypi_pname(root, new_release, version) is None:
            raise Refused(
                f"src: fetchPypi would fetch {expected}, but the release's sdist is {new_release.sdist.name}; "
                "set pname (and extension) in fetchPypi by hand",
                **where,
            )
        digest = sdist_sri(new_release)
        assert digest is not None
        return digest
    digest = releases.tag_hash(wanted(family, family.root, version))
    if digest is None:
        raise Refused(
            f"src: no hash for tag {src.tag(version)!r}: pass --hash SRI, or --source a clone that has the tag (hashed offline)",
            **where,
        )
    return digest


def pypi_pname(root: Written, release: Release, version: str) -> Optional[str]:
    """The project part of the new sdist's file name, when it only spells the one fetchPypi
    builds differently (PEP 625 renamed ``google-cloud-core-2.4.3.tar.gz`` to
    ``google_cloud_core-2.8.0.tar.gz``); None when the name is what fetchPypi builds, or is
    another project's, or the extension changed too."""
    src = root.source
    if release.sdist is None or src.pname is None:
        return None
    parsed = parse_sdist_name(release.sdist.name)
    extension = release.sdist.name[len(f"{parsed[0]}-{parsed[1]}") :] if parsed else ""
    if parsed is None or parsed[0] == src.pname or extension != f".{src.extension or 'tar.gz'}":
        return None
    return parsed[0] if canonicalize_name(parsed[0]) == canonicalize_name(src.pname) else None


# --- the update -----------------------------------------------------------------------------------


@attrs.frozen
class FileUpdate:
    """One file before and after, and why."""

    attr: str
    path: str
    old_version: str
    new_version: str
    before: str
    after: str
    merge: Merge
    #: the old release could be read (otherwise nothing was removed, see merge.held)
    with_base: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


@attrs.frozen
class Update:
    """A family moved from one version to another."""

    root: str
    old_version: str
    new_version: str
    files: tuple[FileUpdate, ...]
    #: a link to upstream's changes: the compare view of the two tags, or the changelog
    compare: Optional[str] = None
    changelog: Optional[str] = None
    notes: tuple[str, ...] = ()


def _check_versions(old: str, new: str, root: Written) -> None:
    try:
        if Version(new) < Version(old):
            raise UserError(f"version {new} is older than the file's {old}", path=root.path, line=root.version_line)
    except InvalidVersion:
        pass


def newest_version(family: Family, releases: Releases) -> str:
    root = family.root
    found = releases.latest(wanted(family, root, root.written.version or ""), tag_scheme(root.written))
    if found is None:
        raise SourceError(f"no release of {distribution_name(root.written)} found; pass --version", path=releases.label)
    return found


def plan_update(
    family: Family,
    releases: Releases,
    index: NixpkgsIndex,
    target: Target,
    *,
    version: Optional[str] = None,
    hash: Optional[str] = None,
) -> Update:
    """The new text of every file of *family* at *version* (default: the newest release)."""
    root = family.root.written
    if root.version is None:
        raise Refused(root.version_problem or "version: not a literal", path=root.path, line=root.version_line)
    if root.source.problem is not None and not (hash and root.source.fetcher in ("fetchPypi", "fetchFromGitHub")):
        raise Refused(f"src: {root.source.problem}", path=root.path, line=root.source.line)
    old = root.version
    new = version or newest_version(family, releases)
    _check_versions(old, new, root)
    if new == old:
        files = tuple(
            FileUpdate(m.attr, m.path, old, new, m.text, m.text, Merge((), (), (), (), ()), True) for m in family.files
        )
        return Update(family.root.attr, old, new, files, notes=(f"{family.root.attr} is already at {new}",))
    notes: list[str] = [
        f"{a} inherits only the src of {family.root.attr}: its version is its own, not updated" for a in family.src_only
    ]

    releases_new, releases_old = {}, {}
    for m in family.files:
        found = releases.find(wanted(family, m, new))
        if found is None:
            raise SourceError(f"has no release {new} of {distribution_name(m.written)}", path=releases.label)
        releases_new[m.attr] = found
        releases_old[m.attr] = releases.find(wanted(family, m, old))
    digest = _new_hash(family, releases, releases_new[family.root.attr], new, hash)

    new_projects = {m.attr: _read_release(releases_new[m.attr], target, new, m) for m in family.files}
    old_projects = {}
    for m in family.files:
        release = releases_old[m.attr]
        if release is None:
            notes.append(f"{m.attr}: no release {old} in {releases.label}: nothing removed, would-be removals listed")
            continue
        try:
            old_projects[m.attr] = _read_release(release, target, old, m)
        except UserError as exc:
            notes.append(f"{m.attr}: the old release cannot be read ({exc}): nothing removed")
    siblings = {canonicalize_name(p.name): attr for attr, p in new_projects.items()}
    members = frozenset(siblings.values())
    files = []
    for m in family.files:
        ours = declare(plan(new_projects[m.attr], target, siblings), target, index, members)
        base = None
        if m.attr in old_projects:
            old_siblings = {canonicalize_name(p.name): attr for attr, p in old_projects.items()}
            base = declare(plan(old_projects[m.attr], target, old_siblings), target, index, members)
        is_root = m is family.root
        if is_root and hash is None and root.source.fetcher == "fetchPypi":
            rename = pypi_pname(root, releases_new[m.attr], new)
        else:
            rename = None
        files.append(
            update_file(
                m,
                base,
                ours,
                target,
                new,
                digest if is_root else None,
                set_version=is_root,
                old_version=old,
                pypi_pname=rename,
            )
        )
    src = root.source
    compare = None
    if src.fetcher == "fetchFromGitHub" and src.owner and src.repo:
        compare = f"https://github.com/{src.owner}/{src.repo}/compare/{src.tag(old)}...{src.tag(new)}"
    return Update(
        family.root.attr,
        old,
        new,
        tuple(files),
        compare=compare,
        changelog=changelog_for(root, new),
        notes=tuple(notes),
    )


def update_file(
    member: Member,
    base: Optional[Declared],
    ours: Declared,
    target: Target,
    version: str,
    digest: Optional[str],
    *,
    set_version: bool,
    old_version: Optional[str] = None,
    pypi_pname: Optional[str] = None,
) -> FileUpdate:
    """*member*'s text with upstream's move from *base* to *ours* merged in (and the version and
    hash set, for a root)."""
    written = member.written
    merged = merge(base, written, ours, target)
    if merged.refused:
        o = merged.refused[0]
        raise Refused(
            f"{o.binding}: {o.reason}; upstream's changes would have to edit it", path=written.path, line=o.line
        )
    text = member.text
    path = written.path
    if set_version:
        text = rewrite.set_version(text, path, version)
    if digest is not None:
        text = rewrite.set_hash(text, path, digest)
    if pypi_pname is not None:
        text = rewrite.set_pypi_pname(text, path, pypi_pname)
    text = rewrite.apply_changes(text, path, merged.changes, target)
    try:
        parse(text, path)
    except NixSyntaxError as exc:  # pragma: no cover - a bug of ours, never the user's
        raise UserError(
            f"internal error: the updated file does not parse ({exc.message}); please report this bug", path=path
        ) from None
    old = old_version or written.version or "?"
    return FileUpdate(member.attr, member.path, old, version, member.text, text, merged, base is not None)


# --- what to tell the person ----------------------------------------------------------------------


def internal_error(exc: BaseException) -> str:
    """One line for an unexpected error: ours, not the user's (where it happened, to report)."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    at = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where is not None else ""
    return f"internal error ({type(exc).__name__}: {exc}{at}); please report this bug of nixpkgs-contrib"


def change_lines(file: FileUpdate, target: Target) -> list[str]:
    """The dependency changes of one file, one line each: what upstream changed (``+``, ``-``,
    ``~``), what the file got (pythonRelaxDeps, disabled), what needs a person (``!``) and what
    was held back for lack of the old release (``?``)."""

    m = file.merge
    lines = [f"  {move.line()}" for move in m.moves]
    if not file.with_base:
        for c in m.dependency_changes:
            cond = "" if c.condition is None or c.condition.is_always else f" when {nix.condition(c.condition)}"
            lines.append(f"  + {c.section}: {c.attr}{cond} (the new release declares it)")
    for c in m.changes:
        if isinstance(c, RelaxChange):
            sign = "+" if c.action == "add" else "-"
            lines.append(f"  {sign} pythonRelaxDeps: {c.distribution} ({c.reason})")
        elif isinstance(c, DisabledChange):
            lines.append(f"  ~ disabled: {'removed' if c.condition.is_never else nix.condition(c.condition)}")
    lines += [f"  ! {text}" for text in m.conflicts]
    lines += [f"  ? {text}" for text in m.held]
    lines += [f"  note: {text}" for text in m.notes]
    return lines


def report(update: Update, target: Target) -> str:
    out: list[str] = []
    for f in update.files:
        out.append(f"{f.attr}: {f.old_version} -> {f.new_version}")
        lines = change_lines(f, target)
        out += lines or ["  dependencies unchanged"]
    return "\n".join(out) + "\n" if out else ""


def needs_person(update: Update) -> bool:
    return any(f.merge.conflicts for f in update.files)


def commit_body(update: Update) -> str:
    """The body nix-update writes: the compare view and the changelog, when known."""
    parts = []
    if update.compare:
        parts.append(f"Diff: {update.compare}")
    if update.changelog:
        parts.append(f"Changelog: {update.changelog}")
    return "\n\n".join(parts)


def diff(file: FileUpdate) -> str:
    """The unified diff of one file, as ``--dry-run`` prints it."""
    import difflib

    return "".join(
        difflib.unified_diff(
            file.before.splitlines(keepends=True),
            file.after.splitlines(keepends=True),
            f"a/{file.path}",
            f"b/{file.path}",
        )
    )


def to_json(update: Update, target: Target) -> dict:
    return {
        "root": update.root,
        "old": update.old_version,
        "new": update.new_version,
        "compare": update.compare,
        "changelog": update.changelog,
        "notes": list(update.notes),
        "files": [
            {
                "attr": f.attr,
                "path": f.path,
                "changed": f.changed,
                "with_old_release": f.with_base,
                "upstream": [attrs.asdict(m) for m in f.merge.moves],
                "changes": [_change_json(c) for c in f.merge.changes],
                "needs_person": list(f.merge.conflicts),
                "held": list(f.merge.held),
                "notes": list(f.merge.notes),
                "diff": diff(f),
            }
            for f in update.files
        ],
    }


def _change_json(c) -> dict:
    if isinstance(c, DepChange):
        cond = None if c.condition is None or c.condition.is_always else nix.condition(c.condition)
        return {"kind": "dependency", "section": c.section, "attr": c.attr, "action": c.action, "condition": cond}
    if isinstance(c, RelaxChange):
        return {"kind": "pythonRelaxDeps", "distribution": c.distribution, "action": c.action, "reason": c.reason}
    return {"kind": "disabled", "condition": None if c.condition.is_never else nix.condition(c.condition)}


__all__ = [
    "Family",
    "FileUpdate",
    "Member",
    "TagScheme",
    "Update",
    "attribute",
    "change_lines",
    "commit_body",
    "diff",
    "internal_error",
    "module_files",
    "needs_person",
    "newer_tags",
    "plan_update",
    "read_member",
    "report",
    "resolve",
    "scheme_of",
    "to_json",
    "update_file",
]
