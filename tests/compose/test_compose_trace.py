"""trace_lines and line_quality: the composer's diagnostics."""
from __future__ import annotations

from dataclasses import replace

from compose_mock import SIZE, compose
from typeset.compose import line_quality, trace_lines


def test_trace_names_text_widths_and_adjustments():
    lines = compose("一二三四五六七八九十一二三四五六，七八九。")
    trace = trace_lines(lines)
    assert trace.splitlines()[0] == ("L1 [0:15] w=16.000 nat=15.000 ext=16.000 +0.0714/gap "
                                     "shrink=0.000 |一二三四五六七八九十一二三四五|")
    assert "last" in trace.splitlines()[1]


def test_trace_with_positions_lists_each_glyph():
    (line,) = compose("共10人")
    assert trace_lines([line], positions=True).splitlines()[1] == "    共@0.000 1@1.250 0@1.750 人@2.500"


def test_quality_of_clean_lines():
    lines = compose("一二三四五六七八九十一二三四五六，七八九。" * 3, indent_em=2)
    q = line_quality(lines)
    assert (q["prohibited_starts"], q["prohibited_ends"], q["orphans"], q["not_flush"]) == (0, 0, 0, 0)
    assert q["within_quarter_em"] == 1.0 and q["lines"] == len(lines)
    assert sum(q["spacing_histogram"].values()) == len(lines)


def test_quality_counts_bad_lines():
    a, b = compose("一二三四五六七八九十一二三四五“六七八”九十。")
    bad_end = replace(a, glyphs=a.glyphs + b.glyphs[:1])           # “ at line end
    bad_start = replace(b, glyphs=b.glyphs[4:], start=19)          # ” at line start
    orphan = replace(b, glyphs=b.glyphs[-2:], start=21)            # 十。 alone
    loose = replace(a, extent=a.extent - 0.5 * SIZE, gaps_expand_em=0.3)
    q = line_quality([bad_end, bad_start, orphan, loose])
    assert q["prohibited_ends"] == 1 and q["prohibited_starts"] == 1
    assert q["orphans"] == 1 and q["not_flush"] == 1
    assert q["max_gap_em"] == 0.3 and q["within_quarter_em"] == 0.75


def test_a_url_broken_after_its_slash_is_no_violation():
    # A URL breaks after / . ? & = - _ @ (prepare.URL_BREAK_AFTER): a line
    # ending with its / keeps the URL's rule, not a 避头尾 fault (R2 GB).
    lines = compose("详见网址http://www.wangchuan.gov.cn/zwgk/zcwj/202612/notice.html查询。",
                    measure=10 * SIZE)
    assert any(line.text.endswith("/") and not line.last for line in lines)    # the case arises
    q = line_quality(lines)
    assert (q["prohibited_starts"], q["prohibited_ends"]) == (0, 0)


def test_a_slash_at_a_line_end_outside_a_url_still_counts():
    a, b = compose("一二三四五六七八九十一二三四五六七八九十一二三四五")
    slash = replace(a, glyphs=(*a.glyphs[:-1], replace(a.glyphs[-1], char="/")))     # 一…/ ends a line
    q = line_quality([slash, b])
    assert q["prohibited_ends"] == 1
