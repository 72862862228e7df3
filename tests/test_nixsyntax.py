"""The Nix syntax tree: lossless round trip, spans, the grammar against nix-instantiate, errors."""

from __future__ import annotations

import random
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nix_normal_form import canonical, normal_form
from nixeval import NIX_ENV, requires_nix
from nixsyntax_cases import INVALID, VALID

from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.nixsyntax import (
    Apply,
    AttrSet,
    Binding,
    BinOp,
    HasAttr,
    Ident,
    IndString,
    Inherit,
    Lambda,
    Let,
    List,
    NixSyntaxError,
    Node,
    Select,
    String,
    Token,
    Unary,
    parse,
    parse_file,
)
from nixpkgs_contrib.nixsyntax import (
    Path as PathNode,
)
from nixpkgs_contrib.nixsyntax.lexer import COMMENT

HOME = "/home/nixsyntax-test"


def check_lossless(text: str) -> None:
    """str() of the tree is the text; every node's text is its span; children are in order."""
    root = parse(text)
    assert str(root) == text
    assert "".join(str(t) for t in root.tokens()) == text
    for node in root.walk():
        assert node.text == text[node.start : node.end]
        pos = node.first_token().full_start
        for child in node.children:
            first = child if isinstance(child, Token) else child.first_token()
            assert first.full_start == pos  # children tile the node, trivia included
            pos = child.end
            assert child.parent is node


@pytest.mark.parametrize("text", VALID)
def test_valid_round_trips(text: str) -> None:
    check_lossless(text)
    check_lossless(f"with {{ }}; {text}\n")


@pytest.mark.parametrize("text", INVALID)
def test_invalid_is_rejected(text: str) -> None:
    with pytest.raises(NixSyntaxError):
        parse(f"with {{ }}; {text}" if text else text)


def nix_parse_files(paths: list[Path]) -> list[str]:
    """nix-instantiate --parse of every file, in one process; fails if any of them is rejected."""
    env = dict(NIX_ENV, HOME=HOME)
    proc = subprocess.run(["nix-instantiate", "--parse", *map(str, paths)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    assert len(lines) == len(paths) + 1 and lines[-1] == ""
    return lines[:-1]


def nix_rejects(text: str, tmp: Path) -> bool:
    path = tmp / "bad.nix"
    path.write_text(text)
    env = dict(NIX_ENV, HOME=HOME)
    proc = subprocess.run(["nix-instantiate", "--parse", str(path)], capture_output=True, text=True, env=env)
    return proc.returncode != 0 and "error:" in proc.stderr


@requires_nix
def test_valid_cases_agree_with_nix(tmp_path: Path) -> None:
    """Our tree, printed as nix-instantiate --parse prints its AST, equals what Nix prints: the
    same precedence, associativity, string decoding and attribute-path merging."""
    paths = []
    for i, text in enumerate(VALID):
        path = tmp_path / f"case{i:03}.nix"
        path.write_text(f"with {{ }}; {text}\n")
        paths.append(path)
    printed = nix_parse_files(paths)
    mismatches = []
    for path, nix in zip(paths, printed):
        ours = normal_form(parse(path.read_text(), str(path)), home=HOME)
        if ours != canonical(nix):
            mismatches.append((path.read_text(), ours, nix))
    assert mismatches == []


@requires_nix
def test_invalid_cases_are_rejected_by_nix_too(tmp_path: Path) -> None:
    """Nix stops at the first bad file, so one process per case (two at a time)."""

    def accepts(case: tuple[int, str]) -> bool:
        folder = tmp_path / str(case[0])
        folder.mkdir()
        text = case[1]
        return not nix_rejects(f"with {{ }}; {text}" if text else text, folder)

    with ThreadPoolExecutor(2) as pool:
        accepted = [text for text, ok in zip(INVALID, pool.map(accepts, enumerate(INVALID))) if ok]
    assert accepted == []


# --- hypothesis: generated expressions and strings ------------------------------------------------

_space = st.sampled_from([" ", "  ", "\n", "\n  ", " # c\n", " /* c */ ", "\n\n    "])
_names = st.sampled_from(["a", "b", "lib", "x-y", "or", "__z"])


def _exprs() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        _names.filter(lambda n: n != "or"),
        st.integers(0, 999).map(str),
        st.sampled_from(['"s"', '"a${b}c"', "''\n  x\n''", "./p/${q}", "<n>", "1.5", "http://h/p"]),
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        def paren(e: str) -> str:
            return f"({e})"

        binop = st.tuples(
            inner, _space, st.sampled_from(["+", "-", "*", "++", "//", "==", "&&", "||", "->", "<"]), _space, inner
        )
        return st.one_of(
            inner.map(paren),
            binop.map(lambda t: f"({t[0]}{t[1]}{t[2]}{t[3]}{t[4]})"),
            st.tuples(inner, _space, inner).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.lists(st.tuples(_space, inner), max_size=4).map(
                lambda xs: "[" + "".join(s + f"({e})" for s, e in xs) + " ]"
            ),
            st.lists(st.tuples(_names, _space, inner), max_size=3).map(
                lambda bs: "{" + "".join(f"{s}{n} = {e};" for n, s, e in bs) + " }"
            ),
            st.tuples(_names.filter(lambda n: n != "or"), _space, inner).map(lambda t: f"({t[0]}:{t[1]}{t[2]})"),
            st.tuples(inner, _space, inner).map(lambda t: f"(let{t[1]}v = {t[0]};{t[1]}in {t[2]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
            st.tuples(inner, _names, _names.filter(lambda n: n != "or")).map(lambda t: f"({t[0]}).{t[1]} or {t[2]}"),
            inner.map(lambda e: f'"pre ${{{e}}} post"'),
        )

    return st.recursive(leaf, extend, max_leaves=6)


@settings(max_examples=200, deadline=None)
@given(_space, _exprs(), _space)
def test_generated_expressions_round_trip(before: str, expr: str, after: str) -> None:
    check_lossless(before + expr + after)


_IND_PIECES = ["  ", " ", "\n", "a", "'", "''$", "'''", "''\\n", "''\\ ", "$", "$$", "${x}", "\t", "b c", "'x", "\n  "]


@requires_nix
def test_generated_indented_strings_agree_with_nix(tmp_path: Path) -> None:
    """Indentation stripping and escapes of ''…'' strings against Nix, on 300 strings made of the
    pieces that matter (one nix-instantiate process for all of them, a fixed seed)."""
    rng = random.Random(166)
    paths = []
    for i in range(300):
        body = "".join(rng.choice(_IND_PIECES) for _ in range(rng.randrange(12)))
        if body.endswith("'"):
            body += " "  # a trailing ' would merge with the closing quotes
        path = tmp_path / f"s{i:03}.nix"
        path.write_text("with { }; ''" + ("\n" if i % 2 else "") + body + "''")
        paths.append(path)
    ours, kept = [], []
    for path in paths:
        try:
            ours.append(normal_form(parse(path.read_text(), str(path)), home=HOME))
            kept.append(path)
        except NixSyntaxError:  # a ' next to '' can close the string early: Nix must agree
            assert nix_rejects(path.read_text(), tmp_path), path.read_text()
    assert len(kept) > 250
    assert [canonical(p) for p in nix_parse_files(kept)] == ours


# --- the tree's fields ----------------------------------------------------------------------------


def expr_of(text: str) -> Node:
    return parse(text).expr


def test_spans_and_positions() -> None:
    text = '{\n  a = [ 1 2 ];\n  # note\n  b = "x";\n}\n'
    root = parse(text, "f.nix")
    attrs = root.expr
    assert isinstance(attrs, AttrSet)
    a, b = attrs.bindings
    assert a.text == "a = [ 1 2 ];" and (a.line, a.column) == (2, 3)
    assert b.text == 'b = "x";' and b.line == 4  # the comment in front is trivia, not the node
    assert b.first_token().trivia == "\n  # note\n  "
    assert isinstance(a.value, List) and a.value.span == (text.index("["), text.index("]") + 1)
    assert root.children[-1].trivia == "\n"  # the EOF token keeps the end of the file


def test_lambda_fields() -> None:
    lam = expr_of("{ a, b ? 1, ... }@args: a")
    assert isinstance(lam, Lambda)
    assert lam.formals is not None and lam.formals.names == ("a", "b")
    assert lam.formals.ellipsis is not None and lam.param is not None and lam.param.name == "args"
    assert lam.formals.formals[1].default is not None and lam.formals.formals[1].default.text == "1"
    plain = expr_of("x: y: x")
    assert isinstance(plain, Lambda) and plain.formals is None and isinstance(plain.body, Lambda)


def test_bindings_and_attr_paths() -> None:
    attrs = expr_of('{ a.b = 1; "c d".${"e"} = 2; ${x} = 3; inherit (s) f "g"; inherit h; }')
    assert isinstance(attrs, AttrSet)
    b1, b2, b3, i1, i2 = attrs.bindings
    assert isinstance(b1, Binding) and b1.names == ("a", "b")
    assert b2.names == ("c d", "e")  # ${"e"} is a static name
    assert b3.names == (None,)
    assert isinstance(i1, Inherit) and i1.names == ("f", "g") and i1.source is not None and i1.source.expr.text == "s"
    assert isinstance(i2, Inherit) and i2.source is None and i2.names == ("h",)


def test_precedence_shapes() -> None:
    e = expr_of("a + b * c")
    assert isinstance(e, BinOp) and e.op == "+" and isinstance(e.right, BinOp) and e.right.op == "*"
    e = expr_of("a -> b -> c")
    assert isinstance(e, BinOp) and isinstance(e.right, BinOp)
    e = expr_of("a - b - c")
    assert isinstance(e, BinOp) and isinstance(e.left, BinOp)
    e = expr_of("!a ? b")
    assert isinstance(e, Unary) and isinstance(e.expr, HasAttr)
    e = expr_of("-a ? b")
    assert isinstance(e, HasAttr) and isinstance(e.expr, Unary)
    e = expr_of("f a.b or c d")
    assert isinstance(e, Apply)
    func, args = e.flatten()
    assert func.text == "f" and [a.text for a in args] == ["a.b or c", "d"]
    assert isinstance(args[0], Select) and args[0].default is not None


def test_string_values() -> None:
    assert expr_of(r'"a\"b\n\${c}"').value == 'a"b\n${c}'  # type: ignore[attr-defined]
    s = expr_of('"a${b}c"')
    assert (
        isinstance(s, String)
        and s.value is None
        and [x if isinstance(x, str) else x.expr.text for x in s.segments()] == ["a", "b", "c"]
    )
    ind = expr_of("''\n    line one\n      two ''$x\n  ''")
    assert isinstance(ind, IndString) and ind.value == "line one\n  two $x\n"
    path = expr_of("./a/${b}.nix")
    assert isinstance(path, PathNode) and path.value is None and expr_of("./a/b").value == "./a/b"  # type: ignore[attr-defined]


def test_let_and_idents() -> None:
    let = expr_of("let a = 1; inherit (x) b; in a + b")
    assert isinstance(let, Let) and [b.names for b in let.bindings] == [("a",), ("b",)]
    assert [i.name for i in let.body.find_all(Ident)] == ["a", "b"]


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "cause"),
    [
        ("{\n  a = 1\n}", 3, 1, "unexpected '}', expected ';'"),
        ("[ 1, 2 ]", 1, 4, "unexpected ',', expected a list element or ']'"),
        ('{ a = "x; }', 1, 7, "unterminated string"),
        ("a == b == c", 1, 8, "unexpected '==': the operator is not associative"),
        ("./x/ ", 1, 5, "path has a trailing slash"),
        ("/* x", 1, 1, "unterminated /* comment"),
        ("1 +", 1, 4, "unexpected end of file, expected an expression"),
        ("{ a, b }", 1, 9, "unexpected end of file, expected ':'"),
        ("a & b", 1, 3, "unexpected character '&'"),
    ],
)
def test_error_position_and_cause(text: str, line: int, column: int, cause: str) -> None:
    with pytest.raises(NixSyntaxError) as info:
        parse(text, "pkgs/x/default.nix")
    err = info.value
    assert isinstance(err, UserError)
    assert (err.line, err.column, err.message) == (line, column, cause)
    assert str(err) == f"pkgs/x/default.nix:{line}:{column}: {cause}"
    assert "\n" not in str(err)


def test_comment_pattern_splits_trivia_as_the_lexer_does() -> None:
    """``lexer.COMMENT`` (what queries, layout and the text lints look for comments with) finds the
    comments the lexer put into each token's trivia, and nothing but blanks lies between them."""
    text = "/* a # b */ # c /* d\n/**/ x /* y\n */ # z\n"
    root = parse(text)
    found = [m.group() for tok in root.token_list for m in COMMENT.finditer(tok.trivia)]
    assert found == ["/* a # b */", "# c /* d", "/**/", "/* y\n */", "# z"]
    for case in VALID:
        for tok in parse(case).token_list:
            assert COMMENT.sub("", tok.trivia).strip(" \t\r\n") == "", (case, tok.trivia)


def test_error_without_path() -> None:
    with pytest.raises(NixSyntaxError, match=r"^<text>:1:2: "):
        parse("(")


def test_non_ascii_offsets() -> None:
    text = '{ a = "ünï"; b = 1; }'
    root = parse(text)
    b = root.expr.bindings[1]  # type: ignore[attr-defined]
    assert b.text == "b = 1;"
    assert root.byte_offset(b.start) == len(text[: b.start].encode())


def test_parse_file_keeps_any_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.nix"
    data = b'{ a = "caf\xc3\xa9 \xff"; }\n'  # valid UTF-8, then a byte that is not
    path.write_bytes(data)
    root = parse_file(path)
    assert root.path == str(path)
    assert str(root).encode("utf-8", "surrogateescape") == data


def test_long_chains_and_deep_nesting() -> None:
    """A 3,000-term ``++`` chain parses and resolves (no recursion per operator); nesting deeper
    than Python's stack is one NixSyntaxError line, not a traceback."""
    from nixpkgs_contrib.nixsyntax import scope

    text = "a: " + " ++ ".join(["[ a ]"] * 3000)
    root = parse(text)
    assert len(scope.analyse(root).uses) == 3000
    assert "".join(map(str, root.tokens())) == text
    with pytest.raises(NixSyntaxError, match="nested too deeply"):
        parse("(" * 5000 + "1" + ")" * 5000)


_OPERATORS = ["->", "||", "&&", "==", "!=", "<", ">", "<=", ">=", "//", "+", "-", "*", "/", "++", "?"]


def _random_expression(rng: random.Random, depth: int = 0) -> str:
    """An operator soup: every binary operator, ``!``, unary ``-``, ``?``, select with ``or``,
    application and parentheses, without regard to precedence."""
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(["a", "b.c", "f x", "1", '"s"', "d.e or g", "(h)", "[ i ]"])
    op = rng.choice(_OPERATORS + ["!", "-u", "app", "paren"])
    sub = lambda: _random_expression(rng, depth + 1)  # noqa: E731
    if op == "!":
        return f"!{sub()}"
    if op == "-u":
        return f"-{sub()}"
    if op == "app":
        return f"f ({sub()}) x.y"
    if op == "paren":
        return f"({sub()})"
    if op == "?":
        return f"{sub()} ? {rng.choice(['a', 'a.b', '${k}'])}"
    return f"{sub()} {op} {sub()}"


@requires_nix
def test_generated_operator_expressions_agree_with_nix(tmp_path: Path) -> None:
    """Precedence and associativity against Nix on 400 random operator expressions (fixed seed);
    the ones we reject (non-associative operators side by side) Nix rejects too."""
    rng = random.Random(28)
    accepted, rejected = [], []
    for i in range(400):
        path = tmp_path / f"e{i:03}.nix"
        path.write_text(f"with {{ }}; {_random_expression(rng)}")
        try:
            accepted.append((path, normal_form(parse(path.read_text(), str(path)), home=HOME)))
        except NixSyntaxError:
            rejected.append(path)
    assert len(accepted) > 300
    assert [canonical(p) for p in nix_parse_files([p for p, _ in accepted])] == [ours for _, ours in accepted]
    for path in rejected[:10]:
        assert nix_rejects(path.read_text(), tmp_path)
