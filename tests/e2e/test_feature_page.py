"""The feature page (issues/feature.xml, issue 18 "Done when") built to
PDF/X-1a and read back by pdfminer and pdfium, not by typeset: the
vertical essay keeps 避头尾 at the top and foot of every column line,
takes the vertical forms of 、。， (at the top right of their cells),
sets 12 upright side by side (纵中横) and jumps to page 6 (转版) with every
character once; the 竖题 stands as one column of characters; the table's
cells are aligned row by row and column by column, its header set again
after its column break; every character of the XML is on a page.

Only the blocks' places come from the build (where to look); what is
there comes from the PDF."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import pypdfium2
import pytest
from lxml import etree

from typeset.display import TextRun
from typeset.pipeline import BuildOptions, build_issue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISSUE = os.path.join(ROOT, "issues", "feature.xml")
SCALE = 4                                   # render scale for the ink tests (288 dpi)
# Rule book R1/R2 (避头尾): never at the start / the end of a line (vertical: its top / foot)
NO_START = set("、。，．：；！？）」』》〉】〕…—")
NO_END = set("（「『《〈【〔")


@dataclass(frozen=True)
class Char:
    """A glyph as pdfminer reads it: its text (through ToUnicode), its box in
    pt from the page's top-left, its size and its origin (baseline)."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    baseline: float = 0.0

    @property
    def em_top(self) -> float:
        """The top of its ideographic em box (−120…880 units: 0.88 em above the baseline)."""
        return self.baseline - 0.88 * self.size


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("feature") / "feature.pdf")
    return build_issue(ISSUE, out, BuildOptions(variant="x1a")), out


@pytest.fixture(scope="module")
def pages(built):
    """Per page, pdfminer's characters in content-stream order."""
    from pdfminer.high_level import extract_pages
    out = []
    for page in extract_pages(built[1], laparams=None):
        chars: list[Char] = []
        _collect(page, page.height, chars)
        out.append(chars)
    return out


def _collect(node, height: float, chars: list) -> None:
    """pdfminer's LTChars under `node`, as Chars, in stream order."""
    from pdfminer.layout import LTChar
    if isinstance(node, LTChar):
        chars.append(Char(node.get_text(), node.x0, height - node.y1, node.x1, height - node.y0, node.size,
                          height - node.matrix[5]))
    elif hasattr(node, "__iter__"):
        for kid in node:
            _collect(kid, height, chars)


def region(built, page: int, art: str, roles=("P",)):
    """(left, top, right, bottom) of the items the build drew for `art`'s
    elements of `roles` on `page` (1-based index into the PDF's pages)."""
    runs = [it for it in built[0].pages[page - 1].items
            if isinstance(it, TextRun) and it.tag and it.tag.art == art and it.tag.role in roles]
    assert runs, f"nothing of {art} on page {page}"
    size = max(max(r.sizes or (r.size,)) for r in runs)
    return (min(r.x for r in runs) - 1, min(r.y for r in runs) - size,
            max(r.x + (size if r.ys else r.size * len(r.text)) for r in runs),
            max(r.y + max(r.ys or (0.0,)) for r in runs) + 3)


def inside(chars, box):
    left, top, right, bottom = box
    return [c for c in chars if left <= c.x0 and c.x1 <= right + 12 and top <= c.top and c.bottom <= bottom + 12]


def vertical_lines(chars, size: float = 9.0) -> list[list[Char]]:
    """The characters stacked in vertical lines: the lines stand where
    body-size characters share a left edge (four or more); every character
    whose centre is inside a line's em goes to it (the digits of a 纵中横
    pair too), read top → bottom (a pair left → right); a line is cut where
    the gap down to the next character exceeds 1.5 em (a band ends there);
    in reading order (`_in_reading_order`)."""
    chars = [c for c in chars if not _in_a_horizontal_line(c, chars, size)]
    edges = Counter(round(c.x0) for c in chars if abs(c.size - size) < 0.5)
    lefts = sorted((x for x, n in edges.items() if n >= 4), reverse=True)
    columns = defaultdict(list)
    for c in chars:
        if abs(c.size - size) >= 0.5 and not c.text.isdigit():
            continue                            # a credit, a head: not body text
        centre = (c.x0 + c.x1) / 2
        for x in lefts:
            if x - 0.5 <= centre <= x + size + 0.5:
                columns[x].append(c)
                break
    lines = []
    for x in lefts:
        run: list[Char] = []
        for c in sorted(columns[x], key=lambda c: (round(c.top, 1), c.x0)):
            if run and c.top - run[-1].top > 1.5 * size:
                lines.append(run)
                run = []
            run.append(c)
        lines.append(run)
    return _in_reading_order([line for line in lines if line], size)


def _in_a_horizontal_line(c: Char, chars, size: float) -> bool:
    """Whether `c` has a neighbour on its baseline one em or an em and a word
    space away (a caption or credit set across under a photo): vertical
    lines stand a pitch (1.67 em) apart, the digits of a 纵中横 pair half an em."""
    if c.text.isdigit():
        return False
    return any(abs(o.baseline - c.baseline) < 0.3 and 0.85 * size <= abs(o.x0 - c.x0) <= 1.55 * size
               for o in chars if o is not c and not o.text.isdigit())


def _in_reading_order(lines: list[list[Char]], size: float) -> list[list[Char]]:
    """Lines band by band from the top (a band: lines whose tops lie within
    three ems of each other — a paragraph's first line is indented two),
    each band's lines right to left."""
    bands: list[list[list[Char]]] = []
    for line in sorted(lines, key=lambda line: line[0].top):
        if bands and line[0].top - bands[-1][0][0].top <= 3 * size:
            bands[-1].append(line)
        else:
            bands.append([line])
    return [line for band in bands for line in sorted(band, key=lambda line: -line[0].x0)]


def source_text(xpath: str) -> str:
    """The text of the XML's elements at `xpath`, joined (ruby readings are attributes: not in it)."""
    doc = etree.parse(ISSUE)
    return "".join("".join(e.itertext()) for e in doc.xpath(xpath))


def squeeze(text: str) -> str:
    return "".join(text.split())


# -- the page as a whole -------------------------------------------------------------

def test_nothing_is_overset_and_no_page_is_left_white():
    # --strict exits 3 on any 欠版: a column's empty foot, white no block
    # covers, or white left of a vertical block's last line in its band
    done = subprocess.run([sys.executable, "-m", "typeset", "check", ISSUE, "--strict"],
                          capture_output=True, text=True, cwd=ROOT)
    assert "0 overset" in done.stdout + done.stderr or "超版稿件0篇" in done.stdout + done.stderr, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_character_of_the_xml_is_on_a_page(pages):
    wanted = Counter(squeeze(source_text("//p | //headline | //kicker | //subhead | //byline | //caption"
                                         " | //credit | //cell")))
    got = Counter(c.text for page in pages for c in page)
    missing = {ch: n - got[ch] for ch, n in wanted.items() if got[ch] < n}
    assert not missing


# -- the vertical essay ----------------------------------------------------------------

@pytest.fixture(scope="module")
def essay_lines(built, pages):
    """The essay's vertical lines on page 5 and on page 6 (its continuation)."""
    lines = vertical_lines(inside(pages[0], region(built, 1, "essay")))
    lines += vertical_lines(inside(pages[1], region(built, 2, "essay")))
    assert len(lines) > 40
    return lines


def test_no_vertical_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(essay_lines):
    tops = [line[0].text for line in essay_lines]
    feet = [line[-1].text for line in essay_lines]
    assert not NO_START & set(tops), [t for t in tops if t in NO_START]
    assert not NO_END & set(feet), [f for f in feet if f in NO_END]


def test_the_essay_reads_whole_across_the_jump(built, pages, essay_lines):
    body = squeeze(source_text("//article[@id='essay']/p"))
    read = "".join(c.text for line in essay_lines for c in line)
    for label in ("（下转第6版）", "（上接第5版）"):      # the jump lines (test_the_jump_lines_…)
        assert label[1:] in read
        read = read.replace(label, "").replace(label[1:], "")
    assert read == body


def test_the_jump_lines_name_each_others_pages(pages):
    five, six = ("".join(c.text for c in page) for page in pages)
    assert "（下转第6版）" in five and "（上接第5版）" in six


@pytest.fixture(scope="module")
def ink(built):
    """Pages rendered in grey (0 = ink) at SCALE."""
    doc = pypdfium2.PdfDocument(built[1])
    return [np.asarray(doc[k].render(scale=SCALE, grayscale=True).to_pil().convert("L")) for k in range(len(doc))]


def _ink_centre(pixels, c: Char, height: float):
    """The centre of the ink in the character's cell (its em across, `height`
    down), as fractions of the cell's width and height."""
    top = c.em_top
    box = pixels[int(top * SCALE):int((top + height) * SCALE), int(c.x0 * SCALE):int((c.x0 + c.size) * SCALE)]
    ys, xs = np.nonzero(box < 128)
    assert len(xs), f"no ink for {c.text!r}"
    return xs.mean() / box.shape[1], ys.mean() / box.shape[0]


@pytest.mark.parametrize("mark", ["，", "。", "、"])
def test_pause_and_stop_marks_take_their_vertical_forms(essay_lines, ink, mark):
    # clreq vertical: 、。， at the top right of their cell (the horizontal forms
    # sit bottom left); the cell runs down to the next character (挤压: half an em)
    cells = [(c, min(c.size, nxt.em_top - c.em_top)) for line in essay_lines[:20]
             for c, nxt in zip(line, line[1:]) if c.text == mark]
    assert cells
    for c, height in cells:
        cx, cy = _ink_centre(ink[0], c, height)
        assert cx > 0.55 and cy < 0.5, (mark, cx, cy)


def test_the_digits_of_12_share_one_baseline_within_one_em(built, pages):
    chars = inside(pages[0], region(built, 1, "essay")) + inside(pages[1], region(built, 2, "essay"))
    for one, two in zip(chars, chars[1:]):
        if one.text == "1" and two.text == "2":
            assert abs(one.top - two.top) < 0.5 and one.x1 <= two.x0 + 0.5    # side by side, not stacked
            assert two.x1 - one.x0 <= 9.0 + 0.5                               # within the line's em
            return
    pytest.fail("no 12 in the essay")


# -- the vertical headline (竖题) ------------------------------------------------------------

def test_the_vertical_headline_stands_in_one_column_of_characters(built, pages):
    headline = squeeze(source_text("//article[@id='opera']/headline"))
    chars = [c for c in inside(pages[0], region(built, 1, "opera", ("Headline",))) if c.text in headline]
    assert "".join(c.text for c in chars) == headline
    assert max(c.x0 for c in chars) - min(c.x0 for c in chars) < 1.0        # one x
    assert all(a.top < b.top for a, b in zip(chars, chars[1:]))             # each below the last


# -- the table -------------------------------------------------------------------------

def _find(chars, text: str) -> list[list[Char]]:
    """Every run of consecutive characters spelling `text`."""
    out, n = [], len(text)
    joined = "".join(c.text for c in chars)
    at = joined.find(text)
    while at >= 0:
        out.append(chars[at:at + n])
        at = joined.find(text, at + 1)
    return out


def _row_runs(chars, row: list[str]) -> list[list[Char]]:
    """The runs of a row's cells: its first cell (a date, found once), then
    each next cell nearest to the right of the last on the same baseline
    (none: an empty list; the drawer writes a column of figures apart)."""
    first = _find(chars, row[0])
    assert len(first) == 1, row
    baseline = first[0][0].baseline
    runs = [first[0]]
    for cell in row[1:]:
        right = runs[-1][-1].x1 if runs[-1] else first[0][-1].x1
        beside = sorted((r for r in _find(chars, cell) if abs(r[0].baseline - baseline) < 0.3 and r[0].x0 > right),
                        key=lambda r: r[0].x0)
        runs.append(beside[0] if beside else [])
    return runs


def _rows():
    doc = etree.parse(ISSUE)
    return [[squeeze("".join(c.itertext())) for c in row.iter("cell")]
            for row in doc.xpath("//table[@id='schedule']/row[not(@header='yes')]")]


def test_table_cells_are_aligned_in_rows_and_columns(built, pages):
    chars = inside(pages[0], region(built, 1, "schedule", ("TD", "TH")))
    starts = defaultdict(set)          # (table column, side of the column break) → cell centres
    split = _split(chars)
    for row in _rows():
        runs = _row_runs(chars, row)
        assert all(runs), row                                           # every cell on the row's baseline
        assert all(a[-1].x1 < b[0].x0 for a, b in zip(runs, runs[1:])), row   # in column order, apart
        side = runs[0][0].x0 > split
        for k, run in enumerate(runs):            # dates, places, times: one-line labels, centred
            starts[(k, side)].add(round((run[0].x0 + run[-1].x1) / 2, 1))
    assert all(len(xs) == 1 for xs in starts.values()), starts
    assert {side for _, side in starts} == {False, True}                # the rows go on into a second column


def _split(chars) -> float:
    """The x between the table's two columns: the midpoint of its widest empty gap."""
    xs = sorted({round(c.x0) for c in chars} | {round(c.x1) for c in chars})
    gaps = [(b - a, (a + b) / 2) for a, b in zip(xs, xs[1:])]
    return max(gaps)[1]


def test_the_header_is_set_again_after_the_column_break(built, pages):
    chars = inside(pages[0], region(built, 1, "schedule", ("TD", "TH")))
    for word in ("日期", "地点", "开演"):
        first, again = sorted(_find(chars, word), key=lambda run: run[0].x0)      # exactly two
        assert abs(first[0].baseline - again[0].baseline) < 0.3 and again[0].x0 > first[-1].x1
