"""Recipe files: every key read, every mistake one line naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from nixpkgs_contrib.errors import UserError
from nixpkgs_contrib.recipe import FAMILY_KEYS, PACKAGE_KEYS, load

HASH = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro="

FULL = f"""\
[family]
name = "acme"
github = "acme-org/acme"
tag = "v2.4.1"
hash = "{HASH}"
python = "3.11-3.14"
maintainers = ["alice"]

[[package]]
path = "packages/acme-core/"
attr = "acme-core"
imports = ["acme.core.cli"]
no-check = "tests need a database"
relax = {{ pydantic = "works with 2.11" }}
remove = {{ pywin32 = "Windows only" }}
maintainers = ["bob"]
hash = "{HASH}"

[[package]]
path = "packages/acme-web"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recipe.toml"
    path.write_text(text)
    return path


def test_every_key_is_read(tmp_path):
    recipe = load(write(tmp_path, FULL))
    assert (recipe.name, recipe.github, recipe.tag, recipe.hash, recipe.python) == ("acme", "acme-org/acme", "v2.4.1", HASH, "3.11-3.14")
    core = recipe.package("packages/acme-core")
    assert core is not None and core.attr == "acme-core" and core.imports == ("acme.core.cli",)
    assert core.no_check == "tests need a database" and core.maintainers == ("bob",) and core.hash == HASH
    assert core.relax == (("pydantic", "works with 2.11"),) and core.remove == (("pywin32", "Windows only"),)
    assert recipe.package("packages/acme-web") is not None
    assert {"name", "github", "tag", "hash", "python", "maintainers"} | {"tag-format", "target"} == FAMILY_KEYS
    assert len(PACKAGE_KEYS) == 8


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (("python = \"3.11-3.14\"", "python = \"3.11-3.14\"\ntarget = \"unstable\""), "[family]: give python or target, not both"),
        (("python = \"3.11-3.14\"", "python = \"three\""), "[family] python:"),
        (("python = \"3.11-3.14\"", "target = \"nixos-1.0\""), "[family] target:"),
        (("maintainers = [\"alice\"]", "maintainers = \"alice\""), "[family]: maintainers must be a list of strings"),
        (('github = "acme-org/acme"', 'github = "https://github.com/acme-org/acme"'), "[family] github 'https://github.com/acme-org/acme': expected OWNER/REPO"),
        (('tag = "v2.4.1"', 'tag-format = "{name}-latest"'), "tag-format '{name}-latest': use {version}"),
        (('tag = "v2.4.1"', 'tag-format = "{name}-{verison}"'), "tag-format"),
        (('path = "packages/acme-web"', 'path = "../elsewhere"'), "[[package]] ../elsewhere: path must be a directory inside the repository"),
        (('path = "packages/acme-web"', 'path = "packages/acme-core"'), "[[package]] packages/acme-core is listed twice"),
        (('imports = ["acme.core.cli"]', 'imports = "acme.core.cli"'), "[[package]] packages/acme-core/: imports must be a list of strings"),
        (('no-check = "tests need a database"', "no-check = true"), "no-check must be a non-empty string"),
        (('relax = { pydantic = "works with 2.11" }', 'relax = { pydantic = "" }'), "relax.pydantic must be the reason"),
        (('relax = { pydantic = "works with 2.11" }', 'relax = ["pydantic"]'), "relax must map each distribution to the reason"),
        ((f'hash = "{HASH}"\n\n[[package]]', 'hash = "sha256:abc"\n\n[[package]]'), "hash 'sha256:abc' is not an SRI sha256 hash"),
        (("[family]", "[familly]"), "the top level: unknown key 'familly'"),
        (('attr = "acme-core"', 'atr = "acme-core"'), "unknown key 'atr'"),
    ],
)
def test_mistakes_name_the_file_and_the_key(tmp_path, change, needle):
    old, new = change
    assert old in FULL
    path = write(tmp_path, FULL.replace(old, new, 1))
    with pytest.raises(UserError) as info:
        load(path)
    assert needle in str(info.value) and str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)

