"""Writing emitted files: all or nothing, never over an existing file without ``force``.

Files are written to a temporary folder next to the destination and moved into place only when
all of them were written, so an error leaves nothing half-written behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from .errors import OutputError


def write_tree(files: Mapping[str, str], out: Path, *, force: bool = False, replace: Collection[str] = ()) -> list[Path]:
    """Write *files* (relative POSIX path → text) below *out*; returns the written paths, sorted.

    *replace* names files this tool regenerates in a folder it already wrote (the shared
    ``python-packages.nix``, ``overlay.nix``, … of :mod:`~nixpkgs_contrib.outfolder`): they are
    overwritten without *force*; every other existing file is a conflict."""
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError("output path exists and is not a directory", path=out)
    for rel in files:
        if rel.startswith("/") or ".." in rel.split("/"):
            raise OutputError(f"refusing to write {rel!r} outside the output folder", path=out)
    conflicts = sorted(rel for rel in files if (out / rel).exists() and rel not in replace)
    if conflicts and not force:
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise OutputError(f"{conflicts[0]} already exists{more}; pass --force to overwrite", path=out)
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    try:
        for rel in sorted(files):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(files[rel])
        if not out.exists():
            os.replace(staging, out)
        else:
            for rel in sorted(files):
                dest = out / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return sorted(out / rel for rel in files)
