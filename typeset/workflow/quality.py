"""Composed paragraphs of a block → the composer's quality figures, summed per block and issue.

The composer owns the judgement (`typeset.compose.line_quality`); this module
sums its per-paragraph counts under the names `paiban check` prints.  A
figure the composer does not give is None and shown as “—”.  Loose lines and
the spacing share are counted here from the lines' own `gaps_expand_em`, so
they add up exactly across paragraphs (a share of shares would not).
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

SPACING_LIMIT_EM = 0.25          # issue 4: extra spacing ≤ 0.25 em per gap …
SPACING_GOAL = 0.99              # … on at least 99 % of lines

COUNTS = ("prohibited", "orphans", "not_flush")


def _composer_quality() -> Optional[Callable]:
    try:
        from ..compose import line_quality
    except ImportError:
        return None
    return line_quality


def available() -> bool:
    return _composer_quality() is not None


def empty() -> dict:
    # widows (孤行) come from the page layout, not the composer: the pipeline adds them per block
    return {"lines": 0, "loose": 0, "spacing_ok": 0, "max_gap_em": 0.0, "widows": 0,
            **{k: None for k in COUNTS}}


def paragraph_quality(lines: Iterable, measure: Optional[Callable] = None) -> dict:
    """Figures of one paragraph's lines (`measure` is the composer's line_quality)."""
    lines = list(lines)
    gaps = [getattr(ln, "gaps_expand_em", 0.0) for ln in lines]
    loose = sum(1 for g in gaps if g > SPACING_LIMIT_EM + 1e-9)
    fig = empty() | {"lines": len(lines), "loose": loose, "spacing_ok": len(lines) - loose,
                     "max_gap_em": max(gaps, default=0.0)}
    if measure is not None and lines:
        fig.update(_from_composer(measure(lines)))
    return fig


def _from_composer(raw: dict) -> dict:
    """The composer's keys → ours; a key it does not have stays None."""
    out = {}
    if "prohibited_starts" in raw or "prohibited_ends" in raw:
        out["prohibited"] = int(raw.get("prohibited_starts", 0)) + int(raw.get("prohibited_ends", 0))
    for key in ("orphans", "not_flush"):
        if key in raw:
            out[key] = int(raw[key])
    return out


def add(total: dict, part: dict) -> dict:
    """Sum `part` into `total` in place (None + n = n; max for max_gap_em)."""
    for key, value in part.items():
        if value is None:
            continue
        if total.get(key) is None:
            total[key] = value
        elif key == "max_gap_em":
            total[key] = max(total[key], value)
        else:
            total[key] += value
    return total


def block_quality(paragraphs: Iterable) -> dict:
    """Figures of a block: the sum over its composed paragraphs."""
    measure = _composer_quality()
    total = empty()
    for comp in paragraphs:
        add(total, paragraph_quality(getattr(comp, "lines", ()), measure))
    return total


def spacing_share(fig: dict) -> Optional[float]:
    """Share of lines with ≤ 0.25 em extra per gap (None for a block without text lines)."""
    return fig["spacing_ok"] / fig["lines"] if fig.get("lines") else None
