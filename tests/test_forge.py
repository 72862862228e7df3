"""GitHub links in project metadata."""

from __future__ import annotations

import pytest

from nixpkgs_contrib.forge import Link, linked_path, parse


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/psf/black/blob/main/CHANGES.md", Link("psf", "black", "file", "main", "CHANGES.md")),
        ("https://github.com/a/b/tree/master/docs/changes#x", Link("a", "b", "file", "master", "docs/changes")),
        ("https://github.com/a/b/blob/main/My%20Notes.md", Link("a", "b", "file", "main", "My Notes.md")),
        ("https://github.com/a/b/releases", Link("a", "b", "releases")),
        ("https://github.com/a/b/releases/latest/", Link("a", "b", "releases")),
        ("https://github.com/a/b", Link("a", "b", "repository")),
        ("https://github.com/a/b.git", Link("a", "b", "repository")),
        ("https://github.com/a/b/releases?q=tag", Link("a", "b", "releases")),
        ("https://github.com/a/b/issues", Link("a", "b", "other")),
        ("https://gitlab.com/a/b/-/blob/main/CHANGES.md", None),
        ("https://docs.celeryq.dev/en/stable/changelog.html", None),
        ("https://github.com/sponsors/someone", None),
    ],
)
def test_parse(url, expected):
    assert parse(url) == expected


def test_linked_path_and_repository_comparison():
    assert linked_path("https://github.com/a/b/blob/main/x/CHANGES.rst") == "x/CHANGES.rst"
    assert linked_path("https://github.com/a/b/releases") is None
    assert parse("https://github.com/PyCQA/isort").same_repository("pycqa", "ISORT")
