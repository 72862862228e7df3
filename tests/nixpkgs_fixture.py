"""A small nixpkgs-shaped git repository for tests.

:func:`make_nixpkgs` writes the files the tool reads from a checkout, shaped like NixOS/nixpkgs
(2025–26, nixfmt-formatted): ``pkgs/top-level/python-packages.nix`` with its header, ``bootstrap``
set and keep-sorted block, ``pkgs/top-level/python-aliases.nix``, one
``pkgs/development/python-modules/<attr>/default.nix`` per package, the interpreter set in
``pkgs/development/interpreters/python/default.nix`` and the ``inherit (pythonInterpreters)`` line
of ``pkgs/top-level/all-packages.nix``.  The text is written here literally (not through the code
under test), so the tests compare the tool against an independent picture of nixpkgs.

Commits use a fixed author and date, so the same arguments always give the same commit hash.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Mapping, Sequence

PYTHON_PACKAGES_HEADER = """\
# This file contains the Python packages set.
# Each attribute is a Python library or a helper function.
# Expressions for Python libraries are supposed to be in `pkgs/development/python-modules/<name>/default.nix`.
# Python packages that do not need to be available for each interpreter version do not belong in this packages set.
# Examples are Python-based cli tools.
#
# For more details, please see the Python section in the Nixpkgs manual.

self: super: with self; {

  bootstrap = lib.recurseIntoAttrs {
    flit-core = toPythonModule (callPackage ../development/python-modules/bootstrap/flit-core { });
    installer = toPythonModule (
      callPackage ../development/python-modules/bootstrap/installer { inherit (bootstrap) flit-core; }
    );
  };

  setuptools = callPackage ../development/python-modules/setuptools { };

  # by_regex ensures inherit statements are sorted after the (first) attribute name that is inherited.
  # keep-sorted start block=yes newline_separated=yes by_regex=["(?:inherit\\\\s+\\\\([^)]+\\\\)\\\\n?\\\\s*)?(.+)"]
"""

PYTHON_PACKAGES_FOOTER = """\
  # keep-sorted end
}
"""

ALIASES_HEADER = """\
lib: self: super:

### Deprecated aliases - for backward compatibility

with self;

let
  # Make sure that we are not shadowing something from python-packages.nix.
  checkInPkgs =
    n: alias:
    if builtins.hasAttr n super then throw "Alias ${n} is still in python-packages.nix" else alias;

  mapAliases = aliases: lib.mapAttrs (n: alias: checkInPkgs n alias) aliases;
in

mapAliases {
"""

ALIASES_FOOTER = """\
}
"""

PACKAGE = """\
{{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatchling,

  # tests
  pytestCheckHook,
}}:

buildPythonPackage (finalAttrs: {{
  pname = "{attr}";
  version = "{version}";
  pyproject = true;

  src = fetchFromGitHub {{
    owner = "example";
    repo = "{attr}";
    tag = "v${{finalAttrs.version}}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  }};

  build-system = [ hatchling ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "{module}" ];

  meta = {{
    description = "Fixture package {attr}";
    homepage = "https://github.com/example/{attr}";
    license = lib.licenses.mit;
    maintainers = [ ];
  }};
}})
"""

INTERPRETER = """\
    python3{minor} = callPackage ./cpython {{
      inherit passthruFun;
      hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
      self = __splicedPackages.python3{minor};

      sourceVersion = {{
        major = "3";
        minor = "{minor}";
        patch = "0";
        suffix = "";
      }};
    }};
"""

INTERPRETERS_HEADER = """\
{
  lib,
  stdenv,
  __splicedPackages,
  callPackage,
  config,
  db,
  makeScopeWithSplicing',
  pythonPackagesExtensions,
}@args:

(
  let

    # Common passthru for all Python interpreters.
    passthruFun = import ./passthrufun.nix args;

  in
  {

"""

INTERPRETERS_FOOTER = """\
  }
  // lib.optionalAttrs config.allowAliases {
    python39 = throw "python39 has been removed"; # Added 2025-04-09
  }
)
"""

#: version of the ``setuptools`` every fixture registers outside the keep-sorted block
SETUPTOOLS_VERSION = "80.9.0"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "LC_ALL": "C",
}


def registration_line(attr: str) -> str:
    """The fixture's own rendering of a registration (what nixfmt leaves in nixpkgs)."""
    line = f"{attr} = callPackage ../development/python-modules/{attr} {{ }};"
    if len(line) <= 100:
        return f"  {line}\n"
    return f"  {attr} =\n    callPackage ../development/python-modules/{attr}\n      {{ }};\n"


def python_packages_nix(attrs: Sequence[str]) -> str:
    """python-packages.nix registering *attrs*, in byte order of ``"<attr> ="`` as keep-sorted has it."""
    entries = [registration_line(a) for a in sorted(set(attrs), key=lambda a: f"{a} =".encode())]
    return PYTHON_PACKAGES_HEADER + "\n".join(entries) + "\n" + PYTHON_PACKAGES_FOOTER


def package_nix(attr: str, version: str) -> str:
    return PACKAGE.format(attr=attr, version=version, module=attr.replace("-", "_"))


MAINTAINER_LIST_HEADER = """\
/*
  List of NixOS maintainers.
  ```nix
  handle = {
    # Required
    name = "Your name";
  };
  ```
*/
{
"""


def maintainer_list_nix(handles: Sequence[str]) -> str:
    """maintainers/maintainer-list.nix with one entry per handle (quoted when not an identifier)."""
    entries = []
    for i, handle in enumerate(sorted(handles, key=str.lower), 1):
        name = handle if handle[:1].isalpha() else f'"{handle}"'
        entries.append(
            f'  {name} = {{\n    email = "{handle.lower()}@example.org";\n    github = "{handle}";\n'
            f'    githubId = {i};\n    name = "Maintainer {i}";\n    keys = [ {{ fingerprint = "AAAA BBBB"; }} ];\n  }};\n'
        )
    return MAINTAINER_LIST_HEADER + "".join(entries) + "}\n"


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    done = subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def commit_all(root: Path, message: str = "update") -> str:
    """Stage everything and commit; returns the new HEAD."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(root, "rev-parse", "HEAD")


def make_nixpkgs(
    tmp_path: Path,
    packages: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
    pythons: Sequence[str] = ("3.11", "3.12", "3.13", "3.14", "3.15"),
    commit: bool = True,
    maintainers: Sequence[str] | None = ("alice", "bob", "0x4A6F"),
) -> Path:
    """A nixpkgs checkout at ``tmp_path / "nixpkgs"``.

    *packages* maps attribute → version (one python-modules directory and one registration each),
    *aliases* maps an old name → its new attribute, or to ``None`` for a removed one
    (``old = throw "…";``), *pythons* are the CPython sets ("3.13", …), *maintainers* the handles
    of ``maintainers/maintainer-list.nix`` (None: no such file).  With *commit*, the tree is
    a git repository with one commit and a clean work tree; otherwise it is initialised but has
    no commit.
    """
    packages = dict(packages or {})
    aliases = dict(aliases or {})
    root = tmp_path / "nixpkgs"
    top = root / "pkgs" / "top-level"
    modules = root / "pkgs" / "development" / "python-modules"
    interpreters = root / "pkgs" / "development" / "interpreters" / "python"
    for d in (top, modules, interpreters):
        d.mkdir(parents=True, exist_ok=True)

    (top / "python-packages.nix").write_text(python_packages_nix(list(packages)))
    # registered above the keep-sorted block, as in nixpkgs
    (modules / "setuptools").mkdir(exist_ok=True)
    (modules / "setuptools" / "default.nix").write_text(package_nix("setuptools", SETUPTOOLS_VERSION))
    for attr, version in packages.items():
        (modules / attr).mkdir(exist_ok=True)
        (modules / attr / "default.nix").write_text(package_nix(attr, version))

    alias_lines = []
    for old in sorted(aliases, key=str.lower):
        new = aliases[old]
        if new is None:
            alias_lines.append(f'  {old} = throw "\'{old}\' has been removed"; # added 2025-01-01\n')
        else:
            alias_lines.append(f"  {old} = {new}; # added 2025-01-01\n")
    (top / "python-aliases.nix").write_text(ALIASES_HEADER + "".join(alias_lines) + ALIASES_FOOTER)

    minors = [p.split(".")[1] for p in pythons]
    body = "\n".join(INTERPRETER.format(minor=m) for m in minors)
    (interpreters / "default.nix").write_text(INTERPRETERS_HEADER + body + INTERPRETERS_FOOTER)
    names = " ".join(["python27", *(f"python3{m}" for m in minors), "pypy27", "pypy311"])
    (top / "all-packages.nix").write_text(
        "{ lib, pkgs, ... }:\n\n{\n  pythonInterpreters = callPackage ../development/interpreters/python { };\n"
        f"  inherit (pythonInterpreters) {names};\n}}\n"
    )
    (root / ".version").write_text("26.05\n")
    if maintainers is not None:
        (root / "maintainers").mkdir(exist_ok=True)
        (root / "maintainers" / "maintainer-list.nix").write_text(maintainer_list_nix(maintainers))

    git(root, "init", "-q", "-b", "master")
    if commit:
        commit_all(root, "init")
    return root
