"""Installed fonts → the faces the fallback chain may use, and the code points each maps.

Used when no shipped face has a character (e.g. 𠮷 U+20BB7, or a rare
Ext. B name character).  Only TrueType/OpenType fonts and collections
(.ttf .otf .ttc .otc; fontconfig format TrueType or CFF) are ever used: a
Type 1 font (.t1, .pfb — fontconfig offers StandardSymbolsPS.t1 for
U+F8FF) cannot be read by fontTools nor embedded by ReportLab (issue 13 §2).
A font file that cannot be read is skipped and remembered in `skipped()`,
so the build can warn about it by name; the build goes on without it.

A face's coverage is read straight from its `cmap` table (`read_cmap`: a
few milliseconds for a 45,000-character CJK face, where fontTools takes
≈ 0.2 s because it parses the CFF charset for glyph names) and kept in the
cache dir, so asking which face has a character costs no fontTools import.
"""
from __future__ import annotations

import logging
import os
import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .cachefile import read_cached, write_cached

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
# fontconfig's %{fontformat} of the fonts fontTools reads and ReportLab embeds
# (after convert.py turns CFF outlines into TrueType ones).
USABLE_FORMATS = {"TrueType", "CFF"}
FC_FORMAT = "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\t%{fontformat}\n"
FC_TIMEOUT_S = 10
COVERAGE_FORMAT = 2     # bump when the coverage cache files change layout (2: code point → glyph id)

log = logging.getLogger("typeset.fonts")
_skipped: dict[str, str] = {}     # font file → why it was skipped, in order of discovery


@dataclass(frozen=True)
class SystemFace:
    """One face of an installed font file."""
    path: str
    index: int
    family: str
    style: str

    @property
    def name(self) -> str:
        """Family and style, as a person names the face: "Noto Serif CJK SC Bold"."""
        return f"{self.family} {self.style}".strip()


def skipped() -> dict[str, str]:
    """Font files skipped so far in this process (unreadable, or not TrueType/OpenType) → why."""
    return dict(_skipped)


def skip(path: str, reason: str) -> None:
    """Remember that `path` cannot be used (reported once per file; our log has it too)."""
    if path not in _skipped:
        _skipped[path] = reason
        log.debug("skipped font %s: %s", path, reason)   # the build's warnings say it to the user


def usable(path: str, fontformat: str = "") -> bool:
    """A TrueType/OpenType file or collection (by name, and by fontconfig's format when known)."""
    return Path(path).suffix.lower() in FONT_SUFFIXES and (not fontformat or fontformat in USABLE_FORMATS)


def faces_with_char(ch: str, font_dirs: Iterable[str | Path] = (),
                    use_fontconfig: bool = True, cache: Optional[str] = None) -> list[SystemFace]:
    """Faces that map `ch`: those of the configured dirs whose cmap has it,
    then those fontconfig lists for it (`fc-list :charset=`, whose answer
    comes from the same cmaps: no file is opened here for them)."""
    cp = ord(ch)
    found = [face for d in font_dirs for face in dir_faces(str(d), cache) if covers(face, cp, cache)]
    if use_fontconfig:
        found += [f for f in fontconfig_faces_with(cp) if f not in found]
    return found


def dir_faces(directory: str, cache: Optional[str] = None) -> list[SystemFace]:
    """The usable faces of the font files below `directory` (file names sorted)."""
    faces: list[SystemFace] = []
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            if usable(str(path)):
                faces.extend(_file_faces(str(path), path.stat().st_mtime_ns, cache))
            elif path.suffix.lower() in (".t1", ".pfb", ".pfa", ".afm", ".pfm"):
                skip(str(path), "Type 1 font: only TrueType/OpenType fonts are used")
    return faces


@lru_cache(maxsize=None)
def _file_faces(path: str, _mtime_ns: int, cache: Optional[str] = None) -> tuple[SystemFace, ...]:
    """The faces of one font file (a collection holds several), their names
    from the cache dir when the file was read before (no fontTools import)."""
    from .metrics import cache_dir
    st = os.stat(path)
    header = (COVERAGE_FORMAT, "faces", path, st.st_size, st.st_mtime_ns)
    where = Path(cache or cache_dir()) / "coverage" / f"{_ident(header)}.marshal"
    saved = read_cached(where, header)
    if type(saved) is tuple and all(type(n) is tuple and len(n) == 2 for n in saved):
        return tuple(SystemFace(path, i, family, style) for i, (family, style) in enumerate(saved))
    from fontTools.ttLib import TTCollection, TTFont
    from .quiet import fonttools_to_our_log
    try:
        with fonttools_to_our_log():
            if path.lower().endswith((".ttc", ".otc")):
                fonts = TTCollection(path, lazy=True).fonts
            else:
                fonts = [TTFont(path, lazy=True)]
            names = tuple((f["name"].getDebugName(1) or "", f["name"].getDebugName(2) or "") for f in fonts)
    except Exception as e:   # noqa: BLE001 — an unreadable file in a font dir must not stop a build
        skip(path, _reason(e))
        return ()
    write_cached(where, header, names)
    return tuple(SystemFace(path, i, family, style) for i, (family, style) in enumerate(names))


def covers(face: SystemFace, cp: int, cache: Optional[str] = None) -> bool:
    """Whether `face` maps `cp`; a face whose cmap cannot be read covers nothing (and is skipped)."""
    return cp in coverage(face, cache)


@lru_cache(maxsize=None)
def coverage(face: SystemFace, cache: Optional[str] = None) -> dict[int, int]:
    """Code point → glyph id of `face`'s cmap, from the cache dir when this file was read before.

    Read with `read_cmap` (no fontTools); the cache file (≈ 45,000 entries
    for a CJK face) loads in a few milliseconds.  A face whose cmap cannot be
    read covers nothing and is skipped (the build warns about it)."""
    from .metrics import cache_dir
    try:
        st = os.stat(face.path)
    except OSError as e:
        skip(face.path, _reason(e))
        return {}
    header = (COVERAGE_FORMAT, face.path, face.index, st.st_size, st.st_mtime_ns)
    where = Path(cache or cache_dir()) / "coverage" / f"{_ident(header)}.marshal"
    saved = read_cached(where, header)
    if type(saved) is dict:
        return saved
    try:
        cmap = read_cmap(face.path, face.index)
    except (OSError, ValueError, struct.error) as e:
        skip(face.path, _reason(e))
        return {}
    write_cached(where, header, cmap)
    return cmap


# -- reading a cmap without fontTools ------------------------------------------------

# fontTools' getBestCmap order: full Unicode subtables before BMP ones.
CMAP_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def read_cmap(path: str, index: int = 0) -> dict[int, int]:
    """Code point → glyph id of face `index` of a TrueType/OpenType file or
    collection, from its best Unicode cmap subtable (format 4 or 12).

    Raises ValueError for a file that is not a font or has no usable cmap."""
    with open(path, "rb") as f:
        offset = _face_offset(f, index)
        table = _table(f, offset, b"cmap")
    records: dict = {}
    (count,) = struct.unpack_from(">H", table, 2)
    for k in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", table, 4 + 8 * k)
        records.setdefault((platform, encoding), sub)
    for key in CMAP_PREFERENCE:
        if key in records:
            (fmt,) = struct.unpack_from(">H", table, records[key])
            if fmt == 12:
                return _cmap_format12(table, records[key])
            if fmt == 4:
                return _cmap_format4(table, records[key])
    raise ValueError("no Unicode cmap of format 4 or 12")


def _face_offset(f, index: int) -> int:
    """Where face `index`'s table directory starts (a collection lists them in its header)."""
    head = f.read(12)
    if len(head) < 12:
        raise ValueError("not a font file: too short")
    if head[:4] == b"ttcf":
        (faces,) = struct.unpack_from(">I", head, 8)
        if not 0 <= index < faces:
            raise ValueError(f"collection has {faces} faces, not face {index}")
        f.seek(12 + 4 * index)
        (offset,) = struct.unpack(">I", f.read(4))
        return offset
    if head[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError("not a TrueType/OpenType font")
    return 0


def _table(f, offset: int, tag: bytes) -> bytes:
    f.seek(offset)
    head = f.read(12)
    (tables,) = struct.unpack_from(">H", head, 4)
    directory = f.read(16 * tables)
    for k in range(tables):
        name, _checksum, start, length = struct.unpack_from(">4sIII", directory, 16 * k)
        if name == tag:
            f.seek(start)
            data = f.read(length)
            if len(data) != length:
                raise ValueError(f"{tag.decode()} table cut short")
            return data
    raise ValueError(f"no {tag.decode()} table")


def _cmap_format12(table: bytes, at: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", table, at + 12)
    cmap: dict[int, int] = {}
    for start, end, glyph in struct.iter_unpack(">III", table[at + 16:at + 16 + 12 * groups]):
        if start == end:                       # most groups of a CJK face: one character
            cmap[start] = glyph
        elif start < end <= 0x10FFFF:
            cmap.update(zip(range(start, end + 1), range(glyph, glyph + end - start + 1)))
    for cp in [cp for cp, glyph in cmap.items() if glyph == 0] + [0xFFFF]:
        cmap.pop(cp, None)                     # mapped to .notdef: not drawn
    return cmap


def _cmap_format4(table: bytes, at: int) -> dict[int, int]:
    (seg2,) = struct.unpack_from(">H", table, at + 6)
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", table, at + 14)
    starts = struct.unpack_from(f">{segs}H", table, at + 16 + seg2)
    deltas = struct.unpack_from(f">{segs}h", table, at + 16 + 2 * seg2)
    range_at = at + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{segs}H", table, range_at)
    cmap: dict[int, int] = {}
    for k in range(segs):
        start, end, delta, offset = starts[k], ends[k], deltas[k], offsets[k]
        for cp in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (cp + delta) & 0xFFFF
            else:   # idRangeOffset: an index into glyphIdArray, relative to this very field
                where = range_at + 2 * k + offset + 2 * (cp - start)
                (glyph,) = struct.unpack_from(">H", table, where)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                cmap[cp] = glyph
    return cmap


def _ident(header: tuple) -> str:
    import hashlib
    return hashlib.sha256(repr(header).encode("utf-8")).hexdigest()[:32]


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def _fc_list(*pattern: str) -> list[tuple[SystemFace, str]]:
    """fc-list's faces for `pattern`, with their fontconfig format; [] without fontconfig."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", "--format", FC_FORMAT, *pattern],
                             capture_output=True, text=True, timeout=FC_TIMEOUT_S, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        # A variable font's named instances come as index (instance << 16) | face:
        # only a face's own (default) outlines are drawn, so they are left out.
        if len(parts) == 5 and parts[1].isdigit() and int(parts[1]) < 0x10000:
            faces.append((SystemFace(parts[0], int(parts[1]), parts[2], parts[3]), parts[4]))
    return faces


def _usable_sorted(listed: list[tuple[SystemFace, str]]) -> tuple[SystemFace, ...]:
    keep = set()
    for face, fontformat in listed:
        if usable(face.path, fontformat):
            keep.add(face)
        else:
            skip(face.path, f"{fontformat or 'unknown'} font: only TrueType/OpenType fonts are used")
    return tuple(sorted(keep, key=lambda f: (f.path, f.index)))


@lru_cache(maxsize=None)
def fontconfig_faces_with(cp: int) -> tuple[SystemFace, ...]:
    """`fc-list :charset=<hex>`: every installed usable face covering the code point."""
    return _usable_sorted(_fc_list(f":charset={cp:x}"))


@lru_cache(maxsize=None)
def fontconfig_all() -> tuple[SystemFace, ...]:
    """Every usable installed face (one fc-list call per process).  The others
    (Type 1…) are left out silently: they are reported only when fontconfig
    offers one for a character the build needs (`fontconfig_faces_with`)."""
    listed = _fc_list()
    return tuple(sorted({f for f, fmt in listed if usable(f.path, fmt)}, key=lambda f: (f.path, f.index)))


def forget() -> None:
    """Drop what this process learned about installed fonts (the skip list
    and the lookup caches): after fonts were installed or removed, and in
    tests that each bring their own fonts."""
    _skipped.clear()
    for cached in (_file_faces, coverage, fontconfig_faces_with, fontconfig_all):
        cached.cache_clear()
