"""Where each file of a tar archive lies in its uncompressed bytes: names first, bytes on demand.

An sdist is read for a handful of its files (``setup.py``, ``pyproject.toml``, ``PKG-INFO``, the
modules setup.py imports) and the list of all of them.  :mod:`tarfile` builds a full
:class:`tarfile.TarInfo` per member (owner, mode, times, checksum, PAX decoding): over the 278
sdists of the shared corpus that is half the time of reading them.  This index reads only what a
reader needs (name, type, size, where the data starts) from the same headers: POSIX ustar (with
its name prefix), PAX extended headers (``path``, ``size``) and GNU long names.
"""

from __future__ import annotations

import bz2
import lzma
import struct
import zlib
from typing import NamedTuple

from ..errors import SourceError

BLOCK = 512
_REGULAR = frozenset(b"0\x007")  # regular file, old regular file, contiguous file
_DIRECTORY = ord("5")
_PAX, _PAX_GLOBAL, _GNU_LONGNAME, _GNU_LONGLINK, _GNU_SPARSE = (ord(c) for c in "xgLKS")


class Member(NamedTuple):
    """A regular file (*offset*, *size* into the uncompressed archive) or a directory (*size* -1)."""

    name: str
    offset: int
    size: int

    @property
    def is_dir(self) -> bool:
        return self.size < 0


def uncompressed(data: bytes, label: str) -> bytes:
    """The tar bytes of a ``.tar``, ``.tar.gz``, ``.tar.bz2`` or ``.tar.xz`` archive, by its magic bytes."""
    try:
        if data[:2] == b"\x1f\x8b":
            return _gunzip(data)
        if data[:3] == b"BZh":
            return bz2.decompress(data)
        if data[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(data)
    except (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(f"cannot read archive: {reason}", path=label) from None
    return data


def _gunzip(data: bytes) -> bytes:
    """:func:`gzip.decompress` without its second pass over the output for the CRC (zlib checks
    it while inflating).  Members are joined; what follows the last one is ignored, as tarfile
    never read past the end of the archive."""
    parts = []
    while data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        parts.append(inflater.decompress(data))
        if not inflater.eof:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        data = inflater.unused_data
    return parts[0] if len(parts) == 1 else b"".join(parts)


def members(tar: bytes, label: str) -> list[Member]:
    """Every regular file and directory of the uncompressed archive *tar*, in archive order, with
    its name as the archive spells it.  Links, devices and sparse files are left out."""
    if len(tar) < BLOCK:
        raise SourceError("cannot read archive: not a tar archive (plain, gzip, bzip2 or xz)", path=label)
    out: list[Member] = []
    offset = 0
    long_name: str | None = None
    pax: dict[str, str] = {}
    while offset + BLOCK <= len(tar):
        header = tar[offset : offset + BLOCK]
        if header.count(0) == BLOCK:  # end of archive
            break
        if not _checksum_ok(header):
            if offset == 0:
                raise SourceError("cannot read archive: not a tar archive (plain, gzip, bzip2 or xz)", path=label)
            raise SourceError(f"cannot read archive: bad tar header at byte {offset}", path=label)
        kind = header[156]
        size = _number(header[124:136], offset, label)
        if "size" in pax:  # decimal, for files of 8 GiB and more
            if not pax["size"].isdigit():
                raise SourceError(f"cannot read archive: bad PAX size {pax['size']!r} at byte {offset}", path=label)
            size = int(pax["size"])
        data = offset + BLOCK
        end = data + size
        if end > len(tar):
            raise SourceError("cannot read archive: unexpected end of data", path=label)
        offset = data + -(-size // BLOCK) * BLOCK
        if kind == _PAX:
            pax = _pax_records(tar[data:end], label)
            continue
        if kind == _GNU_LONGNAME:
            long_name = _text(tar[data:end].split(b"\0", 1)[0])
            continue
        if kind in (_PAX_GLOBAL, _GNU_LONGLINK):
            continue
        name = pax.get("path") or long_name
        if name is None:
            name = _text(header[0:100].split(b"\0", 1)[0])
            prefix = header[345:500].split(b"\0", 1)[0] if kind != _GNU_SPARSE else b""
            if prefix and header[257:263] == b"ustar\0":  # POSIX ustar: the name's leading part
                name = f"{_text(prefix)}/{name}"
        pax, long_name = {}, None
        if kind == _DIRECTORY or (kind in (0, ord("0")) and name.endswith("/")):
            out.append(Member(name.rstrip("/"), data, -1))
        elif kind in _REGULAR:
            out.append(Member(name, data, size))
    return out


def _checksum_ok(header: bytes) -> bool:
    try:
        stored = int(header[148:156].split(b"\0", 1)[0].strip() or b"-1", 8)
    except ValueError:
        return False
    # the sum of the header's bytes with the checksum field read as spaces; some old tars summed
    # signed bytes
    if stored == sum(header) - sum(header[148:156]) + 8 * 32:
        return True
    return stored == 8 * 32 + sum(struct.unpack_from("148b8x356b", header))


def _number(field: bytes, offset: int, label: str) -> int:
    """An octal header number, or GNU's base-256 form (first byte 0x80)."""
    if field[:1] == b"\x80":
        return int.from_bytes(field[1:], "big")
    text = field.split(b"\0", 1)[0].strip()
    try:
        return int(text or b"0", 8)
    except ValueError:
        raise SourceError(f"cannot read archive: bad number {text!r} in the tar header at byte {offset}", path=label) from None


def _pax_records(data: bytes, label: str) -> dict[str, str]:
    """``"%d %s=%s\\n"`` records of a PAX extended header."""
    out: dict[str, str] = {}
    pos = 0
    while pos < len(data) and data[pos] != 0:
        space = data.find(b" ", pos)
        try:
            length = int(data[pos:space])
        except ValueError:
            raise SourceError("cannot read archive: a PAX header that is not length-prefixed records", path=label) from None
        if space < 0 or length <= 0 or pos + length > len(data):
            raise SourceError("cannot read archive: a PAX header that is not length-prefixed records", path=label)
        key, _, value = data[space + 1 : pos + length - 1].partition(b"=")
        out[_text(key)] = _text(value)
        pos += length
    return out


def _text(raw: bytes) -> str:
    """Names as :mod:`tarfile` decodes them on a UTF-8 system, whatever the locale."""
    return raw.decode("utf-8", "surrogateescape")


__all__ = ["Member", "members", "uncompressed"]
