"""Text that copies right (issue 16 §2): the sample read back with poppler and
pdfminer finds dates whole, dashes as U+2014 and the vertical label as one
word; subset tags come from the subsets; the Catalog says the language."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pikepdf
import pytest

from typeset.pipeline import BuildOptions, build_issue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")
# a space between a Han character and a digit, either way round
CJK_DIGIT_SPACE = re.compile(r"[\u4e00-\u9fff][ \u00a0]+\d|\d[ \u00a0]+[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> str:
    out = str(tmp_path_factory.mktemp("copy") / "sample.pdf")
    build_issue(SAMPLE, out, BuildOptions(variant="x1a"))
    return out


@pytest.fixture(scope="module")
def pdfminer_text(sample_pdf) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(sample_pdf)


@pytest.fixture(scope="module")
def poppler_text(sample_pdf) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", sample_pdf, "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("reader", ["pdfminer_text", "poppler_text"])
def test_a_date_is_found_whole(reader, request):
    text = request.getfixturevalue(reader)
    assert "8月29日" in text and "8月27日" in text
    assert not CJK_DIGIT_SPACE.findall(text)          # 第1版, 本期2版, 2022年 too


def test_dashes_copy_as_u2014_without_actual_text(pdfminer_text):
    # pdfminer ignores ActualText: what it reads is the ToUnicode CMap
    assert pdfminer_text.count("——") >= 2 and "\u2015" not in pdfminer_text


def test_the_vertical_label_is_one_word(poppler_text, sample_pdf):
    assert re.search(r"^核心提示$", poppler_text, re.M)
    with pikepdf.open(sample_pdf) as pdf:
        stream = pdf.pages[1].Contents.read_bytes()
    label = "FEFF" + "核心提示".encode("utf-16-be").hex().upper()
    assert f"/ActualText <{label}>".encode() in stream


def test_subset_tags_come_from_the_subsets(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        names = [str(f.BaseFont)[1:] for page in pdf.pages for f in page.Resources.Font.values()]
    tags = {name.split("+")[0] for name in names}
    assert all(re.fullmatch(r"[A-Z]{6}", t) for t in tags)
    assert len(tags) == len(set(names))                # a tag per glyph set
    assert not tags & {"AAAAAA", "AAAAAB", "AAAAAC"}   # not ReportLab's sequence


def _tags(path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {str(f.BaseFont)[1:7] for page in pdf.pages for f in page.Resources.Font.values()}


def test_a_different_glyph_set_gets_a_different_tag(tmp_path, sample_pdf):
    issue = tmp_path / "one.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">'
                     '<page number="1" template="bulletin"><article id="a" col="1" span="2" line="1">'
                     '<headline>标题</headline><p>只有几个字。</p></article></page></issue>',
                     encoding="utf-8")
    out = str(tmp_path / "one.pdf")
    build_issue(str(issue), out, BuildOptions(variant="none"))
    assert _tags(out) and not _tags(out) & _tags(sample_pdf)


def test_the_catalog_says_the_language(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
