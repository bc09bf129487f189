"""An issue with <article direction="vertical"> and <headline direction="vertical">
built to PDF/X-1a (issue 18 §1):
the preflight passes, nothing is lost (verify.check_nothing_lost reads the
PDF back in stream order), the tagged structure holds its heads and
paragraphs, and pdfium reads the article in reading order."""
from __future__ import annotations

import pypdfium2
import pytest

from typeset.pipeline import BuildOptions, build_issue
from typeset.verify import check_nothing_lost

PARAS = ["本报讯 记者从市统计局获悉，今年第12期报告显示：全市GDP增长5.2%，2025年居民收入达到“新高”。"
         "专家认为——这是稳中向好的信号……",
         "《人民日报》评论说：“AI产业、新能源产业、数字经济，是主要动力。”第345号文件、第8号令于10月1日起施行。"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vertical")
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    issue = folder / "vertical.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2026-12-02">'
                     '<page number="1" section="要闻" template="bulletin">'
                     '<article id="v" col="1" span="2" line="1" direction="vertical"><kicker>竖排试验</kicker>'
                     f'<headline>全市经济稳中向好</headline><byline>本报记者 许廷合</byline>{body}</article>'
                     '<article id="h" col="3" span="4" line="1"><headline>横排对照</headline>'
                     f'<p>{PARAS[0]}</p></article>'
                     '<article id="s" col="3" span="4" line="40"><kicker>竖题</kicker>'
                     '<headline direction="vertical">主题竖排站在右边</headline>'
                     f'<p>{PARAS[1] * 3}</p></article></page></issue>', encoding="utf-8")
    out = str(folder / "vertical.pdf")
    return build_issue(str(issue), out, BuildOptions(variant="x1a")), out


def test_the_preflight_passes_and_nothing_is_overset(built):
    result, _ = built
    assert not result.overset
    assert result.facts is not None


def test_nothing_is_lost_reading_the_pdf_back(built):
    result, pdf = built
    report = check_nothing_lost(result, pdf)
    assert report.ok, report.missing
    assert report.checked >= 5                # kicker, headline, byline, two paragraphs (+ the other article)


def test_pdfium_reads_the_vertical_article_in_reading_order(built):
    _, pdf = built
    text = "".join(pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().split())
    order = ["竖排试验", "全市经济稳中向好", "本报记者许廷合", PARAS[0].replace(" ", ""), PARAS[1]]
    at = [text.find(part) for part in order]        # (pdfium breaks and spaces lines its own way)
    assert all(k >= 0 for k in at) and at == sorted(at)


def test_the_structure_tree_has_the_vertical_article(built):
    import pikepdf
    _, pdf = built
    roles = []
    with pikepdf.open(pdf) as doc:
        def walk(node):
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                roles.append(str(node.S))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        walk(doc.Root.StructTreeRoot)
    assert roles.count("/P") >= 3
