"""One test per rule of §1.2–§1.6 (prohibitions, compression, justification,
CJK–Latin spacing) and per composer option, with the §1.9 mock font."""
from __future__ import annotations

import pytest
from pytest import approx

from compose_mock import SIZE, MockMetrics, compose, runs, texts, xs
from typeset.compose import ComposerSettings, StyledRun, compose_paragraph, classify
from typeset.compose import classes as C
from typeset.compose.justify import build_line
from typeset.compose.prepare import prepare

HAN15 = "一二三四五六七八九十一二三四五"
HAN16 = HAN15 + "六"


# -- §1.2 prohibitions ----------------------------------------------------------

@pytest.mark.parametrize("mark", list("”）》、，；：。？！～–·%"))
def test_r1_no_start_marks_never_begin_a_line(mark):
    lines = compose(HAN16 + mark + "七八")
    assert all(not line.text.startswith(mark) for line in lines)
    assert lines[0].extent == approx(16 * SIZE)


@pytest.mark.parametrize("mark", list("“（《【"))
def test_r2_open_marks_never_end_a_line(mark):
    lines = compose(HAN15 + mark + "六七")
    assert lines[0].text == HAN15 and lines[1].text.startswith(mark)


def test_r2_prefix_stays_with_its_number():
    lines = compose(HAN15 + "$100元")
    assert lines[1].text.startswith("$100")


def test_r3_solidus_neither_starts_nor_ends_a_line():
    for text in (HAN16 + "/七八", HAN15 + "/六七八"):
        for line in compose(text)[1:]:
            assert not line.text.startswith("/")
        assert not compose(text)[0].text.endswith("/")


def test_r4_strict_bars_ellipsis_at_line_start_gb_allows_it():
    text = HAN15 + "……六七"
    assert compose(text)[1].text == "……六七"
    assert compose(text, ComposerSettings(level="strict"))[1].text == "五……六七"


@pytest.mark.parametrize("unit", ["——", "……", "4,000", "12.5", "$100", "95%", "5km", "typeset"])
def test_r5_units_are_never_split(unit):
    for lead in range(12, 17):
        lines = compose(HAN16[:lead] + unit + "七八九")
        assert any(unit in line.text for line in lines), (lead, texts(lines))


def test_r5_number_and_han_unit_break_only_with_the_option():
    text = HAN15[:13] + "5000万元"
    assert texts(compose(text)) == [HAN15[:13] + "5000", "万元"]
    kept = compose(text, ComposerSettings(keep_number_with_cjk_unit=True))
    assert texts(kept) == [HAN15[:13], "5000万元"]


def test_r6_two_em_dashes_are_one_dash_unit_one_is_a_connector():
    assert classify("——") == [C.DASH, C.DASH]
    assert classify("一—二") == [C.HAN, C.CONNECTOR, C.HAN]
    lines = compose(HAN16 + "—七八")              # a single — may not start a line (R1)
    assert not lines[1].text.startswith("—")


def test_r7_unplaceable_mark_runs_are_relaxed_not_lost():
    text = HAN15 + "。" * 40
    lines = compose(text)
    assert "".join(texts(lines)) == text
    assert all(line.extent == approx(16 * SIZE) for line in lines[:-1])


# -- §1.3 push-in / push-out / hanging ---------------------------------------------

def test_push_out_first_moves_a_character_instead_of_shrinking():
    lines = compose("一二三，四五六七八九十一二三四五，六七八。",
                    ComposerSettings(kinsoku="push_out_first"))
    assert texts(lines) == ["一二三，四五六七八九十一二三四", "五，六七八。"]
    assert lines[0].gaps_expand_em == approx(1 / 13)


def test_hanging_never_hangs_a_second_consecutive_mark():
    lines = compose(HAN16 + "”，七八", ComposerSettings(hanging=True))
    assert texts(lines) == [HAN15, "六”，七八"]
    assert all(g.x < 16 * SIZE for line in lines for g in line.glyphs)


# -- §1.4 widths and compression ----------------------------------------------------

@pytest.mark.parametrize("pair, expect", [("）。", 1.5), ("。”", 1.5), ("：“", 1.5),
                                          ("“《", 1.5), ("。“", 1.5)])
def test_c1_adjacent_marks_take_one_and_a_half_em(pair, expect):
    (line,) = compose("一" + pair + "二")
    assert xs(line)[-1] == ("二", 1 + expect)


TIGHT = ComposerSettings(adjacent_marks="tight")


@pytest.mark.parametrize("pair", ["）。", "。”", "：“", "“《", "。“", "，“", "」』"])
def test_c1_tight_adjacent_marks_take_one_em(pair):
    """C1: "a 'tight' style may go to 1 em" — both marks of the pair at ½ em."""
    (line,) = compose("一" + pair + "二", TIGHT)
    assert xs(line)[-1] == ("二", 2.0)


def test_c1_tight_runs_of_marks_and_their_ink():
    (line,) = compose("一）。”二", TIGHT)          # ½ + ½ + ½
    assert xs(line)[-1] == ("二", 2.5)
    (line,) = compose("一“《二", TIGHT)            # both OPENs keep their ink in the right half
    assert xs(line) == [("一", 0), ("“", 0.5), ("《", 1.0), ("二", 2.0)]
    (line,) = compose("一。二", TIGHT)              # a lone mark is not a pair: 1 em
    assert xs(line)[-1] == ("二", 2.0)


def test_c1_tight_line_ends_still_follow_c3_and_grid_strict():
    text = HAN15[:14] + "。”" + "七八"
    for settings, extent in ((TIGHT, 16.0), (ComposerSettings(adjacent_marks="tight", grid_strict=True), 16.0)):
        lines = compose(text, settings)
        assert texts(lines)[0].endswith("。”") and lines[0].extent == approx(extent * SIZE)
    with pytest.raises(ValueError):
        ComposerSettings(adjacent_marks="1em")


def test_c1_brackets_hug_their_content():
    (line,) = compose("一“《二")              # OPEN + OPEN: the second loses its left half
    assert xs(line) == [("一", 0), ("“", 1), ("《", 1.5), ("二", 2.5)]


def test_c2_question_and_exclamation_pairs():
    (line,) = compose("一？？？二")
    assert xs(line)[-1] == ("二", 3.0)        # ？？？ takes 2 em


def test_c3_any_mark_at_line_end_is_half_em():
    lines = compose(HAN15 + "”。一二")
    assert lines[0].text == HAN15 + "”。"
    assert lines[0].extent == approx(16 * SIZE)   # ” ½ (C1) + 。 ½ (C3)


def test_c4_open_at_paragraph_start_half_and_full():
    (half,) = compose("“一二三", indent_em=2)
    assert half.indent == approx(1.5 * SIZE) and xs(half)[:2] == [("“", 1.0), ("一", 2.0)]
    (full,) = compose("“一二三", ComposerSettings(open_at_line_start="full"), indent_em=2)
    assert full.indent == approx(2 * SIZE) and xs(full)[:2] == [("“", 2.0), ("一", 3.0)]


def test_c4_full_keeps_open_mark_whole_at_line_start():
    lines = compose(HAN15 + "“六七八”", ComposerSettings(open_at_line_start="full"))
    assert xs(lines[1])[:2] == [("“", 0.0), ("六", 1.0)]


def test_c5_middle_dot_is_a_centred_half_em_cell():
    metrics = MockMetrics(overrides={"·": 0.327})   # NS advance (§1.1 font traps)
    (line,) = compose("阿加莎·克里斯蒂", metrics=metrics)
    dot = xs(line)[3]
    assert dot == ("·", round(3 + (0.5 - 0.327) / 2, 3))
    assert xs(line)[4] == ("克", 3.5)


def test_c5_no_expansion_beside_the_middle_dot():
    lines = compose("一二三四五六七八九十一二三阿加莎·克里斯蒂")
    dot = [g for g in lines[1].glyphs if g.char == "·"]
    assert not dot or lines[1].last
    line = compose("一二三四五六七八九十一二莎·克·" + "里斯蒂")[0]
    cells = xs(line)
    k = [c for c, _ in cells].index("·")
    assert cells[k + 1][1] - cells[k][1] == approx(0.5)


def test_c6_compression_and_prohibitions_cross_run_boundaries():
    metrics = MockMetrics()
    split = [StyledRun("他说：", "hei", SIZE), StyledRun("“好。”我们走吧。", "song", SIZE)]
    (line,) = compose_paragraph(split, 16 * SIZE, metrics, indent_em=0)
    assert xs(line) == xs(compose("他说：“好。”我们走吧。")[0])
    assert [g.face for g in line.glyphs[:4]] == ["hei", "hei", "hei", "song"]
    lines = compose_paragraph([StyledRun(HAN16, "hei", SIZE), StyledRun("，七八", "song", SIZE)],
                              16 * SIZE, metrics, indent_em=0)
    assert not lines[1].text.startswith("，")


@pytest.mark.parametrize("style, widths", [
    ("kaiming", {"，": 0.5, "。": 1.0, "“": 0.5}),
    ("banjiao", {"，": 0.5, "。": 0.5, "“": 0.5}),
    ("quanjiao", {"，": 1.0, "。": 1.0, "“": 1.0}),
])
def test_punct_styles_mid_line_widths(style, widths):
    for mark, width in widths.items():
        (line,) = compose("一二" + mark + "三", ComposerSettings(punct_style=style))
        assert xs(line)[-1] == ("三", 2 + width), mark


def test_hangmobanjiao_full_mid_line_half_at_line_end():
    (line,) = compose("一二。”三四", ComposerSettings(punct_style="hangmobanjiao"))
    assert xs(line)[4] == ("三", 4.0)           # no C1: 。” = 2 em
    lines = compose(HAN15 + "。一二", ComposerSettings(punct_style="hangmobanjiao"))
    assert lines[0].text == HAN15 + "。" and lines[0].gaps_expand_em == approx(1 / 28)


# -- §1.5 justification ---------------------------------------------------------------

def test_shrink_order_brackets_before_pauses():
    lines = compose("一（二）三，四五六七八九十一二三，七八")
    assert lines[0].text == "一（二）三，四五六七八九十一二三，"
    assert xs(lines[0])[:7] == [("一", 0), ("（", 0.75), ("二", 1.75), ("）", 2.75),
                                ("三", 3.5), ("，", 4.5), ("四", 5.5)]


def test_shrink_order_pauses_before_stops():
    lines = compose("一二，三四。五六七八九十一二三四，完了")
    assert xs(lines[0])[:6] == [("一", 0), ("二", 1), ("，", 2), ("三", 2.5),
                                ("四", 3.5), ("。", 4.5)]
    assert xs(lines[0])[6] == ("五", 5.5)       # 。 kept whole


def test_shrink_step_2_word_spaces_down_to_a_quarter():
    metrics = MockMetrics(space=0.5)
    p = prepare(runs("一ab cd二三"), metrics, ComposerSettings())
    line = build_line(p, 0, 7, 4.75, 0.0)       # natural 5 em; the ½-em space gives ¼
    assert line.shrink_em == approx(0.25)
    assert xs(line)[3:5] == [(" ", 2.25), ("c", 2.5)]


@pytest.mark.parametrize("measure, positions", [
    (7.0, [0, 1, 2.25, 2.75, 3.25, 3.75, 4.25, 5.0, 6.0]),     # step 1: the space only
    (7.1, [0, 1, 2.3, 2.8, 3.3, 3.8, 4.3, 5.1, 6.1]),          # step 2: CJK–Latin gaps
    (7.5, [0, 1.167, 2.5, 3.0, 3.5, 4.0, 4.5, 5.333, 6.5]),    # step 3: the other gaps
])
def test_expand_order_spaces_then_latin_gaps_then_the_rest(measure, positions):
    p = prepare(runs("一二ab cd三四。五六"), MockMetrics(), ComposerSettings())
    line = build_line(p, 0, 9, measure, 0.0)
    assert [x for _, x in xs(line)] == positions
    assert line.extent == approx(measure * SIZE)


def test_no_expansion_after_open_or_before_close_pause_stop():
    p = prepare(runs("一“二”，三。四五六"), MockMetrics(), ComposerSettings())
    line = build_line(p, 0, 9, 10.0, 0.0)        # natural 8.5 em, 4 gaps may stretch
    x = dict((c, v) for c, v in xs(line))
    assert x["二"] - x["“"] == approx(1.0)      # not after OPEN
    assert x["”"] - x["二"] == approx(1.0)      # not before CLOSE
    assert x["，"] - x["”"] == approx(0.5)      # not before PAUSE (and C1)
    assert x["。"] - x["三"] == approx(1.0)      # not before STOP
    assert line.gaps_expand_em == approx(1.5 / 4)


def test_no_expansion_inside_dash_ellipsis_digits_or_words():
    lines = compose("一——二……三1234五word六七。八九")
    assert lines[0].text.endswith("七。") and lines[0].gaps_expand_em > 0
    cells = xs(lines[0])
    for a, b in [(1, 2), (4, 5), (7, 8), (8, 9), (12, 13)]:
        assert cells[b][1] - cells[a][1] == approx(1.0 if a < 5 else 0.5), (a, b)
    assert lines[0].extent == approx(16 * SIZE)


def test_last_line_flush_left_natural_and_shrunk_when_it_overruns():
    (line,) = compose("一二")
    assert line.last and line.natural == approx(2 * SIZE) and line.gaps_expand_em == 0
    lines = compose("一二三，四五六七八九十一二三四五。")   # 17 em: ， and 。 give ½ each
    assert len(lines) == 1 and lines[0].shrink_em == approx(1.0)


def test_orphan_control_can_be_switched_off():
    text = "一二三四五六七八九十一二三四五。"
    assert texts(compose(text, indent_em=2, settings=ComposerSettings(orphan_control=False)))[-1] == "五。"


def test_greedy_breaker_agrees_on_the_vectors():
    g = ComposerSettings(breaker="greedy")
    assert texts(compose("一二三四五六七八九十一二三四五六，七八九。", g)) == [HAN15, "六，七八九。"]
    assert texts(compose("一二三，四五六七八九十一二三四五，六七八。", g))[1] == "六七八。"
    assert texts(compose("一二三四五六七八九十一二三四五。", g, indent_em=2))[1] == "四五。"


# -- §1.6 CJK–Latin ---------------------------------------------------------------------

def test_l1_no_gap_next_to_cjk_marks():
    (line,) = compose("一（ab）二")
    assert xs(line) == [("一", 0), ("（", 1), ("a", 2), ("b", 2.5), ("）", 3), ("二", 4)]


def test_l2_fullwidth_letters_are_ideographs():
    (line,) = compose("一ＡＢ二")
    assert xs(line) == [("一", 0), ("Ａ", 1), ("Ｂ", 2), ("二", 3)]


def test_l4_long_words_hyphenate_only_when_moving_them_is_worse():
    lines = compose("一二三四五六七八" + "internationalization" + "九十")
    assert any(g.drawn == "-" and g.char == "" for g in lines[0].glyphs)
    assert "".join(texts(lines)) == "一二三四五六七八internationalization九十"
    assert lines[0].extent == approx(16 * SIZE)
    short = compose("一二三四五六七八九十一二三四" + "format" + "九十")
    assert not any(g.drawn == "-" for line in short for g in line.glyphs)


def test_l4_no_hyphen_when_switched_off():
    lines = compose("一二三四五六七八" + "internationalization" + "九十",
                    ComposerSettings(hyphenate=False))
    assert not any(g.drawn == "-" for line in lines for g in line.glyphs)


# -- glyph details ------------------------------------------------------------------------

def test_missing_glyph_draws_geta_mark_and_keeps_the_char():
    (line,) = compose("一龘二", metrics=MockMetrics(missing="龘"))
    assert line.glyphs[1].char == "龘" and line.glyphs[1].draw == "\u3013"


def test_em_dash_drawn_with_the_horizontal_bar_glyph():
    (line,) = compose("一——二")
    assert [g.drawn for g in line.glyphs[1:3]] == ["\u2015", "\u2015"]
    assert line.text == "一——二"


@pytest.mark.parametrize("text, after", [("共10人", 3.0), ("共2025年", 4.0), ("共12.5人", 4.0)])
def test_l3_grid_mode_latin_runs_span_whole_ems(text, after):
    (line,) = compose(text, ComposerSettings(grid_strict=True))
    assert xs(line)[-1] == (text[-1], after)
    lines = compose(HAN15[:12] + "10" + HAN15[:6], ComposerSettings(grid_strict=True))
    assert [x for _, x in xs(lines[0])] == list(range(12)) + [12.5, 13, 14, 15]


def test_runs_of_another_size_are_measured_in_body_em():
    split = [StyledRun("一二", "song", SIZE), StyledRun("大", "hei", 2 * SIZE), StyledRun("三", "song", SIZE)]
    (line,) = compose_paragraph(split, 16 * SIZE, MockMetrics(), indent_em=0)
    assert xs(line) == [("一", 0), ("二", 1), ("大", 2), ("三", 4)]
    assert line.glyphs[2].size == 2 * SIZE


def test_empty_paragraph_is_one_empty_last_line():
    (line,) = compose_paragraph([], 16 * SIZE, MockMetrics())
    assert line.last and line.text == "" and line.glyphs == ()


def test_word_space_at_a_break_is_kept_but_takes_no_width():
    lines = compose(HAN15 + " word七八九")
    assert texts(lines) == [HAN15 + " ", "word七八九"]
    assert lines[0].extent == approx(16 * SIZE) and lines[0].gaps_expand_em == approx(1 / 14)


def test_hung_mark_gives_no_shrink_in_grid_strict_mode():
    """Regression (hypothesis): the hung ， counted its own blank as shrink."""
    opts = ComposerSettings(grid_strict=True, hanging=True)
    lines = compose("一一一，一一一，一一·一一一一，一一", opts, indent_em=2)
    for line in lines[:-1]:
        assert line.extent == approx(16 * SIZE)


def _dateline_paragraph(role: str) -> list:
    return [StyledRun("本报讯（记者 钟离䶮）", "hei", SIZE, role=role),
            StyledRun("今年六十八岁的欧阳兰芳从小跟着外婆学剪纸，一剪就是半个多世纪。", "song", SIZE)]


def test_a_dateline_that_would_letter_space_the_indented_line_is_set_without_the_indent():
    """11 em: the indented line holds 9 em, 本报讯（记者 钟离䶮） is 10¼ and the
    name stays whole, so with the indent the line would be 本 报 讯 （记 者."""
    lines = compose_paragraph(_dateline_paragraph("dateline"), 11 * SIZE, MockMetrics(), indent_em=2)
    assert lines[0].indent == 0 and lines[0].gaps_expand_em <= 0.25
    assert lines[0].text.startswith("本报讯（记者 钟离䶮）")
    indented = compose_paragraph(_dateline_paragraph("text"), 11 * SIZE, MockMetrics(), indent_em=2)
    assert indented[0].indent == approx(2 * SIZE) and indented[0].gaps_expand_em > 0.25


def test_a_dateline_that_fits_the_indented_line_keeps_the_indent():
    lines = compose_paragraph(_dateline_paragraph("dateline"), 16 * SIZE, MockMetrics(), indent_em=2)
    assert lines[0].indent == approx(2 * SIZE)
