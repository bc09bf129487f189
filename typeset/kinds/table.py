"""The table (表格): rows of cells set on the body grid, in the 三线表 style.

    <table id="t1" span="2" widths="6 5 5">
      <caption>各街道常住人口</caption>
      <row header="yes"><cell>街道</cell><cell>人口（万）</cell><cell>增长率（%）</cell></row>
      <row><cell>西关</cell><cell>4.12</cell><cell>1.3</cell></row>
      …
    </table>

The table is set at the column measure and threads through the block's
columns like text.  Every row is one slug of whole grid lines — its tallest
cell (rule book §1.8 G3): the lines of every cell sit on the body grid (G2).
Columns are whole ems of the body size wide (G1), with one em between two:
from `widths`, or the widths that set the table in the fewest lines (a
short cell those leave wrapping is reported: the table is too wide).  Text
cells are justified (their last line, and a line justifying would
letter-space, flush left), header cells, text in
a column of figures (a —) and columns of one-line labels (`_short`)
centred; `align` says otherwise.  Cells holding a
figure (12.5, −3, 1,204, 8%) are aligned on the decimal mark: in each
column the marks stand one above the other, the integer parts
right-aligned to them, the group centred in the column.

Rules, 三线表: a thick rule above the header, a thin one under it, a thick
one under the last row — weights from the template's [rules] thick/thin,
drawn in the leading between grid lines so they take no line of their own.
When the table goes on into the next column, that column starts with the
header again (a running head of the stream, flow/columns.py) and the column
it leaves is closed with a thin rule, the thick one closing the table's end.

Text extraction reads the table row by row, cell by cell.  In the tagged
PDF the table's Art holds its Caption and a Table of TR rows, each of TH
(header) or TD cells, a cell across columns with its /ColSpan
(ISO 32000-1 §14.8.4.3.4, print/tags.py); the header set again at a
column top is furniture (an artifact).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Sequence

from ..model import Paragraph, Placement, Run
from ..model.build import block_lang, paragraph, placement, source_line
from ..registry import BlockKind, register

ROLES = ("table", "table_header", "table_caption")
GAP_EM = 1                      # ems between two columns of the table
CAPTION_LEADING = 1.4           # × the caption's size: its line height
ALIGNS = ("justify", "left", "centre", "center", "right", "decimal")
# A figure: sign, digits (in groups of three or not), a decimal part, a per
# cent or per mille sign — what is aligned on the decimal mark.
FIGURE = re.compile(r"[+\-−±]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[%‰]?|[+\-−±]?\.\d+[%‰]?")

SCHEMA = """
<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <define name="block" combine="choice"><ref name="table"/></define>
  <define name="table">
    <element name="table">
      <optional><ref name="id"/></optional>
      <ref name="lang"/>
      <ref name="placement"/>
      <optional><attribute name="widths"><text/></attribute></optional>
      <optional>
        <attribute name="wide"><choice><value>yes</value><value>no</value></choice></attribute>
      </optional>
      <optional>
        <element name="caption">
          <mixed><zeroOrMore><element name="em"><text/></element></zeroOrMore></mixed>
        </element>
      </optional>
      <oneOrMore><ref name="table-row"/></oneOrMore>
    </element>
  </define>
  <define name="table-row">
    <element name="row">
      <optional>
        <attribute name="header"><choice><value>yes</value><value>no</value></choice></attribute>
      </optional>
      <oneOrMore><ref name="table-cell"/></oneOrMore>
    </element>
  </define>
  <define name="table-cell">
    <element name="cell">
      <optional><attribute name="span"><data type="positiveInteger"/></attribute></optional>
      <optional>
        <attribute name="align">
          <choice>
            <value>justify</value><value>left</value><value>centre</value><value>center</value>
            <value>right</value><value>decimal</value>
          </choice>
        </attribute>
      </optional>
      <mixed><zeroOrMore><element name="em"><text/></element></zeroOrMore></mixed>
    </element>
  </define>
</grammar>
"""

MESSAGES = {
    "kind_table": ("表格", "table"),
    "table_widths_bad": ('<{element}> 的 {attr}="{value}" 应为各列的宽度（字数，正整数，以空格分隔），如 "6 5 5"',
                         '{attr}="{value}" on <{element}> must be the widths of the columns in whole characters, '
                         'separated by spaces, e.g. "6 5 5"'),
    "table_widths_count": ("<{element}> 的 widths= 所列的列数与表格的列数（第一行各格的 span 之和）不同",
                           "widths= on <{element}> names a different number of columns than the table has "
                           "(the spans of its first row)"),
    "table_row_columns": ("<{element}> 这一行的列数（各格 span 之和）与表格第一行不同",
                          "this <{element}> has a different number of columns (the spans of its cells) "
                          "from the table's first row"),
    "table_header_late": ('表头行 <{element} header="yes"> 必须排在表格的其他行之前',
                          'a header <{element} header="yes"> must come before the table\'s other rows'),
    "table_widths_wide": ("表格 {block!r} 的 widths= 列宽与列间空共 {ems} 字，宽于 {room} 字的栏宽，已按比例缩窄",
                          "table {block!r}: its widths= and the gaps between them add up to {ems} characters, "
                          "more than the {room}-character column; narrowed in proportion"),
    "table_figure_wide": ("表格 {block!r} 第 {col} 列的数字（如“{text}”）宽于该列的 {ems} 字，向左伸出",
                          "table {block!r}: the figures of column {col} (“{text}”) are wider than its "
                          "{ems} characters and stand out to the left"),
    "table_label_wraps": ("表格 {block!r} 第 {col} 列的短格（如“{text}”）在该列的 {ems} 字内折行：表格在 {room} 字的"
                          "栏宽内放不下；可设 wide=\"yes\"（通栏表格）、widths= 或缩短格内文字",
                          "table {block!r}: the short cells of column {col} (“{text}”) wrap in its {ems} "
                          "characters — the table does not fit a {room}-character column; wide=\"yes\" "
                          "(a wide table), widths= or shorter cells set it on one line each"),
}


# -- the model -----------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One cell: its text, the columns it spans, its alignment as written
    ("" = by its content: figures on the decimal mark, text justified)."""
    paragraph: Paragraph
    span: int = 1
    align: str = ""
    line: int = 0


@dataclass(frozen=True)
class Row:
    """A row of cells; a header row is repeated at the top of every column the table goes on into."""
    cells: tuple[Cell, ...]
    header: bool = False
    line: int = 0


@dataclass(frozen=True)
class Table:
    """A table block: its rows, its columns' widths in ems (() = from the
    content), an optional caption (表题) set across the block."""
    id: str
    rows: tuple[Row, ...]
    widths: tuple[int, ...] = ()
    caption: Optional[Paragraph] = None
    placement: Placement = field(default_factory=Placement)
    line: int = 0
    lang: str = ""
    wide: bool = False          # set across the whole block (通栏表格), not threaded through its columns

    @property
    def columns(self) -> int:
        """Columns of the table: the spans of its first row."""
        return sum(c.span for c in self.rows[0].cells) if self.rows else 0


def parse_widths(value: str) -> Optional[tuple[int, ...]]:
    """widths="6 5 5" → (6, 5, 5) ems; None if it is not whole numbers ≥ 1."""
    words = value.split()
    if not words or not all(re.fullmatch(r"[1-9][0-9]*", w) for w in words):
        return None
    return tuple(int(w) for w in words)


def build(element, block_id: str) -> Table:
    """A <table> → Table."""
    caption = element.find("caption")
    widths = parse_widths(element.get("widths") or "") if element.get("widths") is not None else None
    return Table(id=block_id, rows=tuple(_row(r) for r in element.iterchildren("row")),
                 widths=widths or (), caption=paragraph(caption) if caption is not None else None,
                 placement=placement(element), line=source_line(element), lang=block_lang(element),
                 wide=element.get("wide") == "yes")


def _row(element) -> Row:
    """A <row> and its <cell>s."""
    cells = tuple(Cell(paragraph=paragraph(c), span=int(c.get("span", "1")), align=(c.get("align") or "").strip(),
                       line=source_line(c)) for c in element.iterchildren("cell"))
    return Row(cells=cells, header=element.get("header") == "yes", line=source_line(element))


def check(element):
    """What the schema cannot say: header rows come first, every row has
    the first row's number of columns, widths= names that many."""
    rows = list(element.iterchildren("row"))
    spans = [sum(int(c.get("span", "1")) for c in r.iterchildren("cell")) for r in rows]
    body_seen = False
    for row, columns in zip(rows, spans):
        if row.get("header") == "yes" and body_seen:
            return "table_header_late", row
        body_seen = body_seen or row.get("header") != "yes"
        if columns != spans[0]:
            return "table_row_columns", row
    widths = parse_widths(element.get("widths") or "")
    if widths is not None and rows and len(widths) != spans[0]:
        return "table_widths_count"
    return None


def body(t: Table) -> list[Paragraph]:
    """The table's text for search and the e-paper: its caption, then a
    paragraph per row, the cells in order with a space between them."""
    out = [t.caption] if t.caption is not None else []
    for row in t.rows:
        runs: list[Run] = []
        for k, cell in enumerate(row.cells):
            if k:
                runs.append(Run(" "))
            runs += cell.paragraph.runs
        out.append(Paragraph(runs=_merged(runs), line=row.line, lang=t.lang))
    return out


def _merged(runs: Sequence[Run]) -> tuple[Run, ...]:
    """Runs with neighbours of one role joined."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1].role == run.role:
            out[-1] = Run(out[-1].text + run.text, run.role)
        elif run.text:
            out.append(run)
    return tuple(out)


# -- layout ----------------------------------------------------------------------------

def is_figure(text: str) -> bool:
    """Whether a cell's text is a figure (aligned on the decimal mark)."""
    return bool(FIGURE.fullmatch(text.strip()))


def mark_index(text: str) -> int:
    """Where a figure's decimal mark is (or would be): the index of its
    "." — else the end of its digits, before a % or ‰."""
    if "." in text:
        return text.index(".")
    return len(text.rstrip("%‰"))


@dataclass
class _Setting:
    """What the layout of one table shares: typesetter, styles, grid."""
    ts: Any                        # the Typesetter (flow/blocks.py: a kind may not import it at load)
    table: Table
    text: Any                      # Style of body cells
    header: Any                    # Style of header cells
    lang: str                      # StyledRun.lang of the table's text
    em: float                      # the body size: widths are whole ems of it (G1)
    row_index: dict = field(init=False, repr=False)   # id(row) → its index in table.rows
    naturals: dict = field(default_factory=dict, repr=False)   # id(cell) → `_natural` (set once, read twice)

    def __post_init__(self) -> None:
        """The rows' indexes, once (by identity: equal rows are still two rows)."""
        self.row_index = {id(r): k for k, r in enumerate(self.table.rows)}

    def style(self, row: Row):
        """The style of the row's cells."""
        return self.header if row.header else self.text


def _setting(ts, t: Table) -> _Setting:
    """Styles of the table's roles (the template may leave them out: body
    cells in the body style, header cells in its face hei — the face of
    emphasis in the body, as run-ins are set — at the cells' size)."""
    from ..flow.blocks import run_lang
    variant = ts.variant(t.lang)
    text = ts.t.styles.get("table", ts.t.style("body"))
    header = ts.t.styles.get("table_header", replace(text, face="hei"))
    return _Setting(ts, t, ts.styled(text, variant), ts.styled(header, variant), run_lang(variant),
                    ts.grid.body_size)


def styled_runs(s: _Setting, para: Paragraph, style) -> list:
    """A cell's runs at its style; <em> in the face of the template's em role, at the cell's size."""
    from ..compose.types import StyledRun
    em_face = s.ts.face(s.ts.t.styles.get("em", style).face, s.ts.variant(s.table.lang))
    return [StyledRun(run.text, em_face if run.role == "em" else style.face, style.size, run.role, s.lang)
            for run in para.runs]


@dataclass(frozen=True)
class _Figure:
    """A figure cell set on one line: the line, and its widths left and right of the decimal mark."""
    line: Any                      # a composed Line
    left: float
    right: float


def _figure(s: _Setting, cell: Cell, style) -> _Figure:
    """A figure at its natural width, split at its decimal mark."""
    from ..flow.blocks import NO_BREAK
    line = s.ts.compose(styled_runs(s, cell.paragraph, style), NO_BREAK, 0.0)[0]
    mark = mark_index(cell.paragraph.text)
    x = next((g.x for g in line.glyphs if g.index == mark), line.natural)
    return _Figure(line, x, line.natural - x)


def _aligns_on_mark(cell: Cell, row: Row) -> bool:
    """A body cell of one column holding a figure (or align="decimal")."""
    if cell.span != 1 or row.header:
        return False
    return cell.align == "decimal" or (not cell.align and is_figure(cell.paragraph.text))


def _columns_of(row: Row) -> list[tuple[int, Cell]]:
    """(first column, cell) of each cell of the row."""
    out, col = [], 0
    for cell in row.cells:
        out.append((col, cell))
        col += cell.span
    return out


@dataclass(frozen=True)
class Columns:
    """The table's columns: widths in ems, left edges in pt (from the
    table's left), and per column the figures' extent around the mark."""
    widths: tuple[int, ...]
    em: float
    marks: tuple[tuple[float, float], ...]      # (left of the mark, right of it), widest; (0, 0): no figures
    short: tuple[bool, ...] = ()                # a text column every body cell of which is one line (`_short`)

    @property
    def lefts(self) -> tuple[float, ...]:
        """The left edge of every column."""
        out, x = [], 0.0
        for w in self.widths:
            out.append(x)
            x += (w + GAP_EM) * self.em
        return tuple(out)

    @property
    def width(self) -> float:
        """The table's width: its columns and the gaps between them."""
        return (sum(self.widths) + GAP_EM * (len(self.widths) - 1)) * self.em

    def measure(self, col: int, span: int) -> float:
        """The measure of a cell in columns col … col + span − 1."""
        return (sum(self.widths[col:col + span]) + GAP_EM * (span - 1)) * self.em


def share(total: int, needs: Sequence[float], mins: Sequence[int]) -> list[int]:
    """Whole ems for each column, each at least its min, summing to `total`
    (when the mins leave room): an em at a time to the column whose need
    is least met (need ÷ width largest; the first of equals) — widths in
    proportion to the needs, in whole ems (G1)."""
    widths = [max(1, m) for m in mins]
    while sum(widths) < total:
        k = max(range(len(widths)), key=lambda j: (needs[j] / widths[j], -j))
        widths[k] += 1
    return widths


def _needs(s: _Setting, figures: dict) -> tuple[list[float], list[int], list[tuple[float, float]]]:
    """Per column: what its cells need at natural width (ems), the fewest
    ems it may have (its figures do not break; text breaks anywhere
    between ideographs), and its figures' widest extent around the mark."""
    n = s.table.columns
    text_need, marks = [0.0] * n, [(0.0, 0.0)] * n
    for row in s.table.rows:
        for col, cell in _columns_of(row):
            if cell.span != 1:
                continue
            if id(cell) in figures:
                f = figures[id(cell)]
                marks[col] = (max(marks[col][0], f.left), max(marks[col][1], f.right))
            elif cell.paragraph.text:
                text_need[col] = max(text_need[col], _natural(s, cell, s.style(row)) / s.em)
    figure_need = [math.ceil((left + right) / s.em - 1e-6) for left, right in marks]
    needs = [max(t, f, 1.0) for t, f in zip(text_need, figure_need)]
    return needs, [max(f, 1) for f in figure_need], marks


def _natural(s: _Setting, cell: Cell, style) -> float:
    """A cell's text on one line, its natural width (composed once: the
    widths search and the wrapped-label check both ask)."""
    from ..flow.blocks import NO_BREAK
    natural = s.naturals.get(id(cell))
    if natural is None:
        natural = s.naturals[id(cell)] = s.ts.compose(styled_runs(s, cell.paragraph, style), NO_BREAK, 0.0)[0].natural
    return natural


class _Heights:
    """The table's height in grid lines for given column widths (a row is
    as tall as its tallest cell); cells' line counts are kept per measure."""

    def __init__(self, s: _Setting, figures: dict):
        self.s, self.figures = s, figures
        self.counts: dict[tuple[int, int], int] = {}

    def lines(self, row: Row, cell: Cell, measure_em: int) -> int:
        """Lines of a cell at a measure of `measure_em` ems."""
        if id(cell) in self.figures or not cell.paragraph.text:
            return 1
        key = (id(cell), measure_em)
        if key not in self.counts:
            runs = styled_runs(self.s, cell.paragraph, self.s.style(row))
            self.counts[key] = len(self.s.ts.compose(runs, measure_em * self.s.em, 0.0))
        return self.counts[key]

    def of(self, widths: Sequence[int]) -> int:
        """The table's lines at `widths`."""
        return sum(max(self.lines(row, cell, sum(widths[c:c + cell.span]) + GAP_EM * (cell.span - 1))
                       for c, cell in _columns_of(row)) for row in self.s.table.rows)


SEARCH_LIMIT = 4000             # width choices tried one by one; beyond that, a greedy search


def fewest_lines(s: _Setting, figures: dict, room: int, needs: Sequence[float], mins: Sequence[int]) -> list[int]:
    """Widths (whole ems, G1) summing to `room` that make the table
    shortest, each column at least as wide as its figures and at most as
    wide as its widest cell on one line; among equally short ones, the one
    meeting every column's need best (the least-met need ÷ width lowest).
    What is left is shared in proportion to the needs (`share`).  A table
    with too many choices to try them all is widened an em at a time where
    that saves the most lines (`_best_step`)."""
    heights = _Heights(s, figures)
    lows = [max(1, m) for m in mins]
    highs = [max(low, math.ceil(need - 1e-6)) for low, need in zip(lows, needs)]
    if sum(lows) >= room:
        return share(room, needs, lows)
    if math.prod(h - lo + 1 for lo, h in zip(lows, highs)) <= SEARCH_LIMIT:
        best = min(_choices(lows, highs, room),
                   key=lambda ws: (heights.of(ws), max(n / w for n, w in zip(needs, ws)), ws))
        return share(room, needs, list(best))
    widths = list(lows)
    while sum(widths) < room:
        step = _best_step(heights, widths, room - sum(widths), needs)
        if step is None:
            break
        widths[step[0]] += step[1]
    return share(room, needs, widths)


def _choices(lows: Sequence[int], highs: Sequence[int], room: int):
    """Every list of widths lows[k] ≤ w[k] ≤ highs[k] whose sum is at most `room`."""
    if not lows:
        yield []
        return
    for w in range(lows[0], highs[0] + 1):
        if w + sum(lows[1:]) > room:
            break
        for rest in _choices(lows[1:], highs[1:], room - w):
            yield [w] + rest


def _best_step(heights: _Heights, widths: list[int], budget: int, needs: Sequence[float]):
    """(column, ems) that saves the most lines per em within `budget`, or None."""
    now, best, best_key = heights.of(widths), None, None
    for k in range(len(widths)):
        for d in range(1, budget + 1):
            if widths[k] + d > math.ceil(needs[k] - 1e-6):
                break                          # wider than it needs: saves nothing
            trial = widths[:k] + [widths[k] + d] + widths[k + 1:]
            saved = now - heights.of(trial)
            if saved > 0:
                key = (saved / d, -d, -k)
                if best_key is None or key > best_key:
                    best, best_key = (k, d), key
                break
    return best


def columns(s: _Setting, measure: float, warnings: list[str]) -> tuple[Columns, dict]:
    """The table's columns in `measure`, and its figure cells set (by id)."""
    from ..messages import say
    t = s.table
    figures = {id(c): _figure(s, c, s.style(r)) for r in t.rows for c in r.cells if _aligns_on_mark(c, r)}
    needs, mins, marks = _needs(s, figures)
    room = math.floor(measure / s.em + 1e-9) - GAP_EM * (t.columns - 1)
    if t.widths:
        widths = list(t.widths)
        if sum(widths) > room:
            warnings.append(say("table_widths_wide", block=t.id, ems=sum(widths) + GAP_EM * (t.columns - 1),
                                room=room + GAP_EM * (t.columns - 1)))
            widths = share(room, widths, [1] * len(widths))
    else:
        widths = fewest_lines(s, figures, room, needs, mins)
    for col, (w, (left, right)) in enumerate(zip(widths, marks)):
        if (left + right) > w * s.em + 1e-6:
            widest = max((figures[id(c)] for r in t.rows for k, c in _columns_of(r) if k == col and id(c) in figures),
                         key=lambda f: f.left + f.right)
            warnings.append(say("table_figure_wide", block=t.id, col=col + 1, text=widest.line.text, ems=w))
    wrapped = _wrapped_label(s, figures, widths) if not t.widths else None
    if wrapped is not None:
        col, text = wrapped
        warnings.append(say("table_label_wraps", block=t.id, col=col + 1, text=text, ems=widths[col],
                            room=room + GAP_EM * (t.columns - 1)))
    cols = Columns(tuple(widths), s.em, tuple(marks))
    return replace(cols, short=_short(s, cols, figures)), figures


# A body cell this wide or less on one line (ems) is a label or a figure —
# a date, a place, "阴转晴", "−8～−1" — not prose: it should not wrap.
LABEL_MAX_EM = 6.0


def _wrapped_label(s: _Setting, figures: dict, widths: Sequence[int]) -> Optional[tuple[int, str]]:
    """(column, text) of the first body cell of a label column — every
    body cell of it at most LABEL_MAX_EM on one line — that is wider than
    the width the column was given (it wraps); None when none is."""
    labels = [True] * len(widths)
    over: list[tuple[int, Row, Cell]] = []        # the cells wider than their column at natural spacing
    for row in s.table.rows:
        if row.header:
            continue
        for col, cell in _columns_of(row):
            if cell.span != 1 or id(cell) in figures or not cell.paragraph.text or not labels[col]:
                continue
            natural = _natural(s, cell, s.style(row)) / s.em
            labels[col] = natural <= LABEL_MAX_EM
            if natural > widths[col] + 1e-6:
                over.append((col, row, cell))
    for col, row, cell in sorted(over, key=lambda o: o[0]):     # shrunk, does it still wrap?
        if labels[col] and len(s.ts.compose(styled_runs(s, cell.paragraph, s.style(row)),
                                            widths[col] * s.em, 0.0)) > 1:
            return col, cell.paragraph.text
    return None


def _short(s: _Setting, cols: Columns, figures: dict) -> tuple[bool, ...]:
    """Per column: whether it is a column of short text — every body cell
    that stands in it alone (span 1, no `align`, not a figure) sets on one
    line, and there is one.  Such a column (日期, 地点, 天气: labels, not
    prose) is centred like its header; justified, a one-line cell would
    stand flush left, and a wide column of them would look ragged and empty
    on its right.  A column with one cell of two lines or more is prose and
    stays justified throughout, so its cells line up with each other."""
    short = [True] * len(cols.widths)
    seen = [False] * len(cols.widths)
    for row in s.table.rows:
        if row.header:
            continue
        for col, cell in _columns_of(row):
            if cell.span != 1 or cell.align or id(cell) in figures or not cell.paragraph.text:
                continue
            seen[col] = True
            if short[col]:
                styled = styled_runs(s, cell.paragraph, s.style(row))
                short[col] = len(s.ts.compose(styled, cols.measure(col, 1), 0.0)) <= 1
    return tuple(k and v for k, v in zip(short, seen))


def _figure_x(cols: Columns, col: int, f: _Figure) -> float:
    """Where a figure starts: its mark where the column's marks stand —
    the column's figures centred as a group, or flush right when they are
    wider than the column."""
    left, right = cols.marks[col]
    room = cols.widths[col] * cols.em
    start = (room - left - right) / 2 if left + right <= room else room - left - right
    return cols.lefts[col] + start + left - f.left


def _line_x(line, measure: float, align: str) -> float:
    """The offset of a line in its cell: justified and left lines at 0,
    centred or right ones by what the line leaves of the measure."""
    extent = line.extent or line.natural
    free = max(measure - extent, 0.0)
    return free / 2 if align in ("centre", "center") else free if align == "right" else 0.0


# A justified cell's line that the composer had to stretch by more than this
# per gap between its characters (§1.5's ¼ em "too loose" reference, the
# quality figure's limit) is set at its natural spacing, flush left as the
# cell's last line is: a narrow cell's wrapped label or figure (12月10日 in
# a 4-em column, "−8～−1" in 3) justified reads "12　　月", "−8　～".
CELL_LOOSE_EM = 0.25


def _loose(line, em: float) -> bool:
    """Whether a justified line was stretched by more than CELL_LOOSE_EM per
    gap between its characters (its last line is never stretched)."""
    gaps = max(1, len(line.text.rstrip()) - 1)
    return not line.last and (line.width - line.natural) / em > CELL_LOOSE_EM * gaps + 1e-9


def _unjustified(s: _Setting, runs: Sequence, lines: Sequence, measure: float,
                 loose_only: bool = False) -> tuple:
    """The lines of a centred or right-aligned cell at their natural
    spacing (a justified line of a few characters would be letter-spaced):
    each line's text set again on its own, without its trailing space —
    unless only the composer's compression (C3, §1.5) fits it in the measure.
    `loose_only`: only the lines looser than CELL_LOOSE_EM (a justified cell)."""
    from ..flow.blocks import NO_BREAK
    out = []
    for line in lines:
        if loose_only and not _loose(line, s.em):
            out.append(line)
            continue
        piece = _slice(runs, line.start, line.end)
        natural = s.ts.compose(piece, NO_BREAK, 0.0)[0] if piece else line
        out.append(natural if natural.natural <= measure + 1e-6 else line)
    return tuple(out)


def _slice(runs: Sequence, start: int, end: int) -> list:
    """The styled runs' text from `start` to `end` of their joined text, trailing spaces dropped."""
    out, at = [], 0
    for run in runs:
        lo, hi = max(start - at, 0), min(end - at, len(run.text))
        if lo < hi:
            out.append(replace(run, text=run.text[lo:hi]))
        at += len(run.text)
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return out


def _among_figures(cols: Columns, col: int, cell: Cell) -> bool:
    """A text cell of one column that holds figures (a — or 未统计 among
    the numbers): centred under them, as its header is."""
    return cell.span == 1 and cols.marks[col] != (0.0, 0.0)


def _cell_items(s: _Setting, cols: Columns, figures: dict, row: Row, col: int, cell: Cell, tag):
    """A cell's text runs (relative to its row's top), its line count and its Composed record."""
    from ..flow.blocks import Composed
    from ..flow.slugs import baseline_in_cell, line_runs
    style = s.style(row)
    grid = s.ts.grid
    base = baseline_in_cell(grid.body_size, max(style.size, grid.body_size))
    if id(cell) in figures:
        f = figures[id(cell)]
        runs = line_runs(f.line, _figure_x(cols, col, f), base, style.color, tag)
        return runs, 1, Composed((f.line,), cell.paragraph.text, cell.line)
    measure = cols.measure(col, cell.span)
    styled = styled_runs(s, cell.paragraph, style)
    lines = s.ts.compose(styled, measure, 0.0) if cell.paragraph.text else ()
    centred = row.header or _among_figures(cols, col, cell) or (cell.span == 1 and col < len(cols.short)
                                                                and cols.short[col])
    align = cell.align or ("centre" if centred else "justify")
    if align in ("centre", "center", "right"):
        lines = _unjustified(s, [r for r in styled if r.text], lines, measure)
    elif align == "justify" and any(_loose(line, s.em) for line in lines):
        lines = _unjustified(s, [r for r in styled if r.text], lines, measure, loose_only=True)
    items = []
    for k, line in enumerate(lines):
        x = cols.lefts[col] + _line_x(line, measure, align)
        items += line_runs(line, x, k * grid.pitch + base, style.color, tag)
    return items, max(len(lines), 1), Composed(tuple(lines), cell.paragraph.text, cell.line)


def _rows(s: _Setting, cols: Columns, figures: dict, rows: Sequence[Row], seq: int):
    """Rows stacked into one slug's items, with their line count, source
    characters, text and Composed records; cell k is element TH or TD
    `seq + k` of its row (`_cell_tag`)."""
    items, composed, texts, lines, chars = [], [], [], 0, 0
    for row in rows:
        tallest = 1
        for col, cell in _columns_of(row):
            tag = _cell_tag(s, row, cell, seq)
            cell_items, n, record = _cell_items(s, cols, figures, row, col, cell, tag)
            seq += 1
            items += _moved(cell_items, lines * s.ts.grid.pitch)
            composed.append(record)
            tallest = max(tallest, n)
            chars += sum(len("".join(line.text.split())) for line in record.lines)
            texts.append(cell.paragraph.text)
        lines += tallest
    return items, lines, chars, " ".join(texts), composed, seq


def _cell_tag(s: _Setting, row: Row, cell: Cell, seq: int):
    """The structure element of a cell: TH in a header row, TD otherwise,
    with its row's index in the table and its column span."""
    from ..display import Tag
    return Tag(s.table.id, "TH" if row.header else "TD", seq, row=s.row_index[id(row)], span=cell.span)


def _moved(items: list, dy: float) -> list:
    """Items moved down by dy."""
    from ..flow.slugs import translate
    return translate(items, 0.0, dy) if dy else items


def _rule(s: _Setting, cols: Columns, y: float, weight: str):
    """A rule across the table at y, of the template's `weight` (thick / thin)."""
    from ..display import RuleItem
    default = 2.0 if weight == "thick" else 0.5
    return RuleItem(0.0, y, cols.width, y, s.ts.t.rules.get(weight, default))


def _header_rules(s: _Setting, cols: Columns, lines: int) -> tuple:
    """三线表: the thick rule above a header `lines` tall and the thin one
    under it, in the leading round it."""
    pitch = s.ts.grid.pitch
    gap = pitch - s.ts.grid.body_size
    return _rule(s, cols, -gap / 2, "thick"), _rule(s, cols, lines * pitch - gap / 2, "thin")


def _frame(s: _Setting, cols: Columns, weight: str, repeat: str = "", keep: int = 0):
    """A slug of no lines holding a rule in the leading above the line it
    stands at (flow/columns.py places it like any slug)."""
    from ..flow.slugs import Slug
    gap = s.ts.grid.pitch - s.ts.grid.body_size
    return Slug(lines=0, items=(_rule(s, cols, -gap / 2, weight),), kind="frame", repeat=repeat,
                keep_with_next=keep)


def _untagged(items: Sequence) -> tuple:
    """The items as furniture: the repeated header is not read again (an artifact)."""
    from ..display import TextRun
    return tuple(replace(it, tag=None) if isinstance(it, TextRun) else it for it in items)


def content(ts, t: Table, span: int, ctx):
    """The caption across the block as its head; the stream: the header
    (thick rule above, thin below; running, repeated at each column top),
    the rows, the thick rule under the last; a thin rule closes each
    column the table leaves."""
    from ..display import Tag
    from ..flow.blocks import BlockContent
    from ..flow.slugs import Slug
    s = _setting(ts, t)
    result = BlockContent("table", warnings=ts.lang_warnings(t, ROLES), art=t.id)
    if t.caption is not None:
        style = ts.t.styles.get("table_caption", s.header)
        head, warnings, records = ts.centred_group([(t.caption.text, style, CAPTION_LEADING)],
                                                   ts.grid.span_width(span), line=t.caption.line, lang=t.lang,
                                                   tags=[Tag(t.id, "Caption", 0)])
        result.head, result.warnings, result.paragraphs = [head], result.warnings + warnings, records
    measure = ts.grid.span_width(span) if t.wide else ts.grid.column_width
    cols, figures = columns(s, measure, result.warnings)
    x0 = (measure - cols.width) / 2                                # a narrower table stands centred
    if t.wide:
        rows, records = _across(s, cols, figures)
        result.head += [_shifted(slug, x0) for slug in rows]
        result.paragraphs += records
        return result
    headers = [r for r in t.rows if r.header]
    seq = 1
    stream: list[Slug] = []
    if headers:
        items, n, chars, text, records, seq = _rows(s, cols, figures, headers, seq)
        header = Slug(lines=n, items=tuple(items) + _header_rules(s, cols, n), kind="line", chars=chars, text=text,
                      keep_with_next=1)
        stream += [replace(header, items=_untagged(header.items), chars=0, text="", keep_with_next=0,
                           repeat="head"),
                   _frame(s, cols, "thin", repeat="foot"), header]
        result.paragraphs += records
    else:
        stream += [_frame(s, cols, "thick", repeat="head"), _frame(s, cols, "thin", repeat="foot"),
                   _frame(s, cols, "thick", keep=1)]
    body = [r for r in t.rows if not r.header]
    for k, row in enumerate(body):
        items, n, chars, text, records, seq = _rows(s, cols, figures, [row], seq)
        keep = 1 if _is_section(row, t) and k + 1 < len(body) else 0
        stream.append(Slug(lines=n, items=tuple(items), kind="line", chars=chars, text=text, keep_with_next=keep))
        result.paragraphs += records
    stream.append(_frame(s, cols, "thick", repeat="end"))
    result.stream = [_shifted(slug, x0) for slug in stream]
    return result


def _across(s: _Setting, cols: Columns, figures: dict):
    """A wide table's rows as head slugs across the block, in order — the
    header rows as one — with the 三线表 rules in the leading round them:
    thick above the first, thin under the header, thick under the last.
    It stands whole or its rows from the first that does not fit on are
    overset (flow/pages.py `_arrange`); it never goes on into a column."""
    from ..flow.slugs import Slug
    t, pitch = s.table, s.ts.grid.pitch
    gap = pitch - s.ts.grid.body_size
    headers = [r for r in t.rows if r.header]
    groups = ([headers] if headers else []) + [[r] for r in t.rows if not r.header]
    slugs, records, seq = [], [], 1
    for k, group in enumerate(groups):
        items, n, chars, text, composed, seq = _rows(s, cols, figures, group, seq)
        rules: list = []
        if k == 0:
            rules += _header_rules(s, cols, n) if headers else (_rule(s, cols, -gap / 2, "thick"),)
        if k == len(groups) - 1:
            rules.append(_rule(s, cols, n * pitch - gap / 2, "thick"))
        slugs.append(Slug(lines=n, items=tuple(items) + tuple(rules), kind="line", chars=chars, text=text))
        records += composed
    return slugs, records


def _is_section(row: Row, t: Table) -> bool:
    """A row of one cell across the table: a section head of the rows
    below it, never left at the foot of a column."""
    return len(row.cells) == 1 and row.cells[0].span == t.columns and t.columns > 1


def _shifted(slug, dx: float):
    """The slug moved right by dx (a table narrower than its column)."""
    from ..flow.slugs import translate
    return replace(slug, items=tuple(translate(slug.items, dx, 0.0))) if dx else slug


KIND = register(BlockKind(
    name="table", model=Table, build=build, content=content, schema=SCHEMA, check=check,
    attribute_checks={"widths": ("table_widths_bad", parse_widths)}, messages=MESSAGES, roles=ROLES,
    paragraphs=body))
