"""A new block kind is one module plus its schema (issue 17 §1): the <note>
kind of tests/kinds/note.py, registered here, builds into a PDF."""
from __future__ import annotations

import subprocess

import pytest

from typeset import registry
from typeset.errors import InputError
from typeset.model.parse import parse_issue_string
from typeset.pipeline import BuildOptions, build_issue

from . import note

ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2026-12-02">
  <page number="1" template="bulletin">
    <article id="a1" span="4">
      <headline>注释块的测试</headline>
      <p>正文第一段。</p>
    </article>
    <note id="n1" span="2"><p>这是一个由测试自己定义的注释块，它的文字排在框里。</p></note>
  </page>
</issue>
"""


@pytest.fixture
def note_kind():
    registry.register(note.KIND)
    yield note.KIND
    registry.unregister("note")


def test_without_the_kind_note_is_an_unknown_element():
    with pytest.raises(InputError) as err:
        parse_issue_string(ISSUE, source="note.xml")
    assert err.value.line == 8 and err.value.element == "note"


def test_the_registered_kind_parses_to_its_model_type(note_kind):
    issue = parse_issue_string(ISSUE, source="note.xml")
    block = issue.pages[0].blocks[1]
    assert isinstance(block, note.Note) and block.line == 8
    assert block.paragraphs[0].text.startswith("这是一个由测试自己定义")


def test_its_schema_fragment_validates(note_kind):
    bad = ISSUE.replace('<note id="n1" span="2"><p>', '<note id="n1" span="2" colour="red"><p>')
    with pytest.raises(InputError) as err:
        parse_issue_string(bad, source="note.xml")
    assert "colour" in err.value.message and err.value.line == 8


def test_it_builds_and_reads_back(note_kind, tmp_path):
    path = tmp_path / "note.xml"
    path.write_text(ISSUE, encoding="utf-8")
    out = tmp_path / "note.pdf"
    result = build_issue(str(path), str(out), BuildOptions(preflight=False))
    report = next(b for b in result.blocks if b.id == "n1")
    assert report.kind == "note" and report.overset_chars == 0 and report.chars > 20
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True).stdout
    assert "测试自己定义的注释块" in text.replace(" ", "").replace("\n", "")


def test_the_e_paper_keeps_its_text(note_kind, tmp_path):
    from typeset.workflow.epaper import collect
    path = tmp_path / "note.xml"
    path.write_text(ISSUE, encoding="utf-8")
    result = build_issue(str(path), str(tmp_path / "note.pdf"), BuildOptions(preflight=False))
    _, stories = collect(result)
    story = next(s for s in stories if s.id == "n1")
    assert story.kind == "note" and story.paragraphs[0].text.startswith("这是一个") and story.regions


def test_check_names_the_kind_in_both_languages(note_kind):
    from typeset.workflow.messages import kind_name
    assert kind_name("note", "zh") == "注释" and kind_name("note", "en") == "note"
    assert kind_name("article", "zh") == "文章" and kind_name("hole", "en") == "white"


def test_a_kind_has_a_layout_or_a_mark_not_both():
    from dataclasses import replace
    with pytest.raises(ValueError):
        registry.register(replace(note.KIND, content=None))
    with pytest.raises(ValueError):
        registry.register(replace(note.KIND, draw=lambda ts, block: []))
    assert "note" not in registry.kinds()
