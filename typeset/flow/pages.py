"""Blocks of a page → placed rectangles on the grid → `PageLayout` + reports.

Explicit coordinates are taken as the editor drew them (画版); blocks without
them take the next free rectangle of their width, in reading order.  Text
that does not fit is reported as overset (never dropped silently), empty
grid lines at the end of a block as underset.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from ..display import BoxItem, Item, Marker, PageLayout, RuleItem
from ..errors import InputError
from ..messages import say
from .. import registry
from ..model import Block, Continuation, Page, Photo
from .blocks import BlockContent, Typesetter
from .bounds import Area, strays
from .columns import Segment, Threading, balance, thread
from .fill import (FillSettings, Hole, PhotoLines, column_holes, gap_count, grown_head, page_holes, photo_line_range,
                   spread_gaps)
from .furniture import masthead, page_footer, page_header
from .slugs import Slug, translate


@dataclass(frozen=True)
class Rect:
    """A block's rectangle on the grid: columns [col, col+span), lines [line, line+lines).

    `notch` shapes a 刀把 (page-making.md §1, "刀把"): its last len(notch)
    columns — the *leg*, beside a neighbour above them — start notch[i]
    lines below `line` (the neighbour and the gap under it stand in the
    notch), and end feet[i] lines below it (another block, and the gap over
    it, below; no `feet`: at the block's foot).  The head stands over the
    first `head_span` columns; the text runs on from them into the leg.
    Empty: a plain rectangle."""
    col: int
    span: int
    line: int
    lines: int
    notch: tuple[int, ...] = ()
    feet: tuple[int, ...] = ()

    @property
    def head_span(self) -> int:
        """The columns from the block's top: all but the leg's."""
        return self.span - len(self.notch)

    def top_of(self, c: int) -> int:
        """The first line of column `c` (from the block's first) that is the block's, from its top."""
        return self.notch[c - self.head_span] if c >= self.head_span else 0

    def foot_of(self, c: int) -> int:
        """The first line below column `c` (from the block's first) that is not the block's, from its top."""
        return self.feet[c - self.head_span] if c >= self.head_span and self.feet else self.lines

    def cells(self):
        return {(self.col + c, row) for c in range(self.span)
                for row in range(self.line + self.top_of(c), self.line + self.foot_of(c))}

    def column_feet(self) -> list[int]:
        """`foot_of` each of its columns."""
        return [self.foot_of(c) for c in range(self.span)]

    def parts(self) -> list["Rect"]:
        """The plain rectangles it is made of: the head's columns, then the
        leg's, one per run of columns that start and end on the same lines."""
        out = [Rect(self.col, self.head_span, self.line, self.lines)]
        for c in range(self.head_span, self.span):
            top, foot, last = self.top_of(c), self.foot_of(c), out[-1]
            if len(out) > 1 and last.line == self.line + top and last.lines == foot - top:
                out[-1] = replace(last, span=last.span + 1)
            else:
                out.append(Rect(self.col + c, 1, self.line + top, foot - top))
        return out


@dataclass
class BlockReport:
    """What happened to one block: the numbers `paiban check` prints."""
    id: str
    kind: str
    page: int
    rect: Rect
    chars: int = 0
    lines: int = 0
    overset_chars: int = 0
    overset_lines: int = 0
    overset_text: str = ""
    holes: list[Hole] = field(default_factory=list)      # 欠版: empty column feet, per column
    warnings: list[str] = field(default_factory=list)
    paragraphs: list = field(default_factory=list)       # Composed, for quality figures
    source_line: int = 0
    continued_to: int = 0         # 转版: the page its rest went on to (0: none)
    continued_text: str = ""      # … and that rest's text (it is checked there)
    widows: int = 0               # 孤行: columns topped by a paragraph's lone last line
    overset_photos: int = 0       # inner photos left out whole (no room for their image)

    @property
    def underset_lines(self) -> int:
        """Empty grid lines of the block's holes, all columns together."""
        return sum(h.lines for h in self.holes)

    @property
    def underset_chars(self) -> int:
        """Body characters that would fill the holes."""
        return sum(h.chars for h in self.holes)

    @property
    def status(self) -> str:
        if self.overset_lines:
            return "overset"
        return "underset" if self.holes else "fits"


@dataclass
class PageResult:
    layout: PageLayout
    blocks: list[BlockReport]


@dataclass
class Jumps:
    """转版 across the pages of an issue: the page each continued article goes
    on to, and the lines it carries there (filled as its page is laid out;
    pages are laid out in order and a continuation is on a later page)."""
    to_page: dict[str, int] = field(default_factory=dict)       # article id → page
    from_page: dict[str, int] = field(default_factory=dict)     # article id → its own page
    carried: dict[str, list[Slug]] = field(default_factory=dict)
    # article id → (the block, its page's Typesetter.body_setting()): a continuation
    # on a page of another setting sets the carried text again (BlockKind.rest)
    sources: dict[str, tuple] = field(default_factory=dict)

    @classmethod
    def of_issue(cls, issue) -> "Jumps":
        jumps = cls()
        for page in issue.pages:
            for block in page.blocks:
                if isinstance(block, Continuation):
                    jumps.to_page[block.of] = page.number
                elif registry.of(block).continues:
                    jumps.from_page[block.id] = page.number
        return jumps


@dataclass(frozen=True)
class LayoutContext:
    """What a block kind's `content` may need beyond its block and width:
    the issue's 转版 record, the photos' pixel sizes, the fill settings."""
    jumps: Jumps
    sizes: dict
    fill: FillSettings


@dataclass
class Planned:
    """A block with its content and its rectangle, between placing and drawing."""
    block: Block
    content: BlockContent
    rect: Rect
    least: int = 1           # the shallowest rectangle it may be given (`_least_lines`)


def layout_page(page: Page, meta, ts: Typesetter, source: str, pages: int = 1,
                jumps: Optional[Jumps] = None, image_sizes: Optional[dict] = None) -> PageResult:
    """Place every block of `page`, fill the page (撑版), and draw it into a
    display list; what stays empty is reported (欠版).

    `image_sizes` (photo src → pixel size) lets photos take their own shape
    and resize within the template's crop limit; without it photos keep the
    template's default height.
    """
    jumps = jumps or Jumps()
    grid, fill = ts.grid, FillSettings.from_table(ts.t.fill)
    sizes = image_sizes or {}
    taken: dict[tuple[int, int], str] = {}
    items: list[Item] = list(page_header(page, meta, ts)) + page_footer(page, meta, ts)
    gap = int(ts.t.rules.get("block_gap_lines", 1))
    if ts.t.masthead:
        items += _masthead(ts, meta, pages, taken, gap)
    planned: list[Planned] = []
    context = LayoutContext(jumps, sizes, fill)
    for block in page.blocks:
        kind = registry.of(block)
        _check_on_grid(block, grid, source)
        if kind.draw is not None:                  # drawn where the editor put it (a rule)
            items += kind.draw(ts, block)
            continue
        assert kind.content is not None            # register(): every kind has `content` or `draw`
        span = _span(block, ts, source)
        content = kind.content(ts, block, span, context)
        least = _least_lines(block, content, span, ts, context)
        rect = _place(block, content, span, ts, taken, source, gap, least)
        _occupy(taken, rect, block.id, gap, grid, source, block, explicit=block.placement.line is not None)
        # a block that fitted at its natural height may keep it, even if under `least`
        planned.append(Planned(block, content, rect, min(least, rect.lines) if rect.lines else least))
    furniture = {cell: who for cell, who in taken.items() if who.endswith("masthead")}
    settle = Settle(ts, page.number, jumps, fill, sizes, gap, furniture)
    _close_bands(planned, settle)
    taken = settle.taken(planned)
    _grow_to_floors(planned, taken, gap, grid.lines)
    widened = _widen_into_free_columns(planned, taken, ts, context, gap)
    if widened:
        _rise_under(widened, planned, settle)
        taken = settle.taken(planned)
        _grow_to_floors(planned, taken, gap, grid.lines)
    turned = _turn_under_neighbours(planned, taken, settle) if fill.turn else {}
    reports: list[BlockReport] = []
    rects = {p.block.id: p.rect for p in planned}
    for p in planned:
        jump_to = _jump_to(p.block, jumps)
        block_items, report = _fill(p.block, p.content, p.rect, ts, page.number, jump_to, jumps, fill, sizes,
                                    room_right=_room_right(p.block.id, rects, ts))
        if p.block.id in turned:
            report.warnings.append(turned[p.block.id])
        items += block_items
        reports.append(report)
    white = _page_white(rects, taken, ts, page.number, gap, fill, page.line)
    if white is not None:
        reports.append(white)
        items += _hole_markers(white.holes, grid)
    if ts.t.rules.get("between_blocks", True):
        items += _separators(rects, ts)
    return PageResult(PageLayout(page.number, ts.t.width, ts.t.height, tuple(items)), reports)


def _jump_to(block: Block, jumps: Jumps) -> Optional[int]:
    """The page a block's overset goes on to (转版), if its kind continues and it has a continuation."""
    return jumps.to_page.get(block.id) if registry.of(block).continues else None


def _masthead(ts: Typesetter, meta, pages: int, taken, gap: int) -> list[Item]:
    """Reserve the template's nameplate area and draw it."""
    m, grid = ts.t.masthead, ts.grid
    rect = Rect(int(m.get("col", 1)) - 1, int(m.get("span", grid.columns)), int(m.get("line", 1)) - 1,
                int(m.get("lines", 10)))
    for cell in rect.cells():
        taken[cell] = "masthead"
    for cell in _gap_below(rect, gap, grid.lines):
        taken[cell] = " gap masthead"
    return masthead(meta, pages, ts, grid.col_x(rect.col), grid.line_top(rect.line),
                    grid.span_width(rect.span), grid.extent(rect.lines))


# -- sizes and placement -------------------------------------------------------

def _check_on_grid(block, grid, source: str) -> None:
    """Any block — rules too — names columns and lines that exist on the grid
    (a rule at column 9, line 200 of a 6 × 92 grid is a typo, not a layout)."""
    p, placed = block.placement, registry.of(block).placed
    kind = registry.of(block).name
    col = p.col or 1
    span = p.span or (grid.columns - col + 1 if placed else 1)
    if col > grid.columns:
        raise InputError(say("column_outside", block=block.id, col=col, columns=grid.columns),
                         file=source, line=block.line, element=kind)
    if col - 1 + span > grid.columns:
        raise InputError(say("spans_columns", block=block.id, first=col, last=col + span - 1,
                             columns=grid.columns), file=source, line=block.line, element=kind)
    if p.line is not None and p.line > grid.lines:
        raise InputError(say("starts_below", block=block.id, line=p.line, lines=grid.lines),
                         file=source, line=block.line, element=kind)
    if placed and p.lines and (p.line or 1) - 1 + p.lines > grid.lines:
        raise InputError(say("runs_below", block=block.id, end=(p.line or 1) - 1 + p.lines, lines=grid.lines),
                         file=source, line=block.line, element=kind)


def _span(block, ts: Typesetter, source: str) -> int:
    """The block's columns: its own `span`, else the template's `<kind>_span`,
    else one column (or, for a kind that goes `across`, the rest of the grid)."""
    kind = registry.of(block)
    col = block.placement.col or 1
    fallback = ts.grid.columns - (col - 1) if kind.across else 1
    span = block.placement.span or int(ts.t.defaults.get(f"{kind.name}_span", fallback))
    if col - 1 + span > ts.grid.columns:
        raise InputError(say("spans_columns", block=block.id, first=col, last=col + span - 1,
                             columns=ts.grid.columns), file=source, line=block.line, element=kind.name)
    return span


def inner_span(photo: Photo, span: int) -> int:
    """Columns of a photo inside an article `span` columns wide (as Typesetter.article sets it)."""
    return min(photo.placement.span or 1, span)


def photo_range(photo: Photo, span: int, ts: Typesetter, sizes: dict, fill: FillSettings) -> Optional[PhotoLines]:
    """The image lines a photo `span` columns wide may take, or None when the
    editor fixed its height (lines="…") or its image's size is unknown.
    A crop="…" on the photo is cut first: what remains is the image's shape."""
    if photo.placement.lines:
        return None
    g = ts.grid
    return photo_line_range(_cropped(sizes.get(photo.src), photo.crop), g.span_width(span), g.pitch, g.body_size,
                       fill.photo_crop)


def _cropped(size: Optional[tuple[int, int]], crop: tuple[float, float, float, float]):
    """An image's pixel size after crop="l t r b" (shares cut from each edge)."""
    if size is None:
        return None
    left, top, right, bottom = crop
    return (max(1, round(size[0] * (1 - left - right))), max(1, round(size[1] * (1 - top - bottom))))


def natural_photo(photo: Photo, pc: BlockContent, span: int, ts: Typesetter, sizes: dict,
                   fill: FillSettings) -> BlockContent:
    """A photo without a fixed height at its image's own shape (nothing cut)."""
    allowed = photo_range(photo, span, ts, sizes, fill)
    return pc if allowed is None else _photo_at(photo, pc, span, allowed.natural, ts)


def _photo_at(photo: Photo, pc: BlockContent, span: int, image_lines: int, ts: Typesetter) -> BlockContent:
    """The photo's content with its image `image_lines` grid lines tall, caption below."""
    return ts.photo(photo, span, image_lines + len(pc.head) - 1, art=pc.art, seq=pc.seq)


def _natural_lines(content: BlockContent, span: int, ts: Typesetter, placement) -> int:
    """Height an automatic block needs: its head plus its balanced stream."""
    head = sum(s.lines for s in content.head)
    if not content.stream:
        return head
    big = ts.grid.lines * 4
    where = None
    if placement.col is not None:
        where = Rect(placement.col - 1, span, (placement.line or 1) - 1, big)
    photos = _photo_rects(content, span, head, where)
    segments = _segments(Rect(0, span, 0, big), head, photos)
    threading = balance(content.stream, segments)
    return max(threading.bottom, max((r.line + r.lines for _, _, r in photos), default=0))


# The fewest body lines an automatic story is placed with: a head over one or
# two lines of text reads as a stray fragment (page-making.md §1, 题文相依);
# shallower room is left to the blocks around it and the story is overset.
LEAST_BODY_LINES = 3


def _least_lines(block, content: BlockContent, span: int, ts: Typesetter, context: LayoutContext) -> int:
    """The shallowest room an automatic block is placed in: its kind's
    (BlockKind.least), else its whole head and a few lines of its text."""
    least = registry.of(block).least
    if least is not None:
        return least(block, content, span, ts, context)
    body = sum(s.lines for s in content.stream)
    return sum(s.lines for s in content.head) + min(body, LEAST_BODY_LINES)


def least_photo_lines(block, content: BlockContent, span: int, ts: Typesetter, context: LayoutContext) -> int:
    """A photo block's least room: its image at the least height its crop
    limit allows (its own height when it has none), and its caption lines."""
    if not content.head:
        return 0
    allowed = photo_range(block, span, ts, context.sizes, context.fill)
    image = allowed.fewest if allowed is not None else content.head[0].lines
    return image + sum(s.lines for s in content.head[1:])


def _wanted_lines(block, content: BlockContent, span: int, ts: Typesetter) -> int:
    """The lines a block asks for: its fixed height, else its natural height at `span`."""
    return block.placement.lines or _natural_lines(content, span, ts, block.placement)


def _place(block, content: BlockContent, span: int, ts: Typesetter, taken, source: str, gap: int,
           least: int = 1) -> Rect:
    p, grid = block.placement, ts.grid
    lines = _wanted_lines(block, content, span, ts)
    if p.col is not None and p.line is not None:
        if p.line > grid.lines:
            raise InputError(say("starts_below", block=block.id, line=p.line, lines=grid.lines),
                             file=source, line=block.line, element=registry.of(block).name)
        if not p.lines:            # "let the layout fill the height": what passes the foot is overset
            lines = min(lines, grid.lines - (p.line - 1))
        rect = Rect(p.col - 1, span, p.line - 1, lines)
        if rect.line + rect.lines > grid.lines:
            raise InputError(say("runs_below", block=block.id, end=rect.line + rect.lines, lines=grid.lines),
                             file=source, line=block.line, element=registry.of(block).name)
        return rect
    return _place_free(block, span, lines, ts, taken, least)


def _place_free(block, span: int, lines: int, ts: Typesetter, taken, least: int) -> Rect:
    """The first free rectangle for a block the layout places (`_next_free`),
    in the column the editor gave it, if any."""
    col, grid = block.placement.col, ts.grid
    return _next_free(taken, [col - 1] if col else range(grid.columns - span + 1), span, lines, grid.lines,
                      min(least, lines))


def _next_free(taken, cols, span: int, lines: int, total: int, least: int = 1) -> Rect:
    """The first free rectangle in reading order (top to bottom, left to right)
    deep enough for `lines`; failing that the deepest one at least `least`
    lines deep (its overset is reported); failing that an empty rectangle
    below the grid (all overset)."""
    best: Optional[Rect] = None
    for line in range(total):
        for col in cols:
            if any((c, line) in taken for c in range(col, col + span)):
                continue
            room = _free_depth(taken, col, span, line, total)
            if room >= lines:
                return Rect(col, span, line, lines)
            if room >= least and (best is None or room > best.lines):
                best = Rect(col, span, line, room)
    return best or Rect(list(cols)[0], span, total, 0)


def _free_depth(taken, col: int, span: int, line: int, total: int) -> int:
    depth = 0
    while line + depth < total and all((c, line + depth) not in taken for c in range(col, col + span)):
        depth += 1
    return depth


def _occupy(taken, rect: Rect, block_id: str, gap: int, grid, source, block, explicit: bool) -> None:
    for cell in rect.cells():
        if explicit and cell in taken and not taken[cell].startswith(" gap"):
            raise InputError(say("overlap", block=block_id, other=taken[cell], col=cell[0] + 1, line=cell[1] + 1),
                             file=source, line=block.line, element=registry.of(block).name)
        taken[cell] = block_id
    for cell in _gap_below(rect, gap, grid.lines):        # breathing room below, for automatic blocks
        taken.setdefault(cell, " gap " + block_id)


def _gap_below(rect: Rect, gap: int, total: int):
    """The cells of the `gap` grid lines below `rect`, inside the grid."""
    bottom = rect.line + rect.lines
    return ((c, row) for c in range(rect.col, rect.col + rect.span) for row in range(bottom, min(bottom + gap, total)))


def _white_holes(rects, furniture: dict, grid, gap: int, tolerance: int) -> list[Hole]:
    """Holes outside every block and the masthead: the page's white (欠版)."""
    owner = {cell: who for cell, who in furniture.items() if who == "masthead"}
    for bid, r in rects:
        for cell in r.cells():
            owner[cell] = bid
    return page_holes(owner, grid.columns, grid.lines, gap, grid.column_chars, tolerance)


# -- arranging automatic blocks so the page closes -------------------------------

MAX_RISE = 12       # grid lines an automatic block is tried higher than where it fell
TOO_SHALLOW = (1 << 62, 0, 0)   # the score of a trial that squeezes a block below its least lines


@dataclass
class Settle:
    """What trial layouts of a page need: the page's settings and furniture."""
    ts: Typesetter
    page_no: int
    jumps: Jumps
    fill: FillSettings
    sizes: dict
    gap: int
    furniture: dict          # cells of the masthead and the gap below it

    def taken(self, planned: list[Planned]) -> dict:
        """The cell map of the page: furniture, blocks and the gap below each block."""
        taken = dict(self.furniture)
        for p in planned:
            for cell in p.rect.cells():
                taken[cell] = p.block.id
        for p in planned:
            for cell in _gap_below(p.rect, self.gap, self.ts.grid.lines):
                taken.setdefault(cell, " gap " + p.block.id)
        return taken

    def white(self, planned: list[Planned]) -> int:
        """Empty lines on the page outside every block (grown as they are)."""
        holes = _white_holes(((p.block.id, p.rect) for p in planned), self.furniture, self.ts.grid, self.gap,
                             self.fill.tolerance)
        return sum(h.lines for h in holes)

    def scratch_jumps(self) -> Jumps:
        """A copy of the 转版 record for a trial to write in (the real one is untouched)."""
        return Jumps(self.jumps.to_page, self.jumps.from_page, dict(self.jumps.carried))

    def short_of_room(self, p: Planned) -> bool:
        """Whether block `p`'s text does not all fit its rectangle: some of
        it overset, or carried on to a later page (a trial: the real 转版
        record is untouched)."""
        scratch = self.scratch_jumps()
        _, report = _settled(p.block, p.content, p.rect, self.ts, self.page_no, _jump_to(p.block, scratch),
                             scratch, self.fill, self.sizes)
        return bool(report.overset_chars or report.continued_to)

    def score(self, planned: list[Planned], group: list[str]) -> tuple[int, int, int]:
        """Photos left out, overset characters and empty lines of the `group`
        blocks once the page is grown and filled (trial runs: the real 转版
        record is untouched); worse than any other when it leaves a block of
        the group shallower than its least lines (a photo squeezed to a
        strip).  A photo left out counts first: its caption is all the
        characters it carries, so by characters alone dropping it to give
        the text its columns would win, leaving white where it stood."""
        planned = [replace(p) for p in planned]
        _grow_to_floors(planned, self.taken(planned), self.gap, self.ts.grid.lines)
        if any(p.block.id in group and 0 < p.rect.lines < p.least for p in planned):
            return TOO_SHALLOW
        scratch = self.scratch_jumps()
        photos, over, empty = 0, 0, self.white(planned)
        for p in planned:
            if p.block.id in group:
                jump_to = _jump_to(p.block, scratch)
                _, report = _settled(p.block, p.content, p.rect, self.ts, self.page_no, jump_to, scratch,
                                     self.fill, self.sizes)
                photos += report.overset_photos
                over += report.overset_chars
                empty += report.underset_lines
        return photos, over, empty


def _close_bands(planned: list[Planned], settle: Settle) -> None:
    """An automatic block falls below the lowest of the blocks above it in
    its columns, so a shorter neighbour up there is left with a hole, or
    it is left too long for the room below.  Try it higher, line by line,
    cutting the blocks above it to fit (a photo without a fixed height then
    shrinks within its crop limit), and lower, letting the blocks above
    grow (a photo within its crop limit); keep the height that leaves the
    least overset and then the fewest empty lines, on the page too."""
    for b in planned:
        if b.block.placement.line is not None or b.rect.line == 0:
            continue                                   # the editor pinned it, or nothing is above
        above = [p for p in planned if p is not b and p.rect.line < b.rect.line and _share_columns(p.rect, b.rect)]
        if not above:
            continue
        group = [p.block.id for p in above] + [b.block.id]
        best: tuple[tuple[int, int, int], Optional[list[Planned]]] = (settle.score(planned, group), None)
        if best[0] == (0, 0, 0):
            continue
        for top in range(b.rect.line - 1, max(b.rect.line - MAX_RISE, 0) - 1, -1):
            trial = _raised(planned, b, above, top, settle.gap)
            if trial is None:
                break
            score = settle.score(trial, group)
            if score < best[0]:
                best = (score, trial)
        for top in range(b.rect.line + 1, min(b.rect.line + MAX_RISE, b.rect.line + b.rect.lines - 1) + 1):
            # lower: the blocks above may grow into the room (a photo within its crop limit)
            trial = [replace(p, rect=replace(p.rect, line=top, lines=p.rect.lines - (top - p.rect.line)))
                     if p is b else p for p in planned]
            score = settle.score(trial, group)
            if score < best[0]:
                best = (score, trial)
        if best[1] is not None:
            for p, q in zip(planned, best[1]):
                p.rect = q.rect


def _share_columns(a: Rect, b: Rect) -> bool:
    return a.col < b.col + b.span and b.col < a.col + a.span


def _raised(planned: list[Planned], b: Planned, above: list[Planned], top: int, gap: int) -> Optional[list[Planned]]:
    """The page with block `b` starting at grid line `top` (as deep as
    before at its foot) and the blocks above it cut to the gap over it;
    None when that would cut a block of fixed height or one below its
    least lines."""
    cut = {}
    for p in above:
        if p.rect.line + p.rect.lines + gap <= top:
            continue
        lines = top - gap - p.rect.line
        if p.block.placement.lines or lines < max(p.least, 1):
            return None
        cut[id(p)] = replace(p.rect, lines=lines)
    raised = replace(b.rect, line=top, lines=b.rect.lines + b.rect.line - top)
    return [replace(p, rect=raised if p is b else cut.get(id(p), p.rect)) for p in planned]


# -- filling a rectangle ----------------------------------------------------------

def _photo_rects(content: BlockContent, span: int, head: int, block: Optional[Rect] = None):
    """Rectangles of inner photos, relative to the block (text flows around).

    Photo coordinates are page-grid coordinates, like every placement in the
    issue; photos without them stand side by side from the top right of the
    text area, right to left, and one that no longer fits beside them opens
    a row below the deepest of them (a caption never touches the image
    below it: PHOTO_MARGIN) — never outside the block's columns.
    """
    out, right, row_top, row_foot = [], span, head, head
    for photo, pc in content.inner_photos:
        pspan = min(photo.placement.span or 1, span)
        lines = sum(s.lines for s in pc.head)
        if right - pspan < 0:                          # the row is full: the next one starts below it
            right, row_top = span, row_foot + PHOTO_MARGIN
        col, line = right - pspan, row_top
        if photo.placement.col and block is not None:
            col = min(max(photo.placement.col - 1 - block.col, 0), span - pspan)
        if photo.placement.line and block is not None:
            line = max(photo.placement.line - 1 - block.line, head)
        right = col
        row_foot = max(row_foot, line + lines)
        out.append((photo, pc, Rect(col, pspan, line, lines)))
    return out


PHOTO_MARGIN = 1      # grid lines kept empty between an inner photo's caption and the text


def _segments(rect: Rect, head: int, photos) -> list[Segment]:
    """Free line ranges of each column below the head, photos cut out (图文互斥).

    Text stays one grid line clear of a photo above or below it, so a caption
    never reads on into the body.
    """
    segments = []
    for c in range(rect.span):
        start, cuts = max(head, rect.top_of(c)), sorted((r.line, r.line + r.lines) for _, _, r in photos
                                   if r.col <= c < r.col + r.span)
        for top, bottom in cuts:
            if top - PHOTO_MARGIN > start:
                segments.append(Segment(c, start, top - PHOTO_MARGIN))
            start = max(start, bottom + PHOTO_MARGIN)
        foot = rect.foot_of(c)
        if start < foot:
            segments.append(Segment(c, start, foot))
    return segments


# -- 撑版: growing blocks to the next block or the foot -----------------------------

def _growable(block) -> bool:
    """A block the layout may make taller: one whose kind `grows` (text and
    photos), without a fixed height."""
    return registry.of(block).grows and not block.placement.lines


def _grow_to_floors(planned: list[Planned], taken, gap: int, total: int) -> None:
    """撑版, first means (page-making.md §1): each block without a fixed
    height takes the free lines below it, down to the gap above the next
    block in any of its columns, or to the foot of the type area.  Blocks
    only grow downwards, so the order they grow in does not matter."""
    for p in planned:
        if not _growable(p.block):
            continue
        floor = _floor(taken, p.rect, gap, total)
        if floor <= p.rect.line + p.rect.lines:
            continue
        p.rect = replace(p.rect, lines=floor - p.rect.line)
        _take(taken, p, gap, total)


def _take(taken, p: Planned, gap: int, total: int) -> None:
    """Mark `p`'s rectangle, and the gap below it, as its own in the cell map."""
    for cell in p.rect.cells():
        taken[cell] = p.block.id
    for cell in _gap_below(p.rect, gap, total):
        taken.setdefault(cell, " gap " + p.block.id)


def _widenable(block) -> bool:
    """A block the layout may make wider: an automatic one (no `col`, no
    `span`: its width is the template's default) of a kind that `widens`."""
    p = block.placement
    return registry.of(block).widens and p.col is None and p.span is None and p.line is None


def _widen_into_free_columns(planned: list[Planned], taken, ts: Typesetter, context: LayoutContext,
                             gap: int) -> list[Planned]:
    """撑版 sideways (page-making.md: blocks take whole columns): a column
    beside a widenable block that no block takes over the block's whole
    height (and the gap below it) would stay white, 开天窗 — the block
    takes it, to its right first, and its content is set again for the
    wider span.  Blocks are widened in reading order, so of two neighbours
    the earlier takes a free column.  Set wider, a block of no fixed height
    needs fewer lines: it keeps only those (and grows again, after what
    stands below it has risen, `_rise_under`).  Returns the blocks widened."""
    total, widened = ts.grid.lines, []
    for p in planned:
        if not _widenable(p.block) or p.rect.lines == 0:
            continue
        depth = min(p.rect.lines + gap, total - p.rect.line)     # its lines and the gap below them
        col, span = p.rect.col, p.rect.span
        while col + span < ts.grid.columns and _free_depth(taken, col + span, 1, p.rect.line, total) >= depth:
            span += 1
        while col > 0 and _free_depth(taken, col - 1, 1, p.rect.line, total) >= depth:
            col, span = col - 1, span + 1
        if span == p.rect.span:
            continue
        content = registry.of(p.block).content
        assert content is not None                 # it was placed, so its kind has content
        p.rect = replace(p.rect, col=col, span=span)
        p.content = content(ts, p.block, span, context)
        if _growable(p.block):
            natural = _natural_lines(p.content, span, ts, p.block.placement)
            p.rect = replace(p.rect, lines=min(p.rect.lines, max(natural, 1)))
        p.least = min(_least_lines(p.block, p.content, span, ts, context), p.rect.lines)
        _take(taken, p, gap, total)
        widened.append(p)
    return widened


def _rise_under(widened: list[Planned], planned: list[Planned], settle: "Settle") -> None:
    """Blocks placed automatically below a block that widened (and so got
    shorter) rise into the room it left, to the gap under whatever stands
    above them, top to bottom; each takes back the lines it needs, as far
    as the room below it allows (a table squeezed at the foot stands whole
    again), and a block that found no room when it was placed is placed
    again.  A block the editor gave a line keeps it."""
    total = settle.ts.grid.lines
    below = [p for p in planned if p.block.placement.line is None and p.rect.lines
             and any(w is not p and w.rect.line < p.rect.line and _share_columns(w.rect, p.rect) for w in widened)]
    for p in sorted(below, key=lambda p: p.rect.line):
        taken = settle.taken([q for q in planned if q is not p])
        cols = range(p.rect.col, p.rect.col + p.rect.span)
        top = p.rect.line
        while top > 0 and all((c, top - 1) not in taken for c in cols):
            top -= 1
        if top == p.rect.line:
            continue
        room = _free_depth(taken, p.rect.col, p.rect.span, top, total)
        wanted = _wanted_lines(p.block, p.content, p.rect.span, settle.ts)
        p.rect = replace(p.rect, line=top, lines=min(room, max(p.rect.lines, wanted)))
    for p in planned:                  # a block that found no room when it was placed may find it now
        if p.rect.lines == 0 and p.block.placement.line is None:
            taken = settle.taken([q for q in planned if q is not p])
            wanted = _wanted_lines(p.block, p.content, p.rect.span, settle.ts)
            p.rect = _place_free(p.block, p.rect.span, wanted, settle.ts, taken, p.least)


def _turnable(p: Planned) -> bool:
    """A block whose text may run on under a neighbour beside it: an
    automatic block (like `_widenable`) of a kind that `turns`, not boxed,
    set horizontally (a vertical block's lines fill its rectangle)."""
    b = p.block.placement
    return (registry.of(p.block).turns and b.col is None and b.span is None and b.line is None
            and p.rect.lines > 0 and not p.content.boxed
            and all(s.direction != "vertical" for s in p.content.head + p.content.stream))


def _turn_under_neighbours(planned: list[Planned], taken, settle: "Settle") -> dict[str, str]:
    """刀把: a block whose text does not fit (overset, or carried on to a
    later page) while the columns right of it are white below a neighbour
    that does not grow (a table, a box, a block of fixed height) — down to
    its foot or to a block lower in those columns (`_leg`) — runs its
    text on into them: its rectangle takes a leg under the neighbour
    (Rect.notch), the head stays over its own columns, and the text reads
    on from the foot of its last column to the top of the leg.  Editors
    avoid the shape, but a hole beside overset text is both faults at once
    (page-making.md: a page with a hole cannot be printed), so it is taken
    and said: returns, per block turned, the warning naming the columns."""
    grid, gap, said = settle.ts.grid, settle.gap, {}
    for p in planned:
        if not _turnable(p):
            continue
        notch, feet = _leg(taken, p.rect, grid.columns, grid.lines, gap)
        if not notch or not settle.short_of_room(p):        # (the trial only where there is a leg to take)
            continue
        first = p.rect.col + p.rect.span
        above = dict.fromkeys(taken.get((first + k, p.rect.line + top - 1), "").removeprefix(" gap ")
                              for k, top in enumerate(notch))
        p.rect = replace(p.rect, span=p.rect.span + len(notch), notch=notch, feet=feet)
        _take(taken, p, gap, grid.lines)
        cols = f"{first + 1}" if len(notch) == 1 else f"{first + 1}–{first + len(notch)}"
        said[p.block.id] = say("turned", block=p.block.id, page=settle.page_no, cols=cols,
                               neighbours=", ".join(repr(n) for n in above))
    return said


def _leg(taken, rect: Rect, columns: int, total: int, gap: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The notch and feet of a leg right of `rect`: for each column in
    turn, the first free run of lines under something standing there
    (white from the block's top is widening's, `_widen_into_free_columns`,
    or stays the page's), from below that neighbour and its gap down to the
    next block less the gap over it, or to the block's foot when no block
    is in the gap under it — while the run is at least LEAST_BODY_LINES
    deep.  Lines from the block's top; feet () when every leg column ends
    at the block's foot."""
    bottom, notch, feet = rect.line + rect.lines, [], []
    for c in range(rect.col + rect.span, columns):
        row = rect.line
        while row < bottom and (c, row) not in taken:       # white from the top: not under a neighbour
            row += 1
        while row < bottom and (c, row) in taken:
            row += 1
        top = end = row
        while end < bottom and (c, end) not in taken:
            end += 1
        if end < bottom:
            foot = end - gap if not taken[(c, end)].startswith(" gap") else end
        elif any(not taken.get((c, r), " gap").startswith(" gap") for r in range(bottom, min(bottom + gap, total))):
            foot = top                                       # a block right under the foot: no room for the gap
        else:
            foot = bottom
        if foot - top < LEAST_BODY_LINES:
            break
        notch.append(top - rect.line)
        feet.append(foot - rect.line)
    if all(f == rect.lines for f in feet):
        feet = []
    return tuple(notch), tuple(feet)


def _floor(taken, rect: Rect, gap: int, total: int) -> int:
    """The grid line a block may grow down to: the highest top of another
    block (or the masthead) below it in its columns, less the gap."""
    floor = total
    for c in range(rect.col, rect.col + rect.span):
        for row in range(rect.line + rect.lines, total):
            owner = taken.get((c, row))
            if owner is not None and not owner.startswith(" gap"):
                floor = min(floor, row - gap)
                break
    return floor


# -- filling a rectangle ----------------------------------------------------------

SEPARATORS = ("rule", "space")     # stream slugs that only stand between others


@dataclass(frozen=True)
class Arrangement:
    """A block's content set in its rectangle (coordinates relative to it):
    the head stacked across it, inner photos, the stream threaded through
    the free column segments, and what did not fit."""
    content: BlockContent
    head_lines: int
    head_overset: tuple[Slug, ...]
    photos: tuple                 # (Photo, BlockContent, Rect)
    segments: tuple[Segment, ...]
    threading: Optional[Threading]

    @property
    def fits(self) -> bool:
        return not self.head_overset and (self.threading is None or self.threading.fits)

    def overset_chars(self) -> int:
        over = sum(s.chars for s in self.head_overset)
        if self.threading:
            over += sum(self.content.stream[i].chars for i in self.threading.overset)
        return over

    def bottoms(self, rect: Rect) -> list[int]:
        """Per column of `rect`, the first grid line below its content (below
        the notch in a leg's column: what stands there is a neighbour's)."""
        out = [max(self.head_lines, rect.top_of(c)) for c in range(rect.span)]
        for _, _, r in self.photos:
            for c in range(r.col, r.col + r.span):
                out[c] = max(out[c], r.line + r.lines)
        if self.threading:
            for p in self.threading.placed:
                if self.content.stream[p.slug_index].kind not in SEPARATORS:
                    out[p.col] = max(out[p.col], p.line + self.content.stream[p.slug_index].lines)
        return out

    def column_feet(self) -> set[int]:
        """Indexes of placed slugs that end their column: a separator there
        separates nothing and is left out (as thread() never starts a column
        with one)."""
        last: dict[int, int] = {}
        placed = self.threading.placed if self.threading else []
        for k, p in enumerate(placed):
            if p.col not in last or p.line > placed[last[p.col]].line:
                last[p.col] = k
        return {placed[k].slug_index for k in last.values()
                if self.content.stream[placed[k].slug_index].kind in SEPARATORS}


def _arrange(content: BlockContent, rect: Rect, balanced: bool = True) -> Arrangement:
    """Set `content` in `rect`: head, photos, then the stream balanced round
    them (or, for a quick "does it fit?", threaded unbalanced: it fits
    either way or neither)."""
    line = 0
    head_overset: list[Slug] = []
    for slug in content.head:
        if head_overset or line + slug.lines > rect.lines:
            head_overset.append(slug)                  # a head that does not fit is overset, not lost,
            continue                                   # and so is every head after it: they keep their order
        line += slug.lines
    if head_overset:
        # a story never runs on without its headline: when the head does
        # not fit, its photos and its text are overset with it
        head_overset += [slug for _, pc in content.inner_photos for slug in pc.head]
        return Arrangement(content, line, tuple(head_overset), (), (),
                           thread(content.stream, []) if content.stream else None)
    photos = []
    for photo, pc, r in _photo_rects(content, rect.head_span, line, rect):
        r = replace(r, lines=min(r.lines, max(rect.lines - r.line, 0)))
        drawn, cut = _photo_slugs(pc, r)
        if not drawn:                                  # no room for the image: the whole photo is
            head_overset += cut                        # overset, and the text takes its columns
            continue
        head_overset += cut                            # a cut-off caption is overset too
        photos.append((photo, pc, r))
    segments = _segments(rect, line, photos)
    threading = (balance if balanced else thread)(content.stream, segments) if content.stream else None
    return Arrangement(content, line, tuple(head_overset), tuple(photos), tuple(segments), threading)


def _photo_slugs(pc: BlockContent, r: Rect) -> tuple[list[tuple[Slug, int]], list[Slug]]:
    """An inner photo's slugs (image, caption lines) that fit its rectangle,
    with their line offsets, and those that do not."""
    placed: list[tuple[Slug, int]] = []
    over: list[Slug] = []
    line = r.line
    for slug in pc.head:
        if over or line + slug.lines > r.line + r.lines:
            over.append(slug)          # after the first that does not fit, nothing is drawn:
            continue                   # never a caption without its image above it
        placed.append((slug, line))
        line += slug.lines
    return placed, over


def _empty_lines(a: Arrangement, rect: Rect, tolerance: int) -> int:
    """Grid lines left empty at the feet of the block's columns (beyond the tolerance)."""
    return sum(max(foot - b - tolerance, 0) for foot, b in zip(rect.column_feet(), a.bottoms(rect)))


def _fill_means(block, content: BlockContent, rect: Rect, ts: Typesetter, fill: FillSettings,
                sizes: dict, jump_to: Optional[int]) -> BlockContent:
    """撑版 inside a block: the template's means in its order, each taken
    only as far as the text still fits; a block whose text is overset
    shrinks its photos first (page-making.md, 超版 remedies)."""
    fitted = registry.of(block).fill
    if fitted is not None:
        filled = fitted(block, content, rect, ts, sizes, fill)
        if filled is not None:             # None: this block fills by the template's means
            return filled
    if not content.stream:
        return content
    for means in fill.order:
        a = _arrange(content, rect)
        if a.fits and _empty_lines(a, rect, 0) == 0:
            break
        if means == "photos":
            content = _fit_photos(content, rect, ts, sizes, fill, jump_to)
        elif a.fits and means == "heads" and content.kind == "article":
            content = _grow_head(content, rect, ts, fill)
        elif a.fits and means == "gaps":
            content = _grow_gaps(content, rect, ts, fill)
    return content


def _score(a: Arrangement, rect: Rect, fill: FillSettings, jump_to: Optional[int]) -> tuple[int, int, int]:
    """What a trial leaves wrong: overset characters (unless they jump to a
    later page), then empty lines beyond the tolerance (holes), then any
    empty lines at all (a column that reaches the foot beats one that
    stops a line short)."""
    return (0 if jump_to is not None else a.overset_chars(), _empty_lines(a, rect, fill.tolerance),
            _empty_lines(a, rect, 0))


def _fit_photos(content: BlockContent, rect: Rect, ts: Typesetter, sizes: dict, fill: FillSettings,
                jump_to: Optional[int]) -> BlockContent:
    """Each inner photo without a fixed height takes the image height, in
    whole lines within the crop limit, that leaves the least overset and
    then the fewest empty lines; nearest its own shape among equals."""
    for k, (photo, pc) in enumerate(content.inner_photos):
        span = inner_span(photo, rect.head_span)
        allowed = photo_range(photo, span, ts, sizes, fill)
        if allowed is None:
            continue
        def with_lines(n: int) -> BlockContent:      # called only within this iteration:
            photos = list(content.inner_photos)         # noqa: B023 — the loop's names are this photo's
            photos[k] = (photo, _photo_at(photo, pc, span, n, ts))  # noqa: B023
            return replace(content, inner_photos=photos)  # noqa: B023

        # Fitting only gets harder as the photo grows: find the largest that
        # fits by bisection (unbalanced threading is enough for that), then
        # score it and its two smaller neighbours, and the photo's own shape.
        lo, hi = allowed.fewest, allowed.most
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _arrange(with_lines(mid), rect, balanced=False).fits:
                lo = mid
            else:
                hi = mid - 1
        best = None
        for n in sorted({lo, lo - 1, lo - 2, allowed.natural} & set(range(allowed.fewest, allowed.most + 1))):
            trial = with_lines(n)
            score = _score(_arrange(trial, rect), rect, fill, jump_to) + (abs(n - allowed.natural),)
            if best is None or score < best[0]:
                best = (score, trial)
        if best is not None:                        # (lo is within the allowed range)
            content = best[1]
    return content


def fit_photo_block(block: Photo, content: BlockContent, rect: Rect, ts: Typesetter, sizes: dict,
                     fill: FillSettings) -> BlockContent:
    """A photo block without a fixed height fills its rectangle's height,
    within the crop limit."""
    allowed = photo_range(block, rect.span, ts, sizes, fill)
    if allowed is None:
        return content
    room = rect.lines - (len(content.head) - 1)
    return _photo_at(block, content, rect.span, min(max(room, allowed.fewest), allowed.most), ts)


def _grow_head(content: BlockContent, rect: Rect, ts: Typesetter, fill: FillSettings) -> BlockContent:
    """The headline area takes whole lines of air, as many as the text
    leaves room for, up to the template's `head_lines`."""
    best = (_score(_arrange(content, rect), rect, fill, None), content)
    for extra in range(1, fill.head_lines + 1):
        trial = replace(content, head=[grown_head(content.head[0], extra, ts.grid.pitch)] + content.head[1:])
        a = _arrange(trial, rect)
        if not a.fits:
            break
        best = min(best, (_score(a, rect, fill, None), trial), key=lambda b: b[0])
    return best[1]


def _grow_gaps(content: BlockContent, rect: Rect, ts: Typesetter, fill: FillSettings) -> BlockContent:
    """The gaps between a block's items (the rules between briefs) take the
    free lines, evenly, as far as the text still fits."""
    a = _arrange(content, rect)
    best = (_score(a, rect, fill, None), content)
    most = min(gap_count(content.stream) * fill.gap_lines, _empty_lines(a, rect, 0))
    for extra in range(1, most + 1):
        trial = replace(content, stream=spread_gaps(content.stream, extra, fill.gap_lines, ts.grid.pitch))
        t = _arrange(trial, rect)
        if not t.fits:
            break
        best = min(best, (_score(t, rect, fill, None), trial), key=lambda b: b[0])
    return best[1]


def _fill(block, content: BlockContent, rect: Rect, ts: Typesetter, page_no: int,
          jump_to: Optional[int] = None, jumps: Optional[Jumps] = None,
          fill: FillSettings = FillSettings(), sizes: Optional[dict] = None,
          room_right: Optional[float] = None):
    """Fill one block's rectangle and draw it; returns its items and report
    (with `room_right`, pt, the room right of the rectangle: a warning for
    marks of its vertical lines that need more, `_marks_outside`)."""
    grid = ts.grid
    a, report = _settled(block, content, rect, ts, page_no, jump_to, jumps, fill, sizes)
    if room_right is not None:
        report.warnings += _marks_outside(block.id, a.content.marks_right, room_right)
    x0, y0 = grid.col_x(rect.col), grid.line_top(rect.line)
    width = grid.span_width(rect.span)
    items = _draw_arrangement(a, rect, grid)
    if a.content.boxed:
        items += _box(a.content, rect, ts, x0, y0, width)[0]
    report.warnings += _stray_warnings(block.id, page_no, items, rect, grid)
    for part in rect.parts():
        items.append(Marker(grid.col_x(part.col), grid.line_top(part.line), grid.span_width(part.span),
                            grid.extent(part.lines), block.id, "overset" if report.overset_lines else "block"))
    items += _hole_markers(report.holes, grid)
    return items, report


def _stray_warnings(bid: str, page_no: int, items: list, rect: Rect, grid) -> list[str]:
    """A warning when any of a block's marks lies outside its rectangle
    (bounds.py): a fault of the layout, named so it is seen on the proof
    and reported, never printed silently over a neighbour."""
    areas = [Area(grid.col_x(p.col), grid.line_top(p.line), grid.col_x(p.col) + grid.span_width(p.span),
                  grid.line_top(p.line) + grid.extent(p.lines)) for p in rect.parts()]
    out = strays(items, areas, grid.pitch)
    if not out:
        return []
    first = out[0]
    x, y = (first.x1, first.y1) if isinstance(first, RuleItem) else (first.x, first.y)
    return [say("stray_marks", block=bid, page=page_no, count=len(out), kind=type(first).__name__,
                x=f"{x / 72 * 25.4:.1f}", y=f"{y / 72 * 25.4:.1f}")]


def _room_right(bid: str, rects: dict[str, Rect], ts: Typesetter) -> float:
    """The room (pt) right of block `bid`'s rectangle that the 着重号 and ruby
    of its rightmost vertical lines may take (they stand right of a
    vertical line, clreq): at the grid's right edge the page margin, to the
    trim; else the gutter — up to the thin rule run down its middle when a
    block stands beside (`_separators`), the whole gutter when none does
    (nothing then comes nearer than the next column)."""
    grid, r = ts.grid, rects[bid]
    last = r.col + r.span - 1
    right = grid.col_x(last) + grid.column_width
    if last >= grid.columns - 1:
        return ts.t.width - right
    rows = range(r.line, r.line + r.lines)
    beside = any(o.col <= last + 1 < o.col + o.span and o.line < rows.stop and rows.start < o.line + o.lines
                 for other, o in rects.items() if other != bid)
    if beside and ts.t.rules.get("between_blocks", True):
        return grid.gutter / 2 - ts.t.rules.get("thin", 0.5) / 2
    return grid.gutter


def _marks_outside(bid: str, marks: list[tuple[str, float]], room: float) -> list[str]:
    """A warning for each (text, need) of a block's marks right of its
    rectangle (BlockContent.marks_right) that needs more than `room` pt:
    they would touch the column rule or the block beside, or run off the
    page.  Nothing moves: the editor places the block (画版)."""
    from ..messages import say
    return [say("vertical_marks_outside", block=bid, reading=text, need=need, room=max(room, 0.0))
            for text, need in marks if need > room + 1e-9]


def _settled(block, content: BlockContent, rect: Rect, ts: Typesetter, page_no: int,
             jump_to: Optional[int], jumps: Optional[Jumps], fill: FillSettings,
             sizes: Optional[dict]) -> tuple[Arrangement, BlockReport]:
    """One block filled in its rectangle, and its report, without drawing it
    (what a trial layout of the page needs; `_fill` draws the result)."""
    content = _fill_means(block, content, rect, ts, fill, sizes or {}, jump_to)
    own_jump = registry.of(block).jump
    carried: Optional[list[Slug]] = None
    a = _arrange(content, rect)
    if own_jump is not None and jump_to is not None and jumps is not None and not a.fits:
        jumped = own_jump(block, content, rect, ts, jump_to, sizes or {}, fill)
        if jumped is not None:                 # the kind set its own jump (a vertical article)
            content, carried = jumped
            a = _arrange(content, rect)
    report = BlockReport(block.id, content.kind, page_no, rect, chars=content.chars,
                         warnings=list(content.warnings), paragraphs=content.paragraphs, source_line=block.line)
    if carried is not None and jumps is not None and jump_to is not None:
        jumps.carried[block.id] = carried
        report.continued_to = jump_to
        report.continued_text = "".join(s.text for s in carried)
    if a.threading and a.threading.overset and jump_to is not None and jumps is not None:
        threading, jumped = _carry_over(block, content, a.threading, list(a.segments), ts, jump_to, jumps, report)
        a = replace(a, content=jumped, threading=threading)
    _account(report, a, rect, ts.grid.column_chars, fill)
    if a.threading:
        report.widows = _widows(a.threading, a.content.stream, list(a.segments))
    if content.boxed and content.vertical_label and not ts.vertical_label_fits(
            content.vertical_label, ts.grid.extent(rect.lines) - 2 * ts.label_inset()):
        report.overset_text += content.vertical_label     # too short a box: the label is overset, not cut off
        report.overset_chars += len(content.vertical_label)
        report.overset_lines += 1
    return a, report


def _draw_arrangement(a: Arrangement, rect: Rect, grid) -> list[Item]:
    """Display items of an arrangement, placed on the page."""
    x0, y0 = grid.col_x(rect.col), grid.line_top(rect.line)
    items: list[Item] = []
    line = 0
    for slug in a.content.head:
        if slug in a.head_overset:
            continue
        items += translate(slug.items, x0, y0 + line * grid.pitch)
        line += slug.lines
    for _, pc, r in a.photos:
        for slug, at in _photo_slugs(pc, r)[0]:
            items += translate(slug.items, grid.col_x(rect.col + r.col), y0 + at * grid.pitch)
    if a.threading:
        feet = a.column_feet()
        for p in a.threading.placed:
            if p.slug_index in feet:
                continue
            slug = a.content.stream[p.slug_index]
            items += translate(slug.items, grid.col_x(rect.col + p.col), y0 + p.line * grid.pitch)
    return items


def _carry_over(block, content: BlockContent, threading: Threading, segments: list[Segment],
                ts: Typesetter, jump_to: int, jumps: Jumps, report: BlockReport):
    """转版: what does not fit goes on to page `jump_to` (kept in `jumps` for
    its continuation); returns the threading and content to draw here."""
    jumped = _jump(content.stream, segments, ts.jump_label("to", jump_to))
    if jumped is None:
        return threading, content
    threading, used, carried = jumped
    jumps.carried[block.id] = carried
    jumps.sources[block.id] = (block, ts.body_setting())
    report.continued_to = jump_to
    report.continued_text = "".join(s.text for s in carried)
    report.chars -= sum(s.chars for s in carried)        # counted where they are set
    return threading, replace(content, stream=used)


def _jump(stream: list[Slug], segments: list[Segment], label: Slug):
    """转版: the longest head of `stream` that fills the segments with the
    （下转第N版） label after it.  Returns (threading, the slugs placed, the
    slugs carried over), or None when not even the label fits."""
    cut = thread(stream, segments).overset[0]
    while cut >= 0:
        used = stream[:cut] + [label]
        trial = thread(used, segments)
        if trial.fits:
            return trial, used, stream[cut:]
        cut -= 1
    return None


def _widows(threading: Threading, stream: list[Slug], segments: list[Segment]) -> int:
    """Columns (segments) whose first line is the last line of a paragraph
    begun above them (孤行, rule book §1.5)."""
    tops = {(s.col, s.start) for s in segments}
    return sum(1 for p in threading.placed if (p.col, p.line) in tops and stream[p.slug_index].widow)


def _account(report: BlockReport, a: Arrangement, rect: Rect, column_chars: int, fill: FillSettings) -> None:
    """Fill in lines used, overset and underset (欠版: the holes at the feet
    of the columns, when everything fitted)."""
    over = list(a.head_overset)
    used = a.head_lines
    if a.threading:
        over += [a.content.stream[i] for i in a.threading.overset]
        used += sum(a.content.stream[p.slug_index].lines for p in a.threading.placed)
    report.lines = used
    report.overset_lines = sum(s.lines for s in over if s.kind in ("line", "head", "label", "image"))
    report.overset_chars = sum(s.chars for s in over)
    report.overset_photos = sum(1 for s in over if s.kind == "image")
    report.overset_text = "".join(s.text for s in over)
    # a headline set at its min_size in more lines than its style allows (or
    # wider than its span) is drawn, but the editor must shorten it: 超版
    drawn_heads = ([s for s in a.content.head if s not in a.head_overset]
                   + [s for s in a.content.stream if s.kind == "head"])
    report.overset_lines += sum(s.overset for s in drawn_heads)
    if not over and not a.content.boxed:
        report.holes = column_holes(a.bottoms(rect), rect.col, rect.line, rect.column_feet(), column_chars,
                                    fill.tolerance)
        report.holes += [Hole(rect.col + col + 1, rect.line + line + 1, across, across * column_chars, down)
                         for col, line, across, down in a.content.white
                         if across > fill.tolerance and line + down <= rect.lines]


def _page_white(rects: dict[str, Rect], taken, ts: Typesetter, page_no: int, gap: int,
                fill: FillSettings, page_line: int = 0) -> Optional[BlockReport]:
    """欠版 outside every block: white no block covers (below a block of fixed
    height, or in a column nothing was placed in), as one report for the page."""
    grid = ts.grid
    holes = _white_holes(rects.items(), taken, grid, gap, fill.tolerance)
    if not holes:
        return None
    return BlockReport(f"page-{page_no}", "hole", page_no, Rect(0, grid.columns, 0, grid.lines), holes=holes,
                       source_line=page_line)             # the warning points at the <page>


def _hole_markers(holes: list[Hole], grid) -> list[Item]:
    """Proof overlay marks for holes (the drawer hatches them)."""
    return [Marker(grid.col_x(h.col - 1), grid.line_top(h.line - 1),
                   h.lines * grid.pitch if h.down else grid.column_width, grid.extent(h.down or h.lines),
                   f"{h.lines}", "underset") for h in holes]


def _box(content: BlockContent, rect: Rect, ts: Typesetter, x0: float, y0: float,
         width: float) -> tuple[list[Item], bool]:
    """Frame of a boxed block and its vertical label (核心提示); False when the
    label does not fit the box and was left out."""
    grid = ts.grid
    height = grid.extent(rect.lines)
    out: list[Item] = [BoxItem(x0, y0, width, height, width=ts.t.rules.get("thin", 0.5))]
    if content.vertical_label:
        style = ts.t.style("summary_label")
        col_w = style.size * 1.6
        out.append(BoxItem(x0, y0, col_w, height, stroke=None, fill=ts.t.colors.get("tint")))
        # V6: the label spreads evenly from the top of the box to its foot.
        inset = ts.label_inset()
        if not ts.vertical_label_fits(content.vertical_label, height - 2 * inset):
            return out, False
        out += ts.vertical_label(content.vertical_label, height - 2 * inset,
                                 x0 + (col_w - style.size) / 2, y0 + inset, art=content.art)
    return out, True


# -- rules -----------------------------------------------------------------------

def _separators(rects: dict[str, Rect], ts: Typesetter) -> list[Item]:
    """Thin rules in the gutters and gap lines between neighbouring blocks."""
    grid, weight = ts.grid, ts.t.rules.get("thin", 0.5)
    owner = {}
    for bid, r in rects.items():
        for cell in r.cells():
            owner[cell] = bid
    out: list[Item] = []
    for c in range(grid.columns - 1):                     # vertical rules in gutters
        x = grid.col_x(c) + grid.column_width + grid.gutter / 2
        run = None
        for row in range(grid.lines + 1):
            a, b = owner.get((c, row)), owner.get((c + 1, row))
            on = a is not None and b is not None and a != b
            if on and run is None:
                run = row
            if not on and run is not None:
                out.append(RuleItem(x, grid.line_top(run), x, grid.line_top(row - 1) + grid.body_size, weight))
                run = None
    for bid, r in rects.items():                          # horizontal rules in gap lines
        below = r.line + r.lines
        if below + 1 >= grid.lines:
            continue
        cols = [c for c in range(r.col, r.col + r.span)
                if owner.get((c, below)) is None and owner.get((c, below + 1)) not in (None, bid)]
        if cols:
            y = grid.line_top(below) + grid.body_size / 2
            out.append(RuleItem(grid.col_x(cols[0]), y, grid.col_x(cols[-1]) + grid.column_width, y, weight))
    return out
