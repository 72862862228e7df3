"""Layout classes where render/nix.py once differed from nixfmt 1.x, one test per class.

Each expected text was checked once against a nixfmt implementation and against nixfmt's rules
(``absorbRHS``, ``prettyApp``, ``prettyOp`` in its ``Pretty.hs``; the cases cite nixfmt's own
test files where one shows the shape); the tests themselves need no formatter.
"""

from __future__ import annotations

from nixpkgs_contrib.conditions import Atom, Condition
from nixpkgs_contrib.flake import FlakeSpec, render_flake_files
from nixpkgs_contrib.nixsyntax import Binding, parse
from nixpkgs_contrib.nixsyntax import layout as lay
from nixpkgs_contrib.render import nix
from nixpkgs_contrib.render.nix import IndentedString, Raw, Term
from nixpkgs_contrib.render.registration import registration_entry

OLDER = Condition(((Atom("pythonOlder", "3.11"),),))
LINUX, DARWIN = Atom("platform", "isLinux"), Atom("platform", "isDarwin")
X86, AARCH64 = Atom("platform", "isx86_64"), Atom("platform", "isAarch64")
#: a condition too long for one line with `lib.optionals` in front of it
TWO_PLATFORMS = Condition(((LINUX, X86), (DARWIN, AARCH64)))


# --- two terms, the second a list: `x = a ++ [` (nixfmt: "LHS fits onto the first line") ------


def test_two_term_chain_keeps_the_list_on_the_binding_line() -> None:
    """nixfmt's test idioms_pkgs_5: ``requiredSystemFeatures = attrs.requiredSystemFeatures or [ ] ++ [``."""
    terms = [Term((), expr="foo.optional-dependencies.bar"), Term(("a", "b"))]
    assert nix.concat("dependencies", terms, "  ") == "  dependencies = foo.optional-dependencies.bar ++ [\n    a\n    b\n  ];"
    terms = [Term(("b",), OLDER), Term(("c", "d"))]
    assert nix.concat("x", terms, "  ") == '  x = lib.optionals (pythonOlder "3.11") [ b ] ++ [\n    c\n    d\n  ];'


def test_two_term_chain_whose_list_fits_stays_on_one_line() -> None:
    name = "some-long-dependency-name.optional-dependencies.some-extra-name"
    assert nix.concat("dependencies", [Term((), expr=name), Term(("a",))], "  ") == f"  dependencies = {name} ++ [ a ];"


def test_two_term_chain_expands_a_one_item_list_when_the_line_is_full() -> None:
    name = "some-very-long-dependency-name.optional-dependencies.some-long-extra-name-234567"
    assert len(f"dependencies = {name} ++ [") == 100  # fits; with ` a ];` it would not
    text = nix.concat("dependencies", [Term((), expr=name), Term(("a",))], "  ")
    assert text == f"  dependencies = {name} ++ [\n    a\n  ];"


def test_two_term_chain_whose_head_does_not_fit_moves_one_level_deeper() -> None:
    first = "a" * 80 + ".optional-dependencies.b"
    text = nix.concat("dependencies", [Term((), expr=first), Term(("c", "d"))], "  ")
    assert text == f"  dependencies =\n    {first}\n    ++ [\n      c\n      d\n    ];"


# --- chains that start with `[ ]` (nixfmt absorbs no empty list written on one line) ----------


def test_chain_starting_with_an_empty_list_moves_to_the_next_line() -> None:
    text = nix.concat("dependencies", [Term(()), Term(("a", "b"), OLDER)], "  ")
    assert text == '  dependencies =\n    [ ]\n    ++ lib.optionals (pythonOlder "3.11") [\n      a\n      b\n    ];'
    one_line = nix.concat("dependencies", [Term(()), Term(("a",), OLDER)], "  ")
    assert one_line == '  dependencies = [ ] ++ lib.optionals (pythonOlder "3.11") [ a ];'


def test_empty_list_then_a_list_is_the_two_term_shape() -> None:
    assert nix.concat("dependencies", [Term(()), Term(("a", "b"))], "  ") == "  dependencies = [ ] ++ [\n    a\n    b\n  ];"


def test_empty_list_written_across_lines_is_absorbed() -> None:
    """``[`` and ``]`` on different lines in the source: nixfmt keeps them so and absorbs the list."""
    text = nix.concat("x", [Term((), expand=True), Term(("b", "c"))], "  ")
    assert text == "  x = [\n  ]\n  ++ [\n    b\n    c\n  ];"


# --- conditions too long for the line ------------------------------------------------------------


def test_long_condition_of_a_whole_value_breaks_the_call() -> None:
    text = nix.concat("dependencies", [Term(("a", "b"), TWO_PLATFORMS)], "  ")
    assert text == (
        "  dependencies =\n"
        "    lib.optionals\n"
        "      (\n"
        "        (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64)\n"
        "        || (stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64)\n"
        "      )\n"
        "      [\n"
        "        a\n"
        "        b\n"
        "      ];"
    )


def test_long_condition_after_plus_plus() -> None:
    text = nix.concat("dependencies", [Term(("a", "b")), Term(("c", "d"), TWO_PLATFORMS)], "  ")
    assert text == (
        "  dependencies = [\n    a\n    b\n  ]\n"
        "  ++\n"
        "    lib.optionals\n"
        "      (\n"
        "        (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64)\n"
        "        || (stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64)\n"
        "      )\n"
        "      [\n"
        "        c\n"
        "        d\n"
        "      ];"
    )


def test_long_condition_with_a_short_last_argument_breaks_inside_the_parentheses() -> None:
    """The condition is expanded alone when what follows it fits on its closing line."""
    text = nix.concat("dependencies", [Term(("a",), TWO_PLATFORMS), Term(("c", "d"), OLDER)], "  ")
    assert text == (
        "  dependencies =\n"
        "    lib.optionals (\n"
        "      (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64)\n"
        "      || (stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64)\n"
        '    ) [ a ]\n    ++ lib.optionals (pythonOlder "3.11") [\n      c\n      d\n    ];'
    )
    optional = nix.concat("x", [Term(("a", "b")), Term((), TWO_PLATFORMS, expr="readline", function="optional")], "  ")
    assert optional == (
        "  x = [\n    a\n    b\n  ]\n"
        "  ++ lib.optional (\n"
        "    (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64)\n"
        "    || (stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64)\n"
        "  ) readline;"
    )


def test_call_of_simple_arguments_is_never_broken() -> None:
    """``lib.optional (pythonOlder "3.11") x`` is ``isSimple``: nixfmt keeps it whole, over 100 columns."""
    name = "x" * 80
    text = nix.concat(name, [Term((), OLDER, expr="tomli", function="optional")], "  ")
    assert text == f'  {name} = lib.optional (pythonOlder "3.11") tomli;'


def test_long_disabled_condition_breaks_before_each_operator() -> None:
    cond = Condition(((Atom("pythonOlder", "3.10"), DARWIN), (Atom("pythonAtLeast", "3.14"),), (LINUX, AARCH64)))
    assert nix.binding_value("disabled", cond, "  ") == (
        "  disabled =\n"
        '    (pythonOlder "3.10" && stdenv.hostPlatform.isDarwin)\n'
        '    || pythonAtLeast "3.14"\n'
        "    || (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isAarch64);"
    )
    assert nix.binding_value("disabled", OLDER, "  ") == '  disabled = pythonOlder "3.11";'


# --- long names ------------------------------------------------------------------------------------


def test_value_moves_to_the_next_line_after_a_long_name() -> None:
    name = "a" * 96
    assert nix.concat(name, [Term(())], "  ") == f"  {name} =\n    [ ];"
    assert nix.binding_value(name, Condition(((DARWIN,),)), "  ") == f"  {name} =\n    stdenv.hostPlatform.isDarwin;"
    # a call of simple arguments does not move
    assert nix.binding_value(name, OLDER, "  ") == f'  {name} = pythonOlder "3.11";'


def test_quoted_attribute_name() -> None:
    """A quoted name is no simple selector: nixfmt may break after ``=`` first (a priority group)."""
    assert nix.concat(nix.attr_name("with.dot"), [Term(("a",))], "    ") == '    "with.dot" = [ a ];'
    name = nix.attr_name("x" * 80 + ".y")
    assert nix.concat(name, [Term(("a", "b"))], "  ") == f"  {name} = [\n    a\n    b\n  ];"


def test_call_package_with_a_path_too_long_for_the_line() -> None:
    attr = "a" * 110
    assert registration_entry(attr) == (
        f"  {attr} =\n    callPackage\n      ../development/python-modules/{attr}\n      {{ }};"
    )
    attr = "aio-geojson-generic-client"  # 102 columns on one line: the call moves, `{ }` follows it
    assert registration_entry(attr) == f"  {attr} =\n    callPackage ../development/python-modules/{attr}\n      {{ }};"


def test_overlay_call_whose_path_does_not_fit_after_the_function() -> None:
    """overlay.nix: a call too long for its own line puts each argument on a line of its own."""
    attr = "a" + "b" * 60 + "z"
    overlay = render_flake_files(FlakeSpec("acme", (attr, "acme"), ("3.12",)))["overlay.nix"]
    assert (
        f"      {attr} =\n"
        "        python-final.callPackage\n"
        f"          ./pkgs/development/python-modules/{attr}\n"
        "          { };\n"
        "      acme = python-final.callPackage ./pkgs/development/python-modules/acme { };\n"
    ) in overlay


def test_run_command_with_a_long_name() -> None:
    script = IndentedString(("${findPrograms}", "touch $out"))
    env = "{ nativeBuildInputs = [ (complete pkgs) ]; }"
    name = nix.string("a" * 90)
    text = nix.call_binding("checkit", "pkgs.runCommand", [name, env, script], "          ")
    assert text == (
        "          checkit =\n"
        "            pkgs.runCommand\n"
        f"              {name}\n"
        f"              {env}\n"
        "              ''\n"
        "                ${findPrograms}\n"
        "                touch $out\n"
        "              '';"
    )
    short = nix.call_binding("checkit", "pkgs.runCommand", ['"x"', env, script], "  ")
    assert short == f"  checkit = pkgs.runCommand \"x\" {env} ''\n    ${{findPrograms}}\n    touch $out\n  '';"
    name = nix.string("x" * 25)  # the call and `''` no longer fit on the binding line
    text = nix.call_binding("checkit", "pkgs.runCommand", [name, env, script], "  ")
    assert text == f"  checkit =\n    pkgs.runCommand {name} {env}\n      ''\n        ${{findPrograms}}\n        touch $out\n      '';"


def test_raw_condition_kept_as_written() -> None:
    text = nix.concat("x", [Term(("a", "b")), Term(("c",), Raw("(!isPyPy)"))], "  ")
    assert text == "  x = [\n    a\n    b\n  ]\n  ++ lib.optionals (!isPyPy) [ c ];"


# --- empty lists and sets, sets of one binding --------------------------------------------------


def test_comment_in_front_of_an_empty_list_makes_it_absorbable() -> None:
    """``isAbsorbable``: a list whose ``[`` has comments in front is absorbed even when empty, so
    the two-term shape applies and the comment stays at the level of ``++``."""
    first = Term((), Raw("c"), expr="w", function="optional")
    text = nix.concat("x", [first, Term((), operator_comments=("# why",))], "    ")
    assert text == "    x =\n      lib.optional c w\n      ++\n      # why\n      [ ];"
    text = nix.concat("x", [first, Term(("a",), operator_comments=("# why",))], "  ")
    assert text == "  x =\n    lib.optional c w\n    ++\n    # why\n    [ a ];"


def test_empty_list_and_set_written_across_lines_stay_so() -> None:
    assert nix.list_expr([], "  ", expand=True) == "[\n  ]"
    assert nix.attrset_expr([], "  ", expand=True) == "{\n  }"
    assert nix.attrset_expr([], "  ") == "{ }"


def test_a_set_of_two_bindings_is_never_on_one_line() -> None:
    assert nix.attrset_expr(["a = 1;", "b = 2;"], "  ", "  v = f ", ";", expand=False) == "{\n    a = 1;\n    b = 2;\n  }"
    assert nix.attrset_expr(["a = 1;"], "  ", "  v = f ", ";", expand=False) == "{ a = 1; }"


def test_wide_set_is_expanded() -> None:
    """The value of a binding, the body of ``with`` and the right side of ``//``: nixfmt expands
    a set there even when the source had it on one line (but not a lone ``inherit`` as the
    value itself, which the caller says by not asking for *wide*)."""
    assert nix.attrset_expr(["a = 1;"], "  ", "  x = ", ";", expand=False, wide=True) == "{\n    a = 1;\n  }"
    assert nix.attrset_expr(["inherit a;"], "  ", "  y = ", ";", expand=False) == "{ inherit a; }"


# --- a file's own conditions and operands: nixfmt's isSimple on the syntax tree ------------------


def test_simple_call_written_in_a_file_is_never_broken() -> None:
    """nixfmt's ``isSimple`` takes calls of up to two simple arguments (``f a "b"``), strings with
    escapes or interpolations, and selections: such a condition keeps ``lib.optional c x`` whole
    past 100 columns, where a narrower reading of it broke the line (and check reported the file)."""
    name = "x" * 70
    for cond in ('(lib.versionOlder python.version "3.11")', '(isVersion "a\\\\b")', '(f "${v}")'):
        text = f"{{\n  {name} = lib.optional {cond} tomli;\n}}\n"
        node = next(n for _, n in lay.value_nodes(parse(text)) if isinstance(n, Binding))
        assert lay.binding(node) == node.text, cond


def test_call_of_three_arguments_in_a_file_is_not_simple() -> None:
    name = "x" * 70
    text = f"{{\n  {name} = lib.optionals (f a b c) [\n    tomli\n  ];\n}}\n"
    node = next(n for _, n in lay.value_nodes(parse(text)) if isinstance(n, Binding))
    assert lay.binding(node) == node.text
