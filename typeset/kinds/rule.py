"""A rule the editor draws between blocks: horizontal in the middle of a grid
line across `span` columns, or vertical down the gutter left of `col`.
It takes no room on the grid: it is drawn where it was put."""
from __future__ import annotations

from ..model import Rule
from ..model.build import placement, source_line
from ..registry import BlockKind, register


def build(element, block_id: str) -> Rule:
    """A <rule> → Rule."""
    return Rule(id=block_id, placement=placement(element), weight=element.get("weight", "thin"),
                direction=element.get("direction", "horizontal"), line=source_line(element))


def draw(ts, rule: Rule) -> list:
    """The rule's display item, at the template's weight for its `weight`."""
    from ..display import RuleItem
    grid, p = ts.grid, rule.placement
    weight = ts.t.rules.get(rule.weight, ts.t.rules.get("thin", 0.5))
    col, line = (p.col or 1) - 1, (p.line or 1) - 1
    if rule.direction == "vertical":
        x = grid.col_x(col) - grid.gutter / 2
        last = line + (p.lines or grid.lines - line) - 1
        return [RuleItem(x, grid.line_top(line), x, grid.line_top(last) + grid.body_size, weight)]
    span = p.span or grid.columns - col
    y = grid.line_top(line) + grid.body_size / 2
    return [RuleItem(grid.col_x(col), y, grid.col_x(col + span - 1) + grid.column_width, y, weight)]


KIND = register(BlockKind(name="rule", model=Rule, build=build, draw=draw,
                          messages={"kind_rule": ("线条", "rule")}))
