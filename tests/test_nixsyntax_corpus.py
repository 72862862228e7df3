"""The syntax tree on real nixpkgs files (../shared/nixpkgs-corpus; skipped where it is absent):
every file round-trips byte for byte and reads exactly as nix-instantiate --parse reads it."""

from __future__ import annotations

from corpus import FILES, requires_corpus
from nix_normal_form import canonical, normal_form
from nixeval import requires_nix
from test_nixsyntax import HOME, nix_parse_files

from nixpkgs_contrib.nixsyntax import parse

pytestmark = requires_corpus


def test_corpus_is_complete() -> None:
    """The corpus the figures below are about: 303 modules, the interpreters file, the aliases."""
    assert len(FILES) >= 305


def test_every_file_round_trips() -> None:
    failures = []
    for path in FILES:
        data = path.read_bytes()
        root = parse(data.decode("utf-8"), str(path))
        if str(root).encode("utf-8") != data or "".join(map(str, root.tokens())).encode() != data:
            failures.append(path)
    assert failures == []


@requires_nix
def test_every_file_agrees_with_nix_instantiate() -> None:
    """Our tree printed in nix-instantiate's normal form equals Nix's, file by file: the same
    operator precedence and associativity, string decoding, attribute-path merging and paths."""
    printed = nix_parse_files(FILES)
    mismatches = [
        path
        for path, nix in zip(FILES, printed)
        if normal_form(parse(path.read_text(), str(path)), home=HOME) != canonical(nix)
    ]
    assert mismatches == []
