"""Headline lines: plain text → 1–3 balanced lines at the style's size.

page-making.md "Headlines": a 主题 is set in 1–3 lines, broken between
words (flow/words.py) and balanced; a headline that does not fit at its size
may shrink a little, to the style's `min_size`, and is then overset — never
set smaller.  The same holds for 引题, 副题, 通栏标题 and brief headlines.

A headline line is set at natural width (it is centred, not justified),
with the style's tracking (字距, `tracking` in em) between characters and a
CJK–Latin gap that does not grow with the size (`display_gap_em`).

Order of resort, each step only when the one before cannot fit the span:
1. one line at the style's size;
2. 2, then 3 lines at that size, the break that makes them most even;
3. the largest size ≥ min_size at which 1–3 lines fit;
4. overset: at min_size, as many lines as the words need (reported).
Lines the editor wrote (<line>) are kept: they shrink together, to min_size,
and one that still does not fit is broken as in step 4 (reported too).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, NamedTuple, Optional, Sequence

from ..compose import ComposerSettings, compose_paragraph
from ..compose import classes as C
from ..compose.types import Glyph, Line, StyledRun, new_glyph
from ..units import to_pt
from .words import is_phrase_break, word_breaks

MAX_LINES = 3                 # page-making.md: a 主题 is set in 1–3 lines
DEFAULT_MIN_SCALE = 0.8       # min_size when the template gives none: 0.8 × size …
NATURAL = 1e6                 # measure for a line set at natural width
# L1 puts ¼ em between Han and Latin/digits — at 9 pt 2.25 pt, at a 36 pt head
# 9 pt, a hole.  page-making.md: "the CJK–Latin gap is kept small at display
# sizes".  So ¼ em up to 12 pt (3 pt), then 3 pt, but never under ⅛ em (the
# §1.5 shrink step 6 floor, Vivliostyle's gap, vivliostyle.js#1080).
GAP_CAP_PT = 3.0
GAP_FLOOR_EM = 0.125
GAP_EM = 0.25
# Unevenness is Σ (wᵢ/mean − 1)²; a break inside a phrase (not after a space,
# ，：！ or ——) adds PHRASE_PENALTY: an editor breaks between phrases while the
# shorter of two lines keeps about ¾ of the longer (page-making.md).
PHRASE_PENALTY = 0.04
# A head the editor divided with spaces (智慧社区建设提速 十项便民服务“一网通办”)
# turns at a space while the shorter line keeps ⅗ of the longer: breaking
# inside one of its phrases (十项 / 便民服务) costs SPACED_PHRASE_PENALTY.
SPACED_PHRASE_PENALTY = 0.125

Width = Callable[[int, int], float]


@dataclass(frozen=True)
class SetHead:
    """One headline, set: its lines (natural width, tracked), their size,
    and how it went: "fit", "wrapped", "shrunk" or "overset"."""
    lines: tuple[Line, ...]
    size: float
    outcome: str

    @property
    def width(self) -> float:
        return max((line.natural for line in self.lines), default=0.0)


def display_gap_em(size: float) -> float:
    """The CJK–Latin gap at `size` pt, in em (see GAP_CAP_PT)."""
    return max(GAP_FLOOR_EM, min(GAP_EM, GAP_CAP_PT / size))


def min_size(style, body_size: float) -> float:
    """The smallest size a headline of `style` may be set at: the template's
    `min_size` (a length, or em of the style's size), else 0.8 × size but not
    under the body size (page-making.md: never smaller than the body), and
    never above the style's size."""
    spec = style.extra.get("min_size")
    if spec is not None:
        return min(to_pt(spec, em=style.size), style.size)
    return min(style.size, max(DEFAULT_MIN_SCALE * style.size, body_size))


def tracking_em(style) -> float:
    """The style's 字距 in em (template `tracking`, checked when read)."""
    return float(style.extra.get("tracking", 0.0))


class HeadFace(NamedTuple):
    """A face key with the language of the text set in it (StyledRun.lang),
    passed where HeadSetter passes a face: headlines of Taiwan or Hong Kong
    text centre their marks (compose/prepare.py CENTRED_MARKS)."""
    face: str
    lang: str


def _face(style, lang: str):
    """What HeadSetter passes as the face: the style's key, with `lang` if any."""
    return HeadFace(style.face, lang) if lang else style.face


class HeadSetter:
    """Sets headline text for one typesetter (its metrics, settings, cache)."""

    def __init__(self, metrics, settings: ComposerSettings, cache: Optional[dict] = None):
        self.metrics, self.settings = metrics, settings
        self._cache = {} if cache is None else cache

    # -- one line ---------------------------------------------------------------
    def line(self, text: str, face, size: float, tracking: float = 0.0) -> Line:
        """`text` on one line at natural width, display gap and tracking;
        `face` is a face key, or a HeadFace for text with a language."""
        key = ("head", text, face, round(size, 4), tracking)
        line = self._cache.get(key)
        if line is None:
            settings = replace(self.settings, latin_gap_em=display_gap_em(size))
            run = StyledRun(text, face.face, size, lang=face.lang) if type(face) is HeadFace \
                else StyledRun(text, face, size)
            line = compose_paragraph([run], NATURAL, self.metrics, settings, indent_em=0.0)[0]
            if tracking:
                line = tracked(line, tracking * size)
            self._cache[key] = line
        return line

    # -- a headline ---------------------------------------------------------------
    def set(self, text: str, style, width: float, low: float, lang: str = "") -> SetHead:
        """Plain headline text: steps 1–4 of the module doc; `lang`, the
        StyledRun.lang of the text ("" the default)."""
        face, size, track = _face(style, lang), style.size, tracking_em(style)
        one = self.line(text, face, size, track)
        if one.natural <= width + 1e-6:
            return SetHead((one,), size, "fit")
        breaks = word_breaks(text, self.settings.level)
        cuts = self._partition(text, breaks, size, face, track, width, MAX_LINES)
        if cuts is not None:
            return self._lines(text, cuts, face, size, track, "wrapped")
        shrunk = self._shrink(text, breaks, face, size, track, width, low)
        if shrunk is not None:
            return shrunk
        cuts = self._partition(text, breaks, low, face, track, width, len(breaks) + 1)
        if cuts is None:                       # a word wider than the span: every break
            cuts = [0, *breaks, len(text)]
        return self._lines(text, cuts, face, low, track, "overset")

    def set_forced(self, texts: Sequence[str], style, width: float, low: float,
                   lang: str = "") -> list[SetHead]:
        """The editor's own lines: one size for all, shrunk to fit down to
        `low`; a line still too wide then is broken at `low` (overset)."""
        face, size, track = _face(style, lang), style.size, tracking_em(style)
        widest = max(self.line(t, face, size, track).natural for t in texts)
        if widest <= width + 1e-6:
            return [SetHead((self.line(t, face, size, track),), size, "fit") for t in texts]
        common = self._fitting_size(lambda s: max(self.line(t, face, s, track).natural for t in texts),
                                    size, widest, width, low)
        if common is not None:
            return [SetHead((self.line(t, face, common, track),), common, "shrunk") for t in texts]
        out = []
        for t in texts:
            line = self.line(t, face, low, track)
            if line.natural <= width + 1e-6:
                out.append(SetHead((line,), low, "shrunk"))
                continue
            breaks = word_breaks(t, self.settings.level)
            cuts = self._partition(t, breaks, low, face, track, width, len(breaks) + 1) or [0, *breaks, len(t)]
            out.append(self._lines(t, cuts, face, low, track, "overset"))
        return out

    # -- internals ----------------------------------------------------------------
    def _widths(self, text: str, face: str, size: float, track: float) -> Width:
        def width(i: int, j: int) -> float:
            return self.line(text[i:j].strip(), face, size, track).natural
        return width

    def _partition(self, text, breaks, size, face, track, width, max_lines) -> Optional[list[int]]:
        """Cut positions [0, …, len] of the fewest lines (≤ max_lines) that
        fit `width` at `size`, the most even of those; None when none fit."""
        return balanced(text, breaks, self._widths(text, face, size, track), width, max_lines)

    def _shrink(self, text, breaks, face, size, track, width, low) -> Optional[SetHead]:
        """Step 3: the largest size in [low, size) at which 1–3 lines fit."""
        points = [0, *breaks, len(text)]
        # lines wider than this at `size` would not fit even at `low`
        limit = width * size / low
        fits = segment_widths(points, self._widths(text, face, size, track), limit)
        cuts = tightest(points, fits, MAX_LINES)
        if cuts is None:
            return None
        pairs = list(zip(cuts, cuts[1:]))
        widest = max(fits[points.index(i), points.index(j)] for i, j in pairs)

        def measure(s: float) -> float:
            return max(self.line(text[i:j].strip(), face, s, track).natural for i, j in pairs)

        fitted = self._fitting_size(measure, size, widest, width, low)
        if fitted is None:
            return None
        # at the smaller size the most even cut may differ: choose again
        cuts = self._partition(text, breaks, fitted, face, track, width, len(cuts) - 1) or cuts
        return self._lines(text, cuts, face, fitted, track, "shrunk")

    @staticmethod
    def _fitting_size(measure: Callable[[float], float], size: float, widest: float,
                      width: float, low: float) -> Optional[float]:
        """The largest size ≥ low (to 0.1 pt) at which measure(size) ≤ width.
        Widths scale with the size but for the capped CJK–Latin gap, so the
        proportional guess is checked and lowered until it fits."""
        guess = size * width / widest
        for _ in range(8):
            guess = int(guess * 10 + 1e-6) / 10           # down to 0.1 pt
            if guess < low - 1e-6:
                return None
            actual = measure(guess)
            if actual <= width + 1e-6:
                return guess
            guess = guess * width / actual - 0.05
        return None

    def _lines(self, text, cuts, face, size, track, outcome) -> SetHead:
        lines = tuple(self.line(text[i:j].strip(), face, size, track) for i, j in zip(cuts, cuts[1:]))
        return SetHead(lines, size, outcome)


def segment_widths(points: Sequence[int], width_of: Width, limit: float) -> dict[tuple[int, int], float]:
    """Widths of the candidate lines points[i]…points[k] no wider than
    `limit`, keyed (i, k).  A line only grows with more words, so each start
    stops at its first line too wide: a few compositions per break, not one
    per pair of breaks."""
    fits = {}
    for i in range(len(points) - 1):
        for k in range(i + 1, len(points)):
            w = width_of(points[i], points[k])
            if w > limit + 1e-6:
                break
            fits[i, k] = w
    return fits


def tightest(points: Sequence[int], fits: dict, max_lines: int) -> Optional[list[int]]:
    """The cut into at most max_lines lines whose widest line is narrowest
    (the one that can stay largest when shrunk); None when there is none."""
    end = len(points) - 1
    best = {0: (0.0, [0])}                       # k → (widest so far, cuts), for m lines
    found = None
    for _ in range(max_lines):
        step: dict[int, tuple[float, list[int]]] = {}
        for (i, k), w in fits.items():
            if i in best:
                widest = max(best[i][0], w)
                if k not in step or widest < step[k][0] - 1e-9:
                    step[k] = (widest, best[i][1] + [points[k]])
        if end in step and (found is None or step[end][0] < found[0] - 1e-9):
            found = step[end]
        best = step
    return found[1] if found else None


def balanced(text: str, breaks: Sequence[int], width_of: Width, width: float,
             max_lines: int) -> Optional[list[int]]:
    """The fewest lines (up to max_lines) whose widths all fit `width`, and
    of those the most even: least Σ (wᵢ/mean − 1)², plus PHRASE_PENALTY per
    break inside a phrase (SPACED_PHRASE_PENALTY when a space is among the
    breaks); ties go to the longer first line (page-making.md:
    the second line not much shorter).  None when no such lines exist.

    Two dynamic programmes over the break positions: the fewest lines that
    set text[:points[k]], then the least cost in exactly that many lines."""
    points = [0, *breaks, len(text)]
    end = len(points) - 1
    fits = segment_widths(points, width_of, width)
    fewest: list[Optional[int]] = [0] + [None] * end
    for k in range(1, end + 1):
        counts = [n + 1 for n, i in zip(fewest, range(k)) if n is not None and (i, k) in fits]
        fewest[k] = min(counts) if counts else None
    lines = fewest[end]
    if lines is None or lines > max_lines:
        return None
    mean = max(width_of(0, len(text)), 1e-9) / lines
    phrase = [0 < k < end and is_phrase_break(text, points[k]) for k in range(end + 1)]
    spaced = any(text[points[k] - 1].isspace() for k in range(1, end))
    inside = SPACED_PHRASE_PENALTY if spaced else PHRASE_PENALTY
    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [0])}
    for m in range(1, lines + 1):
        for k in range(1, end + 1):
            choice = None
            for i in range(k):
                prev, w = best.get((i, m - 1)), fits.get((i, k))
                if prev is None or w is None:
                    continue
                cost = prev[0] + (w / mean - 1.0) ** 2 - (1e-9 * w if m == 1 else 0.0)
                if k < end and not phrase[k]:
                    cost += inside
                if choice is None or cost < choice[0]:
                    choice = (cost, prev[1] + [points[k]])
            if choice is not None:
                best[(k, m)] = choice
    return best[(end, lines)][1]


def tracked(line: Line, track: float) -> Line:
    """`line` with `track` pt after each character but its last, except
    inside a run of digits and Latin (no letter-spacing in a word or a
    number, issue 12 §4) and inside ——/……, which stay joined (R5)."""
    glyphs = line.glyphs
    if len(glyphs) < 2:
        return line
    cls = C.classify("".join(g.char for g in glyphs))
    shift, out = 0.0, [glyphs[0]]
    for k in range(1, len(glyphs)):
        a, b = cls[k - 1], cls[k]
        if not ((a in WORDISH and b in WORDISH) or (a == b and a in (C.DASH, C.ELLIPSIS))):
            shift += track
        out.append(_moved(glyphs[k], shift))
    return Line(glyphs=tuple(out), start=line.start, end=line.end, width=line.width,
                natural=line.natural + shift, last=line.last, indent=line.indent,
                extent=line.extent + shift)


WORDISH = frozenset({C.DIGIT, C.LATIN, C.PREFIX, C.POSTFIX, C.LOPEN, C.LCLOSE})


def _moved(g: Glyph, dx: float) -> Glyph:
    if not dx:
        return g
    return replace(g, x=g.x + dx) if g.y or g.rotate else new_glyph(g.char, g.x + dx, g.face, g.size,
                                                                     g.index, g.draw)
