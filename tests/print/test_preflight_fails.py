"""Each PDF here is made to break one print rule; preflight must report exactly that."""
from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader

from typeset.print.preflight import preflight

from print_fixtures import BLACK, FONT, build_pdf, good_page, write


def _rgb_image_page(c, _):
    pixels = np.full((200, 300, 3), (200, 30, 30), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buf, "PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 20, 20, 72, 48)


def _helvetica_page(c, _):
    c.setFillColor(BLACK)
    c.setFont("Helvetica", 12)
    c.drawString(20, 200, "Helvetica is not embedded")


def _ink_page(c, _):
    c.setFillColor(CMYKColor(0.75, 0.75, 0.75, 0.75))
    c.rect(50, 50, 100, 100, stroke=0, fill=1)


def _hairline_page(c, _):
    c.setStrokeColor(BLACK)
    c.setLineWidth(0.05)
    c.line(20, 100, 400, 100)


def _thin_rule_page(c, _):
    c.setStrokeColor(BLACK)
    c.setStrokeOverprint(True)
    c.setLineWidth(0.2)
    c.line(20, 100, 400, 100)


def _white_overprint_page(c, _):
    c.setFillColor(BLACK)
    c.rect(20, 150, 300, 60, stroke=0, fill=1)
    c.setFillOverprint(True)
    c.setFillColor(CMYKColor(0, 0, 0, 0))
    c.setFont(FONT, 24)
    c.drawString(30, 170, "反白字叠印")


def _transparent_page(c, _):
    c.setFillColor(CMYKColor(0, 1, 0, 0, alpha=0.5))
    c.rect(20, 20, 100, 100, stroke=0, fill=1)


def _low_res_page(c, _):
    buf = io.BytesIO()
    Image.fromarray(np.full((40, 60), 128, dtype=np.uint8), "L").save(buf, "PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 20, 20, 60 * 72 / 80, 40 * 72 / 80)


def _rich_black_text_page(c, _):
    c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1))
    c.setFont(FONT, 9)
    c.drawString(20, 200, "四色黑小字")


def _small_reversed_text_page(c, _):
    c.setFillColor(BLACK)
    c.rect(20, 150, 300, 60, stroke=0, fill=1)
    c.setFillColor(CMYKColor(0, 0, 0, 0))
    c.setFont(FONT, 8)
    c.drawString(30, 170, "小号反白字")


def _link_page(c, _):
    good_page(c, 0)
    c.linkURL("https://example.org/", (20, 20, 120, 60))


CASES = [   # (drawer, check name, expected status, build options)
    (_rgb_image_page, "colour.spaces", "fail", {}),
    (_helvetica_page, "fonts.embedded", "fail", {}),
    (good_page, "fonts.embedded", "fail", {"embedded_start_font": False}),
    (good_page, "geometry.boxes", "fail", {"trim": False}),
    (_ink_page, "ink.tac", "fail", {}),
    (_hairline_page, "objects.line_weight", "fail", {}),
    (_thin_rule_page, "objects.line_weight", "warn", {}),
    (_white_overprint_page, "objects.white_overprint", "fail", {}),
    (_transparent_page, "colour.transparency", "fail", {}),
    (_low_res_page, "images.resolution", "fail", {}),
    (_rich_black_text_page, "objects.black_text", "warn", {}),
    (_small_reversed_text_page, "objects.small_text", "warn", {}),
    (_link_page, "objects.annotations", "warn", {}),
]


@pytest.mark.parametrize("draw,check,status,options", CASES,
                         ids=[f"{c[0].__name__.strip('_')}-{c[1]}" for c in CASES])
def test_each_bad_pdf_is_reported(tmp_path, draw, check, status, options):
    if check == "ink.tac" and not shutil.which("gs"):
        pytest.skip("Ghostscript not installed")
    path = write(tmp_path, "bad.pdf", build_pdf(draw, **options))
    report = preflight(path, ink=(check == "ink.tac"))
    assert report.status_of(check) == status, report.to_text()
    if status == "fail":
        assert not report.ok


@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript not installed")
def test_ink_check_measures_300_percent(tmp_path):
    report = preflight(write(tmp_path, "ink.pdf", build_pdf(_ink_page)))
    (ink,) = report.by_name("ink.tac")
    assert ink.page == 1 and "densest 15 mm² 300 %" in ink.message


def test_bleed_expectation_is_checked(tmp_path):
    from typeset.display.boxes import page_boxes
    from typeset.draw.marks import draw_crop_marks
    boxes = page_boxes(300, 200, bleed_mm=3, marks=True)

    def marked(c, _):
        c.setPageSize(boxes.media_size)
        c.setTrimBox(boxes.trim)
        c.setBleedBox(boxes.bleed)
        draw_crop_marks(c, boxes)
    path = write(tmp_path, "marks.pdf", build_pdf(marked, trim=False))
    assert preflight(path, expect_bleed_mm=3, ink=False).status_of("geometry.boxes") == "pass"
    assert preflight(path, expect_bleed_mm=5, ink=False).status_of("geometry.boxes") == "fail"
    plain = preflight(path, ink=False)
    assert plain.status_of("colour.spaces") == "pass"      # Separation /All is CMYK
    assert plain.status_of("geometry.marks") == "pass"     # our marks sit outside the BleedBox


def test_annotation_fails_in_pdfx(tmp_path):
    from print_fixtures import META
    from typeset.print.pdfx import finish_pdf
    path = write(tmp_path, "link.pdf", finish_pdf(build_pdf(_link_page), META))
    assert preflight(path, ink=False).status_of("objects.annotations") == "fail"


def test_registration_colour_inside_the_page_fails(tmp_path):
    from typeset.draw.marks import registration_colour

    def registered(c, _):
        c.setStrokeColor(registration_colour())
        c.line(20, 100, 200, 100)
    report = preflight(write(tmp_path, "reg.pdf", build_pdf(registered)), ink=False)
    assert report.status_of("geometry.marks") == "fail", report.to_text()
