"""The preflight after a build checks what the drawer drew (print/facts.py) and
must find what the walk of the bytes finds: each display list here is drawn,
finished as PDF/X-1a and checked both ways."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from typeset.display import BoxItem, ImageItem, PageLayout, RuleItem, TextRun
from typeset.photos import image_loader
from typeset.draw.pdf import DrawOptions, draw_pdf
from typeset.fonts import default_library
from typeset.pipeline import BuildOptions, build_facts
from typeset.print.facts import BuildFacts, PlacedPhoto, ink_bounds, photo_key
from typeset.print.pdfx import finish_pdf
from typeset.print.preflight import preflight

from print_fixtures import META, write

ISSUES = Path(__file__).resolve().parents[2] / "issues"
CONTENT_CHECKS = ("colour.spaces", "colour.transparency", "objects.line_weight", "objects.white_overprint",
                  "objects.black_text", "objects.small_text", "objects.black_overprint", "images.resolution",
                  "objects.forbidden", "geometry.marks")
BLACK, RED, WHITE = (0.0, 0.0, 0.0, 1.0), (0.0, 1.0, 1.0, 0.0), (0.0, 0.0, 0.0, 0.0)


@pytest.fixture(scope="module")
def fonts():
    return default_library()


def _text(y: float, size: float = 9.0, color=BLACK, text: str = "排版系统测试", x: float = 30.0) -> TextRun:
    return TextRun(x, y, "song", size, text, tuple(k * size for k in range(len(text))), color=color)


PHOTO = ImageItem(200.0, 40.0, 120.0, 90.0, "images/tidy-streets.jpg")

PAGES = {   # name → the items of a page that breaks (or keeps) a rule
    "clean": (_text(60), RuleItem(30, 150, 300, 150, 0.5), BoxItem(30, 80, 100, 40, stroke=None, fill=(0, 0, 0, 0.12)),
              _text(100), PHOTO),
    "hairline": (RuleItem(30, 70, 300, 70, 0.1),),
    "thin_colour_rule": (RuleItem(30, 70, 300, 70, 0.2, color=RED),),
    "small_red_text": (_text(60, 8.0, RED),),
    "small_white_text": (BoxItem(20, 40, 300, 40, stroke=None, fill=BLACK), _text(60, 8.0, WHITE)),
    "rich_black_text": (_text(60, 9.0, (0.6, 0.4, 0.4, 1.0)),),
    "grey_text": (_text(60, 9.0, (0.0, 0.0, 0.0, 0.9)),),
    "tiny_text": (_text(60, 5.0),),
    "framed": (BoxItem(30, 40, 200, 100, stroke=BLACK, width=0.1),),
}


def _finished(fonts, items, tmp_path, name: str) -> tuple[str, BuildFacts]:
    pages = [PageLayout(1, 420.0, 300.0, tuple(items))]
    loader = image_loader(str(ISSUES), False, "test.xml")
    pdf = draw_pdf(pages, fonts, DrawOptions(image_loader=loader, flate_level=0))
    path = write(tmp_path, f"{name}.pdf", finish_pdf(pdf, META))
    return path, build_facts(pages, BuildOptions(), loader.prepared)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_facts_find_what_the_walk_finds(fonts, tmp_path, name):
    path, facts = _finished(fonts, PAGES[name], tmp_path, name)
    walked = preflight(path, ink=False)
    drawn = preflight(path, ink=False, facts=facts)
    assert {c: drawn.status_of(c) for c in CONTENT_CHECKS} == {c: walked.status_of(c) for c in CONTENT_CHECKS}, \
        walked.to_text() + "\n" + drawn.to_text()
    if name != "clean":     # each page breaks something, or the case shows nothing
        assert any(walked.status_of(c) != "pass" for c in CONTENT_CHECKS), walked.to_text()


def test_a_clean_build_passes_without_walk_render_or_tools(fonts, tmp_path, monkeypatch):
    from typeset.print import checks_tools, preflight as pf
    path, facts = _finished(fonts, PAGES["clean"], tmp_path, "clean")

    def refused(*args, **kwargs):
        raise AssertionError("the build's preflight walked, rendered or ran a program")
    monkeypatch.setattr(pf, "page_marks", refused)
    monkeypatch.setattr(checks_tools, "measure_ink", refused)
    monkeypatch.setattr(checks_tools.subprocess, "run", refused)
    report = preflight(path, facts=facts)
    assert report.ok and report.counts()["warn"] == 0, report.to_text()
    assert {"ink.tac", "syntax.check", "text.cjk_extractable", "fonts.embedded"} <= {c.name for c in report.checks}


def _facts(*items, photo_limit=220.0) -> BuildFacts:
    page = PageLayout(1, 420.0, 300.0, tuple(items))
    return BuildFacts([page], photos={photo_key(PHOTO): PlacedPhoto((1000, 750), photo_limit)})


def test_the_ink_bound_of_photos_and_overprinting_black():
    # photos are held to 220 % when separated; 100 % K text beside them adds nothing
    (clean,) = ink_bounds(_facts(PHOTO, _text(200)))
    assert clean.bound == pytest.approx(220.0)
    # black text overprinting a photo keeps the photo's C+M+Y under its 100 % K
    (over,) = ink_bounds(_facts(PHOTO, _text(PHOTO.y + 40, text="图片上的字", x=PHOTO.x + 10)))
    assert over.bound == pytest.approx(320.0) and over.exact_over == 0


@pytest.mark.parametrize("size_pt,status", [(150.0, "fail"), (5.0, "warn")])
def test_a_300_percent_fill_fails_when_it_covers_a_window(fonts, tmp_path, size_pt, status):
    dense = BoxItem(30, 40, size_pt, size_pt, stroke=None, fill=(0.75, 0.75, 0.75, 0.75))
    path, facts = _finished(fonts, (dense,), tmp_path, f"dense-{size_pt:g}")
    assert preflight(path, facts=facts).status_of("ink.tac") == status


@pytest.mark.skipif(not (shutil.which("qpdf") and shutil.which("pdftotext")), reason="qpdf/poppler not installed")
def test_external_adds_the_command_line_cross_checks(fonts, tmp_path):
    path, _ = _finished(fonts, PAGES["clean"], tmp_path, "clean")
    names = {c.name for c in preflight(path, ink=False, external=True).checks}
    assert {"syntax.check", "syntax.qpdf_check", "text.cjk_extractable", "text.pdftotext"} <= names
    assert not {"syntax.qpdf_check", "text.pdftotext"} & {c.name for c in preflight(path, ink=False).checks}


@pytest.mark.parametrize("flag,facts,external", [([], True, False), (["--preflight", "full"], False, True)])
def test_build_hands_its_facts_to_the_preflight_unless_full(tmp_path, monkeypatch, flag, facts, external):
    from typeset import cli
    from typeset.print import preflight as pf
    seen = {}
    real = pf.preflight

    def spy(path, **options):
        seen.update(options)
        return real(path, ink=False, **{k: v for k, v in options.items() if k != "external"})
    monkeypatch.setattr(pf, "preflight", spy)
    assert cli.main(["-q", "build", str(ISSUES / "sample.xml"), "-o", str(tmp_path / "s.pdf"), *flag]) == 0
    assert (seen["facts"] is not None) == facts and seen["external"] == external
