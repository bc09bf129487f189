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
