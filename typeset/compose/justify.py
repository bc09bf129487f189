"""One line range of a `Prepared` paragraph → a justified `Line` with glyph x positions.

Shrink and expansion follow the rule book's orders (§1.5), each step spread
over all its instances in the line before the next step is tried.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, compress, repeat
from typing import Optional
from operator import add, mul, sub

from . import classes as C
from ..runtime import compiled
from .prepare import (BREAK, GAP_MAX_EM, HYPHEN, SHRINK_BLANK_STEP, SPACE_MAX_EM,
                      Prepared, RubyGroup, WORDISH, takes_dot)
from .types import Annotation, GlyphArrays, PackedLine, packed_line

# A last line holding the source tag with less room left than this (em, one
# character) counts as full: the tag goes flush right, not a hair short of it.
TAG_FULL_ROOM_EM = 1.0
SHRINK_ORDER = (2, 3, 4, 5, 6, 7)
# §1.5 shrink steps after step 1 (C3 is in `end width`); step 3 (both sides
# of ·) finds nothing: C5 fixes · at ½ em with no side blanks.
_WORD_CLASSES = WORDISH      # §1.5: never expand inside digit runs or Latin words


class _LineBox:
    """Mutable widths of one line while it is being justified (em).

    width, left_cut and gap are lists over the line's characters (index
    k − start): copies of the paragraph's arrays that justification changes.
    gap[0] is 0.0 — the first character has no gap before it.
    """

    def __init__(self, p: Prepared, start: int, end: int, last: bool):
        self.p, self.start, self.end, self.last = p, start, end, last
        self.width = p.wm[start:end]                # adv − pair compression
        self.left_cut = p.cut_left[start:end]
        self.gap = p.gap[start:end]
        self.gap[0] = 0.0
        # The line's non-ideographs: only these have blanks, cuts or ink shifts.
        marks = p.nonhan
        self.marks = marks[bisect_left(marks, start):bisect_left(marks, end)]
        self.hang = False
        if p.cls[start] == C.OPEN:        # C4: trimmed (half) or whole (full)
            self.width[0] += p.start_fix[start]
            self.left_cut[0] = p.cut_left[start] - p.start_fix[start]
        self._apply_end()

    def _apply_end(self) -> None:
        p, k = self.p, self.end - 1
        if p.cls[k] == C.SPACE:
            self.width[-1] = 0.0          # a word space at a break takes no width
        elif not self.last:
            self.width[-1] += p.end_fix[k]    # C3 (or the grid-strict full cell)
            self.hang = p.hangable[k]

    def _collect_blanks(self) -> dict[int, tuple[float, bool]]:
        """k → (shrinkable blank, is a left blank), for the shrink steps 4, 5, 7."""
        p, s = self.p, self.p.settings
        cls, step_of = p.cls, SHRINK_BLANK_STEP.get
        blank = {}
        for k in self.marks:
            c = cls[k]
            step = step_of(c)
            if step is None or (step == 7 and not s.shrink_stops):
                continue
            if self.hang and k == self.end - 1:
                continue                      # a hung mark sits outside the measure
            if c == C.OPEN:
                amount = 0.0 if k == self.start else p.lb[k] - p.cut_left[k]
            elif k == self.end - 1 and not self.last:
                amount = p.rb[k] if s.grid_strict else 0.0
            else:
                amount = p.rb[k] - p.cut_right[k]
            if amount > 0:
                blank[k] = (amount, c == C.OPEN)
        return blank

    def natural(self) -> float:
        total = sum(self.width) + sum(self.gap[1:])
        if self.hang:
            total -= self.width[-1]
        return total

    # -- §1.5 shrink ---------------------------------------------------------
    def shrink_items(self, step: int) -> list[tuple[str, int, float]]:
        p, items = self.p, []
        if step == 2:
            items = [("w", k, p.shr[k]) for k in range(self.start, self.end - 1)
                     if p.cls[k] == C.SPACE and p.shr[k] > 0]
        elif step == 6:
            items = [("g", k, p.gap_shr[k]) for k in range(self.start + 1, self.end)
                     if p.gap_shr[k] > 0]
        elif step in (4, 5, 7):
            items = [("b", k, a) for k, (a, _) in self.blank.items()
                     if SHRINK_BLANK_STEP[p.cls[k]] == step]
        return items

    def shrink(self, need: float) -> float:
        self.blank = self._collect_blanks()     # only a line that shrinks needs them
        done = 0.0
        for step in SHRINK_ORDER:
            if need - done <= 1e-12:
                break
            items = self.shrink_items(step)
            total = sum(a for _, _, a in items)
            if total <= 0:
                continue
            factor = min(1.0, (need - done) / total)   # each instance equally (§1.5)
            for kind, k, amount in items:
                self._take(kind, k, amount * factor)
            done += total * factor
        return done

    def _take(self, kind: str, k: int, amount: float) -> None:
        if kind == "g":
            self.gap[k - self.start] -= amount
            return
        self.width[k - self.start] -= amount
        if kind == "b" and self.blank[k][1]:
            self.left_cut[k - self.start] += amount      # OPEN: the ink keeps its place

    # -- §1.5 expansion -------------------------------------------------------
    def expand(self, slack: float) -> float:
        """Spread `slack` in the §1.5 order; returns the step-3 amount per gap."""
        p, start, end = self.p, self.start, self.end
        cls, pgap, fixed = p.cls, p.gap, p.gap_fixed
        spaces = [k for k in p.nonhan[bisect_left(p.nonhan, start + 1):bisect_left(p.nonhan, end - 1)]
                  if cls[k] == C.SPACE]
        gaps = [k for k in compress(range(start + 1, end), pgap[start + 1:end])
                if pgap[k] > 0 and k not in fixed]                       # L3 fixed
        slack -= self._grow(spaces, [max(0.0, SPACE_MAX_EM - p.adv[k]) for k in spaces], slack, "w")
        slack -= self._grow(gaps, [max(0.0, GAP_MAX_EM - pgap[k]) for k in gaps], slack, "g")
        if slack <= 1e-12:
            return 0.0
        # Step 3 on the eligible gaps — nearly every justified line ends here,
        # so it adds in one pass: gap + elig × per is gap + per where the gap
        # is eligible (elig is 1) and the gap itself elsewhere (+ 0.0).
        elig = p.elig[start + 1:end]
        count = sum(elig)
        if count:
            per = slack / count
            self.gap[1:] = map(add, self.gap[1:], map(mul, elig, repeat(per)))
            return per
        # The fallbacks when step 3 finds no gap: the loose gaps and spaces, then
        # the line's break opportunities (a line of one URL spreads after its
        # / . ? & = - _ @), then any gap but inside a Latin word or a number:
        # never letter-spacing (§1.5).
        loose = [(k, "g") for k in gaps] + [(k, "w") for k in spaces]
        brk = p.brk
        breaks = [(k, "g") for k in range(start + 1, end) if brk[k] == BREAK]
        anywhere = [(k, "g") for k in range(start + 1, end)
                    if not (cls[k - 1] in _WORD_CLASSES and cls[k] in _WORD_CLASSES)]
        for group in (loose, breaks, anywhere):
            if group:
                per = slack / len(group)
                for k, kind in group:
                    self._add(k, per, kind)
                return 0.0
        return 0.0

    def _grow(self, keys: list[int], caps: list[float], slack: float, kind: str) -> float:
        total = sum(caps)
        if total <= 0 or slack <= 0:
            return 0.0
        factor = min(1.0, slack / total)
        for k, cap in zip(keys, caps):
            self._add(k, cap * factor, kind)
        return total * factor

    def _add(self, k: int, amount: float, kind: str) -> None:
        if kind == "g":
            self.gap[k - self.start] += amount
        else:
            self.width[k - self.start] += amount


def _compiled_setter():
    """_speedups.set_lines (the C of `build_lines`), configured with this
    module's constants; None when the extension was not built or
    PAIBAN_PURE_PYTHON=1 asks for Python."""
    speedups = compiled("typeset.compose._speedups")
    if speedups is None:
        return None
    steps = [SHRINK_BLANK_STEP.get(c, 0) for c in range(len(C.NAMES))]
    speedups.configure_lines(C.OPEN, C.SPACE, HYPHEN, steps, SHRINK_ORDER, sum)
    return speedups.set_lines


SET_LINES = _compiled_setter()


def build_lines(p: Prepared, ranges: list[tuple[int, int]], measure_em: float,
                first_indent_em: float) -> tuple[PackedLine, ...]:
    """`build_line` for each line range of a paragraph (the first one indented).

    With the C extension (_speedups.c: set_lines), the lines that need no
    expansion — set at natural width or shrunk (§1.5), nine in ten of the
    body text — have their widths and glyph positions computed in C, by the
    same expressions in the same order as `build_line` (which is their
    oracle: tests/compose/test_speedups.py); the others, and every line of
    a paragraph with centred marks (TW/HK), with 着重号 or ruby (their
    annotations, and a spread ruby base's shifted glyphs, are `build_line`'s)
    or an em or indent that is not a float, are set by `build_line`."""
    em = p.em
    if SET_LINES is None or p.centred or p.rubies or p.dot_runs or type(em) is not float \
            or type(first_indent_em) is not float:
        return tuple(build_line(p, start, end, measure_em, first_indent_em if start == 0 else 0.0)
                     for start, end in ranges)
    settings = p.settings
    placed = SET_LINES(p, ranges, measure_em, first_indent_em, p.tag_start, em, p.hyphen_w,
                       settings.shrink_stops, settings.grid_strict)
    text, dface, size, draw, n = p.text, p.dface, p.size, p.draw, p.n
    lines = []
    for (start, end), line in zip(ranges, placed):
        indent = first_indent_em if start == 0 else 0.0
        if line is None:
            lines.append(build_line(p, start, end, measure_em, indent))
            continue
        xs, hyphen_x, natural, extent, shrunk = line
        arrays = GlyphArrays(text, dface, size, draw, start, end, xs, hyphen_x, None)
        lines.append(packed_line(arrays, start, end, measure_em * em, (natural + indent) * em, end == n,
                                 indent * em, 0.0, shrunk, extent * em))
    return tuple(lines)


def build_line(p: Prepared, start: int, end: int, measure_em: float,
               indent_em: float) -> PackedLine:
    """Justify characters start..end-1 to `measure_em` and place their glyphs."""
    last = end == p.n
    box = _LineBox(p, start, end, last)
    hyphen = not last and p.brk[end] == HYPHEN
    natural = box.natural() + (p.hyphen_w if hyphen else 0.0)
    slack = measure_em - indent_em - natural
    per_gap = shrunk = lead = 0.0
    if slack < -1e-9:
        shrunk = box.shrink(-slack)
    elif not last and slack > 1e-9:
        per_gap = box.expand(slack)
    elif last and slack > 1e-9 and start <= p.tag_start < end:
        lead = _tag_flush_right(box, slack)
    xs, hyphen_x, extent = _place(p, box, indent_em + lead, hyphen)
    em = p.em
    ys = [p.centred.get(k, 0.0) for k in range(start, end)] if p.centred else None
    arrays = GlyphArrays(p.text, p.dface, p.size, p.draw, start, end, xs, hyphen_x, ys if ys and any(ys) else None)
    notes = line_annotations(p, box, xs) if p.rubies or p.dot_runs else ()
    return packed_line(arrays, start, end, measure_em * em, (natural + indent_em) * em, last,
                       indent_em * em, per_gap, shrunk, extent * em, notes)


def line_annotations(p: Prepared, box: _LineBox, xs: list[float]) -> tuple[Annotation, ...]:
    """The 着重号 and ruby readings of one line, positioned along it (pt)."""
    notes = [_dots(p, box, xs, lo, hi) for lo, hi in p.dot_runs if lo < box.end and box.start < hi]
    notes += [_reading(p, box, xs, g) for g in p.rubies if box.start <= g.start < box.end]
    return tuple(n for n in notes if n is not None)


def _dots(p: Prepared, box: _LineBox, xs: list[float], lo: int, hi: int) -> Optional[Annotation]:
    """One dot under each character of run lo..hi-1 on this line that takes
    one (`takes_dot`: not marks or spaces), centred on its advance (clreq)."""
    start, em = box.start, p.em
    marked = [k for k in range(max(lo, start), min(hi, box.end)) if takes_dot(p, k)]
    if not marked:
        return None
    centres = tuple(xs[k - start] - p.shift[k] * em + p.adv[k] * em / 2 for k in marked)
    return Annotation("dots", marked[0], marked[-1] + 1, "".join(p.text[k] for k in marked),
                      centres, (), p.size[marked[0]])


def _reading(p: Prepared, box: _LineBox, xs: list[float], group: RubyGroup) -> Annotation:
    """A ruby reading centred over its base group's cells on this line (the
    whole group; only a group `release_wide_rubies` let break is partial)."""
    start, em = box.start, p.em
    first, last = group.start, min(group.end, box.end) - 1

    def cell_left(k: int) -> float:
        return xs[k - start] + (box.left_cut[k - start] - p.shift[k]) * em

    left, right = cell_left(first), cell_left(last) + box.width[last - start] * em
    pen = (left + right) / 2 - group.width / 2
    origins = tuple(accumulate(group.advances[:-1], initial=pen))
    return Annotation("ruby", first, last + 1, group.text, origins, group.faces, group.size)


def _tag_flush_right(box: _LineBox, slack: float) -> float:
    """The source tag on the last line: after a space at natural width, but
    flush right when the line is full (less than TAG_FULL_ROOM_EM left) or
    when it stands alone on its line (never alone flush left).  Returns the
    space (em) to set before the line's first glyph (the lone tag)."""
    tag = box.p.tag_start
    if tag == box.start:
        return slack
    if slack < TAG_FULL_ROOM_EM:
        box.gap[tag - box.start] += slack         # the space before the tag widens
    return 0.0


def _place(p: Prepared, box: _LineBox, indent_em: float,
           hyphen: bool) -> tuple[list[float], float | None, float]:
    """Glyph x positions (pt) of the line's characters, the x (pt) of an added
    hyphen (None without one), and the x (em) where the set text ends.

    The line's Glyphs are made from these only when asked for (PackedLine).
    The pen runs indent, width[0], gap[1], width[1], gap[2], … — one
    running sum (`accumulate`, in C) over those values interleaved, adding
    them in that order, so every x is the float the one-by-one walk gives;
    the pen before character k is every other partial sum.
    """
    em, start, end = p.em, box.start, box.end
    width = box.width
    steps = [indent_em] * (2 * len(width))
    steps[1::2] = width
    steps[2::2] = box.gap[1:]
    pen = list(accumulate(steps))
    # x = (pen − left_cut + shift) × em per character; a line of ideographs
    # only has no cuts or shifts (x − 0.0 + 0.0 is x: the same floats).
    if box.marks or p.spread:
        xs = list(map(mul, map(add, map(sub, pen[0::2], box.left_cut), p.shift[start:end]), repeat(em)))
    else:
        xs = list(map(mul, pen[0::2], repeat(em)))
    x = pen[-1]
    if box.hang:
        x -= width[-1]
    hyphen_x = None
    if hyphen:
        hyphen_x = x * em
        x += p.hyphen_w
    return xs, hyphen_x, x
