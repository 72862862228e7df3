"""Golden outputs: every fixture project emitted and compared byte for byte with golden/<fixture>/.

Regenerate on purpose only: ``pytest tests/test_golden.py --force-regen``, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, emitted_files, fixture_config, fixture_projects, fixture_source, run_cli


def emit_fixture(name: str, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    source = fixture_source(name, tmp_path)
    result = run_cli("emit", source, "--out", out, *fixture_config(name).get("args", []))
    assert result.status == 0, result.stderr
    return out


@pytest.mark.parametrize("name", fixture_projects())
def test_golden(name: str, tmp_path: Path, file_regression) -> None:
    out = emit_fixture(name, tmp_path)
    files = emitted_files(out)
    assert files, "emit wrote nothing"
    expected = sorted((GOLDEN / name).rglob("*")) if (GOLDEN / name).exists() else []
    assert {p.relative_to(out) for p in files} >= {p.relative_to(GOLDEN / name) for p in expected if p.is_file()}
    failures = []
    for path in files:  # check every file, so one --force-regen run rewrites them all
        rel = path.relative_to(out)
        try:
            file_regression.check(path.read_text(), fullpath=GOLDEN / name / rel, binary=False, newline="\n")
        except (AssertionError, pytest.fail.Exception) as exc:
            failures.append(str(exc).splitlines()[0] + f" {rel}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", ["hatch-basic", "setup-py-interp"])
def test_emit_is_deterministic(name: str, tmp_path: Path) -> None:
    first = emit_fixture(name, tmp_path / "a")
    second = emit_fixture(name, tmp_path / "b")
    read = lambda root: {p.relative_to(root): p.read_bytes() for p in emitted_files(root)}  # noqa: E731
    assert read(first) == read(second)


@pytest.mark.parametrize("name", fixture_projects())
def test_golden_passes_check(name: str, tmp_path: Path) -> None:
    """Our own lint finds nothing in what we emit (for the interpreters it was emitted for)."""
    import argparse

    from nixpkgs_contrib import check
    from nixpkgs_contrib.commands.emit import add_parser, options_from_args
    from nixpkgs_contrib.recipe import load as load_recipe

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["emit", "SOURCE", *fixture_config(name)["args"]])
    options = options_from_args(args, load_recipe(args.recipe) if args.recipe else None)
    findings = check.check_paths([GOLDEN / name], pythons=options.target.pythons)
    if not options.maintainers:  # emitted without --maintainer: `maintainers = [ ];`, which check reports
        findings = [f for f in findings if f.rule != check.MAINTAINERS.id]
    if "--cargo-hash" not in fixture_config(name)["args"]:  # the vendor hash is left as lib.fakeHash: reported
        findings = [f for f in findings if (f.rule, f.message.split(" ")[0]) != (check.PLACEHOLDER_HASH.id, "lib.fakeHash")]
    assert findings == [], "\n".join(map(str, findings))


def test_output_does_not_depend_on_hash_seed_or_locale(tmp_path: Path) -> None:
    """Byte-identical files whatever PYTHONHASHSEED and the locale are (separate interpreters)."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    outputs = []
    for seed, locale in (("0", "C"), ("12345", "C.UTF-8")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
        subprocess.run(
            [sys.executable, "-m", "nixpkgs_contrib", "emit", str(REPO / "examples/dagster/snapshot"),
             "--recipe", str(REPO / "examples/dagster/recipe.toml"), "--out", str(out)],
            env=env, check=True, capture_output=True,
        )
        outputs.append({p.relative_to(out): p.read_bytes() for p in emitted_files(out)})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 7
