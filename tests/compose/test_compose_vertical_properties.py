"""Property tests of vertical paragraphs (issue 18 §1) on the horizontal
composer's random mixes: the lines give back the input, keep the §1.2
prohibitions down the column, never split a tate-chu-yoko unit, and set
every glyph inside the column."""
from __future__ import annotations

from hypothesis import given

from compose_mock import SIZE, MockMetrics, runs
from test_compose_properties import QUICK, legal_text, options, violations
from typeset.compose import compose_vertical_paragraph
from typeset.compose.vertical_text import tcy_spans

MEASURE_EM = 16


def vertical(text, settings, indent=2.0):
    return compose_vertical_paragraph(runs(text), MEASURE_EM * SIZE, MockMetrics(), settings, indent_em=indent)


@QUICK
@given(legal_text, options)
def test_vertical_lines_give_back_the_text_and_keep_the_prohibitions(text, settings):
    lines = vertical(text, settings)
    assert "".join(line.text for line in lines) == text
    assert [line.start for line in lines[1:]] == [line.end for line in lines[:-1]]
    assert violations(lines, settings.level) == []


@QUICK
@given(legal_text, options)
def test_tate_chu_yoko_units_stay_whole_on_one_line(text, settings):
    lines = vertical(text, settings)
    for start, end in tcy_spans(text):
        assert any(line.start <= start and end <= line.end for line in lines)


@QUICK
@given(legal_text, options)
def test_every_glyph_is_set_inside_its_column(text, settings):
    metrics = MockMetrics()
    for line in vertical(text, settings):
        for g in line.glyphs:
            across = g.size if g.rotate else metrics.advance(g.face, g.drawn) * g.size
            assert -0.5 * SIZE - 1e-6 <= g.y                      # C4: an opening mark half out
            assert g.y <= MEASURE_EM * SIZE + 1e-6                # (a hung mark starts at the foot)
            assert -1e-6 <= g.x and g.x + across <= SIZE + 1e-6   # across: within the line's em
