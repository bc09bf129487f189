"""Vertical paragraphs (竖排, issue 18 §1; §1.7 V1–V5) with the rule book's mock font.

The breaker is the horizontal one (measure = column height): these tests
check that 避头尾 and 标点挤压 hold down the column exactly as across the
line, that each glyph takes its vertical form, rotation or TCY place, and
that the source text survives.
"""
from __future__ import annotations

import pytest
from pytest import approx

from compose_mock import MEASURE, SIZE, MockMetrics, compose, runs
from typeset.compose import StyledRun
from typeset.compose.classes import NO_START_GB, char_class
from typeset.compose.types import VerticalLine
from typeset.compose.vertical_text import (TCY_PROXY, VerticalAdvances, compose_vertical_paragraph,
                                           tcy_spans)

HAN16 = "一二三四五六七八九十一二三四五六"


def vertical(text: str, height: float = MEASURE, metrics=None, indent_em: float = 0.0, settings=None):
    from typeset.compose import ComposerSettings
    return compose_vertical_paragraph(runs(text), height, metrics or MockMetrics(),
                                      settings or ComposerSettings(), indent_em=indent_em)


def ys(line) -> list[tuple[str, float]]:
    """(char, y in em) of every glyph of a vertical line."""
    return [(g.char, round(g.y / SIZE, 3)) for g in line.glyphs]


def drawn(line) -> str:
    return "".join(g.drawn for g in line.glyphs)


# -- the lines are vertical and keep the source ------------------------------------

def test_lines_are_vertical_lines_that_give_back_the_text():
    text = "第12期共2025人，AI与GDP增长12.5%。“好。”（注）——完……"
    lines = vertical(text)
    assert all(isinstance(line, VerticalLine) and line.direction == "vertical" for line in lines)
    assert "".join(line.text for line in lines) == text
    assert [(line.start, line.end) for line in lines] == [(0, 19), (19, len(text))]
    assert all(text[line.start:line.end] == line.text for line in lines)
    assert compose(text)[0].direction == "horizontal"


def test_an_empty_paragraph_is_one_empty_last_line():
    (line,) = vertical("")
    assert line.glyphs == () and line.last and line.width == MEASURE


# -- breaking: the horizontal rules down the column (避头尾) --------------------------

@pytest.mark.parametrize("mark", ["、", "。", "，", "」", "）", "》", "？", "！", "：", "；"])
def test_kinsoku_no_line_is_topped_by_a_line_start_prohibited_mark(mark):
    assert char_class(mark) in NO_START_GB
    lines = vertical(HAN16 + mark + "七八九。")
    assert len(lines) == 2
    assert lines[1].text[0] not in "、。，」）》？！：；"
    assert lines[1].glyphs[0].y == 0.0                   # what tops the second column line


def test_kinsoku_an_opening_mark_never_ends_a_vertical_line():
    lines = vertical("一二三四五六七八九十一二三四五“六七八”九十。")      # T3, down the column
    assert [line.text for line in lines] == ["一二三四五六七八九十一二三四五", "“六七八”九十。"]
    assert lines[1].glyphs[0].drawn == "\ufe41"


@pytest.mark.parametrize("text", [
    "一二三四五六七八九十一二三四五六，七八九。",          # T1: push-out
    "一二三，四五六七八九十一二三四五，六七八。",          # T2: push-in
    "一二三四五六七八九十一二三四五——六七八",             # T5
    "一二三四五六七八九十一二三四五。六七八九十。",        # T11
    "他说：“好。”我们走吧。",                              # T4
    "真的吗？！（是的）《人民日报》、新华社。",
])
def test_breaks_and_inline_positions_are_the_horizontal_ones(text):
    """Line breaking is direction-independent: the same ranges, and each
    glyph's y down the column is its x across the horizontal line."""
    across, down = compose(text), vertical(text)
    assert [(line.start, line.end) for line in down] == [(line.start, line.end) for line in across]
    for h, v in zip(across, down):
        assert ys(v) == [(g.char, round(g.x / SIZE, 3)) for g in h.glyphs]
        assert (v.width, v.natural, v.extent, v.last) == (h.width, h.natural, h.extent, h.last)


def test_the_first_line_indent_runs_down_the_column():
    lines = vertical(HAN16 + "七八九十", indent_em=2.0)
    assert lines[0].glyphs[0].y == approx(2 * SIZE)
    assert len(lines[0].text) == 14


# -- 标点挤压 down the column (C1–C4) -----------------------------------------------

def test_adjacent_marks_compress_to_one_and_a_half_em_as_across():
    (line,) = vertical("他说：“好。”我们走吧。")            # T4
    assert ys(line)[2:7] == [("：", 2.0), ("“", 2.5), ("好", 3.5), ("。", 4.5), ("”", 5.0)]
    assert ys(line)[-1] == ("。", 10.0)                       # 11 em in all


def test_a_line_end_mark_takes_half_an_em_at_the_column_foot():
    lines = vertical("一二三，四五六七八九十一二三四五，六七八。")      # T2
    assert lines[0].text.endswith("，") and lines[0].shrink_em > 0
    last = lines[0].glyphs[-1]
    assert last.y / SIZE == approx(15.5)                      # ½ em left for its ink (V2: top right)


def test_an_opening_mark_tops_a_line_at_half_an_em():
    lines = vertical("一二三四五六七八九十一二三四五“六七八”九十。")
    assert lines[1].glyphs[0].y == approx(-0.5 * SIZE)        # C4: its upper blank is trimmed


# -- glyphs: vertical forms (V2, V3), rotation (V1), tate-chu-yoko (V5) ----------------

def test_vertical_forms_replace_the_marks_and_keep_the_source():
    (line,) = vertical("甲、乙。丙，“丁”（戊）——己……《庚》")
    assert drawn(line) == ("甲\ufe11乙\ufe12丙\ufe10\ufe41丁\ufe42\ufe35戊\ufe36"
                           "\ufe31\ufe31己\ufe19\ufe19\ufe3d庚\ufe3e")
    assert line.text == "甲、乙。丙，“丁”（戊）——己……《庚》"
    assert all(g.rotate == 0 and g.x == 0.0 for g in line.glyphs)


def test_without_a_vertical_form_tu_marks_stand_and_tr_marks_turn():
    (line,) = vertical("甲，乙：丙", metrics=MockMetrics(missing="\ufe10\ufe13"))
    assert [(g.char, g.drawn, g.rotate) for g in line.glyphs[1::2]] == [("，", "，", 0), ("：", "：", 90)]


def test_two_digit_numbers_are_set_tate_chu_yoko_in_one_em():
    (line,) = vertical("第12期")
    assert [(g.char, g.x / SIZE, g.y / SIZE, g.rotate) for g in line.glyphs] == [
        ("第", 0, 0, 0), ("1", 0, 1, 0), ("2", 0.5, 1, 0), ("期", 0, 2, 0)]


def test_three_digits_share_one_em_compressed():
    (line,) = vertical("第123期")
    digits = line.glyphs[1:4]
    assert all(g.size == approx(SIZE * 2 / 3) and g.rotate == 0 for g in digits)
    assert all(g.y == approx(SIZE + SIZE / 6) for g in digits)        # the ⅔-em box centred down the cell
    assert line.glyphs[-1].y == 2 * SIZE


def test_four_digit_numbers_are_rotated_not_tate_chu_yoko():
    (line,) = vertical("共2025年")
    digits = line.glyphs[1:5]
    assert all(g.rotate == 90 and g.size == SIZE for g in digits)
    # their advance down the column is the horizontal one (½ em), with the L1 ¼-em gaps
    assert [round(g.y / SIZE, 3) for g in digits] == [1.25, 1.75, 2.25, 2.75]
    assert line.glyphs[-1].y / SIZE == approx(3.5)


def test_latin_words_and_decimals_are_rotated():
    (line,) = vertical("增长12.5%，GDP与5G")
    turned = {g.char: g.rotate for g in line.glyphs}
    assert all(turned[ch] == 90 for ch in "12.5%GDP")
    assert [g.rotate for g in line.glyphs if g.char in "5G"][-2:] == [90, 90]


def test_short_abbreviations_stand_side_by_side():
    (line,) = vertical("发展AI产业")
    a, i = line.glyphs[2:4]
    assert (a.rotate, i.rotate, a.y, i.y) == (0, 0, 2 * SIZE, 2 * SIZE)
    assert i.x == approx(0.5 * SIZE)


def test_tcy_spans_are_standalone_short_tokens():
    assert tcy_spans("第12期2025年12.5%第345号AI与GDP和5G") == [(1, 3), (15, 18), (19, 21)]
    assert tcy_spans("10月1日X光a股") == [(0, 2), (3, 4), (5, 6)]


def test_a_lone_digit_or_capital_stands_upright_centred_in_its_cell():
    (line,) = vertical("第8号X光")
    eight, x = line.glyphs[1], line.glyphs[3]
    assert (eight.rotate, eight.y, eight.x) == (0, SIZE, approx(0.25 * SIZE))     # ½-em digit centred
    assert (x.rotate, x.y) == (0, 3 * SIZE)
    assert line.glyphs[2].y == 2 * SIZE                                          # one em each


def test_a_tate_chu_yoko_unit_counts_one_em_for_the_breaker():
    """15 ideographs + a 2-digit number fill 16 em exactly: the number is
    one em wide and takes no L1 gap, so the line needs no expansion."""
    lines = vertical(HAN16[:15] + "12" + "人来了。")
    assert lines[0].text == HAN16[:15] + "12"
    assert lines[0].gaps_expand_em == 0.0 and lines[0].natural == approx(MEASURE)
    # horizontally the digits take 1 em + a ¼-em gap: they go to the next line
    assert compose(HAN16[:15] + "12" + "人来了。")[0].text == HAN16[:15]


def test_a_tate_chu_yoko_unit_is_never_split():
    for k in range(10, 18):
        text = "一" * k + "12" + "二三四五六七八九十"
        assert all(not line.text.startswith("2") for line in vertical(text))


def test_runs_of_another_size_are_centred_across_the_line():
    metrics = MockMetrics()
    lines = compose_vertical_paragraph([StyledRun("正文", "song", SIZE), StyledRun("小字", "song", 8.0)],
                                       MEASURE, metrics, indent_em=0.0)
    small = lines[0].glyphs[2:]
    assert all(g.x == approx((SIZE - 8.0) / 2) for g in small)


def test_vertical_advances_are_the_lengths_down_the_column():
    v = VerticalAdvances(MockMetrics(overrides={"\u00b7": 0.327}))
    assert v.advance("song", "中") == 1.0
    assert v.advance("song", "A") == 0.5                       # rotated: its horizontal advance
    assert v.advance("song", TCY_PROXY) == 1.0                 # a TCY unit: one em (V5)
    assert v.advance("song", "\u00b7") == 0.327                # turned (V1 R)
    assert v.has("song", TCY_PROXY) and v.fallback("song", TCY_PROXY) == "song"
