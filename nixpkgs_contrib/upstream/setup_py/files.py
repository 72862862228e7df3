"""Files and paths, always through the :class:`~nixpkgs_contrib.upstream.tree.SourceTree`: ``open``
(read-only), file methods, ``pathlib.Path`` attributes and glob.  A path that leaves the project
tree is unresolvable; nothing outside the tree is ever read."""

from __future__ import annotations

import codecs
import fnmatch
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

from ...errors import SourceError
from ..tree import normalize
from .frames import Site
from .values import ROOT, Builtin, OpenFile, PathValue, SourceText, describe, need

if TYPE_CHECKING:
    from .interpreter import Interpreter


def fspath(ev: Interpreter, site: Site, value: Any) -> str:
    value = need(value)
    if isinstance(value, PathValue):
        return value.path
    if isinstance(value, str):
        return str(value)
    raise site.fail(f"{describe(value)} is not a path")


def relpath(ev: Interpreter, site: Site, value: Any) -> str:
    """Tree-relative path of *value* (absolute below ROOT or relative to the cwd); outside → unresolvable."""
    path = posixpath.normpath(posixpath.join(ev.cwd, fspath(ev, site, value)))
    if path == ROOT:
        return ""
    if not path.startswith(ROOT + "/"):
        raise site.fail(f"reads {path}, which is outside the project tree")
    try:
        return normalize(path[len(ROOT) + 1 :])
    except SourceError:  # pragma: no cover - normpath already removed '..'
        raise site.fail(f"path {path} leaves the project tree") from None


def open_(
    ev: Interpreter,
    site: Site,
    file: Any,
    mode: str = "r",
    buffering: int = -1,
    encoding: Optional[str] = None,
    errors: Optional[str] = None,
    newline: Any = None,
    **_: Any,
) -> OpenFile:
    """``open()`` of a file of the tree, for reading only."""
    if not isinstance(mode, str) or any(c in mode for c in "wax+"):
        raise site.fail(f"open(..., {mode!r}) writes a file; never evaluated")
    rel = relpath(ev, site, file)
    if not ev.tree.is_file(rel):
        raise site.raise_("FileNotFoundError", f"{rel or '.'} is not a file in {ev.tree.label}")
    data = ev.tree.read_bytes(rel)
    if "b" in mode:
        return OpenFile(data)
    try:
        codec = codecs.lookup(encoding or "utf-8").name
        text = data.decode(codec, errors or "strict")
    except (LookupError, UnicodeDecodeError) as exc:
        raise site.raise_(type(exc).__name__, f"{rel}: {exc}") from None
    if newline is None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = SourceText(text)
    out.relpath = rel
    return OpenFile(out)


def file_method(ev: Interpreter, site: Site, file: OpenFile, name: str) -> Any:
    if name == "read":
        data = file.rest()
        if isinstance(data, SourceText):
            out = SourceText(data)
            out.relpath = data.relpath
            return out
        return data
    if name == "readlines":
        return file.rest().splitlines(keepends=True)
    if name == "readline":
        rest = file.data[file.pos :]
        end = rest.find("\n" if isinstance(rest, str) else b"\n")
        line = rest if end < 0 else rest[: end + 1]
        file.pos += len(line)
        return line
    return file if name == "__enter__" else None


def path_attribute(ev: Interpreter, site: Site, path: PathValue, attr: str) -> Any:
    """``Path(...).attr``: the pure properties, and methods that read the tree."""
    p = path.path
    props = {
        "parent": lambda: PathValue(posixpath.dirname(p.rstrip("/")) or "."),
        "name": lambda: posixpath.basename(p),
        "stem": lambda: posixpath.splitext(posixpath.basename(p))[0],
        "suffix": lambda: posixpath.splitext(posixpath.basename(p))[1],
    }
    if attr in props:
        return props[attr]()
    rel = lambda s: relpath(ev, s, path)  # noqa: E731
    methods: dict[str, Callable[..., Any]] = {
        "resolve": lambda s, strict=False: PathValue(ROOT + "/" + rel(s) if rel(s) else ROOT),
        "absolute": lambda s: PathValue(posixpath.normpath(posixpath.join(ev.cwd, p))),
        "joinpath": lambda s, *parts: PathValue(posixpath.join(p, *(fspath(ev, s, x) for x in parts))),
        "read_text": lambda s, encoding=None, errors=None: file_method(ev, s, open_(ev, s, path, "r", encoding=encoding, errors=errors), "read"),
        "read_bytes": lambda s: open_(ev, s, path, "rb").rest(),
        "open": lambda s, mode="r", buffering=-1, encoding=None, errors=None, newline=None: open_(ev, s, path, mode, buffering, encoding, errors, newline),
        "exists": lambda s: ev.tree.is_file(rel(s)) or ev.tree.is_dir(rel(s)),
        "is_file": lambda s: ev.tree.is_file(rel(s)),
        "is_dir": lambda s: ev.tree.is_dir(rel(s)),
        "as_posix": lambda s: p,
        "with_name": lambda s, name: PathValue(posixpath.join(posixpath.dirname(p), name)),
        "with_suffix": lambda s, suffix: PathValue(posixpath.splitext(p)[0] + suffix),
        "glob": lambda s, pattern: [PathValue(posixpath.join(p, m)) for m in glob_below(ev, pattern, rel(s))],
    }
    if attr in methods:
        return Builtin(f"Path.{attr}", methods[attr])
    raise site.fail(f"Path.{attr} is not evaluated statically")


def glob_below(ev: Interpreter, pattern: str, base: str) -> list[str]:
    """Entries of the tree below *base* matching *pattern* segment by segment, relative to *base*,
    sorted (the real glob follows directory order).  Like glob, ``*`` skips dot-files."""
    segments = [seg for seg in pattern.split("/") if seg not in ("", ".")]
    prefix = f"{base}/" if base else ""
    candidates: set[str] = set()
    for f in ev.tree.files():
        if f.startswith(prefix):
            parts = f[len(prefix) :].split("/")
            candidates.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(c for c in candidates if _glob_match(c.split("/"), segments))


def _glob_match(parts: list[str], segments: list[str]) -> bool:
    return len(parts) == len(segments) and all(
        fnmatch.fnmatchcase(part, seg) and (seg.startswith(".") or not part.startswith(".")) for part, seg in zip(parts, segments)
    )


def glob(ev: Interpreter, site: Site, pattern: Any) -> list[str]:
    """``glob.glob(pattern)``: relative results for a relative pattern, absolute for an absolute one."""
    pattern = fspath(ev, site, pattern)
    if posixpath.isabs(pattern):
        if not pattern.startswith(ROOT + "/"):
            raise site.fail(f"glob {pattern!r} looks outside the project tree")
        return [f"{ROOT}/{m}" for m in glob_below(ev, pattern[len(ROOT) + 1 :], "")]
    return glob_below(ev, pattern, relpath(ev, site, "."))


def listdir(ev: Interpreter, site: Site, path: Any = ".") -> list[str]:
    base = relpath(ev, site, path)
    if not ev.tree.is_dir(base):
        raise site.raise_("FileNotFoundError", f"{base or '.'} is not a directory in {ev.tree.label}")
    prefix = f"{base}/" if base else ""
    return sorted({f[len(prefix) :].split("/")[0] for f in ev.tree.files() if f.startswith(prefix)})


def abspath(ev: Interpreter, site: Site, path: Any) -> str:
    return posixpath.normpath(posixpath.join(ev.cwd, fspath(ev, site, path)))


def exists(ev: Interpreter, kind: str) -> Callable[..., bool]:
    """``os.path.exists`` / ``isfile`` / ``isdir`` as a builtin."""

    def check(site: Site, path: Any) -> bool:
        rel = relpath(ev, site, path)
        return (kind != "dir" and ev.tree.is_file(rel)) or (kind != "file" and ev.tree.is_dir(rel))

    return check
