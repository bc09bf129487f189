"""The live breaker against an oracle that shares none of its code
(`rulebook_oracle.py`: the rule book's widths, prohibitions and costs,
every line measured from scratch): on every paragraph of ≤ 40 characters
hypothesis makes, the breaks the composer chooses cost, by the oracle's
own reckoning, exactly the least any breaking costs.  A fault in the live
cost model — a wrong width or blank, a missing prohibition, a gap counted
that the justifier never widens — makes the two disagree."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import rulebook_oracle as oracle
from compose_mock import SIZE, MockMetrics, runs
from typeset.compose import ComposerSettings, compose_paragraph

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HAN = "一二三四五六七八九十的是在不了有人这中大为上个国我以要他时来"
MARKS = "“”‘’（）《》，、：；。？！‼——……·～–／"
SIGNS = "0123456789%$￥"

han = st.text(alphabet=HAN, min_size=1, max_size=8)
mark = st.text(alphabet=MARKS, min_size=1, max_size=3)
number = st.from_regex(r"\A[$￥]?[0-9]{1,4}%?\Z")
word = st.one_of(han, han, han, mark, number, han.map(lambda h: "“" + h + "”"),
                 han.map(lambda h: "（" + h + "）。"), han.map(lambda h: h + "——"), han.map(lambda h: h + "……"))
sentences = st.lists(word, min_size=1, max_size=12).map("".join).map(lambda t: t[:40])
anything = st.text(alphabet=HAN[:8] + MARKS + SIGNS, min_size=1, max_size=40)
rules = st.builds(oracle.Rules, level=st.sampled_from(["gb", "strict"]),
                  kinsoku=st.sampled_from(["push_in_first", "push_out_first"]),
                  open_at_line_start=st.sampled_from(["half", "full"]),
                  shrink_stops=st.booleans(), orphan_control=st.booleans())


def live_ends(text: str, measure: float, indent: float, r: oracle.Rules) -> list[int]:
    options = ComposerSettings(level=r.level, kinsoku=r.kinsoku, open_at_line_start=r.open_at_line_start,
                               shrink_stops=r.shrink_stops, orphan_control=r.orphan_control,
                               hyphenate=False, max_loose_em=1000.0)   # the loose window is a speed bound
    lines = compose_paragraph(runs(text), measure * SIZE, MockMetrics(), options, indent_em=indent)
    return [line.end for line in lines]


def assert_optimal(text: str, measure: float, indent: float, r: oracle.Rules) -> None:
    ends = live_ends(text, measure, indent, r)
    chosen = oracle.cost_of(text, ends, measure, indent, r)
    best, best_ends = oracle.best_breaking(text, measure, indent, r)
    assert math.isfinite(best), (text, "the oracle finds no breaking")
    assert chosen == best or abs(chosen - best) <= 1e-6 * max(1.0, best), \
        (_lines(text, ends), chosen, "the oracle's best:", _lines(text, best_ends), best)


def _lines(text: str, ends: list[int]) -> list[str]:
    return [text[i:j] for i, j in zip([0, *ends[:-1]], ends)]


@BOUNDED
@given(st.one_of(sentences, anything), rules, st.sampled_from([16, 8, 5, 11]), st.sampled_from([2.0, 0.0]))
@example("一二三四五六七八九十一二三四五六，七八九。", oracle.Rules(), 16, 0.0)       # T1
@example("一二三四五六七八九十一二三四五——六七八", oracle.Rules(level="strict"), 16, 0.0)   # T5
@example("一二三四五六七八九十一二三四12.5%。".replace(".", ""), oracle.Rules(), 16, 0.0)  # T8 (no . here)
@example("一二三四五六七八九十一二三四五。", oracle.Rules(), 16, 2.0)                 # T10
@example("一一一一一“一一”“一一一”（一）。一——一一一一一一一（一）。／", oracle.Rules(), 16, 2.0)  # 孤字 with ／
def test_the_live_breaks_cost_the_least_the_rule_book_allows(text, r, measure, indent):
    assert_optimal(text, measure, indent, r)
