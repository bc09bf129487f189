"""<article direction="vertical"> (竖排, issue 18 §1) through the article kind:
heads at the right, the body in bands of the grid's characters, lines right
to left; overset and underset reported; photos at the left of its top bands."""
from __future__ import annotations

import math

import pytest

from typeset.display import ImageItem, TextRun
from typeset.errors import InputError
from typeset.flow.slugs import EM_BOX_TOP
from typeset.pipeline import layout_issue
from typeset.style.template import BUILTIN_DIR, load_template

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
PARA = "魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创全区慈善募捐工作新局面。"


def vertical(paras, headline="竖排标题", photo="", **place):
    attrs = " ".join(f'{k}="{v}"' for k, v in place.items())
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<article id="v" direction="vertical" {attrs}><kicker>引题</kicker>'
            f'<headline>{headline}</headline>{ps}{photo}</article>')


def runs_of(result, art="v"):
    return [it for it in result.pages[0].items if isinstance(it, TextRun) and it.tag and it.tag.art == art]


def block(result, art="v"):
    return next(b for b in result.blocks if b.id == art)


def test_a_vertical_article_is_drawn_in_vertical_runs_in_reading_order(make_issue, square):
    path = make_issue(vertical([PARA, PARA], col=1, span=2, line=1))
    result = layout_issue(path, fonts=square)
    runs = runs_of(result)
    assert runs and all(r.ys for r in runs)                         # every glyph at its own origin
    assert [r.tag.role for r in runs][:2] == ["Kicker", "Headline"]
    assert "".join(r.actual for r in runs if r.tag.role == "P") == PARA + PARA
    # the heads stand at the article's right edge, the body to their left, right to left
    right = GRID.col_x(0) + GRID.span_width(2)
    assert runs[0].x + max(runs[0].sizes or (runs[0].size,)) <= right + 1e-6
    body = [r for r in runs if r.tag.role == "P"]
    assert all(a.x >= b.x for a, b in zip(body, body[1:]) if a.y == b.y)
    assert max(r.x for r in body) < min(r.x for r in runs if r.tag.role != "P")
    report = block(result)
    assert report.overset_lines == 0 and report.overset_chars == 0


def test_its_body_lines_are_as_many_characters_tall_as_a_column_is_wide(make_issue, square):
    path = make_issue(vertical([PARA * 3], col=1, span=3, line=1))
    result = layout_issue(path, fonts=square)
    body = [r for r in runs_of(result) if r.tag.role == "P"]
    for k, run in enumerate(body[:-1]):       # full lines: 16 cells, marks ½ to 1 em (C1, C3)
        marks = sum(ch in "，、。" for ch in run.actual)
        han = len(run.actual) - marks + (2 if k == 0 else 0)          # the first line's 2-em indent
        assert han + marks / 2 <= GRID.column_chars <= han + marks    # G1, turned
    top = min(r.y for r in body)
    assert all(r.y == top for r in body)                              # one band: all from its top


def test_text_that_does_not_fit_is_overset_with_its_characters(make_issue, square):
    text = PARA * 6
    path = make_issue(vertical([text], col=1, span=1, line=1, lines=20))
    result = layout_issue(path, fonts=square)
    report = block(result)
    placed = "".join(r.actual for r in runs_of(result) if r.tag.role == "P")
    assert report.overset_lines > 0 and text.startswith(placed)
    assert report.overset_text == text[len(placed):]
    assert report.overset_chars == len(text) - len(placed)
    assert any(w.code == "overset" and "v" in w.message for w in result.warnings)


def test_the_white_below_a_short_vertical_article_is_underset(make_issue, square):
    path = make_issue(vertical([PARA], col=1, span=2, line=1, lines=60))
    result = layout_issue(path, fonts=square)
    report = block(result)
    assert report.overset_lines == 0 and report.underset_lines > 0


def test_the_white_left_of_the_last_line_in_its_band_is_underset(make_issue, square):
    # one band tall, a short body: the band is white left of the last line,
    # and that white is 欠版 counted in vertical lines from the block's left
    path = make_issue(vertical([PARA], col=1, span=3, line=1))
    result = layout_issue(path, fonts=square)
    report = block(result)
    runs = [r for r in runs_of(result) if r.ys]
    pitch = GRID.pitch
    left_of_text = min(r.x for r in runs) - GRID.col_x(0)          # the white, pt, from the block's left
    (hole,) = [h for h in report.holes if h.down]
    assert (hole.col, hole.line) == (1, 1)
    assert hole.lines == int(left_of_text // pitch + 1e-9) > 0      # one em and its air per line, leftwards
    assert hole.chars == hole.lines * GRID.column_chars
    assert any(w.code == "underset" and w.element == "v" for w in result.warnings)


def test_a_full_last_band_leaves_no_vertical_white(make_issue, square):
    # the same article in one column: more lines than the band holds, so the
    # last band is the second and its white is reported there, never the first's
    path = make_issue(vertical([PARA * 3], col=1, span=1, line=1))
    result = layout_issue(path, fonts=square)
    band_lines = math.ceil((GRID.column_chars * GRID.body_size + GRID.pitch - GRID.body_size) / GRID.pitch)
    assert [h.line for h in block(result).holes if h.down] == [band_lines + 2]     # G3; one air line between bands


PHOTO = '<photo id="p" src="p.jpg" span="{span}"><caption>图片说明</caption><credit>记者 摄</credit></photo>'


def photo_article(make_issue, tmp_path, size=(400, 300), span=1, paras=(PARA * 10, PARA * 8), **place):
    """A vertical article with one photo, laid out; (result, its image, the body runs)."""
    from PIL import Image
    Image.new("RGB", size, (120, 130, 140)).save(tmp_path / "p.jpg")
    place = {"col": 1, "span": 3, "line": 1, **place}
    return make_issue(vertical(list(paras), photo=PHOTO.format(span=span), **place))


def boxes(run):
    """The em box of each glyph of a vertical run: (left, top, right, bottom)."""
    sizes = run.sizes or (run.size,) * len(run.xs)
    return [(run.x + x, run.y + y - EM_BOX_TOP * s, run.x + x + s, run.y + y + (1 - EM_BOX_TOP) * s)
            for x, y, s in zip(run.xs, run.ys, sizes)]


def overlaps(a, b) -> bool:
    return a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6


def test_a_photo_stands_at_the_left_of_the_top_band_on_whole_columns_and_lines(make_issue, square, tmp_path):
    result = layout_issue(photo_article(make_issue, tmp_path), fonts=square)
    image = next(it for it in result.pages[0].items if isinstance(it, ImageItem))
    assert (image.x, image.y) == (GRID.col_x(0), GRID.line_top(0))          # the article's top left
    assert image.w == pytest.approx(GRID.span_width(1))                       # its span: one grid column
    lines = (image.h + GRID.pitch - GRID.body_size) / GRID.pitch
    assert lines == pytest.approx(round(lines))                               # G4: whole grid lines
    runs = runs_of(result)
    caption = [r for r in runs if r.tag.role == "Caption"]
    assert caption and not any(r.ys for r in caption)                        # captioned as horizontally
    assert "".join(r.text for r in caption) == "图片说明 记者 摄"
    assert all(image.y + image.h < r.y < image.y + image.h + 2 * GRID.pitch and r.x >= image.x - 1e-6
               for r in caption)
    # no body glyph on the photo or its caption (图文互斥), none beside it closer than the gutter
    photo_box = (image.x, image.y, image.x + image.w + GRID.gutter, image.y + image.h + 2 * GRID.pitch)
    body = [r for r in runs if r.tag.role == "P"]
    assert not any(overlaps(box, photo_box) for r in body for box in boxes(r))
    # every character once, in reading order, and the text beside the photo and under it
    assert "".join(r.actual for r in body) == PARA * 18
    beside = [r for r in body if r.y < image.y + image.h]
    below = [r for r in body if r.y > image.y + image.h + GRID.pitch]
    assert beside and below
    assert min(r.x for r in below) < image.x + image.w       # below the photo at full width
    # no hole under the photo but the rounding: the photo ends within a pitch of its band's foot
    foot = max(box[3] for r in beside for box in boxes(r))
    bottom = max(r.y + (1 - EM_BOX_TOP) * r.size for r in caption)
    assert 0 <= foot - bottom < GRID.pitch
    assert block(result).overset_lines == 0
    assert not any("horizontally" in w.message or "横排" in w.message for w in result.warnings)


def test_the_photo_is_drawn_as_in_a_horizontal_article(make_issue, square, tmp_path):
    result = layout_issue(photo_article(make_issue, tmp_path), fonts=square)
    image = next(it for it in result.pages[0].items if isinstance(it, ImageItem))
    assert image.tag.art == "v" and image.tag.role == "Figure" and image.tag.alt == "图片说明"
    assert image.path.endswith("p.jpg") and image.name == "p"
    body = [r for r in runs_of(result) if r.tag.role == "P"]
    caption = next(r for r in runs_of(result) if r.tag.role == "Caption")
    assert image.tag.seq < caption.tag.seq < min(r.tag.seq for r in body)    # heads, photo, body


def test_a_wide_photo_takes_the_room_left_of_the_heads_only(make_issue, square, tmp_path):
    result = layout_issue(photo_article(make_issue, tmp_path, span=3), fonts=square)
    image = next(it for it in result.pages[0].items if isinstance(it, ImageItem))
    heads = [r for r in runs_of(result) if r.tag.role in ("Kicker", "Headline")]
    assert image.w in (GRID.span_width(1), GRID.span_width(2))               # whole columns, fewer than 3
    assert image.x + image.w < min(r.x for r in heads)


def test_a_photo_taller_than_the_article_is_overset(make_issue, square, tmp_path):
    path = photo_article(make_issue, tmp_path, size=(300, 900), paras=(PARA,), lines=10)
    result = layout_issue(path, fonts=square)
    assert not any(isinstance(it, ImageItem) for it in result.pages[0].items)
    report = block(result)
    assert report.overset_lines > 0
    assert "".join(r.actual for r in runs_of(result) if r.tag.role == "P") == PARA


def test_direction_is_checked_by_the_schema(make_issue, square):
    path = make_issue('<article id="v" direction="diagonal"><p>正文</p></article>')
    with pytest.raises(InputError, match="direction"):
        layout_issue(path, fonts=square)


def test_a_horizontal_article_is_unchanged_by_the_direction_attribute(make_issue, square):
    plain = make_issue(f'<article id="h" col="1" span="2" line="1"><headline>标题</headline><p>{PARA}</p></article>')
    first = layout_issue(plain, fonts=square).pages[0].items
    said = make_issue(f'<article id="h" col="1" span="2" line="1" direction="horizontal"><headline>标题</headline>'
                      f'<p>{PARA}</p></article>')
    assert layout_issue(said, fonts=square).pages[0].items == first


def standing(paras, **place):
    attrs = " ".join(f'{k}="{v}"' for k, v in place.items())
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<article id="s" {attrs}><kicker>引题</kicker><headline direction="vertical">竖排的主题</headline>'
            f'<byline>本报记者</byline>{ps}</article>')


def test_a_vertical_headline_stands_at_the_right_and_the_body_flows_round_it(make_issue, square):
    path = make_issue(standing([PARA * 4], col=1, span=3, line=1))
    result = layout_issue(path, fonts=square)
    runs = runs_of(result, "s")
    heads = [r for r in runs if r.tag.role in ("Kicker", "Headline")]
    assert heads and all(r.ys for r in heads)                       # set vertically
    assert "".join(r.actual for r in heads) == "引题竖排的主题"
    right_col = GRID.col_x(2)
    assert all(r.x >= right_col for r in heads)                      # in the rightmost column
    bottom = max(r.y + max(r.ys) for r in heads)
    body = [r for r in runs if r.tag.role == "P"]
    assert body and not any(r.ys for r in body)                      # the body stays horizontal
    assert not any(r.x >= right_col - 1e-6 and r.y < bottom for r in body)    # none beside the heads
    byline = [r for r in runs if r.tag.role == "Byline"]
    assert byline and not byline[0].ys                               # the byline stays across the top
    assert "".join(r.actual or r.text for r in body) == PARA * 4
    assert block(result, "s").overset_lines == 0


def test_a_vertical_headline_in_briefs_is_refused_by_the_schema(make_issue, square):
    brief = '<briefs id="b" label="简讯"><brief><headline{}>短讯</headline><p>正文</p></brief></briefs>'
    layout_issue(make_issue(brief.format("")), fonts=square)                 # valid without it
    with pytest.raises(InputError, match="direction"):
        layout_issue(make_issue(brief.format(' direction="vertical"')), fonts=square)


# -- a vertical page template: direction = "vertical" ---------------------------------------

def vertical_template(tmp_path, value='"vertical"'):
    tpl = tmp_path / "v.toml"
    tpl.write_text(f'extends = "bulletin"\nname = "vertical page"\ndirection = {value}\n', encoding="utf-8")
    return tpl


def test_a_vertical_template_sets_its_articles_vertically(make_issue, square, tmp_path):
    vertical_template(tmp_path)
    said = (f'<article id="h" col="4" span="2" line="1" direction="horizontal"><headline>横排</headline>'
            f'<p>{PARA}</p></article>')
    path = make_issue(f'<article id="v" col="1" span="2" line="1"><headline>标题</headline><p>{PARA}</p></article>'
                      + said, template="v.toml")
    result = layout_issue(path, fonts=square)
    runs = runs_of(result)
    assert runs and all(r.ys for r in runs)                                # no direction: the template's
    assert "".join(r.actual for r in runs if r.tag.role == "P") == PARA
    assert not any(r.ys for r in runs_of(result, "h"))                      # said horizontal: horizontal
    plain = layout_issue(make_issue(f'<article id="v" col="1" span="2" line="1"><p>{PARA}</p></article>'),
                         fonts=square)
    assert not any(r.ys for r in runs_of(plain))                           # the bulletin stays horizontal


def test_a_bad_template_direction_names_its_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "en")
    tpl = vertical_template(tmp_path, '"diagonal"')
    with pytest.raises(InputError) as e:
        load_template(str(tpl))
    assert e.value.file == str(tpl) and e.value.line == 3 and "direction" in e.value.message
    assert "vertical" in e.value.message                                     # the choices are named
