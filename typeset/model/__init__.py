"""The issue model: plain frozen dataclasses made by `parse.py` from the XML.

Every element keeps `line` (its source line in the issue file) so that later
stages can name where a problem comes from.  Nothing here knows about fonts,
templates or PDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

from typeset import registry


@dataclass(frozen=True)
class Run:
    """A stretch of text with one inline role.

    role: "text" (plain body), "runin" (bold run-in head), "dateline"
    (本报讯…), "em" (emphasis), "dots" (着重号: a dot under each
    character, `<em style="dots">`), "ruby" (a base word with its reading,
    `<ruby reading="…">`), "source" (the source tag （魏宣）).
    reading: the ruby reading (拼音/注音) of a "ruby" run, "" otherwise;
    each ruby run is one base group (never merged with its neighbours).
    """
    text: str
    role: str = "text"
    reading: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text: its runs in order, and its source line."""
    runs: tuple[Run, ...]
    line: int = 0
    lang: str = ""                # its block's language tag ("" = the issue's; model/lang.py)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Placement:
    """Where an editor put a block on the page grid (画版).

    col: first column (1-based), span: columns, line: first grid line
    (1-based), lines: height in grid lines.  None = decide automatically.
    """
    col: Optional[int] = None
    span: Optional[int] = None
    line: Optional[int] = None
    lines: Optional[int] = None


@dataclass(frozen=True)
class Photo:
    """A photo block (or a photo set inside an article): image, caption, credit."""
    id: str
    src: str                      # path relative to the issue file
    caption: Optional[Paragraph]
    credit: str = ""
    placement: Placement = field(default_factory=Placement)
    line: int = 0
    # What is kept when the image's shape differs from the frame's (issue 12 §7):
    # the focus point (fractions of the image, kept nearest the frame's centre)
    # and the share cut from each edge first (left, top, right, bottom; 0–1).
    focus: tuple[float, float] = (0.5, 0.5)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    lang: str = ""                # language tag, its own or its article's ("" = the issue's)


@dataclass(frozen=True)
class Article:
    """An article block: headline lines, optional kicker/subhead/byline, body, photos."""
    id: str
    headline: tuple[str, ...]     # one entry per forced headline line
    kicker: str = ""              # 引题
    subhead: str = ""             # 副题
    byline: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    photos: tuple[Photo, ...] = ()  # photos set inside the article's text
    placement: Placement = field(default_factory=Placement)
    headline_size: str = ""       # optional style override name (e.g. "large")
    line: int = 0
    headline_forced: bool = False  # the editor wrote <line>s: kept as written (else the layout breaks it)
    lang: str = ""                # language tag of the article ("" = the issue's; model/lang.py)
    # "vertical": set 竖排, lines right to left (issue 18 §1); "horizontal"; "" (not said):
    # the page template's `direction` (horizontal unless it says vertical)
    direction: str = ""
    headline_direction: str = "horizontal"  # "vertical": the heads stand at the right (竖题)


@dataclass(frozen=True)
class Brief:
    """One item of the briefs column: a headline and its paragraphs."""
    headline: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    line: int = 0
    headline_forced: bool = False  # <line>s, as for Article


@dataclass(frozen=True)
class Briefs:
    """The briefs column (一周要闻): a label box, then short items with rules."""
    id: str
    label: str
    items: tuple[Brief, ...]
    placement: Placement = field(default_factory=Placement)
    line: int = 0
    lang: str = ""                # language tag of the column ("" = the issue's)


@dataclass(frozen=True)
class Banner:
    """A banner headline across the page (通栏标题)."""
    id: str
    text: str
    placement: Placement = field(default_factory=Placement)
    line: int = 0


@dataclass(frozen=True)
class Summary:
    """The boxed core summary (核心提示) with a vertically set label."""
    id: str
    label: str
    paragraphs: tuple[Paragraph, ...]
    placement: Placement = field(default_factory=Placement)
    line: int = 0
    lang: str = ""                # language tag of the box ("" = the issue's)


@dataclass(frozen=True)
class Rule:
    """A rule between blocks: horizontal or vertical, on grid coordinates."""
    id: str
    placement: Placement = field(default_factory=Placement)
    weight: str = "thin"          # "thin" | "thick" | "double"
    line: int = 0
    direction: str = "horizontal"  # "horizontal" | "vertical"


@dataclass(frozen=True)
class Continuation:
    """转版: where the rest of article `of` (on an earlier page) goes on."""
    id: str
    of: str                       # the article's id
    placement: Placement = field(default_factory=Placement)
    line: int = 0


Block = Union[Article, Briefs, Banner, Summary, Photo, Rule, Continuation]


@dataclass(frozen=True)
class Page:
    """A page: its number, section, template name and blocks in source order."""
    number: int
    section: str
    template: str
    blocks: tuple[Block, ...]
    editor: str = ""              # 责任编辑 etc. printed in the header
    line: int = 0


@dataclass(frozen=True)
class IssueMeta:
    """The issue's masthead data: paper, date, numbers, edition, publisher."""
    paper: str                    # 报名, e.g. 魏都区报
    date: str                     # ISO date, 2022-08-31
    issue_no: str = ""            # 期号 (this year's number)
    total_no: str = ""            # 总第…期
    edition: str = ""             # 版别 / section of the paper
    publisher: str = ""           # 主办 line
    lang: str = "zh-Hans"
    place: str = ""               # where the paper is made (NewsML-G2 located of its articles)


@dataclass(frozen=True)
class Issue:
    """A parsed issue file: its metadata and pages."""
    source: str                   # path of the XML file, for messages
    meta: IssueMeta
    pages: tuple[Page, ...]

    @property
    def base_dir(self) -> str:
        import os
        return os.path.dirname(os.path.abspath(self.source))


def body_paragraphs(issue: Issue) -> list[Paragraph]:
    """The body text of an issue in reading order: the paragraphs of its
    articles and briefs (no headlines, captions or summaries)."""
    return [p for page in issue.pages for p in page_body_paragraphs(page)]


def page_body_paragraphs(page: Page) -> list[Paragraph]:
    """The body text of one page: the body paragraphs its blocks' kinds
    declare (articles', briefs' — not headlines, captions or summaries)."""
    return [p for block in page.blocks for p in registry.of(block).paragraphs(block)]
