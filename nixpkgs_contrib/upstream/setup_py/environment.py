"""What the build environment answers, for one :class:`~nixpkgs_contrib.matrix.Environment`: ``sys``,
``platform``, ``sysconfig``, ``os`` and ``os.path``.

The build is the one nixpkgs runs: CPython (not free-threaded) of the environment's version on its
system, building a wheel through the project's PEP 517 backend (``setuptools.build_meta`` or its
legacy variant), which runs setup.py as ``setup.py bdist_wheel --dist-dir <temporary directory>``
(policy rule 5).
Its interpreter paths and compiler are not known: reading them is unknown.  Its environment
variables are those the builder, stdenv and the Python build hooks set (:data:`BUILD_VARIABLES`,
unknown) and the expression's attributes; the expression we emit sets no other, so any other
variable is unset (:func:`variable`)."""

from __future__ import annotations

import operator
import posixpath
import tomllib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...errors import UserError
from ...matrix import SYSTEMS, Environment
from ..tree import SourceTree, read_text
from . import files
from .frames import Raised, Site
from .values import ROOT, Builtin, EnvironmentFact, ModelModule, PathValue, Unresolved, VersionInfo, need_deep

if TYPE_CHECKING:
    from .interpreter import Interpreter

#: The command setuptools.build_meta runs setup.py with to build the wheel.
COMMAND = ("bdist_wheel", "--dist-dir", f"{ROOT}/dist/.tmp-bdist")
#: ``sys.argv[0]``: ``setuptools.build_meta`` leaves the frontend's script there (pyproject_hooks'
#: _in_process.py, outside the project); the legacy backend (``build_meta:__legacy__``, the default
#: without ``[build-system] build-backend``) puts ``setup.py`` there.
FRONTEND_SCRIPT = "/pyproject_hooks/_in_process/_in_process.py"
LEGACY_BACKEND = "setuptools.build_meta:__legacy__"

#: Modules the build backend has imported before it runs setup.py.
BACKEND_MODULES = frozenset({"setuptools", "distutils", "sys", "os", "builtins"})

#: ``sys.builtin_module_names`` of a CPython build (enough to tell CPython from PyPy or GraalPy).
BUILTIN_MODULES = (
    "_abc", "_ast", "_codecs", "_collections", "_functools", "_imp", "_io", "_locale", "_operator", "_signal",
    "_sre", "_stat", "_string", "_symtable", "_thread", "_tokenize", "_tracemalloc", "_typing", "_warnings",
    "_weakref", "atexit", "builtins", "errno", "faulthandler", "gc", "itertools", "marshal", "posix", "pwd",
    "sys", "time",
)

#: Members other interpreters or platforms have and a CPython release build on Linux/macOS has not.
SYS_ABSENT = frozenset({
    "pypy_version_info", "pypy_translation_info", "getwindowsversion", "winver", "dllhandle", "frozen",
    "_MEIPASS", "gettotalrefcount", "_emscripten_info", "getandroidapilevel",
})
OS_ABSENT = frozenset({"add_dll_directory", "startfile", "O_BINARY"})


#: Every fact of an :class:`Environment` the modelled modules answer from, by name.  The program
#: reaches the environment only through these (:meth:`~.interpreter.Interpreter.fact` records each
#: read), so an evaluation that read none of them holds for every environment, and one that read
#: only ``sys.platform`` holds for every environment with the same ``sys.platform``.  What is the
#: same on every system nixpkgs builds for (``os.name``, ``sys.maxsize``, ``sys.byteorder``,
#: ``platform.python_implementation()``) is a constant, not a fact.
FACTS: dict[str, Callable[[Environment], Any]] = {
    "python": lambda env: env.python,
    "sys.platform": lambda env: SYSTEMS[env.system]["sys_platform"],
    "platform.system": lambda env: SYSTEMS[env.system]["platform_system"],
    "platform.machine": lambda env: SYSTEMS[env.system]["platform_machine"],
}


#: Environment variables set when setup.py runs in a nixpkgs build of a Python package, by:
#: Nix's builder (HOME=/homeless-shelter, TMPDIR and its aliases, NIX_BUILD_TOP, NIX_STORE,
#: NIX_BUILD_CORES, NIX_LOG_FD, TERM, PATH), bash (PWD, OLDPWD, SHLVL), stdenv's
#: ``pkgs/stdenv/generic/setup.sh`` (SOURCE_DATE_EPOCH, SHELL, CONFIG_SHELL, TZ, XDG_DATA_DIRS,
#: SSL_CERT_FILE, GZIP_NO_TIMESTAMPS, NIX_*), the cc and bintools wrappers' setup hooks (CC, CXX,
#: LD, AR, ..., their ``_FOR_BUILD``/``_FOR_TARGET`` twins, NIX_CFLAGS_COMPILE, NIX_LDFLAGS; on
#: Darwin MACOSX_DEPLOYMENT_TARGET, SDKROOT, DEVELOPER_DIR, ZERO_AR_DATE), the interpreter's
#: ``pkgs/development/interpreters/python/setup-hook.sh`` (PYTHONPATH, PYTHONHASHSEED,
#: DETERMINISTIC_BUILD), the Python build hooks and pyproject_hooks (PYTHON*, PIP_*,
#: _PYPROJECT_HOOKS_*), and the setup hooks of build inputs (pkg-config, cmake, meson, cargo and
#: rust, Qt, GObject, Perl; the build backends' version hooks: setuptools-scm's
#: SETUPTOOLS_SCM_PRETEND_VERSION, pdm-backend's PDM_BUILD_SCM_VERSION, poetry-dynamic-versioning's
#: POETRY_DYNAMIC_VERSIONING_BYPASS; maturin, scikit-build, pyo3, Cython, numpy: their prefixes
#: below).  Flags a hook may export (CFLAGS, LDFLAGS, ...)
#: and the locale are counted in, to be safe.  Every derivation attribute is a variable too
#: (``out``, ``src``, ``pname``, ``nativeBuildInputs``, ``dontUsePypaBuild``): their names have a
#: lower-case letter, and :func:`set_by_build` counts every such name in.  Reading any of these is
#: unknown: the value is the build's.
BUILD_VARIABLES = frozenset({
    "HOME", "TMPDIR", "TMP", "TEMP", "TEMPDIR", "TERM", "PATH", "HOST_PATH", "PWD", "OLDPWD", "SHLVL", "SHELL",
    "CONFIG_SHELL", "SOURCE_DATE_EPOCH", "TZ", "SSL_CERT_FILE", "GZIP_NO_TIMESTAMPS", "DETERMINISTIC_BUILD",
    "CC", "CXX", "CPP", "LD", "AR", "AS", "NM", "OBJCOPY", "OBJDUMP", "RANLIB", "READELF", "SIZE", "STRINGS",
    "STRIP", "WINDRES", "DLLTOOL", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "LDSHARED", "ARFLAGS", "CPATH",
    "LIBRARY_PATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "SDKROOT", "DEVELOPER_DIR", "ZERO_AR_DATE",
    "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "ACLOCAL_PATH",
})
BUILD_PREFIXES = (
    "NIX_", "PYTHON", "_PYTHON", "PIP_", "_PYPROJECT_HOOKS", "PEP517", "SETUPTOOLS_", "DISTUTILS_",
    "MACOSX_", "LD_", "DYLD_", "XDG_", "PKG_CONFIG", "CMAKE", "MESON", "CARGO", "RUST", "QT_", "GI_", "GIO_",
    "GDK_", "PERL", "GETTEXT", "LC_", "PDM_", "POETRY", "HATCH", "MATURIN", "SKBUILD", "VERSIONINGIT", "PYO3_",
    "CYTHON", "NPY_",
)
BUILD_SUFFIXES = ("_FOR_BUILD", "_FOR_TARGET")

#: Facts named ``os.environ[NAME]``: the variable *NAME* as the build's environment holds it.
VARIABLE_FACT = "os.environ["


def set_by_build(name: str) -> bool:
    """Whether the nixpkgs build may set environment variable *name* (:data:`BUILD_VARIABLES`)."""
    return (
        name in BUILD_VARIABLES or name.startswith(BUILD_PREFIXES) or name.endswith(BUILD_SUFFIXES)
        or name != name.upper() or not name
    )


def answer(name: str, env: Environment) -> Any:
    """The answer of *env* to the fact *name*: a key of :data:`FACTS`, or ``os.environ[NAME]`` for a
    variable the build does not set, which is unset (None) in every environment: the expression we
    emit sets no environment variable.  Recorded like the others, so that a result says what it
    depends on, and stays right should environments ever differ in it."""
    if name.startswith(VARIABLE_FACT):
        return None
    return FACTS[name](env)


def variable(ev: Interpreter, site: Site, key: Any) -> Any:
    """The value of environment variable *key* when setup.py runs, or None when it is unset;
    raises (unknown) for a variable the build sets, and for one the program may have set itself
    (:func:`.flow.environ_writes`)."""
    key = need_deep(key)
    if not isinstance(key, str):
        raise site.fail("reads an environment variable whose name is not a string")
    if set_by_build(key):
        raise site.fail(f"reads environment variable {key}, which the nixpkgs build sets")
    for name, where in ev.environ_writes:
        if name is None or name == key:
            raise site.fail(f"reads environment variable {key}, which the program may set ({where})")
    return ev.fact(f"{VARIABLE_FACT}{key}]")


def environ_item(ev: Interpreter, site: Site, key: Any) -> Any:
    """``os.environ[key]``: KeyError for an unset variable, as in the build."""
    value = variable(ev, site, key)
    return ev.py(site, operator.getitem, {} if value is None else {key: value}, key)


def environ_contains(ev: Interpreter, site: Site, key: Any) -> bool:
    """``key in os.environ``."""
    return variable(ev, site, key) is not None


def environ_written(ev: Interpreter, site: Site, key: Any = None) -> Exception:
    """The program changes ``os.environ`` (through a name :func:`.flow.environ_writes` does not
    see): later reads of that variable, or of any when *key* is not a known string, are unknown."""
    name = key if isinstance(key, str) else None
    ev.environ_writes.append((name, f"{site.ctx.display}:{site.line}"))
    return site.fail(f"sets environment variable {name}" if name else "changes os.environ")


def build_backend(tree: SourceTree, setup_relpath: str) -> str:
    """The PEP 517 backend that runs setup.py: ``[build-system] build-backend`` of the
    pyproject.toml next to it, or the legacy backend pip and nixpkgs fall back to."""
    path = posixpath.join(posixpath.dirname(setup_relpath), "pyproject.toml")
    if not tree.is_file(path):
        return LEGACY_BACKEND
    try:
        data = tomllib.loads(read_text(tree, path))
    except (tomllib.TOMLDecodeError, UserError):
        return LEGACY_BACKEND  # the pyproject reader reports a broken file
    system = data.get("build-system")
    backend = system.get("build-backend") if isinstance(system, dict) else None
    return backend if isinstance(backend, str) else LEGACY_BACKEND


def argv(backend: str, setup_relpath: str) -> list[str]:
    """``sys.argv`` of setup.py while *backend* builds the wheel (policy rule 5)."""
    script = posixpath.basename(setup_relpath) if backend == LEGACY_BACKEND else FRONTEND_SCRIPT
    return [script, *COMMAND]


def in_sys_modules(ev: Interpreter, site: Site, name: Any) -> bool:
    """``name in sys.modules``: modules the backend or the program imported are there; whether any
    other module was imported by the build machinery is not known."""
    if not isinstance(name, str):
        raise site.fail("sys.modules lookup of something that is not a module name")
    if name in BACKEND_MODULES or name in ev.imported:
        return True
    raise site.fail(f"whether {name} is in sys.modules depends on the build machinery")


def unknown(what: str) -> Unresolved:
    """A module member whose value the build decides (raises where it is read)."""
    return Unresolved(what, None, None)


def make_modules(ev: Interpreter) -> dict[str, Any]:
    fn = Builtin
    fact = EnvironmentFact

    def python() -> tuple[int, int]:
        major, minor = ev.fact("python").split(".")
        return int(major), int(minor)

    def version_info() -> VersionInfo:
        return VersionInfo((*python(), 0, "final", 0))

    def soabi() -> str:
        major, minor = python()
        where = "darwin" if ev.fact("sys.platform") == "darwin" else f"{ev.fact('platform.machine')}-linux-gnu"
        return f"cpython-{major}{minor}-{where}"

    def exit_(site: Site, status: Any = None) -> None:
        raise Raised("SystemExit", "" if status is None else str(status), site.ctx.display, site.line, explicit=True)

    def getenv(site: Site, key: Any, default: Any = None) -> Any:
        value = variable(ev, site, key)
        return default if value is None else value

    def environ_writer(method: str) -> Builtin:
        def write(site: Site, *args: Any, **kwargs: Any) -> Any:
            raise environ_written(ev, site, args[0] if args and method in ("pop", "setdefault", "__setitem__", "__delitem__") else None)

        return fn(f"os.environ.{method}", write)

    def chdir(site: Site, path: Any) -> None:
        ev.cwd = posixpath.join(ROOT, files.relpath(ev, site, path)).rstrip("/")

    def path_fn(f: Callable[..., Any]) -> Callable[..., Any]:
        return lambda site, *args: f(*(files.fspath(ev, site, a) for a in args))

    def abspath(site: Site, path: Any) -> str:
        return files.abspath(ev, site, path)

    def config_var(site: Site, name: Any) -> Any:
        known: dict[str, Callable[[], Any]] = {
            "Py_GIL_DISABLED": lambda: 0 if python() >= (3, 13) else None,
            "Py_DEBUG": lambda: 0,
            "EXT_SUFFIX": lambda: f".{soabi()}.so",
            "SOABI": soabi,
        }
        if name not in known:
            raise site.fail(f"sysconfig.get_config_var({name!r}) depends on the build's interpreter")
        return known[name]()

    ev.argv[:] = argv(build_backend(ev.tree, ev.setup_relpath), ev.setup_relpath)
    os_path = ModelModule("os.path", {
        "join": fn("os.path.join", path_fn(posixpath.join)),
        "dirname": fn("os.path.dirname", path_fn(posixpath.dirname)),
        "basename": fn("os.path.basename", path_fn(posixpath.basename)),
        "normpath": fn("os.path.normpath", path_fn(posixpath.normpath)),
        "splitext": fn("os.path.splitext", path_fn(posixpath.splitext)),
        "split": fn("os.path.split", path_fn(posixpath.split)),
        "isabs": fn("os.path.isabs", path_fn(posixpath.isabs)),
        "abspath": fn("os.path.abspath", abspath),
        "realpath": fn("os.path.realpath", lambda s, p, **_: abspath(s, p)),
        "relpath": fn("os.path.relpath", lambda s, p, start=None: posixpath.relpath(abspath(s, p), abspath(s, start or "."))),
        "exists": fn("os.path.exists", files.exists(ev, "any")),
        "isfile": fn("os.path.isfile", files.exists(ev, "file")),
        "isdir": fn("os.path.isdir", files.exists(ev, "dir")),
        "sep": "/",
    })
    os_mod = ModelModule("os", {
        "path": os_path, "name": "posix", "sep": "/", "linesep": "\n", "pathsep": ":", "curdir": ".", "pardir": "..",
        "environ": ModelModule("os.environ", {
            "get": fn("os.environ.get", getenv),
            **{method: environ_writer(method) for method in ("update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__")},
        }),
        "getenv": fn("os.getenv", getenv),
        "getcwd": fn("os.getcwd", lambda s: ev.cwd),
        "chdir": fn("os.chdir", chdir),
        "listdir": fn("os.listdir", lambda s, *a: files.listdir(ev, s, *a)),
        "fspath": fn("os.fspath", lambda s, p: files.fspath(ev, s, p)),
    }, absent=OS_ABSENT)
    quiet = ModelModule("sys.stream", {"write": fn("write", lambda s, *a: None, shallow=True), "flush": fn("flush", lambda s: None)})
    sys_mod = ModelModule("sys", {
        "version_info": fact(version_info),
        "version": fact(lambda: "{}.{}.0 (main) [GCC]".format(*python())),
        "hexversion": fact(lambda: (python()[0] << 24) | (python()[1] << 16) | 0xF0),
        "platform": fact(lambda: ev.fact("sys.platform")),
        "implementation": ModelModule("sys.implementation", {
            "name": "cpython",
            "version": fact(version_info),
            "cache_tag": fact(lambda: "cpython-{}{}".format(*python())),
        }),
        "maxsize": 2**63 - 1,
        "byteorder": "little",
        "abiflags": "",
        "builtin_module_names": BUILTIN_MODULES,
        "path": ev.sys_path,
        "argv": ev.argv,
        "modules": ModelModule("sys.modules", {}),
        "exit": fn("sys.exit", exit_),
        "getfilesystemencoding": fn("sys.getfilesystemencoding", lambda s: "utf-8"),
        "getdefaultencoding": fn("sys.getdefaultencoding", lambda s: "utf-8"),
        "stdout": quiet, "stderr": quiet,
        "executable": unknown("sys.executable is the build's interpreter path"),
        "prefix": unknown("sys.prefix is the build's interpreter path"),
    }, absent=SYS_ABSENT)
    platform_mod = ModelModule("platform", {
        "python_version": fn("platform.python_version", lambda s: "{}.{}.0".format(*python())),
        "python_version_tuple": fn("platform.python_version_tuple", lambda s: (*map(str, python()), "0")),
        "python_implementation": fn("platform.python_implementation", lambda s: "CPython"),
        "system": fn("platform.system", lambda s: ev.fact("platform.system")),
        "machine": fn("platform.machine", lambda s: ev.fact("platform.machine")),
    })
    sysconfig_mod = ModelModule("sysconfig", {
        "get_config_var": fn("sysconfig.get_config_var", config_var),
        "get_python_version": fn("sysconfig.get_python_version", lambda s: "{}.{}".format(*python())),
    })
    return {"os": os_mod, "os.path": os_path, "sys": sys_mod, "platform": platform_mod, "sysconfig": sysconfig_mod}


def path_constructor(ev: Interpreter) -> Builtin:
    """``pathlib.Path(*parts)``."""

    def make(site: Site, *parts: Any) -> PathValue:
        return PathValue(posixpath.join(*(files.fspath(ev, site, p) for p in parts)) if parts else ".")

    return Builtin("Path", make)
