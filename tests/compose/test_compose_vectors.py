"""Rule book §1.9 test vectors T1–T12 with the mock font, positions included."""
from __future__ import annotations

from pytest import approx

from compose_mock import SIZE, MockMetrics, compose, step, texts, xs
from typeset.compose import ComposerSettings, compose_vertical

HAN16 = "一二三四五六七八九十一二三四五六"


def x_of(line) -> list[float]:
    return [x for _, x in xs(line)]


def test_t1_push_out_when_push_in_impossible():
    lines = compose("一二三四五六七八九十一二三四五六，七八九。")
    assert texts(lines) == ["一二三四五六七八九十一二三四五", "六，七八九。"]
    assert lines[0].gaps_expand_em == approx(1 / 14)
    assert x_of(lines[0]) == step(0, 1 / 14, 15)
    assert x_of(lines[1]) == [0, 1, 2, 3, 4, 5]


def test_t1_hanging_keeps_sixteen_han_and_hangs_the_comma():
    lines = compose("一二三四五六七八九十一二三四五六，七八九。", ComposerSettings(hanging=True))
    assert texts(lines) == [HAN16 + "，", "七八九。"]
    assert x_of(lines[0]) == list(range(17))          # ， hangs at 16 em
    assert lines[0].extent == approx(16 * SIZE)


def test_t2_push_in_shrinks_the_first_comma():
    lines = compose("一二三，四五六七八九十一二三四五，六七八。")
    assert texts(lines) == ["一二三，四五六七八九十一二三四五，", "六七八。"]
    assert lines[0].shrink_em == approx(0.5)
    assert xs(lines[0])[3:5] == [("，", 3.0), ("四", 3.5)]
    assert xs(lines[0])[-1] == ("，", 15.5)           # line-end ， at ½ em (C3)
    assert lines[0].extent == approx(16 * SIZE)


def test_t3_open_quote_pushed_to_next_line_at_half_em():
    lines = compose("一二三四五六七八九十一二三四五“六七八”九十。")
    assert texts(lines) == ["一二三四五六七八九十一二三四五", "“六七八”九十。"]
    assert lines[0].gaps_expand_em == approx(1 / 14)
    assert xs(lines[1])[:2] == [("“", -0.5), ("六", 0.5)]   # ink in 0–½ em (C4)
    assert lines[1].natural == approx(7.5 * SIZE)


def test_t4_adjacent_marks_compress_to_one_and_a_half():
    (line,) = compose("他说：“好。”我们走吧。")
    assert line.natural == approx(11 * SIZE) and line.last
    assert xs(line) == [("他", 0), ("说", 1), ("：", 2), ("“", 2.5), ("好", 3.5),
                        ("。", 4.5), ("”", 5), ("我", 6), ("们", 7), ("走", 8),
                        ("吧", 9), ("。", 10)]
    assert line.gaps_expand_em == 0 and line.shrink_em == 0


def test_t5_dash_may_start_a_line_at_gb_level():
    lines = compose("一二三四五六七八九十一二三四五——六七八")
    assert texts(lines) == ["一二三四五六七八九十一二三四五", "——六七八"]
    assert lines[0].gaps_expand_em == approx(1 / 14)
    assert x_of(lines[1]) == [0, 1, 2, 3, 4]


def test_t5_strict_level_keeps_dash_off_the_line_start():
    lines = compose("一二三四五六七八九十一二三四五——六七八", ComposerSettings(level="strict"))
    assert texts(lines) == ["一二三四五六七八九十一二三四", "五——六七八"]
    assert lines[0].gaps_expand_em == approx(2 / 13)
    assert x_of(lines[0]) == step(0, 2 / 13, 14)


def test_t6_question_exclamation_share_one_em():
    (line,) = compose("真的吗？！")
    assert line.natural == approx(4 * SIZE)
    assert x_of(line) == [0, 1, 2, 3, 3.5]


def test_t7_digits_take_quarter_em_gaps_but_not_at_line_start():
    (line,) = compose("共10人")
    assert xs(line) == [("共", 0), ("1", 1.25), ("0", 1.75), ("人", 2.5)]
    lines = compose(HAN16 + "2025年")
    assert texts(lines) == [HAN16, "2025年"]
    assert x_of(lines[0]) == list(range(16))
    assert xs(lines[1]) == [("2", 0), ("0", 0.5), ("2", 1), ("5", 1.5), ("年", 2.25)]


def test_t8_number_with_postfix_is_unbreakable():
    lines = compose("一二三四五六七八九十一二三四12.5%。")
    assert texts(lines) == ["一二三四五六七八九十一二三四", "12.5%。"]
    assert lines[0].gaps_expand_em == approx(2 / 13)
    assert x_of(lines[1]) == [0, 0.5, 1, 1.5, 2, 2.5]


def test_t9_middle_dot_never_starts_a_line():
    lines = compose("一二三四五六七八九十一二三阿加莎·克里斯蒂")
    assert texts(lines) == ["一二三四五六七八九十一二三阿加", "莎·克里斯蒂"]
    assert lines[0].gaps_expand_em == approx(1 / 14)
    assert x_of(lines[1]) == [0, 1, 1.5, 2.5, 3.5, 4.5]


def test_t10_orphan_pulls_one_more_character_down():
    lines = compose("一二三四五六七八九十一二三四五。", indent_em=2)
    assert texts(lines) == ["一二三四五六七八九十一二三", "四五。"]
    assert lines[0].indent == approx(2 * SIZE)
    assert lines[0].gaps_expand_em == approx(1 / 12)
    assert x_of(lines[0]) == step(2, 1 / 12, 13)


def test_t11_line_end_stop_is_half_em_and_the_rest_expands():
    lines = compose("一二三四五六七八九十一二三四五。六七八九十。")
    assert texts(lines) == ["一二三四五六七八九十一二三四五。", "六七八九十。"]
    assert lines[0].gaps_expand_em == approx(1 / 28)
    assert x_of(lines[0]) == step(0, 1 / 28, 15) + [15.5]   # no expansion before 。


def test_t11_grid_strict_keeps_the_stop_full_width():
    lines = compose("一二三四五六七八九十一二三四五。六七八九十。", ComposerSettings(grid_strict=True))
    assert texts(lines) == ["一二三四五六七八九十一二三四五。", "六七八九十。"]
    assert lines[0].gaps_expand_em == 0
    assert x_of(lines[0]) == list(range(16))


def test_t12_vertical_label_even_spacing():
    glyphs = compose_vertical("核心提示", "hei", SIZE, 5 * SIZE, MockMetrics())
    assert [g.char for g in glyphs] == list("核心提示")
    assert [round(g.y / SIZE, 3) for g in glyphs] == [0, 1.333, 2.667, 4]
    assert all(g.x == 0 and g.rotate == 0 and g.drawn == g.char for g in glyphs)


def test_t12_vertical_comma_and_stop_use_presentation_forms():
    glyphs = compose_vertical("核心，提示。", "hei", SIZE, 6 * SIZE, MockMetrics())
    drawn = {g.char: g.drawn for g in glyphs}
    assert drawn["，"] == "\ufe10" and drawn["。"] == "\ufe12"
    assert "".join(g.char for g in glyphs) == "核心，提示。"
