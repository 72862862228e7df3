"""The slice of the standard library setup.py sees: the environment's answers (:mod:`.environment`),
reading files (``io``, ``codecs``, ``pathlib``, ``glob``, ``fnmatch``, ``json``), ``re``
(:mod:`.regex`), pure helpers on data (``textwrap``, ``itertools``, ``collections``, ``typing``),
harmless context managers (``warnings``, ``contextlib``), ``ast.literal_eval``, the import machinery
(:mod:`.imports`), setuptools (:mod:`.setuptools_model`) and the version tools setuptools_scm and
versioneer (:mod:`.version_tools`).  A member not modelled here is unknown, never guessed."""

from __future__ import annotations

import ast
import fnmatch
import json
import textwrap
from typing import TYPE_CHECKING, Any

from . import environment, files, imports, regex, setuptools_model, version_tools
from .frames import Site
from .values import Builtin, Context, ExcClass, ModelModule, OpenFile

if TYPE_CHECKING:
    from .interpreter import Interpreter


def make_modules(ev: Interpreter) -> dict[str, Any]:
    fn = Builtin
    open_builtin = ev.builtins["open"]
    path_ctor = environment.path_constructor(ev)
    nothing = lambda s, *a, **k: None  # noqa: E731

    def codecs_open(s: Site, f: Any, mode: str = "r", encoding: Any = None, errors: str = "strict", **_: Any) -> OpenFile:
        return files.open_(ev, s, f, mode.replace("b", ""), encoding=encoding, errors=errors)

    def json_load(s: Site, f: Any) -> Any:
        if not isinstance(f, OpenFile):
            raise s.fail("json.load of something that is not an open file")
        return json.loads(f.rest())

    def chain(s: Site, *iterables: Any) -> list[Any]:
        return [item for iterable in iterables for item in ev.iterate(s, iterable)]

    def suppress(s: Site, *classes: Any) -> Context:
        if not all(isinstance(c, ExcClass) for c in classes):
            raise s.fail("contextlib.suppress of a class that is not a builtin exception")
        return Context("contextlib.suppress", tuple(c.name for c in classes))

    def literal_eval(s: Site, text: Any) -> Any:
        if not isinstance(text, str):
            raise s.fail("ast.literal_eval of something that is not text")
        try:
            return ast.literal_eval(text)
        except (SyntaxError, RecursionError, MemoryError) as exc:
            raise s.raise_("SyntaxError" if isinstance(exc, SyntaxError) else "ValueError", str(exc)) from None

    from_iterable = fn("itertools.chain.from_iterable", lambda s, it: chain(s, *ev.iterate(s, it)), shallow=True)
    return {
        **environment.make_modules(ev),
        "re": regex.make_module(ev),
        "io": ModelModule("io", {"open": open_builtin}),
        "codecs": ModelModule("codecs", {"open": fn("codecs.open", codecs_open)}),
        "pathlib": ModelModule("pathlib", {"Path": path_ctor, "PurePath": path_ctor, "PosixPath": path_ctor, "PurePosixPath": path_ctor}),
        "glob": ModelModule("glob", {"glob": fn("glob.glob", lambda s, p, **_: files.glob(ev, s, p))}),
        "fnmatch": ModelModule("fnmatch", {
            name: fn(f"fnmatch.{name}", lambda s, *a, _f=getattr(fnmatch, name): _f(*a)) for name in ("fnmatch", "fnmatchcase", "filter")
        }),
        "json": ModelModule("json", {"loads": fn("json.loads", lambda s, text: json.loads(text)), "load": fn("json.load", json_load)}),
        "textwrap": ModelModule("textwrap", {"dedent": fn("textwrap.dedent", lambda s, text: textwrap.dedent(text))}),
        "itertools": ModelModule("itertools", {"chain": fn("itertools.chain", chain, shallow=True, attributes={"from_iterable": from_iterable})}),
        "collections": ModelModule("collections", {"OrderedDict": ev.builtins["dict"]}),
        # annotations are never evaluated; cast() returns its value, TYPE_CHECKING is False at run time
        "typing": ModelModule("typing", {"cast": fn("typing.cast", lambda s, t, v: v, shallow=True), "TYPE_CHECKING": False}, strict=False),
        "warnings": ModelModule("warnings", {
            "catch_warnings": fn("warnings.catch_warnings", lambda s, *a, **k: Context("warnings.catch_warnings"), shallow=True),
            **{name: fn(f"warnings.{name}", nothing, shallow=True) for name in ("simplefilter", "filterwarnings", "warn", "resetwarnings")},
        }),
        "contextlib": ModelModule("contextlib", {
            "suppress": fn("contextlib.suppress", suppress),
            "nullcontext": fn("contextlib.nullcontext", lambda s, *a: Context("contextlib.nullcontext"), shallow=True),
        }),
        # literal_eval reads data from text, it runs nothing
        "ast": ModelModule("ast", {"literal_eval": fn("ast.literal_eval", literal_eval)}),
        **imports.make_modules(ev),
        **setuptools_model.make_modules(ev),
        **version_tools.make_modules(ev),
    }
