"""着重号 and ruby on a vertical line (flow/vertical.py, issue 18 §5, clreq):
the dots and the reading stand RIGHT of the line, in the gap between it and
the line before it; a dot per dotted character (none at punctuation, as
horizontally), centred on its cell down the line; a reading at half the
base's size centred on the base, its glyphs oriented as the body's (V1:
Latin pinyin turned 90° at its horizontal advance, 注音 upright one em
each); a gap too narrow for them is reported."""
from __future__ import annotations

from pytest import approx

from typeset.compose import StyledRun
from typeset.compose.prepare import RUBY_SIZE, RUBY_SPACING_EM
from typeset.compose.vertical_text import compose_vertical_paragraph
from typeset.display import Dots, TextRun
from typeset.flow.slugs import EM_BOX_TOP
from typeset.flow.vertical import BASELINE_ACROSS, vertical_line_items
from typeset.pipeline import layout_issue

SIZE = 10.0
PITCH = 1.6 * SIZE        # G1: line gap 60 % of the size
LEFT, TOP = 200.0, 50.0
TOL = 0.01 * SIZE         # 0.01 em


def line_of(metrics, *runs: StyledRun):
    (line,) = compose_vertical_paragraph(list(runs), 8 * SIZE, metrics, indent_em=0.0)
    return line


def cells(line) -> dict[int, tuple[float, float]]:
    """Each glyph's cell down the line (top, bottom), pt on the page, by source index:
    from its top to the next glyph's top (the line's last: its advance)."""
    gs = sorted(line.glyphs, key=lambda g: g.y)
    out = {}
    for g, nxt in zip(gs, gs[1:]):
        out[g.index] = (TOP + g.y, TOP + nxt.y)
    return out


def reading_runs(items) -> list[TextRun]:
    """The readings' runs among a line's items (their ActualText is empty)."""
    return [it for it in items if isinstance(it, TextRun) and it.actual == "" and it.text]


def reading_cells(runs: list[TextRun], metrics) -> list[tuple[str, float, float, float, int]]:
    """Each reading glyph as (char, its em box's left across, its top and
    bottom down the line, its turn), pt on the page: an upright glyph's
    origin is its baseline (EM_BOX_TOP below its top), one em of its size
    down; a turned one's origin is its top, on a baseline BASELINE_ACROSS
    right of its em box's left, its horizontal advance down."""
    out = []
    for r in runs:
        turns = r.turns or (0,) * len(r.text)
        for ch, dx, dy, turn in zip(r.text, r.xs, r.ys, turns):
            x, y = r.x + dx, r.y + dy
            if turn:
                out.append((ch, x - BASELINE_ACROSS * r.size, y, y + metrics.advance(r.face, ch) * r.size, turn))
            else:
                out.append((ch, x, y - EM_BOX_TOP * r.size, y - EM_BOX_TOP * r.size + r.size, turn))
    return out


def test_a_dot_right_of_each_dotted_character_centred_on_its_cell(square):
    text = "他说要紧，事情"
    line = line_of(square, StyledRun("他说", "song", SIZE), StyledRun("要紧，事", "song", SIZE, "dots"),
                   StyledRun("情", "song", SIZE))
    (dots,) = [it for it in vertical_line_items(line, LEFT, TOP, SIZE) if isinstance(it, Dots)]
    cell = cells(line)
    dotted = [k for k in range(2, 6) if text[k] != "，"]                 # none at punctuation
    assert len(dots.ys) == len(dotted) == 3
    centres = [dots.y + dy for dy in dots.ys]
    assert centres == [approx((cell[k][0] + cell[k][1]) / 2, abs=TOL) for k in dotted]
    r = dots.diameter / 2
    for dx in dots.xs:
        x = dots.x + dx
        assert LEFT + SIZE < x - r and x + r <= LEFT + PITCH + 1e-9    # right of the cell, in the gap


def test_a_reading_stands_right_of_its_base_at_half_size_centred_on_it(square):
    line = line_of(square, StyledRun("一", "song", SIZE), StyledRun("中国", "song", SIZE, "ruby", reading="zhongguo"),
                   StyledRun("人", "song", SIZE))
    items = vertical_line_items(line, LEFT, TOP, SIZE)
    readings = reading_runs(items)
    assert readings and "".join(r.text for r in readings) == "zhongguo"
    size = readings[0].size
    assert all(r.size == size for r in readings) and size == approx(SIZE * RUBY_SIZE) == approx(SIZE / 2)
    glyphs = reading_cells(readings, square)
    for _, x, _, _, _ in glyphs:                                    # right of the base, in the gap
        assert LEFT + SIZE - 1e-9 <= x and x + size <= LEFT + PITCH + 1e-9
    base = sorted((g for g in line.glyphs if g.index in (1, 2)), key=lambda g: g.y)
    base_top, base_bottom = TOP + base[0].y, TOP + base[-1].y + square.advance("song", base[-1].char) * SIZE
    assert (glyphs[0][2] + glyphs[-1][3]) / 2 == approx((base_top + base_bottom) / 2, abs=TOL)


def test_a_pinyin_reading_is_turned_and_takes_its_letters_advances(square):
    """Latin pinyin down a vertical line is set as rotated Latin in the body
    (V1; clreq, JLREQ): each letter turned 90° clockwise, its em box filling
    the reading's column, the reading as long as its letters' horizontal
    advances at half size (not one em per letter), each letter starting
    where the one before it ends."""
    reading = "zhōng guó"
    line = line_of(square, StyledRun("一", "song", SIZE), StyledRun("中国", "song", SIZE, "ruby", reading=reading),
                   StyledRun("人", "song", SIZE))
    syllables = reading.split()                                       # mono ruby: one note each
    assert [n.text for n in line.annotations] == syllables
    assert [n.turns for n in line.annotations] == [(90,) * len(syl) for syl in syllables]
    readings = reading_runs(vertical_line_items(line, LEFT, TOP, SIZE))
    assert readings and all(r.turns == (90,) * len(r.text) for r in readings)
    size = SIZE * RUBY_SIZE
    glyphs = reading_cells(readings, square)
    assert "".join(g[0] for g in glyphs) == "".join(syllables)
    column = LEFT + SIZE                                             # the base's em box ends here
    assert [g[1] for g in glyphs] == [approx(column, abs=1e-6)] * len(glyphs)
    for syllable in syllables:
        own, glyphs = glyphs[:len(syllable)], glyphs[len(syllable):]
        for before, after in zip(own, own[1:]):                       # advance after advance
            assert after[2] == approx(before[3], abs=1e-6)
        length = own[-1][3] - own[0][2]
        assert length == approx(sum(square.advance("song", ch) for ch in syllable) * size, abs=1e-6)
        assert length < len(syllable) * size - TOL                    # shorter than upright letters


def test_a_bopomofo_reading_stays_upright_one_em_a_glyph(square):
    """注音 (with a tone mark, which V1 turning would make read as another
    tone) stands upright, each glyph one em of the reading down the column
    and centred across it."""
    reading = "ㄍㄨㄛˊ"
    line = line_of(square, StyledRun("一", "song", SIZE), StyledRun("国", "song", SIZE, "ruby", reading=reading),
                   StyledRun("人", "song", SIZE))
    (note,) = line.annotations
    assert not any(note.turns)
    readings = reading_runs(vertical_line_items(line, LEFT, TOP, SIZE))
    assert readings and not any(any(r.turns) for r in readings)
    size = SIZE * RUBY_SIZE
    glyphs = reading_cells(readings, square)
    tops = [g[2] for g in glyphs]
    assert [b - a for a, b in zip(tops, tops[1:])] == [approx(size, abs=1e-6)] * (len(reading) - 1)
    tone = glyphs[-1]                                                  # ½ em wide: centred in its em
    assert tone[1] == approx(LEFT + SIZE + (1 - square.advance("song", "ˊ")) * size / 2, abs=1e-6)


def test_a_long_reading_spreads_its_base_down_the_line(square):
    """A reading longer than its base (8 turned letters of ½ em, half-size,
    against one em) pushes the characters after the base down: the base's
    cell takes the reading's length plus RUBY_SPACING_EM of the reading
    (prepare.py `_spread_base`), the base centred in it."""
    plain = line_of(square, StyledRun("一中人", "song", SIZE))
    ruby = line_of(square, StyledRun("一", "song", SIZE), StyledRun("中", "song", SIZE, "ruby", reading="zhongguo"),
                   StyledRun("人", "song", SIZE))
    ys = {g.index: g.y for g in ruby.glyphs}
    plain_ys = {g.index: g.y for g in plain.glyphs}
    reading_length = (sum(square.advance("song", ch) for ch in "zhongguo") + RUBY_SPACING_EM) * SIZE * RUBY_SIZE
    assert ys[2] - ys[0] == approx(plain_ys[2] - plain_ys[0] + reading_length - SIZE, abs=TOL)
    middle = (ys[0] + SIZE + ys[2]) / 2                   # the room between 一 and 人
    assert ys[1] + SIZE / 2 == approx(middle, abs=TOL)


# -- the room in the line gap: vertical_ruby_no_room (kinds/article.py) ----------------------

RUBY_PARA = '他说<ruby reading="zhōng">中</ruby>国的<em style="dots">要紧</em>事。'


def ruby_issue(make_issue, tmp_path, pitch=None):
    """A vertical article with a reading and dots on the bulletin grid (9 pt on 15 pt)
    or on one of `pitch`; its path."""
    template = "bulletin"
    if pitch:
        toml = f'extends = "bulletin"\nname = "narrow"\n[grid]\nline_pitch = "{pitch}"\n'
        (tmp_path / "narrow.toml").write_text(toml, encoding="utf-8")
        template = "narrow.toml"
    return make_issue(f'<article id="v" direction="vertical" col="1" span="2" line="1"><headline>标题</headline>'
                      f'<p>{RUBY_PARA}</p></article>', template=template)


def no_room(result):
    return [w.message for w in result.warnings if "zhōng" in w.message]


def test_a_gap_narrower_than_the_reading_is_reported(make_issue, square, tmp_path, monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "en")
    # 9 pt body: the reading is 4.5 pt; a 13 pt pitch leaves a 4 pt gap
    (said,) = no_room(layout_issue(ruby_issue(make_issue, tmp_path, "13pt"), fonts=square))
    assert "v" in said and "4.5 pt" in said and "4.0 pt" in said
    assert not no_room(layout_issue(ruby_issue(make_issue, tmp_path), fonts=square))      # the normal grid


def test_the_warning_is_in_both_catalogues():
    from typeset.messages import MESSAGES
    zh, en = MESSAGES["vertical_ruby_no_room"]
    values = dict(block="v", reading="zhōng", need=4.5, gap=4.0)
    assert "4.5" in zh.format(**values) and "4.0" in zh.format(**values) and "竖排" in zh
    assert "4.5 pt" in en.format(**values) and "gap" in en


# -- the first line of a frame: its marks right of the block (flow/pages.py _marks_outside) --

def outside_issue(make_issue, tmp_path, gutter=None, headline=False, col=1):
    """A vertical article with no heads (unless `headline`) at column `col`, two
    columns wide, its first line carrying a reading and dots, an article beside it
    to the right; on the bulletin grid (12 pt gutter) or with a `gutter`."""
    template = "bulletin"
    if gutter:
        toml = f'extends = "bulletin"\nname = "narrow"\n[grid]\ngutter = "{gutter}"\n'
        (tmp_path / "narrow.toml").write_text(toml, encoding="utf-8")
        template = "narrow.toml"
    head = "<headline>标题</headline>" if headline else ""
    beside = (f'<article id="b" col="{col + 2}" span="2" line="1"><headline>旁边</headline>'
              f'<p>旁边的稿件。</p></article>') if col + 2 <= 6 else ""
    return make_issue(f'<article id="v" direction="vertical" col="{col}" span="2" line="1">{head}'
                      f'<p>{RUBY_PARA}</p></article>{beside}', template=template)


def outside(result):
    return [w.message for w in result.warnings if "rightmost" in w.message]


def test_marks_of_a_first_line_wider_than_the_gutter_are_reported(make_issue, square, tmp_path, monkeypatch):
    """A vertical article with no heads sets its first line at its right edge:
    the reading (4.5 pt at a 9 pt body) stands in the gutter, which a 6 pt
    gutter's column rule (at 3 pt, 0.5 pt thick) leaves 2.75 pt of."""
    monkeypatch.setenv("PAIBAN_LANG", "en")
    (said,) = outside(layout_issue(outside_issue(make_issue, tmp_path, "6pt"), fonts=square))
    assert "v" in said and "zhōng" in said and "4.5 pt" in said and "2.8 pt" in said
    assert not outside(layout_issue(outside_issue(make_issue, tmp_path), fonts=square))   # 12 pt: 5.75 pt


def test_heads_at_the_right_keep_the_marks_inside(make_issue, square, tmp_path, monkeypatch):
    # the heads stand right of every band: the first body line's marks are in the block
    monkeypatch.setenv("PAIBAN_LANG", "en")
    assert not outside(layout_issue(outside_issue(make_issue, tmp_path, "6pt", headline=True), fonts=square))


def test_the_page_margin_takes_the_marks_of_the_rightmost_column(make_issue, square, tmp_path, monkeypatch):
    # at the grid's right edge the room is the page margin (bulletin: some 10 mm)
    monkeypatch.setenv("PAIBAN_LANG", "en")
    assert not outside(layout_issue(outside_issue(make_issue, tmp_path, "6pt", col=5), fonts=square))


def test_the_outside_warning_is_in_both_catalogues():
    from typeset.messages import MESSAGES
    zh, en = MESSAGES["vertical_marks_outside"]
    values = dict(block="v", reading="zhōng", need=4.5, room=2.75)
    assert "4.5" in zh.format(**values) and "2.8" in zh.format(**values) and "竖排" in zh
    assert "4.5 pt" in en.format(**values) and "2.8 pt" in en.format(**values) and "rightmost" in en


def test_a_continuation_reports_the_marks_of_each_bands_first_line(square):
    """转版: the carried lines laid band after band from the right edge; the
    first line of each band (Slug.marks) stands at the block's right edge."""
    from types import SimpleNamespace

    from typeset.flow.vertical import Frame, lines_across, vertical_slug
    from typeset.kinds.continuation import _marks_right
    ts = SimpleNamespace(grid=SimpleNamespace(pitch=PITCH, body_size=SIZE))
    plain = line_of(square, StyledRun("一中人", "song", SIZE))
    ruby = line_of(square, StyledRun("一", "song", SIZE), StyledRun("中", "song", SIZE, "ruby", reading="zhōng"),
                   StyledRun("人", "song", SIZE))
    frames = [Frame(0.0, k * 10 * SIZE, 3 * PITCH, 8 * SIZE) for k in range(2)]
    assert lines_across(frames[0].width, PITCH, SIZE) == 3
    lines = [ruby, plain, ruby, ruby, plain]               # bands: 0–2, 3–4
    slugs = [vertical_slug(line, SIZE, PITCH) for line in lines]
    assert _marks_right(ts, slugs, frames) == [("zhōng", SIZE * RUBY_SIZE)] * 2   # lines 0 and 3, not 2
    assert _marks_right(ts, [slugs[1]] + slugs[1:], frames) == [("zhōng", SIZE * RUBY_SIZE)]
