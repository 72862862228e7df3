"""``update ATTR --nixpkgs PATH``: files nixpkgs already has, moved to a new release by a three-way
merge.  Each case reproduces a real upstream release pair (tests/fixtures/update/README.md); after
the update, the dependencies Nix evaluates for every interpreter × system are upstream's (plus and
minus what the file did by hand), and the file's own edits are still there byte for byte."""

from __future__ import annotations

import json

import pytest
from conftest import GOLDEN, run_cli
from nixeval import requires_nix
from nixpkgs_fixture import GIT_ENV, git
from update_cases import (
    PYTHONS,
    VERSIONS,
    checkout,
    clone,
    evaluate_files,
    module_file,
    sdists,
    status,
    unified_diff,
    upstream_dependencies,
)

from nixpkgs_contrib import __version__
from nixpkgs_contrib.hashing.sources import hash_github_tag
from nixpkgs_contrib.matrix import DEFAULT_SYSTEMS, Environment

SYSTEMS = DEFAULT_SYSTEMS


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def update(root, *args):
    return run_cli("update", *args, "--nixpkgs", root)


def check_golden(file_regression, name: str, before: str, after: str, attr: str) -> None:
    diff = unified_diff(before, after, f"pkgs/development/python-modules/{attr}/default.nix")
    file_regression.check(diff, fullpath=GOLDEN / f"update-{name}" / f"{attr}.diff", binary=False, newline="\n")


def evaluated(root, attr: str) -> dict:
    """(python, system) → facts of *attr*, evaluated with the stand-in nixpkgs."""
    facts = evaluate_files(root, [attr], root.parent / "evaluated", PYTHONS, SYSTEMS)
    return {cell: packages[attr] for cell, packages in facts.items()}


def expect_upstream(root, attr: str, name: str, version: str, *, added=(), removed=(), extras=()) -> None:
    """Nix's dependency set of *attr* is upstream's in every cell, give or take the hand edits."""
    for (python, system), facts in evaluated(root, attr).items():
        env = Environment(python, system)
        if facts["disabled"]:
            continue
        wanted = (upstream_dependencies(name, version, env) | set(added)) - set(removed)
        assert sorted(facts["dependencies"]) == sorted(wanted), (python, system)
        for extra in extras:
            assert sorted(facts["optional-dependencies"][extra]) == sorted(
                upstream_dependencies(name, version, env, extra)
            )


# --- jsonschema 4.17.3 -> 4.18.0: three added, one dropped, a bound moved; every kind of hand edit --


HAND_EDITS = [
    # a dependency added by hand, with its comment
    "    # the vendored format checkers import it on every interpreter\n    typing-extensions\n",
    # a removed one and pythonRemoveDeps
    '  pythonRemoveDeps = [\n    # the attrs-based compatibility layer is patched out above\n    "attrs"\n  ];\n',
    # patches and postPatch
    "  patches = [\n    # the suite fetches remote refs; point them at the bundled copies\n    ./offline-remote-refs.patch\n  ];\n",
    "  postPatch = ''\n    substituteInPlace pyproject.toml \\\n      --replace-fail '\"hatch-vcs\",' \"\"\n  '';\n",
    # disabledTests with its comment
    '  disabledTests = [\n    # need network access\n    "test_remote_ref"\n    "test_draft7_remote_ref"\n  ];\n',
    # anything unknown
    '  env.JSONSCHEMA_NO_NETWORK = "1";\n\n  __darwinAllowLocalNetworking = true;\n',
    # passthru with a comment
    "  passthru = {\n    # referencing and jsonschema-specifications move in lockstep with it\n    skipBulkUpdate = true;\n  };\n",
    # maintainers
    "    maintainers = with lib.maintainers; [\n      alice\n      bob\n    ];\n",
    # the extras, untouched upstream
    "    format-nongpl = [\n      fqdn\n",
]


def test_jsonschema_hand_edits_survive_and_upstream_changes_land(tmp_path, file_regression):
    root = checkout(tmp_path, ["jsonschema"])
    folder = sdists(tmp_path, [("jsonschema", "4.17.3"), ("jsonschema", "4.18.0")])
    before = module_file(root, "jsonschema").read_text()
    for snippet in HAND_EDITS:
        assert snippet in before
    res = update(root, "jsonschema", "--sdists", folder)
    assert res.status == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "jsonschema: 4.17.3 -> 4.18.0"
    assert "  + dependencies: referencing >=0.28.4" in lines
    assert "  - dependencies: pyrsistent !=0.17.0,!=0.17.1,!=0.17.2,>=0.14.0" in lines
    assert "  ~ dependencies: attrs >=17.4.0 -> >=22.2.0" in lines
    after = module_file(root, "jsonschema").read_text()
    for snippet in HAND_EDITS:
        assert snippet in after, snippet
    assert status(root) == " M pkgs/development/python-modules/jsonschema/default.nix"  # written, not committed
    check_golden(file_regression, "jsonschema", before, after, "jsonschema")


@requires_nix
def test_jsonschema_evaluates_to_upstreams_dependencies(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    folder = sdists(tmp_path, [("jsonschema", "4.17.3"), ("jsonschema", "4.18.0")])
    assert update(root, "jsonschema", "--sdists", folder).status == 0
    expect_upstream(
        root,
        "jsonschema",
        "jsonschema",
        "4.18.0",
        added=["typing-extensions"],
        removed=["attrs"],
        extras=["format", "format-nongpl"],
    )


def test_without_the_old_release_nothing_is_removed(tmp_path):
    root = checkout(tmp_path, ["jsonschema"])
    folder = sdists(tmp_path, [("jsonschema", "4.18.0")])  # 4.17.3 is not there
    res = update(root, "jsonschema", "--sdists", folder, "--dry-run")
    assert res.status == 0, res.stderr
    assert "no release 4.17.3" in res.stderr
    assert "  + dependencies: referencing (the new release declares it)" in res.stdout
    assert "  ? dependencies: pyrsistent: not in upstream's 4.18.0" in res.stdout
    assert "+    referencing\n" in res.stdout and "-    pyrsistent\n" not in res.stdout
    assert status(root) == ""


# --- httpx 0.27.2 -> 0.28.0 from a clone: a dependency dropped, the tag hashed offline, --commit ---


def test_httpx_from_a_clone_commits_with_the_compare_link(tmp_path, file_regression):
    root = checkout(tmp_path, ["httpx"])
    repo = clone(tmp_path, "httpx", ["0.27.2", "0.28.0"])
    before = module_file(root, "httpx").read_text()
    head = git(root, "rev-parse", "HEAD")
    res = update(root, "python3Packages.httpx", "--source", repo, "--commit")
    assert res.status == 0, res.stderr
    assert "  - dependencies: sniffio" in res.stdout.splitlines()
    after = module_file(root, "httpx").read_text()
    assert f'hash = "{hash_github_tag(repo, "0.28.0")}";' in after
    assert status(root) == ""
    assert git(root, "rev-list", "--count", f"{head}..HEAD") == "1"
    message = git(root, "log", "-1", "--format=%B")
    assert message == (
        "python3Packages.httpx: 0.27.2 -> 0.28.0\n\n"
        "Diff: https://github.com/encode/httpx/compare/0.27.2...0.28.0\n\n"
        "Changelog: https://github.com/encode/httpx/blob/0.28.0/CHANGELOG.md\n\n"
        f"Assisted-by: nixpkgs-contrib {__version__}"
    )
    check_golden(file_regression, "httpx", before, after, "httpx")


# --- anyio 4.6.2 -> 4.7.0: a marker moves (typing-extensions now below 3.13) -----------------------


def test_anyio_marker_moves_the_dependency_out_of_a_dead_condition(tmp_path, file_regression):
    root = checkout(tmp_path, ["anyio"])
    folder = sdists(tmp_path, [("anyio", "4.6.2"), ("anyio", "4.7.0")])
    before = module_file(root, "anyio").read_text()
    res = update(root, "anyio", "--sdists", folder)
    assert res.status == 0, res.stderr
    assert '  + dependencies: typing-extensions >=4.5 when pythonOlder "3.13"' in res.stdout.splitlines()
    after = module_file(root, "anyio").read_text()
    # the file's own dead term stays (expanded, as nixfmt leaves a list whose source was)
    assert '++ lib.optionals (pythonOlder "3.11") [\n    exceptiongroup\n  ]\n' in after
    assert '++ lib.optionals (pythonOlder "3.13") [ typing-extensions ]' in after
    check_golden(file_regression, "anyio", before, after, "anyio")


@requires_nix
def test_anyio_evaluates_to_upstreams_dependencies(tmp_path):
    root = checkout(tmp_path, ["anyio"])
    folder = sdists(tmp_path, [("anyio", "4.6.2"), ("anyio", "4.7.0")])
    assert update(root, "anyio", "--sdists", folder).status == 0
    expect_upstream(root, "anyio", "anyio", "4.7.0", extras=["trio"])


# --- pydantic 2.9.2 -> 2.10.0: pins move ------------------------------------------------------------


def test_pydantic_pin_beyond_the_checkout_needs_a_person(tmp_path):
    root = checkout(tmp_path, ["pydantic"])  # the checkout has pydantic-core 2.23.4
    folder = sdists(tmp_path, [("pydantic", "2.9.2"), ("pydantic", "2.10.0")])
    res = update(root, "pydantic", "--sdists", folder)
    assert res.status == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "  ~ dependencies: pydantic-core ==2.23.4 -> ==2.27.0" in lines
    assert "  ~ dependencies: typing-extensions >=4.12.2 | >=4.6.1 -> >=4.12.2" in lines
    assert (
        "  ! pydantic-core: pydantic-core==2.27.0 upstream; nixpkgs has 2.23.4: update pydantic-core first "
        "(a relaxation would break at run time)"
    ) in lines
    assert "some upstream changes need a person" in res.stderr
    assert "pythonRelaxDeps" not in module_file(root, "pydantic").read_text()


def test_pydantic_pin_below_the_checkout_is_relaxed(tmp_path):
    root = checkout(tmp_path, ["pydantic"], versions={**VERSIONS, "pydantic-core": "2.27.1"})
    folder = sdists(tmp_path, [("pydantic", "2.9.2"), ("pydantic", "2.10.0")])
    res = update(root, "pydantic", "--sdists", folder)
    assert res.status == 0, res.stderr
    assert "  + pythonRelaxDeps: pydantic-core (pydantic-core==2.27.0 upstream; nixpkgs has 2.27.1)" in res.stdout
    after = module_file(root, "pydantic").read_text()
    assert (
        "  pythonRelaxDeps = [\n"
        "    # pydantic-core==2.27.0 upstream; nixpkgs has 2.27.1\n"
        '    "pydantic-core"\n'
        "  ];\n\n"
        "  dependencies = [\n"
    ) in after


# --- click 8.1.7 -> 8.1.8: the build backend switches -----------------------------------------------


def test_click_switches_its_build_backend(tmp_path, file_regression):
    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7"), ("click", "8.1.8")])
    before = module_file(root, "click").read_text()
    res = update(root, "click", "--sdists", folder)
    assert res.status == 0, res.stderr
    assert {"  + build-system: flit-core", "  - build-system: setuptools"} <= set(res.stdout.splitlines())
    after = module_file(root, "click").read_text()
    assert "  # build-system\n  flit-core,\n\n  # tests\n" in after
    assert "  build-system = [ flit-core ];\n" in after
    check_golden(file_regression, "click", before, after, "click")


@requires_nix
def test_click_evaluates_to_the_new_backend(tmp_path):
    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7"), ("click", "8.1.8")])
    assert update(root, "click", "--sdists", folder).status == 0
    for facts in evaluated(root, "click").values():
        assert facts["build-system"] == ["flit-core"]
        assert facts["dependencies"] == []


# --- django 5.2.8 -> 6.0: requires-python moves past a shipped interpreter --------------------------


def test_django_gets_disabled_when_requires_python_moves(tmp_path):
    root = checkout(tmp_path, ["django"])
    folder = sdists(tmp_path, [("django", "5.2.8"), ("django", "6.0")])
    res = update(root, "django", "--sdists", folder)
    assert res.status == 0, res.stderr
    assert '  ~ disabled: pythonOlder "3.12"' in res.stdout.splitlines()
    after = module_file(root, "django").read_text()
    assert '  pyproject = true;\n\n  disabled = pythonOlder "3.12";\n\n  src = fetchPypi {' in after
    assert "  fetchPypi,\n  pythonOlder,\n\n  # build-system\n" in after


@requires_nix
def test_django_is_disabled_where_upstream_says(tmp_path):
    root = checkout(tmp_path, ["django"])
    folder = sdists(tmp_path, [("django", "5.2.8"), ("django", "6.0")])
    assert update(root, "django", "--sdists", folder).status == 0
    for (python, _system), facts in evaluated(root, "django").items():
        assert facts["disabled"] == (python == "3.11")
    expect_upstream(root, "django", "django", "6.0", extras=["argon2", "bcrypt"])


# --- output modes -------------------------------------------------------------------------------


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path):
    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7"), ("click", "8.1.8")])
    before = module_file(root, "click").read_bytes()
    res = update(root, "click", "--sdists", folder, "--dry-run")
    assert res.status == 0, res.stderr
    assert "--- a/pkgs/development/python-modules/click/default.nix" in res.stdout
    assert "-  build-system = [ setuptools ];\n+  build-system = [ flit-core ];\n" in res.stdout
    assert module_file(root, "click").read_bytes() == before and status(root) == ""


def test_json_lists_every_change(tmp_path):
    root = checkout(tmp_path, ["django"])
    folder = sdists(tmp_path, [("django", "5.2.8"), ("django", "6.0")])
    res = update(root, "django", "--sdists", folder, "--dry-run", "--json")
    assert res.status == 0, res.stderr
    data = json.loads(res.stdout)
    (u,) = data["updates"]
    assert (u["root"], u["old"], u["new"]) == ("django", "5.2.8", "6.0")
    (f,) = u["files"]
    assert {"kind": "disabled", "condition": 'pythonOlder "3.12"'} in f["changes"]
    assert {"section": "dependencies", "attr": "asgiref", "kind": "bound", "old": ">=3.8.1", "new": ">=3.9.1"} in f[
        "upstream"
    ]


def test_up_to_date_changes_nothing(tmp_path):
    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7")])
    res = update(root, "click", "--sdists", folder)
    assert res.status == 0, res.stderr
    assert "click is already at 8.1.7" in res.stderr and status(root) == ""


# --- without --sdists or --source: the releases come from PyPI (a fake one here) -----------------


class FakePypi:
    """PyPI's JSON API and files for the fixture releases of one project; every URL is recorded."""

    def __init__(self, tmp_path, name: str, versions: list[str]):
        import hashlib

        from conftest import build_sdist
        from update_cases import release_dir

        self.asked: list[str] = []
        self.pages: dict[str, bytes] = {}
        releases = {}
        for version in versions:
            sdist = build_sdist(release_dir(name, version), tmp_path, f"{name}-{version}")
            data = sdist.read_bytes()
            url = f"https://files.example.org/{sdist.name}"
            self.pages[url] = data
            releases[version] = [
                {
                    "packagetype": "sdist",
                    "filename": sdist.name,
                    "url": url,
                    "digests": {"sha256": hashlib.sha256(data).hexdigest()},
                }
            ]
        for version, files in releases.items():
            page = {"info": {"version": version}, "urls": files}
            self.pages[f"https://pypi.org/pypi/{name}/{version}/json"] = json.dumps(page).encode()
        latest = {"info": {"version": versions[-1]}, "urls": releases[versions[-1]], "releases": releases}
        self.pages[f"https://pypi.org/pypi/{name}/json"] = json.dumps(latest).encode()

    def get(self, url: str) -> bytes:
        from nixpkgs_contrib import remote

        self.asked.append(url)
        if url not in self.pages:
            raise remote.NotFoundError(f"{url}: not found (HTTP 404)")
        return self.pages[url]

    def download(self, url: str, sink) -> None:
        sink(self.get(url))


def test_the_newest_release_is_downloaded_once(tmp_path, monkeypatch):
    from nixpkgs_contrib import remote

    (tmp_path / "upstream").mkdir()
    pypi = FakePypi(tmp_path / "upstream", "click", ["8.1.7", "8.1.8"])
    monkeypatch.setattr(remote, "TRANSPORT", pypi)
    root = checkout(tmp_path, ["click"])
    res = update(root, "click", "--dry-run")
    assert res.status == 0, res.stderr
    assert res.stdout.startswith("click: 8.1.7 -> 8.1.8\n")
    assert "downloaded click-8.1.8.tar.gz" in res.stderr and "downloaded click-8.1.7.tar.gz" in res.stderr
    downloads = [u for u in pypi.asked if u.startswith("https://files.example.org/")]
    again = update(root, "click", "--dry-run")
    assert again.status == 0 and again.stdout == res.stdout
    assert [u for u in pypi.asked if u.startswith("https://files.example.org/")] == downloads  # from the cache
    assert status(root) == ""


def test_json_carries_the_diff(tmp_path):
    root = checkout(tmp_path, ["click"])
    folder = sdists(tmp_path, [("click", "8.1.7"), ("click", "8.1.8")])
    dry = update(root, "click", "--sdists", folder, "--dry-run")
    data = json.loads(update(root, "click", "--sdists", folder, "--dry-run", "--json").stdout)
    assert data["updates"][0]["files"][0]["diff"] in dry.stdout and "+  build-system = [ flit-core ];" in dry.stdout


# --- google-cloud-core 2.4.3 -> 2.8.0: PyPI's sdist is now google_cloud_core-2.8.0.tar.gz (PEP 625) --


def test_a_pep_625_sdist_gets_its_name_into_fetchpypi(tmp_path, file_regression):
    root = checkout(tmp_path, ["google-cloud-core"])
    folder = tmp_path / "sdists"
    folder.mkdir()
    from conftest import build_sdist
    from update_cases import release_dir

    build_sdist(release_dir("google-cloud-core", "2.4.3"), folder, "google-cloud-core-2.4.3")
    build_sdist(release_dir("google-cloud-core", "2.8.0"), folder, "google_cloud_core-2.8.0")
    before = module_file(root, "google-cloud-core").read_text()
    res = update(root, "google-cloud-core", "--sdists", folder)
    assert res.status == 0, res.stderr
    after = module_file(root, "google-cloud-core").read_text()
    assert '  src = fetchPypi {\n    pname = "google_cloud_core";\n    inherit version;\n    hash = "sha256-' in after
    assert (
        "  ~ dependencies: google-api-core !=2.0.*,!=2.1.*,!=2.2.*,!=2.3.0,<3.0.0dev,>=1.31.6 -> <3.0.0,>=2.28.0"
        in res.stdout
    )
    check_golden(file_regression, "google-cloud-core", before, after, "google-cloud-core")
