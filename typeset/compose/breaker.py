"""`Prepared` paragraph + measure → line breaks (list of (start, end) pairs).

Two breakers over the same line-cost function:
- `total_fit`: Knuth–Plass-style dynamic programming over the whole
  paragraph, minimising the sum of line costs (quadratic in the extra space
  per gap, so spacing stays even from line to line) plus penalties for
  hyphens, relaxed prohibitions and 孤字;
- `greedy`: fill each line as far as it legally goes (push-in first, §1.3).

The cost of a line (i, j) (characters i..j-1) is a few prefix-sum lookups
(see prepare.py), and only starts whose width lies within the measure
− `max_loose_em` … measure + shrink are tried, so the work per character is
bounded by the number of characters in a line.

`total_fit`'s dynamic programme also exists in C (_speedups.c, issue 15 §7),
built when a C compiler is there (setup.py) and used when it was; this
module's Python code is its oracle (tests/compose/test_speedups.py: the same
ends and the same costs), and PAIBAN_PURE_PYTHON=1 makes it the one that runs.
"""
from __future__ import annotations

from functools import cached_property
from itertools import compress
from operator import add, sub
from types import ModuleType
from typing import Optional

from . import classes as C
from ..runtime import compiled
from .prepare import BREAK, HYPHEN, RELAX, URL_INNER, Prepared, is_orphan, mark_hyphens

INF = float("inf")
EPS = 1e-9
STRETCH_UNIT_EM = 0.25      # §1.5/L4: ¼ em extra per gap is the "too loose" reference
STRETCH_WEIGHT = 100.0      # cost of a line stretched by STRETCH_UNIT_EM per gap
HYPHEN_PENALTY = 100.0      # L4: a hyphen is worth ¼ em of extra space per gap
RELAX_PENALTY = 1e5         # R7: breaking a prohibition only when nothing else fits
# A URL or e-mail address broken between two letters (no hyphen: a hyphen
# would be read as part of the address) costs as much as a line ½ em looser
# per gap: its separators / . ? & = - _ @ come first, but a narrow column
# never opens 1–2 em gaps to keep wangchuan whole (prepare.URL_INNER).
URL_INNER_PENALTY = 400.0
ORPHAN_PENALTY = 1e6        # §1.5: 孤字 on the last line
OVERFULL_PENALTY = 1e7      # a unit wider than the measure
UNJUSTIFIABLE = 1e4         # a non-final line with no gap to expand
PUSH_IN_SHRINK_WEIGHT = 2.0     # §1.3 push-in first: shrinking is cheaper than any push-out
PUSH_OUT_SHRINK_BASE = 200.0    # §1.3 push-out first: shrink only when expansion is worse
PUSH_OUT_SHRINK_WEIGHT = 100.0  # … and then grows like a stretched line
BREAK_PENALTY = {BREAK: 0.0, HYPHEN: HYPHEN_PENALTY, RELAX: RELAX_PENALTY, URL_INNER: URL_INNER_PENALTY}
def compiled_breaker() -> Optional[ModuleType]:
    """The C breaker (_speedups), configured with this module's constants;
    None when it was not built or PAIBAN_PURE_PYTHON=1 asks for Python."""
    _speedups = compiled("typeset.compose._speedups")
    if _speedups is None:
        return None
    _speedups.configure(EPS, STRETCH_UNIT_EM, STRETCH_WEIGHT, HYPHEN_PENALTY, RELAX_PENALTY,
                        URL_INNER_PENALTY, ORPHAN_PENALTY, OVERFULL_PENALTY, UNJUSTIFIABLE,
                        BREAK, HYPHEN, RELAX, URL_INNER)
    return _speedups


COMPILED = compiled_breaker()


def unjustifiable(slack: float) -> float:
    """Cost of a non-final line with no gap that may expand (a line of one
    URL: no letter-spacing inside words, §1.5): it is spread at the URL's
    separators or left short, so the fuller such a line, the better — as a
    line stretched over one gap."""
    if slack < 1e-6:
        return 0.0
    per_gap = slack / STRETCH_UNIT_EM
    return UNJUSTIFIABLE + STRETCH_WEIGHT * per_gap * per_gap


class LineCost:
    """Cost of setting characters i..j-1 as one line (None = cannot)."""

    def __init__(self, p: Prepared, measure_em: float, first_measure_em: float,
                 relaxed: bool):
        self.p = p
        self.m, self.m0 = measure_em, first_measure_em
        self.relaxed = relaxed
        push_in = p.settings.kinsoku == "push_in_first"
        self.shrink_base = 0.0 if push_in else PUSH_OUT_SHRINK_BASE
        self.shrink_weight = PUSH_IN_SHRINK_WEIGHT if push_in else PUSH_OUT_SHRINK_WEIGHT
        last = p.n - 1
        self.last_end_fix = -p.adv[last] if p.n and p.cls[last] == C.SPACE else 0.0
        self.last_end_sfix = -p.shr[last] if p.n and p.cls[last] == C.SPACE else 0.0

    @cached_property
    def ok(self) -> list[bool]:
        """ok[k]: a break is allowed before char k (the paragraph start: True).
        Made on first use: the C breaker reads the break kinds itself."""
        kinds = (BREAK, HYPHEN, URL_INNER, RELAX) if self.relaxed else (BREAK, HYPHEN, URL_INNER)
        ok = [k in kinds for k in self.p.brk]
        ok[0] = True
        return ok

    def allowed(self, j: int) -> bool:
        return self.ok[j]

    def natural(self, i: int, j: int) -> float:
        """Natural width (em) of line i..j-1 with start/end rules applied."""
        p = self.p
        nat = p.PW[j] - p.PW[i] + p.PG[j] - p.PG[i + 1] + p.start_fix[i]
        if j == p.n:
            return nat + self.last_end_fix
        k = j - 1
        nat += p.end_fix[k]
        if p.brk[j] == HYPHEN:
            nat += p.hyphen_w
        if p.hangable[k]:
            nat -= p.PW[j] - p.PW[k] + p.end_fix[k]          # §1.3 the mark hangs outside
        return nat

    def shrinkable(self, i: int, j: int) -> float:
        """Total §1.5 shrink (em) of line i..j-1; a hung mark gives none."""
        p = self.p
        a = p.PS[j] - p.PS[i] - p.gap_shr[i] + p.start_sfix[i]
        if j == p.n:
            return a + self.last_end_sfix
        k = j - 1
        return a - p.shr[k] if p.hangable[k] else a + p.end_sfix[k]

    def cost(self, i: int, j: int) -> float | None:
        """Line cost.  The breaker's hot path: `natural`, the stretch cost and
        the break penalty are inlined for the common case (a plain break)."""
        p = self.p
        PW = p.PW
        slack = (self.m0 if i == 0 else self.m) - (
            PW[j] - PW[i] + p.PG[j] - p.PG[i + 1] + p.start_fix[i])
        if j == p.n:
            return self._last_line_cost(i, slack - self.last_end_fix)
        kind = p.brk[j]
        if kind == HYPHEN or p.hangable[j - 1]:
            slack = (self.m0 if i == 0 else self.m) - self.natural(i, j)
        else:
            slack -= p.end_fix[j - 1]
        if slack < -EPS:
            room = self.shrinkable(i, j)
            if -slack > room + EPS:
                return None
            return self.shrink_base + self.shrink_weight * (slack / room) ** 2 + BREAK_PENALTY[kind]
        # The gaps inside the line: not the one before its first character
        # (the justifier never widens it: that gap is not set at a line start).
        gaps = p.PE[j] - p.PE[i + 1] + p.PN[j] - p.PN[i + 1]
        if gaps <= 0:
            return unjustifiable(slack) + BREAK_PENALTY[kind]
        per_gap = slack / (gaps * STRETCH_UNIT_EM)
        return STRETCH_WEIGHT * per_gap * per_gap + BREAK_PENALTY[kind]

    def _last_line_cost(self, i: int, slack: float) -> float | None:
        """The last line is set at natural width, shrunk if it overruns (§1.5)."""
        bad = 0.0
        if slack < -EPS:
            room = self.shrinkable(i, self.p.n)
            if -slack > room + EPS:
                return None
            bad = self.shrink_base + self.shrink_weight * (slack / room) ** 2
        return bad + self.penalty(i, self.p.n, True)

    def penalty(self, i: int, j: int, last: bool) -> float:
        p = self.p
        if last:
            return ORPHAN_PENALTY if p.settings.orphan_control and is_orphan(p, i) else 0.0
        return BREAK_PENALTY[p.brk[j]]


def break_lines(p: Prepared, measure_em: float, first_measure_em: float) -> list[tuple[int, int]]:
    """Line breaks of a paragraph as (start, end) character ranges.

    Passes, each tried only when the one before fails: legal breaks within
    the loose window; legal breaks at any width; then R7 relaxation.  L4:
    when a paragraph has long words and a line comes out looser than ¼ em
    per gap, hyphenation points are added and the paragraph is broken again.
    """
    if p.n == 0:
        return [(0, 0)]
    ranges = _break_once(p, measure_em, first_measure_em)
    if p.long_words and _too_loose(p, ranges, measure_em, first_measure_em):
        mark_hyphens(p)
        ranges = _break_once(p, measure_em, first_measure_em)
    return ranges


def _break_once(p: Prepared, measure_em: float, first_measure_em: float) -> list[tuple[int, int]]:
    greedy_mode = p.settings.breaker == "greedy"
    loose = p.settings.max_loose_em
    for relaxed, window in ((False, loose), (False, INF), (True, INF)):
        cost = LineCost(p, measure_em, first_measure_em, relaxed)
        ends = greedy(cost) if greedy_mode else total_fit(cost, window)
        if ends:
            return _ranges(ends)
    raise AssertionError("the relaxed pass always reaches the paragraph end")


def _too_loose(p: Prepared, ranges: list[tuple[int, int]], measure_em: float,
               first_measure_em: float) -> bool:
    """L4: some non-final line stretched by more than ¼ em per gap."""
    cost = LineCost(p, measure_em, first_measure_em, relaxed=True)
    for i, j in ranges[:-1]:
        c = cost.cost(i, j)
        if c is None or c - cost.penalty(i, j, False) > STRETCH_WEIGHT:
            return True
    return False


def _ranges(ends: list[int]) -> list[tuple[int, int]]:
    starts = [0, *ends[:-1]]
    return list(zip(starts, ends))


def total_fit(cost: LineCost, loose: float) -> list[int] | None:
    """Knuth–Plass DP; returns line ends or None when the end is unreachable.
    In C when it was built (`compiled_total_fit`), else `python_total_fit`."""
    if COMPILED is not None:
        return compiled_total_fit(cost, loose)
    return python_total_fit(cost, loose)


def compiled_total_fit(cost: LineCost, loose: float, costs: bool = False):
    """`python_total_fit` in C (_speedups.c: the same expressions in the same
    order).  With `costs`, (ends, best, prev): the whole table, for the test
    that holds it to the Python one."""
    assert COMPILED is not None
    p = cost.p
    return COMPILED.total_fit(p, cost.m, cost.m0, cost.relaxed, cost.shrink_base, cost.shrink_weight,
                              cost.last_end_fix, cost.last_end_sfix, p.hyphen_w,
                              p.settings.orphan_control, *_window_bounds(p, cost, loose), costs)


def python_total_fit(cost: LineCost, loose: float, costs: bool = False):
    """Knuth–Plass DP; returns line ends or None when the end is unreachable
    (with `costs`: (ends, best, prev), as `compiled_total_fit`).

    best[j] is the least total cost of setting characters 0..j-1 with a line
    ending at j, prev[j] the start of that line.  For each allowed end j the
    starts in the window (`_Window`) are tried: the rare lines through
    `LineCost.cost` (`_cheapest_start`: the last line, a hyphen, a hung mark,
    the first line, the starts outside the window), the common line by
    `_best_ends`' inlined copy of it.
    """
    n = cost.p.n
    best = [INF] * (n + 1)
    prev = [-1] * (n + 1)
    best[0] = 0.0
    _best_ends(cost, _Window(cost.p, cost, loose), best, prev)
    ends = _line_ends(prev, n) if best[n] < INF else None
    return (ends, best, prev) if costs else ends


def _line_ends(prev: list[int], n: int) -> list[int]:
    """The line ends of the best path to n, in order (prev[j]: the start of the line ending at j)."""
    ends, j = [], n
    while j > 0:
        ends.append(j)
        j = prev[j]
    return ends[::-1]


def _cheapest_start(cost: LineCost, best: list[float], starts, j: int,
                    best_j: float, prev_j: int, overfull_at: int = -1) -> tuple[float, int]:
    """The best of (best_j, prev_j) and the lines from `starts` to j costed by
    `LineCost.cost`; a start whose best is already no better is skipped (costs
    are ≥ 0).  The line from `overfull_at` that nothing fits is set overfull
    (R7's last resort in the relaxed pass: one unit wider than the measure)."""
    ok, line_cost = cost.ok, cost.cost
    for i in starts:
        if not ok[i] or best[i] >= best_j:
            continue
        c = line_cost(i, j)
        if c is None:
            if i != overfull_at:
                continue
            c = OVERFULL_PENALTY
        if best[i] + c < best_j:
            best_j, prev_j = best[i] + c, i
    return best_j, prev_j


def _outside_starts(j: int, first: bool, last_resort: bool) -> tuple[int, ...]:
    """Starts outside the window worth a try for a line ending at j: the
    paragraph start (the indented first line is shorter), and j − 1 (R7's
    one-unit line in the relaxed pass)."""
    return ((0,) if first else ()) + ((j - 1,) if last_resort else ())


def _best_ends(cost: LineCost, window: _Window, best: list[float], prev: list[int]) -> None:
    """Fill best[j], prev[j] for every allowed end j (see `total_fit`).

    This is the composer's hottest loop (on the ×10 body-flow text: about 5
    window starts per allowed end, 3 of them costed, the rest skipped by the
    best-so-far test; about half the time goes to the costed starts and half
    to the per-end work), so for the common line — a plain or relaxed break,
    no hyphen, no hung mark, neither the first nor the last line —
    `LineCost.cost` and `LineCost.shrinkable` are written out over local
    names, with the same operands in the same order, hence the same floats
    and the same tie-breaks.  The window's pointers (see `_Window`) move
    inline rather than in a generator, and the common line skips the starts
    `_Window.fast_lo` proves too wide; a function call per end would cost
    more than the loop saves, so the common line stays inline here.
    """
    p, n, relaxed, ok = cost.p, cost.p.n, cost.relaxed, cost.ok
    # The paragraph's arrays and the cost constants, bound once per paragraph.
    brk, hangable = p.brk, p.hangable
    PW, PS, PE, PN = p.PW, p.PS, p.PE, p.PN
    start_fix, start_sfix, gap_shr = p.start_fix, p.start_sfix, p.gap_shr
    end_fix, end_sfix = p.end_fix, p.end_sfix
    m, shrink_base, shrink_weight = cost.m, cost.shrink_base, cost.shrink_weight
    PQ, PR, PA, max_w, min_w, fast_max_w = (window.PQ, window.PR, window.PA, window.max_w,
                                            window.min_w, window.fast_max_w)
    first_min_w = window.first_min_w
    PG, PG1 = p.PG, p.PG[1:]                      # PG1[i] is PG[i + 1], the same number
    # The fast case's gap count PE[j] − PE[i + 1] + PN[j] − PN[i + 1] as
    # (PE[j] + PN[j]) − PEN[i]: integers, so regrouped it is the same number.
    PEN = list(map(add, PE[1:], PN[1:]))
    # Only a paragraph with a hyphen point or a hangable mark has other ends
    # than the last one outside the fast case (one scan each, in C).
    odd_ends = HYPHEN in brk or True in hangable
    lo_ptr = hi_ptr = fast_ptr = 0
    for j in compress(range(1, n + 1), ok[1:]):          # the allowed ends
        # The window of starts for a line ending at j (as _Window documents).
        PRj, PQj = PR[j], PQ[j]
        while PRj - PR[lo_ptr] > max_w:
            lo_ptr += 1
        while hi_ptr + 1 < j and PQj - PQ[hi_ptr + 1] >= min_w:
            hi_ptr += 1
        lo = lo_ptr                               # (hi: the last line may be short; -1: no start)
        hi = j - 1 if j == n else hi_ptr if PQj - PQ[hi_ptr] >= min_w else -1
        best_j, prev_j = INF, -1
        # Starts outside lo..hi: the indented first line (shorter), and in the
        # relaxed pass the one-unit line that is the last resort (R7).  Tested
        # here, not in a function: the first line's ends are many, their
        # outside starts few.
        first = PRj <= max_w and (lo > 0 or hi < 0) and PQj >= first_min_w
        if first or relaxed and best[j - 1] < INF and ok[j - 1]:
            best_j, prev_j = _cheapest_start(cost, best, _outside_starts(j, first, relaxed and ok[j - 1]),
                                             j, best_j, prev_j, j - 1 if relaxed else -1)
        if j == n or odd_ends and (brk[j] == HYPHEN or hangable[j - 1]):   # not the fast case
            best[j], prev[j] = _cheapest_start(cost, best, range(lo, hi + 1), j, best_j, prev_j)
            continue
        if lo == 0 and hi >= 0:                   # the first line has its own measure
            best_j, prev_j = _cheapest_start(cost, best, (0,), j, best_j, prev_j)
            lo = 1
        # Starts before fast_ptr cannot shrink enough to fit (_Window.fast_max_w):
        # the exact test below would reject each of them.
        PAj = PA[j]
        while PAj - PA[fast_ptr] > fast_max_w:
            fast_ptr += 1
        if fast_ptr > lo:
            lo = fast_ptr
        # The fast case: LineCost.cost for i ≥ 1, j < n, plain/relaxed break.
        # (`slack`: m − natural, then − efix, as in LineCost.cost.)
        # (An allowed end that is no hyphen: a plain break, penalty 0.0, a
        # URL's inner break or, in the relaxed pass, a relaxed one.)
        penalty = BREAK_PENALTY[brk[j]]
        efix, esfix = end_fix[j - 1], end_sfix[j - 1]
        PWj, PGj, PSj, PENj = PW[j], PG[j], PS[j], PE[j] + PN[j]
        for i in range(lo, hi + 1):
            b = best[i]
            if b >= best_j:                       # costs are ≥ 0: skip hopeless starts
                continue                          # (and best[i] stays INF where not ok[i])
            slack = m - (PWj - PW[i] + PGj - PG1[i] + start_fix[i]) - efix
            if slack < -EPS:
                room = PSj - PS[i] - gap_shr[i] + start_sfix[i] + esfix
                if -slack > room + EPS:
                    continue                      # cannot shrink that far
                c = shrink_base + shrink_weight * (slack / room) ** 2 + penalty
            else:
                gaps = PENj - PEN[i]
                if gaps <= 0:
                    c = unjustifiable(slack) + penalty
                else:
                    per_gap = slack / (gaps * STRETCH_UNIT_EM)
                    c = STRETCH_WEIGHT * per_gap * per_gap + penalty
            if b + c < best_j:
                best_j, prev_j = b + c, i
        best[j], prev[j] = best_j, prev_j


class _Window:
    """Candidate line starts for a line ending at j: two monotone pointers.

    lo: first i whose width, fully shrunk and without gaps, fits the measure
    plus the most the line-boundary rules can take away (2 em).  hi: last i
    whose width plus the most the boundary rules add (1.5 em) still reaches
    measure − loose.  Both only move forward as j grows.

    For the common line (the fast case of `total_fit`) a third pointer is
    tighter than lo, from this paragraph's own boundary rules instead of the
    2-em bound: with PA = PW − PS + PG (nondecreasing: a gap is never
    shrunk below zero, a character never by more than its width), the fast
    case's exact test rejects (i, j) unless
        PA[j] − PA[i] + s(i) + e(j−1) ≤ m + EPS,
    s(i) = start_fix − start_sfix + gap_shr − gap at i and
    e(k) = end_fix − end_sfix at k; so starts with
        PA[j] − PA[i] > m + max(−s) + max(−e) + margin
    cannot fit, and there are only a few such terms per paragraph (marks,
    spaces, CJK–Latin gaps).  The margin covers the rounding of the prefix
    sums; a start kept by it is still decided by the exact test.
    """
    BOUNDARY_TAKE_EM = 2.0     # C3 + C4 + hanging + trailing space, bounded
    BOUNDARY_ADD_EM = 1.5      # undone pair compression + hyphen, bounded
    FAST_MARGIN_EM = 1e-6      # ≫ the rounding of prefix sums, ≪ any real width

    def __init__(self, p: Prepared, cost: LineCost, loose: float):
        self.p, self.cost = p, cost
        self.max_w, self.min_w, self.first_min_w, self.fast_max_w = _window_bounds(p, cost, loose)
        self.PR = list(map(sub, p.PW, p.PS))     # PW − PS, element by element
        self.PQ = list(map(add, p.PW, p.PG))     # PW + PG
        self.PA = list(map(add, self.PR, p.PG))  # PR + PG


def _window_bounds(p: Prepared, cost: LineCost, loose: float) -> tuple[float, float, float, float]:
    """`_Window`'s widths: max_w (lo), min_w (hi), first_min_w (hi of the
    indented first line), fast_max_w (the common line's lo)."""
    min_w = cost.m - loose - _Window.BOUNDARY_ADD_EM
    return (cost.m + _Window.BOUNDARY_TAKE_EM, min_w, min_w - (cost.m - cost.m0),
            cost.m + _fast_take(p) + _Window.FAST_MARGIN_EM)


def _fast_take(p: Prepared) -> float:
    """max(−s) + max(−e) of `_Window` (≥ 0): the most the start and end rules
    and a CJK–Latin gap can take off a common line's fully shrunk width.
    start_fix, start_sfix, end_fix and end_sfix are zero at ideographs, and
    −s ≤ gap − (start_fix − start_sfix) since gap_shr ≥ 0."""
    start_fix, start_sfix, end_fix, end_sfix = p.start_fix, p.start_sfix, p.end_fix, p.end_sfix
    marks = p.nonhan
    start_take = max([start_sfix[k] - start_fix[k] for k in marks], default=0.0)
    end_take = max([end_sfix[k] - end_fix[k] for k in marks], default=0.0)
    return max(p.gap, default=0.0) + max(start_take, 0.0) + max(end_take, 0.0)


def greedy(cost: LineCost) -> list[int] | None:
    """Fill each line as far as it legally goes; returns line ends or None."""
    n = cost.p.n
    ends, i = [], 0
    while i < n:
        j = _greedy_end(cost, i)
        if j is None:
            return None
        ends.append(j)
        i = j
    return _fix_greedy_orphan(cost, ends)


def _greedy_end(cost: LineCost, i: int) -> int | None:
    p = cost.p
    push_in = p.settings.kinsoku == "push_in_first"
    fits_natural = fits_shrunk = None
    for j in range(i + 1, p.n + 1):
        if j < p.n and not cost.allowed(j):
            continue
        c = cost.cost(i, j)
        if c is None:
            if p.PW[j] - p.PW[i] - (p.PS[j] - p.PS[i]) > cost.m + 2:
                break
            continue
        target = cost.m0 if i == 0 else cost.m
        if cost.natural(i, j) <= target + EPS:
            fits_natural = j
        fits_shrunk = j
    choice = fits_shrunk if push_in or fits_natural is None else fits_natural
    if choice is None and cost.relaxed:
        return i + 1
    return choice


def _fix_greedy_orphan(cost: LineCost, ends: list[int]) -> list[int]:
    """Pull one more character down when the last line is a 孤字 (§1.5)."""
    p = cost.p
    if not p.settings.orphan_control or len(ends) < 2 or not is_orphan(p, ends[-2]):
        return ends
    start = ends[-3] if len(ends) > 2 else 0
    for j in range(ends[-2] - 1, start, -1):
        if cost.allowed(j) and cost.cost(start, j) is not None and not is_orphan(p, j):
            return ends[:-2] + [j, p.n]
    return ends
