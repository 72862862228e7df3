"""Where releases come from: a folder of sdists, one sdist, a clone with tags."""

from __future__ import annotations

import pytest
from conftest import build_sdist
from nixpkgs_fixture import GIT_ENV
from update_cases import clone, release_dir

from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.nixpkgs.releases import (
    Checkout,
    SdistFolder,
    SingleSdist,
    Wanted,
    newest,
    open_sources,
    parse_sdist_name,
)
from nixpkgs_contrib.nixpkgs.tags import TagScheme


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize(
    ("filename", "parsed"),
    [
        ("acme_core-1.2.0.tar.gz", ("acme_core", "1.2.0")),
        ("zope.interface-7.0.zip", ("zope.interface", "7.0")),
        ("flaxlib-0.0.1a1.tar.gz", ("flaxlib", "0.0.1a1")),
        ("acme-core-1.2.0-py3-none-any.whl", None),
        ("README", None),
    ],
)
def test_sdist_names(filename, parsed):
    assert parse_sdist_name(filename) == parsed


def test_newest_prefers_final_releases():
    assert newest(["1.0", "1.10", "1.9", "2.0rc1"]) == "1.10"
    assert newest(["2.0rc1", "2.0b1"]) == "2.0rc1"
    assert newest([]) is None


def test_a_folder_is_looked_up_by_normalized_name_and_version(tmp_path):
    build_sdist(release_dir("click", "8.1.8"), tmp_path, "Click-8.1.8")
    build_sdist(release_dir("click", "8.1.7"), tmp_path, "click-8.1.7")
    (tmp_path / "click-9.0-py3-none-any.whl").write_text("")
    folder = SdistFolder(tmp_path)
    assert folder.find(Wanted("CLICK", "8.1.8")).sdist.name == "Click-8.1.8.tar.gz"  # type: ignore[union-attr]
    assert folder.find(Wanted("click", "8.1.8.0")) is not None  # the same version, spelled longer
    assert folder.find(Wanted("click", "8.2")) is None
    assert folder.latest(Wanted("click", ""), None) == "8.1.8"


def test_one_sdist_answers_only_for_itself(tmp_path):
    sdist = build_sdist(release_dir("click", "8.1.8"), tmp_path, "click-8.1.8")
    one = SingleSdist(sdist)
    assert one.find(Wanted("click", "8.1.8")) is not None
    assert one.find(Wanted("click", "8.1.9")) is None
    with pytest.raises(SourceError, match="is click 8.1.8, not a release of flask"):
        one.latest(Wanted("flask", ""), None)


def test_a_clone_is_read_at_the_tag_and_knows_the_newest(tmp_path):
    repo = clone(tmp_path, "httpx", ["0.27.2", "0.28.0"], tag="v{version}")
    checkout = Checkout(repo)
    release = checkout.find(Wanted("httpx", "0.27.2", tag="v0.27.2"))
    assert release is not None and b"sniffio" in release.tree.read_bytes("pyproject.toml")
    assert checkout.find(Wanted("httpx", "0.27.2")) is not None  # the tag found by its usual spellings
    assert checkout.latest(Wanted("httpx", ""), TagScheme("v", "")) == "0.28.0"
    assert checkout.tag_hash(Wanted("httpx", "0.28.0", tag="v0.28.0")).startswith("sha256-")  # type: ignore[union-attr]


def test_the_options_name_one_source(tmp_path):
    assert isinstance(open_sources(None, tmp_path), SdistFolder)
    with pytest.raises(SourceError, match="not a git checkout"):
        open_sources(tmp_path, None)
    with pytest.raises(SourceError, match="no such file"):
        open_sources(tmp_path / "missing.tar.gz", None)
