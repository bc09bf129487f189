"""Types of the optional C text operators (_tj.c; pdf.py `_glyph_arrays` is their oracle)."""
from typing import Callable, Optional, Sequence

def tj_line(text: str, xs: Sequence[float], subsets: dict[str, int], parts: dict[str, str],
            advances: dict[str, float], opens: dict[int, str], switches: dict[str, str],
            placed: dict[int, str], rounded: dict[float, float], numbers: dict[float, str],
            number: Callable[[float], str], size: float, limit: float,
            hide_gaps: bool, x: float, y: float, x0: float, /) -> Optional[str]: ...
