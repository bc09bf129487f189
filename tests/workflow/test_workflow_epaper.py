"""paiban epaper: page JPEGs from the proof's rendering, issue.json with every
article's text and regions, a static index.html whose regions open the
articles (clicked in a real headless Chromium), NewsML-G2 news items valid
against IPTC's schema, the same bytes every time, the folder replaced whole."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from headless import Browser, find_browser
from workflow_helpers import REPO, copy_sample, paiban

SCHEMA = REPO / "tests" / "data" / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd.gz"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
CHARITY_FIRST = "本报讯（记者 许廷合 通讯员 侯鹏）8月27日，魏都区召开2022年乡村振兴河南专场暨“99公益日”活动冲刺动员大会"


@pytest.fixture(scope="module")
def placed(tmp_path_factory) -> Path:
    """The sample with a place (NewsML-G2 located), in a folder of its own."""
    issue = copy_sample(tmp_path_factory.mktemp("epaper-in"))
    text = issue.read_text(encoding="utf-8").replace('edition="周刊"', 'edition="周刊" place="河南省许昌市魏都区"', 1)
    issue.write_text(text, encoding="utf-8")
    return issue


@pytest.fixture(scope="module")
def built(placed, tmp_path_factory):
    """One e-paper of the sample at the default sizes: (exit status, stdout, folder, files)."""
    folder = tmp_path_factory.mktemp("epaper") / "out"
    code, out, err = paiban("epaper", placed, "-o", folder, "--lang", "en")
    assert code == 0, err
    return code, out, folder, read_tree(folder)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def issue_json(built) -> dict:
    return json.loads(built[3]["issue.json"])


def article(built, story_id: str) -> dict:
    return next(a for a in issue_json(built)["articles"] if a["id"] == story_id)


# -- the files -----------------------------------------------------------------------

def test_every_page_in_two_sizes_and_every_article_as_newsml(built):
    _, out, folder, files = built
    pages = sorted(n for n in files if n.startswith("pages/"))
    assert pages == ["pages/p1-1600.jpg", "pages/p1-400.jpg", "pages/p2-1600.jpg", "pages/p2-400.jpg"]
    for name in pages:
        with Image.open(io.BytesIO(files[name])) as im:
            width = int(name.rsplit("-", 1)[1].split(".")[0])
            assert im.format == "JPEG" and im.width == width and im.height == round(width * 1544.88 / 1105.51)
    ids = [a["id"] for a in issue_json(built)["articles"]]
    assert ids == ["week-news-1", "week-news-2", "week-news-3", "charity-drive", "defence-education",
                   "talent-service", "happy-community", "dongli-village", "school-grants"]
    assert sorted(n for n in files if n.startswith("newsml/")) == sorted(f"newsml/{i}.xml" for i in ids)
    assert {"index.html", "issue.json", ".paiban-epaper"} <= set(files)
    assert "2 pages, 9 articles" in out


def test_the_pages_are_the_proofs_rendering(built, placed):
    """The pages look like `paiban proof`'s (same drawing, same renderer):
    compared at 100 px wide, where the e-paper's downsampling from 1600 px and
    JPEG noise fade; the other page, for scale, is far off."""
    import numpy as np
    from typeset.pipeline import layout_issue, load_fonts
    from typeset.workflow.proof import render_pages
    fonts = load_fonts()
    proofs = render_pages(layout_issue(str(placed), fonts), fonts, width=400)

    def small(image):
        return np.asarray(image.convert("RGB").resize((100, 140), Image.Resampling.BOX)).astype(int)
    with Image.open(io.BytesIO(built[3]["pages/p1-400.jpg"])) as im:
        ours = small(im)
    assert np.abs(ours - small(proofs[0])).mean() < 8
    assert np.abs(ours - small(proofs[1])).mean() > 25


def test_issue_json_holds_the_article_and_its_region(built):
    data = issue_json(built)
    assert built[3]["issue.json"].decode() == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert (data["paper"], data["date"], data["issue_no"], data["sizes"]) == (
        "魏都区报", "2022-08-31", "35", [1600, 400])
    charity = article(built, "charity-drive")
    assert (charity["page"], charity["kicker"], charity["headline"]) == (
        1, "魏都区", "召开2022年乡村振兴河南专场暨“99公益日”活动冲刺动员大会")
    assert charity["headline_lines"] == ["召开2022年乡村振兴河南专场", "暨“99公益日”活动冲刺动员大会"]
    assert charity["dateline"] == "本报讯（记者 许廷合 通讯员 侯鹏）"
    assert charity["byline"] == "记者 许廷合 通讯员 侯鹏"           # no <byline>: the dateline's names
    assert len(charity["paragraphs"]) == 3 and charity["paragraphs"][0].startswith(CHARITY_FIRST)
    [region] = charity["regions"]
    from typeset.style.template import BUILTIN_DIR, load_template
    grid = load_template(f"{BUILTIN_DIR}/bulletin-front.toml").grid
    assert region["page"] == 1
    assert region["pt"]["x"] == pytest.approx(grid.col_x(1), abs=0.01)             # col="2" span="3"
    assert region["pt"]["w"] == pytest.approx(grid.span_width(3), abs=0.01)
    for size in ("1600", "400"):
        scale = int(size) / data["pages"][0]["size_pt"]["w"]
        for key in "xywh":
            assert region["px"][size][key] == pytest.approx(region["pt"][key] * scale, abs=1)


def test_photos_carry_caption_credit_and_where_they_are_printed(built):
    talent = article(built, "talent-service")
    [photo] = talent["photos"]
    assert (photo["id"], photo["src"], photo["credit"]) == ("talent-meeting", "images/talent-meeting.jpg", "许廷合 摄")
    assert photo["caption"].startswith("8月23日，魏都区召开人才服务专员队伍选派动员大会")
    inner, outer = photo["region"]["pt"], talent["regions"][0]["pt"]
    assert outer["x"] <= inner["x"] and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + 0.01
    assert outer["y"] <= inner["y"] and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + 0.01
    with Image.open(io.BytesIO(built[3][photo["file"]])) as im:
        assert im.size == (photo["region"]["px"]["1600"]["w"], photo["region"]["px"]["1600"]["h"])
    news = article(built, "defence-education")
    assert news["kind"] == "photo" and news["photos"][0]["caption"].startswith("正值“开学季”")


def test_briefs_are_articles_of_their_column(built):
    first = article(built, "week-news-1")
    assert first["kind"] == "brief" and first["group"] == {"id": "week-news", "label": "一周要闻"}
    assert first["headline"] == "李朝锋带队调研督导全区常态化疫情防控和创文工作"
    assert first["regions"] == article(built, "week-news-3")["regions"]


def test_a_continued_article_has_a_region_on_both_pages(tmp_path):
    """转版: the <continuation>'s rectangle on the later page is the article's too."""
    from typeset.pipeline import layout_issue, load_fonts
    from typeset.workflow.epaper import collect
    sentence = "魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创工作新局面。"
    body = "".join(f"<p>{sentence * 3}</p>" for _ in range(4))
    issue = tmp_path / "jump.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">'
                     '<page number="1" template="bulletin"><article id="big" col="1" span="2" line="1" '
                     f'lines="10"><headline>长稿</headline>{body}</article></page>'
                     '<page number="2" template="bulletin"><continuation of="big" col="4" span="3" line="1"/>'
                     '</page></issue>', encoding="utf-8")
    pages, stories = collect(layout_issue(str(issue), load_fonts()))
    [big] = stories
    assert [r.page for r in big.regions] == [1, 2] and big.pages == [1, 2]
    assert big.regions[1].x > big.regions[0].x + big.regions[0].w                  # columns 4–6
    assert len(big.paragraphs) == 4                                                 # the text once, whole


def test_a_story_turned_under_a_neighbour_is_clickable_in_both_parts(tmp_path):
    """刀把: the head's columns and the leg under the neighbour are two regions, not one box over the neighbour."""
    from typeset.pipeline import layout_issue, load_fonts
    from typeset.workflow.epaper import collect
    sentence = "魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创工作新局面。"
    issue = tmp_path / "turn.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">'
                     '<page number="1" template="bulletin"><article id="side" col="5" span="2" line="1" lines="10">'
                     f'<headline>短稿</headline><p>{sentence}</p></article><article id="long"><headline>长稿</headline>'
                     + "".join(f"<p>{sentence * 3}</p>" for _ in range(60)) + '</article></page></issue>',
                     encoding="utf-8")
    _, stories = collect(layout_issue(str(issue), load_fonts()))
    long_story, side = (next(s for s in stories if s.id == k) for k in ("long", "side"))
    head, leg = long_story.regions
    [box] = side.regions
    assert leg.x >= head.x + head.w and leg.y >= box.y + box.h                   # the leg is under the neighbour
    assert abs(leg.y + leg.h - (head.y + head.h)) < 0.01                         # and ends where the head's columns do


# -- NewsML-G2 -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def newsml_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_every_news_item_is_valid_newsml_g2(built, newsml_schema):
    items = {n: d for n, d in built[3].items() if n.startswith("newsml/")}
    for name, data in items.items():
        doc = etree.fromstring(data)                                   # well-formed
        assert newsml_schema.validate(doc), (name, newsml_schema.error_log.last_error)


def test_the_news_item_of_the_charity_article(built):
    doc = etree.fromstring(built[3]["newsml/charity-drive.xml"])
    meta = doc.find(f"{NAR}contentMeta")
    assert doc.get("standard") == "NewsML-G2" and doc.get("guid").startswith("urn:uuid:")
    assert doc.find(f"{NAR}itemMeta/{NAR}itemClass").get("qcode") == "ninat:text"
    assert meta.findtext(f"{NAR}headline") == "召开2022年乡村振兴河南专场暨“99公益日”活动冲刺动员大会"
    assert meta.findtext(f"{NAR}by") == "记者 许廷合 通讯员 侯鹏"
    assert meta.findtext(f"{NAR}dateline") == "本报讯（记者 许廷合 通讯员 侯鹏）"
    assert meta.findtext(f"{NAR}located/{NAR}name") == "河南省许昌市魏都区"
    assert meta.findtext(f"{NAR}contentCreated") == "2022-08-31"
    xhtml = "{http://www.w3.org/1999/xhtml}"
    body = doc.find(f"{NAR}contentSet/{NAR}inlineXML/{xhtml}html/{xhtml}body")
    paragraphs = ["".join(p.itertext()) for p in body.findall(f"{xhtml}p") if not p.get("class")]
    assert len(paragraphs) == 3 and paragraphs[0].startswith(CHARITY_FIRST)


# -- bytes and the folder --------------------------------------------------------------

def test_the_same_issue_gives_the_same_bytes_and_replaces_the_folder(built, placed):
    _, _, folder, files = built
    (folder / "stale.txt").write_text("left from an earlier run")
    code, _, err = paiban("epaper", placed, "-o", folder, "-q")
    assert code == 0, err
    assert read_tree(folder) == files                       # byte for byte; the stale file is gone


def test_a_folder_with_other_files_is_refused(placed, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code, _, err = paiban("epaper", placed, "-o", mine, "--lang", "en")
    assert code == 2 and "paiban did not write it" in err and str(mine) in err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    code, _, err = paiban("epaper", placed, "-o", placed.parent, "--lang", "en")   # the issue's own folder
    assert code == 2 and placed.exists()


def test_bad_sizes_are_a_usage_error(placed, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        paiban("epaper", placed, "-o", tmp_path / "e", "--sizes", "1600,x")
    assert exit_.value.code == 2 and not (tmp_path / "e").exists()


# -- in a browser ------------------------------------------------------------------------

@pytest.mark.skipif(not find_browser(), reason="chromium not installed (scripts/bootstrap.sh --test)")
def test_clicking_the_charity_region_opens_its_text(built):
    """A real mouse click on the article's region in headless Chromium: the
    article becomes the :target, shows, and starts with its first paragraph."""
    index = built[2] / "index.html"
    with Browser(find_browser()) as browser:
        browser.open(index.as_uri())
        x, y, hit = browser.evaluate("""(() => {
            const a = document.querySelector('a.region[href="#charity-drive"]');
            a.scrollIntoView({block: 'center'});
            const r = a.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            return [x, y, document.elementFromPoint(x, y).getAttribute('href')];
        })()""")
        assert hit == "#charity-drive"                   # the link is on top of the page image there
        assert browser.evaluate("document.querySelector('#charity-drive').getBoundingClientRect().width") == 0
        browser.click(x, y)
        assert browser.wait_for("location.hash") == "#charity-drive"
        shown = browser.evaluate("""(() => {
            const t = document.querySelector(':target'), r = t.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {id: t.id, width: r.width, onTop: top && top.closest('article') === t,
                    first: t.querySelector('p.body').textContent};
        })()""")
    assert shown["id"] == "charity-drive" and shown["width"] > 200 and shown["onTop"]
    assert shown["first"].startswith(CHARITY_FIRST)


# -- paiban batch --epaper -----------------------------------------------------------------

def test_batch_writes_the_epaper_next_to_each_pdf_and_keeps_it_up_to_date(built, placed, tmp_path):
    out = tmp_path / "pdf"
    run = ("batch", placed, "-o", out, "--workers", "1", "--lang", "en", "-q")
    code, _, err = paiban(*run, "--epaper")
    assert code == 0, err
    assert (out / "sample.pdf").read_bytes()[:5] == b"%PDF-"
    assert read_tree(out / "sample-epaper") == built[3]            # the same files as paiban epaper
    record = json.loads((out / ".paiban-batch" / "sample.pdf.json").read_text(encoding="utf-8"))
    assert record["epaper"]["format"] == 1 and len(record["epaper"]["digest"]) == 64

    code, stdout, _ = paiban(*run[:-1], "--epaper")
    assert code == 0 and "1 skipped" in stdout                      # PDF and e-paper as written
    code, stdout, _ = paiban(*run[:-1])
    assert code == 0 and "1 skipped" in stdout                      # no --epaper: the PDF decides

    page = out / "sample-epaper" / "pages" / "p1-400.jpg"
    page.write_bytes(page.read_bytes()[:-10])                       # someone damaged the e-paper
    code, stdout, _ = paiban(*run[:-1], "--epaper")
    assert code == 0 and "1 built" in stdout
    assert read_tree(out / "sample-epaper") == built[3]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "rename-aside"])
def test_a_folder_is_replaced_whole(tmp_path, monkeypatch, exchange):
    """The new folder takes the old one's place; nothing of the old one stays, no staging is left."""
    from typeset import outputs
    if not exchange:
        monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    folder = tmp_path / "e"
    outputs.write_tree(str(folder), {".m": b"", "a/old.txt": b"old", "x.txt": b"1"}, ".m")
    outputs.write_tree(str(folder), {".m": b"", "x.txt": b"2"}, ".m")
    assert read_tree(folder) == {".m": b"", "x.txt": b"2"}
    assert [p.name for p in tmp_path.iterdir()] == ["e"]
