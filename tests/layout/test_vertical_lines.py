"""Vertical lines → display items (flow/vertical.py, issue 18 §1): lines laid
right to left one pitch apart, glyphs down from the top, rotated Latin on
its side, TCY digits in one em, the source as ActualText in reading order."""
from __future__ import annotations

from pytest import approx

from typeset.compose import StyledRun
from typeset.compose.vertical_text import compose_vertical_paragraph
from typeset.display import TextRun
from typeset.flow.slugs import EM_BOX_TOP
from typeset.flow.vertical import BASELINE_ACROSS, lines_across, vertical_line_runs, vertical_lines_items

SIZE = 10.0
PITCH = 1.6 * SIZE        # G1: line gap 60 % of the size
RIGHT, TOP = 300.0, 50.0


def column(metrics, text: str, height_em: float = 8):
    lines = compose_vertical_paragraph([StyledRun(text, "song", SIZE)], height_em * SIZE, metrics,
                                       indent_em=0.0)
    return lines, vertical_lines_items(lines, RIGHT, TOP, PITCH, SIZE)


def origins(run: TextRun) -> list[tuple[float, float]]:
    return [(run.x + x, run.y + y) for x, y in zip(run.xs, run.ys)]


def test_lines_run_right_to_left_one_pitch_apart_in_reading_order(square):
    lines, items = column(square, "一二三四五六七八九十一二三四五六七八九十")
    assert len(lines) == 3 and len(items) == 3
    assert [it.x for it in items] == [approx(RIGHT - SIZE - k * PITCH) for k in range(3)]
    assert "".join(it.actual for it in items) == "一二三四五六七八九十一二三四五六七八九十"


def test_upright_glyphs_run_down_from_the_top_on_their_em_cells(square):
    _, items = column(square, "一二三四")
    (run,) = items
    assert origins(run) == [(approx(RIGHT - SIZE), approx(TOP + (k + EM_BOX_TOP) * SIZE)) for k in range(4)]
    assert run.turns == () and run.sizes == ()


def test_punctuation_is_drawn_in_its_vertical_form_and_copies_as_itself(square):
    _, items = column(square, "好。“是”，")
    (run,) = items
    assert run.text == "好\ufe12\ufe41是\ufe42\ufe10"
    assert run.actual == "好。“是”，"


def test_rotated_latin_lies_on_its_side_with_its_baseline_across_the_line(square):
    lines, items = column(square, "用GDP计")
    (run,) = items
    assert run.turns == (0, 90, 90, 90, 0)
    g = lines[0].glyphs[1]
    x, y = origins(run)[1]
    assert x == approx(RIGHT - SIZE + BASELINE_ACROSS * SIZE)     # baseline 0.12 em from the left
    assert y == approx(TOP + g.y)                                 # its advance runs down from here
    assert [b - a for (_, a), (_, b) in zip(origins(run)[1:4], origins(run)[2:5])][:2] == \
        [approx(0.5 * SIZE), approx(0.5 * SIZE)]


def test_tate_chu_yoko_digits_sit_side_by_side_in_one_cell(square):
    _, items = column(square, "第123期")
    (run,) = items
    assert run.sizes[1:4] == (approx(SIZE * 2 / 3),) * 3 and run.sizes[0] == SIZE
    digits = origins(run)[1:4]
    assert len({round(y, 6) for _, y in digits}) == 1                # one baseline
    assert digits[0][0] == approx(RIGHT - SIZE)                      # filling the em across
    assert digits[2][0] + 0.5 * SIZE * 2 / 3 == approx(RIGHT)


def test_every_run_has_per_glyph_origins_so_the_drawer_places_each(square):
    _, items = column(square, "一")
    assert items[0].ys == (0.0,)                 # not (): the drawer's vertical path


def test_lines_across_counts_whole_lines_in_a_width():
    assert lines_across(SIZE, PITCH, SIZE) == 1
    assert lines_across(SIZE + 3 * PITCH, PITCH, SIZE) == 4
    assert lines_across(SIZE + 3 * PITCH - 0.1, PITCH, SIZE) == 3
    assert lines_across(SIZE - 0.1, PITCH, SIZE) == 0


def test_frame_slots_count_each_frames_lines_in_order_and_skip_a_frame_too_narrow():
    from typeset.flow.vertical import Frame, frame_slots
    wide, narrow, one = Frame(0, 0, SIZE + 2 * PITCH, 40), Frame(0, 50, SIZE - 0.1, 40), Frame(0, 99, SIZE, 40)
    assert list(frame_slots([wide, narrow, one], PITCH, SIZE)) == [(wide, 0), (wide, 1), (wide, 2), (one, 0)]
    assert list(frame_slots([], PITCH, SIZE)) == []


def test_a_line_of_two_faces_gives_two_runs(square):
    lines = compose_vertical_paragraph([StyledRun("正文", "song", SIZE), StyledRun("加粗", "hei", SIZE)],
                                       8 * SIZE, square, indent_em=0.0)
    out = vertical_line_runs(lines[0], 0.0, 0.0)
    assert [(r.face, r.actual) for r in out] == [("song", "正文"), ("hei", "加粗")]


def test_a_vertical_slug_is_one_pitch_wide_with_its_em_at_the_right(square):
    from typeset.flow.vertical import vertical_slug
    lines = compose_vertical_paragraph([StyledRun("一二三", "song", SIZE)], 8 * SIZE, square, indent_em=0.0)
    slug = vertical_slug(lines[0], SIZE, PITCH)
    assert slug.direction == "vertical" and slug.lines == 1 and slug.chars == 3 and slug.text == "一二三"
    assert slug.items[0].x == approx(PITCH - SIZE)


def test_a_frame_grid_is_whole_characters_down_and_whole_lines_across(square):
    from typeset.flow.vertical import Frame, chars_down, set_vertical_block
    assert chars_down(8.95 * SIZE, SIZE) == 8 and chars_down(9 * SIZE, SIZE) == 9
    frame = Frame(100.0, 20.0, SIZE + 2 * PITCH, 8.5 * SIZE)           # 8 chars down, 3 lines across
    text = "一二三四五六七八" * 4 + "九十"
    items, overset = set_vertical_block([[StyledRun(text, "song", SIZE)]], frame, PITCH, square,
                                        indent_em=0.0)
    assert [it.actual for it in items] == ["一二三四五六七八"] * 3       # 8 a line: the measure is 8 em
    assert items[0].x + SIZE == approx(frame.x + frame.width)           # the first line at the right
    assert items[-1].x == approx(frame.x)                               # the third against the left
    assert "".join(line.text for line in overset) == "一二三四五六七八九十"


def test_fill_frames_continues_in_the_next_frame(square):
    from typeset.flow.vertical import Frame, fill_frames
    lines = compose_vertical_paragraph([StyledRun("一二三四" * 5, "song", SIZE)], 4 * SIZE, square,
                                       indent_em=0.0)
    frames = [Frame(0.0, 0.0, SIZE + PITCH, 4 * SIZE), Frame(0.0, 60.0, SIZE + 2 * PITCH, 4 * SIZE)]
    items, placed = fill_frames(lines, frames, PITCH, SIZE)
    assert placed == 5 and len(lines) == 5
    assert [round(it.y - EM_BOX_TOP * SIZE) for it in items] == [0, 0, 60, 60, 60]


def test_the_summary_label_turns_its_latin_and_keeps_its_text(square):
    """The 核心提示 label (compose_vertical) is drawn by the same runs: a
    label with Latin has it turned (V1), which the drawer did not do before."""
    from typeset.flow.blocks import Typesetter
    from typeset.style.template import BUILTIN_DIR, load_template
    ts = Typesetter(load_template(f"{BUILTIN_DIR}/bulletin.toml"), square)
    (run,) = ts.vertical_label("AB提示", 60.0, 10.0, 20.0, art="s")
    assert run.turns == (90, 90, 0, 0) and run.actual == "AB提示"
    assert run.tag.role == "Lbl"
    (plain,) = ts.vertical_label("核心提示", 60.0, 10.0, 20.0)
    assert plain.turns == () and plain.x == 10.0 and plain.ys[0] == 0.0


def test_bands_stack_whole_bands_down_a_block_with_air_between():
    from typeset.flow.vertical import Bands, Frame
    bands = Bands(chars=4, gap=5.0)
    assert bands.frames(100.0, 4 * SIZE, SIZE) == [Frame(0.0, 0.0, 100.0, 40.0)]
    assert bands.frames(100.0, 84.9, SIZE) == [Frame(0.0, 0.0, 100.0, 40.0)]           # 2 need 85
    assert bands.frames(100.0, 85.0, SIZE) == [Frame(0.0, 0.0, 100.0, 40.0), Frame(0.0, 45.0, 100.0, 40.0)]
    assert bands.frames(100.0, 3.5 * SIZE, SIZE) == [Frame(0.0, 0.0, 100.0, 30.0)]    # not one whole band


def test_natural_vertical_lines_is_the_fewest_that_fit():
    from typeset.flow.vertical import natural_vertical_lines
    assert natural_vertical_lines(lambda n: n >= 7, 1, 20) == 7
    assert natural_vertical_lines(lambda n: n >= 1, 1, 20) == 1
    assert natural_vertical_lines(lambda n: False, 1, 20) == 20


def test_set_vertical_puts_heads_right_and_body_in_bands(square):
    from typeset.flow.vertical import Bands, BodyParagraph, HeadRow, set_vertical
    head = HeadRow(((StyledRun("标题", "hei", 2 * SIZE),),), pitch=3 * SIZE)
    body = [BodyParagraph((StyledRun("一二三四" * 6, "song", SIZE),))]
    width = 3 * SIZE + 4 * PITCH             # the head's band, a line of air, 4 body lines
    out = set_vertical([head], body, width=width, height=9 * SIZE,
                       pitch=PITCH, body_size=SIZE, bands=Bands(4, SIZE), metrics=square)
    head_run, *body_runs = out.items
    assert head_run.x == approx(width - 2.5 * SIZE) and head_run.size == 2 * SIZE   # its em mid-band
    # 4 a line (the band's height; the first after its 2-em indent), 4 across, then band 2
    assert [r.actual for r in body_runs] == ["一二"] + ["三四一二"] * 5 + ["三四"] and out.fits
    assert [round(r.y - EM_BOX_TOP * SIZE) for r in body_runs] == [0] * 4 + [50] * 3
    assert body_runs[0].x + SIZE == approx(width - 3 * SIZE - (PITCH - SIZE))
    assert out.depth == approx(9 * SIZE) and out.chars == 2 + 24
