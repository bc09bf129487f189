"""The <table> block kind (issue 18 §4): rows and cells on the body grid,
columns in whole ems (G1), figures on the decimal mark, 三线表 rules, the
header repeated after a column break, overset reported like text, schema
errors at their line — and the PDF read back row by row."""
from __future__ import annotations

import os
import subprocess

import pypdfium2
import pytest

from typeset.display import RuleItem, TextRun
from typeset.errors import InputError
from typeset.flow import Typesetter, template_for
from typeset.kinds import table as kind
from typeset.model.parse import parse_issue, parse_issue_string
from typeset.pipeline import BuildOptions, build_issue, load_fonts
from typeset.verify import check_nothing_lost

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISSUE = os.path.join(ROOT, "issues", "tables.xml")

ROWS = [("滨河", "8.26", "3.41"), ("柳湾", "7.05", "3.02"), ("青石闸", "6.71", "2.6"), ("纺织路", "5.93", "1.88"),
        ("北山", "5.47", "1.5"), ("西关", "6.12", "0.97"), ("南关", "15.80", "−0.85"), ("东大", "4.96", "12"),
        ("丁庄", "4.38", "0.4%"), ("高桥营街道办事处辖区", "4.02", "0.31")]


def issue_text(rows=ROWS, attrs='span="2"', header=True, extra="") -> str:
    head = '<row header="yes"><cell>街道</cell><cell>人口（万人）</cell><cell>增幅（%）</cell></row>' if header else ""
    body = "\n".join(f"      <row><cell>{a}</cell><cell>{b}</cell><cell>{c}</cell></row>" for a, b, c in rows)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2026-12-02">
  <page number="1" template="bulletin">
    <table id="t1" {attrs}>
      {head}
{body}{extra}
    </table>
  </page>
</issue>
"""


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


def layout(text: str, fonts):
    """The table's model, its Typesetter and its content."""
    issue = parse_issue_string(text, source="t.xml")
    ts = Typesetter(template_for(issue.pages[0], issue), fonts)
    block = issue.pages[0].blocks[0]
    return block, ts, kind.content(ts, block, block.placement.span or 1, None)


# -- the model and the schema ----------------------------------------------------------

def test_rows_cells_spans_and_the_header_parse_to_the_model():
    total = '\n      <row><cell span="2" align="centre">合计</cell><cell align="right">52.47</cell></row>'
    text = issue_text(extra=total)
    block = parse_issue_string(text, source="t.xml").pages[0].blocks[0]
    assert isinstance(block, kind.Table) and block.columns == 3 and len(block.rows) == 12
    assert block.rows[0].header and not block.rows[1].header
    last = block.rows[-1]
    assert [(c.paragraph.text, c.span, c.align) for c in last.cells] == [("合计", 2, "centre"), ("52.47", 1, "right")]
    assert last.line == 16 and last.cells[0].line == 16


@pytest.mark.parametrize("change, line, element, words", [
    (('<cell>7.05</cell>', '<cell align="middle">7.05</cell>'), 7, "cell", "align"),
    (('<row><cell>柳湾', '<row colour="red"><cell>柳湾'), 7, "row", "colour"),
    (('<row><cell>柳湾</cell>', '<row><cell span="0">柳湾</cell>'), 7, "cell", "span"),
    (('<row><cell>柳湾</cell><cell>7.05</cell>', '<row><cell>柳湾</cell>'), 7, "row", "different number"),
    (('<row><cell>柳湾', '<row header="yes"><cell>柳湾'), 7, "row", "header"),
    (('<table id="t1" span="2">', '<table id="t1" span="2" widths="6 x 4">'), 4, "table", "widths"),
    (('<table id="t1" span="2">', '<table id="t1" span="2" widths="6 4">'), 4, "table", "widths"),
    (('<row><cell>柳湾', '<cell>孤</cell><row><cell>柳湾'), 7, "cell", "cell"),
])
def test_schema_and_meaning_errors_name_their_line(change, line, element, words):
    with pytest.raises(InputError) as err:
        parse_issue_string(issue_text().replace(*change), source="t.xml")
    assert (err.value.line, err.value.element) == (line, element), str(err.value)
    assert err.value.col >= 1 and words in err.value.message


# -- columns, figures, rows ------------------------------------------------------------

def test_column_widths_are_whole_ems_and_fill_the_column(fonts):
    block, ts, content = layout(issue_text(), fonts)
    s = kind._setting(ts, block)
    cols, _ = kind.columns(s, ts.grid.column_width, [])
    assert all(isinstance(w, int) and w >= 1 for w in cols.widths)
    assert sum(cols.widths) + kind.GAP_EM * 2 == ts.grid.column_chars
    assert all((x / ts.grid.body_size).is_integer() for x in cols.lefts)       # G1: every edge on an em
    rules = [it for slug in content.stream for it in slug.items if isinstance(it, RuleItem)]
    assert {(r.x1, round(r.x2, 6)) for r in rules} == {(0.0, ts.grid.column_width)}


def test_explicit_widths_are_kept_and_too_wide_ones_narrowed_with_a_warning(fonts):
    block, ts, content = layout(issue_text(attrs='span="2" widths="6 4 4"'), fonts)
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    assert cols.widths == (6, 4, 4) and not content.warnings
    block, ts, content = layout(issue_text(attrs='span="2" widths="10 8 8"'), fonts)
    warnings: list[str] = []
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, warnings)
    assert sum(cols.widths) == ts.grid.column_chars - 2 and cols.widths[0] > cols.widths[2]
    assert "widths" in warnings[0] and "t1" in warnings[0]


def test_auto_widths_set_the_table_in_the_fewest_lines(fonts):
    block, ts, _ = layout(issue_text(), fonts)
    s = kind._setting(ts, block)
    cols, figures = kind.columns(s, ts.grid.column_width, [])
    heights = kind._Heights(s, figures)
    best = heights.of(cols.widths)
    room = ts.grid.column_chars - 2
    every = [[a, b, room - a - b] for a in range(1, room) for b in range(3, room - a) if room - a - b >= 3]
    assert best == min(heights.of(ws) for ws in every)


def cell_glyphs(slug, left: float, right: float) -> list[tuple[str, float, float]]:
    """(character, x, advance end) of the slug's runs between x = left and right, in order."""
    from typeset.fonts import default_library
    out = []
    for run in (it for it in slug.items if isinstance(it, TextRun) and left - 0.01 <= it.x < right):
        for ch, dx in zip(run.text, run.xs):
            out.append((ch, run.x + dx, run.x + dx + default_library().advance(run.face, ch) * run.size))
    return out


def mark_of(glyphs) -> float:
    """Where a figure's decimal mark stands (or the end of its digits)."""
    text = "".join(ch for ch, _, _ in glyphs)
    k = kind.mark_index(text)
    return glyphs[k][1] if k < len(glyphs) else glyphs[-1][2]


def run_width(run: TextRun) -> float:
    from typeset.fonts import default_library
    return run.xs[-1] + default_library().advance(run.face, run.text[-1]) * run.size


@pytest.mark.parametrize("column", [1, 2])
def test_figures_stand_on_the_decimal_mark(fonts, column):
    block, ts, content = layout(issue_text(), fonts)
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    edges = list(cols.lefts) + [1e9]
    cells = [cell_glyphs(slug, edges[column], edges[column + 1]) for slug in content.stream[3:-1]]
    assert ["".join(ch for ch, _, _ in g) for g in cells] == [row[column] for row in ROWS]
    marks = {round(mark_of(g), 3) for g in cells}
    assert len(marks) == 1, marks              # 8.26, 15.80, 12, 0.4%, −0.85: one x for every mark
    widest = max(g[-1][2] - g[0][1] for g in cells)
    group = max(mark_of(g) - g[0][1] for g in cells) + max(g[-1][2] - mark_of(g) for g in cells)
    assert widest <= group + 1e-6 <= cols.widths[column] * ts.grid.body_size + 1e-6


def test_text_cells_are_justified_and_header_cells_centred(fonts):
    block, ts, content = layout(issue_text(), fonts)
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    header = content.stream[2]
    runs = [it for it in header.items if isinstance(it, TextRun)]
    first = next(r for r in runs if r.text == "街道")
    width = run_width(first)
    assert abs((first.x - cols.lefts[0]) - (cols.widths[0] * ts.grid.body_size - width) / 2) < 0.01
    long_row = next(s for s in content.stream if s.text.startswith("高桥营"))
    cell = [it for it in long_row.items if isinstance(it, TextRun) and it.x < cols.lefts[1]]
    assert long_row.lines == len(cell) > 1 and all(abs(r.x - cols.lefts[0]) < 0.01 for r in cell)
    assert abs(run_width(cell[0]) - cols.widths[0] * ts.grid.body_size) < 0.05     # justified to the measure


def test_rows_are_whole_grid_lines_and_the_rules_sit_in_the_leading(fonts):
    _, ts, content = layout(issue_text(), fonts)
    g = ts.grid
    head_copy, foot, header = content.stream[:3]
    assert (head_copy.repeat, foot.repeat, header.repeat, content.stream[-1].repeat) == ("head", "foot", "", "end")
    assert all(isinstance(s.lines, int) for s in content.stream)
    weights = ts.t.rules
    rules = sorted((r.y1, r.width) for r in header.items if isinstance(r, RuleItem))
    gap = g.pitch - g.body_size
    assert rules == [(-gap / 2, weights["thick"]), (header.lines * g.pitch - gap / 2, weights["thin"])]
    end = content.stream[-1]
    assert end.lines == 0 and [(r.y1, r.width) for r in end.items] == [(-gap / 2, weights["thick"])]
    assert [r.width for r in foot.items] == [weights["thin"]]
    assert all(r.tag is None for r in head_copy.items if isinstance(r, TextRun))       # the repeat is furniture


def test_the_template_styles_its_roles_optionally():
    from typeset.style.schema import kind_roles
    assert {"table", "table_header", "table_caption"} <= set(kind_roles())


# -- a table in its block ------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("tables") / "tables.pdf")
    return build_issue(ISSUE, out, BuildOptions(preflight=False)), out


def test_the_header_is_repeated_after_the_column_break(built):
    result, _ = built
    page = result.pages[0]
    heads = [it for it in page.items if isinstance(it, TextRun) and it.text == "人口（万人）"]
    assert len(heads) == 2
    report = next(b for b in result.blocks if b.id == "population")
    grid = template_for(result.issue.pages[0], result.issue).grid
    assert {round(h.x - grid.col_x(c)) for h, c in zip(sorted(heads, key=lambda h: h.x), (4, 5))} == {
        round(heads[0].x - grid.col_x(4))}             # the same place in columns 5 and 6
    assert heads[0].y == heads[1].y                    # both at the top of their column
    assert report.overset_lines == 0 and report.kind == "table"


def test_a_table_too_long_for_its_block_is_overset_like_text(tmp_path):
    path = tmp_path / "long.xml"
    path.write_text(issue_text(attrs='col="1" span="1" line="1" lines="6"'), encoding="utf-8")
    result = build_issue(str(path), str(tmp_path / "long.pdf"), BuildOptions(preflight=False))
    report = next(b for b in result.blocks if b.id == "t1")
    assert report.overset_lines > 0 and report.overset_chars > 0
    assert "高桥营街道办事处辖区" in report.overset_text and "滨河" not in report.overset_text
    assert any(w.code == "overset" and w.element == "t1" for w in result.warnings)


# -- read back ---------------------------------------------------------------------------

def squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_pdf_reads_row_by_row_every_character_once(built):
    result, pdf = built
    text = squeezed(subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout)
    table = next(b for b in parse_issue(ISSUE).pages[0].blocks if b.id == "population")
    header = "".join(c.paragraph.text for c in table.rows[0].cells)
    rows = ["".join(c.paragraph.text for c in r.cells) for r in table.rows[1:]]
    start = text.index(table.caption.text + header)
    end = text.index(rows[-1], start) + len(rows[-1])
    read = text[start + len(table.caption.text):end]
    assert read.count(header) == 2                             # once per column
    assert read.replace(header, "") == "".join(rows)          # every row, in order, each character once
    assert not check_nothing_lost(result, pdf).missing


def test_the_page_of_tables_closes(built):
    result, _ = built
    assert {b.kind for b in result.blocks} >= {"table", "article", "photo"}
    assert not [(b.id, b.overset_lines, b.holes) for b in result.blocks if b.overset_lines or b.holes]


def test_a_numeric_column_is_right_aligned_on_the_mark_in_the_pdf(built):
    _, pdf = built
    page = pypdfium2.PdfDocument(pdf)[0]
    chars = page.get_textpage()
    boxes = [(chars.get_text_range(i, 1), chars.get_charbox(i)) for i in range(chars.count_chars())]
    table = next(b for b in parse_issue(ISSUE).pages[0].blocks if b.id == "population")
    figures = [r.cells[2].paragraph.text for r in table.rows[1:]]
    joined = "".join(ch for ch, _ in boxes)
    at = joined.index(table.caption.text)
    marks: dict[int, set] = {}
    for figure in figures:
        at = joined.index(figure, at)
        dot = at + kind.mark_index(figure)
        left = boxes[dot][1][0] if dot < at + len(figure) else boxes[dot - 1][1][2]
        column = 0 if boxes[at][1][0] < marks_split(page) else 1
        marks.setdefault(column, set()).add(round(left, 1))
        at += len(figure)
    assert len(marks) == 2 and all(len(xs) == 1 for xs in marks.values()), marks


def marks_split(page) -> float:
    """The x between the table's two columns (5 and 6 of the bulletin grid), in PDF points."""
    from typeset.style.template import BUILTIN_DIR, load_template
    t = load_template(os.path.join(BUILTIN_DIR, "bulletin.toml"))
    return t.grid.col_x(5) - t.grid.gutter / 2


def test_cells_are_tagged_in_reading_order(built):
    result, _ = built
    tags = [it.tag for it in result.pages[0].items if isinstance(it, TextRun) and it.tag and it.tag.art == "population"]
    seqs = [t.seq for t in tags]
    assert seqs == sorted(seqs) and tags[0].role == "Caption" and {t.role for t in tags[1:]} == {"TH", "TD"}
    cells = tags[1:]
    assert [t.row for t in cells] == sorted(t.row for t in cells)           # row by row
    assert {t.role for t in cells if t.row == 0} == {"TH"} and all(t.role == "TD" for t in cells if t.row > 0)


def test_equal_rows_are_tagged_as_two_rows(fonts):
    """_cell_tag's row index is the row's own place (by identity), not the first equal row's."""
    twin = "<row><cell>滨河</cell><cell>8.26</cell><cell>3.41</cell></row>"      # equal, on one source line
    _, _, content = layout(issue_text(rows=[("柳湾", "7.05", "3.02")], extra="\n      " + twin * 2), fonts)
    tags = {(it.tag.row, it.text) for slug in content.stream for it in slug.items
            if isinstance(it, TextRun) and it.tag is not None and it.tag.role == "TD"}
    assert {row for row, _ in tags} == {1, 2, 3}
    assert {row for row, text in tags if text == "滨河"} == {2, 3}


def test_a_table_without_header_rows_repeats_its_top_rule(fonts):
    _, ts, content = layout(issue_text(header=False), fonts)
    head, foot, top = content.stream[:3]
    assert (head.lines, head.repeat, foot.repeat, top.repeat, top.keep_with_next) == (0, "head", "foot", "", 1)
    assert [r.width for r in head.items] == [ts.t.rules["thick"]] == [r.width for r in top.items]


def test_many_columns_are_widened_where_they_save_the_most_lines(fonts):
    words = ["街道办事处", "社区卫生服务中心", "幼儿园", "小学", "初级中学", "养老服务站", "文化站"]
    row = "".join(f"<cell>{w}</cell>" for w in words)
    text = issue_text(rows=[], header=False, extra="\n".join(f"\n      <row>{row}</row>" for _ in range(3)))
    block, ts, content = layout(text, fonts)
    s = kind._setting(ts, block)
    cols, figures = kind.columns(s, ts.grid.column_width, [])
    room = ts.grid.column_chars - kind.GAP_EM * 6
    assert len(cols.widths) == 7 and sum(cols.widths) == room and min(cols.widths) >= 1
    needs, mins, _ = kind._needs(s, figures)
    heights = kind._Heights(s, figures)
    assert heights.of(cols.widths) <= heights.of(kind.share(room, needs, mins))   # no worse than proportional


def test_search_and_the_e_paper_read_the_table_row_by_row():
    table = next(b for b in parse_issue(ISSUE).pages[0].blocks if b.id == "population")
    texts = [p.text for p in kind.body(table)]
    assert texts[:3] == ["各街道常住人口", "街道 人口（万人） 增幅（%）", "滨河 8.26 3.41"]
    assert len(texts) == 1 + len(table.rows)


def test_text_among_figures_is_centred(fonts):
    rows = ROWS[:3] + [("文峰", "—", "未统计")]
    block, ts, content = layout(issue_text(rows=rows), fonts)
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    dash = next(it for it in content.stream[-2].items if isinstance(it, TextRun) and (it.actual or it.text) == "—")
    middle = cols.lefts[1] + cols.widths[1] * ts.grid.body_size / 2
    assert abs(dash.x + run_width(dash) / 2 - middle) < 0.01


def test_a_column_of_one_line_labels_is_centred(fonts):
    """Without 高桥营街道办事处辖区 (two lines) every 街道 cell is one line:
    the column is labels, centred like its header; with it, justified (the
    test above)."""
    block, ts, content = layout(issue_text(rows=ROWS[:-1]), fonts)
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    assert cols.short[0] and not any(cols.short[1:])          # figures are not labels
    middle = cols.lefts[0] + cols.widths[0] * ts.grid.body_size / 2
    names = [next(it for it in slug.items if isinstance(it, TextRun) and it.x < cols.lefts[1])
             for slug in content.stream[3:-1]]
    assert [n.text for n in names] == [row[0] for row in ROWS[:-1]]
    assert all(abs(n.x + run_width(n) / 2 - middle) < 0.01 for n in names)
    assert len({round(n.x, 3) for n in names}) > 1             # 滨河 and 青石闸 start apart


# -- a wide table (wide="yes", 通栏表格) -----------------------------------------------------

WIDE = 'span="3" col="1" line="1" wide="yes"'


def _page_items(text, fonts):
    from typeset.pipeline import layout_issue
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return layout_issue(path, fonts=fonts)


def test_a_wide_table_is_set_across_its_block_as_head_rows(fonts):
    block, ts, content = layout(issue_text(attrs=WIDE), fonts)
    assert block.wide and not content.stream                         # no column threading, no repeat
    assert len(content.head) == len(ROWS) + 1                        # the header, then a slug per row
    s = kind._setting(ts, block)
    cols, _ = kind.columns(s, ts.grid.span_width(3), [])
    assert cols.width > ts.grid.column_width                         # wider than one column: across the block
    assert cols.width <= ts.grid.span_width(3) + 1e-6
    rights = [it.x for slug in content.head for it in slug.items if isinstance(it, TextRun)]
    assert max(rights) > ts.grid.span_width(2)                       # its last column stands in the third


def test_a_wide_table_has_the_three_rules_in_order(fonts):
    _, ts, content = layout(issue_text(attrs=WIDE), fonts)
    rules = [(k, r.width) for k, slug in enumerate(content.head) for r in slug.items if isinstance(r, RuleItem)]
    thick, thin = ts.t.rules["thick"], ts.t.rules["thin"]
    assert rules == [(0, thick), (0, thin), (len(content.head) - 1, thick)]


def test_a_wide_table_too_tall_for_its_block_oversets_its_last_rows_in_order(fonts):
    text = issue_text(attrs='span="3" col="1" line="1" lines="6" wide="yes"')
    result = _page_items(text, fonts)
    report = next(b for b in result.blocks if b.id == "t1")
    placed = "".join(it.actual or it.text for it in result.pages[0].items if isinstance(it, TextRun) and it.tag)
    assert report.overset_lines > 0
    # what is drawn is the first rows, what is overset the rest, nothing lost or twice
    kept = [row for row in ROWS if row[0] in placed]
    assert kept == ROWS[:len(kept)] and 0 < len(kept) < len(ROWS)
    assert all(row[0] in report.overset_text for row in ROWS[len(kept):])
    assert not any(row[0] in report.overset_text for row in kept)


# -- a table too wide for its column -------------------------------------------------------

WEATHER = [("12月9日", "晴", "−5～3", "北风3级"), ("12月10日", "阴转晴", "−8～−1", "西北风4级"),
           ("12月11日", "小雪", "−7～0", "微风")]


def weather_text() -> str:
    rows = "\n".join(f"      <row>{''.join(f'<cell>{c}</cell>' for c in r)}</row>" for r in WEATHER)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2026-12-02">
  <page number="1" template="bulletin">
    <table id="weather" span="1">
      <row header="yes"><cell>日期</cell><cell>天气</cell><cell>气温</cell><cell>风力</cell></row>
{rows}
    </table>
  </page>
</issue>
"""


def test_a_label_that_wraps_is_reported_and_set_flush_left(fonts):
    """Four columns of dates, weather, temperatures and winds need more than
    a 16-character column: the build says which short cell wraps and what
    to do, and the wrapped cell's lines stand flush left at their natural
    spacing (justified, "12　　月" would be letter-spaced)."""
    block, ts, content = layout(weather_text(), fonts)
    assert any("'weather'" in w and "wide=" in w for w in content.warnings), content.warnings
    cols, _ = kind.columns(kind._setting(ts, block), ts.grid.column_width, [])
    wrapped = [(slug, c) for slug in content.stream for c in range(4)
               if len([it for it in slug.items if isinstance(it, TextRun)
                       and cols.lefts[c] - 0.01 <= it.x < cols.lefts[c] + cols.widths[c] * ts.grid.body_size]) > 1]
    assert wrapped, "some cell wraps"
    for slug, c in wrapped:
        runs = [it for it in slug.items if isinstance(it, TextRun)
                and cols.lefts[c] - 0.01 <= it.x < cols.lefts[c] + cols.widths[c] * ts.grid.body_size]
        first = min(runs, key=lambda r: r.y)
        assert run_width(first) < cols.widths[c] * ts.grid.body_size - ts.grid.body_size / 2    # not stretched


def test_a_table_whose_labels_fit_warns_nothing(fonts):
    """The sample rows fit their columns (高桥营街道办事处辖区 is prose: it wraps, justified)."""
    _, _, content = layout(issue_text(), fonts)
    assert not any("wide=" in w for w in content.warnings)
