"""<em style="dots"> (着重号) and <ruby reading> (注音) in the issue format
(issue 18 §5): the model runs they make, the schema, and located messages
(file:line:col, Chinese and English) for every way to get them wrong."""
from __future__ import annotations

import pytest

from typeset.errors import InputError
from typeset.model import Paragraph, Run
from typeset.model.parse import RUBY_MAX_BASE, normalise_runs, parse_issue_string
from typeset.schema import relaxng

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<issue paper="测试报" date="2022-08-31"><page number="1" template="bulletin">\n'
        '<article id="a">\n')
TAIL = '\n</article></page></issue>\n'


def issue(paragraph: str) -> str:
    return HEAD + paragraph + TAIL


def runs(paragraph: str) -> tuple[Run, ...]:
    article = parse_issue_string(issue(paragraph)).pages[0].blocks[0]
    para: Paragraph = article.paragraphs[0]     # type: ignore[union-attr]
    return para.runs


def error(paragraph: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_issue_string(issue(paragraph), source="x.xml")
    return caught.value


def test_dots_and_ruby_become_runs_of_their_own():
    got = runs('<p>他说<em style="dots">要紧</em>，<ruby reading="bàn">办</ruby>'
               '<ruby reading=" zhōng   guó ">中国</ruby>的<em>事</em>。</p>')
    assert got == (Run("他说"), Run("要紧", "dots"), Run("，"), Run("办", "ruby", "bàn"),
                   Run("中国", "ruby", "zhōng guó"), Run("的"), Run("事", "em"), Run("。"))


def test_plain_em_is_unchanged():
    assert runs("<p>该区出台<em>实施方案</em>。</p>") == (Run("该区出台"), Run("实施方案", "em"), Run("。"))


def test_two_rubies_side_by_side_stay_two_groups():
    assert runs('<p><ruby reading="pù">瀑</ruby><ruby reading="bù">布</ruby></p>') == (
        Run("瀑", "ruby", "pù"), Run("布", "ruby", "bù"))


def test_the_paragraph_text_is_the_base_text():
    article = parse_issue_string(issue('<p>写着“<ruby reading="pù bù">瀑布</ruby>”。</p>')).pages[0].blocks[0]
    assert article.paragraphs[0].text == "写着“瀑布”。"       # type: ignore[union-attr]


def test_whitespace_around_a_ruby_goes_between_chinese_characters():
    assert runs('<p>写着\n  <ruby reading="pù">瀑</ruby>\n  布</p>') == (
        Run("写着"), Run("瀑", "ruby", "pù"), Run("布"))


def test_normalise_runs_takes_readings_with_the_pieces():
    assert normalise_runs([("甲", "text"), ("乙", "ruby", "yǐ"), ("丙", "ruby", "bǐng")]) == (
        Run("甲"), Run("乙", "ruby", "yǐ"), Run("丙", "ruby", "bǐng"))


def test_the_schema_validates_both():
    from lxml import etree
    good = etree.fromstring(issue('<p>一<em style="dots">二</em><ruby reading="sān">三</ruby></p>').encode())
    assert relaxng().validate(good)
    bad = etree.fromstring(issue('<p><ruby>三</ruby></p>').encode())
    assert not relaxng().validate(bad)


# (paragraph, column of the element the message is about, words in the English message)
BAD = {
    "no reading": ('<p>一<ruby>办</ruby></p>', 5, "missing required attribute reading= on <ruby>"),
    "empty reading": ('<p>一<ruby reading=" ">办</ruby></p>', 5, "attribute reading= on <ruby> must not be empty"),
    "empty base": ('<p>一<ruby reading="bàn"></ruby></p>', 5, "<ruby> is empty"),
    "long base": (f'<p>一<ruby reading="a">{"字" * (RUBY_MAX_BASE + 1)}</ruby></p>', 5,
                  f"at most {RUBY_MAX_BASE}"),
    "long reading": ('<p>一<ruby reading="' + "a" * 40 + '">办</ruby></p>', 5, "reading= on <ruby> is too long"),
    "bad style": ('<p>一<em style="bold">办</em></p>', 5, 'style="bold" on <em> must be one of: dots'),
    "nested": ('<p>一<ruby reading="a"><em>办</em></ruby></p>', 5, "<ruby> holds text only"),
    "ruby in caption": ('<photo id="ph" src="x.jpg"><caption>一<ruby reading="a">办</ruby></caption></photo>',
                        38, "<ruby> is not allowed inside <caption>"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_mistakes_are_located_in_english(case, monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "en")
    paragraph, col, words = BAD[case]
    caught = error(paragraph)
    assert caught.line == 4
    shown = str(caught)
    assert shown.startswith("x.xml:4:"), shown
    assert words in shown, shown
    if case != "nested":          # (the <em> inside: its own column)
        assert caught.col == col, shown


def test_mistakes_are_told_in_chinese_too(monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "zh")
    assert "缺少必需属性 reading=" in str(error('<p>一<ruby>办</ruby></p>'))
    assert "注音的字太多" in str(error(f'<p><ruby reading="a">{"字" * 9}</ruby></p>'))
