"""flow/columns.balance finds its bottom line by galloping up from the
capacity bound (`_fewest_bottom`); it must give exactly the threading a
plain binary search from the top of the segments gives (the search it
replaced), on streams with heads, blanks, rules, keeps and photo cuts."""
from __future__ import annotations

import random

from typeset.flow import columns
from typeset.flow.columns import Segment, balance, shortened, thread
from typeset.flow.slugs import Slug


def _reference(slugs, segments):
    """The balance of before: binary search on the bottom from the highest start."""
    full = thread(slugs, segments)
    if not full.fits or not slugs:
        return full
    lo, hi = min(s.start for s in segments), full.bottom
    while lo < hi:
        mid = (lo + hi) // 2
        if thread(slugs, segments, limit=mid).fits:
            hi = mid
        else:
            lo = mid + 1
    return shortened(slugs, segments, hi)          # the second step is shared: only the search differs


def _stream(rng: random.Random) -> list[Slug]:
    out = [Slug(lines=rng.randint(2, 6), items=(), kind="head")] if rng.random() < 0.5 else []
    for _ in range(rng.randint(1, 80)):
        kind = rng.choice(["line"] * 8 + ["space", "rule"])
        out.append(Slug(lines=1 if kind != "head" else 2, items=(), kind=kind,
                        keep_with_next=rng.choice([0, 0, 0, 1, 2])))
    return out


def _segments(rng: random.Random) -> list[Segment]:
    out = []
    for col in range(rng.randint(1, 6)):
        start = rng.choice([0, 0, 0, rng.randint(1, 20)])          # a photo or a head above
        out.append(Segment(col, start, start + rng.randint(5, 60)))
    return out


def test_balance_equals_the_plain_binary_search():
    rng = random.Random(20261203)
    for _ in range(400):
        slugs, segments = _stream(rng), _segments(rng)
        assert balance(slugs, segments) == _reference(slugs, segments)


def test_the_bound_is_never_above_the_balanced_bottom():
    rng = random.Random(7)
    for _ in range(400):
        slugs, segments = _stream(rng), _segments(rng)
        if thread(slugs, segments).fits:
            bottom = max((p.line + slugs[p.slug_index].lines for p in balance(slugs, segments).placed), default=0)
            assert columns._fewest_bottom(slugs, segments) <= max(bottom, min(s.start for s in segments))


def test_a_plain_stream_threads_as_the_running_loop_threads_it():
    """`thread` takes a faster loop for a stream without running slugs
    (`_thread_plain`).  A 0-line "end" slug after the stream sends it through
    the running loop without moving anything: both must place every slug on
    the same line of the same column, leave the same overset and the same
    bottom, under every kind of limit."""
    rng = random.Random(11)
    for _ in range(400):
        slugs, segments = _stream(rng), _segments(rng)
        end = Slug(lines=0, items=(), repeat="end")
        cols = sorted({s.col for s in segments})
        for limit in (None, rng.randint(0, 60), {c: rng.randint(0, 60) for c in cols}):
            plain = thread(slugs, segments, limit=limit)
            running = thread(slugs + [end], segments, limit=limit)
            assert plain.placed == tuple(p for p in running.placed if p.slug_index < len(slugs))
            assert plain.overset == tuple(k for k in running.overset if k < len(slugs))
            assert plain.bottom == running.bottom


def test_the_bound_is_the_first_line_whose_segments_hold_the_stream():
    """`_fewest_bottom` counts capacity line by line from the segments'
    open and close lines: the first line L whose Σ max(0, min(stop, L) −
    start) holds the stream's lines (or the lowest stop)."""
    rng = random.Random(5)
    for _ in range(400):
        slugs, segments = _stream(rng), _segments(rng)
        need = sum(s.lines for s in slugs if s.kind not in ("space", "rule"))
        line, stop = min(s.start for s in segments), max(s.stop for s in segments)
        while line < stop and sum(max(0, min(s.stop, line) - s.start) for s in segments) < need:
            line += 1
        assert columns._fewest_bottom(slugs, segments) == line
