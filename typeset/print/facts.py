"""What a build already knows about its PDF: display lists + placed photos → preflight marks and an ink bound.

`paiban build` drew every page from its display list (draw/pdf.py) and
finished it with qpdf (print/pdfx.py) a moment before its preflight runs.
Walking the content streams again with pikepdf to learn what the drawer
wrote costs more than drawing them (0.1 CPU-s a page, issue 15), and
rendering them with Ghostscript to measure the ink costs more still.  So the
build hands its preflight the `BuildFacts` — the display lists, the page
geometry and what each photo's preparation guaranteed — and the content
checks of checks_content.py run on the marks made here from the display
items, painted as the drawer paints them: black (100 % K) text and rules
overprint (`overprints`, shared with the drawer), everything else knocks
out; photos are DeviceCMYK JPEGs placed by `cm`; crop marks are registration
colour.  `paiban preflight FILE.pdf` and `build --preflight=full` still walk
the bytes (print/walk.py) and render the ink: they check any PDF, and
cross-check this one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence


from ..display import BoxItem, Dots, ImageItem, Marker, PageLayout, RuleItem, TextRun, overprints
from ..display.boxes import MARK_WIDTH_PT, PT_PER_MM, Boxes, crop_marks, page_boxes
from .ink import TAC_FAIL, TAC_WARN, WINDOW_MM2
from .walk import CMYK, GState, ImageInfo, Mark, Space

REGISTRATION = Space("separation", 1, "/All", CMYK)
MARKER_WIDTH_PT = 0.8           # draw/pdf.py: proof frames
# The box a run's glyphs are taken to cover for the ink bound: from each
# glyph's origin one em across (a CJK glyph fills its em square, advance 1 em,
# ideographic face 0.88 em above the baseline and 0.12 below), a Latin
# descender's 0.25 em below the baseline and an accent's 1 em above.
GLYPH_ASCENT_EM, GLYPH_DESCENT_EM, GLYPH_WIDTH_EM = 1.0, 0.25, 1.0
CJK_DESCENT_EM = 0.12
CJK_FROM_CHAR = "\u2e80"       # CJK radicals onwards: ideographs, kana, fullwidth forms


@dataclass(frozen=True)
class PlacedPhoto:
    """A photo as the drawer embedded it: its pixels and the most ink any of
    them carries (%), as its preparation guaranteed (None: not known)."""
    size: tuple[int, int]
    ink_limit: Optional[float]


@dataclass
class BuildFacts:
    """What the build drew: the display lists, the page geometry and the photos
    placed, keyed as the drawer's image loader keys them (`photo_key`)."""
    pages: Sequence[PageLayout]
    bleed_mm: float = 0.0
    marks: bool = False
    markers: bool = False
    photos: dict = field(default_factory=dict)       # (src, round(w, 2), round(h, 2), focus, crop) → PlacedPhoto

    def boxes(self, page: PageLayout) -> Boxes:
        return page_boxes(page.width, page.height, self.bleed_mm, self.marks)

    def photo(self, item: ImageItem) -> Optional[PlacedPhoto]:
        return self.photos.get(photo_key(item))


def photo_key(item: ImageItem) -> tuple:
    """The key the drawer's image loader (photos/__init__.py) files a placed photo under."""
    return (item.path, round(item.w, 2), round(item.h, 2), item.focus, item.crop)


# -- marks: what the drawer paints, one per display item ------------------------

class _States:
    """GStates of one document, made once per distinct (colour, overprint, size)."""

    def __init__(self):
        self.made: dict = {}

    def get(self, **values) -> GState:
        key = tuple(sorted(values.items()))
        state = self.made.get(key)
        if state is None:
            state = self.made[key] = GState(**values)
        return state


def _overprint(on: bool) -> dict:
    """The drawer's set_overprint: op, OP and OPM together."""
    return {"fill_overprint": on, "stroke_overprint": on, "opm": 1 if on else 0}


def display_marks(facts: BuildFacts) -> list[Mark]:
    """The marks the byte walk (print/walk.py) would find: per page, one for
    each kind of paint in each graphics state (text in one colour and size,
    rules of one colour and width…) and one per photo — what the checks
    judge is the same; a finding's count ("×N") is of those, where the walk
    counts text operators."""
    states, marks = _States(), []
    for number, page in enumerate(facts.pages, start=1):
        boxes = facts.boxes(page)
        painted: set = set()        # what the page's marks so far paint: its 200 runs share a few
        for item in page.items:
            kind = type(item)
            if kind is TextRun or kind is RuleItem:        # one mark per colour and size (width)
                mark: Any = item                           # (type() is faster than isinstance here)
                key = (kind, mark.color, mark.size if kind is TextRun else mark.width)
                if key in painted:
                    continue
                painted.add(key)
            marks += _item_marks(item, number, boxes, facts, states)
        for x1, y1, x2, y2 in crop_marks(boxes):
            gs = states.get(line_width=MARK_WIDTH_PT, stroke_space=REGISTRATION, stroke=(1.0,))
            marks.append(Mark("stroke", number, gs, bbox=(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
    return marks


def _item_marks(item, number: int, boxes: Boxes, facts: BuildFacts, states: _States) -> list[Mark]:
    if isinstance(item, TextRun):
        colour = tuple(item.color)
        gs = states.get(fill_space=CMYK, fill=colour, font_size=item.size, **_overprint(overprints(colour)))
        return [Mark("text", number, gs)]
    if isinstance(item, RuleItem):
        colour = tuple(item.color)
        gs = states.get(line_width=item.width, stroke_space=CMYK, stroke=colour, **_overprint(overprints(colour)))
        return [Mark("stroke", number, gs)]
    if isinstance(item, Dots):                   # 着重号: one filled path in the text's colour
        colour = tuple(item.color)
        return [Mark("fill", number, states.get(fill_space=CMYK, fill=colour, **_overprint(overprints(colour))))]
    if isinstance(item, BoxItem):
        marks = []
        if item.fill is not None:
            marks.append(Mark("fill", number, states.get(fill_space=CMYK, fill=tuple(item.fill), **_overprint(False))))
        if item.stroke is not None:
            colour = tuple(item.stroke)
            marks.append(Mark("stroke", number, states.get(line_width=item.width, stroke_space=CMYK, stroke=colour,
                                                           **_overprint(overprints(colour)))))
        return marks
    if isinstance(item, ImageItem):
        return [_image_mark(item, number, boxes, facts)]
    if isinstance(item, Marker) and facts.markers:
        colour = (0.0, 1.0, 0.0, 0.0) if item.kind in ("overset", "underset") else (1.0, 0.0, 0.0, 0.0)
        return [Mark("stroke", number, states.get(line_width=MARKER_WIDTH_PT, stroke_space=CMYK, stroke=colour,
                                                  **_overprint(False)))]
    return []


def _image_mark(item: ImageItem, number: int, boxes: Boxes, facts: BuildFacts) -> Mark:
    """ReportLab's drawImage: `q w 0 0 h x y cm /Im Do Q`, the prepared CMYK JPEG (DCTDecode)."""
    photo = facts.photo(item)
    width, height = photo.size if photo else (0, 0)
    x, y = boxes.offset[0] + item.x, boxes.media_size[1] - boxes.offset[1] - item.y - item.h
    gs = GState(ctm=(item.w, 0.0, 0.0, item.h, x, y), fill_space=CMYK, fill=(0.0, 0.0, 0.0, 1.0))
    return Mark("image", number, gs, detail=ImageInfo(width, height, 8, CMYK, False, ("/DCTDecode",)))


# -- ink: an upper bound from the colours drawn ---------------------------------

@dataclass(frozen=True)
class PageInkBound:
    page: int
    bound: float          # no pixel of the page carries more ink than this (%)
    exact_over: float     # a flat fill at least a measuring window wide carries this much (%), else 0


def ink_bounds(facts: BuildFacts) -> list[PageInkBound]:
    """Per page, the most ink any point can carry, from the display list.

    Knocking-out items put their own ink down: a flat colour its C+M+Y+K; a
    photo at most its preparation's limit.  That limit is sound: every photo
    a build places went through photos/separate.py's `prepare_image`, which
    holds each pixel to TAC_LIMIT − JPEG_HEADROOM before the JPEG is encoded
    (the headroom takes the encoder's rounding), and a cached separation is
    the bytes that call returned, under a key holding the preparation
    version, the CMYK profile and the Pillow and numpy that made it
    (photos/__init__.py).  Overprinting 100 % K (text, rules) sets K to 100 %
    over what is below it and keeps its C+M+Y.  A window's mean (what
    Ghostscript measures, print/ink.py) is never above its densest point, so
    a page whose bound is within TAC_WARN passes without a render.
    """
    window = (WINDOW_MM2 ** 0.5) * PT_PER_MM
    out = []
    for number, page in enumerate(facts.pages, start=1):
        knock, over, exact = [], [], 0.0        # knock: (TAC %, C+M+Y %, box)
        for colour, box, photo in _inked(page, facts):
            if colour is None:                  # a photo: its guaranteed limit (unknown: the worst)
                limit = photo.ink_limit if photo and photo.ink_limit is not None else 400.0
                knock.append((limit, limit, box))
            elif overprints(colour):
                over.append(box)
            else:
                tac = sum(colour) * 100.0
                knock.append((tac, sum(colour[:3]) * 100.0, box))
                if photo is False and box[2] - box[0] >= window and box[3] - box[1] >= window:
                    exact = max(exact, tac)     # a flat fill a window wide: its mean is its ink
        bound = max([tac for tac, _, _ in knock] + ([100.0] if over else []), default=0.0)
        under = [(cmy, box) for _, cmy, box in knock if cmy > 0]
        if over and under:
            bound = max(bound, 100.0 + _densest_under(over, under))
        out.append(PageInkBound(number, bound, exact))
    return out


def _inked(page: PageLayout, facts: BuildFacts):
    """(colour or None for a photo, box in trim coordinates, PlacedPhoto | False for a filled box | None)."""
    for item in page.items:
        if isinstance(item, TextRun) and item.text:
            yield tuple(item.color), _run_box(item), None
        elif isinstance(item, Dots):
            r = item.diameter / 2
            xs, ys = zip(*item.centres())
            yield tuple(item.color), (min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r), None
        elif isinstance(item, RuleItem):
            half = item.width / 2
            yield tuple(item.color), (min(item.x1, item.x2) - half, min(item.y1, item.y2) - half,
                                      max(item.x1, item.x2) + half, max(item.y1, item.y2) + half), None
        elif isinstance(item, BoxItem):
            if item.fill is not None:
                yield tuple(item.fill), (item.x, item.y, item.x + item.w, item.y + item.h), False
            if item.stroke is not None:               # four edges, not the inside
                colour, half = tuple(item.stroke), item.width / 2
                x0, y0, x1, y1 = item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half
                for edge in ((x0, y0, x1, y0 + item.width), (x0, y1 - item.width, x1, y1),
                             (x0, y0, x0 + item.width, y1), (x1 - item.width, y0, x1, y1)):
                    yield colour, edge, None
        elif isinstance(item, ImageItem):
            yield None, (item.x, item.y, item.x + item.w, item.y + item.h), facts.photo(item)


def _run_box(run: TextRun) -> tuple[float, float, float, float]:
    size = run.size
    descent = CJK_DESCENT_EM if min(run.text) >= CJK_FROM_CHAR else GLYPH_DESCENT_EM
    ys = run.ys or (0.0,)
    return (run.x + min(run.xs), run.y + min(ys) - GLYPH_ASCENT_EM * size,
            run.x + max(run.xs) + GLYPH_WIDTH_EM * size, run.y + max(ys) + descent * size)


def _densest_under(over: list, under: list) -> float:
    """The most C+M+Y under any overprinting item (boxes overlapping), 0 if none.

    The coloured boxes are tried from the inkiest down, so the first one an
    overprinting box touches is the answer: a page has a few dozen of them
    against thousands of text runs.  (Plain Python: numpy, which this took
    before, costs 0.15 CPU-s to import — photos/framing.py.)"""
    for cmy, (u0, u1, u2, u3) in sorted(under, key=lambda entry: -entry[0]):
        if any(o0 < u2 and u0 < o2 and o1 < u3 and u1 < o3 for o0, o1, o2, o3 in over):
            return float(cmy)
    return 0.0


def ink_status(bound: PageInkBound) -> str:
    """pass when no point can exceed TAC_WARN; fail when a flat fill a window
    wide is over TAC_FAIL (the window's mean is then that fill's ink); else warn
    (a bound, not a measurement: `--preflight=full` measures it)."""
    if round(bound.bound, 6) <= TAC_WARN:         # 2.20 × 100 is 220.00000000000003
        return "pass"
    return "fail" if bound.exact_over > TAC_FAIL else "warn"
