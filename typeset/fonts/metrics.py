"""TrueType file → FaceMetrics (advances, ink boxes, em box, vertical forms), cached.

Parsing a 5 MB CJK font takes about a second; a build must not pay it each
time.  The numbers are kept as JSON keyed by the font's SHA-256: a sidecar
`<font>.metrics.json` next to the shipped fonts (written by
scripts/build_fonts.py), else a file in the cache dir, plus an in-process
cache.  The per-character columns are packed (`_pack`: base64 of 32-bit
little-endian integers) rather than JSON objects keyed by code point: a
first build reads the four shipped sidecars in 10 ms, not 100 (issue 15 §2).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .cachefile import read_cached, write_cached

FORMAT = 2   # bump when the JSON layout changes: old caches are then ignored (2: packed columns)
SIDECAR_SUFFIX = ".metrics.json"
# Vertical presentation forms (rule book §1.7 V3): the cmap glyph of each
# equals the `vert` substitute of its base character.
VERTICAL_FORMS = list(range(0xFE10, 0xFE1A)) + list(range(0xFE30, 0xFE50))

InkBox = tuple[int, int, int, int]   # xMin, yMin, xMax, yMax in font units


@dataclass
class FaceMetrics:
    """What the composer and drawer need from one face, in font units."""
    upem: int
    ascender: int                 # hhea
    descender: int                # hhea (negative)
    em_box: tuple[int, int]       # ideographic em box bottom, top (BASE ideo/idtp or OS/2)
    advances: dict[int, int]      # code point → horizontal advance
    ink: dict[int, InkBox]        # code point → ink box (absent: no ink, e.g. space)
    vertical: dict[int, int] = field(default_factory=dict)  # cp → presentation-form cp

    def to_json(self, sha256: str) -> dict:
        ink = sorted(self.ink.items())
        return {"format": FORMAT, "sha256": sha256, "upem": self.upem,
                "ascender": self.ascender, "descender": self.descender,
                "em_box": list(self.em_box), "columns": "base64 of int32 little-endian, by code point",
                "advances": _pack_pairs(sorted(self.advances.items())),
                "ink": {"codepoints": _pack([cp for cp, _ in ink]),
                        "boxes": _pack([v for _, box in ink for v in box])},        # xMin yMin xMax yMax
                "vertical": _pack_pairs(sorted(self.vertical.items()))}

    @classmethod
    def from_json(cls, data: dict) -> "FaceMetrics":
        boxes, inked = _unpack(data["ink"]["boxes"]), _unpack(data["ink"]["codepoints"])
        if len(boxes) != 4 * len(inked):
            raise ValueError("an ink box is not four numbers")
        return cls(upem=data["upem"], ascender=data["ascender"], descender=data["descender"],
                   em_box=tuple(data["em_box"]),
                   advances=_unpack_pairs(data["advances"]),
                   ink=dict(zip(inked, zip(boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]))),
                   vertical=_unpack_pairs(data["vertical"]))


def _pack(numbers: list[int]) -> str:
    """Integers as base64 of int32 little-endian (the sidecars' columns)."""
    packed = array("i", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> list[int]:
    """The integers `_pack` wrote."""
    packed = array("i")
    packed.frombytes(base64.b64decode(text))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def _pack_pairs(pairs: list[tuple[int, int]]) -> dict:
    return {"codepoints": _pack([cp for cp, _ in pairs]), "values": _pack([v for _, v in pairs])}


def _unpack_pairs(column: dict) -> dict[int, int]:
    keys, values = _unpack(column["codepoints"]), _unpack(column["values"])
    if len(keys) != len(values):
        raise ValueError("columns of different lengths")
    return dict(zip(keys, values))


assert array("i").itemsize == 4, "the sidecars' columns are 32-bit"


def measure(path: str | Path) -> FaceMetrics:
    """Parse a TrueType font with fontTools (slow: used to fill the caches)."""
    from fontTools.ttLib import TTFont   # import here: the cached path never needs it
    font = TTFont(str(path))
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    return FaceMetrics(
        upem=font["head"].unitsPerEm,
        ascender=font["hhea"].ascent, descender=font["hhea"].descent,
        em_box=_em_box(font),
        advances={cp: hmtx[g][0] for cp, g in cmap.items()},
        ink=_ink_boxes(font, cmap),
        vertical=_vertical_forms(font, cmap))


def _ink_boxes(font, cmap: dict[int, str]) -> dict[int, InkBox]:
    glyf = font["glyf"]
    boxes = {}
    for cp, name in cmap.items():
        glyph = glyf[name]
        if glyph.numberOfContours:
            if not hasattr(glyph, "xMin"):
                glyph.recalcBounds(glyf)
            boxes[cp] = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
    return boxes


def _em_box(font) -> tuple[int, int]:
    """Ideographic em box: BASE `ideo` (+ `idtp` or + 1 em), else OS/2 typo."""
    upem = font["head"].unitsPerEm
    base = _base_coords(font)
    if "ideo" in base:
        bottom = base["ideo"]
        return bottom, base.get("idtp", bottom + upem)
    os2 = font["OS/2"]
    return os2.sTypoDescender, os2.sTypoDescender + upem


def _base_coords(font) -> dict[str, int]:
    """Baseline tag → coordinate of the horizontal BASE axis, script hani."""
    if "BASE" not in font or not font["BASE"].table.HorizAxis:
        return {}
    axis = font["BASE"].table.HorizAxis
    tags = axis.BaseTagList.BaselineTag if axis.BaseTagList else []
    records = axis.BaseScriptList.BaseScriptRecord
    record = next((r for r in records if r.BaseScriptTag == "hani"), records[0] if records else None)
    values = record.BaseScript.BaseValues if record else None
    if not values:
        return {}
    return {tag: coord.Coordinate for tag, coord in zip(tags, values.BaseCoord)}


def _vertical_forms(font, cmap: dict[int, str]) -> dict[int, int]:
    """cp → the U+FExx whose cmap glyph is the `vert` substitute of cp's glyph."""
    vert = _single_substitutions(font, "vert")
    form_of_glyph = {cmap[cp]: cp for cp in VERTICAL_FORMS if cp in cmap}
    result = {}
    for cp, name in cmap.items():
        target = vert.get(name)
        if target in form_of_glyph and form_of_glyph[target] != cp:
            result[cp] = form_of_glyph[target]
    return result


def _single_substitutions(font, tag: str) -> dict[str, str]:
    if "GSUB" not in font or not font["GSUB"].table.FeatureList:
        return {}
    gsub = font["GSUB"].table
    mapping: dict[str, str] = {}
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != tag:
            continue
        for index in record.Feature.LookupListIndex:
            for sub in gsub.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                if sub.LookupType == 1:
                    for src, dst in sub.mapping.items():
                        mapping.setdefault(src, dst)
    return mapping


# -- caching -----------------------------------------------------------------

_memory: dict[tuple[str, int, int], FaceMetrics] = {}
_digests: dict[tuple[str, int, int], str] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def file_sha256(path: str | Path, cache: Optional[Path] = None) -> str:
    """SHA-256 of a file, memoised per process by (path, size, mtime) and
    across processes by a record in the cache dir (`cache`, default
    cache_dir()) keyed on the file's stat — size, mtime, ctime and inode, as
    git's index trusts them — so a build does not hash each 3 MB face again
    (≈ 5 ms a face).  A file rewritten in place changes its ctime, so the
    record no longer matches and the file is hashed."""
    path = Path(path)
    key = _stat_key(path)
    if key not in _digests:
        where, header = _digest_record(path, cache)
        recorded = read_cached(where, header)
        if type(recorded) is str and len(recorded) == 64:
            _digests[key] = recorded
        else:
            _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            write_cached(where, header, _digests[key])
    return _digests[key]


DIGEST_FORMAT = 1


def _digest_record(path: Path, cache: Optional[Path]) -> tuple[Path, tuple]:
    """Where the digest of `path` is recorded, and the header it must carry
    (the file's resolved name and stat)."""
    name = str(path.resolve())
    st = path.stat()
    where = (cache or cache_dir()) / "digests" / (hashlib.sha256(name.encode("utf-8")).hexdigest()[:32] + ".marshal")
    return where, (DIGEST_FORMAT, name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def cache_dir() -> Path:
    """TYPESET_CACHE_DIR, else $XDG_CACHE_HOME/typeset, else ~/.cache/typeset."""
    explicit = os.environ.get("TYPESET_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "typeset"


def load_metrics(path: str | Path, cache: Optional[Path] = None) -> FaceMetrics:
    """Metrics of a TrueType file: memory, the marshal mirror in `cache`
    (default cache_dir()), the sidecar JSON, the JSON in `cache`, else measure.

    The JSON files are the durable form (the sidecars ship with the fonts);
    parsing one takes ≈ 10 ms a face, so what was read is mirrored as a
    checked marshal file (≈ 1 ms to load) for the next process."""
    path = Path(path)
    key = _stat_key(path)
    if key in _memory:
        return _memory[key]
    cache = cache or cache_dir()
    digest = file_sha256(path, cache)
    mirror = cache / "metrics" / f"{digest}.marshal"
    metrics = _read_mirror(mirror, digest)
    if metrics is None:
        cached = path.with_name(path.name + SIDECAR_SUFFIX)
        in_cache = cache / "metrics" / f"{digest}.json"
        metrics = _read_json(cached, digest) or _read_json(in_cache, digest)
        if metrics is None:
            metrics = measure(path)
            _write_json(in_cache, metrics.to_json(digest))
        write_cached(mirror, (FORMAT, digest), _mirror_fields(metrics))
    _memory[key] = metrics
    return metrics


def _mirror_fields(m: FaceMetrics) -> tuple:
    return (m.upem, m.ascender, m.descender, tuple(m.em_box), m.advances, m.ink, m.vertical)


def _read_mirror(path: Path, digest: str) -> Optional[FaceMetrics]:
    fields = read_cached(path, (FORMAT, digest))
    if type(fields) is not tuple or len(fields) != 7:
        return None
    upem, ascender, descender, em_box, advances, ink, vertical = fields
    if not (type(advances) is dict and type(ink) is dict and type(vertical) is dict
            and type(upem) is int and type(em_box) is tuple):
        return None
    return FaceMetrics(upem=upem, ascender=ascender, descender=descender, em_box=em_box,
                       advances=advances, ink=ink, vertical=vertical)


def write_sidecar(path: str | Path) -> Path:
    """Write `<font>.metrics.json` beside a shipped font (build_fonts.py)."""
    path = Path(path)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    _write_json(sidecar, measure(path).to_json(file_sha256(path)))
    return sidecar


def _read_json(path: Path, digest: str) -> Optional[FaceMetrics]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if type(data) is not dict or data.get("format") != FORMAT or data.get("sha256") != digest:
        return None
    try:
        return FaceMetrics.from_json(data)
    except (KeyError, TypeError, ValueError):        # a damaged file: measured again
        return None


def _write_json(path: Path, data: dict) -> None:
    """Atomic write; a read-only cache dir only costs speed, never correctness."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
