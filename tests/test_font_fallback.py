"""Issue 14 §2: the fallback chain by style, region and weight; one subset per face.

A character no shipped face has comes from the installed face ranked first
by typeset/fonts/fallback.py: never a Japanese or Korean face while a Chinese
one has it, then the role's own style (楷 → kai, then serif, then sans;
宋 → serif; 黑 → sans), Simplified before Traditional (the SC face of a
.ttc), the nearest weight.  All characters taken from one face share one
TrueType subset, so the PDF embeds one font per fallback face.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from tests.test_fonts import build_test_font
from typeset.fonts import SHIPPED_FILES, FontLibrary, fonts_dir
from typeset.fonts import system
from typeset.fonts.system import SystemFace, read_cmap

RARE = "\U00020BB7"          # 𠮷: in no shipped face
NAME_RARE = "頔"              # U+9814: a name character outside GB 2312 and 通用规范汉字表


@pytest.fixture(autouse=True)
def fresh_system_state():
    """The lookup caches are per process: each test sees its own fonts."""
    system.forget()
    yield
    system.forget()


def library(tmp_path, folder) -> FontLibrary:
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    return FontLibrary(files, font_dirs=[folder], use_fontconfig=False, cache_dir=tmp_path / "cache")


def fonts(tmp_path, *faces: tuple[str, str, str], name: str = "fonts") -> Path:
    """A folder of test fonts, one (file name, family, style) each, all with RARE and NAME_RARE."""
    folder = tmp_path / name
    folder.mkdir()
    for file, family, style in faces:
        build_test_font(folder / file, RARE + NAME_RARE, cff=file.endswith(".otf"), family=family, style=style)
    return folder


def source_of(lib: FontLibrary, face: str, ch: str = RARE):
    key = lib.fallback(face, ch)
    assert key is not None and key.startswith("sys:")
    return lib.source(key)


def collection(path: Path, families: list[str]) -> Path:
    """A .ttc of one test face per family (the way Noto CJK ships JP/KR/SC/TC)."""
    ttc = TTCollection()
    for k, family in enumerate(families):
        face = build_test_font(path.with_name(f"part{k}.ttf"), RARE + NAME_RARE, cff=False, family=family)
        ttc.fonts.append(TTFont(str(face)))
    ttc.save(str(path))
    for k in range(len(families)):
        path.with_name(f"part{k}.ttf").unlink()
    return path


# -- which face --------------------------------------------------------------------

def test_kai_never_takes_a_japanese_or_korean_face_while_a_chinese_one_has_it(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    collection(folder / "kai.ttc", ["Test Kai JP", "Test Kai KR", "Test Kai TC"])
    build_test_font(folder / "serif.ttf", RARE + NAME_RARE, cff=False, family="Test Serif SC")
    found = source_of(library(tmp_path, folder), "kai")
    assert (found.family, found.index) == ("Test Kai TC", 2)        # Chinese, and still a kai
    only_japanese = fonts(tmp_path, ("kai.ttf", "Test Kai JP", "Regular"), name="jp")
    assert source_of(library(tmp_path, only_japanese), "kai").family == "Test Kai JP"   # better than 〓
    noto_like = tmp_path / "noto"
    noto_like.mkdir()
    collection(noto_like / "serif.ttc", ["Test Serif CJK JP", "Test Serif CJK KR", "Test Serif CJK TC",
                                         "Test Serif CJK SC", "Test Serif CJK HK"])
    found = source_of(library(tmp_path, noto_like), "kai")
    assert (found.family, found.index) == ("Test Serif CJK SC", 3)      # the SC face of the collection


def test_kai_takes_kai_then_serif_then_sans(tmp_path):
    every = fonts(tmp_path, ("a-sans.ttf", "Test Sans SC", "Regular"), ("b-serif.ttf", "Test Serif SC", "Regular"),
                  ("c-kai.ttf", "Test WenKai", "Regular"))
    assert source_of(library(tmp_path, every), "kai").family == "Test WenKai"
    no_kai = fonts(tmp_path, ("a-sans.ttf", "Test Sans SC", "Bold"), ("b-serif.ttf", "Test Serif SC", "Regular"),
                   name="no-kai")
    lib = library(tmp_path, no_kai)
    assert source_of(lib, "kai").family == "Test Serif SC"
    assert source_of(lib, "song").family == source_of(lib, "song-bold").family == "Test Serif SC"
    assert source_of(lib, "hei").family == "Test Sans SC"


def test_the_nearest_weight_is_taken(tmp_path):
    folder = fonts(tmp_path, ("a.ttf", "Test Serif SC", "SemiBold"), ("b.ttf", "Test Serif SC", "Bold"),
                   ("c.ttf", "Test Serif SC", "Black"), ("d.ttf", "Test Serif SC", "Regular"))
    lib = library(tmp_path, folder)
    assert source_of(lib, "song-bold").style == "Bold"
    assert source_of(lib, "song").style == "Regular"


def test_an_upright_face_before_an_italic_or_oblique_one():
    """DejaVu's files sort Italic before the upright face ("DejaVuSerif-Italic.ttf"
    < "DejaVuSerif.ttf"): the body's minus came out italic.  Upright first, then weight."""
    from typeset.fonts.fallback import rank_key, slanted
    folder = "/usr/share/fonts/truetype/dejavu"
    serif = [SystemFace(f"{folder}/DejaVuSerif{tail}.ttf", 0, "DejaVu Serif", style)
             for tail, style in (("-Bold", "Bold"), ("-BoldItalic", "Bold Italic"),
                                 ("-Italic", "Italic"), ("", "Book"))]
    sans = [SystemFace(f"{folder}/DejaVuSans{tail}.ttf", 0, "DejaVu Sans", style)
            for tail, style in (("-BoldOblique", "Bold Oblique"), ("-Oblique", "Oblique"), ("", "Book"))]
    def best(face, faces):
        return min(((f, False) for f in faces), key=lambda c: rank_key(face, *c))[0].style
    assert best("song", serif) == best("kai", serif) == "Book"
    assert best("song-bold", serif) == "Bold"
    # No upright face of the weight: an upright one of another weight, not Bold Oblique.
    assert best("hei", sans) == "Book"
    assert best("hei", sans[:2]) == "Bold Oblique"      # a slanted face still beats 〓
    assert [slanted(f) for f in serif] == [False, True, True, False]
    assert slanted(SystemFace("x.otf", 0, "Test", "SemiBold Slanted")) and not slanted(sans[2])


def test_the_fallback_chain_takes_the_upright_face_of_a_family(tmp_path):
    folder = fonts(tmp_path, ("a-bold-italic.ttf", "Test Serif", "Bold Italic"),
                   ("b-italic.ttf", "Test Serif", "Italic"), ("c.ttf", "Test Serif", "Regular"),
                   ("d-bold.ttf", "Test Serif", "Bold"))
    lib = library(tmp_path, folder)
    assert source_of(lib, "song").style == source_of(lib, "kai").style == "Regular"
    assert source_of(lib, "song-bold").style == "Bold"


# -- one subset per face -----------------------------------------------------------------

@pytest.mark.parametrize("cff", [True, False], ids=["cff", "truetype"])
def test_characters_of_one_face_share_one_subset(tmp_path, cff):
    from typeset.draw.rlfonts import register_face
    more = "\U00020BB8"
    folder = tmp_path / "fonts"
    folder.mkdir()
    build_test_font(folder / ("rare.otf" if cff else "rare.ttf"), RARE + NAME_RARE + more, cff=cff, advance=900)
    lib = library(tmp_path, folder)
    key = lib.fallback("song", RARE)
    assert lib.fallback("song", NAME_RARE) == key == lib.fallback("kai", RARE)
    assert lib.advance("song", RARE) == lib.advance("song", NAME_RARE) == 0.9
    assert lib.ink_box("song", RARE) == (0.1, -0.1, 0.6, 0.8)
    first = Path(lib.path(key))
    assert first.read_bytes()[:4] == b"\x00\x01\x00\x00" and first.is_relative_to(tmp_path / "cache")
    assert sorted(read_cmap(str(first))) == sorted(map(ord, RARE + NAME_RARE))
    name = register_face(lib, key)
    # paiban watch: after an edit the layout takes one more character from the
    # face; it gets a new file holding all three, registered under a name of its own.
    assert lib.fallback("song", more) == key
    second = Path(lib.path(key))
    assert second != first and sorted(read_cmap(str(second))) == sorted(map(ord, RARE + NAME_RARE + more))
    assert register_face(lib, key) != name


def test_the_subset_is_the_same_bytes_from_the_cache_without_the_source(tmp_path, monkeypatch):
    from typeset.fonts import fallback
    folder = fonts(tmp_path, ("rare.otf", "Test Serif SC", "Regular"))
    lib = library(tmp_path, folder)
    key = lib.fallback("song", RARE)
    lib.fallback("song", NAME_RARE)
    made = Path(lib.path(key)).read_bytes()
    for f in (tmp_path / "cache" / "fallback").glob("*.ttf"):
        f.unlink()
    def no_source(self):
        raise AssertionError("the source font was opened although the cache has its glyphs")
    monkeypatch.setattr(fallback.FallbackFace, "_open", no_source)
    again = library(tmp_path, folder)
    assert again.fallback("song", NAME_RARE) == again.fallback("song", RARE) == key
    assert Path(again.path(key)).read_bytes() == made


# -- reading a cmap -------------------------------------------------------------------

def _fonttools_cmap(path: str, index: int = 0) -> dict[int, int]:
    font = TTFont(path, fontNumber=index, lazy=True)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    return {cp: order[name] for cp, name in font.getBestCmap().items() if order[name]}


def test_read_cmap_agrees_with_fonttools(tmp_path):
    bmp = build_test_font(tmp_path / "bmp.ttf", "汉字ab", cff=False)             # format 4 only
    wide = build_test_font(tmp_path / "wide.otf", "汉" + RARE, cff=True)          # format 12 too
    ttc = collection(tmp_path / "c.ttc", ["Test JP", "Test SC"])
    for path, index in [(bmp, 0), (wide, 0), (ttc, 1), (fonts_dir() / SHIPPED_FILES["kai"], 0)]:
        assert read_cmap(str(path), index) == _fonttools_cmap(str(path), index), path


def test_read_cmap_refuses_what_is_not_a_font(tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(ValueError):
        read_cmap(str(junk))


# -- the report -----------------------------------------------------------------------------

def test_check_says_which_characters_came_from_which_font(tmp_path):
    from typeset.pipeline import layout_issue
    from typeset.workflow.check import format_table, report_for
    folder = fonts(tmp_path, ("rare.ttf", "Test Serif SC", "Regular"))
    issue = tmp_path / "issue.xml"
    issue.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31"><page number="1" template="bulletin">
<article id="rare" col="1" span="2" line="1"><headline>罕用字</headline>
<p>吉的异体{RARE}，人名用字{NAME_RARE}。</p></article>
</page></issue>""", encoding="utf-8")
    result = layout_issue(str(issue), fonts=library(tmp_path, folder))
    report = report_for(result, str(issue))
    assert [(f["char"], f["codepoint"], f["block"], f["line"], f["font"]) for f in report.fallback_glyphs] == [
        (RARE, "U+20BB7", "rare", 4, "Test Serif SC Regular"),
        (NAME_RARE, "U+9814", "rare", 4, "Test Serif SC Regular")]
    assert report.fallback_glyphs[0]["font_file"] == str(folder / "rare.ttf")
    assert report.missing_glyphs == []
    table = format_table(report, "en")
    assert f"<rare> from installed font Test Serif SC Regular ({folder / 'rare.ttf'}): {RARE}{NAME_RARE}" in table
    assert "fallback_glyphs" in report.to_dict()


def test_an_unwritable_cache_dir_costs_speed_not_the_subset(tmp_path):
    folder = fonts(tmp_path, ("rare.ttf", "Test Serif SC", "Regular"))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache dir should be")
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    lib = FontLibrary(files, font_dirs=[folder], use_fontconfig=False, cache_dir=blocked)
    key = lib.fallback("song", RARE)
    subset = Path(lib.path(key))
    assert subset.is_file() and sorted(read_cmap(str(subset))) == [ord(RARE)]


def test_the_subset_is_the_same_bytes_wherever_the_source_is_installed(tmp_path):
    """An archive rebuilds byte for byte on another machine: the subset (its
    PostScript name included) depends on the source's file name and bytes,
    not on its folder or mtime."""
    import os
    import shutil
    here = fonts(tmp_path, ("rare.otf", "Test Serif SC", "Regular"), name="here")
    there = tmp_path / "elsewhere" / "fonts"
    there.mkdir(parents=True)
    shutil.copy(here / "rare.otf", there / "rare.otf")
    os.utime(there / "rare.otf", (1_000_000_000, 1_000_000_000))
    made = []
    for folder, cache in ((here, "c1"), (there, "c2")):
        files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
        lib = FontLibrary(files, font_dirs=[folder], use_fontconfig=False, cache_dir=tmp_path / cache)
        key = lib.fallback("song", RARE)
        lib.fallback("song", NAME_RARE)
        made.append(Path(lib.path(key)).read_bytes())
    assert made[0] == made[1]
