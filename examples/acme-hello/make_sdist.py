"""Rebuild acme_hello-0.3.0.tar.gz from src/, byte for byte (sorted entries, zero times and owners).

The walkthrough starts from an sdist as PyPI serves it; this script is how the bundled one is
made, so what is inside it stays reviewable here.  Run: ``python examples/acme-hello/make_sdist.py``
(a test checks that the committed file is what it writes).
"""

from __future__ import annotations

import gzip
import io
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).parent
NAME = "acme_hello-0.3.0"


def sdist_bytes(src: Path = HERE / "src") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{NAME}/{path.relative_to(src).as_posix()}")
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue())
    return out.getvalue()


if __name__ == "__main__":
    target = HERE / f"{NAME}.tar.gz"
    target.write_bytes(sdist_bytes())
    print(target, file=sys.stderr)
