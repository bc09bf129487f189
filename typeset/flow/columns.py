"""Thread a stream of slugs through a block's column segments (串文), balanced.

Input: the free cells of each column (lists of grid-line ranges, photos
already cut out) and the slugs in reading order.  Output: where each slug
goes, and what did not fit.  Pure arithmetic on grid lines: no drawing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

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
    """
    placed: list[Placed] = []
    i, bottom = 0, 0
    for seg in segments:
        cap = limit.get(seg.col) if isinstance(limit, dict) else limit
        stop = seg.stop if cap is None else min(seg.stop, cap)
        line = seg.start
        while i < len(slugs):
            if line + slugs[i].lines > stop:
                break
            kept = _kept_lines(slugs, i)
            if kept and line + slugs[i].lines + kept > stop and line > seg.start:
                break                   # keep with next: start the next column
            # A blank or rule slug never starts a column: it only separates.
            if line == seg.start and slugs[i].kind in ("space", "rule") and placed:
                i += 1
                continue
            placed.append(Placed(i, seg.col, line))
            line += slugs[i].lines
            bottom = max(bottom, line)
            i += 1
    return Threading(tuple(placed), tuple(range(i, len(slugs))), bottom)


def _kept_lines(slugs: Sequence[Slug], i: int) -> int:
    """Lines of the slugs that must follow slugs[i] in the same column."""
    want, total, j = slugs[i].keep_with_next, 0, i + 1
    while want > 0 and j < len(slugs):
        total += slugs[j].lines
        want -= 1
        j += 1
    return total


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
    low = min(s.start for s in segments)
    lo, hi = low, full.bottom
    while lo < hi:                      # binary search on the bottom line
        mid = (lo + hi) // 2
        if thread(slugs, segments, limit=mid).fits:
            hi = mid
        else:
            lo = mid + 1
    best = thread(slugs, segments, limit=hi)
    columns = sorted({s.col for s in segments})
    for first_short in range(len(columns) - 1, 0, -1):
        limits = {c: (hi if k < first_short else hi - 1) for k, c in enumerate(columns)}
        trial = thread(slugs, segments, limit=limits)
        if not trial.fits:
            break
        best = trial
    return best
