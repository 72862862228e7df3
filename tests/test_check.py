"""The `check` lint: one purpose-made bad file per rule (and the rule's severity), good files,
what Nix itself rejects, scopes, text inside strings, severities and the CLI."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from nixpkgs_contrib import check
from nixpkgs_contrib.check import Finding, Severity, lint_file
from nixpkgs_contrib.commands import check as check_command
from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.plan import FAKE_HASH

FIXTURES = Path(__file__).parent / "fixtures" / "check"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


def line_of(path: Path, snippet: str) -> int:
    """The 1-based line of the first occurrence of *snippet* (how the expected line is located)."""
    for number, line in enumerate(path.read_text().split("\n"), 1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")


def lint(path: Path, pythons: tuple[str, ...] = check.DEFAULT_PYTHONS) -> list[Finding]:
    return lint_file(path, path.read_text(), pythons=pythons)


def lint_text(text: str, name: str = "default.nix") -> list[Finding]:
    return lint_file(name, text, pythons=check.DEFAULT_PYTHONS)


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


# --- the rules ------------------------------------------------------------------------------------


def test_every_rule_has_a_severity_and_a_unique_name():
    assert all(isinstance(r.severity, Severity) for r in check.RULES.values())
    names = [r.name for r in check.RULES.values()]
    assert len(names) == len(set(names))
    assert {str(s) for s in Severity} == set(check.SEVERITIES) == set(check_command.SEVERITIES)


@pytest.mark.parametrize(
    ("rule", "severity"),
    [
        # breaks evaluation, the build or nixpkgs CI
        ("NC000", "error"), ("NC003", "error"), ("NC009", "error"), ("NC010", "error"), ("NC018", "error"),
        ("NC019", "error"), ("NC020", "error"), ("NC021", "error"), ("NC022", "error"), ("NC024", "error"),
        ("NC025", "error"), ("NC028", "error"), ("NC029", "error"),
        # patterns nixpkgs is migrating away from, what a reviewer asks of a new package
        ("NC001", "warning"), ("NC004", "warning"), ("NC005", "warning"), ("NC011", "warning"),
        ("NC013", "warning"), ("NC026", "warning"), ("NC027", "warning"), ("NC030", "warning"),
        # taste
        ("NC002", "note"), ("NC023", "note"), ("NC031", "note"),
    ],
)  # fmt: skip
def test_severity_of(rule, severity):
    assert str(check.RULES[rule].severity) == severity


def test_finding_prints_as_one_line_with_its_severity():
    finding = Finding.of(check.TAG_NOT_REV, "a/default.nix", 7, "rev is a tag")
    assert str(finding) == f"a/default.nix:7: NC004 warning tag-not-rev: rev is a tag (fix: {check.TAG_NOT_REV.fix})"
    assert finding.level is Severity.WARNING


# --- good files -----------------------------------------------------------------------------------

GOOD_FILES = sorted(GOOD.rglob("*.nix"))


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_good_file_is_clean_at_every_severity(path):
    assert lint(path) == []


def test_good_files_exist_for_each_kind():
    names = {p.name for p in GOOD_FILES}
    assert {"acme-core.nix", "acme-web.nix", "python-packages.nix"} <= names


def test_long_string_lines_are_exempt_from_line_length():
    path = GOOD / "acme-cli.nix"
    long_lines = [line for line in path.read_text().split("\n") if len(line) > check.WIDTH]
    assert long_lines and all('"' in line for line in long_lines)
    assert not [f for f in lint(path) if f.rule == check.LINE_LENGTH.id]


# --- one bad file per rule ------------------------------------------------------------------------

BAD_CASES = [
    ("parse-unterminated-string.nix", "NC000", 'mainProgram = "acme;'),
    ("parse-missing-semicolon.nix", "NC000", "pyproject = true;"),
    ("duplicate-attribute.nix", "NC000", 'pname = "acme-core-again";'),
    ("call-form-rec.nix", "NC001", "buildPythonPackage rec {"),
    ("order-story.nix", "NC002", "build-system = [ hatchling ];"),
    ("order-source-root.nix", "NC002", "sourceRoot ="),
    ("order-meta-last.nix", "NC002", "__darwinAllowLocalNetworking"),
    ("sri-hash-malformed.nix", "NC003", "hash ="),
    ("tag-rev.nix", "NC004", 'rev = "refs/tags/'),
    ("with-lib.nix", "NC005", "meta = with lib;"),
    ("dead-conditional.nix", "NC006", 'pythonOlder "3.9"'),
    ("docheck-comment.nix", "NC007", "doCheck = false;"),
    ("unused-argument.nix", "NC008", "requests,"),
    ("undeclared-argument.nix", "NC009", "    rich"),
    ("pyproject-format.nix", "NC011", "format ="),
    ("imports-check.nix", "NC012", "buildPythonPackage (finalAttrs"),
    ("pytest-flags-array.nix", "NC013", "pytestFlagsArray"),
    ("pytest-cov.nix", "NC014", "    pytest-cov"),
    ("stdenv-platform.nix", "NC015", "stdenv.isDarwin"),
    ("relax-deps-hook.nix", "NC016", "nativeBuildInputs = [ pythonRelaxDepsHook ]"),
    ("description-article.nix", "NC017", "description ="),
    ("description-name.nix", "NC017", "description ="),
    ("argument-head-one-line.nix", "NC018", "{ lib, buildPythonPackage"),
    ("argument-head-comma.nix", "NC018", "{"),
    ("argument-head-layout.nix", "NC018", "{"),
    ("trailing-whitespace.nix", "NC019", "pyproject = true;  "),
    ("tab.nix", "NC020", "\tpyproject"),
    ("final-newline.nix", "NC021", "})"),
    ("line-length.nix", "NC023", "testing-with-a-long-extra-name"),
    ("placeholder-fake-hash.nix", "NC025", "hash = lib.fakeHash;"),
    ("placeholder-emit-fake-hash.nix", "NC025", "hash = "),
    ("placeholder-empty-hash.nix", "NC025", 'hash = "";'),
    ("placeholder-cargo-vendor.nix", "NC025", "hash = lib.fakeHash;"),
    ("maintainers-empty.nix", "NC026", "maintainers = [ ];"),
    ("maintainers-missing.nix", "NC026", "meta = {"),
    ("legacy-inputs.nix", "NC027", "propagatedBuildInputs ="),
    ("legacy-check-inputs.nix", "NC027", "checkInputs ="),
    ("nixfmt-layout.nix", "NC028", "dependencies = [ acme-shared pydantic ];"),
    ("pyproject-missing.nix", "NC029", "buildPythonPackage (finalAttrs"),
    ("sri-hash-legacy.nix", "NC030", "sha256 ="),
    ("body-spacing.nix", "NC031", "}:"),
]


@pytest.mark.parametrize(("name", "rule", "snippet"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_breaks_exactly_its_rule(name, rule, snippet):
    path = BAD / name
    findings = lint(path)
    assert rules(findings) == {rule}, "\n".join(map(str, findings))
    assert line_of(path, snippet) in {f.line for f in findings}
    expected = check.RULES[rule]
    assert all((f.name, f.fix, f.severity) == (expected.name, expected.fix, str(expected.severity)) for f in findings)


def test_every_rule_but_eval_has_a_bad_file():
    covered = {rule for _, rule, _ in BAD_CASES} | {"NC010", "NC022"}  # tested below
    assert covered == set(check.RULES) - {check.FLAKE_EVAL.id}


@pytest.mark.parametrize("comment", ["# the package", "/* the package */"])
def test_a_comment_after_the_head_needs_no_blank_line(comment):
    """A comment after ``}:`` is left where its author put it, whichever kind (the test used to
    look for a ``#`` in the trivia, so ``}: /* … */`` was reported and ``}: # …`` was not)."""
    text = (FIXTURES / "bad" / "body-spacing.nix").read_text()
    assert "}:\nbuildPythonPackage" in text
    assert "NC031" in rules(lint_text(text))
    assert "NC031" not in rules(lint_text(text.replace("}:\nbuildPythonPackage", f"}}: {comment}\nbuildPythonPackage")))


def test_blank_lines_reports_the_second_blank_line():
    path = BAD / "blank-lines.nix"
    (finding,) = lint(path)
    lines = path.read_text().split("\n")
    assert lines[finding.line] == "  build-system = [ hatchling ];"
    assert lines[finding.line - 1] == "" and lines[finding.line - 2] == ""


def test_registration_order_and_separation():
    path = BAD / "registration" / "python-packages.nix"
    findings = lint(path)
    assert rules(findings) == {"NC010"}
    assert [f.line for f in findings] == [line_of(path, "acme-web ="), line_of(path, "acme-zeta =")]
    assert "acmex" in findings[0].message and "blank line" in findings[1].message


def test_registration_order_is_keep_sorteds():
    """keep-sorted compares the entry's text: `a-b =` sorts before `inherit (x) a;` (by "a;")."""
    text = (
        "self: super: with self; {\n  # keep-sorted start block=yes newline_separated=yes\n"
        "  a-b = callPackage ../development/python-modules/a-b { };\n\n  inherit (pkgs) a;\n"
        "  # keep-sorted end\n}\n"
    )
    assert lint_text(text, "python-packages.nix") == []
    swapped = text.replace("  a-b = callPackage ../development/python-modules/a-b { };\n\n  inherit (pkgs) a;\n",
                           "  inherit (pkgs) a;\n\n  a-b = callPackage ../development/python-modules/a-b { };\n")  # fmt: skip
    assert rules(lint_text(swapped, "python-packages.nix")) == {"NC010"}


def test_dead_conditions_follow_the_target_interpreters():
    path = GOOD / "acme-web.nix"
    findings = lint(path, pythons=("3.12", "3.13", "3.14"))
    assert [(f.rule, f.line) for f in findings] == [("NC006", line_of(path, 'pythonOlder "3.12"'))]


# --- what Nix rejects: only that is reported ------------------------------------------------------


def test_a_file_that_does_not_parse_gets_the_parse_error_only():
    path = BAD / "parse-error-only.nix"
    text = path.read_text()
    assert "\t" in text and "  \n" in text  # it breaks the tab and whitespace rules too
    (finding,) = lint(path)
    assert (finding.rule, finding.line) == ("NC000", line_of(path, "\tformat"))
    assert finding.message == "unexpected '=', expected ';'"


def test_undefined_variables_are_undeclared_arguments_and_nothing_else():
    path = BAD / "undeclared-argument.nix"
    findings = lint(path)
    assert {(f.line, f.message.split("`")[1]) for f in findings} == {
        (line_of(path, "    rich"), "rich"),
        (line_of(path, "stdenv.hostPlatform"), "stdenv"),
    }
    assert all("undefined variable" in f.message for f in findings)


def test_a_name_only_with_lib_could_supply_is_undeclared():
    path = BAD / "undeclared-under-with.nix"
    findings = [f for f in lint(path) if f.rule == "NC009"]
    assert [(f.line, f.message) for f in findings] == [
        (line_of(path, "broken = with lib;"), "`stdenv` is used but not an argument")
    ]


def test_duplicate_attribute_is_nixs_message():
    (finding,) = lint(BAD / "duplicate-attribute.nix")
    assert finding.message == "attribute 'pname' already defined"


# --- scopes ---------------------------------------------------------------------------------------

HEAD = "{\n  lib,\n  buildPythonPackage,\n  requests,\n}:\n\n"
BODY = (
    'buildPythonPackage (finalAttrs: {{\n  pname = "x";\n  version = "1";\n  pyproject = true;\n\n'
    '  dependencies = {deps};\n\n  pythonImportsCheck = [ "x" ];\n\n'
    "  meta = {{\n    license = lib.licenses.mit;\n    maintainers = with lib.maintainers; [ a ];\n  }};\n}})\n"
)


def test_an_argument_shadowed_by_let_is_unused():
    text = HEAD + "let\n  requests = null;\nin\n" + BODY.format(deps="[ requests ]")
    assert [(f.rule, f.message) for f in lint_text(text)] == [("NC008", "argument `requests` is never used")]


def test_lambda_parameters_and_rec_names_are_declared():
    deps = "lib.fix (self: [ self ]) ++ (rec {\n    a = [ requests ];\n    b = a;\n  }).b"
    assert not rules(lint_text(HEAD + BODY.format(deps=deps))) & {"NC008", "NC009"}


def test_names_under_with_are_not_reported():
    text = HEAD + BODY.format(deps="with requests; [ anything ]")
    assert lint_text(text) == []


def test_an_attribute_named_like_a_package_is_not_a_use():
    text = HEAD + BODY.format(deps="[ requests ]").replace(
        "  pythonImportsCheck", '  passthru.pytest-cov = "no";\n\n  pythonImportsCheck'
    )
    assert "NC014" not in rules(lint_text(text))


def test_lib_fake_hash_under_with_lib_is_a_placeholder():
    text = HEAD + BODY.format(deps="[ requests ]").replace(
        '  version = "1";\n', '  version = "1";\n  src = with lib; fakeHash;\n'
    )
    assert {(f.rule, f.line) for f in lint_text(text) if f.rule == "NC025"} == {("NC025", 10)}


def test_our_fake_hash_is_a_placeholder():
    assert check.placeholder(FAKE_HASH) and check.placeholder("") and check.placeholder("0" * 52)
    assert not check.placeholder("sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=")


def test_maintainers_of_a_team_count():
    path = BAD / "maintainers-empty.nix"
    text = path.read_text().replace("maintainers = [ ];", "maintainers = [ ];\n    teams = [ lib.teams.acme ];")
    assert lint_text(text) == []


# --- text inside strings is content ---------------------------------------------------------------


def test_whitespace_and_blank_lines_inside_strings_are_content():
    text = (
        (GOOD / "acme-core.nix")
        .read_text()
        .replace("  build-system", "  postPatch = ''\n    echo 'a'  \n\n\n    printf '\tb'\n  '';\n\n  build-system")
    )
    assert lint_text(text) == []


def test_crlf_is_reported(tmp_path):
    path = tmp_path / "default.nix"
    path.write_bytes((GOOD / "acme-core.nix").read_bytes().replace(b"\n", b"\r\n"))
    findings = lint_file(path, path.read_bytes().decode(), pythons=check.DEFAULT_PYTHONS)
    assert rules(findings) == {"NC019"} and "CRLF" in findings[0].message  # not every line's layout too
    assert rules(check.check_paths([path])) == {"NC019"}


# --- fragments (emit's python-packages.nix) -------------------------------------------------------


def test_is_fragment():
    assert check.is_fragment((GOOD / "fragment" / "python-packages.nix").read_text())
    assert check.is_fragment("inherit (callPackage ./x { }) a b;\n")
    assert not check.is_fragment((GOOD / "acme-core.nix").read_text())
    assert not check.is_fragment((GOOD / "registration" / "python-packages.nix").read_text())


def test_fragment_errors_have_the_fragments_own_line_numbers():
    path = BAD / "fragment" / "python-packages.nix"
    (finding,) = lint(path)
    assert (finding.rule, finding.line) == ("NC000", line_of(path, "acme-web ="))


def test_fragment_entries_are_held_to_keep_sorted_order():
    text = (
        "b = callPackage ../development/python-modules/b { };\n\na = callPackage ../development/python-modules/a { };\n"
    )
    assert [f.rule for f in lint_text(text, "python-packages.nix")] == ["NC010"]


# --- check_paths and severities -------------------------------------------------------------------


def test_check_paths_walks_directories_in_sorted_order():
    findings = check.check_paths([BAD], severity=Severity.NOTE)
    assert findings == sorted(findings)
    assert {Path(f.path).name for f in findings} >= {name for name, _, _ in BAD_CASES}


@pytest.mark.parametrize(("severity", "expected"), [("error", {"NC020"}), ("warning", {"NC020", "NC004"}), ("note", {"NC020", "NC004", "NC002"})])  # fmt: skip
def test_severity_is_the_lowest_shown(severity, expected):
    paths = [BAD / "tab.nix", BAD / "tag-rev.nix", BAD / "order-story.nix"]
    assert rules(check.check_paths(paths, severity=Severity.named(severity))) == expected


def test_missing_path_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        check.check_paths([tmp_path / "nope.nix"])


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_clean_exits_0(cli):
    result = cli("check", "--severity", "note", GOOD)
    assert (result.status, result.stdout) == (0, "")


def test_cli_findings_exit_1_one_line_each(cli):
    result = cli("check", BAD / "tag-rev.nix", BAD / "with-lib.nix")
    lines = result.stdout.splitlines()
    assert result.status == 1 and len(lines) == 2
    assert lines[0].startswith(
        f"{BAD / 'tag-rev.nix'}:{line_of(BAD / 'tag-rev.nix', 'rev =')}: NC004 warning tag-not-rev: "
    )


def test_cli_exit_status_follows_the_shown_level(cli):
    """Below the shown level a finding is neither printed nor counted."""
    assert cli("check", BAD / "order-story.nix").status == 0  # a note
    assert cli("check", "--severity", "note", BAD / "order-story.nix").status == 1
    result = cli("check", "--severity", "error", BAD / "tag-rev.nix")  # a warning
    assert (result.status, result.stdout) == (0, "")


def test_cli_json_has_the_severity(cli):
    result = cli("check", "--json", BAD / "pytest-cov.nix")
    data = json.loads(result.stdout)
    assert result.status == 1
    assert [(d["rule"], d["name"], d["severity"], d["line"]) for d in data] == [
        ("NC014", "pytest-cov", "warning", line_of(BAD / "pytest-cov.nix", "    pytest-cov"))
    ]
    assert set(data[0]) == {"path", "line", "rule", "name", "severity", "message", "fix"}


def test_cli_json_clean_is_an_empty_list(cli):
    result = cli("check", "--json", GOOD / "acme-core.nix")
    assert (result.status, json.loads(result.stdout)) == (0, [])


def test_cli_python_option(cli):
    assert cli("check", "--python", "3.12-3.14", GOOD / "acme-web.nix").status == 1
    assert cli("check", "--python", "3.11-3.14", GOOD / "acme-web.nix").status == 0
    bad = cli("check", "--python", "3.x", GOOD / "acme-web.nix")
    assert bad.status == 1 and "3.x" in bad.stderr


def test_cli_bad_severity_is_usage(cli):
    assert cli("check", "--severity", "info", GOOD).status == 2


def test_cli_missing_path_exits_1(cli, tmp_path):
    result = cli("check", tmp_path / "nope")
    assert result.status == 1 and "no such file" in result.stderr


def test_cli_eval_reports_flake_problems(cli, monkeypatch, tmp_path):
    (tmp_path / "flake.nix").write_text("{ outputs = _: { }; }\n")
    calls = []

    def evaluate_flake(directory, *, pythons):
        calls.append((Path(directory), pythons))
        return types.SimpleNamespace(problems=("nix flake check failed: boom",))

    monkeypatch.setattr("nixpkgs_contrib.flake_eval.evaluate_flake", evaluate_flake)
    result = cli("check", "--eval", "--python", "3.12", tmp_path)
    assert calls == [(tmp_path, ("3.12",))]
    assert result.status == 1
    assert (
        result.stdout
        == f"{tmp_path / 'flake.nix'}:1: NC024 error flake-eval: nix flake check failed: boom (fix: {check.FLAKE_EVAL.fix})\n"
    )


def test_cli_eval_needs_a_flake_directory(cli):
    result = cli("check", "--eval", GOOD)
    assert result.status == 1 and "flake.nix" in result.stderr


def test_a_value_the_layout_code_cannot_lay_out_is_not_judged():
    """A multi-line expression before `// { … }`: no finding, no crash."""
    text = "a: b: f: {\n  meta =\n    (f a\n      b\n    )\n    // {\n      c = 1;\n    };\n}\n"
    assert lint_text(text, "x.nix") == []


def test_an_inherit_of_four_names_on_one_line_is_not_nixfmts():
    text = "src: {\n  inherit (src) a b c;\n  inherit (src) d e f g;\n}\n"
    assert [(f.rule, f.line) for f in lint_text(text, "x.nix")] == [("NC028", 3)]


def test_chains_once_skipped_are_judged_both_ways():
    """``x = a ++ [`` and chains that start with ``[ ]`` were skipped while render/nix.py wrote
    them unlike nixfmt: now nixfmt's layout passes and the one nixfmt rewrites is reported."""
    text = (
        "a: b: c: withFoo: lib: {\n"
        "  x =\n    a\n    ++ [\n      b\n      c\n    ];\n"
        "  y = [ ] ++ lib.optionals withFoo [\n    b\n    c\n  ];\n"
        "  z = a ++ [\n    b\n    c\n  ];\n"
        "  w =\n    [ ]\n    ++ lib.optionals withFoo [\n      b\n      c\n    ];\n"
        "}\n"
    )
    findings = lint_text(text, "x.nix")
    assert [(f.rule, f.line) for f in findings] == [("NC028", 2), ("NC028", 8)]
    assert "nixfmt writes line 2 as `x = a ++ [`" in findings[0].message


def test_sets_and_empty_lists_as_nixfmt_keeps_them():
    """A binding's set of one binding is expanded by nixfmt; an empty list written across lines
    is kept so."""
    text = "a: {\n  x = { inherit a; };\n  y = { b = a; };\n  e = [\n  ];\n}\n"
    assert [(f.rule, f.line) for f in lint_text(text, "x.nix")] == [("NC028", 3)]


@pytest.mark.parametrize(
    "comment",
    ["# needs the network", "/* needs the network */", "/* needs the network\n    and a display */"],
)
def test_a_comment_starting_on_the_line_of_docheck_says_why(comment):
    text = (FIXTURES / "bad" / "docheck-comment.nix").read_text()
    assert "doCheck = false;\n" in text and "NC007" in rules(lint_text(text))
    assert "NC007" not in rules(lint_text(text.replace("doCheck = false;\n", f"doCheck = false; {comment}\n")))


def test_a_meta_package_needs_no_imports_check():
    """A meta-package (nixpkgs' jupyter, what emit writes for fastmcp 4.x) installs no module; the
    comment saying so is what a reviewer reads instead of pythonImportsCheck."""
    text = (FIXTURES / "bad" / "imports-check.nix").read_text()
    meta = text.replace("  nativeCheckInputs = [ pytestCheckHook ];\n", "  # meta-package: it installs no module of its own\n  doCheck = false;\n")
    assert "NC012" in rules(lint_text(text))
    assert "NC012" not in rules(lint_text(meta))
    assert "NC012" in rules(lint_text(text.replace("Core runtime", "Core meta-package")))  # not a comment


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('/packages/acme-core";', '/packages/acme-core#meta-package";'),  # a URL's fragment
        (
            "  nativeCheckInputs",
            "  postPatch = ''\n    # a meta-package: drop the module\n    rm -r acme\n  '';\n\n  nativeCheckInputs",
        ),
        ("  nativeCheckInputs", "  postPatch = \"sed -i '/# meta-package/d' setup.cfg\";\n\n  nativeCheckInputs"),
    ],
    ids=["url-fragment", "indented-string", "string"],
)
def test_meta_package_words_inside_a_string_are_no_comment(old, new):
    """The words after a ``#`` inside a string are the string's text: the file still needs
    pythonImportsCheck (they counted while a regex read the whole file)."""
    text = (FIXTURES / "bad" / "imports-check.nix").read_text()
    assert old in text
    assert "NC012" in rules(lint_text(text.replace(old, new, 1)))


@pytest.mark.parametrize(
    "comment",
    [
        "# Meta-package, no tests",
        "/* a metapackage: nothing to import */",
        "/*\n    A meta-package:\n    it installs its dependencies only\n  */",
        "doCheck = false; # metapackage",
    ],
)
def test_a_meta_package_comment_may_be_either_kind(comment):
    text = (FIXTURES / "bad" / "imports-check.nix").read_text()
    line = comment if comment.startswith("doCheck") else f"{comment}\n  doCheck = false;"
    meta = text.replace("  nativeCheckInputs = [ pytestCheckHook ];\n", f"  {line}\n")
    assert "NC012" not in rules(lint_text(meta))
