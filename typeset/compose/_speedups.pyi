"""Types of the optional C breaker (_speedups.c; breaker.py is its oracle)."""
from typing import Any, Callable, Optional, Sequence

def configure(eps: float, stretch_unit_em: float, stretch_weight: float, hyphen_penalty: float,
              relax_penalty: float, url_inner_penalty: float, orphan_penalty: float,
              overfull_penalty: float, unjustifiable: float, brk: int, hyphen: int, relax: int,
              url_inner: int, /) -> None: ...
def total_fit(p: Any, m: float, m0: float, relaxed: bool, shrink_base: float, shrink_weight: float,
              last_end_fix: float, last_end_sfix: float, hyphen_w: float, orphan_on: bool,
              max_w: float, min_w: float, first_min_w: float, fast_max_w: float,
              costs: bool = ..., /) -> Any: ...
def configure_lines(open_class: int, space_class: int, hyphen: int, shrink_steps: Sequence[int],
                    shrink_order: Sequence[int], sum: Callable[..., Any], /) -> None: ...
def set_lines(p: Any, ranges: Sequence[tuple[int, int]], measure_em: float, first_indent_em: float,
              tag_start: int, em: float, hyphen_w: float, shrink_stops: bool, grid_strict: bool,
              /) -> list[Optional[tuple[list[float], Optional[float], float, float, float]]]: ...
def prefix_sums(adv: list[float], cut_left: list[float], cut_right: list[float], gap: list[float],
                shr: list[float], gap_shr: list[float], elig: list[int], cap: list[float],
                /) -> Optional[tuple[list[float], list[float], list[float], list[float], list[int], list[int]]]: ...
