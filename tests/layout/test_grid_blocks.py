"""G3 and G4 (rule book §1.8), read from the layout model.

G3: a headline group, a photo with its caption, the 核心提示 box take N
whole grid lines, extent s·N + g·(N − 1), and the text of a headline group
is centred in them.  G4: image blocks are whole columns wide and whole lines
tall; the text beside an inner photo (图文互斥) keeps the full column
measure — the photo takes whole columns and whole lines out of it."""
from __future__ import annotations

import os

import pytest

from typeset.display import ImageItem, TextRun
from typeset.flow import Typesetter
from typeset.flow.slugs import EM_BOX_CENTRE_TO_BASELINE
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BULLETIN = load_template(f"{BUILTIN_DIR}/bulletin.toml")
GRID = BULLETIN.grid
TOL = 1e-6


def _whole(value: float, unit: float, origin: float = 0.0) -> bool:
    k = (value - origin) / unit
    return abs(k - round(k)) < 1e-6


def _grid_lines(height: float) -> int:
    """N with extent(N) == height (G3), or -1 when there is none."""
    for n in range(1, GRID.lines + 1):
        if abs(GRID.extent(n) - height) < TOL:
            return n
    return -1


@pytest.mark.parametrize("rows", [
    [("标题", "headline", 1.3)],
    [("引题", "kicker", 1.6), ("主标题", "headline", 1.3), ("副题在这里", "subhead", 1.6)],
    [("主标题", "headline", 1.3), ("本报记者 张铮", "byline", 1.8)],
])
def test_g3_a_headline_group_takes_the_fewest_whole_lines_and_is_centred(square, rows):
    ts = Typesetter(BULLETIN, square)
    styled = [(text, BULLETIN.style(role), factor) for text, role, factor in rows]
    slug, _, _ = ts.centred_group(styled, GRID.span_width(3))
    heights = [BULLETIN.style(role).size * factor for _, role, factor in rows]
    total = sum(heights)
    assert GRID.extent(slug.lines) >= total - TOL                     # it holds the rows …
    assert slug.lines == 1 or GRID.extent(slug.lines - 1) < total - TOL   # … in the fewest lines
    runs = sorted((it for it in slug.items if isinstance(it, TextRun)), key=lambda r: r.y)
    centres = sorted({round(r.y - EM_BOX_CENTRE_TO_BASELINE * r.size, 6) for r in runs})
    assert len(centres) == len(rows)                                   # one set line per row
    above = centres[0] - heights[0] / 2
    below = GRID.extent(slug.lines) - (centres[-1] + heights[-1] / 2)
    assert above == pytest.approx(below, abs=1e-6) and above >= -TOL   # centred in its N lines


@pytest.fixture(scope="module")
def sample_layout():
    from tests.layout.conftest import SquareMetrics
    return layout_issue(os.path.join(ROOT, "issues", "sample.xml"), fonts=SquareMetrics())


def test_g3_every_block_takes_whole_grid_lines_inside_the_grid(sample_layout):
    assert sample_layout.blocks
    for b in sample_layout.blocks:
        r = b.rect
        assert all(isinstance(v, int) for v in (r.col, r.span, r.line, r.lines)), b.id
        assert r.lines >= 1 and 0 <= r.line and r.line + r.lines <= GRID.lines, b.id
        assert 0 <= r.col and r.col + r.span <= GRID.columns, b.id


def test_g4_images_are_whole_columns_wide_and_whole_lines_tall(sample_layout):
    images = [it for page in sample_layout.pages for it in page.items if isinstance(it, ImageItem)]
    assert len(images) >= 5                                            # the sample's photos
    for im in images:
        col = min(range(GRID.columns), key=lambda c: abs(GRID.col_x(c) - im.x))
        assert abs(GRID.col_x(col) - im.x) < TOL, im                   # starts at a column's edge
        assert any(abs(GRID.span_width(s) - im.w) < TOL for s in range(1, GRID.columns + 1)), im
        assert _whole(im.y, GRID.pitch, GRID.top), im                  # starts on a grid line
        assert _grid_lines(im.h) > 0, im                               # s·N + g·(N − 1) tall


def test_g4_text_beside_an_inner_photo_keeps_the_full_column_measure(sample_layout):
    """The sample's articles with photos inside (图文互斥): every body line is
    set to the column width, none runs into the photo's frame."""
    from typeset.model import Article
    articles = {b.id: b for page in sample_layout.issue.pages for b in page.blocks
                if isinstance(b, Article) and b.photos}
    assert len(articles) >= 2                                          # the sample has such articles
    for report in sample_layout.blocks:
        if report.id not in articles:
            continue
        body = {p.text for p in articles[report.id].paragraphs}
        lines = [line for c in report.paragraphs if c.text in body for line in c.lines]
        assert lines, report.id
        for line in lines:
            assert line.width == pytest.approx(GRID.column_width), (report.id, line.text)
    for page in sample_layout.pages:
        frames = [it for it in page.items if isinstance(it, ImageItem)]
        body_runs = [it for it in page.items if isinstance(it, TextRun) and abs(it.size - GRID.body_size) < TOL
                     and it.face == "song"]
        for im in frames:
            for run in body_runs:
                inside_x = im.x - TOL < run.x < im.x + im.w - TOL
                inside_y = im.y - TOL < run.y < im.y + im.h + TOL
                assert not (inside_x and inside_y), (im.path, run.text)
