"""The rule book's mock font (§1.9) and run helpers for composer tests."""
from __future__ import annotations

from typing import Optional

from typeset.compose import StyledRun

SIZE = 10.0          # pt; 1 em
MEASURE = 16 * SIZE  # §1.9: measure 16 em


class MockMetrics:
    """§1.9 mock font: Han and full-width marks 1 em; Latin, digits and % ½ em.

    `missing` lists characters no face has (fallback → None).
    """

    def __init__(self, missing: str = ""):
        self.missing = set(missing)

    def advance(self, face: str, ch: str) -> float:
        if ch.isascii() or ch in "·–":
            return 0.5
        return 1.0

    def has(self, face: str, ch: str) -> bool:
        return ch not in self.missing

    def fallback(self, face: str, ch: str) -> Optional[str]:
        return None if ch in self.missing else face


def runs(text: str, face: str = "song") -> list[StyledRun]:
    return [StyledRun(text, face, SIZE)]
