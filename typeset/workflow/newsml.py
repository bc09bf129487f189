"""An e-paper story → an IPTC NewsML-G2 newsItem (the news agencies' exchange format).

One text newsItem per story, valid against the NewsML-G2 2.35 Power schema
(tests/data/newsml-g2/ holds it; tests/workflow/test_workflow_epaper.py
validates every item of the sample against it):

    newsItem guid version standard standardversion conformance xml:lang
      catalogRef                          the IPTC catalog: resolves ninat:, stat:
      itemMeta     itemClass ninat:text, provider (the paper), versionCreated, pubStatus stat:usable, title
      contentMeta  contentCreated (the issue date), located (<issue place="…">, when given),
                   language, headline (the main one: IPTC has no scheme of headline roles
                   for 引题 and 副题, which the XHTML carries), dateline, by,
                   creditline (photo credits), description (a photo's caption)
      contentSet   inlineXML application/xhtml+xml: an XHTML document, the story's paragraphs

The schema's element order is the one above; the schema fixes it.  No clock:
the version is 1 and the dates are the issue date (midnight China Standard
Time in versionCreated, a dateTime there being required), so the same issue
gives the same bytes.  The guid is a name-based UUID of paper, date, issue
number and story id: the same story always gets the same guid.
"""
from __future__ import annotations

import uuid

from lxml import etree

NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_40.xml"
ISSUE_TZ = "+08:00"                 # China Standard Time: the issue date's midnight, where the paper is made
GUID_NAMESPACE = uuid.UUID("6f1b7d52-3c1e-5a8e-9d2a-70616962616e")   # fixed: guids never change
# inline roles → XHTML (runin: the bold lead-in of a paragraph, 小标题)
RUN_TAGS = {"runin": "strong", "em": "em", "dots": "em", "dateline": "span", "source": "span"}


def news_item(story, meta) -> bytes:
    """The newsItem of `story` (workflow/epaper.Story) in issue `meta`, as UTF-8 bytes."""
    lang = xml_lang(meta.lang)
    root = etree.Element(_n("newsItem"), nsmap={None: NAR}, attrib={  # type: ignore[dict-item]  # default ns
        "guid": guid(meta, story.id), "version": "1", "standard": "NewsML-G2",
        "standardversion": STANDARD_VERSION, "conformance": "power", XML_LANG: lang})
    etree.SubElement(root, _n("catalogRef"), href=CATALOG)
    _item_meta(etree.SubElement(root, _n("itemMeta")), story, meta)
    _content_meta(etree.SubElement(root, _n("contentMeta")), story, meta, lang)
    inline = etree.SubElement(etree.SubElement(root, _n("contentSet")), _n("inlineXML"),
                              contenttype="application/xhtml+xml")
    inline.append(xhtml_document(story, lang))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def guid(meta, story_id: str) -> str:
    key = "\x1f".join((meta.paper, meta.date, meta.issue_no, story_id))
    return uuid.uuid5(GUID_NAMESPACE, key).urn


def xml_lang(lang: str) -> str:
    """The issue's language as xml:lang: the PDF's rule (zh-Hans, the issue default, is zh-CN)."""
    from ..pipeline import pdf_lang
    return pdf_lang(lang)


def _n(name: str) -> str:
    return f"{{{NAR}}}{name}"


def _text(parent, name: str, text: str, **attrib):
    el = etree.SubElement(parent, _n(name), **attrib)
    el.text = text
    return el


def _item_meta(item, story, meta) -> None:
    etree.SubElement(item, _n("itemClass"), qcode="ninat:text")
    etree.SubElement(item, _n("provider"), literal=meta.paper)
    _text(item, "versionCreated", f"{meta.date}T00:00:00{ISSUE_TZ}")
    etree.SubElement(item, _n("pubStatus"), qcode="stat:usable")
    if story.title:
        _text(item, "title", story.title)


def _content_meta(content, story, meta, lang: str) -> None:
    _text(content, "contentCreated", meta.date)
    if meta.place:
        etree.SubElement(etree.SubElement(content, _n("located")), _n("name")).text = meta.place
    etree.SubElement(content, _n("language"), tag=lang)
    if story.title:                # kicker and subhead: in the XHTML only (IPTC has no headline-role scheme)
        _text(content, "headline", story.title)
    if story.dateline:
        _text(content, "dateline", story.dateline)
    if story.byline:
        _text(content, "by", story.byline)
    for photo in story.photos:
        if photo.credit and photo.credit != story.byline:
            _text(content, "creditline", photo.credit)
    if story.kind == "photo" and story.photos and story.photos[0].caption:
        _text(content, "description", story.photos[0].caption.text, role="drol:caption")


def xhtml_document(story, lang: str):
    """The story as an XHTML document: head title, then kicker, headline, subhead, byline, paragraphs, photos."""
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML},  # type: ignore[dict-item]  # default namespace
                         attrib={"lang": lang, XML_LANG: lang})
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = story.title or _caption_text(story)
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    if story.kicker:
        _x(body, "p", story.kicker, "kicker")
    if story.title:
        _x(body, "h1", story.title)
    if story.subhead:
        _x(body, "p", story.subhead, "subhead")
    if story.byline and not story.dateline:
        _x(body, "p", story.byline, "byline")
    for paragraph in story.paragraphs:
        _paragraph(body, paragraph)
    for photo in story.photos:
        div = _x(body, "div", None, "photo")
        if photo.file:
            etree.SubElement(div, f"{{{XHTML}}}img", src=f"../{photo.file}",
                             alt=photo.caption.text if photo.caption else photo.id)
        if photo.caption:
            _paragraph(div, photo.caption, "caption")
        if photo.credit:
            _x(div, "p", photo.credit, "credit")
    return html


def _caption_text(story) -> str:
    photo = story.photos[0] if story.photos else None
    return photo.caption.text if photo and photo.caption else story.id


def _x(parent, tag: str, text, cls: str = ""):
    el = etree.SubElement(parent, f"{{{XHTML}}}{tag}", attrib={"class": cls} if cls else None)
    el.text = text
    return el


def _paragraph(parent, paragraph, cls: str = ""):
    """A paragraph with its inline roles: bold run-in heads, emphasis, dateline and source marked."""
    p = _x(parent, "p", None, cls)
    last = None
    for run in paragraph.runs:
        tag = RUN_TAGS.get(run.role)
        if tag is None:
            if last is None:
                p.text = (p.text or "") + run.text
            else:
                last.tail = (last.tail or "") + run.text
            continue
        last = etree.SubElement(p, f"{{{XHTML}}}{tag}", **({"class": run.role} if tag == "span" else {}))
        last.text = run.text
    return p
