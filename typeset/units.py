"""Lengths as written in templates ("9pt", "12mm", "小五", "2em") → points."""
from __future__ import annotations

import re

from .messages import say

MM = 72 / 25.4

# Chinese type sizes (字号) in points, as used by Chinese typesetting systems
# (GB/T and FIT/方正 tables; 小五 = 9 pt is the usual newspaper body size).
HAO = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0,
    "小二": 18.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0,
    "五号": 10.5, "小五": 9.0, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|em)?\s*$")


def to_pt(value, em: float | None = None) -> float:
    """Convert a template length to points.

    Numbers are points; strings may carry pt, mm, cm, in, em (needs `em`) or
    be a Chinese size name (小五 …).  Raises ValueError with the bad value.
    """
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text in HAO:
        return HAO[text]
    m = _LENGTH.match(text)
    if not m:
        raise ValueError(say("not_length", value=value))
    number, unit = float(m.group(1)), m.group(2) or "pt"
    if unit == "em":
        if em is None:
            raise ValueError(say("em_needs_size", value=value))
        return number * em
    return number * {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}[unit]
