"""Issue 14 §5: a block's `lang` selects its glyph forms and where its marks sit.

Taiwan and Hong Kong set 。，、：；！？ in the middle of their cell, the
mainland at the bottom left (clreq, "Glyphs sizes and positions in character
faces of punctuation marks"; compose/prepare.py CENTRED_MARKS).  Traditional
text takes Noto CJK TC/HK faces when installed (FontLibrary.regional_face),
else the shipped Simplified faces with one warning naming the block.  The
centring is read from the display list with the shipped faces, which put
those marks at the bottom left: it does not depend on installed fonts.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from typeset.compose import compose_paragraph
from typeset.compose.types import StyledRun
from typeset.display import TextRun
from typeset.errors import InputError
from typeset.fonts import SHIPPED_FILES, fonts_dir
from typeset.fonts.library import FontLibrary
from typeset.model.lang import SIMPLIFIED, variant_of, well_formed
from typeset.model.parse import parse_issue
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
MARKS = "，。、：；！？"
RAISED = "，。、"
TW_TEXT = "主辦單位表示，今年的主題是閱讀。參觀民眾說：值得一看！你去過嗎？書展、講座；"
CN_TEXT = "主办单位表示，今年的主题是阅读。参观民众说：值得一看！你去过吗？书展、讲座；"


def shipped_only(monkeypatch) -> FontLibrary:
    """The shipped faces and nothing else: no font folders, no fontconfig."""
    monkeypatch.delenv("TYPESET_FONT_DIRS", raising=False)
    return FontLibrary({k: fonts_dir() / name for k, name in SHIPPED_FILES.items()}, use_fontconfig=False)


def installed() -> FontLibrary:
    return FontLibrary({k: fonts_dir() / name for k, name in SHIPPED_FILES.items()})


def ink_centre(fonts, glyph, baseline: float = 0.0) -> tuple[float, float]:
    """(x, y up from the baseline) of the middle of a glyph's ink, pt."""
    x0, y0, x1, y1 = fonts.ink_box(glyph.face, glyph.drawn)
    return glyph.x + (x0 + x1) / 2 * glyph.size, -glyph.y + (y0 + y1) / 2 * glyph.size


# -- tags --------------------------------------------------------------------------

@pytest.mark.parametrize("tag, traditional, region, centred", [
    ("zh-Hant", True, "TW", True), ("zh-Hant-TW", True, "TW", True), ("zh-TW", True, "TW", True),
    ("zh-Hant-HK", True, "HK", True), ("zh-HK", True, "HK", True), ("zh-MO", True, "HK", True),
    ("yue", True, "HK", True), ("zh-Hant-CN", True, "TW", False),
    ("zh-Hans", False, "", False), ("zh", False, "", False), ("zh-CN", False, "", False),
    ("zh-Hans-TW", False, "", False), ("en", False, "", False), ("", False, "", False),
])
def test_a_tag_says_forms_and_mark_position(tag, traditional, region, centred):
    v = variant_of(tag)
    assert (v.traditional, v.region, v.centred_marks) == (traditional, region, centred)
    assert v.simplified == (not traditional)


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-Hant-TW", "zh-HK", "en-GB", "yue-Hant-HK", "zh-cmn-Hans-CN",
                                 "x-private", "sr-Latn-RS", "zh-Latn-pinyin"])
def test_well_formed_tags(tag):
    assert well_formed(tag)


@pytest.mark.parametrize("tag", ["zh_TW", "繁体", "zh-", "-zh", "zh--Hant", "zh-Hant-TWN-", "toolongtag-x", "zh Hant"])
def test_garbage_is_not_a_tag(tag):
    assert not well_formed(tag)


# -- the issue file ----------------------------------------------------------------------

def issue_file(tmp_path: Path, body: str, issue_lang: str = "") -> Path:
    path = tmp_path / "lang.xml"
    lang = f' lang="{issue_lang}"' if issue_lang else ""
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31"{lang}>\n'
                    f'<page number="1" section="测试" template="bulletin">\n{body}\n</page>\n</issue>\n',
                    encoding="utf-8")
    return path


def test_lang_on_the_four_blocks_reaches_their_text(tmp_path):
    (tmp_path / "p.png").write_bytes(b"")
    path = issue_file(tmp_path, """<article id="a" lang="zh-Hant-TW"><headline>標題</headline><p>正文。</p>
<photo id="in" src="p.png"><caption>圖說。</caption></photo></article>
<briefs id="b" label="要聞" lang="zh-HK"><brief><headline>簡訊</headline><p>內容。</p></brief></briefs>
<summary id="s" lang="zh-Hant"><p>提示。</p></summary>
<photo id="ph" src="p.png" lang="zh-Hant-HK"><caption>說明。</caption></photo>
<article id="c"><headline>标题</headline><p>正文。</p></article>""")
    a, b, s, ph, c = parse_issue(str(path)).pages[0].blocks
    assert (a.lang, a.paragraphs[0].lang, a.photos[0].lang, a.photos[0].caption.lang) == ("zh-Hant-TW",) * 4
    assert (b.lang, b.items[0].paragraphs[0].lang) == ("zh-HK", "zh-HK")
    assert (s.lang, s.paragraphs[0].lang) == ("zh-Hant", "zh-Hant")
    assert (ph.lang, ph.caption.lang) == ("zh-Hant-HK", "zh-Hant-HK")
    assert (c.lang, c.paragraphs[0].lang) == ("", "")          # the issue's language


@pytest.mark.parametrize("element", ["article", "briefs", "summary", "photo"])
def test_a_garbage_lang_names_file_line_and_element(tmp_path, element):
    (tmp_path / "p.png").write_bytes(b"")
    blocks = {"article": '<article id="a" lang="zh_TW"><p>正文。</p></article>',
              "briefs": ('<briefs id="b" label="要闻" lang="zh_TW"><brief><headline>x</headline><p>y</p></brief>'
                         '</briefs>'),
              "summary": '<summary lang="zh_TW"><p>y</p></summary>',
              "photo": '<photo id="p" src="p.png" lang="zh_TW"/>'}
    path = issue_file(tmp_path, blocks[element])
    with pytest.raises(InputError) as caught:
        parse_issue(str(path))
    e = caught.value
    assert (e.file, e.line, e.element) == (str(path), 4, element)
    assert 'lang="zh_TW"' in e.message and "BCP 47" in e.message


def test_lang_is_refused_where_it_means_nothing(tmp_path):
    path = issue_file(tmp_path, '<article id="a"><headline>x</headline><p lang="zh-Hant">y</p></article>')
    with pytest.raises(InputError) as caught:
        parse_issue(str(path))
    assert caught.value.element == "p"


# -- composition: the punctuation position --------------------------------------------------

def test_taiwan_marks_are_centred_in_their_cell_with_the_shipped_faces(monkeypatch):
    """Each of 。，、：；！？ has its ink's middle at its cell's middle — the
    cell starts where the ideograph before it ends (no gap is ever added
    before a mark, §1.5) and is 1 em: the next glyph is no nearer — and
    。，、 stand at the middle of the ideographic em box."""
    fonts = shipped_only(monkeypatch)
    size = 9.0
    bottom, top = fonts.em_box("song")
    lines = compose_paragraph([StyledRun(TW_TEXT, "song", size, lang="zh-Hant-TW")], size * 16, fonts)
    checked = 0
    for line in lines:
        glyphs = line.glyphs
        for before, g, after in zip(glyphs, glyphs[1:], glyphs[2:]):
            if g.char not in MARKS:
                continue
            cell = before.x + size
            x, y = ink_centre(fonts, g)
            assert abs(x - (cell + size / 2)) < 0.01 * size, g       # centred across its cell
            assert after.x >= cell + size - 1e-6, g                   # which keeps its whole em
            if g.char in RAISED:
                assert abs(y - (bottom + top) / 2 * size) < 0.01 * size, g
            else:
                assert g.y == 0.0
            checked += 1
    assert checked >= 6


def test_mainland_marks_stay_at_the_bottom_left(monkeypatch):
    """The same marks in Simplified text: ink in the left half, nothing raised,
    and the composition is the one without any lang at all."""
    fonts = shipped_only(monkeypatch)
    size = 9.0
    plain = compose_paragraph([StyledRun(CN_TEXT, "song", size)], size * 16, fonts)
    tagged = compose_paragraph([StyledRun(CN_TEXT, "song", size, lang="")], size * 16, fonts)
    assert plain == tagged
    cells = {g.index: g.x for line in plain for g in line.glyphs}
    for g in (g for line in plain for g in line.glyphs if g.char in "，。、"):
        x, _ = ink_centre(fonts, g)
        assert x < cells[g.index] + 0.4 * size and g.y == 0.0


def test_a_centred_mark_at_line_end_keeps_its_cell(monkeypatch):
    """C3 halves a mainland mark at the line end; a centred one would lose
    half its ink, so it keeps 1 em (the line is justified on the others)."""
    fonts = shipped_only(monkeypatch)
    size = 10.0
    text = "一二三四五六七八九十一二三四五，六七八九十"        # the comma is the 16th character
    tw = compose_paragraph([StyledRun(text, "song", size, lang="zh-TW")], size * 16, fonts, indent_em=0.0)
    cn = compose_paragraph([StyledRun(text, "song", size)], size * 16, fonts, indent_em=0.0)
    assert tw[0].text.endswith("，") and cn[0].text.endswith("，")
    comma = tw[0].glyphs[-1]
    x, _ = ink_centre(fonts, comma)
    assert abs(x - 15.5 * size) < 0.01 * size
    assert tw[0].natural == pytest.approx(16 * size) and cn[0].natural == pytest.approx(15.5 * size)


def test_the_marks_come_through_the_forked_composer(monkeypatch):
    """GlyphArrays.ys (the raised marks) survives the two-process composer."""
    from typeset.compose.parallel import compose_paragraphs, job
    fonts = shipped_only(monkeypatch)
    jobs = [job([StyledRun(TW_TEXT * 4, "song", 9.0, lang="zh-Hant")], 144.0) for _ in range(4)]
    forked = compose_paragraphs(jobs, fonts, workers=2, min_chars=0)
    here = compose_paragraphs(jobs, fonts, workers=1)
    assert forked == here
    assert any(g.y for line in forked[-1] for g in line.glyphs)


# -- a page: Traditional article beside a Simplified one ------------------------------------

PAGE = f"""<article id="tw" col="1" span="3" line="1" lang="zh-Hant-TW"><kicker>臺灣</kicker>
<headline>書展開幕，萬人參觀</headline><byline>記者 陳明</byline><p>{TW_TEXT * 3}</p></article>
<article id="cn" col="4" span="3" line="1"><headline>书展开幕</headline><p>{CN_TEXT * 3}</p></article>"""


def block_runs(result, left: bool) -> list[TextRun]:
    middle = GRID.left + GRID.span_width(3) + GRID.gutter / 2
    return [it for it in result.pages[0].items if isinstance(it, TextRun) and (it.x < middle) == left
            and it.y > GRID.top]


def test_without_traditional_faces_one_warning_names_the_block(tmp_path, monkeypatch):
    fonts = shipped_only(monkeypatch)
    result = layout_issue(str(issue_file(tmp_path, PAGE)), fonts=fonts)
    lang = [w for w in result.warnings if "Traditional" in w.message]
    assert len(lang) == 1
    w = lang[0]
    assert (w.element, w.line) == ("tw", 4)
    assert "'tw'" in w.message and "zh-Hant-TW" in w.message
    for face in ("Song (serif)", "bold Song (serif)", "Hei (sans)", "Kai"):
        assert face in w.message
    tw = [it for it in block_runs(result, left=True)]
    assert tw and {it.face for it in tw} <= set(SHIPPED_FILES)       # the documented fallback
    assert any(it.ys for it in tw)                                   # 。，、 raised all the same


def test_the_simplified_article_beside_it_is_unchanged(tmp_path, monkeypatch):
    """The SC article's runs are those of the page where its neighbour is
    Simplified too, and those of a page without any lang attribute."""
    fonts = shipped_only(monkeypatch)
    mixed = layout_issue(str(issue_file(tmp_path, PAGE)), fonts=fonts)
    plain = layout_issue(str(issue_file(tmp_path, PAGE.replace(' lang="zh-Hant-TW"', ""))), fonts=fonts)
    assert block_runs(mixed, left=False) == block_runs(plain, left=False)
    assert not any(it.ys for it in block_runs(plain, left=False))
    assert block_runs(mixed, left=True) != block_runs(plain, left=True)


def test_the_issue_lang_is_the_default_of_blocks(tmp_path, monkeypatch):
    fonts = shipped_only(monkeypatch)
    body = PAGE.replace(' lang="zh-Hant-TW"', "").replace('<article id="cn"', '<article id="cn" lang="zh-Hans"')
    result = layout_issue(str(issue_file(tmp_path, body, issue_lang="zh-Hant-TW")), fonts=fonts)
    assert [w.element for w in result.warnings if "Traditional" in w.message] == ["tw"]
    assert any(it.ys for it in block_runs(result, left=True))
    assert not any(it.ys for it in block_runs(result, left=False))


@pytest.mark.skipif(installed().regional_face("song", "TW") is None,
                    reason="no Noto Serif CJK TC installed (Debian fonts-noto-cjk)")
def test_with_noto_cjk_tc_installed_the_article_takes_its_forms(tmp_path):
    fonts = installed()
    result = layout_issue(str(issue_file(tmp_path, PAGE)), fonts=fonts)
    tw = block_runs(result, left=True)
    faces = {fonts.source(it.face).family for it in tw if fonts.source(it.face)}
    assert {"Noto Serif CJK TC", "Noto Sans CJK TC"} <= faces
    assert not any("Noto" in f and "TC" not in f for f in faces)
    lang = [w.message for w in result.warnings if "Traditional" in w.message]
    # Kai has no Traditional face in fonts-noto-cjk: only it is named
    assert all("Song" not in m and "Hei" not in m for m in lang)
    for it in tw:                                # the TC face centres the marks itself: no move needed
        if fonts.source(it.face) and fonts.source(it.face).family == "Noto Serif CJK TC":
            assert not it.ys
    assert {it.face for it in block_runs(result, left=False)} <= set(SHIPPED_FILES)


@pytest.mark.skipif(installed().regional_face("song", "HK") is None,
                    reason="no Noto Serif CJK HK installed (Debian fonts-noto-cjk)")
def test_hong_kong_text_takes_the_hk_faces(tmp_path):
    fonts = installed()
    result = layout_issue(str(issue_file(tmp_path, PAGE.replace("zh-Hant-TW", "zh-HK"))), fonts=fonts)
    faces = {fonts.source(it.face).family for it in block_runs(result, left=True) if fonts.source(it.face)}
    assert "Noto Serif CJK HK" in faces and "Noto Serif CJK TC" not in faces


def test_simplified_is_the_default():
    assert variant_of("") is SIMPLIFIED and variant_of("zh-Hans") is SIMPLIFIED
