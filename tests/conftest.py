"""Shared test helpers: fixture projects, deterministic sdists, the CLI runner."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tomllib
from pathlib import Path

import attrs
import pytest

from nixpkgs_contrib.cli import main

# Git variables inherited from a caller (``git rebase -x 'pytest'``, a git hook) would make every
# repository these tests create act on the caller's repository instead: drop them for the session.
for _name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_CEILING_DIRECTORIES"):
    os.environ.pop(_name, None)

HERE = Path(__file__).parent
PROJECTS = HERE / "fixtures" / "projects"
REPO = HERE.parent
GOLDEN = REPO / "golden"


#: files of an output folder that record the run rather than the packages: the summary (paths as
#: the user typed them) and the folder manifest (the command line); tests/test_summary.py and
#: tests/test_outfolder.py check them, goldens and byte-for-byte comparisons leave them out
RUN_RECORD = frozenset({"README.md", "nixpkgs-contrib.json"})


def emitted_files(out: Path) -> list[Path]:
    """The package, registration and flake files below *out*, sorted (not the run record)."""
    return sorted(p for p in out.rglob("*") if p.is_file() and p.relative_to(out).as_posix() not in RUN_RECORD)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """A project written for a test: relative path → text, directories made as needed."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def build_sdist(src: Path, dest: Path, basename: str) -> Path:
    """A byte-reproducible ``<basename>.tar.gz`` of *src* (sorted entries, zero mtimes and owners)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in src.rglob("*") if p.is_file() and p.name != "fixture.toml"):
            rel = path.relative_to(src).as_posix()
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{basename}/{rel}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    out = dest / f"{basename}.tar.gz"
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue())
    return out


@attrs.frozen
class Result:
    status: int
    stdout: str
    stderr: str


def run_cli(*args: str | os.PathLike[str]) -> Result:
    out, err = io.StringIO(), io.StringIO()
    status = main([os.fspath(a) for a in args], stdout=out, stderr=err)
    return Result(status, out.getvalue(), err.getvalue())


def fixture_projects() -> list[str]:
    return sorted(p.name for p in PROJECTS.iterdir() if (p / "fixture.toml").is_file())


def fixture_config(name: str) -> dict:
    """The fixture's emit arguments; paths in them are relative to the repository root."""
    cfg = tomllib.loads((PROJECTS / name / "fixture.toml").read_text())
    args = list(cfg.get("args", []))
    for i, arg in enumerate(args[:-1]):
        if arg == "--recipe":
            args[i + 1] = str(REPO / args[i + 1])
    cfg["args"] = args
    return cfg


def fixture_source(name: str, tmp_path: Path) -> Path:
    """The SOURCE argument of a fixture: its directory, or an sdist built from it."""
    cfg = fixture_config(name)
    if "source" in cfg:
        return REPO / cfg["source"]
    if "sdist" in cfg:
        return build_sdist(PROJECTS / name, tmp_path, cfg["sdist"])
    return PROJECTS / name


@pytest.fixture
def cli():
    return run_cli
