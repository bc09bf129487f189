"""The article: kicker (引题), headline (主题), subhead (副题), byline, body
paragraphs in the columns, and photos set in its text.

Its heads stack across the article's width as one centred group of whole
grid lines (G3); its paragraphs thread through its columns; what does not
fit may go on to a later page (转版: a <continuation of="…">).

With direction="vertical" (竖排, issue 18 §1) the article is set down its
rectangle instead: the heads at the right, the body in bands, lines right
to left (flow/vertical.py), in the fewest whole bands its text needs (or in
its lines="…"); a rectangle too short for it sets it again (`fill`), the
rest overset.  Its overset does not go on to a later page, and photos are
set only in horizontal articles: a vertical article with photos is set
horizontally, with a warning.
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
                   lang=block_lang(element), direction=element.get("direction", "horizontal"),
                   headline_direction=headline.get("direction", "horizontal") if headline is not None
                   else "horizontal")


def check(element) -> Optional[str]:
    """An article needs a headline or some text."""
    has_text = element.find("headline") is not None or element.find("p") is not None
    return None if has_text else "empty_article"


def content(ts, a: Article, span: int, ctx):
    """The article's head group, body stream and inner photos (at their own
    shape); a vertical article's setting at its natural height."""
    if _vertical(a):
        return vertical_content(ts, a, span, a.placement.lines or natural_vertical(ts, a, span))
    from ..display import Tag
    from ..flow.blocks import BlockContent
    from ..flow.pages import inner_span, natural_photo
    width = ts.grid.span_width(span)
    rows: list[tuple] = [(a.kicker, ts.t.style("kicker"), KICKER_LEADING)]
    rows += ([(a.headline if a.headline_forced else a.headline[0], ts.headline_style(a.headline_size, span),
               HEADLINE_LEADING)] if a.headline else [])
    rows += [(a.subhead, ts.t.style("subhead"), SUBHEAD_LEADING), (a.byline, ts.t.style("byline"), BYLINE_LEADING)]
    # reading order of the article's elements: heads, byline, photos, body
    tag_roles = _tag_roles(a)
    tags = [Tag(a.id, role, k) for k, role in enumerate(tag_roles)]
    standing = _heads_stand(a)
    if standing:                      # 竖题: kicker, headline and subhead stand at the right
        rows, tags = rows[-1:], tags[-1:]
    head, warnings, records = ts.centred_group(rows, width, pad=ts.grid.pitch / 3, line=a.line,
                                               lang=a.lang, tags=tags)
    body_seq = len(tag_roles) + 2 * len(a.photos)            # a Figure and a Caption per photo
    stream, composed = ts.body_slugs(a.paragraphs, ts.grid.column_width, art=a.id, seq=body_seq)
    roles = ROLES + (photo_kind.KIND.roles if any(p.lang == a.lang for p in a.photos) else ())
    result = BlockContent("article", head=[head], stream=stream, paragraphs=records + composed,
                          warnings=ts.lang_warnings(a, roles) + warnings + ts.ruby_warnings(a.id, composed),
                          art=a.id)
    for k, photo in enumerate(a.photos):
        pspan = inner_span(photo, span)
        inner = ts.photo(photo, pspan, photo.placement.lines, art=a.id, seq=len(tag_roles) + 2 * k)
        if photo.lang != a.lang:           # its own language: its own warning, in the article's report
            result.warnings += ts.lang_warnings(photo, photo_kind.KIND.roles)
        result.inner_photos.append((photo, natural_photo(photo, inner, pspan, ts, ctx.sizes, ctx.fill)))
        result.paragraphs[len(records):len(records)] = inner.paragraphs   # drawn before the body
    if standing:
        inset, inset_content, overset = _standing_heads(ts, a, span)
        result.inner_photos.insert(0, (inset, inset_content))   # the rightmost: photos stand to its left
        result.paragraphs[0:0] = inset_content.paragraphs
        result.head += overset
    if a.direction == "vertical":               # _vertical said no: it has photos
        from ..messages import say
        result.warnings.append(say("vertical_with_photos", block=a.id))
    return result


# -- 竖排 ---------------------------------------------------------------------------

def _vertical(a: Article) -> bool:
    """Whether the article is set vertically (direction="vertical", no photos)."""
    return a.direction == "vertical" and not a.photos


def _tag_roles(a: Article) -> list[str]:
    """The structure elements of the heads, in reading order (as horizontally)."""
    return ["Kicker"] + (["Headline"] if a.headline else []) + ["Subhead", "Byline"]


def _heads_stand(a: Article) -> bool:
    """Whether a horizontal article's heads stand vertically at its right
    (<headline direction="vertical">, 竖题)."""
    return a.headline_direction == "vertical" and bool(a.headline) and not _vertical(a)


HEAD_ROLES = ("Kicker", "Headline", "Subhead", "Byline")


def _vertical_heads(ts, a: Article, span: int, roles=HEAD_ROLES):
    """The article's heads of `roles` as HeadRows (in reading order, right to left)."""
    from ..compose import StyledRun
    from ..display import Tag
    from ..flow.vertical import HeadRow
    variant = ts.variant(a.lang)
    tags = {role: Tag(a.id, role, k) for k, role in enumerate(_tag_roles(a))}
    head_style = ts.headline_style(a.headline_size, span)
    rows = [("Kicker", (a.kicker,) if a.kicker else (), ts.t.style("kicker"), KICKER_LEADING),
            ("Headline", a.headline if a.headline_forced else a.headline[:1], head_style, HEADLINE_LEADING),
            ("Subhead", (a.subhead,) if a.subhead else (), ts.t.style("subhead"), SUBHEAD_LEADING),
            ("Byline", (a.byline,) if a.byline else (), ts.t.style("byline"), BYLINE_LEADING)]
    heads = []
    for role, texts, style, leading in rows:
        style = ts.styled(style, variant)
        paragraphs = tuple((StyledRun(t, style.face, style.size),) for t in texts if t)
        if paragraphs and role in roles:
            heads.append(HeadRow(paragraphs, style.size * leading, style.color, tags[role]))
    return heads


def _vertical_parts(ts, a: Article, span: int):
    """The article's heads (HeadRows, right to left) and body (BodyParagraphs)."""
    from ..display import Tag
    from ..flow.vertical import BodyParagraph
    body_style = ts.t.style("body")
    seq = len(_tag_roles(a))
    body = [BodyParagraph(tuple(ts.runs_for(p, "body")), Tag(a.id, "P", seq + k), body_style.color)
            for k, p in enumerate(a.paragraphs)]
    return _vertical_heads(ts, a, span), body


def _annotation_warnings(ts, a: Article, lines) -> list[str]:
    """One warning per vertical body line whose 着重号 or ruby readings need
    more than the gap between lines (line_pitch − body size; the template
    may make it narrower than G1's 50 %): they would touch the line to its
    right.  Nothing is widened: the grid is the page's (G2), as horizontally
    (`ruby_warnings`)."""
    from ..flow.vertical import vertical_ruby_room
    from ..messages import say
    gap = ts.grid.pitch - ts.grid.body_size
    out = []
    for line in lines:
        need = vertical_ruby_room(line)
        if need > gap + 1e-9:
            marks = " ".join(n.text for n in line.annotations)
            out.append(say("vertical_ruby_no_room", block=a.id, reading=marks, need=need, gap=gap))
    return out


def _standing_heads(ts, a: Article, span: int):
    """竖题: the kicker, headline and subhead as vertical lines at their
    natural length, centred in the fewest whole columns at the article's
    right that hold them, set in its text like a photo (the body flows
    round it, flow/pages.py).  Returns the inset, its content and a head
    slug of the lines wider than the article, which never fits (overset)."""
    from ..flow.blocks import BlockContent, Composed, Inset
    from ..flow.slugs import Slug, translate
    from ..flow.vertical import vertical_heads
    from ..model import Placement
    g = ts.grid
    heads = _vertical_heads(ts, a, span, roles=("Kicker", "Headline", "Subhead"))
    setting, width = vertical_heads(heads, g.extent(g.lines), g.span_width(span), g.pitch, g.body_size,
                                    ts.metrics, ts.settings)
    cols = next((k for k in range(1, span + 1) if g.span_width(k) >= width - 1e-6), span)
    lines = ts.lines_for(setting.depth)
    items = translate(setting.items, (g.span_width(cols) - width) / 2, 0.0)
    slug = Slug(lines=lines, items=tuple(items), kind="head", chars=setting.chars, text=setting.text,
                direction="vertical")
    records = [Composed(ls, "".join(line.text for line in ls), a.line) for ls in setting.paragraphs]
    overset = [Slug(lines=g.lines + 1, items=(), kind="head", chars=len("".join(line.text.split())),
                    text=line.text, direction="vertical") for line in setting.overset]
    inset = Inset(f"{a.id}-heads", Placement(span=cols, lines=lines))
    return inset, BlockContent("head", head=[slug], paragraphs=records, art=a.id), overset


def _band_lines(ts) -> int:
    """Grid lines of one body band of a vertical article: as many characters
    tall as the grid's columns are wide (G1: the same measure, turned)."""
    return ts.lines_for(ts.grid.column_chars * ts.grid.body_size)


def _set(ts, a: Article, span: int, lines: int):
    """The article set vertically in `span` columns × `lines` grid lines:
    its body in bands of `_band_lines`, a grid line of air between bands."""
    from ..flow.vertical import Bands, set_vertical
    heads, body = _vertical_parts(ts, a, span)
    g = ts.grid
    bands = Bands(g.column_chars, g.extent(_band_lines(ts) + 1) - g.column_chars * g.body_size)
    return set_vertical(heads, body, g.span_width(span), g.extent(lines), g.pitch, g.body_size, bands,
                        ts.metrics, ts.settings)


def natural_vertical(ts, a: Article, span: int) -> int:
    """The grid lines of the fewest whole bands in which the vertical article
    stands whole (all the grid's lines when it never does)."""
    from ..flow.vertical import natural_vertical_lines
    band, total = _band_lines(ts), ts.grid.lines

    def lines(bands: int) -> int:
        """Grid lines of `bands` bands and the air lines between them."""
        return min(total, bands * (band + 1) - 1)

    most = max(1, (total + 1) // (band + 1))
    return lines(natural_vertical_lines(lambda b: _set(ts, a, span, lines(b)).fits, 1, most))


def vertical_content(ts, a: Article, span: int, lines: int):
    """The vertical article set in `lines` grid lines, as one head slug of
    the lines it takes; each line that found no room is a stream slug of its
    own, which no column takes (the head then fills the block): overset,
    with its text."""
    from ..flow.blocks import BlockContent, Composed
    from ..flow.slugs import Slug
    setting = _set(ts, a, span, lines)
    # the lines it takes (the rest of its rectangle is white, reported as 欠版);
    # all of them when some text is overset, so that no column takes that text
    used = lines if setting.overset else min(lines, ts.lines_for(setting.depth))
    head = Slug(lines=used, items=tuple(setting.items), kind="head", chars=setting.chars,
                text=setting.text, direction="vertical")
    overset = [Slug(lines=1, items=(), kind="line", chars=len("".join(line.text.split())), text=line.text,
                    direction="vertical") for line in setting.overset]
    heads = len(setting.paragraphs) - len(a.paragraphs)
    records = [Composed(ls, "".join(line.text for line in ls), a.line) for ls in setting.paragraphs[:heads]]
    records += [Composed(ls, p.text, p.line) for ls, p in zip(setting.paragraphs[heads:], a.paragraphs)]
    return BlockContent("article", head=[head], stream=overset, paragraphs=records,
                        warnings=ts.lang_warnings(a, ROLES)
                        + _annotation_warnings(ts, a, [line for ls in setting.paragraphs[heads:] for line in ls]),
                        art=a.id)


def fill(block: Article, content, rect, ts, sizes: dict, settings):
    """A vertical article that does not stand whole is set again in the
    rectangle the page gave it (more bands, when it is taller); any other
    article fills by the template's means (None)."""
    if not _vertical(block):
        return None
    if not content.stream and content.head and content.head[0].lines <= rect.lines:
        return content                       # it stands whole: the rest is white
    return vertical_content(ts, block, rect.span, rect.lines)


def body(a: Article):
    """The article's body paragraphs (not its heads or captions)."""
    return a.paragraphs


KIND = register(BlockKind(
    name="article", grows=True, model=Article, build=build, content=content, check=check, roles=ROLES,
    paragraphs=body, continues=True, fill=fill,
    messages={"kind_article": ("文章", "article"),
              "empty_article": ("空稿：既无 <headline> 也无 <p>",
                                "empty article: it has no <headline> and no <p> (空稿)"),
              "vertical_with_photos": ("文章 {block} 含图片，暂按横排排出（竖排尚不支持图文）",
                                       "article {block} has photos: set horizontally (a vertical article "
                                       "cannot hold photos yet)"),
              "vertical_ruby_no_room": ("{block}：竖排注音或着重号“{reading}”需要字右 {need:.1f}pt 的行间空白，"
                                        "行间只有 {gap:.1f}pt，会碰到右边一行；请加大模板的 line_pitch 或调整文字",
                                        "{block}: the ruby reading or emphasis dots “{reading}” need {need:.1f} pt "
                                        "right of the vertical line, the gap between lines is {gap:.1f} pt: they "
                                        "touch the line to the right; widen the template's line_pitch or change "
                                        "the text")}))
