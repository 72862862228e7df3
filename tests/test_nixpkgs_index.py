"""The checkout index: attributes of every entry shape, aliases, versions, interpreters, cache."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from nixpkgs_fixture import SETUPTOOLS_VERSION, commit_all, make_nixpkgs

from nixpkgs_contrib.errors import NixpkgsError
from nixpkgs_contrib.nixpkgs import index as index_module
from nixpkgs_contrib.nixpkgs.index import NixpkgsIndex, derivation_extras, derivation_version, parse_aliases, top_level

# every shape of python-packages.nix, copied from (or modelled on) the real file
SHAPES = """\
self: super: with self; {

  bootstrap = lib.recurseIntoAttrs {
    flit-core = toPythonModule (callPackage ../development/python-modules/bootstrap/flit-core { });
  };

  # keep-sorted start block=yes newline_separated=yes by_regex=["(?:inherit\\\\s+\\\\([^)]+\\\\)\\\\n?\\\\s*)?(.+)"]
  a2wsgi = callPackage ../development/python-modules/a2wsgi { };

  adios2 = toPythonModule (
    pkgs.adios2.override {
      python3Packages = self;
      pythonSupport = true;
    }
  );

  aio-geojson-generic-client =
    callPackage ../development/python-modules/aio-geojson-generic-client
      { };

  arro3-core = (callPackage ../development/python-modules/arro3 { }).arro3-core;

  backports-zstd =
    if pythonAtLeast "3.14" then null else callPackage ../development/python-modules/backports-zstd { };

  inherit (pkgs) fetchPypi;

  inherit (callPackage ../development/python-modules/mypy-boto3 { })
    mypy-boto3-acm
    mypy-boto3-amp
    ;

  local = let helper = "${x};"; in helper;

  "quoted-attr" = callPackage ../development/python-modules/quoted-attr { };

  yq = callPackage ../development/python-modules/yq { inherit (pkgs) jq; };

  z3-solver = (toPythonModule (pkgs.z3.override { python3Packages = self; })).python;

  zstd = callPackage ../development/python-modules/zstd { inherit (pkgs) zstd; };

  # keep-sorted end
}
"""

SHAPE_ATTRS = {
    "a2wsgi",
    "adios2",
    "aio-geojson-generic-client",
    "arro3-core",
    "backports-zstd",
    "bootstrap",
    "fetchPypi",
    "local",
    "mypy-boto3-acm",
    "mypy-boto3-amp",
    "quoted-attr",
    "yq",
    "z3-solver",
    "zstd",
}


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "nixpkgs-contrib"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_every_entry_shape_is_an_attribute(tmp_path):
    root = make_nixpkgs(tmp_path, commit=False)
    write(root, "pkgs/top-level/python-packages.nix", SHAPES)
    index = NixpkgsIndex.load(root, cache=False)
    assert set(index.attributes) == SHAPE_ATTRS
    assert list(index.attributes) == sorted(SHAPE_ATTRS)
    # nested sets, let bindings and call arguments are not attributes of the python set
    for name in ("flit-core", "helper", "python3Packages", "pythonSupport", "jq"):
        assert not index.has(name)


def test_files_of_entries(tmp_path):
    root = make_nixpkgs(tmp_path, commit=False)
    write(root, "pkgs/top-level/python-packages.nix", SHAPES)
    write(root, "pkgs/development/python-modules/arro3/default.nix", '{ }:\n{\n  version = "0.4.1";\n}\n')
    index = NixpkgsIndex.load(root, cache=False)
    assert index.info("arro3-core").file == "pkgs/development/python-modules/arro3/default.nix"
    assert index.version("arro3-core") == "0.4.1"
    assert index.info("mypy-boto3-amp").file == "pkgs/development/python-modules/mypy-boto3/default.nix"
    assert index.info("backports-zstd").file == "pkgs/development/python-modules/backports-zstd/default.nix"
    assert index.info("adios2").file is None
    assert index.info("bootstrap").file is None
    # registered, but the file is not in this small tree
    assert index.info("a2wsgi").version is None
    assert index.info("a2wsgi").version_note == "file missing"


def test_fixture_packages_versions_and_directories(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.2.3", "acme-core": "2.0.0rc1"})
    index = NixpkgsIndex.load(root, cache=False)
    assert index.has("acme") and index.has("acme-core") and index.has("setuptools")
    assert not index.has("acme-web")
    assert index.version("acme") == "1.2.3"
    assert index.version("acme-core") == "2.0.0rc1"
    assert index.version("setuptools") == SETUPTOOLS_VERSION
    assert index.version("missing") is None
    assert index.directories == ("acme", "acme-core", "setuptools")


def test_unregistered_directory_is_known(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, commit=False)
    write(root, "pkgs/development/python-modules/orphan/default.nix", '{ }:\n{\n  version = "9";\n}\n')
    index = NixpkgsIndex.load(root, cache=False)
    assert index.has("orphan")
    assert "orphan" not in index.attributes
    assert index.version("orphan") == "9"


@pytest.mark.parametrize(
    ("text", "version", "note"),
    [
        ('{ lib }:\nbuildPythonPackage rec {\n  pname = "a";\n  version = "1.0";\n}\n', "1.0", None),
        (
            '{ lib }:\nbuildPythonPackage (finalAttrs: {\n  version = "2.0";\n  src = fetchPypi {\n'
            "    inherit (finalAttrs) version;\n  };\n})\n",
            "2.0",
            None,
        ),
        ('{ }:\nbuildPythonPackage {\n  version = "${major}.${minor}";\n}\n', None, 'computed: "${major}.${minor}"'),
        ("{ foo }:\nbuildPythonPackage {\n  inherit (foo) version;\n}\n", None, "computed: inherit (foo) version"),
        ('{ }:\nlet\n  version = "3.1";\nin\nbuildPythonPackage {\n  inherit version;\n}\n', "3.1", None),
        (
            '{ }:\nlet\n  version = "3.1";\nin\nbuildPythonPackage {\n  version = "${version}.post1";\n}\n',
            None,
            'computed: "${version}.post1"',
        ),
        ('{ }:\nbuildPythonPackage {\n  version = "1" + "2";\n}\n', None, 'computed: "1" + "2"'),
        ("{ }:\nbuildPythonPackage {\n  version = lib.version;\n}\n", None, "computed: lib.version"),
        # only the nested fetcher mentions a version: nothing at the top level
        ('{ }:\nbuildPythonPackage {\n  src = fetchPypi { version = "1"; };\n}\n', None, None),
        # a version inside a string or comment is no binding
        (
            "{ }:\nbuildPythonPackage {\n  # version = \"7\";\n  postPatch = ''\n    version = \"8\";\n  '';\n}\n",
            None,
            None,
        ),
        ('{ }:\nbuildPythonPackage {\n  version = "1.0";\n  passthru.version = "1.1";\n}\n', "1.0", None),
        ('{ }:\nbuildPythonPackage {\n  version = "a\\"b";\n}\n', 'a"b', None),
    ],
)
def test_versions(text, version, note):
    got, got_note = derivation_version(text)
    assert got == version
    if note is not None:
        assert got_note == note
    if version is None:
        assert got_note  # always says why


def test_computed_version_through_the_index(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, commit=False)
    write(
        root,
        "pkgs/development/python-modules/acme/default.nix",
        '{ }:\nbuildPythonPackage (finalAttrs: {\n  version = "${base}-unstable-2026-01-01";\n})\n',
    )
    info = NixpkgsIndex.load(root, cache=False).info("acme")
    assert (info.version, info.version_note) == (None, 'computed: "${base}-unstable-2026-01-01"')


def test_aliases(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, aliases={"Acme": "acme", "acme_old": None})
    index = NixpkgsIndex.load(root, cache=False)
    assert index.alias("Acme") == "acme"
    assert index.alias("acme_old") is None
    assert index.removal("acme_old") == "'acme_old' has been removed"
    assert index.alias("acme") is None and index.removal("acme") is None
    assert not index.has("Acme")  # an alias is not an attribute
    # the helpers of the let block are no aliases
    assert set(index.aliases) == {"Acme", "acme_old"}


def test_alias_shapes():
    text = """\
lib: self: super:
with self;
let
  mapAliases = aliases: aliases;
in
mapAliases ({
  argon2_cffi = argon2-cffi; # added 2022-05-09
  inherit (super.pkgs) fetchPypi; # added 2023-05-25
  long-removed =
    throw "long-removed has been removed because it is unmaintained upstream, use something else"; # Added 2025-01-01
  renamed-deep = pkgs.something.other; # added 2024-01-01
  weird = x: x;
})
"""
    aliases = parse_aliases(text)
    assert sorted(aliases) == ["argon2_cffi", "fetchPypi", "long-removed", "renamed-deep", "weird"]
    assert aliases["argon2_cffi"].target == "argon2-cffi"
    assert aliases["fetchPypi"].target == "super.pkgs.fetchPypi"
    assert aliases["long-removed"].target is None
    assert aliases["long-removed"].removed.startswith("long-removed has been removed because")
    assert aliases["renamed-deep"].target == "pkgs.something.other"
    assert (aliases["weird"].target, aliases["weird"].removed) == (None, None)


def test_interpreters(tmp_path):
    root = make_nixpkgs(tmp_path, pythons=("3.13", "3.12", "3.14"))
    assert NixpkgsIndex.load(root, cache=False).pythons == ("3.12", "3.13", "3.14")


def test_interpreters_from_all_packages_only(tmp_path):
    root = make_nixpkgs(tmp_path, pythons=("3.11",), commit=False)
    (root / "pkgs/development/interpreters/python/default.nix").unlink()
    write(
        root,
        "pkgs/top-level/all-packages.nix",
        "{ }:\n{\n  inherit (pythonInterpreters)\n    python27\n    python312\n    python313\n    pypy310\n    ;\n"
        '  python310 = throw "python310 has been removed";\n}\n',
    )
    assert NixpkgsIndex.load(root, cache=False).pythons == ("3.12", "3.13")


def test_thrown_interpreters_are_not_shipped(tmp_path):
    root = make_nixpkgs(tmp_path, pythons=("3.11", "3.12"))
    # the fixture, like nixpkgs, has `python39 = throw …` under config.allowAliases
    assert "python39 = throw" in (root / "pkgs/development/interpreters/python/default.nix").read_text()
    assert NixpkgsIndex.load(root, cache=False).pythons == ("3.11", "3.12")


def test_suggest(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme-core": "1", "acme-web": "1", "requests": "2", "zope-interface": "5"})
    index = NixpkgsIndex.load(root, cache=False)
    assert index.suggest("Acme_Core")[0] == "acme-core"
    assert index.suggest("requets") == ["requests"]
    assert index.suggest("zope.interface", n=1) == ["zope-interface"]
    assert "acme-web" in index.suggest("acme-wep")
    assert index.suggest("completely-unrelated-name") == []


def test_not_a_checkout(tmp_path):
    (tmp_path / "pkgs").mkdir()
    with pytest.raises(NixpkgsError) as err:
        NixpkgsIndex.load(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}: not a nixpkgs checkout")


def test_commit_and_clean_state(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    index = NixpkgsIndex.load(root)
    head = (root / ".git/HEAD").read_text()
    assert head.startswith("ref: ")
    ref = (root / ".git" / head[5:].strip()).read_text().strip()
    assert index.commit == ref
    assert index.dirty is False
    assert (cache_home / f"index-{ref}.json").is_file()


def test_cache_hit(tmp_path, cache_home, monkeypatch):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    first = NixpkgsIndex.load(root)
    # a cached load parses nothing
    monkeypatch.setattr(index_module, "parse", lambda *a, **k: pytest.fail("parsed despite the cache"))
    second = NixpkgsIndex.load(root)
    assert second == first


def test_cache_is_what_is_read(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    index = NixpkgsIndex.load(root)
    cache_file = cache_home / f"index-{index.commit}.json"
    data = json.loads(cache_file.read_text())
    data["pythons"] = ["3.99"]
    cache_file.write_text(json.dumps(data))
    assert NixpkgsIndex.load(root).pythons == ("3.99",)
    assert NixpkgsIndex.load(root, cache=False).pythons != ("3.99",)


def test_damaged_cache_is_ignored(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    index = NixpkgsIndex.load(root)
    (cache_home / f"index-{index.commit}.json").write_text("{not json")
    assert NixpkgsIndex.load(root) == index


def test_new_commit_invalidates(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    before = NixpkgsIndex.load(root)
    write(root, "pkgs/development/python-modules/acme/default.nix", '{ }:\n{\n  version = "1.1";\n}\n')
    commit_all(root, "python3Packages.acme: 1.0 -> 1.1")
    after = NixpkgsIndex.load(root)
    assert after.commit != before.commit
    assert (before.version("acme"), after.version("acme")) == ("1.0", "1.1")
    assert sorted(p.name for p in cache_home.iterdir()) == sorted(
        [f"index-{before.commit}.json", f"index-{after.commit}.json"]
    )


def test_dirty_tree_is_detected_and_never_cached(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    write(root, "pkgs/development/python-modules/acme/default.nix", '{ }:\n{\n  version = "1.1";\n}\n')
    index = NixpkgsIndex.load(root)
    assert index.dirty is True
    assert index.version("acme") == "1.1"  # the work tree, not HEAD
    assert not cache_home.exists()


def test_untracked_file_is_dirty(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    write(root, "pkgs/development/python-modules/new/default.nix", '{ }:\n{\n  version = "0.1";\n}\n')
    index = NixpkgsIndex.load(root)
    assert index.dirty is True
    assert index.has("new")


def test_dirty_tree_ignores_the_cache_of_its_commit(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    NixpkgsIndex.load(root)
    write(root, "pkgs/development/python-modules/acme/default.nix", '{ }:\n{\n  version = "1.1";\n}\n')
    assert NixpkgsIndex.load(root).version("acme") == "1.1"


def test_tree_without_git(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, commit=False)
    shutil.rmtree(root / ".git")
    index = NixpkgsIndex.load(root)
    assert (index.commit, index.dirty) == (None, True)
    assert index.version("acme") == "1.0"
    assert not cache_home.exists()


def test_repository_without_commit_is_dirty(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, commit=False)
    index = NixpkgsIndex.load(root)
    assert (index.commit, index.dirty) == (None, True)


def test_same_commit_same_index(tmp_path, cache_home):
    one = make_nixpkgs(tmp_path / "one", {"acme": "1.0", "b": "2"})
    two = make_nixpkgs(tmp_path / "two", {"b": "2", "acme": "1.0"})
    a, b = NixpkgsIndex.load(one, cache=False), NixpkgsIndex.load(two, cache=False)
    assert a.commit == b.commit
    assert a.to_json() == b.to_json()


def test_top_level_is_the_outermost_set():
    text = (
        "self: super:\n"
        "with self;\n"
        "let\n"
        '  pins = { a = "1"; };\n'
        "in\n"
        "{\n"
        "  in-toto = callPackage ../development/python-modules/in-toto { };\n"
        '  letters = "${let x = 1; in x}";\n'
        "  nested = { inner = 2; };\n"
        '  "quoted" = 1;\n'
        "  inherit (pkgs) a b;\n"
        "}\n"
    )
    found = [(b.name, b.line, b.inherited, b.value) for b in top_level(text)]
    assert found == [
        ("in-toto", 7, False, "callPackage ../development/python-modules/in-toto { }"),
        ("letters", 8, False, '"${let x = 1; in x}"'),
        ("nested", 9, False, "{ inner = 2; }"),
        ("quoted", 10, False, "1"),
        ("a", 11, True, "(pkgs)"),
        ("b", 11, True, "(pkgs)"),
    ]


def test_a_registration_file_that_is_not_nix_is_one_line(tmp_path):
    root = make_nixpkgs(tmp_path, commit=False)
    write(root, "pkgs/top-level/python-packages.nix", "self: super: {\n  a = callPackage ./a { }\n}\n")
    with pytest.raises(NixpkgsError) as err:
        NixpkgsIndex.load(root, cache=False)
    assert str(err.value).startswith(f"{root / 'pkgs/top-level/python-packages.nix'}:3: not a Nix expression: ")


def test_a_module_file_that_is_not_nix_has_no_version(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"}, commit=False)
    write(root, "pkgs/development/python-modules/acme/default.nix", '{ }:\n{\n  version = "1.0"\n}\n')
    info = NixpkgsIndex.load(root, cache=False).info("acme")
    assert info.version is None and info.version_note.startswith("does not parse: line 4: ")


def test_versions_are_read_when_asked_for(tmp_path, monkeypatch):
    root = make_nixpkgs(tmp_path, {"acme": "1.0", "acme-core": "2.0"}, commit=False)
    read = []
    real = index_module._version_and_extras  # the one read of a file: its version and extras
    monkeypatch.setattr(
        index_module, "_version_and_extras", lambda text, path=None: read.append(path) or real(text, path)
    )
    index = NixpkgsIndex.load(root, cache=False)
    assert read == []
    assert index.version("acme") == "1.0" and index.version("acme") == "1.0"
    assert [Path(p).parent.name for p in read] == ["acme"]


def test_a_clean_index_answers_for_its_commit_after_the_work_tree_changes(tmp_path, cache_home):
    root = make_nixpkgs(tmp_path, {"acme": "1.0", "acme-core": "2.0"})
    index = NixpkgsIndex.load(root)
    write(root, "pkgs/development/python-modules/acme/default.nix", '{ }:\n{\n  version = "1.1";\n}\n')
    (root / "pkgs/development/python-modules/acme-core/default.nix").unlink()
    assert (index.version("acme"), index.version("acme-core")) == ("1.0", "2.0")


def test_an_untouched_work_tree_file_is_read_without_git(tmp_path, cache_home, monkeypatch):
    root = make_nixpkgs(tmp_path, {"acme": "1.0"})
    file = root / "pkgs/development/python-modules/acme/default.nix"
    os.utime(file, (1_000_000_000, 1_000_000_000))  # long before the clean check
    index = NixpkgsIndex.load(root)
    monkeypatch.setattr(index_module, "_git_bytes", lambda *a: pytest.fail("asked git for an unchanged file"))
    assert index.version("acme") == "1.0"


@pytest.mark.parametrize(
    ("text", "extras"),
    [
        ("{ }:\nbuildPythonPackage {\n  version = \"1\";\n}\n", ()),
        ("{ }:\nbuildPythonPackage {\n  optional-dependencies = {\n    rich = [ rich ];\n    socks = [ ];\n  };\n}\n", ("rich", "socks")),
        ("{ }:\nbuildPythonPackage (finalAttrs: {\n  optional-dependencies.http2 = [ h2 ];\n  optional-dependencies.brotli = [ ];\n})\n", ("brotli", "http2")),
        ("{ }:\nbuildPythonPackage {\n  passthru.optional-dependencies = {\n    testing = [ mock ];\n  };\n}\n", ("testing",)),
        ("{ }:\nbuildPythonPackage {\n  passthru = {\n    optional-dependencies = { inherit (self) cli; };\n  };\n}\n", ("cli",)),
        # not spelled out: nothing may be concluded
        ("{ }:\nbuildPythonPackage {\n  optional-dependencies = lib.fix (self: { all = self.a; a = [ ]; });\n}\n", None),
        ("{ }:\nlet extras = { a = [ ]; }; in\nbuildPythonPackage {\n  optional-dependencies = extras;\n}\n", None),
        ("{ }:\nbuildPythonPackage {\n  optional-dependencies = { ${name} = [ ]; };\n}\n", None),
        ("{ }:\nbuildPythonPackage {\n  passthru = common.passthru;\n}\n", None),
        ("{ }:\nbuildPythonPackage {\n", None),
    ],
)
def test_extras_a_file_defines(text, extras):
    assert derivation_extras(text) == extras


def test_extras_through_the_index(tmp_path):
    root = make_nixpkgs(tmp_path, {"acme": "1.0", "widget": "2.0"}, commit=False)
    write(
        root,
        "pkgs/development/python-modules/acme/default.nix",
        '{ }:\nbuildPythonPackage {\n  version = "1.0";\n  optional-dependencies = {\n    rich = [ ];\n  };\n}\n',
    )
    index = NixpkgsIndex.load(root, cache=False)
    assert index.info("acme").extras == ("rich",)
    assert index.info("widget").extras == ()
