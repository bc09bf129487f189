"""转版: an article that does not fit goes on in a <continuation> on a later
page — （下转第N版） at the foot of its part, （上接第M版） at the head of the
rest, every character on a page or reported, nothing counted twice."""
from __future__ import annotations

import shutil

import pytest

from typeset.display import TextRun
from typeset.errors import InputError
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
