"""Styled runs → `Prepared`: flat per-character arrays (class, width, blanks,
gaps, shrink and stretch, break opportunities) and their prefix sums.

Everything the breaker and the justifier need is computed here once per
paragraph, on the plain character sequence across run boundaries (C6), so
that the width, shrink and stretch of any candidate line is a handful of
prefix-sum lookups.  Widths are in body em (the size of the first run).
"""
from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, sub
from typing import NamedTuple, Optional, Sequence

from . import classes as C
from ..runtime import compiled
from .settings import ComposerSettings
from .types import Metrics, StyledRun

MISSING = "\u3013"       # 〓 drawn when no face has the character
HALF = 0.5               # the removable blank of a GB mark (§1.1; NS `halt` −500)
# GB advances of fixed-width marks, em (§1.1 "GB advance" column).
FIXED_ADVANCE = {"\u2013": 0.5, "\u00b7": 0.5, "/": 0.5, "\uff0f": 0.5}   # C5, SOLIDUS ½ em
FULL_CELL = frozenset({C.OPEN, C.CLOSE, C.PAUSE, C.STOP, C.EXCL, C.DASH,
                       C.ELLIPSIS, C.CONNECTOR})                          # §1.1: 1 em
CENTRED = frozenset({C.DASH, C.ELLIPSIS, C.CONNECTOR, C.MIDDOT, C.SOLIDUS})  # §1.1 "centred"
HANGABLE = frozenset("\u3001\uff0c\u3002")        # §1.3 step 3: only 、，。 may hang
# Taiwan and Hong Kong set these marks in the middle of their cell, not at its
# bottom left (CL#glyphs_sizes_and_positions_in_character_faces_of_punctuation_marks;
# Noto CJK TC draws them so): centred across the cell, and 。，、． also
# raised to the middle of the ideographic em box (：；！？ stand full height).
CENTRED_MARKS = frozenset("\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff0e")
RAISED_MARKS = frozenset("\uff0c\u3002\u3001\uff0e")
# A mark whose ink is this near the em box's middle already is drawn where its
# face puts it (Noto CJK TC: 。 0.0005 em off, ， 0.024 em; the shipped SC faces
# ≥ 0.2 em): its designer's place, and the line stays one run for the drawer.
CENTRED_TOLERANCE_EM = 0.05
C2_MARKS = frozenset("\uff1f\uff01")              # C2: ？！ pairs share 1 em
SHRINK_BLANK_STEP = {C.OPEN: 4, C.CLOSE: 4, C.PAUSE: 5, C.STOP: 7}      # §1.5 shrink steps
SPACE_MIN_EM = 0.25      # §1.5 shrink step 2: word spaces no less than ¼ em
SPACE_MAX_EM = 0.5       # §1.5 expand step 1: word spaces up to ½ em
GAP_MIN_EM = 0.125       # §1.5 shrink step 6: CJK–Latin gaps down to ⅛ em
GAP_MAX_EM = 1 / 3       # §1.5 expand step 2: CJK–Latin gaps up to ⅓ em
GRID_GAP_MAX_EM = 0.5    # L3: in grid mode each CJK–Latin gap flexes up to ½ em
HYPHEN_MIN_WORD = 7      # L4: hyphenate words of 7+ letters
HYPHEN_MIN_SIDE = 3      # L4: leave 3+ letters on each side

# Break kinds stored in Prepared.brk (position p = break before char p).
NO_BREAK = 0             # never (only for p = 0)
BREAK = 1                # legal
HYPHEN = 2               # legal with an added hyphen (L4)
RELAX = 3                # prohibited by R1–R5; allowed only as a last resort (R7)
URL_INNER = 4            # inside a URL or e-mail address, not after a separator: legal, no
                         # hyphen, at breaker.URL_INNER_PENALTY

_GAP_WESTERN = frozenset({C.DIGIT, C.LATIN, C.PREFIX, C.POSTFIX})
_NO_STRETCH_AFTER = frozenset({C.OPEN, C.LOPEN, C.CONNECTOR, C.SOLIDUS, C.MIDDOT})
_NO_STRETCH_BEFORE = frozenset({C.CLOSE, C.PAUSE, C.STOP, C.EXCL, C.LCLOSE,
                                C.CONNECTOR, C.SOLIDUS, C.MIDDOT})
_WORDISH = frozenset({C.DIGIT, C.LATIN, C.PREFIX, C.POSTFIX, C.LOPEN, C.LCLOSE})
WORDISH = _WORDISH       # the classes of a Latin word or a number with its signs (R5)
# What may sit beside the lone ideograph of a 孤字 line (§1.5): marks and spaces
# — ／ too: a solidus is a mark of §1.1, and "一（一）。／" holds one ideograph.
NOT_CONTENT = frozenset(C.CJK_MARKS | {C.SOLIDUS, C.SPACE, C.LOPEN, C.LCLOSE})


@dataclass(slots=True, init=False, eq=False, repr=False)
class Prepared:
    """Per-character arrays of one paragraph (see module docstring).

    `prepare` fills the fields in order, each stage reading the ones before
    it (hence init=False: there is no constructor call with 40 arguments).
    Arrays indexed by character position k (0 ≤ k < n) unless said; widths
    in body em; the P* prefix sums have n + 1 entries, P[k] = sum of 0..k-1,
    so a line i..j-1 sums to P[j] − P[i]."""

    # -- the text --------------------------------------------------------------------
    settings: ComposerSettings       # the options every stage reads
    text: str                        # the runs' text joined (C6: one sequence)
    n: int                           # len(text)
    em: float                        # body em in pt: the size of the first run
    cls: list[int]                   # §1.1 class (classes.py), R6 applied
    nonhan: list[int]                # positions whose class is not HAN, ascending
    mixed_pairs: list[int]           # k (1 ≤ k < n) whose pair (k − 1, k) touches a non-HAN
    tag_start: int                   # where the source tag starts (n: none)
    # -- glyphs (_measure_glyphs) ------------------------------------------------------
    face: list[str]                  # the run's face key
    dface: list[str]                 # the face that draws it (fallback applied)
    size: list[float]                # the run's size, pt
    draw: list[str]                  # code point drawn instead ("" : the char itself; 〓 missing)
    adv: list[float]                 # cell width (§1.1 GB advance, or the font's)
    shift: list[float]               # ink offset inside the cell (centred marks, OPEN)
    centred: dict[int, float]        # k → baseline raise of a mark centred in its cell (TW/HK)
    # -- blanks and compression (§1.1, §1.4, C1, C2) ----------------------------------------
    lb: list[float]                  # removable left blank (OPEN ½ em)
    rb: list[float]                  # removable right blank (CLOSE/PAUSE/STOP ½ em)
    cut_left: list[float]            # left blank taken mid-line by C1
    cut_right: list[float]           # right blank taken mid-line by C1
    wm: list[float]                  # mid-line width: adv − cut_left − cut_right
    # -- CJK–Latin gaps (§1.6 L1, L3) -------------------------------------------------------
    gap: list[float]                 # gap before char k (0 at k = 0 and between like chars)
    gap_fixed: frozenset[int]        # gap positions L3 fitted to the grid: they do not flex
    # -- justification (§1.5) -------------------------------------------------------------
    shr: list[float]                 # shrink of char k (word space step 2, blanks steps 4, 5, 7)
    gap_shr: list[float]             # shrink of the gap before k (step 6)
    cap: list[float]                 # expansion of space/gap at k (steps 1–2)
    elig: list[int]                  # 1: the gap before k takes step 3
    # -- breaks (§1.2, R1–R7, L4) -----------------------------------------------------------
    brk: list[int]                   # n + 1 entries: NO_BREAK/BREAK/HYPHEN/RELAX before char k
    long_words: list[tuple[int, int]]    # (start, end) of L4 hyphenation candidates
    hangable: list[bool]             # k may hang past the line end (§1.3 step 3)
    hyphen_w: float                  # width of an added hyphen (L4)
    # -- line-boundary corrections (C3, C4) ----------------------------------------------------
    start_fix: list[float]           # width change when k starts a line
    start_sfix: list[float]          # shrink change when k starts a line
    end_fix: list[float]             # width change when k ends a line
    end_sfix: list[float]            # shrink change when k ends a line
    # -- prefix sums (n + 1 entries) ------------------------------------------------------------
    PW: list[float]                  # of wm
    PG: list[float]                  # of gap
    PS: list[float]                  # of shr + gap_shr
    PE: list[int]                    # of elig
    PN: list[int]                    # of the spaces and gaps that can expand (cap > 0)
    orphan_after: int                # a last line starting after this and …
    orphan_upto: int                 # … at or before this is a 孤字 (§1.5)
    # -- annotations (着重号, ruby; `_annotate`) -------------------------------------------
    rubies: list["RubyGroup"]        # the ruby base groups, in text order
    dot_runs: list[tuple[int, int]]  # (start, end) of the runs with 着重号
    spread: bool                     # some ideograph's ink is shifted in its cell (a spread ruby base)


def prepare(runs: Sequence[StyledRun], metrics: Metrics,
            settings: ComposerSettings) -> Prepared:
    """Build the per-character arrays of a paragraph made of `runs`."""
    p = Prepared()
    p.settings = settings
    p.text = "".join(r.text for r in runs)
    p.n = len(p.text)
    p.em = runs[0].size if runs else 10.0
    p.cls = C.classify(p.text)
    # Ideographs have no blanks, gaps of their own, or special line-boundary
    # widths: the loops over marks, spaces and Latin visit only these positions.
    if FAST is not None:
        p.nonhan, p.mixed_pairs = FAST.nonhan_pairs(p.cls)
    else:
        p.nonhan = list(compress(range(p.n), p.cls))     # C.HAN == 0: the others are truthy
        p.mixed_pairs = _pairs_touching(p.nonhan, p.n)
    _measure_glyphs(p, runs, metrics)
    p.centred = _centre_marks(p, runs, metrics)
    _apply_punct_style(p, settings.punct_style)
    _compress_pairs(p, settings.punct_style, settings.adjacent_marks == "tight")
    _place_gaps(p, settings.latin_gap_em)
    p.gap_fixed = _fit_latin_to_grid(p) if settings.grid_strict else frozenset()
    _mark_shrink_and_stretch(p, settings)
    p.tag_start = _source_tag_start(runs, p.n)
    _mark_breaks(p, settings)
    _keep_units_whole(p)
    _line_boundary_fixes(p, settings)
    _annotate(p, runs, metrics)
    _prefix_sums(p)
    p.hyphen_w = _hyphen_width(runs, metrics, p.em)
    return p


def _hyphen_width(runs: Sequence[StyledRun], metrics: Metrics, em: float) -> float:
    """Advance of the '-' added at a hyphenation break (L4), in body em."""
    if not runs:
        return 0.5
    face = metrics.fallback(runs[0].face, "-") or runs[0].face
    return metrics.advance(face, "-")


# -- glyph widths --------------------------------------------------------------

_CACHES: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()
BMP = "bmp"       # cache[BMP, face]: face's records by BMP code point (None: not made yet), for MEASURE_RUN


def _cache_for(metrics: Metrics) -> dict:
    """A face → {char: glyph record} cache that lives with `metrics`."""
    try:
        cache = _CACHES.get(metrics)
        if cache is None:
            cache = _CACHES[metrics] = {}
        return cache
    except TypeError:            # metrics object not weak-referenceable
        return {}


def _lookup(metrics: Metrics, face: str, ch: str) -> tuple[Optional[str], float]:
    dface = metrics.fallback(face, ch)
    if dface is None:
        return None, metrics.advance(face, MISSING) if metrics.has(face, MISSING) else 1.0
    return dface, metrics.advance(dface, ch)


def _glyph_record(metrics: Metrics, face: str, ch: str, cls: int) -> tuple:
    """What a character of class `cls` in `face` is, at size 1 em:
    (cls, draw, draw face, cell width, ink shift)."""
    df, a = _lookup(metrics, face, ch)
    cell = float(_cell_width(cls, ch, a))     # floats, as a scaled width would be
    shift = (cell - a) / 2 if cls in CENTRED else 0.0    # §1.1 centred marks
    return (cls, "" if df is not None else MISSING, df if df is not None else face, cell, shift)


def _measure_glyphs(p: Prepared, runs: Sequence[StyledRun], metrics: Metrics) -> None:
    """Per character: draw face, drawn code point, cell width and ink shift.

    The per-character work is a dict hit on a record cached per face and
    character (the class is part of the record: R6 may re-class U+2014, and a
    record made for another class is recomputed, not reused).  A run whose
    records are all there goes through `MEASURE_RUN` in C (a tenth of the
    cost), which finds a BMP character's record in a list by code point (no
    one-character string made per character); the passes below are its
    oracle and make the missing records."""
    cache = _cache_for(metrics)
    face: list[str] = []
    dface: list[str] = []
    size: list[float] = []
    adv: list[float] = []
    draw: list[str] = []
    shift: list[float] = []
    cls = p.cls
    k = 0
    for run in runs:
        scale = run.size / p.em
        records = cache.get(run.face)
        if records is None:
            records = cache[run.face] = {}
        bmp = cache.get((BMP, run.face)) if MEASURE_RUN is not None else None
        if bmp is None and MEASURE_RUN is not None:
            bmp = cache[BMP, run.face] = [None] * 0x10000
        text = run.text
        face += [run.face] * len(text)
        size += [run.size] * len(text)
        found = MEASURE_RUN(text, cls, k, records, bmp, scale) \
            if MEASURE_RUN is not None and bmp is not None else None
        if found is not None:      # every record there, of its class (_speedups.c)
            draw += found[0]
            dface += found[1]
            adv += found[2]
            shift += found[3]
            k += len(text)
            continue
        # Whole-run passes rather than one loop appending to six lists: the
        # records are looked up once, checked in C (all found, classes as
        # classified), and transposed into the arrays with zip.
        run_cls = cls[k:k + len(text)]
        recs = list(map(records.get, text))
        if None not in recs:
            run_class, run_draw, run_dface, run_cell, run_shift = zip(*recs)
        if None in recs or list(run_class) != run_cls:
            for m, (rec, c) in enumerate(zip(recs, run_cls)):
                if rec is None or rec[0] != c:
                    rec = recs[m] = _glyph_record(metrics, run.face, text[m], c)
                    if c == C.char_class(text[m]):
                        records[text[m]] = rec
                        if bmp is not None and ord(text[m]) < 0x10000:
                            bmp[ord(text[m])] = rec
            _, run_draw, run_dface, run_cell, run_shift = zip(*recs)
        draw += run_draw
        dface += run_dface
        if scale == 1.0:                  # the body run (x * 1.0 == x: no need to multiply)
            adv += run_cell
            shift += run_shift
        else:
            adv += [a * scale for a in run_cell]
            shift += [d * scale for d in run_shift]
        k += len(text)
    p.face, p.dface, p.size, p.adv, p.draw, p.shift = face, dface, size, adv, draw, shift
    _substitute_dashes(p, metrics)


def _cell_width(cls: int, ch: str, font_advance: float) -> float:
    """GB cell width of a character in em (§1.1), the font's advance otherwise."""
    fixed = FIXED_ADVANCE.get(ch)
    if fixed is not None:
        return fixed                        # C5 · and –, SOLIDUS ½ em
    if cls in FULL_CELL:
        return 1.0                          # §1.1 GB advance 1 em per character
    if cls == C.MIDDOT:
        return 0.5
    return font_advance


def _substitute_dashes(p: Prepared, metrics: Metrics) -> None:
    """U+2014's default glyph is the Latin one; draw U+2015 instead (§1.1 font traps)."""
    if C.EM_DASH not in p.text:
        return
    for k, ch in enumerate(p.text):
        if ch == C.EM_DASH and not p.draw[k] and metrics.has(p.dface[k], "\u2015"):
            p.draw[k] = "\u2015"
            p.shift[k] = (1.0 - metrics.advance(p.dface[k], "\u2015")) / 2 * p.size[k] / p.em


# -- punctuation position: Taiwan and Hong Kong ---------------------------------

def _centre_marks(p: Prepared, runs: Sequence[StyledRun], metrics: Metrics) -> dict[int, float]:
    """Positions of the CENTRED_MARKS of runs whose language centres them
    (model/lang.py: zh-Hant, zh-TW, zh-HK …) → their y offset (pt, down;
    Glyph.y); p.shift is set to centre each one's ink across its cell.
    Such a mark keeps its whole cell: its blank is on both sides, and taking
    a half away (C1, C3, shrink steps 5 and 7) would cut into its ink.
    Empty for Simplified text (every run of the sample): nothing is measured."""
    centred: dict[int, float] = {}
    if not any(run.lang for run in runs):
        return centred
    from ..model.lang import variant_of     # only text with a language imports the model
    k = 0
    for run in runs:
        if run.lang and variant_of(run.lang).centred_marks:
            for m, ch in enumerate(run.text):
                if ch in CENTRED_MARKS and p.draw[k + m] != MISSING:
                    centred[k + m] = _centre_mark(p, k + m, run.size, metrics)
        k += len(run.text)
    return centred


def _centre_mark(p: Prepared, k: int, size: float, metrics: Metrics) -> float:
    """Centre the ink of mark k across its cell (p.shift, body em); its y
    offset (pt, down) that puts the ink's middle on the em box's middle for
    RAISED_MARKS, 0.0 for the others.  A face that already centres the mark
    (Noto CJK TC/HK) gets shifts of a few thousandths of an em at most."""
    face, ch = p.dface[k], p.text[k]
    box = metrics.ink_box(face, ch)       # type: ignore[attr-defined]  # FontLibrary; only TW/HK text
    if box is None:
        return 0.0
    x0, y0, x1, y1 = box
    off = p.adv[k] * p.em / size / 2 - (x0 + x1) / 2      # em of the mark's size
    if abs(off) > CENTRED_TOLERANCE_EM:
        p.shift[k] = off * size / p.em
    if ch not in RAISED_MARKS:
        return 0.0
    bottom, top = metrics.em_box(face)    # type: ignore[attr-defined]  # (see _centre_mark's ink_box)
    offset = (y0 + y1) / 2 - (bottom + top) / 2
    return offset * size if abs(offset) > CENTRED_TOLERANCE_EM else 0.0


# -- punctuation widths (§1.4) ---------------------------------------------------

def _apply_punct_style(p: Prepared, style: str) -> None:
    """Removable blanks per mark: OPEN left ½, CLOSE/PAUSE/STOP right ½ (§1.1),
    with kaiming/banjiao taking the blank away for good (§1.4)."""
    # C (_speedups.c) for the styles that keep every cell and text without centred marks
    blanks = FAST.punct_blanks(p.cls, p.nonhan, p.size, p.em) \
        if FAST is not None and style in CELL_KEEPING_STYLES and not p.centred and type(p.em) is float else None
    lb, rb = blanks if blanks is not None else _blanks(p, style)
    if style != "banjiao":
        _share_question_exclamation(p, rb)
    p.lb, p.rb = lb, rb


def _blanks(p: Prepared, style: str) -> tuple[list[float], list[float]]:
    """(lb, rb) of `_apply_punct_style` in Python (the C pass's oracle); a
    blank taken away for good comes off adv (and an OPEN's shift) here."""
    n, cls, centred = p.n, p.cls, p.centred
    lb, rb = [0.0] * n, [0.0] * n
    for k in p.nonhan:
        c = cls[k]
        if c not in SHRINK_BLANK_STEP or (centred and k in centred):
            continue                        # centred marks keep their cell (_centre_marks)
        half = HALF * p.size[k] / p.em
        permanent = style == "banjiao" or (style == "kaiming" and c != C.STOP)  # §1.4
        if permanent:
            p.adv[k] -= half
            if c == C.OPEN:
                p.shift[k] -= half          # ink stays in the right half
        elif c == C.OPEN:
            lb[k] = half
        else:
            rb[k] = half
    return lb, rb


def _share_question_exclamation(p: Prepared, rb: list[float]) -> None:
    """C2: ？？, ？！, ！？ take 1 em together; ？？？ takes 2 em (pairs from the left)."""
    text, k = p.text, 0
    if not any(mark in text for mark in C2_MARKS):
        return
    while k + 1 < p.n:
        if text[k] in C2_MARKS and text[k + 1] in C2_MARKS and rb[k] and rb[k + 1]:
            for m in (k, k + 1):
                p.adv[m] -= rb[m]
                rb[m] = 0.0
            k += 2
        else:
            k += 1


def _compress_pairs(p: Prepared, style: str, tight: bool = False) -> None:
    """C1: two adjacent marks lose the blank facing the other (1.5 em);
    `tight`, the other blank of the pair too (1 em)."""
    n, cls, lb, rb = p.n, p.cls, p.lb, p.rb
    cuts = FAST.compress_cuts(cls, p.nonhan, lb, rb, tight) if FAST is not None and style != "hangmobanjiao" \
        else None
    if cuts is not None:
        p.cut_left, p.cut_right = cuts
        return
    cut_left, cut_right = [0.0] * n, [0.0] * n
    if style != "hangmobanjiao":            # §1.4: 行末半角 keeps full width mid-line
        for k in [m + 1 for m in p.nonhan if m + 1 < n]:   # both rules need a mark at k − 1
            a, b = cls[k - 1], cls[k]
            if rb[k - 1] and b in (C.CLOSE, C.PAUSE, C.STOP, C.EXCL, C.OPEN):
                cut_right[k - 1] = rb[k - 1]      # C1: ）。 。” ：“ = 1.5 em
                if tight and b == C.OPEN:
                    cut_left[k] = lb[k]           # tight: 。“ ：“ = 1 em
                elif tight:
                    cut_right[k] = rb[k]          # tight: ）。 。” = 1 em
            elif a == C.OPEN and b == C.OPEN and lb[k]:
                cut_left[k] = lb[k]               # C1: “《 = 1.5 em
                if tight:
                    cut_left[k - 1] = lb[k - 1]   # tight: “《 = 1 em
    p.cut_left, p.cut_right = cut_left, cut_right


# -- CJK–Latin gaps (§1.6) --------------------------------------------------------

def _place_gaps(p: Prepared, gap_em: float) -> None:
    """L1: ¼ em between Han and half-width Latin/digits, none next to marks."""
    n, cls, text = p.n, p.cls, p.text
    fast = FAST.place_gaps(cls, text, p.nonhan, gap_em) if FAST is not None and type(gap_em) is float else None
    if fast is not None:
        p.gap, = fast
        return
    gap = [0.0] * n
    for m in p.nonhan:                       # a half-width Western char at m …
        if cls[m] not in _GAP_WESTERN or (text[m] >= "\u2000" and text[m] != "\u2212"):
            continue                         # full-width signs (￥) are ideographs here; − is not
        if m > 0 and cls[m - 1] == C.HAN:
            gap[m] = gap_em                  # … after an ideograph
        if m + 1 < n and cls[m + 1] == C.HAN:
            gap[m + 1] = gap_em              # … before an ideograph
    p.gap = gap


def _fit_latin_to_grid(p: Prepared) -> frozenset[int]:
    """L3 grid variant: flex the two gaps around a Latin/digit run between
    ideographs (up to ½ em each) so run + gaps span a whole number of ems.
    Returns the gap positions so fixed (they then neither shrink nor stretch)."""
    fixed: set[int] = set()
    for start, end in _western_runs(p):
        width = sum(p.adv[start:end])
        total = math.ceil(width + 2 * p.gap[start] - 1e-9) - width
        if total > 2 * GRID_GAP_MAX_EM + 1e-9:
            total -= 1.0                      # cannot widen that far: round down a cell
        p.gap[start] = p.gap[end] = total / 2
        fixed.update((start, end))
    return frozenset(fixed)


def _western_runs(p: Prepared):
    """(start, end) of Latin/digit runs with a gap and an ideograph on both sides."""
    gap, cls, k = p.gap, p.cls, 1
    while k < p.n:
        if gap[k] and cls[k - 1] == C.HAN:
            end = k + 1
            while end < p.n and not (gap[end] and cls[end] == C.HAN) and cls[end] not in C.CJK_MARKS \
                    and cls[end] != C.HAN:
                end += 1
            if end < p.n and gap[end] and cls[end] == C.HAN:
                yield k, end
            k = end
        else:
            k += 1


# -- justification opportunities (§1.5) ------------------------------------------

def _mark_shrink_and_stretch(p: Prepared, s: ComposerSettings) -> None:
    n, cls, adv = p.n, p.cls, p.adv
    fast = FAST.shrink_stretch(cls, p.nonhan, adv, p.lb, p.rb, p.cut_left, p.cut_right, p.gap, p.gap_fixed,
                               p.mixed_pairs, s.shrink_stops) if FAST is not None else None
    if fast is not None:
        p.shr, p.gap_shr, p.cap, p.elig = fast
        return
    shr, cap = [0.0] * n, [0.0] * n
    for k in p.nonhan:
        c = cls[k]
        if c == C.SPACE:
            shr[k] = max(0.0, adv[k] - SPACE_MIN_EM)        # §1.5 shrink step 2
            cap[k] = max(0.0, SPACE_MAX_EM - adv[k])        # §1.5 expand step 1
        elif c in SHRINK_BLANK_STEP and (c != C.STOP or s.shrink_stops):
            shr[k] = p.lb[k] - p.cut_left[k] + p.rb[k] - p.cut_right[k]   # steps 4, 5, 7
    fixed, gap = p.gap_fixed, p.gap
    gap_shr = [0.0] * n
    for k in compress(range(n), gap):                        # CJK–Latin gaps are few
        if k not in fixed:
            gap_shr[k] = max(0.0, gap[k] - GAP_MIN_EM)       # shrink step 6
            cap[k] += max(0.0, GAP_MAX_EM - gap[k])          # expand step 2
    p.shr, p.gap_shr, p.cap = shr, gap_shr, cap
    # Between two ideographs a gap always takes step 3 (_STRETCH_PAIR[HAN][HAN]);
    # only the pairs touching another class (and so every CJK–Latin gap) are looked up.
    elig = [_STRETCH_PAIR[C.HAN][C.HAN]] * n
    elig[0] = 0
    for k in p.mixed_pairs:
        elig[k] = 0 if gap[k] else _STRETCH_PAIR[cls[k - 1]][cls[k]]   # gaps take steps 1–2
    p.elig = elig


def _pairs_touching(nonhan: list[int], n: int) -> list[int]:
    """Positions k (1 ≤ k < n) of the pairs (k − 1, k) with a non-ideograph in them."""
    pairs = set(nonhan)
    pairs.update(map((1).__add__, nonhan))        # k and k + 1, in C
    pairs.discard(0)
    pairs.discard(n)
    return sorted(pairs)


def _stretchable_pair(a: int, b: int) -> int:
    """1 if the gap between a char of class a and one of class b takes §1.5
    expand step 3 (when no CJK–Latin gap sits there: steps 1–2 handle those)."""
    if a == C.SPACE or b == C.SPACE:
        return 0                             # steps 1–2 handle these
    if a in _NO_STRETCH_AFTER or b in _NO_STRETCH_BEFORE:
        return 0                             # JL: not after OPEN, not before CLOSE/PAUSE/STOP
    if a == b and a in (C.DASH, C.ELLIPSIS):
        return 0                             # never inside DASH/ELLIPSIS
    if a in _WORDISH and b in _WORDISH:
        return 0                             # never inside digit runs or Latin words
    return 1


# The pair rules as a table, [a][b]: one lookup per character instead of a call.
_STRETCH_PAIR = [[_stretchable_pair(a, b) for b in range(len(C.NAMES))] for a in range(len(C.NAMES))]


# -- break opportunities (§1.2) ---------------------------------------------------

_WORD_PAIR = -1          # inside a word: a break only after a hard hyphen (R5, L4)


@lru_cache(maxsize=8)
def _break_table(level: str, keep_unit: bool) -> tuple[tuple[int, ...], ...]:
    """§1.2 break kind between a char of class a and one of class b, [a][b]."""
    ns, ne = C.no_start(level), C.no_end(level)

    def kind(a: int, b: int) -> int:
        if b in ns or a in ne or b == C.SPACE:
            return RELAX                     # R1–R4; spaces stay with the line
        if a == b and a in (C.DASH, C.ELLIPSIS):
            return RELAX                     # R5: inside ——, ……
        if a in _WORDISH and b in _WORDISH:
            return _WORD_PAIR                # R5, L4: decided by the text
        if keep_unit and a == C.DIGIT and b == C.HAN:
            return RELAX                     # R5 option keep_number_with_cjk_unit
        return BREAK

    classes = range(len(C.NAMES))
    return tuple(tuple(kind(a, b) for b in classes) for a in classes)


def _mark_breaks(p: Prepared, s: ComposerSettings) -> None:
    n, cls, text = p.n, p.cls, p.text
    table = _break_table(s.level, s.keep_number_with_cjk_unit)
    fast = FAST.break_kinds(cls, text, p.mixed_pairs, table, _WORD_PAIR, NO_BREAK, BREAK, RELAX) \
        if FAST is not None else None
    if fast is not None:
        brk, = fast
    else:
        # Between two ideographs the kind is always table[HAN][HAN]; only the
        # pairs touching another class are looked up.
        brk = [table[C.HAN][C.HAN]] * (n + 1)
        brk[0], brk[n] = (NO_BREAK, BREAK) if n else (BREAK, BREAK)
        for k in p.mixed_pairs:
            kind = table[cls[k - 1]][cls[k]]
            if kind == _WORD_PAIR:
                kind = BREAK if _after_word_hyphen(text, k) else RELAX
            brk[k] = kind
    p.brk = brk
    p.long_words = _long_words(p) if s.hyphenate else []
    p.hangable = [s.hanging and text[k] in HANGABLE and k > 0
                  and cls[k - 1] not in C.CJK_MARKS for k in range(n)] if s.hanging else [False] * n


def _after_word_hyphen(text: str, k: int) -> bool:
    """A hard hyphen inside a word (well-known) is a break opportunity."""
    return text[k - 1] == "-" and k >= 2 and text[k - 2].isalpha() and text[k].isalpha()


@lru_cache(maxsize=4)
def _hyphenator(lang: str):
    import pyphen
    return pyphen.Pyphen(lang=lang, left=HYPHEN_MIN_SIDE, right=HYPHEN_MIN_SIDE)


@lru_cache(maxsize=4096)
def _hyphen_points(lang: str, word: str) -> tuple[int, ...]:
    return tuple(_hyphenator(lang).positions(word))


def _long_words(p: Prepared) -> list[tuple[int, int]]:
    """(start, end) of the Latin words of 7+ letters (L4 candidates) that are
    real words: not part of a URL, an e-mail address or an identifier."""
    text, cls, n, out = p.text, p.cls, p.n, []
    end = 0
    for k in p.nonhan:                       # Latin letters are never ideographs
        if k < end or cls[k] != C.LATIN or not text[k].isalpha():
            continue                         # inside the last word, or not a letter
        end = k
        while end < n and text[end].isalpha() and cls[end] == C.LATIN:
            end += 1
        if end - k >= HYPHEN_MIN_WORD and _is_real_word(p, k, end):
            out.append((k, end))
    return out


# What a hyphenatable word may hold besides letters: internal hyphens and
# apostrophes (well-known, don't), and closing punctuation after it.
_WORD_INSIDE = frozenset("-'\u2019")
_WORD_TRAIL = frozenset(".,;:!?)]}%\"'\u2019\u201d")
_WORD_LEAD = frozenset("([{\"'\u2018\u201c")


def _is_real_word(p: Prepared, start: int, end: int) -> bool:
    """L4: pyphen hyphenates words, not URLs, e-mail addresses or identifiers
    with digits (tick-ets, exam-ple, iPhone14).  The letters start..end-1 and
    the Western characters touching them (up to a space or a CJK character)
    must read as a word: letters with internal -/' and closing punctuation."""
    text, cls = p.text, p.cls
    lo, hi = start, end
    while lo > 0 and cls[lo - 1] in _TOKEN:
        lo -= 1
    while hi < p.n and cls[hi] in _TOKEN:
        hi += 1
    token = text[lo:hi].rstrip("".join(_WORD_TRAIL)).lstrip("".join(_WORD_LEAD))
    return all(ch.isalpha() or ch in _WORD_INSIDE for ch in token)


_TOKEN = frozenset(_WORDISH | {C.SOLIDUS})   # a run of these without a space is one token


def mark_hyphens(p: Prepared) -> None:
    """L4: pyphen points in the long words, 3+ letters each side.  Called by
    the breaker only when some line would otherwise be too loose, so the
    pyphen dictionary is loaded only for paragraphs that need it."""
    lang = p.settings.hyphen_lang
    for start, end in p.long_words:
        for pos in _hyphen_points(lang, p.text[start:end]):
            p.brk[start + pos] = HYPHEN


# -- units kept whole: source tag, names, URLs and e-mail addresses -------------------

SOURCE_ROLE = "source"   # StyledRun.role of a paragraph's 来源 tag, （魏宣）: its last run
# A URL or e-mail address breaks freely after one of these (no hyphen added);
# between two other characters only at a cost (URL_INNER).
URL_BREAK_AFTER = frozenset("/.?&=-_@")
URL_INNER_SIDE = 3       # characters of a URL's part kept on each side of an inner break (as L4)
_URL = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
                  r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_URL_TRAIL = ".,;:!?)]'"            # sentence punctuation after an address is not part of it
# Words after which a person's name follows in datelines, bylines and credits
# (本报讯（记者 许廷合 通讯员 侯鹏）, 本报记者张铮通讯员田亚, 摄影：王磊).
_CREDIT_WORD = re.compile("记者|通讯员|摄影|摄")
_NAME_CHARS = 4                     # Chinese personal names: 2–4 Han
_NAME_SEP = " \u3000、"             # between names: a space or 、
_NAME_END = frozenset(" \u3000、）)")  # what may follow a name (or a credit word, or the end)


def _name_han(ch: str) -> bool:
    """Whether `ch` may be part of a personal name: a CJK unified or
    compatibility ideograph of the BMP (Ext. A, the URO, U+F900–FAFF).
    Comparisons, not a character-class regex: compiling that cost 3.6 ms
    at every import."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _source_tag_start(runs: Sequence[StyledRun], n: int) -> int:
    """Where the paragraph's source tag begins (its first character that is not
    a space); n when the last run is not one (SOURCE_ROLE)."""
    last = runs[-1] if runs else None
    if last is None or last.role != SOURCE_ROLE or not last.text.strip():
        return n
    return n - len(last.text.lstrip())


def _keep_units_whole(p: Prepared) -> None:
    """Breaks that the class table cannot see: none inside a source tag, a
    credit word (记者, 通讯员, 摄影) or a person's name after one; in URLs and e-mail addresses
    after / . ? & = - _ @, else between two characters at a cost (URL_INNER), never
    inside the scheme (http://) nor between // and never with a hyphen (`_is_real_word`)."""
    brk, text = p.brk, p.text
    for k in range(p.tag_start + 1, p.n):
        brk[k] = RELAX                       # （魏宣） is one unit
    if p.tag_start < p.n:
        p.long_words = [w for w in p.long_words if w[1] <= p.tag_start]
    if "记" in text or "通" in text or "摄" in text:
        for start, end in _name_spans(text):
            for k in range(start + 1, end):
                brk[k] = RELAX               # （记者 王|堃） never
        for m in _CREDIT_WORD.finditer(text):
            for k in range(m.start() + 1, m.end()):
                brk[k] = RELAX               # nor 通|讯员: the title stays whole too
    for start, end in url_spans(text):
        scheme = text.find("://", start, end)
        whole = scheme + len("://") if scheme >= 0 else start      # http:// never breaks inside
        for k in range(start + 1, end):
            if text[k - 1] in URL_BREAK_AFTER and not (text[k - 1] == "/" == text[k]):
                brk[k] = BREAK
            elif k >= whole and _inner_break_ok(text, k, start, end):
                brk[k] = URL_INNER
            else:
                brk[k] = RELAX


def _inner_break_ok(text: str, k: int, start: int, end: int) -> bool:
    """Whether a URL (start..end-1) may break before character k between
    two characters of one part (its letters and digits between separators):
    only with URL_INNER_SIDE of them on each side, as a hyphen needs
    HYPHEN_MIN_SIDE letters (L4) — never wangchua|n or shtm|l."""
    before, after = text[max(start, k - URL_INNER_SIDE):k], text[k:min(end, k + URL_INNER_SIDE)]
    return (len(before) == len(after) == URL_INNER_SIDE
            and not any(ch in URL_BREAK_AFTER or ch == ":" for ch in before + after))


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL and e-mail address in `text`, without the
    sentence punctuation after it: the units with their own breaks (after
    URL_BREAK_AFTER, or inside a part at a cost: `_keep_units_whole`), which
    the quality figures do not count against 避头尾 (trace.line_quality)."""
    if "@" not in text and "://" not in text and "www." not in text:
        return []
    return [(m.start(), m.start() + len(m.group().rstrip(_URL_TRAIL))) for m in _URL.finditer(text)]


def _name_spans(text: str):
    """(start, end) of the names after 记者/通讯员/摄影/摄 (2–4 Han each,
    separated by spaces or 、, each ending at a space, 、, a closing bracket,
    another such word or the text's end), and of a name just before a
    closing 摄 (许廷合 摄)."""
    n = len(text)
    for m in _CREDIT_WORD.finditer(text):
        k = _skip(text, m.end(), " \u3000：:")
        while k < n:
            end = k
            while end < n and end - k < _NAME_CHARS and _name_han(text[end]) \
                    and not _CREDIT_WORD.match(text, end):
                end += 1
            if end - k < 2 or not _ends_name(text, end):
                break
            yield k, end
            if end >= n or text[end] not in _NAME_SEP:
                break
            k = _skip(text, end, _NAME_SEP)
        if m.group() == "摄" and _ends_name(text, m.end()):
            yield from _name_before(text, m.start())


def _name_before(text: str, end: int):
    """The name ending just before `end` (spaces skipped), 2–4 Han after a
    space, an opening bracket, 、 or the text's start."""
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1
    start = end
    while start > 0 and end - start < _NAME_CHARS and _name_han(text[start - 1]):
        start -= 1
    if end - start >= 2 and (start == 0 or text[start - 1] in " \u3000、（(：:"):
        yield start, end


def _skip(text: str, k: int, chars: str) -> int:
    while k < len(text) and text[k] in chars:
        k += 1
    return k


def _ends_name(text: str, k: int) -> bool:
    return k >= len(text) or text[k] in _NAME_END or bool(_CREDIT_WORD.match(text, k))


# -- annotations: 着重号 and ruby ------------------------------------------------------

RUBY_ROLE = "ruby"       # StyledRun.role of a ruby base group (its reading: StyledRun.reading)
DOTS_ROLE = "dots"       # StyledRun.role of a run with 着重号 (emphasis dots)
RUBY_SIZE = 0.5          # clreq: the reading is set at half the size of its base
# Readings side by side keep this much (em of the reading) between them: a
# base is spread for its reading's width plus this, so xiōng yǒng never
# reads xiōngyǒng, nor one word's reading touch the next one's.
RUBY_SPACING_EM = 0.25


class RubyGroup(NamedTuple):
    """A ruby base group (clreq group ruby): characters start..end-1 with
    the reading `text`, each of its glyphs drawn in `faces[i]`, advancing
    `advances[i]` pt, at `size` pt (RUBY_SIZE of the base)."""
    start: int
    end: int
    text: str
    faces: tuple[str, ...]
    advances: tuple[float, ...]
    size: float

    @property
    def width(self) -> float:
        """The reading's natural width, pt."""
        return sum(self.advances)


def _annotate(p: Prepared, runs: Sequence[StyledRun], metrics: Metrics) -> None:
    """Find the ruby groups and the 着重号 runs.  A ruby base (the whole
    word, in mono ruby too) never breaks inside: NO_BREAK, which not even R7
    relaxes — `release_wide_rubies` is the one exception.  A reading wider
    than its base spreads the base (`_spread_base`).  Dots change no width."""
    p.rubies, p.dot_runs, p.spread = [], [], False
    if not any(run.role == RUBY_ROLE or run.role == DOTS_ROLE for run in runs):
        return                              # nearly every paragraph: nothing to do
    k = 0
    for run in runs:
        end = k + len(run.text)
        if run.role == DOTS_ROLE:
            p.dot_runs.append((k, end))
        elif run.role == RUBY_ROLE and run.reading:
            for group in _ruby_groups(run, k, end, metrics):
                p.rubies.append(group)
                _spread_base(p, group)
            for m in range(k + 1, end):
                p.brk[m] = NO_BREAK          # the base word is unbreakable
        k = end
    if p.rubies:
        p.long_words = [w for w in p.long_words if not _in_ruby(p, w[0], w[1])]


def _ruby_groups(run: StyledRun, start: int, end: int, metrics: Metrics) -> list[RubyGroup]:
    """The ruby of run `run` (text start..end-1): mono ruby — one syllable
    over each character — when its reading has one space-separated syllable
    per base character (拼音 zhōng guó over 中国, clreq); else group ruby,
    the whole reading over the whole base."""
    syllables = run.reading.split()
    if len(syllables) == end - start > 1:
        return [_ruby_group(run, start + i, start + i + 1, syllable, metrics)
                for i, syllable in enumerate(syllables)]
    return [_ruby_group(run, start, end, run.reading, metrics)]


def _ruby_group(run: StyledRun, start: int, end: int, reading: str, metrics: Metrics) -> RubyGroup:
    """`reading` over characters start..end-1 of `run`, measured along the
    line: each glyph in the face that has it (the base's, else its fallback)."""
    size = run.size * RUBY_SIZE
    # down a vertical line an upright reading glyph (注音, CJK) takes one em of
    # its own and a turned one (Latin pinyin) its horizontal advance
    # (vertical_text.VerticalAdvances.reading_advance); across a horizontal
    # line every glyph takes its advance
    advance = getattr(metrics, "reading_advance", metrics.advance)
    faces, advances = [], []
    for ch in reading:
        face = metrics.fallback(run.face, ch) or run.face
        faces.append(face)
        advances.append(advance(face, ch) * size)
    return RubyGroup(start, end, reading, tuple(faces), tuple(advances), size)


def _spread_base(p: Prepared, group: RubyGroup) -> None:
    """Policy for a reading wider than its base (clreq jukugo/group ruby,
    no overhang): the base is spaced out evenly to the reading's width
    (plus RUBY_SPACING_EM) —
    the extra space split into equal parts, one between each two base
    characters and half of one at each end (1:2:1), so every base glyph
    sits centred in a cell widened by the same amount."""
    n = group.end - group.start
    base = sum(p.adv[group.start:group.end])
    extra = (group.width + RUBY_SPACING_EM * group.size) / p.em - base
    if extra <= 1e-9:
        return
    per = extra / n
    for k in range(group.start, group.end):
        p.adv[k] += per
        p.shift[k] += per / 2
    p.spread = True


def _in_ruby(p: Prepared, start: int, end: int) -> bool:
    """Whether characters start..end-1 overlap a ruby base group."""
    return any(g.start < end and start < g.end for g in p.rubies)


def release_wide_rubies(p: Prepared, measure_em: float) -> None:
    """A ruby base group wider than the measure cannot stay on one line:
    its inner breaks become last-resort ones (R7) so the paragraph still
    sets (the parser's RUBY_MAX_* limits keep this to odd templates)."""
    for start, end in _ruby_words(p):
        if p.PW[end] - p.PW[start] + p.PG[end] - p.PG[start + 1] > measure_em:   # cells and inner gaps
            for m in range(start + 1, end):
                p.brk[m] = RELAX


def _ruby_words(p: Prepared) -> list[tuple[int, int]]:
    """(start, end) of each unbreakable ruby base: its groups' span."""
    words: list[tuple[int, int]] = []
    for group in p.rubies:
        if words and words[-1][1] == group.start and p.brk[group.start] == NO_BREAK:
            words[-1] = (words[-1][0], group.end)
        else:
            words.append((group.start, group.end))
    return words


# Classes that take a 着重号: ideographs (not U+3000), digits and letters —
# never punctuation marks or spaces (clreq).
_DOTTED = frozenset({C.HAN, C.DIGIT, C.LATIN})


# Stands for one tate-chu-yoko unit (V5) in the text a vertical paragraph's
# breaker sees (vertical_text.py: a PUA character, classed as a HAN).
TCY_PROXY = "\ue000"


def takes_dot(p: Prepared, k: int) -> bool:
    """Whether character k of a 着重号 run gets a dot (a TCY unit, one em
    cell of digits or capitals, takes one, as an ideograph does)."""
    return p.cls[k] in _DOTTED and (p.text[k].isalnum() or p.text[k] == TCY_PROXY)


# -- line-boundary corrections and prefix sums ---------------------------------------

def _line_boundary_fixes(p: Prepared, s: ComposerSettings) -> None:
    """Width and shrink changes when char k starts or ends a line.

    start: the pair compression with the previous char is undone, and an
    OPEN mark is trimmed to ½ em (C4 half) or kept whole (C4 full), not
    shrinkable.  end: the pair compression with the next char is undone and a
    mark's right blank goes (C3), unless grid-strict keeps 1 em; a trailing
    word space takes no width.
    """
    n, cls = p.n, p.cls
    half_open = s.open_at_line_start == "half"
    c3 = not s.grid_strict
    fast = FAST.boundary_fixes(cls, p.nonhan, p.adv, p.lb, p.rb, p.cut_left, p.cut_right, p.shr, half_open, c3) \
        if FAST is not None else None
    if fast is not None:
        p.start_fix, p.start_sfix, p.end_fix, p.end_sfix = fast
        return
    start_fix, start_sfix = [0.0] * n, [0.0] * n
    end_fix, end_sfix = [0.0] * n, [0.0] * n
    for k in p.nonhan:
        c = cls[k]
        if c == C.OPEN:
            start_fix[k] = p.cut_left[k] - (p.lb[k] if half_open else 0.0)   # C4
            start_sfix[k] = -p.shr[k]
        if c == C.SPACE:
            end_fix[k] = -p.adv[k]
            end_sfix[k] = -p.shr[k]
        elif p.rb[k]:
            end_fix[k] = p.cut_right[k] - (p.rb[k] if c3 else 0.0)           # C3
            end_sfix[k] = -p.shr[k] if c3 else p.cut_right[k]
    p.start_fix, p.start_sfix, p.end_fix, p.end_sfix = start_fix, start_sfix, end_fix, end_sfix


_SPEEDUPS = compiled("typeset.compose._speedups")     # optional C (setup.py); None: Python's maps
PREFIX_SUMS = _SPEEDUPS.prefix_sums if _SPEEDUPS is not None else None
MEASURE_RUN = getattr(_SPEEDUPS, "measure_run", None)     # (None: an extension built before it)
# §1.4 styles that take no blank away for good (kaiming and banjiao change
# advances: their widths stay the Python pass's)
CELL_KEEPING_STYLES = frozenset({"quanjiao", "hangmobanjiao"})


def _fast_passes():
    """_speedups with the C of the width, justification and break passes
    (configured with this module's constants), or None: the Python passes
    below, their oracle, run instead (no extension, PAIBAN_PURE_PYTHON=1,
    or an extension built before these passes)."""
    if _SPEEDUPS is None or not hasattr(_SPEEDUPS, "configure_prepare"):
        return None
    classes = range(len(C.NAMES))
    _SPEEDUPS.configure_prepare(HALF, SPACE_MIN_EM, SPACE_MAX_EM, GAP_MIN_EM, GAP_MAX_EM, C.OPEN, C.CLOSE,
                                C.PAUSE, C.STOP, C.EXCL, C.SPACE,
                                [SHRINK_BLANK_STEP.get(c, 0) for c in classes],
                                [c in _GAP_WESTERN for c in classes], [list(row) for row in _STRETCH_PAIR])
    return _SPEEDUPS


FAST = _fast_passes()


def _prefix(values) -> list:
    return list(accumulate(values, initial=0))


def _prefix_sums(p: Prepared) -> None:
    sums = PREFIX_SUMS(p.adv, p.cut_left, p.cut_right, p.gap, p.shr, p.gap_shr, p.elig, p.cap) \
        if PREFIX_SUMS is not None else None
    if sums is not None:          # the same lists, made in one pass in C (_speedups.c: prefix_sums)
        p.wm, p.PW, p.PG, p.PS, p.PE, p.PN = sums
        _orphan_span(p)
        return
    # Element-wise maps (run in C): wm = adv − cut_left − cut_right, the mid-line widths.
    p.wm = wm = list(map(sub, map(sub, p.adv, p.cut_left), p.cut_right))
    p.PW = _prefix(wm)
    p.PG = _prefix(p.gap)
    p.PS = _prefix(map(add, p.shr, p.gap_shr))
    p.PE = _prefix(p.elig)
    p.PN = _prefix(map(bool, p.cap))          # cap ≥ 0: a gap that can expand counts 1
    _orphan_span(p)


def _orphan_span(p: Prepared) -> None:
    """Where a last line would be a 孤字: it starts after `orphan_after` (so it
    holds at most one ideograph and nothing but marks and spaces besides)
    and at or before `orphan_upto` (the last ideograph, so it holds one).
    Found by walking back from the paragraph end to the second-to-last
    ideograph, instead of two prefix sums over the whole paragraph."""
    cls, last_han, k = p.cls, -1, p.n - 1
    after = -1                       # the last position a 孤字 line must not include
    while k >= 0:
        c = cls[k]
        if c == C.HAN:
            if last_han >= 0:
                after = max(after, k)    # a second ideograph
                break
            last_han = k
        elif c not in NOT_CONTENT:
            after = max(after, k)        # digits, Latin, other content
        k -= 1
    p.orphan_after, p.orphan_upto = after, last_han


def is_orphan(p: Prepared, start: int) -> bool:
    """孤字 (§1.5): the line from `start` to the end holds one ideograph and marks only."""
    return start > 0 and p.orphan_after < start <= p.orphan_upto
