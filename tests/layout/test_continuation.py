"""转版: an article that does not fit goes on in a <continuation> on a later
page — （下转第N版） at the foot of its part, （上接第M版） at the head of the
rest, every character on a page or reported, nothing counted twice."""
from __future__ import annotations

import shutil

import pytest

from typeset.display import TextRun
from typeset.errors import InputError
from typeset.flow.slugs import EM_BOX_TOP
from typeset.pipeline import BuildOptions, build_issue, layout_issue
from typeset.style.template import BUILTIN_DIR, load_template
from typeset.verify import check_nothing_lost, squeeze

GRID = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
PARAS = ["魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创全区慈善募捐工作新局面。" * 2,
         "近年来，魏都区慈善事业快速发展，慈善文化氛围愈发浓厚，全区上下积极参与其中、融入其中。" * 3,
         "会议强调，要带好头，全区党员领导干部等要自觉走在前、作表率、带好头，发挥好先锋模范作用。" * 2]


def article(lines: int = 10, paras=PARAS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f'<article id="big" col="1" span="2" line="1" lines="{lines}"><headline>长稿</headline>{body}</article>'


CONTINUATION = '<continuation of="big" col="4" span="3" line="1"/>'


def runs_in(result, page: int, x0: float, x1: float) -> list[TextRun]:
    return [it for it in result.pages[page].items
            if isinstance(it, TextRun) and x0 - 6 <= it.x <= x1 + 1 and it.y > GRID.top]


def test_the_rest_goes_on_to_the_later_page(make_issue, square):
    result = layout_issue(make_issue(article(), "", CONTINUATION), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert (big.continued_to, big.overset_lines, cont.page, cont.overset_lines) == (3, 0, 3, 0)
    # every character once: the part on page 1 plus the rest on page 3
    assert big.chars + cont.chars == sum(len(p) for p in PARAS) + len("长稿")
    assert squeeze(big.continued_text) == squeeze(cont.paragraphs[0].text)
    assert "".join(PARAS).endswith(squeeze(big.continued_text))


def test_the_jump_lines(make_issue, square):
    result = layout_issue(make_issue(article(), "", CONTINUATION), fonts=square)
    column_right = GRID.col_x(1) + GRID.column_width                  # the article's second column
    part = sorted(runs_in(result, 0, GRID.col_x(0), column_right), key=lambda r: (r.x, r.y))
    last = max((r for r in part if r.x >= GRID.col_x(1) - 1), key=lambda r: r.y)
    assert last.text == "（下转第3版）"
    assert last.x + last.xs[-1] + last.size == pytest.approx(column_right, abs=0.6)   # flush right
    rest = runs_in(result, 2, GRID.col_x(3), GRID.col_x(5) + GRID.column_width)
    first = min(rest, key=lambda r: (r.y, r.x))
    # flush left: the opening bracket's blank half trimmed at the line start (C4)
    assert first.text == "（上接第1版）" and first.x + first.size / 2 == pytest.approx(GRID.col_x(3))


def test_an_article_that_fits_carries_nothing(make_issue, square):
    result = layout_issue(make_issue(article(lines=60), "", CONTINUATION), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    assert big.continued_to == 0
    assert any("carries nothing" in w.message for w in result.warnings)
    texts = [it.text for p in result.pages for it in p.items if isinstance(it, TextRun)]
    assert not any("下转" in t or "上接" in t for t in texts)


def test_a_short_continuation_reports_overset(make_issue, square):
    short = '<continuation of="big" col="4" span="1" line="1" lines="3"/>'
    result = layout_issue(make_issue(article(lines=6), "", short), fonts=square)
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert cont.overset_lines > 0 and cont.status == "overset"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_nothing_is_lost_across_the_jump(make_issue, tmp_path):
    path = make_issue(article(), "", CONTINUATION)
    out = str(tmp_path / "j.pdf")
    result = build_issue(path, out, BuildOptions(variant="none", preflight=False))
    report = check_nothing_lost(result, out)
    assert report.ok, report.missing
    # and the check would see the rest missing if the continuation dropped it
    cont = next(b for b in result.blocks if b.kind == "continuation")
    cont.paragraphs[0] = type(cont.paragraphs[0])((), "这段转版文字从未排出。", 9)
    assert not check_nothing_lost(result, out).ok


@pytest.mark.parametrize("pages, words", [
    ((article(), '<continuation of="nope" col="4" span="3"/>'), "nope"),
    (('<continuation of="big" col="4" span="3"/>', article()), "page"),
    ((article(), CONTINUATION + '<continuation of="big" col="1" span="2" line="40"/>'), "already"),
])
def test_bad_continuations_are_input_errors(make_issue, square, pages, words, monkeypatch):
    monkeypatch.setenv("PAIBAN_LANG", "en")
    with pytest.raises(InputError) as e:
        layout_issue(make_issue(*pages), fonts=square)
    assert e.value.element == "continuation" and e.value.line > 0 and words in str(e.value)


# -- 转版 of a vertical article (竖排, issue 18 §3) ------------------------------------

def vertical_article(lines: int = 10, photo: str = "", span: int = 2) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<article id="big" direction="vertical" col="1" span="{span}" line="1" lines="{lines}">'
            f'<headline>长稿</headline>{body}{photo}</article>')


def vertical_runs(result, page: int, role: str = "P") -> list[TextRun]:
    return [it for it in result.pages[page].items
            if isinstance(it, TextRun) and it.tag and it.tag.art == "big" and it.tag.role == role]


def labels(result, page: int) -> list[TextRun]:
    return [it for it in result.pages[page].items if isinstance(it, TextRun) and it.tag is None
            and ("转" in (it.actual or "") or "接" in (it.actual or ""))]


def test_a_vertical_article_goes_on_vertically_on_the_later_page(make_issue, square):
    result = layout_issue(make_issue(vertical_article(), "", CONTINUATION), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert (big.continued_to, big.overset_lines, cont.page, cont.overset_lines) == (3, 0, 3, 0)
    part, rest = vertical_runs(result, 0), vertical_runs(result, 2)
    assert part and rest and all(r.ys for r in part + rest)                  # vertical on both pages
    # every character once, in reading order: the part, then the rest
    assert "".join(r.actual for r in part + rest) == "".join(PARAS)
    assert squeeze(big.continued_text) == "".join(r.actual for r in rest)
    assert big.chars + cont.chars == sum(len(p) for p in PARAS) + len("长稿")
    # the rest lies in the continuation's rectangle, lines right to left from its right edge
    left, right = GRID.col_x(3), GRID.col_x(5) + GRID.column_width
    assert all(left - 1e-6 <= r.x and r.x + r.size <= right + 1e-6 for r in rest)
    assert rest[0].x == max(r.x for r in rest if r.y == rest[0].y)


def test_the_vertical_jump_lines(make_issue, square):
    result = layout_issue(make_issue(vertical_article(), "", CONTINUATION), fonts=square)
    (to,), (back,) = labels(result, 0), labels(result, 2)
    assert to.actual == "（下转第3版）" and back.actual == "（上接第1版）"
    assert to.ys and back.ys                                                  # set vertically
    part = vertical_runs(result, 0)
    # （下转） ends the part: left of its last band's lines, its foot at the band's foot
    band = [r for r in part if r.y == part[-1].y]
    assert to.x < min(r.x for r in band)
    foot = band[0].y - EM_BOX_TOP * band[0].size + GRID.column_chars * GRID.body_size   # run.y: top + 0.88 em
    assert to.y + to.ys[-1] + (1 - EM_BOX_TOP) * to.size == pytest.approx(foot)    # its last cell's foot
    # （上接） heads the rest: the rightmost line of the continuation, from its top
    rest = vertical_runs(result, 2)
    assert back.x > max(r.x for r in rest) and back.y <= min(r.y for r in rest) + 1e-6
    assert result.pages[2].items.index(back) < result.pages[2].items.index(rest[0])


def test_a_short_vertical_continuation_reports_overset(make_issue, square):
    short = '<continuation of="big" col="4" span="1" line="1" lines="10"/>'
    result = layout_issue(make_issue(vertical_article(lines=10, span=1), "", short), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert big.continued_to == 3 and big.overset_lines == 0
    assert cont.overset_lines > 0 and cont.status == "overset"
    rest = "".join(r.actual for r in vertical_runs(result, 2))
    assert rest + cont.overset_text == squeeze(big.continued_text)            # nothing lost: set or reported
    assert any(w.code == "overset" for w in result.warnings)


def test_the_white_a_short_vertical_rest_leaves_is_underset(make_issue, square):
    # the rest takes a few lines of a wide band: the band left of them is 欠版
    wide = '<continuation of="big" col="4" span="3" line="1"/>'
    result = layout_issue(make_issue(vertical_article(lines=10, span=2), "", wide), fonts=square)
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert cont.overset_lines == 0
    (hole,) = [h for h in cont.holes if h.down]
    rest = vertical_runs(result, 2)
    white = min(r.x for r in rest) - GRID.col_x(3)
    assert hole.col == 4 and hole.lines == int(white // GRID.pitch + 1e-9) > 0


def test_a_vertical_article_with_a_photo_jumps_too(make_issue, square, tmp_path):
    from PIL import Image
    Image.new("RGB", (400, 300), (90, 90, 90)).save(tmp_path / "p.jpg")
    photo = '<photo id="ph" src="p.jpg"><caption>图注</caption></photo>'
    result = layout_issue(make_issue(vertical_article(photo=photo), "", CONTINUATION), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    assert big.continued_to == 3 and big.overset_lines == 0
    assert "".join(r.actual for r in vertical_runs(result, 0) + vertical_runs(result, 2)) == "".join(PARAS)
    assert vertical_runs(result, 0, "Caption")


def test_without_a_continuation_a_vertical_article_stays_overset(make_issue, square):
    result = layout_issue(make_issue(vertical_article()), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    assert big.continued_to == 0 and big.overset_lines > 0
    assert not labels(result, 0)


def test_a_continuation_on_a_page_of_another_grid_is_set_in_its_columns(tmp_path, square):
    """转版 from the bulletin's 16-character columns of 小五 to the
    tabloid's 11 of 六号: the carried text is set again for the tabloid —
    every line within its column, the cut paragraph going on unindented —
    and nothing is lost or counted twice."""
    tabloid = load_template(f"{BUILTIN_DIR}/tabloid.toml").grid
    path = tmp_path / "issue.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">'
                    f'<page number="1" section="测试" template="bulletin">{article()}</page>'
                    '<page number="2" section="测试" template="tabloid">'
                    '<continuation of="big" col="1" span="3" line="1"/></page></issue>', encoding="utf-8")
    result = layout_issue(str(path), fonts=square)
    big = next(b for b in result.blocks if b.id == "big")
    cont = next(b for b in result.blocks if b.kind == "continuation")
    assert (big.continued_to, cont.overset_lines) == (2, 0)
    assert big.chars + cont.chars == sum(len(p) for p in PARAS) + len("长稿")
    foot = tabloid.line_top(tabloid.lines)
    lines = [it for it in result.pages[1].items if isinstance(it, TextRun) and tabloid.top < it.y < foot
             and it.size == tabloid.body_size]
    assert lines and "".join(r.text for r in sorted(lines, key=lambda r: (r.x, r.y))).endswith(PARAS[-1][-10:])
    for run in lines:
        column = max(c for c in range(tabloid.columns) if tabloid.col_x(c) <= run.x + run.size / 2 + 0.01)
        # (a line's last mark may be set half-width: its first half within the column)
        assert run.x + run.xs[-1] + run.size / 2 <= tabloid.col_x(column) + tabloid.column_width + 0.01, run.text
    assert {run.size for run in lines} == {tabloid.body_size}
