"""nixpkgs-contrib: turn Python projects into nixpkgs-conformant python-modules expressions.

The pipeline, importable without the command line::

    from pathlib import Path
    from nixpkgs_contrib import Options, Target, emit_single, write_tree

    emitted = emit_single(
        Path("acme-1.2.tar.gz"),
        Options(target=Target(("3.11", "3.12", "3.13")), maintainers=("alice",)),
    )
    write_tree(emitted.files, Path("out"))

Stages are also available one by one: :func:`read_project` (facts), :func:`plan_package` /
:func:`plan_family` (decisions), :func:`render_package` (text).

Names are imported on first use (PEP 562 ``__getattr__``), so ``import nixpkgs_contrib`` (and the
command line, which lives in this package) does not pay for the readers, jinja2 or packaging
until something asks for them.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: module (relative to this package) -> the public names it provides
_EXPORTS: dict[str, tuple[str, ...]] = {
    "conditions": ("ALWAYS", "NEVER", "Atom", "Condition"),
    "errors": (
        "LicenseError", "MetadataError", "NixpkgsContribError", "NixpkgsError", "OutputError",
        "SourceError", "UnresolvableError", "UserError",
    ),
    "family": ("FamilyPlan", "Member", "dependency_order", "plan_family"),
    "matrix": ("Environment", "Target", "parse_pythons", "target_for_release"),
    "model": (
        "Dependency", "EntryPoint", "Family", "GitHubSource", "InheritedSource", "Meta", "Metadata",
        "NixPackage", "Project", "PypiSource",
    ),
    "output": ("write_tree",),
    "pipeline": ("Emitted", "emit_family", "emit_single", "open_tree"),
    "plan": ("Options", "Plan", "plan_package"),
    "recipe": ("Recipe", "load_recipe"),
    "render.explain": ("explain",),
    "render.package": ("render_package",),
    "upstream.project": ("read_project",),
}
#: public names that differ from the name in their module
_RENAMED = {"load_recipe": "load"}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

TYPE_CHECKING = False
if TYPE_CHECKING:  # what static checkers see; tests/test_startup.py keeps it equal to _EXPORTS
    from .conditions import ALWAYS, NEVER, Atom, Condition
    from .errors import (
        LicenseError,
        MetadataError,
        NixpkgsContribError,
        NixpkgsError,
        OutputError,
        SourceError,
        UnresolvableError,
        UserError,
    )
    from .family import FamilyPlan, Member, dependency_order, plan_family
    from .matrix import Environment, Target, parse_pythons, target_for_release
    from .model import (
        Dependency,
        EntryPoint,
        Family,
        GitHubSource,
        InheritedSource,
        Meta,
        Metadata,
        NixPackage,
        Project,
        PypiSource,
    )
    from .output import write_tree
    from .pipeline import Emitted, emit_family, emit_single, open_tree
    from .plan import Options, Plan, plan_package
    from .recipe import Recipe
    from .recipe import load as load_recipe
    from .render.explain import explain
    from .render.package import render_package
    from .upstream.project import read_project


def __getattr__(name: str) -> object:
    """Import the module behind a public name on first access and cache the name here."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "__version__",
    # values
    "Atom", "Condition", "ALWAYS", "NEVER", "Environment", "Target", "Metadata", "Project", "EntryPoint",
    "NixPackage", "Dependency", "Meta", "GitHubSource", "PypiSource", "InheritedSource", "Family",
    "Options", "Plan", "FamilyPlan", "Member", "Recipe", "Emitted",
    # stages
    "open_tree", "read_project", "plan_package", "plan_family", "dependency_order", "render_package",
    "emit_single", "emit_family", "write_tree", "explain", "load_recipe", "parse_pythons", "target_for_release",
    # errors
    "NixpkgsContribError", "UserError", "MetadataError", "UnresolvableError", "LicenseError", "SourceError",
    "OutputError", "NixpkgsError",
]
