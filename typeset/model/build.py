"""Checked XML → the issue model: the issue, its pages, and the helpers every
block kind's builder reads its element with.

The block builders themselves belong to their kinds (`typeset/kinds/`,
found through `typeset.registry` by the element's name): this module only
knows what all blocks share — placement on the grid, paragraphs of runs,
one-line labels, headline lines and the language tag.
"""
from __future__ import annotations

from typing import Optional

from lxml import etree

from typeset import registry
from typeset.model import Issue, IssueMeta, Page, Paragraph, Placement
from typeset.model.text import label, normalise_runs

PLACEMENT_ATTRS = ("col", "span", "line", "lines")
# Inline elements of a paragraph → Run.role.
RUN_ROLES = {"dateline": "dateline", "runin": "runin", "em": "em", "source": "source",
             "ruby": "ruby"}
# <em style="…"> → its role: 着重号 (emphasis dots) are a run of their own
EM_STYLE_ROLES = {"dots": "dots"}
RUBY_ROLE = "ruby"
# A ruby annotates a word: its base is a few characters, its reading a few
# syllables (longer ones are a mistake, and could not stay on one line).
RUBY_MAX_BASE = 8
RUBY_MAX_READING = 32


def build_issue(root, source: str) -> Issue:
    """The model of a checked <issue> element."""
    meta = IssueMeta(paper=label(root.get("paper")), date=root.get("date"),
                     issue_no=root.get("number", ""), total_no=root.get("total", ""),
                     edition=root.get("edition", ""), publisher=root.get("publisher", ""),
                     lang=root.get("lang", "zh-Hans"), place=root.get("place", ""))
    pages = tuple(_page(page) for page in root.iterchildren("page"))
    return Issue(source=source, meta=meta, pages=pages)


def _page(element) -> Page:
    number = int(element.get("number"))
    blocks = tuple(_block(child, number, index)
                   for index, child in enumerate(element.iterchildren(tag=etree.Element), 1))
    return Page(number=number, section=element.get("section", ""),
                template=element.get("template"), blocks=blocks,
                editor=element.get("editor", ""), line=element.sourceline or 0)


def _block(element, page_number: int, index: int):
    """A block of a page, built by its kind; ids are optional on banners,
    summaries and rules, so those get stable ones from their place."""
    block_id = element.get("id") or f"p{page_number}-{element.tag}{index}"
    return registry.by_element(element.tag).build(element, block_id)


# -- what blocks share -----------------------------------------------------------

def placement(element) -> Placement:
    """Where the editor put the block (col, span, line, lines; absent = automatic)."""
    values = {name: int(element.get(name)) for name in PLACEMENT_ATTRS
              if element.get(name) is not None}
    return Placement(**values)


def headline_lines(element) -> tuple[str, ...]:
    """A <headline>'s lines: its <line>s as written, or its one text."""
    if element is None:
        return ()
    lines = element.findall("line")
    if lines:
        return tuple(label(line.text) for line in lines)
    return (label(element.text),)


def forced(headline) -> bool:
    """Whether the editor broke the headline with <line>s (the layout then keeps them)."""
    return headline is not None and headline.find("line") is not None


def block_lang(element) -> str:
    """The language tag of the block `element` is (in): the nearest `lang`
    of the element or an enclosing block (a photo takes its article's),
    "" when none says (the issue's `lang` then applies, model/lang.py)."""
    for node in (element, *element.iterancestors()):
        if node.tag == "issue":
            break
        tag = (node.get("lang") or "").strip()
        if tag:
            return tag
    return ""


def child_label(element, tag: str) -> str:
    """The one-line text of the child <tag> ("" when there is none)."""
    child = element.find(tag)
    return label(child.text) if child is not None else ""


def paragraphs(element) -> tuple[Paragraph, ...]:
    """The element's <p> children as paragraphs."""
    return tuple(paragraph(p) for p in element.iterchildren("p"))


def paragraph(element) -> Paragraph:
    """A <p> (or <caption>): its runs with the XML's layout whitespace removed."""
    pieces = [(element.text or "", "text", "")]
    for child in element:
        pieces.append((child.text or "", _run_role(child), ruby_reading(child)))
        pieces.append((child.tail or "", "text", ""))
    return Paragraph(runs=normalise_runs(pieces), line=element.sourceline or 0,
                     lang=block_lang(element))


def _run_role(child) -> str:
    """The model role of an inline element: <em style="dots"> is "dots"."""
    if child.tag == "em" and child.get("style"):
        return EM_STYLE_ROLES[child.get("style")]
    return RUN_ROLES[child.tag]


def ruby_reading(element) -> str:
    """The reading of a <ruby> (spaces collapsed, ends stripped: zhōng guó); "" for other elements."""
    if element.tag != RUBY_ROLE:
        return ""
    return " ".join((element.get("reading") or "").split())


def source_line(element) -> int:
    """The element's line in the issue file (0 when lxml does not know)."""
    return element.sourceline or 0


def attribute(element, name: str, default: str = "") -> str:
    """An attribute's value, stripped ("" when absent)."""
    value: Optional[str] = element.get(name)
    return default if value is None else value.strip()
