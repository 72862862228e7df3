"""Version tools that ask version control: ``setuptools_scm`` and a vendored ``versioneer.py``.

Both read git when there is a checkout, and the version recorded in the sdist when there is none:
setuptools_scm falls back to ``PKG-INFO``, versioneer to the ``_version.py`` it rewrote when the
sdist was made, which says what ``PKG-INFO`` says.  So in an sdist they answer PKG-INFO's Version;
anywhere else (a git tag, a directory) the version they would compute is unknown."""

from __future__ import annotations

import email.parser
import posixpath
from typing import TYPE_CHECKING, Any

from ..tree import read_text
from .frames import Site
from .values import Builtin, ModelModule, Opaque

if TYPE_CHECKING:
    from .interpreter import Interpreter


#: The setuptools commands versioneer.get_cmdclass() replaces.
COMMANDS = ("version", "build_py", "build_ext", "sdist", "egg_info")


def recorded_version(ev: Interpreter, site: Site, tool: str) -> str:
    """The Version of the PKG-INFO next to setup.py, or unknown."""
    path = posixpath.join(posixpath.dirname(ev.setup_relpath), "PKG-INFO")
    version = None
    if ev.tree.is_file(path):
        version = email.parser.Parser().parsestr(read_text(ev.tree, path), headersonly=True).get("Version")
    if not version:
        raise site.fail(f"{tool} computes the version from version control; only an sdist's PKG-INFO records it")
    return version.strip()


def make_modules(ev: Interpreter) -> dict[str, ModelModule]:
    def scm_version(site: Site, *args: Any, **kwargs: Any) -> str:
        if args or kwargs.get("root", ".") != "." or kwargs.get("relative_to") not in (None, "setup.py", ev.setup_relpath):
            raise site.fail("setuptools_scm.get_version() of another directory is not evaluated statically")
        return recorded_version(ev, site, "setuptools_scm")

    def versioneer_versions(site: Site, *args: Any) -> dict[str, Any]:
        unknown = Opaque("versioneer revision")
        return {"version": recorded_version(ev, site, "versioneer"), "full-revisionid": unknown, "dirty": False, "error": None, "date": unknown}

    return {
        "setuptools_scm": ModelModule("setuptools_scm", {"get_version": Builtin("setuptools_scm.get_version", scm_version)}, strict=False),
        "versioneer": ModelModule("versioneer", {
            "get_version": Builtin("versioneer.get_version", lambda s, *a: recorded_version(ev, s, "versioneer")),
            "get_versions": Builtin("versioneer.get_versions", versioneer_versions),
            "get_cmdclass": Builtin("versioneer.get_cmdclass", lambda s, *a: {name: Opaque(f"versioneer {name} command") for name in COMMANDS}),
        }, strict=False),
    }
