"""The content walker follows Forms, the CTM and inline images the way a RIP does."""
from __future__ import annotations

import io

import pikepdf
import pytest

from typeset.print.preflight import preflight
from typeset.print.walk import IDENTITY, mat_mul, min_scale, page_marks

from print_fixtures import BLACK, build_pdf, write


def _scaled_form_page(c, _):
    c.beginForm("logo")
    c.setStrokeColor(BLACK)
    c.setLineWidth(0.5)
    c.setFont("Helvetica", 8)
    c.drawString(0, 0, "logo")
    c.line(0, 0, 100, 0)
    c.endForm()
    c.saveState()
    c.scale(0.2, 0.2)          # 0.5 pt × 0.2 = 0.1 pt on the page
    c.doForm("logo")
    c.restoreState()


def test_scaled_rule_and_font_inside_a_form_are_found(tmp_path):
    report = preflight(write(tmp_path, "form.pdf", build_pdf(_scaled_form_page)), ink=False)
    assert report.status_of("objects.line_weight") == "fail", report.to_text()
    assert "0.100 pt" in report.by_name("objects.line_weight")[0].message
    assert report.status_of("fonts.embedded") == "fail"


def _raw_pdf(content: bytes, resources=None) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.Contents = pdf.make_stream(content)
    page.obj.TrimBox = pikepdf.Array([0, 0, 200, 200])
    if resources is not None:
        page.obj.Resources = resources
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_inline_rgb_image_is_found(tmp_path):
    content = (b"q 100 0 0 100 0 0 cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID "
               b"\xff\x00\x00\xff\x00\x00\xff\x00\x00\xff\x00\x00 EI Q")
    report = preflight(write(tmp_path, "inline.pdf", _raw_pdf(content)), ink=False)
    assert report.status_of("colour.spaces") == "fail"
    assert report.status_of("images.resolution") == "fail"      # 2 px over 100 pt


def test_unparseable_content_is_a_failure_not_a_crash(tmp_path):
    report = preflight(write(tmp_path, "broken.pdf", _raw_pdf(b"1 0 0 cm 0 0 m 10 10 l S")), ink=False)
    assert report.status_of("syntax.content") == "fail", report.to_text()


def test_min_scale_of_rotation_and_shear():
    assert min_scale((0, 2, -2, 0, 5, 5)) == pytest.approx(2)          # rotated 90°, scaled 2
    assert min_scale(mat_mul((1, 0, 0, 0.1, 0, 0), IDENTITY)) == pytest.approx(0.1)


def test_marks_carry_overprint_and_colour(tmp_path):
    content = b"/GS1 gs 0 0 0 0 k 0 0 50 50 re f"
    resources = pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(
        GS1=pikepdf.Dictionary(OP=True)))            # /op absent: follows /OP (PDF 32000 §8.6.7)
    data = _raw_pdf(content, resources)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (mark,) = page_marks(pdf.pages[0], 1)
    assert mark.kind == "fill" and mark.gs.op_fill and mark.gs.fill == (0, 0, 0, 0)
    report = preflight(write(tmp_path, "white.pdf", data), ink=False)
    assert report.status_of("objects.white_overprint") == "fail"


def test_transfer_function_is_forbidden(tmp_path):
    resources = pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(
        T=pikepdf.Dictionary(TR=pikepdf.Name.Identity)))
    data = _raw_pdf(b"/T gs 0 0 0 1 k 0 0 50 50 re f", resources)
    report = preflight(write(tmp_path, "tr.pdf", data), ink=False)
    assert report.status_of("objects.forbidden") == "fail"
    assert report.status_of("colour.spaces") == "pass"
