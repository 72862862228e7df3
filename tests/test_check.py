"""The `check` command: lexer, lint rules (one purpose-made bad file per rule), good files, CLI."""

from __future__ import annotations

import json
import shutil
import types
from pathlib import Path

import pytest

from nixpkgs_contrib import check
from nixpkgs_contrib.check import Finding, lint_file, tokenize
from nixpkgs_contrib.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "check"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"

requires_nix = pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="nix-instantiate not installed")


def line_of(path: Path, snippet: str) -> int:
    """The 1-based line of the first occurrence of *snippet* (how the expected line is located)."""
    for number, line in enumerate(path.read_text().split("\n"), 1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")


def lint(path: Path, pythons: tuple[str, ...] = check.DEFAULT_PYTHONS) -> list[Finding]:
    return lint_file(path, path.read_text(), pythons=pythons)


# --- lexer -----------------------------------------------------------------------------------------


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


def test_indented_string_escapes_stay_text():
    text = "''\n  a ''${x} $${y} ''' b\n''"
    assert kinds(text) == [("str_open", "''"), ("str_text", "\n  a ''${x} $${y} ''' b\n"), ("str_close", "''")]


def test_nested_interpolation_and_braces_inside_it():
    text = '"v${ { a = "}"; }.a }" # c'
    assert kinds(text) == [
        ("str_open", '"'),
        ("str_text", "v"),
        ("interp_open", "${"),
        ("op", "{"),
        ("id", "a"),
        ("op", "="),
        ("str_open", '"'),
        ("str_text", "}"),
        ("str_close", '"'),
        ("op", ";"),
        ("op", "}"),
        ("op", "."),
        ("id", "a"),
        ("interp_close", "}"),
        ("str_close", '"'),
        ("comment", "# c"),
    ]


def test_hash_inside_a_string_is_not_a_comment_and_escapes_are_kept():
    assert kinds(r'"a # \" b"') == [("str_open", '"'), ("str_text", r"a # \" b"), ("str_close", '"')]


def test_paths_uris_and_operators():
    text = "x = ../a/b-c { } // { u = https://e.org/x?y=1; n = a-b.c or 0.5; } ++ [ <nixpkgs> ];"
    got = kinds(text)
    assert ("path", "../a/b-c") in got
    assert ("uri", "https://e.org/x?y=1") in got
    assert ("id", "a-b") in got and ("kw", "or") in got and ("float", "0.5") in got
    assert ("op", "//") in got and ("op", "++") in got and ("spath", "<nixpkgs>") in got


def test_lines_of_multiline_tokens():
    tokens = tokenize("/* one\ntwo */\nx")
    assert [(t.kind, t.line, t.end_line) for t in tokens] == [("comment", 1, 2), ("id", 3, 3)]


@pytest.mark.parametrize("text", ['"abc', "''abc", '"${x"', "/* open"])
def test_unterminated_input_is_a_user_error(text):
    with pytest.raises(check.NixSyntaxError):
        tokenize(text)


# --- good files ------------------------------------------------------------------------------------

GOOD_FILES = sorted(GOOD.rglob("*.nix"))


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_good_file_is_clean(path):
    assert lint(path) == []


def test_good_files_exist_for_each_kind():
    names = {p.name for p in GOOD_FILES}
    assert {"acme-core.nix", "acme-web.nix", "python-packages.nix"} <= names


def test_long_string_lines_are_exempt_from_line_length():
    path = GOOD / "acme-cli.nix"
    long_lines = [line for line in path.read_text().split("\n") if len(line) > check.WIDTH]
    assert long_lines and all('"' in line for line in long_lines)
    assert not [f for f in lint(path) if f.rule == check.LINE_LENGTH.id]


@pytest.mark.nix
@requires_nix
def test_good_files_parse_with_nix():
    assert check.check_paths([GOOD], parse=True) == []


# --- one bad file per rule -------------------------------------------------------------------------

BAD_CASES = [
    ("parse-unterminated-string.nix", "NC000", 'mainProgram = "acme;'),
    ("call-form-rec.nix", "NC001", "buildPythonPackage rec {"),
    ("order-story.nix", "NC002", "build-system = [ hatchling ];"),
    ("order-source-root.nix", "NC002", "sourceRoot ="),
    ("order-meta-last.nix", "NC002", "__darwinAllowLocalNetworking"),
    ("sri-hash-malformed.nix", "NC003", "hash ="),
    ("sri-hash-legacy.nix", "NC003", "sha256 ="),
    ("tag-rev.nix", "NC004", 'rev = "refs/tags/'),
    ("with-lib.nix", "NC005", "meta = with lib;"),
    ("dead-conditional.nix", "NC006", 'pythonOlder "3.9"'),
    ("docheck-comment.nix", "NC007", "doCheck = false;"),
    ("unused-argument.nix", "NC008", "requests,"),
    ("pyproject-format.nix", "NC011", "format ="),
    ("pyproject-missing.nix", "NC011", "buildPythonPackage (finalAttrs"),
    ("imports-check.nix", "NC012", "buildPythonPackage (finalAttrs"),
    ("pytest-flags-array.nix", "NC013", "pytestFlagsArray"),
    ("pytest-cov.nix", "NC014", "    pytest-cov"),
    ("stdenv-platform.nix", "NC015", "stdenv.isDarwin"),
    ("relax-deps-hook.nix", "NC016", "nativeBuildInputs = [ pythonRelaxDepsHook ]"),
    ("description-article.nix", "NC017", "description ="),
    ("description-name.nix", "NC017", "description ="),
    ("argument-head-one-line.nix", "NC018", "{ lib, buildPythonPackage"),
    ("argument-head-comma.nix", "NC018", "  pytestCheckHook"),
    ("trailing-whitespace.nix", "NC019", "pyproject = true;  "),
    ("tab.nix", "NC020", "\tpyproject"),
    ("final-newline.nix", "NC021", "})"),
    ("line-length.nix", "NC023", "testing-with-a-long-extra-name"),
]


@pytest.mark.parametrize(("name", "rule", "snippet"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_breaks_exactly_its_rule(name, rule, snippet):
    path = BAD / name
    findings = lint(path)
    assert {f.rule for f in findings} == {rule}
    assert line_of(path, snippet) in {f.line for f in findings}
    assert all(f.name == check.RULES[rule].name and f.fix == check.RULES[rule].fix for f in findings)


def test_every_rule_but_eval_has_a_bad_file():
    covered = {rule for _, rule, _ in BAD_CASES} | {"NC009", "NC010", "NC022"}
    assert covered == set(check.RULES) - {check.FLAKE_EVAL.id}


def test_blank_lines_reports_the_second_blank_line():
    path = BAD / "blank-lines.nix"
    (finding,) = lint(path)
    assert finding.rule == "NC022"
    lines = path.read_text().split("\n")
    assert lines[finding.line] == "  build-system = [ hatchling ];"
    assert lines[finding.line - 1] == "" and lines[finding.line - 2] == ""


def test_undeclared_arguments_in_lists_and_stdenv():
    path = BAD / "undeclared-argument.nix"
    findings = lint(path)
    assert {f.rule for f in findings} == {"NC009"}
    assert {(f.line, f.message.split("`")[1]) for f in findings} == {
        (line_of(path, "    rich"), "rich"),
        (line_of(path, "stdenv.hostPlatform"), "stdenv"),
    }


def test_registration_order_and_separation():
    path = BAD / "registration" / "python-packages.nix"
    findings = lint(path)
    assert {f.rule for f in findings} == {"NC010"}
    assert [f.line for f in findings] == [line_of(path, "acme-web ="), line_of(path, "acme-zeta =")]
    assert "acmex" in findings[0].message and "blank line" in findings[1].message


def test_dead_conditions_follow_the_target_interpreters():
    path = GOOD / "acme-web.nix"
    findings = lint(path, pythons=("3.12", "3.13", "3.14"))
    assert [(f.rule, f.line) for f in findings] == [("NC006", line_of(path, 'pythonOlder "3.12"'))]


def test_lexer_error_still_runs_layout_rules(tmp_path):
    path = tmp_path / "x.nix"
    path.write_text('{ a = "b; }  \n')
    assert {f.rule for f in lint(path)} == {"NC000", "NC019"}


@pytest.mark.nix
@requires_nix
def test_nix_reports_syntax_errors_with_their_line():
    path = BAD / "parse-missing-semicolon.nix"
    (finding,) = check.parse_file(path)
    assert finding.rule == "NC000" and "syntax error" in finding.message
    assert finding.line == line_of(path, 'version = "2.4.1"') + 1  # where the parser notices it


@pytest.mark.nix
@requires_nix
def test_nix_reports_undefined_variables():
    path = BAD / "undeclared-argument.nix"
    (finding,) = check.parse_file(path)
    assert finding.line == line_of(path, "    rich") and "rich" in finding.message


def test_finding_prints_as_one_line():
    finding = Finding.of(check.TAG_NOT_REV, "a/default.nix", 7, "rev is a tag")
    assert str(finding) == f"a/default.nix:7: NC004 tag-not-rev: rev is a tag (fix: {check.TAG_NOT_REV.fix})"


def test_check_paths_walks_directories_in_sorted_order():
    findings = check.check_paths([BAD], parse=False)
    assert findings == sorted(findings)
    assert {Path(f.path).name for f in findings} >= {name for name, _, _ in BAD_CASES}


def test_missing_path_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        check.check_paths([tmp_path / "nope.nix"], parse=False)


# --- CLI -------------------------------------------------------------------------------------------


def test_cli_clean_exits_0(cli):
    result = cli("check", "--no-parse", GOOD)
    assert (result.status, result.stdout) == (0, "")


def test_cli_findings_exit_1_one_line_each(cli):
    result = cli("check", "--no-parse", BAD / "tag-rev.nix", BAD / "with-lib.nix")
    lines = result.stdout.splitlines()
    assert result.status == 1 and len(lines) == 2
    assert lines[0].startswith(f"{BAD / 'tag-rev.nix'}:{line_of(BAD / 'tag-rev.nix', 'rev =')}: NC004 tag-not-rev: ")


def test_cli_json(cli):
    result = cli("check", "--no-parse", "--json", BAD / "pytest-cov.nix")
    data = json.loads(result.stdout)
    assert result.status == 1
    assert [(d["rule"], d["name"], d["line"]) for d in data] == [
        ("NC014", "pytest-cov", line_of(BAD / "pytest-cov.nix", "    pytest-cov"))
    ]
    assert set(data[0]) == {"path", "line", "rule", "name", "message", "fix"}


def test_cli_json_clean_is_an_empty_list(cli):
    result = cli("check", "--no-parse", "--json", GOOD / "acme-core.nix")
    assert (result.status, json.loads(result.stdout)) == (0, [])


def test_cli_python_option(cli):
    assert cli("check", "--no-parse", "--python", "3.12-3.14", GOOD / "acme-web.nix").status == 1
    assert cli("check", "--no-parse", "--python", "3.11-3.14", GOOD / "acme-web.nix").status == 0
    bad = cli("check", "--no-parse", "--python", "3.x", GOOD / "acme-web.nix")
    assert bad.status == 1 and "3.x" in bad.stderr


def test_cli_without_nix_says_so_once_and_still_lints(cli, monkeypatch):
    monkeypatch.setattr(check, "have_nix", lambda: False)
    result = cli("check", BAD / "tab.nix", BAD / "tag-rev.nix")
    assert result.status == 1 and result.stderr.count("nix-instantiate not found") == 1
    assert {line.split(" ")[1] for line in result.stdout.splitlines()} == {"NC020", "NC004"}


def test_cli_missing_path_exits_1(cli, tmp_path):
    result = cli("check", "--no-parse", tmp_path / "nope")
    assert result.status == 1 and "no such file" in result.stderr


def test_cli_eval_unavailable(cli, monkeypatch, tmp_path):
    (tmp_path / "flake.nix").write_text("{ outputs = _: { }; }\n")

    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(check, "import_module", missing)
    result = cli("check", "--no-parse", "--eval", tmp_path)
    assert result.status == 1 and "--eval is not available" in result.stderr


def test_cli_eval_reports_flake_problems(cli, monkeypatch, tmp_path):
    (tmp_path / "flake.nix").write_text("{ outputs = _: { }; }\n")
    calls = []

    def evaluate_flake(directory, *, pythons):
        calls.append((Path(directory), pythons))
        return types.SimpleNamespace(problems=("nix flake check failed: boom",))

    monkeypatch.setattr(check, "import_module", lambda name: types.SimpleNamespace(evaluate_flake=evaluate_flake))
    result = cli("check", "--no-parse", "--eval", "--python", "3.12", tmp_path)
    assert calls == [(tmp_path, ("3.12",))]
    assert result.status == 1
    assert result.stdout == f"{tmp_path / 'flake.nix'}:1: NC024 flake-eval: nix flake check failed: boom (fix: {check.FLAKE_EVAL.fix})\n"


def test_lambda_parameters_are_not_undeclared(tmp_path):
    path = tmp_path / "default.nix"
    text = (GOOD / "acme-core.nix").read_text()
    old = "  nativeCheckInputs"
    assert old in text
    path.write_text(text.replace(old, "  optional-dependencies = lib.fix (self: {\n    all = self.web;\n    web = [ ];\n  });\n\n" + old))
    assert lint(path) == []


def test_crlf_is_reported(tmp_path):
    path = tmp_path / "default.nix"
    path.write_bytes((GOOD / "acme-core.nix").read_bytes().replace(b"\n", b"\r\n"))
    findings = lint_file(path, path.read_bytes().decode(), pythons=check.DEFAULT_PYTHONS)
    assert {f.rule for f in findings} == {"NC019"} and "CRLF" in findings[0].message


def test_cli_eval_needs_a_flake_directory(cli):
    result = cli("check", "--no-parse", "--eval", GOOD)
    assert result.status == 1 and "flake.nix" in result.stderr


def test_check_paths_sees_crlf(tmp_path):
    path = tmp_path / "default.nix"
    path.write_bytes((GOOD / "acme-core.nix").read_bytes().replace(b"\n", b"\r\n"))
    assert {f.rule for f in check.check_paths([path], parse=False)} == {"NC019"}


def test_is_fragment():
    assert check.is_fragment((GOOD / "fragment" / "python-packages.nix").read_text())
    assert check.is_fragment("inherit (callPackage ./x { }) a b;\n")
    assert not check.is_fragment((GOOD / "acme-core.nix").read_text())
    assert not check.is_fragment((GOOD / "registration" / "python-packages.nix").read_text())


@pytest.mark.nix
@requires_nix
def test_nix_parses_fragments_with_their_own_line_numbers():
    path = BAD / "fragment" / "python-packages.nix"
    (finding,) = check.parse_file(path)
    assert (finding.rule, finding.line) == ("NC000", line_of(path, "acme-web ="))
