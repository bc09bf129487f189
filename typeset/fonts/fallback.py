"""Installed faces → the fallback chain: which face draws a character no
shipped face has, and one small TrueType subset per fallback face.

Which face (`rank_key`), issue 14 §2:
  1. never a Japanese or Korean face while a Chinese (or unmarked) one has
     the character: their regional forms are wrong in Chinese text;
  2. the same style as the face asked for (楷 → kai, 宋 → serif, 黑 → sans),
     then the nearest other style (`STYLE_ORDER`);
  3. a folder of TYPESET_FONT_DIRS before what fontconfig lists;
  4. Simplified Chinese before an unmarked face before Traditional (from a
     Noto CJK .ttc: its SC face);
  5. an upright face before an italic or oblique one (every shipped face
     is upright: DejaVu Serif Italic sorted first by file name and drew the
     minus of a body line), then the nearest weight, a proportional face
     before a Mono one, a family the shipped faces come from (`PREFERRED`)
     before another.

One subset per face (`FallbackFace`): each character's glyph is converted
once (CFF → TrueType as in convert.py) and kept in the cache dir with its
advance and ink box, so the layout has its metrics at once; the drawer asks
for the face's file only when the layout is done, and gets one TrueType
font holding every character the issue takes from that face — one embedded
font, not one per character.  The same characters give the same file
(named by a digest of the source and the characters), so a second build
finds it and imports no fontTools at all.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import Optional

from .cachefile import read_cached, write_cached
from .metrics import FaceMetrics
from .system import SystemFace

# -- ranking -------------------------------------------------------------------

# Styles tried, in order, for each shipped face (issue 14 §2: 楷 → LXGW
# WenKai, then Noto Serif CJK, then Noto Sans CJK).
STYLE_ORDER = {
    "song": ("serif", "sans", "kai"),
    "song-bold": ("serif", "sans", "kai"),
    "hei": ("sans", "serif", "kai"),
    "kai": ("kai", "serif", "sans"),
}
# Words of a family name that tell its style; kai first: "WenKai" is no sans.
STYLE_WORDS = (
    ("kai", ("kai", "楷")),
    ("serif", ("serif", "song", "ming", "宋", "明", "mincho", "batang")),
    ("sans", ("sans", "hei", "黑", "gothic", "dotum", "gulim")),
)
# usWeightClass of each shipped face.
FACE_WEIGHTS = {"song": 400, "song-bold": 700, "hei": 700, "kai": 400}
WEIGHT_WORDS = (   # longest first: "semibold" is not "bold"
    ("extralight", 200), ("ultralight", 200), ("demilight", 350), ("semilight", 350),
    ("extrabold", 800), ("ultrabold", 800), ("semibold", 600), ("demibold", 600),
    ("hairline", 100), ("regular", 400), ("medium", 500), ("normal", 400), ("light", 300),
    ("black", 900), ("heavy", 900), ("roman", 400), ("thin", 100), ("bold", 700), ("book", 400),
)
# Families the shipped faces are cut from: the same design where a style has several.
PREFERRED = {"kai": ("lxgw wenkai",), "serif": ("noto serif cjk", "source han serif"),
             "sans": ("noto sans cjk", "source han sans")}

SIMPLIFIED, UNMARKED, TRADITIONAL, JAPANESE_KOREAN = range(4)
REGION_TOKENS = {
    "sc": SIMPLIFIED, "cn": SIMPLIFIED, "gb": SIMPLIFIED, "hans": SIMPLIFIED, "chs": SIMPLIFIED,
    "prc": SIMPLIFIED, "简": SIMPLIFIED, "tc": TRADITIONAL, "hk": TRADITIONAL, "tw": TRADITIONAL,
    "mo": TRADITIONAL, "hant": TRADITIONAL, "cht": TRADITIONAL, "繁": TRADITIONAL,
    "jp": JAPANESE_KOREAN, "kr": JAPANESE_KOREAN, "japanese": JAPANESE_KOREAN, "korean": JAPANESE_KOREAN,
}
# Japanese and Korean families that carry no region token in their name.
JAPANESE_KOREAN_WORDS = ("mincho", "gothic", "ipa", "takao", "hiragino", "meiryo", "osaka", "kochi",
                         "sazanami", "nanum", "batang", "gulim", "dotum", "malgun", "baekmuk")
# Families that are Chinese without saying so (LXGW WenKai is drawn to the
# mainland standard; its TC sibling says "TC").
CHINESE_WORDS = ("wenkai", "fangsong", "simsun", "simhei", "kaiti", "yahei", "ukai", "uming", "wenquanyi")


def style_of(face: SystemFace) -> Optional[str]:
    """"kai", "serif", "sans" from the family name, None when it does not say."""
    name = face.family.lower()
    for style, words in STYLE_WORDS:
        if any(w in name for w in words):
            return style
    return None


def region_of(face: SystemFace) -> int:
    """SIMPLIFIED, UNMARKED, TRADITIONAL or JAPANESE_KOREAN, from the family name."""
    name = face.family.lower()
    tokens = re.findall(r"[a-z]+|[^\x00-\x7f]", name)
    for token in reversed(tokens):            # the region comes last: "Noto Sans CJK SC"
        if token in REGION_TOKENS:
            return REGION_TOKENS[token]
    if re.fullmatch(r"source han (sans|serif)( [jk])?", name):
        return JAPANESE_KOREAN                # unsuffixed Source Han is the Japanese default
    if any(w in name for w in CHINESE_WORDS):
        return SIMPLIFIED
    if any(w in name for w in JAPANESE_KOREAN_WORDS):
        return JAPANESE_KOREAN
    return UNMARKED


# Words of a style name that say the face leans (fontconfig's style[0], the
# name table's subfamily: "Italic", "Bold Oblique", "Slanted", "Kursiv").
SLANT_WORDS = ("italic", "oblique", "slanted", "kursiv")


def slanted(face: SystemFace) -> bool:
    """Whether the style name says italic or oblique ("Bold Italic", "BoldOblique")."""
    name = face.style.lower()
    return any(word in name for word in SLANT_WORDS)


def weight_of(face: SystemFace) -> int:
    """usWeightClass from the style name ("Bold" 700, "DemiLight" 350…); 400 when it does not say."""
    name = re.sub(r"[\s_-]+", "", face.style.lower())
    return next((w for word, w in WEIGHT_WORDS if word in name), 400)


def rank_key(face: str, candidate: SystemFace, from_font_dirs: bool) -> tuple:
    """Sort key of `candidate` as a fallback for shipped face `face`: lower is better."""
    order = STYLE_ORDER.get(face, ("serif", "sans", "kai"))
    style = style_of(candidate)
    tier = order.index(style) if style in order else len(order)
    region = region_of(candidate)
    family = candidate.family.lower()
    preferred = any(family.startswith(p) for p in PREFERRED.get(style or "", ()))
    return (region == JAPANESE_KOREAN, tier, not from_font_dirs, region, slanted(candidate),
            abs(weight_of(candidate) - FACE_WEIGHTS.get(face, 400)), "mono" in family,
            not preferred, candidate.path, candidate.index)


# Words of a family name that say Hong Kong (or Macao) forms rather than Taiwan's.
HONG_KONG_TOKENS = ("hk", "mo")
# The OpenType language system of each Traditional region ("TW" = Taiwan and
# the default Traditional forms, "HK" = Hong Kong), for its `locl` forms.
REGION_LOCL = {"TW": "ZHT ", "HK": "ZHH "}
SIMPLIFIED_LOCL = "ZHS "     # convert.ZH_HANS (not imported: convert.py imports fontTools)


def traditional_rank(face: str, region: str, candidate: SystemFace, from_font_dirs: bool) -> Optional[tuple]:
    """Sort key of `candidate` as the Traditional Chinese face of shipped face
    `face` for `region` ("TW" or "HK"; model/lang.py): lower is better, None
    when it cannot be one.  Only a Traditional face of the same style (宋 →
    serif, 黑 → sans, 楷 → kai: no other style stands in, the block keeps its
    Simplified face instead); the region's own forms before the other
    region's; then TYPESET_FONT_DIRS, upright, the nearest weight, as `rank_key`."""
    wanted = {"song": "serif", "song-bold": "serif", "hei": "sans", "kai": "kai"}.get(face)
    if region_of(candidate) != TRADITIONAL or style_of(candidate) != wanted:
        return None
    tokens = re.findall(r"[a-z]+", candidate.family.lower())
    own = any(t in HONG_KONG_TOKENS for t in tokens) == (region == "HK")
    family = candidate.family.lower()
    preferred = any(family.startswith(p) for p in PREFERRED.get(wanted or "", ()))
    return (not own, not from_font_dirs, slanted(candidate), abs(weight_of(candidate) - FACE_WEIGHTS.get(face, 400)),
            "mono" in family, not preferred, candidate.path, candidate.index)


# -- one fallback face ---------------------------------------------------------------

GLYPHS_FORMAT = 1       # bump when the glyph cache files or the subsets change
CU2QU_MAX_ERR = 1.0     # as the shipped faces (convert.py, print-ready.md §4)
# Converted glyphs are written to the cache dir this many at a time (and when
# the drawer asks for the subset): a regional face (library.regional_face)
# takes a whole article's characters, and one write per glyph rewrote the
# growing record ~1,000 times (4 s of a 5,700-character Traditional issue).
RECORD_BATCH = 256


class FallbackFace:
    """The characters the layout takes from one installed face, and the
    TrueType subset that draws them (`path`)."""

    def __init__(self, face: SystemFace, key: str, cache_dir: Path, locl: str = ""):
        self.face, self.key, self.cache_dir = face, key, Path(cache_dir)
        # locl: the OpenType language system whose `locl` forms the glyphs
        # take ("" none).  In the fallback chain a face that is not Simplified
        # Chinese gets ZHS (a Noto CJK TC/JP face then draws the SC glyph); an
        # SC face's ZHS locl only swaps punctuation, all of which ships: it is
        # not read.  A regional face (library.regional_face) takes ZHT or ZHH:
        # its own region's full-width — “” and the like.
        self.locl = locl
        st = os.stat(face.path)
        self._header = (GLYPHS_FORMAT, face.path, face.index, st.st_size, st.st_mtime_ns, locl)
        ident = hashlib.sha256(repr(self._header).encode("utf-8")).hexdigest()[:24]
        self._record = self.cache_dir / "fallback" / f"{Path(face.path).stem}-{face.index}-{ident}.marshal"
        # The same source file (by name, face and size) on every machine.
        self._source_id = hashlib.sha256(f"{Path(face.path).name}|{face.index}|{st.st_size}".encode()).hexdigest()[:8]
        self._info, self._glyphs = self._read_record()
        self._used: set[int] = set()        # code points the layout took from this face
        self._source: Optional[tuple] = None   # the open source font (fontTools), once a glyph is converted
        self._metrics: Optional[FaceMetrics] = None
        self._subset: Optional[tuple[frozenset, Path]] = None
        self._unsaved = 0                   # glyphs converted since the record was last written

    # -- what the library asks --------------------------------------------------
    def add(self, cp: int, glyph_id: int) -> None:
        """Take `cp` (glyph `glyph_id` of the cmap) from this face: its glyph is
        converted now, or found in the cache dir.  Raises when the source
        font cannot be read; the library then skips the face."""
        if cp not in self._glyphs:
            self._convert(cp, glyph_id)
            self._unsaved += 1
            if self._unsaved >= RECORD_BATCH:
                self._write_record()
        self._used.add(cp)
        metrics = self.metrics
        advance, ink, _data = self._glyphs[cp]
        metrics.advances[cp] = advance
        if ink:
            metrics.ink[cp] = tuple(ink)

    @property
    def metrics(self) -> FaceMetrics:
        """Metrics of the characters taken so far (the FaceMetrics grows with them)."""
        if self._metrics is None:
            if self._info is None:
                self._info = self._read_info()
            i = self._info
            self._metrics = FaceMetrics(upem=i["upem"], ascender=i["ascender"], descender=i["descender"],
                                        em_box=tuple(i["em_box"]), advances={}, ink={})
        return self._metrics

    def path(self) -> Path:
        """The TrueType subset of every character taken so far (made once per set of characters)."""
        used = frozenset(self._used)
        if self._unsaved:
            self._write_record()
        if self._subset and self._subset[0] == used:
            return self._subset[1]
        cps = sorted(used)
        digest = hashlib.sha256(repr((self._header, cps)).encode()).hexdigest()[:16]
        name = f"{Path(self.face.path).stem}-{self.face.index}-{digest}.ttf"
        dest = self.cache_dir / "fallback" / name
        # The PostScript name must differ between subsets (ReportLab keys fonts
        # by it) yet not depend on where the source is installed, so that an
        # archive rebuilds byte for byte on another machine.
        suffix = self._source_id + hashlib.sha256(repr(cps).encode()).hexdigest()[:8]
        if not dest.exists():
            try:
                self._build(cps, dest, suffix)
            except OSError:       # a read-only cache dir costs speed, never the build
                dest = Path(tempfile.gettempdir()) / f"typeset-fallback-{os.getuid()}" / name
                self._build(cps, dest, suffix)
        self._subset = (used, dest)
        self._source = None     # the layout is done: free the source (≈ 30 MB for a Noto CJK face)
        return dest

    # -- the glyph cache --------------------------------------------------------
    def _read_record(self) -> tuple[Optional[dict], dict]:
        saved = read_cached(self._record, self._header)
        if type(saved) is tuple and len(saved) == 2 and type(saved[0]) is dict and type(saved[1]) is dict:
            return saved
        return None, {}

    def _write_record(self) -> None:
        """Keep the converted glyphs (merged with what another process saved meanwhile)."""
        _info, saved = self._read_record()
        self._glyphs = {**saved, **self._glyphs}
        self._unsaved = 0
        write_cached(self._record, self._header, (self._info, self._glyphs))

    # -- reading the source -------------------------------------------------------
    def _open(self):
        if self._source is None:
            from fontTools.ttLib import TTFont
            from .quiet import fonttools_to_our_log
            with fonttools_to_our_log():
                font = TTFont(self.face.path, fontNumber=self.face.index, lazy=True, recalcTimestamp=False)
                substitutes = {}
                if self.locl:
                    from .convert import locl_substitutions
                    substitutes = locl_substitutions(font, self.locl)
            self._source = (font, substitutes, {})   # the font, its locl forms, its CharStrings
        return self._source

    def _read_info(self) -> dict:
        """What the subset keeps of the source: its metrics, names and the fields a PDF reader uses."""
        from . import metrics as _metrics
        from .quiet import fonttools_to_our_log
        font = self._open()[0]
        with fonttools_to_our_log():
            head, hhea, os2, post = font["head"], font["hhea"], font["OS/2"], font["post"]
            names = {i: font["name"].getDebugName(i) for i in (0, 1, 2, 3, 5, 6, 7, 8, 13, 14)}
            return {
                "upem": head.unitsPerEm, "ascender": hhea.ascent, "descender": hhea.descent,
                "line_gap": hhea.lineGap, "em_box": list(_metrics._em_box(font)),
                "head": {k: getattr(head, k) for k in ("fontRevision", "created", "modified", "macStyle",
                                                        "lowestRecPPEM", "flags")},
                "os2": {k: getattr(os2, k) for k in ("usWeightClass", "usWidthClass", "fsType", "fsSelection",
                                                      "sTypoAscender", "sTypoDescender", "sTypoLineGap",
                                                      "usWinAscent", "usWinDescent", "achVendID")
                        if hasattr(os2, k)},
                "post": {k: getattr(post, k) for k in ("italicAngle", "underlinePosition",
                                                        "underlineThickness", "isFixedPitch")},
                "names": {i: n for i, n in names.items() if n},
            }

    def _convert(self, cp: int, glyph_id: int) -> None:
        """The glyph of `cp` as TrueType outlines: (advance, ink box, compiled glyph)."""
        from .quiet import fonttools_to_our_log
        font, substitutes, memo = self._open()
        if self._info is None:
            self._info = self._read_info()
        with fonttools_to_our_log():
            name = font.getGlyphName(glyph_id)
            if substitutes.get(name, name) != name:
                name = substitutes[name]
                glyph_id = font.getGlyphID(name)
            glyph = _truetype_glyph(font, memo, name)
            advance = _advance(font, glyph_id)
        ink = None
        if glyph.numberOfContours:
            glyph.recalcBounds(None)
            ink = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
        self._glyphs[cp] = (advance, ink, glyph.compile(None))

    # -- the subset ------------------------------------------------------------------
    def _build(self, cps: list[int], dest: Path, suffix: str) -> None:
        """Write a TrueType font of `cps` (glyphs from the cache) to `dest`,
        atomically, its PostScript name ending in `suffix`."""
        from fontTools.fontBuilder import FontBuilder
        from fontTools.pens.ttGlyphPen import TTGlyphPen
        from fontTools.ttLib.tables._g_l_y_f import Glyph
        from .quiet import fonttools_to_our_log
        if self._info is None:
            self._info = self._read_info()
        info = self._info
        names = [f"u{cp:04X}" for cp in cps]
        glyphs = {".notdef": TTGlyphPen(None).glyph()}
        metrics = {".notdef": (info["upem"] // 2, 0)}
        for cp, name in zip(cps, names):
            advance, ink, data = self._glyphs[cp]
            glyphs[name] = glyph = Glyph(data)
            glyph.expand(None)            # simple glyphs (decomposed): no glyf table needed
            metrics[name] = (advance, ink[0] if ink else 0)
        with fonttools_to_our_log():
            fb = FontBuilder(info["upem"], isTTF=True)
            fb.setupGlyphOrder([".notdef"] + names)
            fb.setupCharacterMap(dict(zip(cps, names)))
            fb.setupGlyf(glyphs)
            fb.setupHorizontalMetrics(metrics)
            fb.setupHorizontalHeader(ascent=info["ascender"], descent=info["descender"], lineGap=info["line_gap"])
            fb.setupNameTable(_subset_names(info["names"], suffix), mac=False)
            fb.setupOS2(**info["os2"])
            fb.setupPost(keepGlyphNames=False, **info["post"])
            for field, value in info["head"].items():
                setattr(fb.font["head"], field, value)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
            fb.font.save(str(tmp), reorderTables=True)
        tmp.replace(dest)        # atomic: a concurrent reader never sees half a font


def _truetype_glyph(font, memo: dict, name: str):
    """Glyph `name` of `font` as a simple TrueType glyph: CFF outlines through
    Cu2QuPen as convert.cff_to_glyf does, TrueType ones decomposed.

    The outlines are read from the CFF CharStrings or the glyf table
    directly: `TTFont.getGlyphSet` would also parse hmtx and vmtx (65,000
    entries each, ≈ 0.05 s a face) for nothing."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    if "CFF " in font:
        from fontTools.pens.cu2quPen import Cu2QuPen
        from .convert import CU2QU_REVERSE_DIRECTION
        if "charstrings" not in memo:
            memo["charstrings"] = font["CFF "].cff.topDictIndex[0].CharStrings
        pen = TTGlyphPen(None)
        memo["charstrings"][name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=CU2QU_REVERSE_DIRECTION))
        return pen.glyph()
    if "glyf" not in font:
        raise ValueError("neither CFF nor TrueType outlines")
    return _decomposed(font["glyf"], name)


def _decomposed(glyf, name: str):
    """A simple glyph with the points of glyf glyph `name`, components resolved."""
    from fontTools.ttLib.tables import ttProgram
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphCoordinates
    source = glyf[name]
    out = Glyph()
    if not source.numberOfContours:
        out.numberOfContours = 0
        return out
    coordinates, ends, flags = source.getCoordinates(glyf)
    out.numberOfContours = len(ends)
    out.coordinates = GlyphCoordinates(coordinates)
    out.endPtsOfContours = list(ends)
    out.flags = bytearray(f & 0x01 for f in flags)      # on/off curve; hinting flags dropped
    out.program = ttProgram.Program()
    out.program.fromBytecode(b"")
    return out


def _advance(font, glyph_id: int) -> int:
    """hmtx advance of one glyph, from the raw table (no parse of 65,000 entries)."""
    data = font.reader["hmtx"]
    count = font["hhea"].numberOfHMetrics
    (advance,) = struct.unpack_from(">H", data, 4 * min(glyph_id, count - 1))
    return advance


def _subset_names(names: dict, suffix: str) -> dict:
    """The source's names, the PostScript and full names made unique for this
    subset (ReportLab takes two fonts of one PostScript name for the same)."""
    family = names.get(1) or "Fallback"
    postscript = re.sub(r"[^A-Za-z0-9-]", "", names.get(6) or family) or "Fallback"
    out = {i: n for i, n in names.items() if i not in (4, 6)}
    out[1], out[2] = family, names.get(2) or "Regular"
    out[6] = f"{postscript[:40]}-{suffix}"
    out[4] = f"{family} {out[2]} {suffix}"
    return out
