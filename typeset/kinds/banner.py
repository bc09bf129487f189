"""The banner headline across the page (通栏标题): one centred head group."""
from __future__ import annotations

from ..model import Banner
from ..model.build import placement, source_line
from ..model.text import label
from ..registry import BlockKind, register

LEADING = 1.2                   # × the banner's size


def build(element, block_id: str) -> Banner:
    """A <banner> → Banner."""
    return Banner(id=block_id, text=label(element.text), placement=placement(element),
                  line=source_line(element))


def content(ts, b: Banner, span: int, ctx):
    """The banner text centred on whole grid lines, half a pitch of air round it."""
    from ..display import Tag
    from ..flow.blocks import BlockContent
    slug, warnings, records = ts.centred_group([(b.text, ts.t.style("banner"), LEADING)],
                                               ts.grid.span_width(span), pad=ts.grid.pitch / 2,
                                               line=b.line, tags=[Tag(b.id, "Headline", 0)])
    return BlockContent("banner", head=[slug], warnings=warnings, paragraphs=records, art=b.id)


KIND = register(BlockKind(
    name="banner", across=True, model=Banner, build=build, content=content, roles=("banner",),
    messages={"kind_banner": ("通栏", "banner")}))
