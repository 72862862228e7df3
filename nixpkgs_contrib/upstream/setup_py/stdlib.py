"""The slice of the standard library setup.py sees, answered for one environment: ``os``/``os.path``
over the tree, ``sys``/``platform`` for the interpreter and system of the
:class:`~nixpkgs_contrib.matrix.Environment`, ``io``/``codecs``/``pathlib``/``glob``/``fnmatch``/
``json`` for reading files, ``re`` (:mod:`.regex`) and setuptools (:mod:`.setuptools_model`)."""

from __future__ import annotations

import fnmatch
import json
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...matrix import SYSTEMS
from . import files, regex, setuptools_model
from .frames import Raised, Site
from .values import ROOT, Builtin, ModelModule, OpenFile, PathValue, Unresolved, VersionInfo

if TYPE_CHECKING:
    from .evaluator import Evaluator


def make_modules(ev: Evaluator) -> dict[str, Any]:
    env = ev.env
    major, minor, _ = env.python_version_info
    sysinfo = SYSTEMS[env.system]
    version_info = VersionInfo((major, minor, 0, "final", 0))
    fn = Builtin

    def exit_(site: Site, status: Any = None) -> None:
        raise Raised("SystemExit", "" if status is None else str(status), site.ctx.display, site.line, explicit=True)

    def environ(site: Site, key: Any = "?", *default: Any) -> Any:
        raise site.fail(f"reads environment variable {key}")

    def chdir(site: Site, path: Any) -> None:
        ev.cwd = posixpath.join(ROOT, files.relpath(ev, site, path)).rstrip("/")

    def path_fn(f: Callable[..., Any]) -> Callable[..., Any]:
        return lambda site, *args: f(*(files.fspath(ev, site, a) for a in args))

    def path_ctor(site: Site, *parts: Any) -> PathValue:
        return PathValue(posixpath.join(*(files.fspath(ev, site, p) for p in parts)) if parts else ".")

    def abspath(site: Site, path: Any) -> str:
        return files.abspath(ev, site, path)

    path_ctor_builtin = fn("Path", path_ctor)
    unresolvable = lambda what: Unresolved(what, None, None)  # noqa: E731
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
    })
    sys_mod = ModelModule("sys", {
        "version_info": version_info,
        "version": f"{major}.{minor}.0 (main) [GCC]",
        "hexversion": (major << 24) | (minor << 16) | 0xF0,
        "platform": sysinfo["sys_platform"],
        "implementation": ModelModule("sys.implementation", {"name": "cpython", "version": version_info}),
        "maxsize": 2**63 - 1,
        "byteorder": "little",
        "path": ev.sys_path,
        "exit": fn("sys.exit", exit_),
        "argv": unresolvable("sys.argv depends on how setup.py is invoked"),
        "executable": unresolvable("sys.executable is the build's interpreter path"),
    })
    platform_mod = ModelModule("platform", {
        "python_version": fn("platform.python_version", lambda s: f"{major}.{minor}.0"),
        "python_version_tuple": fn("platform.python_version_tuple", lambda s: (str(major), str(minor), "0")),
        "python_implementation": fn("platform.python_implementation", lambda s: "CPython"),
        "system": fn("platform.system", lambda s: sysinfo["platform_system"]),
        "machine": fn("platform.machine", lambda s: sysinfo["platform_machine"]),
    })
    open_builtin = ev.builtins["open"]

    def codecs_open(s: Site, f: Any, mode: str = "r", encoding: Any = None, errors: str = "strict", **_: Any) -> OpenFile:
        return files.open_(ev, s, f, mode.replace("b", ""), encoding=encoding, errors=errors)

    def json_load(s: Site, f: Any) -> Any:
        if not isinstance(f, OpenFile):
            raise s.fail("json.load of something that is not an open file")
        return json.loads(f.rest())

    return {
        "os": os_mod, "os.path": os_path, "sys": sys_mod, "platform": platform_mod, "re": regex.make_module(ev),
        "io": ModelModule("io", {"open": open_builtin}),
        "codecs": ModelModule("codecs", {"open": fn("codecs.open", codecs_open)}),
        "pathlib": ModelModule("pathlib", {"Path": path_ctor_builtin, "PurePath": path_ctor_builtin, "PosixPath": path_ctor_builtin}),
        "glob": ModelModule("glob", {"glob": fn("glob.glob", lambda s, p, **_: files.glob(ev, s, p))}),
        "fnmatch": ModelModule("fnmatch", {
            name: fn(f"fnmatch.{name}", lambda s, *a, _f=getattr(fnmatch, name): _f(*a)) for name in ("fnmatch", "fnmatchcase", "filter")
        }),
        "json": ModelModule("json", {"loads": fn("json.loads", lambda s, text: json.loads(text)), "load": fn("json.load", json_load)}),
        **setuptools_model.make_modules(ev),
    }
