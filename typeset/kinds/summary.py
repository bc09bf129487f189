"""The boxed core summary (核心提示): a tinted column with the label set
vertically and spread from the top of the box to its foot (V6), the
summary's text at its own measure beside it, a thin frame round both.
"""
from __future__ import annotations

import math
from dataclasses import replace

from ..model import Summary
from ..model.build import block_lang, paragraphs, placement, source_line
from ..model.text import label
from ..registry import BlockKind, register

DEFAULT_LABEL = "核心提示"
ROLES = ("summary",)
PAD_EM = 0.8                    # × the text's size: inner padding of the box
LABEL_COLUMN_EM = 1.6           # × the label's size: the width of its tinted column


def build(element, block_id: str) -> Summary:
    """A <summary> → Summary (label 核心提示 unless it names its own)."""
    return Summary(id=block_id, label=label(element.get("label")) or DEFAULT_LABEL,
                   paragraphs=paragraphs(element), placement=placement(element),
                   line=source_line(element), lang=block_lang(element))


def _whole_ems(width: float, size: float) -> float:
    """The widest whole number of ems of `size` within `width` (G1: measures in whole characters)."""
    return math.floor(width / size + 1e-9) * size


def content(ts, s: Summary, span: int, ctx):
    """The box's text lines as its head, between a line of air above and below;
    tall enough for the vertical label."""
    from ..display import Tag
    from ..flow.blocks import BlockContent, Composed
    from ..flow.slugs import Slug, line_slug, translate
    label_style, text_style = ts.t.style("summary_label"), ts.t.style("summary")
    pad = text_style.size * PAD_EM
    label_w = label_style.size * LABEL_COLUMN_EM
    measure = _whole_ems(ts.grid.span_width(span) - label_w - 3 * pad, text_style.size)
    slugs, composed = [], []
    for k, para in enumerate(s.paragraphs):
        lines = ts.compose(ts.runs_for(para, "summary"), measure)
        composed.append(Composed(lines, para.text, para.line))
        tag = Tag(s.id, "P", 1 + k)          # after the label (vertical_label: element 0)
        for line in lines:
            slug = line_slug(line, ts.grid.body_size, text_style.color, tag)
            slugs.append(replace(slug, items=tuple(translate(slug.items, label_w + 2 * pad, 0.0))))
    composed.append(Composed((), s.label, s.line))       # the vertical label, drawn last
    top = Slug(lines=1, items=(), kind="space")
    head = [top] + slugs + [top]
    short = ts.label_lines(s.label) - len(head)
    if short > 0:
        # a short summary still has room for its label: its lines stand in the
        # middle of the box beside it (whole grid lines above, the rest below)
        # rather than at the top over an empty foot
        above = short // 2
        if above:
            head.insert(1, Slug(lines=above, items=(), kind="space"))
        head.insert(-1, Slug(lines=short - above, items=(), kind="space"))
    return BlockContent("summary", head=head, paragraphs=composed, boxed=True, vertical_label=s.label,
                        warnings=ts.lang_warnings(s, ROLES) + ts.ruby_warnings(s.id, composed), art=s.id)


KIND = register(BlockKind(
    name="summary", model=Summary, build=build, content=content, roles=ROLES + ("summary_label",),
    messages={"kind_summary": ("提要", "summary")}))
