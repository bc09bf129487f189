"""Composer settings: one frozen dataclass of rule-book options → read by every stage."""
from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("gb", "strict")
PUNCT_STYLES = ("quanjiao", "kaiming", "banjiao", "hangmobanjiao")


@dataclass(frozen=True)
class ComposerSettings:
    """Options of the CJK line composer, defaults as the rule book says.

    level: prohibition level, "gb" (R3, default) or "strict" (R4).
    punct_style: §1.4 width style; quanjiao is the default.
    adjacent_marks: C1 — two adjacent marks take 1.5 em ("half", the
        default: the blank facing the other mark goes) or 1 em ("tight":
        both marks' blanks go, the style C1 allows).
    hanging: hang 、，。 at line end by ½ em (§1.3 step 3, off by default).
    open_at_line_start: "half" trims an OPEN mark at line start (C4),
        "full" keeps the 2-D grid.
    grid_strict: line-end marks keep 1 em (§1.5 grid-strict, C3 off) and
        Latin runs between ideographs span whole ems (L3).
    keep_number_with_cjk_unit: no break in 5000|万 (R5 option, off).
    kinsoku: "push_in_first" (§1.3 default) or "push_out_first".
    breaker: "total_fit" (whole paragraph) or "greedy" (line by line).
    latin_gap_em: Han–Latin gap (L1).
    hyphenate, hyphen_lang: pyphen hyphenation of long Latin words (L4).
    orphan_control: no 孤字 on a paragraph's last line (§1.5).
    shrink_stops: allow §1.5 shrink step 7 (。？！ → ½ em); a style may forbid it.
    max_loose_em: total-fit considers lines at most this far short of the
        measure before falling back to any width (a speed bound, not a rule).
    """
    level: str = "gb"
    punct_style: str = "quanjiao"
    adjacent_marks: str = "half"
    hanging: bool = False
    open_at_line_start: str = "half"
    grid_strict: bool = False
    keep_number_with_cjk_unit: bool = False
    kinsoku: str = "push_in_first"
    breaker: str = "total_fit"
    latin_gap_em: float = 0.25
    hyphenate: bool = True
    hyphen_lang: str = "en_US"
    orphan_control: bool = True
    shrink_stops: bool = True
    max_loose_em: float = 3.0

    def __post_init__(self) -> None:
        _check("level", self.level, LEVELS)
        _check("punct_style", self.punct_style, PUNCT_STYLES)
        _check("adjacent_marks", self.adjacent_marks, ("half", "tight"))
        _check("open_at_line_start", self.open_at_line_start, ("half", "full"))
        _check("kinsoku", self.kinsoku, ("push_in_first", "push_out_first"))
        _check("breaker", self.breaker, ("total_fit", "greedy"))


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"ComposerSettings.{name} must be one of {allowed}, not {value!r}")
