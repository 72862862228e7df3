"""Rules on values anywhere in a file: hashes, fetcher revisions, ``with lib;``, conditions,
test knobs and deprecated names.

They look at bindings and variables of the tree, so a name in a string or a comment is never
taken for one, and an attribute called ``pytest-cov`` is not a use of the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..matrix import python_key
from ..nixsyntax import Apply, Binding, Ident, Select, String, With, query
from .rules import (
    DEAD_CONDITION,
    DOCHECK_COMMENT,
    FLAGS_ARRAY,
    PLACEHOLDER_HASH,
    PYTEST_COV,
    RELAX_DEPS_HOOK,
    SHA256_ATTRIBUTE,
    SRI_HASH,
    STDENV_PLATFORM,
    TAG_NOT_REV,
    WITH_LIB,
    Finding,
)
from .source import Source

#: SRI hashes of the algorithms fetchers take, with their base64 length
_SRI = re.compile(r"^(?:sha256-[A-Za-z0-9+/]{43}=|sha512-[A-Za-z0-9+/]{86}==|sha1-[A-Za-z0-9+/]{27}=)$")
#: a hash that is only a placeholder: lib.fakeHash's value, our own --fake-hash, any all-"A" hash
_PLACEHOLDER = re.compile(r"^(?:(?:sha256|sha512|sha1)[-:])?A+=*$|^0+$")
_FAKE_FUNCTIONS = frozenset({"fakeHash", "fakeSha256", "fakeSha512"})
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_PY_VERSION = re.compile(r"^3\.(\d+)$")
_PLATFORM_PREDICATES = frozenset(
    {"isDarwin", "isLinux", "isx86_64", "isAarch64", "isAarch32", "isi686", "isx86_32", "is64bit", "isFreeBSD"}
)


def _is_hash_name(name: str) -> bool:
    """``hash``, ``sha256``, ``outputHash``, ``vendorHash``, ``cargoHash``…"""
    return name in ("hash", "sha256", "sha512") or name.endswith("Hash")


def placeholder(value: str) -> bool:
    """Whether a hash string is a placeholder that no source can match (empty, all ``A``)."""
    return value == "" or bool(_PLACEHOLDER.match(value))


def lint(src: Source, pythons: Sequence[str]) -> Iterator[Finding]:
    oldest = python_key(min(pythons, key=python_key))[1]
    for node in src.root.walk():
        if isinstance(node, Binding):
            yield from _binding(src, node)
        elif isinstance(node, Select):
            yield from _select(src, node)
        elif isinstance(node, With) and query.dotted(node.env) == "lib":
            where = "around meta" if isinstance(node.parent, Binding) and node.parent.names == ("meta",) else (
                "hides where names come from")  # fmt: skip
            yield src.finding(WITH_LIB, node, f"`with lib;` {where}")
        elif isinstance(node, Apply):
            yield from _condition(src, node, oldest)
    for use in src.scopes().uses:
        if use.name == "pytest-cov":
            yield src.finding(PYTEST_COV, use.node, "pytest-cov in the inputs")
        elif use.name == "pythonRelaxDepsHook":
            yield src.finding(RELAX_DEPS_HOOK, use.node, "pythonRelaxDepsHook is added automatically")
        elif use.name in _FAKE_FUNCTIONS and use.definition is None:  # `with lib; fakeHash`
            yield src.finding(PLACEHOLDER_HASH, use.node, f"{use.name} is a placeholder: the file cannot build")


def _binding(src: Source, b: Binding) -> Iterator[Finding]:
    names = b.names
    name = names[-1]
    if name is None:
        return
    value = query.unwrap(b.value)
    if _is_hash_name(name):
        literal = query.string_value(value) if isinstance(value, String) else None
        if literal is not None and placeholder(literal):
            shown = f'"{literal}"'
            yield src.finding(PLACEHOLDER_HASH, b, f"{name} = {shown} is a placeholder: the file cannot build")
        elif name in ("sha256", "sha512"):
            yield src.finding(SHA256_ATTRIBUTE, b, f"`{name} =` is the legacy hash attribute; use an SRI `hash =`")
        elif name == "hash" and literal is not None and not _SRI.match(literal):
            yield src.finding(SRI_HASH, b, f"hash {literal!r} is not an SRI hash")
    elif name == "rev":
        literal = query.string_value(value)
        tagged = isinstance(value, String) or (query.dotted(value) or "").split(".")[-1] == "version"
        if tagged and (literal is None or not _COMMIT.match(literal)):
            yield src.finding(TAG_NOT_REV, b, f"rev = {b.value.text} is not a commit; tags belong in `tag`")
    elif name == "pytestFlagsArray":
        yield src.finding(FLAGS_ARRAY, b, "pytestFlagsArray is deprecated")
    elif name == "doCheck" and isinstance(value, Ident) and value.name == "false":
        if query.trailing_comment(b) is None and not query.leading(b).attached and not query.has_comments(b):
            yield src.finding(DOCHECK_COMMENT, b, "doCheck = false; without a comment saying why")


def _select(src: Source, node: Select) -> Iterator[Finding]:
    dotted = query.dotted(node)
    if dotted is None:
        return
    parts = dotted.split(".")
    if parts[0] == "lib" and len(parts) == 2 and parts[1] in _FAKE_FUNCTIONS:
        yield src.finding(PLACEHOLDER_HASH, node, f"{dotted} is a placeholder: the file cannot build")
    elif parts[0] == "stdenv" and len(parts) == 2 and parts[1] in _PLATFORM_PREDICATES:
        yield src.finding(STDENV_PLATFORM, node, f"{dotted} is deprecated; use stdenv.hostPlatform.{parts[1]}")


def _condition(src: Source, node: Apply, oldest: int) -> Iterator[Finding]:
    """``pythonOlder "3.N"`` / ``pythonAtLeast "3.N"`` that every target interpreter decides."""
    if isinstance(node.parent, Apply) and node.parent.func is node:
        return  # the inner half of a longer application
    func, args = node.flatten()
    name = query.dotted(func)
    if name not in ("pythonOlder", "pythonAtLeast") or len(args) != 1:
        return
    version = query.string_value(args[0])
    m = _PY_VERSION.match(version or "")
    if m and int(m.group(1)) <= oldest:
        truth = "false" if name == "pythonOlder" else "true"
        message = f'{name} "{version}" is always {truth} for the target (oldest Python 3.{oldest})'
        yield src.finding(DEAD_CONDITION, node, message)
