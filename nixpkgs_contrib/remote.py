"""SOURCE arguments that name a project elsewhere: ``pypi:NAME[==VERSION]`` and
``https://github.com/OWNER/REPO[/tree/TAG]``.

Both are downloaded into a cache (``~/.cache/nixpkgs-contrib/sources``, files written whole:
``.part`` then rename) and then emitted exactly as a local sdist or checkout would be:

- ``pypi:`` resolves the release with PyPI's JSON API, downloads its sdist and checks it against
  the sha256 the index publishes; the package is fetched with ``fetchPypi``.  ``pip download`` is
  not used: to download an sdist it prepares the project's metadata with its build backend, which
  runs the project's code, and this tool never does that.
- a GitHub URL downloads the tag's archive (the file ``fetchFromGitHub`` unpacks), hashes it as Nix
  would (the NAR of the unpacked tree, :func:`~nixpkgs_contrib.hashing.sources.hash_tarball`), and
  unpacks it to read; ``--github``/``--tag``/``--hash`` are filled in from it.

The network is reached only through a :class:`Transport`, so tests inject their own and never
touch it.  Without network, one line says so (exit status 1).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Optional, Protocol, Union

import attrs
from packaging.utils import canonicalize_name

from . import __version__
from .errors import SourceError
from .hashing.sources import hash_tarball

# --------------------------------------------------------------------------------------------------
# what the user wrote


@attrs.frozen
class PypiRef:
    """``pypi:NAME`` or ``pypi:NAME==VERSION``."""

    name: str
    version: Optional[str] = None

    def __str__(self) -> str:
        return f"pypi:{self.name}" + (f"=={self.version}" if self.version else "")


@attrs.frozen
class GitHubRef:
    """``https://github.com/OWNER/REPO`` (latest release) or ``…/tree/TAG``."""

    owner: str
    repo: str
    tag: Optional[str] = None

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.repo}"

    def __str__(self) -> str:
        return self.url + (f"/tree/{self.tag}" if self.tag else "")


Remote = Union[PypiRef, GitHubRef]

_PROJECT_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GITHUB_PATH = re.compile(
    r"^/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?"
    r"(?:/(?:tree|releases/tag)/(?P<tag>.+?))?/?$"
)
SOURCE_FORMS = "a directory, git checkout or sdist file, pypi:NAME[==VERSION], or https://github.com/OWNER/REPO[/tree/TAG]"


def parse_source(text: str) -> Union[Path, Remote]:
    """The SOURCE argument: a local path, or a :data:`Remote` (``argparse`` ``type=``).

    A URL is never turned into a path (``Path("https://x")`` would become ``https:/x``)."""
    if text.startswith("pypi:"):
        name, sep, version = text[len("pypi:"):].partition("==")
        name, version = name.strip(), version.strip()
        if not _PROJECT_NAME.match(name) or (sep and not version):
            raise argparse.ArgumentTypeError(f"{text!r}: expected pypi:NAME or pypi:NAME==VERSION")
        return PypiRef(name, version or None)
    if _SCHEME.match(text):
        url = urllib.parse.urlsplit(text)
        host = (url.hostname or "").lower()
        match = _GITHUB_PATH.match(urllib.parse.unquote(url.path)) if host in ("github.com", "www.github.com") else None
        if url.scheme not in ("https", "http") or match is None or url.query or url.fragment:
            raise argparse.ArgumentTypeError(f"{text!r}: not a source this tool reads; SOURCE is {SOURCE_FORMS}")
        return GitHubRef(match["owner"], match["repo"], match["tag"])
    return Path(text)


# --------------------------------------------------------------------------------------------------
# the network, behind one small interface


class OfflineError(SourceError):
    """The network is unreachable (or the host cannot be resolved)."""


class NotFoundError(SourceError):
    """The server answered 404."""


class Transport(Protocol):
    def get(self, url: str) -> bytes:
        """The body of *url*; :class:`NotFoundError` for a 404, :class:`OfflineError` without network."""

    def download(self, url: str, sink: Callable[[bytes], object]) -> None:
        """Stream the body of *url* into *sink*, chunk by chunk."""


@attrs.frozen
class UrllibTransport:
    """The real network, through ``urllib`` (no dependency beyond the standard library)."""

    timeout: float = 60.0

    def _open(self, url: str):
        request = urllib.request.Request(url, headers={"User-Agent": f"nixpkgs-contrib/{__version__}"})
        host = urllib.parse.urlsplit(url).hostname or url
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 (http(s) only)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise NotFoundError(f"{url}: not found (HTTP 404)") from None
            raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OfflineError(
                f"cannot reach {host}: no network? ({reason}); offline, emit a local sdist, directory or git checkout"
            ) from None

    def get(self, url: str) -> bytes:
        with self._open(url) as response:
            return response.read()

    def download(self, url: str, sink: Callable[[bytes], object]) -> None:
        with self._open(url) as response:
            for chunk in iter(lambda: response.read(1 << 20), b""):
                sink(chunk)


@attrs.frozen
class Endpoints:
    """Where PyPI and GitHub are; tests point these at a loopback server."""

    pypi: str = "https://pypi.org"
    github: str = "https://github.com"
    github_api: str = "https://api.github.com"


#: what :func:`fetch` uses unless told otherwise (tests replace these)
TRANSPORT: Transport = UrllibTransport()
ENDPOINTS = Endpoints()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nixpkgs-contrib" / "sources"


# --------------------------------------------------------------------------------------------------
# what a fetch gives


@attrs.frozen
class Fetched:
    """A remote SOURCE made local: what to read, and what it fills in."""

    #: the sdist file, or the directory the GitHub archive was unpacked into
    path: Path
    remote: Remote
    github: Optional[tuple[str, str]] = None
    tag: Optional[str] = None
    #: fetchFromGitHub's hash of the tag (the sdist's is computed from the file, as for local ones)
    hash: Optional[str] = None
    #: what happened, one line each, for stderr
    notes: tuple[str, ...] = ()


def fetch(
    remote: Remote,
    *,
    tag: Optional[str] = None,
    transport: Optional[Transport] = None,
    endpoints: Optional[Endpoints] = None,
    cache: Optional[Path] = None,
) -> Fetched:
    """Download *remote* into the cache (or reuse what is there) and return where it is.

    *tag* is ``--tag``, used when a GitHub URL names none."""
    transport = transport or TRANSPORT
    endpoints = endpoints or ENDPOINTS
    cache = cache or cache_dir()
    if isinstance(remote, PypiRef):
        return _fetch_pypi(remote, transport, endpoints, cache)
    return _fetch_github(remote, tag, transport, endpoints, cache)


# -- PyPI ------------------------------------------------------------------------------------------

_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz")


def _fetch_pypi(ref: PypiRef, transport: Transport, endpoints: Endpoints, cache: Path) -> Fetched:
    index_url, version, files = _pypi_release(ref, transport, endpoints)
    sdist = choose_sdist(files)
    if sdist is None:
        hint = _repository_hint(_pypi_json(transport, endpoints.pypi.rstrip("/") + f"/pypi/{canonicalize_name(ref.name)}/json", ref).get("info", {}))
        raise SourceError(
            f"{ref.name} {version} has no sdist on PyPI (wheels only); nixpkgs builds from source{hint}", path=str(ref)
        )
    filename = sdist["filename"]
    if "/" in filename or filename.startswith("."):
        raise SourceError(f"PyPI names the sdist {filename!r}, not a plain file name", path=str(ref))
    expected = (sdist.get("digests") or {}).get("sha256")
    if not expected:
        raise SourceError(f"PyPI publishes no sha256 for {filename}; refusing an unverifiable download", path=str(ref))
    url = urllib.parse.urljoin(index_url, sdist["url"])
    dest = cache / "pypi" / filename
    pinned = PypiRef(ref.name, version)
    if dest.is_file() and _sha256(dest) == expected:
        return Fetched(dest, pinned, notes=(f"{pinned}: {filename} from the cache ({dest.parent}), sha256 as PyPI publishes it",))
    _download(transport, url, dest, expected_sha256=expected, label=str(pinned))
    return Fetched(dest, pinned, notes=(f"{pinned}: downloaded {filename} to {dest.parent}, sha256 checked against PyPI",))


def _pypi_release(ref: PypiRef, transport: Transport, endpoints: Endpoints) -> tuple[str, str, list[dict]]:
    """(the JSON URL, the version, its files): the release's own endpoint, or for the latest the
    project's; a mirror without per-release endpoints is read through the project's ``releases``."""
    base = endpoints.pypi.rstrip("/") + f"/pypi/{canonicalize_name(ref.name)}"
    project_url = base + "/json"
    if ref.version is None:
        data = _pypi_json(transport, project_url, ref)
        return project_url, str(data.get("info", {}).get("version") or ""), list(data.get("urls") or [])
    release_url = f"{base}/{ref.version}/json"
    try:
        data = json.loads(transport.get(release_url))
        return release_url, str(data.get("info", {}).get("version") or ref.version), list(data.get("urls") or [])
    except NotFoundError:
        pass
    except ValueError:
        raise SourceError(f"{release_url}: not a PyPI JSON answer", path=str(ref)) from None
    data = _pypi_json(transport, project_url, ref)
    releases = data.get("releases") or {}
    if ref.version not in releases:
        raise SourceError(f"no release {ref.version} of {ref.name} on PyPI", path=str(ref))
    return project_url, ref.version, list(releases[ref.version] or [])


def _pypi_json(transport: Transport, url: str, ref: PypiRef) -> dict:
    try:
        data = json.loads(transport.get(url))
    except NotFoundError:
        raise SourceError(f"no project {ref.name} on PyPI", path=str(ref)) from None
    except ValueError:
        raise SourceError(f"{url}: not a PyPI JSON answer", path=str(ref)) from None
    if not isinstance(data, dict):
        raise SourceError(f"{url}: not a PyPI JSON answer", path=str(ref))
    return data


def choose_sdist(files: list[dict]) -> Optional[dict]:
    """The release's sdist (a ``.tar.gz`` when there are several)."""
    sdists = [f for f in files if f.get("packagetype") == "sdist" and str(f.get("filename", "")).endswith(_SDIST_SUFFIXES)]
    sdists.sort(key=lambda f: (not f["filename"].endswith(".tar.gz"), f["filename"]))
    return sdists[0] if sdists else None


def _repository_hint(info: dict) -> str:
    urls = list((info.get("project_urls") or {}).values()) + [info.get("home_page") or ""]
    for url in urls:
        match = re.match(r"^https?://(?:www\.)?github\.com/([^/\s]+)/([^/\s#?]+)", str(url))
        if match:
            repo = match[2].removesuffix(".git")
            return f"; emit https://github.com/{match[1]}/{repo}/tree/TAG instead"
    return ""


# -- GitHub ----------------------------------------------------------------------------------------


def _fetch_github(ref: GitHubRef, tag: Optional[str], transport: Transport, endpoints: Endpoints, cache: Path) -> Fetched:
    notes = []
    if ref.tag and tag and ref.tag != tag:
        raise SourceError(f"the URL names tag {ref.tag!r} but --tag says {tag!r}", path=str(ref))
    tag = ref.tag or tag
    if tag is None:
        tag = latest_release(ref, transport, endpoints)
        notes.append(f"{ref.url}: the latest release is tag {tag!r}")
    here = cache / "github" / ref.owner / ref.repo
    safe = urllib.parse.quote(tag, safe="")
    archive = here / f"{safe}.tar.gz"
    tree = here / safe
    label = f"{ref.url}/tree/{tag}"
    if archive.is_file() and tree.is_dir():
        notes.append(f"{label}: the archive from the cache ({here})")
    else:
        url = f"{endpoints.github.rstrip('/')}/{ref.owner}/{ref.repo}/archive/refs/tags/{urllib.parse.quote(tag, safe='')}.tar.gz"
        try:
            _download(transport, url, archive, label=label)
        except NotFoundError:
            raise SourceError(f"github:{ref.owner}/{ref.repo} has no tag {tag!r}", path=label) from None
        _unpack(archive, tree, label)
        notes.append(f"{label}: downloaded the archive fetchFromGitHub uses to {here}")
    digest = hash_tarball(archive).sri
    return Fetched(tree, GitHubRef(ref.owner, ref.repo, tag), github=(ref.owner, ref.repo), tag=tag, hash=digest, notes=tuple(notes))


def latest_release(ref: GitHubRef, transport: Transport, endpoints: Endpoints) -> str:
    url = f"{endpoints.github_api.rstrip('/')}/repos/{ref.owner}/{ref.repo}/releases/latest"
    try:
        data = json.loads(transport.get(url))
    except NotFoundError:
        raise SourceError(
            f"github:{ref.owner}/{ref.repo} has no published release (or does not exist); name the tag: {ref.url}/tree/TAG",
            path=str(ref),
        ) from None
    except ValueError:
        raise SourceError(f"{url}: not a GitHub API answer", path=str(ref)) from None
    tag = data.get("tag_name") if isinstance(data, dict) else None
    if not isinstance(tag, str) or not tag:
        raise SourceError(f"{url}: the latest release names no tag; name it: {ref.url}/tree/TAG", path=str(ref))
    return tag


# -- files -----------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download(transport: Transport, url: str, dest: Path, *, label: str, expected_sha256: Optional[str] = None) -> None:
    """*url* into *dest*, whole or not at all (a ``.part`` file renamed when complete and verified)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as fh:

            def sink(chunk: bytes) -> None:
                digest.update(chunk)
                fh.write(chunk)

            transport.download(url, sink)
        if expected_sha256 is not None and digest.hexdigest() != expected_sha256:
            raise SourceError(
                f"{dest.name} has sha256 {digest.hexdigest()}, but PyPI publishes {expected_sha256}; not used",
                path=label,
            )
        os.replace(part, dest)
    finally:
        if os.path.exists(part):
            os.unlink(part)


def _unpack(archive: Path, dest: Path, label: str) -> None:
    """The archive's single top-level directory, unpacked to *dest* (safely: no member may leave
    it, no device files; ``tarfile``'s ``data`` filter)."""
    if not hasattr(tarfile, "data_filter"):  # Python < 3.11.4
        raise SourceError("unpacking archives safely needs Python 3.11.4 or newer (tarfile's data filter)", path=label)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"))
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            tar.extractall(tmp, filter="data")
        tops = list(tmp.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise SourceError("the archive does not hold exactly one top-level directory", path=label)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tops[0], dest)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SourceError(f"cannot unpack the archive: {exc}", path=label) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = [
    "ENDPOINTS",
    "Endpoints",
    "Fetched",
    "GitHubRef",
    "NotFoundError",
    "OfflineError",
    "PypiRef",
    "Remote",
    "SOURCE_FORMS",
    "TRANSPORT",
    "Transport",
    "UrllibTransport",
    "cache_dir",
    "choose_sdist",
    "fetch",
    "latest_release",
    "parse_source",
]
