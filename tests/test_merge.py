"""The three-way merge, decision by decision, on small values: base (upstream before), theirs
(the file) and ours (upstream after).  No files, no releases: what the merge decides is a pure
function of the three."""

from __future__ import annotations

from nixpkgs_contrib.conditions import ALWAYS, Atom, Condition
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import Dependency
from nixpkgs_contrib.nixpkgs.declared import Bound, Declared
from nixpkgs_contrib.nixpkgs.merge import DepChange, DisabledChange, RelaxChange, merge, upstream_moves
from nixpkgs_contrib.nixpkgs.pyfile import cells_of, read_text

TARGET = Target(("3.11", "3.12", "3.13", "3.14"))
OLDER_313 = Condition(((Atom("pythonOlder", "3.13"),),))
DARWIN = Condition(((Atom("platform", "isDarwin"),),))


def file(dependencies: str, extra: str = "") -> str:
    return f"""{{
  lib,
  buildPythonPackage,
  fetchPypi,
  pythonOlder,
  stdenv,
  a,
  b,
  c,
}}:

buildPythonPackage rec {{
  pname = "demo";
  version = "1.0";
  pyproject = true;

  src = fetchPypi {{
    inherit pname version;
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  }};
{extra}
  dependencies = {dependencies};
}}
"""


def written(dependencies: str, extra: str = ""):
    return read_text(file(dependencies, extra), "demo.nix", "demo", TARGET)[0]


def declared(deps: dict[str, Condition], *, disabled: Condition = Condition(()), bounds=None) -> Declared:
    return Declared(
        "demo",
        "1",
        {"dependencies": {a: Dependency(a, c, requirements=()) for a, c in deps.items()}},
        disabled=cells_of(disabled, TARGET),
        bounds=bounds or {},
    )


def test_upstream_additions_and_removals_land():
    m = merge(declared({"a": ALWAYS, "b": ALWAYS}), written("[ a b ]"), declared({"a": ALWAYS, "c": ALWAYS}), TARGET)
    assert m.changes == (DepChange("dependencies", "b", "remove"), DepChange("dependencies", "c", "add", ALWAYS))
    assert not m.conflicts and not m.held


def test_a_dependency_added_by_hand_stays_and_one_removed_by_hand_stays_out():
    # the file adds c and drops b; upstream changed nothing about either
    m = merge(declared({"a": ALWAYS, "b": ALWAYS}), written("[ a c ]"), declared({"a": ALWAYS, "b": ALWAYS}), TARGET)
    assert m.changes == ()


def test_a_condition_moves_when_the_file_followed_upstream():
    m = merge(declared({"a": ALWAYS}), written("[ a ]"), declared({"a": OLDER_313}), TARGET)
    assert m.changes == (DepChange("dependencies", "a", "move", OLDER_313),)


def test_a_hand_made_condition_is_not_overwritten():
    theirs = written("lib.optionals stdenv.hostPlatform.isLinux [ a ]")
    m = merge(declared({"a": ALWAYS}), theirs, declared({"a": OLDER_313}), TARGET)
    assert m.changes == ()
    assert m.conflicts == (
        'dependencies: a: upstream moved it from always to pythonOlder "3.13", '
        "the file has it when stdenv.hostPlatform.isLinux; left as it is",
    )


def test_an_unreadable_condition_is_reported_not_guessed():
    m = merge(declared({"a": ALWAYS}), written("lib.optionals someFlag [ a ]"), declared({"a": OLDER_313}), TARGET)
    assert m.changes == () and "cannot be read" in m.conflicts[0]


def test_two_spellings_of_one_condition_are_equal():
    theirs = written('lib.optionals (!(pythonAtLeast "3.13")) [ a ]')
    m = merge(declared({"a": OLDER_313}), theirs, declared({}), TARGET)
    assert m.changes == (DepChange("dependencies", "a", "remove"),)


def test_without_a_base_nothing_is_removed_or_moved():
    m = merge(None, written("[ a b ]"), declared({"a": OLDER_313, "c": ALWAYS}), TARGET)
    assert m.changes == (DepChange("dependencies", "c", "add", ALWAYS),)
    assert m.held == (
        'dependencies: a: upstream has it when pythonOlder "3.13", the file always (the metadata of 1.0 was not available); kept',
        "dependencies: b: not in upstream's 1 (the metadata of 1.0 was not available); kept",
    )


def test_python_remove_deps_keeps_an_upstream_addition_out():
    extra = '\n  pythonRemoveDeps = [ "c" ];\n'
    m = merge(declared({"a": ALWAYS}), written("[ a ]", extra), declared({"a": ALWAYS, "c": ALWAYS}), TARGET)
    assert m.changes == () and m.notes == ("dependencies: c: upstream requires it, pythonRemoveDeps keeps it out",)


def test_a_dependency_only_under_a_dead_condition_is_moved_not_doubled():
    theirs = written('[ a ] ++ lib.optionals (pythonOlder "3.11") [ b ]')
    m = merge(declared({"a": ALWAYS}), theirs, declared({"a": ALWAYS, "b": OLDER_313}), TARGET)
    assert m.changes == (DepChange("dependencies", "b", "move", OLDER_313),)


def test_disabled_cells_do_not_count():
    # upstream now excludes 3.11 (disabled) and drops b there; on the other cells nothing moved
    disabled = Condition(((Atom("pythonOlder", "3.12"),),))
    b_only_311 = Condition(((Atom("pythonOlder", "3.12"),),))
    m = merge(
        declared({"a": ALWAYS, "b": b_only_311}), written("[ a ]"), declared({"a": ALWAYS}, disabled=disabled), TARGET
    )
    assert m.changes == (DisabledChange(disabled),)


def test_relaxations_follow_the_checkouts_versions():
    old_bound = {"b": (Bound("b", "b", ("<2",), "2.1", "upper"),)}
    new_bound = {"c": (Bound("c", "c", ("<1",), "1.5", "upper"),)}
    extra = '\n  pythonRelaxDeps = [ "b" ];\n'
    m = merge(
        declared({"a": ALWAYS, "b": ALWAYS, "c": ALWAYS}, bounds=old_bound),
        written("[ a b c ]", extra),
        declared({"a": ALWAYS, "b": ALWAYS, "c": ALWAYS}, bounds=new_bound),
        TARGET,
    )
    assert m.changes == (
        RelaxChange("c", "add", "c<1 upstream; nixpkgs has 1.5"),
        RelaxChange("b", "remove", "upstream's any version admits nixpkgs' version"),
    )


def test_a_lower_bound_nixpkgs_is_below_needs_a_person():
    too_old = {"a": (Bound("a", "a", (">=3",), "2.0", "lower"),)}
    m = merge(declared({"a": ALWAYS}), written("[ a ]"), declared({"a": ALWAYS}, bounds=too_old), TARGET)
    assert m.conflicts == ("a: a>=3 upstream; nixpkgs has 2.0: update a first (a relaxation would break at run time)",)


def test_a_list_built_by_a_function_is_refused_only_when_it_must_change():
    theirs = written("lib.attrValues { inherit a; }")
    assert merge(declared({"a": ALWAYS}), theirs, declared({"a": ALWAYS}), TARGET).refused == ()
    refused = merge(declared({"a": ALWAYS}), theirs, declared({"a": ALWAYS, "b": ALWAYS}), TARGET).refused
    assert [(o.binding, o.reason) for o in refused] == [
        ("dependencies", "a call of lib.attrValues where a list is expected")
    ]


def test_upstream_moves_describe_the_release():
    before = declared({"a": ALWAYS, "b": ALWAYS})
    after = declared({"a": DARWIN, "c": ALWAYS})
    assert [m.line() for m in upstream_moves(before, after, TARGET)] == [
        "~ dependencies: a always -> when stdenv.hostPlatform.isDarwin",
        "- dependencies: b",
        "+ dependencies: c",
    ]


def test_a_new_extra_stays_out_of_a_file_without_extras():
    ours = Declared("demo", "2", {"dependencies": {}, "optional-dependencies.cli": {"b": Dependency("b")}}, frozenset())
    m = merge(declared({}), written("[ ]"), ours, TARGET)
    assert m.changes == ()
    assert m.notes == (
        "optional-dependencies.cli: upstream adds the extra; the file lists no extras, so it is not added",
    )


def test_a_backend_switch_in_an_older_file_needs_a_person():
    setuptools = {"build-system": {"setuptools": Dependency("setuptools")}, "dependencies": {}}
    flit = {"build-system": {"flit-core": Dependency("flit-core")}, "dependencies": {}}
    base, ours = Declared("demo", "1", setuptools, frozenset()), Declared("demo", "2", flit, frozenset())
    native = written("[ ]", "\n  nativeBuildInputs = [ setuptools ];\n")
    m = merge(base, native, ours, TARGET)
    assert m.changes == (DepChange("build-system", "flit-core", "add", ALWAYS),)
    assert m.conflicts == (
        "build-system: setuptools: upstream drops it, the file has it in nativeBuildInputs (or a hook): left as it is",
    )
    legacy = written("[ ]", '\n  format = "setuptools";\n')
    m = merge(base, legacy, ours, TARGET)
    assert m.changes == () and len(m.conflicts) == 1 and "format = 'setuptools'" in m.conflicts[0]


def test_an_extra_the_file_left_out_is_not_carried_nor_reported():
    extras = {"dependencies": {}, "optional-dependencies.cli": {"b": Dependency("b")}}
    more = {"dependencies": {}, "optional-dependencies.cli": {"b": Dependency("b"), "c": Dependency("c")}}
    m = merge(
        Declared("demo", "1", extras, frozenset()), written("[ ]"), Declared("demo", "2", more, frozenset()), TARGET
    )
    assert (m.changes, m.conflicts, m.moves) == ((), (), ())


def test_a_dependency_removed_by_hand_stays_out_when_upstream_moves_it():
    m = merge(declared({"a": ALWAYS, "b": ALWAYS}), written("[ a ]"), declared({"a": ALWAYS, "b": OLDER_313}), TARGET)
    assert (m.changes, m.conflicts) == ((), ())
