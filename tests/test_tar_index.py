"""The tar index behind ArchiveTree: every header form tarfile writes gives the names and bytes
tarfile itself reads, and broken archives are one-line errors."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from nixpkgs_contrib.errors import SourceError
from nixpkgs_contrib.upstream import tar_index
from nixpkgs_contrib.upstream.tree import ArchiveTree

LONG = "pkg-1.0/" + "/".join(["a-rather-long-directory-name"] * 6) + "/module.py"


def make_tar(path: Path, fmt: int, mode: str = "w:gz", extra: bool = True) -> dict[str, bytes]:
    files = {"pkg-1.0/setup.py": b"from setuptools import setup\n", LONG: b"x = 1\n", "pkg-1.0/empty.txt": b""}
    if fmt == tarfile.PAX_FORMAT:
        files["pkg-1.0/caf\u00e9.txt"] = "\u00e9".encode()
    with tarfile.open(path, mode, format=fmt) as tar:
        dir_info = tarfile.TarInfo("pkg-1.0/data")
        dir_info.type = tarfile.DIRTYPE
        tar.addfile(dir_info)
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            link = tarfile.TarInfo("pkg-1.0/link.py")
            link.type, link.linkname = tarfile.SYMTYPE, "setup.py"
            tar.addfile(link)
            hard = tarfile.TarInfo("pkg-1.0/hard.py")
            hard.type, hard.linkname = tarfile.LNKTYPE, "pkg-1.0/setup.py"
            tar.addfile(hard)
    return files


@pytest.mark.parametrize("fmt", [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
@pytest.mark.parametrize("mode", ["w:gz", "w:bz2", "w:xz", "w:"])
def test_every_header_form_and_compression_gives_what_tarfile_reads(tmp_path, fmt, mode):
    sdist = tmp_path / "pkg-1.0.tar"
    files = make_tar(sdist, fmt, mode)
    tree = ArchiveTree(sdist)
    # links are not files of the tree (as before: only regular files are read)
    assert tree.files() == tuple(sorted(name[len("pkg-1.0/") :] for name in files))
    for name, data in files.items():
        assert tree.read_bytes(name[len("pkg-1.0/") :]) == data
    assert tree.is_dir("data") and tree.is_dir("a-rather-long-directory-name") and not tree.is_file("data")
    with tarfile.open(sdist) as tar:  # the reference
        regular = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    assert regular == files


def test_a_member_listed_twice_reads_as_the_later_one(tmp_path):
    sdist = tmp_path / "p-1.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        for data in (b"old", b"new"):
            info = tarfile.TarInfo("p-1/setup.py")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert ArchiveTree(sdist).read_bytes("setup.py") == b"new"


def test_zip_members_are_read_on_demand(tmp_path):
    sdist = tmp_path / "pkg-1.0.zip"
    with zipfile.ZipFile(sdist, "w") as zf:
        zf.writestr("pkg-1.0/setup.py", "print()\n")
        zf.writestr("pkg-1.0/pkg/__init__.py", "")
    tree = ArchiveTree(sdist)
    assert tree.files() == ("pkg/__init__.py", "setup.py")
    assert tree.read_bytes("setup.py") == b"print()\n"
    assert tree.is_dir("pkg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a tar archive"),
        (b"garbage" * 200, "not a tar archive"),
        (b"\x1f\x8b" + b"garbage" * 20, "cannot read archive: "),
    ],
)
def test_garbage_is_one_line(tmp_path, content, message):
    bad = tmp_path / "bad-1.0.tar.gz"
    bad.write_bytes(content)
    with pytest.raises(SourceError, match=message) as err:
        ArchiveTree(bad)
    assert "\n" not in str(err.value) and str(bad) in str(err.value)


def test_a_truncated_archive_is_refused(tmp_path):
    sdist = tmp_path / "pkg-1.0.tar"
    make_tar(sdist, tarfile.PAX_FORMAT, "w:")
    data = sdist.read_bytes()
    cut = data.index(b"from setuptools") + 10
    sdist.write_bytes(data[:cut])
    with pytest.raises(SourceError, match="unexpected end of data"):
        ArchiveTree(sdist)


def test_a_corrupt_header_after_the_first_is_refused(tmp_path):
    sdist = tmp_path / "pkg-1.0.tar"
    make_tar(sdist, tarfile.USTAR_FORMAT, "w:", extra=False)
    data = bytearray(sdist.read_bytes())
    second = 512  # the directory's header has no data: the next header follows it
    data[second + 10] ^= 0xFF
    sdist.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="bad tar header at byte 512"):
        ArchiveTree(sdist)


def test_members_in_archive_order_with_offsets():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("p/" + "n" * 150)
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    data = buf.getvalue()
    (member,) = tar_index.members(data, "mem")
    assert member.name == "p/" + "n" * 150 and data[member.offset : member.offset + member.size] == b"abc"


def test_a_member_that_leaves_the_archive_is_refused(tmp_path):
    sdist = tmp_path / "p-1.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        info = tarfile.TarInfo("p-1/../../etc/passwd")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(SourceError, match="leaves the archive"):
        ArchiveTree(sdist)
