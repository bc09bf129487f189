"""Document-level preflight checks: a pikepdf.Pdf → Checks on version, identification, boxes, fonts.

Rules and their sources are the table in print-ready.md §2 (numbered rows
cited as "§2 #n").
"""
from __future__ import annotations

from typing import Any, Optional

import pikepdf

from ..display.boxes import PT_PER_MM
from .report import PreflightReport
from .xmpread import read_xmp

# GTS_PDFXVersion (+ Conformance) → (variant, highest header allowed), §2 #1-2
PDFX_VERSIONS = {
    "PDF/X-1a:2001": ("x1a", "1.3"), "PDF/X-1a:2003": ("x1a", "1.4"),
    "PDF/X-3:2002": ("x3", "1.3"), "PDF/X-3:2003": ("x3", "1.4"),
    "PDF/X-4": ("x4", "1.6"), "PDF/X-4p": ("x4", "1.6"),
}
BOX_TOLERANCE_PT = 0.01
BLEED_TOLERANCE_MM = 0.1


def pdfx_version(pdf: pikepdf.Pdf) -> Optional[str]:
    """The PDF/X version the file claims: X-1a names its conformance level, X-4 its version."""
    info: Any = pdf.trailer.get("/Info", {})         # a pikepdf Dictionary, or {} without one
    claimed = str(info.get("/GTS_PDFXConformance", "")) or str(info.get("/GTS_PDFXVersion", ""))
    if not claimed:
        claimed = read_xmp(pdf).get("pdfxid:GTS_PDFXVersion", "")
    return claimed or None


def detect_variant(pdf: pikepdf.Pdf) -> str:
    return PDFX_VERSIONS.get(pdfx_version(pdf) or "", ("none", ""))[0]


def check_file(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    claimed = pdfx_version(pdf)
    if claimed is None:
        report.add("pdfx.identification", "fail", "no GTS_PDFXVersion: not a PDF/X file")
    elif claimed not in PDFX_VERSIONS:
        report.add("pdfx.identification", "fail", f"unknown PDF/X version {claimed!r}")
    else:
        report.add("pdfx.identification", "pass", claimed)
        _check_header(pdf, claimed, report)
    if pdf.is_encrypted:
        report.add("file.encryption", "fail", "file is encrypted (forbidden, §2 #13)")
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2:
        report.add("file.trailer_id", "fail", "trailer /ID missing (§2 #6)")
    else:
        report.add("file.trailer_id", "pass", bytes(ids[0]).hex()[:16])


def _check_header(pdf, claimed, report) -> None:
    limit = PDFX_VERSIONS[claimed][1]
    version = pdf.pdf_version
    status = "pass" if tuple(map(int, version.split("."))) <= tuple(map(int, limit.split("."))) else "fail"
    report.add("file.version", status, f"header {version}, {claimed} allows ≤ {limit} (§2 #1)")


def check_info(pdf: pikepdf.Pdf, variant: str, report: PreflightReport) -> None:
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    missing = [k for k in ("/Title", "/CreationDate", "/ModDate") if not str(info.get(k, ""))]
    if missing:
        status = "fail" if variant in ("x1a", "x3") else "warn"
        report.add("info.keys", status, "Info lacks " + ", ".join(m[1:] for m in missing) + " (§2 #4)")
    else:
        report.add("info.keys", "pass", f"Title {str(info.Title)!r}")
    trapped = str(info.get("/Trapped", ""))
    if trapped in ("/True", "/False"):
        report.add("info.trapped", "pass", f"Trapped {trapped}")
    else:
        report.add("info.trapped", "fail", f"Trapped must be /True or /False, is {trapped or 'absent'} (§2 #5)")


def check_xmp(pdf: pikepdf.Pdf, variant: str, report: PreflightReport) -> None:
    if "/Metadata" not in pdf.Root:
        status = "fail" if variant == "x4" else "pass"
        why = " (required by X-4, §2 #3)" if status == "fail" else " (optional)"
        report.add("xmp.metadata", status, "no XMP metadata" + why)
        return
    meta = read_xmp(pdf)
    if "_error" in meta:
        report.add("xmp.metadata", "fail", meta["_error"])
        return
    pdfx = meta.get("pdfxid:GTS_PDFXVersion")
    part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    doc_id = meta.get("xmpMM:DocumentID")
    if variant == "x4" and (not pdfx or not doc_id):
        report.add("xmp.metadata", "fail", "X-4 XMP needs pdfxid:GTS_PDFXVersion and xmpMM:DocumentID (§2 #3)")
        return
    claim = f"PDF/A-{part}{(conformance or '').lower()}" if part else "no PDF/A claim"
    report.add("xmp.metadata", "pass", f"XMP present, {pdfx or 'no pdfxid'}, {claim}")


def _icc_header(stream) -> tuple[str, str]:
    data = stream.read_bytes()[:24]
    return data[12:16].decode("latin-1"), data[16:20].decode("latin-1")


def check_output_intent(pdf: pikepdf.Pdf, variant: str, report: PreflightReport) -> None:
    intents = list(pdf.Root.get("/OutputIntents", []))
    pdfx = [oi for oi in intents if str(oi.get("/S")) == "/GTS_PDFX"]
    if len(pdfx) != 1:
        report.add("pdfx.output_intent", "fail", f"{len(pdfx)} GTS_PDFX OutputIntents, need exactly 1 (§2 #7)")
        return
    oi = pdfx[0]
    ident = str(oi.get("/OutputConditionIdentifier", ""))
    profile = oi.get("/DestOutputProfile")
    if profile is not None:
        cls, space = _icc_header(profile)
        ok = cls == "prtr" and space == "CMYK"
        report.add("pdfx.output_intent", "pass" if ok else "fail",
                   f"{ident}, embedded profile class {cls!r} space {space!r} (§2 #8)")
    elif variant == "x4":
        report.add("pdfx.output_intent", "fail", f"{ident}: X-4 needs the profile embedded (§2 #7)")
    elif str(oi.get("/RegistryName", "")).rstrip("/") != "http://www.color.org":
        report.add("pdfx.output_intent", "fail",
                   f"{ident}: no profile and no RegistryName http://www.color.org (§2 #7)")
    else:
        report.add("pdfx.output_intent", "pass", f"{ident} (registered characterisation, §2 #7)")
    _check_pdfa_intent(intents, oi, report)


def _check_pdfa_intent(intents, pdfx_intent, report) -> None:
    """A PDF/X + PDF/A dual file must share one DestOutputProfile object (print-ready.md §3)."""
    pdfa = [oi for oi in intents if str(oi.get("/S")) == "/GTS_PDFA1"]
    if not pdfa or "/DestOutputProfile" not in pdfx_intent:
        return
    same = pdfa[0].get("/DestOutputProfile").objgen == pdfx_intent.DestOutputProfile.objgen
    report.add("pdfa.output_intent", "pass" if same else "fail",
               "GTS_PDFA1 and GTS_PDFX share the profile" if same else "GTS_PDFA1 and GTS_PDFX profiles differ (§3)")


def _rect(obj) -> Optional[tuple[float, ...]]:
    if obj is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in obj)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inside(inner, outer) -> bool:
    t = BOX_TOLERANCE_PT
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t
            and inner[2] <= outer[2] + t and inner[3] <= outer[3] + t)


def check_boxes(pdf: pikepdf.Pdf, report: PreflightReport, expect_bleed_mm: Optional[float]) -> None:
    """TrimBox on every page, Trim ⊆ Bleed ⊆ Media, bleed per side as expected (§2 #12)."""
    sizes, findings = set(), []
    for number, page in enumerate(pdf.pages, start=1):
        findings += [(number, status, text) for status, text in _page_box_problems(page, expect_bleed_mm)]
        trim = _rect(page.obj.get("/TrimBox"))
        if trim:
            sizes.add((round(trim[2] - trim[0], 1), round(trim[3] - trim[1], 1)))
    report.add_grouped("geometry.boxes", findings, f"TrimBox on all {len(pdf.pages)} pages, nested")
    if len(sizes) > 1:
        report.add("geometry.boxes", "warn", f"trim sizes differ between pages: {sorted(sizes)}")


def page_boxes(pdf: pikepdf.Pdf) -> dict[int, tuple]:
    """Page number → (TrimBox, BleedBox), each defaulting as PDF 32000 §14.11.2 says."""
    boxes = {}
    for number, page in enumerate(pdf.pages, start=1):
        media = _rect(page.mediabox)
        bleed = _rect(page.obj.get("/BleedBox")) or _rect(page.obj.get("/CropBox")) or media
        boxes[number] = (_rect(page.obj.get("/TrimBox")) or bleed, bleed)
    return boxes


def _page_box_problems(page, expect_bleed_mm) -> list[tuple[str, str]]:
    obj = page.obj
    media = _rect(page.mediabox)
    trim = _rect(obj.get("/TrimBox"))
    bleed = _rect(obj.get("/BleedBox")) or _rect(obj.get("/CropBox")) or media
    problems = []
    if trim is None:
        problems.append(("fail", "no TrimBox"))
        trim = media
    if not _inside(trim, bleed):
        problems.append(("fail", "TrimBox not inside BleedBox"))
    if not _inside(bleed, media):
        problems.append(("fail", "BleedBox not inside MediaBox"))
    crop = _rect(obj.get("/CropBox"))
    if crop is not None and media is not None and max(abs(a - b) for a, b in zip(crop, media)) > BOX_TOLERANCE_PT:
        problems.append(("warn", "CropBox differs from MediaBox (GWG R0003)"))
    if int(obj.get("/Rotate", 0)) % 360:
        problems.append(("warn", "page has /Rotate (GWG: none)"))
    if float(obj.get("/UserUnit", 1)) != 1:
        problems.append(("warn", "page has /UserUnit"))
    if expect_bleed_mm is not None:
        problems += _bleed_problems(trim, bleed, expect_bleed_mm)
    return problems


def _bleed_problems(trim, bleed, expect_mm) -> list[tuple[str, str]]:
    sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    sides_mm = [s / PT_PER_MM for s in sides]
    if all(abs(s - expect_mm) <= BLEED_TOLERANCE_MM for s in sides_mm):
        return []
    shown = "/".join(f"{s:.2f}" for s in sides_mm)
    return [("fail", f"bleed {shown} mm (left/bottom/right/top), expected {expect_mm:g} mm")]


PRINT_ANNOTATIONS = {"/TrapNet", "/PrinterMark"}


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_annotations(pdf: pikepdf.Pdf, variant: str, report: PreflightReport) -> None:
    """No annotations (links, notes, forms) inside the BleedBox of a PDF/X file (§2 #13)."""
    status = "fail" if variant != "none" else "warn"
    findings = []
    for number, page in enumerate(pdf.pages, start=1):
        bleed = (_rect(page.obj.get("/BleedBox")) or _rect(page.obj.get("/TrimBox"))
                 or _rect(page.mediabox))
        for annot in page.obj.get("/Annots", []):
            subtype = str(annot.get("/Subtype", "/?"))
            rect = _rect(annot.get("/Rect"))
            if subtype not in PRINT_ANNOTATIONS and rect and _overlaps(rect, bleed):
                findings.append((number, status, f"{subtype[1:]} annotation inside the BleedBox"))
    report.add_grouped("objects.annotations", findings, "no annotations on the printed area")


def _font_file(font) -> bool:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        font = font.DescendantFonts[0]
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _standard_encoding(font) -> bool:
    """Simple fonts in a named encoding extract without ToUnicode."""
    encoding = font.get("/Encoding")
    return str(font.get("/Subtype")) != "/Type0" and str(encoding) in (
        "/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding")


def iter_fonts(pdf: pikepdf.Pdf):
    """(page number, font dict) for every font in page, Form and pattern resources, once each."""
    seen: set = set()
    for number, page in enumerate(pdf.pages, start=1):
        yield from _fonts_in(page.obj.get("/Resources"), number, seen, 0)


def _fonts_in(resources, number, seen, depth):
    if resources is None or depth > 12:
        return
    for font in (resources.get("/Font") or {}).values():
        key = font.objgen if font.is_indirect else id(font)
        if key not in seen:
            seen.add(key)
            yield number, font
    for group in ("/XObject", "/Pattern"):
        for xobj in (resources.get(group) or {}).values():
            if xobj.is_indirect and xobj.objgen in seen:
                continue
            if xobj.is_indirect:
                seen.add(xobj.objgen)
            if "/Resources" in xobj:
                yield from _fonts_in(xobj.Resources, number, seen, depth + 1)


def check_fonts(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    """Every font embedded (§2 #11) and mapped to Unicode (§3, PDF/A-2u, text extraction)."""
    count = 0
    for number, font in iter_fonts(pdf):
        count += 1
        name = str(font.get("/BaseFont", "?"))
        if not _font_file(font):
            report.add("fonts.embedded", "fail", f"font {name} not embedded", number)
        if "/ToUnicode" not in font and not _standard_encoding(font):
            report.add("fonts.tounicode", "warn", f"font {name} has no ToUnicode map", number)
    if not report.by_name("fonts.embedded"):
        report.add("fonts.embedded", "pass", f"{count} fonts, all embedded")
    if not report.by_name("fonts.tounicode"):
        report.add("fonts.tounicode", "pass", "every embedded font has ToUnicode or a standard encoding")
