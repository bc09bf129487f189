"""Issue 12 composer rules with the §1.9 mock font: the source tag at the
paragraph end, names kept whole after 记者/通讯员/摄, and Latin inside Chinese
lines (URLs and e-mail addresses, signs with their numbers, no letter-spacing,
hyphenation of real words only)."""
from __future__ import annotations

import pytest
from pytest import approx

from compose_mock import SIZE, MEASURE, MockMetrics, compose, texts, xs
from typeset.compose import ComposerSettings, StyledRun, classify, compose_paragraph
from typeset.compose import classes as C

HAN16 = "一二三四五六七八九十一二三四五六"
URL = "https://tickets.example.com/zh/order?id=2022&type=adult"
MAIL = "service_desk@example.com.cn"
URL_BREAK_AFTER = "/.?&=-_@"
URL_INNER_SIDE = 3          # prepare.URL_INNER_SIDE


def with_tag(text: str, tag: str = "（魏宣）", indent_em: float = 0.0):
    runs = [StyledRun(text, "song", SIZE), StyledRun(" " + tag, "song", SIZE, "source")]
    return compose_paragraph(runs, MEASURE, MockMetrics(), ComposerSettings(), indent_em=indent_em)


def hyphens(lines) -> int:
    return sum(1 for line in lines for g in line.glyphs if g.char == "" and g.drawn == "-")


def breaks(lines) -> list[int]:
    """Text positions where a new line starts."""
    return [line.start for line in lines[1:]]


# -- the source tag （魏宣） ---------------------------------------------------------

def test_source_tag_that_does_not_fit_stands_alone_flush_right():
    # the third brief of 一周要闻: the text fills its last line exactly
    lines = with_tag(HAN16 + HAN16[:15] + "。")
    assert texts(lines)[-1] == "（魏宣）"
    assert lines[-1].extent == approx(MEASURE)                  # never alone flush left
    assert xs(lines[-1])[-1] == ("）", 15.0)
    assert lines[-2].extent == approx(MEASURE)


def test_source_tag_follows_the_text_after_a_space_flush_right_on_a_full_line():
    lines = with_tag(HAN16 + "七八。")
    assert texts(lines)[-1] == "七八。 （魏宣）"
    assert xs(lines[-1])[-4:] == [("（", 3.25), ("魏", 4.25), ("宣", 5.25), ("）", 6.25)]
    # 10 Han + 。 + space + tag = 15.25 em: less than a character's room left
    lines = with_tag(HAN16 + HAN16[:10] + "。")
    assert texts(lines)[-1] == HAN16[:10] + "。 （魏宣）"
    assert lines[-1].extent == approx(MEASURE)
    assert xs(lines[-1])[:11] == [(ch, float(k)) for k, ch in enumerate(HAN16[:10] + "。")]


def test_source_tag_is_never_split():
    for lead in range(10, 17):
        lines = with_tag(HAN16 + HAN16[:lead] + "。", tag="（新华社记者）")
        assert any("（新华社记者）" in t for t in texts(lines)), (lead, texts(lines))


# -- names after 记者/通讯员/摄 ------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("本报讯（记者 许廷合 通讯员 侯鹏）", "侯鹏"),
    ("本报讯（记者 王堃）", "王堃"),
    ("本报记者张铮通讯员田亚", "田亚"),
    ("本报讯（记者 王堃、李明）", "李明"),
])
def test_names_in_datelines_are_never_split(text, name):
    for lead in range(4, 17):
        lines = compose(HAN16[:lead] + text + "八月二十七日，魏都区召开动员大会。")
        assert any(name in t for t in texts(lines)), (lead, texts(lines))


@pytest.mark.parametrize("word", ["通讯员", "记者", "摄影"])
def test_the_credit_words_themselves_are_never_split(word):
    # an 11-character tabloid column broke “（记者 王堃 通” / “讯员 李彧）”
    for lead in range(0, 16):
        lines = compose(HAN16[:lead] + f"本报讯（{word} 王堃 通讯员 李彧）八月二十七日，魏都区召开动员大会。")
        assert any(word in t for t in texts(lines)) and any("通讯员" in t for t in texts(lines)), (lead, texts(lines))


def test_name_before_a_credit_is_never_split_words_that_are_no_name_still_break():
    for lead in range(10, 17):
        lines = compose(HAN16[:lead] + "宣讲。 许廷合 摄")
        assert any("许廷合" in t for t in texts(lines)), (lead, texts(lines))
    text = HAN16[:14] + "记者走进许继花园小区"
    assert texts(compose(text)) == [HAN16[:14] + "记者", "走进许继花园小区"]


# -- Latin inside Chinese lines ------------------------------------------------------------

def test_ascii_symbols_are_latin_and_signs_are_prefixes():
    assert classify("=~*") == [C.LATIN] * 3
    assert classify("+\u2212\u00b1") == [C.PREFIX] * 3


@pytest.mark.parametrize("address", [URL, MAIL])
def test_urls_and_emails_break_after_separators_or_inside_a_long_part_without_a_hyphen(address):
    for lead in range(2, 16):
        text = HAN16[:lead] + address + "查询。"
        lines = compose(text)
        assert "".join(texts(lines)) == text and hyphens(lines) == 0, (lead, texts(lines))
        start, end = lead, lead + len(address)
        scheme = text.find("://", start, end)
        for b in breaks(lines):
            if start < b < end:
                assert text[b - 1:b + 1] != "//" and not (scheme >= 0 and b < scheme + 3), (lead, texts(lines))
                if text[b - 1] not in URL_BREAK_AFTER:      # an inner break: 3 of one part each side
                    part = text[b - URL_INNER_SIDE:b + URL_INNER_SIDE]
                    assert b - URL_INNER_SIDE >= start and b + URL_INNER_SIDE <= end, (lead, texts(lines))
                    assert not any(ch in URL_BREAK_AFTER or ch == ":" for ch in part), (lead, texts(lines))


def test_a_narrow_column_breaks_a_url_inside_a_part_rather_than_open_wide_gaps():
    # 11 em (a 四开 8-column page): with its parts kept whole, 箱servicedesk@
    # stood alone with 3 em in its one gap; an inner break (prepare.URL_INNER,
    # at breaker.URL_INNER_PENALTY) sets every line within ⅝ em a gap.
    text = "咨询邮箱servicedesk@wangchuanqu.gov.cn，工作时间为周一至周五。"
    lines = compose(text, measure=11 * SIZE, indent_em=2)
    assert max(line.gaps_expand_em for line in lines) <= 0.625, texts(lines)
    address = range(text.index("s") + 1, text.index("，"))
    assert [b for b in breaks(lines) if b in address and text[b - 1] not in URL_BREAK_AFTER], texts(lines)


def test_a_url_that_fits_its_separators_is_not_broken_inside():
    # 16 em: the separators give lines no looser than the inner break would
    text = HAN16[:6] + "http://www.example.cn/a/b/c/d/e/f/g/h查询。"
    lines = compose(text)
    assert not [b for b in breaks(lines) if text[b - 1] not in URL_BREAK_AFTER and 6 < b < len(text) - 3]


@pytest.mark.parametrize("number", ["+6.1%", "\u22120.1%", "\u00b10.5", "-0.1%"])
def test_a_sign_stays_with_its_number(number):
    for lead in range(12, 17):
        lines = compose(HAN16[:lead] + "增长" + number + "，比去年同期提高。")
        assert any(number in t for t in texts(lines)), (lead, texts(lines))


def test_minus_sign_takes_the_cjk_latin_gap():
    (line,) = compose("上涨\u22120.1%")
    assert xs(line)[2] == ("\u2212", 2.25)


def _inside_word_advances(line) -> list[tuple[float, float]]:
    """(x step, advance) of consecutive glyphs inside a Latin word or number
    (a URL's separators end a word: a line of one URL may spread after them)."""
    metrics, out = MockMetrics(), []
    glyphs = [g for g in line.glyphs if g.char]
    classes = classify("".join(g.char for g in glyphs))
    for k in range(len(glyphs) - 1):
        if glyphs[k].char in URL_BREAK_AFTER:
            continue
        if classes[k] in (C.LATIN, C.DIGIT) and classes[k + 1] in (C.LATIN, C.DIGIT):
            out.append((round(glyphs[k + 1].x - glyphs[k].x, 6), metrics.advance("song", glyphs[k].char) * SIZE))
    return out


LONG_URL = "https://www.example.com/very/long/path/to/a/resource/index.html?query=typesetting&lang=zh"


def test_no_letter_spacing_inside_latin_words_or_numbers():
    for lead in range(0, 16):
        for text in (HAN16[:lead] + URL + "查询，或发邮件至" + MAIL + "咨询。",
                     HAN16[:lead] + MAIL + "查询。",          # lead 0: a line of the address alone
                     HAN16[:lead] + LONG_URL + "查询。",
                     HAN16[:lead] + "GitHub2022typesetting" + HAN16):
            for line in compose(text)[:-1]:
                for step, advance in _inside_word_advances(line):
                    assert step == approx(advance), (lead, line.text)


def test_pyphen_hyphenates_real_words_only():
    assert hyphens(compose(HAN16[:8] + "internationalization" + "九十")) == 1
    for word in ("internationalization2022", "international_ization", "https://internationalization.org",
                 "inter@internationalization.org", "iPhone14internationalization"):
        for lead in range(4, 14):
            assert hyphens(compose(HAN16[:lead] + word + "九十")) == 0, (word, lead)


@pytest.mark.parametrize("unit", ["\u2103", "\u2109", "\u33a1", "\u339e", "\u338f"])
def test_a_unit_sign_stays_with_its_number(unit):
    # ℃ is §1.1 POSTFIX; ℉ and the CJK unit signs ㎡ ㎞ ㎏ follow their number alike
    for lead in range(10, 16):
        text = HAN16[:lead] + "面积50" + unit + "，比去年同期增加。"
        lines = compose(text)
        cut = text.index(unit)
        assert cut not in breaks(lines), (lead, texts(lines))
