"""``update`` on input it must refuse: one line naming the file (and line) and the cause, exit 1,
and the checkout exactly as it was (``git status`` clean, every file's bytes unchanged)."""

from __future__ import annotations

import shutil

import pytest
from conftest import build_sdist, run_cli
from nixpkgs_fixture import GIT_ENV, commit_all
from update_cases import checkout, module_file, release_dir, sdists, status

JSONSCHEMA = [("jsonschema", "4.17.3"), ("jsonschema", "4.18.0")]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def snapshot(root):
    return {
        p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts
    }


def refused(root, *args) -> str:
    """Run update, check the refusal's shape and that nothing changed; return the one line."""
    assert status(root) == ""
    before = snapshot(root)
    res = run_cli("update", *args, "--nixpkgs", root)
    assert res.status == 1, (res.stdout, res.stderr)
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("nixpkgs-contrib: error: "), res.stderr
    assert "Traceback" not in res.stderr
    assert status(root) == ""
    assert snapshot(root) == before
    return res.stderr.strip()


def edit_case(root, attr, old, new):
    path = module_file(root, attr)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    commit_all(root, "hand edit")


def test_unknown_attribute(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    line = refused(root, "jsonschemaa", "--sdists", sdists(tmp_path, JSONSCHEMA))
    assert line.endswith(
        "pkgs/top-level/python-packages.nix: no python attribute jsonschemaa (did you mean jsonschema or jsonschema-specifications?)"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a computed version
        (
            '  version = "4.17.3";',
            '  version = lib.concatStringsSep "." [ "4" "17" "3" ];',
            ":33: version: computed (lib.concatStringsSep",
        ),
        # a src the tool cannot follow
        (
            "  src = fetchPypi {\n    inherit pname version;",
            '  src = fetchurl {\n    url = "https://example.org/jsonschema.tar.gz";',
            ":36: src: fetchurl sources are not followed",
        ),
        # a dependency list built by a function, which upstream's changes would have to edit
        (
            "  dependencies = [\n    pyrsistent\n",
            "  dependencies = lib.attrValues {\n    inherit pyrsistent;\n  } ++ [\n",
            ":62: dependencies: a call of lib.attrValues where a list is expected; upstream's changes would have to edit it",
        ),
    ],
    ids=["computed-version", "fetchurl", "list-from-a-function"],
)
def test_a_file_the_tool_cannot_edit(tmp_path, old, new, expected):
    root = checkout(tmp_path, ["jsonschema"])
    edit_case(root, "jsonschema", old, new)
    line = refused(root, "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA))
    assert "pkgs/development/python-modules/jsonschema/default.nix" in line
    assert expected in line, line


def test_a_dirty_checkout(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    module_file(root, "click-notes").parent.mkdir(parents=True)
    module_file(root, "click-notes").write_text("{ }\n")  # an untracked file
    before = snapshot(root)
    res = run_cli("update", "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA), "--nixpkgs", root)
    assert res.status == 1 and "uncommitted changes" in res.stderr and res.stderr.count("\n") == 1
    assert snapshot(root) == before


def test_a_version_the_sources_do_not_have(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    line = refused(root, "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA), "--version", "4.19.0")
    assert line.endswith("sdists: has no release 4.19.0 of jsonschema")


def test_a_source_of_another_package(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    other = sdists(tmp_path, [("click", "8.1.8")]) / "click-8.1.8.tar.gz"
    line = refused(root, "jsonschema", "--source", other)
    assert line.endswith("click-8.1.8.tar.gz: is click 8.1.8, not a release of jsonschema")


def test_a_source_whose_version_does_not_match_its_name(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    project = tmp_path / "mislabelled"
    shutil.copytree(release_dir("jsonschema", "4.18.0"), project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "4.18.0"', 'version = "4.18.1"'))
    sdist = build_sdist(project, tmp_path, "jsonschema-4.18.0")
    line = refused(root, "jsonschema", "--source", sdist)
    assert line.endswith("jsonschema-4.18.0.tar.gz: declares version 4.18.1, not 4.18.0")


def test_a_source_given_for_a_version_it_is_not(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    sdist = sdists(tmp_path, [("jsonschema", "4.18.0")]) / "jsonschema-4.18.0.tar.gz"
    line = refused(root, "jsonschema", "--source", sdist, "--version", "4.19.0")
    assert line.endswith("jsonschema-4.18.0.tar.gz: has no release 4.19.0 of jsonschema")


def test_an_sdist_fetchpypi_would_not_fetch(tmp_path):
    """A .zip where fetchPypi fetches a .tar.gz: the file's fetchPypi must change by hand."""
    import zipfile

    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7")])
    with zipfile.ZipFile(folder / "click-8.1.8.zip", "w") as zf:
        for path in sorted(release_dir("click", "8.1.8").rglob("*")):
            if path.is_file():
                zf.write(path, f"click-8.1.8/{path.relative_to(release_dir('click', '8.1.8')).as_posix()}")
    line = refused(root, "click", "--sdists", folder)
    assert "fetchPypi would fetch click-8.1.8.tar.gz, but the release's sdist is click-8.1.8.zip" in line


def test_a_github_file_needs_a_hash_the_source_can_give(tmp_path):
    root = checkout(tmp_path, ["httpx"])
    sdist = sdists(tmp_path, [("httpx", "0.28.0")]) / "httpx-0.28.0.tar.gz"
    line = refused(root, "httpx", "--source", sdist)
    assert line.endswith(
        "src: no hash for tag '0.28.0': pass --hash SRI, or --source a clone that has the tag (hashed offline)"
    )


def test_an_older_version(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    line = refused(root, "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA), "--version", "4.0.0")
    assert line.endswith("default.nix:33: version 4.0.0 is older than the file's 4.17.3")


def test_an_alias(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    aliases = root / "pkgs/top-level/python-aliases.nix"
    aliases.write_text(
        aliases.read_text().replace("mapAliases {\n", "mapAliases {\n  json-schema = jsonschema; # added 2025-01-01\n")
    )
    commit_all(root, "alias")
    line = refused(root, "json-schema", "--sdists", sdists(tmp_path, JSONSCHEMA))
    assert line.endswith("json-schema is an alias of jsonschema (python-aliases.nix); update jsonschema")


def test_a_failing_commit_leaves_the_checkout_as_it_was(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    line = refused(root, "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA), "--commit")
    assert "git commit failed: hook says no" in line


def test_an_internal_error_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    from nixpkgs_contrib.nixpkgs import merge

    def broken(*args, **kwargs):
        raise TypeError("argument of type 'Call' is not iterable")

    monkeypatch.setattr(merge, "upstream_moves", broken)
    root = checkout(tmp_path, ["jsonschema"])
    line = refused(root, "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA))
    assert "internal error (TypeError: argument of type 'Call' is not iterable at test_update_refusals.py:" in line
    assert line.endswith("please report this bug of nixpkgs-contrib")


def test_a_commit_that_leaves_the_checkout_dirty_is_rolled_back(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    hook = root / ".git" / "hooks" / "post-commit"
    hook.write_text("#!/bin/sh\necho stray > stray-file\n")  # a hook that leaves a file behind
    hook.chmod(0o755)
    head = run_git_head(root)
    res = run_cli("update", "jsonschema", "--sdists", sdists(tmp_path, JSONSCHEMA), "--commit", "--nixpkgs", root)
    assert res.status == 1 and "not clean after committing (?? stray-file); rolled back" in res.stderr
    assert run_git_head(root) == head


def run_git_head(root):
    from nixpkgs_fixture import git

    return git(root, "rev-parse", "HEAD")
