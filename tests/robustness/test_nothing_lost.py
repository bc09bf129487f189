"""Nothing lost, end to end: every paragraph, headline, caption and label of a
built issue is read back from its PDF in order, or listed as overset."""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace

import pytest

from robust_support import BAD_BUILD, SAMPLE
from typeset.flow.blocks import Composed
from typeset.pipeline import BuildOptions, build_issue
from typeset.verify import _account_block, check_nothing_lost

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
FAST = BuildOptions(variant="none", preflight=False)


@pytest.fixture(scope="module")
def fonts():
    from typeset.fonts import default_library
    return default_library()


@pytest.fixture(scope="module")
def sample(fonts, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("lost") / "sample.pdf")
    return build_issue(SAMPLE, out, FAST, fonts=fonts), out


def test_sample_loses_nothing(sample):
    result, out = sample
    report = check_nothing_lost(result, out)
    assert report.ok, report.missing
    assert report.checked == sum(len(b.paragraphs) for b in result.blocks) > 50


def test_the_check_sees_a_lost_paragraph(sample):
    result, out = sample
    block = result.blocks[0]
    ghost = Composed((), "这一段从未排进版面。", 99)
    result = replace(result, blocks=[replace(block, paragraphs=block.paragraphs + [ghost])] + result.blocks[1:])
    report = check_nothing_lost(result, out)
    assert report.missing == [f"page 1, block {block.id!r}, paragraph at line 99: 这一段从未排进版面。…"]


def test_sample_squeezed_into_short_blocks_loses_nothing(fonts, tmp_path):
    """Every article cut to 12 lines: most text is overset, and all of it is reported."""
    shutil.copytree(os.path.join(os.path.dirname(SAMPLE), "images"), tmp_path / "images")
    with open(SAMPLE, encoding="utf-8") as f:
        text = re.sub(r'(<article id="[^"]+")', r'\1 lines="12"', f.read())
    issue = tmp_path / "short.xml"
    issue.write_text(text, encoding="utf-8")
    result = build_issue(str(issue), str(tmp_path / "short.pdf"), FAST, fonts=fonts)
    assert len(result.overset) >= 4
    report = check_nothing_lost(result, str(tmp_path / "short.pdf"))
    assert report.ok, report.missing


@pytest.mark.parametrize("name", ["no-room.xml", "missing-glyph.xml", "image-modes.xml"])
def test_corpus_issues_that_build_lose_nothing(fonts, tmp_path, name):
    out = str(tmp_path / "out.pdf")
    result = build_issue(os.path.join(BAD_BUILD, name), out, FAST, fonts=fonts)
    report = check_nothing_lost(result, out)
    assert report.ok, report.missing


def test_an_overset_headline_found_inside_the_next_paragraph_is_not_a_match():
    # headline “专” is overset; the body “专。专（魏宣）” is placed: a greedy match
    # took the body's first 专 for the headline and then missed the body
    end, lost = _account_block(["专", "专。专（魏宣）"], "报头专。专（魏宣）", 2, overset="专")
    assert lost == [] and end == len("报头专。专（魏宣）")


def test_a_paragraph_split_between_page_and_overset_is_accounted():
    end, lost = _account_block(["标题", "第一行第二行第三行"], "标题第一行", 0, overset="第二行第三行")
    assert lost == [] and end == len("标题第一行")


def summary_issue(tmp_path, lines: str) -> str:
    issue = tmp_path / "summary.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">\n'
                     '<page number="1" template="bulletin">\n'
                     f'<summary id="s1" label="核心提示" col="1" span="3" line="1"{lines}>'
                     '<p>人，因文明而美。</p></summary>\n'
                     '</page>\n</issue>\n', encoding="utf-8")
    return str(issue)


def test_a_one_line_summary_is_tall_enough_for_its_label(fonts, tmp_path):
    out = str(tmp_path / "summary.pdf")
    result = build_issue(summary_issue(tmp_path, ""), out, FAST, fonts=fonts)
    assert not result.overset
    assert check_nothing_lost(result, out).ok


def test_a_label_that_cannot_stand_in_its_box_is_overset_not_cut(fonts, tmp_path):
    # the label used to overrun the box (and the page foot), losing its last characters
    out = str(tmp_path / "summary.pdf")
    result = build_issue(summary_issue(tmp_path, ' lines="3"'), out, FAST, fonts=fonts)
    [block] = result.overset
    assert block.overset_text.endswith("核心提示")
    assert check_nothing_lost(result, out).ok


def test_a_split_whose_head_seems_to_run_on_into_the_next_block():
    # “…开园人” placed, “306” overset; the next block starts with “3136…”
    wants = ["开园人306", "3136"]
    end, lost = _account_block(wants[:1], "开园人3136", 0, overset="306")
    assert lost == [] and end == 3


def test_a_hundred_thousand_character_paragraph_is_placed_or_overset(fonts, tmp_path):
    body = "魏都区召开大会，部署2022年工作“喜迎二十大”。" * 4000
    issue = tmp_path / "long.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">\n'
                     '<page number="1" template="bulletin">\n<article id="long" col="1" span="3">\n'
                     f'<headline>长文</headline>\n<p>{body}</p>\n</article>\n</page>\n</issue>\n', encoding="utf-8")
    out = str(tmp_path / "long.pdf")
    result = build_issue(str(issue), out, FAST, fonts=fonts)
    [block] = result.overset
    assert 90_000 < block.overset_chars < 100_000
    assert check_nothing_lost(result, out).ok
