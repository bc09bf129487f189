"""着重号 (emphasis dots) and ruby in the composer (issue 18 §5), with the
rule book's mock font (§1.9: Han 1 em, Latin ½ em; 1 em = 10 pt, 16 em).

clreq: 着重号 is a dot under each character in horizontal writing, centred on
it, none under punctuation; ruby is set at half the base's size over it.
Our policy (docs/format.md "Ruby"): the base word never breaks; one
syllable per character is mono ruby, else group ruby; a reading wider than
its base spreads the base 1:2:1 (no overhang).  Neither changes the
breaking or the justification of the text around it.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from pytest import approx

from compose_mock import MEASURE, SIZE, MockMetrics, texts, xs
from typeset.compose import ComposerSettings, StyledRun, compose_paragraph
from typeset.compose.prepare import RUBY_SIZE, RUBY_SPACING_EM

VECTORS = (  # rule book §1.9, T1–T11 (the horizontal ones)
    "一二三四五六七八九十一二三四五六，七八九。",
    "一二三，四五六七八九十一二三四五，六七八。",
    "一二三四五六七八九十一二三四五“六七八”九十。",
    "他说：“好。”我们走吧。",
    "一二三四五六七八九十一二三四五——六七八",
    "真的吗？！",
    "一二三四五六七八九十一二三四五六2025年",
    "一二三四五六七八九十一二三四12.5%。",
    "一二三四五六七八九十一二三阿加莎·克里斯蒂",
    "一二三四五六七八九十一二三四五。六七八九十。",
)


def run(text: str, role: str = "text", reading: str = "") -> StyledRun:
    return StyledRun(text, "song", SIZE, role, reading=reading)


def compose(runs, measure: float = MEASURE, settings=None):
    return compose_paragraph(runs, measure, MockMetrics(), settings or ComposerSettings(), indent_em=0.0)


def notes(lines, kind: str):
    return [n for line in lines for n in line.annotations if n.kind == kind]


# -- 着重号 ------------------------------------------------------------------------

def test_a_dot_under_every_character_centred_on_it():
    lines = compose([run("他说"), run("要紧的事", "dots")])
    (dots,) = notes(lines, "dots")
    assert dots.text == "要紧的事" and (dots.start, dots.end) == (2, 6)
    assert dots.xs == approx([25.0, 35.0, 45.0, 55.0])       # the middle of each 1-em cell
    assert dots.size == SIZE


def test_no_dot_under_punctuation_or_spaces():
    lines = compose([run("他说："), run("“好，a b。”", "dots")])
    (dots,) = notes(lines, "dots")
    assert dots.text == "好ab"
    glyph_x = dict(xs(lines[0]))
    assert dots.xs[0] == approx(glyph_x["好"] * SIZE + SIZE / 2)
    assert dots.xs[1] == approx(glyph_x["a"] * SIZE + SIZE / 4)     # a Latin letter: its own ½ em


def test_no_dots_anywhere_without_a_dots_run():
    assert notes(compose([run("他说要紧的事。")]), "dots") == []


@pytest.mark.parametrize("text", VECTORS)
def test_dots_change_no_width_break_or_justification(text):
    plain = compose([run(text)])
    dotted = compose([run(text, "dots")])
    assert texts(dotted) == texts(plain)
    assert [xs(line) for line in dotted] == [xs(line) for line in plain]
    marked = "".join(n.text for n in notes(dotted, "dots"))
    assert marked == "".join(ch for ch in text if ch.isalnum())


def test_dots_split_with_their_run_across_lines():
    text = "一二三四五六七八九十一二三四五六七八九十"
    lines = compose([run(text, "dots")])
    assert [n.text for n in notes(lines, "dots")] == [text[:16], text[16:]]
    assert [line.annotations[0].xs[0] for line in lines] == approx([5.0, 5.0])


# -- ruby: unbreakable -----------------------------------------------------------

def test_a_ruby_base_never_breaks_inside():
    # plain text would break 中|国 after 16 ideographs
    head = "一二三四五六七八九十一二三四五"
    plain = compose([run(head + "中国人")])
    assert texts(plain) == [head + "中", "国人"]
    lines = compose([run(head), run("中国", "ruby", "zhong guo"), run("人")])
    assert texts(lines) == [head, "中国人"]
    assert lines[0].gaps_expand_em == approx(1 / 14)         # the line before expands as usual


def test_a_ruby_wider_than_the_measure_still_sets():
    # release_wide_rubies: a base wider than the line breaks as a last resort
    lines = compose([run("一二三四五六", "ruby", "a")], measure=4 * SIZE)
    assert "".join(texts(lines)) == "一二三四五六"


def test_a_ruby_wider_than_the_measure_only_with_its_latin_gap_still_sets():
    # "11一一一一": 1 em of digits + the ¼-em CJK–Latin gap + 4 em = 5.25 em > 5 em (found by
    # test_any_text_with_dots_and_ruby_sets_whole: the gaps count in the base's width)
    lines = compose([run("11一一一一", "ruby", "a")], measure=5 * SIZE)
    assert "".join(texts(lines)) == "11一一一一"


# -- ruby: position and the wider-reading policy ------------------------------------

def test_a_narrow_reading_is_centred_over_its_base():
    lines = compose([run("一"), run("中", "ruby", "ab"), run("二")])
    (ruby,) = notes(lines, "ruby")
    size = SIZE * RUBY_SIZE
    assert ruby.size == size and ruby.faces == ("song", "song")
    width = 2 * 0.5 * size                                   # "ab": two ½-em letters at half size
    assert ruby.xs == approx([15 - width / 2, 15])            # centred on 中 (10…20 pt)
    assert xs(lines[0]) == [("一", 0.0), ("中", 1.0), ("二", 2.0)]   # the base keeps its width


def test_a_group_reading_is_centred_over_the_whole_base():
    lines = compose([run("一"), run("中国", "ruby", "abc"), run("二")])
    (ruby,) = notes(lines, "ruby")
    assert (ruby.start, ruby.end, ruby.text) == (1, 3, "abc")
    assert ruby.xs[0] == approx(20 - 3 * 2.5 / 2)             # base 10…30 pt, reading 7.5 pt


def test_one_syllable_per_character_is_mono_ruby():
    lines = compose([run("中国", "ruby", "zh gu")])
    rubies = notes(lines, "ruby")
    assert [(n.start, n.end, n.text) for n in rubies] == [(0, 1, "zh"), (1, 2, "gu")]
    assert [n.xs[0] for n in rubies] == approx([5 - 2.5, 15 - 2.5])


def test_a_wider_reading_spreads_its_base_evenly():
    # "abcdefgh" at 5 pt: 20 pt, plus RUBY_SPACING_EM of the reading → 21.25 pt over 2 em (20 pt):
    # 1.25 pt extra, 0.625 pt per character — half of it each side of the glyph (1:2:1)
    lines = compose([run("一"), run("中国", "ruby", "abcdefgh"), run("二")])
    size = SIZE * RUBY_SIZE
    group = 8 * 0.5 * size + RUBY_SPACING_EM * size
    per = (group - 2 * SIZE) / 2
    x = {g.char: g.x for g in lines[0].glyphs}
    assert x["中"] == approx(10 + per / 2)
    assert x["国"] == approx(10 + per + SIZE + per / 2)
    assert x["二"] == approx(10 + group)                      # the text after moves by the extra
    (ruby,) = notes(lines, "ruby")
    assert ruby.xs[0] == approx(10 + group / 2 - 8 * 0.5 * size / 2)   # centred over the spread base


def test_a_spread_base_shifts_its_glyphs_on_an_all_ideograph_line():
    # (the justifier's fast path for lines of ideographs only must apply the shift too)
    lines = compose([run("中", "ruby", "abcdefgh")])
    assert lines[0].glyphs[0].x == approx((8 * 2.5 + RUBY_SPACING_EM * 5 - SIZE) / 2)


@pytest.mark.parametrize("text", VECTORS)
def test_a_narrow_ruby_changes_no_break_or_justification(text):
    # ruby (reading narrower than its base) on the third character: the same lines, the same x
    plain = compose([run(text)])
    ruby = compose([run(text[:2]), run(text[2], "ruby", "a"), run(text[3:])])
    assert texts(ruby) == texts(plain)
    assert [xs(line) for line in ruby] == [xs(line) for line in plain]
    assert len(notes(ruby, "ruby")) == 1


def test_prohibitions_hold_around_a_ruby():
    # R1: 。 may not start a line, also after a ruby base at the line end
    head = "一二三四五六七八九十一二三四"
    lines = compose([run(head), run("五六", "ruby", "wu liu"), run("。七八")])
    assert all(not t.startswith("。") for t in texts(lines))
    assert "五六" in texts(lines)[0] or texts(lines)[1].startswith("五六")


# -- properties ------------------------------------------------------------------------

PIECES = st.lists(st.tuples(st.text("一二三四五，。“”ab 1", min_size=1, max_size=6),
                            st.sampled_from(["text", "dots", "ruby"]),
                            st.sampled_from(["a", "abcdefghij", "x y"])), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(PIECES, st.sampled_from([16, 8, 5]))
def test_any_text_with_dots_and_ruby_sets_whole(pieces, ems):
    runs = [run(text, role, reading if role == "ruby" else "") for text, role, reading in pieces]
    lines = compose(runs, measure=ems * SIZE)
    assert "".join(texts(lines)) == "".join(r.text for r in runs)      # every character, in order
    ends = {line.end for line in lines}
    k = 0
    for r in runs:
        if r.role == "ruby" and len(r.text) <= ems // 2:          # (wider ones: release_wide_rubies)
            assert not any(k < e < k + len(r.text) for e in ends)       # a ruby base never breaks
        k += len(r.text)
    dotted = "".join(n.text for n in notes(lines, "dots"))
    assert dotted == "".join(ch for r in runs if r.role == "dots" for ch in r.text if ch.isalnum())
    readings = notes(lines, "ruby")
    assert len({(n.start, n.end) for n in readings}) == len(readings)   # each group's reading once
