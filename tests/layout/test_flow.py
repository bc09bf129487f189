"""Layout tests: geometry read from the layout model (grid, rectangles, balance, overset)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from typeset.display import TextRun
from typeset.errors import InputError
from typeset.flow.slugs import baseline_in_cell
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
PARA = "魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创全区慈善募捐工作新局面。"


def body_runs(result, page=0):
    """Body-text runs (song at body size) of a page."""
    return [it for it in result.pages[page].items
            if isinstance(it, TextRun) and it.face == "song" and abs(it.size - GRID.body_size) < 1e-6]


def article(id_, paras, **place):
    attrs = " ".join(f'{k}="{v}"' for k, v in place.items())
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return f'<article id="{id_}" {attrs}><headline>标题{id_}</headline>{ps}</article>'


def test_every_body_line_sits_on_the_page_grid(make_issue, square):
    """G2: body line k of any column has its baseline at top + k·pitch + offset."""
    path = make_issue(article("a", [PARA * 6], col=1, span=2, line=1)
                      + article("b", [PARA * 4], col=4, span=3, line=10))
    result = layout_issue(path, fonts=square)
    offset = baseline_in_cell(GRID.body_size, GRID.body_size)
    runs = body_runs(result)
    assert len(runs) > 20
    for run in runs:
        k = (run.y - GRID.top - offset) / GRID.pitch
        assert abs(k - round(k)) < 1e-6, run


def test_columns_are_balanced_within_one_line(make_issue, square):
    """G5: an automatic-height article ends its columns at equal depth; only the last is shorter."""
    path = make_issue(article("a", [PARA * 5, PARA * 3], col=1, span=3, line=1))
    result = layout_issue(path, fonts=square)
    per_column = defaultdict(set)
    for run in body_runs(result):
        col = min(range(GRID.columns), key=lambda c: abs(GRID.col_x(c) - run.x) if run.x >= GRID.col_x(c) - 1 else 1e9)
        per_column[col].add(round(run.y, 3))
    counts = [len(per_column[c]) for c in sorted(per_column)]
    assert len(counts) == 3
    assert max(counts) - min(counts) <= 1
    assert counts == sorted(counts, reverse=True)       # only the last may be shorter


def test_overset_article_reports_characters_and_lines(make_issue, square):
    """Text that does not fit is reported with exactly the characters left over."""
    text = PARA * 8
    path = make_issue(article("tight", [text], col=1, span=1, line=1, lines=8))
    result = layout_issue(path, fonts=square)
    block = next(b for b in result.blocks if b.id == "tight")
    placed = "".join((r.actual or r.text) for r in body_runs(result))
    assert block.overset_lines > 0
    assert block.overset_chars == len(text) - len(placed)
    assert text.startswith(placed)
    assert text.endswith(block.overset_text)
    assert any(w.code == "overset" and "tight" in w.message for w in result.warnings)


def test_underset_article_reports_empty_lines(make_issue, square):
    path = make_issue(article("loose", [PARA], col=1, span=1, line=1, lines=40))
    result = layout_issue(path, fonts=square)
    block = next(b for b in result.blocks if b.id == "loose")
    assert block.overset_lines == 0
    assert block.status == "underset"
    used = len(body_runs(result))          # one run per line: one face per body line here
    head = 40 - block.underset_lines - used
    assert block.underset_lines > 20 and 1 <= head <= 6


def test_automatic_blocks_take_the_next_free_rectangle(make_issue, square):
    path = make_issue(article("a", [PARA * 2], span=3) + article("b", [PARA * 2], span=3)
                      + article("c", [PARA], span=6))
    rects = {b.id: b.rect for b in layout_issue(path, fonts=square).blocks}
    assert (rects["a"].col, rects["a"].line) == (0, 0)
    assert (rects["b"].col, rects["b"].line) == (3, 0)
    assert rects["c"].col == 0 and rects["c"].line > max(rects["a"].line + rects["a"].lines,
                                                          rects["b"].line + rects["b"].lines) - 1


def test_blocks_never_overlap_on_the_sample(square):
    result = layout_issue("issues/sample.xml", fonts=square)
    by_page = defaultdict(dict)
    for b in result.blocks:
        for cell in b.rect.cells():
            assert cell not in by_page[b.page], f"{b.id} overlaps {by_page[b.page][cell]}"
            by_page[b.page][cell] = b.id


def test_overlapping_explicit_blocks_are_an_input_error(make_issue, square):
    path = make_issue(article("a", [PARA], col=1, span=2, line=1, lines=10) +
                      article("b", [PARA], col=2, span=2, line=5, lines=10))
    with pytest.raises(InputError) as e:
        layout_issue(path, fonts=square)
    assert "overlaps" in str(e.value) and "'b'" in str(e.value) and e.value.line > 0


def test_block_outside_the_grid_is_an_input_error(make_issue, square):
    path = make_issue(article("a", [PARA], col=5, span=4, line=1))
    with pytest.raises(InputError) as e:
        layout_issue(path, fonts=square)
    assert "columns" in str(e.value) and e.value.line > 0
    path = make_issue(article("a", [PARA], col=1, span=1, line=90, lines=10))
    with pytest.raises(InputError):
        layout_issue(path, fonts=square)


def test_footer_from_the_template_sits_below_the_grid(make_issue, square):
    result = layout_issue(make_issue(article("a", [PARA], col=1, span=2, line=1)), fonts=square)
    below = [r for r in result.pages[0].items
             if isinstance(r, TextRun) and r.y > GRID.top + GRID.height]
    text = "".join(r.actual or r.text for r in below)
    assert "测试报" in text and "第1版" in text and "测试" in text


def test_headline_size_names_pick_the_templates_sizes(make_issue, square):
    def headline_size(size):
        attr = f' size="{size}"' if size else ""
        xml = f'<article id="a" col="1" span="3" line="1"><headline{attr}>大标题</headline><p>{PARA}</p></article>'
        result = layout_issue(make_issue(xml), fonts=square)
        return max(r.size for r in result.pages[0].items
                   if isinstance(r, TextRun) and r.face == "song-bold" and r.y > GRID.top)
    assert headline_size("large") == 26.0 and headline_size("small") == 22.0 and headline_size("") == 24.0


def test_automatic_block_skips_a_gap_too_shallow_for_it(make_issue, square):
    """A free band of 8 lines at the top cannot hold a 20-line article: it goes below the pinned block."""
    pinned = article("pinned", [PARA], col=1, span=6, line=10, lines=12)
    result = layout_issue(make_issue(pinned + article("auto", [PARA * 6], span=2)), fonts=square)
    rect = next(b.rect for b in result.blocks if b.id == "auto")
    assert rect.line >= 21 and rect.lines > 8
    assert all(b.overset_lines == 0 for b in result.blocks)
