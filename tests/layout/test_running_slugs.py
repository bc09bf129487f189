"""Running slugs of a stream (flow/columns.py, `Slug.repeat`): a running
head is set again at the top of every later column segment the stream goes
on into (a table's header after a column break, issue 18 §4), a running
foot at the foot of every segment it leaves, until an "end" slug."""
from __future__ import annotations

from typeset.flow.columns import Segment, balance, thread
from typeset.flow.slugs import Slug


def line(name: str, lines: int = 1, **kw) -> Slug:
    return Slug(lines=lines, items=(), text=name, **kw)


def head_copy(lines: int = 2) -> Slug:
    return Slug(lines=lines, items=(), text="H*", repeat="head")


def foot(lines: int = 0) -> Slug:
    return Slug(lines=lines, items=(), text="F", kind="frame", repeat="foot")


def end() -> Slug:
    return Slug(lines=0, items=(), text="E", kind="frame", repeat="end")


def table(rows: int, foot_lines: int = 0) -> list[Slug]:
    """A table's stream: running header and foot, the header, rows, the end."""
    return ([head_copy(), foot(foot_lines), line("H", 2, keep_with_next=1)]
            + [line(f"r{k}") for k in range(1, rows + 1)] + [end()])


def columns(stream, threading) -> list[list[str]]:
    """What each column holds, top to bottom, by slug text."""
    out: dict[int, list] = {}
    for p in sorted(threading.placed, key=lambda p: (p.col, p.line)):
        out.setdefault(p.col, []).append(stream[p.slug_index].text)
    return [out[c] for c in sorted(out)]


SEGMENTS = [Segment(0, 0, 6), Segment(1, 0, 6), Segment(2, 0, 6)]


def test_the_head_is_set_again_at_the_top_of_each_column_the_stream_goes_on_into():
    stream = table(10)
    t = thread(stream, SEGMENTS)
    assert t.fits
    assert columns(stream, t) == [["H", "r1", "r2", "r3", "r4", "F"],
                                  ["H*", "r5", "r6", "r7", "r8", "F"],
                                  ["H*", "r9", "r10", "E"]]
    heads = [p for p in t.placed if stream[p.slug_index].text == "H*"]
    assert [(p.col, p.line) for p in heads] == [(1, 0), (2, 0)]       # at the segment tops


def test_a_segment_below_a_photo_starts_with_the_head_at_its_own_top():
    stream = table(6)
    t = thread(stream, [Segment(0, 0, 6), Segment(1, 3, 9)])
    first_in_col_1 = min((p for p in t.placed if p.col == 1), key=lambda p: p.line)
    assert stream[first_in_col_1.slug_index].text == "H*" and first_in_col_1.line == 3


def test_no_head_over_nothing_and_no_foot_after_the_end():
    stream = table(4)                       # header 2 + 4 rows: exactly one column
    t = thread(stream, SEGMENTS)
    assert columns(stream, t) == [["H", "r1", "r2", "r3", "r4", "E"]]


def test_the_head_is_not_repeated_before_what_it_heads_is_set():
    """Text before the table fills column 1: the header starts column 2 once."""
    stream = [line(f"p{k}") for k in range(5)] + table(3)
    t = thread(stream, SEGMENTS)
    assert columns(stream, t) == [["p0", "p1", "p2", "p3", "p4"], ["H", "r1", "r2", "r3", "E"]]


def test_the_header_keeps_with_its_first_row():
    stream = [line(f"p{k}") for k in range(4)] + table(3)      # 2 lines left: the header alone would fit
    t = thread(stream, SEGMENTS)
    assert columns(stream, t)[1][:2] == ["H", "r1"]


def test_an_end_slug_ends_the_running_head():
    stream = table(2) + [line(f"p{k}") for k in range(8)]
    t = thread(stream, SEGMENTS)
    cols = columns(stream, t)
    assert cols[0] == ["H", "r1", "r2", "E", "p0", "p1"]
    assert cols[1][0] == "p2" and "H*" not in cols[1] and "F" not in cols[0]


def test_a_foot_of_lines_is_given_room_at_each_column_foot():
    stream = table(10, foot_lines=1)
    t = thread(stream, SEGMENTS)
    assert columns(stream, t) == [["H", "r1", "r2", "r3", "F"], ["H*", "r4", "r5", "r6", "F"],
                                  ["H*", "r7", "r8", "r9", "r10", "E"]]
    assert all(p.line + stream[p.slug_index].lines <= 6 for p in t.placed)


def test_a_segment_too_short_for_the_head_and_a_row_stays_empty():
    stream = table(8)
    t = thread(stream, [Segment(0, 0, 6), Segment(1, 0, 2), Segment(2, 0, 8)])
    assert [c for c in columns(stream, t)] == [["H", "r1", "r2", "r3", "r4", "F"],
                                               ["H*", "r5", "r6", "r7", "r8", "E"]]
    assert not any(p.col == 1 for p in t.placed)


def test_what_does_not_fit_is_overset_and_the_head_counts_once():
    stream = table(12)
    t = thread(stream, SEGMENTS[:2])
    assert [stream[i].text for i in t.overset] == ["r9", "r10", "r11", "r12", "E"]
    assert sum(1 for p in t.placed if stream[p.slug_index].text == "H") == 1


def test_balanced_columns_repeat_the_head_too():
    stream = table(10)
    t = balance(stream, [Segment(0, 0, 40), Segment(1, 0, 40)])
    cols = columns(stream, t)
    assert cols[0][0] == "H" and cols[1][0] == "H*"
    assert [r for c in cols for r in c if r.startswith("r")] == [f"r{k}" for k in range(1, 11)]
    depth = [sum(stream[p.slug_index].lines for p in t.placed if p.col == c) for c in (0, 1)]
    assert depth == [7, 7]


def test_a_stream_without_running_slugs_threads_as_before():
    stream = [line(f"p{k}") for k in range(14)]
    t = thread(stream, SEGMENTS)
    assert columns(stream, t) == [[f"p{k}" for k in range(0, 6)], [f"p{k}" for k in range(6, 12)], ["p12", "p13"]]
