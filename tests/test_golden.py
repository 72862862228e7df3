"""Golden outputs: every fixture project emitted and compared byte for byte with golden/<fixture>/.

Regenerate on purpose only: ``pytest tests/test_golden.py --force-regen``, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN, fixture_config, fixture_projects, fixture_source, run_cli


def emit_fixture(name: str, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    source = fixture_source(name, tmp_path)
    result = run_cli("emit", source, "--out", out, *fixture_config(name).get("args", []))
    assert result.status == 0, result.stderr
    return out


@pytest.mark.parametrize("name", fixture_projects())
def test_golden(name: str, tmp_path: Path, file_regression) -> None:
    out = emit_fixture(name, tmp_path)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert files, "emit wrote nothing"
    expected = sorted((GOLDEN / name).rglob("*")) if (GOLDEN / name).exists() else []
    assert {p.relative_to(out) for p in files} >= {p.relative_to(GOLDEN / name) for p in expected if p.is_file()}
    for path in files:
        rel = path.relative_to(out)
        file_regression.check(
            path.read_text(),
            fullpath=GOLDEN / name / rel,
            binary=False,
            newline="\n",
        )


@pytest.mark.parametrize("name", ["hatch-basic", "setup-py-interp"])
def test_emit_is_deterministic(name: str, tmp_path: Path) -> None:
    first = emit_fixture(name, tmp_path / "a")
    second = emit_fixture(name, tmp_path / "b")
    read = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert read(first) == read(second)
