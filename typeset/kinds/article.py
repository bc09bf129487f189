"""The article: kicker (引题), headline (主题), subhead (副题), byline, body
paragraphs in the columns, and photos set in its text.

Its heads stack across the article's width as one centred group of whole
grid lines (G3); its paragraphs thread through its columns; what does not
fit may go on to a later page (转版: a <continuation of="…">).
"""
from __future__ import annotations

from typing import Optional

from ..model import Article
from ..model.build import block_lang, child_label, forced, headline_lines, paragraphs, placement, source_line
from ..registry import BlockKind, register
from . import photo as photo_kind

# The template roles an article sets text in (language warnings, template check).
ROLES = ("kicker", "headline", "subhead", "byline", "body")
# Line height factors of the head rows (× the row's size): air between the heads.
KICKER_LEADING, HEADLINE_LEADING, SUBHEAD_LEADING, BYLINE_LEADING = 1.6, 1.3, 1.6, 1.8


def build(element, block_id: str) -> Article:
    """An <article> → Article (its photos built by the photo kind)."""
    headline = element.find("headline")
    return Article(id=block_id, headline=headline_lines(headline),
                   kicker=child_label(element, "kicker"),
                   subhead=child_label(element, "subhead"),
                   byline=child_label(element, "byline"),
                   paragraphs=paragraphs(element),
                   photos=tuple(photo_kind.build(p, p.get("id")) for p in element.iterchildren("photo")),
                   placement=placement(element),
                   headline_size=headline.get("size", "") if headline is not None else "",
                   line=source_line(element), headline_forced=forced(headline),
                   lang=block_lang(element))


def check(element) -> Optional[str]:
    """An article needs a headline or some text."""
    has_text = element.find("headline") is not None or element.find("p") is not None
    return None if has_text else "empty_article"


def content(ts, a: Article, span: int, ctx):
    """The article's head group, body stream and inner photos (at their own shape)."""
    from ..display import Tag
    from ..flow.blocks import BlockContent
    from ..flow.pages import inner_span, natural_photo
    width = ts.grid.span_width(span)
    rows: list[tuple] = [(a.kicker, ts.t.style("kicker"), KICKER_LEADING)]
    rows += ([(a.headline if a.headline_forced else a.headline[0], ts.headline_style(a.headline_size, span),
               HEADLINE_LEADING)] if a.headline else [])
    rows += [(a.subhead, ts.t.style("subhead"), SUBHEAD_LEADING), (a.byline, ts.t.style("byline"), BYLINE_LEADING)]
    # reading order of the article's elements: heads, byline, photos, body
    tag_roles = ["Kicker"] + (["Headline"] if a.headline else []) + ["Subhead", "Byline"]
    tags = [Tag(a.id, role, k) for k, role in enumerate(tag_roles)]
    head, warnings, records = ts.centred_group(rows, width, pad=ts.grid.pitch / 3, line=a.line,
                                               lang=a.lang, tags=tags)
    body_seq = len(tag_roles) + 2 * len(a.photos)            # a Figure and a Caption per photo
    stream, composed = ts.body_slugs(a.paragraphs, ts.grid.column_width, art=a.id, seq=body_seq)
    roles = ROLES + (photo_kind.KIND.roles if any(p.lang == a.lang for p in a.photos) else ())
    result = BlockContent("article", head=[head], stream=stream, paragraphs=records + composed,
                          warnings=ts.lang_warnings(a, roles) + warnings, art=a.id)
    for k, photo in enumerate(a.photos):
        pspan = inner_span(photo, span)
        inner = ts.photo(photo, pspan, photo.placement.lines, art=a.id, seq=len(tag_roles) + 2 * k)
        if photo.lang != a.lang:           # its own language: its own warning, in the article's report
            result.warnings += ts.lang_warnings(photo, photo_kind.KIND.roles)
        result.inner_photos.append((photo, natural_photo(photo, inner, pspan, ts, ctx.sizes, ctx.fill)))
        result.paragraphs[len(records):len(records)] = inner.paragraphs   # drawn before the body
    return result


def body(a: Article):
    """The article's body paragraphs (not its heads or captions)."""
    return a.paragraphs


KIND = register(BlockKind(
    name="article", grows=True, model=Article, build=build, content=content, check=check, roles=ROLES,
    paragraphs=body, continues=True,
    messages={"kind_article": ("文章", "article"),
              "empty_article": ("空稿：既无 <headline> 也无 <p>",
                                "empty article: it has no <headline> and no <p> (空稿)")}))
