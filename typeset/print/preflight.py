"""Preflight: any PDF file → PreflightReport of print-readiness checks (PDF/X, newspaper rules).

The checks and their sources are print-ready.md §2 and §5; `paiban preflight`
prints `to_text()` or `to_json()` and exits 1 when `ok` is false.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

import pikepdf

from . import checks_content as content
from . import checks_doc as doc
from . import checks_pdfa as pdfa
from . import checks_tags as tags
from . import checks_tools as tools
from .report import Check, PreflightReport
from .walk import page_marks

__all__ = ["preflight", "PreflightReport", "Check"]


def preflight(path: str, *, expect_bleed_mm: Optional[float] = None, ink: bool = True) -> PreflightReport:
    """Check the PDF at path; ink=False skips the Ghostscript render (the slowest check)."""
    start = time.perf_counter()
    report = PreflightReport(path=str(path), variant="none")
    tool_checks = [tools.check_syntax] + ([tools.check_ink] if ink else []) + [tools.check_text]
    # the external tools run in threads while pikepdf checks the structure here
    with ThreadPoolExecutor(max_workers=len(tool_checks)) as pool:
        jobs = [pool.submit(_tool_report, check, str(path)) for check in tool_checks]
        _pikepdf_checks(str(path), report, expect_bleed_mm)
        for job in jobs:
            report.checks += job.result().checks
    report.seconds = time.perf_counter() - start
    return report


def _tool_report(check, path: str) -> PreflightReport:
    sub = PreflightReport(path=path, variant="")
    check(path, sub)
    return sub


def _pikepdf_checks(path: str, report: PreflightReport, expect_bleed_mm) -> None:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as err:
        report.add("syntax.open", "fail", f"cannot open: {err}")
        return
    with pdf:
        report.variant = doc.detect_variant(pdf)
        _document_checks(pdf, report, expect_bleed_mm)
        _content_checks(pdf, report)


def _document_checks(pdf, report, expect_bleed_mm) -> None:
    variant = report.variant
    doc.check_file(pdf, report)
    doc.check_info(pdf, variant, report)
    doc.check_xmp(pdf, variant, report)
    doc.check_output_intent(pdf, variant, report)
    doc.check_boxes(pdf, report, expect_bleed_mm)
    doc.check_annotations(pdf, variant, report)
    doc.check_fonts(pdf, report)
    pdfa.check_pdfa(pdf, report)
    tags.check_tags(pdf, report)


def _marks(pdf, report) -> list:
    """Walk every page; a page whose content cannot be parsed is itself a failure."""
    marks = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            marks += page_marks(page, number)
        except (pikepdf.PdfError, ValueError, IndexError, TypeError, AttributeError) as err:
            report.add("syntax.content", "fail", f"content stream unreadable: {err}", number)
    return marks


def _content_checks(pdf, report) -> None:
    marks = _marks(pdf, report)
    variant = report.variant
    content.check_colour(marks, variant, report)
    content.check_transparency(marks, variant, report)
    content.check_line_weight(marks, report)
    content.check_white_overprint(marks, report)
    content.check_black_text(marks, report)
    content.check_small_text(marks, report)
    content.check_black_overprint(marks, report)
    content.check_images(marks, report)
    content.check_forbidden(marks, report)
    content.check_registration(marks, doc.page_boxes(pdf), report)
