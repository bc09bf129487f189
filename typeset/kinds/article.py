"""The article: kicker (引题), headline (主题), subhead (副题), byline, body
paragraphs in the columns, and photos set in its text.

Its heads stack across the article's width as one centred group of whole
grid lines (G3); its paragraphs thread through its columns; what does not
fit may go on to a later page (转版: a <continuation of="…">).

With direction="vertical" (竖排, issue 18 §1) the article is set down its
rectangle instead: the heads at the right, the body in bands, lines right
to left (flow/vertical.py), in the fewest whole bands its text needs (or in
its lines="…"); a rectangle too short for it sets it again (`fill`), the
rest overset — or, with a <continuation>, carried to a later page after a
vertical （下转第N版） (转版).  Its photos stand at the left end of its top
band(s), on whole grid columns and lines, the lines beside them shorter.
The 着重号 and readings of its lines stand right of each line: in the
line gap (`_annotation_warnings` checks its width), or, for a band's
first line with no heads right of it, right of the article's rectangle
(BlockContent.marks_right: the page checks the gutter or margin there).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

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
                   lang=block_lang(element), direction=element.get("direction", ""),
                   headline_direction=headline.get("direction", "horizontal") if headline is not None
                   else "horizontal")


def check(element) -> Optional[str]:
    """An article needs a headline or some text."""
    has_text = element.find("headline") is not None or element.find("p") is not None
    return None if has_text else "empty_article"


def content(ts, a: Article, span: int, ctx):
    """The article's head group, body stream and inner photos (at their own
    shape); a vertical article's setting at its natural height."""
    if _vertical(a, ts):
        lines = a.placement.lines or natural_vertical(ts, a, span, ctx.sizes, ctx.fill)
        return vertical_content(ts, a, span, lines, ctx.sizes, ctx.fill)[0]
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
    body_seq = _body_seq(a)
    stream, composed = ts.body_slugs(a.paragraphs, ts.grid.column_width, art=a.id, seq=body_seq)
    roles = ROLES + (photo_kind.KIND.roles if any(p.lang == a.lang for p in a.photos) else ())
    result = BlockContent("article", head=[head], stream=stream, paragraphs=records + composed,
                          warnings=(ts.lang_warnings(a, roles) + warnings + ts.ruby_warnings(a.id, composed)
                                    + _wide_photo_warnings(a, span)),
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
    return result


def _wide_photo_warnings(a: Article, span: int) -> list[str]:
    """One warning per photo whose `span` is wider than its article's
    columns: it is set as wide as the article, and the editor is told."""
    from ..messages import say
    return [say("photo_wider_than_article", photo=photo.id, span=photo.placement.span, block=a.id, columns=span)
            for photo in a.photos if (photo.placement.span or 1) > span]


def rest(ts, a: Article, chars: int) -> list:
    """The last `chars` characters of the article's body set in `ts`'s
    columns (a continuation on a page of another grid): the paragraph they
    begin inside goes on without an indent, the rest as the article sets them."""
    texts = [para.text for para in a.paragraphs]
    k, start = 0, sum(map(len, texts)) - chars
    while k < len(texts) and start >= len(texts[k]):
        start -= len(texts[k])
        k += 1
    if k == len(texts):
        return []
    seq = _body_seq(a) + k                                    # paragraph k's P element
    width = ts.grid.column_width
    first, _ = ts.body_slugs([_from(a.paragraphs[k], start)], width, indent_em=0.0 if start else 2.0,
                             art=a.id, seq=seq)
    more, _ = ts.body_slugs(a.paragraphs[k + 1:], width, art=a.id, seq=seq + 1)
    return first + more


def _body_seq(a: Article) -> int:
    """The structure element of the article's first body paragraph: after
    its heads, and a Figure and a Caption per photo."""
    return len(_tag_roles(a)) + 2 * len(a.photos)


def _from(para, start: int):
    """A paragraph from character `start` on (its runs cut there)."""
    from dataclasses import replace
    runs, at = [], 0
    for run in para.runs:
        if at + len(run.text) > start:
            runs.append(run if at >= start else replace(run, text=run.text[start - at:]))
        at += len(run.text)
    return replace(para, runs=tuple(runs))


# -- 竖排 ---------------------------------------------------------------------------

def _vertical(a: Article, ts) -> bool:
    """Whether the article is set vertically: direction="vertical", or no
    direction and a page template whose `direction` is vertical."""
    return (a.direction or ts.t.direction) == "vertical"


def _tag_roles(a: Article) -> list[str]:
    """The structure elements of the heads, in reading order (as horizontally)."""
    return ["Kicker"] + (["Headline"] if a.headline else []) + ["Subhead", "Byline"]


def _heads_stand(a: Article) -> bool:
    """Whether a horizontal article's heads stand vertically at its right
    (<headline direction="vertical">, 竖题)."""
    return a.headline_direction == "vertical" and bool(a.headline)       # (content: not _vertical)


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
    seq = _body_seq(a)
    body = [BodyParagraph(tuple(ts.runs_for(p, "body")), Tag(a.id, "P", seq + k), body_style.color)
            for k, p in enumerate(a.paragraphs)]
    return _vertical_heads(ts, a, span), body


def _annotation_warnings(ts, a: Article, lines) -> list[str]:
    """One warning per vertical body line whose 着重号 or ruby readings need
    more than the gap between lines (line_pitch − body size; the template
    may make it narrower than G1's 50 %): they would touch the line to its
    right.  Nothing is widened: the grid is the page's (G2), as horizontally
    (`ruby_warnings`)."""
    from ..messages import say
    gap = ts.grid.pitch - ts.grid.body_size
    return [say("vertical_ruby_no_room", block=a.id, reading=marks, need=need, gap=gap)
            for marks, need in _marks(lines) if need > gap + 1e-9]


def _marks(lines) -> list[tuple[str, float]]:
    """(text, room right of the line in pt) of the 着重号 and readings of
    those vertical `lines` that have any (flow/vertical.py `line_marks`):
    checked against the line gap (`_annotation_warnings`), and for the lines
    at the article's right edge against the gutter or margin right of its
    rectangle, whose room only the page knows (BlockContent.marks_right,
    flow/pages.py `_marks_outside`)."""
    from ..flow.vertical import line_marks
    return [line_marks(line) for line in lines if line.annotations]


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


@dataclass(frozen=True)
class _VerticalPhoto:
    """A photo of a vertical article: its content (image and caption slugs,
    as ts.photo sets them), its rectangle relative to the article's top-left
    (pt), its grid lines, and whether it found room across the article."""
    content: Any
    frame: Any
    lines: int
    room: bool = True


def _on_bands(ts, a: Article, photo, span: int, seq: int, sizes: dict, fill):
    """The photo `span` columns wide, its image on whole grid lines, the
    whole photo (image and caption) reaching as near the foot of a band as
    the template's crop limit lets it come to its own shape (the image's
    natural height, flow/fill.py): the bands below it then stand at full
    width with no hole beside or under it but the rounding (G4)."""
    from ..flow.pages import natural_photo, photo_range
    g, bands = ts.grid, ts.bands()
    pc = ts.photo(photo, span, photo.placement.lines, art=a.id, seq=seq)
    if photo.placement.lines:
        return pc                                       # the editor fixed its height
    caps = len(pc.head) - 1
    allowed = photo_range(photo, span, ts, sizes, fill)
    natural = natural_photo(photo, pc, span, ts, sizes, fill).head[0].lines
    fewest, most = (allowed.fewest, allowed.most) if allowed is not None else (2, g.lines)
    best = None
    for k in range(g.lines):
        foot = bands.top(k, g.body_size) + g.column_chars * g.body_size
        if foot > g.extent(g.lines) + 1e-6:
            break
        image = int((foot - g.body_size) // g.pitch + 1e-9) + 1 - caps     # the most whole lines above it
        if fewest <= image <= most and (best is None or abs(image - natural) < abs(best - natural)):
            best = image
    # a second photo, not the first reused: that one has the default height, this one the height chosen from it
    return ts.photo(photo, span, (natural if best is None else best) + caps, art=a.id, seq=seq)


def _vertical_photos(ts, a: Article, span: int, room: float, sizes: dict, fill) -> list[_VerticalPhoto]:
    """The article's photos at the left end of its top band(s), side by side
    from its left edge on whole grid columns (G4), each as many columns as
    its span (fewer where the room left of the heads is narrower).

    A vertical article is read from the right, so its heads and first lines
    open at the top right; Chinese vertical pages (港台 papers, 副刊) put the
    picture at the top left, where it ends the first band(s) without
    cutting the reading line, and set the text beside it in shorter lines."""
    from ..flow.vertical import Frame
    g = ts.grid
    out: list[_VerticalPhoto] = []
    col = 0                                               # the next free grid column from the left
    for k, photo in enumerate(a.photos):
        pspan = min(photo.placement.span or 1, span - col)
        while pspan > 0 and g.span_width(col + pspan) > room + 1e-6:
            pspan -= 1
        fits = pspan > 0
        pspan = max(pspan, 1)
        pc = _on_bands(ts, a, photo, pspan, len(_tag_roles(a)) + 2 * k, sizes, fill)
        lines = sum(slug.lines for slug in pc.head)
        x = g.span_width(col) + g.gutter if col else 0.0
        out.append(_VerticalPhoto(pc, Frame(x, 0.0, g.span_width(pspan), g.extent(lines)), lines, fits))
        if fits:
            col += pspan
    return out


def _set(ts, a: Article, span: int, lines: int, sizes: Optional[dict] = None, fill=None, jump=None):
    """The article set vertically in `span` columns × `lines` grid lines:
    its photos at the left of its top band(s), its body in `ts.bands()`
    beside and below them; with `jump` (a JumpLine) what does not fit is
    carried after it.  Returns the setting and the photos (those that stand
    in the rectangle have `room` and lines ≤ `lines`)."""
    from ..flow.fill import FillSettings
    from ..flow.vertical import set_vertical
    heads, body = _vertical_parts(ts, a, span)
    g, bands = ts.grid, ts.bands()
    width, height = g.span_width(span), g.extent(lines)
    photos: list[_VerticalPhoto] = []
    if a.photos:
        # set twice: the heads alone give the photos' room; the body is then laid beside those photos
        room = set_vertical(heads, [], width, height, g.pitch, g.body_size, bands, ts.metrics,
                            ts.settings).body_width
        photos = _vertical_photos(ts, a, span, room, sizes or {}, fill or FillSettings())
    clear = [p.frame for p in photos if _stands(p, lines)]
    setting = set_vertical(heads, body, width, height, g.pitch, g.body_size, bands, ts.metrics, ts.settings,
                           clear=clear, air=g.gutter, jump=jump)
    return setting, photos


def _stands(photo: _VerticalPhoto, lines: int) -> bool:
    """Whether a photo of a vertical article stands in its `lines` grid lines."""
    return photo.room and photo.lines <= lines


def natural_vertical(ts, a: Article, span: int, sizes: Optional[dict] = None, fill=None) -> int:
    """The grid lines of the fewest whole bands in which the vertical article
    and its photos stand whole (all the grid's lines when they never do)."""
    from ..flow.vertical import natural_vertical_lines

    def fits(bands: int) -> bool:
        """Whether text and photos stand in `bands` bands."""
        lines = ts.lines_of_bands(bands)
        setting, photos = _set(ts, a, span, lines, sizes, fill)
        return setting.fits and all(_stands(p, lines) for p in photos)

    return ts.lines_of_bands(natural_vertical_lines(fits, 1, ts.most_bands()))


def vertical_content(ts, a: Article, span: int, lines: int, sizes: Optional[dict] = None, fill=None,
                     jump_to: Optional[int] = None):
    """The vertical article set in `lines` grid lines, as one head slug of
    the lines it takes (heads, photos, body); each line that found no room
    is a stream slug of its own, which no column takes (the head then fills
    the block): overset, with its text — or, going on to page `jump_to`
    (转版), carried there after a （下转第N版） line.  Returns the content
    and the carried lines as vertical slugs (one pitch wide each)."""
    from ..flow.blocks import BlockContent, Composed
    from ..flow.slugs import Slug, translate
    from ..flow.vertical import vertical_slug
    g = ts.grid
    jump = ts.vertical_jump("to", jump_to) if jump_to is not None else None
    setting, photos = _set(ts, a, span, lines, sizes, fill, jump)
    standing = [p for p in photos if _stands(p, lines)]
    photo_items: list = []
    for p in standing:
        at = 0
        for slug in p.content.head:
            photo_items += translate(slug.items, p.frame.x, p.frame.y + at * g.pitch)
            at += slug.lines
    items = setting.items[:setting.heads_end] + photo_items + setting.items[setting.heads_end:]
    overset = [Slug(lines=1, items=(), kind="line", chars=len("".join(line.text.split())), text=line.text,
                    direction="vertical") for line in setting.overset]
    overset += [slug for p in photos if not _stands(p, lines) for slug in p.content.head]
    # the lines it takes (the rest of its rectangle is white, reported as 欠版);
    # all of them when some text is overset or carried, so that no column takes that text
    deepest = max([ts.lines_for(setting.depth)] + [p.lines for p in standing])
    used = lines if overset or setting.carried else min(lines, deepest)
    caption_chars = sum(s.chars for p in standing for s in p.content.head)
    head = Slug(lines=used, items=tuple(items), kind="head", chars=setting.chars + caption_chars,
                text=setting.text, direction="vertical")
    heads = len(setting.paragraphs) - len(a.paragraphs)
    records = [Composed(ls, "".join(line.text for line in ls), a.line) for ls in setting.paragraphs[:heads]]
    records += [r for p in photos for r in p.content.paragraphs]          # drawn before the body
    records += [Composed(ls, p.text, p.line) for ls, p in zip(setting.paragraphs[heads:], a.paragraphs)]
    warnings = ts.lang_warnings(a, ROLES + (photo_kind.KIND.roles if any(p.lang == a.lang for p in a.photos)
                                            else ()))
    for photo in a.photos:
        if photo.lang != a.lang:
            warnings += ts.lang_warnings(photo, photo_kind.KIND.roles)
    body_lines = [line for ls in setting.paragraphs[heads:] for line in ls]
    content = BlockContent("article", head=[head], stream=overset, paragraphs=records,
                           warnings=warnings + _annotation_warnings(ts, a, body_lines) + _wide_photo_warnings(a, span),
                           art=a.id,
                           marks_right=_marks(setting.outside),
                           white=[] if overset else ts.vertical_white(setting.white))
    carried = [vertical_slug(line, g.body_size, g.pitch, para.color, para.tag) for line, para in setting.carried]
    return content, carried


def fill(block: Article, content, rect, ts, sizes: dict, settings):
    """A vertical article that does not stand whole is set again in the
    rectangle the page gave it (more bands, when it is taller); any other
    article fills by the template's means (None)."""
    if not _vertical(block, ts):
        return None
    if not content.stream and content.head and content.head[0].lines <= rect.lines:
        return content                       # it stands whole: the rest is white
    return vertical_content(ts, block, rect.span, rect.lines, sizes, settings)[0]


def jump(block: Article, content, rect, ts, page: int, sizes: dict, settings):
    """转版 of a vertical article: set again in its rectangle with a vertical
    （下转第N版） in its last line's place; (content, the vertical lines it
    carries to page `page`), or None (a horizontal article, or nothing to carry)."""
    if not _vertical(block, ts):
        return None
    jumped, carried = vertical_content(ts, block, rect.span, rect.lines, sizes, settings, jump_to=page)
    return (jumped, carried) if carried else None


def body(a: Article):
    """The article's body paragraphs (not its heads or captions)."""
    return a.paragraphs


KIND = register(BlockKind(
    name="article", grows=True, widens=True, turns=True, model=Article, build=build, content=content, check=check,
    roles=ROLES,
    paragraphs=body, continues=True, fill=fill, jump=jump, rest=rest,
    messages={"kind_article": ("文章", "article"),
              "photo_wider_than_article": ("图片 {photo!r} 设为{span}栏，但稿件 {block!r} 只有{columns}栏："
                                           "按{columns}栏排",
                                           "photo {photo!r} asks for {span} columns but its article {block!r} has "
                                           "{columns}: it is set {columns} wide"),
              "empty_article": ("空稿：既无 <headline> 也无 <p>",
                                "empty article: it has no <headline> and no <p> (空稿)"),
              "vertical_ruby_no_room": ("{block}：竖排注音或着重号“{reading}”需要字右 {need:.1f}pt 的行间空白，"
                                        "行间只有 {gap:.1f}pt，会碰到右边一行；请加大模板的 line_pitch 或调整文字",
                                        "{block}: the ruby reading or emphasis dots “{reading}” need {need:.1f} pt "
                                        "right of the vertical line, the gap between lines is {gap:.1f} pt: they "
                                        "touch the line to the right; widen the template's line_pitch or change "
                                        "the text")}))
