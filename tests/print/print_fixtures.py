"""Helpers for print tests: small ReportLab PDFs built on the fly, good and bad."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from typeset.print.pdfx import PdfMeta

REPO = Path(__file__).resolve().parents[2]
FONT_CANDIDATES = [REPO / "fonts" / "WenKaiGB-Regular.ttf",
                   REPO / "fonts" / "NotoSerifCJKsc-Regular-GB.ttf",
                   Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")]
FONT = "PrintTestSerif"
PAGE = (420.0, 300.0)
BLACK = CMYKColor(0, 0, 0, 1)
META = PdfMeta(title="测试日报 第1版", paper="测试日报", date="2026-11-27", issue_no=42, pages=2)


def _register_font() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    path = next((p for p in FONT_CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("no CJK TrueType font available")
    pdfmetrics.registerFont(TTFont(FONT, str(path)))


def build_pdf(draw, *, pages: int = 1, trim: bool = True, embedded_start_font: bool = True) -> bytes:
    """A PDF of `pages` pages, each drawn by draw(canvas, page_index), DeviceCMYK, deterministic."""
    _register_font()
    out = io.BytesIO()
    options = {"initialFontName": FONT} if embedded_start_font else {}
    c = canvas.Canvas(out, pagesize=PAGE, invariant=1, **options)
    for index in range(pages):
        if trim:
            c.setTrimBox((0, 0) + PAGE)
        draw(c, index)
        c.showPage()
    c.save()
    return out.getvalue()


def good_page(c, index: int) -> None:
    """A newspaper-like page: 100 % K overprinting text and rule, a light tint, Chinese text."""
    c.setFillOverprint(True)
    c.setStrokeOverprint(True)
    c.setFillColor(CMYKColor(0.3, 0.1, 0, 0))
    c.rect(20, 20, 120, 80, stroke=0, fill=1)
    c.setFillColor(BLACK)
    c.setFont(FONT, 10)
    c.drawString(20, 250, f"第{index + 1}版 新闻标题：排版系统测试 ABC 123")
    c.setStrokeColor(BLACK)
    c.setLineWidth(0.5)
    c.line(20, 240, 400, 240)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)
