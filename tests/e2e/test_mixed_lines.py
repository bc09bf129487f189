"""Lines with digits, Latin and “·” read back from the built PDF (issue 12 §4):
every glyph stands where the composer put it, so a justified line ends flush
with the column edge for pdfminer too (it drops Tc after a TJ's last glyph)."""
from __future__ import annotations

import pytest

from typeset.display import TextRun
from typeset.pipeline import BuildOptions, build_issue, layout_issue

PARAGRAPHS = [
    "购票请登录https://tickets.example.com/zh/order?id=2022&amp;type=adult查询，或发邮件至"
    "service_desk@example.com.cn咨询。今年一季度GDP同比增长+6.1%，比去年同期提高0.8个百分点。",
    "据国家统计局发布的数据，8月份全国居民消费价格同比上涨2.5%，环比上涨0.1%，其中食品价格上涨"
    "6.1%，非食品价格上涨1.7%；全国工业生产者出厂价格同比上涨2.3%，阿加莎·克里斯蒂的小说"
    "《ABC谋杀案》在GitHub上有1,234个版本，2022年全市完成公路建设投资45.6亿元。",
    "市交通运输局获悉，新改建农村公路1,280公里，安装ETC设备的车辆达到12.3万辆，占汽车保有量的"
    "38.5%。市民可拨打12345热线或访问www.example.gov.cn/service查询路况信息，也可关注微信公众号"
    "“交通·出行”了解最新动态，The quick brown fox jumps over the lazy dog near the riverbank。",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    issue = folder / "mixed.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">'
                     '<page number="1" section="要闻" template="bulletin"><article id="a" col="1" span="3">'
                     f'<headline>混排</headline>{body}</article></page></issue>', encoding="utf-8")
    out = str(folder / "mixed.pdf")
    build_issue(str(issue), out, BuildOptions(variant="none", preflight=False))
    return layout_issue(str(issue)), out


def _pdf_glyphs(path: str) -> list[tuple[str, float, float]]:
    """(character, x origin, baseline y from the top) of every glyph, as pdfminer reads them."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar
    out = []

    def walk(item, height):
        if isinstance(item, LTChar):
            out.append((item.get_text(), item.matrix[4], height - item.matrix[5]))
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child, height)
    for page in extract_pages(path):
        walk(page, page.height)
    return out


def test_glyphs_of_mixed_lines_read_back_where_the_composer_put_them(built):
    result, pdf = built
    glyphs = _pdf_glyphs(pdf)
    runs = [r for r in result.pages[0].items if isinstance(r, TextRun) and r.face == "song"
            and abs(r.size - 9.0) < 1e-6 and r.actual is None and len(r.text) > 8
            and any(ch.isascii() and ch.isalnum() or ch == "·" for ch in r.text)]
    assert len(runs) > 15
    for run in runs:
        row = sorted((g for g in glyphs if abs(g[2] - run.y) < 0.01 and run.x - 0.5 <= g[1] <= run.x + 150),
                     key=lambda g: g[1])
        assert "".join(g[0] for g in row) == run.text
        assert [g[1] - run.x for g in row] == pytest.approx(list(run.xs), abs=0.02), run.text
