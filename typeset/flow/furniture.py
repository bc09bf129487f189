"""Issue metadata + template → page header items (报头/版头), above the grid."""
from __future__ import annotations

import datetime
import re

from ..display import BoxItem, Item, RuleItem
from .slugs import line_runs

WEEKDAYS = "一二三四五六日"
EDITOR_LINE = "责任编辑：{editor}"
# What an issue may write before the editor's name in <page editor="…">: the
# header prints EDITOR_LINE with the name, so the prefix is not repeated.
EDITOR_PREFIX = re.compile(r"^\s*(?:责任编辑|责编)\s*[：:]?\s*")


def editor_name(editor: str) -> str:
    """The editor's name from <page editor>: `责任编辑：孙悦`, `责编 孙悦` and
    `孙悦` all give 孙悦 (the format's own example writes the prefix)."""
    return EDITOR_PREFIX.sub("", editor).strip()


def chinese_date(iso: str) -> str:
    """2022-08-31 → 2022年8月31日 星期三 (the weekday printed in headers)."""
    try:
        d = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def page_header(page, meta, ts) -> list[Item]:
    """Paper name, page number and section, date, issue numbers, editor, rules."""
    grid = ts.grid
    left, right = grid.left, grid.left + grid.width
    rule_y = grid.top - 12.0
    items: list[Item] = [RuleItem(left, rule_y, right, rule_y, ts.t.rules.get("thick", 2.0)),
                         RuleItem(left, rule_y + 3.0, right, rule_y + 3.0, ts.t.rules.get("thin", 0.5))]
    if ts.t.header.get("show_paper", True):
        items += _text(ts, meta.paper, ts.t.style("header_paper"), left, rule_y - 10.0, "centre", right - left)
    page_style, info = ts.t.style("header_page"), ts.t.style("header_info")
    items += _text(ts, f"第{page.number}版", page_style, left, rule_y - 10.0 - info.size * 1.8, "left")
    items += _text(ts, page.section, page_style, left, rule_y - 10.0, "left")
    lines = []
    if ts.t.header.get("show_info", True):        # a front page's nameplate already says it
        numbers = " ".join(x for x in (f"第{meta.issue_no}期" if meta.issue_no else "",
                                       f"总第{meta.total_no}期" if meta.total_no else "") if x)
        lines += [chinese_date(meta.date)] + ([numbers] if numbers else [])
    editor = editor_name(page.editor)
    lines += [EDITOR_LINE.format(editor=editor)] if editor else []
    y = rule_y - 10.0 - info.size * 1.6 * (len(lines) - 1)
    for text in lines:
        items += _text(ts, text, info, right, y, "right")
        y += info.size * 1.6
    return items


def _text(ts, text: str, style, x: float, baseline: float, align: str, width: float = 0.0) -> list[Item]:
    if not text:
        return []
    line, size = ts.natural_line(text, style, 1e6)
    if align == "right":
        x -= line.natural
    elif align == "centre":
        x += (width - line.natural) / 2
    return list(line_runs(line, x, baseline, style.color))


def masthead(meta, pages: int, ts, x: float, y: float, width: float, height: float) -> list[Item]:
    """The front-page nameplate (报头): paper name, motto, issue data in a box."""
    t = ts.t
    paper, info, motto = t.style("masthead_paper"), t.style("masthead_info"), t.style("masthead_motto")
    name_line, size = ts.natural_line(meta.paper, paper, width * 0.62)
    name_base = y + height * 0.55 + 0.35 * size
    items: list[Item] = list(line_runs(name_line, x, name_base, paper.color))
    items += _text(ts, t.masthead.get("motto", ""), motto, x, name_base + motto.size * 2.0, "left")
    box_w = width * 0.3
    box_x = x + width - box_w
    rows = [chinese_date(meta.date)]
    rows += [" ".join(v for v in (f"第{meta.issue_no}期" if meta.issue_no else "",
                                  f"总第{meta.total_no}期" if meta.total_no else "") if v)]
    rows += [f"本期{pages}版"] + ([meta.edition] if meta.edition else []) + ([meta.publisher] if meta.publisher else [])
    rows = [r for r in rows if r]
    pitch = info.size * 1.9
    top = y + (height - pitch * len(rows)) / 2
    items.append(BoxItem(box_x, top - info.size * 0.6, box_w, pitch * len(rows) + info.size * 0.4,
                         width=t.rules.get("thin", 0.5)))
    for k, row in enumerate(rows):
        items += _text(ts, row, info, box_x, top + k * pitch + info.size, "centre", box_w)
    rule_y = y + height + ts.grid.pitch / 2
    items.append(RuleItem(x, rule_y, x + width, rule_y, t.rules.get("thick", 2.0), paper.color))
    return items


def page_footer(page, meta, ts) -> list[Item]:
    """Optional footer under the grid: a thin rule and a line of text.

    The template's `[footer] text` may use {paper}, {date}, {page}, {section},
    {editor} (the name, whatever prefix the issue wrote: `editor_name`),
    {issue_no} and {total_no}.
    """
    spec = ts.t.footer
    if not spec.get("text"):
        return []
    grid, style = ts.grid, ts.t.style("header_info")
    left, right = grid.left, grid.left + grid.width
    rule_y = grid.top + grid.height + grid.pitch * 0.6
    text = spec["text"].format(paper=meta.paper, date=chinese_date(meta.date), page=page.number,
                               section=page.section, editor=editor_name(page.editor), issue_no=meta.issue_no,
                               total_no=meta.total_no)
    align = spec.get("align", "centre")
    x = {"left": left, "right": right}.get(align, left)
    items: list[Item] = [RuleItem(left, rule_y, right, rule_y, ts.t.rules.get("thin", 0.5))]
    return items + _text(ts, text, style, x, rule_y + style.size * 1.6, align, right - left)
