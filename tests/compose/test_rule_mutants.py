"""Rule tests that fail when one rule of the class table or the break logic
breaks (issue 17 §5: scripts/mutate_rules.py found these rules untested).
Each is a rule-book example in the §1.9 mock font at 16 em: the character
under test is placed where the line would end (or start) but for its rule.

The justification tests run on both line setters: the C `set_lines`
(_speedups.c), which sets most lines when the extension is built, and
`justify.build_line`, which sets every line of a paragraph with 着重号, ruby
or centred marks, every line that expands, and all of them without the
extension — a rule broken in either must fail here."""
from __future__ import annotations

import pytest

from compose_mock import MEASURE, SIZE, MockMetrics, compose, runs, texts, xs
from typeset.compose import ComposerSettings, StyledRun, compose_paragraph, justify
from typeset.compose import classes as C
from typeset.compose.prepare import BREAK, prepare

HAN15 = "一二三四五六七八九十一二三四五"
HAN16 = HAN15 + "六"


@pytest.fixture(params=["C", "Python"])
def setter(request, monkeypatch):
    """Which line setter justifies: "C" (set_lines where it can, as built)
    or "Python" (build_line for every line)."""
    if request.param == "Python":
        monkeypatch.setattr(justify, "SET_LINES", None)
    return request.param


@pytest.mark.parametrize("mark", list("‼⁇⁈⁉"))
def test_r1_double_marks_never_start_a_line(mark):
    """R1 NO_START includes ‼⁇⁈⁉: with 16 ideographs before it, the last one comes down."""
    lines = texts(compose(HAN16 + mark + "七八"))
    assert lines[1].startswith("六" + mark), lines


@pytest.mark.parametrize("closer", list(")]},.;:!?"))
def test_r1_latin_closers_never_start_a_line_after_han(closer):
    """R1 for Latin text (jlreq cl-02, cl-06): a closer after a full line of ideographs."""
    lines = texts(compose(HAN16 + closer + "七八"))
    assert not any(line.startswith(closer) for line in lines), lines


@pytest.mark.parametrize("sign", list("￥¥$£€#№+\u2212±"))
def test_r2_a_currency_or_sign_prefix_never_ends_a_line(sign):
    """R2 NO_END includes PREFIX: ￥五元 — the sign goes down with what it prefixes."""
    lines = texts(compose(HAN15 + sign + "五元"))
    assert not any(line.endswith(sign) for line in lines[:-1]), lines
    assert "".join(lines) == HAN15 + sign + "五元"


@pytest.mark.parametrize("opener", list("([{"))
@pytest.mark.parametrize("after", ["五六)", "ab)"])
def test_r2_latin_openers_never_end_a_line(opener, after):
    """R2 for Latin text (jlreq cl-01): an opener after 15 ideographs goes
    down with what it opens, an ideograph or a word."""
    lines = texts(compose(HAN15 + opener + after))
    assert not any(line.endswith(opener) for line in lines[:-1]), lines


def test_hanging_only_for_a_pause_or_stop_after_no_mark_and_never_first():
    """§1.3 step 3: only 、，。 may hang, never when the mark before them is a
    CJK mark; the paragraph's first character has no line end to hang at."""
    p = prepare(runs("，一，二”，三、四。五"), MockMetrics(), ComposerSettings(hanging=True))
    assert p.hangable == [False, False, True, False, False, False, False, True, False, True, False]
    assert not any(prepare(runs("一，二、"), MockMetrics(), ComposerSettings()).hangable)


@pytest.mark.parametrize("marks", ["，", "。", "”", "“", "‼", "——", "……", "～", "·", ")", "(", "。 ", "／", "/"])
def test_orphan_one_ideograph_with_any_cjk_mark_is_pulled(marks):
    """§1.5 孤字: a last line of one ideograph plus marks of any CJK class
    (CJK_MARKS), Latin brackets or a space takes one more character down."""
    text = HAN15[:14] + "五" + marks
    lines = texts(compose(text, indent_em=2.0))
    assert lines[-1] == "四五" + marks, lines


@pytest.mark.parametrize("ch,cls", [("ж", C.LATIN), ("ω", C.LATIN), ("é", C.LATIN), ("\u2028", C.SPACE),
                                    ("\u1680", C.SPACE), ("あ", C.HAN), ("Ａ", C.HAN), ("ℓ", C.HAN),
                                    ("\u3000", C.HAN), ("汉", C.HAN)])
def test_l2_classes_by_unicode_property(ch, cls):
    """L2: letters below U+2000 are Latin, breaking spaces below U+3000 are
    spaces; kana, full-width forms, letterlike symbols and U+3000 are ideographs."""
    assert C.char_class(ch) == cls


@pytest.mark.parametrize("cls,chars", [
    (C.OPEN, "“‘（《〈【〔〖［｛「『"), (C.CLOSE, "”’）》〉】〕〗］｝」』"), (C.PAUSE, "、，；："),
    (C.STOP, "。？！．"), (C.EXCL, "‼⁇⁈⁉"), (C.DASH, "⸺"), (C.ELLIPSIS, "…⋯"), (C.CONNECTOR, "–～—"),
    (C.MIDDOT, "·"), (C.SOLIDUS, "/／"), (C.PREFIX, "￥¥$£€#№+−±"), (C.POSTFIX, "%‰℃°′″"),
    (C.DIGIT, "0123456789"), (C.LOPEN, "([{"), (C.LCLOSE, ")]},.;:!?"), (C.LATIN, "'-&@_\"=~^|<>\\`*"),
])
def test_the_class_table_is_the_rule_books(cls, chars):
    """§1.1: every code point of each class row (and the Latin rows the
    composer adds, classes.py) has that class."""
    assert [C.char_class(ch) for ch in chars] == [cls] * len(chars), C.NAMES[cls]


def test_r6_a_dash_run_at_the_paragraph_start_is_one_unit():
    assert C.classify("——一") == [C.DASH, C.DASH, C.HAN]
    assert C.classify("—一") == [C.CONNECTOR, C.HAN]


def _breaks_and_stretch_inside(text: str, start: int, end: int) -> list[tuple[int, int]]:
    p = prepare(runs(text), MockMetrics(), ComposerSettings())
    return [(p.brk[k], p.elig[k]) for k in range(start + 1, end)]


@pytest.mark.parametrize("unit", ["5+3", "30°C", "f(x)", "+6.1%", "$5", "−12"])
def test_r5_a_number_or_word_with_its_signs_neither_breaks_nor_spreads(unit):
    """R5: PREFIX + digits, digits + POSTFIX, a Latin word with its brackets
    are one unit; §1.5: never expand inside digit runs or Latin words."""
    text = "一二" + unit + "三四"
    inside = _breaks_and_stretch_inside(text, 2, 2 + len(unit))
    assert all(kind != BREAK and elig == 0 for kind, elig in inside), inside


def test_l4_a_hard_hyphen_after_one_letter_is_a_break():
    """R5/L4: a word breaks after its own hyphen, x-|ray too."""
    assert prepare(runs("x-ray一二"), MockMetrics(), ComposerSettings()).brk[2] == BREAK


def test_l4_a_long_word_touching_the_source_tag_still_hyphenates():
    """The source tag is one unit, the word before it is body text (L4)."""
    text = [StyledRun("一二三四五六七八九十internationalization", "song", SIZE),
            StyledRun("（魏宣）", "song", SIZE, "source")]
    lines = compose_paragraph(text, MEASURE, MockMetrics(), ComposerSettings(), indent_em=0.0)
    assert lines[0].glyphs[-1].drawn == "-", texts(lines)


@pytest.mark.parametrize("url", ["https://www.example.com/news/2022/a_b-c.html?id=5&p=2", "me@host.cn",
                                 "https://example.com/a-b", "www.example.com/x_y"])
def test_urls_break_only_after_their_separators_and_never_inside_a_double_slash(url):
    """Issue 12 §4: inside a URL or e-mail address (any of the three kinds
    alone), breaks only after / . ? & = - _ @, never between the two
    slashes of ://."""
    p = prepare(runs("见" + url + "。"), MockMetrics(), ComposerSettings())
    for k in range(2, len(url) + 1):
        before, ch = p.text[k - 1], p.text[k]
        expected = before in "/.?&=-_@" and not (before == "/" == ch)
        assert (p.brk[k] == BREAK) == expected, (p.text[:k] + "|" + p.text[k:], p.brk[k])


@pytest.mark.parametrize("text,name", [("通讯员 王小强说", "王小强"), ("（许廷合 摄）", "许廷合"),
                                       ("记者 许廷合 通讯员 侯鹏", "侯鹏")])
def test_a_name_after_a_credit_word_or_before_a_photo_credit_is_never_split(text, name):
    """Issue 12 §3: names after 记者/通讯员 or before a closing 摄 stay whole,
    whichever credit word the paragraph has."""
    p = prepare(runs(text), MockMetrics(), ComposerSettings())
    start = text.index(name)
    assert all(p.brk[k] != BREAK for k in range(start + 1, start + len(name))), p.brk


def test_a_line_with_nothing_to_expand_is_spread_between_marks_never_inside_numbers(setter):
    """§1.5 last resort: a line of ‼) (no gap may expand, no break inside) is
    spread between its characters; a line of digits is never letter-spaced."""
    marks = compose("‼)" * 14, measure=15.75 * SIZE)
    assert marks[0].extent == pytest.approx(marks[0].width)
    digits = compose("1" * 40, measure=15.75 * SIZE)
    assert digits[0].extent == pytest.approx(15.5 * SIZE)


def test_the_source_tag_leaves_exactly_one_em_short_at_natural_width(setter):
    """Issue 12 §6: the tag goes flush right only when less than one
    character's room is left; with one em left it follows at natural width."""
    text = [StyledRun("一二三四五六七八九十一 ", "song", SIZE), StyledRun("（魏宣）", "song", SIZE, "source")]
    lines = compose_paragraph(text, MEASURE, MockMetrics(space=0.0), ComposerSettings(), indent_em=0.0)
    assert len(lines) == 1 and lines[0].extent == pytest.approx(15 * SIZE)


@pytest.mark.parametrize("shrink_stops", [True, False])
def test_t2_push_in_halves_the_pause_inside_the_line(setter, shrink_stops):
    """T2 (also with §1.5 step 7 forbidden): the first ， gives its right
    half (step 5), the line-end ， is ½ em (C3) and gives no more: the
    line is flush at 16 em."""
    lines = compose("一二三，四五六七八九十一二三四五，六七八。", ComposerSettings(shrink_stops=shrink_stops))
    assert texts(lines) == ["一二三，四五六七八九十一二三四五，", "六七八。"]
    x = xs(lines[0])
    assert x[4] == ("四", 3.5) and x[-1] == ("，", 15.5)
    assert lines[0].extent == pytest.approx(lines[0].width)


def test_shrink_step_7_a_full_stop_gives_its_half(setter):
    """§1.5 step 7: a line 16 em long in 15.5 em fits when its 。 gives ½ em
    (a last line shrinks rather than add a line)."""
    lines = compose("一二三。四五六七八九十一二三四五", measure=15.5 * SIZE)
    assert len(lines) == 1 and xs(lines[0])[4] == ("四", 3.5)
    assert lines[0].extent == pytest.approx(lines[0].width)


def test_shrink_step_4_both_brackets_equally_the_ink_keeps_its_place(setter):
    """§1.5 step 4, each instance equally: “ and ” each give ¼ em of the ½
    needed, “ from its left blank (its ink, the glyph's right half, still
    touches 四), ” from its right blank."""
    (line,) = compose("一二三“四五六”七八九十一二三四", measure=15.5 * SIZE)
    x = dict(xs(line)[:9])
    assert (x["“"], x["四"], x["”"], x["七"]) == (2.75, 3.75, 6.75, 7.5)
    assert line.extent == pytest.approx(line.width)


def test_shrink_step_4_brackets_before_step_5_pauses(setter):
    """§1.5 order: ¼ em found in the brackets (⅛ each) leaves the ， whole."""
    (line,) = compose("一二三“四五六”七，八九十一二三", measure=15.75 * SIZE)
    x = dict(xs(line)[:11])
    assert (x["四"], x["七"], x["八"] - x["，"]) == (3.875, 7.75, 1.0)


def test_shrink_step_2_word_spaces_before_the_marks(setter):
    """§1.5 order: ¼ em found in the two ½-em word spaces (⅛ each, down to
    ⅜) leaves the ， whole."""
    (line,) = compose("一二 ab cd，三四五六七八九十", measure=13.75 * SIZE, metrics=MockMetrics(space=0.5))
    x = xs(line)
    assert (x[3], x[6], x[9][1] - x[8][1]) == (("a", 2.375), ("c", 3.75), 1.0)


def test_a_last_line_a_little_short_stays_at_natural_width(setter):
    """§1.5 last line: aligned to the line start at natural width — with
    less than an em left and no source tag, nothing moves."""
    (line,) = compose(HAN15 + "a")
    assert line.extent == pytest.approx(15.75 * SIZE) and xs(line)[-1] == ("a", 15.25)


@pytest.mark.parametrize("role,reading", [("dots", ""), ("ruby", "ab")])
def test_dots_alone_or_ruby_alone_are_set(role, reading):
    """A paragraph with 着重号 and no ruby, or ruby and no 着重号, gets its annotation."""
    text = [StyledRun("一", "song", SIZE), StyledRun("中", "song", SIZE, role, reading=reading)]
    (line,) = compose_paragraph(text, MEASURE, MockMetrics(), ComposerSettings(), indent_em=0.0)
    assert [(n.kind, n.start, n.end) for n in line.annotations] == [(role, 1, 2)]


def test_shrink_step_6_cjk_latin_gaps_make_a_line_fit(setter):
    """§1.5 shrink step 6: the two ¼-em gaps around a digit go down to ⅛ em."""
    lines = compose("一二三四五六七八九十一二三四1五六七八九十", measure=15.75 * SIZE)
    assert texts(lines)[0] == "一二三四五六七八九十一二三四1五"
    assert lines[0].shrink_em == pytest.approx(0.25)
    assert lines[0].extent == pytest.approx(lines[0].width)


@pytest.mark.parametrize("word,gap", [("ab", 0.5), ("abc", 0.25)])
def test_l3_grid_fitted_gaps_do_not_expand(setter, word, gap):
    """L3: in grid mode a Latin run between ideographs spans whole ems ("ab":
    2 em with ½-em gaps, "abc": 2 em with ¼-em gaps), and those gaps keep
    their width when the line is expanded (not even §1.5 step 2's ⅓ em)."""
    lines = compose("一二三四五六七八九十一二" + word + "四——五六", ComposerSettings(grid_strict=True))
    x = dict(xs(lines[0])[11:])
    last = word[-1]
    assert texts(lines)[0].endswith(word + "四")
    assert x["a"] - (x["二"] + 1) == pytest.approx(gap) and x["四"] - (x[last] + 0.5) == pytest.approx(gap)
