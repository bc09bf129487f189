"""FontLibrary face key → registered ReportLab TTFont name (embedded as subsets with ToUnicode).

ReportLab embeds each TTFont as ≤256-glyph simple TrueType subsets
(FontFile2) and writes a ToUnicode CMap for each, so text extraction gives
back the source characters (print-ready.md §4).

ReportLab's parse of a face (`TTFontFile.extractInfo`: cmap, hmtx, loca)
takes ~0.03 s a CJK face, in every process; draw/ttfparse.py does its
per-glyph part with whole-table reads (~0.005 s, for a build with an empty
cache, issue 15 §2).  What it sets is plain
data, so it is kept in the library's cache dir (`<cache_dir>/reportlab/<sha256>.marshal`,
keyed by the font's SHA-256, ReportLab's version and Python's) and restored
on later runs; the font bytes are still read, as subsetting needs them.  The
file is a checked marshal file (fonts/cachefile.py: it cannot run code, its
SHA-256 is checked before use): a stale or corrupt cache is ignored and the
face parsed.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace, TTFNameBytes

from ..fonts.cachefile import read_cached, write_cached

NAME_PREFIX = "TS-"
_registered: dict[tuple[str, str], str] = {}
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


# Alias code points (draw/aliases.py): a private-use code point drawn with
# another character's glyph and copied as the text it stands for.
ALIAS_TEXT: dict[int, str] = {}
# What each alias is — (drawn, text, extra thousandths of an em): its code
# point is the order in which this process first needed it, so a subset's
# tag hashes this instead (`subset_tag`).
ALIAS_MEANING: dict[int, tuple[str, str, int]] = {}


def make_to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode CMap, with code points beyond U+FFFF as surrogate
    pairs and alias code points mapped to the text they stand for.

    ReportLab 5.1 writes `<%04X>`, so 𠮷 U+20BB7 becomes <20BB7>, which
    readers take as U+20BB "₻" (measured with pdftotext).  PDF 1.7 §9.10.3:
    the destination is UTF-16BE.
    """
    cmap = _reportlab_to_unicode(fontname, subset)
    for i, cp in enumerate(subset):
        if cp > 0xFFFF:
            text = ALIAS_TEXT.get(cp)
            target = text.encode("utf-16-be").hex().upper() if text else _utf16_hex(cp)
            cmap = cmap.replace("<%02X> <%04X>" % (i, cp), "<%02X> <%s>" % (i, target))
    return cmap


ttfonts.makeToUnicodeCMap = make_to_unicode_cmap   # used by TTFont.addObjects

_reportlab_add_objects = TTFont.addObjects
_tags = threading.Lock()


def subset_tag(face, subset) -> bytes:
    """The six-letter subset tag (ISO 32000-1 §9.6.4) of one subset: from a
    hash of the face and what the subset holds (code → character, width), so
    different glyph sets never share a name — ReportLab's AAAAAA+, AAAAAB+ …
    repeat in every file, which is risky where pages of issues are merged."""
    widths = [face.getCharWidth(cp) for cp in subset]
    # an alias by what it is, not by its code point (the order in which this
    # process met it): a build after others gives the same bytes as alone
    held = [ALIAS_MEANING.get(cp, cp) for cp in subset]
    digest = hashlib.sha256(repr((face.name, face.subfontNameX, held, widths)).encode()).digest()
    return bytes(65 + b % 26 for b in digest[:6])


def add_objects(font, doc) -> None:
    """TTFont.addObjects with subset tags from `subset_tag` (ReportLab's
    reads the module's SUBSETN(n) at call time)."""
    state = font.state.get(doc)
    tags = [subset_tag(font.face, s) for s in state.subsets] if state is not None else []
    with _tags:
        ttfonts.SUBSETN = lambda n, *_: tags[n]   # (SUBSETN(n, table=...))
        try:
            _reportlab_add_objects(font, doc)
        finally:
            ttfonts.SUBSETN = _reportlab_subsetn


_reportlab_subsetn = ttfonts.SUBSETN
TTFont.addObjects = add_objects   # type: ignore[method-assign,assignment]  # ReportLab patched on purpose

_reportlab_fp_str = pdfdoc.fp_str   # type: ignore[attr-defined]  # imported into pdfdoc, not in its stubs
_INT_TEXT: dict[int, str] = {}


def fp_str(*a) -> str:
    """ReportLab's number formatting for PDF objects, memoised for single ints.

    Without ReportLab's C accelerator its fp_str is Python (~4 µs a number);
    the /Widths array of every font subset is up to 256 ints with a handful
    of distinct values, ~1000 calls at 50k characters (4 ms of drawing).  The
    text is the same, from the same function."""
    if len(a) == 1 and type(a[0]) is int:
        text = _INT_TEXT.get(a[0])
        if text is None:
            if len(_INT_TEXT) > 50_000:      # stream lengths differ per document: stay bounded
                _INT_TEXT.clear()
            text = _INT_TEXT[a[0]] = _reportlab_fp_str(a[0])
        return text
    return _reportlab_fp_str(*a)


pdfdoc.fp_str = fp_str      # type: ignore[attr-defined]  # used by pdfdoc.format for every number in a PDF object


def font_name(face: str) -> str:
    """ReportLab font name of a face key ("sys:Noto Serif CJK SC Bold" → "TS-sys-Noto-Serif-CJK-SC-Bold")."""
    return NAME_PREFIX + re.sub(r"[^A-Za-z0-9]+", "-", face).strip("-")


def register_face(lib, face: str) -> str:
    """Register `face` of FontLibrary `lib` with ReportLab once per process; return its name.

    A fallback face's file grows with the characters taken from it (paiban
    watch: a new one after an edit): ReportLab keeps the first font of a
    name, so another file of the same face gets a name of its own."""
    path = lib.path(face)
    key = (face, path)
    if key not in _registered:
        name = font_name(face)
        if name in _registered.values():
            name += "-" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
        pdfmetrics.registerFont(_readable_ttfont(lib, name, path))
        _check_not_aliased(name, path)
        _registered[key] = name
    return _registered[key]


def _readable_ttfont(lib, name: str, path: str) -> TTFont:
    """ReportLab's font for `path`; a file it cannot read is the user's input error."""
    try:
        return _ttfont(name, path, getattr(lib, "cache_dir", None))
    except Exception as e:        # noqa: BLE001 — TTFError, struct.error, OSError…
        from ..errors import InputError
        from ..messages import say
        setting = getattr(lib, "setting", "") or os.path.dirname(path)
        reason = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
        raise InputError(say("font_unreadable", reason=reason, setting=setting), file=path) from None


def _check_not_aliased(name: str, path: str) -> None:
    """ReportLab silently reuses an earlier font with the same PostScript name."""
    registered = pdfmetrics.getFont(name).face.filename   # type: ignore[attr-defined]  # a TTFont's face
    if registered != path and not _same_bytes(registered, path):
        raise ValueError(f"{path} has the PostScript name of {registered}: "
                         "ReportLab would draw it with the other font")


def _same_bytes(a: str, b: str) -> bool:
    """Two copies of one font (another TYPESET_FONTS in this process) draw alike."""
    from ..fonts.metrics import file_sha256
    try:
        return file_sha256(a) == file_sha256(b)
    except OSError:
        return False


# -- the parse cache ------------------------------------------------------------

CACHE_FORMAT = 1            # bump when the layout of a cache file changes
_PLAIN = (int, float, str, bytes, bool, type(None), list, tuple, dict)
_swap = threading.Lock()


def _ttfont(name: str, path: str, cache_root=None) -> TTFont:
    """ReportLab's TTFont(name, path, asciiReadable=0), its face restored from
    the parse cache under `cache_root` (the library's cache dir; default
    cache_dir()) when it holds this file (CachedTTFontFace)."""
    with _swap:             # TTFont.__init__ makes its face with the module's TTFontFace
        ttfonts.TTFontFace = CachedTTFontFace     # type: ignore[misc]  # patched on purpose (see above)
        CachedTTFontFace.cache_root = cache_root
        try:
            # asciiReadable=0: subsets may then use byte 32+ for glyphs, fewer subsets.
            return TTFont(name, path, asciiReadable=0)
        finally:
            ttfonts.TTFontFace = TTFontFace   # type: ignore[misc]
            CachedTTFontFace.cache_root = None


class CachedTTFontFace(TTFontFace):
    """A TTFontFace whose `extractInfo` results come from the cache dir when
    they are there, else from the parse (then saved): draw/ttfparse.py's
    whole-table reading of cmap, hmtx and loca, or ReportLab's own where that
    declines.  The attributes are exactly those ReportLab's parse sets, so
    the font behaves and draws alike."""

    cache_root = None       # the cache dir (set by _ttfont); None: cache_dir()

    def extractInfo(self, charInfo=1):
        path = _cache_path(self) if charInfo and getattr(self, "fileKind", None) == "TTF" else None
        if path is not None:
            saved = _read_cache(path)
            if saved is not None:
                _restore(self, saved)
                return
        before = dict(self.__dict__)
        # imported here, on a cache miss only: it brings numpy (~50 ms), which a
        # build whose fonts are cached and that has no photos never needs
        from .ttfparse import fast_extract_info
        if not (charInfo and getattr(self, "fileKind", None) == "TTF" and fast_extract_info(self)):
            super().extractInfo(charInfo)
        if path is not None:
            _write_cache(path, before, self)


def _cache_path(face) -> "os.PathLike | None":
    try:
        from ..fonts.metrics import cache_dir, file_sha256
        root = Path(face.cache_root or cache_dir())
        return root / "reportlab" / f"{file_sha256(face.filename, root)}.marshal"
    except (OSError, ValueError):
        return None


def _cache_header() -> tuple:
    return (CACHE_FORMAT, reportlab.Version, sys.version_info[:2])


def _write_cache(path, before: dict, face) -> None:
    """Save what extractInfo set (new or replaced attributes); skip if not plain data."""
    attrs, names = {}, {}
    for key, value in face.__dict__.items():
        if key in before and before[key] is value:
            continue
        if key == "_pdfScale":                 # a lambda of unitsPerEm, made again on restore
            continue
        if type(value) is TTFNameBytes:
            names[key] = value.ustr
        elif type(value) in _PLAIN:
            attrs[key] = value
        else:
            return                             # something marshal would not keep: no cache
    write_cached(path, _cache_header(), (attrs, names))


def _read_cache(path) -> "tuple[dict, dict] | None":
    """(attrs, names) from a cache file, None if missing, stale or corrupt."""
    saved = read_cached(path, _cache_header())
    if type(saved) is not tuple or len(saved) != 2:
        return None
    attrs, names = saved
    if (type(attrs) is not dict or type(names) is not dict
            or not all(type(k) is str and type(v) in _PLAIN for k, v in attrs.items())
            or not all(type(k) is str and type(v) is str for k, v in names.items())
            or type(attrs.get("unitsPerEm")) is not int or type(attrs.get("charWidths")) is not dict):
        return None
    return attrs, names


def _restore(face, saved: tuple[dict, dict]) -> None:
    attrs, names = saved
    face.__dict__.update(attrs)
    for key, ustr in names.items():
        setattr(face, key, TTFNameBytes(ustr.encode("utf8")))
    units = face.unitsPerEm                    # as TTFontFile.extractInfo makes it
    if units == 1000:
        face._pdfScale = lambda x: x
    else:
        _1000mult = 1000 / units
        face._pdfScale = lambda x: x * _1000mult


def register_all(lib) -> dict[str, str]:
    """Register every shipped face of `lib`; face key → ReportLab name."""
    return {face: register_face(lib, face) for face in lib.faces}
