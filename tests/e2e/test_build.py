"""End to end: build the sample issue as a user would, then read the PDF back."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

from typeset.model.parse import parse_issue
from typeset.pipeline import BuildOptions, build_issue
from typeset.verify import check_nothing_lost, pdf_text, squeeze

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def paiban(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "typeset", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("build") / "sample.pdf")
    run = paiban("build", SAMPLE, "-o", out)
    assert run.returncode == 0, run.stderr
    return out, run


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_build_reports_pages_and_passes_its_preflight(built):
    out, run = built
    assert "2 pages" in run.stdout and "0 overset" in run.stdout
    assert "0 warn, 0 fail" in run.stdout + run.stderr          # the print shop gets a clean file


@needs_poppler
def test_every_paragraph_is_in_the_pdf_in_order(built):
    out, _ = built
    text = squeeze(pdf_text(out))
    pos = 0
    issue = parse_issue(SAMPLE)
    for page in issue.pages:
        for block in page.blocks:
            for para in getattr(block, "paragraphs", ()):
                found = text.find(squeeze(para.text), pos)
                assert found >= 0, f"{block.id}: {para.text[:20]}… not found after position {pos}"
                pos = found


@needs_poppler
def test_nothing_lost_check_passes_on_the_sample(built):
    result = build_issue(SAMPLE, built[0] + ".again.pdf", BuildOptions(variant="none"))
    report = check_nothing_lost(result, built[0] + ".again.pdf")
    assert report.ok, report.missing
    assert report.checked > 50


@needs_poppler
def test_fonts_are_the_four_faces_all_embedded(built):
    out = subprocess.run(["pdffonts", built[0]], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\syes\s+yes\s+yes\s", row), row          # emb, sub, uni
    names = {re.sub(r"^[A-Z]{6}\+", "", r.split()[0]) for r in rows}
    assert names == {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Bold", "WenKaiGB-Regular"}


@needs_poppler
def test_every_page_has_a_trimbox_at_trim_size(built):
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "2", built[0]], capture_output=True, text=True).stdout
    trims = re.findall(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
    assert len(trims) == 2
    for x0, y0, x1, y1 in trims:
        assert abs(float(x1) - float(x0) - 1105.51) < 0.1 and abs(float(y1) - float(y0) - 1544.88) < 0.1


@needs_poppler
def test_bleed_box_lies_3mm_outside_the_trim(tmp_path):
    out = str(tmp_path / "bleed.pdf")
    assert paiban("build", SAMPLE, "-o", out, "--bleed", "--no-preflight").returncode == 0
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "1", out], capture_output=True, text=True).stdout
    trim = [float(v) for v in re.search(r"TrimBox:\s+([\d.\s]+)", info).group(1).split()]
    bleed = [float(v) for v in re.search(r"BleedBox:\s+([\d.\s]+)", info).group(1).split()]
    mm3 = 3 * 72 / 25.4
    assert ([round(b - t, 2) for b, t in zip(bleed, trim)]
            == [round(-mm3, 2), round(-mm3, 2), round(mm3, 2), round(mm3, 2)])


def test_same_issue_gives_the_same_bytes(built, tmp_path):
    """SOURCE_DATE_EPOCH (which ReportLab reads), the time zone, the locale
    and the working directory leave the bytes as they are (issue 15 §6)."""
    again = str(tmp_path / "again.pdf")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(SOURCE_DATE_EPOCH="1700000000", TZ="Asia/Shanghai", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    run = paiban("build", SAMPLE, "-o", again, "--no-preflight", cwd=str(tmp_path), env=env)
    assert run.returncode == 0, run.stderr
    assert sha256(again) == sha256(built[0])


def test_a_build_after_another_in_one_process_gives_the_same_bytes(built, tmp_path):
    """A process that built another issue first (paiban watch, a batch
    worker) writes the sample byte for byte as a fresh `paiban build` does:
    the alias code points that process met first (draw/aliases.py) do not
    reach the subset tags (draw/rlfonts.subset_tag)."""
    build_issue(os.path.join(ROOT, "issues", "tabloid.xml"), str(tmp_path / "first.pdf"),
                BuildOptions(preflight=False))
    build_issue(SAMPLE, str(tmp_path / "after.pdf"), BuildOptions(preflight=False))
    fresh = str(tmp_path / "fresh.pdf")
    run = paiban("build", SAMPLE, "-o", fresh, "--no-preflight")
    assert run.returncode == 0, run.stderr
    assert sha256(str(tmp_path / "after.pdf")) == sha256(fresh)


def test_document_ids_come_from_the_input(built, tmp_path):
    """The trailer /ID and XMP DocumentID follow the issue's content, and a
    copy of the issue under another name and folder keeps them."""
    import pikepdf
    from typeset.print.xmpread import read_xmp

    def ids(path):
        with pikepdf.open(path) as pdf:
            return bytes(pdf.trailer.ID[0]), read_xmp(pdf)["xmpMM:DocumentID"]
    (tmp_path / "copy").mkdir()
    shutil.copytree(os.path.join(ROOT, "issues", "images"), tmp_path / "copy" / "images")
    text = open(SAMPLE, encoding="utf-8").read()
    (tmp_path / "copy" / "other-name.xml").write_text(text, encoding="utf-8")
    (tmp_path / "edited.xml").write_text(text.replace("</p>", "改。</p>", 1), encoding="utf-8")
    shutil.copytree(os.path.join(ROOT, "issues", "images"), tmp_path / "images")
    for name in ("copy/other-name.xml", "edited.xml"):
        build_issue(str(tmp_path / name), str(tmp_path / (name.replace("/", "-") + ".pdf")),
                    BuildOptions(preflight=False))
    assert ids(str(tmp_path / "copy-other-name.xml.pdf")) == ids(built[0])
    edited = ids(str(tmp_path / "edited.xml.pdf"))
    assert edited[0] != ids(built[0])[0] and edited[1] != ids(built[0])[1]


def test_an_empty_cache_gives_the_same_bytes(built, tmp_path):
    """Font digests, metrics, ReportLab faces and prepared photos all come
    from the cache dir on a warm build; a cold one elsewhere (photos named by
    their content, never by a cache path) writes the same file."""
    cold = str(tmp_path / "cold.pdf")
    env = dict(os.environ, TYPESET_CACHE_DIR=str(tmp_path / "fresh-cache"))
    run = paiban("build", SAMPLE, "-o", cold, "--no-preflight", env=env)
    assert run.returncode == 0, run.stderr
    assert sha256(cold) == sha256(built[0])
    assert os.listdir(tmp_path / "fresh-cache" / "images")            # the photos were prepared there


@pytest.mark.parametrize("xml, expected", [
    ('<issue paper="报" date="2022-08-31"><page number="1" template="bulletin">', "issue.xml:1:"),
    ('<issue paper="报" date="2022-08-31"><page number="1" template="bulletin">'
     '<story id="x"/></page></issue>', "story"),
    ('<issue paper="报" date="2022-08-31"><page number="1" template="bulletin"><photo id="p"/></page></issue>', "src"),
])
def test_bad_input_exits_2_names_the_place_and_leaves_no_pdf(tmp_path, xml, expected):
    src = tmp_path / "issue.xml"
    src.write_text(xml, encoding="utf-8")
    out = tmp_path / "issue.pdf"
    run = paiban("build", str(src), "-o", str(out))
    assert run.returncode == 2
    assert re.search(r"issue\.xml:\d+:\d+:", run.stderr), run.stderr
    assert expected in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".paiban-")]


def test_failed_build_keeps_the_previous_pdf(tmp_path):
    src = tmp_path / "issue.xml"
    src.write_text('<issue paper="报" date="2022-08-31"><page number="1" template="bulletin"><oops/></page></issue>',
                   encoding="utf-8")
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"%PDF-previous")
    assert paiban("build", str(src), "-o", str(out)).returncode == 2
    assert out.read_bytes() == b"%PDF-previous"


def test_cli_py_and_module_entry_points_agree(tmp_path):
    run = subprocess.run([sys.executable, os.path.join(ROOT, "cli.py"), "validate", SAMPLE],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0 and "valid" in run.stdout


def test_the_format_reference_example_builds(tmp_path):
    """docs/format.md's complete example is a real issue: it builds with nothing overset."""
    doc = open(os.path.join(ROOT, "docs", "format.md"), encoding="utf-8").read()
    example = doc.split("```xml", 1)[1].split("```", 1)[0]
    (tmp_path / "example.xml").write_text(example.lstrip(), encoding="utf-8")
    shutil.copytree(os.path.join(ROOT, "issues", "images"), tmp_path / "images")
    run = paiban("check", str(tmp_path / "example.xml"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_check_reports_a_missing_photo_like_build_does(tmp_path):
    src = tmp_path / "issue.xml"
    src.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="报" date="2022-08-31">\n'
                   '<page number="1" template="bulletin">\n'
                   '<photo id="p" src="images/nope.jpg" col="1" span="2"><credit>某 摄</credit></photo>\n'
                   '</page></issue>', encoding="utf-8")
    for command in ("check", "build"):
        run = paiban(command, str(src), "--lang", "en")
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith(f"{src}:4:") and "nope.jpg" in run.stderr
