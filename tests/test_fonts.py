"""Shipped fonts, the font layer and ReportLab embedding (issue 3)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from typeset.fonts import PLACEHOLDER, SHIPPED_FILES, FontLibrary, fonts_dir
from typeset.fonts import metrics as fm
from typeset.fonts.system import faces_with_char

FACES = ("song", "song-bold", "hei", "kai")
RARE = "\U00020BB7"          # 𠮷: CJK Ext. B, outside GB 2312 and 通用规范汉字表
NAME_RARE = "頔"              # U+9814, a name character outside both
NOWHERE = "\U0010FFFD"       # private use: no font draws it
NOTO_SERIF_TTC = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def gb2312(hanzi_only: bool = False) -> list[str]:
    """GB 2312 by decoding every 2-byte EUC-CN code; hanzi are rows 16–87 (0xB0–0xF7)."""
    chars = []
    for high in range(0xB0 if hanzi_only else 0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


@pytest.fixture()
def lib(tmp_path) -> FontLibrary:
    """The shipped faces, no system fonts, a private cache dir."""
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    return FontLibrary(files, use_fontconfig=False, cache_dir=tmp_path / "cache")


# -- the shipped files -------------------------------------------------------

def test_shipped_faces_are_truetype_with_fresh_metrics_sidecars():
    assert set(SHIPPED_FILES) == set(FACES)
    for name in SHIPPED_FILES.values():
        path = fonts_dir() / name
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00", name   # glyf, not OTTO/CFF
        sidecar = fm._read_json(path.with_name(path.name + fm.SIDECAR_SUFFIX), fm.file_sha256(path))
        assert sidecar is not None, f"{name}: metrics sidecar missing or stale: run scripts/build_fonts.py"
    total = sum(p.stat().st_size for p in fonts_dir().iterdir())
    assert total < 40e6
    assert (fonts_dir() / "OFL-NotoCJK.txt").exists() and (fonts_dir() / "OFL-LXGWWenKai.txt").exists()


def test_glyf_table_present_and_cff_gone():
    font = TTFont(str(fonts_dir() / SHIPPED_FILES["song"]), lazy=True)
    assert "glyf" in font and "CFF " not in font


@pytest.mark.parametrize("face", FACES)
def test_every_gb2312_hanzi_is_covered(lib, face):
    hanzi = gb2312(hanzi_only=True)
    assert len(hanzi) == 6763
    assert [c for c in hanzi if not lib.has(face, c)] == []


UNIHAN = Path("/usr/share/unicode")


@pytest.mark.skipif(not list(UNIHAN.glob("Unihan*")), reason="unicode-data (Unihan) not installed")
@pytest.mark.parametrize("face", FACES)
def test_every_character_of_the_2013_general_standard_chinese_characters_is_covered(lib, face):
    """Issue 14 §1: 通用规范汉字表, the 8,105 characters of Unihan's kTGH, in every face."""
    from scripts.build_fonts import tgh_chars
    chars = tgh_chars()
    assert len(chars) == 8105
    assert [f"U+{cp:04X}" for cp in sorted(chars) if not lib.has(face, chr(cp))] == []


def test_noto_faces_cover_all_of_gb2312_and_the_placeholder(lib):
    for face in ("song", "song-bold", "hei"):
        assert [c for c in gb2312() if not lib.has(face, c)] == []
    assert all(lib.has(face, PLACEHOLDER) for face in FACES)


# Signs a Chinese paper sets that GB 2312 lacks (scripts/build_fonts.py EXTRA_GROUPS):
# without them a weather table's 最低 −3℃ took its minus from whatever system
# font fontconfig found (DejaVu Serif Italic), or drew 〓 on a bare machine.
NEWSPAPER_SIGNS = ("\u2212㎡㎥㎢㎏㎎㎞㎝㎜㏄㎖㎾℉™℡▼▽▶◀☎✓"
                   + "".join(map(chr, range(0x246A, 0x2474))))     # ⑪ … ⑳


@pytest.mark.parametrize("face", FACES)
def test_every_face_maps_the_minus_sign_and_the_unit_signs(lib, face):
    """The cmap of the shipped file (what the PDF embeds) and its metrics sidecar both have them
    (kai all but the minus: its source draws U+2212 as a hyphen, so song's is set)."""
    signs = NEWSPAPER_SIGNS.replace("\u2212", "") if face == "kai" else NEWSPAPER_SIGNS
    cmap = TTFont(str(fonts_dir() / SHIPPED_FILES[face]), lazy=True).getBestCmap()
    assert [f"U+{ord(c):04X}" for c in signs if ord(c) not in cmap] == []
    assert [c for c in signs if not lib.has(face, c)] == []
    assert lib.advance(face, "㎡") == 1.0                   # a unit square is an ideograph cell


def test_every_face_but_kai_draws_its_own_minus_as_wide_as_its_plus(lib):
    """The Noto faces' minus: their own glyph (not a borrowed one), one width with +."""
    for face in ("song", "song-bold", "hei"):
        assert lib.fallback(face, "\u2212") == face
        assert lib.advance(face, "\u2212") == lib.advance(face, "+")   # figure signs of one width


def test_a_minus_in_kai_text_is_a_minus_not_the_kai_hyphen(lib):
    """最低气温−3℃ in a caption (kai) must not read "-3": WenKai 1.250 draws
    U+2212 with its hyphen-minus glyph, 0.35 em wide at hyphen height, where its
    + is 0.6 em.  Whatever draws − for kai (scripts/build_fonts.py leaves it out
    of the kai subset, so the chain gives song's) is a shipped face — no system
    font, no warning — and its minus is as long as kai's + and sits at the
    middle of kai's figures, as the composer measures it."""
    minus, plus, hyphen = "\u2212", "+", "-"
    drawn = lib.fallback("kai", minus)
    assert drawn in lib.faces                                   # a shipped face: silent
    assert lib.advance("kai", minus) == lib.advance(drawn, minus)   # what the composer measures
    assert abs(lib.advance("kai", minus) / lib.advance("kai", plus) - 1) < 0.05, lib.advance("kai", minus)
    x0, y0, x1, y1 = lib.ink_box("kai", minus)
    p0, _, p1, _ = lib.ink_box("kai", plus)
    assert abs((x1 - x0) / (p1 - p0) - 1) < 0.05, (x0, x1, p0, p1)          # as long as the + bar
    assert lib.ink_box("kai", minus) != lib.ink_box("kai", hyphen)
    _, d0, _, d1 = lib.ink_box("kai", "0")
    assert abs((y0 + y1) / 2 - (d0 + d1) / 2) < 0.05, ((y0 + y1) / 2, (d0 + d1) / 2)   # mid-figure


def test_gb2312_already_has_the_other_signs_of_figures():
    """≈ ≠ ≤ ≥ ± × ÷ ‰ ° ▲ △ ① … ⑩ need no EXTRA entry: GB 2312 (hence every face) has them."""
    gb = set(gb2312())
    assert [c for c in "≈≠≤≥±×÷‰°▲△①⑩℃" if c not in gb] == []
    assert [c for c in NEWSPAPER_SIGNS if c in gb] == []


# -- metrics ------------------------------------------------------------------

@pytest.mark.parametrize("face", FACES)
def test_em_dash_is_the_centred_full_width_glyph(lib, face):
    """Rule book §1.1: U+2014 must not be the Latin 0.89-em low dash."""
    assert lib.advance(face, "\u2014") == 1.0
    if face != "kai":   # Noto's ZHS locl glyph is U+2015's; WenKai's own U+2014 is already CJK
        assert lib.ink_box(face, "\u2014") == lib.ink_box(face, "\u2015")
    x0, y0, x1, y1 = lib.ink_box(face, "\u2014")
    assert 0.3 < (y0 + y1) / 2 < 0.45          # centred on the em box (−0.12…0.88)
    assert abs(x0 - (1.0 - x1)) < 0.1           # same side bearings left and right


def test_vertical_forms_present_and_mapped(lib):
    forms = [chr(c) for c in list(range(0xFE10, 0xFE1A)) + list(range(0xFE30, 0xFE45))]
    for face in ("song", "song-bold", "hei"):
        assert [c for c in forms if not lib.has(face, c)] == [], face
    # LXGW WenKai 1.250 has no ︗︘︴: they come from song through the fallback chain.
    assert [c for c in forms if not lib.has("kai", c)] == ["\uFE17", "\uFE18", "\uFE34"]
    assert lib.vertical_form("song", "，") == "\uFE10"
    assert lib.vertical_form("song", "。") == "\uFE12"
    assert lib.vertical_form("song", "（") == "\uFE35"
    assert lib.vertical_form("song", "汉") is None


def test_advances_ideograph_full_latin_proportional(lib):
    for face in FACES:
        assert lib.advance(face, "汉") == 1.0
        assert 0.3 < lib.advance(face, "a") < 1.0
        assert lib.advance(face, "i") < lib.advance(face, "m")


def test_vertical_metrics(lib):
    assert lib.em_box("song") == (-0.12, 0.88)       # rule book: NS BASE ideo −120
    assert lib.ascender("song") > 0.88 and lib.descender("song") < -0.12
    x0, y0, x1, y1 = lib.ink_box("song", "汉")
    assert -0.12 <= y0 < y1 <= 0.88 and 0 <= x0 < x1 <= 1
    assert lib.ink_box("song", " ") is None


def test_metrics_cache_matches_a_fresh_parse(lib, tmp_path):
    path = fonts_dir() / SHIPPED_FILES["kai"]
    cached = lib.metrics("kai")
    assert cached.advances[ord("永")] == fm.measure(path).advances[ord("永")]


def test_metrics_cache_is_keyed_by_content(tmp_path):
    """A changed font file is re-measured, not served from a stale cache."""
    font = tmp_path / "f.ttf"
    build_test_font(font, RARE, cff=False, advance=700)
    first = fm.load_metrics(font, tmp_path / "cache")
    build_test_font(font, RARE, cff=False, advance=900)
    assert first.advances[ord(RARE)] == 700
    assert fm.load_metrics(font, tmp_path / "cache").advances[ord(RARE)] == 900


# -- fallback chain ------------------------------------------------------------

def test_fallback_prefers_the_face_then_other_shipped_faces(lib):
    assert lib.fallback("song", "汉") == "song"
    assert not lib.has("kai", "\uFE17") and lib.fallback("kai", "\uFE17") == "song"
    assert lib.fallback("hei", "\uFE17") == "hei"


def test_unknown_face_is_an_error(lib):
    with pytest.raises(KeyError, match="unknown face 'ming'"):
        lib.fallback("ming", "汉")


def test_nothing_has_it_gives_none_placeholder_and_warning(lib):
    assert lib.fallback("song", NOWHERE) is None
    assert lib.missing_chars("song", f"汉{NOWHERE}字{NOWHERE}") == [NOWHERE]
    assert lib.advance("song", NOWHERE) == lib.advance("song", PLACEHOLDER) == 1.0
    warning = lib.warnings("song", NOWHERE, page=2, block="a3", paragraph=4)[0]
    assert warning.codepoint == "U+10FFFD"
    assert all(s in str(warning) for s in ("U+10FFFD", "page 2", "block a3", "paragraph 4", PLACEHOLDER))


def build_test_font(path: Path, chars: str, cff: bool, advance: int = 1000,
                    family: str = "Test Rare", style: str = "Regular") -> Path:
    """A font drawing each of `chars` as one square glyph, CFF or TrueType outlines."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = [".notdef", "sq"]
    pen = T2CharStringPen(advance, None) if cff else TTGlyphPen(None)
    for pt in [(100, -100), (100, 800), (600, 800), (600, -100)]:
        (pen.moveTo if pt == (100, -100) else pen.lineTo)(pt)
    pen.closePath()
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({ord(ch): "sq" for ch in chars})
    if cff:
        blank = T2CharStringPen(500, None).getCharString()
        fb.setupCFF("TestRare-Regular", {}, {".notdef": blank, "sq": pen.getCharString()}, {})
    else:
        fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "sq": pen.glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "sq": (advance, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": style})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


def test_fallback_to_a_configured_dir_converts_cff_on_the_fly(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    build_test_font(fonts / "rare.otf", RARE, cff=True, advance=1000)
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    lib = FontLibrary(files, font_dirs=[fonts], use_fontconfig=False, cache_dir=tmp_path / "cache")
    key = lib.fallback("song", RARE)
    assert key is not None and key not in FACES
    ttf = Path(lib.path(key))
    assert ttf.is_relative_to(tmp_path / "cache") and ttf.read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert lib.has(key, RARE) and lib.advance("song", RARE) == 1.0
    assert lib.missing_chars("song", RARE) == []


def test_fallback_via_env_font_dirs(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    build_test_font(fonts / "rare.ttf", RARE, cff=False)
    monkeypatch.setenv("TYPESET_FONT_DIRS", str(fonts))
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    lib = FontLibrary(files, use_fontconfig=False, cache_dir=tmp_path / "cache")
    assert lib.fallback("kai", RARE) is not None


@pytest.mark.skipif(not faces_with_char(RARE), reason="no installed font has U+20BB7")
def test_fallback_to_an_installed_system_font(tmp_path):
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    lib = FontLibrary(files, cache_dir=tmp_path / "cache")
    for ch in (RARE, NAME_RARE):
        assert not lib.has("song", ch)
        key = lib.fallback("song", ch)
        assert key and key.startswith("sys:") and lib.has(key, ch)
        assert Path(lib.path(key)).stat().st_size < 200_000   # just the needed glyph
    assert lib.fallback("song", NOWHERE) is None


@pytest.mark.skipif(not NOTO_SERIF_TTC.exists(), reason="fonts-noto-cjk not installed")
def test_locl_zhs_maps_em_dash_to_the_u2015_glyph():
    from typeset.fonts.convert import load_face, locl_substitutions
    font = load_face(NOTO_SERIF_TTC, 2, lazy=True)
    cmap = font.getBestCmap()
    assert locl_substitutions(font)[cmap[0x2014]] == cmap[0x2015]


def test_extract_is_deterministic(tmp_path):
    from typeset.fonts.convert import extract_ttf
    src = fonts_dir() / SHIPPED_FILES["song"]
    a = extract_ttf(src, 0, [ord(c) for c in "汉字——"], tmp_path / "a.ttf")
    b = extract_ttf(src, 0, [ord(c) for c in "汉字——"], tmp_path / "b.ttf")
    assert a.read_bytes() == b.read_bytes()


# -- embedding with ReportLab ----------------------------------------------------

SAMPLE = {"song": "正文书宋——“引号”，。", "song-bold": "标题标宋", "hei": "黑体眉题", "kai": "楷体摘要·说明"}


@pytest.mark.skipif(not (shutil.which("pdffonts") and shutil.which("pdftotext")),
                    reason="poppler-utils not installed")
def test_pdf_embeds_all_four_faces_and_text_extracts_exactly(lib, tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    from typeset.draw.rlfonts import register_face

    pdf = tmp_path / "fonts.pdf"
    canvas = Canvas(str(pdf), invariant=1, initialFontName=register_face(lib, "song"))
    for i, (face, text) in enumerate(SAMPLE.items()):
        canvas.setFont(register_face(lib, face), 12)
        canvas.drawString(72, 720 - 24 * i, text)
    canvas.save()

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in f" {' '.join(r.split()[-5:-2])} " for r in rows), fonts
    for name in ("NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Bold", "WenKaiGB-Regular"):
        assert name in fonts
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert [line for line in text.split("\n") if line.strip()][:4] == list(SAMPLE.values())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_with_fallback_glyphs_extracts_beyond_the_bmp(tmp_path):
    """Two characters of one source font share one subset; 𠮷 extracts as U+20BB7."""
    from reportlab.pdfgen.canvas import Canvas
    from typeset.draw.rlfonts import register_face

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    build_test_font(fonts / "rare.otf", RARE + NAME_RARE, cff=True)
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    lib = FontLibrary(files, font_dirs=[fonts], use_fontconfig=False, cache_dir=tmp_path / "cache")
    pdf = tmp_path / "rare.pdf"
    canvas = Canvas(str(pdf), invariant=1, initialFontName=register_face(lib, "song"))
    for i, ch in enumerate(RARE + NAME_RARE + NOWHERE):
        face, drawn = lib.resolve("song", ch)
        canvas.setFont(register_face(lib, face), 12)
        canvas.drawString(72 + 14 * i, 720, drawn)
    canvas.save()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert text.strip() == RARE + NAME_RARE + PLACEHOLDER


def test_kai_quotes_are_full_width_with_ink_on_the_inner_side(lib):
    """GB/T 15834: “” take a full cell in Chinese text; the ink hugs the quoted text."""
    for ch, inner_half in (("“", "right"), ("‘", "right"), ("”", "left"), ("’", "left")):
        assert lib.advance("kai", ch) == 1.0
        x0, _, x1, _ = lib.ink_box("kai", ch)
        assert (x0 >= 0.5) if inner_half == "right" else (x1 <= 0.5), (ch, x0, x1)


def test_the_sample_issues_need_no_installed_font(lib):
    """fonts/README.md: the issues build with the shipped files alone — each
    character of issues/*.xml is in one of the four faces (U+2212 of the
    weather table in issues/feature.xml was not)."""
    issues = Path(__file__).resolve().parent.parent / "issues"
    used = {c for xml in sorted(issues.glob("*.xml")) for c in xml.read_text(encoding="utf-8")
            if c.isprintable() and not c.isspace()}
    assert len(used) > 900
    assert sorted(f"U+{ord(c):04X} {c}" for c in used if not any(lib.has(f, c) for f in FACES)) == []
