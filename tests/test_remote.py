"""pypi:NAME and GitHub URLs as SOURCE: resolved, downloaded into the cache, verified, emitted as
from a local sdist or checkout.  The network is never touched: a fake transport or a loopback
server stands in for PyPI and GitHub."""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest
from conftest import PROJECTS, build_sdist, run_cli

from nixpkgs_contrib import remote
from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.hashing.nar import nar_hash_path
from nixpkgs_contrib.hashing.sources import hash_tarball
from nixpkgs_contrib.remote import Endpoints, GitHubRef, OfflineError, PypiRef, UrllibTransport, parse_source


class FakeTransport:
    """URL → bytes; every URL asked is recorded."""

    def __init__(self, pages: dict[str, bytes]):
        self.pages = pages
        self.asked: list[str] = []

    def get(self, url: str) -> bytes:
        self.asked.append(url)
        if url not in self.pages:
            raise remote.NotFoundError(f"{url}: not found (HTTP 404)")
        return self.pages[url]

    def download(self, url: str, sink) -> None:
        data = self.get(url)
        sink(data[: len(data) // 2])
        sink(data[len(data) // 2 :])


class Offline:
    def get(self, url: str) -> bytes:
        raise OfflineError("cannot reach pypi.org: no network? ([Errno -3] Temporary failure in name resolution)")

    def download(self, url: str, sink) -> None:
        self.get(url)


def pypi_json(version: str, files: list[dict], **info) -> bytes:
    return json.dumps({"info": {"version": version, **info}, "urls": files}).encode()


@pytest.fixture
def sdist(tmp_path) -> Path:
    return build_sdist(PROJECTS / "hatch-basic", tmp_path, "acme_core-2.4.1")


@pytest.fixture
def pypi(sdist, monkeypatch, tmp_path) -> FakeTransport:
    data = sdist.read_bytes()
    files = [
        {"packagetype": "bdist_wheel", "filename": "acme_core-2.4.1-py3-none-any.whl", "url": "x.whl", "digests": {"sha256": "0" * 64}},
        # a relative file URL, as PyPI mirrors may give: joined with the index URL
        {"packagetype": "sdist", "filename": sdist.name, "url": f"../../../packages/{sdist.name}", "digests": {"sha256": hashlib.sha256(data).hexdigest()}},
    ]
    transport = FakeTransport({
        "https://pypi.org/pypi/acme-core/json": pypi_json("2.4.1", files),
        "https://pypi.org/pypi/acme-core/2.4.1/json": pypi_json("2.4.1", files),
        f"https://pypi.org/packages/{sdist.name}": data,
    })
    monkeypatch.setattr(remote, "TRANSPORT", transport)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return transport


# --------------------------------------------------------------------------------------------------
# parsing SOURCE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pypi:requests", PypiRef("requests")),
        ("pypi:Acme.Core==2.4.1", PypiRef("Acme.Core", "2.4.1")),
        ("https://github.com/acme-org/acme", GitHubRef("acme-org", "acme")),
        ("https://github.com/acme-org/acme.git", GitHubRef("acme-org", "acme")),
        ("https://github.com/acme-org/acme/", GitHubRef("acme-org", "acme")),
        ("https://github.com/acme-org/acme/tree/v2.4.1", GitHubRef("acme-org", "acme", "v2.4.1")),
        ("https://github.com/acme-org/acme/releases/tag/acme-core==2.4.1", GitHubRef("acme-org", "acme", "acme-core==2.4.1")),
        ("https://github.com/acme-org/acme/tree/release/2.x", GitHubRef("acme-org", "acme", "release/2.x")),
        ("projects/acme", Path("projects/acme")),
        ("acme_core-2.4.1.tar.gz", Path("acme_core-2.4.1.tar.gz")),
    ],
)
def test_parse_source(text, expected):
    assert parse_source(text) == expected


@pytest.mark.parametrize(
    "text",
    ["pypi:", "pypi:acme==", "pypi:-acme", "https://gitlab.com/acme-org/acme", "ftp://github.com/a/b", "https://github.com/acme-org", "https://github.com/a/b?tab=readme"],
)
def test_parse_source_rejects(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_source(text)


def test_a_url_is_never_turned_into_a_path(tmp_path, capsys):
    result = run_cli("emit", "https://gitlab.com/acme-org/acme", "--out", tmp_path / "out")
    assert result.status == 2
    err = result.stderr + capsys.readouterr().err  # argparse writes usage errors to sys.stderr
    assert "'https://gitlab.com/acme-org/acme': not a source this tool reads" in err and "https:/gitlab" not in err


# --------------------------------------------------------------------------------------------------
# PyPI


def test_pypi_sdist_is_downloaded_verified_and_cached(pypi, sdist, tmp_path):
    fetched = remote.fetch(PypiRef("Acme.Core", "2.4.1"))
    assert fetched.path == tmp_path / "cache/nixpkgs-contrib/sources/pypi" / sdist.name
    assert fetched.path.read_bytes() == sdist.read_bytes()
    assert fetched.remote == PypiRef("Acme.Core", "2.4.1") and fetched.github is None
    assert f"https://pypi.org/packages/{sdist.name}" in pypi.asked  # the relative URL, joined
    assert "sha256 checked against PyPI" in fetched.notes[0]
    assert not [p for p in fetched.path.parent.iterdir() if p.name != sdist.name]  # no .part left
    pypi.asked.clear()
    again = remote.fetch(PypiRef("acme-core"))  # latest: the index answers 2.4.1
    assert again.path == fetched.path and "from the cache" in again.notes[0]
    assert again.remote == PypiRef("acme-core", "2.4.1")
    assert pypi.asked == ["https://pypi.org/pypi/acme-core/json"]  # nothing downloaded twice


def test_pypi_checksum_mismatch_writes_nothing(pypi, sdist, tmp_path):
    pypi.pages[f"https://pypi.org/packages/{sdist.name}"] = b"tampered"
    with pytest.raises(SourceError, match="sha256 .* but PyPI publishes"):
        remote.fetch(PypiRef("acme-core", "2.4.1"))
    folder = tmp_path / "cache/nixpkgs-contrib/sources/pypi"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_pypi_answers_that_stop(pypi, monkeypatch):
    with pytest.raises(SourceError, match="no project nope on PyPI"):
        remote.fetch(PypiRef("nope"))
    with pytest.raises(SourceError, match="no release 9.9 of acme-core on PyPI"):
        remote.fetch(PypiRef("acme-core", "9.9"))
    pypi.pages["https://pypi.org/pypi/wheely/json"] = pypi_json(
        "1.0", [{"packagetype": "bdist_wheel", "filename": "w.whl", "url": "w.whl", "digests": {"sha256": "0" * 64}}],
        project_urls={"Source": "https://github.com/acme-org/wheely"},
    )
    with pytest.raises(SourceError, match=r"wheely 1.0 has no sdist on PyPI .* emit https://github.com/acme-org/wheely/tree/TAG"):
        remote.fetch(PypiRef("wheely"))


def test_emit_pypi_source(pypi, sdist, tmp_path):
    out = tmp_path / "out"
    result = run_cli("emit", "pypi:acme-core==2.4.1", "--out", out)
    assert result.status == 0, result.stderr
    text = (out / "pkgs/development/python-modules/acme-core/default.nix").read_text()
    assert "fetchPypi" in text and 'pname = "acme_core";' in text
    digest = hashlib.sha256(sdist.read_bytes()).digest()
    import base64

    assert f'hash = "sha256-{base64.b64encode(digest).decode()}";' in text
    # the same file as emitting the local sdist
    local = run_cli("emit", sdist, "--out", tmp_path / "local")
    assert local.status == 0, local.stderr
    assert (tmp_path / "local/pkgs/development/python-modules/acme-core/default.nix").read_text() == text
    assert "nixpkgs-contrib: pypi:acme-core==2.4.1: downloaded acme_core-2.4.1.tar.gz" in result.stderr


def test_offline_says_so_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setattr(remote, "TRANSPORT", Offline())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for source in ("pypi:acme-core", "https://github.com/acme-org/acme/tree/v2.4.1"):
        result = run_cli("emit", source, "--out", tmp_path / "out")
        assert result.status == 1
        (line,) = result.stderr.splitlines()
        assert "no network?" in line and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------------
# GitHub


@pytest.fixture
def github(tmp_path, monkeypatch) -> tuple[FakeTransport, Path]:
    (tmp_path / "upstream").mkdir()
    archive = build_sdist(PROJECTS / "hatch-basic", tmp_path / "upstream", "acme-2.4.1")
    transport = FakeTransport({
        "https://github.com/acme-org/acme/archive/refs/tags/v2.4.1.tar.gz": archive.read_bytes(),
        "https://api.github.com/repos/acme-org/acme/releases/latest": json.dumps({"tag_name": "v2.4.1"}).encode(),
    })
    monkeypatch.setattr(remote, "TRANSPORT", transport)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return transport, archive


def test_github_archive_is_hashed_as_fetchfromgithub_does(github):
    transport, archive = github
    fetched = remote.fetch(GitHubRef("acme-org", "acme", "v2.4.1"))
    assert fetched.github == ("acme-org", "acme") and fetched.tag == "v2.4.1"
    assert fetched.hash == hash_tarball(archive).sri
    # fetchzip's hash is the NAR of the unpacked tree: the unpacked copy we read hashes the same
    assert nar_hash_path(fetched.path).sri == fetched.hash
    assert (fetched.path / "pyproject.toml").is_file()
    transport.asked.clear()
    assert remote.fetch(GitHubRef("acme-org", "acme", "v2.4.1")).hash == fetched.hash
    assert transport.asked == []  # from the cache


def test_github_without_a_tag_takes_the_latest_release(github):
    fetched = remote.fetch(GitHubRef("acme-org", "acme"))
    assert fetched.tag == "v2.4.1" and "the latest release is tag 'v2.4.1'" in fetched.notes[0]


def test_github_unknown_tag(github):
    with pytest.raises(SourceError, match="github:acme-org/acme has no tag 'v9'"):
        remote.fetch(GitHubRef("acme-org", "acme", "v9"))


def test_emit_github_url_fills_github_tag_and_hash(github, tmp_path):
    _, archive = github
    out = tmp_path / "out"
    result = run_cli("emit", "https://github.com/acme-org/acme/tree/v2.4.1", "--out", out)
    assert result.status == 0, result.stderr
    text = (out / "pkgs/development/python-modules/acme-core/default.nix").read_text()
    assert "fetchFromGitHub" in text and 'owner = "acme-org";' in text and 'tag = "v${finalAttrs.version}";' in text
    assert f'hash = "{hash_tarball(archive).sri}";' in text
    # with --tag instead of /tree/TAG, and a --hash that agrees, the file is the same
    again = run_cli("emit", "https://github.com/acme-org/acme", "--tag", "v2.4.1", "--hash", hash_tarball(archive).sri, "--out", tmp_path / "again")
    assert again.status == 0, again.stderr
    assert (tmp_path / "again/pkgs/development/python-modules/acme-core/default.nix").read_text() == text


def test_emit_github_url_disagreeing_options(github, tmp_path):
    bad = run_cli("emit", "https://github.com/acme-org/acme/tree/v2.4.1", "--hash", "sha256-" + "A" * 43 + "=", "--out", tmp_path / "out")
    assert bad.status == 1 and "hashes to" in bad.stderr
    other = run_cli("emit", "https://github.com/acme-org/acme/tree/v2.4.1", "--tag", "v2.4.0", "--out", tmp_path / "out")
    assert other.status == 1 and "the URL names tag 'v2.4.1' but --tag says 'v2.4.0'" in other.stderr
    assert not (tmp_path / "out").exists()


def test_update_refuses_a_url(tmp_path):
    result = run_cli("update", "pypi:acme", "--recipe", tmp_path / "r.toml", "--tag", "v1")
    assert result.status == 1 and "not pypi:acme" in result.stderr


# --------------------------------------------------------------------------------------------------
# the real transport, against a loopback server


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        if body is not None:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(sdist):
    data = sdist.read_bytes()
    _Handler.pages = {
        "/pypi/acme-core/json": pypi_json(
            "2.4.1", [{"packagetype": "sdist", "filename": sdist.name, "url": f"/files/{sdist.name}", "digests": {"sha256": hashlib.sha256(data).hexdigest()}}]
        ),
        f"/files/{sdist.name}": data,
    }
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urllib_transport_against_a_loopback_server(server, sdist, tmp_path):
    fetched = remote.fetch(PypiRef("acme-core"), transport=UrllibTransport(timeout=10), endpoints=Endpoints(pypi=server), cache=tmp_path / "c")
    assert fetched.path.read_bytes() == sdist.read_bytes()
    with pytest.raises(SourceError, match="no project missing on PyPI"):
        remote.fetch(PypiRef("missing"), transport=UrllibTransport(timeout=10), endpoints=Endpoints(pypi=server), cache=tmp_path / "c")


def test_urllib_transport_without_a_server_is_offline(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(OfflineError, match="cannot reach 127.0.0.1: no network"):
        remote.fetch(PypiRef("acme"), transport=UrllibTransport(timeout=5), endpoints=Endpoints(pypi=f"http://127.0.0.1:{port}"), cache=tmp_path)


def test_emit_a_family_from_a_github_url(tmp_path, monkeypatch):
    repo = Path(__file__).parent.parent / "examples/dagster"
    (tmp_path / "upstream").mkdir()
    archive = build_sdist(repo / "snapshot", tmp_path / "upstream", "dagster-1.12.0")
    monkeypatch.setattr(remote, "TRANSPORT", FakeTransport({"https://github.com/dagster-io/dagster/archive/refs/tags/1.12.0.tar.gz": archive.read_bytes()}))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    recipe = "\n".join(line for line in (repo / "recipe.toml").read_text().splitlines() if not line.startswith("hash ="))
    (tmp_path / "recipe.toml").write_text(recipe + "\n")
    out = tmp_path / "out"
    result = run_cli("emit", "https://github.com/dagster-io/dagster/tree/1.12.0", "--recipe", tmp_path / "recipe.toml", "--quiet", "--out", out)
    assert result.status == 0, result.stderr
    text = (out / "pkgs/development/python-modules/dagster-shared/default.nix").read_text()
    assert f'hash = "{hash_tarball(archive).sri}";' in text
    assert len(list((out / "pkgs/development/python-modules").iterdir())) == 5


def test_pypi_release_through_the_project_json_when_there_is_no_release_endpoint(pypi, sdist):
    """Some indexes answer only /pypi/NAME/json: the release's files come from its "releases"."""
    release = json.loads(pypi.pages.pop("https://pypi.org/pypi/acme-core/2.4.1/json"))
    project = json.loads(pypi.pages["https://pypi.org/pypi/acme-core/json"])
    project["info"]["version"] = "3.0.0"
    project["releases"] = {"2.4.1": release["urls"], "3.0.0": []}
    pypi.pages["https://pypi.org/pypi/acme-core/json"] = json.dumps(project).encode()
    fetched = remote.fetch(PypiRef("acme-core", "2.4.1"))
    assert fetched.path.name == sdist.name and fetched.remote == PypiRef("acme-core", "2.4.1")
    with pytest.raises(SourceError, match="no release 2.5 of acme-core on PyPI"):
        remote.fetch(PypiRef("acme-core", "2.5"))
