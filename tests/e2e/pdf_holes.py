"""Column feet read back from a built PDF, to find holes (欠版) on the printed page.

The layout model says where it left lines empty; these helpers read the
PDF instead — every glyph's and image's box, with pdfminer — so a hole the
model does not know about (a block drawn shorter than its report says, a
photo frame left empty) is found too.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ink:
    """A glyph or an image on the page, in points from the top-left corner."""
    x0: float
    x1: float
    top: float
    bottom: float


def page_ink(pdf_path: str) -> list[list[Ink]]:
    """Per page, the boxes of every glyph and image."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTImage

    def walk(obj, height, out):
        if isinstance(obj, (LTChar, LTImage)):
            if obj.get_text().strip() if isinstance(obj, LTChar) else True:
                out.append(Ink(obj.x0, obj.x1, height - obj.y1, height - obj.y0))
            return
        for child in getattr(obj, "_objs", ()):
            walk(child, height, out)

    pages = []
    for page in extract_pages(pdf_path, laparams=LAParams(all_texts=True)):
        out: list[Ink] = []
        walk(page, page.height, out)
        pages.append(out)
    return pages


def column_foot(ink: list[Ink], x0: float, x1: float, top: float, bottom: float) -> float:
    """The lowest edge of ink in the column [x0, x1] between `top` and
    `bottom` (the block's rectangle); `top` if none.  Ink is in the column
    when its centre is, or when it spans the whole column (a photo wider
    than a column, a panorama across the page, inks every column it covers)."""
    feet = [i.bottom for i in ink
            if (x0 <= (i.x0 + i.x1) / 2 <= x1 or (i.x0 <= x0 + 1 and i.x1 >= x1 - 1))
            and top - 1 <= i.top and i.bottom <= bottom + 6]
    return max(feet, default=top)


def empty_lines_below(ink: list[Ink], grid, col: int, line: int, lines: int) -> float:
    """Grid lines of white at the foot of column `col` (0-based) of a block
    from grid line `line`, `lines` tall, read from the PDF."""
    top, bottom = grid.line_top(line), grid.line_top(line) + grid.extent(lines)
    foot = column_foot(ink, grid.col_x(col), grid.col_x(col) + grid.column_width, top, bottom)
    return (bottom - foot) / grid.pitch


FILLED = ("article", "briefs", "photo", "continuation")     # blocks that fill their rectangle


def short_columns(result, ink: list[list[Ink]], grid_of, most: float = 1.05) -> list[tuple]:
    """(page, block, column, empty lines) of every column of a filling block
    that ends more than `most` grid lines above its block's foot in the PDF;
    `grid_of(result, page)` gives the page's grid."""
    short = []
    for b in result.blocks:
        if b.kind not in FILLED:
            continue
        grid = grid_of(result, b.page)
        for c in range(b.rect.col, b.rect.col + b.rect.span):
            empty = empty_lines_below(ink[b.page - 1], grid, c, b.rect.line, b.rect.lines)
            if empty > most:
                short.append((b.page, b.id, c + 1, round(empty, 2)))
    return short
