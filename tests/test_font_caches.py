"""The cross-process font caches (typeset/fonts/metrics.py, cachefile.py):
a face's digest recorded by its stat, and its metrics mirrored as marshal.
Each may save time but must never give a wrong answer."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from typeset.fonts import cachefile, default_library
from typeset.fonts import metrics as fm

BODY = Path(default_library().path("song"))


@pytest.fixture
def fresh(monkeypatch):
    """No in-process memo: every call goes to the disk caches."""
    monkeypatch.setattr(fm, "_digests", {})
    monkeypatch.setattr(fm, "_memory", {})


def test_cache_file_round_trip_and_rejections(tmp_path):
    path = tmp_path / "c" / "x.marshal"
    cachefile.write_cached(path, (1, "a"), {"k": (1, 2)})
    assert cachefile.read_cached(path, (1, "a")) == {"k": (1, 2)}
    assert cachefile.read_cached(path, (2, "a")) is None            # another header: stale
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))             # one bit
    assert cachefile.read_cached(path, (1, "a")) is None
    assert cachefile.read_cached(tmp_path / "missing", (1, "a")) is None


def test_digest_is_recorded_and_reused(tmp_path, fresh):
    f = tmp_path / "face.ttf"
    f.write_bytes(b"font bytes " * 100)
    cache = tmp_path / "cache"
    true = hashlib.sha256(f.read_bytes()).hexdigest()
    assert fm.file_sha256(f, cache) == true
    (record,) = (cache / "digests").iterdir()
    # Forge the record (same header): a new process takes the recorded digest
    # without hashing the file — that is what the record is for.
    where, header = fm._digest_record(f, cache)
    assert where == record
    cachefile.write_cached(where, header, "0" * 64)
    fm._digests.clear()
    assert fm.file_sha256(f, cache) == "0" * 64


def test_digest_record_does_not_survive_a_rewrite(tmp_path, fresh):
    """The same size and mtime after a rewrite (`touch -d` style): the
    ctime moved, so the file is hashed again."""
    f = tmp_path / "face.ttf"
    f.write_bytes(b"A" * 1000)
    cache = tmp_path / "cache"
    before = fm.file_sha256(f, cache)
    st = f.stat()
    time.sleep(0.01)
    f.write_bytes(b"B" * 1000)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    fm._digests.clear()
    after = fm.file_sha256(f, cache)
    assert after == hashlib.sha256(b"B" * 1000).hexdigest() != before


def _face_copy(tmp_path: Path) -> Path:
    face = tmp_path / "fonts" / BODY.name
    face.parent.mkdir()
    shutil.copy(BODY, face)
    shutil.copy(BODY.with_name(BODY.name + fm.SIDECAR_SUFFIX), face.with_name(face.name + fm.SIDECAR_SUFFIX))
    return face


def test_metrics_mirror_equals_the_sidecar(tmp_path, fresh):
    face, cache = _face_copy(tmp_path), tmp_path / "cache"
    from_sidecar = fm.load_metrics(face, cache)
    (mirror,) = (cache / "metrics").glob("*.marshal")
    fm._memory.clear()
    face.with_name(face.name + fm.SIDECAR_SUFFIX).unlink()          # only the mirror is left
    from_mirror = fm.load_metrics(face, cache)
    assert from_mirror == from_sidecar
    assert mirror.name == f"{fm.file_sha256(face, cache)}.marshal"


def test_corrupt_metrics_mirror_is_ignored(tmp_path, fresh):
    face, cache = _face_copy(tmp_path), tmp_path / "cache"
    good = fm.load_metrics(face, cache)
    (mirror,) = (cache / "metrics").glob("*.marshal")
    data = mirror.read_bytes()
    mirror.write_bytes(data[: len(data) // 2])
    fm._memory.clear()
    assert fm.load_metrics(face, cache) == good                     # from the sidecar again
    assert mirror.read_bytes() == data                              # and mirrored again


def test_sidecar_columns_round_trip_and_a_damaged_sidecar_is_measured_again(tmp_path, fresh):
    """The packed columns give back every number; a sidecar whose columns do
    not agree, or are not base64, is not read (the face is measured, with
    fontTools, into the cache instead)."""
    face, cache = _face_copy(tmp_path), tmp_path / "cache"
    good = fm.load_metrics(face, cache)
    digest = fm.file_sha256(face, cache)
    assert fm.FaceMetrics.from_json(good.to_json(digest)) == good
    sidecar = face.with_name(face.name + fm.SIDECAR_SUFFIX)
    data = good.to_json(digest)
    for damage in ({"advances": {**data["advances"], "values": fm._pack([1, 2])}},
                   {"ink": {**data["ink"], "boxes": "not base64!"}},
                   {"vertical": {"codepoints": data["vertical"]["codepoints"]}}):
        sidecar.write_text(json.dumps({**data, **damage}), encoding="utf-8")
        assert fm._read_json(sidecar, digest) is None
    shutil.rmtree(cache)
    fm._memory.clear()
    assert fm.load_metrics(face, cache) == good                     # measured again
