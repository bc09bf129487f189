"""Layout result → the digital edition (电子版/数字报): page JPEGs, an article map, the articles.

`paiban epaper ISSUE.xml -o DIR` writes, from the same rendering as
`paiban proof` (workflow/proof.py: the plain PDF through pypdfium2):

    DIR/index.html                 the pages with clickable article regions (static, no script)
    DIR/issue.json                 pages, articles, their text, photos and regions (pt and px)
    DIR/pages/p<N>-<W>.jpg         each page W px wide, for every size (default 1600 and 400)
    DIR/photos/<photo id>.jpg      each photo as printed, cut from the largest page image
    DIR/newsml/<article id>.xml    each article as an IPTC NewsML-G2 newsItem (workflow/newsml.py)
    DIR/.paiban-epaper             marks the folder as paiban's (it is replaced as a whole)

An article is a story of the issue: an <article> (its regions on every page
it is set on: a 转版 <continuation> adds one on the later page), a photo
block (图片新闻: the caption is its text), or one brief of a <briefs> column
(the column's rectangle is the region of each of its briefs).  Regions are
the blocks' rectangles of the layout (BlockReport.rect on the page grid), in
pt from the trim's top-left corner and in px of each page image.

The same input gives the same bytes: JPEGs with fixed encoder settings and
no metadata, JSON with sorted keys, no clock anywhere (NewsML dates come from
the issue date).  The folder is written whole and swapped in
(typeset/outputs.py `write_tree`).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .. import __version__

EPAPER_FORMAT = 1                   # issue.json's layout version; batch records it too
SIZES = (1600, 400)                 # page image widths: a desktop screen, a thumbnail or phone list
MIN_SIZE, MAX_SIZE = 100, 6000      # below: unreadable; above: larger than a 150 dpi broadsheet page
MARKER = ".paiban-epaper"           # the file that says a folder is an e-paper paiban wrote
# Fixed encoder settings, so the same pixels give the same bytes; 4:2:0 chroma
# costs nothing on black text and grey photos, quality 85 keeps 6 pt type sharp.
JPEG = {"format": "JPEG", "quality": 85, "optimize": True, "progressive": False, "subsampling": "4:2:0"}


@dataclass
class EpaperOptions:
    folder: str
    sizes: tuple[int, ...] = SIZES


@dataclass(frozen=True)
class Region:
    """A rectangle on page `page`, pt from the trim's top-left corner."""
    page: int
    x: float
    y: float
    w: float
    h: float

    def contains(self, page: int, x: float, y: float) -> bool:
        return page == self.page and self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    def px(self, scale: float) -> dict:
        """Whole pixels at `scale` px/pt: edges rounded, so neighbours share an edge."""
        x0, y0 = round(self.x * scale), round(self.y * scale)
        x1, y1 = round((self.x + self.w) * scale), round((self.y + self.h) * scale)
        return {"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}

    def pt(self) -> dict:
        return {"x": round(self.x, 2), "y": round(self.y, 2), "w": round(self.w, 2), "h": round(self.h, 2)}


@dataclass
class StoryPhoto:
    """A photo of a story: its file in the issue, caption, credit, and where it is printed."""
    id: str
    src: str
    caption: Any                    # model.Paragraph or None
    credit: str
    region: Optional[Region] = None

    @property
    def file(self) -> str:
        """The e-paper's copy of the photo as printed (cut from the page image)."""
        return f"photos/{self.id}.jpg" if self.region else ""


@dataclass
class Story:
    """One article of the digital edition, with everything its outputs show."""
    id: str
    kind: str                       # "article" | "photo" | "brief" | another block kind's name
    headline: tuple[str, ...] = ()
    kicker: str = ""
    subhead: str = ""
    byline: str = ""                # <byline>, else the names in the dateline's brackets
    dateline: str = ""              # 本报讯（…）: the first paragraph's dateline run
    paragraphs: tuple = ()          # model.Paragraph, as printed
    photos: list[StoryPhoto] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    group: Optional[dict] = None    # a brief's column: {"id", "label"}

    @property
    def pages(self) -> list[int]:
        return sorted({r.page for r in self.regions})

    @property
    def title(self) -> str:
        """The headline in one line (its forced line breaks are layout, not text)."""
        return "".join(self.headline)


@dataclass
class PageInfo:
    """A page of the e-paper: number, section, trim size, and its page-wide furniture."""
    number: int
    section: str
    width: float
    height: float
    banner: str = ""
    summaries: list = field(default_factory=list)     # model.Summary

    def image_size(self, width: int) -> tuple[int, int]:
        return width, round(self.height * width / self.width)

    @staticmethod
    def image_name(number: int, width: int) -> str:
        return f"pages/p{number}-{width}.jpg"


# -- stories from the layout ---------------------------------------------------------

def collect(result) -> tuple[list[PageInfo], list[Story]]:
    """The pages and the stories of a laid-out issue, in reading order (page, then source order)."""
    from ..display import ImageItem
    from ..model import Article, Banner, Briefs, Continuation, Photo, Summary
    rects = _block_regions(result)
    continued = {b.id: b.of for p in result.issue.pages for b in p.blocks if isinstance(b, Continuation)}
    for block_id, of in continued.items():      # 转版: the rest's rectangle is the article's too
        rects.setdefault(of, []).extend(rects.pop(block_id, []))
    images = [(layout.number, it) for layout in result.pages for it in layout.items if isinstance(it, ImageItem)]
    pages, stories = [], []
    for page, layout in zip(result.issue.pages, result.pages):
        info = PageInfo(page.number, page.section, layout.width, layout.height)
        for block in page.blocks:
            if isinstance(block, Article):
                stories.append(_article(block, rects.get(block.id, []), images))
            elif isinstance(block, Photo):
                stories.append(_photo_story(block, rects.get(block.id, []), images))
            elif isinstance(block, Briefs):
                stories += _briefs(block, rects.get(block.id, []))
            elif isinstance(block, Banner):
                info.banner = info.banner or block.text
            elif isinstance(block, Summary):
                info.summaries.append(block)
            else:
                stories += _other_story(block, rects.get(block.id, []))
        pages.append(info)
    return pages, stories


def _block_regions(result) -> dict[str, list[Region]]:
    from .proof import page_grid
    grids = {layout.number: page_grid(result, layout.number) for layout in result.pages}
    out: dict[str, list[Region]] = {}
    for b in result.blocks:
        if b.kind == "hole":
            continue
        g = grids[b.page]
        for r in b.rect.parts():          # a 刀把 block is two regions: its head's columns and its leg
            out.setdefault(b.id, []).append(Region(b.page, g.col_x(r.col), g.line_top(r.line),
                                                   g.span_width(r.span), g.extent(r.lines)))
    return out


def _article(block, regions: list[Region], images: list) -> Story:
    dateline = "".join(run.text for run in (block.paragraphs[0].runs if block.paragraphs else ())
                       if run.role == "dateline")
    photos = [_photo(p, regions, images) for p in block.photos]
    return Story(block.id, "article", block.headline, block.kicker, block.subhead,
                 block.byline or _names_in(dateline), dateline, block.paragraphs, photos, regions)


def _other_story(block, regions: list[Region]) -> list[Story]:
    """A block of another registered kind (a table, a note): a story of the
    body text its kind declares, if it has any (rules and continuations have none)."""
    from .. import registry
    text = tuple(registry.of(block).paragraphs(block))
    return [Story(block.id, registry.of(block).name, paragraphs=text, regions=regions)] if text else []


def _photo_story(block, regions: list[Region], images: list) -> Story:
    return Story(block.id, "photo", byline=block.credit, photos=[_photo(block, regions, images)],
                 regions=regions)


def _briefs(block, regions: list[Region]) -> list[Story]:
    group = {"id": block.id, "label": block.label}
    return [Story(f"{block.id}-{i}", "brief", item.headline, paragraphs=item.paragraphs,
                  regions=list(regions), group=group)
            for i, item in enumerate(block.items, 1)]


def _photo(photo, regions: list[Region], images: list) -> StoryPhoto:
    """The photo with the rectangle of its image: the first image of that
    file drawn inside the story's regions (a caption is not part of it)."""
    for page, item in images:
        if item.path == photo.src and any(r.contains(page, item.x + item.w / 2, item.y + item.h / 2)
                                          for r in regions):
            images.remove((page, item))           # the same file twice in a story: each its own
            return StoryPhoto(photo.id, photo.src, photo.caption, photo.credit,
                              Region(page, item.x, item.y, item.w, item.h))
    return StoryPhoto(photo.id, photo.src, photo.caption, photo.credit)


_BRACKETS = re.compile(r"[（(]([^）)]+)[）)]")


def _names_in(dateline: str) -> str:
    """本报讯（记者 许廷合 通讯员 侯鹏） → 记者 许廷合 通讯员 侯鹏: who wrote it, when no <byline> says."""
    m = _BRACKETS.search(dateline)
    return m.group(1).strip() if m else ""


# -- the files -----------------------------------------------------------------------

def epaper_files(result, fonts, sizes: tuple[int, ...] = SIZES) -> dict[str, bytes]:
    """Every file of the e-paper folder: relative path → bytes (a pure function of the layout)."""
    from PIL import Image
    from .epaper_html import index_html
    from .newsml import news_item
    from .proof import render_pages
    pages, stories = collect(result)
    largest = max(sizes)
    rendered = render_pages(result, fonts, width=largest)
    files: dict[str, bytes] = {MARKER: f"paiban epaper {EPAPER_FORMAT}\n".encode()}
    for info, image in zip(pages, rendered):
        for width in sizes:
            scaled = image if width == largest else image.resize(info.image_size(width), Image.Resampling.LANCZOS)
            files[PageInfo.image_name(info.number, width)] = _jpeg(scaled)
    by_page = {info.number: image for info, image in zip(pages, rendered)}
    for story in stories:
        for photo in story.photos:
            if photo.region:
                box = photo.region.px(largest / _page(pages, photo.region.page).width)
                crop = by_page[photo.region.page].crop((box["x"], box["y"], box["x"] + box["w"],
                                                        box["y"] + box["h"]))
                files[photo.file] = _jpeg(crop)
    meta = result.issue.meta
    files["issue.json"] = issue_json(meta, pages, stories, sizes)
    files["index.html"] = index_html(meta, pages, stories, sizes)
    for story in stories:
        files[f"newsml/{story.id}.xml"] = news_item(story, meta)
    return files


def _page(pages: list[PageInfo], number: int) -> PageInfo:
    return next(p for p in pages if p.number == number)


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, **JPEG)
    return out.getvalue()


def issue_json(meta, pages: list[PageInfo], stories: list[Story], sizes: tuple[int, ...]) -> bytes:
    """issue.json: what an app or an archive needs to show the pages and find the text."""
    scales = {info.number: {str(w): w / info.width for w in sizes} for info in pages}
    data = {
        "format": "paiban-epaper", "format_version": EPAPER_FORMAT, "generator": f"typeset {__version__}",
        "paper": meta.paper, "date": meta.date, "issue_no": meta.issue_no, "total_no": meta.total_no,
        "edition": meta.edition, "lang": meta.lang, "sizes": list(sizes),
        "pages": [_page_json(info, sizes, stories) for info in pages],
        "articles": [_story_json(s, scales) for s in stories],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _page_json(info: PageInfo, sizes: tuple[int, ...], stories: list[Story]) -> dict:
    return {"number": info.number, "section": info.section,
            "size_pt": {"w": round(info.width, 2), "h": round(info.height, 2)},
            "images": {str(w): {"file": PageInfo.image_name(info.number, w), "w": info.image_size(w)[0],
                                "h": info.image_size(w)[1]} for w in sizes},
            "banner": info.banner,
            "summaries": [{"id": s.id, "label": s.label, "paragraphs": [p.text for p in s.paragraphs]}
                          for s in info.summaries],
            "articles": [s.id for s in stories if info.number in s.pages]}


def _story_json(story: Story, scales: dict) -> dict:
    def region(r: Optional[Region]) -> Optional[dict]:
        if r is None:
            return None
        return {"page": r.page, "pt": r.pt(), "px": {w: r.px(s) for w, s in scales[r.page].items()}}
    return {"id": story.id, "kind": story.kind, "page": story.pages[0] if story.pages else None,
            "pages": story.pages, "kicker": story.kicker, "headline": story.title,
            "headline_lines": list(story.headline), "subhead": story.subhead, "byline": story.byline,
            "dateline": story.dateline, "group": story.group,
            "paragraphs": [p.text for p in story.paragraphs],
            "photos": [{"id": p.id, "src": p.src, "file": p.file, "caption": p.caption.text if p.caption else "",
                        "credit": p.credit, "region": region(p.region)} for p in story.photos],
            "regions": [region(r) for r in story.regions],
            "newsml": f"newsml/{story.id}.xml"}


# -- writing the folder --------------------------------------------------------------

def write_epaper(result, fonts, options: EpaperOptions) -> dict[str, bytes]:
    """Check the folder, make the files, and put them in place as a whole; returns the files."""
    from ..outputs import check_output_tree, issue_inputs, write_tree
    check_output_tree(options.folder, MARKER, issue_inputs(result.issue, fonts))   # before any work
    files = epaper_files(result, fonts, options.sizes)
    write_tree(options.folder, files, MARKER)
    return files


def tree_digest(files: dict[str, bytes]) -> str:
    """One SHA-256 over a folder's files: each relative path with its content's digest, sorted."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).hexdigest().encode() + b"\n")
    return h.hexdigest()


def read_tree(folder: str) -> dict[str, bytes]:
    """The files under `folder`: relative path (with /) → bytes."""
    files = {}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder).replace(os.sep, "/")] = f.read()
    return files


def default_folder(issue_path: str) -> str:
    """ISSUE-epaper next to the issue, the way `paiban proof` makes ISSUE-proof."""
    return os.path.splitext(issue_path)[0] + "-epaper"


def parse_sizes(text: str) -> tuple[int, ...]:
    """"1600,400" → (1600, 400); ValueError on anything else (widths out of range, repeats)."""
    sizes = tuple(int(part) for part in text.split(","))
    if not sizes or len(set(sizes)) != len(sizes) or not all(MIN_SIZE <= s <= MAX_SIZE for s in sizes):
        raise ValueError(text)
    return sizes
