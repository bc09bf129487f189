"""Headlines wrap (issue 12 §2): 1–3 balanced lines at the style's size,
between words (jieba) — never inside a name or a number — shrinking only to
min_size, then overset with a warning naming the block; tracking (字距) and
a CJK–Latin gap kept small at display sizes (page-making.md "Headlines").

The square test font (rule book §1.9): Han and full-width marks 1 em,
digits, Latin and % ½ em, so every width below is exact.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from typeset.compose import ComposerSettings
from typeset.display import TextRun
from typeset.errors import InputError
from typeset.flow import words
from typeset.flow.headlines import GAP_CAP_PT, HeadSetter, display_gap_em, min_size
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, Style, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
SIZE = 20.0
HEAD = Style("song-bold", SIZE)


@pytest.fixture
def heads(square):
    return HeadSetter(square, ComposerSettings())


def texts(head):
    return [line.text for line in head.lines]


def widths(head):
    return [line.natural for line in head.lines]


# -- 1, 2 and 3 lines ---------------------------------------------------------------

def test_a_head_that_fits_stays_on_one_line_at_its_size(heads):
    head = heads.set("我区启动老旧小区加装电梯", HEAD, 12 * SIZE, 16.0)
    assert (texts(head), head.size, head.outcome) == (["我区启动老旧小区加装电梯"], SIZE, "fit")


def test_a_head_too_long_for_one_line_breaks_into_two_at_its_size(heads):
    head = heads.set("我区启动老旧小区加装电梯", HEAD, 8 * SIZE, 16.0)
    assert head.size == SIZE and head.outcome == "wrapped"
    assert texts(head) == ["我区启动老旧", "小区加装电梯"]            # 6 + 6 em: even


def test_a_longer_head_takes_three_even_lines(heads):
    head = heads.set("我区启动老旧小区加装电梯三年行动计划", HEAD, 7 * SIZE, 16.0)
    assert texts(head) == ["我区启动老旧", "小区加装电梯", "三年行动计划"]
    assert head.size == SIZE


def test_two_lines_are_the_most_even_word_break(heads):
    """Of all breaks between words, the one with the least difference."""
    text = "街道社区卫生服务中心迎来新一批家庭医生"
    head = heads.set(text, HEAD, 12 * SIZE, 16.0)
    assert len(head.lines) == 2
    best = min(abs(2 * k - len(text)) for k in words.word_breaks(text) if max(k, len(text) - k) <= 12)
    assert abs(widths(head)[0] - widths(head)[1]) == best * SIZE


def test_lines_never_start_with_a_closing_mark(heads):
    """避头尾 (R1) from the composer's classes: ”，。 stay at the line end."""
    head = heads.set("“文明”先行，打造幸福社区，共建美好家园", HEAD, 8 * SIZE, 16.0)
    assert len(head.lines) >= 2
    for line in head.lines[1:]:
        assert line.text[0] not in "”，。：；、！？）》"
    assert "".join(texts(head)) == "“文明”先行，打造幸福社区，共建美好家园"


def test_a_break_at_a_space_drops_the_space(heads):
    head = heads.set("“文明”先行 打造幸福社区", HEAD, 7 * SIZE, 16.0)
    assert texts(head) == ["“文明”先行", "打造幸福社区"]


def test_a_head_divided_by_a_space_turns_at_the_space_though_the_lines_are_uneven(heads):
    """8 + 11 em at the space, not 智慧社区建设提速 十项 / 便民服务“一网通办”
    (more even, but inside the editor's second phrase): a spaced head turns
    at its space while the shorter line keeps ⅗ of the longer."""
    head = heads.set("智慧社区建设提速 十项便民服务“一网通办”", HEAD, 12 * SIZE, 16.0)
    assert texts(head) == ["智慧社区建设提速", "十项便民服务“一网通办”"]


def test_a_space_does_not_win_over_lines_far_from_even(heads):
    """3 + 14 em at the space would leave a stub: the even break wins."""
    head = heads.set("新征程 全区上下奋力推进高质量发展再上新台阶", HEAD, 14 * SIZE, 16.0)
    assert len(head.lines) == 2 and min(widths(head)) > 6 * SIZE


# -- names and numbers stay whole ------------------------------------------------------

def test_a_compound_surname_stays_with_its_given_name(heads):
    """jieba cuts 欧阳|娜娜; the even break 青年代表欧阳|娜娜发言 (6 + 4, the
    longer first line) would split the name: 青年代表|欧阳娜娜发言 instead."""
    assert words.segment("青年代表欧阳娜娜发言")[2:4] == ("欧阳", "娜娜")
    head = heads.set("青年代表欧阳娜娜发言", HEAD, 6 * SIZE, 16.0)
    assert texts(head) == ["青年代表", "欧阳娜娜发言"]


def test_a_name_found_by_the_hmm_is_not_split(heads):
    head = heads.set("获奖学生王堃代表发言", HEAD, 6 * SIZE, 16.0)
    assert texts(head) == ["获奖学生王堃", "代表发言"]
    assert all(not t.endswith("王") and not t.startswith("堃") for t in texts(head))


@pytest.mark.parametrize("width_em", [7, 8, 9, 10])
def test_a_number_and_its_unit_stay_whole(heads, width_em):
    """2026年 and 6.1% never break, whatever the width puts near them."""
    head = heads.set("全市居民收入2026年增长6.1%创新高", HEAD, width_em * SIZE, 16.0)
    joined = "|".join(texts(head))
    assert "2026年" in joined and "6.1%" in joined, joined
    assert len(head.lines) >= 2


def test_a_transliterated_name_stays_whole(heads):
    head = heads.set("阿加莎·克里斯蒂新书首发式在京举行", HEAD, 9 * SIZE, 16.0)
    assert "阿加莎·克里斯蒂" in texts(head)[0]


# -- shrinking to min_size, then overset ----------------------------------------------

def test_a_head_that_three_lines_cannot_hold_shrinks_but_not_below_min_size(heads):
    text = "我区启动老旧小区加装电梯三年行动计划"          # 18 em: 3 × 6 em at best
    head = heads.set(text, HEAD, 5.5 * SIZE, 16.0)
    assert head.outcome == "shrunk" and len(head.lines) == 3
    assert 16.0 <= head.size < SIZE
    assert max(widths(head)) <= 5.5 * SIZE + 1e-6


def test_below_min_size_a_head_is_overset_at_min_size(heads):
    text = "我区启动老旧小区加装电梯三年行动计划"
    head = heads.set(text, HEAD, 4 * SIZE, 18.0)
    assert head.outcome == "overset" and head.size == 18.0
    assert len(head.lines) > 3 and max(widths(head)) <= 4 * SIZE
    assert all(g.size >= 18.0 for line in head.lines for g in line.glyphs)


def test_the_editors_lines_are_kept_and_shrink_together(heads):
    head = heads.set_forced(("我区启动老旧小区", "加装电梯三年行动计划"), HEAD, 9 * SIZE, 16.0)
    assert [texts(h) for h in head] == [["我区启动老旧小区"], ["加装电梯三年行动计划"]]
    assert head[0].size == head[1].size == 18.0                  # 10 em into 9 em: 18 pt both


def test_min_size_defaults_to_four_fifths_but_not_under_the_body():
    assert min_size(Style("song-bold", 30.0), 9.0) == 24.0
    assert min_size(Style("hei", 10.0), 9.0) == 9.0               # 8 pt would be under the body
    assert min_size(Style("hei", 8.0), 9.0) == 8.0                # never above the size
    assert min_size(Style("song-bold", 30.0, extra={"min_size": "0.9em"}), 9.0) == 27.0
    assert min_size(Style("song-bold", 30.0, extra={"min_size": "二号"}), 9.0) == 22.0


# -- tracking and the display CJK–Latin gap ---------------------------------------------

def test_tracking_spaces_characters_but_not_inside_numbers_or_dashes(heads):
    plain = heads.line("共10人——一二", "song-bold", SIZE)
    tracked = heads.line("共10人——一二", "song-bold", SIZE, 0.1)
    step = [round(t.x - p.x, 6) for t, p in zip(tracked.glyphs, plain.glyphs)]
    # 共 | 1 0 | 人 | —— | 一 | 二: 2 pt after each but inside 10 and ——
    assert step == [0, 2, 2, 4, 6, 6, 8, 10]
    assert tracked.natural == plain.natural + 10


def test_tracking_is_read_from_the_style(heads):
    loose = Style("song-bold", SIZE, extra={"tracking": 0.05})
    head = heads.set("我区启动老旧小区", loose, 12 * SIZE, 16.0)
    assert head.lines[0].natural == pytest.approx(8 * SIZE + 7 * 0.05 * SIZE)


def test_the_cjk_latin_gap_stops_growing_at_display_sizes(heads):
    """L1's ¼ em up to 12 pt; then GAP_CAP_PT (page-making: kept small), not under ⅛ em."""
    assert display_gap_em(9.0) == 0.25
    assert display_gap_em(24.0) * 24.0 == GAP_CAP_PT
    assert display_gap_em(48.0) == 0.125
    line = heads.line("共10人", "song-bold", 24.0)
    one = next(g for g in line.glyphs if g.char == "1")
    assert one.x == pytest.approx(24.0 + GAP_CAP_PT)              # not 24 + 6 pt


# -- through the layout: the head area grows by whole grid lines --------------------------

LONG = "我区启动老旧小区加装电梯三年行动计划"


def _article(headline, span=1, extra=""):
    return (f'<article id="a" col="1" span="{span}" line="1">{extra}<headline>{headline}</headline>'
            f'<p>{"正文一段。" * 30}</p></article>')


def head_runs(result):
    """The headline's runs (not the page header's 38 pt paper name)."""
    return [it for it in result.pages[0].items if isinstance(it, TextRun) and it.face == "song-bold"
            and GRID.body_size + 1 < it.size < 30]


def body_tops(result):
    return sorted({it.y for it in result.pages[0].items if isinstance(it, TextRun) and it.face == "song"})


def test_in_a_page_the_head_wraps_and_its_area_grows_by_whole_lines(make_issue, square):
    one = layout_issue(make_issue(_article("加装电梯")), fonts=square)
    three = layout_issue(make_issue(_article(LONG)), fonts=square)
    runs = head_runs(three)
    assert len({r.y for r in runs}) == 3                       # 22 pt (narrow_size), 3 lines
    assert {r.size for r in runs} == {22.0}
    assert all(r.x >= GRID.left - 1e-6 and r.x + len(r.text) * 22 <= GRID.left + GRID.column_width + 1e-6
               for r in runs)
    grown = (body_tops(three)[0] - body_tops(one)[0]) / GRID.pitch
    assert grown == pytest.approx(round(grown)) and grown >= 2    # whole grid lines
    assert body_tops(three)[0] > max(r.y for r in runs)
    assert not [w for w in three.warnings if w.code == "layout"]     # neither shrunk nor overset


def test_kicker_and_subhead_wrap_too(make_issue, square):
    kicker = "<kicker>全市居民收入2026年增长6.1%再创新高</kicker>"
    result = layout_issue(make_issue(_article("加装电梯", extra=kicker)), fonts=square)
    kick = [it for it in result.pages[0].items if isinstance(it, TextRun) and it.face == "hei" and it.size == 14.0]
    assert len({r.y for r in kick}) == 2 and {r.size for r in kick} == {14.0}


def test_an_overset_head_is_reported_naming_its_block(make_issue, square, tmp_path):
    tpl = (tmp_path / "tight.toml")
    tpl.write_text(f'extends = "{BUILTIN_DIR}/bulletin.toml"\n[styles.headline]\nmin_size = "21pt"\n',
                   encoding="utf-8")
    path = make_issue(_article(LONG * 2), template="tight")
    result = layout_issue(path, fonts=square)
    overset = [w for w in result.warnings if "min_size" in w.message]
    assert len(overset) == 1 and overset[0].element == "a" and overset[0].line > 0
    assert all(r.size >= 21.0 for r in head_runs(result))
    a = next(b for b in result.blocks if b.id == "a")            # and check counts it as 超版
    assert a.status == "overset" and a.overset_lines >= 1


# -- template keys ------------------------------------------------------------------------

@pytest.mark.parametrize("line, fragment", [
    ('min_size = "30pt"', "min_size"),            # above the 小一 size
    ("min_size = 0", "min_size"),
    ('min_size = "big"', "min_size"),
    ("tracking = -0.2", "tracking"),
    ('tracking = "wide"', "tracking"),
    ("tracking = 0.8", "tracking"),
])
def test_bad_min_size_and_tracking_are_refused_naming_the_key(tmp_path, line, fragment):
    tpl = tmp_path / "bad.toml"
    tpl.write_text(f'extends = "{BUILTIN_DIR}/bulletin.toml"\n[styles.headline]\n{line}\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_template(str(tpl))
    assert fragment in str(e.value) and "headline" in str(e.value)


def test_good_min_size_and_tracking_are_read(tmp_path):
    tpl = tmp_path / "good.toml"
    tpl.write_text(f'extends = "{BUILTIN_DIR}/bulletin.toml"\n[styles.headline]\nmin_size = "0.9em"\n'
                   "tracking = -0.05\n", encoding="utf-8")
    style = load_template(str(tpl)).style("headline")
    assert style.extra["tracking"] == -0.05 and min_size(style, 9.0) == pytest.approx(0.9 * style.size)


# -- jieba: quiet, cached in our cache dir, loaded only when needed ----------------------------

def test_jieba_loads_quietly_with_its_cache_in_our_cache_dir(monkeypatch, tmp_path, capfd):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    monkeypatch.setattr(words, "_STORED", None)
    words.segment.cache_clear()
    try:
        assert words.segment("王堃获得一等奖")[0] == "王堃"
    finally:
        words.segment.cache_clear()
    out, err = capfd.readouterr()
    assert "prefix dict" not in err and "Loading model" not in err and not out
    assert list((tmp_path / "jieba").glob("jieba-*.cache"))
    # jieba's own stderr handler is gone (pytest's capture handlers, which
    # are StreamHandlers too, may sit on a logger that does not propagate)
    assert not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
                   and not type(h).__module__.startswith("_pytest")
                   for h in logging.getLogger("jieba").handlers)


def test_a_head_that_fits_never_loads_jieba(heads, monkeypatch):
    def refuse():
        raise AssertionError("jieba loaded for a head that fits")
    monkeypatch.setattr(words, "_tokenizer", refuse)
    words.segment.cache_clear()
    heads.set("加装电梯", HEAD, 10 * SIZE, 16.0)


# -- the 四开 test issue (tests/data/headlines): real fonts, narrow spans --------------------

ISSUE = Path(__file__).parent.parent / "data" / "headlines" / "headlines.xml"


@pytest.fixture(scope="module")
def quarto():
    return layout_issue(str(ISSUE))


def _blocks_by_id(result):
    return {b.id: b for b in result.blocks}


def test_the_quarto_issue_oversets_only_the_heads_too_long_for_one_column(quarto):
    overset = sorted(w.element for w in quarto.warnings if "min_size" in w.message)
    assert overset == ["too-long", "wang"]


def test_no_head_glyph_of_the_quarto_issue_is_under_its_min_size(quarto):
    """min_size is 0.85 em of the headline sizes (16, 22, 24 pt): 13.6 pt at
    the least, and only the two overset heads are set that small."""
    tpl = load_template(str(ISSUE.parent / "quarto8.toml"))
    heads = [it for page in quarto.pages for it in page.items
             if isinstance(it, TextRun) and it.face == "song-bold" and 12 < it.size < 38]
    assert heads and min(r.size for r in heads) >= 0.85 * 16 - 1e-6
    assert {round(r.size, 1) for r in heads if r.size < 16} == {13.6}
    assert tpl.style("headline").extra["min_size"] == "0.85em"


def test_the_quarto_banner_wraps_after_the_dash_not_inside_a_phrase(quarto):
    banner = [it for it in quarto.pages[0].items if isinstance(it, TextRun) and it.size == 36.0]
    assert [run.actual or run.text for run in banner] == ["全面推进城市更新行动——", "让老城区焕发新活力 2026年再出发"]


def test_a_rebuild_finds_the_words_on_disk_without_loading_jieba(monkeypatch, tmp_path):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_STORED", None)
    words.segment.cache_clear()
    first = words.segment("青年代表欧阳娜娜发言")
    assert (tmp_path / "jieba" / "words.marshal").is_file()

    def refuse():
        raise AssertionError("jieba loaded on a rebuild")
    monkeypatch.setattr(words, "_tokenizer", refuse)
    monkeypatch.setattr(words, "_STORED", None)                 # a new process
    words.segment.cache_clear()
    try:
        assert words.segment("青年代表欧阳娜娜发言") == first
    finally:
        words.segment.cache_clear()
