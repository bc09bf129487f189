"""Whitespace of the issue's text: how the XML's line breaks and indentation
become the spaces (or none) of Chinese and Latin text.

The model builders (`typeset.model.build`, the kinds' builders) read every
text through `label` (one-line fields) or `normalise_runs` (paragraphs).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

from typeset.model import Run


_SPACE_SPLIT = re.compile(r"(\s+)")
# Roles whose inner spaces separate names (本报讯（记者 许廷合 通讯员 侯鹏）).
_SPACED_ROLES = {"dateline"}


def label(text: Optional[str]) -> str:
    """A one-line field (headline line, byline, credit): spaces between
    names are meaningful, so runs of whitespace collapse to one space; a line
    break of the file between two Chinese characters goes (`_join_lines`)."""
    return " ".join(_join_lines(text or "").split())


# A line break of the file with the spaces and tabs around it (CSS Text 3
# §4.1.1: spaces next to a segment break are removed with it).
_SEGMENT_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")


def _join_lines(text: str) -> str:
    """CSS Text 3 §4.1.2 segment-break transformation: a line break (and its
    indentation) between two wide characters is removed — text hard-wrapped by
    an editing system, 本报\n    讯 → 本报讯; anywhere else it becomes a space
    (between Latin words).  `is_wide` stands for CSS's East Asian Width F/W/H
    test, with the Chinese reading of the ambiguous marks “”…— (wide)."""
    if "\n" not in text and "\r" not in text:
        return text
    return _SEGMENT_BREAK.sub(lambda m: _break_to(text, m.start(), m.end()), text)


def _break_to(text: str, start: int, end: int) -> str:
    """What the segment break text[start:end] becomes (see `_join_lines`)."""
    if start == 0 or end == len(text):
        return ""                       # at the ends: stripped anyway
    return "" if is_wide(text[start - 1]) and is_wide(text[end]) else " "


def is_wide(char: str) -> bool:
    """True for CJK characters and full-width punctuation (“”—… included)."""
    width = unicodedata.east_asian_width(char)
    return width in ("W", "F") or (width == "A" and unicodedata.category(char)[0] == "P")


def normalise_runs(pieces: Iterable[tuple[str, ...]]) -> tuple[Run, ...]:
    """Runs of a paragraph with the XML's layout whitespace removed.

    Chinese has no word spaces: whitespace next to a CJK character is only
    source indentation and goes (the composer sets its own ¼-em CJK–Latin
    gap, rule book L1).  Between two Latin letters or digits it becomes one
    space.  In a dateline spaces separate names and stay, but a line break of
    the file between two Chinese characters goes there too (CSS Text 3
    segment breaks, `_join_lines`).  The ends of the paragraph are stripped.
    A piece is (text, role) or (text, role, reading): a ruby's reading
    stays with its base, and each ruby piece stays a run of its own.
    """
    pieces = list(pieces)
    readings = [piece[2] if len(piece) > 2 else "" for piece in pieces]
    tokens = [(token, piece[1], number)
              for number, piece in enumerate(pieces)
              for token in _SPACE_SPLIT.split(piece[0]) if token]
    kept = [(_resolve_space(tokens, index) if token.isspace() else token, role, number)
            for index, (token, role, number) in enumerate(tokens)]
    return _merge_runs(kept, readings)


def _resolve_space(tokens, index: int) -> str:
    if index and tokens[index - 1][0].isspace():
        return ""                       # whitespace split across two runs: one space at most
    before = next((t for t in reversed(tokens[:index]) if not t[0].isspace()), None)
    after = next((t for t in tokens[index + 1:] if not t[0].isspace()), None)
    if before is None or after is None:
        return ""
    if _line_break_between_wide(tokens, index, before, after):
        return ""                       # CSS Text 3 §4.1.2: 本报\n    讯 → 本报讯 (also in datelines)
    role, piece = tokens[index][1], tokens[index][2]
    if role in _SPACED_ROLES and before[2] == piece == after[2]:
        return " "
    if is_wide(before[0][-1]) or is_wide(after[0][0]):
        return ""
    return " "


def _line_break_between_wide(tokens, index: int, before, after) -> bool:
    """The whitespace at `index` (with the whitespace tokens right after it:
    one stretch of white split across runs) holds a line break of the file,
    and the characters on both sides are wide (see `_join_lines`)."""
    if not (is_wide(before[0][-1]) and is_wide(after[0][0])):
        return False
    k = index
    while k < len(tokens) and tokens[k][0].isspace():
        if "\n" in tokens[k][0] or "\r" in tokens[k][0]:
            return True
        k += 1
    return False


RUBY_ROLE = "ruby"      # (model.build.RUBY_ROLE) a ruby run is one base group: never merged


def _merge_runs(kept: list[tuple[str, str, int]], readings: list[str]) -> tuple[Run, ...]:
    """Tokens (text, role, piece number) → runs, neighbours of one role joined;
    a ruby joins only the tokens of its own piece (one base group each)."""
    runs: list[Run] = []
    last_piece = -1
    for text, role, number in kept:
        if not text:
            continue
        if runs and runs[-1].role == role and (role != RUBY_ROLE or number == last_piece):
            runs[-1] = Run(runs[-1].text + text, role, runs[-1].reading)
        else:
            runs.append(Run(text, role, readings[number] if role == RUBY_ROLE else ""))
        last_piece = number
    return tuple(runs)
