"""pbr (OpenStack's setuptools plugin): the ``setup()`` keywords it makes out of ``setup.cfg`` and
``requirements.txt`` when a project's setup.py says ``setup(pbr=True)``.

pbr does not read setuptools' ``[options]`` tables: the dependencies are the lines of
``requirements.txt``, the extras the ``[extras]`` section, the entry points ``[entry_points]``, the
packages ``[files] packages`` (each with its subpackages).  Without this a pbr project reads as one
with no dependencies at all (bandit, retry).  Read statically, as pbr's ``util.cfg_to_args`` and
``packaging.parse_requirements`` read them; pbr itself is never imported.
"""

from __future__ import annotations

import ast
import configparser
import re
from typing import Any, Optional

from . import layout, setup_cfg
from .tree import SourceTree, read_text

#: pbr's default requirement files, in its order (``packaging.get_reqs_from_files``)
REQUIREMENT_FILES = ("requirements.txt", "tools/pip-requires")


def uses_pbr(tree: SourceTree, build_backend: Optional[str]) -> bool:
    """Does the build run pbr: the ``pbr.build`` backend, or ``setup(..., pbr=True)`` in setup.py."""
    if build_backend == "pbr.build":
        return True
    if not tree.is_file("setup.py"):
        return False
    try:
        module = ast.parse(read_text(tree, "setup.py"))
    except (SyntaxError, ValueError):
        return False
    return any(
        isinstance(node, ast.Call)
        and any(k.arg == "pbr" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords)
        for node in ast.walk(module)
    )


def requirement_lines(text: str) -> list[str]:
    """pbr's ``parse_requirements``: comments and blank lines dropped, pip options (``-r``, ``-e``,
    ``-f``, ``--hash``…) left out; what stays is one requirement a line."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if line and not line.startswith("-"):
            out.append(line)
    return out


def keywords(tree: SourceTree) -> dict[str, Any]:
    """The setup() keywords pbr adds from setup.cfg's pbr sections and the requirement files."""
    out: dict[str, Any] = {}
    for name in REQUIREMENT_FILES:
        if tree.is_file(name):
            out["install_requires"] = requirement_lines(read_text(tree, name))
            break
    if not tree.is_file(setup_cfg.SETUP_CFG):
        return out
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(read_text(tree, setup_cfg.SETUP_CFG))
    except configparser.Error:
        return out  # setup_cfg.read reports it
    if parser.has_section("metadata"):
        meta = parser["metadata"]
        for key in ("python_requires", "python-requires", "requires_python", "requires-python"):
            if key in meta:
                out["python_requires"] = meta[key].strip()
        if "classifier" in meta:
            out["classifiers"] = setup_cfg.split_list(meta["classifier"])
    if parser.has_section("files") and "packages" in parser["files"]:
        roots = setup_cfg.split_list(parser["files"]["packages"])
        out["packages"] = [p for root in roots for p in layout.find_packages(tree, "", include=[root, f"{root}.*"])] or roots
    if parser.has_section("extras"):
        out["extras_require"] = {k: setup_cfg.requirement_list(v) for k, v in parser["extras"].items()}
    if parser.has_section("entry_points"):
        out["entry_points"] = {k: setup_cfg.split_list(v) for k, v in parser["entry_points"].items()}
    return out


__all__ = ["uses_pbr", "keywords", "requirement_lines", "REQUIREMENT_FILES"]
