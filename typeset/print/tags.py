"""The structure tree of a tagged PDF: the drawer's marked content → StructTreeRoot, ParentTree, MarkInfo.

`draw.pdf.draw_tagged_pdf` writes every structure element's items between
`BDC <</MCID n>> … EMC` and returns, per page, the `display.Tag` of each
MCID; this builds the tree those MCIDs hang from (ISO 32000-1 §14.7, tagged
PDF §14.8), in reading order — the order flow emits blocks and lines:

    Document
      Part (one per page)
        Art (an article, photo, summary or banner; a brief item)
          Kicker, Headline, Subhead (→ H), Byline (→ P), P, Figure (/Alt), Caption, Lbl
          Table (a table's cells: Tag.row ≥ 0)
            TR (one per row, in row order)
              TH, TD (/A << /O /Table /ColSpan n >> for a cell across n columns)
        Sect (the briefs column: its label, SectionHead → H, then an Art per item)

An article continued on a later page (转版) is one Art, under the Part of
the page it starts on, whose elements have kids on both pages.  Artifacts
(page furniture) are not in the tree.  Element types the PDF standard does
not define are mapped to standard ones in the RoleMap (§14.8.4; PDF/A-2a
§6.8.3.3).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import pikepdf

# Newspaper roles (flow/blocks.py) → the standard structure types they are (§14.8.4)
ROLE_MAP = {"Kicker": "H", "Headline": "H", "Subhead": "H", "SectionHead": "H", "Byline": "P"}


@dataclass(frozen=True)
class Structure:
    """What the tree is made from: per page the tag of every MCID (the
    drawer's record), the article → language of blocks that set one, and
    the document's language."""
    marked: tuple
    langs: dict = field(default_factory=dict)
    lang: str = ""


@dataclass
class _Element:
    """A structure element being collected: its tag and its (page, MCID) kids in order."""
    tag: Any                        # display.Tag
    kids: list = field(default_factory=list)


@dataclass
class _Article:
    """An Art (or the Sect of a briefs column) being collected."""
    key: str
    page: int                                      # where it starts: its Part
    elements: dict = field(default_factory=dict)   # Tag → _Element
    items: list = field(default_factory=list)      # nested articles (brief items), in order

    @property
    def kind(self) -> str:
        return "/Sect" if self.items else "/Art"


TABS_SINCE = (1, 5)         # a page's /Tabs is PDF 1.5 (pdfcpu's strict check refuses it in an X-1a:2001 file)


def add_structure(pdf: pikepdf.Pdf, structure: Structure, version: str = "1.7") -> None:
    """Give `pdf` (drawn by draw_tagged_pdf, to be written as PDF `version`)
    its structure tree, ParentTree, /StructParents on its pages, /MarkInfo
    and /Lang, and /Tabs /S (tab order by structure) where the version has it."""
    pages = list(pdf.pages)
    if len(structure.marked) != len(pages):
        raise ValueError(f"marked content of {len(structure.marked)} pages for a PDF of {len(pages)}")
    parts = _collect(structure.marked)
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = _new_element(pdf, "/Document", root)
    parent_tree: dict[int, list] = {}
    part_elements = []
    for number, articles in enumerate(parts):
        part = _new_element(pdf, "/Part", document, pages[number])
        part.K = pikepdf.Array([_make_article(pdf, art, part, pages, parent_tree, structure.langs)
                                for art in articles])
        part_elements.append(part)
    document.K = pikepdf.Array(part_elements)
    nums = pikepdf.Array()
    for number in sorted(parent_tree):
        nums.append(number)
        nums.append(pdf.make_indirect(pikepdf.Array(parent_tree[number])))
        pages[number].obj.StructParents = number
    if tuple(map(int, version.split("."))) >= TABS_SINCE:
        for page in pages:
            page.obj.Tabs = pikepdf.Name.S          # tab order follows the structure
    root.K = document
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages)
    root.RoleMap = pikepdf.Dictionary({"/" + k: pikepdf.Name("/" + v) for k, v in ROLE_MAP.items()})
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if structure.lang:
        pdf.Root.Lang = pikepdf.String(structure.lang)


def _collect(marked: Sequence[Sequence]) -> list[list[_Article]]:
    """Per page, the articles that start on it, in reading order, with their
    elements' MCIDs; a brief item ("<briefs>/<n>") goes inside its column's
    Sect, made when the first of its parts appears (block ids are NCNames,
    issue.rng: a "/" is never in one)."""
    articles: dict[str, _Article] = {}
    parts: list[list[_Article]] = [[] for _ in marked]
    for number, tags in enumerate(marked):
        for mcid, tag in enumerate(tags):
            art = articles.get(tag.art)
            if art is None:
                art = articles[tag.art] = _Article(tag.art, number)
                outer, _, item = tag.art.rpartition("/")
                if outer and item.isdigit():
                    sect = articles.get(outer)
                    if sect is None:
                        sect = articles[outer] = _Article(outer, number)
                        parts[number].append(sect)
                    sect.items.append(art)
                else:
                    parts[number].append(art)
            element = art.elements.get(tag)
            if element is None:
                element = art.elements[tag] = _Element(tag)
            element.kids.append((number, mcid))
    return parts


def _new_element(pdf: pikepdf.Pdf, kind: str, parent, page=None) -> pikepdf.Dictionary:
    element = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), P=parent))
    if page is not None:
        element.Pg = page.obj
    return element


def _make_article(pdf: pikepdf.Pdf, art: _Article, parent, pages, parent_tree: dict, langs: dict):
    """The Art (or Sect) element of `art` with its elements in reading order
    (by Tag.seq; in a Sect its label, then its items by number)."""
    element = _new_element(pdf, art.kind, parent, pages[art.page])
    if langs.get(art.key):
        element.Lang = pikepdf.String(langs[art.key])
    cells = {tag: e for tag, e in art.elements.items() if tag.row >= 0}
    kids = [(tag.seq, _make_leaf(pdf, e, element, pages, parent_tree))
            for tag, e in art.elements.items() if tag.row < 0]
    if cells:
        kids.append((min(tag.seq for tag in cells), _make_table(pdf, cells, element, pages, parent_tree)))
    kids += [(int(item.key.rpartition("/")[2]), _make_article(pdf, item, element, pages, parent_tree, langs))
             for item in art.items]
    kids.sort(key=lambda kid: kid[0])
    element.K = pikepdf.Array([kid for _, kid in kids])
    return element


def _make_table(pdf: pikepdf.Pdf, cells: dict, parent, pages, parent_tree: dict):
    """A Table element of TR rows (by Tag.row), each of its TH/TD cells in
    reading order (§14.8.4.3.4 table elements); on the page its first cell is."""
    first = min(e.kids[0][0] for e in cells.values())
    table = _new_element(pdf, "/Table", parent, pages[first])
    rows: dict[int, list] = {}
    for tag in sorted(cells, key=lambda tag: (tag.row, tag.seq)):
        rows.setdefault(tag.row, []).append(tag)
    trs = pikepdf.Array()
    for row in sorted(rows):
        tr = _new_element(pdf, "/TR", table, pages[cells[rows[row][0]].kids[0][0]])
        tr.K = pikepdf.Array([_make_leaf(pdf, cells[tag], tr, pages, parent_tree) for tag in rows[row]])
        trs.append(tr)
    table.K = trs
    return table


def _make_leaf(pdf: pikepdf.Pdf, e: _Element, parent, pages, parent_tree: dict):
    """A P, H, Figure … element: its MCIDs as kids (marked-content
    references where they are on another page than its first, §14.7.4.2)."""
    first = e.kids[0][0]
    element = _new_element(pdf, "/" + e.tag.role, parent, pages[first])
    if e.tag.role == "Figure" and e.tag.alt:
        element.Alt = pikepdf.String(e.tag.alt)
    if e.tag.row >= 0 and e.tag.span > 1:         # a table cell across columns (§14.8.5.7, Table attributes)
        element.A = pikepdf.Dictionary(O=pikepdf.Name.Table, ColSpan=e.tag.span)
    kids = pikepdf.Array()
    for number, mcid in e.kids:
        if number == first:
            kids.append(mcid)
        else:
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[number].obj, MCID=mcid))
        slots = parent_tree.setdefault(number, [])
        slots += [None] * (mcid + 1 - len(slots))
        slots[mcid] = element
    element.K = kids
    return element

