"""The planner: sources and tags, descriptions, homepages, test inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from conftest import PROJECTS, run_cli
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from nixpkgs_contrib.errors import MetadataError, UserError
from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import EntryPoint, Metadata, NixPackage, Project
from nixpkgs_contrib.plan import (
    Options,
    description_for,
    is_dev_extra,
    main_program_for,
    plan_package,
    sdist_pname,
    tag_parts,
)
from nixpkgs_contrib.render.package import render_package

HASH = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro="
WIDE = Target(("3.9", "3.10", "3.11", "3.12", "3.13", "3.14"))


def planned(
    *,
    dependencies: Sequence[str] = (),
    extras: Mapping[str, Sequence[str]] = {},
    groups: Mapping[str, Sequence[str]] = {},
    requires_python: str | None = None,
    build: Sequence[str] = ("hatchling",),
    target: Target = WIDE,
    has_tests: bool = True,
    options: Mapping[str, object] = {},
    **fields: object,
) -> NixPackage:
    """Plan a project described in memory (the same metadata in every cell of *target*)."""
    reqs = lambda items: tuple(Requirement(r) for r in items)  # noqa: E731
    meta = Metadata(
        **{"name": "acme", "version": "1.0.0", "summary": "Things for acme users", "license_expression": "MIT", **fields},
        requires_python=SpecifierSet(requires_python) if requires_python else None,
        build_requires=reqs(build),
        dependencies=reqs(dependencies),
        optional_dependencies=tuple((k, reqs(v)) for k, v in extras.items()),
        dependency_groups=tuple((k, reqs(v)) for k, v in groups.items()),
    )
    project = Project("acme", "", target, tuple((env, meta) for env in target.environments), has_tests=has_tests)
    defaults = {"target": target, "github": ("acme-org", "acme"), "tag": f"v{meta.version}", "hash": HASH}
    return plan_package(project, Options(**{**defaults, **options})).package


@pytest.mark.parametrize(
    ("tag", "version", "parts"),
    [
        ("v1.2.3", "1.2.3", ("v", "")),
        ("1.2.3", "1.2.3", ("", "")),
        ("acme-core==1.2.3", "1.2.3", ("acme-core==", "")),
        ("acme_1.2.3_release", "1.2.3", ("acme_", "_release")),
    ],
)
def test_tag_parts(tag: str, version: str, parts: tuple[str, str]) -> None:
    assert tag_parts(tag, version) == parts


@pytest.mark.parametrize(("tag", "version"), [("v1.2.30", "1.2.3"), ("v11.2.3", "1.2.3"), ("main", "1.0"), ("v1!0+dev", "1.2")])
def test_tag_that_disagrees_with_version_names_both(tag: str, version: str) -> None:
    with pytest.raises(UserError, match=rf"{tag!r}.*{version!r}".replace("+", r"\+").replace("!", "!")):
        tag_parts(tag, version)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("A library for things.", "Library for things"),
        ("The fastest JSON parser", "Fastest JSON parser"),
        ("acme: tools for acme", "Tools for acme"),
        ("Acme is a framework", "Framework"),
        ("  spaces   everywhere  ", "Spaces everywhere"),
        ("an API client", "API client"),
        # the name followed by a comma or a noun, several sentences (typer, fastapi)
        ("Acme, build great things. Easy to code. Based on hints", "Build great things"),
        ("ACME framework, high performance, ready for production", "Framework, high performance, ready for production"),
        ("Use e.g. Acme files for acme.", "Use e.g. Acme files for acme"),
        ("Acmetools for everyone", "Acmetools for everyone"),
    ],
)
def test_description_style(summary: str, expected: str) -> None:
    assert description_for(summary, "acme", "x") == expected


def test_a_summary_that_is_the_name_in_words_is_kept() -> None:
    """Nothing better to say, and check does not read it as starting with the pname."""
    assert description_for("Acme Tools", "acme-tools", "x") == "Acme Tools"


@pytest.mark.parametrize("summary", ["ACME.", "Acme", "acme"])
def test_a_summary_that_is_only_the_name_asks_for_a_description(summary: str) -> None:
    """accelerate's summary is "Accelerate": written as it is, check's NC017 would reject it."""
    with pytest.raises(MetadataError, match="only its name.*--description"):
        description_for(summary, "acme", "x")


def test_missing_description_asks_for_one() -> None:
    with pytest.raises(MetadataError, match="--description"):
        description_for(None, "acme", "pyproject.toml")


def test_sdist_pname_keeps_the_file_name() -> None:
    assert sdist_pname("acme_core-1.2.tar.gz", "1.2") == ("acme_core", None)
    assert sdist_pname("Acme-1.2.zip", "1.2") == ("Acme", "zip")
    with pytest.raises(UserError, match="does not end with the version"):
        sdist_pname("acme-1.3.tar.gz", "1.2")


def test_main_program() -> None:
    def meta(*scripts: str) -> Metadata:
        return Metadata("acme-cli", "1", entry_points=tuple(EntryPoint(s, f"m:{s.replace('-', '_')}") for s in scripts), import_names=("acme_cli",))

    assert main_program_for(meta("acme")) == "acme"
    assert main_program_for(meta("acme-cli", "acme-admin")) == "acme-cli"
    assert main_program_for(meta("one", "two")) is None
    assert main_program_for(meta()) is None


def _scripts(name: str, imports: tuple[str, ...], *scripts: tuple[str, str]) -> Metadata:
    return Metadata(name, "1", entry_points=tuple(EntryPoint(n, v) for n, v in scripts), import_names=imports)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        # named after the distribution, blackd (the d extra's server) is not
        (_scripts("black", ("black", "blackd", "blib2to3"), ("black", "black:patched_main"), ("blackd", "blackd:patched_main")), "black"),
        # http runs httpie.__main__ (python -m httpie); the httpie script is the plugin manager
        (
            _scripts(
                "httpie", ("httpie",),
                ("http", "httpie.__main__:main"), ("https", "httpie.__main__:main"), ("httpie", "httpie.manager.__main__:main"),
            ),
            "http",
        ),
        # four sphinx-* tools, none named after the package: unsure, left out (nixpkgs has none)
        (
            _scripts(
                "Sphinx", ("sphinx",),
                ("sphinx-build", "sphinx.cmd.build:main"), ("sphinx-quickstart", "sphinx.cmd.quickstart:main"),
                ("sphinx-apidoc", "sphinx.ext.apidoc:main"), ("sphinx-autogen", "sphinx.ext.autosummary.generate:main"),
            ),
            None,
        ),
        # aliases are one candidate
        (_scripts("pip", ("pip",), ("pip", "pip._internal.cli.main:main"), ("pip3", "pip._internal.cli.main:main")), "pip"),
        (_scripts("invoke", ("invoke",), ("inv", "invoke.main:program.run"), ("invoke", "invoke.main:program.run")), "invoke"),
        # two scripts run a package's __main__: the distribution's name decides
        (
            _scripts(
                "mypy", ("mypy", "mypyc"),
                ("mypy", "mypy.__main__:console_entry"), ("dmypy", "mypy.dmypy.client:console_entry"),
                ("mypyc", "mypyc.__main__:main"), ("stubgen", "mypy.stubgen:main"),
            ),
            "mypy",
        ),
        # helpers extend the main script's name
        (
            _scripts(
                "jupyter-core", ("jupyter_core",),
                ("jupyter", "jupyter_core.command:main"), ("jupyter-migrate", "jupyter_core.migrate:main"),
                ("jupyter-troubleshoot", "jupyter_core.troubleshoot:main"),
            ),
            "jupyter",
        ),
        # same module, different functions: not aliases, and no way to tell
        (
            _scripts(
                "nbconvert", ("nbconvert",),
                ("jupyter-nbconvert", "nbconvert.nbconvertapp:main"), ("jupyter-dejavu", "nbconvert.nbconvertapp:dejavu_main"),
            ),
            None,
        ),
    ],
    ids=["black", "httpie", "sphinx", "pip", "invoke", "mypy", "jupyter-core", "nbconvert"],
)
def test_main_program_of_real_script_sets(meta: Metadata, expected: str | None) -> None:
    assert main_program_for(meta) == expected


def test_dev_extras() -> None:
    assert is_dev_extra("test") and is_dev_extra("test-components") and is_dev_extra("testing")
    assert not is_dev_extra("postgres")


def test_json_summary(tmp_path) -> None:
    import json

    result = run_cli(
        "emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--hash", HASH,
        "--json", "--out", tmp_path / "out",
    )
    summary = json.loads(result.stdout)
    (pkg,) = summary["packages"]
    assert pkg["attr"] == "acme-core" and "tomli" in pkg["dependencies"] and "pywin32" not in pkg["dependencies"]
    assert "pkgs/development/python-modules/acme-core/default.nix" in summary["files"]


def test_python_range_changes_the_target(tmp_path) -> None:
    result = run_cli(
        "emit", PROJECTS / "hatch-basic", "--github", "acme-org/acme", "--tag", "v2.4.1", "--hash", HASH,
        "--python", "3.12-3.14", "--out", tmp_path / "out",
    )
    assert result.status == 0, result.stderr
    text = next((tmp_path / "out").rglob("default.nix")).read_text()
    assert "tomli" not in text and "typing-extensions" not in text and "pythonOlder" not in text
    assert "disabled" not in text


def test_requires_python_excluding_the_whole_target_is_an_error(tmp_path) -> None:
    result = run_cli(
        "emit", PROJECTS / "platform-markers", "--github", "platmark/platmark", "--tag", "v0.1.0", "--hash", HASH,
        "--python", "3.14-3.15", "--out", tmp_path / "out",
    )
    assert result.status == 1 and "no interpreter of the target" in result.stderr


def test_interpreters_requires_python_excludes_are_dont_care_for_every_condition() -> None:
    """celery's eventlet extra is conditioned on an interpreter ``disabled`` already excludes."""
    pkg = planned(
        requires_python=">=3.10",
        dependencies=['exceptiongroup; python_version < "3.11"', 'zipp; python_version >= "3.10"', 'click'],
        extras={"eventlet": ['eventlet; python_version < "3.10"'], "rabbit": ['librabbitmq; python_version < "3.11"']},
        groups={"test": ['pytest-timeout; python_version >= "3.10"']},
    )
    assert str(pkg.disabled) == 'pythonOlder "3.10"'
    deps = {d.attr: str(d.condition) for d in pkg.dependencies}
    assert deps == {"click": "true", "exceptiongroup": 'pythonOlder "3.11"', "zipp": "true"}
    assert dict(pkg.optional_dependencies).keys() == {"rabbit"}
    assert "pytest-timeout" in {d.attr for d in pkg.native_check_inputs}
    text = render_package(pkg)
    assert "eventlet" not in text
    assert "lib.optionals (pythonOlder \"3.11\") [ exceptiongroup ]" in text


def test_native_check_inputs_repeat_no_runtime_dependency_and_carry_no_tool() -> None:
    """typer: rich and shellingham are runtime dependencies; ty, diff-cover, pytest-pretty and
    buildkite-test-collector are tools; pytest-cov becomes the stub."""
    pkg = planned(
        dependencies=["click>=8", "rich>=12", "shellingham", 'tomli; python_version < "3.11"', "anyio>=4"],
        groups={
            "tests": [
                "pytest>=8", "pytest-cov", "coverage[toml]", "rich", "shellingham", "tomli", "ty", "diff-cover",
                "pytest-pretty", "buildkite-test-collector", "pytest-asyncio", "anyio[trio]", "dirty-equals",
            ]
        },
    )
    assert [d.attr for d in pkg.native_check_inputs] == [
        "pytestCheckHook", "anyio", "dirty-equals", "pytest-asyncio", "pytest-cov-stub", "tomli",
    ]
    text = render_package(pkg)
    block = text.split("nativeCheckInputs = ")[1].split(";\n")[0]
    assert block.splitlines() == [
        "[",
        "    pytestCheckHook",
        "    dirty-equals",
        "    pytest-asyncio",
        "    pytest-cov-stub",
        "    tomli",
        "  ]",
        "  ++ anyio.optional-dependencies.trio",
    ]
    # arguments: every input once, runtime ones under dependencies
    assert text.count("  anyio,\n") == 1 and "  ty,\n" not in text and "  rich,\n" in text


def test_extra_keys_and_references_keep_upstream_spelling() -> None:
    pkg = planned(
        dependencies=["requests[use_chardet_on_py3]>=2"],
        extras={"use-chardet-on-py3": ["chardet>=3"], "socks": ["pysocks"]},
        extra_spellings=(("use-chardet-on-py3", "use_chardet_on_py3"),),
    )
    assert [k for k, _ in pkg.optional_dependencies] == ["socks", "use_chardet_on_py3"]
    assert pkg.dependencies[0].extras == ("use_chardet_on_py3",)
    text = render_package(pkg)
    assert "    use_chardet_on_py3 = [ chardet ];" in text
    assert "requests.optional-dependencies.use_chardet_on_py3" in text


def test_extras_are_development_extras_by_what_they_hold() -> None:
    pkg = planned(
        extras={
            "format": ["fqdn", "idna"],  # jsonschema: a feature
            "cover": ["pytest-cov"],
            "enabler": ["pytest-enabler>=2.2"],
            "benchmarking": ["psutil", "pytest-benchmark"],
            "profiling": ["gprof2dot"],
            "min-versions": ["idna==3.0"],
        },
    )
    assert [k for k, _ in pkg.optional_dependencies] == ["format"]


def test_build_system_leaves_out_what_setuptools_scm_brings_and_keeps_backend_plugins() -> None:
    scm = planned(build=["setuptools>=64", "setuptools-scm>=8", "wheel"])
    assert scm.build_system == ("setuptools-scm",)
    assert "build-system = [ setuptools-scm ];" in render_package(scm)
    plugins = planned(build=["hatchling", "hatch-vcs", "hatch-fancy-pypi-readme"])
    assert plugins.build_system == ("hatch-fancy-pypi-readme", "hatch-vcs", "hatchling")
    assert planned(build=["setuptools"]).build_system == ("setuptools",)


def test_build_frontends_and_test_runners_are_never_build_system_inputs() -> None:
    """``setup_requires=["pytest-runner"]`` or a requirement on pypa's ``build`` names a tool run
    around the build; nixpkgs' builder is the frontend and patches test runners out."""
    pkg = planned(build=["setuptools", "pytest-runner>=5", "build", "pytest_runner", "Build"])
    assert pkg.build_system == ("setuptools",)
    text = render_package(pkg)
    assert "build-system = [ setuptools ];" in text
    assert "pytest-runner" not in text and not any(line.strip() == "build" for line in text.splitlines())


def test_a_backend_that_builds_itself_gets_no_build_system() -> None:
    """poetry-core: ``requires = []`` with ``backend-path``; nixpkgs' file has no build-system."""
    pkg = planned(build=[], build_backend="poetry.core.masonry.api")
    assert pkg.build_system == ()
    text = render_package(pkg)
    assert "build-system" not in text
    assert "  pyproject = true;\n\n  src = fetchFromGitHub {" in text


def _changelog(url: str, *, linked: tuple[str, ...] = (), **options: object) -> str | None:
    import attrs

    pkg = planned(urls=(("Changelog", url),), options=options)
    project = attrs.evolve(pkg.project, linked_files=linked)
    plan = plan_package(project, Options(target=WIDE, github=("acme-org", "acme"), tag="v1.0.0", hash=HASH, **options))
    text = render_package(plan.package)
    line = next((ln for ln in text.splitlines() if ln.strip().startswith("changelog = ")), None)
    return line.strip() if line else None


def test_changelog_on_a_branch_is_pinned_to_the_tag_when_the_file_is_in_the_tree() -> None:
    blob = "https://github.com/acme-org/acme/blob/main/CHANGES.md"
    assert _changelog(blob, linked=("CHANGES.md",)) == (
        'changelog = "https://github.com/acme-org/acme/blob/${finalAttrs.src.tag}/CHANGES.md";'
    )
    # not known to exist at the tag: upstream's link as it is
    assert _changelog(blob) == f'changelog = "{blob}";'
    # another repository: not ours to pin
    other = "https://github.com/someone/else/blob/master/CHANGES.md"
    assert _changelog(other, linked=("CHANGES.md",)) == f'changelog = "{other}";'
    # GitHub compares names without case; anchors survive
    mixed = "https://github.com/Acme-Org/ACME/blob/master/docs/changes.rst#latest"
    assert _changelog(mixed, linked=("docs/changes.rst",)) == (
        'changelog = "https://github.com/acme-org/acme/blob/${finalAttrs.src.tag}/docs/changes.rst#latest";'
    )


def test_releases_page_is_pinned_to_the_tag() -> None:
    for url in ("https://github.com/acme-org/acme/releases", "https://github.com/acme-org/acme/releases/latest"):
        assert _changelog(url) == 'changelog = "https://github.com/acme-org/acme/releases/tag/${finalAttrs.src.tag}";'


def test_changelog_with_the_version_interpolates_it() -> None:
    assert _changelog("https://acme.example/en/1.0.0/changes.html") == (
        'changelog = "https://acme.example/en/${finalAttrs.version}/changes.html";'
    )


def _sdist_project(version: str = "1.4.0", urls=(("Source", "https://github.com/acme-org/acme"),), **kw):
    import attrs

    pkg = planned(version=version, urls=urls, has_tests=False, **kw)
    return attrs.evolve(pkg.project, sdist_name=f"acme-{version}.tar.gz")


def test_github_suggestion_for_an_sdist_without_tests() -> None:
    from nixpkgs_contrib.plan import github_suggestion

    suggestion = github_suggestion(_sdist_project())
    assert (suggestion.owner, suggestion.repo, suggestion.at_root) == ("acme-org", "acme", True)
    assert suggestion.tags == ("v1.4.0", "1.4.0") and "guess" not in suggestion.why  # the message says guess
    calendar = github_suggestion(_sdist_project("24.10.0"))
    assert calendar.tags == ("24.10.0", "v24.10.0")
    # the Source link wins over a homepage on another repository
    both = github_suggestion(
        _sdist_project(urls=(("Homepage", "https://github.com/acme-org/website"), ("Source", "https://github.com/acme-org/acme")))
    )
    assert both.repo == "acme"
    # a repository not named after the distribution: maybe a monorepo with per-package tags
    mono = github_suggestion(_sdist_project(urls=(("Repository", "https://github.com/acme-org/mono"),)))
    assert not mono.at_root and mono.tags == ("v1.4.0", "1.4.0", "acme-v1.4.0", "acme==1.4.0")
    # python-acme is acme's own repository
    assert github_suggestion(_sdist_project(urls=(("Source", "https://github.com/o/python-acme"),))).at_root


def test_no_github_suggestion_when_the_sdist_has_tests_or_no_repository_is_named() -> None:
    import attrs

    from nixpkgs_contrib.plan import github_suggestion

    assert github_suggestion(attrs.evolve(_sdist_project(), has_tests=True)) is None
    assert github_suggestion(_sdist_project(urls=(("Homepage", "https://acme.example"),))) is None
    assert github_suggestion(attrs.evolve(_sdist_project(), sdist_name=None)) is None


def test_fetch_pypi_inherits_pname_when_it_is_the_package_name() -> None:
    from nixpkgs_contrib.model import PypiSource

    pkg = planned()
    same = render_package(attrs_evolve(pkg, src=PypiSource("acme", HASH)))
    assert "  src = fetchPypi {\n    inherit (finalAttrs) pname version;\n    hash =" in same
    other = render_package(attrs_evolve(pkg, src=PypiSource("acme_core", HASH)))
    assert '    pname = "acme_core";\n    inherit (finalAttrs) version;\n' in other


def attrs_evolve(obj, **changes):
    import attrs

    return attrs.evolve(obj, **changes)


def test_an_extra_nixpkgs_does_not_define_is_not_referenced() -> None:
    """``setuptools_scm[toml]`` (jsonpickle's packaging extra): the extra is empty since
    setuptools-scm 8 and nixpkgs' setuptools-scm has no ``toml``; setuptools-scm itself stays,
    and other extras are referenced as before."""
    package = planned(
        dependencies=["requests[socks]"],
        extras={"packaging": ["setuptools_scm[toml]>=6", "build"]},
        build=("setuptools>=61", "setuptools_scm[toml]>=6"),
    )
    assert [(d.attr, d.extras) for d in package.dependencies] == [("requests", ("socks",))]
    assert [(d.attr, d.extras) for d in dict(package.optional_dependencies)["packaging"]] == [("build", ()), ("setuptools-scm", ())]
    assert "setuptools-scm.optional-dependencies" not in render_package(package)


def test_coverage_toml_is_not_referenced() -> None:
    """pytest-cov asks for ``coverage[toml]``: tomli before Python 3.11 upstream, and nixpkgs'
    coverage defines no extras, so the reference would not evaluate."""
    package = planned(dependencies=["coverage[toml]>=7.10", "pytest>=7"])
    assert [(d.attr, d.extras) for d in package.dependencies] == [("coverage", ()), ("pytest", ())]
