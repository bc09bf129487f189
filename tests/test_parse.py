"""Tests of typeset.model.parse: bad-input corpus → located messages; sample issue → model."""
from __future__ import annotations

import os
import re
import socket
import time

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from typeset.errors import InputError
from typeset.model import Article, Briefs, Photo, Rule, Summary
from typeset.model.parse import (MESSAGES, is_wide, normalise_runs, parse_issue,
                                 parse_issue_string, validate_issue)
from typeset.schema import relaxng

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD = os.path.join(ROOT, "tests", "data", "bad")
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")
SAMPLE_CONTENT = os.path.join(ROOT, "issues", "sample-content.md")

# file → (line, element, words the message must contain)
BAD_CASES = {
    "malformed.xml": (6, "p", "malformed XML"),
    "unknown-element.xml": (5, "headlin", "unknown element <headlin> inside <article>"),
    "unknown-attribute.xml": (6, "p", "unknown attribute align="),
    "missing-attribute.xml": (7, "photo", "missing required attribute src="),
    "gbk-undeclared.xml": (2, "issue", 'not UTF-8'),
    "xxe-file.xml": (2, "!DOCTYPE", "DOCTYPE"),
    "xxe-http.xml": (2, "!DOCTYPE", "DOCTYPE"),
    "external-dtd.xml": (2, "!DOCTYPE", "DOCTYPE"),
    "billion-laughs.xml": (2, "!DOCTYPE", "entit"),
    "control-char.xml": (6, "p", "control character U+0007"),
    "control-char-ref.xml": (6, "p", "control character U+001B"),
    "lone-surrogate.xml": (6, "p", "surrogate"),
    "duplicate-id.xml": (8, "article", 'duplicate id="a1" (first used on line 4)'),
    "empty-article.xml": (4, "article", "empty article"),
    "bad-placement.xml": (4, "article", 'col="x"'),
    "zero-placement.xml": (4, "article", 'span="0"'),
    "image-outside.xml": (7, "photo", "outside the issue's folder"),
    "misplaced-source.xml": (6, "source", "must close the last paragraph"),
    "stray-text.xml": (4, "article", "put it in a <p>"),
    "wrong-order.xml": (6, "headline", "in this order"),
}


def bad(name: str) -> str:
    return os.path.join(BAD, name)


def error_of(path: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_issue(path)
    return caught.value


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_is_located(name):
    line, element, words = BAD_CASES[name]
    error = error_of(bad(name))
    shown = str(error)
    assert shown.startswith(f"{bad(name)}:{line}:"), shown
    assert f"<{element}>" in shown
    assert words in shown
    assert (error.line, error.element) == (line, element)


def test_every_bad_file_has_a_case():
    on_disk = {name for name in os.listdir(BAD) if not name.startswith("ok-")}
    assert on_disk == set(BAD_CASES)


def test_gbk_undeclared_says_how_to_fix():
    assert 'add encoding="GBK"' in str(error_of(bad("gbk-undeclared.xml")))


@pytest.mark.parametrize("name", ["ok-gbk-declared.xml", "ok-bom.xml"])
def test_declared_encoding_and_bom_are_accepted(name):
    issue = parse_issue(bad(name))
    assert issue.meta.paper == "魏都区报"
    assert issue.pages[0].blocks[0].paragraphs[0].text == "8月27日，魏都区召开大会。"


@pytest.mark.parametrize("name", ["xxe-file.xml", "xxe-http.xml", "external-dtd.xml"])
def test_entities_read_no_file_and_no_network(name, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the parser tried to open a socket")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    shown = str(error_of(bad(name)))
    assert "root:" not in shown and "/bin/" not in shown


def test_entity_bomb_fails_fast():
    start = time.perf_counter()
    error_of(bad("billion-laughs.xml"))
    # A guard against expansion (which would take minutes and gigabytes), not a
    # speed target: generous so a loaded CI machine cannot make it flaky.
    assert time.perf_counter() - start < 5.0


def test_undeclared_entity_is_a_located_syntax_error():
    text = ('<issue paper="p" date="2022-08-31"><page number="1" template="t">\n'
            '<article id="a"><p>&lol;</p></article></page></issue>')
    with pytest.raises(InputError) as caught:
        parse_issue_string(text)
    assert caught.value.line == 2 and "lol" in caught.value.message


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        parse_issue(str(tmp_path / "nope.xml"))


def test_validate_issue_is_parse_issue():
    assert validate_issue(SAMPLE) == parse_issue(SAMPLE)


def test_message_texts_are_all_in_one_table():
    source = open(os.path.join(ROOT, "typeset", "model", "parse.py"), encoding="utf-8").read()
    used = set(re.findall(r'say\("(\w+)"', source))
    assert used <= set(MESSAGES)


# --------------------------------------------------------------------------
# Whitespace

def runs(xml_paragraph: str):
    text = ('<issue paper="p" date="2022-08-31"><page number="1" template="t">'
            f'<article id="a">{xml_paragraph}</article></page></issue>')
    return parse_issue_string(text).pages[0].blocks[0].paragraphs[0].runs


def test_layout_whitespace_between_chinese_characters_goes():
    assert [(r.text, r.role) for r in runs(
        "<p>\n  <dateline>本报讯（记者 许廷合 通讯员 侯鹏）</dateline>\n  8月27日，魏都区\n"
        "  召开 COVID  19 大会。\n  <source>（魏宣）</source>\n</p>")] == [
        ("本报讯（记者 许廷合 通讯员 侯鹏）", "dateline"),
        ("8月27日，魏都区召开COVID 19大会。", "text"),
        ("（魏宣）", "source")]


def article(xml_children: str):
    text = ('<issue paper="p" date="2022-08-31"><page number="1" template="t">'
            f'<article id="a">{xml_children}<p>正文。</p></article></page></issue>')
    return parse_issue_string(text).pages[0].blocks[0]


def test_a_line_break_between_chinese_characters_goes_between_latin_words_is_a_space():
    # CSS Text 3 §4.1.2 segment breaks: hard-wrapped text from an editing system
    assert [(r.text, r.role) for r in runs(
        "<p><dateline>本报\n        讯（记者 王堃\n  通讯员 侯鹏）</dateline>正文\n    内容。</p>")] == [
        ("本报讯（记者 王堃通讯员 侯鹏）", "dateline"), ("正文内容。", "text")]
    a = article("<kicker>魏都\n   区</kicker><headline>混排\n   测试</headline>"
                "<subhead>副\n题</subhead><byline>本报记者\n    许廷合 通讯员 窦青</byline>")
    assert (a.kicker, a.headline, a.subhead, a.byline) == ("魏都区", ("混排测试",), "副题",
                                                           "本报记者许廷合 通讯员 窦青")
    # … and between Latin words it is one space
    a = article("<headline>Hello\n    World 新闻</headline><byline>记者 Tom\n   Lee</byline>")
    assert (a.headline, a.byline) == (("Hello World 新闻",), "记者 Tom Lee")
    assert runs("<p>the quick\n   brown fox 跑了。</p>")[0].text == "the quick brown fox跑了。"


def test_runin_and_emphasis_keep_their_roles():
    assert [(r.text, r.role) for r in runs(
        "<p><runin>明确任务“严管理”。</runin> 该区 <em>出台</em> 方案。</p>")] == [
        ("明确任务“严管理”。", "runin"), ("该区", "text"), ("出台", "em"), ("方案。", "text")]


@given(st.lists(st.tuples(st.text(alphabet="魏都 a1\n\t，“", max_size=12),
                          st.sampled_from(["text", "em"])), max_size=6))
def test_normalising_keeps_every_visible_character_in_order(pieces):
    result = "".join(run.text for run in normalise_runs(pieces))
    visible = "".join(text for text, _ in pieces)
    assert result.replace(" ", "") == "".join(visible.split())
    assert result == result.strip()
    for before, after in zip(result, result[1:]):
        if before == " ":
            assert not is_wide(after) and after != " "
        if after == " ":
            assert not is_wide(before)


# --------------------------------------------------------------------------
# The sample issue

def sample_texts():
    """(kind, text) of every paragraph and caption in sample-content.md, in order."""
    texts = []
    section = ""
    for line in open(SAMPLE_CONTENT, encoding="utf-8").read().splitlines():
        if line.startswith("#"):
            section = line
        elif line.startswith("  - "):
            texts.append(line[4:])
        elif line.startswith("- caption: "):
            texts.append(line[len("- caption: "):])
        elif line.startswith("- ") and ("Brief" in section or "summary" in section) \
                and not line.startswith("- source tag"):
            texts.append(line[2:])
    return texts


def model_texts(issue):
    """Paragraph and caption texts of the model in reading order."""
    for page in issue.pages:
        for block in page.blocks:
            yield from block_texts(block)


def block_texts(block):
    if isinstance(block, Briefs):
        for item in block.items:
            yield from (p.text for p in item.paragraphs)
    elif isinstance(block, (Article, Summary)):
        yield from (p.text for p in block.paragraphs)
        for photo in getattr(block, "photos", ()):
            yield from block_texts(photo)
    elif isinstance(block, Photo) and block.caption:
        yield block.caption.text


def test_sample_has_two_pages_and_every_paragraph_in_order():
    issue = parse_issue(SAMPLE)
    assert [page.number for page in issue.pages] == [1, 2]
    found = list(model_texts(issue))
    expected = sample_texts()
    assert len(expected) == 44 and len(found) == len(expected)
    for want, got in zip(expected, found):
        # The model adds the dateline before, and the source tag after, the text.
        assert want in got
        assert got.replace("（魏宣）", "").endswith(want)


def test_sample_inline_roles_and_labels():
    issue = parse_issue(SAMPLE)
    page1, page2 = issue.pages
    briefs, charity, news_photo, talent = [b for b in page1.blocks if not isinstance(b, Rule)]
    assert briefs.label == "一周要闻" and len(briefs.items) == 3
    assert all(item.paragraphs[-1].runs[-1] == ("（魏宣）", "source") or
               item.paragraphs[-1].runs[-1].text == "（魏宣）" for item in briefs.items)
    assert charity.kicker == "魏都区"
    assert charity.headline == ("召开2022年乡村振兴河南专场", "暨“99公益日”活动冲刺动员大会")
    assert charity.paragraphs[0].runs[0].text == "本报讯（记者 许廷合 通讯员 侯鹏）"
    assert news_photo.credit == "许廷合 摄"
    assert talent.byline == "本报记者许廷合 通讯员窦青"
    assert [p.runs[0].text for p in talent.paragraphs if p.runs[0].role == "runin"] == [
        "明确任务“严管理”。", "健全机制“零距离”。", "创新模式“全流程”。"]
    assert page2.blocks[0].text == "文明实践齐发力 幸福之城展新颜"
    assert page2.blocks[1].label == "核心提示"
    assert page2.blocks[-1].caption.text.endswith("“感谢每一位爱心人士的无私")


def test_sample_images_exist_and_are_small():
    issue = parse_issue(SAMPLE)
    photos = [b for page in issue.pages for b in page.blocks if isinstance(b, Photo)]
    photos += [p for page in issue.pages for b in page.blocks
               for p in getattr(b, "photos", ())]
    assert len(photos) == 5
    for photo in photos:
        path = os.path.join(issue.base_dir, photo.src)
        assert os.path.getsize(path) < 300_000          # 150 ppi as printed, still small


def test_schema_alone_accepts_the_sample_and_refuses_unknown_elements():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    assert relaxng().validate(etree.parse(SAMPLE, parser))
    broken = etree.parse(bad("unknown-element.xml"), parser)
    assert not relaxng().validate(broken)


def test_the_example_in_the_format_reference_parses():
    doc = open(os.path.join(ROOT, "docs", "format.md"), encoding="utf-8").read()
    example = re.search(r"```xml\n(.*?)```", doc, re.S).group(1)
    issue = parse_issue_string(example, source="docs/format.md")
    assert [len(page.blocks) for page in issue.pages] == [4, 4]


# --------------------------------------------------------------------------
# What the schema cannot say, and robustness

def article_issue(body: str) -> str:
    return ('<issue paper="p" date="2022-08-31"><page number="1" template="t">\n'
            f'<article id="a">\n{body}\n</article></page></issue>')


@pytest.mark.parametrize("body, words", [
    ("<p>第一段。</p><p><dateline>本报讯</dateline>第二段。</p>", "<dateline>"),
    ("<p>该区<runin>明确任务。</runin>出台方案。</p>", "<runin>"),
    ("<p>第一段。<source>（魏宣）</source></p><p>第二段。</p>", "<source>"),
    ("<headline>主题<line>第一行</line></headline>", "either as plain text"),
    ("<p> </p>", "<p> is empty"),
])
def test_misplaced_or_empty_content_is_refused(body, words):
    with pytest.raises(InputError) as caught:
        parse_issue_string(article_issue(body))
    assert words in caught.value.message and caught.value.line >= 2


def test_runin_may_follow_the_dateline():
    issue = parse_issue_string(article_issue(
        "<p><dateline>本报讯</dateline><runin>明确任务。</runin>出台方案。</p>"))
    roles = [run.role for run in issue.pages[0].blocks[0].paragraphs[0].runs]
    assert roles == ["dateline", "runin", "text"]


@pytest.mark.parametrize("src, refused", [
    ("images/a.jpg", False), ("./images/../a.jpg", False), ("/etc/passwd", True),
    ("C:\\photos\\a.jpg", True), ("images/../../a.jpg", True), ("http://x.cn/a.jpg", True),
    ("file:///etc/passwd", True),
])
def test_image_paths_stay_in_the_issue_folder(src, refused):
    text = article_issue(f'<p>正文。</p><photo id="ph" src="{src}"/>')
    if refused:
        with pytest.raises(InputError, match="src="):
            parse_issue_string(text)
    else:
        parse_issue_string(text)


def test_outside_images_can_be_allowed_explicitly():
    text = article_issue('<p>正文。</p><photo id="ph" src="../shared/a.jpg"/>')
    photo = parse_issue_string(text, allow_outside_images=True).pages[0].blocks[0].photos[0]
    assert photo.src == "../shared/a.jpg"


def test_a_100000_character_paragraph_parses_quickly():
    start = time.perf_counter()
    issue = parse_issue_string(article_issue("<p>" + "魏都区召开大会。" * 12_500 + "</p>"))
    assert len(issue.pages[0].blocks[0].paragraphs[0].text) == 100_000
    assert time.perf_counter() - start < 10.0       # no quadratic whitespace handling (a hang guard)


SAMPLE_BYTES = open(SAMPLE, "rb").read()


@given(st.integers(0, len(SAMPLE_BYTES) - 1), st.integers(0, 40),
       st.binary(max_size=12))
def test_mutated_sample_parses_or_fails_cleanly(offset, cut, insert):
    """Random damage to the sample: a model or an InputError, nothing else."""
    mutated = SAMPLE_BYTES[:offset] + insert + SAMPLE_BYTES[offset + cut:]
    try:
        parse_issue_string(mutated, source="mutated.xml")
    except InputError as error:
        assert error.file == "mutated.xml" and error.message
