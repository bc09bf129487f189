"""撑版 and 欠版: the arithmetic of filling a page the way a layout editor does.

After the blocks are placed (画版), a page must close: every column full to
the next block or to the foot of the type area (page-making.md, "Two faults
the editor hunts").  The editor's means, in the order the template's
`[fill]` table gives them:

1. a block without a fixed height takes the free lines below it (its
   columns are balanced in the taller rectangle: 齐底);
2. `photos`: a photo without a fixed height grows or shrinks in whole grid
   lines, cropping at most `photo_crop` of the image (never distorting);
3. `heads`: the headline area (题区) takes up to `head_lines` more lines of air;
4. `gaps`: the space between the items of a block (the briefs of 一周要闻)
   grows evenly, up to `gap_lines` per gap — never inside a story's body:
   mainland papers add no space between paragraphs.

What is still empty is a `Hole`: 欠版, reported per column in lines and in
the characters that would fill it, so the editor knows how much copy to add.
This module is pure arithmetic on grid lines; `flow.pages` applies it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

from .slugs import Slug, translate

FILL_MEANS = ("photos", "heads", "gaps")


@dataclass(frozen=True)
class FillSettings:
    """The template's `[fill]` table (checked when the template is read)."""
    order: tuple[str, ...] = FILL_MEANS
    photo_crop: float = 0.25    # share of an image a resized frame may cut away (page-making.md §2)
    head_lines: int = 2         # "one or two more lines of air around a head is normal" (page-making.md §3)
    gap_lines: int = 2          # lines added to one gap between items (air above and below its rule)
    tolerance: int = 1          # a column may end this many lines short (the last balanced column: G5)
    turn: bool = True           # overset text may run on into white columns beside it (刀把, flow/pages.py)

    @classmethod
    def from_table(cls, table: dict) -> "FillSettings":
        """Settings from a template's [fill] table; missing keys keep their defaults."""
        values = {k: table[k] for k in ("photo_crop", "head_lines", "gap_lines", "tolerance", "turn") if k in table}
        if "order" in table:
            values["order"] = tuple(table["order"])
        return cls(**values)


# -- photos ------------------------------------------------------------------

@dataclass(frozen=True)
class PhotoLines:
    """The image heights (in grid lines) a photo frame may take: `natural`
    shows the whole image; `fewest` … `most` cut at most the crop limit."""
    fewest: int
    natural: int
    most: int


def photo_line_range(pixels: Optional[tuple[int, int]], width: float, pitch: float, body: float,
                crop: float) -> Optional[PhotoLines]:
    """Image lines for a frame `width` pt wide showing an image of `pixels`
    (w, h), within `crop`; None when the image's size is not known.

    A frame of height H on whole grid lines (G4: s·N + g·(N−1) = H) keeps
    H/h₀ of the image's height when shorter than its natural height h₀,
    and h₀/H of its width when taller; both shares must stay ≥ 1 − crop.
    """
    if not pixels or pixels[0] <= 0 or pixels[1] <= 0:
        return None
    natural_h = width * pixels[1] / pixels[0]
    keep = max(1.0 - crop, 0.05)

    def lines(height: float) -> float:
        return (height + pitch - body) / pitch

    fewest = max(2, math.ceil(lines(natural_h * keep) - 1e-9))
    most = max(fewest, math.floor(lines(natural_h / keep) + 1e-9))
    natural = min(max(round(lines(natural_h)), fewest), most)
    return PhotoLines(fewest, natural, most)


# -- headline areas -----------------------------------------------------------

def grown_head(slug: Slug, extra: int, pitch: float) -> Slug:
    """A headline group `extra` grid lines taller, its lines re-centred (题区
    grows by whole lines, the air shared above and below the head)."""
    if extra <= 0:
        return slug
    return replace(slug, lines=slug.lines + extra, items=tuple(translate(slug.items, 0.0, extra * pitch / 2)))


# -- gaps between items ---------------------------------------------------------

def spread_gaps(stream: list[Slug], extra: int, per_gap: int, pitch: float) -> list[Slug]:
    """The stream with `extra` blank lines added at its separators (the rules
    between briefs), spread evenly: each separator first gets one, then a
    second, …, at most `per_gap`; with fewer lines than separators they go
    to separators spread over the whole block.  A separator's air is shared
    above and below its rule, in whole grid lines (G3)."""
    cuts = [k for k, s in enumerate(stream) if s.kind == "rule"]
    extra = min(extra, len(cuts) * per_gap)
    if extra <= 0:
        return stream
    adds = [extra // len(cuts)] * len(cuts)
    rest = extra - sum(adds)
    for j in range(rest):
        adds[(j * len(cuts)) // rest] += 1
    out = list(stream)
    for k, n in zip(cuts, adds):
        if n:
            rule = stream[k]
            out[k] = replace(rule, lines=rule.lines + n, items=tuple(translate(rule.items, 0.0, (n // 2) * pitch)))
    return out


def gap_count(stream: list[Slug]) -> int:
    """Separators of a stream that may take air."""
    return sum(1 for s in stream if s.kind == "rule")


# -- holes ---------------------------------------------------------------------

@dataclass(frozen=True)
class Hole:
    """欠版: grid lines left empty in one column, where the editor must add
    copy (or let a neighbour take the room).  `col` and `line` are 1-based
    page-grid coordinates of the first empty line, as the editor counts.
    In a vertical block (竖排) the white is left of its last line in its
    last band: `lines` vertical lines, `down` grid lines tall (a band),
    from the left edge of column `col` — a vertical line holds as many
    characters as a column's line (G1: the band is the column's measure)."""
    col: int
    line: int
    lines: int
    chars: int              # body characters that would fill it (lines × column_chars)
    down: int = 0           # a vertical block's white: the band's grid lines (0: a column's foot)


def column_holes(bottoms: list[int], rect_col: int, rect_line: int, feet: list[int],
                 column_chars: int, tolerance: int) -> list[Hole]:
    """Holes at the foot of each column of a block: `bottoms[c]` is the first
    grid line (relative to the block) below column c's content, `feet[c]`
    the first below the column (the block's depth, or a leg's foot)."""
    holes = []
    for c, bottom in enumerate(bottoms):
        empty = feet[c] - bottom
        if empty > tolerance:
            holes.append(Hole(rect_col + c + 1, rect_line + bottom + 1, empty, empty * column_chars))
    return holes


def page_holes(owner: dict[tuple[int, int], str], columns: int, lines: int, gap: int,
               column_chars: int, tolerance: int) -> list[Hole]:
    """White on the page outside every block: per column, each run of grid
    lines no block (nor the masthead) covers, less the gap a block keeps
    below it, when longer than `tolerance`."""
    holes = []
    for c in range(columns):
        line = 0
        while line < lines:
            if (c, line) in owner:
                line += 1
                continue
            start = line
            while line < lines and (c, line) not in owner:
                line += 1
            allowed = gap if start > 0 else 0        # the breathing line below the block above
            empty = line - start - allowed
            if empty > tolerance:
                holes.append(Hole(c + 1, start + allowed + 1, empty, empty * column_chars))
    return holes
