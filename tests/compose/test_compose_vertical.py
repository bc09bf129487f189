"""Vertical label composition (§1.7 V1–V6) with the mock font."""
from __future__ import annotations

from pytest import approx

from compose_mock import SIZE, MockMetrics
from typeset.compose import compose_vertical


def vertical(text: str, height_em: float, metrics=None):
    return compose_vertical(text, "hei", SIZE, height_em * SIZE, metrics or MockMetrics())


def test_v1_ideographs_upright_latin_rotated():
    glyphs = vertical("核心AB", 6)
    assert [g.rotate for g in glyphs] == [0, 0, 90, 90]


def test_v1_tu_marks_stay_upright_without_a_vertical_form():
    glyphs = vertical("核，心：", 4, MockMetrics(missing="\ufe10\ufe13"))
    assert [(g.char, g.drawn, g.rotate) for g in glyphs[1::2]] == [("，", "，", 0), ("：", "：", 90)]


def test_v2_quotes_become_corner_brackets():
    glyphs = vertical("“核心”", 4)
    assert [g.drawn for g in glyphs] == ["\ufe41", "核", "心", "\ufe42"]


def test_v3_presentation_forms_keep_the_source_text():
    glyphs = vertical("（核心）……", 6)
    assert "".join(g.char for g in glyphs) == "（核心）……"
    assert [g.drawn for g in glyphs] == ["\ufe35", "核", "心", "\ufe36", "\ufe19", "\ufe19"]


def test_v5_two_digits_share_one_cell():
    glyphs = vertical("第12期", 3)
    assert [(g.char, round(g.x / SIZE, 3), round(g.y / SIZE, 3)) for g in glyphs] == [
        ("第", 0, 0), ("1", 0, 1), ("2", 0.5, 1), ("期", 0, 2)]


def test_v5_three_digits_are_compressed_into_one_em():
    glyphs = vertical("第123期", 3)
    digits = glyphs[1:4]
    assert all(g.size == approx(SIZE * 2 / 3) for g in digits)
    assert {round(g.y, 9) for g in digits} == {round(SIZE + SIZE / 6, 9)}     # centred down the cell
    assert digits[-1].x + 0.5 * digits[-1].size == approx(SIZE)


def test_v5_long_numbers_are_rotated_not_tate_chu_yoko():
    glyphs = vertical("2025", 4)
    assert all(g.rotate == 90 and g.size == SIZE for g in glyphs)


def test_v6_even_spacing_first_at_top_last_at_bottom():
    glyphs = vertical("要闻", 5)
    assert [g.y / SIZE for g in glyphs] == [0, 4]
    (single,) = vertical("闻", 3)
    assert single.y == approx(SIZE)              # one character is centred
