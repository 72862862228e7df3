"""Start-up: a command imports what it uses and nothing else.

Timing start-up in a test would be flaky; what makes it slow is importing modules a command does not
need, and that is checked exactly: each case runs the command line in a fresh interpreter and
lists ``sys.modules`` afterwards.  ``benchmarks/bench_startup.py`` measures the time itself.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import nixpkgs_contrib
from nixpkgs_contrib.commands import COMMANDS, load

#: what no light command may import: the readers and planner with their dependencies
HEAVY = (
    "attr",
    "attrs",
    "jinja2",
    "packaging",
    "tomllib",
    "nixpkgs_contrib.check",
    "nixpkgs_contrib.conditions",
    "nixpkgs_contrib.family",
    "nixpkgs_contrib.model",
    "nixpkgs_contrib.nixpkgs",
    "nixpkgs_contrib.pipeline",
    "nixpkgs_contrib.plan",
    "nixpkgs_contrib.render",
    "nixpkgs_contrib.upstream",
)
#: what hashing a directory does not need (archives, git, prefetching)
ARCHIVES = ("json", "subprocess", "tarfile", "tempfile", "zipfile", "nixpkgs_contrib.hashing.sources")

#: what building a command's parser (its --help) must not import either: stdlib modules that cost
#: start-up and are only needed to run a command (the dev venv's editable finder loads pathlib
#: during start-up, before the probe looks; a regular install does not)
PARSER_HEAVY = ("hashlib", "inspect", "json", "pathlib", "typing", "urllib", "nixpkgs_contrib.hashing",
                "nixpkgs_contrib.matrix", "nixpkgs_contrib.remote", "nixpkgs_contrib.recipe")
#: our modules a command's --help may import: the command line and the commands' parsers
PARSER_MODULES = {"nixpkgs_contrib", "nixpkgs_contrib.cli", "nixpkgs_contrib.cli_parser", "nixpkgs_contrib.commands",
                  "nixpkgs_contrib.errors"}

_PROBE = """
import sys
before = set(sys.modules)
import io
from nixpkgs_contrib.cli import main
out = io.StringIO()
try:
    status = main(sys.argv[1:], stdout=out, stderr=out)
except SystemExit as exc:
    status = exc.code
print("\\n@@", status, *sorted(set(sys.modules) - before))
"""


def imported_by(*argv: str) -> tuple[int, set[str]]:
    """Exit status of the command line run on *argv* in a fresh interpreter, and every module it
    imported (those the interpreter had loaded before, site's included, do not count)."""
    result = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    status, *modules = result.stdout.rsplit("\n@@ ", 1)[1].split()
    return int(status), set(modules)


def offending(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_top_level_help_imports_no_command(tmp_path: Path) -> None:
    status, modules = imported_by("--help")
    assert status == 0
    assert offending(modules, HEAVY + ARCHIVES + ("hashlib", "nixpkgs_contrib.hashing")) == []
    assert offending(modules, ("nixpkgs_contrib.commands",)) == ["nixpkgs_contrib.commands"]


def test_hash_of_a_directory_imports_only_hashing(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    status, modules = imported_by("hash", str(tmp_path))
    assert status == 0
    assert offending(modules, HEAVY + ARCHIVES) == []
    # no parser either: argparse with re, enum, gettext and locale is a third of its start-up
    assert offending(modules, ("argparse", "enum", "gettext", "locale", "re", "nixpkgs_contrib.cli_parser")) == []
    assert offending(modules, ("nixpkgs_contrib.commands",)) == ["nixpkgs_contrib.commands", "nixpkgs_contrib.commands.hash"]


def test_hash_help_and_usage_errors_stay_light() -> None:
    for argv in (["hash", "--help"], ["hash", "--hexx"], ["hash"]):
        status, modules = imported_by(*argv)
        assert status in (0, 2)
        assert offending(modules, HEAVY + ARCHIVES) == [], argv


def test_hash_of_an_archive_loads_the_archive_readers(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x")
    status, modules = imported_by("hash", "--flat", str(tmp_path / "f"))
    assert status == 0
    assert "nixpkgs_contrib.hashing.sources" in modules
    assert offending(modules, HEAVY) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_imports_only_parsers(command: str) -> None:
    """Building a command's parser (all that ``COMMAND --help`` does) imports its module and
    argparse, nothing of the pipeline: the rest is imported by ``run``."""
    status, modules = imported_by(command, "--help")
    assert status == 0
    assert offending(modules, HEAVY + ARCHIVES + PARSER_HEAVY) == []
    ours = {m for m in modules if m.startswith("nixpkgs_contrib")} - PARSER_MODULES
    assert ours <= {f"nixpkgs_contrib.commands.{c.replace('-', '_')}" for c in COMMANDS}, ours


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_loads_and_has_help(command: str, cli) -> None:
    module = load(command)
    assert callable(module.add_parser) and callable(module.run)
    result = cli(command, "--help")
    assert result.status == 0
    assert result.stdout == ""  # argparse prints --help to sys.stdout, not to main's stdout


def test_emit_help_spells_the_source_forms_as_remote_does() -> None:
    from nixpkgs_contrib import remote
    from nixpkgs_contrib.commands import emit

    assert emit.SOURCE_FORMS == remote.SOURCE_FORMS


def test_help_lists_every_command_with_its_summary(capsys: pytest.CaptureFixture[str], cli) -> None:
    assert cli("--help").status == 0
    text = " ".join(capsys.readouterr().out.split())
    for name, summary in COMMANDS.items():
        assert f"{name} {summary}" in text


# -------------------------------------------------------------------------------- package API


def test_public_names_resolve_lazily() -> None:
    for name in nixpkgs_contrib.__all__:
        value = getattr(nixpkgs_contrib, name)
        assert value is not None
        assert name in dir(nixpkgs_contrib)
    from nixpkgs_contrib import Options, emit_single, load_recipe
    from nixpkgs_contrib.plan import Options as RealOptions
    from nixpkgs_contrib.recipe import load

    assert Options is RealOptions and load_recipe is load and callable(emit_single)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        nixpkgs_contrib.Nope  # noqa: B018
    with pytest.raises(ImportError):
        from nixpkgs_contrib import Nope  # noqa: F401


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from nixpkgs_contrib import *", namespace)
    assert set(nixpkgs_contrib.__all__) <= set(namespace)


def test_static_imports_match_the_lazy_table() -> None:
    """The ``if TYPE_CHECKING:`` imports (what type checkers see) name exactly the lazy table's names."""
    tree = ast.parse(Path(nixpkgs_contrib.__file__).read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING")
    static = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names:
            static[alias.asname or alias.name] = (node.module, alias.name)
    lazy = {
        name: (module, nixpkgs_contrib._RENAMED.get(name, name))
        for module, names in nixpkgs_contrib._EXPORTS.items()
        for name in names
    }
    assert static == lazy
    assert set(lazy) == set(nixpkgs_contrib.__all__) - {"__version__"}
