"""Preflight: any PDF file → PreflightReport of print-readiness checks (PDF/X, newspaper rules).

The checks and their sources are print-ready.md §2 and §5; `paiban preflight`
prints `to_text()` or `to_json()` and exits 1 when `ok` is false.

Three ways to run it, with the same check names (`external` adds two):

* a file alone (`paiban preflight FILE.pdf`): everything from the bytes —
  document structure, the content streams walked (walk.py), qpdf's syntax
  check and the text extracted in-process (pikepdf, pypdfium2), the ink
  rendered by Ghostscript (the one measure of ink from bytes; without it
  ink.tac warns);
* after a build (`paiban build`, `facts=`): the document structure from the
  bytes (cheap: dictionaries, no stream decoded), the text extracted
  in-process, and what the build knows instead of what only a walk or a
  render would find (facts.py): the content checks on the display list, the
  ink bounded by the colours drawn and the photos' ink limit, the syntax of
  a file qpdf has just written;
* `external=True` (`paiban preflight --external`, `build --preflight=full`)
  adds the command-line tools as cross-checks: `qpdf --check`, `pdftotext`.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

import pikepdf

from ..messages import say
from . import checks_content as content
from . import checks_doc as doc
from . import checks_pdfa as pdfa
from . import checks_tags as tags
from . import checks_tools as tools
from .report import Check, PreflightReport
from .walk import page_marks

__all__ = ["preflight", "PreflightReport", "Check"]


def preflight(path: str, *, expect_bleed_mm: Optional[float] = None, ink: bool = True,
              external: bool = False, facts=None) -> PreflightReport:
    """Check the PDF at path.

    ink=False skips the ink check (Ghostscript's render is the slowest check);
    facts (print.facts.BuildFacts) is what the build that wrote the file drew;
    external=True adds the qpdf and pdftotext cross-checks."""
    start = time.perf_counter()
    report = PreflightReport(path=str(path), variant="none")
    tool_checks = ([tools.check_ink] if ink and facts is None else []) \
        + ([tools.check_syntax, tools.check_text] if external else [])
    # the external programs run in threads while this process checks the rest
    with ThreadPoolExecutor(max_workers=max(len(tool_checks), 1)) as pool:
        jobs = [pool.submit(_tool_report, check, str(path)) for check in tool_checks]
        _inprocess_checks(str(path), report, expect_bleed_mm, facts)
        if ink and facts is not None:
            _ink_bounds(facts, report)
        for job in jobs:
            report.checks += job.result().checks
    report.seconds = time.perf_counter() - start
    return report


def _tool_report(check, path: str) -> PreflightReport:
    """One external program's checks, in a report of their own (run in a thread)."""
    sub = PreflightReport(path=path, variant="")
    check(path, sub)
    return sub


def _inprocess_checks(path: str, report: PreflightReport, expect_bleed_mm, facts) -> None:
    """Everything pikepdf and pdfium check in this process; the content checks
    on the walked marks, or on the build's when `facts` are given."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as err:
        report.add("syntax.open", "fail", f"cannot open: {err}")
        return
    with pdf:
        report.variant = doc.detect_variant(pdf)
        _document_checks(pdf, report, expect_bleed_mm)
        if facts is None:
            _content_checks(_walked_marks(pdf, report), pdf, report)
            _syntax_check(pdf, report)
        else:
            _content_checks(_drawn_marks(facts), pdf, report)
            report.add("syntax.check", "pass", say("preflight_syntax_written", qpdf=pikepdf.__libqpdf_version__))
    tools.check_text_inprocess(path, report)


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


def _walked_marks(pdf, report) -> list:
    """Walk every page; a page whose content cannot be parsed is itself a failure."""
    marks = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            marks += page_marks(page, number)
        except (pikepdf.PdfError, ValueError, IndexError, TypeError, AttributeError) as err:
            report.add("syntax.content", "fail", f"content stream unreadable: {err}", number)
    return marks


def _drawn_marks(facts) -> list:
    from .facts import display_marks
    return display_marks(facts)


def _content_checks(marks: list, pdf, report) -> None:
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


def _syntax_check(pdf, report) -> None:
    """qpdf's --check in-process (pikepdf follows QPDFJob::doCheck): errors fail, warnings warn."""
    try:
        problems = pdf.check_pdf_syntax()
    except pikepdf.PdfError as err:
        problems = [f"ERROR: {err}"]
    errors = [p for p in problems if not p.startswith("WARNING")]
    if errors:
        report.add("syntax.check", "fail", errors[0])
    elif problems:
        report.add("syntax.check", "warn", problems[0])
    else:
        report.add("syntax.check", "pass", say("preflight_syntax_clean"))


def _ink_bounds(facts, report) -> None:
    """ink.tac from the build's colours (facts.ink_bounds), no render."""
    from .facts import ink_bounds, ink_status
    from .ink import TAC_WARN
    bounds = ink_bounds(facts)
    passed = [b for b in bounds if ink_status(b) == "pass"]
    for b in bounds:
        status = ink_status(b)
        if status != "pass":
            report.add("ink.tac", status, say("preflight_ink_bound_over", bound=f"{b.bound:.0f}",
                                               warn=f"{TAC_WARN:g}"), b.page)
    if passed:
        top = max(passed, key=lambda b: b.bound)
        report.add("ink.tac", "pass", say("preflight_ink_bound", passed=len(passed), pages=len(bounds),
                                          bound=f"{top.bound:.0f}", warn=f"{TAC_WARN:g}"))
