"""Which interpreters a path is checked for: ``--python``/``--target``, else those of the emit
output folder it is in (its ``flake.nix``), else emit's default target.

An output folder is a directory with emit's manifest (``nixpkgs-contrib.json``) and a
``flake.nix``; the flake lists its interpreters as a literal list (``pythons = [ "python311"
… ];``), read here through the syntax tree, so ``check`` judges conditions for exactly what emit
planned for, whatever the default target was when the folder was written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..errors import UserError
from ..matrix import DEFAULT_PYTHONS, python_key
from ..outfolder import MANIFEST

#: emit's default target, for paths outside an output folder
DEFAULT_TARGET: tuple[str, ...] = DEFAULT_PYTHONS
_ATTR = re.compile(r"^python3(\d+)$")
_VERSION = re.compile(r"^3\.(\d+)$")


def output_folder(path: Path) -> Optional[Path]:
    """The emit output folder *path* is, or is inside (the nearest one), or None."""
    here = path.resolve()
    for folder in (here, *here.parents) if here.is_dir() else here.parents:
        if (folder / MANIFEST).is_file() and (folder / "flake.nix").is_file():
            return folder
    return None


def flake_pythons(flake: Path) -> tuple[str, ...]:
    """The interpreters an emitted ``flake.nix`` lists (``"python312"`` or ``"3.12"``), sorted."""
    from ..nixsyntax import Binding, List, NixSyntaxError, parse_file, query

    try:
        root = parse_file(flake)
    except NixSyntaxError as exc:
        raise UserError(f"cannot read the interpreters: {exc.message}", path=flake, line=exc.line) from None
    found = [n for n in root.walk() if isinstance(n, Binding) and n.names == ("pythons",)]
    if len(found) != 1 or not isinstance(query.unwrap(found[0].value), List):
        raise UserError("cannot read the interpreters: no `pythons = [ … ];` list", path=flake, line=1)
    binding = found[0]
    pythons = []
    for item in query.unwrap(binding.value).items:  # type: ignore[union-attr]
        text = query.string_value(item) or ""
        m = _ATTR.match(text) or _VERSION.match(text)
        if m is None:
            raise UserError(
                f"cannot read the interpreters: {item.text} is not an interpreter", path=flake, line=item.line
            )
        pythons.append(f"3.{m.group(1)}")
    if not pythons:
        raise UserError("cannot read the interpreters: `pythons` is empty", path=flake, line=binding.line)
    return tuple(sorted(set(pythons), key=python_key))


def pythons_for(path: Path, override: Optional[tuple[str, ...]] = None) -> tuple[str, ...]:
    """The interpreters to check *path* for."""
    if override is not None:
        return override
    folder = output_folder(path)
    return flake_pythons(folder / "flake.nix") if folder is not None else DEFAULT_TARGET
