"""Index-aware decisions: missing and aliased inputs, relaxations from version bounds, refusal of
too-old versions, and the checkout's interpreters as the target."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_cli
from nixpkgs_fixture import make_nixpkgs
from packaging.specifiers import Specifier
from packaging.version import Version

from nixpkgs_contrib.nixpkgs import compat
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex
from nixpkgs_contrib.pipeline import emit_single
from nixpkgs_contrib.plan import FAKE_HASH, Options

GITHUB = ["--github", "acme-org/acme", "--tag", "v1.0.0", "--hash", FAKE_HASH]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def project(root: Path, name: str, deps: list[str], requires_python: str = ">=3.9") -> Path:
    """A hatchling project with *deps* and a test directory."""
    root.mkdir(parents=True, exist_ok=True)
    listed = "".join(f"  {d!r},\n" for d in deps)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{name}"
            version = "1.0.0"
            description = "Fixture for index checks"
            license = "MIT"
            requires-python = "{requires_python}"
            dependencies = [
            """
        )
        + listed
        + "]\n"
    )
    module = root / "src" / name.replace("-", "_")
    module.mkdir(parents=True, exist_ok=True)
    (module / "__init__.py").write_text("")
    return root


def plans_for(src: Path, index: NixpkgsIndex):
    options = compat.options_for(Options(github=("acme-org", "acme"), tag="v1.0.0", hash=FAKE_HASH), index)
    return emit_single(src, options).plans


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        ("<2.10", "2.11.3", "upper"),
        ("<=14.0", "15.1", "upper"),
        ("!=1.5", "1.5", "upper"),
        ("==1.2", "1.3", "upper"),
        ("==1.2", "1.1", "lower"),
        ("==1.*", "2.0", "upper"),
        ("==1.*", "0.9", "lower"),
        ("~=1.4", "2.0", "upper"),
        ("~=1.4", "1.3", "lower"),
        (">=2", "1.10", "lower"),
        (">2", "2", "lower"),
        ("<3", "2.0", None),
        ("<=2.5", "2.5", None),
    ],
)
def test_violation_kinds(spec, version, expected):
    assert compat.violation(Specifier(spec), Version(version)) == expected


def test_upper_bound_is_relaxed_with_the_bound_and_version_in_the_comment(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "2.11.3", "requests": "2.32.3"})
    src = project(tmp_path / "p", "acme", ["pydantic>=2,<2.10", "requests>=2"])
    out = tmp_path / "out"
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", out)
    assert res.status == 0, res.stderr
    text = (out / "pkgs/development/python-modules/acme/default.nix").read_text()
    assert '  pythonRelaxDeps = [\n    # pydantic<2.10 upstream; nixpkgs has 2.11.3\n    "pydantic"\n  ];\n' in text
    assert "requests" not in text.split("pythonRelaxDeps")[1].split("];")[0]
    # without the checkout nothing is relaxed: the decision really comes from the index
    plain = run_cli("emit", src, *GITHUB, "--out", tmp_path / "plain")
    assert plain.status == 0, plain.stderr
    assert "pythonRelaxDeps" not in (tmp_path / "plain/pkgs/development/python-modules/acme/default.nix").read_text()


def test_older_than_lower_bound_is_refused(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "1.10.2"})
    src = project(tmp_path / "p", "acme", ["pydantic>=2"])
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1
    assert "acme needs pydantic>=2" in res.stderr and "pydantic 1.10.2" in res.stderr
    assert not (tmp_path / "out").exists()


def test_bounds_differing_per_interpreter_name_the_interpreters(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "grpcio": "1.71.0"}, pythons=("3.11", "3.12", "3.13", "3.14"))
    src = project(
        tmp_path / "p",
        "acme",
        ['grpcio>=1.44; python_version < "3.13"', 'grpcio>=1.66,<1.70; python_version >= "3.13"'],
    )
    [plan] = compat.reconcile(plans_for(src, NixpkgsIndex.load(root)), NixpkgsIndex.load(root)).plans
    assert plan.package.relax_deps == (("grpcio", "grpcio<1.70 upstream on Python 3.13, 3.14; nixpkgs has 1.71.0"),)


def test_recipe_relaxation_keeps_its_own_reason(tmp_path):
    import attrs

    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "pydantic": "2.11.3"})
    index = NixpkgsIndex.load(root)
    src = project(tmp_path / "p", "acme", ["pydantic<2.10"])
    [plan] = plans_for(src, index)
    given = attrs.evolve(plan, package=attrs.evolve(plan.package, relax_deps=(("pydantic", "works with 2.11"),)))
    result = compat.reconcile([given], index)
    assert result.plans[0].package.relax_deps == (("pydantic", "works with 2.11"),)
    assert result.relaxations == ()


def test_unparseable_nixpkgs_version_is_skipped_with_a_note(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "oddver": "0-unstable-2024-05-01"})
    index = NixpkgsIndex.load(root)
    src = project(tmp_path / "p", "acme", ["oddver<1"])
    result = compat.reconcile(plans_for(src, index), index)
    assert result.plans[0].package.relax_deps == ()
    assert any("oddver" in n and "not PEP 440" in n for n in result.notes)


def test_missing_and_aliased_dependencies_are_listed_in_one_line(tmp_path):
    root = make_nixpkgs(
        tmp_path,
        {"hatchling": "1.27.0", "requests": "2.32.3", "new-name": "1.0"},
        aliases={"old-name": "new-name", "gone": None},
    )
    src = project(tmp_path / "p", "acme", ["requets", "old-name", "gone", "not-in-nixpkgs-at-all"])
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1
    line = res.stderr.strip()
    assert "\n" not in line
    assert "4 dependencies are not in the nixpkgs checkout" in line
    assert "requets (needed by acme; did you mean requests?)" in line
    assert "old-name (needed by acme; an alias of new-name" in line
    assert "gone (needed by acme; removed from nixpkgs: 'gone' has been removed" in line
    assert "not-in-nixpkgs-at-all" in line and "--allow-missing" in line

    allowed = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--allow-missing", "--out", tmp_path / "out")
    assert allowed.status == 0, allowed.stderr
    assert "note: requets is missing from the checkout" in allowed.stderr


def test_family_siblings_count_as_present_and_their_pins_are_never_relaxed(tmp_path):
    repo = tmp_path / "repo"
    project(repo / "core", "acme-core", [])
    project(repo / "web", "acme-web", ["acme-core==1.0.0"])
    # the checkout has an *older* acme-core: a sibling pin is satisfied by construction anyway
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "acme-core": "0.9.0"})
    res = run_cli("emit", repo, *GITHUB, "--package", "core", "--package", "web", "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    web = (tmp_path / "out/pkgs/development/python-modules/acme-web/default.nix").read_text()
    assert "pythonRelaxDeps" not in web and "acme-core" in web


def test_checkout_interpreters_prune_dead_conditionals(tmp_path):
    deps = [
        'tomli; python_version < "3.11"',
        'exceptiongroup; python_version < "3.11"',
        'typing-extensions; python_version < "3.13"',
    ]
    src = project(tmp_path / "p", "acme", deps, requires_python=">=3.9")
    root = make_nixpkgs(
        tmp_path,
        {"hatchling": "1.27.0", "tomli": "2.2.1", "exceptiongroup": "1.3.0", "typing-extensions": "4.14.0"},
        pythons=("3.11", "3.12", "3.13", "3.14"),
    )
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    text = (tmp_path / "out/pkgs/development/python-modules/acme/default.nix").read_text()
    assert "tomli" not in text and "exceptiongroup" not in text
    assert 'lib.optionals (pythonOlder "3.13") [ typing-extensions ]' in text
    assert "disabled" not in text
    # the same project for the default matrix (3.9-3.14) keeps the 3.11 conditionals
    wide = run_cli("emit", src, *GITHUB, "--out", tmp_path / "wide")
    assert wide.status == 0, wide.stderr
    assert "tomli" in (tmp_path / "wide/pkgs/development/python-modules/acme/default.nix").read_text()


def test_upper_python_bound_disables_only_shipped_interpreters(tmp_path):
    src = project(tmp_path / "p", "acme", [], requires_python=">=3.9,<3.14")
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0"}, pythons=("3.11", "3.12", "3.13", "3.14"))
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    text = (tmp_path / "out/pkgs/development/python-modules/acme/default.nix").read_text()
    assert 'disabled = pythonAtLeast "3.14";' in text and "pythonOlder" not in text


def test_explicit_interpreters_conflict_with_the_checkout(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0"})
    src = project(tmp_path / "p", "acme", [])
    res = run_cli("emit", src, *GITHUB, "--python", "3.12", "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1 and "--nixpkgs decides the interpreters" in res.stderr


def test_target_follows_the_checkout(tmp_path):
    root = make_nixpkgs(tmp_path, {}, pythons=("3.12", "3.13"))
    assert compat.target_for(NixpkgsIndex.load(root)).pythons == ("3.12", "3.13")


# --------------------------------------------------------------------------------------------------
# messages: near misses, no interpreters


CANDIDATES = ["jinja2", "requests", "psycopg2", "python-dateutil", "idna", "idna-ssl", "tomli", "attrs", "pyyaml", "zope-interface", "msgpack"]


@pytest.mark.parametrize(
    ("missing", "suggested"),
    [
        ("requets", ("requests",)),  # a typo
        ("reqeusts", ("requests",)),  # a transposition
        ("PyYAML", ("pyyaml",)),  # the same letters
        ("zope.interface", ("zope-interface",)),  # the same name, other separators
        ("psycopg2-binary", ("psycopg2",)),  # a distribution word
        ("dateutil", ("python-dateutil",)),
        ("msgpack-python", ("msgpack",)),
    ],
)
def test_near_misses_that_are_really_close(missing, suggested):
    assert compat.near_misses(missing, CANDIDATES) == suggested


@pytest.mark.parametrize("missing", ["idna-ng", "jinja", "requests-toolbelt", "attr-x", "ab", "not-in-nixpkgs-at-all"])
def test_no_near_miss_for_other_names(missing):
    suggested = compat.near_misses(missing, ["idna", "jinja2", "requests", "attrs"])
    # jinja -> jinja2 is one edit and stays; the others are different packages
    assert suggested == (("jinja2",) if missing == "jinja" else ())


def test_idna_is_not_a_near_miss_of_jinja2_either_way():
    assert compat.near_misses("idna", ["jinja2"]) == ()
    assert compat.near_misses("jinja2", ["idna"]) == ()


def test_missing_dependency_message_uses_only_close_names(tmp_path):
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "jinja2": "3.1.6"})
    src = project(tmp_path / "p", "acme", ["idna", "jinja"])
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1
    assert "idna (needed by acme)" in res.stderr and "jinja (needed by acme; did you mean jinja2?)" in res.stderr


def test_no_interpreters_names_the_file_it_read(tmp_path):
    root = make_nixpkgs(tmp_path, {}, pythons=())
    res = run_cli("emit", project(tmp_path / "p", "acme", []), *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1
    (line,) = res.stderr.splitlines()
    assert f"{root}/pkgs/development/interpreters/python/default.nix: defines no CPython interpreter" in line
    assert "pkgs/top-level/all-packages.nix" in line
def with_tests(root: Path, tests: list[str]) -> Path:
    """Give *root*'s project a test suite and a ``[dependency-groups] tests`` list."""
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_acme.py").write_text("def test_nothing():\n    pass\n")
    listed = ", ".join(repr(t) for t in tests)
    with open(root / "pyproject.toml", "a") as fh:
        fh.write(f"\n[dependency-groups]\ntests = [{listed}]\n")
    return root


def test_missing_test_dependency_switches_tests_off_instead_of_stopping(tmp_path):
    """dagster's test extra names buildkite-test-collector (a CI plugin) and morefs, neither in nixpkgs."""
    src = with_tests(project(tmp_path / "p", "acme", ["click"]), ["pytest", "buildkite-test-collector", "morefs", "pytest-mock"])
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "click": "8.2.1", "pytest-mock": "3.14.0"})
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    text = (tmp_path / "out/pkgs/development/python-modules/acme/default.nix").read_text()
    assert "  # tests need morefs, not in nixpkgs yet\n  doCheck = false;\n" in text
    assert "morefs" not in text.replace("tests need morefs", "") and "buildkite" not in text
    assert "nativeCheckInputs" not in text and "pytest-mock" not in text
    assert "warning: acme: doCheck = false because the checkout lacks the test dependency morefs" in res.stderr


def test_present_test_dependencies_keep_the_tests(tmp_path):
    src = with_tests(project(tmp_path / "p", "acme", ["click"]), ["pytest", "buildkite-test-collector", "pytest-mock"])
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "click": "8.2.1", "pytest-mock": "3.14.0"})
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 0, res.stderr
    text = (tmp_path / "out/pkgs/development/python-modules/acme/default.nix").read_text()
    assert "doCheck" not in text and "    pytest-mock\n" in text and "buildkite" not in text
    assert "doCheck = false because" not in res.stderr


def test_missing_runtime_dependency_still_stops(tmp_path):
    src = with_tests(project(tmp_path / "p", "acme", ["click", "morefs"]), ["pytest", "morefs"])
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "click": "8.2.1"})
    res = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "out")
    assert res.status == 1 and "morefs" in res.stderr and "not in the nixpkgs checkout" in res.stderr
    assert not (tmp_path / "out").exists()


def test_missing_test_tool_is_dropped_with_a_note(tmp_path):
    """A tool among the test inputs (here put there by hand) that the checkout lacks is dropped and
    the tests stay on; the pytest-cov stub is not such a tool (the project's pytest options may
    name --cov), so its absence switches the tests off."""
    import attrs

    from nixpkgs_contrib.model import Dependency

    src = with_tests(project(tmp_path / "p", "acme", ["click"]), ["pytest", "pytest-cov", "pytest-mock"])
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "click": "8.2.1", "pytest-mock": "3.14.0"})
    index = NixpkgsIndex.load(root)
    (plan,) = plans_for(src, index)
    inputs = [d.attr for d in plan.package.native_check_inputs]
    assert inputs == ["pytestCheckHook", "pytest-cov-stub", "pytest-mock"]
    with_tool = attrs.evolve(
        plan.package,
        native_check_inputs=tuple(d for d in plan.package.native_check_inputs if d.attr != "pytest-cov-stub")
        + (Dependency("pytest-xdist"),),
    )
    package, note, warning = compat.without_missing_test_inputs(with_tool, index)
    assert warning is None and package.no_check_reason is None
    assert note == "acme: dropped test tools the checkout lacks: pytest-xdist"
    assert [d.attr for d in package.native_check_inputs] == ["pytestCheckHook", "pytest-mock"]
    package, note, warning = compat.without_missing_test_inputs(plan.package, index)
    assert package.no_check_reason == "tests need pytest-cov-stub, not in nixpkgs yet" and note is None


def test_an_extra_the_checkout_does_not_define_is_left_out_with_a_note(tmp_path):
    """jsonpickle asks for ``setuptools_scm[toml]``: nixpkgs' setuptools-scm defines only ``rich``
    (upstream's ``toml`` is empty since setuptools-scm 8), and ``…optional-dependencies.toml``
    fails to evaluate.  The checkout's file says which extras exist; a file that does not spell
    them out keeps the reference."""
    from nixpkgs_fixture import commit_all

    src = project(tmp_path / "p", "acme", ["click[colour,rich]", "attrs[tests]"])
    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "click": "8.2.1", "attrs": "25.1.0"}, commit=False)
    modules = root / "pkgs/development/python-modules"
    (modules / "click/default.nix").write_text(
        '{ buildPythonPackage, rich }:\nbuildPythonPackage {\n  pname = "click";\n  version = "8.2.1";\n'
        "  optional-dependencies = {\n    rich = [ rich ];\n  };\n}\n"
    )
    (modules / "attrs/default.nix").write_text(
        '{ buildPythonPackage, extras }:\nbuildPythonPackage {\n  pname = "attrs";\n  version = "25.1.0";\n'
        "  optional-dependencies = extras;\n}\n"
    )
    commit_all(root, "init")
    index = NixpkgsIndex.load(root, cache=False)
    reconciled = compat.reconcile(plans_for(src, index), index)
    (plan,) = reconciled.plans
    assert {d.attr: d.extras for d in plan.package.dependencies} == {"attrs": ("tests",), "click": ("rich",)}
    assert "acme: click.optional-dependencies.colour left out: nixpkgs' click defines no such extra (it has rich)" in reconciled.notes


def test_extras_written_without_a_checkout_are_named_in_a_warning(tmp_path):
    """``transformers[vision]`` and friends: nixpkgs defines only some extras (its transformers
    defines none), and a file naming a missing one does not evaluate.  Without ``--nixpkgs``
    nothing can check them: the references are written as upstream asks and a warning names them;
    with the checkout the undefined ones are left out and nothing is left to warn about."""
    src = project(tmp_path / "p", "acme", ["transformers[vision]", "click[rich]", "idna"])
    plain = run_cli("emit", src, *GITHUB, "--out", tmp_path / "plain")
    assert plain.status == 0, plain.stderr
    (warning,) = [line for line in plain.stderr.splitlines() if line.startswith("nixpkgs-contrib: warning:") and "optional-dependencies" in line]
    assert "acme: click.optional-dependencies.rich, transformers.optional-dependencies.vision are written as upstream asks" in warning
    assert "--nixpkgs PATH" in warning
    text = next((tmp_path / "plain").rglob("acme/default.nix")).read_text()
    assert "transformers.optional-dependencies.vision" in text

    root = make_nixpkgs(tmp_path, {"hatchling": "1.27.0", "transformers": "4.57.0", "click": "8.2.1", "idna": "3.10"})
    checked = run_cli("emit", src, *GITHUB, "--nixpkgs", root, "--out", tmp_path / "checked")
    assert checked.status == 0, checked.stderr
    assert "written as upstream asks" not in checked.stderr


def test_no_warning_without_extras(tmp_path):
    src = project(tmp_path / "p", "acme", ["idna"])
    res = run_cli("emit", src, *GITHUB, "--out", tmp_path / "out")
    assert res.status == 0 and "optional-dependencies" not in res.stderr
