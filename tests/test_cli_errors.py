"""Bad input: one clear line naming the file and the cause, exit status 1, nothing written."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECTS, run_cli

GITHUB = ["--github", "acme-org/acme", "--tag", "v1.0.0", "--hash", "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro="]


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "acme"
version = "1.0.0"
description = "Acme"
license = "MIT"
dependencies = {deps}
"""


def assert_user_error(tmp_path: Path, args: list, *needles: str) -> str:
    out = tmp_path / "out"
    result = run_cli("emit", *args, "--out", out)
    assert result.status == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert not out.exists(), "nothing may be written on error"
    assert not any(p.name.startswith(".out.") for p in tmp_path.iterdir()), "staging folder left behind"
    return lines[0]


def test_broken_toml(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": "[project\nname = 'x'\n", "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "pyproject.toml:1", "invalid TOML")


def test_invalid_requirement(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps='["requests>=>2"]'), "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "pyproject.toml:10", "invalid requirement 'requests>=>2'")


def test_invalid_marker(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps="[\"requests; python_version >< '3'\"]"), "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "pyproject.toml", "invalid requirement")


def test_missing_name(tmp_path: Path) -> None:
    text = PYPROJECT.format(deps="[]").replace('name = "acme"\n', "")
    src = project(tmp_path, {"pyproject.toml": text, "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "pyproject.toml", "no name")


def test_missing_version(tmp_path: Path) -> None:
    text = PYPROJECT.format(deps="[]").replace('version = "1.0.0"\n', 'dynamic = ["version"]\n')
    src = project(tmp_path, {"pyproject.toml": text, "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, "--github", "acme-org/acme", "--hash", GITHUB[-1]], "pyproject.toml", "version")


def test_unknown_license(tmp_path: Path) -> None:
    text = PYPROJECT.format(deps="[]").replace('"MIT"', '"LicenseRef-Acme-Proprietary"')
    src = project(tmp_path, {"pyproject.toml": text, "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "unknown license 'LicenseRef-Acme-Proprietary'", "--license")


def test_unknown_license_overridden(tmp_path: Path) -> None:
    text = PYPROJECT.format(deps="[]").replace('"MIT"', '"LicenseRef-Acme-Proprietary"')
    src = project(tmp_path, {"pyproject.toml": text, "acme/__init__.py": ""})
    result = run_cli("emit", src, *GITHUB, "--license", "unfree", "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    assert "license = lib.licenses.unfree;" in next((tmp_path / "out").rglob("default.nix")).read_text()


def test_setup_py_syntax_error(tmp_path: Path) -> None:
    src = project(tmp_path, {"setup.py": "from setuptools import setup\nsetup(name='acme',\n", "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB], "setup.py:", "syntax")


def test_setup_py_unresolvable(tmp_path: Path) -> None:
    src = project(
        tmp_path,
        {
            "setup.py": "import os\nfrom setuptools import setup\nsetup(name='acme', version=os.environ['ACME_VERSION'])\n",
            "acme/__init__.py": "",
        },
    )
    assert_user_error(tmp_path, [src, *GITHUB], "setup.py:3")


def test_garbage_sdist(tmp_path: Path) -> None:
    sdist = tmp_path / "acme-1.0.tar.gz"
    sdist.write_bytes(b"this is not a tarball")
    assert_user_error(tmp_path, [sdist], "acme-1.0.tar.gz", "cannot read archive")


def test_missing_path(tmp_path: Path) -> None:
    assert_user_error(tmp_path, [tmp_path / "nope", *GITHUB], "nope", "no such file or directory")


def test_not_a_project(tmp_path: Path) -> None:
    src = project(tmp_path, {"README.md": "hello"})
    assert_user_error(tmp_path, [src, *GITHUB], "no Python project")


def test_tag_disagrees_with_version(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps="[]"), "acme/__init__.py": ""})
    args = [src, "--github", "acme-org/acme", "--tag", "v2.0.0", "--hash", GITHUB[-1]]
    assert_user_error(tmp_path, args, "'v2.0.0'", "'1.0.0'")


def test_bad_hash(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps="[]"), "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB[:-1], "sha256:deadbeef"], "not an SRI")


def test_existing_output_is_not_overwritten(tmp_path: Path) -> None:
    src = PROJECTS / "hatch-basic"
    args = ["emit", src, "--github", "acme-org/acme", "--tag", "v2.4.1", "--hash", GITHUB[-1], "--out", tmp_path / "out"]
    assert run_cli(*args).status == 0
    target = next((tmp_path / "out").rglob("default.nix"))
    target.write_text("# edited by hand\n")
    again = run_cli(*args)
    assert again.status == 1 and "--force" in again.stderr
    assert target.read_text() == "# edited by hand\n"
    assert run_cli(*args, "--force").status == 0
    assert target.read_text() != "# edited by hand\n"


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run_cli("emit").status == 2
    assert run_cli("emit", tmp_path, "--python", "3.11", "--target", "unstable").status == 2


def test_package_outside_repository(tmp_path: Path) -> None:
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps="[]"), "acme/__init__.py": ""})
    assert_user_error(tmp_path, [src, *GITHUB, "--package", "../elsewhere"], "leaves the repository")


def test_unknown_recipe_key(tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('[family]\nname = "x"\ncolour = "blue"\n[[package]]\npath = "a"\n')
    assert_user_error(tmp_path, [tmp_path, "--recipe", recipe], "recipe.toml", "unknown key 'colour'")


def test_setup_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    src = project(
        tmp_path,
        {
            "setup.py": (
                "import os\n"
                f"open({str(marker)!r}, 'w').write('ran')\n"
                f"os.system('touch {marker}')\n"
                "from setuptools import setup\n"
                "setup(name='acme', version='1.0.0', description='Acme', license='MIT', packages=['acme'])\n"
            ),
            "acme/__init__.py": "",
        },
    )
    result = run_cli("emit", src, *GITHUB, "--out", tmp_path / "out")
    assert not marker.exists(), "setup.py was executed"
    # the side effects are not setup() keywords, so the package is still emitted
    assert result.status == 0, result.stderr
