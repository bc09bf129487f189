"""Character → composition class: the one table (rule book §1.1) that drives
prohibitions (§1.2), compression (§1.4) and justification (§1.5).

Classes are small ints so the composer can keep them in flat lists.
"""
from __future__ import annotations

# -- classes (§1.1) ---------------------------------------------------------
HAN = 0        # ideographs, kana, full-width forms ＡＢ１２ (L2: treated as ideographs)
OPEN = 1       # 前半 marks, ink in the right half (§1.1 OPEN)
CLOSE = 2      # 后半 marks, ink in the left half (§1.1 CLOSE)
PAUSE = 3      # 句内点号 、，；： (§1.1 PAUSE)
STOP = 4       # 句末点号 。？！ (§1.1 STOP)
DASH = 5       # U+2014 in a run of 2+ (R6), ⸺
ELLIPSIS = 6   # … ⋯ (§1.1 ELLIPSIS)
CONNECTOR = 7  # – ～ and a single U+2014 (R6)
MIDDOT = 8     # · (§1.1 MIDDLE DOT)
SOLIDUS = 9    # / ／ (§1.1 SOLIDUS)
PREFIX = 10    # ￥¥$£€#№ (§1.1 PREFIX)
POSTFIX = 11   # %‰℃°′″ (§1.1 POSTFIX)
DIGIT = 12     # 0-9 (half-width, §1.6 L2)
LATIN = 13     # Latin/Greek/Cyrillic letters and word-internal ' -
SPACE = 14     # U+0020 and other breaking spaces: Latin word spaces (§1.5)
LOPEN = 15     # ASCII ( [ {: Latin opening brackets, may not end a line
LCLOSE = 16    # ASCII ) ] } , . ; : ! ?: Latin closing marks, may not start a line
EXCL = 17      # ‼⁇⁈⁉: 1-em stops that never compress (§1.1 STOP row)

NAMES = ("HAN", "OPEN", "CLOSE", "PAUSE", "STOP", "DASH", "ELLIPSIS",
         "CONNECTOR", "MIDDOT", "SOLIDUS", "PREFIX", "POSTFIX", "DIGIT",
         "LATIN", "SPACE", "LOPEN", "LCLOSE", "EXCL")

EM_DASH = "\u2014"

_TABLE: dict[str, int] = {}


def _fill(cls: int, chars: str) -> None:
    for ch in chars:
        _TABLE[ch] = cls


_fill(OPEN, "\u201c\u2018\uff08\u300a\u3008\u3010\u3014\u3016\uff3b\uff5b\u300c\u300e")
_fill(CLOSE, "\u201d\u2019\uff09\u300b\u3009\u3011\u3015\u3017\uff3d\uff5d\u300d\u300f")
_fill(PAUSE, "\u3001\uff0c\uff1b\uff1a")
_fill(STOP, "\u3002\uff1f\uff01\uff0e")
_fill(EXCL, "\u203c\u2047\u2048\u2049")
_fill(DASH, "\u2e3a")
_fill(ELLIPSIS, "\u2026\u22ef")
_fill(CONNECTOR, "\u2013\uff5e" + EM_DASH)   # U+2014 re-classed in runs (R6)
_fill(MIDDOT, "\u00b7")
_fill(SOLIDUS, "/\uff0f")
# Signs + − ± stay with their number like a currency sign (R5: +6.1% is one unit).
_fill(PREFIX, "\uffe5\u00a5$\u00a3\u20ac#\u2116+\u2212\u00b1")
_fill(POSTFIX, "%\u2030\u2103\u00b0\u2032\u2033")
_fill(DIGIT, "0123456789")
_fill(SPACE, " \t\u00a0\u2002\u2003\u2009")
_fill(LOPEN, "([{")
_fill(LCLOSE, ")]},.;:!?")
# ASCII symbols are part of the Latin word or URL they stand in (they fell to
# HAN before: "?id=|2022" broke like two ideographs).
_fill(LATIN, "'-&@_\"=~^|<>\\`*")

# -- prohibitions (§1.2) ------------------------------------------------------
# R1: may not start a line (POSTFIX after jlreq cl-13; Latin closers likewise).
NO_START_BASIC = frozenset({CLOSE, PAUSE, STOP, EXCL, CONNECTOR, MIDDOT,
                            POSTFIX, LCLOSE})
# R2: may not end a line (PREFIX after jlreq cl-12).
NO_END_BASIC = frozenset({OPEN, PREFIX, LOPEN})
# R3 GB level: the solidus may neither end nor start a line (GB 5.1.9).
NO_START_GB = NO_START_BASIC | {SOLIDUS}
NO_END_GB = NO_END_BASIC | {SOLIDUS}
# R4 strict level: DASH and ELLIPSIS may not start a line either.
NO_START_STRICT = NO_START_GB | {DASH, ELLIPSIS}

# Marks that are drawn in a 1-em GB cell with a removable blank half (§1.1).
BLANK_LEFT = frozenset({OPEN})
BLANK_RIGHT = frozenset({CLOSE, PAUSE, STOP})
CJK_MARKS = frozenset({OPEN, CLOSE, PAUSE, STOP, EXCL, DASH, ELLIPSIS,
                       CONNECTOR, MIDDOT})
# Classes that take a ¼-em gap next to HAN (L1): half-width digits and Latin.
WESTERN = frozenset({DIGIT, LATIN, PREFIX, POSTFIX, LOPEN, LCLOSE})


def no_start(level: str) -> frozenset[int]:
    """Classes that may not begin a line at `level` ("gb" | "strict")."""
    return NO_START_STRICT if level == "strict" else NO_START_GB


def no_end(level: str) -> frozenset[int]:
    """Classes that may not end a line at `level` (R2/R3; R4 adds none)."""
    return NO_END_GB


def char_class(ch: str) -> int:
    """The §1.1 class of one character (U+2014 is CONNECTOR until R6 applies)."""
    cls = _TABLE.get(ch)
    if cls is None:
        cls = _classify_by_range(ch)
        _TABLE[ch] = cls
    return cls


def _classify_by_range(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x2000 and ch.isalpha():
        return LATIN                       # Latin, Greek, Cyrillic (L2)
    if ch.isspace() and cp < 0x3000:
        return SPACE
    return HAN                             # ideographs, kana, U+3000, full-width forms


def classify(text: str) -> list[int]:
    """Classes of every character of `text`, with R6 applied: two or more
    consecutive U+2014 form one DASH unit, a single one is a CONNECTOR."""
    classes = list(map(_TABLE.get, text))          # C-speed; None for chars not yet seen
    if None in classes:
        classes = [char_class(ch) if c is None else c for ch, c in zip(text, classes)]
    start = text.find(EM_DASH + EM_DASH)
    while start >= 0:
        end = start
        while end < len(text) and text[end] == EM_DASH:
            classes[end] = DASH            # R6
            end += 1
        start = text.find(EM_DASH + EM_DASH, end)
    return classes
