"""Tagged tables (issue 18 §6): a reader following the structure tree of
issues/tables.xml, independent of typeset (tag_reader: pikepdf + pdfminer),
finds each <table> as a Table of TR rows whose TH/TD cells read the source
cells in order; a cell across the table says its ColSpan; the header set
again after a column break is not read twice."""
from __future__ import annotations

import os

import pytest
from lxml import etree

from typeset.pipeline import BuildOptions, build_issue
from typeset.verify import squeeze

from tag_reader import structure

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = os.path.join(ROOT, "issues", "tables.xml")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("tables") / "tables.pdf")
    build_issue(TABLES, out, BuildOptions(variant="archive"))
    return structure(out)


def source_tables() -> dict[str, list[list[tuple[str, int, bool]]]]:
    """Per table id, its rows as (cell text, span, header row) from the XML."""
    doc = etree.parse(TABLES)
    return {t.get("id"): [[("".join(c.itertext()), int(c.get("span", "1")), r.get("header") == "yes")
                           for c in r.iter("cell")] for r in t.iter("row")]
            for t in doc.iter("table")}


def tables_in(tree):
    return [e for e in tree.walk() if e.type == "Table"]


def test_every_table_is_a_table_of_rows_of_cells_as_written(tree):
    wanted = source_tables()
    found = tables_in(tree)
    assert len(found) == len(wanted) == 3
    for table, rows in zip(found, wanted.values()):
        assert [tr.type for tr in table.kids] == ["TR"] * len(rows)
        for tr, cells in zip(table.kids, rows):
            assert [c.type for c in tr.kids] == ["TH" if header else "TD" for _, _, header in cells]
            assert [squeeze(c.text) for c in tr.kids] == [squeeze(text) for text, _, _ in cells]
            assert [c.colspan for c in tr.kids] == [span for _, span, _ in cells]


def test_a_cell_across_columns_says_so(tree):
    found = {squeeze(c.text): c.colspan for t in tables_in(tree) for tr in t.kids for c in tr.kids
             if c.colspan > 1}
    wanted = {squeeze(text): span for rows in source_tables().values() for cells in rows
              for text, span, _ in cells if span > 1}
    assert found == wanted and "以上蔬菜平均" in found and len(found) >= 2


def test_the_table_stands_in_its_art_after_its_caption(tree):
    arts = [e for e in tree.walk() if e.type == "Art" and any(k.type == "Table" for k in e.kids)]
    assert len(arts) == 3
    for art in arts:
        assert [k.type for k in art.kids] == ["Caption", "Table"]


def test_the_repeated_header_is_read_once(tree):
    population = tables_in(tree)[0]
    headers = [tr for tr in population.kids if tr.kids and tr.kids[0].type == "TH"]
    assert len(headers) == 1 and squeeze(headers[0].kids[0].text) == "街道"
