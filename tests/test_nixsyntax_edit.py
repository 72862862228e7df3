"""Span edits: everything outside the edited spans stays byte-identical; inserted text is laid out
by render/nix.py at the indentation of its place; edits on real corpus files round-trip."""

from __future__ import annotations

import pytest
from corpus import MODULES, requires_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from nixpkgs_contrib.nixsyntax import List, parse, query
from nixpkgs_contrib.nixsyntax import edit as ed
from nixpkgs_contrib.nixsyntax.edit import Edit, EditConflict
from nixpkgs_contrib.nixsyntax.pymodule import read_module
from nixpkgs_contrib.render import nix

PACKAGE = """\
{
  lib,
  buildPythonPackage,
  fetchPypi,

  # build-system
  setuptools,

  # dependencies
  requests,
  pythonOlder,
  tomli,
}:

buildPythonPackage (finalAttrs: {
  pname = "demo";
  version = "1.0";
  pyproject = true;

  src = fetchPypi {
    inherit (finalAttrs) pname version;
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  build-system = [ setuptools ];

  dependencies = [
    # the HTTP client
    requests
    six # still imported by the CLI
  ]
  ++ lib.optionals (pythonOlder "3.11") [ tomli ];

  pythonImportsCheck = [ "demo" ];

  meta = {
    description = "Demo";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
"""


def module(text: str = PACKAGE):
    return read_module(parse(text, "demo.nix"))


def outside_is_unchanged(old: str, new: str, edit: Edit) -> None:
    assert new[: edit.start] == old[: edit.start]
    assert new[len(new) - (len(old) - edit.end) :] == old[edit.end :]


# --- apply ----------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.data())
def test_apply_keeps_every_byte_outside_the_edits(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    edits = [Edit(a, b, data.draw(st.text(max_size=5))) for a, b in spans]
    shuffled = data.draw(st.permutations(edits))
    result = ed.apply(text, shuffled)
    expected, pos = [], 0
    for e in sorted(shuffled, key=lambda e: (e.start, e.end)):  # insertions at one offset: given order
        expected += [text[pos : e.start], e.text]
        pos = e.end
    assert result == "".join(expected) + text[pos:]


def test_apply_refuses_overlaps() -> None:
    with pytest.raises(EditConflict):
        ed.apply("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
    assert ed.apply("abc", [Edit(1, 1, "x"), Edit(1, 1, "y")]) == "axybc"  # insertions keep their order


# --- values ---------------------------------------------------------------------------------------


def test_set_string_escapes_through_render_nix() -> None:
    m = module()
    version = m.value("version")
    e = ed.set_string(version, 'weird "1.1" ${x}')  # type: ignore[arg-type]
    new = ed.apply(PACKAGE, [e])
    assert 'version = "weird \\"1.1\\" \\${x}";' in new
    outside_is_unchanged(PACKAGE, new, e)
    assert module(new).string("version") == 'weird "1.1" ${x}'


def test_set_value_replaces_or_adds() -> None:
    m = module()
    e = ed.set_value(m.attrs, "pyproject", "false")
    assert "  pyproject = false;\n" in ed.apply(PACKAGE, [e])
    meta = query.attrset_of(m.value("meta"))
    assert meta is not None
    e = ed.set_value(meta, "mainProgram", nix.string("demo"))
    new = ed.apply(PACKAGE, [e])
    assert '    maintainers = [ ];\n    mainProgram = "demo";\n  };' in new
    outside_is_unchanged(PACKAGE, new, e)


# --- lists ----------------------------------------------------------------------------------------


def test_insert_into_an_expanded_list_adds_a_line() -> None:
    deps = module().value("dependencies")
    first = query.concat_terms(deps)[0]  # type: ignore[arg-type]
    assert isinstance(first, List)
    e = ed.insert_item(first, 1, nix.Item("httpx", ("# async client",)))
    new = ed.apply(PACKAGE, [e])
    assert "    requests\n    # async client\n    httpx\n    six # still imported by the CLI\n" in new
    assert e.start == e.end  # nothing replaced
    parse(new)


def test_insert_into_a_one_item_list_expands_it() -> None:
    bs = module().value("build-system")
    assert isinstance(bs, List)
    new = ed.apply(PACKAGE, [ed.insert_item(bs, 1, "wheel")])
    assert "  build-system = [\n    setuptools\n    wheel\n  ];\n" in new


def test_remove_keeps_neighbours_and_their_comments() -> None:
    first = query.concat_terms(module().value("dependencies"))[0]  # type: ignore[arg-type]
    new = ed.apply(PACKAGE, [ed.remove_item(first, 0)])  # type: ignore[arg-type]
    assert "  dependencies = [\n    six # still imported by the CLI\n  ]\n" in new
    assert "the HTTP client" not in new


def test_removing_down_to_one_item_goes_back_inline() -> None:
    text = "{\n  a = [\n    x\n    y\n  ];\n}\n"
    lst = parse(text).expr.bindings[0].value  # type: ignore[attr-defined]
    assert ed.apply(text, [ed.remove_item(lst, 0)]) == "{\n  a = [\n    y\n  ];\n}\n"  # expanded source stays expanded
    text = "{\n  a = [ x ];\n}\n"
    lst = parse(text).expr.bindings[0].value  # type: ignore[attr-defined]
    assert ed.apply(text, [ed.remove_item(lst, 0)]) == "{\n  a = [ ];\n}\n"


def test_rewrite_chain_adds_a_condition() -> None:
    from nixpkgs_contrib.conditions import Atom, Condition
    from nixpkgs_contrib.nixsyntax import layout

    b = module().binding("dependencies")
    assert b is not None
    terms = layout.terms(b.value)
    darwin = Condition(((Atom("platform", "isDarwin"),),))
    terms.append(nix.Term(("appnope",), darwin))
    e = ed.rewrite_chain(b, terms)
    new = ed.apply(PACKAGE, [e])
    assert (
        "  dependencies = [\n    # the HTTP client\n    requests\n    six # still imported by the CLI\n  ]\n"
        '  ++ lib.optionals (pythonOlder "3.11") [ tomli ]\n'
        "  ++ lib.optionals stdenv.hostPlatform.isDarwin [ appnope ];\n"
    ) in new
    outside_is_unchanged(PACKAGE, new, e)


# --- bindings and arguments -----------------------------------------------------------------------


def test_insert_and_remove_binding() -> None:
    m = module()
    b = m.binding("pythonImportsCheck")
    e = ed.insert_binding(
        m.attrs, "doCheck = false;", after=b, comments=("# no tests in the sdist",), blank_before=True
    )
    new = ed.apply(PACKAGE, [e])
    assert '  pythonImportsCheck = [ "demo" ];\n\n  # no tests in the sdist\n  doCheck = false;\n\n  meta' in new
    m2 = module(new)
    back = ed.apply(new, [ed.remove_binding(m2.binding("doCheck"))])  # type: ignore[arg-type]
    assert back == PACKAGE


def test_a_comment_running_on_from_a_bindings_line_goes_with_it() -> None:
    """The comment's later lines stayed behind (`and a display */` alone): Nix refused the result."""
    text = "{\n  doCheck = false; /* tests need the network\n    and a display */\n  b = 1;\n}\n"
    s = parse(text).expr
    new = ed.apply(text, [ed.remove_binding(s.bindings[0])])  # type: ignore[attr-defined]
    assert new == "{\n  b = 1;\n}\n"
    new = ed.apply(text, [ed.insert_binding(s, "c = 2;", after=s.bindings[0])])  # type: ignore[attr-defined]
    assert new == text.replace("display */\n", "display */\n  c = 2;\n")


def test_insert_binding_into_an_empty_set() -> None:
    text = "{\n  passthru = { };\n}\n"
    s = parse(text).expr.bindings[0].value  # type: ignore[attr-defined]
    new = ed.apply(text, [ed.insert_binding(s, "updateScript = x;")])
    assert new == "{\n  passthru = {\n    updateScript = x;\n  };\n}\n"


def test_arguments_go_into_their_group() -> None:
    m = module()
    e = ed.insert_argument(m.formals, "httpx", before="requests")
    new = ed.apply(PACKAGE, [e])
    assert "  # dependencies\n  httpx,\n  requests,\n" in new
    e = ed.insert_argument(m.formals, "pytestCheckHook", comments=("# tests",), blank_before=True)
    new = ed.apply(PACKAGE, [e])
    assert "  tomli,\n\n  # tests\n  pytestCheckHook,\n}:" in new
    m2 = module(new)
    assert ed.apply(new, [ed.remove_argument(m2.formals.formals[-1])]) == PACKAGE


def test_removing_a_group_header_argument_keeps_one_blank_line() -> None:
    m = module()
    setuptools = m.formals.formals[3]
    assert setuptools.name.name == "setuptools"
    new = ed.apply(PACKAGE, [ed.remove_argument(setuptools)])
    assert "  fetchPypi,\n\n  # dependencies\n  requests," in new


# --- on the corpus --------------------------------------------------------------------------------


@requires_corpus
def test_insert_then_remove_is_the_identity_on_every_corpus_list() -> None:
    """In every corpus file, insert an element at the front of every expanded list (then at the
    end of every one) in one set of edits, parse the result, remove the inserted elements again:
    the file comes back byte for byte.  Lists inside lists are done in a round of their own."""
    checked = 0
    for path in MODULES:
        text = path.read_text()
        root = parse(text, str(path))
        rounds: dict[int, list[List]] = {}
        for lst in root.walk():
            if isinstance(lst, List) and lst.items and ed.layout.expanded(root, lst):
                depth = sum(isinstance(a, List) for a in lst.ancestors())
                rounds.setdefault(depth, []).append(lst)
        for lists in rounds.values():
            for at_end in (False, True):
                new = ed.apply(
                    text, [ed.insert_item(lst, len(lst.items) if at_end else 0, "inserted-item") for lst in lists]
                )
                removals = []
                for lst in parse(new, str(path)).walk():
                    if isinstance(lst, List):
                        found = [i for i, item in enumerate(lst.items) if item.text == "inserted-item"]
                        assert found in ([], [len(lst.items) - 1 if at_end else 0]), (path, lst.line)
                        removals += [ed.remove_item(lst, i) for i in found]
                assert len(removals) == len(lists)
                assert ed.apply(new, removals) == text, path
                checked += len(lists)
    assert checked > 1200  # 652 expanded lists, at both ends
