"""setup.py shapes seen in real sdists, each on a small project written for the test (never a copy of
the upstream file).  The docstring of each test names the projects the shape was found in; the
sweep over the most downloaded PyPI sdists is what found them."""

from __future__ import annotations

import pytest
from test_setup_py import PY311, MemoryTree, run

from nixpkgs_contrib.errors import MetadataError, UnresolvableError
from nixpkgs_contrib.matrix import Environment, Target
from nixpkgs_contrib.upstream.project import read_project
from nixpkgs_contrib.upstream.setup_py import SetupAborted, evaluate_setup_py

# --------------------------------------------------------------------------------------------------
# Crashes


@pytest.mark.parametrize(
    "statement",
    [
        "for flag in (os.environ['CFLAGS'].split() if 'CFLAGS' in os.environ else []):\n    flags.append(flag)",
        "while (os.environ['NIX_N'] if 'NIX_N' in os.environ else 0):\n    break",
        "with (open(os.environ['NIX_F']) if 'NIX_F' in os.environ else open('setup.py')):\n    flags = [lambda: 1]",
    ],
)
def test_a_skipped_statement_holding_a_ternary_or_lambda_is_poisoned_not_a_crash(statement):
    """cffi, multidict, greenlet, grpcio, lxml, psutil, wcwidth, fonttools, ruamel.yaml, cython: the
    flow analysis of a statement that cannot be evaluated walked into `x if c else y` as if its
    body were a list of statements (TypeError: argument of type 'Name' is not iterable)."""
    src = f"import os\nfrom setuptools import setup\nflags = []\n{statement}\nsetup(name='t', version='1', install_requires=['a'])\n"
    call = run(src)
    assert call.require("install_requires") == ["a"]


def test_a_package_importing_its_own_submodules_by_absolute_name():
    """toml: `from toml import encoder` inside toml/__init__.py, and setup.py reads toml.__version__
    (RecursionError: the lazy name `encoder` resolved to itself)."""
    files = {
        "setup.py": "from setuptools import setup\nimport selfref\nsetup(name='selfref', version=selfref.__version__)\n",
        "selfref/__init__.py": "from selfref import encoder\nfrom selfref import decoder as dec\n__version__ = '0.10.2'\ndump = encoder.dump\n",
        "selfref/encoder.py": "def dump(x):\n    return x\n",
        "selfref/decoder.py": "",
    }
    assert evaluate_setup_py(MemoryTree(files), PY311).require("version") == "0.10.2"


def test_an_import_cycle_through_lazy_names_is_unresolvable_not_a_crash():
    files = {
        "setup.py": "from setuptools import setup\nfrom a import x\nsetup(name='c', version=x)\n",
        "a.py": "from b import x\n",
        "b.py": "from a import x\n",
    }
    call = evaluate_setup_py(MemoryTree(files), PY311)
    with pytest.raises(UnresolvableError, match="import cycle"):
        call.require("version")


# --------------------------------------------------------------------------------------------------
# What setup.py is run as (policy rule 5)


def test_sys_argv_is_the_wheel_build():
    """awscli (`if 'py2exe' in sys.argv`), pexpect (`any(a == 'bdist_wheel' ...)`), humanfriendly
    (`if 'bdist_wheel' not in sys.argv`), fonttools, lz4, numba: nixpkgs builds a wheel, so the
    sys.argv tests take the bdist_wheel path instead of stopping the read."""
    src = """
    import sys
    from setuptools import setup
    if sys.argv[-1] == "publish":
        sys.exit("publishing")
    reqs = []
    if "bdist_wheel" not in sys.argv:
        reqs.append("only-for-sdist-installs")
    if {"pytest", "test"}.intersection(sys.argv):
        reqs.append("pytest-runner")
    if len(sys.argv) > 1 and any(a.startswith("bdist") for a in sys.argv[1:]):
        reqs.append("wheel-only")
    setup(name="argv", version="1", install_requires=reqs)
    """
    assert run(src).require("install_requires") == ["wheel-only"]


@pytest.mark.parametrize(
    ("pyproject", "base"),
    [(None, "setup.py"), ('[build-system]\nrequires = ["setuptools"]\n', "setup.py"),
     ('[build-system]\nbuild-backend = "setuptools.build_meta"\n', "/pyproject_hooks/_in_process/_in_process.py")],
)
def test_sys_argv_0_depends_on_the_backend(pyproject, base):
    """lxml reads its version from `dirname(sys.argv[0])`: the legacy backend (the default without
    build-backend) puts setup.py there, setuptools.build_meta leaves the frontend's script."""
    src = "import sys\nfrom setuptools import setup\nsetup(name='a0', version='1', description=sys.argv[0])\n"
    files = {"setup.py": src, **({"pyproject.toml": pyproject} if pyproject else {})}
    assert evaluate_setup_py(MemoryTree(files), PY311).require("description") == base


# --------------------------------------------------------------------------------------------------
# Unknown conditions run both ways (policy rule 2)


def test_an_environment_variable_that_switches_extensions_leaves_the_rest_known():
    """tornado: `kwargs["ext_modules"] = [...]` under `os.environ.get("TORNADO_EXTENSION") != "0"`,
    then `setup(**kwargs)`: the environment variable used to poison every keyword."""
    src = """
    import os, platform, setuptools
    kwargs = {}
    with open("README.rst") as f:
        kwargs["long_description"] = f.read()
    if platform.python_implementation() == "CPython" and os.environ.get("NIX_SPEEDUPS") != "0":
        kwargs["ext_modules"] = [setuptools.Extension("pkg.speedups", sources=["pkg/speedups.c"])]
        kwargs["options"] = {"bdist_wheel": {"py_limited_api": "cp311"}}
    setuptools.setup(name="tornadoish", version="6.6", install_requires=["a"], **kwargs)
    """
    call = evaluate_setup_py(MemoryTree({"setup.py": src, "README.rst": "Readme\n"}), PY311)
    assert (call.require("name"), call.require("version"), call.require("install_requires")) == ("tornadoish", "6.6", ["a"])
    assert call.require("long_description") == "Readme\n"
    assert call.has_ext_modules is True
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:6: ext_modules= cannot be read statically: reads environment variable NIX_SPEEDUPS, which the nixpkgs build sets$"):
        call.get("ext_modules")


def test_extensions_switched_in_a_main_function_with_a_fallback_setup_call():
    """coverage: a flag from an environment variable, `setup_args.update(dict(ext_modules=...))`,
    and setup() called from main() inside try/except BuildFailed (also simplejson's run_setup)."""
    src = """
    import os, platform
    from setuptools import Extension, setup
    class BuildFailed(Exception):
        pass
    setup_args = dict(name="cov", version="7.1", python_requires=">=3.9")
    compile_extension = os.getenv("NIX_DISABLE_EXT", None) is None
    if platform.python_implementation() == "PyPy":
        compile_extension = False
    if compile_extension:
        setup_args.update(dict(ext_modules=[Extension("cov.tracer", sources=["cov/tracer.c"])]))
    def run_setup(with_binary):
        kw = dict(cmdclass={})
        if with_binary:
            kw["cmdclass"] = {"build_ext": BuildFailed}
        setup(**setup_args, **kw)
    def main():
        try:
            run_setup(compile_extension)
        except BuildFailed:
            del setup_args["ext_modules"]
            run_setup(False)
    if __name__ == "__main__":
        main()
    """
    call = run(src)
    assert (call.require("name"), call.require("version"), call.require("python_requires")) == ("cov", "7.1", ">=3.9")
    assert call.has_ext_modules is True
    assert sorted(call.unresolved()) == ["cmdclass", "ext_modules"]


def test_setup_reached_only_through_a_function_names_the_real_failure():
    """simplejson: `try: run_setup(...)` at the top level; when the call cannot be evaluated, the
    message names why instead of "no setup() call"."""
    src = "from setuptools import setup\ndef run_setup():\n    setup(name=undefined_helper())\nrun_setup()\n"
    call = run(src)
    with pytest.raises(UnresolvableError, match=r"name= cannot be read statically: NameError: name 'undefined_helper' is not defined"):
        call.require("name")
    broken = "from setuptools import setup\ndef run_setup(kw):\n    setup(**kw)\nrun_setup(open('setup.json').read())\n"
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:4: FileNotFoundError: setup\.json is not a file in mem$"):
        run(broken)


def test_a_function_whose_paths_disagree_returns_an_unknown_value():
    src = """
    import os
    from setuptools import setup
    def flavour():
        if os.environ.get("NIX_FLAVOUR"):
            return "full"
        return "lite"
    def same():
        if os.environ.get("NIX_X"):
            return "1.0"
        else:
            return "1.0"
    setup(name="p-" + flavour(), version=same())
    """
    call = run(src)
    assert call.require("version") == "1.0"
    with pytest.raises(UnresolvableError, match="reads environment variable NIX_FLAVOUR, which the nixpkgs build sets"):
        call.require("name")


def test_a_path_that_aborts_under_an_unknown_condition_is_not_the_build():
    """Policy rule 3: `if not os.environ.get(...): sys.exit(...)` cannot be the path of a working
    build; a known condition that aborts still disables that interpreter."""
    src = """
    import os, sys
    from setuptools import setup
    if os.environ.get("NIX_NO_COMPILER"):
        raise RuntimeError("a C compiler is required")
    if sys.version_info < (3, 10):
        sys.exit("Python 3.10 or later is required")
    setup(name="abort", version="1")
    """
    assert run(src).require("name") == "abort"
    with pytest.raises(SetupAborted, match="raises SystemExit on python 3.9"):
        run(src, Environment("3.9", "x86_64-linux"))


# --------------------------------------------------------------------------------------------------
# Modules outside the project (policy rule 4)


def test_a_required_build_dependency_that_raises_when_missing():
    """kiwisolver: `try: from cppy import CppyBuildExt / except ImportError: raise RuntimeError(...)`:
    the build that works has cppy; it used to abort every interpreter."""
    src = """
    from setuptools import Extension, setup
    try:
        from cppy import CppyBuildExt
    except ImportError as e:
        raise RuntimeError("Missing setup required dependencies: cppy") from e
    setup(name="kiwi", version="1.5", ext_modules=[Extension("kiwi._cext", ["kiwi.cpp"])], cmdclass={"build_ext": CppyBuildExt})
    """
    call = run(src)
    assert (call.require("name"), call.require("version"), call.has_ext_modules) == ("kiwi", "1.5", True)


def test_a_build_dependency_used_at_the_top_level_without_try():
    src = """
    import numpy
    from setuptools import setup
    include = numpy.get_include()
    setup(name="np", version="1", include_dirs=[include], install_requires=["numpy>=" + numpy.__version__])
    """
    call = run(src)
    assert call.require("name") == "np"
    assert call.get("include_dirs") is None
    with pytest.raises(UnresolvableError, match="install_requires= cannot be read statically"):
        call.require("install_requires")


def test_setuptools_scm_and_versioneer_answer_the_sdist_version():
    """sqlglot (`get_version()` of setuptools_scm, used in an extra), s3fs, ecdsa, numba, debugpy,
    llvmlite (a vendored versioneer.py, whose classes and git calls are not evaluated)."""
    src = """
    from setuptools import setup
    from setuptools_scm import get_version
    import versioneer
    version = get_version(local_scheme="no-local-version")
    cmdclass = versioneer.get_cmdclass()
    cmdclass["build_ext"] = object
    setup(name="scm", version=versioneer.get_version(), extras_require={"c": [f"scm-c=={version}"]}, cmdclass=cmdclass)
    """
    files = {"setup.py": src, "versioneer.py": "class VersioneerConfig:\n    pass\n", "PKG-INFO": "Metadata-Version: 2.1\nName: scm\nVersion: 30.1.0\n"}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert call.require("version") == "30.1.0"
    assert call.require("extras_require") == {"c": ["scm-c==30.1.0"]}
    del files["PKG-INFO"]  # a git checkout: the version comes from version control
    with pytest.raises(UnresolvableError, match="only an sdist's PKG-INFO records it"):
        evaluate_setup_py(MemoryTree(files), PY311).require("version")


def test_scikit_build_setup_is_a_setup_call_that_compiles():
    src = "from skbuild import setup\nsetup(name='skb', version='1', packages=['skb'])\n"
    call = run(src)
    assert call.require("packages") == ["skb"] and call.has_ext_modules is True


# --------------------------------------------------------------------------------------------------
# The standard library slice


def test_a_missing_attribute_is_an_attribute_error_the_program_can_catch():
    """azure-storage-blob, azure-common: `try: azure.storage.__version__ / except AttributeError`
    on the project's own namespace package used to abort."""
    src = """
    from setuptools import setup
    try:
        import azure.storage
        try:
            ver = azure.storage.__version__
            raise Exception("incompatible with azure-storage " + ver)
        except AttributeError:
            pass
    except ImportError:
        pass
    setup(name="azure-storage-thing", version="12.0")
    """
    files = {"setup.py": src, "azure/storage/__init__.py": "__path__ = []\n", "azure/storage/thing/__init__.py": ""}
    assert evaluate_setup_py(MemoryTree(files), PY311).require("version") == "12.0"
    files["azure/storage/__init__.py"] = "from .magic import *\n"  # names it binds are unknown
    with pytest.raises(SetupAborted, match="azure.storage .* defines no __version__"):
        evaluate_setup_py(MemoryTree(files), PY311)


def test_hasattr_getattr_and_sys_members_of_other_interpreters():
    """multiprocess (`hasattr(sys, 'pypy_version_info')`), simplejson (`getattr(getattr(sys,
    "implementation", None), "name", None)`), cython (`'setuptools' in sys.modules`), psutil
    (`if setuptools is not None`)."""
    src = """
    import sys
    import setuptools
    from setuptools import setup
    is_pypy = hasattr(sys, "pypy_version_info") or "__pypy__" in sys.builtin_module_names
    impl = getattr(getattr(sys, "implementation", None), "name", None)
    missing = getattr(sys, "getwindowsversion", "none")
    extra = {}
    if "setuptools" in sys.modules and setuptools is not None:
        extra["python_requires"] = ">=3.9"
    setup(name="multi", version="1", description=f"{is_pypy} {impl} {missing} {hasattr('', 'strip')}", **extra)
    """
    call = run(src)
    assert call.require("description") == "False cpython none True"
    assert call.require("python_requires") == ">=3.9"


def test_typing_cast_and_get_module_constant():
    """jedi: `from typing import cast`, `cast(str, get_module_constant("jedi", "__version__"))`."""
    src = """
    from typing import Any, Dict, cast
    from setuptools import setup
    from setuptools.depends import get_module_constant
    version = cast(str, get_module_constant("pkg", "__version__"))
    missing = get_module_constant("pkg", "nope")
    computed = get_module_constant("pkg", "COMPUTED")
    meta: Dict[str, Any] = {"name": "typed"}
    setup(version=version, description=f"{missing} {computed}", **meta)
    """
    files = {"setup.py": src, "pkg/__init__.py": "import os\n__version__ = '0.20.1'\nCOMPUTED = os.sep\n"}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert (call.require("name"), call.require("version"), call.require("description")) == ("typed", "0.20.1", "None -1")


def test_importlib_util_and_runpy_evaluate_a_project_file():
    """openpyxl, watchdog: `spec_from_file_location` / `module_from_spec` / `exec_module` of a file
    of the project, which is read statically, never executed."""
    src = """
    import importlib.util, runpy
    from importlib.util import module_from_spec, spec_from_file_location
    from setuptools import setup
    spec = spec_from_file_location("constants", "./pkg/_constants.py")
    constants = module_from_spec(spec)
    spec.loader.exec_module(constants)
    about = runpy.run_path("pkg/_constants.py")
    other = importlib.util.spec_from_file_location("other", "pkg/missing.py")
    try:
        other.loader.exec_module(importlib.util.module_from_spec(other))
        found = "yes"
    except FileNotFoundError:
        found = "no"
    setup(name="xl", version=constants.__version__, license=about["__license__"], description=found)
    """
    files = {"setup.py": src, "pkg/_constants.py": "__version__ = '3.1.5'\n__license__ = 'MIT'\n"}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert (call.require("version"), call.require("license"), call.require("description")) == ("3.1.5", "MIT", "no")


def test_pep420_package_finder():
    """google-cloud-aiplatform: `setuptools.PEP420PackageFinder.find()`."""
    src = """
    import setuptools
    packages = [p for p in setuptools.PEP420PackageFinder.find() if p.startswith("google")]
    setuptools.setup(name="g", version="1", packages=packages + setuptools.PackageFinder.find(include=["plain*"]))
    """
    files = {"setup.py": src, "google/cloud/ai/__init__.py": "", "plain/__init__.py": "", "tests/__init__.py": ""}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert call.require("packages") == ["google", "google.cloud", "google.cloud.ai", "plain"]


def test_eval_of_text_is_interpreted_and_data_helpers():
    """mccabe, pyflakes, pycryptodome (`eval(line.split("=")[1])`), psutil (`ast.literal_eval`),
    sqlalchemy-bigquery (`itertools.chain.from_iterable`), coverage (`textwrap.dedent`), psutil
    (`with warnings.catch_warnings():`)."""
    src = """
    import ast, itertools, textwrap, warnings, contextlib
    from setuptools import setup
    with open("pkg.py") as f:
        for line in f:
            if line.startswith("__version__"):
                version = eval(line.split("=")[-1])
            if line.startswith("version_info"):
                info = ast.literal_eval(line.split("=")[1].strip())
    extras = {"a": ["x"], "b": ["y", "x"]}
    extras["all"] = sorted(set(itertools.chain.from_iterable(extras.values())))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classifiers = textwrap.dedent('''\\
            Programming Language :: Python
            License :: OSI Approved :: MIT License
        ''').splitlines()
    with contextlib.suppress(KeyError):
        extras["missing"]
    setup(name="ev", version=version, description=".".join(map(str, info)), extras_require=extras, classifiers=classifiers)
    """
    files = {"setup.py": src, "pkg.py": '__version__ = "0.7.0"\nversion_info = (3, 24, 2)\n'}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert (call.require("version"), call.require("description")) == ("0.7.0", "3.24.2")
    assert call.require("extras_require")["all"] == ["x", "y"]
    assert call.require("classifiers") == ["Programming Language :: Python", "License :: OSI Approved :: MIT License"]


def test_sysconfig_answers_for_the_interpreter():
    """tornado, pycryptodomex: `sysconfig.get_config_var("Py_GIL_DISABLED")` (nixpkgs' default
    interpreters are not free-threaded)."""
    src = """
    import sysconfig
    from setuptools import setup
    options = {}
    if not sysconfig.get_config_var("Py_GIL_DISABLED"):
        options["bdist_wheel"] = {"py_limited_api": "cp37"}
    setup(name="sc", version="1", options=options, description=sysconfig.get_config_var("EXT_SUFFIX"))
    """
    call = run(src, Environment("3.13", "aarch64-darwin"))
    assert call.require("options") == {"bdist_wheel": {"py_limited_api": "cp37"}}
    assert call.require("description") == ".cpython-313-darwin.so"


# --------------------------------------------------------------------------------------------------
# Which keywords matter (policy rule 6)


def test_an_unknown_informational_keyword_reads_as_absent():
    src = """
    import subprocess
    from setuptools import setup
    setup(name="info", version="1", description=subprocess.check_output(["git", "log"]).decode(), url=None)
    """
    call = run(src)
    assert call.get("description") is None and call.get("description", "dflt") == "dflt"
    assert "description" in call.unresolved()
    with pytest.raises(UnresolvableError, match=r"^mem/setup\.py:4: description= cannot be read statically: subprocess\.check_output"):
        call.require("description")  # a caller that requires it gets the reason


# --------------------------------------------------------------------------------------------------
# The reader asks only for what it uses


@pytest.mark.parametrize("build_system", [True, False])
def test_setup_requires_switched_by_the_environment_asks_for_what_either_path_needs(build_system):
    """fonttools, grpcio, grpcio-health-checking: setup_requires chosen by an environment variable
    or an optional import.  With a [build-system] table setup_requires is not used; without one it
    becomes the build requirements: what either path asks for (policy rule 7), so the build
    succeeds whichever way the variable is set."""
    src = """
    import os
    from setuptools import setup
    setup_requires = ["wheel"]
    try:
        import Cython
        has_cython = True
    except ImportError:
        has_cython = False
    if os.environ.get("NIX_WITH_CYTHON") and not has_cython:
        setup_requires.append("cython>=3")
    setup(name="fonts", version="4.6", packages=["fonts"], setup_requires=setup_requires)
    """
    files = {"setup.py": src, "fonts/__init__.py": ""}
    if build_system:
        files["pyproject.toml"] = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
    project = read_project(MemoryTree(files), Target(("3.12",), ("x86_64-linux",)))
    metadata = project.per_environment[0][1]
    assert metadata.name == "fonts"
    expected = ["setuptools"] if build_system else ["setuptools", "wheel", "cython>=3"]
    assert [str(r) for r in metadata.build_requires] == expected


@pytest.mark.parametrize(
    "after",
    [
        "setup_requires.append('pkgconfig')",  # changed after the fork: what each path left is lost
        "extend(setup_requires)",  # changed by a function of the program
        "if os.environ.get('NIX_B'): setup_requires.append('pkgconfig')",  # a second fork
        "print(len(setup_requires), setup_requires.append('pkgconfig'))",  # inside an expression
    ],
)
def test_setup_requires_changed_after_an_unknown_choice_stays_unknown(after):
    """Policy rule 7 reads a value as the two paths left it, so only while nothing changed it
    since: a list the program changes afterwards (through any name) stops the read as before."""
    src = f"""
    import os
    from setuptools import setup
    def extend(reqs):
        reqs.append(os.environ["NIX_X"])
    setup_requires = []
    alias = setup_requires
    if os.environ.get("NIX_A"):
        setup_requires.append("cython")
    {after}
    setup(name="fonts", version="4.6", packages=["fonts"], setup_requires=alias)
    """
    tree = MemoryTree({"setup.py": src, "fonts/__init__.py": ""})
    with pytest.raises(UnresolvableError, match="setup_requires= cannot be read statically: reads environment variable NIX_A, which the nixpkgs build sets"):
        read_project(tree, Target(("3.12",), ("x86_64-linux",)))
    # changed while setup()'s own arguments are evaluated: setuptools would see the appended item
    late = src.replace("setup_requires=alias)", "setup_requires=alias, description=str(alias.append('x')))")
    with pytest.raises(UnresolvableError, match="setup_requires= cannot be read statically: reads environment variable NIX_A, which the nixpkgs build sets"):
        read_project(MemoryTree({"setup.py": late, "fonts/__init__.py": ""}), Target(("3.12",), ("x86_64-linux",)))


def test_requirements_chosen_by_an_optional_import_are_read_where_both_give_the_same():
    """humanfriendly: `extras_require` gets `":python_version == '2.7'"`-style keys only when
    importing pkg_resources works (try/except ImportError in a helper).  Both forms give the same
    requirements on every interpreter and system of the target, so the choice cannot matter; where
    the two forms differ in an environment the read still stops (policy rule 7)."""
    src = """
    import sys
    from setuptools import setup
    def markers_supported():
        try:
            import pkg_resources
            return pkg_resources.parse_version("1") >= pkg_resources.parse_version("0.7")
        except ImportError:
            return False
    def extras():
        extras = {"cli": ["click"]}
        if markers_supported():
            extras[':python_version < "3.0"'] = ["futures"]
            extras[':sys_platform == "win32"'] = "colorama"
            extras["cli"] = ["click", 'pywin32; sys_platform == "win32"']
        return extras
    setup(name="friendly", version="1", packages=["friendly"], install_requires=["six"], extras_require=extras())
    """
    tree = MemoryTree({"setup.py": src, "friendly/__init__.py": ""})
    project = read_project(tree, Target(("3.9", "3.13"), ("x86_64-linux", "aarch64-darwin")))
    assert len(project.per_environment) == 4
    for env, metadata in project.per_environment:

        def held(reqs, extra="", env=env):
            return [r.name for r in reqs if r.marker is None or r.marker.evaluate(env.marker_environment(extra))]

        assert held(metadata.dependencies) == ["six"]
        assert {extra: held(reqs, extra) for extra, reqs in metadata.optional_dependencies} == {"cli": ["click"]}
    differs = src.replace("win32", "linux")  # now the markers hold on Linux: the choice matters there
    with pytest.raises(UnresolvableError, match="extras_require= cannot be read statically: whether pkg_resources can be imported"):
        read_project(MemoryTree({"setup.py": differs, "friendly/__init__.py": ""}), Target(("3.12",), ("x86_64-linux",)))


def test_a_ternary_on_an_unknown_condition_runs_both_ways():
    """aiohttp: `setup_kwargs = {} if NO_EXTENSIONS else {"ext_modules": ...}` then
    `setup(**setup_kwargs)`; dulwich: `if "PURE" in os.environ`."""
    src = """
    import os
    from setuptools import Extension, setup
    NO_EXTENSIONS = bool(os.environ.get("NIX_NO_EXTENSIONS"))
    setup_kwargs = {} if NO_EXTENSIONS else {"ext_modules": [Extension("a._speedups", ["a/_speedups.c"])]}
    flavour = "same" if "NIX_PURE" in os.environ else "same"
    setup(name="a", version="3.14", description=flavour, **setup_kwargs)
    """
    call = run(src)
    assert (call.require("name"), call.require("description"), call.has_ext_modules) == ("a", "same", True)
    pure = "import os\nfrom setuptools import setup\nsetup(name='p', version='1' if 'NIX_PURE' in os.environ else '2')\n"
    with pytest.raises(UnresolvableError, match="version= cannot be read statically: reads environment variable NIX_PURE, which the nixpkgs build sets$"):
        run(pure).require("version")


def test_setup_calls_in_both_paths_agree_when_a_keyword_is_absent_or_empty():
    """google-crc32c: the pure-Python setup() has no install_requires=, the compiled one has
    `install_requires=[]`; setuptools reads both as no requirements."""
    src = """
    import os, setuptools
    def pure():
        setuptools.setup(packages=["crc"], ext_modules=[])
    def compiled():
        setuptools.setup(packages=["crc"], ext_modules=[setuptools.Extension("crc._c", ["c.c"])], install_requires=[])
    if os.getenv("NIX_PURE_PYTHON") not in ("0", None):
        pure()
    else:
        compiled()
    """
    call = run(src)
    assert call.require("packages") == ["crc"] and call.require("install_requires") == []
    assert call.has_ext_modules is True


def test_dunder_import_finds_modules_and_build_tool_objects_are_not_data():
    """jupyterlab_pygments: `__import__("setuptools").setup()`; wcwidth: `re.findall(r"\\d+",
    setuptools.__version__)` (the build's setuptools version is not known)."""
    src = """
    import re, setuptools
    parts = tuple(int(p) for p in re.findall(r"\\\\d+", setuptools.__version__)[:2])
    __import__("setuptools").setup(name="jp", version="0.3", description=str(parts))
    """
    call = run(src)
    assert call.require("version") == "0.3"
    assert "re.findall() of setuptools.__version__ is not evaluated statically" in call.unresolved()["description"].reason


def test_recursion_over_unknown_conditions_is_cut_short():
    """ruamel.yaml: a recursive literal_eval over an unknown tree explored both paths of every
    `elif` at every depth until the step budget ran out (seconds per interpreter)."""
    src = """
    import os
    from setuptools import setup
    def walk(depth):
        if os.environ.get("NIX_LEVEL_%d" % depth):
            return walk(depth + 1) + walk(depth + 1)
        elif os.environ.get("NIX_OTHER_%d" % depth):
            return walk(depth + 1)
        return 1
    setup(name="deep", version=str(walk(0)))
    """
    reason = run(src).unresolved()["version"].reason
    assert reason.startswith("reads environment variable") and "steps" not in reason


def test_metadata_computed_by_a_class_of_setup_py_says_so():
    """ruamel.yaml: `nsp = NameSpacePackager(pkg_data)` then `name=nsp.full_package_name`: classes
    are not evaluated; the refusal names the class instead of calling it a build-time object."""
    src = "from setuptools import setup\nclass Packager:\n    name = 'x'\nnsp = Packager()\nsetup(name=nsp.name, version='1')\n"
    with pytest.raises(UnresolvableError, match=r"mem/setup\.py:4: name= cannot be read statically: Packager\(\.\.\.\) is an instance of Packager, a class the project defines \(mem/setup\.py:2\); classes are not evaluated statically$"):
        run(src).require("name")


def test_a_field_refused_says_when_a_pkg_info_records_it_without_authority():
    """ruamel.yaml, ruamel.yaml.clib: python_requires= from the project's class; the sdist's
    PKG-INFO (core metadata 2.1) has Requires-Python, which PEP 643 does not make authoritative.
    The refusal says both, so a person knows what upstream recorded and why it is not used."""
    src = "from setuptools import setup\nclass Packager:\n    pass\nnsp = Packager()\nsetup(name='nsp', version='1', packages=['nsp'], python_requires=nsp.python_requires)\n"
    files = {"setup.py": src, "nsp/__init__.py": ""}
    pkg_info = "Metadata-Version: {}\nName: nsp\nVersion: 1\nRequires-Python: >=3.9\n"
    expected = (
        r"^mem/setup\.py:4: python_requires= cannot be read statically: Packager\(\.\.\.\) is an instance of Packager, a class the "
        r"project defines \(mem/setup\.py:2\); classes are not evaluated statically; the sdist's PKG-INFO records "
        r"requires-python but is not authoritative for it \(core metadata 2\.1; PEP 643 needs 2\.2 or later and the field not Dynamic\)$"
    )
    with pytest.raises(UnresolvableError, match=expected):
        read_project(MemoryTree({**files, "PKG-INFO": pkg_info.format("2.1")}), Target(("3.12",), ("x86_64-linux",)))
    with pytest.raises(UnresolvableError, match=r"classes are not evaluated statically$"):  # no PKG-INFO: nothing to add
        read_project(MemoryTree(files), Target(("3.12",), ("x86_64-linux",)))
    project = read_project(MemoryTree({**files, "PKG-INFO": pkg_info.format("2.2")}), Target(("3.12",), ("x86_64-linux",)))
    assert str(project.metadata.requires_python) == ">=3.9"  # authoritative: taken from PKG-INFO


def test_the_path_kept_under_an_unknown_condition_is_seen_through_an_exec_namespace():
    """`exec(open("pkg/version.py").read(), ns)` where version.py aborts under an unknown
    condition: the path that goes on must land in the dict the program holds."""
    version_py = "import os\nif os.environ.get('NIX_BROKEN'):\n    raise RuntimeError('no')\nelse:\n    VERSION = '1.0'\n"
    src = "from setuptools import setup\nns = {}\nexec(open('version.py').read(), ns)\nsetup(name='ns', version=ns['VERSION'])\n"
    call = evaluate_setup_py(MemoryTree({"setup.py": src, "version.py": version_py}), PY311)
    assert call.require("version") == "1.0"


def test_a_build_system_of_its_own_is_refused_saying_so():
    """pymupdf: pyproject.toml names setup.py itself as the PEP 517 backend (backend-path ["."]),
    requiring only pipcl, and setup.py describes the package with `pipcl.Package(...)`: there is
    no setuptools script to read.  An in-tree backend that wraps setuptools is still read."""
    src = """
    import ownbuild
    p = ownbuild.Package("pdfkit", "2.0", requires_dist=["numpy"])
    build_wheel = p.build_wheel
    if __name__ == "__main__":
        p.handle_argv()
    """
    system = '[build-system]\nrequires = ["ownbuild"]\nbuild-backend = "setup"\nbackend-path = ["."]\n'
    tree = MemoryTree({"setup.py": src, "pyproject.toml": system, "pdfkit/__init__.py": ""})
    expected = (
        r"^mem/pyproject\.toml: the project builds with its own PEP 517 backend 'setup' \(backend-path \['\.'\], requires "
        r"ownbuild\), not setuptools: the metadata that code computes is not read statically \(setup\.py:3: setup\(\) is "
        r"never reached statically; last failure: ownbuild\.Package\(\) is computed by ownbuild, .*\)"
    )
    with pytest.raises(MetadataError, match=expected):
        read_project(tree, Target(("3.12",), ("x86_64-linux",)))
    wrapper = system.replace('["ownbuild"]', '["setuptools", "ownbuild"]')
    setuptools_src = "from setuptools import setup\nsetup(name='pdfkit', version='2.0', packages=['pdfkit'])\n"
    tree = MemoryTree({"setup.py": setuptools_src, "pyproject.toml": wrapper, "pdfkit/__init__.py": ""})
    assert read_project(tree, Target(("3.12",), ("x86_64-linux",))).metadata.version == "2.0"


def test_a_name_a_skipped_star_import_may_bind_is_unknown_not_a_name_error():
    """pypdfium2: setup.py puts its helper directory on sys.path with a computed path and
    star-imports from it; a name used later is unknown (the import may bind it), and the message
    names the import, not `NameError`."""
    src = """
    import os, sys
    from setuptools import setup
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "helpers"))
    from toolbox import *
    setup(name="starry", version="1", python_requires=">=3.9", description=DESCRIPTION)
    """
    files = {"setup.py": src, "helpers/toolbox.py": "DESCRIPTION = 'from the helper'\n"}
    call = evaluate_setup_py(MemoryTree(files), PY311)
    assert (call.require("name"), call.require("python_requires")) == ("starry", ">=3.9")
    with pytest.raises(
        UnresolvableError,
        match=r"^mem/setup\.py:6: description= cannot be read statically: DESCRIPTION is not defined unless a statement "
        r"not evaluated binds it \(mem/setup\.py:5: from toolbox import \* is not evaluated statically\)$",
    ):
        call.require("description")
    plain = "from setuptools import setup\nsetup(name='p', version=UNDEFINED)\n"
    with pytest.raises(UnresolvableError, match="NameError: name 'UNDEFINED' is not defined"):
        run(plain).require("version")
