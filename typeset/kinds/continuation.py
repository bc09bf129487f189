"""转版: the rest of an article from an earlier page, under its （上接第N版）
line.  The article's part carries the lines it could not set
(flow/pages.py `Jumps`); the continuation threads them through its columns
— or, when they are vertical lines (a vertical article's, 竖排), lays them
right to left in bands down its rectangle, the label the first line."""
from __future__ import annotations

from dataclasses import replace

from ..model import Continuation
from ..model.build import placement, source_line
from ..registry import BlockKind, register


def build(element, block_id: str) -> Continuation:
    """A <continuation of="…"> → Continuation."""
    return Continuation(id=block_id, of=element.get("of").strip(), placement=placement(element),
                        line=source_line(element))


def content(ts, block: Continuation, span: int, ctx):
    """（上接第N版）, then the lines its article carried over (none when the
    article fitted on its own page: a warning says so)."""
    from ..flow.blocks import BlockContent, Composed
    from ..messages import say
    carried = ctx.jumps.carried.get(block.of, [])
    text = "".join(s.text for s in carried)
    if carried and carried[0].direction != "vertical":
        carried = _for_this_page(ts, carried, text, ctx.jumps.sources.get(block.of))
    result = BlockContent("continuation", paragraphs=[Composed((), text, block.line)] if text else [])
    page = ctx.jumps.from_page.get(block.of, 0)
    if carried and carried[0].direction == "vertical":
        result.vertical_lines = [_vertical_label(ts, page)] + list(carried)
        return _laid(ts, result, span, block.placement.lines or _natural(ts, result, span))
    if carried:
        result.stream = [ts.jump_label("from", page)] + carried
    else:
        result.warnings.append(say("nothing_carried", of=block.of))
    return result


def _for_this_page(ts, carried: list, text: str, source) -> list:
    """The carried lines, or — when the article's page sets body lines
    otherwise (another column width, body size, pitch or composer: a front
    page of 5 columns continued inside on 8) — its carried text set again
    in this page's columns by its kind (BlockKind.rest)."""
    from ..registry import of
    if source is None or source[1] == ts.body_setting():
        return carried
    article, _ = source
    rest = of(article).rest
    return rest(ts, article, len(text)) if rest is not None else carried


def _vertical_label(ts, page: int):
    """（上接第N版） as a vertical slug: furniture, no source text (as the horizontal label)."""
    from ..flow.vertical import vertical_slug
    g = ts.grid
    label = ts.vertical_jump("from", page)
    return replace(vertical_slug(label.line, g.body_size, g.pitch, label.color), kind="label", chars=0, text="")


def _laid(ts, content, span: int, lines: int):
    """A vertical rest laid in `span` columns × `lines` grid lines: one head
    slug of the lines it takes; the lines that find no band are stream
    slugs no column takes (the head fills the block): overset."""
    from ..flow.slugs import Slug
    from ..flow.vertical import last_band_white, lay_slugs
    g = ts.grid
    slugs = content.vertical_lines
    tall = g.column_chars * g.body_size            # the carried lines are a whole band long
    frames = [f for f in ts.bands().frames(g.span_width(span), g.extent(lines), g.body_size)
              if f.height >= tall - 1e-6]
    items, placed = lay_slugs(slugs, frames, g.pitch, g.body_size)
    over = list(slugs[placed:])
    depth = _depth(ts, frames, placed)
    used = lines if over else min(lines, ts.lines_for(depth))
    done = slugs[:placed]
    head = Slug(lines=used, items=tuple(items), kind="head", chars=sum(s.chars for s in done),
                text="".join(s.text for s in done), direction="vertical")
    white = [] if over else ts.vertical_white(last_band_white(frames, placed, g.pitch, g.body_size))
    return replace(content, head=[head], stream=over, marks_right=_marks_right(ts, slugs[:placed], frames),
                   white=white)


def _marks_right(ts, slugs, frames) -> list[tuple[str, float]]:
    """The 着重号 and readings (Slug.marks) of the laid lines that stand first
    in a band, at the block's right edge: right of its rectangle
    (BlockContent.marks_right, checked by flow/pages.py `_marks_outside`)."""
    from ..flow.vertical import frame_slots
    g = ts.grid
    return [slug.marks for (_, n), slug in zip(frame_slots(frames, g.pitch, g.body_size), slugs)
            if n == 0 and slug.marks is not None]


def _depth(ts, frames, placed: int) -> float:
    """How deep `placed` lines laid band after band reach (pt)."""
    from ..flow.vertical import frame_slots
    g = ts.grid
    depth = 0.0                                   # the bottom of the frame of the last line laid
    for (frame, _), _ in zip(frame_slots(frames, g.pitch, g.body_size), range(placed)):
        depth = frame.y + frame.height
    return depth


def _natural(ts, content, span: int) -> int:
    """The grid lines of the fewest whole bands that hold the vertical rest
    (all the grid's lines when none do)."""
    for bands in range(1, ts.most_bands() + 1):
        lines = ts.lines_of_bands(bands)
        if not _laid(ts, content, span, lines).stream:
            return lines
    return ts.grid.lines


def fill(block: Continuation, content, rect, ts, sizes: dict, settings):
    """A vertical rest is laid again in the rectangle the page gave it; a
    horizontal one fills by the template's means (None)."""
    if not content.vertical_lines:
        return None
    if not content.stream and content.head and content.head[0].lines <= rect.lines:
        return content
    return _laid(ts, content, rect.span, rect.lines)


KIND = register(BlockKind(name="continuation", grows=True, widens=True, turns=True, model=Continuation,
                          build=build, content=content, fill=fill,
                          messages={"kind_continuation": ("接转", "continuation")}))
