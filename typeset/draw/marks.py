"""Crop marks on the ReportLab canvas: the segments of `display.boxes.crop_marks`
stroked in registration colour (print-ready.md §2 "Boxes, bleed, marks")."""
from __future__ import annotations

from ..display.boxes import MARK_WIDTH_PT, Boxes, crop_marks


def registration_colour():
    """Registration colour: Separation /All, so marks print on every plate (print-ready.md §2)."""
    from reportlab.lib.colors import CMYKColorSep
    return CMYKColorSep(1, 1, 1, 1, spotName="All")


def draw_crop_marks(canvas, boxes: Boxes) -> None:
    """Stroke the crop marks of boxes on a ReportLab canvas (in MediaBox coordinates)."""
    segments = crop_marks(boxes)
    if not segments:
        return
    canvas.saveState()
    canvas.setStrokeColor(registration_colour())
    canvas.setLineWidth(MARK_WIDTH_PT)
    for x1, y1, x2, y2 in segments:
        canvas.line(x1, y1, x2, y2)
    canvas.restoreState()
