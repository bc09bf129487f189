"""The core summary box (核心提示, kinds/summary.py): its text beside the
vertical label, the box at least as tall as the label."""
from __future__ import annotations


def test_a_summary_shorter_than_its_label_stands_in_the_middle_of_its_box(square):
    """A one-line summary in a box as tall as its vertical label: whole grid
    lines of air above and below the line, the lower half no larger by more
    than a line — not the line at the top over an empty foot."""
    from typeset.flow.blocks import Typesetter
    from typeset.kinds import summary
    from typeset.model import Paragraph, Run, Summary
    from typeset.style.template import BUILTIN_DIR, load_template
    ts = Typesetter(load_template(f"{BUILTIN_DIR}/bulletin.toml"), square)
    box = Summary(id="s", label="核心提示", paragraphs=(Paragraph((Run("全区供暖提前启动。"),)),))
    head = summary.content(ts, box, 3, None).head
    assert sum(s.lines for s in head) == ts.label_lines("核心提示") > 4
    text_at = next(k for k, s in enumerate(head) if s.kind == "line")
    above = sum(s.lines for s in head[:text_at])
    below = sum(s.lines for s in head[text_at + 1:])
    assert 0 <= below - above <= 1
