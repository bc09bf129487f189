"""Source font (OTF/TTF/TTC face) + code points → small TrueType (glyf) subset.

Used by `scripts/build_fonts.py` (the shipped faces); the fallback chain
(typeset/fonts/fallback.py) converts its few glyphs the same way and takes
the zh-Hans `locl` forms from here.  ReportLab embeds only glyf outlines and
applies no GSUB, so CFF is converted with the fontTools Snippets/otf2ttf
approach and the zh-Hans `locl` substitutions are baked into the cmap (rule
book §1.1 "Font traps").
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# print-ready.md §4: max error 1 font unit / 1000 em ≈ 0.01 pt at 10 pt.
CU2QU_MAX_ERR = 1.0
# otf2ttf: cubic contours run the other way from TrueType's.
CU2QU_REVERSE_DIRECTION = True
# OpenType language-system tag of Simplified Chinese.
ZH_HANS = "ZHS "
# Features kept in the subset: `vert`/`vrt2` record the vertical alternates
# (their glyphs are also reachable through U+FE10–FE19/FE30–FE4F, rule book
# §1.7 V3).  Everything else is dropped: ReportLab applies no GSUB/GPOS.
KEPT_FEATURES = ["vert", "vrt2"]
# Tables ReportLab never reads and the metrics layer does not need.
DROPPED_TABLES = ["GPOS", "DSIG", "VORG", "gasp", "hdmx", "LTSH", "VDMX",
                  "cvt ", "fpgm", "prep"]


def load_face(src: str | Path, index: int = 0, lazy: Optional[bool] = None) -> TTFont:
    """Open face `index` of a font file (a .ttc holds several)."""
    return TTFont(str(src), fontNumber=index, recalcTimestamp=False,
                  recalcBBoxes=True, lazy=lazy)


def locl_substitutions(font: TTFont, lang: str = ZH_HANS) -> dict[str, str]:
    """Glyph → glyph of every single substitution `locl` applies for `lang`."""
    if "GSUB" not in font:
        return {}
    gsub = font["GSUB"].table
    if not gsub.ScriptList or not gsub.FeatureList:
        return {}
    mapping: dict[str, str] = {}
    for index in sorted(_locl_lookup_indices(gsub, lang)):
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)   # unwrap Extension (type 7)
            if getattr(sub, "mapping", None) and sub.LookupType == 1:
                for src, dst in sub.mapping.items():
                    mapping.setdefault(src, dst)
    return mapping


def _locl_lookup_indices(gsub, lang: str) -> set[int]:
    indices: set[int] = set()
    for script in gsub.ScriptList.ScriptRecord:
        for record in script.Script.LangSysRecord:
            if record.LangSysTag != lang:
                continue
            for feature_index in record.LangSys.FeatureIndex:
                feature = gsub.FeatureList.FeatureRecord[feature_index]
                if feature.FeatureTag == "locl":
                    indices.update(feature.Feature.LookupListIndex)
    return indices


def bake_substitutions(font: TTFont, mapping: dict[str, str]) -> int:
    """Point every cmap entry at its substitute glyph; return entries changed.

    After this, U+2014 reaches the centred full-width dash without any GSUB,
    while text extraction still gives back U+2014.
    """
    changed = 0
    for table in font["cmap"].tables:
        for cp, glyph in list(table.cmap.items()):
            if glyph in mapping:
                table.cmap[cp] = mapping[glyph]
                changed += 1
    return changed


def subset(font: TTFont, unicodes: Iterable[int], features=KEPT_FEATURES) -> None:
    """Keep only `unicodes` (and what `features` reach from them), in place."""
    # Imported here: the fallback chain takes `locl_substitutions` from this
    # module but never subsets (≈ 0.05 s of import saved in a build).
    from fontTools.subset import Options, Subsetter
    options = Options()
    options.layout_features = list(features)
    options.hinting = False            # irrelevant at RIP resolution (print-ready §4)
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables = sorted(set(options.drop_tables) | set(DROPPED_TABLES))
    subsetter = Subsetter(options=options)
    subsetter.populate(unicodes=list(unicodes))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont, max_err: float = CU2QU_MAX_ERR) -> None:
    """Replace CFF outlines by quadratic glyf outlines (fontTools otf2ttf)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {name: _quadratic(glyph_set, name, max_err) for name in glyph_order}
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    _update_lsb(font, glyf)
    font["maxp"] = _truetype_maxp(glyf)
    _post_without_names(font)
    font.sfntVersion = "\x00\x01\x00\x00"


def _quadratic(glyph_set, name: str, max_err: float):
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=CU2QU_REVERSE_DIRECTION))
    return pen.glyph()


def _update_lsb(font: TTFont, glyf) -> None:
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)


def _truetype_maxp(glyf):
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000    # TrueType maxp (CFF fonts carry 0.5)
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", None) or []) for g in glyf.glyphs.values()), default=0)
    return maxp


def _post_without_names(font: TTFont) -> None:
    """post 3.0: CID glyph names (cid00722…) are meaningless and cost space."""
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}


def rename(font: TTFont, family: str, postscript: str, style: str = "Regular") -> None:
    """Give a derived font its own names (OFL: no Reserved Font Name)."""
    name = font["name"]
    full = f"{family} {style}" if style != "Regular" else family
    values = {1: family, 2: style, 3: f"{postscript};subset", 4: full, 6: postscript}
    for record in list(name.names):
        if record.nameID in (16, 17):
            name.removeNames(nameID=record.nameID)
    for name_id, value in values.items():
        name.removeNames(nameID=name_id)
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)


# Where the ink of a full-width quote sits in its em cell, from Noto Serif CJK
# SC (rule book §1.1: “ 571–924, ” 76–429; ‘ ends at 915, ’ starts at 85).
FULL_WIDTH_QUOTES = {0x201C: ("right", 0.924), 0x2018: ("right", 0.915),
                     0x201D: ("left", 0.076), 0x2019: ("left", 0.085)}


def widen_quotes(font: TTFont) -> int:
    """Give proportional curly quotes a full-width cell, ink in the right half
    for an opening quote and the left half for a closing one.

    GB/T 15834 sets “”‘’ full width in Chinese text (rule book §1.1, L2); a
    face drawn for mixed Latin use (LXGW WenKai: 0.35 em) would otherwise
    leave the composer's 1-em cells with the ink floating in a gap.
    Returns how many glyphs were changed.
    """
    glyf, hmtx, upem = font["glyf"], font["hmtx"], font["head"].unitsPerEm
    cmap, changed = font.getBestCmap(), 0
    for code, (side, edge) in FULL_WIDTH_QUOTES.items():
        name = cmap.get(code)
        if name is None or hmtx[name][0] >= upem:
            continue
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        dx = round(edge * upem - (glyph.xMax if side == "right" else glyph.xMin))
        glyph.coordinates.translate((dx, 0))
        glyph.recalcBounds(glyf)
        hmtx[name] = (upem, glyph.xMin)
        changed += 1
    return changed


def extract_ttf(src: str | Path, index: int, unicodes: Iterable[int], dest: str | Path,
                bake_locl: bool = True, features=KEPT_FEATURES,
                names: Optional[tuple[str, str]] = None, full_width_quotes: bool = False) -> Path:
    """Write a TrueType subset of face `index` of `src` holding `unicodes`."""
    font = load_face(src, index)
    if bake_locl:
        bake_substitutions(font, locl_substitutions(font))
    subset(font, unicodes, features)
    if "CFF " in font:
        cff_to_glyf(font)
    if full_width_quotes:
        widen_quotes(font)
    if names:
        rename(font, *names)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    font.save(str(tmp), reorderTables=True)
    tmp.replace(dest)   # atomic: a concurrent reader never sees half a font
    return dest
