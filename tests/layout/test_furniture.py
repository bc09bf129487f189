"""Page furniture read from the layout model: the header and footer lines."""
from __future__ import annotations

import pytest

from typeset.display import TextRun
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
FOOTER_TEMPLATE = 'extends = "bulletin"\nname = "with-editor"\n[footer]\ntext = "{section}  责任编辑：{editor}"\n'


def _lines(result, above: bool) -> list[str]:
    """Texts of the runs above the grid (header) or below it (footer)."""
    top, foot = GRID.top, GRID.top + GRID.height
    return [r.actual or r.text for r in result.pages[0].items
            if isinstance(r, TextRun) and (r.y < top if above else r.y > foot)]


@pytest.mark.parametrize("editor", ["责任编辑：孙悦", "责任编辑:孙悦", "责编 孙悦", "孙悦"])
def test_header_and_footer_show_the_editor_line_once(make_issue, square, tmp_path, editor):
    (tmp_path / "with-editor.toml").write_text(FOOTER_TEMPLATE, encoding="utf-8")
    path = make_issue('<article id="a"><headline>标题</headline><p>正文。</p></article>',
                      template="with-editor")
    text = open(path, encoding="utf-8").read().replace('template="with-editor"',
                                                       f'template="with-editor" editor="{editor}"')
    open(path, "w", encoding="utf-8").write(text)
    result = layout_issue(path, fonts=square)
    header, footer = "".join(_lines(result, True)), "".join(_lines(result, False))
    assert header.count("责任编辑：孙悦") == 1 and "责任编辑：责任编辑" not in header
    assert "责任编辑：孙悦" in footer and footer.count("责任编辑") == 1
    assert "责编" not in header + footer


def test_editor_name_strips_the_prefix_only():
    from typeset.flow.furniture import editor_name
    assert editor_name("责任编辑：孙悦") == editor_name(" 责任编辑 孙悦 ") == "孙悦"
    assert editor_name("编辑部") == "编辑部"
