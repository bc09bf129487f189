"""Thread a stream of slugs through a block's column segments (串文), balanced.

Input: the free cells of each column (lists of grid-line ranges, photos
already cut out) and the slugs in reading order.  Output: where each slug
goes, and what did not fit.  Pure arithmetic on grid lines: no drawing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .slugs import Slug


@dataclass(frozen=True)
class Segment:
    """Free grid lines [start, stop) of one column of a block."""
    col: int
    start: int
    stop: int


@dataclass(frozen=True)
class Placed:
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
    placed: list[Placed] = []
    i, bottom = 0, 0
    running = _Running() if any(s.repeat for s in slugs) else None
    for seg in segments:
        cap = limit.get(seg.col) if isinstance(limit, dict) else limit
        stop = seg.stop if cap is None else min(seg.stop, cap)
        line = seg.start
        if running is not None:
            i, start = running.enter(slugs, i, seg, stop, placed)
            if start is None:
                continue                # too short for the running head and what follows it
            line = start
        top = line                      # below the running head, if one was set
        while i < len(slugs):
            if running is not None and running.stands_aside(slugs, i):
                i += 1
                continue
            reserve = running.reserve(slugs, i) if running is not None else 0
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
            if running is not None:
                running.set(slugs, i)
            i += 1
        if running is not None:
            bottom = max(bottom, running.leave(slugs, i, seg, line, placed))
    return Threading(tuple(placed), tuple(range(i, len(slugs))), bottom)


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
    while line < stop and sum(max(0, min(s.stop, line) - s.start) for s in segments) < need:
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
    full = thread(slugs, segments)
    if not full.fits or not slugs:
        return full
    lo, hi = _fewest_bottom(slugs, segments), full.bottom       # the answer is in [lo, hi]
    probe, step = lo, 1
    while probe < hi:                   # gallop up from the bound: the answer is near it
        if thread(slugs, segments, limit=probe).fits:
            hi = probe
            break
        lo, probe, step = probe + 1, min(probe + 1 + step, hi), step * 2
    while lo < hi:                      # binary search on the bottom line
        mid = (lo + hi) // 2
        if thread(slugs, segments, limit=mid).fits:
            hi = mid
        else:
            lo = mid + 1
    return shortened(slugs, segments, hi)


def shortened(slugs: Sequence[Slug], segments: Sequence[Segment], bottom: int) -> Threading:
    """The threading capped at `bottom` with as many trailing columns as
    still fit one line shorter (balance's second step: only the last
    columns may end higher)."""
    best = thread(slugs, segments, limit=bottom)
    columns = sorted({s.col for s in segments})
    for first_short in range(len(columns) - 1, 0, -1):
        limits = {c: (bottom if k < first_short else bottom - 1) for k, c in enumerate(columns)}
        trial = thread(slugs, segments, limit=limits)
        if not trial.fits:
            break
        best = trial
    return best
