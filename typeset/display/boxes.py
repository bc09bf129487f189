"""Page geometry for print: trim size, bleed and marks → page boxes and crop-mark segments.

Part of the display-list stage: plain numbers the drawer strokes
(draw/marks.py) and the preflight checks (print/checks_doc.py).

Newspapers want pages at trim size without marks (print-ready.md §2 "Boxes,
bleed, marks"), so the default is MediaBox = BleedBox = TrimBox.  Bleed (3 mm,
the European default) and crop marks are for full-bleed pages and proofs.  The
drawer draws the page content offset by `Boxes.offset` and the marks in
registration colour (Separation /All), outside the BleedBox.
"""
from __future__ import annotations

from dataclasses import dataclass

PT_PER_MM = 72.0 / 25.4
MARK_WIDTH_PT = 0.25        # hairline marks, print-ready.md §2 "Boxes, bleed, marks"
MARK_LENGTH_PT = 18.0       # ReportLab's cropMarks default markLength
MARK_GAP_PT = 3.0           # keeps marks clear of the BleedBox (GWG R0024: marks outside it)
MARK_MARGIN_PT = 6.0        # slug of paper beyond the end of each mark

Rect = tuple[float, float, float, float]       # x0, y0, x1, y1 in PDF points, origin bottom-left
Segment = tuple[float, float, float, float]    # x1, y1, x2, y2


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


@dataclass(frozen=True)
class Boxes:
    """The boxes of one page in final MediaBox coordinates (what setTrimBox etc. take)."""
    media: Rect
    bleed: Rect
    trim: Rect
    offset: tuple[float, float]   # where the trim page's lower-left corner sits on the media
    bleed_pt: float
    marks: bool

    @property
    def media_size(self) -> tuple[float, float]:
        return (self.media[2] - self.media[0], self.media[3] - self.media[1])


def _mark_offset(bleed_pt: float) -> float:
    """Distance from the trim edge to the inner end of a crop mark (≥ bleed)."""
    return bleed_pt + MARK_GAP_PT


def page_boxes(trim_w: float, trim_h: float, bleed_mm: float = 0.0,
               marks: bool = False) -> Boxes:
    """Boxes for a trim page of trim_w × trim_h pt with optional bleed and marks."""
    if trim_w <= 0 or trim_h <= 0 or bleed_mm < 0:
        raise ValueError(f"bad page geometry {trim_w}x{trim_h} pt, bleed {bleed_mm} mm")
    bleed = mm_to_pt(bleed_mm)
    margin = bleed
    if marks:
        margin = _mark_offset(bleed) + MARK_LENGTH_PT + MARK_MARGIN_PT
    x0 = y0 = margin
    trim = (x0, y0, x0 + trim_w, y0 + trim_h)
    bleed_box = (x0 - bleed, y0 - bleed, x0 + trim_w + bleed, y0 + trim_h + bleed)
    media = (0.0, 0.0, trim_w + 2 * margin, trim_h + 2 * margin)
    return Boxes(media=media, bleed=bleed_box, trim=trim, offset=(x0, y0),
                 bleed_pt=bleed, marks=marks)


def crop_marks(boxes: Boxes) -> list[Segment]:
    """Eight crop-mark segments continuing the trim edges, outside the BleedBox.

    Empty when the page has no marks.  Each corner gets one horizontal and one
    vertical segment, starting `bleed + 3 pt` from the trim corner.
    """
    if not boxes.marks:
        return []
    x0, y0, x1, y1 = boxes.trim
    near = _mark_offset(boxes.bleed_pt)
    far = near + MARK_LENGTH_PT
    segments: list[Segment] = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            segments.append((x + sx * near, y, x + sx * far, y))   # horizontal, on the trim line
            segments.append((x, y + sy * near, x, y + sy * far))   # vertical, on the trim line
    return segments
