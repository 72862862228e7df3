"""The emit pipeline's source choice: an sdist without tests, and the repository it names."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from conftest import build_sdist

from nixpkgs_contrib.pipeline import emit_single
from nixpkgs_contrib.plan import Options

GOOD = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def sdist(tmp_path: Path, *, version: str = "1.4.0", tests: bool = False) -> Path:
    src = tmp_path / "src"
    (src / "acme").mkdir(parents=True)
    (src / "acme" / "__init__.py").write_text("")
    (src / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "acme"
            version = "{version}"
            description = "Things for acme users"
            license = "MIT"
            dependencies = ["click"]

            [project.urls]
            Source = "https://github.com/acme-org/acme"

            [dependency-groups]
            test = ["pytest", "pytest-mock"]
            """
        )
    )
    (src / "PKG-INFO").write_text(f"Metadata-Version: 2.4\nName: acme\nVersion: {version}\n")
    if tests:
        (src / "tests").mkdir()
        (src / "tests" / "test_acme.py").write_text("def test_it():\n    pass\n")
    return build_sdist(src, tmp_path, f"acme-{version}")


@pytest.fixture
def prefetcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A stand-in nix-prefetch-github that knows only the tags it is given (no network)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "calls"
    monkeypatch.setenv("PATH", str(bindir))

    def install(tags: dict[str, str]) -> Path:
        script = bindir / "nix-prefetch-github"
        script.write_text(
            f"#!{sys.executable}\n"
            + textwrap.dedent(
                f"""\
                import json, sys
                tags = {tags!r}
                owner, repo, _, tag = sys.argv[1:5]
                with open({str(log)!r}, "a") as fh:
                    fh.write(tag + "\\n")
                if tag not in tags:
                    sys.stderr.write("fatal: couldn't find remote ref " + tag + "\\n")
                    sys.exit(1)
                json.dump({{"owner": owner, "repo": repo, "rev": tag, "hash": tags[tag]}}, sys.stdout)
                """
            )
        )
        script.chmod(0o755)
        return log

    return install


def test_offline_keeps_fetch_pypi_and_says_how_to_switch(tmp_path: Path) -> None:
    emitted = emit_single(sdist(tmp_path), Options())
    text = emitted.files["pkgs/development/python-modules/acme/default.nix"]
    assert "fetchPypi" in text and "doCheck = false;" in text
    (warning,) = emitted.warnings
    assert "--github acme-org/acme --tag v1.4.0 --prefetch" in warning
    assert "from a clone of it" in warning
    assert "v1.4.0 is a guess" in warning and "else 1.4.0" in warning
    assert "https://github.com/acme-org/acme/tags" in warning


def test_an_sdist_with_tests_stays_on_pypi_without_a_warning(tmp_path: Path) -> None:
    emitted = emit_single(sdist(tmp_path, tests=True), Options())
    assert emitted.warnings == ()
    text = emitted.files["pkgs/development/python-modules/acme/default.nix"]
    assert "fetchPypi" in text and "doCheck" not in text


def test_prefetch_switches_to_the_tag_that_exists(tmp_path: Path, prefetcher) -> None:
    log = prefetcher({"1.4.0": GOOD})
    emitted = emit_single(sdist(tmp_path), Options(prefetch=True))
    assert log.read_text().split() == ["v1.4.0", "1.4.0"]  # the guess first, then the other form
    text = emitted.files["pkgs/development/python-modules/acme/default.nix"]
    assert "fetchPypi" not in text
    assert '    owner = "acme-org";\n    repo = "acme";\n    tag = finalAttrs.version;\n' in text
    assert f'hash = "{GOOD}";' in text
    # upstream declares test requirements, so the tagged tree's tests run
    assert "doCheck" not in text and "nativeCheckInputs" in text and "pytest-mock" in text
    assert emitted.warnings == ("note: the sdist ships no tests; fetching https://github.com/acme-org/acme at tag 1.4.0 instead",)


def test_prefetch_that_finds_no_tag_keeps_fetch_pypi(tmp_path: Path, prefetcher) -> None:
    prefetcher({})
    emitted = emit_single(sdist(tmp_path), Options(prefetch=True))
    assert "fetchPypi" in emitted.files["pkgs/development/python-modules/acme/default.nix"]
    (warning,) = emitted.warnings
    assert warning.startswith("warning: the sdist ships no tests, and no guessed tag") and "kept fetchPypi" in warning
    assert "couldn't find remote ref v1.4.0" in warning
