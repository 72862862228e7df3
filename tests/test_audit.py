"""``audit``: files compared with upstream at the versions they have; one line per finding,
grouped per package; exit 1 when something needs a person.  The cases are the update fixtures
(tests/fixtures/update) at their old versions, some edited into the shape of a real mistake."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from nixpkgs_fixture import GIT_ENV, commit_all
from update_cases import VERSIONS, checkout, module_file, sdists

OLD = [("jsonschema", "4.17.3"), ("anyio", "4.6.2"), ("pydantic", "2.9.2"), ("click", "8.1.7"), ("django", "5.2.8")]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def audit(root, *args):
    return run_cli("audit", *args, "--nixpkgs", root)


def findings(res) -> dict[str, list[tuple[str, str, str]]]:
    data = json.loads(res.stdout)
    return {p["attr"]: [(f["severity"], f["kind"], f["message"]) for f in p["findings"]] for p in data["packages"]}


def edit(root, attr, old, new):
    path = module_file(root, attr)
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))
    commit_all(root, "edit")


def test_files_that_match_upstream_need_no_person(tmp_path):
    root = checkout(tmp_path, [a for a, _ in OLD])
    res = audit(root, "--sdists", sdists(tmp_path, OLD))
    assert res.status == 0, res.stdout + res.stderr
    assert res.stdout.splitlines() == [
        "anyio 4.6.2: pkgs/development/python-modules/anyio/default.nix",
        '  40: info: dead-condition: dependencies: (pythonOlder "3.11") is never true for the checkout\'s interpreters',
        "jsonschema 4.17.3: pkgs/development/python-modules/jsonschema/default.nix",
        "  65: info: extra: dependencies: typing-extensions: the file has it always, upstream never declares it",
    ]
    assert "audited 5 of" in res.stderr and "0 need a person" in res.stderr


def test_a_missing_dependency_needs_a_person(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    edit(root, "jsonschema", "  dependencies = [\n    pyrsistent\n", "  dependencies = [\n")
    res = audit(root, "jsonschema", "--sdists", sdists(tmp_path, OLD[:1]), "--json")
    assert res.status == 1
    assert (
        "error",
        "missing",
        "dependencies: pyrsistent: upstream needs it always, the file has it never",
    ) in findings(res)["jsonschema"]


def test_a_condition_narrower_than_upstreams(tmp_path):
    root = checkout(tmp_path, ["django"])
    edit(
        root,
        "django",
        "    asgiref\n    sqlparse\n  ];",
        '    sqlparse\n  ]\n  ++ lib.optionals (pythonAtLeast "3.13") [ asgiref ];',
    )
    edit(root, "django", "  fetchPypi,\n", "  fetchPypi,\n  pythonAtLeast,\n")
    res = audit(root, "django", "--sdists", sdists(tmp_path, [("django", "5.2.8")]), "--json")
    assert res.status == 1
    assert (
        "error",
        "condition",
        'dependencies: asgiref: upstream needs it always, the file has it when pythonAtLeast "3.13"',
    ) in findings(res)["django"]


def test_a_bound_the_checkout_breaks_without_a_relaxation(tmp_path):
    root = checkout(tmp_path, ["pydantic"], versions={**VERSIONS, "pydantic-core": "2.27.1"})
    res = audit(root, "pydantic", "--sdists", sdists(tmp_path, [("pydantic", "2.9.2")]), "--json")
    assert res.status == 1
    assert (
        "error",
        "bound",
        "dependencies: pydantic-core: pydantic-core==2.23.4 upstream; nixpkgs has 2.27.1, not in pythonRelaxDeps",
    ) in findings(res)["pydantic"]


def test_a_relaxation_that_is_no_longer_needed(tmp_path):
    root = checkout(tmp_path, ["pydantic"])  # pydantic-core 2.23.4: what 2.9.2 pins
    edit(root, "pydantic", "  dependencies = [", '  pythonRelaxDeps = [ "pydantic-core" ];\n\n  dependencies = [')
    res = audit(root, "pydantic", "--sdists", sdists(tmp_path, [("pydantic", "2.9.2")]), "--json")
    assert res.status == 0
    assert (
        "info",
        "relax-unneeded",
        "pythonRelaxDeps: pydantic-core: upstream's ==2.23.4 admits nixpkgs' version",
    ) in findings(res)["pydantic"]


def test_disabled_against_requires_python(tmp_path):
    root = checkout(tmp_path, ["django"])
    edit(root, "django", '  version = "5.2.8";', '  version = "6.0";')  # bumped by hand, disabled forgotten
    res = audit(root, "django", "--sdists", sdists(tmp_path, [("django", "6.0")]), "--json")
    assert res.status == 0  # a warning: an interpreter set Hydra may not build, nixpkgs often leaves these
    (disabled,) = [f for f in findings(res)["django"] if f[1] == "disabled"]
    assert disabled == (
        "warning",
        "disabled",
        "disabled: upstream's requires-python (>=3.12) excludes python3.11, the file builds there "
        '(when pythonOlder "3.12" upstream)',
    )


def test_extras(tmp_path):
    root = checkout(tmp_path, ["django"])
    edit(root, "django", "    bcrypt = [ bcrypt ];\n", "    scrypt = [ bcrypt ];\n")
    res = audit(root, "django", "--sdists", sdists(tmp_path, [("django", "5.2.8")]), "--json")
    assert res.status == 0
    got = findings(res)["django"]
    assert (
        "info",
        "extra-missing",
        "optional-dependencies: upstream declares bcrypt; the file does not",
    ) in got
    assert ("info", "extra-unknown", "optional-dependencies.scrypt: upstream declares no such extra") in got


def test_errors_only_and_a_file_without_a_release(tmp_path):
    root = checkout(tmp_path, ["jsonschema", "click"])
    edit(root, "jsonschema", "  dependencies = [\n    pyrsistent\n", "  dependencies = [\n")
    res = audit(root, "jsonschema", "click", "--sdists", sdists(tmp_path, OLD[:1]), "--errors-only")
    assert res.status == 1
    assert res.stdout.splitlines() == [
        "jsonschema 4.17.3: pkgs/development/python-modules/jsonschema/default.nix",
        "  62: error: missing: dependencies: pyrsistent: upstream needs it always, the file has it never",
    ]
    assert "nixpkgs-contrib: click: not audited: no sdist of click 8.1.7" in res.stderr


def test_a_pool_finds_what_one_process_finds(tmp_path):
    root = checkout(tmp_path, [a for a, _ in OLD])
    folder = sdists(tmp_path, OLD)
    one = audit(root, "--sdists", folder, "--json", "--jobs", "1")
    two = audit(root, "--sdists", folder, "--json", "--jobs", "2")
    assert one.status == two.status == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


@pytest.mark.parametrize(
    "case", [("jsonschema", "4.17.3", "4.18.0"), ("django", "5.2.8", "6.0"), ("click", "8.1.7", "8.1.8")]
)
def test_after_update_audit_finds_nothing_update_could_have_done(tmp_path, case):
    """One diff engine: what update merged in, audit at the new version agrees with."""
    attr, old, new = case
    root = checkout(tmp_path, [attr])
    folder = sdists(tmp_path, [(attr, old), (attr, new)])
    assert run_cli("update", attr, "--nixpkgs", root, "--sdists", folder, "--commit").status == 0
    res = audit(root, attr, "--sdists", folder, "--json")
    assert res.status == 0, res.stdout
    assert all(severity == "info" for severity, _, _ in findings(res)[attr])


def test_unknown_attribute(tmp_path):
    root = checkout(tmp_path, ["click"])
    res = audit(root, "clik")
    assert res.status == 1 and res.stderr.count("\n") == 1
    assert "no python-modules file for clik (did you mean click?)" in res.stderr


# --- "missing" is judged against what the build holds through the file's inputs -------------------


def test_a_dependency_another_input_brings_is_only_worth_a_look(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    edit(root, "jsonschema", "  dependencies = [\n    pyrsistent\n", "  dependencies = [\n")
    # the checkout's typing-extensions (a fixture file) propagates pyrsistent
    path = module_file(root, "typing-extensions")
    path.write_text(
        path.read_text().replace("  pythonImportsCheck", "  dependencies = [ pyrsistent ];\n\n  pythonImportsCheck")
    )
    commit_all(root, "typing-extensions propagates pyrsistent")
    res = audit(root, "jsonschema", "--sdists", sdists(tmp_path, OLD[:1]), "--json")
    assert res.status == 0
    assert (
        "info",
        "missing",
        "dependencies: pyrsistent: upstream needs it always, the file has it never (it comes through typing-extensions)",
    ) in findings(res)["jsonschema"]


def test_a_dependency_only_the_tests_bring_is_a_warning(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    edit(root, "jsonschema", "  dependencies = [\n    pyrsistent\n", "  dependencies = [\n")
    edit(root, "jsonschema", "    pytestCheckHook\n    twisted\n", "    pyrsistent\n    pytestCheckHook\n    twisted\n")
    res = audit(root, "jsonschema", "--sdists", sdists(tmp_path, OLD[:1]), "--json")
    assert res.status == 0
    assert (
        "warning",
        "missing",
        "dependencies: pyrsistent: upstream needs it always, the file has it never "
        "(only the tests bring it, through pyrsistent: the build passes, users of the package lack it)",
    ) in findings(res)["jsonschema"]


def test_a_backend_a_hook_brings_is_no_finding(tmp_path):
    root = checkout(tmp_path, ["click"])
    edit(root, "click", "  build-system = [ setuptools ];\n", "  nativeBuildInputs = [ setuptoolsBuildHook ];\n")
    res = audit(root, "click", "--sdists", sdists(tmp_path, [("click", "8.1.7")]), "--json")
    assert res.status == 0 and findings(res)["click"] == []


def test_an_input_the_checkout_has_no_file_for_makes_missing_unknown(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    edit(root, "jsonschema", "  dependencies = [\n    pyrsistent\n", "  dependencies = [\n    left-pad\n")
    res = audit(root, "jsonschema", "--sdists", sdists(tmp_path, OLD[:1]), "--json")
    assert res.status == 0
    assert (
        "info",
        "missing",
        "dependencies: pyrsistent: upstream needs it always, the file has it never "
        "(the checkout has no file for left-pad: whether they bring it is not known)",
    ) in findings(res)["jsonschema"]


def test_a_second_audit_reads_the_facts_it_kept(tmp_path):
    root = checkout(tmp_path, [a for a, _ in OLD])
    folder = sdists(tmp_path, OLD)
    first = audit(root, "--sdists", folder, "--json", "--jobs", "1")
    kept = sorted((tmp_path / "cache" / "nixpkgs-contrib" / "facts").iterdir())
    assert len(kept) == len(OLD)
    second = audit(root, "--sdists", folder, "--json", "--jobs", "1")
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert sorted((tmp_path / "cache" / "nixpkgs-contrib" / "facts").iterdir()) == kept


@pytest.mark.parametrize(
    "setup_py",
    [
        # no package setuptools would find: the wheel installs no module
        "from setuptools import setup\nsetup(packages=[])\n",
        # packages computed in a way the evaluator does not follow
        "import os\nfrom setuptools import setup\nsetup(packages=[d for d, _, _ in os.walk('click')])\n",
    ],
)
def test_a_release_whose_import_names_cannot_be_read_is_still_audited(tmp_path, setup_py):
    """Audit compares dependencies; the modules the wheel installs are not needed, so a release
    whose packages cannot be worked out statically is audited all the same."""
    import shutil

    from conftest import build_sdist
    from update_cases import release_dir

    source = tmp_path / "click-src"
    shutil.copytree(release_dir("click", "8.1.7"), source)
    (source / "setup.py").write_text(setup_py)
    if "packages=[]" in setup_py:
        shutil.rmtree(source / "click")
        (source / "setup.cfg").write_text((source / "setup.cfg").read_text().replace("packages = find:\n", ""))
    folder = tmp_path / "sdists"
    folder.mkdir()
    build_sdist(source, folder, "click-8.1.7")
    root = checkout(tmp_path, ["click"])
    res = audit(root, "click", "--sdists", folder, "--json")
    assert "not audited" not in res.stderr, res.stderr
    assert "audited 1 of 1" in res.stderr
    assert res.status == 0, res.stdout + res.stderr
