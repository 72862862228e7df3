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
"""

from __future__ import annotations

__version__ = "0.1.0"

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
