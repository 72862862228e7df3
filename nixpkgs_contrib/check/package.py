"""Rules on the shape of a python-modules file: its argument set and the derivation's attributes.

The file is read as :func:`~nixpkgs_contrib.nixsyntax.read_module` reads it (``{ … }: …
buildPythonPackage (finalAttrs: { … })``), so the rules see the real attribute set of the call,
whatever ``let`` or ``with`` stands around it, and names resolve with Nix's scoping: an argument
shadowed by a ``let`` binding of the same name is unused, a lambda parameter is no argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ..nixsyntax import (
    AttrSet,
    Binding,
    Inherit,
    Lambda,
    LegacyLet,
    List,
    Node,
    NotAPythonModule,
    With,
    layout,
    query,
    read_module,
)
from ..nixsyntax.lexer import COMMENT
from ..nixsyntax.pymodule import PythonModule
from .rules import (
    ARGUMENT_HEAD,
    ATTR_ORDER,
    BODY_SPACING,
    CALL_FORM,
    DESCRIPTION,
    IMPORTS_CHECK,
    LEGACY_INPUTS,
    MAINTAINERS,
    NO_PYPROJECT,
    PYPROJECT,
    UNDECLARED_ARGUMENT,
    UNUSED_ARGUMENT,
    Finding,
)
from .source import Source

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
_ARTICLES = ("a", "an", "the")
#: names a python-modules file takes as arguments and that ``with lib;`` never provides
_NOT_IN_LIB = frozenset(
    {"stdenv", "pythonOlder", "pythonAtLeast", "buildPythonPackage", "fetchPypi", "fetchFromGitHub"}
)
#: what nixfmt always changes in an argument set that our layout code cannot lay out
_HEAD_VIOLATIONS = frozenset(
    {"an argument without a trailing comma", "space before a comma", "more than one blank line"}
)
_LEGACY_INPUTS = {"propagatedBuildInputs": "dependencies", "checkInputs": "nativeCheckInputs"}


def lint(src: Source) -> Iterator[Finding]:
    function = src.root.expr
    if isinstance(function, Lambda) and function.formals is not None:
        yield from _head(src, function)
        yield from _unused(src, function)
    try:
        module = read_module(src.root)
    except NotAPythonModule:
        return
    yield from _call_form(src, module)
    yield from _order(src, module)
    yield from _format(src, module)
    yield from _description(src, module)
    yield from _maintainers(src, module)
    yield from _legacy_inputs(src, module)
    yield from _under_with(src)


# --- the argument set -----------------------------------------------------------------------------


def _head(src: Source, function: Lambda) -> Iterator[Finding]:
    formals = function.formals
    assert formals is not None
    if "\r" in formals.text:
        pass  # CRLF line endings: the text rules say so, line by line
    elif formals.formals and "\n" not in formals.text:
        # nixfmt keeps `{ a, b, ... }:` on one line (at most two arguments without defaults)
        if len(formals.formals) > 2 or any(f.default is not None for f in formals.formals):
            yield src.finding(ARGUMENT_HEAD, formals, "arguments on one line; nixfmt writes one per line")
    elif formals.formals:
        try:
            expected = layout.formals(formals)
        except layout.Unexpressible as e:
            if e.reason in _HEAD_VIOLATIONS:
                yield src.finding(ARGUMENT_HEAD, formals, f"the argument set has {e.reason}")
        else:
            if expected != formals.text:
                at, line = _first_difference(formals.text, expected)
                message = f"not laid out as nixfmt writes it: nixfmt writes line {src.line(formals) + at} as `{line}`"
                yield src.finding(ARGUMENT_HEAD, formals, message)
    colon = src.root.next_token(formals.last_token())
    if colon.kind == "@":
        colon = src.root.next_token(src.root.next_token(colon))
    body = function.body.first_token()
    # a comment there (either kind) is left where its author put it: nixfmt keeps it, blank line or not
    if colon.kind == ":" and body.trivia.count("\n") < 2 and not COMMENT.search(body.trivia):
        yield src.finding(BODY_SPACING, colon.start, "no blank line between `}:` and the body")


def _first_difference(theirs: str, ours: str) -> tuple[int, str]:
    """(line index, nixfmt's line) of the first line where the two texts differ."""
    a, b = theirs.split("\n"), ours.split("\n")
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i, y.strip()
    i = min(len(a), len(b))
    return i, (b[i].strip() if i < len(b) else "")


def _unused(src: Source, function: Lambda) -> Iterator[Finding]:
    for d in src.scopes().unused("formal"):
        if d.binder is function:
            yield src.finding(UNUSED_ARGUMENT, d.node, f"argument `{d.name}` is never used")


def _under_with(src: Source) -> Iterator[Finding]:
    """Names no argument declares, used where only ``with lib;`` could supply them: Nix accepts
    the file and evaluation fails (``stdenv`` is no attribute of lib)."""
    seen: set[str] = set()
    for use in src.scopes().unbound():
        if use.name in _NOT_IN_LIB and use.name not in seen and use.withs:
            if all((query.dotted(w.env) or "").split(".")[0] == "lib" for w in use.withs if isinstance(w, With)):
                seen.add(use.name)
                yield src.finding(UNDECLARED_ARGUMENT, use.node, f"`{use.name}` is used but not an argument")


# --- the derivation -------------------------------------------------------------------------------


def _call_form(src: Source, module: PythonModule) -> Iterator[Finding]:
    builder = module.builder.rsplit(".", 1)[-1]
    if module.form == "rec":
        yield src.finding(CALL_FORM, module.call, f"{builder} rec {{ … }}; new code uses (finalAttrs: {{ … }})")
    elif module.form == "plain":
        yield src.finding(CALL_FORM, module.call, f"{builder} {{ … }}; new code uses (finalAttrs: {{ … }})")


def _statements(module: PythonModule) -> list[tuple[str, int, bool, object]]:
    """(first name, line, inherited, statement) of each top-level binding of the derivation; an
    ``inherit (root) version src;`` is one statement named after its earliest name in story order."""
    out = []
    for b in module.attrs.bindings:
        if isinstance(b, Inherit):
            names = [n for n in b.names if n is not None]
            if names:
                first = min(names, key=lambda n: _RANK.get(n, len(_STORY)))
                out.append((first, b.line, True, b))
        elif b.names[0] is not None:
            out.append((b.names[0], b.line, False, b))
    return out


def _order(src: Source, module: PythonModule) -> Iterator[Finding]:
    found: dict[int, Finding] = {}  # one finding per line: the first reason is enough

    def report(node: object, message: str) -> None:
        line = src.line(node)  # type: ignore[arg-type]
        found.setdefault(line, src.finding(ATTR_ORDER, node, message))  # type: ignore[arg-type]

    top = _statements(module)
    highest: Optional[tuple[str, int, bool, object]] = None
    for entry in top:
        rank = _RANK.get(entry[0])
        if rank is None:
            continue
        if highest is not None and rank < _RANK[highest[0]]:
            report(entry[3], f"`{entry[0]}` should come before `{highest[0]}`")
        elif highest is None or rank > _RANK[highest[0]]:
            highest = entry
    names = [e[0] for e in top]
    for k, entry in enumerate(top[:-1]):
        if entry[0] == "src" and not entry[2] and "sourceRoot" in names and top[k + 1][0] != "sourceRoot":
            report(next(e[3] for e in top if e[0] == "sourceRoot"), "`sourceRoot` should come directly after `src`")
    seen_passthru = seen_meta = False
    for name, _, _, node in top:
        if name == "meta":
            seen_meta = True
        elif seen_meta:
            report(node, f"`{name}` comes after `meta`; meta goes last")
        elif name == "passthru":
            seen_passthru = True
        elif seen_passthru:
            report(node, f"`{name}` comes after `passthru`; passthru goes right before meta")
    yield from found.values()


def _format(src: Source, module: PythonModule) -> Iterator[Finding]:
    top = query.top_level(module.attrs)
    if "format" in top:
        yield src.finding(PYPROJECT, top["format"][0], "format = … is legacy")
    elif "pyproject" not in top:
        message = "neither pyproject nor format: nixpkgs refuses to evaluate it (it no longer defaults to setuptools)"
        yield src.finding(NO_PYPROJECT, module.call, message)
    if "pythonImportsCheck" not in top and not _says_meta_package(src):
        yield src.finding(IMPORTS_CHECK, module.call, "no pythonImportsCheck")


#: What a comment says of a meta-package (nixpkgs' jupyter: "# Meta-package, no tests"): it
#: installs no module, so there is nothing to import.
_META_PACKAGE = re.compile(r"\bmeta-?package\b", re.IGNORECASE)


def _says_meta_package(src: Source) -> bool:
    """Whether a comment (``#`` or ``/* */``, anywhere in the file) calls the package a
    meta-package.  Comments come from the tokens' trivia, so the words inside a string (a URL's
    ``#meta-package`` fragment, a ``''…''`` script) do not count."""
    return any(_META_PACKAGE.search(c.text) for tok in src.root.token_list if tok.trivia for c in query.comments(tok))


def _description(src: Source, module: PythonModule) -> Iterator[Finding]:
    b = module.binding("meta.description")
    text = query.string_value(b.value) if b is not None else None
    if b is None or not text:
        return
    pname = module.string("pname")
    words = text.split()
    if text[0].isalpha() and not text[0].isupper():
        yield src.finding(DESCRIPTION, b, "description should start with a capital letter")
    if text.endswith("."):
        yield src.finding(DESCRIPTION, b, "description should not end with a period")
    if words and words[0].lower() in _ARTICLES:
        yield src.finding(DESCRIPTION, b, f"description should not start with the article {words[0]!r}")
    if pname and re.match(re.escape(pname) + r"(?![\w-])", text, re.IGNORECASE):
        yield src.finding(DESCRIPTION, b, f"description should not start with the package name {pname!r}")


def _maintainers(src: Source, module: PythonModule) -> Iterator[Finding]:
    """No maintainer: an empty list, or a meta set written out with neither ``maintainers`` nor
    ``teams``.  nixpkgs requires one for a new package; a meta taken from elsewhere
    (``oldAttrs.meta // { … }``) or a list computed by a function is left alone."""
    meta = module.binding("meta")
    inner = _through_with(meta.value) if meta is not None else None
    if meta is None or not isinstance(inner, AttrSet) or isinstance(inner, LegacyLet):
        return
    people = [module.binding(("meta", name)) for name in ("maintainers", "teams")]
    present = [b for b in people if b is not None]
    if any(not _empty_list(b.value) for b in present):
        return
    if present:
        yield src.finding(
            MAINTAINERS, present[0], "meta.maintainers is empty; a new nixpkgs package needs a maintainer"
        )
    else:
        yield src.finding(MAINTAINERS, meta, "meta has no maintainers; a new nixpkgs package needs a maintainer")


def _through_with(node: Optional[Node]) -> Optional[Node]:
    node = query.unwrap(node)
    while isinstance(node, With):
        node = query.unwrap(node.body)
    return node


def _empty_list(node: Node) -> bool:
    value = _through_with(node)
    return isinstance(value, List) and not value.items


def _legacy_inputs(src: Source, module: PythonModule) -> Iterator[Finding]:
    for b in module.attrs.bindings:
        if isinstance(b, Binding) and b.names[0] in _LEGACY_INPUTS:
            new = _LEGACY_INPUTS[b.names[0]]  # type: ignore[index]
            yield src.finding(LEGACY_INPUTS, b, f"{b.names[0]} in a Python package; nixpkgs writes {new}")
