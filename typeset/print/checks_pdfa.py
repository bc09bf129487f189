"""PDF/A checks for files whose XMP claims PDF/A: a pikepdf.Pdf → Checks on intent, header and Info ↔ XMP.

Requirements from print-ready.md §3: PDF/A-2 is PDF 1.x, PDF/A-4 is PDF 2.x;
device colour needs a GTS_PDFA1 OutputIntent with an embedded profile; Info
and XMP must agree.  Not a replacement for veraPDF (§5: not installable here).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Optional

import pikepdf

from .report import PreflightReport
from .xmpread import read_xmp

# Info key → XMP property that must hold the same value (ISO 19005-2 §6.6.3)
INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
            "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer", "/Keywords": "pdf:Keywords"}
INFO_XMP_DATES = {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")


def parse_pdf_date(text: str) -> Optional[datetime]:
    m = PDF_DATE.match(text)
    if not m:
        return None
    year, month, day, hour, minute, sec, sign, tzh, tzm = m.groups()
    offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
    tz = timezone(-offset if sign == "-" else offset)
    return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                    int(minute or 0), int(sec or 0), tzinfo=tz)


def parse_xmp_date(text: str) -> Optional[datetime]:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def check_pdfa(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    xmp = read_xmp(pdf)
    part = xmp.get("pdfaid:part")
    if not part:
        return
    claim = f"PDF/A-{part}{xmp.get('pdfaid:conformance', '').lower()}"
    _check_pdfa_header(pdf, part, claim, report)
    _check_pdfa_intent(pdf, claim, report)
    _check_info_matches_xmp(pdf, xmp, report)


def _check_pdfa_header(pdf, part: str, claim: str, report) -> None:
    major = pdf.pdf_version.split(".")[0]
    ok = (major == "2") if part == "4" else (major == "1")
    report.add("pdfa.version", "pass" if ok else "fail", f"header {pdf.pdf_version} for {claim} (§3)")


def _check_pdfa_intent(pdf, claim: str, report) -> None:
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if str(oi.get("/S")) == "/GTS_PDFA1"]
    if not intents:
        report.add("pdfa.output_intent", "fail", f"{claim} with device colour needs a GTS_PDFA1 OutputIntent (§3)")
    elif "/DestOutputProfile" not in intents[0]:
        report.add("pdfa.output_intent", "fail", "GTS_PDFA1 OutputIntent has no embedded profile (§3)")


def _check_info_matches_xmp(pdf, xmp: dict, report) -> None:
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    differ = [key[1:] for key, prop in INFO_XMP.items()
              if key in info and str(info[key]) != xmp.get(prop, "")]
    for key, prop in INFO_XMP_DATES.items():
        if key in info and parse_pdf_date(str(info[key])) != parse_xmp_date(xmp.get(prop, "")):
            differ.append(key[1:])
    trapped = str(info.get("/Trapped", ""))[1:]
    if trapped and trapped != xmp.get("pdf:Trapped", trapped):
        differ.append("Trapped")
    if differ:
        report.add("pdfa.info_xmp", "fail", "Info and XMP disagree on " + ", ".join(differ) + " (§3)")
    else:
        report.add("pdfa.info_xmp", "pass", "Info and XMP agree")
