"""The total-fit breaker as it was before the speed work of issue 4 (commit
0ea13e4), kept verbatim as the oracle for `test_breaker_equivalence.py`: the
live `breaker.total_fit` must choose exactly the same breaks on every input.
Do not optimise this file; it is the reference.  (One change since: the
gap count no longer includes the gap before a line's first character, a
fault the rule-book oracle found — `test_rulebook_oracle.py`.)"""
from __future__ import annotations

from typeset.compose.breaker import (BREAK_PENALTY, EPS, INF, OVERFULL_PENALTY, STRETCH_UNIT_EM,
                                     STRETCH_WEIGHT, LineCost, unjustifiable)
from typeset.compose.prepare import HYPHEN, Prepared


def total_fit(cost: LineCost, loose: float) -> list[int] | None:  # noqa: C901 — kept verbatim
    """Knuth–Plass DP; returns line ends or None when the end is unreachable.

    This is the composer's hottest loop (4–5 candidate starts per character),
    so for the common line — a plain or relaxed break, no hyphen, no hung
    mark, neither the first nor the last line — `LineCost.cost` and
    `LineCost.shrinkable` are written out over local names, with the same
    operands in the same order, hence the same floats and the same
    tie-breaks; every other line goes through `LineCost.cost`.
    """
    p = cost.p
    n = p.n
    best = [INF] * (n + 1)
    prev = [-1] * (n + 1)
    best[0] = 0.0
    ok, line_cost, relaxed = cost.ok, cost.cost, cost.relaxed
    # The paragraph's arrays and the cost constants, bound once per paragraph.
    brk, hangable = p.brk, p.hangable
    PW, PG, PS, PE, PN = p.PW, p.PG, p.PS, p.PE, p.PN
    start_fix, start_sfix, gap_shr = p.start_fix, p.start_sfix, p.gap_shr
    end_fix, end_sfix = p.end_fix, p.end_sfix
    m, shrink_base, shrink_weight = cost.m, cost.shrink_base, cost.shrink_weight
    window = _Window(p, cost, loose)
    PQ, PR, first_min_w, max_w = window.PQ, window.PR, window.first_min_w, window.max_w
    for j, lo, hi in window.candidates(ok):
        best_j, prev_j = INF, -1
        # Starts outside lo..hi: the indented first line (shorter), and in the
        # relaxed pass the one-unit line that is the last resort (R7).
        extra = ()
        if (lo > 0 or hi < 0) and PQ[j] >= first_min_w and PR[j] <= max_w:
            extra = (0,)
        if relaxed and best[j - 1] < INF and ok[j - 1]:
            extra += (j - 1,)
        for i in extra:
            c = line_cost(i, j)
            if c is None:
                if not (relaxed and i == j - 1):
                    continue
                c = OVERFULL_PENALTY              # nothing fits: set it overfull
            if best[i] + c < best_j:
                best_j, prev_j = best[i] + c, i
        if j == n or brk[j] == HYPHEN or hangable[j - 1]:     # not the fast case
            for i in range(lo, hi + 1):
                if ok[i] and best[i] < best_j:    # costs are ≥ 0: skip hopeless starts
                    c = line_cost(i, j)
                    if c is not None and best[i] + c < best_j:
                        best_j, prev_j = best[i] + c, i
            best[j], prev[j] = best_j, prev_j
            continue
        if lo == 0 and hi >= 0:                   # the first line has its own measure
            c = line_cost(0, j)
            if c is not None and c < best_j:      # best[0] == 0
                best_j, prev_j = c, 0
            lo = 1
        # The fast case: LineCost.cost for i ≥ 1, j < n, plain/relaxed break.
        penalty = BREAK_PENALTY[brk[j]]
        efix, esfix = end_fix[j - 1], end_sfix[j - 1]
        PWj, PGj, PSj, PEj, PNj = PW[j], PG[j], PS[j], PE[j], PN[j]
        for i in range(lo, hi + 1):
            b = best[i]
            if b >= best_j:                       # costs are ≥ 0: skip hopeless starts
                continue                          # (and best[i] stays INF where not ok[i])
            slack = m - (PWj - PW[i] + PGj - PG[i + 1] + start_fix[i])
            slack -= efix
            if slack < -EPS:
                room = PSj - PS[i] - gap_shr[i] + start_sfix[i] + esfix
                if -slack > room + EPS:
                    continue                      # cannot shrink that far
                c = shrink_base + shrink_weight * (slack / room) ** 2 + penalty
            else:
                gaps = PEj - PE[i + 1] + PNj - PN[i + 1]    # (was PN[i]: see LineCost.cost)
                if gaps <= 0:
                    c = unjustifiable(slack) + penalty
                else:
                    per_gap = slack / (gaps * STRETCH_UNIT_EM)
                    c = STRETCH_WEIGHT * per_gap * per_gap + penalty
            if b + c < best_j:
                best_j, prev_j = b + c, i
        best[j], prev[j] = best_j, prev_j
    if best[n] == INF:
        return None
    ends, j = [], n
    while j > 0:
        ends.append(j)
        j = prev[j]
    return ends[::-1]


class _Window:
    """Candidate line starts for a line ending at j: two monotone pointers.

    lo: first i whose width, fully shrunk and without gaps, fits the measure
    plus the most the line-boundary rules can take away (2 em).  hi: last i
    whose width plus the most the boundary rules add (1.5 em) still reaches
    measure − loose.  Both only move forward as j grows.
    """
    BOUNDARY_TAKE_EM = 2.0     # C3 + C4 + hanging + trailing space, bounded
    BOUNDARY_ADD_EM = 1.5      # undone pair compression + hyphen, bounded

    def __init__(self, p: Prepared, cost: LineCost, loose: float):
        self.p, self.cost = p, cost
        self.max_w = cost.m + self.BOUNDARY_TAKE_EM
        self.min_w = cost.m - loose - self.BOUNDARY_ADD_EM
        self.first_min_w = self.min_w - (cost.m - cost.m0)
        self.PR = [w - s for w, s in zip(p.PW, p.PS)]
        self.PQ = [w + g for w, g in zip(p.PW, p.PG)]

    def candidates(self, ok: list[bool]):
        """(j, lo, hi) for every allowed line end j: starts lo..hi are worth
        trying (hi = -1: none).  A generator, so the pointers live in local
        names rather than attributes (this runs once per character)."""
        PR, PQ, max_w, min_w, n = self.PR, self.PQ, self.max_w, self.min_w, self.p.n
        lo = hi = 0
        for j in range(1, n + 1):
            if not ok[j]:
                continue
            while PR[j] - PR[lo] > max_w:
                lo += 1
            while hi + 1 < j and PQ[j] - PQ[hi + 1] >= min_w:
                hi += 1
            if j == n:
                yield j, lo, j - 1            # the last line may be short
            else:
                yield j, lo, (hi if PQ[j] - PQ[hi] >= min_w else -1)
