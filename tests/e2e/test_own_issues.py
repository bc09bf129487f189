"""Our own issues beside the sample (issue 12, "Done when"): a 4-page
tabloid with a 转版 jump, a broadsheet page of another shape, a 2-page issue
on an editor's own 5-column template jumping to the tabloid's 8 columns, and
a page whose copy is too short.  Every page of the first three closes; the
short one's 欠版 is reported exactly; all are read back from the built PDF."""
from __future__ import annotations

import os

import pytest

from typeset.pipeline import BuildOptions, build_issue
from typeset.style.template import BUILTIN_DIR, load_template
from typeset.verify import check_nothing_lost

from pdf_holes import empty_lines_below, page_ink, short_columns

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISSUES = {
    "tabloid": os.path.join(ROOT, "issues", "tabloid.xml"),
    "broadsheet": os.path.join(ROOT, "issues", "broadsheet.xml"),
    "wide": os.path.join(ROOT, "issues", "wide.xml"),
    "short": os.path.join(ROOT, "tests", "data", "own", "short.xml"),
}


def grid_of(result, number):
    """The grid of page `number`: its template beside the issue, else a shipped one."""
    page = next(p for p in result.issue.pages if p.number == number)
    beside = os.path.join(os.path.dirname(result.issue.source), page.template + ".toml")
    return load_template(beside if os.path.exists(beside) else os.path.join(BUILTIN_DIR, page.template + ".toml")).grid


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each issue built once (no variant, no preflight: fast) with its PDF's ink."""
    out_dir = tmp_path_factory.mktemp("own")
    builds = {}
    for name, path in ISSUES.items():
        pdf = str(out_dir / f"{name}.pdf")
        result = build_issue(path, pdf, BuildOptions(variant="none", preflight=False))
        builds[name] = (result, pdf, page_ink(pdf))
    return builds


# -- the templates ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["tabloid", "tabloid-front"])
def test_the_tabloid_templates_are_a_四开_grid_of_eight_columns(name):
    t = load_template(os.path.join(BUILTIN_DIR, name + ".toml"))
    g = t.grid
    assert (g.columns, g.column_chars) == (8, 11)
    assert round(t.width / 72 * 25.4) == 272 and round(t.height / 72 * 25.4) == 390
    assert 0.5 <= (g.pitch - g.body_size) / g.body_size <= 1.0          # G1: gap 50–100 % of the body
    assert g.left >= 0 and g.top + g.height < t.height
    assert bool(t.masthead) == (name == "tabloid-front")


# -- issues that close every page ------------------------------------------------

@pytest.mark.parametrize("name", ["tabloid", "broadsheet", "wide"])
def test_nothing_is_overset_and_no_page_has_a_hole(built, name):
    result, _, _ = built[name]
    assert not [(b.id, b.overset_chars) for b in result.blocks if b.overset_lines]
    assert not [(b.id, b.holes) for b in result.underset]


@pytest.mark.parametrize("name", ["tabloid", "broadsheet", "wide"])
def test_every_column_of_every_block_reaches_its_foot_in_the_pdf(built, name):
    result, _, ink = built[name]
    assert not short_columns(result, ink, grid_of)          # within one grid line of the foot


def test_the_wide_issues_lead_jumps_to_the_tabloid_page_in_its_columns(built):
    """转版 between templates: the rest on page 2 is set in the tabloid's
    11-character columns of 六号, not in page 1's 15 of 小五."""
    result, _, _ = built["wide"]
    lead = next(b for b in result.blocks if b.id == "weaver2")
    rest = next(b for b in result.blocks if b.id == "weaver2-cont")
    assert (lead.page, lead.continued_to, rest.page, rest.overset_lines) == (1, 2, 2, 0)
    tabloid = grid_of(result, 2)
    assert grid_of(result, 1).column_width > tabloid.column_width
    runs = [it for it in result.pages[1].items if getattr(it, "tag", None) is not None
            and it.tag.art == "weaver2" and it.x >= tabloid.col_x(rest.rect.col) - tabloid.body_size]
    assert runs and {r.size for r in runs} == {tabloid.body_size}
    for run in runs:                  # within its column (a last mark may be set half-width)
        column = max(c for c in range(tabloid.columns) if tabloid.col_x(c) <= run.x + run.size / 2 + 0.01)
        assert run.x + run.xs[-1] + run.size / 2 <= tabloid.col_x(column) + tabloid.column_width + 0.01


def test_the_tabloid_has_four_pages_and_its_lead_jumps_to_page_3(built):
    result, _, ink = built["tabloid"]
    assert len(ink) == 4
    lead = next(b for b in result.blocks if b.id == "greenway")
    rest = next(b for b in result.blocks if b.id == "greenway-cont")
    assert lead.page == 1 and lead.continued_to == 3 and rest.page == 3
    assert len(lead.continued_text) > 500 and rest.chars > 500


@pytest.mark.parametrize("name", ["tabloid", "broadsheet", "wide"])
def test_all_the_text_is_in_the_pdf_the_jump_included(built, name):
    result, pdf, _ = built[name]
    loss = check_nothing_lost(result, pdf)
    assert loss.ok, loss.missing


# -- the short issue: its holes exactly --------------------------------------------

def test_the_short_issue_reports_its_holes_exactly(built):
    result, _, _ = built["short"]
    holes = {b.id: b for b in result.underset}
    assert set(holes) == {"bridge", "library", "page-1"}
    # the white below the pinned 30-line block (line 31 is the gap): no block covers it
    page = holes["page-1"]
    assert page.kind == "hole"
    assert [(h.col, h.line, h.lines, h.chars) for h in page.holes] == [(c, 32, 51, 51 * 11) for c in (5, 6, 7, 8)]
    # each text block: one hole per column, from below its copy down to the block's foot;
    # where the copy stops is the composer's business, so the PDF checks it (next test)
    for bid, cols in (("bridge", (1, 2, 3, 4)), ("library", (5, 6, 7, 8))):
        b = holes[bid]
        foot = b.rect.line + b.rect.lines                      # 0-based line below the block
        assert [h.col for h in b.holes] == list(cols)
        for h in b.holes:
            assert h.line - 1 + h.lines == foot and h.chars == h.lines * 11, (bid, h)
        assert b.underset_lines == sum(h.lines for h in b.holes)
        assert b.underset_chars == 11 * b.underset_lines
    assert holes["bridge"].rect.lines == 82 and holes["library"].rect.lines == 30
    assert all(60 <= h.lines <= 75 for h in holes["bridge"].holes)     # a headline and a few lines of copy
    assert all(15 <= h.lines <= 25 for h in holes["library"].holes)


def test_the_short_issues_white_is_where_the_report_says(built):
    result, _, ink = built["short"]
    grid = grid_of(result, 1)
    for b in result.underset:
        for h in b.holes:
            # from the hole's first line to the block's (or the grid's) foot: no ink at all
            top = h.line - 1
            empty = empty_lines_below(ink[0], grid, h.col - 1, top, h.lines)
            assert abs(empty - h.lines) <= 0.6, (b.id, h, empty)
            # and the line above the hole is printed (the hole starts where the copy stops)
            if b.kind != "hole":
                above = empty_lines_below(ink[0], grid, h.col - 1, b.rect.line, top - b.rect.line)
                assert above <= 1.05, (b.id, h, above)
