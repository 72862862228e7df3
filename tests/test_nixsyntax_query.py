"""Queries over the tree: python-modules shape, bindings, lists with comments, chains,
conditions; scopes (shadowing, with, rec, inherit) and Nix's post-parse checks."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from corpus import FILES, MODULES, requires_corpus
from nixeval import NIX_ENV, requires_nix
from nixsyntax_cases import SCOPED_INVALID, SCOPED_VALID

from nixpkgs_contrib.conditions import Atom, Condition
from nixpkgs_contrib.nixsyntax import Ident, List, NixSyntaxError, parse, query, scope
from nixpkgs_contrib.nixsyntax.pymodule import NotAPythonModule, read_module

MODULE = """\
{
  lib,
  stdenv,
  buildPythonPackage,
  fetchFromGitHub,
  unused,

  # build-system
  hatchling,

  # dependencies
  attrs,
  pythonOlder,
  tomli,
}:

let
  owner = "acme";
in
buildPythonPackage rec {
  pname = "acme-core";
  version = "2.4.1";
  pyproject = true;

  src = fetchFromGitHub {
    inherit owner;
    repo = pname;
    tag = "v${version}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  build-system = [ hatchling ];

  dependencies = [
    # the model
    attrs # pinned upstream
  ]
  ++ lib.optionals (pythonOlder "3.11") [ tomli ]
  ++ lib.optionals stdenv.hostPlatform.isDarwin [ undeclared ];

  meta = with lib; {
    description = "Core \\"library\\"";
    license = licenses.mit;
    maintainers = with maintainers; [ alice ];
  };
}
"""


def test_read_module_finds_the_parts() -> None:
    m = read_module(parse(MODULE, "acme.nix"))
    assert (m.builder, m.form, m.self_name) == ("buildPythonPackage", "rec", None)
    assert [g.comments for g in m.argument_groups()] == [(), ("# build-system",), ("# dependencies",)]
    assert m.argument_groups()[2].names == ("attrs", "pythonOlder", "tomli")
    assert len(m.lets) == 1 and m.let_binding("owner") is not None
    assert m.string("version") == "2.4.1"
    assert m.string("meta.description") == 'Core "library"'  # behind `with lib;`, decoded
    assert m.string("src.tag") is None  # interpolates
    assert m.value("src.owner") is not None  # inherited inside the fetcher set
    assert m.binding("meta.license").value.text == "licenses.mit"  # type: ignore[union-attr]
    assert m.binding("nope") is None


def test_final_attrs_form() -> None:
    m = read_module(parse('{ buildPythonPackage }:\nbuildPythonPackage (finalAttrs: {\n  pname = "x";\n})\n'))
    assert (m.form, m.self_name, m.string("pname")) == ("finalAttrs", "finalAttrs", "x")


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("1", "not a function"),
        ("{ lib }: lib", "no buildPythonPackage call"),
        ("{ b }: b.buildPythonPackage x", "not called with an attribute set"),
    ],
)
def test_not_a_python_module(text: str, cause: str) -> None:
    with pytest.raises(NotAPythonModule, match=cause) as info:
        read_module(parse(text, "f.nix"))
    assert info.value.path == "f.nix" and info.value.line == 1


def test_list_items_with_comments() -> None:
    m = read_module(parse(MODULE))
    chain = query.concat_terms(m.value("dependencies"))  # type: ignore[arg-type]
    assert [type(t).__name__ for t in chain] == ["List", "Apply", "Apply"]
    first = chain[0]
    assert isinstance(first, List)
    (item,) = query.items(first)
    assert [c.text for c in item.leading.comments] == ["# the model"]
    assert item.trailing is not None and item.trailing.text == "# pinned upstream"
    text = MODULE
    assert text[item.extent[0] : item.extent[1]] == "# the model\n    attrs # pinned upstream"


@pytest.mark.parametrize(
    ("text", "trailing", "below"),
    [
        # a /* */ comment from x's line onto the next: x's, not y's and not no one's
        ("[\n  x /* about x\n     # or y? */\n  y\n]\n", "/* about x\n     # or y? */", []),
        # a '#' inside that comment is no comment of its own
        ("[\n  x /* see #12 and\n     #13 */\n  y\n]\n", "/* see #12 and\n     #13 */", []),
        # all the comments on the line go with x (nixfmt joins them into one)
        ("[\n  x /* a */ # b\n  # about y\n  y\n]\n", "/* a */ # b", ["# about y"]),
        # a comment that ends on x's line after running on; the next one stays y's
        ("[\n  x /* a\n  */ # b\n\n  # about y\n  y\n]\n", "/* a\n  */ # b", ["# about y"]),
        ("[\n  x # why\n  y\n]\n", "# why", []),
        ("[\n  x\n  # about y\n  y\n]\n", None, ["# about y"]),
    ],
    ids=["runs-on", "hash-inside", "two", "runs-on-then-hash", "hash", "above"],
)
def test_a_comment_belongs_to_the_token_on_whose_line_it_starts(
    text: str, trailing: str | None, below: list[str]
) -> None:
    """A reader takes every comment that starts on x's line as x's: it goes when x goes.  The
    first line of the trivia alone lost a comment that runs on (or read a ``#`` inside it)."""
    lst = parse(text).expr
    assert isinstance(lst, List)
    x, y = query.items(lst)
    assert (x.trailing.text if x.trailing else None) == trailing
    assert [c.text for c in y.leading.comments] == below
    if trailing is not None:
        assert text[x.extent[0] : x.extent[1]] == "x " + trailing


def test_optionals_and_conditions() -> None:
    m = read_module(parse(MODULE))
    _, older, darwin = query.concat_terms(m.value("dependencies"))  # type: ignore[arg-type]
    opt = query.optionals(older)
    assert opt is not None and opt.function == "optionals" and opt.value.text == "[ tomli ]"
    assert query.condition(opt.condition) == Condition(((Atom("pythonOlder", "3.11"),),))
    assert query.condition(query.optionals(darwin).condition) == Condition(((Atom("platform", "isDarwin"),),))  # type: ignore[union-attr]
    both = parse('pythonAtLeast "3.10" && (pythonOlder "3.12" || stdenv.hostPlatform.isLinux)').expr
    assert (
        str(query.condition(both))
        == 'pythonAtLeast "3.10" && pythonOlder "3.12" || pythonAtLeast "3.10" && stdenv.hostPlatform.isLinux'
    )
    assert query.condition(parse("!stdenv.hostPlatform.isDarwin").expr) is None
    assert query.condition(parse("stdenv.isDarwin").expr) is None


def test_find_nested_and_dotted() -> None:
    attrs = parse('{ a.b = 1; c = { d.e = "x"; }; f = x // { g = 2; }; inherit (s) h; }').expr
    assert query.find(attrs, "a.b").value.text == "1"  # type: ignore[union-attr]
    assert query.string_value(query.value(attrs, "c.d.e")) == "x"
    assert query.find(attrs, "f.g").value.text == "2"  # type: ignore[union-attr]
    assert query.inherited(attrs)["h"].source.text == "s"  # type: ignore[union-attr]
    assert sorted(query.top_level(attrs)) == ["a", "c", "f", "h"]
    assert [p for p, _ in query.walk_bindings(attrs)] == [("a", "b"), ("c",), ("c", "d", "e"), ("f",), ("f", "g")]


@pytest.mark.parametrize(
    "text",
    [
        "{ a = 1; }",
        "self: super: with self; { a = 1; }",  # python-packages.nix
        "lib: self: super:\nlet\n  mapAliases = x: x;\nin\nmapAliases ({ a = 1; })",  # python-aliases.nix
        "{ lib }: assert true; ({ a = 1; })",
    ],
)
def test_outermost_set(text: str) -> None:
    found = query.outermost_set(parse(text))
    assert found is not None and found.text == "{ a = 1; }"


def test_outermost_set_of_something_else_is_none() -> None:
    assert query.outermost_set(parse("[ { a = 1; } ]")) is None


# --- scopes ---------------------------------------------------------------------------------------


def test_unused_and_undeclared_arguments() -> None:
    scopes = scope.analyse(parse(MODULE))
    unused = {d.name for d in scopes.unused("formal")}
    assert unused == {"unused"}
    unbound = {u.name for u in scopes.unbound()}
    assert unbound == {"undeclared", "licenses", "maintainers", "alice"}  # the last three under `with lib`
    assert {u.name for u in scopes.undefined()} == {"undeclared"}
    assert all(u.withs for u in scopes.unbound() if u.name != "undeclared")


def test_shadowing() -> None:
    scopes = scope.analyse(parse("{ a, b }: let a = 1; in { inherit b; c = x: a + x; d = rec { b = a; e = b; }; }"))
    defs = {(d.name, d.kind): d for d in scopes.definitions}
    assert defs[("a", "formal")].uses == []  # shadowed by the let
    assert len(defs[("a", "let")].uses) == 2
    assert [u.text for u in defs[("b", "formal")].uses] == ["b"]  # `inherit b;` reads the argument
    assert len(defs[("b", "rec")].uses) == 1  # e = b inside the rec set
    assert all(isinstance(u.node, Ident) for u in scopes.uses)


def test_with_never_shadows_a_lexical_binding() -> None:
    scopes = scope.analyse(parse("{ a }: with { a = 2; }; a + b"))
    by_name = {u.name: u for u in scopes.uses}
    assert by_name["a"].definition is not None and by_name["a"].withs != ()
    assert by_name["b"].definition is None and len(by_name["b"].withs) == 1


@pytest.mark.parametrize("text", SCOPED_VALID)
def test_scoped_valid(text: str) -> None:
    scope.check(parse(text))


@pytest.mark.parametrize("text", SCOPED_INVALID)
def test_scoped_invalid(text: str) -> None:
    with pytest.raises(NixSyntaxError):
        scope.check(parse(text))


def _nix_accepts(args: tuple[Path, str]) -> bool:
    path, text = args
    path.write_text(text)
    proc = subprocess.run(["nix-instantiate", "--parse", str(path)], capture_output=True, text=True, env=NIX_ENV)
    return proc.returncode == 0


@requires_nix
def test_scoped_cases_agree_with_nix(tmp_path: Path) -> None:
    cases = [(tmp_path / f"v{i}.nix", t) for i, t in enumerate(SCOPED_VALID)]
    cases += [(tmp_path / f"i{i}.nix", t) for i, t in enumerate(SCOPED_INVALID)]
    with ThreadPoolExecutor(2) as pool:
        accepted = list(pool.map(_nix_accepts, cases))
    assert accepted == [True] * len(SCOPED_VALID) + [False] * len(SCOPED_INVALID)


def test_errors_are_every_problem_in_source_order() -> None:
    root = parse("{ a = x; b = 1; b = 2; c = y; }")
    assert [(e.line, e.column, e.message) for e in scope.errors(root)] == [
        (1, 7, "undefined variable 'x'"),
        (1, 17, "attribute 'b' already defined"),
        (1, 28, "undefined variable 'y'"),
    ]
    assert [e.message for e in scope.errors(root, undefined=False)] == ["attribute 'b' already defined"]


def test_check_reports_the_first_problem() -> None:
    with pytest.raises(NixSyntaxError) as info:
        scope.check(parse("{ a }:\n{\n  b = a;\n  b = c;\n}\n", "f.nix"))
    assert str(info.value) == "f.nix:4:3: attribute 'b' already defined"


@requires_corpus
def test_corpus_files_pass_the_checks_and_read_as_modules() -> None:
    for path in FILES:
        scope.check(parse(path.read_text(), str(path)))
    forms = {read_module(parse(p.read_text(), str(p))).form for p in MODULES}
    assert forms == {"rec", "finalAttrs", "plain"}


@pytest.mark.parametrize(
    "text",
    [
        "{ inherit (dagster) version src; }",
        "{ inherit(dagster)version; }",
        "{ inherit ( dagster ) version; }",
        "{\n  inherit\n    (dagster)\n    version\n    src\n    ;\n}",
        "{ inherit /* x */ (dagster) version; }",
        "{ inherit (/* the root */ dagster /* owns them */) version; }",
        "{ inherit # the root's\n  (dagster) version; }",
        "{ inherit\t(dagster)\r\n version; }",
        '{ doc = "no inherit (dagster) here"; inherit (dagster) src; }',
        "let inherit (dagster) version; in { inherit version; }",
        '{ v = "${let inherit (dagster) version; in version}"; }',  # code inside an interpolation is code
    ],
)
def test_inherits_from_reads_the_tokens(text: str) -> None:
    assert query.inherits_from(text, "dagster")


@pytest.mark.parametrize(
    "text",
    [
        '{ description = "inherit (dagster) version src"; }',
        "{ postPatch = ''\n    inherit (dagster) version\n  ''; }",
        "{ a = 1; # inherit (dagster) version src;\n}",
        "{ /* inherit (dagster) version; */ a = 1; }",
        "{ inherit (dagster-core) version; }",  # another attribute that starts with the root's name
        "{ inherit (dagster.pkgs) version; }",  # not the root itself
        "{ inherit (pkgs) dagster; }",
        "{ inherit dagster; }",
        "{ inherit (xdagster) version; }",
        "{ a = xinherit (dagster); }",  # another identifier that ends in inherit
        "{ inherit (dagster version; }",  # no ")": not an inherit from it (and not Nix either)
        "{ a = dagster; }",
        "{ }",
    ],
)
def test_inherits_from_ignores_strings_comments_and_other_sources(text: str) -> None:
    assert not query.inherits_from(text, "dagster")


def test_inherits_from_lexes_only_a_candidate() -> None:
    """Text that cannot hold the tokens is answered without lexing, so a broken file that does
    not name the root is no error; one that might hold them is lexed, and its error is raised."""
    assert not query.inherits_from('{ a = "unterminated; }', "dagster")
    assert not query.inherits_from('{ a = "unterminated dagster; inherit x; }', "dagster")
    with pytest.raises(NixSyntaxError, match=r"^f\.nix:1:34: unterminated string$"):
        query.inherits_from('{ inherit (dagster) version; a = "x; }', "dagster", "f.nix")


def test_inherits_from_is_linear_on_long_trivia() -> None:
    """The pre-filter puts trivia between tokens; it must not backtrack into long runs of blanks
    or comments (with a plain greedy `*` the first of these would not finish)."""
    for text in ("{ inherit" + " " * 50_000 + "x; }", "{ inherit # " + "# " * 50_000 + "\n x; }",
                 "{ inherit" + " /* c */" * 20_000 + " (dagster x; }"):  # fmt: skip
        assert not query.inherits_from(text, "dagster")
