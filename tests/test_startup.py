"""The package's public names are imported on first use, and every one of them resolves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nixpkgs_contrib


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
