"""Character → composition class: the one table (rule book §1.1) that drives
prohibitions (§1.2), compression (§1.4) and justification (§1.5).

Classes are small ints so the composer can keep them in flat lists.
"""
from __future__ import annotations

from itertools import repeat

from ..runtime import compiled

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


def _by_property() -> dict[str, int]:
    """The classes Unicode properties give below U+3000 (L2): letters below
    U+2000 (Latin, Greek, Cyrillic) are LATIN, breaking spaces are SPACE.
    Every character at or above U+3000 that the table does not name is an
    ideograph (HAN), as are kana, U+3000 and the full-width forms.  Built in
    C (filter over str.isalpha / str.isspace): ≈ 1 ms at import."""
    table = dict.fromkeys(filter(str.isalpha, map(chr, range(0x2000))), LATIN)
    table.update(dict.fromkeys(filter(str.isspace, map(chr, range(0x3000))), SPACE))
    return table


# The characters §1.1 names, by class: these override `_by_property`.
_NAMED: tuple[tuple[int, str], ...] = (
    (OPEN, "\u201c\u2018\uff08\u300a\u3008\u3010\u3014\u3016\uff3b\uff5b\u300c\u300e"),
    (CLOSE, "\u201d\u2019\uff09\u300b\u3009\u3011\u3015\u3017\uff3d\uff5d\u300d\u300f"),
    (PAUSE, "\u3001\uff0c\uff1b\uff1a"),
    (STOP, "\u3002\uff1f\uff01\uff0e"),
    (EXCL, "\u203c\u2047\u2048\u2049"),
    (DASH, "\u2e3a"),
    (ELLIPSIS, "\u2026\u22ef"),
    (CONNECTOR, "\u2013\uff5e" + EM_DASH),   # U+2014 re-classed in runs (R6)
    (MIDDOT, "\u00b7"),
    (SOLIDUS, "/\uff0f"),
    # Signs + − ± stay with their number like a currency sign (R5: +6.1% is one unit).
    (PREFIX, "\uffe5\u00a5$\u00a3\u20ac#\u2116+\u2212\u00b1"),
    (POSTFIX, "%\u2030\u2103\u00b0\u2032\u2033"),
    # ℉ and the CJK unit signs (㎡ ㎥ ㎢ ㎏ ㎎ ㎞ ㎝ ㎜ ㏄ ㎖ ㎾, in the shipped faces
    # since build_fonts added them) follow their number as ℃ does: 50|㎡ never.
    (POSTFIX, "\u2109\u33a1\u33a5\u33a2\u338f\u338e\u339e\u339d\u339c\u33c4\u3396\u33be"),
    (DIGIT, "0123456789"),
    (SPACE, " \t\u00a0\u2002\u2003\u2009"),
    (LOPEN, "([{"),
    (LCLOSE, ")]},.;:!?"),
    # ASCII symbols are part of the Latin word or URL they stand in (they fell to
    # HAN before: "?id=|2022" broke like two ideographs).
    (LATIN, "'-&@_\"=~^|<>\\`*"),
)


def _build_table() -> dict[str, int]:
    table = _by_property()
    for cls, chars in _NAMED:
        table.update(dict.fromkeys(chars, cls))
    return table


# Character → class for every character that is not HAN.  Built once at
# import and never written after (lookups do not add to it), so the class of
# a character cannot depend on what was classified before.
_TABLE: dict[str, int] = _build_table()

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

# The CJK marks (§1.1): what may not stand beside a hanging mark (§1.3) nor
# end a Latin run's grid fit (L3), and what a 孤字 line may hold besides its ideograph.
CJK_MARKS = frozenset({OPEN, CLOSE, PAUSE, STOP, EXCL, DASH, ELLIPSIS,
                       CONNECTOR, MIDDOT})


def no_start(level: str) -> frozenset[int]:
    """Classes that may not begin a line at `level` ("gb" | "strict")."""
    return NO_START_STRICT if level == "strict" else NO_START_GB


def no_end(level: str) -> frozenset[int]:
    """Classes that may not end a line at `level` (R2/R3; R4 adds none)."""
    return NO_END_GB


def char_class(ch: str) -> int:
    """The §1.1 class of one character (U+2014 is CONNECTOR until R6 applies)."""
    return _TABLE.get(ch, HAN)


def _bmp_table() -> bytes:
    """`_TABLE` as one class byte per BMP code point (HAN elsewhere), for the
    C look-up; every character the table names is in the BMP."""
    table = bytearray(0x10000)
    for ch, cls in _TABLE.items():
        table[ord(ch)] = cls
    return bytes(table)


_SPEEDUPS = compiled("typeset.compose._speedups")     # optional C (setup.py); None: the dict look-up
_CLASSIFY_BMP = getattr(_SPEEDUPS, "classify_bmp", None)      # (None: an extension built before it)
_BMP_TABLE = _bmp_table() if _CLASSIFY_BMP is not None else b""


def classify(text: str) -> list[int]:
    """Classes of every character of `text`, with R6 applied: two or more
    consecutive U+2014 form one DASH unit, a single one is a CONNECTOR.
    The look-up runs in C when the extension is built (~20× the dict's
    speed: no one-character string per ideograph); the map is its oracle."""
    classes = _CLASSIFY_BMP(text, _BMP_TABLE) if _CLASSIFY_BMP is not None else None
    if classes is None:
        classes = list(map(_TABLE.get, text, repeat(HAN, len(text))))     # char_class per character
    start = text.find(EM_DASH + EM_DASH)
    while start >= 0:
        end = start
        while end < len(text) and text[end] == EM_DASH:
            classes[end] = DASH            # R6
            end += 1
        start = text.find(EM_DASH + EM_DASH, end)
    return classes
