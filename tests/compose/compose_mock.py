"""The rule book's mock font (§1.9) and run helpers for composer tests."""
from __future__ import annotations

from typing import Optional

from typeset.compose import StyledRun

SIZE = 10.0          # pt; 1 em
MEASURE = 16 * SIZE  # §1.9: measure 16 em


class MockMetrics:
    """§1.9 mock font: Han and full-width marks 1 em; Latin, digits and % ½ em.

    The book leaves the word space open: it is ¼ em here (the §1.5 minimum).
    `missing` lists characters no face has (fallback → None); `overrides`
    maps characters to other advances (e.g. the NS · at 0.327 em).
    """

    def __init__(self, missing: str = "", space: float = 0.25, overrides=None):
        self.missing = set(missing)
        self.space = space
        self.overrides = overrides or {}

    def advance(self, face: str, ch: str) -> float:
        if ch in self.overrides:
            return self.overrides[ch]
        if ch == " ":
            return self.space
        if ch.isascii() or ch in "·–":
            return 0.5
        return 1.0

    def has(self, face: str, ch: str) -> bool:
        return ch not in self.missing

    def fallback(self, face: str, ch: str) -> Optional[str]:
        return None if ch in self.missing else face


def runs(text: str, face: str = "song") -> list[StyledRun]:
    return [StyledRun(text, face, SIZE)]


def compose(text: str, settings=None, indent_em: float = 0.0, measure: float = MEASURE,
            metrics=None):
    """Compose `text` with the mock font at 16 em (indent 0 unless given)."""
    from typeset.compose import ComposerSettings, compose_paragraph
    return compose_paragraph(runs(text), measure, metrics or MockMetrics(),
                             settings or ComposerSettings(), indent_em=indent_em)


def xs(line) -> list[tuple[str, float]]:
    """(char, x in em) of every glyph of a line, rounded to 1/1000 em."""
    return [(g.char, round(g.x / SIZE, 3)) for g in line.glyphs]


def texts(lines) -> list[str]:
    return [line.text for line in lines]


def step(x0: float, per: float, count: int) -> list[float]:
    """x of `count` 1-em cells from x0, each gap widened by `per` em."""
    return [round(x0 + k * (1 + per), 3) for k in range(count)]
