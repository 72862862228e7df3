"""What the build environment answers, for one :class:`~nixpkgs_contrib.matrix.Environment`: ``sys``,
``platform``, ``sysconfig``, ``os`` and ``os.path``.

The build is the one nixpkgs runs: CPython (not free-threaded) of the environment's version on its
system, building a wheel through the project's PEP 517 backend (``setuptools.build_meta`` or its
legacy variant), which runs setup.py as ``setup.py bdist_wheel --dist-dir <temporary directory>``
(policy rule 5).
Its environment variables, interpreter paths and compiler are not known: reading them is unknown."""

from __future__ import annotations

import posixpath
import tomllib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...errors import UserError
from ...matrix import SYSTEMS, Environment
from ..tree import SourceTree, read_text
from . import files
from .frames import Raised, Site
from .values import ROOT, Builtin, EnvironmentFact, ModelModule, PathValue, Unresolved, VersionInfo

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

    def environ(site: Site, key: Any = "?", *default: Any) -> Any:
        raise site.fail(f"reads environment variable {key}")

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
        "environ": ModelModule("os.environ", {"get": fn("os.environ.get", environ)}),
        "getenv": fn("os.getenv", environ),
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
