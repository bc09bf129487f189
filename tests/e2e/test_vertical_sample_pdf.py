"""issues/vertical.xml — a vertical essay with a photo, continued on page 2
(转版, issue 18 §3) — built to PDF/X-1a: the preflight passes, nothing is
overset or lost (the PDF read back in stream order), the essay jumps to
page 2 and its rest is set there, and pdfium reads the part, its jump
labels and the rest in order."""
from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from typeset.pipeline import BuildOptions, build_issue
from typeset.verify import check_nothing_lost, squeeze

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "vertical.xml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("vsample") / "vertical.pdf")
    return build_issue(str(SAMPLE), out, BuildOptions(variant="x1a")), out


def test_the_sample_builds_clean(built):
    result, pdf = built
    assert not result.overset and result.facts is not None
    report = check_nothing_lost(result, pdf)
    assert report.ok, report.missing


def test_the_essay_jumps_to_page_2_with_its_photo_on_page_1(built):
    result, _ = built
    tea = next(b for b in result.blocks if b.id == "tea")
    rest = next(b for b in result.blocks if b.kind == "continuation")
    assert (tea.page, tea.continued_to, rest.page, rest.overset_lines) == (1, 2, 2, 0)
    assert squeeze(rest.paragraphs[0].text) == squeeze(tea.continued_text) != ""


def test_pdfium_reads_part_label_and_rest_in_order(built):
    result, pdf = built
    tea = next(b for b in result.blocks if b.id == "tea")
    doc = pypdfium2.PdfDocument(pdf)
    one = "".join(doc[0].get_textpage().get_text_range().split())
    two = "".join(doc[1].get_textpage().get_text_range().split())
    assert "（下转第2版）" in one and "（上接第1版）" in two
    start = squeeze(tea.continued_text)[:12]
    assert two.index("（上接第1版）") < two.index(start)
    assert "茶艺老师在社区活动室" in one                              # the caption, on page 1
