"""Files that let users try a generated family before (or without) a nixpkgs PR.

``overlay.nix`` adds the packages to every Python package set through ``pythonPackagesExtensions``
(so ``python312Packages.acme-core`` and ``python3Packages.acme-core`` both work, exactly as after
the PR); ``flake.nix`` exposes it with packages and checks per interpreter; ``--flox`` adds a Flox
manifest and a ``flox build`` expression of the complete environment.  Rendering is pure: the caller
writes the returned ``{relpath: text}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import jinja2
from attrs import field, frozen

from .errors import UserError
from .matrix import DEFAULT_SYSTEMS, SYSTEMS, python_key
from .outfolder import Folder
from .render import environment, nix

#: The flake follows nixos-unstable, where a nixpkgs PR lands; interpreters of the target that this
#: nixpkgs lacks (3.9/3.10 are gone from unstable) are skipped at evaluation time, and
#: ``--override-input nixpkgs github:NixOS/nixpkgs/nixos-24.11`` checks them (see the README).
DEFAULT_NIXPKGS_URL = "github:NixOS/nixpkgs/nixos-unstable"
MODULES_DIR = "pkgs/development/python-modules"

_ATTR = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PYTHON = re.compile(r"^3\.\d+$")


def _names(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class FlakeSpec:
    """What the flake of one family exposes."""

    family: str
    #: package attributes, in dependency order
    attrs: tuple[str, ...] = field(converter=_names)
    #: interpreters of the target, e.g. ("3.11", "3.12")
    pythons: tuple[str, ...] = field(converter=_names)
    #: executables the complete environment must put on PATH (meta.mainProgram of the family)
    main_programs: tuple[str, ...] = field(default=(), converter=_names)
    nixpkgs_url: str = DEFAULT_NIXPKGS_URL
    systems: tuple[str, ...] = field(default=DEFAULT_SYSTEMS, converter=_names)
    #: interpreter of the Flox environment ("3.12"); None means nixpkgs' python3
    flox_python: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in (self.family, *self.attrs):
            if not _ATTR.match(name):
                raise UserError(f"{name!r} is not a normalized package attribute name")
        if not self.attrs:
            raise UserError(f"family {self.family!r} has no packages")
        if len(set(self.attrs)) != len(self.attrs):
            raise UserError(f"family {self.family!r} lists a package twice")
        for python in (*self.pythons, *([self.flox_python] if self.flox_python else [])):
            if not _PYTHON.match(python):
                raise UserError(f"{python!r} is not an interpreter version such as 3.12")
        if not self.pythons:
            raise UserError(f"family {self.family!r} targets no interpreter")
        for system in self.systems:
            if system not in SYSTEMS:
                raise UserError(f"unknown system {system!r} (known: {', '.join(SYSTEMS)})")

    @property
    def python_attrs(self) -> tuple[str, ...]:
        return tuple(python_attr(p) for p in sorted(self.pythons, key=python_key))

    @property
    def complete_attr(self) -> str:
        return f"{self.family}-complete"


def folder_spec(folder: Folder) -> FlakeSpec:
    """The flake of an output folder that holds several emits: every package in the order it was
    added, the interpreters all of them were planned for, every main program, and (with Flox) the
    newest interpreter on which none is disabled."""
    pythons = folder.pythons
    flox_python = None
    if folder.flox:
        usable = [py for py in pythons if not any(py in p.disabled_on for p in folder.packages)]
        if not usable:
            raise UserError("no interpreter of the folder has every package enabled; the complete environment cannot be built")
        flox_python = usable[-1]
    return FlakeSpec(
        family=folder.family,
        attrs=folder.attrs,
        pythons=pythons,
        main_programs=tuple(sorted({p.main_program for p in folder.packages if p.main_program})),
        flox_python=flox_python,
    )


def python_attr(version: str) -> str:
    """``"3.12"`` → ``"python312"`` (nixpkgs' interpreter attribute)."""
    major, minor = python_key(version)
    return f"python{major}{minor}"


def render_flake_files(spec: FlakeSpec, *, flox: bool = False) -> dict[str, str]:
    """``{relpath: text}`` of overlay.nix, flake.nix and, with *flox*, the two Flox files."""
    env = environment()
    files = {
        "overlay.nix": env.get_template("overlay.nix.j2").render(
            family=spec.family, bindings=[_overlay_binding(attr) for attr in spec.attrs]
        ),
        "flake.nix": _render_flake(env, spec),
    }
    if flox:
        files.update(_render_flox(env, spec))
    return dict(sorted(files.items()))


def _overlay_binding(attr: str) -> str:
    """``acme-core = python-final.callPackage ./pkgs/…/acme-core { };``, laid out by nixfmt's rules."""
    path = f"./{MODULES_DIR}/{attr}"
    return nix.call_binding(nix.attr_name(attr), "python-final.callPackage", [path, "{ }"], nix.INDENT * 3)


def _programs_check(attr: str, name: str) -> str:
    """The check that every program is on PATH: ``pkgs.runCommand "<name>" { … } '' … ''``."""
    script = nix.IndentedString(("${findPrograms}", "touch $out"))
    args = [name, "{ nativeBuildInputs = [ (complete pkgs) ]; }", script]
    return nix.call_binding(attr, "pkgs.runCommand", args, nix.INDENT * 5)


def _render_flake(env: jinja2.Environment, spec: FlakeSpec) -> str:
    let_indent = nix.INDENT * 3

    def strings(values: tuple[str, ...], binding: str) -> str:
        return nix.list_expr(nix.strings(values), let_indent, prefix=f"{let_indent}{binding} = ", suffix=";")

    return env.get_template("flake.nix.j2").render(
        description=nix.string(f"{spec.family}: Python packages generated by nixpkgs-contrib"),
        nixpkgs_url=nix.string(spec.nixpkgs_url),
        systems=strings(spec.systems, "systems"),
        pythons=strings(spec.python_attrs, "pythons"),
        attrs=strings(spec.attrs, "attrs"),
        programs=strings(tuple(sorted(set(spec.main_programs))), "programs"),
        complete_attr=nix.attr_name(spec.complete_attr),
        programs_check=_programs_check(
            nix.attr_name(f"{spec.complete_attr}-programs"), nix.string(f"{spec.complete_attr}-programs")
        ),
    )


def _render_flox(env: jinja2.Environment, spec: FlakeSpec) -> Mapping[str, str]:
    python = python_attr(spec.flox_python) if spec.flox_python else "python3"
    manifest = env.get_template("flox-manifest.toml.j2").render(
        family=spec.family,
        complete_attr=spec.complete_attr,
        python=python,
        python_toml=_toml_string(python),
        systems_toml="[" + ", ".join(_toml_string(s) for s in spec.systems) + "]",
    )
    packages = nix.list_expr([f"ps.{nix.attr_name(a)}" for a in spec.attrs], "", prefix="pkgs'.x.withPackages (ps: ", suffix=")")
    complete = env.get_template("flox-complete.nix.j2").render(family=spec.family, python=python, packages=packages)
    return {
        ".flox/env/manifest.toml": manifest,
        f".flox/pkgs/{spec.complete_attr}.nix": complete,
    }


def _toml_string(value: str) -> str:
    """A TOML basic string; JSON's escapes are a subset of TOML's."""
    return json.dumps(value, ensure_ascii=False)
