"""Vertical lines → display items: lines laid right to left (§1.7, issue 18 §1).

The vertical analogue of slugs.line_slug and the body grid (G1–G3): a
vertical line is one body em wide and takes one pitch across the page (its
line gap g = pitch − em to the left of its em, as a horizontal line's lies
below it); the first line stands at the right edge of its frame, each next
one a pitch further left; glyphs run down from the frame's top.  A frame's
grid is in characters down (G1: the measure is a whole number of ems) and
lines across.  A line's 着重号 and ruby readings stand right of it
(`vertical_annotation_items`): Latin pinyin turned as rotated body Latin
(V1), 注音 and CJK upright; those of a frame's first line stand right of
the frame (VerticalSetting.outside: the page checks the room there).
"""
from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any, Hashable, Iterable, Iterator, NamedTuple, Optional, Sequence, cast

from ..compose import ComposerSettings, Metrics, StyledRun, VerticalLine, compose_vertical_paragraph
from ..compose.types import Annotation, Glyph
from ..display import BLACK, CMYK, Dots, Item, Tag, TextRun
from .slugs import DOT_DIAMETER_EM, DOT_GAP_EM, DOTS_BAND_EM, EM_BOX_TOP, Slug, translate

# An upright glyph's baseline lies EM_BOX_TOP em below the top of its em cell
# (§1.1 NS: em box −120…880); a glyph turned 90° clockwise has its em box
# across the line, so its baseline lies BASELINE_ACROSS em right of the box's left.
BASELINE_ACROSS = 1.0 - EM_BOX_TOP
DEFAULT_SETTINGS = ComposerSettings()


class Frame(NamedTuple):
    """A rectangle of vertical text, top-left (x, y), in pt."""
    x: float
    y: float
    width: float
    height: float


def chars_down(height: float, body_size: float) -> int:
    """The grid of a vertical frame in characters per line (G1: whole ems)."""
    return max(0, math.floor(height / body_size + 1e-9))


def lines_across(width: float, pitch: float, body_size: float) -> int:
    """How many vertical lines of `pitch` stand side by side in `width` pt
    (the last needs only its em, not its gap: G3's s·N + g·(N − 1))."""
    if width < body_size - 1e-9:
        return 0
    return int((width - body_size) // pitch + 1e-9) + 1


def vertical_slug(line: VerticalLine, body_size: float, pitch: float, color: CMYK = BLACK,
                  tag: Optional[Tag] = None) -> Slug:
    """One vertical line as a slug one pitch wide, its items relative to the
    slug's top-left corner with the line's em against its right edge (its
    着重号 and readings in the pitch's gap right of the slug: Slug.marks)."""
    chars = sum(1 for g in line.glyphs if g.char and not g.char.isspace())
    marks = line_marks(line) if line.annotations else None
    return Slug(lines=1, items=tuple(vertical_line_items(line, pitch - body_size, 0.0, body_size, color, tag)),
                kind="line", chars=chars, text=line.text, direction="vertical", marks=marks)


def vertical_lines_items(lines: Sequence[VerticalLine], right: float, top: float, pitch: float,
                         body_size: float, color: CMYK = BLACK,
                         tag: Optional[Tag] = None) -> list[Item]:
    """The lines as TextRuns, the first line's right edge at `right`, each
    next line `pitch` further left, all from `top` down; in reading order
    (top → bottom, right line → left line), so the drawn text, its
    ActualText and the structure tree read as the source does."""
    items: list[Item] = []
    for k, line in enumerate(lines):
        slug = vertical_slug(line, body_size, pitch, color, tag)
        items.extend(translate(slug.items, right - (k + 1) * pitch, top))
    return items


def frame_slots(frames: Iterable[Frame], pitch: float, body_size: float) -> Iterator[tuple[Frame, int]]:
    """The places of vertical lines laid into `frames` in order: (frame, n) for
    the n-th line (from 0) of each frame, right to left from its right edge,
    as many as stand across it (lines_across).  Each caller places line n
    by its own sum (a slug at frame.x + frame.width − (n + 1)·pitch, an em
    at frame.x + frame.width − n·pitch − body_size), so that its floats,
    and the bytes of the PDF, stay what they were."""
    for frame in frames:
        for n in range(lines_across(frame.width, pitch, body_size)):
            yield frame, n


def fill_frames(lines: Sequence[VerticalLine], frames: Sequence[Frame], pitch: float,
                body_size: float, color: CMYK = BLACK,
                tag: Optional[Tag] = None) -> tuple[list[Item], int]:
    """Lay `lines` into `frames` in order (each from its right edge, as many
    lines as stand across it): the items and how many lines found a place
    (the rest are overset)."""
    return lay_slugs((vertical_slug(line, body_size, pitch, color, tag) for line in lines),
                     frames, pitch, body_size)


def last_band_white(frames: Iterable[Frame], placed: int, pitch: float, body_size: float) -> Optional[Frame]:
    """The white `placed` lines laid into `frames` leave in the last band they
    reach: its part left of the last line (lines go right to left), the
    band's whole height — 欠版 the block reports (flow/pages.py `_account`).
    None when nothing was laid or the last line fills the band."""
    last = None
    for slot, _ in zip(frame_slots(frames, pitch, body_size), range(placed)):
        last = slot
    if last is None:
        return None
    frame, n = last
    left = frame.x + frame.width - (n + 1) * pitch        # the last line's slug: one pitch wide
    if left - frame.x < body_size - 1e-6:
        return None
    return Frame(frame.x, frame.y, left - frame.x, frame.height)


def lay_slugs(slugs: Iterable[Slug], frames: Sequence[Frame], pitch: float,
              body_size: float) -> tuple[list[Item], int]:
    """Vertical slugs (`vertical_slug`'s: one pitch wide, the em at the right)
    laid into `frames` in order, right to left from each frame's right edge:
    the items and how many found a place (a continuation lays the lines its
    vertical article carried, 转版)."""
    items: list[Item] = []
    placed = 0
    for (frame, n), slug in zip(frame_slots(frames, pitch, body_size), slugs):
        items.extend(translate(slug.items, frame.x + frame.width - (n + 1) * pitch, frame.y))
        placed += 1
    return items, placed


def set_vertical_block(paragraphs: Sequence[Sequence[StyledRun]], frame: Frame, pitch: float,
                       metrics: Metrics, settings: ComposerSettings = DEFAULT_SETTINGS,
                       indent_em: float = 2.0, color: CMYK = BLACK,
                       tag: Optional[Tag] = None) -> tuple[list[Item], list[VerticalLine]]:
    """Compose paragraphs vertically to the frame's grid (measure: its whole
    characters down, the em the first run's size) and lay them right to
    left in it: the items, and the lines that did not fit (overset)."""
    runs = [list(p) for p in paragraphs if p]
    if not runs:
        return [], []
    size = runs[0][0].size
    measure = chars_down(frame.height, size) * size
    lines = [line for p in runs
             for line in compose_vertical_paragraph(p, measure, metrics, settings, indent_em)]
    items, placed = fill_frames(lines, [frame], pitch, size, color, tag)
    return items, lines[placed:]


def vertical_line_runs(line: VerticalLine, left: float, top: float, color: CMYK = BLACK,
                       tag: Optional[Tag] = None) -> list[TextRun]:
    """One vertical line whose em column starts at `left`, from `top` down:
    a TextRun per stretch of one face (one for nearly every line: TCY digits
    keep their own sizes in TextRun.sizes), each glyph at its own origin —
    upright: the top of its em cell lowered to the baseline; turned 90°: on
    the baseline across the line, its advance running down.  Every run
    carries its source characters as ActualText, so that a reader takes the
    line whole, top to bottom, with the base characters of the vertical
    forms (V3), not glyphs sorted by their place on the page."""
    return vertical_glyph_runs(line.glyphs, left, top, color, tag)


def vertical_line_items(line: VerticalLine, left: float, top: float, em: float, color: CMYK = BLACK,
                        tag: Optional[Tag] = None) -> list[Item]:
    """`vertical_line_runs` of a line `em` pt wide, then its 着重号 and ruby
    readings right of it (`vertical_annotation_items`)."""
    items: list[Item] = [*vertical_line_runs(line, left, top, color, tag)]
    if line.annotations:
        items += vertical_annotation_items(line, left, top, em, color)
    return items


def vertical_annotation_items(line: VerticalLine, left: float, top: float, em: float,
                              color: CMYK = BLACK) -> list[Item]:
    """The 着重号 and ruby readings of a vertical line whose em column
    (`em` pt wide) starts at `left`, from `top` down — both RIGHT of the
    line (clreq: in vertical writing the dots and the reading stand on the
    right), in the line gap that separates it from the line before it:
    - a dot right of each dotted character's em box (a character of another
      size is centred across the line's em, as its glyph is), DOT_GAP_EM
      clear of it, centred on the character's cell down the line;
    - a reading in an em column of its own size standing against the base's
      em box, down the base's length as the composer placed them (a longer
      reading has spread its base, prepare.py `_spread_base`): its upright
      glyphs (注音, CJK) each centred across that column, its turned ones
      (Latin pinyin, Annotation.turns) on their side as rotated Latin in the
      body (V1), em box filling the column, advance running down.
    Both are artifacts (no tag); a reading's runs carry an empty /ActualText
    so that text extraction gives the base text alone (as horizontally,
    slugs.annotation_items).  Room: `vertical_ruby_room`."""
    items: list[Item] = []
    for note in line.annotations:
        if note.kind == "dots":
            items.append(_vertical_dots(note, left, top, em, color))
        else:
            items += _vertical_reading_runs(note, left, top, em, color)
    return items


def _vertical_dots(note: Annotation, left: float, top: float, em: float, color: CMYK) -> Dots:
    """One Dots item: a dot right of each dotted character, centred on its cell."""
    size = note.size
    x = left + (em + size) / 2 + (DOT_GAP_EM + DOT_DIAMETER_EM / 2) * size
    y0 = note.xs[0]
    return Dots(x=x, y=top + y0, xs=(0.0,) * len(note.xs), ys=tuple(y - y0 for y in note.xs),
                diameter=DOT_DIAMETER_EM * size, color=color)


def _vertical_reading_runs(note: Annotation, left: float, top: float, em: float,
                           color: CMYK) -> list[TextRun]:
    """A reading as runs of one face each, right of its base's em box, each
    glyph at its own origin (as `_vertical_run` places a line's): upright,
    the top of its em cell lowered to the baseline; turned 90°, on a
    baseline BASELINE_ACROSS of the reading's em right of the column's left
    edge, its advance running down from where the composer put its top."""
    from ..compose.prepare import RUBY_SIZE
    size = note.size
    column = left + (em + size / RUBY_SIZE) / 2          # the base's em box ends here
    across = note.across or (0.0,) * len(note.text)
    turns = note.turns or (0,) * len(note.text)
    runs: list[TextRun] = []
    glyphs = zip(note.faces, note.text, note.xs, across, turns)
    for face, group in groupby(glyphs, key=lambda g: g[0]):
        chars = list(group)
        baseline = top + chars[0][2] + EM_BOX_TOP * size   # of an upright glyph topping the run
        xs = tuple(a + (BASELINE_ACROSS * size if turn else 0.0) for _, _, _, a, turn in chars)
        ys = tuple(top + y + (0.0 if turn else EM_BOX_TOP * size) - baseline for _, _, y, _, turn in chars)
        turned = tuple(c[4] for c in chars)
        runs.append(TextRun(x=column, y=baseline, face=face, size=size, text="".join(c[1] for c in chars),
                            xs=xs, ys=ys, actual="", color=color, turns=turned if any(turned) else ()))
    return runs


def line_marks(line: VerticalLine) -> tuple[str, float]:
    """A vertical line's 着重号 and readings as the warnings name them: their
    text, and the room (pt) they take right of its em (`vertical_ruby_room`)."""
    return " ".join(n.text for n in line.annotations), vertical_ruby_room(line)


def vertical_ruby_room(line: VerticalLine) -> float:
    """The line gap (pt) right of a vertical line that its 着重号 and ruby
    readings take: the widest of a reading's em (its size) and the dots'
    band (DOTS_BAND_EM of the dotted size); 0 with neither.  Unlike a
    horizontal line (slugs.ruby_room), nothing of the line to the right
    enters this gap: its own marks stand right of it.  G1 gives g ≥ 50 %
    of the body size, so a half-size reading always fits."""
    return max([n.size if n.kind == "ruby" else DOTS_BAND_EM * n.size for n in line.annotations],
               default=0.0)


def vertical_glyph_runs(glyphs: Sequence[Glyph], left: float, top: float, color: CMYK = BLACK,
                        tag: Optional[Tag] = None) -> list[TextRun]:
    """Glyphs placed as a VerticalLine's (or compose_vertical's label) →
    TextRuns, one per stretch of one face (see `vertical_line_runs`)."""
    return [_vertical_run(list(group), left, top, color, tag)
            for _, group in groupby(glyphs, key=attrgetter("face"))]


def _vertical_run(glyphs: list[Glyph], left: float, top: float, color: CMYK,
                  tag: Optional[Tag]) -> TextRun:
    """Glyphs of one face → one TextRun of per-glyph origins (the baseline
    that of an upright glyph of the run's largest size topping the line)."""
    size = max([g.size for g in glyphs])
    baseline = top + EM_BOX_TOP * size            # of an upright glyph of `size` topping the line
    xs = tuple([g.x + (BASELINE_ACROSS * g.size if g.rotate else 0.0) for g in glyphs])
    ys = tuple([top + g.y + (0.0 if g.rotate else EM_BOX_TOP * g.size) - baseline for g in glyphs])
    sizes = tuple([g.size for g in glyphs])
    turns = tuple([g.rotate for g in glyphs])
    return TextRun(x=left, y=baseline, face=glyphs[0].face, size=size,
                   text="".join([g.drawn for g in glyphs]), xs=xs, ys=ys,
                   actual="".join([g.char for g in glyphs]), color=color, tag=tag,
                   turns=turns if any(turns) else (),
                   sizes=sizes if any(s != size for s in sizes) else ())


# -- a block set vertically: head rows at the right, body lines to their left ------------

@dataclass(frozen=True)
class HeadRow:
    """A head of a vertical block (引题, 主题, 副题, byline): its text as
    paragraphs (one per line the editor forced), the band each of its lines
    takes across the block (`pitch`, pt: its size × its leading), and its
    structure element."""
    paragraphs: tuple[tuple[StyledRun, ...], ...]
    pitch: float
    color: CMYK = BLACK
    tag: Optional[Tag] = None


@dataclass(frozen=True)
class BodyParagraph:
    """A body paragraph of a vertical block and its structure element."""
    runs: tuple[StyledRun, ...]
    tag: Optional[Tag] = None
    color: CMYK = BLACK


@dataclass
class VerticalSetting:
    """A vertical block set in its rectangle: the display items (relative to
    its top-left corner, in reading order), what was placed, how deep the
    setting reaches (pt), the lines that found no room (overset, in order)
    and each paragraph's lines (heads first) for the block's report."""
    items: list[Item]
    text: str
    chars: int
    depth: float
    overset: list[VerticalLine]
    paragraphs: list[tuple[VerticalLine, ...]]
    # 转版: the body lines after the jump label, carried to a later page, with their paragraphs
    carried: list[tuple[VerticalLine, "BodyParagraph"]] = field(default_factory=list)
    heads_end: int = 0          # items[:heads_end] are the heads' (the body's follow)
    body_width: float = 0.0     # the width left of the heads in which the body stands (pt)
    # the body lines standing at the block's right edge (the first of each band,
    # when no heads stand right of them): their 着重号 and readings stand right
    # of the block, outside its rectangle (flow/pages.py checks the room there)
    outside: list[VerticalLine] = field(default_factory=list)
    # the white left of the last body line in its band when every line stood
    # (`last_band_white`; None: the band is full, or lines were overset or carried)
    white: Optional[Frame] = None

    @property
    def fits(self) -> bool:
        """Whether every line found a place."""
        return not self.overset


@dataclass(frozen=True)
class Bands:
    """The body grid of a vertical block (竖排的栏, G1 in characters): bands
    `chars` characters tall, one above the other `gap` pt apart; each holds
    lines right to left, and the text goes on in the band below."""
    chars: int
    gap: float

    def frames(self, width: float, height: float, body_size: float) -> list[Frame]:
        """The bands that stand in `width` × `height` pt, top to bottom (one
        shorter band when not even one whole band does)."""
        tall = self.chars * body_size
        if tall > height:
            return [Frame(0.0, 0.0, width, chars_down(height, body_size) * body_size)]
        count = int((height - tall) // (tall + self.gap) + 1e-9) + 1
        return [Frame(0.0, self.top(k, body_size), width, tall) for k in range(count)]

    def top(self, k: int, body_size: float) -> float:
        """The top of band `k` (0: the first), pt from the block's top."""
        return k * (self.chars * body_size + self.gap)

    def beside(self, frames: Sequence[Frame], clear: Sequence[Frame], air: float) -> list[Frame]:
        """`frames` narrowed to stand right of the rectangles `clear` (photos
        at the left of a vertical block, each from its left edge): a band
        whose top lies less than one band gap below a rectangle's foot keeps
        `air` pt of gutter right of it (图文互斥: no line beside, under or
        over a photo in its band)."""
        out = []
        for f in frames:
            left = max([c.x + c.width + air for c in clear
                        if c.y < f.y + f.height and f.y < c.y + c.height + self.gap - 1e-6], default=f.x)
            out.append(Frame(left, f.y, max(f.x + f.width - left, 0.0), f.height) if left > f.x else f)
        return out


@dataclass(frozen=True)
class JumpLine:
    """A 转版 label set as a vertical line (（下转第N版）): it takes the place
    of the last body line that stands, flush with its band's foot."""
    line: VerticalLine
    color: CMYK = BLACK


def set_vertical(heads: Sequence[HeadRow], body: Sequence[BodyParagraph], width: float, height: float,
                 pitch: float, body_size: float, bands: Bands, metrics: Metrics,
                 settings: ComposerSettings = DEFAULT_SETTINGS, clear: Sequence[Frame] = (),
                 air: float = 0.0, jump: Optional[JumpLine] = None) -> VerticalSetting:
    """Set a block vertically in `width` × `height` pt (§1.7, issue 18 §1):
    the head rows from the right edge, top-aligned, their lines as long as
    the block is tall, each in its band across; one body pitch of air; then
    the body in `bands` to the left of the heads, lines right to left at
    the body pitch, band after band, the bands beside the rectangles
    `clear` (its photos) narrowed to stand `air` pt right of them.  Lines
    that find no room are overset — or, given a `jump` label, carried
    (转版): the label stands in the last line's place, the rest goes on."""
    out = VerticalSetting([], "", 0, 0.0, [], [])
    placed: list[VerticalLine] = []
    right = _set_heads(out, placed, heads, width, height, metrics, settings)
    out.heads_end = len(out.items)
    if heads and right < width:
        right -= pitch - body_size                         # a line of air between heads and body
    out.body_width = max(right, 0.0)
    frames = bands.beside(bands.frames(out.body_width, height, body_size), clear, air)
    _set_body(out, placed, body, frames, pitch, body_size, metrics, settings, jump)
    if out.body_width < width - 1e-6:
        out.outside = []                                   # the heads stand right of every band
    out.text = "".join(line.text for line in placed)
    out.chars = len("".join(out.text.split()))
    return out


def _composed(runs: tuple, height: float, metrics: Metrics, settings: ComposerSettings,
              indent_em: float = 2.0) -> tuple:
    """`_remembered` with the metrics as a key (by identity: the Metrics
    protocol does not say Hashable; the cache holds the object, so no later
    library can take its place)."""
    return _remembered(runs, height, cast(Hashable, metrics), settings, indent_em)


@lru_cache(maxsize=2048)
def _remembered(runs: tuple, height: float, metrics: Any, settings: ComposerSettings,
                indent_em: float = 2.0) -> tuple:
    """compose_vertical_paragraph, remembered: a vertical article is set
    again for every trial height (natural_vertical_lines), fill and jump,
    and its paragraphs' lines depend only on the runs and the band's height
    (the 2026-12-03 feature sample composed 804 paragraphs for 59 settings)."""
    return compose_vertical_paragraph(runs, height, metrics, settings, indent_em)


def _set_heads(out: VerticalSetting, placed: list[VerticalLine], heads: Sequence[HeadRow], width: float,
               height: float, metrics: Metrics, settings: ComposerSettings) -> float:
    """The head rows into `out`, from the right edge leftward, each line's em
    centred in its band; returns where the last band ends (pt from the left)."""
    right = width
    for row in heads:
        for runs in row.paragraphs:
            size = runs[0].size
            lines = _composed(tuple(runs), chars_down(height, size) * size, metrics, settings, 0.0)
            out.paragraphs.append(lines)
            for line in lines:
                left = right - (row.pitch + size) / 2
                if left < -1e-6 or not chars_down(height, size):
                    out.overset.append(line)
                    continue
                out.items += vertical_line_items(line, left, 0.0, size, row.color, row.tag)
                placed.append(line)
                out.depth = max(out.depth, line.natural)
                right -= row.pitch
    return right


def _set_body(out: VerticalSetting, placed: list[VerticalLine], body: Sequence[BodyParagraph],
              frames: list[Frame], pitch: float, body_size: float, metrics: Metrics,
              settings: ComposerSettings, jump: Optional[JumpLine] = None) -> None:
    """The body paragraphs into `out`, composed to the bands' height and laid
    band after band, right to left in each (from its right edge); what finds
    no band is overset, or carried after the `jump` label."""
    measure = frames[0].height
    lines: list[tuple[VerticalLine, BodyParagraph]] = []
    for para in body:
        composed = _composed(tuple(para.runs), measure, metrics, settings)
        out.paragraphs.append(composed)
        lines += [(line, para) for line in composed]
    slots = list(frame_slots(frames if measure > 0 else (), pitch, body_size))
    keep = len(lines)
    if len(lines) > len(slots) and jump is not None and slots:
        keep = len(slots) - 1                             # the label takes the last line's place
        out.carried = lines[keep:]
    for (frame, n), (line, para) in zip(slots, lines[:keep]):
        out.items += vertical_line_items(line, frame.x + frame.width - n * pitch - body_size, frame.y,
                                         body_size, para.color, para.tag)
        if n == 0:
            out.outside.append(line)
        placed.append(line)
        out.depth = max(out.depth, frame.y + frame.height)
    if out.carried and jump is not None:
        frame, n = slots[keep]
        out.items += vertical_line_runs(jump.line, frame.x + frame.width - n * pitch - body_size,
                                        frame.y + frame.height - jump.line.natural, jump.color)
        out.depth = max(out.depth, frame.y + frame.height)
    else:
        out.overset += [line for line, _ in lines[len(slots):]]
    if not out.carried and not out.overset:
        out.white = last_band_white(frames, len(lines), pitch, body_size)


def vertical_heads(heads: Sequence[HeadRow], height: float, room: float, pitch: float, body_size: float,
                   metrics: Metrics, settings: ComposerSettings = DEFAULT_SETTINGS
                   ) -> tuple[VerticalSetting, float]:
    """Head rows as a strip of vertical lines at most `height` pt long (each
    at its natural length when shorter: a head's last line is not
    justified) and at most `room` pt wide: the setting, relative to the
    strip's top-left, and the strip's width; lines beyond `room` are overset."""
    across = 0.0
    for row in heads:
        for runs in row.paragraphs:
            size = runs[0].size
            count = len(_composed(tuple(runs), chars_down(height, size) * size, metrics, settings, 0.0))
            across += row.pitch * count
    width = min(across, room)
    return set_vertical(heads, [], width, height, pitch, body_size, Bands(1, 0.0), metrics, settings), width


def natural_vertical_lines(fits, fewest: int, most: int) -> int:
    """The fewest n in fewest..most (grid lines, bands) for which `fits(n)`
    holds (a taller block holds more, so `fits` only turns true as n grows),
    `most` when none does: a bisection, the block set a few times only."""
    lo, hi = max(1, fewest), max(1, most)
    if not fits(hi):
        return hi
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
