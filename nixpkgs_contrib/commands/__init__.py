"""Sub-commands, one module each.  Each exposes ``add_parser(subparsers) -> ArgumentParser`` and
``run(args, stdout, stderr) -> int``; the table below is the only list of them."""

from __future__ import annotations

from importlib import import_module

_MODULES = ["emit", "hash", "check", "pr", "update", "audit", "check_updates"]


def _load() -> list:
    out = []
    for name in _MODULES:
        module = import_module(f"{__name__}.{name}")
        out.append((name, module.add_parser, module.run))
    return out


COMMANDS = _load()
