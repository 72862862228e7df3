"""What a git checkout (or a project's URLs) tells without being asked: --github, --tag, and the
exact command to run when neither is known."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import PROJECTS, REPO, run_cli

from nixpkgs_contrib.forge import repository_in_urls
from nixpkgs_contrib.hashing.sources import hash_github_tag
from nixpkgs_contrib.inference import github_repository, tag_candidates, tag_for_version

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    return done.stdout.strip()


def clone_of(tmp_path: Path, project: str = "hatch-basic", *, origin: str | None, tags: tuple[str, ...]) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(PROJECTS / project, repo, ignore=shutil.ignore_patterns("fixture.toml"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    for tag in tags:
        git(repo, "tag", tag)
    if origin:
        git(repo, "remote", "add", "origin", origin)
    return repo


# --------------------------------------------------------------------------------------------------
# the pieces


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme-org/acme",
        "https://github.com/acme-org/acme.git",
        "https://github.com/acme-org/acme/",
        "http://www.github.com/acme-org/acme",
        "ssh://git@github.com/acme-org/acme.git",
        "ssh://git@github.com:22/acme-org/acme",
        "git@github.com:acme-org/acme.git",
        "git@github.com:acme-org/acme",
        "git://github.com/acme-org/acme.git",
        "https://token@github.com/acme-org/acme.git",
    ],
)
def test_github_remote_spellings(url):
    assert github_repository(url) == ("acme-org", "acme")


@pytest.mark.parametrize(
    "url",
    ["https://gitlab.com/acme-org/acme", "git@gitlab.com:acme-org/acme.git", "https://github.com/acme-org", "/srv/git/acme.git", "https://github.com/a/b/c"],
)
def test_not_github_remotes(url):
    assert github_repository(url) is None


def test_dotted_repository_names_keep_their_dots():
    assert github_repository("git@github.com:acme-org/acme.py.git") == ("acme-org", "acme.py")


def test_tag_spellings():
    assert tag_candidates("Acme.Core", "1.2.3")[:2] == ["v1.2.3", "1.2.3"]
    for tag in ("acme-core-1.2.3", "acme_core-1.2.3", "Acme.Core-1.2.3", "acme-core==1.2.3", "acme-core-v1.2.3"):
        assert tag in tag_candidates("Acme.Core", "1.2.3")
        assert tag_for_version(["v1.2.2", tag, "v1.2.30"], "Acme.Core", "1.2.3") == tag
    assert tag_for_version(["1.2.3", "v1.2.3"], "acme", "1.2.3") == "v1.2.3"  # the usual spelling first
    assert tag_for_version(["v1.2.30", "v11.2.3", "acme-1.2.3rc1"], "acme", "1.2.3") is None


def test_github_in_project_urls():
    def found(urls):
        link = repository_in_urls(urls)
        return None if link is None else (link.owner, link.repo)

    assert found([("Homepage", "https://acme.example.org"), ("Changelog", "https://github.com/acme-org/acme/blob/main/CHANGES.md")]) == ("acme-org", "acme")
    assert found([("Funding", "https://github.com/sponsors/alice"), ("Source", "https://github.com/acme-org/acme.git")]) == ("acme-org", "acme")
    assert found([("Homepage", "https://gitlab.com/acme-org/acme")]) is None
    assert found([("Changelog", "https://github.com/acme-org/docs/blob/main/a.md"), ("Source Code", "https://github.com/acme-org/acme")]) == ("acme-org", "acme")


# --------------------------------------------------------------------------------------------------
# emit from a clone


@pytest.mark.parametrize(("origin", "tag"), [("git@github.com:acme-org/acme.git", "v2.4.1"), ("https://github.com/acme-org/acme", "acme-core-2.4.1")])
def test_clone_gives_github_tag_and_hash(tmp_path, origin, tag):
    repo = clone_of(tmp_path, origin=origin, tags=("v2.4.0", tag))
    out = tmp_path / "out"
    result = run_cli("emit", repo, "--quiet", "--out", out)
    assert result.status == 0, result.stderr
    text = next(out.rglob("default.nix")).read_text()
    assert 'owner = "acme-org";' in text and 'repo = "acme";' in text
    assert f'hash = "{hash_github_tag(repo, tag)}";' in text
    lines = result.stderr.splitlines()
    assert "nixpkgs-contrib: inferred --github acme-org/acme (from the git remote 'origin')" in lines
    assert any(line.startswith(f"nixpkgs-contrib: inferred --tag {tag} (the tag of version 2.4.1") for line in lines)


def test_upstream_remote_wins_over_a_fork_origin(tmp_path):
    repo = clone_of(tmp_path, origin="git@github.com:alice/acme.git", tags=("v2.4.1",))
    git(repo, "remote", "add", "upstream", "https://github.com/acme-org/acme.git")
    result = run_cli("emit", repo, "--quiet", "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    assert "inferred --github acme-org/acme (from the git remote 'upstream')" in result.stderr


def test_explicit_options_win(tmp_path):
    repo = clone_of(tmp_path, origin="git@github.com:acme-org/acme.git", tags=("v2.4.1", "2.4.1"))
    out = tmp_path / "out"
    result = run_cli("emit", repo, "--github", "other/acme", "--tag", "2.4.1", "--quiet", "--out", out)
    assert result.status == 0, result.stderr
    assert "inferred" not in result.stderr
    text = next(out.rglob("default.nix")).read_text()
    assert 'owner = "other";' in text and 'tag = finalAttrs.version;' in text


def test_only_the_missing_option_is_inferred(tmp_path):
    repo = clone_of(tmp_path, origin="git@github.com:acme-org/acme.git", tags=("v2.4.1", "2.4.1"))
    result = run_cli("emit", repo, "--tag", "2.4.1", "--quiet", "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    assert "inferred --github acme-org/acme" in result.stderr and "inferred --tag" not in result.stderr


def test_no_matching_tag_says_what_was_tried(tmp_path):
    repo = clone_of(tmp_path, origin="git@github.com:acme-org/acme.git", tags=("v2.4.0",))
    result = run_cli("emit", repo, "--out", tmp_path / "out")
    assert result.status == 1
    (line,) = result.stderr.splitlines()
    assert "no tag of this checkout is version 2.4.1 of Acme.Core" in line
    assert "v2.4.1" in line and "recent tags: v2.4.0" in line and "--tag TAG" in line
    assert not (tmp_path / "out").exists()


def test_version_only_the_vcs_knows_takes_the_tag_at_head(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=64", "setuptools-scm>=8"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "scmver"
        dynamic = ["version"]
        description = "Versioned by its tags"
        license = "MIT"

        [tool.setuptools_scm]
        """))
    (repo / "scmver").mkdir()
    (repo / "scmver" / "__init__.py").write_text("")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    git(repo, "tag", "v0.9.0")
    git(repo, "commit", "-q", "--allow-empty", "-m", "next")
    git(repo, "tag", "v1.0.0")
    git(repo, "remote", "add", "origin", "https://github.com/acme-org/scmver")
    out = tmp_path / "out"
    result = run_cli("emit", repo, "--quiet", "--out", out)
    assert result.status == 0, result.stderr
    assert "inferred --tag v1.0.0 (the version tag at HEAD" in result.stderr
    assert 'version = "1.0.0";' in next(out.rglob("default.nix")).read_text()
    git(repo, "commit", "-q", "--allow-empty", "-m", "after")
    again = run_cli("emit", repo, "--out", tmp_path / "again")
    assert again.status == 1 and "no version tag points at HEAD" in again.stderr and "--tag TAG" in again.stderr


def test_plain_directory_proposes_the_exact_command(tmp_path):
    result = run_cli("emit", PROJECTS / "hatch-basic", "--out", tmp_path / "out")
    assert result.status == 1
    (line,) = result.stderr.splitlines()
    # hatch-basic's changelog URL names its GitHub repository; its version is 2.4.1
    assert "upstream is github:acme-org/acme" in line
    assert "--github acme-org/acme --tag v2.4.1 --prefetch" in line and "--fake-hash" in line
    assert "https://github.com/acme-org/acme/tree/v2.4.1" in line and "pypi:Acme.Core==2.4.1" in line
    assert not (tmp_path / "out").exists()


def test_plain_directory_without_repository_lists_every_way(tmp_path):
    result = run_cli("emit", PROJECTS / "uv-build", "--out", tmp_path / "out")
    assert result.status == 1
    (line,) = result.stderr.splitlines()
    for way in ("--github OWNER/REPO --tag TAG", "--prefetch", "--fake-hash", "git clone", "pypi:", "sdist"):
        assert way in line, way


def test_non_github_checkout_is_not_guessed(tmp_path):
    repo = clone_of(tmp_path, project="uv-build", origin="https://gitlab.com/acme-org/acme.git", tags=())
    result = run_cli("emit", repo, "--out", tmp_path / "out")
    assert result.status == 1
    assert "inferred" not in result.stderr and "nothing to fetch the source from" in result.stderr


def test_every_way_to_a_hash_is_listed(tmp_path):
    result = run_cli("emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--out", tmp_path / "out")
    assert result.status == 1
    for way in ("--hash SRI", "git checkout that has the tag", "--prefetch", "--fake-hash"):
        assert way in result.stderr, way


def test_family_clone_gives_github_and_keeps_the_recipe_tag(tmp_path):
    """For a family only --github is inferred; the tag comes from the recipe (or --tag)."""
    repo = tmp_path / "dagster"
    shutil.copytree(REPO / "examples/dagster/snapshot", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    git(repo, "tag", "1.12.0")
    git(repo, "remote", "add", "origin", "git@github.com:dagster-io/dagster.git")
    recipe = (REPO / "examples/dagster/recipe.toml").read_text()
    recipe = "\n".join(line for line in recipe.splitlines() if not line.startswith(("github =", "hash =")))
    (tmp_path / "recipe.toml").write_text(recipe + "\n")
    out = tmp_path / "out"
    result = run_cli("emit", repo, "--recipe", tmp_path / "recipe.toml", "--quiet", "--out", out)
    assert result.status == 0, result.stderr
    assert "inferred --github dagster-io/dagster (from the git remote 'origin')" in result.stderr
    assert "inferred --tag" not in result.stderr
    text = (out / "pkgs/development/python-modules/dagster-shared/default.nix").read_text()  # the family's root
    assert 'owner = "dagster-io";' in text and f'hash = "{hash_github_tag(repo, "1.12.0")}";' in text
