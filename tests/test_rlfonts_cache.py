"""The cache of ReportLab's parsed faces (typeset/draw/rlfonts.py): a face
restored from it equals a parsed one, draws the same PDF bytes, and a stale
or corrupt cache file is ignored (the face is parsed, the file rewritten)."""
from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace, TTFNameBytes

from typeset.draw import rlfonts
from typeset.fonts import cachefile
from typeset.fonts import default_library

ROOT = Path(__file__).resolve().parent.parent
BODY = default_library().path("song")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "reportlab"


def _state(face) -> dict:
    """A face's attributes, with the _pdfScale lambda as its values and name strings' ustr."""
    out = {k: v for k, v in face.__dict__.items() if k != "_pdfScale"}
    out["_pdfScale"] = [face._pdfScale(v) for v in (0, 1, 500, -120, 2048)]
    out["_names"] = {k: (type(v), v.ustr) for k, v in face.__dict__.items() if type(v) is TTFNameBytes}
    return out


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.marshal")) if cache.is_dir() else []


def test_cached_face_equals_parsed_face(cache):
    parsed = TTFontFace(BODY)
    first = rlfonts.CachedTTFontFace(BODY)         # miss: parses and saves
    (saved,) = _cache_files(cache)
    restored = rlfonts.CachedTTFontFace(BODY)      # hit
    assert _state(first) == _state(parsed)
    assert _state(restored) == _state(parsed)
    assert restored.makeSubset([0, 0x6C49, 0x5B57]) == parsed.makeSubset([0, 0x6C49, 0x5B57])
    assert saved.read_bytes() == _cache_files(cache)[0].read_bytes()   # a hit does not rewrite


def _corruptions(data: bytes) -> dict[str, bytes]:
    n = len(cachefile._MAGIC)
    body = marshal.dumps((rlfonts._cache_header(), ({"charWidths": []}, {})))
    stale = marshal.dumps(((rlfonts.CACHE_FORMAT, "0.0", (2, 7)), ({}, {})))
    return {
        "empty": b"",
        "garbage": os.urandom(4096),
        "truncated": data[:len(data) // 2],
        "bit flipped": data[:-100] + bytes([data[-100] ^ 0x40]) + data[-99:],
        "bad marshal, good checksum": data[:n] + hashlib.sha256(b"\xff" * 9).digest() + b"\xff" * 9,
        "wrong types": data[:n] + hashlib.sha256(body).digest() + body,
        "stale header": data[:n] + hashlib.sha256(stale).digest() + stale,
    }


@pytest.mark.parametrize("kind", list(_corruptions(b"x" * 200)))
def test_corrupt_cache_file_is_ignored(cache, kind):
    parsed = TTFontFace(BODY)
    rlfonts.CachedTTFontFace(BODY)
    (path,) = _cache_files(cache)
    good = path.read_bytes()
    path.write_bytes(_corruptions(good)[kind])
    face = rlfonts.CachedTTFontFace(BODY)
    assert _state(face) == _state(parsed)
    assert path.read_bytes() == good                # parsed again and rewritten


def _build(cache_dir: Path, out: Path) -> str:
    env = dict(os.environ, TYPESET_CACHE_DIR=str(cache_dir))
    subprocess.run([sys.executable, "-m", "typeset", "build", str(ROOT / "issues" / "sample.xml"),
                    "-o", str(out), "--no-preflight"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_cached_faces_draw_the_same_pdf(tmp_path):
    """Cold cache (parsed faces), warm cache (restored), corrupt cache: same bytes."""
    cache_dir = tmp_path / "cache"
    cold = _build(cache_dir, tmp_path / "cold.pdf")
    files = _cache_files(cache_dir / "reportlab")
    assert files                                     # the build filled the cache
    warm = _build(cache_dir, tmp_path / "warm.pdf")
    for f in files:
        f.write_bytes(f.read_bytes()[:1000])
    corrupt = _build(cache_dir, tmp_path / "corrupt.pdf")
    assert cold == warm == corrupt


def test_the_library_cache_dir_holds_the_faces(tmp_path, monkeypatch):
    """register_face passes the FontLibrary's cache dir: a library with its
    own dir (as tests make) leaves the user's cache dir alone."""
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "default"))
    font = rlfonts._ttfont("TS-cache-dir-test", BODY, tmp_path / "lib")
    assert _cache_files(tmp_path / "lib" / "reportlab")
    assert not _cache_files(tmp_path / "default" / "reportlab")
    assert rlfonts.CachedTTFontFace.cache_root is None
    assert _state(font.face) == _state(TTFontFace(BODY))
