"""撑版 and 欠版 (page-making.md): blocks grow to the next block or the foot,
photos resize within the crop limit, headline areas and the gaps between
briefs take air; whatever stays empty is reported per column, exactly."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from typeset.cli import main
from typeset.display import ImageItem, Marker
from typeset.errors import InputError
from typeset.flow.fill import FillSettings, Hole, page_holes, photo_line_range, spread_gaps
from typeset.flow.slugs import Slug
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
PARA = "魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创全区慈善募捐工作新局面。"


def article(id_: str, paras: int, attrs: str, photo: str = "", head: str = "短稿") -> str:
    body = "".join(f"<p>{PARA}</p>" for _ in range(paras))
    return f'<article id="{id_}" {attrs}><headline>{head}</headline>{body}{photo}</article>'


@pytest.fixture
def image(tmp_path):
    """An image of the given pixel size next to the issue; returns its src."""
    def make(w: int, h: int, name: str = "p.jpg") -> str:
        Image.new("RGB", (w, h), (120, 130, 140)).save(tmp_path / name)
        return name
    return make


def block(result, id_):
    return next(b for b in result.blocks if b.id == id_)


def image_items(result, page: int = 0):
    return [it for it in result.pages[page].items if isinstance(it, ImageItem)]


# -- the arithmetic ------------------------------------------------------------------

def test_photo_lines_keep_three_quarters_of_the_image():
    # a square image 300 pt wide: natural height 300 pt = 20 lines of 15 pt (G4: 15·N − 6)
    lines = photo_line_range((1000, 1000), 300.0, 15.0, 9.0, crop=0.25)
    assert lines.natural == 20
    for n in (lines.fewest, lines.most):
        height = 15 * n - 6
        kept = min(height / 300, 300 / height)           # the share of the image a cover crop keeps
        assert kept >= 0.75 - 1e-9
    assert 15 * (lines.fewest - 1) - 6 < 0.75 * 300      # one line fewer would cut more
    assert 300 / (15 * (lines.most + 1) - 6) < 0.75
    assert photo_line_range(None, 300.0, 15.0, 9.0, 0.25) is None


def test_gaps_are_spread_evenly_over_the_separators():
    rule = Slug(lines=1, items=(), kind="rule")
    line = Slug(lines=1, items=())
    stream = [line, rule, line, rule, line, rule, line]
    assert [s.lines for s in spread_gaps(stream, 3, 2, 15.0) if s.kind == "rule"] == [2, 2, 2]
    assert [s.lines for s in spread_gaps(stream, 7, 2, 15.0) if s.kind == "rule"] == [3, 3, 3]   # at most 2 each
    assert sum(s.lines for s in spread_gaps(stream, 2, 2, 15.0) if s.kind == "rule") == 5


def test_column_holes_run_to_each_columns_own_foot():
    from typeset.flow.fill import column_holes
    # a 刀把's leg ends over the block below it, two lines above the block's foot
    holes = column_holes([3, 5], 0, 10, [10, 8], column_chars=16, tolerance=1)
    assert holes == [Hole(col=1, line=14, lines=7, chars=7 * 16), Hole(col=2, line=16, lines=3, chars=3 * 16)]


def test_page_holes_leave_the_gap_below_a_block():
    owner = {(0, row): "a" for row in range(10)} | {(1, row): "b" for row in range(20)}
    holes = page_holes(owner, columns=2, lines=20, gap=1, column_chars=16, tolerance=1)
    assert holes == [Hole(col=1, line=12, lines=9, chars=9 * 16)]     # line 11 is a's gap


# -- blocks grow ------------------------------------------------------------------------

def test_a_block_without_a_height_grows_to_the_foot_and_reports_its_hole(make_issue, square):
    result = layout_issue(make_issue(article("a", 3, 'col="1" span="2" line="1"')), fonts=square)
    a = block(result, "a")
    assert a.rect.line + a.rect.lines == GRID.lines                 # it took the room below it
    assert a.status == "underset" and [h.col for h in a.holes] == [1, 2]
    for h in a.holes:                                                # exact: the white under each column
        assert h.line - 1 + h.lines == GRID.lines and h.chars == h.lines * GRID.column_chars
    assert a.underset_lines == sum(h.lines for h in a.holes) > 100
    assert any(w.code == "underset" and "'a'" in w.message for w in result.warnings)


def test_a_block_grows_only_to_the_gap_above_the_next_block(make_issue, square):
    page = article("a", 1, 'col="1" span="2" line="1"') + article("b", 40, 'col="1" span="2" line="50"')
    result = layout_issue(make_issue(page), fonts=square)
    a, b = block(result, "a"), block(result, "b")
    assert a.rect.line + a.rect.lines == b.rect.line - 1           # block_gap_lines = 1


def test_a_fixed_height_is_kept_and_the_white_below_is_the_pages(make_issue, square):
    result = layout_issue(make_issue(article("a", 20, 'col="1" span="6" line="1" lines="60"')), fonts=square)
    assert block(result, "a").rect.lines == 60
    white = next(b for b in result.blocks if b.kind == "hole")
    assert [(h.col, h.line, h.lines) for h in white.holes] == [(c, 62, 31) for c in range(1, 7)]
    warning = next(w for w in result.warnings if w.element == white.id)
    assert warning.code == "underset" and warning.line == 2            # the <page> element's line


def test_an_automatic_block_takes_a_column_that_would_stay_white(make_issue, square):
    # 2 + the default article_span 3 leave column 6 empty down the whole page (开天窗)
    page = article("b", 20, 'col="1" span="2" line="1"') + article("a", 110, "")
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a")
    assert (a.rect.col, a.rect.span) == (2, 4)                        # widened into column 6
    assert not any(b.kind == "hole" for b in result.blocks)            # no white is left to the page
    assert a.overset_chars == 0 and 6 in {h.col for h in a.holes}     # set again for 4 columns, balanced


def test_a_column_free_for_only_part_of_a_blocks_height_is_not_taken(make_issue, square):
    page = (article("b", 20, 'col="1" span="2" line="1"') + article("a", 110, "")
            + article("c", 2, 'col="6" span="1" line="60" lines="10"'))
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a").rect
    assert (a.col, a.head_span) == (2, 3)                   # not widened: c stands in column 6
    assert a.notch == (70,)                                  # its overset turned under c (刀把), below c's gap


def test_what_stands_below_a_widened_block_rises_into_the_room_it_left(make_issue, square):
    # the briefs, one column by default, take column 6 beside them and need fewer lines; the
    # story below them (its column given, not its line) had fallen to the foot, squeezed into
    # the 12 lines left there, and the last story had found no room at all: now both rise
    items = "".join(f"<brief><headline>简讯{k}</headline><p>{PARA * 2}</p></brief>" for k in range(10))
    page = (article("left", 150, 'col="1" span="4" line="1"') + f'<briefs id="w" label="一周要闻">{items}</briefs>'
            + article("t", 14, 'col="5" span="2"') + article("late", 12, 'span="2"'))
    result = layout_issue(make_issue(page), fonts=square)
    w, t, late = (block(result, k) for k in ("w", "t", "late"))
    assert (w.rect.col, w.rect.span) == (4, 2) and not w.holes
    assert t.rect.line == w.rect.line + w.rect.lines + 1 and t.status == "fits"      # right under the gap, whole
    assert late.rect.line == t.rect.line + t.rect.lines + 1 and late.rect.line + late.rect.lines == GRID.lines
    assert 0 < late.overset_chars < late.chars                  # placed: only what the foot cuts off is overset
    assert not any(b.kind == "hole" for b in result.blocks)


# -- 刀把: overset text runs on under a neighbour ---------------------------------------

NUMBERED = "".join(f"<p>第{k:03d}段。{PARA}</p>" for k in range(1, 150))   # more than 4 columns hold
STANDING = 'col="5" span="2" line="1" lines="10"'      # a fixed height: it does not grow into the white below


def test_overset_text_runs_on_into_the_white_under_a_neighbour(make_issue, square):
    page = article("n", 4, STANDING) + f'<article id="a"><headline>长稿</headline>{NUMBERED}</article>'
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a")
    # columns 5-6 are white below n (lines 1-10) and its gap (11): the story takes them from line 12
    assert (a.rect.col, a.rect.span, a.rect.head_span, a.rect.notch) == (0, 6, 4, (11, 11))
    assert a.overset_chars == 0 and not any(b.kind == "hole" for b in result.blocks)
    warning = next(w for w in result.warnings if w.element == "a")
    assert "5–6" in warning.message and "'n'" in warning.message       # said, with the columns and neighbour
    # it reads on from the foot of column 4 to the top of the leg: the leg holds the later paragraphs
    x_leg = GRID.col_x(4)
    runs = [it for it in result.pages[0].items if getattr(it, "tag", None) is not None and it.tag.art == "a"]
    numbers: dict[bool, set[int]] = {True: set(), False: set()}
    for it in runs:
        at = it.text.find("段")
        if at >= 3 and it.text[at - 3:at].isdigit():
            numbers[it.x >= x_leg - 1].add(int(it.text[at - 3:at]))
    assert numbers[True] and numbers[False] and min(numbers[True]) >= max(numbers[False]) - 1
    assert all(it.y > GRID.line_top(11) for it in runs if it.x >= x_leg - 1)


def test_a_turned_rectangle_leaves_its_notch_to_the_neighbour():
    from typeset.flow.pages import Rect
    r = Rect(1, 4, 2, 10, notch=(3, 5))        # columns 2-3 from line 3; column 4 from 6, column 5 from 8
    assert r.head_span == 2 and [r.top_of(c) for c in range(4)] == [0, 0, 3, 5]
    assert (3, 4) not in r.cells() and (3, 5) in r.cells() and (4, 6) not in r.cells() and (4, 7) in r.cells()
    assert len(r.cells()) == 2 * 10 + 7 + 5
    footed = Rect(1, 4, 2, 10, notch=(3, 3), feet=(8, 9))      # column 4 ends a line above column 5
    assert footed.foot_of(2) == 8 and (3, 10) not in footed.cells() and (4, 10) in footed.cells()
    assert footed.parts() == [Rect(1, 2, 2, 10), Rect(3, 1, 5, 5), Rect(4, 1, 5, 6)]
    assert r.parts() == [Rect(1, 2, 2, 10), Rect(3, 1, 5, 7), Rect(4, 1, 7, 5)]
    assert Rect(0, 3, 0, 9, notch=(4, 4)).parts() == [Rect(0, 1, 0, 9), Rect(1, 2, 4, 5)]


def test_a_leg_between_two_neighbours_ends_over_the_lower_one(make_issue, square):
    low = article("low", 6, 'col="5" span="2" line="61" lines="20"')          # lines 61-80
    page = article("n", 4, STANDING) + low + f'<article id="a"><headline>长稿</headline>{NUMBERED}</article>'
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a")
    assert (a.rect.notch, a.rect.feet) == ((11, 11), (59, 59))              # lines 12-59; 60 is low's gap
    runs = [it for it in result.pages[0].items if getattr(it, "tag", None) is not None and it.tag.art == "a"
            and it.x >= GRID.col_x(4) - 1]
    assert runs and all(GRID.line_top(11) < it.y < GRID.line_top(59) for it in runs)
    assert not a.holes and a.overset_chars > 0                              # full, and the rest reported


def test_a_story_that_fits_does_not_turn(make_issue, square):
    page = article("n", 4, STANDING) + article("a", 20, "")
    result = layout_issue(make_issue(page), fonts=square)
    assert block(result, "a").rect.notch == ()
    assert next(b for b in result.blocks if b.kind == "hole").holes       # the white is reported, as before


def test_a_vertical_story_keeps_its_rectangle(make_issue, square):
    page = (article("n", 4, STANDING)
            + f'<article id="a" direction="vertical"><headline>长稿</headline>{NUMBERED}</article>')
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a")
    assert a.rect.notch == () and a.overset_chars > 0        # its lines fill its rectangle, right to left


def test_a_template_may_forbid_the_shape(make_issue, square, tmp_path):
    (tmp_path / "square.toml").write_text('extends = "bulletin"\nname = "square"\n[fill]\nturn = false\n',
                                          encoding="utf-8")
    page = article("n", 4, STANDING) + f'<article id="a"><headline>长稿</headline>{NUMBERED}</article>'
    result = layout_issue(make_issue(page, template="square"), fonts=square)
    a = block(result, "a")
    assert a.rect.notch == () and a.overset_chars > 0
    assert next(b for b in result.blocks if b.kind == "hole").holes


def test_a_span_the_editor_gave_is_kept_and_the_white_beside_it_reported(make_issue, square):
    page = article("b", 20, 'col="1" span="2" line="1"') + article("a", 110, 'span="3"')
    result = layout_issue(make_issue(page), fonts=square)
    assert block(result, "a").rect.span == 3 and block(result, "a").overset_chars > 0
    white = next(b for b in result.blocks if b.kind == "hole")
    assert {h.col for h in white.holes} == {6}


# -- photos -----------------------------------------------------------------------------------

def test_a_photo_grows_within_the_crop_limit_to_close_the_article(make_issue, square, image):
    src = image(1000, 1000)
    photo = f'<photo id="p" src="{src}" col="1" span="2"><caption>图片说明。</caption></photo>'
    page = article("a", 12, 'col="1" span="2" line="1" lines="50"', photo)
    result = layout_issue(make_issue(page), fonts=square)
    frame = image_items(result)[0]
    kept = min(frame.w / frame.h, frame.h / frame.w)                 # a square image in the frame
    assert frame.h > frame.w and kept >= 0.75 - 1e-6                 # grew taller, cut ≤ 25 %
    a = block(result, "a")
    assert a.overset_lines == 0 and not a.holes


def test_a_photo_wider_than_its_article_is_set_as_wide_and_reported(make_issue, square, image):
    src = image(1000, 600)
    photo = f'<photo id="p" src="{src}" span="4"/>'
    result = layout_issue(make_issue(article("a", 6, 'col="1" span="2" line="1"', photo)), fonts=square)
    assert image_items(result)[0].w == pytest.approx(GRID.span_width(2))
    (warning,) = [w for w in result.warnings if w.element == "a" and "'p'" in w.message]
    assert "4" in warning.message and "2" in warning.message


def test_photos_that_fill_the_top_row_stack_below_it_inside_the_article(make_issue, square, image):
    # found on an own page: a 2-column article with a 2-column and then a
    # 1-column photo, neither placed; the second was set left of the
    # article, over its neighbour's text
    wide, small = image(1000, 600, "w.jpg"), image(800, 600, "s.jpg")
    photos = (f'<photo id="w" src="{wide}" span="2"><caption>宽图。</caption></photo>'
              f'<photo id="s" src="{small}" span="1"><caption>小图。</caption></photo>')
    page = article("a", 20, 'col="1" span="2" line="1"', photos)
    result = layout_issue(make_issue(page), fonts=square)
    a = block(result, "a")
    x0, x1 = GRID.col_x(a.rect.col), GRID.col_x(a.rect.col) + GRID.span_width(a.rect.span)
    first, second = sorted(image_items(result), key=lambda it: it.w, reverse=True)
    assert x0 - 1e-6 <= second.x and second.x + second.w <= x1 + 1e-6        # inside the article's columns
    assert second.x + second.w == pytest.approx(x1)                          # at its right, as the first
    assert second.y >= first.y + first.h + 2 * GRID.pitch - 1e-6               # a row below: caption, a line clear
    assert a.overset_chars == 0


def test_a_photo_shrinks_before_the_text_is_overset(make_issue, square, image):
    src = image(1000, 1000)
    photo = f'<photo id="p" src="{src}" col="1" span="2"/>'
    natural = photo_line_range((1000, 1000), GRID.span_width(2), GRID.pitch, GRID.body_size, 0.25).natural
    page = article("a", 30, 'col="1" span="2" line="1" lines="45"', photo)
    result = layout_issue(make_issue(page), fonts=square)
    frame = image_items(result)[0]
    assert frame.h < GRID.extent(natural) and frame.h / frame.w >= 0.75 - 1e-6


def test_a_photo_with_lines_is_never_resized(make_issue, square, image):
    src = image(1000, 1000)
    photo = f'<photo id="p" src="{src}" col="1" span="2" lines="10"/>'
    result = layout_issue(make_issue(article("a", 3, 'col="1" span="2" line="1"', photo)), fonts=square)
    assert image_items(result)[0].h == pytest.approx(GRID.extent(10))


def test_a_photo_block_fills_its_height(make_issue, square, image):
    src = image(1000, 1600)
    page = f'<photo id="p" src="{src}" col="1" span="2" line="1"/>' + article("b", 40, 'col="1" span="2" line="40"')
    result = layout_issue(make_issue(page), fonts=square)
    assert image_items(result)[0].h == pytest.approx(GRID.extent(38))
    assert not block(result, "p").holes


# -- headline areas and gaps ---------------------------------------------------------------------

def test_the_headline_area_grows_by_at_most_head_lines(make_issue, square, tmp_path):
    tpl = tmp_path / "t.toml"
    base = 'extends = "bulletin"\n'
    results = {}
    for lines in (0, 2):
        tpl.write_text(base + f"[fill]\nhead_lines = {lines}\norder = [\"heads\"]\n", encoding="utf-8")
        result = layout_issue(make_issue(article("a", 8, 'col="1" span="2" line="1" lines="20"'),
                                         template="t.toml"), fonts=square)
        results[lines] = block(result, "a")
    assert results[2].underset_lines == results[0].underset_lines - 2 * 2     # 2 lines × 2 columns


def test_briefs_take_air_between_items(make_issue, square, tmp_path):
    items = "".join(f"<brief><headline>简讯{k}</headline><p>{PARA}</p></brief>" for k in range(4))
    page = f'<briefs id="w" label="一周要闻" col="1" span="1" line="1" lines="60">{items}</briefs>'
    tpl = tmp_path / "t.toml"
    tpl.write_text('extends = "bulletin"\n[fill]\norder = []\n', encoding="utf-8")
    bare = block(layout_issue(make_issue(page, template="t.toml"), fonts=square), "w")
    aired = block(layout_issue(make_issue(page), fonts=square), "w")
    # three gaps between four briefs, two lines each (gap_lines = 2)
    assert bare.underset_lines - aired.underset_lines == 3 * 2


# -- the template's [fill] ------------------------------------------------------------------

@pytest.mark.parametrize("table", ['photo_crop = 2', 'head_lines = -1', 'order = ["magic"]', 'colour = 1'])
def test_bad_fill_values_name_the_template(tmp_path, table):
    tpl = tmp_path / "t.toml"
    tpl.write_text(f'extends = "bulletin"\n[fill]\n{table}\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_template(str(tpl))
    assert e.value.file == str(tpl) and e.value.line == 3 and "fill." in e.value.message


def test_fill_settings_from_the_shipped_template():
    assert FillSettings.from_table(load_template(f"{BUILTIN_DIR}/bulletin.toml").fill).photo_crop == 0.25


# -- reports: check, --json, --strict, proof ---------------------------------------------------

def test_check_reports_holes_and_strict_fails(make_issue, capsys):
    path = make_issue(article("a", 3, 'col="1" span="2" line="1"'))
    assert main(["check", path]) == 0
    table = capsys.readouterr().out
    assert "underset" in table and "col 1:" in table
    assert main(["check", "--strict", path]) == 3
    capsys.readouterr()
    main(["check", "--json", path])
    report = json.loads(capsys.readouterr().out)
    a = next(b for b in report["blocks"] if b["id"] == "a")
    assert report["status"] == "underset" and a["status"] == "underset"
    assert [h["col"] for h in a["holes"]] == [1, 2] and a["underset_chars"] == 16 * a["underset_lines"]


def test_build_strict_fails_on_holes(make_issue, tmp_path, capsys):
    path = make_issue(article("a", 3, 'col="1" span="2" line="1"'))
    out = str(tmp_path / "a.pdf")
    assert main(["build", path, "-o", out, "--variant", "none"]) == 0
    assert "underset: block 'a'" in capsys.readouterr().err
    assert main(["build", path, "-o", out, "--variant", "none", "--strict"]) == 3


def test_holes_are_marked_for_the_proof(make_issue, square):
    result = layout_issue(make_issue(article("a", 3, 'col="1" span="2" line="1"')), fonts=square)
    marks = [it for it in result.pages[0].items if isinstance(it, Marker) and it.kind == "underset"]
    a = block(result, "a")
    assert len(marks) == len(a.holes) + len(next(b for b in result.blocks if b.kind == "hole").holes)


# -- arranging automatic blocks ----------------------------------------------------------------

def test_an_automatic_block_rises_when_the_photo_above_can_shrink(make_issue, square, image, monkeypatch):
    from typeset.flow import pages
    src = image(1000, 1000)
    page = (article("a", 7, 'col="1" span="3"') + f'<photo id="p" src="{src}" col="4" span="3"/>'
            + article("c", 112, 'col="1" span="6"'))
    path = make_issue(page)
    monkeypatch.setattr(pages, "MAX_RISE", 0)
    fell = layout_issue(path, fonts=square)
    monkeypatch.undo()
    rose = layout_issue(path, fonts=square)
    assert block(fell, "c").overset_chars > 0                       # below the square photo it is too long
    c, p = block(rose, "c"), block(rose, "p")
    assert c.overset_chars == 0 and c.rect.line < block(fell, "c").rect.line
    frame = image_items(rose)[0]
    assert frame.h < frame.w and frame.h / frame.w >= 0.75 - 1e-6   # the photo shrank within the crop limit
    assert p.rect.line + p.rect.lines + 1 == c.rect.line


@pytest.mark.parametrize("above, pixels", [(50, (600, 800)), (60, (600, 600))])
def test_a_story_is_not_lowered_to_leave_its_photo_out(make_issue, square, image, above, pixels):
    # lower, the photo has no room and is overset whole: only its caption's
    # characters, so its text gains columns — but white is left above the story
    src = image(*pixels)
    body = "".join(f"<p>{PARA}</p>" for _ in range(60))
    page = (article("a", 1, f'col="1" span="6" line="1" lines="{above}"')
            + f'<article id="b" span="2"><headline>短稿</headline>{body}'
              f'<photo id="ph" src="{src}" span="2"><caption>图说。</caption></photo></article>'
            + f'<article id="c" span="4"><headline>长稿</headline>{body}{body}</article>')
    result = layout_issue(make_issue(page), fonts=square)
    b = block(result, "b")
    assert b.rect.line == above + 1 and b.overset_photos == 0          # right below the gap, with its photo
    assert [it.name for it in image_items(result)] == ["ph"]
    assert not any(x.kind == "hole" for x in result.blocks)


def test_a_rule_at_a_column_foot_is_neither_content_nor_drawn():
    from typeset.flow.blocks import BlockContent
    from typeset.flow.pages import Rect, _arrange
    line, rule = Slug(lines=1, items=(), chars=1), Slug(lines=1, items=(), kind="rule")
    content = BlockContent("briefs", stream=[line, line, line, rule, line, line, line, line])
    rect = Rect(0, 2, 0, 4)
    a = _arrange(content, rect)
    foot = [p for p in a.threading.placed if p.col == 0][-1]
    assert content.stream[foot.slug_index].kind == "rule"           # the rule fell to column 1's foot
    assert a.bottoms(rect) == [3, 4] and a.column_feet() == {foot.slug_index}


def test_a_photo_without_room_for_its_image_is_overset_whole(make_issue, square, image):
    src = image(1000, 2000)
    photo = f'<photo id="p" src="{src}" col="2" span="1" lines="30"><caption>没有图片的说明不该出现。</caption></photo>'
    result = layout_issue(make_issue(article("a", 6, 'col="1" span="2" line="1" lines="20"', photo)), fonts=square)
    a = block(result, "a")
    texts = "".join(it.text for it in result.pages[0].items if type(it).__name__ == "TextRun")
    assert not image_items(result) and "没有图片" not in texts      # neither the image nor its caption
    assert a.overset_lines >= 30 and "没有图片的说明" in a.overset_text
    x2 = GRID.col_x(1)                                                # the text took the photo's column
    assert any(type(it).__name__ == "TextRun" and abs(it.x - x2) < GRID.column_width and it.y > GRID.line_top(8)
               for it in result.pages[0].items)


def test_a_photo_block_grows_so_the_article_below_closes(make_issue, square, image, monkeypatch):
    from typeset.flow import pages
    src = image(1000, 800)
    page = f'<photo id="p" src="{src}" col="1" span="2" line="1"/>' + article("b", 42, 'col="1" span="2"')
    path = make_issue(page)
    monkeypatch.setattr(pages, "MAX_RISE", 0)
    assert block(layout_issue(path, fonts=square), "b").holes          # below the photo's own shape: short
    monkeypatch.undo()
    result = layout_issue(path, fonts=square)
    p, b = block(result, "p"), block(result, "b")
    assert not b.holes and not b.overset_lines and not p.holes
    natural = photo_line_range((1000, 800), GRID.span_width(2), GRID.pitch, GRID.body_size, 0.25)
    frame = image_items(result)[0]                                   # it grew within the crop limit
    assert GRID.extent(natural.natural) < frame.h <= GRID.extent(natural.most) + 1e-6


def test_heads_after_one_that_does_not_fit_are_overset_too_in_their_order():
    from typeset.flow.blocks import BlockContent
    from typeset.flow.pages import Rect, _arrange
    heads = [Slug(lines=3, items=(), chars=3, text="一"), Slug(lines=5, items=(), chars=5, text="二"),
             Slug(lines=1, items=(), chars=1, text="三")]
    a = _arrange(BlockContent("table", head=heads), Rect(0, 2, 0, 6))
    # the 1-line head would fit after the 5-line one was left out, but standing
    # there it would be read before it (a row of a wide table, a byline without its headline)
    assert a.head_lines == 3 and [s.text for s in a.head_overset] == ["二", "三"]


def test_a_story_whose_head_does_not_fit_sets_none_of_its_text():
    """题文相依: a story's text never stands without its headline — when the
    head is overset, its photos and its whole stream are overset with it."""
    from typeset.flow.blocks import BlockContent
    from typeset.flow.pages import Rect, _arrange
    head = [Slug(lines=4, items=(), chars=6, text="标题")]
    stream = [Slug(lines=1, items=(), chars=16, text="正文") for _ in range(6)]
    content = BlockContent("article", head=head, stream=stream)
    a = _arrange(content, Rect(0, 2, 0, 3))
    assert not a.threading.placed and a.segments == ()
    assert a.overset_chars() == content.chars
    assert _arrange(content, Rect(0, 2, 0, 5)).threading.placed      # with room for the head it runs


def test_an_automatic_story_is_not_set_in_a_strip(make_issue, square, monkeypatch):
    """A story placed by the layout where only a few lines are free at the
    foot (less than its head and LEAST_BODY_LINES of text) is not put there
    to be cut: it is overset whole, and the strip is the page's white."""
    from typeset.flow import pages
    page = article("a", 40, 'col="1" span="3" line="1" lines="88"') + article("b", 6, 'span="3"', head="无处可排")
    path = make_issue(page.replace('col="1" span="3" line="1"', 'col="1" span="6" line="1"', 1))
    result = layout_issue(path, fonts=square)
    b = block(result, "b")
    assert b.rect.lines == 0 and b.overset_chars == b.chars            # nothing of it on the page
    said = [w.message for w in result.warnings if w.element == "b" and w.code == "overset"]
    assert len(said) == 1 and "no free room 3 columns wide" in said[0]    # and the editor is told why
    texts = "".join(it.text for it in result.pages[0].items if type(it).__name__ == "TextRun")
    assert "无处可排" not in texts
    white = next(r for r in result.blocks if r.kind == "hole")
    assert sum(h.lines for h in white.holes) >= 2 * 3                  # the foot is reported white
    monkeypatch.setattr(pages, "_least_lines", lambda *args: 1)        # the old rule: the deepest room
    assert block(layout_issue(path, fonts=square), "b").rect.lines == 3


def test_settling_never_leaves_a_block_below_its_least_lines(square):
    """Trial layouts (Settle.score) that squeeze a block of the group under
    its least lines — a photo lowered to a one-line strip, its image gone —
    score worse than any other, whatever overset they save elsewhere."""
    from typeset.flow.blocks import BlockContent, Typesetter
    from typeset.flow.pages import TOO_SHALLOW, Jumps, Planned, Rect, Settle
    from typeset.model import Article, Placement
    ts = Typesetter(load_template(f"{BUILTIN_DIR}/bulletin.toml"), square)
    settle = Settle(ts, 1, Jumps(), FillSettings.from_table(ts.t.fill), {}, 1, {})
    lines = [Slug(lines=1, items=(), chars=16, text="正文")]
    head = [Slug(lines=1, items=(), chars=1, text="题")]
    pinned = Article(id="below", headline=("下",), placement=Placement(1, 2, 13, 80))
    squeezed = Article(id="a", headline=("上",))
    def page(least: int) -> list:
        return [Planned(squeezed, BlockContent("article", head=head, stream=lines), Rect(0, 2, 10, 2), least),
                Planned(pinned, BlockContent("article", head=head, stream=lines), Rect(0, 2, 12, 80))]
    assert settle.score(page(5), ["a"]) == TOO_SHALLOW
    assert settle.score(page(2), ["a"]) < TOO_SHALLOW


def test_a_box_above_is_never_cut_to_raise_the_block_below(make_issue, square):
    """Settling raises a story by cutting the blocks above it, but never
    below their least lines (`_raised`, `Settle.score`): a summary box is
    all head, so it is never cut — it would lose its own text to save the
    story's."""
    summary = ('<summary id="s" label="核心提示" col="1" span="3">'
               '<p>' + '全区供暖提前启动，供暖面积达到1260万平方米。' * 3 + '</p></summary>')
    page = summary + article("x", 1, 'col="4" span="3" line="1" lines="4"') + article("b", 200, 'span="6"')
    result = layout_issue(make_issue(page), fonts=square)
    s, b = block(result, "s"), block(result, "b")
    assert s.overset_chars == 0 and not s.overset_lines
    assert b.overset_chars > 0 and b.rect.line == s.rect.line + s.rect.lines + 1
