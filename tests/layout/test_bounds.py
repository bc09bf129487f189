"""The stray-mark guard (typeset/flow/bounds.py): every block's marks lie in
its rectangle, with the slack each kind takes by rule; a mark outside is
reported naming the block, never printed silently over a neighbour."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from typeset.display import BoxItem, Dots, ImageItem, RuleItem, TextRun
from typeset.flow import pages
from typeset.flow.bounds import Area, strays
from typeset.pipeline import layout_issue

AREA = Area(100.0, 100.0, 244.0, 400.0)      # one 16-character column of 9 pt, 20 lines of 15 pt
PITCH = 15.0
ISSUES = Path(__file__).resolve().parents[2] / "issues"


def run(x: float, y: float, n: int = 16, size: float = 9.0, text: str = "") -> TextRun:
    return TextRun(x, y, "song", size, text or "字" * n, tuple(k * size for k in range(n)))


def test_text_images_rules_and_dots_inside_are_not_strays():
    items = [run(100.0, 110.0), ImageItem(100.0, 120.0, 144.0, 90.0, "p.jpg"),
             RuleItem(100.0, 403.0, 244.0, 403.0),                 # a table's closing rule, in the line gap
             Dots(100.0, 399.0, (4.5, 13.5), 1.5), BoxItem(100.0, 100.0, 144.0, 300.0)]
    assert strays(items, [AREA], PITCH) == []


def test_a_line_start_bracket_half_an_em_left_is_not_a_stray():
    quote = run(100.0 - 4.5, 110.0, text="“" + "字" * 15)      # set half width (标点挤压): origin ½ em out
    assert strays([quote], [AREA], PITCH) == []


@pytest.mark.parametrize("item", [
    run(100.0 - 156.0, 110.0),                                   # a column to the left
    run(100.0, 110.0 + 20 * PITCH),                               # below the block's foot
    ImageItem(100.0 - 60.0, 120.0, 144.0, 90.0, "p.jpg"),         # an image across the left edge
    RuleItem(100.0, 100.0, 244.0 + 40.0, 100.0),                  # a rule into the next column
])
def test_a_mark_beyond_its_slack_is_a_stray(item):
    assert strays([item], [AREA], PITCH) == [item]


def test_a_mark_in_either_part_of_an_l_is_inside():
    leg = Area(256.0, 250.0, 400.0, 400.0)
    assert strays([run(256.0, 300.0)], [AREA, leg], PITCH) == []
    assert strays([run(256.0, 200.0)], [AREA, leg], PITCH) != []     # beside the leg, above its notch


def test_a_block_drawn_off_its_rectangle_is_reported_by_name(make_issue, square, monkeypatch):
    drawn = pages._draw_arrangement

    def shifted(a, rect, grid):                    # a fault: everything a column to the left
        return [replace(it, x=it.x - grid.span_width(1) - grid.gutter) if isinstance(it, TextRun) else it
                for it in drawn(a, rect, grid)]
    monkeypatch.setattr(pages, "_draw_arrangement", shifted)
    body = "<p>" + "动员全区上下再接再厉。" * 8 + "</p>"
    result = layout_issue(make_issue(f'<article id="a" col="3" span="2" line="1"><headline>短稿</headline>{body}'
                                     '</article>'), fonts=square)
    (fault,) = [w for w in result.warnings if "layout fault" in w.message]
    assert fault.element == "a" and "'a'" in fault.message and "page 1" in fault.message


@pytest.mark.parametrize("issue", sorted(str(p) for p in ISSUES.glob("*.xml")))
def test_the_shipped_issues_draw_nothing_outside_their_blocks(square, issue):
    result = layout_issue(issue, fonts=square)
    assert not [w.message for w in result.warnings if "layout fault" in w.message]
