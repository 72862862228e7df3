"""Where the shared nixpkgs corpus is: ``$NIXPKGS_CORPUS``, or ``shared/nixpkgs-corpus`` next to
the repository (``../shared``) or next to the folder of worktrees it sits in (``../../shared``).
Tests that use it skip when it is absent; nothing from it is ever copied into the project."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[1]


def corpus_dir() -> Optional[Path]:
    env = os.environ.get("NIXPKGS_CORPUS")
    candidates = [Path(env)] if env else [p / "shared" / "nixpkgs-corpus" for p in REPO.parents[:2]]
    return next((p for p in candidates if p.is_dir()), None)


CORPUS = corpus_dir()
#: every .nix file of the corpus, in a stable order
FILES: list[Path] = sorted(CORPUS.glob("**/*.nix")) if CORPUS else []
#: the python-modules files only
MODULES: list[Path] = [p for p in FILES if p.parent.parent.name == "python-modules"]

requires_corpus = pytest.mark.skipif(not FILES, reason="../shared/nixpkgs-corpus is absent")
