"""`BlockContent` — head slugs across a block, a column stream — and the
`Typesetter` that composes it.

Each block kind (typeset/kinds/) turns its block into slugs of whole grid
lines: the *head* stacks across the whole block width (headline groups,
label boxes, photos), the *stream* threads through its columns (body
lines, brief headlines, rules).  Composition goes through `Typesetter`,
which holds the template, the metrics and a cache, and the pieces the kinds
share: centred head groups, body lines, photo frames, the vertical label.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from .. import registry
from ..compose import ComposerSettings, compose_paragraph, compose_vertical, compose_vertical_paragraph
from ..compose.parallel import job
from ..compose.types import Line, StyledRun
from ..display import ImageItem, Item, RuleItem, Tag
from ..messages import lang as message_lang, say
from ..model import Paragraph, Photo, Placement
from ..model.lang import Variant, variant_of
from ..style.template import Style, Template
from ..units import to_pt
from .headlines import MAX_LINES, HeadSetter, min_size
from .slugs import Slug, baseline_in_cell, line_runs, line_slug, ruby_room
from .vertical import Bands, Frame, JumpLine, lines_across, vertical_glyph_runs

NO_BREAK = 1e6            # measure for a single line set at natural width
# Message keys naming the shipped faces (typeset/fonts/library.py SHIPPED_FILES).
FACE_NAMES = {"song": "face_song", "song-bold": "face_song_bold", "hei": "face_hei", "kai": "face_kai"}


def run_lang(variant: Variant) -> str:
    """StyledRun.lang of text in `variant`: its tag, "" for Simplified text
    (set exactly as before: the same runs, the same composition cache keys)."""
    return "" if variant.simplified else variant.tag


@dataclass(frozen=True)
class Composed:
    """A paragraph's lines and where it came from (for reports)."""
    lines: tuple[Line, ...]
    text: str
    source_line: int


@dataclass(frozen=True)
class Inset:
    """Something set in an article's text the way a photo is (BlockContent.
    inner_photos pairs it with its content): the text flows round it.  Its
    placement fixes its columns and lines, so the layout never resizes it:
    an article's standing heads (竖题, issue 18 §1)."""
    id: str
    placement: Placement


@dataclass
class BlockContent:
    kind: str
    head: list[Slug] = field(default_factory=list)
    stream: list[Slug] = field(default_factory=list)
    inner_photos: list = field(default_factory=list)       # (Photo or Inset, BlockContent)
    paragraphs: list[Composed] = field(default_factory=list)
    boxed: bool = False
    vertical_label: str = ""
    warnings: list[str] = field(default_factory=list)
    # where its structure elements belong (tagged PDF): the article and the
    # first element's place in it; a photo is made again when the page is
    # filled (flow/pages.py) and keeps them
    art: str = ""
    seq: int = 0
    # a vertical continuation's lines (转版 of a vertical article: its label
    # and the vertical slugs carried), laid again when its rectangle is known
    vertical_lines: list[Slug] = field(default_factory=list)
    # a vertical block's lines at its right edge with 着重号 or ruby readings:
    # (their text, the room in pt they take right of the block's rectangle,
    # flow/vertical.py `vertical_ruby_room`); the page checks that room
    # (flow/pages.py `_marks_outside`: the gutter or the page margin)
    marks_right: list[tuple[str, float]] = field(default_factory=list)
    # white a vertical block leaves inside its rectangle, left of its last
    # line in its last band: (column from the block's first, grid line from
    # its top, vertical lines, grid lines down) — 欠版 the page reports as
    # it does a column's empty foot (Typesetter.vertical_white, fill.Hole)
    white: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.head) + sum(s.chars for s in self.stream)


class Typesetter:
    """Composes text for one template; caches composed paragraphs."""

    def __init__(self, template: Template, metrics, settings: Optional[ComposerSettings] = None,
                 issue_lang: str = ""):
        from . import settings_for
        self.issue_lang = issue_lang          # <issue lang>: the language of blocks that name none
        self.t = template
        self.grid = template.grid
        self.metrics = metrics
        self.settings = settings or settings_for(template)     # the template's [composer]
        self._cache: dict = {}
        self.heads = HeadSetter(metrics, self.settings, self._cache)

    # -- composition --------------------------------------------------------
    @staticmethod
    def _key(runs: Sequence[StyledRun], measure: float, indent_em: float) -> tuple:
        """The composition cache's key (measures equal to 1/1000 pt share it)."""
        return (tuple(runs), round(measure, 3), indent_em)

    def compose(self, runs: Sequence[StyledRun], measure: float, indent_em: float = 2.0) -> tuple[Line, ...]:
        key = self._key(runs, measure, indent_em)
        lines = self._cache.get(key)
        if lines is None:
            lines = compose_paragraph(runs, measure, self.metrics, self.settings, indent_em=indent_em)
            self._cache[key] = lines
        return lines

    def body_job(self, para: Paragraph):
        """The composition `body_slugs` will ask for `para` (a compose.parallel
        job), or None when it is already cached."""
        runs, measure = self.runs_for(para, "body"), self.grid.column_width
        if self._key(runs, measure, 2.0) in self._cache:
            return None
        return job(runs, measure, 2.0, self.settings)

    def remember(self, j, lines: tuple[Line, ...]) -> None:
        """Keep lines composed elsewhere (compose_paragraphs) for `compose`."""
        runs, measure, indent, _ = j
        self._cache[self._key(runs, measure, indent)] = lines

    def runs_for(self, para: Paragraph, base_role: str = "body") -> list[StyledRun]:
        """Model runs → styled runs; the source tag follows after a space.
        Text in Traditional Chinese takes its regional faces and language (`styled`)."""
        out: list[StyledRun] = []
        variant = self.variant(para.lang)
        lang = run_lang(variant)
        for run in para.runs:
            role = base_role if run.role == "text" else run.role
            style = self.t.styles.get(role, self.t.style(base_role))
            text = run.text
            if run.role == "source" and out:
                text = " " + text
            out.append(StyledRun(text, self.face(style.face, variant), style.size, run.role, lang,
                                 run.reading))
        return out

    def ruby_warnings(self, block_id: str, composed: Sequence[Composed]) -> list[str]:
        """One warning per body line whose ruby readings need more than the gap
        between grid lines (line_pitch − body size; `ruby_room`): they would
        touch the line above (or its 着重号).  Lines are taken as they follow
        in the text: a column break between two of them only warns early."""
        gap = self.grid.pitch - self.grid.body_size
        lines = [line for record in composed for line in record.lines]
        out = []
        for k, line in enumerate(lines):
            need = ruby_room(line, lines[k - 1] if k else None)
            if need > gap + 1e-9:
                reading = " ".join(n.text for n in line.annotations if n.kind == "ruby")
                out.append(say("ruby_no_room", block=block_id, reading=reading, need=need, gap=gap))
        return out

    # -- language (model/lang.py) ----------------------------------------------
    def variant(self, lang: str) -> Variant:
        """How text of a block tagged `lang` is set ("": the issue's language)."""
        return variant_of(lang or self.issue_lang)

    def face(self, face: str, variant: Variant) -> str:
        """The face key setting shipped face `face` in text of `variant`: its
        regional face (Noto CJK TC/HK installed: FontLibrary.regional_face) for
        Traditional Chinese, else `face` itself — the documented fallback,
        which `lang_warnings` reports."""
        if not variant.traditional:
            return face
        regional = getattr(self.metrics, "regional_face", None)
        return (regional(face, variant.region) if regional else None) or face

    def styled(self, style: Style, variant: Variant) -> Style:
        """`style` with the face of `variant` (`face`)."""
        face = self.face(style.face, variant)
        return style if face == style.face else replace(style, face=face)

    def lang_warnings(self, block, roles: Sequence[str], lang: Optional[str] = None) -> list[str]:
        """One warning for a Traditional Chinese block some of whose `roles`
        have no Traditional face installed (they keep the shipped Simplified
        faces, `face`), naming the block and those faces; none otherwise."""
        variant = self.variant(block.lang if lang is None else lang)
        if not variant.traditional:
            return []
        faces = {self.t.style(r).face for r in roles if r in self.t.styles}
        order = list(FACE_NAMES)
        missing = sorted((f for f in faces if self.face(f, variant) == f),
                         key=lambda f: (order.index(f) if f in order else len(order), f))
        if not missing:
            return []
        return [say("lang_no_face", block=block.id, lang=variant.tag,
                    faces=("、" if message_lang() == "zh" else ", ").join(
                        say(FACE_NAMES[f]) if f in FACE_NAMES else f for f in missing))]

    def natural_line(self, text: str, style: Style, width: float) -> tuple[Line, float]:
        """One line at natural width; shrinks the size when it is too wide."""
        size = style.size
        line = self.compose([StyledRun(text, style.face, size)], NO_BREAK, 0.0)[0]
        if line.natural > width:
            size = size * width / line.natural
            line = self.compose([StyledRun(text, style.face, size)], NO_BREAK, 0.0)[0]
        return line, size

    # -- slugs ----------------------------------------------------------------
    def lines_for(self, height: float) -> int:
        """Grid lines a block of `height` pt needs (G3: s·N + g·(N−1) ≥ h)."""
        g = self.grid
        return max(1, math.ceil((height + g.pitch - g.body_size) / g.pitch - 1e-9))

    def centred_group(self, rows: Sequence[tuple], width: float,
                      kind: str = "head", pad: float = 0.0, line: int = 0, lang: str = "",
                      tags: Sequence[Optional[Tag]] = ()) -> tuple[Slug, list[str], list[Composed]]:
        """Stack centred headline rows (text, style, line height factor) into a
        slug of whole grid lines, centred vertically (G3).  A row's text is a
        string (plain text: the layout breaks it, flow/headlines.py) or a
        tuple of the editor's lines.  The slug grows by whole grid lines with
        the lines set.  Also returns the warnings (shrunk or overset heads)
        and the lines as `Composed` records.  `lang`: the block's language tag
        (its faces and marks, `styled`).  `tags[k]`: the structure element of
        row k's lines (none given: furniture)."""
        placed: list[tuple] = []
        warnings: list[str] = []
        y, overset = 0.0, 0
        variant = self.variant(lang)
        for k, (text, style, factor) in enumerate(rows):
            if not text:
                continue
            tag = tags[k] if k < len(tags) else None
            style = self.styled(style, variant)
            for head in self.set_head(text, style, width, warnings, line, run_lang(variant)):
                if head.outcome == "overset":       # counted in the block's 超版 lines
                    overset += max(len(head.lines) - MAX_LINES, 1)
                for set_line in head.lines:
                    height = head.size * factor
                    placed.append((set_line, head.size, style, y, height, tag))
                    y += height
        n = self.lines_for(y + 2 * pad)
        offset = (self.grid.extent(n) - y) / 2
        items: list[Item] = []
        chars = 0
        # `line` is the source line of the rows: the set lines get other names
        for set_line, size, style, top, height, tag in placed:
            x = (width - set_line.natural) / 2
            items += line_runs(set_line, x, offset + top + baseline_in_cell(height, size), style.color, tag)
            chars += len(set_line.text.replace(" ", ""))
        text = "\n".join(t if isinstance(t, str) else "\n".join(t) for t, _, _ in rows if t)
        records = [Composed((p[0],), p[0].text, line) for p in placed]
        return (Slug(lines=n, items=tuple(items), kind=kind, chars=chars, text=text, overset=overset),
                warnings, records)

    def set_head(self, text, style: Style, width: float, warnings: list[str], line: int = 0,
                 lang: str = ""):
        """One headline row set (flow/headlines.py): plain text broken into
        balanced lines, or the editor's lines kept; warnings for a head
        shrunk below its size or overset at its min_size.  `lang`: StyledRun.lang."""
        low = min_size(style, self.grid.body_size)
        if isinstance(text, str):
            heads = [self.heads.set(text, style, width, low, lang)]
        else:
            heads = self.heads.set_forced(text, style, width, low, lang)
        shown = text if isinstance(text, str) else " / ".join(text)    # the editor's lines, one warning
        overset = [h for h in heads if h.outcome == "overset"]
        if overset:
            warnings.append(say("head_overset", text=shown, width=width, size=overset[0].size,
                                lines=sum(len(h.lines) for h in heads), line=line))
        elif any(h.outcome == "shrunk" for h in heads):
            warnings.append(say("too_wide", text=shown, width=width, size=heads[0].size, nominal=style.size))
        return heads

    def body_slugs(self, paragraphs: Sequence[Paragraph], measure: float, role: str = "body",
                   indent_em: float = 2.0, art: str = "", seq: int = 0) -> tuple[list[Slug], list[Composed]]:
        """Body lines, one slug each; paragraph k is element P `seq + k` of article `art`."""
        style = self.t.style(role)
        widows = self.widows()
        slugs, composed = [], []
        for k, para in enumerate(paragraphs):
            lines = self.compose(self.runs_for(para, role), measure, indent_em)
            composed.append(Composed(lines, para.text, para.line))
            tag = Tag(art, "P", seq + k) if art else None
            para_slugs = [line_slug(line, self.grid.body_size, style.color, tag) for line in lines]
            if len(para_slugs) > 1:
                para_slugs[-1] = replace(para_slugs[-1], widow=True)     # counted if it tops a column
                if widows > 1:
                    # 孤行 (rule book §1.5): the line `widows` from the end (or a
                    # shorter paragraph's first) keeps the rest with it, so a
                    # column never starts with fewer of a paragraph's last lines.
                    j = max(0, len(para_slugs) - widows)
                    para_slugs[j] = replace(para_slugs[j], keep_with_next=len(para_slugs) - 1 - j)
            slugs += para_slugs
        return slugs, composed

    def body_setting(self) -> tuple:
        """What a body line set by this Typesetter depends on: lines set for
        another with the same setting fit its columns as they are (转版)."""
        return (self.grid.column_width, self.grid.body_size, self.grid.pitch, self.t.style("body"),
                self.settings, self.widows())

    def widows(self) -> int:
        """[rules] widows: the fewest last lines of a paragraph that may start a
        column (1: no control, the default; 2: no 孤行 at a column top).
        Checked when the template is read."""
        return self.t.rules.get("widows", 1)

    def jump_label(self, kind: str, page: int) -> Slug:
        """转版 line: "to" （下转第N版） set flush right at the foot of an
        article's part, "from" （上接第N版） flush left at the head of its
        rest; template [jumps] and [styles.jump] (default: the body style).
        It carries no source text (chars 0): it is furniture, not copy."""
        text = str(self.t.jumps[kind]).format(page=page)
        style = self.t.styles.get("jump", self.t.style("body"))
        width = self.grid.column_width
        line, size = self.natural_line(text, style, width)
        x = width - line.natural if kind == "to" else 0.0
        items = line_runs(line, x, baseline_in_cell(self.grid.body_size, size), style.color)
        return Slug(lines=1, items=tuple(items), kind="label")

    def vertical_jump(self, kind: str, page: int) -> JumpLine:
        """The 转版 label of a vertical article as one vertical line at its
        natural length (a band tall at most): "to" （下转第N版） ends the
        article's part flush with the foot of its band, "from" （上接第N版）
        heads its rest from the band's top; template [jumps], [styles.jump]."""
        text = str(self.t.jumps[kind]).format(page=page)
        style = self.t.styles.get("jump", self.t.style("body"))
        measure = self.grid.column_chars * self.grid.body_size
        line = compose_vertical_paragraph([StyledRun(text, style.face, style.size)], measure, self.metrics,
                                          self.settings, 0.0)[0]
        return JumpLine(line, style.color)

    def band_lines(self) -> int:
        """Grid lines of one body band of a vertical block: as many characters
        tall as the grid's columns are wide (G1: the same measure, turned)."""
        return self.lines_for(self.grid.column_chars * self.grid.body_size)

    def vertical_white(self, white: Optional[Frame]) -> list[tuple[int, int, int, int]]:
        """The white rectangle `white` (pt from a vertical block's top-left;
        flow/vertical.py `last_band_white`) as (column from the block's
        first, grid line from its top, vertical lines that would fill it,
        its grid lines down): none when not one more line stands in it."""
        if white is None:
            return []
        g = self.grid
        across = lines_across(white.width, g.pitch, g.body_size)
        if not across:
            return []
        col = int(white.x // (g.column_width + g.gutter) + 1e-9)
        return [(col, round(white.y / g.pitch), across, self.lines_for(white.height))]

    def lines_of_bands(self, bands: int) -> int:
        """Grid lines of `bands` bands of a vertical block and the air line
        between two (at most the grid's lines)."""
        return min(self.grid.lines, bands * (self.band_lines() + 1) - 1)

    def most_bands(self) -> int:
        """How many bands a column of the grid holds (at least one)."""
        return max(1, (self.grid.lines + 1) // (self.band_lines() + 1))

    def bands(self) -> Bands:
        """The bands (竖排的栏) of a vertical block: `band_lines` tall, a grid
        line of air between two."""
        g = self.grid
        return Bands(g.column_chars, g.extent(self.band_lines() + 1) - g.column_chars * g.body_size)

    def rule_slug(self, width: float, weight: float) -> Slug:
        y = self.grid.body_size / 2
        return Slug(lines=1, items=(RuleItem(0, y, width, y, weight),), kind="rule")

    # -- what the block kinds share (typeset/kinds/) ---------------------------
    def headline_style(self, size_name: str, span: int) -> Style:
        """The headline style for an article: the issue's size="small|medium|large"
        when the template names that size, else the narrow size for narrow
        articles, else the template's headline size."""
        style = self.t.style("headline")
        sizes = style.extra.get("sizes", {})
        if size_name and size_name in sizes:
            return replace(style, size=to_pt(sizes[size_name]))
        if span <= int(style.extra.get("narrow_span", 0)) and "narrow_size" in style.extra:
            return replace(style, size=to_pt(style.extra["narrow_size"]))
        return style

    def photo(self, p: Photo, span: int, lines: Optional[int] = None, art: str = "",
              seq: int = 0) -> BlockContent:
        """Image on whole grid lines, caption (+ credit) below it (G3/G4);
        a Figure and a Caption, elements `seq` and `seq + 1` of article
        `art` (the photo's own id for a photo block)."""
        width = self.grid.span_width(span)
        art = art or p.id
        content = BlockContent("photo", warnings=self.lang_warnings(p, registry.of(p).roles), art=art, seq=seq)
        cap_slugs: list[Slug] = []
        if p.caption is not None or p.credit:
            runs = self.runs_for(p.caption, "caption") if p.caption else []
            if p.credit:
                credit, variant = self.t.style("credit"), self.variant(p.lang)
                runs.append(StyledRun((" " if runs else "") + p.credit, self.face(credit.face, variant),
                                      credit.size, "credit", run_lang(variant)))
            lines_ = self.compose(runs, width, indent_em=0.0)
            source_line = p.caption.line if p.caption else p.line
            content.paragraphs.append(Composed(lines_, "".join(r.text for r in runs), source_line))
            caption = Tag(art, "Caption", seq + 1)
            cap_slugs = [line_slug(line, self.grid.body_size, tag=caption) for line in lines_]
        total = lines or (span * int(self.t.defaults.get("photo_lines_per_column", 9)) + len(cap_slugs))
        image_lines = max(2, total - len(cap_slugs))
        # the Figure's /Alt is its caption (or, without one, the credit)
        alt = p.caption.text if p.caption is not None else p.credit
        image = ImageItem(0, 0, width, self.grid.extent(image_lines), p.src, p.focus, p.crop, p.id,
                          tag=Tag(art, "Figure", seq, alt))
        content.head = [Slug(lines=image_lines, items=(image,), kind="image")] + cap_slugs
        return content

    def label_inset(self) -> float:
        """Space above and below the vertical label inside its box."""
        return max(self.t.style("summary_label").size * 0.5, self.grid.pitch - self.grid.body_size)

    def label_lines(self, label: str) -> int:
        """Grid lines a box needs for its vertical label to stand in it, unspread."""
        if not label:
            return 0
        style = self.t.style("summary_label")
        glyphs = compose_vertical(label, style.face, style.size, 0.0, self.metrics)
        tall = max((g.y + g.size for g in glyphs), default=0.0)
        return self.lines_for(tall + 2 * self.label_inset())

    def vertical_label(self, label: str, height: float, x: float, y: float, art: str = "") -> list[Item]:
        """The summary label set vertically, evenly spread over `height` (V6);
        element Lbl, the first of summary `art` (it is read first)."""
        tag = Tag(art, "Lbl", 0) if art else None
        style = self.t.style("summary_label")
        glyphs = compose_vertical(label, style.face, style.size, height, self.metrics)
        # One run per face (one for a label of ideographs), its text the label
        # as ActualText: search and copy find "核心提示", not one character per
        # line; rotated Latin is turned (TextRun.turns, V1).
        return list(vertical_glyph_runs(glyphs, x, y, style.color, tag))

    def vertical_label_fits(self, label: str, height: float) -> bool:
        """Whether the label stands in `height` pt; compose_vertical lets a
        too-tall label overrun its box (and the page foot) rather than drop glyphs."""
        style = self.t.style("summary_label")
        glyphs = compose_vertical(label, style.face, style.size, max(height, 0.0), self.metrics)
        return all(g.y + g.size <= height + 1e-6 for g in glyphs)
