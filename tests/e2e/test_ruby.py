"""着重号 and ruby end to end (issue 18 §5): tests/data/own/ruby.xml built and
read back.  "Text extraction stays right": the body text copies as the base
text alone, every character in order; the readings never come inside a body
line (poppler drops them: their runs carry an empty /ActualText; pdfium,
which ignores it, gives them lines of their own); in the tagged PDF the
readings and dots are artifacts and each P holds its base text."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pikepdf
import pytest

from typeset.display import Dots, TextRun
from typeset.model import body_paragraphs
from typeset.pipeline import BuildOptions, build_issue, layout_issue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUBY = os.path.join(ROOT, "tests", "data", "own", "ruby.xml")
sys.path.insert(0, os.path.join(ROOT, "tests", "print"))
from tag_reader import read_marked, structure  # noqa: E402

READINGS = ("pù", "bù", "xiōng", "yǒng", "chuǎng", "zhāo", "xī", "qiáo", "cuì", "ㄓㄨˋ", "ㄧㄣ")
# what only a reading has: pinyin letters and tone marks, 注音符号
READING_CHARS = re.compile("[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ\u3105-\u312f\u02ca\u02c7\u02cb\u02d9]")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ruby") / "ruby.pdf")
    result = build_issue(RUBY, out, BuildOptions(variant="x1a", preflight=False))
    return result, out


@pytest.fixture(scope="module")
def paragraphs(built):
    return [p.text for p in body_paragraphs(built[0].issue)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_poppler_copies_the_base_text_alone_in_order(built, paragraphs):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", built[1], "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = _flat(text)
    assert _flat("".join(paragraphs)) in flat          # every character, in order, nothing between
    assert not any(reading in text for reading in READINGS)


def test_pdfium_keeps_the_readings_out_of_the_body_lines(built, paragraphs):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(built[1])
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reading_lines = [line for line in lines if READING_CHARS.search(line)]
    assert reading_lines                               # pdfium does read them …
    for line in reading_lines:                         # … but each on a line of its own
        assert not re.search(r"[\u4e00-\u9fff]", line), line
    body = _flat("".join(line for line in lines if line not in reading_lines))
    assert _flat("".join(paragraphs)) in body


def test_the_tags_hold_the_base_text_and_the_readings_are_artifacts(built, paragraphs):
    tree = structure(built[1])
    ps = [e.text for e in tree.walk() if e.type == "P" and e.text and not e.text.startswith("责任编辑")]
    assert [_flat(p) for p in ps[-len(paragraphs):]] == [_flat(p) for p in paragraphs]
    artifacts = "".join(read_marked(built[1]).artifact)
    assert all(reading.replace(" ", "") in artifacts for reading in READINGS)


def test_a_dot_per_dotted_character_and_a_run_per_reading(built):
    result = layout_issue(RUBY)
    items = [it for page in result.pages for it in page.items]
    dots = sum(len(it.xs) for it in items if isinstance(it, Dots))
    dotted = "先读准字音再记住字形" + "拼音是拐杖不是目的" + "比较两种注音方法"
    assert dots == len(dotted)
    readings = [it for it in items if isinstance(it, TextRun) and it.actual == ""]
    assert "".join(r.text for r in readings) == "".join(READINGS)   # (ˋ may come from another face)
    with pikepdf.open(built[1]) as pdf:
        stream = pdf.pages[0].Contents.read_bytes()
    assert stream.count(b" c h") == len(dotted)       # one closed circle path per dot


def test_no_reading_collides_with_the_line_above(built):
    # the sample keeps its dotted sentences off the line above a reading: no warning
    assert not [w for w in built[0].warnings if "ruby reading" in w.message or "注音“" in w.message]


def test_a_dotted_line_above_a_reading_is_warned(tmp_path, monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "en")
    with open(RUBY, encoding="utf-8") as f:
        source = f.read()
    # the dotted sentence straight before the line with 瀑布 (bulletin: 6 pt gap,
    # 4.5 pt reading + the dots' band under the line above)
    dotted = '老师请同学们<em style="dots">先读准字音，再记住字形</em>。'
    crowded = source.replace("识字课上，黑板上", "识字课上，" + dotted + "黑板上")
    path = tmp_path / "crowded.xml"
    path.write_text(crowded, encoding="utf-8")
    warnings = [str(w) for w in layout_issue(str(path)).warnings]
    assert any("ruby reading" in w and "touches the line above" in w for w in warnings), warnings


def test_a_vertical_article_sets_dots_right_of_each_character_and_the_readings(tmp_path):
    # 竖排 (issue 18 §5): a dot right of each dotted character, the readings
    # right of their bases at half size with an empty ActualText, no warning
    with open(RUBY, encoding="utf-8") as f:
        source = f.read()
    path = tmp_path / "vertical.xml"
    path.write_text(source.replace('<article id="reading"', '<article id="reading" direction="vertical"'),
                    encoding="utf-8")
    result = layout_issue(str(path))
    assert not any("vertical" in w.message and "ruby" in w.message for w in result.warnings)
    items = [it for page in result.pages for it in page.items]
    dots = [it for it in items if isinstance(it, Dots)]
    dotted = "先读准字音再记住字形" + "拼音是拐杖不是目的" + "比较两种注音方法"
    assert sum(len(it.xs) for it in dots) == len(dotted)
    assert all(it.ys for it in dots)                    # down the line, not across
    readings = [it for it in items if isinstance(it, TextRun) and it.actual == ""]
    assert "".join(r.text for r in readings).replace(" ", "") == "".join(READINGS)
    drawn = _flat("".join(it.actual or it.text for it in items if isinstance(it, TextRun) and it.tag))
    for word in ("瀑布", "汹涌", "先读准字音", "注音读本"):
        assert word in drawn
    # pinyin turned 90° as rotated Latin in the body (V1), 注音 and its tone marks upright
    for r in readings:
        turned = [ch for ch, turn in zip(r.text, r.turns or (0,) * len(r.text)) if turn]
        upright = [ch for ch, turn in zip(r.text, r.turns or (0,) * len(r.text)) if not turn]
        assert all(ch < "\u2000" for ch in turned) and not any(ch < "\u2000" for ch in upright
                                                                 if ch not in "\u02ca\u02c7\u02cb\u02d9")
    assert any(r.turns for r in readings) and any(not r.turns and "ㄓ" in r.text for r in readings)


def test_a_vertical_article_copies_as_its_base_text_alone(tmp_path, paragraphs):
    # the readings (turned pinyin, upright 注音) keep their empty ActualText down a column;
    # poppler in reading order (-raw: content order, as tests/e2e/test_vertical_text.py)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    with open(RUBY, encoding="utf-8") as f:
        source = f.read()
    path, out = tmp_path / "vertical.xml", str(tmp_path / "vertical.pdf")
    path.write_text(source.replace('<article id="reading"', '<article id="reading" direction="vertical"'),
                    encoding="utf-8")
    build_issue(str(path), out, BuildOptions(variant="x1a", preflight=False))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", out, "-"], capture_output=True,
                          text=True, check=True).stdout
    assert not READING_CHARS.search(text.replace("责任编辑", ""))
    flat = _flat(text)
    for p in paragraphs:
        assert _flat(p) in flat
