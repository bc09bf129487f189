"""The optional C composer code (typeset/compose/_speedups.c, issue 15 §7)
against its oracles, the Python code it stands in for:

- the breaker's dynamic programme (breaker.py): on every pass (the loose
  window, any width, R7's relaxed pass) the same line ends and the same
  table — every best[j] the same float, every prev[j] the same start;
- the line setter (justify.build_lines → set_lines): every line the same
  numbers as justify.build_line gives it (glyph x, hyphen x, natural width,
  extent, shrink), float for float;
- the prefix sums (prepare._prefix_sums → prefix_sums): the same lists, item
  for item and type for type;
- the per-character passes (classes.classify → classify_bmp,
  prepare._measure_glyphs → measure_run, the blanks, C1 cuts, gaps, §1.5
  shrink and stretch, break kinds and line-boundary fixes): every array of
  the prepared paragraph the same, item for item and type for type;

on random mixes under every setting combination, with hyphenation points
(L4), and on the sample's body text and its shuffled copies.  Skipped where
the extension was not built (no C compiler: the Python code runs alone).

Also: PAIBAN_PURE_PYTHON=1 turns the C breaker off, a build without a
compiler still succeeds (the extension is optional), and with the C breaker
paragraphs come out as Python sets them."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose_mock import MockMetrics, runs
from test_breaker_equivalence import _body_run, _sample_paragraphs, all_settings
from test_compose_properties import any_text, legal_text
from typeset.compose import StyledRun, breaker, compose_paragraph, justify
from typeset.compose.breaker import INF, LineCost, compiled_total_fit, python_total_fit
from typeset.compose import classes as classes_module
from typeset.compose import prepare as prepare_module
from typeset.compose.prepare import mark_hyphens, prepare
from typeset.runtime import PURE_PYTHON_ENV

ROOT = Path(__file__).resolve().parents[2]
MANY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
built = pytest.mark.skipif(breaker.compiled_breaker() is None,
                           reason="the C breaker is not built (python3 setup.py build_ext --inplace)")
PASSES = ((False, "loose"), (False, INF), (True, INF))      # breaker._break_once's passes


def assert_same_tables(p, measure_em, indent_em):
    """Python and C fill the same table on each of _break_once's passes."""
    for relaxed, window in PASSES:
        loose = p.settings.max_loose_em if window == "loose" else window
        cost = LineCost(p, measure_em, measure_em - indent_em, relaxed)
        ends, best, prev = python_total_fit(cost, loose, costs=True)
        c_ends, c_best, c_prev = compiled_total_fit(cost, loose, costs=True)
        assert c_ends == ends
        assert c_prev == prev
        assert [x.hex() for x in c_best] == [float(x).hex() for x in best]   # bit for bit


def line_numbers(line):
    """Every number of a composed line, exactly (repr tells 1 from 1.0 and shows every bit)."""
    a = line.arrays
    return repr((a.start, a.end, a.xs, a.hyphen_x, a.ys, line.width, line.natural, line.last, line.indent,
                 line.gaps_expand_em, line.shrink_em, line.extent))


def assert_same_lines(p, measure_em, indent_em):
    """build_lines (C where it can) sets every line as build_line (Python) does."""
    ranges = breaker.break_lines(p, measure_em, measure_em - indent_em)
    lines = justify.build_lines(p, ranges, measure_em, indent_em)
    python = [justify.build_line(p, start, end, measure_em, indent_em if start == 0 else 0.0)
              for start, end in ranges]
    assert [line_numbers(x) for x in lines] == [line_numbers(x) for x in python]


def assert_same_prefix_sums(p):
    """The C prefix sums (what prepare gave p) are the lists Python's maps make."""
    fields = ("wm", "PW", "PG", "PS", "PE", "PN")
    made_in_c = repr([getattr(p, name) for name in fields])
    saved = prepare_module.PREFIX_SUMS
    prepare_module.PREFIX_SUMS = None
    try:
        prepare_module._prefix_sums(p)
    finally:
        prepare_module.PREFIX_SUMS = saved
    assert made_in_c == repr([getattr(p, name) for name in fields])


PREPARED = ("cls", "nonhan", "mixed_pairs", "face", "dface", "size", "adv", "draw", "shift", "lb", "rb",
            "cut_left", "cut_right", "gap", "gap_fixed", "shr", "gap_shr", "cap", "elig", "brk", "long_words",
            "hangable", "start_fix", "start_sfix", "end_fix", "end_sfix", "wm", "PW", "PG", "PS", "PE", "PN",
            "tag_start", "orphan_after", "orphan_upto", "hyphen_w")


def assert_same_prepared(p, text_runs, metrics, options):
    """prepare with every C pass (classify_bmp, measure_run, the width,
    justification and break passes, prefix_sums: what gave p) makes every
    array the Python passes make, item for item and type for type."""
    saved = (classes_module._CLASSIFY_BMP, prepare_module.MEASURE_RUN, prepare_module.FAST,
             prepare_module.PREFIX_SUMS)
    classes_module._CLASSIFY_BMP = prepare_module.MEASURE_RUN = prepare_module.FAST = None
    prepare_module.PREFIX_SUMS = None
    try:
        python = prepare(text_runs, metrics, options)
    finally:
        (classes_module._CLASSIFY_BMP, prepare_module.MEASURE_RUN, prepare_module.FAST,
         prepare_module.PREFIX_SUMS) = saved
    assert [repr(getattr(p, name)) for name in PREPARED] == [repr(getattr(python, name)) for name in PREPARED]


def assert_same_everywhere(text_runs, metrics, options, measure_em, indent_em):
    p = prepare(text_runs, metrics, options)
    assert_same_prepared(p, text_runs, metrics, options)
    if p.n == 0:
        return
    assert_same_prefix_sums(p)
    assert_same_tables(p, measure_em, indent_em)
    assert_same_lines(p, measure_em, float(indent_em))
    if p.long_words:
        mark_hyphens(p)                       # L4: the hyphen breaks (not the fast case)
        assert_same_tables(p, measure_em, indent_em)
        assert_same_lines(p, measure_em, float(indent_em))


@built
@MANY
@given(st.one_of(legal_text, any_text), all_settings, st.sampled_from([16, 5, 9.5, 30, 2.5]),
       st.sampled_from([2.0, 0.0, 1.0]))
def test_c_fills_the_same_table_as_python(text, options, measure_em, indent):
    assert_same_everywhere(runs(text), MockMetrics(), options, measure_em, indent)


@built
@MANY
@given(legal_text, all_settings, st.sampled_from([0.0, 0.1, 0.327, 0.6]), st.sampled_from([16, 7.3]))
def test_c_fills_the_same_table_with_odd_advances(text, options, space, measure_em):
    """Widths that are not multiples of ½ em: rounding shows if an expression differs."""
    metrics = MockMetrics(space=space, overrides={"·": 0.327, "a": 0.443, "1": 0.553})
    assert_same_everywhere(runs(text), metrics, options, measure_em, 2.0)


ODD = MockMetrics(space=0.311, overrides={"·": 0.327, "a": 0.443, "b": 0.517, "c": 0.389, "x": 0.471,
                                           "y": 0.503, "z": 0.419, "1": 0.553, "%": 0.833, "—": 0.91,
                                           "…": 0.87, "/": 0.3})


@built
@MANY
@given(st.one_of(legal_text, any_text), all_settings, st.integers(0, 30), st.sampled_from([13.7, 16, 6.1]),
       st.sampled_from([2.0, 1.3, 0.0]))
def test_c_sets_the_same_lines_with_two_sizes_and_odd_advances(text, options, cut, measure_em, indent):
    """A run at 9.3 pt and one at 7.7 pt (their widths, shifts and gaps
    scaled by 7.7/9.3) with advances that are no multiples of ½ em: every
    sum and product rounds, so an expression in another order shows."""
    mixed = [StyledRun(text[:cut], "song", 9.3), StyledRun(text[cut:], "song", 7.7)]
    assert_same_everywhere([r for r in mixed if r.text], ODD, options, measure_em, indent)


@built
def test_c_fills_the_same_table_on_the_sample():
    from typeset.compose import ComposerSettings
    from typeset.fonts import default_library
    fonts = default_library()
    paragraphs = _sample_paragraphs()
    rng = random.Random(4)
    shuffled = ["".join(rng.sample(t, len(t))) for t in paragraphs]        # bench --distinct
    for options in (ComposerSettings(), ComposerSettings(kinsoku="push_out_first", hanging=True)):
        for text in paragraphs + shuffled:
            for measure_em in (16, 11.5):
                assert_same_everywhere([_body_run(text)], fonts, options, measure_em, 2.0)


@built
@MANY
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3FFFF), max_size=60)
       | st.text(alphabet="——a1。，（）“”·/ 汉%", max_size=40))
def test_c_classes_are_the_tables(text):
    """classify_bmp gives every character, in every plane, its class in
    _TABLE (HAN where the table names none), before and after R6."""
    from itertools import repeat
    assert classes_module._CLASSIFY_BMP(text, classes_module._BMP_TABLE) == \
        list(map(classes_module._TABLE.get, text, repeat(classes_module.HAN, len(text))))
    saved = classes_module._CLASSIFY_BMP
    classes_module._CLASSIFY_BMP = None
    try:
        python = classes_module.classify(text)
    finally:
        classes_module._CLASSIFY_BMP = saved
    assert classes_module.classify(text) == python


@built
def test_c_measures_runs_whose_records_are_there_and_leaves_the_others():
    """measure_run gives a run's draw, face, cell and shift (scaled) when
    every record is there with its class — a BMP character's in the list by
    code point, another's in the dict — and None with one missing or of
    another class (R6's DASH)."""
    han, stop, rare = (0, "", "song", 1.0, 0.0), (4, "", "song", 1.0, 0.25), (0, "", "hei", 1.0, 0.0)
    bmp = [None] * 0x10000
    bmp[ord("汉")], bmp[ord("。")] = han, stop
    records = {"\U00020BB7": rare}
    assert prepare_module.MEASURE_RUN("汉。\U00020BB7", [9, 0, 4, 0], 1, records, bmp, 0.5) == \
        (["", "", ""], ["song", "song", "hei"], [0.5, 0.5, 0.5], [0.0, 0.125, 0.0])
    assert prepare_module.MEASURE_RUN("汉字", [0, 0], 0, records, bmp, 1.0) is None      # 字: no record
    assert prepare_module.MEASURE_RUN("汉。", [0, 2], 0, records, bmp, 1.0) is None      # 。 classed 2 here
    assert prepare_module.MEASURE_RUN("汉。", [0], 0, records, bmp, 1.0) is None         # cls too short
    assert prepare_module.MEASURE_RUN("汉\U00020BB8", [0, 0], 0, records, bmp, 1.0) is None   # not in the dict


@built
def test_the_c_breaker_is_the_default_and_sets_what_python_sets(monkeypatch):
    assert breaker.COMPILED is not None
    from typeset.fonts import default_library
    fonts = default_library()
    texts = _sample_paragraphs()[:12]
    with_c = [compose_paragraph([StyledRun(t, "song", 9.0)], 144.0, fonts) for t in texts]
    monkeypatch.setattr(breaker, "COMPILED", None)
    monkeypatch.setattr(justify, "SET_LINES", None)
    assert [compose_paragraph([StyledRun(t, "song", 9.0)], 144.0, fonts) for t in texts] == with_c


@built
def test_c_sets_most_lines_of_the_sample(monkeypatch):
    """The C setter is really used: it sets the lines that need no expansion
    (nearly all), and build_line only the rest."""
    from typeset.fonts import default_library
    fonts = default_library()
    in_python = []
    python_line = justify.build_line
    monkeypatch.setattr(justify, "build_line", lambda *a: in_python.append(a) or python_line(*a))
    lines = [line for t in _sample_paragraphs()
             for line in compose_paragraph([StyledRun(t, "song", 9.0)], 144.0, fonts)]
    assert 0 < len(in_python) < len(lines) / 5


def test_pure_python_switch(monkeypatch):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert breaker.compiled_breaker() is None
    code = ("from typeset.compose import breaker, justify; from typeset.draw import pdf; "
            "print(breaker.COMPILED is None and justify.SET_LINES is None and pdf.TJ_LINE is None)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), PURE_PYTHON_ENV: "1"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.stdout.strip() == "True", run.stderr


@pytest.mark.slow
def test_a_build_without_a_c_compiler_still_succeeds(tmp_path):
    """setup.py's extension is optional: with no working compiler (CC=false)
    build_ext reports the failure and goes on; nothing is built, and the
    Python breaker is what runs."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "*.so", "__pycache__",
                                                             "*.egg-info", "tests", "issues", "*.pdf"))
    env = {**os.environ, "CC": "false", "LDSHARED": "false"}
    run = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=src, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not list((src / "typeset" / "compose").glob("_speedups*.so"))
    check = subprocess.run([sys.executable, "-c", "from typeset.compose import breaker; "
                            "print(breaker.COMPILED is None)"],
                           cwd=src, env={**os.environ, "PYTHONPATH": str(src)}, capture_output=True, text=True)
    assert check.stdout.strip() == "True", check.stderr
