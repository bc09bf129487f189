"""Issue 3: characters outside the shipped subset, through the whole build.

𠮷 (U+20BB7), 頔 and 禕 are in neither GB 2312 nor 通用规范汉字表, so no
shipped face has them.  With a font that has them (a
folder the test prepares, standing in for system fonts) they are drawn from
it; with none, each is reported (character, code point, block, line) and a
〓 placeholder is printed while the PDF text still gives back the character.
"""
from __future__ import annotations

import shutil

import pytest

from typeset.fonts import SHIPPED_FILES, FontLibrary, fonts_dir
from typeset.pipeline import BuildOptions, draw_issue, layout_issue, write_atomically
from typeset.verify import pdf_text

RARE = "𠮷頔禕"
ISSUE = f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31"><page number="1" template="bulletin">
<article id="rare" col="1" span="2" line="1"><headline>罕用字</headline>
<p>吉字的异体{RARE[0]}，人名用字{RARE[1]}和{RARE[2]}都在国标二三一二之外。</p></article>
</page></issue>"""


def build(tmp_path, lib):
    src = tmp_path / "issue.xml"
    src.write_text(ISSUE, encoding="utf-8")
    result = layout_issue(str(src), fonts=lib)
    out = str(tmp_path / "issue.pdf")
    write_atomically(draw_issue(result, lib, BuildOptions(variant="none")), out)
    return result, out


def library(tmp_path, font_dirs=()):
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    return FontLibrary(files, font_dirs=font_dirs, use_fontconfig=False, cache_dir=tmp_path / "cache")


def test_the_three_are_outside_the_shipped_faces(tmp_path):
    lib = library(tmp_path)
    assert all(not lib.has(face, ch) for face in lib.faces for ch in RARE)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_found_nowhere_each_is_reported_and_printed_as_placeholder(tmp_path, monkeypatch):
    monkeypatch.delenv("TYPESET_FONT_DIRS", raising=False)
    result, out = build(tmp_path, library(tmp_path))
    missing = [w for w in result.warnings if w.code == "missing-glyph"]
    assert sorted(f"U+{ord(ch):04X}" for ch in RARE) == sorted(
        next(part for part in w.message.split() if part.startswith("(U+")).strip("();")
        for w in missing)
    for w in missing:
        assert "rare" in w.message and w.line == 4 and w.file.endswith("issue.xml")
    text = pdf_text(out)
    assert all(ch in text for ch in RARE)             # ActualText gives the characters back


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_found_in_a_font_folder_they_are_drawn_from_it(tmp_path, monkeypatch):
    from tests.test_fonts import build_test_font
    monkeypatch.delenv("TYPESET_FONT_DIRS", raising=False)
    folder = tmp_path / "fonts"
    folder.mkdir()
    build_test_font(folder / "rare-e2e.otf", RARE, cff=True)      # a CFF face, converted on the fly
    result, out = build(tmp_path, library(tmp_path, [folder]))
    assert not [w for w in result.warnings if w.code == "missing-glyph"]
    glyphs = [g for b in result.blocks for c in b.paragraphs for line in c.lines for g in line.glyphs if g.char in RARE]
    assert len(glyphs) == 3 and all(g.drawn == g.char and g.face.startswith("sys:") for g in glyphs)
    assert len({g.face for g in glyphs}) == 1                   # one fallback face …
    text = pdf_text(out)
    assert all(ch in text for ch in RARE) and "〓" not in text
    if shutil.which("pdffonts"):                                # … embedded once, not once per character
        import subprocess
        listed = subprocess.run(["pdffonts", out], capture_output=True, text=True, check=True).stdout
        shipped = ("NotoSerifCJKsc", "NotoSansCJKsc", "WenKaiGB")
        others = [row for row in listed.splitlines()[2:] if not any(name in row for name in shipped)]
        assert len(others) == 1, listed


KAI_MINUS_ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2026-12-03"><page number="1" template="bulletin">
<summary label="核心提示" col="1" span="6"><p>寒潮来袭，最低气温−3℃。</p></summary>
<article id="cold" col="1" span="4"><headline>寒潮来袭</headline><p>明日最低气温−3℃。</p>
<photo id="snow" src="snow.jpg" col="3" span="2" lines="12"><caption>最低气温−3℃，比昨日+3℃低6℃。</caption></photo>
</article></page></issue>"""


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_a_minus_in_kai_text_comes_silently_from_a_shipped_face(tmp_path, monkeypatch):
    """WenKai draws U+2212 as its hyphen, so the kai subset has none
    (scripts/build_fonts.py): the − of a caption and a summary (both kai) is
    the first shipped face of kai's chain (song), with no warning of any kind
    about fonts and no other font embedded."""
    import subprocess
    from pathlib import Path
    monkeypatch.delenv("TYPESET_FONT_DIRS", raising=False)
    shutil.copy(Path(__file__).resolve().parents[2] / "issues" / "images" / "tidy-streets.jpg",
                tmp_path / "snow.jpg")
    src = tmp_path / "issue.xml"
    src.write_text(KAI_MINUS_ISSUE, encoding="utf-8")
    lib = library(tmp_path)
    result = layout_issue(str(src), fonts=lib)
    assert {w.code for w in result.warnings} <= {"underset"}, [w.message for w in result.warnings]
    minus = {b.id: [g for c in b.paragraphs for line in c.lines for g in line.glyphs if g.char == "−"]
             for b in result.blocks}
    drawn = lib.fallback("kai", "−")
    assert drawn in lib.faces and drawn != "kai"
    assert [g.face for g in minus["p1-summary1"]] == [drawn]
    assert [g.face for g in minus["cold"]].count(drawn) == 2      # the body's own (song) and the caption's
    out = str(tmp_path / "issue.pdf")
    write_atomically(draw_issue(result, lib, BuildOptions(variant="none")), out)
    listed = subprocess.run(["pdffonts", out], capture_output=True, text=True, check=True).stdout
    shipped = ("NotoSerifCJKsc", "NotoSansCJKsc", "WenKaiGB")
    assert [row for row in listed.splitlines()[2:] if not any(name in row for name in shipped)] == []
    assert pdf_text(out).count("−") == 3
