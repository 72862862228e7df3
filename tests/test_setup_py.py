"""The static setup.py evaluator: each construct on a tiny in-memory project, plus hand-written
fixture projects under tests/fixtures/setup_py/.  Expected values are written out by hand."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from nixpkgs_contrib.errors import MetadataError, SourceError, UnresolvableError
from nixpkgs_contrib.matrix import Environment
from nixpkgs_contrib.model import EntryPoint
from nixpkgs_contrib.upstream.setup_py import SetupAborted, SetupCall, Unresolved, evaluate_setup_py
from nixpkgs_contrib.upstream.tree import DirectoryTree, SubTree, normalize

FIXTURES = Path(__file__).parent / "fixtures" / "setup_py"
PY310 = Environment("3.10", "x86_64-linux")
PY311 = Environment("3.11", "x86_64-linux")
PY312_MAC = Environment("3.12", "aarch64-darwin")


class MemoryTree:
    """A SourceTree over a dict, so each construct is tested without a temporary directory."""

    label = "mem"

    def __init__(self, files: dict[str, str]):
        self._files = {path: textwrap.dedent(text).encode() for path, text in files.items()}

    def read_bytes(self, relpath: str) -> bytes:
        try:
            return self._files[normalize(relpath)]
        except KeyError:
            raise SourceError("file not found", path=self.display(relpath)) from None

    def is_file(self, relpath: str) -> bool:
        return normalize(relpath) in self._files

    def is_dir(self, relpath: str) -> bool:
        rel = normalize(relpath)
        return rel == "" or any(f.startswith(rel + "/") for f in self._files)

    def files(self) -> tuple[str, ...]:
        return tuple(sorted(self._files))

    def display(self, relpath: str) -> str:
        return f"mem/{relpath}"


def run(setup_py: str, env: Environment = PY311, files: dict[str, str] | None = None) -> SetupCall:
    return evaluate_setup_py(MemoryTree({"setup.py": setup_py, **(files or {})}), env)


def kw(setup_py: str, key: str, env: Environment = PY311):
    return run(setup_py, env).require(key)


# --------------------------------------------------------------------------------------------------
# Fixture projects


def test_basic_fixture():
    call = evaluate_setup_py(DirectoryTree(FIXTURES / "basic"), PY311)
    assert call.require("name") == "demo"
    assert call.require("version") == "2.4.1"
    assert call.require("long_description") == "Demo\n====\n\nA demo project.\n"
    assert call.require("packages") == ["demo", "demo.cli"]
    assert call.require("install_requires") == ["requests>=2", "click"]
    assert call.require("extras_require") == {"test": ["pytest"]}
    assert call.require("project_urls") == {"Source": "https://example.org/demo/src"}
    assert call.entry_points() == (EntryPoint("demo", "demo.cli:main", "console_scripts"),)
    assert call.has_ext_modules is False
    assert call.line == 18
    assert call.path.endswith("basic/setup.py")


@pytest.mark.parametrize(
    ("env", "requires", "version"),
    [
        (Environment("3.9", "x86_64-linux"), ["numpy>=1.21", "tomli", "pyinotify"], "1.9"),
        (Environment("3.10", "aarch64-linux"), ["numpy>=1.21", "tomli"], "1.10"),
        (Environment("3.11", "x86_64-linux"), ["numpy>=1.23", "pyinotify"], "1.11"),
        (Environment("3.12", "x86_64-darwin"), ["numpy>=1.26", "pyobjc-core"], "1.12"),
    ],
)
def test_interpreter_fixture(env, requires, version):
    call = evaluate_setup_py(DirectoryTree(FIXTURES / "interpreter"), env)
    assert call.require("install_requires") == requires
    assert call.require("version") == version
    assert call.require("description") == f"built for CPython {env.python}.0 on {env.os}"


def test_version_imported_from_package_is_read_not_imported():
    call = evaluate_setup_py(DirectoryTree(FIXTURES / "version_import"), PY311)
    assert call.require("version") == "0.9.3"
    assert call.require("classifiers") == ["Development Status :: 0 - Beta"]


def test_regex_version_pathlib_codecs_and_requirements_file():
    call = evaluate_setup_py(DirectoryTree(FIXTURES / "regex_version"), PY311)
    assert call.require("version") == "3.1.0rc1"
    assert call.require("author") == "Bob"
    assert call.require("long_description") == "Regpkg\n======\n"  # universal newlines, like open()
    assert call.require("install_requires") == ["six", "attrs>=21"]


def test_src_layout_sys_path_and_namespace_packages():
    call = evaluate_setup_py(DirectoryTree(FIXTURES / "src_layout"), PY311)
    assert call.require("version") == "4.0.2"
    assert sorted(call.require("packages")) == ["nspkg.plugin", "nspkg.plugin.impl", "tool"]
    assert call.require("extras_require") == {"yaml": ["pyyaml", "ruamel.yaml"], "all": ["rich"]}


def test_setup_py_in_a_subdirectory_of_a_monorepo():
    tree = SubTree(DirectoryTree(FIXTURES), "basic")
    call = evaluate_setup_py(tree, PY311)
    assert call.require("version") == "2.4.1"
    assert call.require("packages") == ["demo", "demo.cli"]
    nested = evaluate_setup_py(DirectoryTree(FIXTURES), PY311, "basic/setup.py")
    assert nested.require("packages") == ["demo", "demo.cli"]
    assert nested.require("long_description").startswith("Demo\n")


def test_side_effects_are_never_executed(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / "setup.py").write_text((FIXTURES / "side_effects" / "setup.py").read_text())
    monkeypatch.chdir(project)
    call = evaluate_setup_py(DirectoryTree(project), PY311)
    for where in (project, tmp_path, FIXTURES / "side_effects"):
        assert sorted(p.name for p in where.iterdir() if p.name.startswith("SIDE_EFFECT")) == []
    assert call.require("name") == "sidefx"
    assert call.require("install_requires") == ["cffi"]
    assert call.has_ext_modules is True
    unresolved = call.unresolved()
    assert sorted(unresolved) == ["cmdclass", "description", "ext_modules"]
    assert call.get("description") is None  # informational: unknown reads as absent (policy rule 6)
    assert unresolved["description"].line == 15 and "subprocess.check_output" in unresolved["description"].reason
    assert "BuildExt" in unresolved["cmdclass"].reason


def test_explicit_exit_aborts_for_that_interpreter_only():
    with pytest.raises(SetupAborted, match=r"aborts/setup\.py:6: raises SystemExit on python 3\.9 .*requires Python 3\.10"):
        evaluate_setup_py(DirectoryTree(FIXTURES / "aborts"), Environment("3.9", "x86_64-linux"))
    assert evaluate_setup_py(DirectoryTree(FIXTURES / "aborts"), PY310).require("name") == "aborts"


# --------------------------------------------------------------------------------------------------
# Data constructs


def test_names_reassignment_and_augmented_assignment():
    src = """
    from setuptools import setup
    deps = ["a"]
    alias = deps
    deps += ["b"]
    n = 1
    n += 2
    name = "x"
    name = name + "-y"
    setup(name=name, install_requires=alias, version=str(n))
    """
    call = run(src)
    assert (call.require("name"), call.require("install_requires"), call.require("version")) == ("x-y", ["a", "b"], "3")


def test_list_and_dict_methods_and_kwargs():
    src = """
    import setuptools
    reqs = ["b"]
    reqs.append("c")
    reqs.extend(("d", "e"))
    reqs.insert(0, "a")
    extras = dict(test=["pytest"])
    extras.update({"docs": ["sphinx"]}, lint=["ruff"])
    meta = {"name": "kw", "version": "0.1"}
    setuptools.setup(install_requires=reqs + ["f"], extras_require=extras, **meta)
    """
    call = run(src)
    assert call.require("install_requires") == ["a", "b", "c", "d", "e", "f"]
    assert call.require("extras_require") == {"test": ["pytest"], "docs": ["sphinx"], "lint": ["ruff"]}
    assert call.require("name") == "kw"


def test_string_operations():
    src = """
    from distutils.core import setup
    major, minor = 1, 4
    v = "%d.%d" % (major, minor)
    raw = "  A, B ,c  "
    setup(
        version="{}.{micro}".format(v, micro=0),
        name=f"{'Pkg'.lower()}-{minor:02d}",
        keywords=[k.strip().lower() for k in raw.split(",")],
        description=" ".join(["fast", "thing"]).replace("fast", "quick").upper(),
        license="MIT License"[:3],
        url="https://x.org/%(n)s" % {"n": "p"},
    )
    """
    call = run(src)
    assert call.require("version") == "1.4.0"
    assert call.require("name") == "pkg-04"
    assert call.require("keywords") == ["a", "b", "c"]
    assert call.require("description") == "QUICK THING"
    assert call.require("license") == "MIT"
    assert call.require("url") == "https://x.org/p"


def test_builtins_and_comprehensions():
    src = """
    from setuptools import setup
    base = {"b": ["x"], "a": ["y", "z"]}
    setup(
        extras_require={k: sorted(v, reverse=True) for k, v in sorted(base.items())},
        install_requires=list(reversed(sorted({"c", "a", "b"}))),
        tests_require=[f"t{i}" for i in range(3) if i != 1],
        classifiers=list(map(lambda s: "Programming Language :: Python :: " + s, ["3.11", "3.12"])),
        zip_safe=all(len(x) == 1 for x in ["a", "b"]) and not any([]),
        platforms=tuple(["any"]),
    )
    """
    call = run(src)
    assert list(call.require("extras_require").items()) == [("a", ["z", "y"]), ("b", ["x"])]
    assert call.require("install_requires") == ["c", "b", "a"]
    assert call.require("tests_require") == ["t0", "t2"]
    assert call.require("classifiers")[1] == "Programming Language :: Python :: 3.12"
    assert call.require("zip_safe") is True
    assert call.require("platforms") == ("any",)


def test_sets_become_sorted_lists_whatever_the_hash_seed():
    src = """
    from setuptools import setup
    setup(install_requires=list({"zeta", "alpha", "mu"}), extras_require={"all": {"b", "a"}})
    """
    call = run(src)
    assert call.require("install_requires") == ["alpha", "mu", "zeta"]
    assert call.require("extras_require") == {"all": ["a", "b"]}


def test_functions_with_defaults_varargs_and_keywords():
    src = """
    from setuptools import setup
    def req(name, *extras, floor=None, **markers):
        text = name + ("[" + ",".join(extras) + "]" if extras else "")
        if floor:
            text += ">=" + floor
        for key, value in markers.items():
            text += "; %s == '%s'" % (key, value)
        return text
    def get_version():
        parts = []
        for n in (1, 2, 3):
            if n == 3:
                break
            parts.append(str(n))
        return ".".join(parts)
    setup(version=get_version(), install_requires=[req("a"), req("b", "x", "y", floor="2"), req("c", sys_platform="linux")])
    """
    call = run(src)
    assert call.require("version") == "1.2"
    assert call.require("install_requires") == ["a", "b[x,y]>=2", "c; sys_platform == 'linux'"]


# --------------------------------------------------------------------------------------------------
# Files


def test_read_helpers_open_variants_and_exec():
    src = """
    import io, os
    from os.path import join, dirname
    from setuptools import setup
    here = os.path.abspath(dirname(__file__))
    ns = {}
    with open(join(here, "pkg", "version.py")) as fp:
        exec(fp.read(), ns)
    exec(open("pkg/meta.py").read())
    with io.open("README", encoding="utf-8") as f:
        lines = f.readlines()
    setup(version=ns["__version__"], author=AUTHOR, description=lines[0].strip(), long_description="".join(lines[1:]))
    """
    call = run(
        src,
        files={"pkg/version.py": "__version__ = '5.6'\n", "pkg/meta.py": "AUTHOR = 'Eve'\n", "README": "Summary line\nBody\n"},
    )
    assert call.require("version") == "5.6"
    assert call.require("author") == "Eve"
    assert call.require("description") == "Summary line"
    assert call.require("long_description") == "Body\n"


def test_from_package_import_version_variants():
    src = """
    from setuptools import setup
    from pkg.version import VERSION
    import pkg
    setup(version=VERSION, license=pkg.__license__)
    """
    files = {"pkg/version.py": "VERSION = '.'.join(['1', '0'])\n", "pkg/__init__.py": "__license__ = 'BSD'\nimport numpy\n"}
    call = run(src, files=files)
    assert call.require("version") == "1.0"
    assert call.require("license") == "BSD"


def test_missing_file_is_unresolvable_for_that_keyword_only():
    src = """
    from setuptools import setup
    setup(name="m", version=open("VERSION").read(), long_description=open("README.md").read())
    """
    call = run(src)
    assert call.require("name") == "m"
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:3: version= cannot be read statically: FileNotFoundError: VERSION is not a file in mem$"):
        call.require("version")
    assert call.get("long_description") is None and "README.md" in call.unresolved()["long_description"].reason


def test_try_except_around_a_missing_file_takes_the_handler():
    src = """
    from setuptools import setup
    try:
        long_description = open("README.md").read()
    except (IOError, OSError):
        long_description = "none"
    setup(long_description=long_description)
    """
    assert kw(src, "long_description") == "none"


def test_glob_and_listdir_read_the_tree():
    src = """
    import glob, os
    from setuptools import setup
    setup(scripts=glob.glob("bin/*"), data_files=[("share", sorted(os.listdir("data")))])
    """
    names = ("bin/tool", "bin/other", "bin/.hidden", "data/b.txt", "data/a.txt")
    call = run(src, files={name: "" for name in names})
    assert call.require("scripts") == ["bin/other", "bin/tool"]
    assert call.require("data_files") == [("share", ["a.txt", "b.txt"])]


# --------------------------------------------------------------------------------------------------
# find_packages


FIND_TREE = {
    "setup.py": "",
    "a/__init__.py": "",
    "a/b/__init__.py": "",
    "a/nopkg/c/__init__.py": "",  # below a directory without __init__.py: not found
    "a/x.y/__init__.py": "",  # dotted directory names are never packages
    "tests/__init__.py": "",
    "tests/unit/__init__.py": "",
    "ns/mod.py": "",
    "src/inner/__init__.py": "",
    "a/__pycache__/__init__.py": "",
}


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("find_packages()", ["a", "tests", "a.b", "tests.unit"]),
        ("find_packages(exclude=['tests'])", ["a", "a.b", "tests.unit"]),
        ("find_packages(exclude=('tests*',))", ["a", "a.b"]),
        ("setuptools.find_packages(include=['a', 'a.*'])", ["a", "a.b"]),
        ("find_packages('src')", ["inner"]),
        ("find_packages(where='a')", ["b"]),
        (
            "find_namespace_packages(exclude=['tests*', 'src*'])",
            ["a", "ns", "a.b", "a.nopkg", "a.nopkg.c"],
        ),
    ],
)
def test_find_packages_follows_setuptools_rules(call, expected):
    src = f"import setuptools\nfrom setuptools import find_packages, find_namespace_packages, setup\nsetup(packages={call})\n"
    tree = MemoryTree({**FIND_TREE, "setup.py": src})
    assert sorted(evaluate_setup_py(tree, PY311).require("packages")) == sorted(expected)


# --------------------------------------------------------------------------------------------------
# Interpreter and platform


def test_tomli_only_before_311():
    src = """
    import sys
    from setuptools import setup
    install_requires = ["packaging"]
    if sys.version_info < (3, 11):
        install_requires.append("tomli>=1.1")
    setup(install_requires=install_requires)
    """
    assert kw(src, "install_requires", PY310) == ["packaging", "tomli>=1.1"]
    assert kw(src, "install_requires", PY311) == ["packaging"]


def test_floor_computed_from_version_info_in_a_function():
    src = """
    import sys, platform
    from setuptools import setup
    def numpy_floor():
        if sys.version_info.minor >= 12:
            return "1.26"
        elif platform.python_version().startswith("3.11"):
            return "1.23"
        return "1.21"
    floor = numpy_floor()
    setup(install_requires=[f"numpy>={floor}"], python_requires=">=3.%d" % sys.version_info[1])
    """
    assert kw(src, "install_requires", PY310) == ["numpy>=1.21"]
    assert kw(src, "install_requires", PY311) == ["numpy>=1.23"]
    assert kw(src, "install_requires", PY312_MAC) == ["numpy>=1.26"]
    assert kw(src, "python_requires", PY312_MAC) == ">=3.12"


def test_platform_answers():
    src = """
    import os, sys, platform
    from setuptools import setup
    setup(
        platforms=[os.name, sys.platform, platform.system(), platform.machine(), platform.python_implementation()],
        version=sys.version.split()[0],
        zip_safe=sys.version_info[:2] >= (3, 11) and sys.version_info.major == 3,
        license="x" if sys.platform.startswith("win") else "y",
    )
    """
    call = run(src, PY312_MAC)
    assert call.require("platforms") == ["posix", "darwin", "Darwin", "arm64", "CPython"]
    assert call.require("version") == "3.12.0"
    assert call.require("zip_safe") is True
    assert call.require("license") == "y"
    assert run(src, Environment("3.10", "aarch64-linux")).require("platforms") == ["posix", "linux", "Linux", "aarch64", "CPython"]


def test_try_import_of_a_build_dependency_runs_both_paths():
    """Whether Cython is installed at build time is not known: ext_modules is unknown (so the package
    has extensions), what both paths agree on stays known, and a standard module imports."""
    src = """
    from setuptools import setup
    try:
        from Cython.Build import cythonize
        ext = cythonize("a.pyx")
        name = "cy"
    except ImportError:
        ext = []
        name = "cy"
    try:
        import os
        sep = os.sep
    except ImportError:
        sep = "?"
    setup(name=name, ext_modules=ext, description=sep)
    """
    call = run(src)
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:3: ext_modules= cannot be read statically: whether Cython\.Build can be imported at build time is not known$"):
        call.get("ext_modules")
    assert call.require("name") == "cy"
    assert call.require("description") == "/"
    assert call.has_ext_modules is True


# --------------------------------------------------------------------------------------------------
# Unresolvable things: lazily, with file:line


def test_a_variable_the_build_sets_is_unresolvable_with_file_and_line():
    src = """
    import os
    from setuptools import setup
    version = os.environ.get("NIX_PKG_VERSION", "0.0")
    setup(name="env", version=version)
    """
    call = run(src)
    assert call.get("name") == "env"
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:4: version= cannot be read statically: reads environment variable NIX_PKG_VERSION, which the nixpkgs build sets$"):
        call.require("version")
    with pytest.raises(UnresolvableError, match=r"mem/setup\.py:4: "):
        call.get("version", "fallback")
    assert isinstance(call.keywords["version"], Unresolved) and call.keywords["version"].line == 4


def test_unknown_function_is_unresolvable_and_poison_flows_through_containers():
    src = """
    from setuptools import setup
    from somewhere_else import magic
    reqs = ["a"]
    reqs.append(magic())
    setup(name="p", install_requires=reqs, extras_require={"x": ["b"]})
    """
    call = run(src)
    assert call.require("extras_require") == {"x": ["b"]}
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:5: install_requires= cannot be read statically: somewhere_else\.magic\(\) is computed by somewhere_else, which is not part of the project$"):
        call.require("install_requires")


def test_unresolvable_condition_poisons_what_it_would_change():
    src = """
    import os
    from setuptools import setup
    reqs = ["a"]
    other = ["b"]
    if os.environ.get("NIX_WITH_EXTRA"):
        reqs.append("extra")
    setup(install_requires=reqs, tests_require=other)
    """
    call = run(src)
    assert call.require("tests_require") == ["b"]
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:6: install_requires= cannot be read statically: reads environment variable NIX_WITH_EXTRA, which the nixpkgs build sets$"):
        call.require("install_requires")


def test_setup_under_an_unresolvable_condition():
    both = """
    import os
    from setuptools import setup
    if os.getenv("NIX_BUILD_FULL"):
        setup(name="full", version="1")
    else:
        setup(name="lite", version="1")
    """
    call = run(both)
    assert call.require("version") == "1"
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:4: name= cannot be read statically: reads environment variable NIX_BUILD_FULL, which the nixpkgs build sets$"):
        call.require("name")
    one = """
    import os
    from setuptools import setup
    if os.getenv("NIX_BUILD_FULL"):
        setup(name="full", version="1")
    """
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:4: whether setup\(\) is called depends on this: reads environment variable NIX_BUILD_FULL, which the nixpkgs build sets$"):
        run(one)


def test_require_missing_keyword_and_get_default():
    call = run("from setuptools import setup\nsetup(name='n')\n")
    assert call.get("version", "dflt") == "dflt"
    assert "name" in call and "version" not in call
    with pytest.raises(MetadataError, match=r"^mem/setup\.py:2: setup\(\) has no version= keyword$"):
        call.require("version")


def test_syntax_error_names_file_and_line():
    with pytest.raises(MetadataError, match=r"^mem/setup\.py:3: syntax error"):
        run("from setuptools import setup\n\nprint 'python 2'\nsetup(name='x')\n")


def test_no_setup_call():
    with pytest.raises(MetadataError, match=r"^mem/setup\.py: no setup\(\) call$"):
        run("import setuptools\nNAME = 'x'\n")


def test_step_and_recursion_limits_end_in_unresolvable():
    loop = """
    from setuptools import setup
    n = 0
    while True:
        n += 1
    setup(name="loop", version=str(n))
    """
    call = run(loop)
    assert call.require("name") == "loop"
    with pytest.raises(UnresolvableError, match="evaluation steps"):
        call.require("version")
    recursion = """
    from setuptools import setup
    def f(n):
        return f(n + 1)
    setup(name="rec", version=f(0))
    """
    with pytest.raises(UnresolvableError, match=r"mem/setup\.py:4: version= cannot be read statically: calls nest deeper than"):
        run(recursion).require("version")


def test_huge_values_are_refused():
    src = """
    from setuptools import setup
    setup(name="big", description="x" * 10**9, version="{:>99999999}".format(1))
    """
    call = run(src)
    assert sorted(call.unresolved()) == ["description", "version"]


def test_never_executes_exec_or_eval_of_real_code(tmp_path):
    marker = tmp_path / "marker"
    src = f"""
    from setuptools import setup
    exec("open({str(marker)!r}, 'w').write('x')")
    eval("__import__('os').system('touch {marker}')")
    __import__("os").system("touch {marker}")
    setup(name="safe")
    """
    assert run(src).require("name") == "safe"
    assert not marker.exists()


# --------------------------------------------------------------------------------------------------
# SetupCall helpers


def test_entry_points_ini_string_and_dict_of_strings():
    ini = """
    from setuptools import setup
    setup(entry_points='''
        [console_scripts]
        tool = pkg.cli:main
        # a comment
        [pkg.plugins]
        one = pkg.one:Plugin
    ''')
    """
    assert run(ini).entry_points() == (
        EntryPoint("tool", "pkg.cli:main", "console_scripts"),
        EntryPoint("one", "pkg.one:Plugin", "pkg.plugins"),
    )
    as_dict = "from setuptools import setup\nsetup(entry_points={'gui_scripts': 'a = m:f\\nb = m:g'})\n"
    assert [str(e) for e in run(as_dict).entry_points()] == ["a = m:f", "b = m:g"]
    bad = "from setuptools import setup\nsetup(entry_points={'console_scripts': ['nonsense']})\n"
    with pytest.raises(MetadataError, match=r"mem/setup\.py:2: entry point 'nonsense'"):
        run(bad).entry_points()


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [("", False), ("ext_modules=[]", False), ("cffi_modules=['build.py:ffi']", True), ("rust_extensions=make()", True)],
)
def test_has_ext_modules(keywords, expected):
    src = f"from setuptools import setup\ndef make():\n    return undefined_name\nsetup(name='e', {keywords})\n"
    assert run(src).has_ext_modules is expected


def test_result_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = evaluate_setup_py(DirectoryTree(FIXTURES / "basic"), PY311)
    monkeypatch.chdir(FIXTURES)
    assert evaluate_setup_py(DirectoryTree(FIXTURES / "basic"), PY311) == first
    assert os.getcwd() == str(FIXTURES)
