"""A brute-force optimal line breaker written from the rule book alone
(/work/shared/typography.md §1.1–§1.5), for `test_rulebook_oracle.py`.

It imports nothing from `typeset`: its class table, widths, compression,
shrink and stretch, prohibitions and costs are restated here from the
rule book, and every line (i, j) is measured from scratch (no prefix sums,
no windows, no fast paths).  The live breaker shares none of this, so a
fault in its cost model (a wrong width, a missing prohibition, a blank that
shrinks twice) makes the two disagree on what the best breaking costs.

Scope: horizontal text of ideographs, the CJK marks, digits with ￥ $ %,
in the §1.9 mock font (ideographs and full-width marks 1 em; ASCII, · and –
½ em); 全角式 (quanjiao) widths; levels GB and strict; push-in or push-out
first; C4 half or full; no hanging, no grid-strict mode, no Latin words
(L4 needs a hyphenation dictionary).

Where the rule book is silent the reading is stated at the rule, and it is
the composer's documented one (classes.py, prepare.py):
- ‼⁇⁈⁉ are 1-em stops with no removable blank (§1.1 STOP row "= 1 em");
- C1 takes the right blank of a mark that has one before any CLOSE, PAUSE,
  STOP or OPEN (the examples ）。 。” 。“ ：“), the left blank of the second
  of two OPENs (“《);
- C2 pairs ？！ from the left, each losing its right blank for good;
- the last line is set at natural width (§1.5), so its final mark keeps
  its blank unless the line must shrink;
- §1.5 "never expand beside connectors or solidi" includes · (C5: fixed);
- C4 full keeps a line-start OPEN's whole cell: it does not shrink either;
- the costs.  The rule book orders the concerns — a prohibition only when
  no legal breaking exists (R7), no 孤字 (§1.5), then even spacing with
  push-in first (§1.3) — and gives ¼ em per gap as the "too loose"
  reference (L4) but no numbers: the oracle uses the classic squared form
  of TeX's badness, in units of that ¼ em, with the weights below.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

# -- §1.1 classes of the characters the oracle knows -----------------------------------
OPEN = frozenset("“‘（《〈【〔〖［｛「『")
CLOSE = frozenset("”’）》〉】〕〗］｝」』")
PAUSE = frozenset("、，；：")
STOP = frozenset("。？！")
BANG = frozenset("‼⁇⁈⁉")                 # 1-em stops, no blank (see the docstring)
EM_DASH, ELLIPSIS = "—", frozenset("…⋯")
CONNECTOR = frozenset("–～")               # and a single — (R6)
MIDDOT, SOLIDUS = frozenset("·"), frozenset("/／")
PREFIX, POSTFIX = frozenset("￥¥$£€#№"), frozenset("%‰℃°′″")
DIGITS = frozenset("0123456789")

HAN, DASH, CONN = "han", "dash", "connector"


def kind(text: str, k: int) -> str:
    """The §1.1 class of text[k] (R6: two or more — in a row are one DASH)."""
    return kinds(text)[k]


@lru_cache(maxsize=64)
def kinds(text: str) -> tuple[str, ...]:
    """The classes of all of `text` (looked up once per paragraph)."""
    return tuple(map(_kind, [text] * len(text), range(len(text))))


def _kind(text: str, k: int) -> str:
    ch = text[k]
    if ch == EM_DASH:
        run = (k > 0 and text[k - 1] == EM_DASH) or (k + 1 < len(text) and text[k + 1] == EM_DASH)
        return DASH if run else CONN
    for name, chars in (("open", OPEN), ("close", CLOSE), ("pause", PAUSE), ("stop", STOP),
                        ("bang", BANG), ("ellipsis", ELLIPSIS), (CONN, CONNECTOR), ("middot", MIDDOT),
                        ("solidus", SOLIDUS), ("prefix", PREFIX), ("postfix", POSTFIX), ("digit", DIGITS)):
        if ch in chars:
            return name
    return HAN


# -- §1.2 prohibitions -----------------------------------------------------------------------
R1_NO_START = {"close", "pause", "stop", CONN, "middot", "bang", "postfix"}
R2_NO_END = {"open", "prefix"}
R3_SOLIDUS = {"solidus"}                      # GB level: neither ends nor starts a line
R4_STRICT_NO_START = {DASH, "ellipsis"}
NUMBER = {"digit", "prefix", "postfix"}       # R5: ￥12, 12%, 2025 are one unit each


def legal_break(text: str, j: int, level: str) -> bool:
    """May a line end before text[j] (R1–R5)?"""
    a, b = kind(text, j - 1), kind(text, j)
    no_start = R1_NO_START | R3_SOLIDUS | (R4_STRICT_NO_START if level == "strict" else set())
    if b in no_start or a in R2_NO_END | R3_SOLIDUS:
        return False
    if a == b and a in (DASH, "ellipsis"):
        return False                          # R5: inside ——, ……
    return not (a in NUMBER and b in NUMBER)  # R5: inside a number with its signs


# -- §1.1, §1.4, §1.6: widths in the mock font -------------------------------------------------
HALF = 0.5
L1_GAP, L1_GAP_MIN, L1_GAP_MAX = 0.25, 0.125, 1 / 3


def cell(text: str, k: int) -> float:
    """GB advance of text[k] (§1.1) in the §1.9 mock font."""
    ch, c = text[k], kind(text, k)
    if c in ("middot", "solidus") or ch == "–" or ch.isascii():
        return HALF                            # C5 · and –, solidus ½ em; ASCII is half width
    return 1.0


@lru_cache(maxsize=64)
def blanks(text: str) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Removable left and right blanks (§1.1: OPEN left ½, CLOSE/PAUSE/STOP
    right ½), and the blanks C2 takes for good (？？ ？！ ！？ share 1 em:
    both lose their right blank, pairs from the left)."""
    left = [HALF if kind(text, k) == "open" else 0.0 for k in range(len(text))]
    right = [HALF if kind(text, k) in ("close", "pause", "stop") else 0.0 for k in range(len(text))]
    c2 = [0.0] * len(text)
    k = 0
    while k + 1 < len(text):
        if text[k] in "？！" and text[k + 1] in "？！":
            c2[k], c2[k + 1] = right[k], right[k + 1]
            right[k] = right[k + 1] = 0.0
            k += 2
        else:
            k += 1
    return tuple(left), tuple(right), tuple(c2)


def half_width_western(text: str, k: int) -> bool:
    return text[k].isascii() and kind(text, k) in ("digit", "prefix", "postfix")


def l1_gap(text: str, k: int) -> bool:
    """L1: a ¼-em gap between text[k − 1] and text[k] (Han beside half-width digits or signs)."""
    a, b = kind(text, k - 1) == HAN, kind(text, k) == HAN
    return (a and half_width_western(text, k)) or (b and half_width_western(text, k - 1))


NO_STRETCH_AFTER = {"open", CONN, "solidus", "middot"}
NO_STRETCH_BEFORE = {"close", "pause", "stop", "bang", CONN, "solidus", "middot"}


def stretches(text: str, k: int) -> bool:
    """§1.5 expand step 3 between text[k − 1] and text[k]."""
    a, b = kind(text, k - 1), kind(text, k)
    if a in NO_STRETCH_AFTER or b in NO_STRETCH_BEFORE:
        return False
    if a == b and a in (DASH, "ellipsis"):
        return False
    return not (a in NUMBER and b in NUMBER)


@dataclass(frozen=True)
class Line:
    natural: float      # em
    shrink: float       # em, §1.5 steps 2–7
    gaps: int           # gaps that can expand (§1.5 steps 2 and 3)


def measure_line(text: str, i: int, j: int, last: bool, open_half: bool, shrink_stops: bool) -> Line:
    """Characters i..j-1 set as one line: natural width, shrink, expandable gaps."""
    left, right, c2 = blanks(text)
    left, right, c2 = list(left[i:j]), list(right[i:j]), c2[i:j]
    cut_left, cut_right = [0.0] * (j - i), [0.0] * (j - i)
    for k in range(i + 1, j):                  # C1 inside the line
        m, a, b = k - i, kind(text, k - 1), kind(text, k)
        if right[m - 1] and b in ("close", "pause", "stop", "bang", "open"):
            cut_right[m - 1] = right[m - 1]
        elif a == "open" and b == "open" and left[m]:
            cut_left[m] = left[m]
    if kind(text, i) == "open" and open_half:
        cut_left[0] = left[0]                  # C4: OPEN at line start → ½ em
    if not last and right[-1]:
        cut_right[-1] = right[-1]              # C3: a mark at line end → ½ em
    gaps = [k for k in range(i + 1, j) if l1_gap(text, k)]
    natural = sum(cell(text, k) for k in range(i, j)) - sum(c2) - sum(cut_left) - sum(cut_right) + L1_GAP * len(gaps)
    if kind(text, i) == "open":
        left[0] = cut_left[0]                  # C4 full: the line-start OPEN keeps its cell, unshrunk
    shrink = 0.0
    for m in range(j - i):
        c = kind(text, i + m)
        if c in ("open", "close", "pause") or (c == "stop" and shrink_stops):
            shrink += left[m] - cut_left[m] + right[m] - cut_right[m]     # steps 4, 5, 7
    shrink += (L1_GAP - L1_GAP_MIN) * len(gaps)                            # step 6
    expandable = len(gaps) + sum(1 for k in range(i + 1, j) if not l1_gap(text, k) and stretches(text, k))
    return Line(natural, shrink, expandable)


# -- costs (see the module docstring) ---------------------------------------------------------------
REFERENCE_EM = 0.25          # L4: ¼ em extra per gap
LOOSE = 100.0                # a line stretched by the reference
NO_GAP = 1e4                 # a non-final line with nothing to expand
RELAXED = 1e5                # R7: a prohibited break, only when no legal breaking exists
ORPHAN = 1e6                 # §1.5: 孤字
OVERFULL = 1e7               # R7's last resort: one unit wider than the line
SHRINK = {"push_in_first": (0.0, 2.0), "push_out_first": (200.0, 100.0)}   # §1.3: (base, weight)
EPS = 1e-9


def is_orphan(text: str, start: int) -> bool:
    """§1.5 孤字: a last line (not the paragraph's only one) of one ideograph and marks."""
    kinds = [kind(text, k) for k in range(start, len(text))]
    marks = {"open", "close", "pause", "stop", "bang", DASH, "ellipsis", CONN, "middot", "solidus"}
    return start > 0 and kinds.count(HAN) == 1 and all(c == HAN or c in marks for c in kinds)


@dataclass(frozen=True)
class Rules:
    level: str = "gb"
    kinsoku: str = "push_in_first"
    open_at_line_start: str = "half"
    shrink_stops: bool = True
    orphan_control: bool = True


def line_cost(text: str, i: int, j: int, width: float, rules: Rules, relaxed: bool) -> float:
    """Cost of characters i..j-1 as one line `width` em wide (inf: it cannot be set)."""
    last = j == len(text)
    line = measure_line(text, i, j, last, rules.open_at_line_start == "half", rules.shrink_stops)
    slack = width - line.natural
    base, weight = SHRINK[rules.kinsoku]
    cost = 0.0
    if slack < -EPS:
        if -slack > line.shrink + EPS:
            return OVERFULL if relaxed and j == i + 1 else math.inf
        cost = base + weight * (slack / line.shrink) ** 2
    elif not last and line.gaps:
        cost = LOOSE * (slack / (line.gaps * REFERENCE_EM)) ** 2
    elif not last and slack > 1e-6:            # (a full line needs no gap)
        cost = NO_GAP + LOOSE * (slack / REFERENCE_EM) ** 2
    if last:
        return cost + (ORPHAN if rules.orphan_control and is_orphan(text, i) else 0.0)
    return cost + (0.0 if legal_break(text, j, rules.level) else RELAXED)


def first_width(text: str, measure: float, indent: float, rules: Rules) -> float:
    """C4: at paragraph start the 2-em indent becomes 1.5 em + OPEN at ½ em."""
    if text and kind(text, 0) == "open" and rules.open_at_line_start == "half" and indent >= HALF:
        indent -= HALF
    return measure - indent


def cost_of(text: str, ends: list[int], measure: float, indent: float, rules: Rules) -> float:
    """Total cost of the breaking with these line ends (the relaxed costs
    count only when the breaking breaks a prohibition)."""
    starts = [0, *ends[:-1]]
    relaxed = any(not legal_break(text, j, rules.level) for j in ends[:-1])
    return sum(line_cost(text, i, j, first_width(text, measure, indent, rules) if i == 0 else measure,
                         rules, relaxed) for i, j in zip(starts, ends))


def best_breaking(text: str, measure: float, indent: float, rules: Rules) -> tuple[float, list[int]]:
    """The least cost of any breaking and its line ends: over the legal
    breakings when there is one (R7), else over all, prohibited breaks and
    overfull units paying their price.  Every line from every start is
    costed (memoised per start: the cost of a line depends on nothing else)."""
    n = len(text)
    for relaxed in (False, True):
        @lru_cache(maxsize=None)
        def best_from(i: int, relaxed: bool = relaxed) -> tuple[float, tuple[int, ...]]:
            width = first_width(text, measure, indent, rules) if i == 0 else measure
            found = (line_cost(text, i, n, width, rules, relaxed), (n,))
            for j in range(i + 1, n):
                if relaxed or legal_break(text, j, rules.level):
                    rest, ends = best_from(j)
                    total = line_cost(text, i, j, width, rules, relaxed) + rest
                    if total < found[0]:
                        found = (total, (j, *ends))
            return found
        total, ends = best_from(0)
        if total < math.inf:
            return total, list(ends)
    return math.inf, []
