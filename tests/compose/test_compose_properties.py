"""Property tests on random mixes of hanzi, punctuation, digits and Latin:
the lines give back the input, keep the prohibitions and fill the measure."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose_mock import SIZE, MockMetrics, runs
from typeset.compose import ComposerSettings, compose_paragraph
from typeset.compose import classes as C

HAN = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
       "同工也能下过子说产种面而方后多定行学法所民得经")
FLUSH_EM = 0.01                                  # issue 4: within 0.01 em
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

han = st.text(alphabet=HAN, min_size=1, max_size=6)
latin_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
number = st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,2})?%?\Z")
token = st.one_of(
    han, han, han,
    han.map(lambda h: h + "，"), han.map(lambda h: h + "。"), han.map(lambda h: h + "、"),
    han.map(lambda h: "“" + h + "”"), han.map(lambda h: "（" + h + "）"),
    han.map(lambda h: "《" + h + "》。"), han.map(lambda h: h + "？！"),
    han.map(lambda h: h + "——"), han.map(lambda h: h + "……"), han.map(lambda h: h + "·" + h),
    st.tuples(han, number).map("".join), st.tuples(han, latin_word).map("".join),
    st.tuples(han, latin_word, latin_word).map(lambda t: t[0] + t[1] + " " + t[2]),
)
# Sentences where every prohibition can be met: no mark runs longer than 3,
# numbers and words separated by hanzi (so no unit is wider than a line).
legal_text = st.lists(token, min_size=1, max_size=40).map("".join)
# Anything at all, including mark runs that force R7 relaxations.
any_text = st.text(alphabet=HAN[:10] + "，。、“”（）《》——……·%$0123456789abc xyz？！：；/", min_size=1, max_size=120)
options = st.builds(ComposerSettings, level=st.sampled_from(["gb", "strict"]),
                    punct_style=st.sampled_from(["quanjiao", "kaiming", "banjiao", "hangmobanjiao"]),
                    breaker=st.sampled_from(["total_fit", "greedy"]),
                    kinsoku=st.sampled_from(["push_in_first", "push_out_first"]),
                    open_at_line_start=st.sampled_from(["half", "full"]),
                    grid_strict=st.booleans(), hanging=st.booleans(),
                    keep_number_with_cjk_unit=st.booleans(),
                    adjacent_marks=st.sampled_from(["half", "tight"]))


def compose(text, options, measure_em=16, indent=2.0):
    return compose_paragraph(runs(text), measure_em * SIZE, MockMetrics(), options, indent_em=indent)


def violations(lines, level):
    """Breaks that break a §1.2 rule (hyphen breaks inside words are allowed, L4)."""
    found = []
    ns, ne = C.no_start(level), C.no_end(level)
    for a, b in zip(lines, lines[1:]):
        left, right = C.classify(a.text), C.classify(b.text)
        hyphen = a.glyphs[-1].drawn == "-" and a.glyphs[-1].char == ""
        if right[0] in ns or left[-1] in ne:
            found.append((a.text, b.text))
        elif left[-1] in (C.DASH, C.ELLIPSIS) and left[-1] == right[0] and a.text[-1] == b.text[0]:
            found.append((a.text, b.text))
        elif not hyphen and left[-1] in (C.DIGIT, C.LATIN) and right[0] in (C.DIGIT, C.LATIN):
            found.append((a.text, b.text))
    return found


@QUICK
@given(legal_text, options, st.sampled_from([8, 16]))
def test_lines_give_back_the_input_and_keep_every_prohibition(text, opts, measure):
    lines = compose(text, opts, measure)
    assert "".join(line.text for line in lines) == text
    assert violations(lines, opts.level) == []


@QUICK
@given(legal_text, options)
def test_every_non_final_line_fills_the_measure(text, opts):
    for line in compose(text, opts)[:-1]:
        assert abs(line.extent - line.width) <= FLUSH_EM * SIZE, line


@QUICK
@given(any_text, options, st.sampled_from([6, 16]))
def test_anything_composes_losslessly_and_flush(text, opts, measure):
    lines = compose(text, opts, measure, indent=0.0)
    assert "".join(line.text for line in lines) == text
    for line in lines[:-1]:
        if len(line.glyphs) > 1:
            assert abs(line.extent - line.width) <= FLUSH_EM * SIZE, line
    indices = [g.index for line in lines for g in line.glyphs if g.char]
    assert indices == list(range(len(text)))
