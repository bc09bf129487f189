"""The briefs column (一周要闻): a tinted label box across the column, then
short items — a headline and its paragraphs — separated by thin rules.

Each item is an article of its own for search and tagging (print/tags.py).
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Brief, Briefs
from ..model.build import block_lang, forced, headline_lines, paragraphs, placement, source_line
from ..model.text import label
from ..registry import BlockKind, register

ROLES = ("briefs_label", "brief_headline", "body")
LABEL_LEADING = 1.4             # × the label's size: the label box's line height
HEADLINE_LEADING = 1.35         # × a brief headline's size


def build(element, block_id: str) -> Briefs:
    """A <briefs> column and its <brief> items → Briefs."""
    items = tuple(Brief(headline=headline_lines(item.find("headline")),
                        paragraphs=paragraphs(item), line=source_line(item),
                        headline_forced=forced(item.find("headline")))
                  for item in element.iterchildren("brief"))
    return Briefs(id=block_id, label=label(element.get("label")), items=items,
                  placement=placement(element), line=source_line(element),
                  lang=block_lang(element))


def content(ts, b: Briefs, span: int, ctx):
    """The label box as the head, the items (headline, rules, body lines) as the stream."""
    from ..display import BoxItem, Tag
    from ..flow.blocks import BlockContent
    width = ts.grid.span_width(span)
    head, _, records = ts.centred_group([(b.label, ts.t.style("briefs_label"), LABEL_LEADING)], width,
                                        kind="label", line=b.line, lang=b.lang,
                                        tags=[Tag(b.id, "SectionHead", 0)])
    frame = BoxItem(0, 0, width, ts.grid.extent(head.lines), stroke=None,
                    fill=ts.t.colors.get("tint", (0, 0, 0, 0.12)))
    head = replace(head, items=(frame,) + head.items)
    result = BlockContent("briefs", head=[head], paragraphs=records,
                          warnings=ts.lang_warnings(b, ROLES), art=b.id)
    measure = ts.grid.column_width
    for k, brief in enumerate(b.items):
        if k:
            result.stream.append(ts.rule_slug(measure, ts.t.rules.get("thin", 0.5)))
        item = f"{b.id}/{k + 1}"             # each item is an article of its own (print/tags.py)
        rows = ([(brief.headline if brief.headline_forced else brief.headline[0],
                  ts.t.style("brief_headline"), HEADLINE_LEADING)] if brief.headline else [])
        slug, warnings, heads = ts.centred_group(rows, measure, pad=ts.grid.pitch / 4, line=brief.line,
                                                 lang=b.lang, tags=[Tag(item, "Headline", 0)])
        result.stream.append(replace(slug, keep_with_next=2))
        result.warnings += warnings
        result.paragraphs += heads
        slugs, composed = ts.body_slugs(brief.paragraphs, measure, art=item, seq=1)
        result.warnings += ts.ruby_warnings(b.id, composed)
        result.stream += slugs
        result.paragraphs += composed
    return result


def body(b: Briefs):
    """The items' paragraphs in order."""
    return [p for item in b.items for p in item.paragraphs]


KIND = register(BlockKind(
    name="briefs", grows=True, widens=True, model=Briefs, build=build, content=content, roles=ROLES, paragraphs=body,
    messages={"kind_briefs": ("简讯", "briefs")}))
