"""Hypothesis strategies for random *valid* issues on the `bulletin` template
(6 columns × 92 grid lines), and the in-process build + nothing-lost oracle.

Issues are kept small (1–2 pages, a few short blocks) so that hundreds of
them build in CI within seconds; TYPESET_FUZZ_EXAMPLES asks for a longer run.
"""
from __future__ import annotations

import os
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, settings, strategies as st

from robust_support import PREVIOUS, leftovers, with_previous
from typeset.errors import InputError
from typeset.pipeline import BuildOptions, draw_issue, layout_issue, write_atomically
from typeset.verify import check_nothing_lost

COLUMNS, LINES = 6, 92
HANZI = "魏都区召开大会部署工作社区文明创建人才服务专员企业发展乡村振兴公益活动居民志愿者环境整治党建引领幸福家园"
PUNCT = "，。、；：？！“”‘’（）《》"
LATIN = ["GDP", "Python", "5G", "APP", "the", "PM2.5", "WiFi", "CEO", "A", "B"]


def fuzz_examples(default: int) -> int:
    """CI runs `default` examples; TYPESET_FUZZ_EXAMPLES=N asks for more."""
    return int(os.environ.get("TYPESET_FUZZ_EXAMPLES", default))


def fuzz_settings(default: int) -> settings:
    long_run = "TYPESET_FUZZ_EXAMPLES" in os.environ
    return settings(max_examples=fuzz_examples(default), deadline=None, derandomize=not long_run,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large], print_blob=True)


# -- text ---------------------------------------------------------------------------

_piece = st.one_of(
    st.text(HANZI, min_size=1, max_size=12),
    st.text(PUNCT, min_size=1, max_size=1),
    st.integers(0, 99999).map(str),
    st.lists(st.sampled_from(LATIN), min_size=1, max_size=3).map(" ".join),
    st.sampled_from(["——", "……", "“引号”", "（括号）", "《书名》"]),
)
words = st.lists(_piece, min_size=1, max_size=8).map("".join)
short = st.text(HANZI, min_size=1, max_size=10)


@st.composite
def paragraph(draw, first: bool = False, last: bool = False, runs: bool = True) -> str:
    parts = []
    if runs and first and draw(st.booleans()):
        parts.append(f"<dateline>本报讯（记者 {escape(draw(short))}）</dateline>")
    elif runs and draw(st.integers(0, 4)) == 0:
        parts.append(f"<runin>{escape(draw(short))}。</runin>")
    for _ in range(draw(st.integers(1, 3))):
        text = escape(draw(words))
        parts.append(f"<em>{text}</em>" if runs and draw(st.integers(0, 5)) == 0 else text)
    if runs and last and draw(st.integers(0, 3)) == 0:
        parts.append("<source>（魏宣）</source>")
    return "<p>" + "".join(parts) + "</p>"


def paragraphs(draw, n_max: int = 4) -> str:
    n = draw(st.integers(1, n_max))
    return "".join(draw(paragraph(first=k == 0, last=k == n - 1)) for k in range(n))


# -- blocks -------------------------------------------------------------------------

def _attrs(place: dict) -> str:
    return "".join(f' {k}="{v}"' for k, v in place.items() if v is not None)


def photo_xml(draw, bid: str, place: dict) -> str:
    caption = f"<caption>{escape(draw(words))}</caption>" if draw(st.booleans()) else ""
    credit = f"<credit>{escape(draw(short))} 摄</credit>" if draw(st.booleans()) else ""
    return f'<photo id="{bid}" src="images/photo.jpg"{_attrs(place)}>{caption}{credit}</photo>'


def article_xml(draw, bid: str, place: dict) -> str:
    head = ""
    if draw(st.booleans()):
        head += f"<kicker>{escape(draw(short))}</kicker>"
    lines = draw(st.lists(short, min_size=1, max_size=2))
    head += "<headline>" + "".join(f"<line>{escape(h)}</line>" for h in lines) + "</headline>"
    if draw(st.booleans()):
        head += f"<byline>本报记者{escape(draw(short))}</byline>"
    body = paragraphs(draw)
    if draw(st.integers(0, 3)) == 0:
        body += photo_xml(draw, bid + "-photo", {"span": draw(st.integers(1, 2))})
    return f'<article id="{bid}"{_attrs(place)}>{head}{body}</article>'


def briefs_xml(draw, bid: str, place: dict) -> str:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        headline = "<headline>" + "".join(f"<line>{escape(h)}</line>"
                                          for h in draw(st.lists(short, min_size=1, max_size=2))) + "</headline>"
        items.append(f"<brief>{headline}{paragraphs(draw, 2)}</brief>")
    return f'<briefs id="{bid}" label="一周要闻"{_attrs(place)}>{"".join(items)}</briefs>'


def banner_xml(draw, bid: str, place: dict) -> str:
    return f'<banner id="{bid}"{_attrs(place)}>{escape(draw(words))}</banner>'


def summary_xml(draw, bid: str, place: dict) -> str:
    body = "".join(draw(paragraph(runs=False)) for _ in range(draw(st.integers(1, 2))))
    return f'<summary id="{bid}" label="核心提示"{_attrs(place)}>{body}</summary>'


KINDS = {"article": article_xml, "briefs": briefs_xml, "banner": banner_xml,
         "summary": summary_xml, "photo": photo_xml}


def column_bands(draw) -> list[tuple[int, int]]:
    """The 6 columns cut into side-by-side bands (col, span): one pinned block each at most."""
    bands, col = [], 1
    while col <= COLUMNS:
        span = draw(st.integers(1, COLUMNS - col + 1))
        bands.append((col, span))
        col += span
    return bands


@st.composite
def page_xml(draw, number: int) -> tuple[str, list[str]]:
    """A page's XML and the ids of its articles."""
    blocks, n, articles = [], 0, []
    for col, span in column_bands(draw):           # pinned blocks first: they cannot overlap
        if draw(st.booleans()):
            line = draw(st.integers(1, LINES - 10))
            lines = draw(st.one_of(st.none(), st.integers(1, LINES - line + 1)))
            kind = draw(st.sampled_from(sorted(KINDS)))
            blocks.append(KINDS[kind](draw, f"p{number}b{n}", {"col": col, "span": span, "line": line,
                                                               "lines": lines}))
            articles += [f"p{number}b{n}"] if kind == "article" else []
            n += 1
    for _ in range(draw(st.integers(0 if blocks else 1, 3))):   # then blocks placed automatically
        span = draw(st.integers(1, COLUMNS))
        col = draw(st.one_of(st.none(), st.integers(1, COLUMNS - span + 1)))
        kind = draw(st.sampled_from(sorted(KINDS)))
        blocks.append(KINDS[kind](draw, f"p{number}b{n}", {"col": col, "span": span}))
        articles += [f"p{number}b{n}"] if kind == "article" else []
        n += 1
    if draw(st.integers(0, 4)) == 0:
        blocks.append(f'<rule col="1" span="{COLUMNS}" line="{draw(st.integers(1, LINES))}" weight="thin"/>')
    return f'<page number="{number}" section="测试" template="bulletin">{"".join(blocks)}</page>', articles


@st.composite
def valid_issue(draw) -> str:
    drawn = [draw(page_xml(k + 1)) for k in range(draw(st.integers(1, 2)))]
    pages = [xml for xml, _ in drawn]
    if len(drawn) == 2 and draw(st.booleans()):      # 转版: an article goes on to page 2
        # mostly a short, fixed-height article of its own (its text overflows), else one of page 1's
        of = "jumped"
        if drawn[0][1] and draw(st.integers(0, 3)) == 0:
            of = draw(st.sampled_from(drawn[0][1]))
        else:
            short_article = article_xml(draw, of, {"span": draw(st.integers(1, 3)), "lines": draw(st.integers(2, 8))})
            pages[0] = pages[0][:-len("</page>")] + short_article + "</page>"
        jump = f'<continuation of="{of}" span="{draw(st.integers(1, COLUMNS))}"/>'
        pages[1] = pages[1][:-len("</page>")] + jump + "</page>"
    pages = "".join(pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<issue paper={quoteattr("测试报")} date="2022-08-31">{pages}</issue>\n')


# -- the oracle ------------------------------------------------------------------------

FAST = BuildOptions(variant="none", preflight=False)


def build_and_verify(path: str, fonts, typesetters: dict, line_required: bool = False) -> str:
    """Build in process; "built" when nothing is lost, "refused" for a located
    InputError (naming the issue file and, if `line_required`, a line);
    anything else (a traceback, a lost paragraph) fails the test."""
    out = with_previous(os.path.splitext(path)[0] + ".pdf")
    try:
        result = layout_issue(path, fonts, typesetters=typesetters)
        write_atomically(draw_issue(result, fonts, FAST), out)
    except InputError as e:
        shown = str(e)
        assert e.file and shown.startswith(e.file + ":"), shown
        assert e.message.strip(), shown
        if line_required:
            assert e.file == path and e.line > 0, shown
        with open(out, "rb") as f:
            assert f.read() == PREVIOUS, "a refused build touched the previous PDF"
        assert not leftovers(os.path.dirname(out))
        return "refused"
    report = check_nothing_lost(result, out)
    assert report.ok, report.missing
    return "built"
