"""Holes (开天窗 / 欠版) read back from built PDFs: the sample's columns all
reach the next block or the foot; an issue with holes has white exactly
where `paiban check` says."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from typeset.pipeline import BuildOptions, build_issue
from typeset.style.template import BUILTIN_DIR, load_template

from pdf_holes import empty_lines_below, page_ink, short_columns

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")


def grid_of(result, number):
    page = next(p for p in result.issue.pages if p.number == number)
    return load_template(os.path.join(BUILTIN_DIR, page.template + ".toml")).grid


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("holes") / "sample.pdf")
    result = build_issue(SAMPLE, out, BuildOptions(variant="none", preflight=False))
    return result, page_ink(out)


def test_the_sample_has_no_holes_in_the_model(sample):
    result, _ = sample
    assert not result.underset, [(b.id, b.holes) for b in result.underset]


def test_every_column_of_the_sample_reaches_its_foot_in_the_pdf(sample):
    result, ink = sample
    assert not short_columns(result, ink, grid_of)          # within one grid line of the foot


def test_holes_in_the_pdf_are_where_check_says(tmp_path):
    # the sample as it was sketched before 撑版: photos of fixed height, too small to close the pages
    with open(SAMPLE, encoding="utf-8") as f:
        xml = f.read()
    xml = xml.replace('id="defence-education" src="images/defence-education.jpg" col="5" span="2"',
                      'id="defence-education" src="images/defence-education.jpg" col="5" span="2" lines="30"')
    xml = re.sub(r'(id="donated-bins"[^>]*span="3")', r'\1 lines="24"', xml)
    issue = tmp_path / "holes.xml"
    issue.write_text(xml, encoding="utf-8")
    shutil.copytree(os.path.join(ROOT, "issues", "images"), tmp_path / "images")
    out = str(tmp_path / "holes.pdf")
    result = build_issue(str(issue), out, BuildOptions(variant="none", preflight=False))
    ink = page_ink(out)
    holed = [b for b in result.underset if b.kind != "hole"]
    assert holed, "the fixed photos should leave holes"
    for b in holed:
        grid = grid_of(result, b.page)
        for h in b.holes:
            empty = empty_lines_below(ink[b.page - 1], grid, h.col - 1, b.rect.line, b.rect.lines)
            assert abs(empty - h.lines) <= 0.6, (b.id, h, empty)   # the model's hole is the printed white
        for c in set(range(b.rect.col + 1, b.rect.col + b.rect.span + 1)) - {h.col for h in b.holes}:
            assert empty_lines_below(ink[b.page - 1], grid, c - 1, b.rect.line, b.rect.lines) <= 1.05
