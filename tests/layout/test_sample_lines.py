"""The sample's own lines (real fonts, read from the layout model): source tags
and names in datelines (issue 12 §3, §6)."""
from __future__ import annotations

import os

import pytest
from pytest import approx

from typeset.pipeline import layout_issue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def sample():
    return layout_issue(os.path.join(ROOT, "issues", "sample.xml"))


def _paragraphs(result):
    return [comp for block in result.blocks for comp in block.paragraphs if comp.lines]


def test_every_source_tag_ends_its_paragraph_flush_right_or_after_the_text(sample):
    tagged = [comp for comp in _paragraphs(sample) if comp.text.endswith("（魏宣）")]
    assert len(tagged) == 3
    alone = [comp.lines[-1] for comp in tagged if comp.lines[-1].text == "（魏宣）"]
    assert alone, "the third brief's tag does not fit its last line"
    for line in alone:
        assert line.extent == approx(line.width)                # never alone flush left
    for comp in tagged:
        last = comp.lines[-1]
        assert last.text.endswith("（魏宣）") and (last.text == "（魏宣）" or " （魏宣）" in last.text)


def test_names_in_the_samples_datelines_and_bylines_are_whole(sample):
    names = ("许廷合", "侯鹏")
    for comp in _paragraphs(sample):
        if "记者" in comp.text:
            texts = [line.text for line in comp.lines]
            for name in names:
                if name in comp.text:
                    assert any(name in t for t in texts), (name, texts)
