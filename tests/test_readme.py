"""The README's commands, run as written on a clean clone in a fresh virtual environment.

Every fenced ``sh``/``python``/``toml`` block of README.md carries an annotation on the line before
it: ``<!-- readme-test: run -->`` (run here, in order, in one shell), ``<!-- readme-test: run (a
stand-in nixpkgs checkout at PATH) -->`` (the same, with a small nixpkgs-shaped checkout created at
PATH first), ``<!-- readme-test: recipe -->`` (a recipe that must load and document every key) or
``<!-- readme-test: skip (reason) -->`` (network, or the test suite itself).  The commands are
parsed out of the README, so the test fails when the README drifts from the tool.

Offline: the fresh venv gets its dependencies from this environment (a directory of links on
``PYTHONPATH``, which pip counts as installed) and builds the clone with this environment's
setuptools (``--no-build-isolation``, through pip's environment variables).  The ``nix flake check
path:…`` lines run against the stand-in nixpkgs, inside the clone, where ``out/`` is git-ignored.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from conftest import REPO
from nixeval import requires_nix
from nixpkgs_fixture import GIT_ENV, make_nixpkgs

from nixpkgs_contrib import flake_eval
from nixpkgs_contrib.recipe import FAMILY_KEYS, PACKAGE_KEYS
from nixpkgs_contrib.recipe import load as load_recipe

README = REPO / "README.md"
_BLOCK = re.compile(r"(?:<!-- readme-test: (?P<note>[^\n]*?) -->\n)?```(?P<lang>[\w-]*)\n(?P<body>.*?)^```\s*$", re.S | re.M)
_NIXPKGS_AT = re.compile(r"stand-in nixpkgs checkout at (\S+)\)")
#: what the stand-in nixpkgs checkout must hold for the walkthrough's `pr --dry-run`
WALKTHROUGH_NIXPKGS = {"hatchling": "1.27.0", "click": "8.1.8", "tomli": "2.2.1"}


def blocks(text: str) -> list[tuple[str, str, str]]:
    """(annotation, language, body) of every fenced block."""
    return [(m["note"] or "", m["lang"], m["body"]) for m in _BLOCK.finditer(text)]


def runnable(text: str) -> list[tuple[str, str, str]]:
    return [b for b in blocks(text) if b[0].startswith("run")]


# --------------------------------------------------------------------------------------------------
# the README's shape


def test_every_command_block_says_whether_it_runs_here():
    for note, lang, body in blocks(README.read_text()):
        if lang in ("sh", "python", "toml"):
            assert re.match(r"^(run|run \(.+\)|recipe|skip \(.+\))$", note), f"unannotated ```{lang} block:\n{body}"


def test_quick_start_is_step_0_and_two_commands():
    text = README.read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    found = [body.strip() for _, lang, body in blocks(quick) if lang == "sh"]
    assert len(found) == 3, found
    venv, main, tests = found
    assert venv == "python3 -m venv .venv && . .venv/bin/activate"
    assert main.startswith("pip install -e '.[test]' && nixpkgs-contrib emit ") and "\n" not in main
    assert tests == "python -m pytest -q"
    assert "python -m pytest -q" in (REPO / ".ci/run").read_text()  # CI runs the README's test command


def test_walkthrough_comes_before_the_monorepo_material():
    text = README.read_text()
    assert text.index("## Your first package") < text.index("## From the recipe to a nixpkgs branch")
    walkthrough = text.split("## Your first package", 1)[1].split("\n## ", 1)[0]
    commands = " ".join(body for _, lang, body in blocks(walkthrough) if lang == "sh")
    for step in ("nixpkgs-contrib emit ", "nixpkgs-contrib check ", "nixpkgs-contrib pr ", "--dry-run"):
        assert step in commands


def test_recipe_format_documents_every_key(tmp_path):
    recipes = [body for note, lang, body in blocks(README.read_text()) if note == "recipe"]
    assert len(recipes) == 1
    (body,) = recipes
    for key in sorted(FAMILY_KEYS | PACKAGE_KEYS):
        assert re.search(rf"^(# )?{re.escape(key)} = ", body, re.M), f"the recipe format does not show {key!r}"
    path = tmp_path / "recipe.toml"
    path.write_text(body)
    recipe = load_recipe(path)
    assert recipe.name == "acme" and len(recipe.packages) == 2
    # the commented alternatives are valid too
    path.write_text(body.replace('python = "3.11-3.14"', '# python').replace("# target =", "target =").replace("# tag-format =", "tag-format ="))
    assert load_recipe(path).tag_format == "{name}=={version}"


def test_bundled_example_sdist_is_what_its_script_builds():
    """examples/acme-hello/acme_hello-0.3.0.tar.gz, the walkthrough's sdist, is reproducible."""
    import importlib.util

    here = REPO / "examples" / "acme-hello"
    spec = importlib.util.spec_from_file_location("make_sdist", here / "make_sdist.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (here / "acme_hello-0.3.0.tar.gz").read_bytes() == module.sdist_bytes()


# --------------------------------------------------------------------------------------------------
# running it


def _setuptools_ok() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


def clean_clone(dest: Path) -> Path:
    """``git clone`` of this repository, with the working tree's current files on top (so the test
    runs what is being changed, committed or not)."""
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True, capture_output=True)
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def dependency_links(dest: Path) -> Path:
    """This environment's installed packages, without the project itself, as a PYTHONPATH entry."""
    dest.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    skip = re.compile(r"^(nixpkgs_contrib|nixpkgs-contrib|__editable__|_distutils_hack|distutils-precedence|pip\b|pip-|__pycache__|tests$)")
    for entry in site.iterdir():
        if not skip.match(entry.name):
            (dest / entry.name).symlink_to(entry)
    return dest


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory):
    if not _setuptools_ok():
        pytest.skip("building the clone offline needs setuptools >= 77 in this environment (pip install -e '.[test]' again)")
    root = tmp_path_factory.mktemp("readme")
    clone = clean_clone(root / "nixpkgs-contrib")
    deps = dependency_links(root / "deps")
    text = (clone / "README.md").read_text()
    script = ["set -euo pipefail", "set -x"]
    for note, lang, body in runnable(text):
        for where in _NIXPKGS_AT.findall(note):
            target = (clone / where).resolve()
            if not target.exists():
                made = make_nixpkgs(root / "fixture", WALKTHROUGH_NIXPKGS, pythons=("3.12", "3.13", "3.14"))
                shutil.move(made, target)
        if lang == "python":
            script.append(f"python - <<'README_PYTHON'\n{body}README_PYTHON")
        else:
            script.append(body)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))},
        **GIT_ENV,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PYTHONPATH": str(deps),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's spelling of --no-build-isolation
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_CACHE_DIR": "1",
        "XDG_CACHE_HOME": str(root / "cache"),
        "NIX_CONFIG": flake_eval.NIX_CONFIG,
    }
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=clone, env=env, capture_output=True, text=True)
    return clone, done, env


def test_readme_commands_run_on_a_fresh_clone(readme_run):
    clone, done, _ = readme_run
    assert done.returncode == 0, done.stderr[-6000:]
    # step 0 made a virtual environment and the installed command is the one that ran
    assert (clone / ".venv/bin/nixpkgs-contrib").is_file()
    assert "+ nixpkgs-contrib emit examples/dagster/snapshot" in done.stderr
    # the quick start's family and the walkthrough's package
    assert (clone / "out/dagster/pkgs/development/python-modules/dagster/default.nix").is_file()
    hello = (clone / "out/hello/pkgs/development/python-modules/acme-hello/default.nix").read_text()
    assert "fetchPypi" in hello and "lib.optionals (pythonOlder \"3.11\") [ tomli ]" in hello
    # what the walkthrough says the commands print
    assert "acme-hello 0.3.0: 1 conditional dependency; 1 unconditional one not shown" in done.stdout
    assert "nix: pythonOlder \"3.11\"" in done.stdout
    assert "acme-hello: no maintainer" in done.stderr and "the default target" in done.stderr
    assert (clone / "out/hello/README.md").is_file()
    assert "python3Packages.acme-hello: init at 0.3.0" in done.stdout
    # pr planned for the checkout's interpreters (3.12-3.14): the guards the default target needed are gone
    diff = done.stdout.split("+++ b/pkgs/development/python-modules/acme-hello/default.nix", 1)[1]
    assert "pythonOlder" not in diff.split("# commit", 1)[0] and "tomli" not in diff.split("# commit", 1)[0]
    assert (clone / "out/api/pkgs/development/python-modules/acme-hello/default.nix").is_file()


def test_readme_walkthrough_text_matches_the_output(readme_run):
    """The --explain excerpt the README shows is what the command prints."""
    _, done, _ = readme_run
    shown = [body for note, lang, body in blocks(README.read_text()) if lang == "text" and body.startswith("acme-hello 0.3.0:")]
    assert len(shown) == 1 and shown[0] in done.stdout


@requires_nix
def test_nix_flake_check_path_passes_inside_a_git_checkout(readme_run, tmp_path):
    """The README's `nix flake check path:out/…` lines, offline (--no-build, nixpkgs = the stand-in),
    in the clone, where out/ is git-ignored: what made the plain `nix flake check` fail."""
    clone, done, env = readme_run
    assert done.returncode == 0, done.stderr[-3000:]
    lines = re.findall(r"^nix flake check (path:\S+)", README.read_text(), re.M)
    assert sorted(set(lines)) == ["path:out/dagster", "path:out/hello"]
    for ref in sorted(set(lines)):
        folder = clone / ref.removeprefix("path:")
        ignored = subprocess.run(["git", "-C", str(clone), "check-ignore", "-q", str(folder)], env=env)
        assert ignored.returncode == 0, f"{folder} is not git-ignored: the test would not show the problem"
        stand_in = flake_eval.prepare_stand_in(
            tmp_path / folder.name, flake_eval.scan_stand_in_config(p.read_text() for p in flake_eval.nix_files(folder))
        )
        check = subprocess.run(
            ["nix", "flake", "check", "--no-build", "--no-write-lock-file", "--override-input", "nixpkgs", f"path:{stand_in}", ref],
            cwd=clone, env=env, capture_output=True, text=True,
        )
        assert check.returncode == 0, check.stderr
        # and the plain form is what fails there: the git-ignored folder is invisible to a git flake
        plain = subprocess.run(
            ["nix", "flake", "check", "--no-build", "--no-write-lock-file", "--override-input", "nixpkgs", f"path:{stand_in}", f"./{ref.removeprefix('path:')}"],
            cwd=clone, env=env, capture_output=True, text=True,
        )
        assert plain.returncode != 0


def test_the_script_is_what_the_readme_says():
    """The runner feeds the README's own text to the shell (no rewriting of commands)."""
    text = textwrap.dedent(
        """\
        <!-- readme-test: run -->
        ```sh
        echo one
        ```

        <!-- readme-test: skip (network) -->
        ```sh
        curl https://example.org
        ```
        """
    )
    assert [body for _, _, body in runnable(text)] == ["echo one\n"]
