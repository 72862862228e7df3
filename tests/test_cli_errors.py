"""Bad input: one clear line naming the file and the cause, exit status 1, nothing written."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import PROJECTS, REPO, run_cli

from nixpkgs_contrib import pipeline
from nixpkgs_contrib.errors import ISSUES_URL
from nixpkgs_contrib.upstream import project as project_module
from nixpkgs_contrib.upstream import setup_cfg

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
description = "Tools for the acme platform"
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
            "setup.py": "import os\nfrom setuptools import setup\nsetup(name='acme', version=os.environ['SOURCE_DATE_EPOCH'])\n",
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
                "setup(name='acme', version='1.0.0', description='Tools for the acme platform', license='MIT', packages=['acme'])\n"
            ),
            "acme/__init__.py": "",
        },
    )
    result = run_cli("emit", src, *GITHUB, "--out", tmp_path / "out")
    assert not marker.exists(), "setup.py was executed"
    # the side effects are not setup() keywords, so the package is still emitted
    assert result.status == 0, result.stderr


# --------------------------------------------------------------------------------------------------
# Bugs of ours: still one line, reported as ours (not as bad input), never a traceback


def assert_internal_error(tmp_path: Path, args: list, *needles: str) -> str:
    line = assert_user_error(tmp_path, args, "internal error", "bug in nixpkgs-contrib", ISSUES_URL, *needles)
    assert line.startswith("nixpkgs-contrib: error: ")
    return line


def test_a_reader_bug_names_the_file_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_reader(tree):
        raise TypeError("argument of type 'Name' is not iterable")

    monkeypatch.setattr(setup_cfg, "read", broken_reader)
    src = project(tmp_path, {"setup.cfg": "[metadata]\nname = acme\n", "setup.py": "", "acme/__init__.py": ""})
    line = assert_internal_error(tmp_path, [src, *GITHUB], "TypeError: argument of type 'Name' is not iterable")
    assert f"{src / 'setup.cfg'}: internal error while reading this file" in line


def test_an_evaluator_bug_names_setup_py_and_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The evaluator crashes on a statement: the message points at its line in setup.py (the
    innermost ``node`` of our code in the traceback)."""
    crash = compile(
        "import ast\n"
        "def evaluate(tree, env):\n"
        "    node = ast.parse('\\n\\nsetup()').body[0]\n"
        "    raise RecursionError('maximum recursion depth exceeded')\n",
        "evaluator",
        "exec",
    )
    namespace: dict = {"__name__": "nixpkgs_contrib.upstream.setup_py"}
    exec(crash, namespace)
    monkeypatch.setattr(project_module, "_evaluate_setup_py", namespace["evaluate"])
    src = project(tmp_path, {"setup.py": "\n\nfrom setuptools import setup\nsetup(name='acme')\n", "acme/__init__.py": ""})
    line = assert_internal_error(tmp_path, [src, *GITHUB], "RecursionError")
    assert f"{src / 'setup.py'}:3: internal error" in line


def test_a_bug_outside_reading_is_one_line_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_planner(*args, **kwargs):
        raise KeyError("attr")

    monkeypatch.setattr(pipeline, "plan_package", broken_planner)
    src = project(tmp_path, {"pyproject.toml": PYPROJECT.format(deps="[]"), "acme/__init__.py": ""})
    line = assert_internal_error(tmp_path, [src, *GITHUB], "internal error (KeyError: 'attr')")
    assert str(src) not in line


def test_no_traceback_reaches_the_terminal(tmp_path: Path) -> None:
    """The same, through a real interpreter's stderr (what a user sees)."""
    src = project(tmp_path, {"setup.cfg": "[metadata]\nname = acme\n", "setup.py": "", "acme/__init__.py": ""})
    code = (
        "import sys\n"
        "from nixpkgs_contrib.upstream import setup_cfg\n"
        "def boom(tree): raise ZeroDivisionError('division by zero')\n"
        "setup_cfg.read = boom\n"
        "from nixpkgs_contrib.cli import main\n"
        f"sys.exit(main(['emit', {str(src)!r}, '--out', {str(tmp_path / 'out')!r}, *{GITHUB!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "setup.cfg: internal error while reading this file (ZeroDivisionError: division by zero)" in line
    assert ISSUES_URL in line


def test_issue_tracker_is_the_one_in_pyproject() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert data["project"]["urls"]["Issues"] == ISSUES_URL
