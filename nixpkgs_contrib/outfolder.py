"""One output folder, many packages: what a folder already holds, read from the manifest we write.

A contributor usually packages a missing dependency first and then the package that needs it, into
the same ``--out``.  The second ``emit`` must add to ``python-packages.nix``, ``overlay.nix`` and
``flake.nix`` instead of orphaning the first package; ``--force`` is for *replacing* a package.

What is already there is read from ``nixpkgs-contrib.json``, a manifest written next to the files,
not from the Nix files themselves: the flake needs facts no Nix file holds in a form we can read
back without a Nix evaluator (dependency order, the interpreters each package was planned for, the
ones where it is disabled, its main program, the command that made it), and ``python-packages.nix``
is meant to be copied and edited by hand.  A folder without a manifest is not ours to merge into:
its files are conflicts, as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import attrs

from . import __version__
from .errors import OutputError
from .matrix import python_key

MANIFEST = "nixpkgs-contrib.json"
SUMMARY = "README.md"
FORMAT = 1
MODULES_DIR = "pkgs/development/python-modules"
#: files regenerated from the manifest at every emit into the folder
REGENERATED = ("python-packages.nix", "overlay.nix", "flake.nix", SUMMARY, MANIFEST)
FLOX_FILES = (".flox/env/manifest.toml",)


def _strings(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FolderPackage:
    """One package of the folder, with what the shared files need to know about it."""

    attr: str
    version: str
    #: the family (or the package itself) it was emitted with
    family: str
    #: interpreters it was planned for
    pythons: tuple[str, ...] = attrs.field(converter=_strings)
    #: interpreters where ``disabled`` holds on some system
    disabled_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    main_program: Optional[str] = None
    #: ``nixpkgs-contrib pr …`` arguments that prepare its nixpkgs branch (SOURCE as given)
    pr_argv: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def module_file(self) -> str:
        return f"{MODULES_DIR}/{self.attr}/default.nix"


@attrs.frozen
class Folder:
    """The packages of an output folder, in the order they were added (dependencies first)."""

    #: the name the flake is published under (the family added last)
    family: str
    packages: tuple[FolderPackage, ...]
    flox: bool = False

    @property
    def attrs(self) -> tuple[str, ...]:
        return tuple(p.attr for p in self.packages)

    @property
    def pythons(self) -> tuple[str, ...]:
        """The interpreters every package was planned for: the flake checks only those."""
        common = set(self.packages[0].pythons)
        for p in self.packages[1:]:
            common &= set(p.pythons)
        return tuple(sorted(common, key=python_key))

    def regenerated(self) -> tuple[str, ...]:
        """The files of the folder every emit into it rewrites."""
        flox = (*FLOX_FILES, f".flox/pkgs/{self.family}-complete.nix") if self.flox else ()
        return REGENERATED + flox


def load(out: Path) -> Optional[Folder]:
    """The folder's manifest, or None when there is none (a new folder, or not one of ours)."""
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot read the folder's manifest ({exc}); remove it, or emit with --force into a fresh --out", path=path) from None
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        packages = tuple(
            FolderPackage(
                attr=p["attr"],
                version=p["version"],
                family=p["family"],
                pythons=p["pythons"],
                disabled_on=p.get("disabled-on", ()),
                main_program=p.get("main-program"),
                pr_argv=p.get("pr", ()),
            )
            for p in data["packages"]
        )
        if not packages:
            raise ValueError("no packages")
        return Folder(family=str(data["family"]), packages=packages, flox=bool(data.get("flox", False)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OutputError(f"not a manifest this version can read ({exc}); emit into a fresh --out", path=path) from None


def dump(folder: Folder) -> str:
    """The manifest's text: stable key order, one package per entry."""
    data = {
        "format": FORMAT,
        "generator": f"nixpkgs-contrib {__version__}",
        "family": folder.family,
        "flox": folder.flox,
        "packages": [
            {
                "attr": p.attr,
                "version": p.version,
                "family": p.family,
                "pythons": list(p.pythons),
                "disabled-on": list(p.disabled_on),
                "main-program": p.main_program,
                "pr": list(p.pr_argv),
            }
            for p in folder.packages
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@attrs.frozen
class Merged:
    folder: Folder
    #: packages of the folder that this emit replaces (``--force``)
    replaced: tuple[str, ...]
    #: packages listed in the manifest whose file is gone: left out of the shared files
    dropped: tuple[str, ...]
    #: packages that were there before and stay
    kept: tuple[str, ...]


def merge(old: Optional[Folder], new: Folder, *, out: Path, force: bool) -> Merged:
    """*new* added to the folder's *old* packages.  A package already there is an error unless
    *force* (then it is replaced, keeping its place); a package whose file was deleted by hand is
    dropped, so the overlay never points at a missing file."""
    if old is None:
        return Merged(new, (), (), ())
    present = [p for p in old.packages if (out / p.module_file).is_file()]
    dropped = tuple(p.attr for p in old.packages if p not in present)
    fresh = {p.attr: p for p in new.packages}
    again = [p.attr for p in present if p.attr in fresh]
    if again and not force:
        more = f" (and {len(again) - 1} more)" if len(again) > 1 else ""
        raise OutputError(
            f"{again[0]}{more} is already in this folder; pass --force to replace it, or choose another --out",
            path=out / MODULES_DIR / again[0],
        )
    packages = [fresh.pop(p.attr) if p.attr in fresh else p for p in present]
    packages += [p for p in new.packages if p.attr in fresh]
    # the flake is named after the package (family) added last; replacing one keeps the name
    family = old.family if not fresh else new.family
    folder = Folder(family=family, packages=tuple(packages), flox=old.flox or new.flox)
    if not folder.pythons:
        spans = "; ".join(sorted({f"{', '.join(p.pythons)}" for p in folder.packages}))
        raise OutputError(
            f"the packages of this folder share no interpreter ({spans}); emit with the same --python, or into another --out",
            path=out,
        )
    kept = tuple(p.attr for p in present if p.attr not in again)
    return Merged(folder, tuple(again), dropped, kept)


__all__ = ["FLOX_FILES", "Folder", "FolderPackage", "MANIFEST", "Merged", "REGENERATED", "SUMMARY", "dump", "load", "merge"]
