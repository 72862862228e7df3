"""``--maintainer`` handles checked against a checkout's ``maintainers/maintainer-list.nix``.

``meta.maintainers = with lib.maintainers; [ alcie ];`` fails evaluation for everyone on a typo,
so with ``--nixpkgs`` an unknown handle stops ``emit``/``pr`` with one line naming it and the
handles closest to it.  The file's top-level attribute names are read from its syntax tree
(:func:`~nixpkgs_contrib.nixpkgs.index.top_level`), never evaluated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from ..errors import NixpkgsError
from .index import top_level

MAINTAINER_LIST = "maintainers/maintainer-list.nix"


def handles(root: Path) -> Optional[frozenset[str]]:
    """Every handle the checkout defines; None when it has no maintainer list."""
    path = root / MAINTAINER_LIST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise NixpkgsError(f"cannot read the maintainer list: {exc}", path=path) from None
    return frozenset(b.name for b in top_level(text, path) if not b.inherited)


def close_matches(handle: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known handles that look like a typo of *handle* (case-insensitive), best first."""
    by_lower: dict[str, str] = {}
    for name in sorted(known):
        by_lower.setdefault(name.lower(), name)
    matches = difflib.get_close_matches(handle.lower(), sorted(by_lower), n=n, cutoff=0.75)
    return [by_lower[m] for m in matches]


def check(wanted: Iterable[str], root: Path) -> Optional[str]:
    """Raise for the first handle the checkout does not define.  Returns a note when the checkout
    has no maintainer list to check against (nothing is checked then)."""
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return None
    known = handles(root)
    if known is None:
        return f"{MAINTAINER_LIST} not found in the checkout; --maintainer {', '.join(wanted)} not checked"
    for handle in wanted:
        if handle not in known:
            close = close_matches(handle, known)
            hint = (
                f"did you mean {' or '.join(close)}?"
                if close
                else "a new maintainer adds an entry here in a commit of its own first (maintainers/README.md)"
            )
            raise NixpkgsError(f"--maintainer {handle}: no such handle; {hint}", path=root / MAINTAINER_LIST)
    return None


__all__ = ["MAINTAINER_LIST", "check", "close_matches", "handles"]
