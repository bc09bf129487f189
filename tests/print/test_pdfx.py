"""finish_pdf: ReportLab PDF → PDF/X-1a / X-4 / X-4+A-2b that passes preflight, qpdf and pdffonts."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pikepdf
import pytest
from reportlab.lib.colors import CMYKColor

from typeset.errors import TypesetError
from typeset.print.pdfx import PdfMeta, finish_pdf
from typeset.print.preflight import preflight

from print_fixtures import META, build_pdf, good_page, write

needs = pytest.mark.skipif(not (shutil.which("qpdf") and shutil.which("pdffonts")),
                           reason="qpdf/poppler-utils not installed")


@pytest.fixture(scope="module")
def finished(good_bytes) -> dict[str, bytes]:
    return {v: finish_pdf(good_bytes, META, v) for v in ("x1a", "x4", "archive")}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("variant,header", [("x1a", b"%PDF-1.3"), ("x4", b"%PDF-1.6"),
                                            ("archive", b"%PDF-1.6")])
def test_finished_pdf_passes_preflight(tmp_path, finished, variant, header):
    data = finished[variant]
    assert data.startswith(header)
    report = preflight(write(tmp_path, f"{variant}.pdf", data), ink=(variant == "x1a"))
    assert report.ok, report.to_text()
    assert report.counts()["warn"] == 0, report.to_text()


@needs
def test_x1a_passes_qpdf_and_pdffonts(tmp_path, finished):
    path = write(tmp_path, "x1a.pdf", finished["x1a"])
    assert subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0
    rows = subprocess.run(["pdffonts", path], capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows   # emb column


def test_identification_and_intent(finished):
    with pikepdf.open(io.BytesIO(finished["x1a"])) as pdf:
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert str(info.Trapped) == "/False"
        assert str(info.CreationDate).startswith("D:20261127")
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "IFRA26"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "/DestOutputProfile" not in intent
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<xmpTPg:NPages>2</xmpTPg:NPages>" in xmp and "测试日报" in xmp


def test_archive_is_dual_with_one_shared_profile(finished):
    with pikepdf.open(io.BytesIO(finished["archive"])) as pdf:
        x, a = pdf.Root.OutputIntents
        assert (str(x.S), str(a.S)) == ("/GTS_PDFX", "/GTS_PDFA1")
        assert x.DestOutputProfile.objgen == a.DestOutputProfile.objgen
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B" in xmp
        assert "/Filter" not in pdf.Root.Metadata     # XMP stays readable as plain text


def test_output_is_byte_identical(good_bytes):
    again = build_pdf(good_page, pages=2)
    for variant in ("x1a", "archive"):
        assert sha(finish_pdf(good_bytes, META, variant)) == sha(finish_pdf(again, META, variant))


def test_ids_differ_between_issues(good_bytes):
    other = PdfMeta(**{**META.__dict__, "date": "2026-11-28"})
    with pikepdf.open(io.BytesIO(finish_pdf(good_bytes, META))) as a, \
            pikepdf.open(io.BytesIO(finish_pdf(good_bytes, other))) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])


def test_x1a_refuses_real_transparency():
    def translucent(c, _):
        c.setFillColor(CMYKColor(0, 1, 0, 0, alpha=0.5))
        c.rect(10, 10, 50, 50, stroke=0, fill=1)
    with pytest.raises(TypesetError, match="transparency"):
        finish_pdf(build_pdf(translucent), META, "x1a")


def _with_object(pdf_bytes: bytes, where: str, key: str, value) -> bytes:
    """pdf_bytes with `key: value` written into one object: a new ExtGState
    of page 1, an image's dictionary, or the page itself (/Group)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        page = pdf.pages[0]
        if where == "extgstate":
            egs = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState))
            egs[key] = value
            page.Resources.ExtGState = pikepdf.Dictionary(GSx=egs)
        elif where == "direct extgstate":
            page.Resources.ExtGState = pikepdf.Dictionary(GSx=pikepdf.Dictionary({key: value}))
        else:
            page.obj[key] = value
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("where, key, value", [
    ("extgstate", "/ca", 0.5), ("extgstate", "/CA", 0.25),
    ("direct extgstate", "/BM", pikepdf.Name.Multiply),
    ("direct extgstate", "/BM", pikepdf.Array([pikepdf.Name.Screen])),
    ("extgstate", "/SMask", pikepdf.Dictionary(S=pikepdf.Name.Luminosity)),
    ("page", "/Group", pikepdf.Dictionary(S=pikepdf.Name.Transparency)),
])
def test_every_kind_of_transparency_is_seen_without_the_walk(good_bytes, where, key, value):
    """refuse_transparency walks the content streams only when an object
    could make transparency: each kind is such an object."""
    from typeset.print.pdfx import transparency_possible
    with pikepdf.open(io.BytesIO(good_bytes)) as pdf:
        assert not transparency_possible(pdf)
    with pikepdf.open(io.BytesIO(_with_object(good_bytes, where, key, value))) as pdf:
        assert transparency_possible(pdf)


@pytest.mark.parametrize("where, key, value", [
    ("extgstate", "/ca", 1.0), ("direct extgstate", "/BM", pikepdf.Name.Normal),
    ("extgstate", "/SMask", pikepdf.Name("/None")),
])
def test_opaque_settings_are_not_transparency(good_bytes, where, key, value):
    from typeset.print.pdfx import transparency_possible
    with pikepdf.open(io.BytesIO(_with_object(good_bytes, where, key, value))) as pdf:
        assert not transparency_possible(pdf)


def test_an_image_soft_mask_is_seen(good_bytes):
    from typeset.print.pdfx import transparency_possible
    with pikepdf.open(io.BytesIO(good_bytes)) as pdf:
        mask = pikepdf.Stream(pdf, b"\x00", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                              Width=1, Height=1, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
        image = pikepdf.Stream(pdf, b"\x00\x00\x00\x00", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=1, Height=1, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
        image.SMask = mask
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Im9=image)
        assert transparency_possible(pdf)


def test_bad_profile_path_is_reported(good_bytes, monkeypatch, tmp_path):
    monkeypatch.setenv("TYPESET_CMYK_PROFILE", write(tmp_path, "x.icc", b"not a profile"))
    with pytest.raises(TypesetError, match="ICC"):
        finish_pdf(good_bytes, META, "x4")


def test_bad_date_is_reported(good_bytes):
    with pytest.raises(TypesetError, match="ISO date"):
        finish_pdf(good_bytes, PdfMeta(**{**META.__dict__, "date": "27/11/2026"}))


def test_pdfa_info_must_match_xmp(tmp_path, finished):
    with pikepdf.open(io.BytesIO(finished["archive"])) as pdf:
        assert preflight_status(pdf, tmp_path, "pdfa.info_xmp") == "pass"
        pdf.trailer.Info.Title = pikepdf.String("另一个标题")
        assert preflight_status(pdf, tmp_path, "pdfa.info_xmp") == "fail"


def preflight_status(pdf: pikepdf.Pdf, tmp_path, check: str) -> str:
    path = tmp_path / "edited.pdf"
    pdf.save(path, fix_metadata_version=False)
    return preflight(str(path), ink=False).status_of(check)
