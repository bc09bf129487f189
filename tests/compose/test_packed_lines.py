"""Composer lines are PackedLines (Glyphs made on first use): they equal the
plain Line with the same glyphs, and the drawing path that reads their arrays
(flow/slugs.py) gives the same TextRuns and slugs as the Glyph path."""
from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose_mock import SIZE, MockMetrics
from test_compose_properties import any_text, legal_text, options
from typeset.compose import ComposerSettings, Line, StyledRun, compose_paragraph
from typeset.compose.types import PackedLine
from typeset.flow.slugs import line_runs, line_slug, translate

MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plain(line: PackedLine) -> Line:
    """The same line as an ordinary Line built from its Glyphs."""
    return Line(**{f.name: getattr(line, f.name) for f in dataclasses.fields(Line)})


def mixed_runs(text: str, split: int) -> list[StyledRun]:
    """A bold run-in head in another face and size, then the body (several runs a line)."""
    head, body = text[:split], text[split:]
    return [r for r in (StyledRun(head, "hei", SIZE * 1.2), StyledRun(body, "song", SIZE)) if r.text]


def check_lines(lines):
    for line in lines:
        assert isinstance(line, PackedLine)
        twin = plain(line)
        assert line == twin and twin == line and hash(line) == hash(twin)
        assert line.text == twin.text == "".join(g.char for g in line.glyphs)
        assert line_runs(line, 3.5, 7.25) == line_runs(twin, 3.5, 7.25)
        assert line_slug(line, SIZE) == line_slug(twin, SIZE)
        assert dataclasses.replace(line, width=1.0) == dataclasses.replace(twin, width=1.0)
        items = line_slug(line, SIZE).items
        moved = translate(items, 12.5, 30.0)
        assert moved == [dataclasses.replace(it, x=it.x + 12.5, y=it.y + 30.0) for it in items]
        assert [repr(it) for it in moved] == [repr(dataclasses.replace(it, x=it.x + 12.5, y=it.y + 30.0))
                                              for it in items]


@MANY
@given(st.one_of(legal_text, any_text), options, st.integers(0, 6))
def test_packed_lines_draw_like_glyph_lines(text, opts, split):
    lines = compose_paragraph(mixed_runs(text, split), 16 * SIZE, MockMetrics(), opts)
    check_lines(lines)


def test_hyphenated_line_keeps_its_hyphen():
    text = "一二三四五六七八internationalization九十"          # as test_l4 in test_compose_rules
    lines = compose_paragraph([StyledRun(text, "song", SIZE)], 16 * SIZE, MockMetrics(),
                              ComposerSettings())
    assert any(line.glyphs[-1].drawn == "-" for line in lines[:-1])
    check_lines(lines)


def test_missing_glyph_and_substituted_dash():
    metrics = MockMetrics(missing="字")
    lines = compose_paragraph([StyledRun("汉字——汉字" * 8, "song", SIZE)], 16 * SIZE, metrics)
    check_lines(lines)
