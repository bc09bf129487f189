"""The e-paper's index.html: the pages with clickable article regions, and each article's text.

Static HTML and CSS, no script and no server: each page is its image with
one link per article region on top, placed in percent of the page (so the
regions stay on their articles at any display width); a link goes to
`#<article id>`, and the article's text is a section that CSS shows while it
is the document's :target — the browser's own fragment navigation opens it,
back closes it.  Thumbnails (the smallest size) link to the pages.  The
words around the content (第1版, 返回) are in the paper's language (the
reader's), not in the operator's --lang.
"""
from __future__ import annotations

from html import escape

from .messages import say
from .newsml import xml_lang

CSS = """\
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;background:#e8e6e1;color:#111}
header{padding:.6em 1em;background:#fff;border-bottom:1px solid #bbb}
header h1{margin:0;font-size:1.4em}
nav.pages{display:flex;gap:.8em;flex-wrap:wrap;margin-top:.5em}
nav.pages a{display:block;width:8em;text-decoration:none;color:inherit;font-size:.85em;text-align:center}
nav.pages img{display:block;width:100%;height:auto;border:1px solid #999;background:#fff}
main{padding:1em}
section.page{margin:0 auto 2em;max-width:1600px}
section.page h2{font-size:1em;margin:.4em 0}
.sheet{position:relative;box-shadow:0 1px 6px rgba(0,0,0,.3);background:#fff}
.sheet>img{display:block;width:100%;height:auto}
a.region{position:absolute;display:block;outline:1px solid transparent}
a.region:hover,a.region:focus{outline:2px solid rgba(200,0,0,.7);background:rgba(200,0,0,.08)}
a.region span{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
article.story,div.group{display:none}
article.story:target,div.group:target,div.group:has(article.story:target){display:block}
article.story:target,div.group:target,div.group:has(article.story:target){position:fixed;top:0;right:0;
 bottom:0;width:min(40em,100%);overflow:auto;background:#fff;padding:1em 1.4em;
 box-shadow:-2px 0 12px rgba(0,0,0,.35);z-index:10}
div.group article.story{display:block;position:static;box-shadow:none;padding:0;width:auto}
.kicker,.subhead{margin:.2em 0;font-size:1.05em}
article.story h3{margin:.2em 0;font-size:1.5em;line-height:1.3}
.byline,.onpages,.credit{color:#555;font-size:.9em}
.dateline,strong{font-weight:bold}
article.story p.body{text-indent:2em;line-height:1.8;margin:.3em 0}
figure{margin:1em 0}
figure img{max-width:100%;height:auto}
figcaption{font-size:.9em;line-height:1.6}
a.close{float:right;text-decoration:none}
"""


def index_html(meta, pages, stories, sizes) -> bytes:
    """index.html of the e-paper (workflow/epaper.py passes its pages and stories)."""
    lang = "en" if (meta.lang or "").lower().startswith("en") else "zh"
    title = say("epaper_title", lang, paper=meta.paper, date=meta.date,
                number=say("epaper_issue_no", lang, number=meta.issue_no) if meta.issue_no else "")
    large, small = max(sizes), min(sizes)
    out = ["<!DOCTYPE html>", f'<html lang="{escape(xml_lang(meta.lang), True)}">', "<head>",
           '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title>", f"<style>\n{CSS}</style>", "</head>", "<body>",
           f"<header><h1>{escape(title)}</h1>", '<nav class="pages">']
    for info in pages:
        w, h = info.image_size(small)
        label = _page_label(info, lang)
        out.append(f'<a href="#page-{info.number}"><img src="{info.image_name(info.number, small)}" '
                   f'width="{w}" height="{h}" alt="{escape(label, True)}">{escape(label)}</a>')
    out += ["</nav></header>", "<main>"]
    for info in pages:
        out += _page(info, stories, large, lang)
    out += ["</main>", '<aside class="articles">']
    out += _stories(stories, lang)
    out += ["</aside>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _page_label(info, lang: str) -> str:
    return say("epaper_page", lang, page=info.number, section=info.section).strip()


def _page(info, stories, large: int, lang: str) -> list[str]:
    w, h = info.image_size(large)
    label = _page_label(info, lang)
    out = [f'<section class="page" id="page-{info.number}">', f"<h2>{escape(label)}</h2>",
           '<div class="sheet">',
           f'<img src="{info.image_name(info.number, large)}" width="{w}" height="{h}" alt="{escape(label, True)}">']
    linked = set()
    for story in stories:
        for region in story.regions:
            if region.page != info.number:
                continue
            target = story.group["id"] if story.group else story.id   # briefs: one region, the column
            if (target, region) in linked:
                continue
            linked.add((target, region))
            name = _link_name(story, lang)
            out.append(f'<a class="region" href="#{escape(target, True)}" style="{_percent(region, info)}" '
                       f'title="{escape(name, True)}"><span>{escape(name)}</span></a>')
    out += ["</div>", "</section>"]
    return out


def _percent(region, info) -> str:
    """The region in percent of the page: left, top, width, height."""
    def pc(v: float, whole: float) -> str:
        return f"{100 * v / whole:.3f}%"
    return (f"left:{pc(region.x, info.width)};top:{pc(region.y, info.height)};"
            f"width:{pc(region.w, info.width)};height:{pc(region.h, info.height)}")


def _link_name(story, lang: str) -> str:
    if story.group:
        return story.group["label"]
    if story.title:
        return story.title
    return say("epaper_photo", lang)


def _stories(stories, lang: str) -> list[str]:
    out: list[str] = []
    open_group = None
    for story in stories:
        group = story.group["id"] if story.group else None
        if group != open_group:
            if open_group:
                out.append("</div>")
            if group:
                out += [f'<div class="group" id="{escape(group, True)}">', _close(story, lang),
                        f'<h2>{escape(story.group["label"])}</h2>']
            open_group = group
        out += _story(story, lang, closable=not group)
    if open_group:
        out.append("</div>")
    return out


def _close(story, lang: str) -> str:
    page = story.pages[0] if story.pages else 1
    return f'<a class="close" href="#page-{page}">{escape(say("epaper_back", lang, page=page))}</a>'


def _story(story, lang: str, closable: bool) -> list[str]:
    out = [f'<article class="story" id="{escape(story.id, True)}">']
    if closable:
        out.append(_close(story, lang))
    if story.kicker:
        out.append(f'<p class="kicker">{escape(story.kicker)}</p>')
    out.append(f"<h3>{escape(story.title or say('epaper_photo', lang))}</h3>")
    if story.subhead:
        out.append(f'<p class="subhead">{escape(story.subhead)}</p>')
    if story.byline and not story.dateline:
        out.append(f'<p class="byline">{escape(story.byline)}</p>')
    out += [f'<p class="body">{_runs(p)}</p>' for p in story.paragraphs]
    for photo in story.photos:
        out += _figure(photo)
    if story.pages:
        links = "、".join(f'<a href="#page-{n}">{n}</a>' for n in story.pages)
        out.append(f'<p class="onpages">{say("epaper_on_pages", lang, pages=links)}</p>')
    out.append("</article>")
    return out


def _figure(photo) -> list[str]:
    caption = _runs(photo.caption) if photo.caption else ""
    alt = escape(photo.caption.text if photo.caption else photo.id, True)
    out = ["<figure>"]
    if photo.file:
        out.append(f'<img src="{photo.file}" alt="{alt}">')
    credit = f' <span class="credit">{escape(photo.credit)}</span>' if photo.credit else ""
    out += [f"<figcaption>{caption}{credit}</figcaption>", "</figure>"]
    return out


def _runs(paragraph) -> str:
    """A paragraph's runs as HTML: run-in heads bold, emphasis (着重号 as CSS
    text-emphasis), ruby as <ruby>/<rt>, dateline and source marked."""
    parts = []
    for run in paragraph.runs:
        text = escape(run.text)
        if run.role == "runin":
            parts.append(f"<strong>{text}</strong>")
        elif run.role == "em":
            parts.append(f"<em>{text}</em>")
        elif run.role == "dots":      # 着重号: CSS text-emphasis draws the dots
            parts.append(f'<em class="dots" style="font-style:normal;text-emphasis:filled dot;'
                         f'text-emphasis-position:under right">{text}</em>')
        elif run.role == "ruby":
            parts.append(f"<ruby>{text}<rp>(</rp><rt>{escape(run.reading)}</rt><rp>)</rp></ruby>")
        elif run.role in ("dateline", "source"):
            parts.append(f'<span class="{run.role}">{text}</span>')
        else:
            parts.append(text)
    return "".join(parts)
