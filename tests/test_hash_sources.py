"""Source hashing: git archives, tarballs and flat files, checked against real Nix (and git + tar)."""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from nixeval import NIX_CONFIG  # noqa: E402

from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.hashing import sources
from nixpkgs_contrib.hashing.nar import CHUNK, nar_hash_path

requires_nix = pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="needs a Nix installation")


def nix(*argv: str | os.PathLike[str]) -> str:
    env = dict(os.environ, NIX_CONFIG=NIX_CONFIG)
    out = subprocess.run([os.fspath(a) for a in argv], check=True, capture_output=True, env=env).stdout
    return out.decode().strip().splitlines()[-1]


def git(repo: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_AUTHOR_DATE="2020-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="2020-01-01T00:00:00Z",
    )
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env, **kwargs)


def commit_all(repo: Path, tag: str | None = None) -> None:
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "snapshot")
    if tag:
        git(repo, "tag", tag)


def extract_archive(repo: Path, rev: str, dest: Path) -> Path:
    """What fetchFromGitHub unpacks, produced by git and tar rather than by the code under test."""
    dest.mkdir()
    archive = git(repo, "archive", "--format=tar", rev).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def write(path: Path, data: bytes | str = b"x", mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    if mode is not None:
        path.chmod(mode)


def tricky_repo(repo: Path) -> Path:
    """Names where git order and byte order disagree, every entry kind, export-ignore/-subst."""
    for name in ("a/1", "a-b/c/2", "a.txt", "a-c", "a b/x", "a!", "foo.py", "foo/bar", "foo/bar.d/x", "foo/bar-1"):
        write(repo / name, name)
    write(repo / "deep/er/est/f", "f")
    write(repo / "deep/er.txt", "t")
    write(repo / "deep.py", "p")
    write(repo / "run.sh", "#!/bin/sh\n", 0o755)
    write(repo / "empty", b"")
    write(repo / "big.bin", random.Random(0).randbytes(CHUNK + 5))
    write(repo / "big/inner", random.Random(1).randbytes(CHUNK * 2 + 3))
    write(repo / "é/ü", "unicode")
    write(repo / "\U0001f600", "emoji")
    with open(os.fsencode(repo) + b"/latin-\xe9", "wb") as fh:
        fh.write(b"not utf-8")
    os.symlink("a.txt", repo / "link")
    os.symlink("a", repo / "link-dir")
    os.symlink("nowhere", repo / "dangling")
    write(repo / "secret/notes", "ignored")
    write(repo / "VERSION", "commit $Format:%H$ by $Format:%an$\n")
    write(repo / ".gitattributes", "secret export-ignore\nVERSION export-subst\n")
    commit_all(repo, tag="v1.0")
    return repo


# -------------------------------------------------------------------------------- git


@pytest.mark.nix
@requires_nix
def test_git_archive_matches_nix(tmp_path: Path) -> None:
    repo = tricky_repo(tmp_path / "repo")
    unpacked = extract_archive(repo, "v1.0", tmp_path / "unpacked")
    assert not (unpacked / "secret").exists()  # the oracle really honours export-ignore ...
    assert "$Format" not in (unpacked / "VERSION").read_text()  # ... and export-subst
    assert sources.hash_git(repo, "v1.0").sri == nix("nix", "hash", "path", unpacked)
    assert sources.hash_github_tag(repo, "v1.0") == nix("nix", "hash", "path", unpacked)


def test_git_archive_matches_extracted_tree(tmp_path: Path) -> None:
    repo = tricky_repo(tmp_path / "repo")
    unpacked = extract_archive(repo, "HEAD", tmp_path / "unpacked")
    assert sources.hash_git(repo, "HEAD") == nar_hash_path(unpacked)


def random_repo(repo: Path, rng: random.Random) -> None:
    alphabet = ["a", "b", "-", ".", "!", " ", "0", "~", "\x01"]
    paths: set[str] = set()
    for _ in range(rng.randint(1, 30)):
        parts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        if any(p in (".", "..") or p.startswith(" ") for p in parts):
            continue
        path = "/".join(parts)
        # a path cannot be both a file and a directory
        if any(p == path or p.startswith(path + "/") or path.startswith(p + "/") for p in paths):
            continue
        paths.add(path)
        if rng.random() < 0.15:
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(rng.choice(["a", "../x", "b/c"]), repo / path)
        else:
            size = rng.choice([0, 3, 8, 100, CHUNK + 1]) if rng.random() < 0.1 else rng.choice([0, 3, 8, 100])
            write(repo / path, rng.randbytes(size), rng.choice([0o644, 0o755]))
    commit_all(repo)


@pytest.mark.parametrize("seed", range(15))
def test_git_order_streaming_on_random_repos(tmp_path: Path, seed: int) -> None:
    """Streaming from git order gives the NAR of the extracted tree, whatever the names."""
    repo = tmp_path / "repo"
    repo.mkdir()
    random_repo(repo, random.Random(seed))
    unpacked = extract_archive(repo, "HEAD", tmp_path / "unpacked")
    assert sources.hash_git(repo, "HEAD") == nar_hash_path(unpacked)


def test_held_back_contents_can_spill_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tricky_repo(tmp_path / "repo")
    in_memory = sources.hash_git(repo, "HEAD")
    monkeypatch.setattr(sources, "MEMORY_BUDGET", 0)
    assert sources.hash_git(repo, "HEAD") == in_memory


def test_user_line_ending_config_is_ignored(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "text.txt", "one\ntwo\n")
    commit_all(repo)
    plain = sources.hash_git(repo, "HEAD")
    git(repo, "config", "core.autocrlf", "true")
    assert sources.hash_git(repo, "HEAD") == plain


def test_entries_out_of_git_order_are_refused() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in ("b", "a"):
            tar.addfile(tarfile.TarInfo(name), io.BytesIO())
    buf.seek(0)
    with pytest.raises(SourceError, match="not in git tree order"):
        sources.nar_hash_git_stream(buf)


def test_unknown_tag_names_tag_and_repo(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "f")
    commit_all(repo, tag="v1")
    with pytest.raises(SourceError) as info:
        sources.hash_github_tag(repo, "v2")
    assert "'v2'" in str(info.value) and str(repo) in str(info.value)
    with pytest.raises(SourceError, match="does not exist"):
        sources.hash_git(repo, "no-such-rev")


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a git repository"):
        sources.hash_git(tmp_path, "HEAD")


def test_submodules_are_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "f")
    commit_all(repo)
    sha = git(repo, "rev-parse", "HEAD", text=True).stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/lib")
    git(repo, "commit", "-q", "-m", "submodule")
    with pytest.raises(SourceError, match="vendor/lib at HEAD is a git submodule"):
        sources.hash_git(repo, "HEAD")


def test_lfs_attributes_are_refused_with_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "sub/.gitattributes", "# data\n*.bin filter=lfs diff=lfs merge=lfs -text\n")
    commit_all(repo)
    with pytest.raises(SourceError, match="LFS") as info:
        sources.hash_git(repo, "HEAD")
    assert str(info.value).startswith("HEAD:sub/.gitattributes:2: ")


def test_lfs_pointer_files_are_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 12\n"
    write(repo / "model.bin", pointer)
    commit_all(repo)
    with pytest.raises(SourceError, match="model.bin is a Git LFS pointer"):
        sources.hash_git(repo, "HEAD")


@pytest.mark.parametrize("placeholder", ["%d", "%D", "%S"])
def test_export_subst_with_refs_is_refused(tmp_path: Path, placeholder: str) -> None:
    repo = tmp_path / "repo"
    write(repo / "_version.py", f'refs = "$Format:{placeholder}$"\n')
    write(repo / ".gitattributes", "_version.py export-subst\n")
    commit_all(repo, tag="v1")
    with pytest.raises(SourceError, match="ref names") as info:
        sources.hash_git(repo, "v1")
    assert str(info.value).startswith("v1:_version.py:1: ")


def test_export_subst_describe_needs_tags(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "v.txt", "$Format:%(describe:tags=true)$\n")
    write(repo / ".gitattributes", "v.txt export-subst\n")
    commit_all(repo)
    with pytest.raises(SourceError, match="git describe"):
        sources.hash_git(repo, "HEAD")
    git(repo, "tag", "v1")
    unpacked = extract_archive(repo, "v1", tmp_path / "unpacked")
    assert sources.hash_git(repo, "v1") == nar_hash_path(unpacked)


def test_placeholders_without_export_subst_are_fine(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo / "doc.txt", "literally $Format:%d$\n")
    commit_all(repo)
    unpacked = extract_archive(repo, "HEAD", tmp_path / "unpacked")
    assert sources.hash_git(repo, "HEAD") == nar_hash_path(unpacked)


# -------------------------------------------------------------------------------- tarballs, files


def make_tarball(path: Path, top: str | None = "pkg-1.0") -> Path:
    """A gzip tarball in a scrambled order, without directory entries, with a hard link."""
    entries: list[tuple[str, bytes, int]] = [
        ("src/mod.py", b"print(1)\n", 0o644),
        ("src/mod-extra.py", b"", 0o644),
        ("src.txt", b"top", 0o444),
        ("bin/tool", b"#!/bin/sh\n", 0o755),
        ("data/\xe9t\xe9", b"latin name", 0o644),
        ("big", random.Random(3).randbytes(CHUNK + 77), 0o600),
    ]
    random.Random(4).shuffle(entries)
    prefix = f"{top}/" if top else ""
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT, encoding="latin-1") as tar:
        for name, data, mode in entries:
            info = tarfile.TarInfo(prefix + name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo(prefix + "src/link")
        link.type, link.linkname = tarfile.SYMTYPE, "mod.py"
        tar.addfile(link)
        hard = tarfile.TarInfo(prefix + "bin/tool-copy")
        hard.type, hard.linkname = tarfile.LNKTYPE, prefix + "bin/tool"
        tar.addfile(hard)
        empty = tarfile.TarInfo(prefix + "empty-dir")
        empty.type = tarfile.DIRTYPE
        tar.addfile(empty)
    return path


@pytest.mark.nix
@requires_nix
def test_tarball_matches_nix_prefetch_url_unpack(tmp_path: Path) -> None:
    tarball = make_tarball(tmp_path / "pkg-1.0.tar.gz")
    expected = nix("nix-prefetch-url", "--unpack", tarball.as_uri())
    assert sources.hash_tarball(tarball).base32 == expected


@pytest.mark.nix
@requires_nix
def test_tarball_without_single_root_matches_nix_unstripped(tmp_path: Path) -> None:
    tarball = make_tarball(tmp_path / "flat.tar.gz", top=None)
    with pytest.raises(SourceError, match="exactly one top-level directory"):
        sources.hash_tarball(tarball)
    expected = nix("nix-prefetch-url", "--unpack", tarball.as_uri())
    assert sources.hash_tarball(tarball, strip_root=False).base32 == expected


@pytest.mark.nix
@requires_nix
def test_zip_matches_nix_prefetch_url_unpack(tmp_path: Path) -> None:
    path = tmp_path / "pkg.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in [("pkg/a.py", b"a", 0o644), ("pkg/run", b"#!", 0o755), ("pkg/d/e", b"", 0o644)]:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            zf.writestr(info, data)
    expected = nix("nix-prefetch-url", "--unpack", path.as_uri())
    assert sources.hash_tarball(path).base32 == expected


def test_tarball_equals_its_extracted_tree(tmp_path: Path) -> None:
    tarball = make_tarball(tmp_path / "pkg-1.0.tar.gz")
    (tmp_path / "x").mkdir()
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(tmp_path / "x")], check=True)
    assert sources.hash_tarball(tarball) == nar_hash_path(tmp_path / "x" / "pkg-1.0")


def test_garbage_archive(tmp_path: Path) -> None:
    (tmp_path / "junk.tar.gz").write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(SourceError, match="not a readable"):
        sources.hash_tarball(tmp_path / "junk.tar.gz")


@pytest.mark.nix
@requires_nix
def test_flat_file_matches_nix_prefetch_url(tmp_path: Path) -> None:
    path = tmp_path / "pkg-1.0.tar.gz"
    path.write_bytes(random.Random(5).randbytes(3 * CHUNK + 1))
    assert sources.hash_file(path).base32 == nix("nix-prefetch-url", path.as_uri())


def test_flat_file_is_sha256_of_bytes(tmp_path: Path) -> None:
    data = random.Random(6).randbytes(CHUNK + 9)
    (tmp_path / "f").write_bytes(data)
    assert sources.hash_file(tmp_path / "f").digest == hashlib.sha256(data).digest()
    with pytest.raises(SourceError, match="is a directory"):
        sources.hash_file(tmp_path)
    with pytest.raises(SourceError):
        sources.hash_file(tmp_path / "missing")


def test_directory_missing(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        sources.hash_directory(tmp_path / "missing")
