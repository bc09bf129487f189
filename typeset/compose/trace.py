"""Composed lines → a readable trace and quality figures (for tests and diagnostics)."""
from __future__ import annotations

from typing import Any, Optional, Sequence

from . import classes as C
from .prepare import NOT_CONTENT, url_spans
from .types import Line, Metrics

FLUSH_TOLERANCE_EM = 0.01          # issue 4: non-final lines fill the measure within 0.01 em
LOOSE_LIMIT_EM = 0.25              # issue 4: ≤ 0.25 em extra per gap on ≥ 99 % of lines
SPACING_BINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5)


def _em(line: Line) -> float:
    return line.glyphs[0].size if line.glyphs else 1.0


def trace_lines(lines: Sequence[Line], positions: bool = False) -> str:
    """One row per line: number, text range, width/natural/extent (em),
    extra space per gap and total shrink; with `positions`, each glyph's x."""
    rows = []
    for n, line in enumerate(lines, 1):
        em = _em(line)
        flags = ("last " if line.last else "") + ("indent=%.3g " % (line.indent / em) if line.indent else "")
        rows.append(f"L{n} [{line.start}:{line.end}] w={line.width / em:.3f} nat={line.natural / em:.3f} "
                    f"ext={line.extent / em:.3f} +{line.gaps_expand_em:.4f}/gap "
                    f"shrink={line.shrink_em:.3f} {flags}|{line.text}|")
        if positions:
            rows.append("    " + " ".join(f"{g.drawn}@{g.x / em:.3f}" for g in line.glyphs))
    return "\n".join(rows)


def line_quality(lines: Sequence[Line], metrics: Optional[Metrics] = None,
                 level: str = "gb") -> dict:
    """Counts for the rule book's acceptance figures.

    prohibited_starts / prohibited_ends: lines starting (not a paragraph's
    first) with an R1/R3/R4 class or ending (non-final) with an R2/R3 class;
    orphans: last lines that are a 孤字 (§1.5); not_flush: non-final lines
    whose set text ends more than 0.01 em off the measure; max_gap_em and
    spacing_histogram: extra inter-character space per gap; within_quarter_em:
    share of lines with ≤ ¼ em extra per gap.  `metrics` is accepted for
    callers that have it; the figures use the lines' own geometry.
    """
    ns, ne = C.no_start(level), C.no_end(level)
    q: dict[str, Any] = dict(lines=len(lines), prohibited_starts=0, prohibited_ends=0, orphans=0,
             not_flush=0, max_gap_em=0.0)
    hist = dict.fromkeys(_bin_labels(), 0)
    in_url = _url_breaks(lines)
    for line in lines:
        text = line.text
        if not text:
            continue
        url_breaks = in_url.get(id(line), frozenset())
        if line.start > 0 and C.classify(text[:2])[0] in ns and line.start not in url_breaks:
            q["prohibited_starts"] += 1
        if not line.last and C.char_class(text[-1]) in ne and line.end not in url_breaks:
            q["prohibited_ends"] += 1
        if line.last and line.start > 0 and _is_orphan_text(text):
            q["orphans"] += 1
        if not line.last and abs(line.extent - line.width) > FLUSH_TOLERANCE_EM * _em(line):
            q["not_flush"] += 1
        q["max_gap_em"] = max(q["max_gap_em"], line.gaps_expand_em)
        hist[_bin_of(line.gaps_expand_em)] += 1
    q["spacing_histogram"] = hist
    loose = sum(1 for line in lines if line.gaps_expand_em > LOOSE_LIMIT_EM + 1e-9)
    q["within_quarter_em"] = 1.0 - loose / len(lines) if lines else 1.0
    return q


def _url_breaks(lines: Sequence[Line]) -> dict[int, frozenset[int]]:
    """id(line) → the positions inside a URL or e-mail address among the
    breaks of the paragraph the line belongs to.  Such a unit breaks after
    / . ? & = - _ @ (prepare.URL_BREAK_AFTER), so a line may end with / or
    the next start with one: the URL's own rule, not a 避头尾 violation.
    A paragraph's lines are those from one whose start is 0 to the last;
    its text is put together from theirs (a hyphenated line's added "-"
    left out)."""
    out: dict[int, frozenset[int]] = {}
    paragraph: list[Line] = []
    for line in [*lines, None]:
        if paragraph and (line is None or line.start == 0):
            text = "".join(part.text[:part.end - part.start] for part in paragraph)
            inside = frozenset(k for start, end in url_spans(text) for k in range(start + 1, end))
            if inside:
                for part in paragraph:
                    out[id(part)] = inside
            paragraph = []
        if line is not None:
            paragraph.append(line)
    return out


def _is_orphan_text(text: str) -> bool:
    classes = C.classify(text)
    han = sum(1 for c in classes if c == C.HAN)
    return han == 1 and all(c == C.HAN or c in NOT_CONTENT for c in classes)


def _bin_labels() -> list[str]:
    edges = SPACING_BINS
    return [f"<={b:g}" for b in edges] + [f">{edges[-1]:g}"]


def _bin_of(value: float) -> str:
    for edge in SPACING_BINS:
        if value <= edge + 1e-9:
            return f"<={edge:g}"
    return f">{SPACING_BINS[-1]:g}"
