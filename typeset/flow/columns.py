"""Thread a stream of slugs through a block's column segments (串文), balanced.

Input: the free cells of each column (lists of grid-line ranges, photos
already cut out) and the slugs in reading order.  Output: where each slug
goes, and what did not fit.  Pure arithmetic on grid lines: no drawing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple, Optional, Sequence

from .slugs import Slug


@dataclass(frozen=True)
class Segment:
    """Free grid lines [start, stop) of one column of a block."""
    col: int
    start: int
    stop: int


class Placed(NamedTuple):
    """Where slug `slug_index` of a stream was set: column `col`, from grid
    line `line`.  A NamedTuple, not a frozen dataclass: the balance search
    threads a stream dozens of times, and the sample's build makes some
    30,000 of these (0.2 µs each, not 1)."""
    slug_index: int
    col: int
    line: int


@dataclass(frozen=True)
class Threading:
    placed: tuple[Placed, ...]
    overset: tuple[int, ...]          # indexes of slugs that did not fit
    bottom: int                       # lowest grid line used + 1 (or first start)

    @property
    def fits(self) -> bool:
        return not self.overset


def thread(slugs: Sequence[Slug], segments: Sequence[Segment],
           limit: int | dict[int, int] | None = None) -> Threading:
    """Fill segments in order (column by column, top to bottom).

    `limit` caps segments at a grid line (used to balance columns): one line
    for every column, or a line per column index.
    A slug with keep_with_next moves to the next segment unless that many
    following lines fit after it.
    Running slugs (`Slug.repeat`, see `_Running`): a running head is set
    again at the top of every later segment the stream goes on into, a
    running foot at the foot of every segment it leaves, until an "end"
    slug; the same slug index is then placed more than once.
    """
    plain = _plain_stream(slugs)
    if plain is not None:
        return _thread_plain(plain, segments, limit)
    placed: list[Placed] = []
    i, bottom = 0, 0
    running = _Running()
    for seg in segments:
        cap = limit.get(seg.col) if isinstance(limit, dict) else limit
        stop = seg.stop if cap is None else min(seg.stop, cap)
        i, start = running.enter(slugs, i, seg, stop, placed)
        if start is None:
            continue                    # too short for the running head and what follows it
        line = top = start              # below the running head, if one was set
        while i < len(slugs):
            if running.stands_aside(slugs, i):
                i += 1
                continue
            reserve = running.reserve(slugs, i)
            if line + slugs[i].lines + reserve > stop:
                break
            kept = _kept_lines(slugs, i)
            if kept and line + slugs[i].lines + kept > stop and line > top:
                break                   # keep with next: start the next column
            # A blank or rule slug never starts a column: it only separates.
            if line == seg.start and slugs[i].kind in ("space", "rule") and placed:
                i += 1
                continue
            placed.append(Placed(i, seg.col, line))
            line += slugs[i].lines
            bottom = max(bottom, line)
            running.set(slugs, i)
            i += 1
        bottom = max(bottom, running.leave(slugs, i, seg, line, placed))
    return Threading(tuple(placed), tuple(range(i, len(slugs))), bottom)


class _PlainStream(NamedTuple):
    """Per slug of a stream without running slugs, what threading reads:
    its lines, the lines kept with it (`_kept_lines`), whether it is a blank
    or rule (which never starts a column).  Read once per balance search."""
    lines: list[int]
    kept: list[int]
    separator: list[bool]


def _plain_stream(slugs: Sequence[Slug]) -> Optional[_PlainStream]:
    """The `_PlainStream` of `slugs`; None when some slug is a running one."""
    if any(s.repeat for s in slugs):
        return None
    return _PlainStream([s.lines for s in slugs],
                        [_kept_lines(slugs, i) if s.keep_with_next else 0 for i, s in enumerate(slugs)],
                        [s.kind in ("space", "rule") for s in slugs])


def _fits(slugs: Sequence[Slug], segments: Sequence[Segment], limit: int | dict[int, int],
          plain: Optional[_PlainStream]) -> bool:
    """Whether `thread` under `limit` fits every slug — all the balance
    search asks of its probes, answered without recording placements when
    the stream is `plain`."""
    if plain is None:
        return thread(slugs, segments, limit).fits
    return _thread_plain(plain, segments, limit, record=False).fits


def _thread_plain(plain: _PlainStream, segments: Sequence[Segment],
                  limit: int | dict[int, int] | None, record: bool = True) -> Threading:
    """`thread` of a stream without running slugs: the same placements, from
    the per-slug facts read once (`_PlainStream`) instead of at every step —
    `balance` threads a stream some twenty times, and this loop was a
    seventh of a build's CPU.  With `record` False the Threading has no
    placements (only its overset and bottom mean anything)."""
    lines, kept, separator = plain
    n = len(lines)
    placed: list[Placed] = []
    i, bottom, count = 0, 0, 0          # count: slugs placed so far
    for seg in segments:
        cap = limit.get(seg.col) if isinstance(limit, dict) else limit
        stop = seg.stop if cap is None else min(seg.stop, cap)
        col, top = seg.col, seg.start
        line, first = top, count
        while i < n:
            height = lines[i]
            if line + height > stop:
                break
            if kept[i] and line + height + kept[i] > stop and line > top:
                break                   # keep with next: start the next column
            if line == top and separator[i] and count:
                i += 1                  # a blank or rule slug never starts a column
                continue
            if record:
                placed.append(Placed(i, col, line))
            count += 1
            line += height
            i += 1
        if count > first and line > bottom:
            bottom = line               # the lowest line used + 1
    return Threading(tuple(placed), tuple(range(i, n)), bottom)


class _Running:
    """The running head and foot of a stream being threaded (`Slug.repeat`).

    A table's header is set once where it stands and then again at the top
    of each column the table continues into; its foot rule closes each
    column it leaves.  Only slugs set since the head appeared call for it
    again: a head is never repeated over nothing, nor before the first
    setting of what it heads.
    """

    def __init__(self) -> None:
        self.head: list[int] = []          # indexes of the running head's slugs, in order
        self.foot: Optional[int] = None    # index of the running foot
        self.started = False               # something was set since the head or foot appeared
        self.here = False                  # … in the current segment

    def stands_aside(self, slugs: Sequence[Slug], i: int) -> bool:
        """Whether slugs[i] is a running head or foot: remembered, not set here."""
        kind = slugs[i].repeat
        if kind == "head":
            if self.started:               # a head after set content starts a new running head
                self.head, self.started = [], False
            self.head.append(i)
        elif kind == "foot":
            self.foot = i
        return kind in ("head", "foot")

    def set(self, slugs: Sequence[Slug], i: int) -> None:
        """slugs[i] was set where it stands; an "end" slug ends head and foot."""
        if slugs[i].repeat == "end":
            self.head, self.foot, self.started = [], None, False
        elif self.head or self.foot is not None:
            self.started = self.here = True

    def reserve(self, slugs: Sequence[Slug], i: int) -> int:
        """Lines to keep free below slugs[i] for the running foot (none when
        the stream ends, or its running part ends, right after it)."""
        if self.foot is None or slugs[i].repeat == "end":
            return 0
        following = slugs[i + 1] if i + 1 < len(slugs) else None
        if following is None or following.repeat == "end":
            return 0
        return slugs[self.foot].lines

    def enter(self, slugs: Sequence[Slug], i: int, seg: Segment, stop: int,
              placed: list[Placed]) -> tuple[int, Optional[int]]:
        """Set the running head at the top of `seg` when the stream goes on
        into it; returns the next slug and the first free line — None for a
        segment too short for the head and the slug after it, which stays
        empty (the slug tries the next one, as thread() does with any slug)."""
        self.here = False
        while i < len(slugs) and slugs[i].repeat in ("head", "foot"):
            if self.stands_aside(slugs, i):
                i += 1
        if not (self.head and self.started and i < len(slugs) and slugs[i].repeat != "end"):
            return i, seg.start
        height = sum(slugs[k].lines for k in self.head)
        if seg.start + height + slugs[i].lines + self.reserve(slugs, i) > stop:
            return i, None
        line = seg.start
        for k in self.head:
            placed.append(Placed(k, seg.col, line))
            line += slugs[k].lines
        return i, line

    def leave(self, slugs: Sequence[Slug], i: int, seg: Segment, line: int, placed: list[Placed]) -> int:
        """Set the running foot under what the stream set in `seg` when it
        goes on past it; returns the line below the foot (0 when none is set)."""
        if self.foot is None or not self.here or i >= len(slugs) or slugs[i].repeat == "end":
            return 0
        placed.append(Placed(self.foot, seg.col, line))
        return line + slugs[self.foot].lines


def _kept_lines(slugs: Sequence[Slug], i: int) -> int:
    """Lines of the slugs that must follow slugs[i] in the same column
    (running heads and feet are not set where they stand: not counted)."""
    want, total, j = slugs[i].keep_with_next, 0, i + 1
    while want > 0 and j < len(slugs):
        if slugs[j].repeat not in ("head", "foot"):
            total += slugs[j].lines
            want -= 1
        j += 1
    return total


def _fewest_bottom(slugs: Sequence[Slug], segments: Sequence[Segment]) -> int:
    """The lowest bottom line whose segments hold as many lines as the
    slugs have: no threading capped higher can fit them, so the search for
    the balanced bottom starts here rather than at the top (the stream's
    whole height is usually many times a column's share of it)."""
    # running heads and feet only add lines; a blank or rule may be dropped at a column's top
    need = sum(s.lines for s in slugs if s.repeat not in ("head", "foot") and s.kind not in ("space", "rule"))
    line = min(s.start for s in segments)
    stop = max(s.stop for s in segments)
    starts, stops = Counter(s.start for s in segments), Counter(s.stop for s in segments)
    # capacity(L) = Σ max(0, min(stop, L) − start); one line lower adds a line
    # for every segment open at L (start ≤ L < stop)
    capacity, open_segments = 0, 0
    while line < stop and capacity < need:
        open_segments += starts.get(line, 0) - stops.get(line, 0)
        capacity += open_segments
        line += 1
    return line


def balance(slugs: Sequence[Slug], segments: Sequence[Segment]) -> Threading:
    """Thread so that the columns end as evenly as the content allows.

    Rule book G5 and issue 5: columns end at equal depth, within one line,
    and a column is never longer than the one before it (only the last ones
    may be shorter).  Found in two steps: the lowest common bottom line that
    fits everything, then as many trailing columns as possible one line
    shorter.  When nothing fits even unbalanced, return the unbalanced
    threading (its overset names the slugs left over).
    """
    plain = _plain_stream(slugs)          # read once for every threading below
    full = _threaded(slugs, segments, None, plain)
    if not full.fits or not slugs:
        return full
    lo, hi = _fewest_bottom(slugs, segments), full.bottom       # the answer is in [lo, hi]
    probe, step = lo, 1
    while probe < hi:                   # gallop up from the bound: the answer is near it
        if _fits(slugs, segments, probe, plain):
            hi = probe
            break
        lo, probe, step = probe + 1, min(probe + 1 + step, hi), step * 2
    while lo < hi:                      # binary search on the bottom line
        mid = (lo + hi) // 2
        if _fits(slugs, segments, mid, plain):
            hi = mid
        else:
            lo = mid + 1
    return shortened(slugs, segments, hi, plain)


def shortened(slugs: Sequence[Slug], segments: Sequence[Segment], bottom: int,
              plain: Optional[_PlainStream] = None) -> Threading:
    """The threading capped at `bottom` with as many trailing columns as
    still fit one line shorter (balance's second step: only the last
    columns may end higher).  `plain`: the stream's `_PlainStream`, when
    the caller has it."""
    plain = plain if plain is not None else _plain_stream(slugs)
    best: int | dict[int, int] = bottom
    columns = sorted({s.col for s in segments})
    for first_short in range(len(columns) - 1, 0, -1):
        limits = {c: (bottom if k < first_short else bottom - 1) for k, c in enumerate(columns)}
        if not _fits(slugs, segments, limits, plain):
            break
        best = limits
    return _threaded(slugs, segments, best, plain)


def _threaded(slugs: Sequence[Slug], segments: Sequence[Segment], limit: int | dict[int, int] | None,
              plain: Optional[_PlainStream]) -> Threading:
    """`thread` of `slugs`, their `_PlainStream` read already (None: a
    stream with running slugs)."""
    return thread(slugs, segments, limit) if plain is None else _thread_plain(plain, segments, limit)
