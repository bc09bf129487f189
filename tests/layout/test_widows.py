"""孤行 (rule book §1.5: widow at a column top, "optionally borrow a line"):
[rules] widows = N keeps a paragraph's last N lines from being split so that
fewer than N start a column.  The bulletin template sets 2."""
from __future__ import annotations

from dataclasses import replace

import pytest

from typeset.errors import InputError
from typeset.flow.blocks import Typesetter
from typeset.flow.columns import Segment, thread
from typeset.model import Paragraph, Run
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

BULLETIN = load_template(f"{BUILTIN_DIR}/bulletin.toml")
# 16 characters a line: a paragraph of k·16 − 2 ideographs (with its 2-em indent) sets k lines
TEXT = "魏都区召开动员大会动员全区上下再接再厉开拓创新不断开创全区慈善募捐工作新局面"


def typesetter(square, widows: int) -> Typesetter:
    return Typesetter(replace(BULLETIN, rules={**BULLETIN.rules, "widows": widows}), square)


def paragraph(lines: int) -> Paragraph:
    text = (TEXT * 4)[:16 * lines - 2]
    return Paragraph(runs=(Run(text, "text"),), line=1)


def _ends(ts: Typesetter, paras) -> tuple[list, list[int]]:
    """The slugs of `paras`, and the index of each paragraph's last line."""
    slugs, composed = ts.body_slugs(paras, ts.grid.column_width)
    ends, k = [], -1
    for c in composed:
        k += len(c.lines)
        ends.append(k)
    return slugs, ends


def widows_at_column_tops(slugs, ends, segments, n: int) -> int:
    """Columns that start with fewer than n last lines of a paragraph that
    began in an earlier column."""
    threading = thread(slugs, segments)
    first = {}                                   # column → first slug index in it
    for p in threading.placed:
        first.setdefault(p.col, p.slug_index)
    count = 0
    starts = [0] + [e + 1 for e in ends[:-1]]
    for i in first.values():
        for start, end in zip(starts, ends):
            if start < i <= end and end - i + 1 < n:
                count += 1
    return count


def test_the_line_n_from_the_end_keeps_the_rest(square):
    slugs, ends = _ends(typesetter(square, 2), [paragraph(5), paragraph(1), paragraph(2)])
    assert [s.keep_with_next for s in slugs] == [0, 0, 0, 1, 0] + [0] + [1, 0]
    slugs, _ = _ends(typesetter(square, 3), [paragraph(5), paragraph(2)])
    assert [s.keep_with_next for s in slugs] == [0, 0, 2, 0, 0] + [1, 0]   # a shorter one stays whole
    slugs, _ = _ends(typesetter(square, 1), [paragraph(5)])
    assert [s.keep_with_next for s in slugs] == [0] * 5


@pytest.mark.parametrize("n", [2, 3])
def test_no_column_starts_with_a_widow(square, n):
    """Every column height from 4 to 14 lines, over two columns: with
    widows = n no column starts with fewer than n last lines; without
    control some heights do (so the count can fail)."""
    paras = [paragraph(k) for k in (3, 5, 2, 4, 6, 3)]
    controlled, uncontrolled = 0, 0
    for height in range(4, 15):
        segments = [Segment(c, 0, height) for c in range(4)]
        slugs, ends = _ends(typesetter(square, n), paras)
        controlled += widows_at_column_tops(slugs, ends, segments, n)
        slugs, ends = _ends(typesetter(square, 1), paras)
        uncontrolled += widows_at_column_tops(slugs, ends, segments, n)
    assert controlled == 0
    assert uncontrolled > 0


@pytest.mark.parametrize("value", [0, -1, "2", True, 1.5])
def test_a_bad_widows_value_names_the_template(tmp_path, value):
    text = (BUILTIN_DIR + "/bulletin.toml")
    src = open(text, encoding="utf-8").read().replace("widows = 2", f"widows = {value!r}".replace("'", '"')
                                                       .replace("True", "true"))
    path = tmp_path / "t.toml"
    path.write_text(src, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_template(str(path))
    assert "t.toml" in str(e.value) and "widows" in str(e.value)


def test_check_counts_widows_at_column_tops(make_issue, square, tmp_path):
    """The page layout reports 孤行 per block (paiban check's summary): some
    heights of a two-column article leave one with [rules] widows = 1, none
    with the bulletin's 2."""
    src = open(f"{BUILTIN_DIR}/bulletin.toml", encoding="utf-8").read()
    (tmp_path / "nowidowcontrol.toml").write_text(src.replace("widows = 2", "widows = 1"), encoding="utf-8")
    paras = "".join(f"<p>{(TEXT * 4)[:16 * k - 2]}</p>" for k in (3, 5, 2, 4, 6, 3, 2, 5))
    counts = {}
    for template in ("bulletin", "nowidowcontrol"):
        total = 0
        for lines in range(8, 30):
            article = (f'<article id="a" col="1" span="2" line="1" lines="{lines}">'
                       f'<headline>标题</headline>{paras}</article>')
            result = layout_issue(make_issue(article, template=template), fonts=square)
            total += sum(b.widows for b in result.blocks)
        counts[template] = total
    assert counts["bulletin"] == 0
    assert counts["nowidowcontrol"] > 0
