"""The package's modules import each other without a circle (data flows one way)."""

from __future__ import annotations

import ast
from pathlib import Path

import nixpkgs_contrib

PACKAGE = Path(nixpkgs_contrib.__file__).parent


def module_name(path: Path) -> str:
    parts = ["nixpkgs_contrib", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, name: str) -> set[str]:
    """Modules of the package *path* imports, anywhere in the file (lazy imports count too)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("nixpkgs_contrib")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("nixpkgs_contrib"):
                continue
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports(path, name) if m in modules and m != name} for name, path in modules.items()}


def test_no_import_cycles():
    edges = graph()
    # a package's __init__ re-exporting its submodules is not a cycle of concerns
    edges = {a: {b for b in bs if not a.startswith(b + ".") and not b.startswith(a + ".")} for a, bs in edges.items()}
    edges["nixpkgs_contrib"] = set()
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(edges):
        if node not in seen:
            visit(node)
    assert not cycles, cycles


def test_the_graph_sees_lazy_imports():
    edges = graph()
    assert "nixpkgs_contrib.render.nix" in edges["nixpkgs_contrib.render.explain"]
    assert "nixpkgs_contrib.conditions" in edges["nixpkgs_contrib.render.nix"]
    assert "nixpkgs_contrib.commands" in edges["nixpkgs_contrib.cli"]  # imported inside a function
