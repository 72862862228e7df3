"""An sdist's PKG-INFO and egg-info: what they record, and what PEP 643 makes authoritative."""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from nixpkgs_contrib.matrix import Target
from nixpkgs_contrib.model import EntryPoint
from nixpkgs_contrib.upstream import pkg_info
from nixpkgs_contrib.upstream.tree import DirectoryTree

TARGET = Target(("3.10", "3.12"), ("x86_64-linux", "aarch64-darwin"))


def tree(tmp_path: Path, files: dict[str, str]) -> DirectoryTree:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return DirectoryTree(tmp_path)


HEADER = "Metadata-Version: {mv}\nName: Widget_Kit\nVersion: 2.0.1\n"


def read(tmp_path: Path, body: str, mv: str = "2.4", **files: str) -> pkg_info.SdistMetadata:
    found = pkg_info.read(tree(tmp_path, {"PKG-INFO": HEADER.format(mv=mv) + body, **files}), TARGET.environments)
    assert found is not None
    return found


def test_no_pkg_info(tmp_path: Path) -> None:
    assert pkg_info.read(tree(tmp_path, {"setup.py": ""})) is None


def test_fields_and_authority(tmp_path: Path) -> None:
    info = read(
        tmp_path,
        "Summary: Widgets for everyone\nHome-page: https://widgets.example\nProject-URL: Source, https://git.example/w\n"
        "License-Expression: MIT\nClassifier: Typing :: Typed\nRequires-Python: >=3.10\n"
        "Requires-Dist: gizmo>=1\nRequires-Dist: tomli; python_version < \"3.11\"\n"
        "Dynamic: Classifier\nDynamic: requires-python\n",
    )
    assert info.metadata_version == Version("2.4")
    assert (info.name, info.version, info.fields["summary"]) == ("Widget_Kit", "2.0.1", "Widgets for everyone")
    assert info.fields["urls"] == (("Homepage", "https://widgets.example"), ("Source", "https://git.example/w"))
    assert [str(r) for r in info.fields["dependencies"]] == ["gizmo>=1", 'tomli; python_version < "3.11"']
    assert info.authoritative("dependencies") and info.authoritative("summary")
    # marked Dynamic (case-insensitively): one build's answer only
    assert not info.authoritative("classifiers") and not info.authoritative("requires_python")


def test_metadata_before_2_2_is_never_authoritative_but_name_and_version_are(tmp_path: Path) -> None:
    info = read(tmp_path, "Summary: s\nRequires-Dist: gizmo\n", mv="2.1")
    assert not info.authoritative("dependencies") and not info.authoritative("summary")
    assert info.authoritative("name") and info.authoritative("version")


def test_absent_fields_are_answers_when_authoritative(tmp_path: Path) -> None:
    info = read(tmp_path, "")
    assert info.authoritative("summary") and info.fields["summary"] is None
    assert info.fields["dependencies"] == () and info.fields["requires_python"] is None


def test_extras_split_by_marker_with_markers_kept(tmp_path: Path) -> None:
    info = read(
        tmp_path,
        "Provides-Extra: fast\n"
        "Requires-Dist: gizmo\n"
        "Requires-Dist: turbo>=2; extra == 'fast'\n"
        "Requires-Dist: uvloop; sys_platform != 'win32' and extra == 'fast'\n"
        # an extra only named in a marker (Provides-Extra marked Dynamic by setuptools)
        "Requires-Dist: rich; extra == \"Pretty_Output\"\n"
        "Requires-Dist: winonly; sys_platform == 'win32' and extra == 'fast'\n"
        "Dynamic: Provides-Extra\n",
    )
    assert [str(r) for r in info.fields["dependencies"]] == ["gizmo"]
    extras = {name: [r.name for r in reqs] for name, reqs in info.fields["optional_dependencies"]}
    # winonly holds on none of the target's systems
    assert extras == {"fast": ["turbo", "uvloop"], "pretty-output": ["rich"]}
    # Provides-Extra being Dynamic does not make the extras' requirements so
    assert info.authoritative("optional_dependencies")


def test_extras_split_evaluates_each_extra_as_pip_would() -> None:
    """Markers evaluated once for every extra they do not name must give what evaluating each
    extra does: uses of ``extra`` other than ``==``/``!=`` with a name are evaluated per extra."""
    from packaging.requirements import Requirement

    markers = [
        "extra == 'a'",
        "extra == 'A_b'",  # normalized, as pip compares
        "extra != 'a'",
        "extra == 'a' or python_version < '3.12'",
        "extra != 'b' and sys_platform == 'darwin'",
        "sys_platform == 'win32' and extra == 'a'",
        "extra == 'a' and extra != 'c'",
        "'c' == extra",
        "extra == '1'",  # a name a version specifier reads: compared as a version by older packaging
        "extra in 'abc'",
        "python_version == \"extra != 'x'\" or extra == 'd'",  # the variable's name in a value
    ]
    requirements = [Requirement(f"dep{i}; {m}") for i, m in enumerate(markers)]
    extras = ["a", "a-b", "b", "c", "d", "1", "01", "other", "otherx", "ab"]
    environments = Target(("3.11", "3.12"), systems=("x86_64-linux", "aarch64-darwin")).environments
    _, optional = pkg_info.split_extras(requirements, extras, environments)
    expected = []
    for extra in extras:
        chosen = tuple(
            r
            for r in requirements
            if any(r.marker.evaluate(env.marker_environment(extra)) for env in environments)
        )
        if chosen:
            expected.append((extra, chosen))
    assert [(e, [str(r) for r in rs]) for e, rs in optional] == [(e, [str(r) for r in rs]) for e, rs in expected]
    held = dict(optional)
    assert [r.name for r in held["d"]] == ["dep2", "dep3", "dep4", "dep10"]  # != a; 3.11; != b on darwin; == d


def test_license_text_continuation_lines(tmp_path: Path) -> None:
    info = read(tmp_path, "License: Widget licence\n        Permission is granted\n        |  to everyone\n")
    assert info.fields["license_text"] == "Widget licence\nPermission is granted\n to everyone"


def test_egg_info_entry_points_and_top_level(tmp_path: Path) -> None:
    info = read(
        tmp_path,
        "",
        **{
            "src/Widget_Kit.egg-info/PKG-INFO": "",
            "src/Widget_Kit.egg-info/entry_points.txt": "[console_scripts]\nwidget = widget_kit.cli:main\n\n[widget.plugins]\nx = y\n",
            "src/Widget_Kit.egg-info/top_level.txt": "widget_kit\n_widget_speedups\n",
        },
    )
    assert info.entry_points == (EntryPoint("widget", "widget_kit.cli:main"),)
    assert info.top_level == ("_widget_speedups", "widget_kit")


def test_egg_info_without_entry_points_means_none(tmp_path: Path) -> None:
    info = read(tmp_path, "", **{"Widget_Kit.egg-info/PKG-INFO": ""})
    assert info.entry_points == ()
    assert read(tmp_path / "bare", "").entry_points is None


def test_license_files_listed(tmp_path: Path) -> None:
    info = read(tmp_path, "License-File: LICENSE.txt\nLicense-File: licenses/NOTICE\n")
    assert info.license_files == ("LICENSE.txt", "licenses/NOTICE")


def test_fields_todays_packaging_cannot_parse_are_left_to_other_sources(tmp_path: Path) -> None:
    info = read(tmp_path, "Requires-Python: >=3.5.*\nRequires-Dist: gizmo (>=1\n")
    assert "requires_python" not in info.fields and "dependencies" not in info.fields
    assert info.fields["version"] == "2.0.1"
