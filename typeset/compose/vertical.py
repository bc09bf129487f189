"""Text of a vertical label → glyphs placed down one column (rule book §1.7).

Geometry of the returned glyphs (all pt):
- the column is one em (= `size`) wide; Glyph.x is the offset of the glyph's
  origin from the column's left edge;
- Glyph.y is the offset DOWN from the top of the box to the top of the
  character's em cell (the draw stage puts an upright glyph's baseline at
  y + 0.88 em, the NS ideographic em box being −120…880, §1.1 "NS");
- upright glyphs have rotate=0; rotated ones (Latin, V1 R/Tr without a
  vertical form) have rotate=90: their advance runs downward from y.
"""
from __future__ import annotations

from .classes import DIGIT, classify
from .settings import ComposerSettings
from .types import Glyph, Metrics

# V3: vertical presentation forms (U+FE10–FE19, FE30–FE48); V2: quotes → 「」『』.
VERTICAL_FORMS = {
    "\uff0c": "\ufe10", "\u3001": "\ufe11", "\u3002": "\ufe12", "\uff1a": "\ufe13",
    "\uff1b": "\ufe14", "\uff01": "\ufe15", "\uff1f": "\ufe16", "\u3016": "\ufe17",
    "\u3017": "\ufe18", "\u2026": "\ufe19", "\u2025": "\ufe30", "\u2014": "\ufe31",
    "\u2013": "\ufe32", "_": "\ufe33", "\ufe4f": "\ufe34", "\uff08": "\ufe35",
    "\uff09": "\ufe36", "\uff5b": "\ufe37", "\uff5d": "\ufe38", "\u3014": "\ufe39",
    "\u3015": "\ufe3a", "\u3010": "\ufe3b", "\u3011": "\ufe3c", "\u300a": "\ufe3d",
    "\u300b": "\ufe3e", "\u3008": "\ufe3f", "\u3009": "\ufe40", "\u300c": "\ufe41",
    "\u300d": "\ufe42", "\u300e": "\ufe43", "\u300f": "\ufe44", "\uff3b": "\ufe47",
    "\uff3d": "\ufe48",
    "\u201c": "\ufe41", "\u201d": "\ufe42", "\u2018": "\ufe43", "\u2019": "\ufe44",
}
# V1 U50 Tu: use the vertical glyph, otherwise stay upright (others rotate).
UPRIGHT_FALLBACK = frozenset("\u3002\uff0c\u3001\uff1f\uff01")
# V1 U50 R marks without a presentation form of their own: rotate 90°.
ROTATED_MARKS = frozenset("\u00b7\uff5e")
TCY_DIGITS = (2, 3)          # V5: tate-chu-yoko for 2–3-digit numbers


def compose_vertical(text: str, face: str, size: float, height: float, metrics: Metrics,
                     settings: ComposerSettings = ComposerSettings()) -> tuple[Glyph, ...]:
    """Set `text` down a column of inner height `height` (pt), evenly spaced (V6).

    Each unit (a character, or a 2–3-digit number set tate-chu-yoko) takes
    one cell; with n units of total height h the gaps are (height − h)/(n − 1)
    (V6: first at the top, last at the bottom; one unit is centred; when the
    text is taller than the box the gaps are 0 and it overruns).  `settings` is
    accepted for symmetry with compose_paragraph; no option changes vertical
    setting yet.
    """
    units = _units(text)
    cells = [_unit_height(text, u, face, metrics) for u in units]
    gap = _even_gap(height / size, cells)
    y = 0.0 if len(units) > 1 else max(0.0, (height / size - cells[0]) / 2) if units else 0.0
    glyphs: list[Glyph] = []
    for (start, end, kind), cell in zip(units, cells):
        glyphs.extend(_set_unit(text, start, end, kind, face, size, y, metrics))
        y += cell + gap
    return tuple(glyphs)


def _units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) with kind "tcy", "rotated" (Latin, long numbers) or "char"."""
    classes, k = classify(text), 0
    units: list[tuple[int, int, str]] = []
    while k < len(text):
        end = k + 1
        if classes[k] == DIGIT or (text[k].isascii() and text[k].isalpha()):
            while end < len(text) and (classes[end] == DIGIT or (text[end].isascii() and text[end].isalnum())):
                end += 1
            all_digits = all(classes[m] == DIGIT for m in range(k, end))
            kind = "tcy" if all_digits and end - k in TCY_DIGITS else "rotated"
            if kind == "rotated":
                units.extend((m, m + 1, "rotated") for m in range(k, end))
            else:
                units.append((k, end, kind))
        else:
            units.append((k, end, "char"))
        k = end
    return units


def _unit_height(text: str, unit: tuple[int, int, str], face: str, metrics: Metrics) -> float:
    start, end, kind = unit
    if kind == "rotated":
        ch = text[start]
        return metrics.advance(metrics.fallback(face, ch) or face, ch)
    return 1.0


def _even_gap(height_em: float, cells: list[float]) -> float:
    if len(cells) < 2:
        return 0.0
    return max(0.0, (height_em - sum(cells)) / (len(cells) - 1))   # V6 均排


def _set_unit(text: str, start: int, end: int, kind: str, face: str, size: float,
              y_em: float, metrics: Metrics) -> list[Glyph]:
    if kind == "tcy":
        return tate_chu_yoko(text, start, end, face, size, y_em, metrics)
    ch = text[start]
    dface = metrics.fallback(face, ch)
    if dface is None:
        return [Glyph(ch, 0.0, face, size, start, "\u3013", y_em * size)]
    if kind == "rotated":
        return [Glyph(ch, 0.0, dface, size, start, "", y_em * size, rotate=90)]
    form, rotate = mark_orientation(ch, dface, metrics)
    if form:
        return [Glyph(ch, 0.0, dface, size, start, form, y_em * size)]      # V3
    x = (1.0 - metrics.advance(dface, ch)) / 2 * size if rotate == 0 else 0.0
    return [Glyph(ch, x, dface, size, start, "", y_em * size, rotate=rotate)]


def mark_orientation(ch: str, face: str, metrics: Metrics) -> tuple[str, int]:
    """How a character that is not Latin is set vertically: (the vertical
    presentation form to draw, "" for none; degrees to rotate it).

    V3: the form when `face` has it (the shipped faces' cmap form is their
    `vert` glyph, §1.7 V3); without one, V1: Tu marks (。，、？！) stay upright,
    Tr marks (brackets, ：；) and R marks (· ～) rotate 90°, everything else
    (ideographs, U) is upright."""
    form = VERTICAL_FORMS.get(ch)
    if form and metrics.has(face, form):
        return form, 0
    tr_without_form = form is not None and ch not in UPRIGHT_FALLBACK
    return "", 90 if tr_without_form or ch in ROTATED_MARKS else 0          # V1 Tu / Tr / R


def tate_chu_yoko(text: str, start: int, end: int, face: str, size: float,
                  y_em: float, metrics: Metrics) -> list[Glyph]:
    """V5: the characters start..end-1 side by side inside the one-em cell
    whose top is `y_em` down, centred across it; smaller if wider than 1 em,
    and then centred down the cell too (their em box is a smaller square)."""
    faces = [metrics.fallback(face, text[k]) or face for k in range(start, end)]
    advances = [metrics.advance(f, text[k]) for f, k in zip(faces, range(start, end))]
    width = sum(advances)
    scale = min(1.0, 1.0 / width) if width else 1.0
    x = (1.0 - width * scale) / 2
    y = (y_em + (1.0 - scale) / 2) * size
    out = []
    for k, f, a in zip(range(start, end), faces, advances):
        out.append(Glyph(text[k], x * size, f, size * scale, k, "", y))
        x += a * scale
    return out
