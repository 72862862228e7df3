"""Evaluate an emitted output folder's flake offline, against the stand-in nixpkgs.

The stand-in (``data/stand-in-nixpkgs``, see its README.md) replaces the ``nixpkgs`` input through
``--override-input``, so ``nix flake check --no-build`` and ``nix eval`` run without network or a
nixpkgs checkout.  Two things the stand-in cannot know lazily are read off the package files first
and handed to it as ``local-config.json``: maintainer handles and the extras that unknown
dependencies are asked for (``uvicorn.optional-dependencies.standard``).

Running this module (``python -m nixpkgs_contrib.flake_eval``) regenerates the stand-in's
``lib/licenses.nix`` from ``data/nixpkgs-licenses.tsv``; a test keeps the two in sync.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Optional

import attrs

from .errors import UserError
from .matrix import DEFAULT_SYSTEMS, python_key
from .nixsyntax import Ident, List, NixSyntaxError, Root, Select, With, parse, query
from .render import nix

DATA = Path(__file__).parent / "data"
STAND_IN = DATA / "stand-in-nixpkgs"
LICENSES_TSV = DATA / "nixpkgs-licenses.tsv"
LICENSES_NIX = STAND_IN / "lib" / "licenses.nix"
FACTS_NIX = STAND_IN / "facts.nix"

#: Offline, registry-free Nix settings for every command run here.
NIX_CONFIG = "\n".join(
    [
        "experimental-features = nix-command flakes",
        "substituters =",
        "use-registries = false",
        "sandbox = false",
    ]
)

# Applied to the flake's `packages` output: dependency names of every package, per system.
_DEPENDENCY_NAMES = (
    "packages: builtins.mapAttrs (system: builtins.mapAttrs "
    "(name: p: map (d: d.pname or d.name) (p.dependencies or [ ]))) packages"
)


class NixUnavailableError(UserError):
    """Evaluation was asked for but no Nix installation is on PATH."""


def nix_env() -> dict[str, str]:
    """The current environment with the offline :data:`NIX_CONFIG`."""
    return {**os.environ, "NIX_CONFIG": NIX_CONFIG}


def require_nix(path: os.PathLike[str] | str | None = None) -> None:
    if shutil.which("nix") is None or shutil.which("nix-instantiate") is None:
        raise NixUnavailableError("evaluation needs Nix (nix, nix-instantiate) on PATH", path=path)


# --- what the stand-in must be told ---------------------------------------------------------------


@attrs.frozen
class StandInConfig:
    """Names the stand-in cannot invent lazily: Nix attribute sets are strict in their keys."""

    maintainers: tuple[str, ...] = ()
    #: attr -> extras, for dependencies the stand-in only knows as stubs
    stub_extras: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "extraMaintainers": list(self.maintainers),
            "stubOptionalDependencies": {k: list(v) for k, v in sorted(self.stub_extras.items())},
        }


def scan_stand_in_config(texts: Iterable[str]) -> StandInConfig:
    """Maintainer handles (``with lib.maintainers; [ … ]``, ``lib.maintainers.x``) and the
    ``x.optional-dependencies.y`` selections used by Nix texts, read from their syntax trees
    (comments and strings are not code).  A run of bindings (emit's python-packages.nix) is read
    as the inside of a set; a text that is not Nix is left to the evaluation to report."""
    maintainers: set[str] = set()
    extras: dict[str, set[str]] = {}
    for text in texts:
        root = _tree(text)
        if root is None:
            continue
        for node in root.walk():
            if isinstance(node, With) and query.dotted(node.env) == "lib.maintainers":
                for term in query.concat_terms(node.body):
                    if isinstance(term, List):
                        maintainers.update(item.name for item in term.items if isinstance(item, Ident))
            elif isinstance(node, Select) and not isinstance(node.parent, Select):
                names = _selected_names(node)
                if names[:2] == ["lib", "maintainers"] and len(names) > 2 and names[2] is not None:
                    maintainers.add(names[2])
                for i in range(1, len(names) - 1):
                    attr, extra = names[i - 1], names[i + 1]
                    if names[i] == "optional-dependencies" and attr is not None and extra is not None:
                        extras.setdefault(attr, set()).add(extra)
    return StandInConfig(
        maintainers=tuple(sorted(maintainers)),
        stub_extras={attr: tuple(sorted(found)) for attr, found in sorted(extras.items())},
    )


def _tree(text: str) -> Optional[Root]:
    """The syntax tree of *text*, or of ``{ text }`` for a run of bindings; None if neither parses."""
    for candidate in (text, "{\n" + text + "\n}"):
        try:
            return parse(candidate)
        except NixSyntaxError:
            continue
    return None


def _selected_names(node: Select) -> list[Optional[str]]:
    """``a.b."c"`` → ``["a", "b", "c"]`` (None for a computed name or a non-variable base)."""
    base = query.dotted(node.expr) if not isinstance(node.expr, Select) else None
    head: list[Optional[str]] = base.split(".") if base is not None else [None]
    return head + list(node.path.names)


def prepare_stand_in(dest: Path, config: StandInConfig) -> Path:
    """Copy the stand-in to *dest* with *config* as its ``local-config.json``; returns *dest*."""
    shutil.copytree(STAND_IN, dest, ignore=shutil.ignore_patterns("local-config.json", "*.py", "__pycache__"))
    (dest / "local-config.json").write_text(json.dumps(config.to_json(), indent=2, sort_keys=True) + "\n")
    return dest


def nix_files(root: Path) -> list[Path]:
    """Every ``*.nix`` below *root*, in a filesystem-independent order."""
    return sorted(p for p in root.rglob("*.nix") if p.is_file())


# --- licenses.nix ---------------------------------------------------------------------------------


def render_licenses_nix(tsv_text: str) -> str:
    """``lib/licenses.nix`` of the stand-in from the license table (attr, spdx, free, ...)."""
    rows = sorted(csv.DictReader(io.StringIO(tsv_text), delimiter="\t"), key=lambda r: r["attr"])
    lines = [
        "# Generated from nixpkgs_contrib/data/nixpkgs-licenses.tsv by",
        "# `python -m nixpkgs_contrib.flake_eval`; do not edit.",
        "{",
    ]
    for row in rows:
        fields = [("fullName", nix.string(row["full_name"]))]
        if row["spdx"]:
            fields.append(("spdxId", nix.string(row["spdx"])))
        fields += [("free", _bool(row["free"])), ("redistributable", _bool(row["redistributable"]))]
        lines.append(f"{nix.INDENT}{nix.attr_name(row['attr'])} = {{")
        lines += [nix.binding(name, value, nix.INDENT * 2) for name, value in fields]
        lines.append(f"{nix.INDENT}}};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bool(cell: str) -> str:
    if cell not in ("true", "false"):
        raise UserError(f"expected true or false, got {cell!r}", path=LICENSES_TSV)
    return cell


# --- flake evaluation -----------------------------------------------------------------------------


@attrs.frozen
class FlakeReport:
    """What evaluating an output folder's flake against the stand-in found."""

    #: (python "3.12", system, attr) -> dependency names, as the flake's packages declare them
    dependencies: Mapping[tuple[str, str, str], tuple[str, ...]]
    #: interpreters of the target the (stand-in) nixpkgs lacks, e.g. ("3.9", "3.10")
    skipped_interpreters: tuple[str, ...]
    #: (python, system, attr) the flake leaves out because they throw (``disabled``, broken)
    unavailable: tuple[tuple[str, str, str], ...]
    #: human-readable failures; empty when everything evaluated
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def python_attr(version: str) -> str:
    """``"3.12"`` → ``"python312"``."""
    major, minor = python_key(version)
    return f"python{major}{minor}"


def evaluate_flake(
    out_dir: Path, *, pythons: Sequence[str], systems: Sequence[str] = DEFAULT_SYSTEMS
) -> FlakeReport:
    """``nix flake check --no-build`` and ``nix eval`` of *out_dir*'s flake with nixpkgs = stand-in.

    The folder is copied first so the flake is a git-free ``path:`` flake and nothing is written
    into *out_dir* (no ``flake.lock``).
    """
    out_dir = Path(out_dir)
    require_nix(out_dir)
    if not (out_dir / "flake.nix").is_file():
        raise UserError("no flake.nix in the output folder", path=out_dir)
    config = scan_stand_in_config(p.read_text() for p in nix_files(out_dir))
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nixpkgs-contrib-flake-") as tmp:
        flake = Path(tmp) / "flake"
        shutil.copytree(out_dir, flake, ignore=shutil.ignore_patterns(".git", "flake.lock", "result*"))
        stand_in = prepare_stand_in(Path(tmp) / "nixpkgs", config)
        common = ["--no-write-lock-file", "--override-input", "nixpkgs", f"path:{stand_in}"]
        ref = f"path:{flake}"

        check = _nix(["flake", "check", "--no-build", *common, ref])
        if check.returncode != 0:
            problems.append(f"nix flake check failed: {_error_text(check.stderr)}")

        names = _nix(["eval", "--json", *common, f"{ref}#packages", "--apply", _DEPENDENCY_NAMES])
        lib = _nix(["eval", "--json", *common, f"{ref}#lib"])
    if names.returncode != 0:
        problems.append(f"nix eval of the packages failed: {_error_text(names.stderr)}")
        packages: dict[str, dict[str, list[str]]] = {}
    else:
        packages = json.loads(names.stdout)
    if lib.returncode != 0:
        problems.append(f"nix eval of the flake's lib failed: {_error_text(lib.stderr)}")
        lib_out: dict[str, dict[str, list[str]]] = {}
    else:
        lib_out = json.loads(lib.stdout)
    skipped_attrs = {name for names_ in lib_out.get("skippedInterpreters", {}).values() for name in names_}

    by_attr = {python_attr(p): p for p in pythons}

    def split(name: str) -> tuple[str, str] | None:
        head, _, attr = name.partition("-")
        return (by_attr[head], attr) if head in by_attr and attr else None

    dependencies: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for system in sorted(packages):
        for name, deps in sorted(packages[system].items()):
            if key := split(name):
                dependencies[(key[0], system, key[1])] = tuple(deps)
    unavailable = tuple(
        sorted(
            (key[0], system, key[1])
            for system, names_ in lib_out.get("unavailablePackages", {}).items()
            for name in names_
            if (key := split(name))
        )
    )
    skipped_versions = tuple(p for p in pythons if python_attr(p) in skipped_attrs)
    if packages:
        for system in systems:
            if system not in packages:
                problems.append(f"the flake has no packages for {system}")
        seen = {key[0] for key in (*dependencies, *unavailable)}
        for python in pythons:
            if python not in skipped_versions and python not in seen:
                problems.append(f"interpreter {python} is neither packaged nor listed as skipped")
    return FlakeReport(
        dependencies=dependencies,
        skipped_interpreters=skipped_versions,
        unavailable=unavailable,
        problems=tuple(problems),
    )


# --- package facts -------------------------------------------------------------------------------


class NixEvalError(UserError):
    """``nix-instantiate`` could not evaluate the package files against the stand-in."""


def evaluate_facts(
    packages: Mapping[str, Path], *, pythons: Sequence[str], systems: Sequence[str] = DEFAULT_SYSTEMS
) -> dict[tuple[str, str], dict[str, dict]]:
    """Facts (``facts.nix``: pname, version, disabled, dependencies, meta, …) of the package files
    *packages* (attr → ``default.nix``), wired together as python-packages.nix does, for every
    (python, system) — in one ``nix-instantiate`` call.  Shared by the tests and the PyPI sweep."""
    files = {attr: Path(p) for attr, p in sorted(packages.items())}
    require_nix(next(iter(files.values()), None))
    config = scan_stand_in_config(f.read_text() for f in files.values())
    spec = {
        "pythons": list(pythons),
        "systems": list(systems),
        "packages": {attr: str(f.resolve()) for attr, f in files.items()},
        **config.to_json(),
    }
    proc = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", str(FACTS_NIX), "--argstr", "spec", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=nix_env(),
        check=False,
    )
    if proc.returncode != 0:
        raise NixEvalError(f"nix-instantiate failed: {_error_text(proc.stderr)}", path=next(iter(files.values()), None))
    raw = json.loads(proc.stdout)
    return {(p, s): raw[f"{p} {s}"] for p in pythons for s in systems}


def _nix(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["nix", *args], capture_output=True, text=True, env=nix_env(), check=False)


def _error_text(stderr: str) -> str:
    """The ``error:`` part of Nix's output, without the warnings that precede it."""
    lines = [line.rstrip() for line in stderr.splitlines()]
    for i, line in enumerate(lines):
        if line.lstrip().startswith("error:"):
            return " ".join(part.strip() for part in lines[i:] if part.strip())
    return " ".join(part.strip() for part in lines if part.strip()) or "(no output)"


def _update_licenses() -> None:
    LICENSES_NIX.write_text(render_licenses_nix(LICENSES_TSV.read_text()))


if __name__ == "__main__":
    _update_licenses()
