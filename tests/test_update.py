"""``update`` (a family at a new tag: dependency diff, new files, ``<old> -> <new>`` commits) and
``check-updates`` (a newer tag in a local clone)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_cli
from nixpkgs_fixture import GIT_ENV, commit_all, git, make_nixpkgs, package_nix

from nixpkgs_contrib import __version__
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex
from nixpkgs_contrib.nixpkgs.update import TagScheme, newer_tags, resolve, scheme_of
from nixpkgs_contrib.nixsyntax import NixSyntaxError

TRAILER = f"Assisted-by: nixpkgs-contrib {__version__}"
CHECKOUT = {"hatchling": "1.27.0", "requests": "2.32.3", "six": "1.17.0", "attrs": "25.3.0", "jinja2": "3.1.6"}


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def write_project(root: Path, name: str, version: str, deps: list[str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(repr(d) for d in deps)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{name}"
            version = "{version}"
            description = "Fixture package for update tests"
            license = "MIT"
            dependencies = [{listed}]
            """
        )
    )
    module = root / name.replace("-", "_")
    module.mkdir(exist_ok=True)
    (module / "__init__.py").write_text("")


def monorepo(tmp_path: Path) -> Path:
    """acme-core and acme-web, tagged v1.0.0 and v1.1.0: core drops six, gains attrs (only below
    3.12) and raises its requests floor; web follows core and moves its jinja2 cap."""
    repo = tmp_path / "acme"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write_project(repo / "packages/acme-core", "acme-core", "1.0.0", ["requests>=2", "six"])
    write_project(repo / "packages/acme-web", "acme-web", "1.0.0", ["acme-core==1.0.0", "jinja2<4"])
    commit_all(repo, "1.0.0")
    git(repo, "tag", "v1.0.0")
    write_project(repo / "packages/acme-core", "acme-core", "1.1.0", ["requests>=2.30", 'attrs; python_version < "3.12"'])
    write_project(repo / "packages/acme-web", "acme-web", "1.1.0", ["acme-core==1.1.0", "jinja2<3"])
    commit_all(repo, "1.1.0")
    git(repo, "tag", "v1.1.0")
    git(repo, "tag", "other-9.0")  # another scheme: never a candidate
    return repo


def recipe(tmp_path: Path, tag: str = "v1.0.0") -> Path:
    path = tmp_path / f"recipe-{tag}.toml"
    path.write_text(
        textwrap.dedent(
            f"""\
            [family]
            name = "acme"
            github = "acme-org/acme"
            tag = "{tag}"
            python = "3.11-3.13"

            [[package]]
            path = "packages/acme-core"
            no-check = "fixture"

            [[package]]
            path = "packages/acme-web"
            no-check = "fixture"
            """
        )
    )
    return path


def test_update_to_out_prints_the_dependency_diff(tmp_path):
    repo = monorepo(tmp_path)
    out = tmp_path / "out"
    res = run_cli("update", repo, "--recipe", recipe(tmp_path), "--tag", "v1.1.0", "--out", out)
    assert res.status == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "acme-core: 1.0.0 -> 1.1.0" in lines
    assert '  + dependencies: attrs when pythonOlder "3.12"' in lines
    assert "  - dependencies: six" in lines
    assert "  ~ dependencies: requests >=2 -> >=2.30" in lines
    assert "acme-web: 1.0.0 -> 1.1.0" in lines
    assert "  ~ dependencies: jinja2 <4 -> <3" in lines
    assert "acme-core ==" not in res.stdout  # a sibling pin is not news
    core = (out / "pkgs/development/python-modules/acme-core/default.nix").read_text()
    assert 'version = "1.1.0";' in core and "six" not in core and "attrs" in core
    # the hash of the old tag must not be reused: both tags hash differently
    old = run_cli("emit", repo, "--recipe", recipe(tmp_path), "--out", tmp_path / "old")
    assert old.status == 0, old.stderr
    old_core = (tmp_path / "old/pkgs/development/python-modules/acme-core/default.nix").read_text()
    hash_of = lambda text: next(line for line in text.splitlines() if "hash = " in line)  # noqa: E731
    assert hash_of(core) != hash_of(old_core)


def test_update_without_the_tag_or_a_hash_says_how_to_get_one(tmp_path):
    repo = monorepo(tmp_path)
    res = run_cli("update", repo, "--recipe", recipe(tmp_path), "--tag", "v2.0.0", "--out", tmp_path / "out")
    assert res.status == 1 and "--hash" in res.stderr


def test_update_commits_old_to_new_in_a_checkout(tmp_path):
    repo = monorepo(tmp_path)
    root = make_nixpkgs(tmp_path, CHECKOUT, pythons=("3.11", "3.12", "3.13"))
    first = run_cli("pr", repo, "--recipe", recipe(tmp_path), "--nixpkgs", root, "--pr-body", tmp_path / "body.md")
    assert first.status == 0, first.stderr
    base = git(root, "rev-parse", "HEAD")

    res = run_cli("update", repo, "--recipe", recipe(tmp_path), "--tag", "v1.1.0", "--nixpkgs", root)
    assert res.status == 0, res.stderr
    assert git(root, "symbolic-ref", "--short", "HEAD") == "python3Packages.acme-1.1.0"
    assert git(root, "log", "--reverse", "--format=%s", f"{base}..HEAD").splitlines() == [
        "python3Packages.acme-core: 1.0.0 -> 1.1.0",
        "python3Packages.acme-web: 1.0.0 -> 1.1.0",
    ]
    for rev in ("HEAD", "HEAD~1"):
        assert git(root, "log", "-1", "--format=%B", rev).rstrip().endswith(TRAILER)
    assert git(root, "status", "--porcelain") == ""
    core = (root / "pkgs/development/python-modules/acme-core/default.nix").read_text()
    assert 'version = "1.1.0";' in core and "six" not in core
    web = (root / "pkgs/development/python-modules/acme-web/default.nix").read_text()
    assert "# jinja2<3 upstream; nixpkgs has 3.1.6" in web
    # the registration did not move
    assert git(root, "diff", base, "--stat", "--", "pkgs/top-level/python-packages.nix") == ""


def test_update_refuses_packages_the_checkout_lacks(tmp_path):
    repo = monorepo(tmp_path)
    root = make_nixpkgs(tmp_path, CHECKOUT)
    res = run_cli("update", repo, "--recipe", recipe(tmp_path), "--tag", "v1.1.0", "--nixpkgs", root)
    assert res.status == 1 and "nixpkgs-contrib pr" in res.stderr


def _member(root: Path, attr: str, inherit: str, extra: str = "") -> None:
    """*attr*'s file with *inherit* in place of its own version and src."""
    text = package_nix(attr, "1.0.0")
    start, end = text.index("  src = fetchFromGitHub"), text.index("  build-system")
    text = text[:start] + text[end:]
    text = text.replace('  version = "1.0.0";\n', inherit + extra)
    (root / "pkgs/development/python-modules" / attr / "default.nix").write_text(text)


def test_resolve_finds_the_members_by_their_tokens(tmp_path):
    """Members are the files whose tokens say ``inherit (acme) version src``, a comment between
    them or not; the same text in a string or a comment makes no member."""
    attrs = ("acme", "acme-cli", "acme-core", "acme-docs", "acme-extras", "acme-web")
    root = make_nixpkgs(tmp_path, dict.fromkeys(attrs, "1.0.0"), commit=False)
    _member(root, "acme-core", "  inherit /* shared with acme */ (acme) version src;\n")
    _member(root, "acme-cli", "  inherit\n    # the root\n    ( acme )\n    version\n    src\n    ;\n")
    _member(root, "acme-web", "  inherit (acme) src;\n", '  version = "0.3.0";\n')  # its own version
    docs = root / "pkgs/development/python-modules/acme-docs/default.nix"  # its own version and src
    text = docs.read_text().replace("  pyproject = true;\n", "  pyproject = true;\n  # not: inherit (acme) version src;\n")
    docs.write_text(text.replace('"Fixture package acme-docs"', '"Says inherit (acme) version src"'))
    family = resolve(NixpkgsIndex.load(root), "acme-cli", Target())
    assert family.root.attr == "acme"
    assert [m.attr for m in family.members] == ["acme-cli", "acme-core"]
    assert family.src_only == ("acme-web",)


def test_resolve_reports_a_broken_file_that_may_be_a_member(tmp_path):
    """A file that names the root but does not lex cannot be ruled out: one line names it (a
    family is never updated without a member); a broken file that does not name it is no concern."""
    root = make_nixpkgs(tmp_path, dict.fromkeys(("acme", "acme-core", "other"), "1.0.0"), commit=False)
    _member(root, "acme-core", "  inherit (acme) version src;\n", '  patches = [ "unterminated ];\n')
    other = root / "pkgs/development/python-modules/other/default.nix"
    other.write_text(other.read_text().replace("pyproject = true;", 'pyproject = "unterminated;'))
    with pytest.raises(NixSyntaxError, match=r"acme-core/default\.nix:\d+:\d+: unterminated string$"):
        resolve(NixpkgsIndex.load(root), "acme", Target())
    _member(root, "acme-core", "  inherit (acme) version src;\n")
    assert [m.attr for m in resolve(NixpkgsIndex.load(root), "acme", Target()).members] == ["acme-core"]


def test_check_updates_finds_the_newer_tag(tmp_path):
    repo = monorepo(tmp_path)
    res = run_cli("check-updates", "--recipe", recipe(tmp_path), repo)
    assert (res.status, res.stdout) == (0, "v1.1.0\n")
    assert run_cli("check-updates", "--recipe", recipe(tmp_path), repo, "--exit-code").status == 10


def test_check_updates_up_to_date_and_pre_releases(tmp_path):
    repo = monorepo(tmp_path)
    git(repo, "tag", "v1.2.0rc1")
    res = run_cli("check-updates", "--recipe", recipe(tmp_path, "v1.1.0"), repo, "--exit-code")
    assert res.status == 0 and res.stdout.startswith("up to date")
    pre = run_cli("check-updates", "--recipe", recipe(tmp_path, "v1.1.0"), repo, "--pre")
    assert (pre.status, pre.stdout) == (0, "v1.2.0rc1\n")


@pytest.mark.parametrize(
    ("tag", "prefix", "suffix", "version"),
    [("v1.2.3", "v", "", "1.2.3"), ("1.12.0", "", "", "1.12.0"), ("release-2024.1-final", "release-", "-final", "2024.1")],
)
def test_tag_schemes(tag, prefix, suffix, version):
    scheme, found = scheme_of(tag)
    assert (scheme, str(found)) == (TagScheme(prefix, suffix), version)


def test_newer_tags_ignore_other_schemes_and_order_by_version():
    tags = ["v1.9.0", "v1.10.0", "v1.2", "1.11.0", "vnext", "v1.10.0.dev1", "v2.0.0b1"]
    assert [t for _, t in newer_tags(tags, "v1.2.0")] == ["v1.9.0", "v1.10.0"]
    assert [t for _, t in newer_tags(tags, "v1.2.0", pre=True)] == ["v1.9.0", "v1.10.0.dev1", "v1.10.0", "v2.0.0b1"]
