"""Lint nixpkgs python-modules files against what reviewers and nixpkgs CI ask for (conventions §10).

Every file is read with the lossless syntax tree (:mod:`nixpkgs_contrib.nixsyntax`), so rules
see real bindings, lists and scopes, never tokens that look like them.  A file Nix would not
accept gets only the findings that say why (:mod:`.source`); the others go through the rules by
concern:

* :mod:`.text`: whitespace, tabs, blank lines, final newline, line width (outside strings);
* :mod:`.layout`: values nixfmt would lay out differently;
* :mod:`.values`: hashes, placeholder hashes, ``rev`` for a tag, ``with lib;``, dead
  conditions for the target, deprecated names;
* :mod:`.package`: the argument set and the derivation of a python-modules file;
* :mod:`.registration`: keep-sorted order of ``python-packages.nix``.

Every rule has a stable id (``NC001``) and a severity (:mod:`.rules`); ``check --severity``
chooses the lowest shown.  The interpreters a file is checked for come from :mod:`.target`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Optional

from ..errors import UserError
from . import layout, package, registration, values
from . import text as text_rules
from .rules import (
    ARGUMENT_HEAD,
    ATTR_ORDER,
    BLANK_LINES,
    BODY_SPACING,
    CALL_FORM,
    DEAD_CONDITION,
    DEFAULT_SEVERITY,
    DESCRIPTION,
    DOCHECK_COMMENT,
    FINAL_NEWLINE,
    FLAGS_ARRAY,
    FLAKE_EVAL,
    IMPORTS_CHECK,
    LEGACY_INPUTS,
    LINE_LENGTH,
    MAINTAINERS,
    NIXFMT_LAYOUT,
    NO_PYPROJECT,
    PARSE,
    PLACEHOLDER_HASH,
    PYPROJECT,
    PYTEST_COV,
    REGISTRATION,
    RELAX_DEPS_HOOK,
    RULES,
    SEVERITIES,
    SHA256_ATTRIBUTE,
    SRI_HASH,
    STDENV_PLATFORM,
    TAB,
    TAG_NOT_REV,
    TRAILING_WHITESPACE,
    UNDECLARED_ARGUMENT,
    UNUSED_ARGUMENT,
    WIDTH,
    WITH_LIB,
    Finding,
    Rule,
    Severity,
)
from .source import is_fragment, read
from .target import DEFAULT_TARGET, flake_pythons, output_folder, pythons_for
from .values import placeholder

#: emit's default target: what a file outside an emit output folder is checked for
DEFAULT_PYTHONS: tuple[str, ...] = DEFAULT_TARGET


def lint_file(path: os.PathLike[str] | str, text: str, *, pythons: Sequence[str] = DEFAULT_PYTHONS) -> list[Finding]:
    """Every convention *text* (the content of *path*) breaks, sorted, at every severity.

    A file Nix would not accept gets only the findings that say why.  Package rules apply to
    python-modules files, registration rules to files named ``python-packages.nix``, text,
    layout and value rules to every file.
    """
    src = read(path, text)
    if isinstance(src, list):
        return src
    findings = [*text_rules.lint(src), *layout.lint(src), *values.lint(src, pythons)]
    if Path(path).name == "python-packages.nix":
        findings += registration.lint(src)
    else:
        findings += package.lint(src)
    return sorted(set(findings))


def nix_files(paths: Iterable[os.PathLike[str] | str]) -> list[Path]:
    """The files to check: each file given, and every ``*.nix`` below each directory, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.nix") if p.is_file() and ".git" not in p.parts))
        elif path.is_file():
            out.append(path)
        else:
            raise UserError("no such file or directory", path=path)
    return out


def check_paths(
    paths: Iterable[os.PathLike[str] | str],
    *,
    pythons: Optional[Sequence[str]] = None,
    severity: Severity = DEFAULT_SEVERITY,
) -> list[Finding]:
    """Lint every Nix file in *paths*; the findings at *severity* and above, sorted.

    *pythons* overrides the target; by default each file is checked for the interpreters of the
    emit output folder it is in (:func:`.target.pythons_for`), else emit's default target.
    """
    override = tuple(pythons) if pythons is not None else None
    targets: dict[Optional[Path], tuple[str, ...]] = {}
    findings: list[Finding] = []
    for path in nix_files(paths):
        if override is not None:
            target = override
        else:
            folder = output_folder(path)
            if folder not in targets:
                targets[folder] = pythons_for(path)
            target = targets[folder]
        try:
            content = path.read_bytes().decode("utf-8")  # not read_text: it would hide CRLF endings
        except UnicodeDecodeError as exc:
            raise UserError(f"not UTF-8 ({exc.reason})", path=path) from None
        findings += (f for f in lint_file(path, content, pythons=target) if f.level >= severity)
    return sorted(set(findings))


def evaluate(directory: Path, *, pythons: Optional[Sequence[str]] = None) -> list[Finding]:
    """Evaluate an output folder's flake against the stand-in nixpkgs (``check --eval``), for
    *pythons* or the flake's own interpreters."""
    from ..flake_eval import evaluate_flake

    flake = Path(directory) / "flake.nix"
    target = tuple(pythons) if pythons is not None else flake_pythons(flake)
    result = evaluate_flake(directory, pythons=target)
    return [Finding.of(FLAKE_EVAL, flake, 1, problem) for problem in result.problems]


__all__ = [
    "ARGUMENT_HEAD", "ATTR_ORDER", "BLANK_LINES", "BODY_SPACING", "CALL_FORM", "DEAD_CONDITION",
    "DEFAULT_PYTHONS", "DEFAULT_SEVERITY", "DESCRIPTION", "DOCHECK_COMMENT", "FINAL_NEWLINE",
    "FLAGS_ARRAY", "FLAKE_EVAL", "IMPORTS_CHECK", "LEGACY_INPUTS", "LINE_LENGTH", "MAINTAINERS",
    "NIXFMT_LAYOUT", "NO_PYPROJECT", "PARSE", "PLACEHOLDER_HASH", "PYPROJECT", "PYTEST_COV",
    "REGISTRATION", "RELAX_DEPS_HOOK", "RULES", "SEVERITIES", "SHA256_ATTRIBUTE", "SRI_HASH",
    "STDENV_PLATFORM", "TAB", "TAG_NOT_REV", "TRAILING_WHITESPACE", "UNDECLARED_ARGUMENT",
    "UNUSED_ARGUMENT", "WIDTH", "WITH_LIB", "Finding", "Rule", "Severity", "check_paths", "evaluate",
    "flake_pythons", "is_fragment", "lint_file", "nix_files", "output_folder", "placeholder", "pythons_for",
]  # fmt: skip
