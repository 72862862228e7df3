"""The rules `check` knows: a stable id, a name, a severity and the fix a reviewer asks for.

Every rule has one severity, chosen by what happens to a file that breaks it:

* **error**: the file breaks evaluation, the build or nixpkgs CI (a syntax error, an undeclared
  argument, a hash that is not a hash, an entry out of keep-sorted order, a layout nixfmt
  rewrites, which treefmt CI rejects).  An error on a file nixpkgs accepted is a bug in the rule.
* **warning**: a pattern nixpkgs is migrating away from, or what its reviewers ask of a new
  package (``rec``, ``with lib;``, ``rev`` for a tag, ``format``, ``propagatedBuildInputs``,
  an empty maintainer list).  The file works; a reviewer will ask for the change.
* **note**: taste, where accepted files differ (attribute order, line length).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping

import attrs


class Severity(enum.IntEnum):
    """How much a finding matters; ``check --severity`` shows this level and above."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str) -> Severity:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (one of {', '.join(SEVERITIES)})") from None


#: the names ``--severity`` takes, most severe first
SEVERITIES: tuple[str, ...] = ("error", "warning", "note")
#: what ``check`` shows without ``--severity``: what breaks and what a reviewer asks to change
DEFAULT_SEVERITY = Severity.WARNING

#: nixfmt's soft line limit.
WIDTH = 100


@attrs.frozen
class Rule:
    """A convention with a stable id, a short name, its severity and the one-line fix."""

    id: str
    name: str
    severity: Severity
    fix: str


@attrs.frozen(order=True)
class Finding:
    """One violation: ``path:line: NC004 warning tag-not-rev: message (fix: …)``."""

    path: str
    line: int
    rule: str
    name: str
    severity: str
    message: str
    fix: str

    @classmethod
    def of(cls, rule: Rule, path: os.PathLike[str] | str, line: int, message: str) -> Finding:
        return cls(os.fspath(path), line, rule.id, rule.name, str(rule.severity), message, rule.fix)

    @property
    def level(self) -> Severity:
        return Severity.named(self.severity)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.severity} {self.name}: {self.message} (fix: {self.fix})"


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

PARSE = Rule("NC000", "parse", E, "fix what Nix reports (nix-instantiate --parse FILE says the same)")
CALL_FORM = Rule("NC001", "call-form", W, "write buildPythonPackage (finalAttrs: { … }) and use finalAttrs.*")
ATTR_ORDER = Rule("NC002", "attribute-order", N, "use story order: pname … src, sourceRoot … passthru, meta (§4.3)")
SRI_HASH = Rule("NC003", "sri-hash", E, 'write hash = "sha256-<44 base64 characters>"; (nix hash to-sri)')
TAG_NOT_REV = Rule("NC004", "tag-not-rev", W, 'write tag = "v${finalAttrs.version}"; keep rev for 40-hex commits')
WITH_LIB = Rule("NC005", "with-lib", W, "drop `with lib;`, write lib.licenses.x and with lib.maintainers; [ … ]")
DEAD_CONDITION = Rule("NC006", "dead-conditional", W, "drop the condition, and the argument if it becomes unused")
DOCHECK_COMMENT = Rule("NC007", "docheck-comment", W, "say why: doCheck = false; # <reason>")
UNUSED_ARGUMENT = Rule("NC008", "unused-argument", W, "remove the argument from the { … }: head")
UNDECLARED_ARGUMENT = Rule("NC009", "undeclared-argument", E, "add the name to the { … }: head")
REGISTRATION = Rule("NC010", "registration-sorted", E, "keep entries in keep-sorted order, one blank line apart")
PYPROJECT = Rule("NC011", "pyproject", W, "write pyproject = true; and build-system = [ … ]; instead of format = …")
IMPORTS_CHECK = Rule("NC012", "imports-check", W, 'add pythonImportsCheck = [ "<module>" ];')
FLAGS_ARRAY = Rule("NC013", "pytest-flags-array", W, "use pytestFlags, enabledTestPaths or disabledTestPaths")
PYTEST_COV = Rule("NC014", "pytest-cov", W, "use pytest-cov-stub instead of pytest-cov")
STDENV_PLATFORM = Rule("NC015", "stdenv-platform", W, "write stdenv.hostPlatform.isDarwin / .isLinux")
RELAX_DEPS_HOOK = Rule("NC016", "relax-deps-hook", W, "remove pythonRelaxDepsHook; pythonRelaxDeps adds it")
DESCRIPTION = Rule("NC017", "description-style", W, "one capitalized phrase: no article, no package name, no period")
ARGUMENT_HEAD = Rule("NC018", "argument-head", E, "write `{`, one argument per line with a comma, `}:` (nixfmt)")
TRAILING_WHITESPACE = Rule("NC019", "trailing-whitespace", E, "remove trailing whitespace (nixfmt)")
TAB = Rule("NC020", "tab", E, "indent with spaces (nixfmt)")
FINAL_NEWLINE = Rule("NC021", "final-newline", E, "end the file with a newline (nixfmt)")
BLANK_LINES = Rule("NC022", "blank-lines", E, "keep at most one blank line (nixfmt)")
LINE_LENGTH = Rule("NC023", "line-length", N, f"wrap the line at {WIDTH} columns where nixfmt can")
FLAKE_EVAL = Rule("NC024", "flake-eval", E, "fix the expression so the flake evaluates")
PLACEHOLDER_HASH = Rule("NC025", "placeholder-hash", E, "replace it with the real hash (the first build prints it)")
MAINTAINERS = Rule("NC026", "maintainers", W, "add yourself: maintainers = with lib.maintainers; [ handle ];")
LEGACY_INPUTS = Rule("NC027", "legacy-inputs", W, "write dependencies = [ … ]; and nativeCheckInputs = [ … ];")
NIXFMT_LAYOUT = Rule("NC028", "nixfmt-layout", E, "lay the value out as nixfmt does (run nixfmt on the file)")
NO_PYPROJECT = Rule("NC029", "no-pyproject", E, "write pyproject = true; and build-system = [ … ];")
SHA256_ATTRIBUTE = Rule("NC030", "sha256-attribute", W, 'write an SRI hash = "sha256-…"; instead of sha256 = …')
BODY_SPACING = Rule("NC031", "body-spacing", N, "leave one blank line between `}:` and the body")

RULES: Mapping[str, Rule] = {
    r.id: r
    for r in (
        PARSE, CALL_FORM, ATTR_ORDER, SRI_HASH, TAG_NOT_REV, WITH_LIB, DEAD_CONDITION, DOCHECK_COMMENT,
        UNUSED_ARGUMENT, UNDECLARED_ARGUMENT, REGISTRATION, PYPROJECT, IMPORTS_CHECK, FLAGS_ARRAY,
        PYTEST_COV, STDENV_PLATFORM, RELAX_DEPS_HOOK, DESCRIPTION, ARGUMENT_HEAD, TRAILING_WHITESPACE,
        TAB, FINAL_NEWLINE, BLANK_LINES, LINE_LENGTH, FLAKE_EVAL, PLACEHOLDER_HASH, MAINTAINERS,
        LEGACY_INPUTS, NIXFMT_LAYOUT, NO_PYPROJECT, SHA256_ATTRIBUTE, BODY_SPACING,
    )
}  # fmt: skip
