"""The display list: what a laid-out page is, for the drawer.

The flow stage produces `PageLayout`s; `draw/pdf.py` turns them into PDF with
ReportLab; a text trace can be made from them for tests.  Coordinates are
points on the *trim* page, origin top-left, y growing downward (the way an
editor measures a page).  Colours are CMYK tuples of 0..1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Union

CMYK = tuple[float, float, float, float]
BLACK: CMYK = (0.0, 0.0, 0.0, 1.0)
WHITE: CMYK = (0.0, 0.0, 0.0, 0.0)


class Tag(NamedTuple):
    """The structure element a display item belongs to (tagged PDF, issue 16).

    Items with equal tags are one element: the lines of a paragraph, on one
    page or on two (转版).  Items without a tag are page furniture (header,
    footer, rules, frames, the masthead): artifacts, not content.
    """
    art: str            # the article: a block id, "<briefs id>/<n>" for the n-th brief item
    role: str           # the element's type: "P", "Headline", "Caption", "Figure", "Lbl" … (print/tags.py)
    seq: int            # its place in the article's reading order
    alt: str = ""       # a Figure's alternative text (its caption)
    row: int = -1       # a table cell's row, from 0 (TH, TD: print/tags.py nests cells in TR and Table)
    span: int = 1       # a table cell's columns (its /ColSpan attribute when more than one)


def overprints(color) -> bool:
    """Whether the drawer sets this colour to overprint: 100 % K text and rules
    do (print-ready.md §2 "Text", GWG: black overprints, so paper never shows
    at misregistration); every other colour knocks out.  The preflight of a
    build (print/facts.py) reads the drawer's choice from here."""
    return tuple(color) == BLACK


@dataclass(frozen=True)
class TextRun:
    """Glyphs of one face and size sharing a baseline.

    x: left of the run; y: baseline; xs: each glyph's origin relative to x.
    text: the characters to draw (one per glyph); actual: what text
    extraction must return when it differs (vertical forms, substituted
    dashes) — written as /ActualText.  Vertical text (a label, a
    `VerticalLine`) gives every glyph its own origin, (x + xs[k], y + ys[k]),
    and turns[k] says by how many degrees clockwise glyph k is turned about
    it (90: rotated Latin, §1.7 V1; its advance runs down the page); no
    turns: every glyph upright.  sizes[k] is glyph k's size when the run's
    glyphs differ (vertical text: tate-chu-yoko digits compressed into one
    em, V5); no sizes: every glyph is `size`.
    """
    x: float
    y: float
    face: str
    size: float
    text: str
    xs: tuple[float, ...]
    ys: tuple[float, ...] = ()     # per-glyph baseline offsets (vertical text)
    actual: Optional[str] = None
    color: CMYK = BLACK
    tag: Optional[Tag] = None      # the structure element it belongs to; None: furniture
    turns: tuple[int, ...] = ()    # per-glyph rotation, degrees clockwise (vertical text)
    sizes: tuple[float, ...] = ()  # per-glyph sizes where they differ (vertical text)


@dataclass(frozen=True)
class Dots:
    """着重号 (emphasis dots): filled circles `diameter` pt across, centred
    at (x + xs[i], y + ys[i]) — ys () on a horizontal line (every dot at y),
    one offset per dot down a vertical one.  Drawn as artifacts: the
    characters they mark are the content, and they copy as themselves."""
    x: float
    y: float
    xs: tuple[float, ...]
    diameter: float
    color: CMYK = BLACK
    ys: tuple[float, ...] = ()

    def centres(self) -> list[tuple[float, float]]:
        """Each dot's centre (x, y), pt."""
        ys = self.ys or (0.0,) * len(self.xs)
        return [(self.x + dx, self.y + dy) for dx, dy in zip(self.xs, ys)]


@dataclass(frozen=True)
class RuleItem:
    """A straight rule from (x1, y1) to (x2, y2), `width` pt thick."""
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: CMYK = BLACK


@dataclass(frozen=True)
class BoxItem:
    """A rectangle, top-left (x, y), stroked and/or filled (None: not)."""
    x: float
    y: float
    w: float
    h: float
    stroke: Optional[CMYK] = BLACK
    fill: Optional[CMYK] = None
    width: float = 0.5


@dataclass(frozen=True)
class ImageItem:
    """An image filling its frame: cropped to the frame's proportions, first
    by `crop` (share cut from the left, top, right, bottom edges), then around
    `focus` (the point, as fractions of the image, kept nearest the frame's
    centre); `name` is the photo's id, for messages."""
    x: float
    y: float
    w: float
    h: float
    path: str
    focus: tuple[float, float] = (0.5, 0.5)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    name: str = ""
    tag: Optional[Tag] = None      # its Figure element (Tag.alt: the caption); None: decoration


@dataclass(frozen=True)
class Marker:
    """A non-printing annotation for proofs (block frame, id, overset)."""
    x: float
    y: float
    w: float
    h: float
    label: str
    kind: str = "block"   # "block" | "overset" | "grid"


Item = Union[TextRun, Dots, RuleItem, BoxItem, ImageItem, Marker]


@dataclass(frozen=True)
class PageLayout:
    """One laid-out page: its number, trim size and display items in drawing order."""
    number: int
    width: float            # trim width, pt
    height: float           # trim height, pt
    items: tuple[Item, ...] = field(default_factory=tuple)
