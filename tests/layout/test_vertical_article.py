"""<article direction="vertical"> (竖排, issue 18 §1) through the article kind:
heads at the right, the body in bands of the grid's characters, lines right
to left; overset and underset reported; photos keep an article horizontal."""
from __future__ import annotations

import pytest

from typeset.display import TextRun
from typeset.errors import InputError
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


def test_a_vertical_article_with_photos_is_set_horizontally_with_a_warning(make_issue, square, tmp_path):
    from PIL import Image
    Image.new("RGB", (400, 300), (120, 130, 140)).save(tmp_path / "p.jpg")
    photo = '<photo id="p" src="p.jpg"><caption>图片说明</caption></photo>'
    path = make_issue(vertical([PARA], photo=photo, col=1, span=2, line=1))
    result = layout_issue(path, fonts=square)
    assert not any(r.ys for r in runs_of(result))
    assert any("v" in w.message and ("横排" in w.message or "horizontally" in w.message)
               for w in result.warnings)


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
