"""The live total-fit breaker chooses exactly the breaks of the reference
implementation (`breaker_oracle.py`, the breaker before the speed work of
issue 4) — on random mixes under every setting combination, on the sample
issue's body text, and on that text shuffled as `bench/body_flow.py
--distinct` does."""
from __future__ import annotations

import itertools
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import breaker_oracle
from compose_mock import MockMetrics, runs
from test_compose_properties import any_text, legal_text
from typeset.compose import ComposerSettings
from typeset.compose import breaker
from typeset.compose.prepare import prepare

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

all_settings = st.builds(
    ComposerSettings, level=st.sampled_from(["gb", "strict"]),
    punct_style=st.sampled_from(["quanjiao", "kaiming", "banjiao", "hangmobanjiao"]),
    kinsoku=st.sampled_from(["push_in_first", "push_out_first"]),
    open_at_line_start=st.sampled_from(["half", "full"]),
    grid_strict=st.booleans(), hanging=st.booleans(), keep_number_with_cjk_unit=st.booleans(),
    orphan_control=st.booleans(), shrink_stops=st.booleans(), hyphenate=st.booleans(),
    latin_gap_em=st.sampled_from([0.25, 0.125, 0.5, 1.0]),
    max_loose_em=st.sampled_from([3.0, 0.5, 1.5, 6.0]),
    adjacent_marks=st.sampled_from(["half", "tight"]))


def _breaks(total_fit, text_runs, metrics, options, measure_em, indent_em):
    """break_lines with `total_fit` swapped in, on a fresh Prepared (L4 marks hyphens in it)."""
    saved = breaker.total_fit
    breaker.total_fit = total_fit
    try:
        p = prepare(text_runs, metrics, options)
        return breaker.break_lines(p, measure_em, measure_em - indent_em)
    finally:
        breaker.total_fit = saved


def assert_same_breaks(text_runs, metrics, options, measure_em, indent_em=2.0):
    live = breaker.total_fit
    assert (_breaks(live, text_runs, metrics, options, measure_em, indent_em)
            == _breaks(breaker_oracle.total_fit, text_runs, metrics, options, measure_em, indent_em))


@MANY
@given(st.one_of(legal_text, any_text), all_settings, st.sampled_from([16, 5, 9.5, 30]),
       st.sampled_from([2.0, 0.0, 1.0]))
def test_same_breaks_as_the_oracle(text, options, measure_em, indent):
    assert_same_breaks(runs(text), MockMetrics(), options, measure_em, indent)


@MANY
@given(legal_text, all_settings, st.sampled_from([0.0, 0.1, 0.327, 0.6]))
def test_same_breaks_with_odd_advances(text, options, space):
    """Proportional spaces and a narrow middle dot: widths that are not multiples of ½ em."""
    metrics = MockMetrics(space=space, overrides={"·": 0.327, "a": 0.443, "1": 0.553})
    assert_same_breaks(runs(text), metrics, options, 16)


def _sample_paragraphs() -> list[str]:
    from typeset.model import body_paragraphs
    from typeset.model.parse import parse_issue
    return [p.text for p in body_paragraphs(parse_issue(os.path.join(ROOT, "issues", "sample.xml")))]


@pytest.fixture(scope="module")
def sample_text():
    from typeset.fonts import default_library
    return _sample_paragraphs(), default_library()


@pytest.mark.parametrize("kinsoku,style", list(itertools.product(
    ["push_in_first", "push_out_first"], ["quanjiao", "kaiming", "banjiao", "hangmobanjiao"])))
def test_same_breaks_on_the_sample(sample_text, kinsoku, style):
    paragraphs, fonts = sample_text
    options = ComposerSettings(kinsoku=kinsoku, punct_style=style)
    rng = random.Random(4)
    shuffled = ["".join(rng.sample(t, len(t))) for t in paragraphs]   # bench --distinct
    for text in paragraphs + shuffled:
        assert_same_breaks([_body_run(text)], fonts, options, 16)


def _body_run(text):
    from typeset.compose import StyledRun
    return StyledRun(text, "song", 9.0)
