"""Checked marshal files in the cache dir: what the font caches are stored as.

A cache file is MAGIC + SHA-256(body) + body, the body `marshal.dumps((header,
value))`.  marshal, not pickle: loading it cannot run code.  A file is used
only when its digest matches its body and its header matches the caller's
(format, versions); a missing, stale or corrupt file reads as None and the
caller recomputes.  Writes are atomic (a reader sees the old file or the
whole new one) and never fail a build: a read-only cache dir costs speed,
not correctness.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any, Optional

_MAGIC = b"typeset-cache\n"
_DIGEST = 32


def write_cached(path: Path, header: tuple, value: Any) -> None:
    """Store `value` (plain data marshal can hold) with `header` at `path`."""
    try:
        body = marshal.dumps((header, value))
    except ValueError:                   # not plain data: no cache
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def read_cached(path: Path, header: tuple) -> Optional[Any]:
    """The value stored at `path` under `header`; None when missing, stale or corrupt."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _DIGEST
    if data[:len(_MAGIC)] != _MAGIC or hashlib.sha256(data[start:]).digest() != data[len(_MAGIC):start]:
        return None
    try:
        stored, value = marshal.loads(data[start:])
    except Exception:                    # noqa: BLE001 — any malformed body
        return None
    return value if stored == header else None
