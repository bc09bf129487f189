"""Ink that strays from its block: the layout's last guard against a stray mark.

A block's items are drawn from its arrangement inside its rectangle (a
刀把's parts).  A mark outside them prints over a neighbour's text or off
the page — found on an own page, a photo set a column left of its article
(9bde2ca).  Every block is checked as it is drawn, whatever the issue, and
a mark outside is reported with the block and page instead of printing
silently; the editor's proof then shows where.

The check is per item, at its extremes, so it costs one look per run, not
per glyph: the glyphs of a run advance monotonically along its line, so its
first and last glyph origins bound it.  The slack is what a correctly set
mark may take beyond the rectangle, by rule:

* text: one em of its size — a line-start opening bracket set half width has
  its glyph origin half an em left of the column (typography.md §1.3 标点挤压),
  a vertical line's origins lie within its em column;
* rules and emphasis dots: one grid pitch — a table's closing rule and a
  vertical line's dots stand in the gap between lines or the gutter
  (G1: the gap is under one pitch);
* images and boxes: none beyond rounding (they are the rectangle's own).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..display import BoxItem, Dots, ImageItem, Item, RuleItem, TextRun

ROUNDING = 0.5      # pt: what coordinates summed in floats may miss by


@dataclass(frozen=True)
class Area:
    """A rectangle in page points, top-left (x0, y0) to bottom-right (x1, y1)."""
    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, x: float, y: float, slack: float) -> bool:
        return (self.x0 - slack <= x <= self.x1 + slack) and (self.y0 - slack <= y <= self.y1 + slack)


def _points(item: Item, pitch: float) -> tuple[list[tuple[float, float]], float]:
    """The points that bound `item`, and the slack they may take (module doc)."""
    if isinstance(item, TextRun):
        if not item.xs:
            return [], 0.0
        ys = item.ys or (0.0,) * len(item.xs)
        ends = {0, len(item.xs) - 1}
        return [(item.x + item.xs[k], item.y + ys[k]) for k in ends], item.size
    if isinstance(item, (ImageItem, BoxItem)):
        return [(item.x, item.y), (item.x + item.w, item.y + item.h)], ROUNDING
    if isinstance(item, RuleItem):
        return [(item.x1, item.y1), (item.x2, item.y2)], pitch
    if isinstance(item, Dots):
        return item.centres(), pitch
    return [], 0.0                                  # markers: proof annotations, not ink


def strays(items: list[Item], areas: list[Area], pitch: float) -> list[Item]:
    """The items of a block with a point outside all of its `areas`."""
    out = []
    for item in items:
        points, slack = _points(item, pitch)
        if any(not any(a.holds(x, y, slack + ROUNDING) for a in areas) for x, y in points):
            out.append(item)
    return out
