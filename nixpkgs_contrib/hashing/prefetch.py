"""Online hashes through ``nix-prefetch-github``.

For what a local clone cannot reproduce (submodules, LFS, ref-dependent ``export-subst``) we ask
Nix itself to fetch the tag.  ``nix-prefetch-github`` is GPL-3.0, so it is only ever run as a
command, never imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence

from ..errors import SourceError
from .nar import Hash

EXECUTABLE = "nix-prefetch-github"
#: Fetching a large repository can take a while; this only guards against a hung process.
TIMEOUT = 30 * 60


def prefetch_argv(owner: str, repo: str, tag: str, *, fetch_submodules: bool = False) -> list[str]:
    """The command line, separate so the exact arguments are testable and explainable."""
    for what, value in (("owner", owner), ("repository", repo), ("tag", tag)):
        if not value or value.startswith("-") or any(c.isspace() for c in value):
            raise SourceError(f"invalid GitHub {what} {value!r}")
    submodules = "--fetch-submodules" if fetch_submodules else "--no-fetch-submodules"
    return [EXECUTABLE, owner, repo, "--rev", tag, submodules, "--json"]


def parse_output(stdout: str, what: str) -> str:
    """The SRI hash in ``nix-prefetch-github``'s JSON (``hash``; older releases print ``sha256``)."""
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{EXECUTABLE} {what}: output is not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{EXECUTABLE} {what}: expected a JSON object, got {type(data).__name__}")
    if "src" in data and isinstance(data["src"], dict):  # --meta layout
        data = data["src"]
    value = data.get("hash", data.get("sha256"))
    if not isinstance(value, str):
        raise SourceError(f"{EXECUTABLE} {what}: no 'hash' in its output")
    try:
        return Hash.parse(value).sri
    except ValueError as exc:
        raise SourceError(f"{EXECUTABLE} {what}: bad hash: {exc}") from None


def prefetch_github(owner: str, repo: str, tag: str, *, fetch_submodules: bool = False) -> str:
    """SRI hash of ``fetchFromGitHub { owner; repo; tag; }``, fetched over the network by Nix."""
    argv = prefetch_argv(owner, repo, tag, fetch_submodules=fetch_submodules)
    what = f"{owner}/{repo} {tag}"
    executable = shutil.which(argv[0])
    if executable is None:
        raise SourceError(
            f"{EXECUTABLE} is not installed (needed to prefetch {what}); install it, "
            "hash a local clone with `hash --git REPO --rev TAG`, or pass --hash"
        )
    try:
        result = _run([executable, *argv[1:]])
    except subprocess.TimeoutExpired:
        raise SourceError(f"{EXECUTABLE} {what}: no answer after {TIMEOUT} seconds") from None
    if result.returncode != 0:
        detail = _last_line(result.stderr) or f"exit status {result.returncode}"
        raise SourceError(f"{EXECUTABLE} {what} failed: {detail}")
    return parse_output(result.stdout, what)


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT,
        env=dict(os.environ, LC_ALL="C"),
        stdin=subprocess.DEVNULL,
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
