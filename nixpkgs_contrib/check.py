"""Lint nixpkgs python-modules files against what reviewers ask for (conventions doc §10).

There is no Nix AST library for Python, so this module carries a small lexer that is honest about
the parts that matter for linting (double-quoted and ``''`` strings with nested ``${}``, comments,
paths, URIs) and works on tokens plus the top-level structure of the ``buildPythonPackage``
argument set.  Real syntax checking is left to ``nix-instantiate --parse``: it is the only parser
that is right by definition, and it also reports undefined variables.

Every rule has a stable id (``NC001``) so findings can be grepped, suppressed and referred to.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Optional

import attrs

from .errors import UserError
from .flake_eval import nix_env  # one definition of the offline Nix settings
from .matrix import DEFAULT_PYTHONS as _EMIT_DEFAULT_PYTHONS
from .matrix import python_key

#: The emitter's default target, so `check` is clean on what `emit` writes by default; pass
#: ``--target unstable`` to check against the interpreters nixpkgs ships today.
DEFAULT_PYTHONS: tuple[str, ...] = _EMIT_DEFAULT_PYTHONS

#: nixfmt's soft line limit.
WIDTH = 100


# --- rules and findings ----------------------------------------------------------------------------


@attrs.frozen
class Rule:
    """A convention with a stable id, a short name and the one-line fix a reviewer would ask for."""

    id: str
    name: str
    fix: str


PARSE = Rule("NC000", "parse", "fix the syntax error (see nix-instantiate --parse FILE)")
CALL_FORM = Rule("NC001", "call-form", "write buildPythonPackage (finalAttrs: { … }) and use finalAttrs.*")
ATTR_ORDER = Rule("NC002", "attribute-order", "use story order: pname … src, sourceRoot … passthru, meta (§4.3)")
SRI_HASH = Rule("NC003", "sri-hash", 'write hash = "sha256-<44 base64 characters>"; (nix hash to-sri)')
TAG_NOT_REV = Rule("NC004", "tag-not-rev", 'write tag = "v${finalAttrs.version}"; keep rev for 40-hex commits')
WITH_LIB = Rule("NC005", "with-lib", "drop `with lib;`, write lib.licenses.x and with lib.maintainers; [ … ]")
DEAD_CONDITION = Rule("NC006", "dead-conditional", "drop the condition, and the argument if it becomes unused")
DOCHECK_COMMENT = Rule("NC007", "docheck-comment", "say why: doCheck = false; # <reason>")
UNUSED_ARGUMENT = Rule("NC008", "unused-argument", "remove the argument from the { … }: head")
UNDECLARED_ARGUMENT = Rule("NC009", "undeclared-argument", "add the name to the { … }: head")
REGISTRATION = Rule("NC010", "registration-sorted", "keep entries in keep-sorted order, one blank line apart")
PYPROJECT = Rule("NC011", "pyproject", "write pyproject = true; instead of format = …")
IMPORTS_CHECK = Rule("NC012", "imports-check", 'add pythonImportsCheck = [ "<module>" ];')
FLAGS_ARRAY = Rule("NC013", "pytest-flags-array", "use pytestFlags, enabledTestPaths or disabledTestPaths")
PYTEST_COV = Rule("NC014", "pytest-cov", "use pytest-cov-stub instead of pytest-cov")
STDENV_PLATFORM = Rule("NC015", "stdenv-platform", "write stdenv.hostPlatform.isDarwin / .isLinux")
RELAX_DEPS_HOOK = Rule("NC016", "relax-deps-hook", "remove pythonRelaxDepsHook; pythonRelaxDeps adds it")
DESCRIPTION = Rule("NC017", "description-style", "one capitalized phrase: no article, no package name, no period")
ARGUMENT_HEAD = Rule("NC018", "argument-head", "write `{`, one argument per line with a comma, `}:`, a blank line")
TRAILING_WHITESPACE = Rule("NC019", "trailing-whitespace", "remove trailing whitespace (nixfmt)")
TAB = Rule("NC020", "tab", "indent with spaces (nixfmt)")
FINAL_NEWLINE = Rule("NC021", "final-newline", "end the file with a newline")
BLANK_LINES = Rule("NC022", "blank-lines", "keep at most one blank line")
LINE_LENGTH = Rule("NC023", "line-length", f"wrap the line at {WIDTH} columns (nixfmt)")
FLAKE_EVAL = Rule("NC024", "flake-eval", "fix the expression so the flake evaluates")

RULES: Mapping[str, Rule] = {
    r.id: r
    for r in (
        PARSE, CALL_FORM, ATTR_ORDER, SRI_HASH, TAG_NOT_REV, WITH_LIB, DEAD_CONDITION, DOCHECK_COMMENT,
        UNUSED_ARGUMENT, UNDECLARED_ARGUMENT, REGISTRATION, PYPROJECT, IMPORTS_CHECK, FLAGS_ARRAY,
        PYTEST_COV, STDENV_PLATFORM, RELAX_DEPS_HOOK, DESCRIPTION, ARGUMENT_HEAD, TRAILING_WHITESPACE,
        TAB, FINAL_NEWLINE, BLANK_LINES, LINE_LENGTH, FLAKE_EVAL,
    )
}  # fmt: skip


@attrs.frozen(order=True)
class Finding:
    """One violation: ``path:line: NC004 tag-not-rev: message (fix: …)``."""

    path: str
    line: int
    rule: str
    name: str
    message: str
    fix: str

    @classmethod
    def of(cls, rule: Rule, path: os.PathLike[str] | str, line: int, message: str) -> Finding:
        return cls(os.fspath(path), line, rule.id, rule.name, message, rule.fix)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.name}: {self.message} (fix: {self.fix})"


class NixSyntaxError(UserError):
    """Text the lexer cannot split into tokens (an unterminated string or comment)."""


# --- lexer -----------------------------------------------------------------------------------------


@attrs.frozen
class Token:
    """A lexeme: ``kind`` is id, kw, int, float, path, spath, uri, op, comment, str_open, str_text,
    str_close, interp_open or interp_close.  ``start``/``end`` are character offsets."""

    kind: str
    text: str
    line: int
    end_line: int
    start: int
    end: int


KEYWORDS = frozenset({"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"})

_SPACE = re.compile(r"[ \t\r\n]+")
_LINE_COMMENT = re.compile(r"#[^\n]*")
_CANDIDATES = (  # flex semantics: the longest match wins, earlier patterns win ties
    ("id", re.compile(r"[A-Za-z_][A-Za-z0-9_'-]*")),
    ("int", re.compile(r"[0-9]+")),
    ("float", re.compile(r"(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?")),
    ("path", re.compile(r"[A-Za-z0-9._+-]*(?:/[A-Za-z0-9._+-]+)+/?|~(?:/[A-Za-z0-9._+-]+)+/?")),
    ("spath", re.compile(r"<[A-Za-z0-9._+-]+(?:/[A-Za-z0-9._+-]+)*>")),
    ("uri", re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9%/?:@&=+$,_.!~*'-]+")),
)
_OPERATORS = sorted(
    "... == != <= >= && || -> // ++ |> <| ? . ; : , = @ ( ) [ ] + - * / < > !".split(),
    key=len,
    reverse=True,
)


def tokenize(text: str, path: os.PathLike[str] | str = "<text>") -> list[Token]:
    """Split Nix source into tokens, comments included.

    Strings come out as ``str_open``, ``str_text``…, ``str_close`` with interpolations as
    ``interp_open`` + ordinary tokens + ``interp_close``, the way Nix's own lexer does it.
    """
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    tokens: list[Token] = []

    def emit(kind: str, start: int, end: int) -> None:
        tokens.append(Token(kind, text[start:end], line_of(start), line_of(max(start, end - 1)), start, end))

    # Each frame: ["expr", brace depth] (the top level or a ${…} body), ["str"] or ["ind"].
    stack: list[list] = [["expr", 0]]
    pos, n = 0, len(text)
    while pos < n:
        frame = stack[-1]
        if frame[0] in ("str", "ind"):
            pos = _string_chunk(text, pos, frame[0], stack, emit, path, line_of)
            continue
        ch = text[pos]
        if m := _SPACE.match(text, pos):
            pos = m.end()
        elif ch == "#":
            m = _LINE_COMMENT.match(text, pos)
            emit("comment", pos, m.end())
            pos = m.end()
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                raise NixSyntaxError("unterminated /* comment", path=path, line=line_of(pos))
            emit("comment", pos, end + 2)
            pos = end + 2
        elif text.startswith("''", pos):
            emit("str_open", pos, pos + 2)
            stack.append(["ind", pos])
            pos += 2
        elif ch == '"':
            emit("str_open", pos, pos + 1)
            stack.append(["str", pos])
            pos += 1
        elif text.startswith("${", pos) or ch == "{":
            size = 2 if ch == "$" else 1
            emit("op", pos, pos + size)
            frame[1] += 1
            pos += size
        elif ch == "}":
            if frame[1] == 0 and len(stack) > 1:
                emit("interp_close", pos, pos + 1)
                stack.pop()
            else:
                frame[1] = max(0, frame[1] - 1)
                emit("op", pos, pos + 1)
            pos += 1
        else:
            kind, end = _longest(text, pos)
            if kind is None:
                raise NixSyntaxError(f"unexpected character {ch!r}", path=path, line=line_of(pos))
            if kind == "id" and text[pos:end] in KEYWORDS:
                kind = "kw"
            emit(kind, pos, end)
            pos = end
    if len(stack) > 1:
        frame = stack[-1]
        what = "${ interpolation" if frame[0] == "expr" else "string"
        raise NixSyntaxError(f"unterminated {what}", path=path, line=line_of(frame[1] if frame[0] != "expr" else n))
    return tokens


def _longest(text: str, pos: int) -> tuple[Optional[str], int]:
    best: tuple[Optional[str], int] = (None, pos)
    for kind, pattern in _CANDIDATES:
        m = pattern.match(text, pos)
        if m and m.end() > best[1]:
            best = (kind, m.end())
    for op in _OPERATORS:
        if text.startswith(op, pos):
            if pos + len(op) > best[1]:
                best = ("op", pos + len(op))
            break
    return best


def _string_chunk(
    text: str,
    pos: int,
    mode: str,
    stack: list[list],
    emit: Callable[[str, int, int], None],
    path: os.PathLike[str] | str,
    line_of: Callable[[int], int],
) -> int:
    """Consume string text up to (and including) the next ``${`` or closing quote."""
    start, n = pos, len(text)
    while pos < n:
        if mode == "str":
            if text[pos] == "\\":
                pos += 2
                continue
            if text[pos] == '"':
                if pos > start:
                    emit("str_text", start, pos)
                emit("str_close", pos, pos + 1)
                stack.pop()
                return pos + 1
        else:
            if text.startswith("'''", pos) or text.startswith("''$", pos):
                pos += 3
                continue
            if text.startswith("''\\", pos):
                pos += 4
                continue
            if text.startswith("''", pos):
                if pos > start:
                    emit("str_text", start, pos)
                emit("str_close", pos, pos + 2)
                stack.pop()
                return pos + 2
        if text.startswith("$$", pos):
            pos += 2
        elif text.startswith("${", pos):
            if pos > start:
                emit("str_text", start, pos)
            emit("interp_open", pos, pos + 2)
            stack.append(["expr", 0])
            return pos + 2
        else:
            pos += 1
    raise NixSyntaxError("unterminated string", path=path, line=line_of(stack[-1][1]))


# --- structure -------------------------------------------------------------------------------------

_OPENERS = frozenset({"{", "${", "[", "(", "interp_open", "str_open", "let"})
_CLOSERS = frozenset({"}", "]", ")", "interp_close", "str_close", "in"})


def _nesting(tok: Token) -> int:
    key = tok.kind if tok.kind in ("interp_open", "interp_close", "str_open", "str_close") else tok.text
    if tok.kind in ("op", "kw", "interp_open", "interp_close", "str_open", "str_close"):
        return 1 if key in _OPENERS else -1 if key in _CLOSERS else 0
    return 0


@attrs.frozen
class Binding:
    """``a.b = value;`` or ``inherit (src) a b;`` inside an attribute set (indices into the
    significant-token list)."""

    path: tuple[str, ...]
    line: int
    start: int
    value: int
    end: int
    inherited: bool = False

    @property
    def name(self) -> str:
        return self.path[0]


def _skip(sig: Sequence[Token], i: int) -> int:
    """Index after the balanced group opened at *i* (or i + 1 for a plain token)."""
    depth = 0
    while i < len(sig):
        depth += _nesting(sig[i])
        i += 1
        if depth <= 0:
            return i
    return i


def bindings(sig: Sequence[Token], open_index: int) -> tuple[list[Binding], int]:
    """The bindings of the set (or ``let``) whose opener is at *open_index*, and its closer's index."""
    out: list[Binding] = []
    i = open_index + 1
    while i < len(sig) and not (sig[i].text in ("}", "in") and sig[i].kind in ("op", "kw")):
        start = i
        if sig[i].text == "inherit" and sig[i].kind == "kw":
            i += 1
            if i < len(sig) and sig[i].text == "(":
                i = _skip(sig, i)
            names = []
            while i < len(sig) and sig[i].text != ";":
                if sig[i].kind == "id":
                    names.append(sig[i].text)
                i = _skip(sig, i)
            out.extend(Binding((name,), sig[start].line, start, start, i, True) for name in names)
            i += 1
            continue
        path: list[str] = []
        while i < len(sig) and sig[i].text not in ("=", ";", "}"):
            tok = sig[i]
            if tok.kind == "id" or tok.kind == "kw":
                path.append(tok.text)
            elif tok.kind == "str_open":
                inner = sig[i + 1] if i + 1 < len(sig) else tok
                path.append(inner.text if inner.kind == "str_text" else "")
            elif tok.text == "${":
                path.append("${…}")
            i = _skip(sig, i)
        if i >= len(sig) or sig[i].text != "=":
            break  # not a binding: give up rather than guess
        value = i + 1
        i, pending = value, 0
        while i < len(sig):
            tok = sig[i]
            if tok.kind == "kw" and tok.text in ("with", "assert"):
                pending += 1
            elif tok.text == ";" and tok.kind == "op":
                if not pending:
                    break
                pending -= 1
            elif tok.text in ("}", "in") and _nesting(tok) < 0:
                break
            i = _skip(sig, i) if _nesting(tok) > 0 else i + 1
        out.append(Binding(tuple(path), sig[start].line, start, value, i))
        i += 1
    return out, i


@attrs.frozen
class Formal:
    name: str
    line: int
    index: int


@attrs.frozen
class Head:
    """The ``{ a, b ? x, }:`` head of a file: its formals and the indices of ``{``, ``}``, ``:``."""

    formals: tuple[Formal, ...]
    open: int
    close: int
    colon: int


def parse_head(sig: Sequence[Token]) -> Optional[Head]:
    """The file's formal-argument head, or None when the file is not a ``{ … }:`` function."""
    i = 0
    if len(sig) > 2 and sig[0].kind == "id" and sig[1].text == "@":
        i = 2
    if i >= len(sig) or sig[i].text != "{":
        return None
    open_, formals = i, []
    i += 1
    expect_name = True
    while i < len(sig) and sig[i].text != "}":
        tok = sig[i]
        if expect_name and tok.kind == "id":
            formals.append(Formal(tok.text, tok.line, i))
            expect_name = False
            i += 1
        elif tok.text == ",":
            expect_name = True
            i += 1
        elif tok.text == "?":
            i += 1
            while i < len(sig) and sig[i].text not in (",", "}"):
                i = _skip(sig, i)
        elif tok.text == "...":
            i += 1
        else:
            return None  # an attribute set, not a formal head
    close = i
    i += 1
    if i + 1 < len(sig) and sig[i].text == "@" and sig[i + 1].kind == "id":
        i += 2
    if i >= len(sig) or sig[i].text != ":":
        return None
    return Head(tuple(formals), open_, close, i)


def _is_binding_name(sig: Sequence[Token], i: int) -> bool:
    """Whether the identifier at *i* starts an attribute path on the left of ``=``."""
    if i == 0 or sig[i - 1].kind not in ("op", "kw") or sig[i - 1].text not in ("{", ";", "let"):
        return False
    j = i + 1
    while j + 1 < len(sig) and sig[j].text == "." and sig[j].kind == "op":
        j = _skip(sig, j + 1)
    return j < len(sig) and sig[j].text == "=" and sig[j].kind == "op"


def variable_uses(sig: Sequence[Token], start: int, end: int) -> Iterator[int]:
    """Indices in [start, end) of identifiers that refer to a variable (not attribute names or
    selectors).  Shadowing is ignored, so this over-reports uses, never under-reports them."""
    state: Optional[str] = None  # inside `inherit`: "source" (the parenthesised part), then "names"
    paren = 0
    for i in range(start, end):
        tok = sig[i]
        if tok.kind == "kw" and tok.text == "inherit":
            state = "source" if i + 1 < len(sig) and sig[i + 1].text == "(" else None
            paren = 0
            continue
        if state == "source" and tok.kind == "op" and tok.text in ("(", ")"):
            paren += 1 if tok.text == "(" else -1
            if paren == 0:
                state = "names"
            continue
        if state == "names":
            if tok.kind == "op" and tok.text == ";":
                state = None
            continue  # attribute names taken from the source, not variables
        if tok.kind != "id":
            continue
        if i > 0 and sig[i - 1].text == "." and sig[i - 1].kind == "op":
            continue
        if _is_binding_name(sig, i):
            continue
        yield i


# --- the linter ------------------------------------------------------------------------------------

#: Story order of §4.3; attributes with the same rank may come in either order.
_STORY: tuple[tuple[str, ...], ...] = (
    ("pname",),
    ("version",),
    ("pyproject", "format"),
    ("__structuredAttrs",),
    ("disabled",),
    ("src",),
    ("sourceRoot",),
    ("patches", "prePatch", "postPatch", "env"),
    ("build-system",),
    ("nativeBuildInputs",),
    ("buildInputs",),
    ("pythonRelaxDeps", "pythonRemoveDeps", "dependencies"),
    ("optional-dependencies",),
    ("nativeCheckInputs",),
    (
        "enabledTestPaths", "disabledTestPaths", "enabledTests", "disabledTests", "enabledTestMarks",
        "disabledTestMarks", "pytestFlags", "pytestFlagsArray", "pythonImportsCheck",
    ),
    ("doCheck",),
    ("passthru",),
    ("meta",),
)  # fmt: skip
_RANK = {name: rank for rank, names in enumerate(_STORY) for name in names}

_PLATFORM_PREDICATES = frozenset(
    {"isDarwin", "isLinux", "isx86_64", "isAarch64", "isAarch32", "isi686", "isx86_32", "is64bit"}
)
_BUILTINS = frozenset(
    {"true", "false", "null", "builtins", "import", "map", "toString", "throw", "abort", "baseNameOf",
     "dirOf", "isNull", "removeAttrs", "derivation", "placeholder", "fetchTarball", "__curPos"}
)  # fmt: skip
_CHECKED_LISTS = ("build-system", "dependencies", "nativeCheckInputs", "optional-dependencies")
_ALWAYS_DECLARED = ("pythonOlder", "pythonAtLeast", "stdenv")
_SRI = re.compile(r"^sha256-[A-Za-z0-9+/]{43}=$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_PY_VERSION = re.compile(r"^3\.(\d+)$")
_ARTICLES = ("a", "an", "the")


@attrs.frozen
class _Source:
    """A file being linted: its text, lines and tokens."""

    path: str
    text: str
    tokens: tuple[Token, ...]
    sig: tuple[Token, ...]

    def finding(self, rule: Rule, line: int, message: str) -> Finding:
        return Finding.of(rule, self.path, line, message)

    def string_at(self, i: int) -> Optional[str]:
        """The literal text of a string starting at sig[i], or None when it interpolates."""
        sig = self.sig
        if i >= len(sig) or sig[i].kind != "str_open":
            return None
        if i + 1 < len(sig) and sig[i + 1].kind == "str_close":
            return ""
        if i + 2 < len(sig) and sig[i + 1].kind == "str_text" and sig[i + 2].kind == "str_close":
            return sig[i + 1].text
        return None


def lint_file(path: Path, text: str, *, pythons: tuple[str, ...] = DEFAULT_PYTHONS) -> list[Finding]:
    """Every convention *text* (the content of *path*) breaks, sorted by line.

    Package rules apply to files calling ``buildPythonPackage``; registration rules to files named
    ``python-packages.nix``; layout rules to every file.
    """
    findings = list(_layout(os.fspath(path), text))
    try:
        tokens = tokenize(text, path)
    except NixSyntaxError as exc:
        findings.append(Finding.of(PARSE, path, exc.line or 1, exc.message))
        return sorted(findings)
    src = _Source(os.fspath(path), text, tuple(tokens), tuple(t for t in tokens if t.kind != "comment"))
    findings += _line_length(src)
    findings += _anywhere(src, pythons)
    if Path(path).name == "python-packages.nix":
        findings += _registration(src)
    else:
        findings += _package(src)
    return sorted(set(findings))


# --- layout rules (text only) --


def _layout(path: str, text: str) -> Iterator[Finding]:
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if line.endswith("\r"):
            yield Finding.of(TRAILING_WHITESPACE, path, number, "carriage return (CRLF line ending)")
        elif line != line.rstrip(" \t"):
            yield Finding.of(TRAILING_WHITESPACE, path, number, "trailing whitespace")
        if "\t" in line:
            yield Finding.of(TAB, path, number, "tab character")
        if number >= 2 and not line.strip() and not lines[number - 2].strip() and number < len(lines):
            yield Finding.of(BLANK_LINES, path, number, "two consecutive blank lines")
    if text and not text.endswith("\n"):
        yield Finding.of(FINAL_NEWLINE, path, len(lines), "no newline at the end of the file")


def _line_length(src: _Source) -> Iterator[Finding]:
    exempt: set[int] = set()
    for tok in src.tokens:
        if tok.kind in ("comment", "uri", "str_text", "str_open", "str_close"):
            exempt.update(range(tok.line, tok.end_line + 1))
    for number, line in enumerate(src.text.split("\n"), 1):
        # nixfmt measures a line without its indentation
        width = len(line.lstrip(" "))
        if width > WIDTH and number not in exempt:
            yield src.finding(LINE_LENGTH, number, f"line is {width} columns long without its indentation (limit {WIDTH})")


# --- token rules that apply anywhere in a file --


def _binding_starts(src: _Source, name: str) -> Iterator[int]:
    """Indices of ``name =`` bindings at any depth."""
    sig = src.sig
    for i, tok in enumerate(sig):
        if tok.kind == "id" and tok.text == name and _is_binding_name(src.sig, i):
            yield i


def _anywhere(src: _Source, pythons: tuple[str, ...]) -> Iterator[Finding]:
    sig = src.sig
    oldest = python_key(min(pythons, key=python_key))[1]
    for i in _binding_starts(src, "sha256"):
        yield src.finding(SRI_HASH, sig[i].line, "`sha256 =` is the legacy hash attribute; use an SRI `hash =`")
    for i in _binding_starts(src, "hash"):
        value = src.string_at(i + 2)
        if value is not None and not _SRI.match(value):
            yield src.finding(SRI_HASH, sig[i].line, f"hash {value!r} is not an SRI sha256 hash")
    for i in _binding_starts(src, "rev"):
        value = src.string_at(i + 2)
        if i + 2 < len(sig) and sig[i + 2].kind == "str_open" and (value is None or not _COMMIT.match(value)):
            shown = src.text[sig[i + 2].start : sig[_skip(sig, i + 2) - 1].end]
            yield src.finding(TAG_NOT_REV, sig[i].line, f"rev = {shown} is not a commit; tags belong in `tag`")
    for i, tok in enumerate(sig):
        if tok.kind == "kw" and tok.text == "with" and i + 2 < len(sig):
            if sig[i + 1].text == "lib" and sig[i + 2].text == ";":
                where = "around meta" if i >= 2 and sig[i - 2].text == "meta" else "hides where names come from"
                yield src.finding(WITH_LIB, tok.line, f"`with lib;` {where}")
        if tok.kind != "id" or (i > 0 and sig[i - 1].text == "."):
            continue
        if tok.text in ("pythonOlder", "pythonAtLeast"):
            version = src.string_at(i + 1)
            m = _PY_VERSION.match(version or "")
            if m and int(m.group(1)) <= oldest:
                truth = "false" if tok.text == "pythonOlder" else "true"
                yield src.finding(
                    DEAD_CONDITION,
                    tok.line,
                    f'{tok.text} "{version}" is always {truth} for the target (oldest Python 3.{oldest})',
                )
        elif tok.text == "pytestFlagsArray":
            yield src.finding(FLAGS_ARRAY, tok.line, "pytestFlagsArray is deprecated")
        elif tok.text == "pytest-cov" and not _in_head(src, i):
            yield src.finding(PYTEST_COV, tok.line, "pytest-cov in the inputs")
        elif tok.text == "pythonRelaxDepsHook" and not _in_head(src, i):
            yield src.finding(RELAX_DEPS_HOOK, tok.line, "pythonRelaxDepsHook is added automatically")
        elif tok.text == "stdenv" and i + 2 < len(sig) and sig[i + 1].text == ".":
            if sig[i + 2].text in _PLATFORM_PREDICATES:
                yield src.finding(
                    STDENV_PLATFORM, tok.line, f"stdenv.{sig[i + 2].text} is deprecated; use stdenv.hostPlatform"
                )
    for i in _binding_starts(src, "doCheck"):
        if i + 3 < len(sig) and sig[i + 2].text == "false" and sig[i + 3].text == ";":
            line, semi_line = sig[i].line, sig[i + 3].line
            if not any(
                (c.line == semi_line and c.start > sig[i + 3].start) or c.end_line == line - 1
                for c in src.tokens
                if c.kind == "comment"
            ):
                yield src.finding(DOCHECK_COMMENT, line, "doCheck = false; without a comment saying why")


def _in_head(src: _Source, i: int) -> bool:
    head = parse_head(src.sig)
    return head is not None and head.open < i < head.close


# --- package rules --


def _package(src: _Source) -> Iterator[Finding]:
    sig = src.sig
    head = parse_head(sig)
    body = head.colon + 1 if head else 0
    call = next(
        (
            i
            for i in range(body, len(sig))
            if sig[i].kind == "id" and sig[i].text in ("buildPythonPackage", "buildPythonApplication")
        ),
        None,
    )
    if head is not None:
        yield from _head_format(src, head)
        yield from _unused(src, head)
    if call is None:
        return
    name = sig[call].text
    scope = set(_BUILTINS) | {f.name for f in (head.formals if head else ())}
    for i, tok in enumerate(sig):
        if tok.kind == "kw" and tok.text == "let":
            scope.update(b.name for b in bindings(sig, i)[0])
        elif tok.kind == "id" and i + 1 < len(sig) and sig[i + 1].text == ":" and sig[i + 1].kind == "op":
            scope.add(tok.text)  # a lambda parameter: `self: { … }`
    j = call + 1
    if j + 3 < len(sig) and sig[j].text == "(" and sig[j + 1].kind == "id" and sig[j + 2].text == ":":
        scope.add(sig[j + 1].text)
        open_ = j + 3
    elif j + 1 < len(sig) and sig[j].text == "rec":
        yield src.finding(CALL_FORM, sig[call].line, f"{name} rec {{ … }}; new code uses (finalAttrs: {{ … }})")
        open_ = j + 1
    else:
        yield src.finding(CALL_FORM, sig[call].line, f"{name} {{ … }}; new code uses (finalAttrs: {{ … }})")
        open_ = j
    if open_ >= len(sig) or sig[open_].text != "{":
        return
    top, _close = bindings(sig, open_)
    if sig[j].text == "rec":
        scope.update(b.name for b in top)
    names = {b.name for b in top}
    yield from _order(src, top)
    if "format" in names:
        line = next(b.line for b in top if b.name == "format")
        yield src.finding(PYPROJECT, line, "format = … is legacy")
    elif "pyproject" not in names:
        yield src.finding(PYPROJECT, sig[call].line, "no pyproject = true;")
    if "pythonImportsCheck" not in names:
        yield src.finding(IMPORTS_CHECK, sig[call].line, "no pythonImportsCheck")
    yield from _undeclared(src, top, scope, body)
    yield from _description(src, top)


def _head_format(src: _Source, head: Head) -> Iterator[Finding]:
    sig = src.sig
    first, close = sig[head.open], sig[head.close]
    if not head.formals:
        return
    if first.line == close.line:
        yield src.finding(ARGUMENT_HEAD, first.line, "arguments on one line; write one per line")
        return
    previous_line = first.line
    for formal in head.formals:
        if formal.line == previous_line:
            yield src.finding(ARGUMENT_HEAD, formal.line, f"`{formal.name}` should be on a line of its own")
        previous_line = formal.line
    last = head.formals[-1]
    after = _skip_default(sig, last.index)
    if sig[after].text != ",":
        yield src.finding(ARGUMENT_HEAD, last.line, f"no trailing comma after the last argument `{last.name}`")
    if sig[head.close - 1].line == close.line:
        yield src.finding(ARGUMENT_HEAD, close.line, "`}:` should be alone on its line")
    if sig[head.colon].line != close.line:
        yield src.finding(ARGUMENT_HEAD, close.line, "write `}:` together")
    nxt = next((t for t in src.tokens if t.start >= sig[head.colon].end), None)
    if nxt is not None and nxt.line != sig[head.colon].line + 2:
        yield src.finding(ARGUMENT_HEAD, sig[head.colon].line, "write one blank line between `}:` and the body")


def _skip_default(sig: Sequence[Token], i: int) -> int:
    i += 1
    if i < len(sig) and sig[i].text == "?":
        i += 1
        while i < len(sig) and sig[i].text not in (",", "}"):
            i = _skip(sig, i)
    return i


def _unused(src: _Source, head: Head) -> Iterator[Finding]:
    used = {src.sig[i].text for i in variable_uses(src.sig, head.colon + 1, len(src.sig))}
    for formal in head.formals:
        if formal.name not in used:
            yield src.finding(UNUSED_ARGUMENT, formal.line, f"argument `{formal.name}` is never used")


def _undeclared(src: _Source, top: Sequence[Binding], scope: set[str], body: int) -> Iterator[Finding]:
    sig = src.sig
    reported: set[str] = set()

    def check(indices: Iterable[int]) -> Iterator[Finding]:
        for i in indices:
            name = sig[i].text
            if name not in scope and name not in reported:
                reported.add(name)
                yield src.finding(UNDECLARED_ARGUMENT, sig[i].line, f"`{name}` is used but not an argument")

    for binding in top:
        if binding.name not in _CHECKED_LISTS or binding.inherited:
            continue
        if any(t.kind == "kw" and t.text == "with" for t in sig[binding.value : binding.end]):
            continue  # names may come from the `with`
        yield from check(variable_uses(sig, binding.value, binding.end))
    yield from check(i for i in variable_uses(sig, body, len(sig)) if sig[i].text in _ALWAYS_DECLARED)


def _order(src: _Source, top: Sequence[Binding]) -> Iterator[Finding]:
    found: dict[int, Finding] = {}  # one finding per line: the first reason is enough

    def report(line: int, message: str) -> None:
        found.setdefault(line, src.finding(ATTR_ORDER, line, message))

    # `inherit (root) version src;` is one statement and sits where its first name belongs.
    statements: dict[int, Binding] = {}
    for b in top:
        known = statements.get(b.start)
        if known is None or _RANK.get(b.name, len(_STORY)) < _RANK.get(known.name, len(_STORY)):
            statements[b.start] = b
    highest: Optional[Binding] = None
    for b in statements.values():
        rank = _RANK.get(b.name)
        if rank is None:
            continue
        if highest is not None and rank < _RANK[highest.name]:
            report(b.line, f"`{b.name}` should come before `{highest.name}`")
        elif highest is None or rank > _RANK[highest.name]:
            highest = b
    names = [b.name for b in top]
    for k, b in enumerate(top[:-1]):
        if b.name == "src" and not b.inherited and "sourceRoot" in names and top[k + 1].name != "sourceRoot":
            line = next(x.line for x in top if x.name == "sourceRoot")
            report(line, "`sourceRoot` should come directly after `src`")
    seen_passthru = seen_meta = False
    for b in top:
        if b.name == "meta":
            seen_meta = True
        elif seen_meta:
            report(b.line, f"`{b.name}` comes after `meta`; meta goes last")
        elif b.name == "passthru":
            seen_passthru = True
        elif seen_passthru:
            report(b.line, f"`{b.name}` comes after `passthru`; passthru goes right before meta")
    yield from found.values()


def _description(src: _Source, top: Sequence[Binding]) -> Iterator[Finding]:
    sig = src.sig
    pname = next((src.string_at(b.value) for b in top if b.name == "pname" and not b.inherited), None)
    candidates = [b for b in top if b.path[:2] == ("meta", "description")]
    for meta in (b for b in top if b.path == ("meta",)):
        for i in range(meta.value, meta.end):
            if sig[i].text == "{" and sig[i].kind == "op":
                candidates += [b for b in bindings(sig, i)[0] if b.path == ("description",)]
                break
    for b in candidates[:1]:
        text = src.string_at(b.value)
        if text is None or not text:
            continue
        words = text.split()
        if text[0].isalpha() and not text[0].isupper():
            yield src.finding(DESCRIPTION, b.line, "description should start with a capital letter")
        if text.endswith("."):
            yield src.finding(DESCRIPTION, b.line, "description should not end with a period")
        if words and words[0].lower() in _ARTICLES:
            yield src.finding(DESCRIPTION, b.line, f"description should not start with the article {words[0]!r}")
        if pname and re.match(re.escape(pname) + r"(?![\w-])", text, re.IGNORECASE):
            yield src.finding(DESCRIPTION, b.line, f"description should not start with the package name {pname!r}")


# --- registration rules (python-packages.nix) --


def _registration(src: _Source) -> Iterator[Finding]:
    """Entries inside ``# keep-sorted start`` … ``# keep-sorted end`` blocks: sorted, blank-line separated."""
    comments = [t for t in src.tokens if t.kind == "comment"]
    blank = {n for n, line in enumerate(src.text.split("\n"), 1) if not line.strip()}
    starts = [c for c in comments if "keep-sorted start" in c.text]
    for start in starts:
        end = next((c for c in comments if "keep-sorted end" in c.text and c.start > start.start), None)
        inside = [i for i, t in enumerate(src.sig) if start.end <= t.start and (end is None or t.end <= end.start)]
        if not inside:
            continue
        entries = _entries(src, inside[0], inside[-1] + 1)
        previous: Optional[tuple[str, int, int]] = None
        for key, first_line, last_line in entries:
            leading = [c for c in comments if c.end_line < first_line and c.line > (previous[2] if previous else 0)]
            top_line = min([first_line] + [c.line for c in leading])
            if previous is not None:
                if key < previous[0]:
                    yield src.finding(REGISTRATION, first_line, f"`{key}` should come before `{previous[0]}`")
                if not any(n in blank for n in range(previous[2] + 1, top_line)):
                    yield src.finding(REGISTRATION, first_line, f"no blank line between `{previous[0]}` and `{key}`")
            previous = (key, first_line, last_line)


def _entries(src: _Source, start: int, end: int) -> list[tuple[str, int, int]]:
    """(sort key, first line, last line) of each top-level binding in sig[start:end]."""
    sig = src.sig
    out: list[tuple[str, int, int]] = []
    i = start
    while i < end:
        tok = sig[i]
        first = i
        if tok.kind == "kw" and tok.text == "inherit":
            i += 1
            if i < end and sig[i].text == "(":
                i = _skip(sig, i)
            key = sig[i].text if i < end else ""
        elif tok.kind in ("id", "str_open"):
            key = tok.text if tok.kind == "id" else (src.string_at(i) or "")
        else:
            i += 1
            continue
        pending = 0
        while i < end:
            t = sig[i]
            if t.kind == "kw" and t.text in ("with", "assert"):
                pending += 1
            elif t.text == ";" and t.kind == "op":
                if not pending:
                    break
                pending -= 1
            i = _skip(sig, i) if _nesting(t) > 0 else i + 1
        out.append((key, sig[first].line, sig[min(i, end - 1)].line))
        i += 1
    return out


# --- files, Nix, flakes ----------------------------------------------------------------------------


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


def have_nix() -> bool:
    return shutil.which("nix-instantiate") is not None


_NIX_POSITION = re.compile(r"at (?:«[^»]*»|.*?):(\d+):\d+:?$", re.MULTILINE)


def is_fragment(text: str) -> bool:
    """Whether *text* is a run of bindings to paste into a set (emit's ``python-packages.nix``
    line), not an expression of its own."""
    try:
        sig = [t for t in tokenize(text) if t.kind != "comment"]
    except NixSyntaxError:
        return False
    if sig and sig[0].kind == "kw" and sig[0].text == "inherit":
        return True
    return len(sig) > 1 and sig[0].kind == "id" and sig[1].kind == "op" and sig[1].text in ("=", ".")


def parse_file(path: Path, text: Optional[str] = None) -> list[Finding]:
    """``nix-instantiate --parse``: syntax errors and undefined variables, as Nix sees them.

    A fragment of bindings is parsed inside ``with { }; { … }`` (the ``with`` keeps names such as
    ``callPackage``, which the target file provides, from counting as undefined).
    """
    text = path.read_bytes().decode("utf-8") if text is None else text
    if is_fragment(text):
        command, shift = ["nix-instantiate", "--parse", "-E", "with { }; {\n" + text + "\n}"], 1
    else:
        command, shift = ["nix-instantiate", "--parse", os.fspath(path)], 0
    proc = subprocess.run(command, capture_output=True, text=True, env=nix_env(), check=False)
    if proc.returncode == 0:
        return []
    errors = [line.strip() for line in proc.stderr.splitlines() if line.strip().startswith("error:")]
    message = errors[0].removeprefix("error:").strip() if errors else "nix-instantiate --parse failed"
    m = _NIX_POSITION.search(proc.stderr)
    return [Finding.of(PARSE, path, max(1, int(m.group(1)) - shift) if m else 1, message)]


def check_paths(
    paths: Iterable[os.PathLike[str] | str], *, pythons: tuple[str, ...] = DEFAULT_PYTHONS, parse: bool = True
) -> list[Finding]:
    """Lint every Nix file in *paths*; with *parse*, also run ``nix-instantiate --parse`` on it."""
    if parse and not have_nix():
        raise UserError("nix-instantiate is not installed; check without parsing")
    findings: list[Finding] = []
    for path in nix_files(paths):
        try:
            text = path.read_bytes().decode("utf-8")  # not read_text: it would hide CRLF endings
        except UnicodeDecodeError as exc:
            raise UserError(f"not UTF-8 ({exc.reason})", path=path) from None
        parsed = parse_file(path, text) if parse else []
        lint = lint_file(path, text, pythons=pythons)
        if parsed:  # the lexer may have found the same problem; keep Nix's word for it
            lint = [f for f in lint if f.rule != PARSE.id]
        findings += parsed + lint
    return sorted(findings)


def evaluate(directory: Path, *, pythons: tuple[str, ...] = DEFAULT_PYTHONS) -> list[Finding]:
    """Evaluate an output folder's flake against the stand-in nixpkgs (``check --eval``)."""
    try:
        module = import_module(f"{__package__}.flake_eval")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.flake_eval":
            raise
        raise UserError("--eval is not available") from None
    result = module.evaluate_flake(directory, pythons=pythons)
    flake = Path(directory) / "flake.nix"
    problems = getattr(result, "problems", None)
    if problems is None:  # already findings
        return list(result)
    return [Finding.of(FLAKE_EVAL, flake, 1, problem) for problem in problems]
