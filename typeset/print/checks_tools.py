"""Preflight checks that read a PDF file as a whole: a path → Checks on ink
(Ghostscript), text (pypdfium2 in-process; pdftotext as a cross-check) and
syntax (qpdf --check as a cross-check; the in-process check is preflight.py's)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pikepdf

from .ink import TAC_FAIL, TAC_WARN, GhostscriptMissing, measure_ink
from ..messages import say
from .report import PreflightReport

QPDF_STATUS = {0: "pass", 3: "warn"}      # qpdf --check exit codes (print-ready.md §5)
MIN_CJK_CHARS = 1


def check_syntax(path: str, report: PreflightReport) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        report.add("syntax.qpdf_check", "warn", say("preflight_tool_missing", tool="qpdf"))
        return
    run = subprocess.run([qpdf, "--check", path], capture_output=True, text=True, timeout=60)
    status = QPDF_STATUS.get(run.returncode, "fail")
    lines = (run.stderr or run.stdout).strip().splitlines()
    detail = lines[-1] if status != "pass" and lines else "no syntax or stream errors"
    report.add("syntax.qpdf_check", status, detail)


def check_ink(path: str, report: PreflightReport) -> None:
    """Densest ~15 mm² per page: fail > 240 %, warn > 220 % (print-ready.md §2 "TAC")."""
    try:
        pages = measure_ink(path)
    except (GhostscriptMissing, subprocess.SubprocessError, pikepdf.PdfError) as err:
        report.add("ink.tac", "warn", f"ink not measured: {err}")
        return
    passed = []
    for p in pages:
        status = "fail" if p.max_window > TAC_FAIL else "warn" if p.max_window > TAC_WARN else "pass"
        if status == "pass":
            passed.append(p)
        else:
            report.add("ink.tac", status, f"densest 15 mm² {p.max_window:.0f} % (limit {TAC_FAIL:g}, "
                       f"warn {TAC_WARN:g}); page mean {p.mean:.1f} %", p.page)
        if p.max_pixel <= 0:
            report.add("pages.not_empty", "warn", "page renders empty", p.page)
    if passed:
        top = max(passed, key=lambda p: p.max_window)
        report.add("ink.tac", "pass", f"{len(passed)} of {len(pages)} pages within {TAC_WARN:g} %; "
                   f"densest 15 mm² {top.max_window:.0f} % on page {top.page}")


# Counted by regular expression: a page of text is some 3,000 characters,
# 128 pages 430,000 — one Python call per character would be a third of the check.
CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\U00020000-\U0002fa1f\uf900-\ufaff]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")


def check_text_inprocess(path: str, report: PreflightReport) -> None:
    """Text comes back as Unicode, extracted by pdfium in this process (no external tool)."""
    try:
        import pypdfium2
        document = pypdfium2.PdfDocument(path)
    except Exception as err:               # noqa: BLE001 — pdfium raises its own PdfiumError, or fails to load
        report.add("text.cjk_extractable", "warn", say("preflight_text_unread", reason=str(err)[:200]))
        return
    try:
        parts = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            parts.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        document.close()
    _judge_text("text.cjk_extractable", "".join(parts), report)


def check_text(path: str, report: PreflightReport) -> None:
    """The same through poppler's pdftotext: a second extractor as a cross-check."""
    tool = shutil.which("pdftotext")
    if tool is None:
        report.add("text.pdftotext", "warn", say("preflight_tool_missing", tool="pdftotext"))
        return
    run = subprocess.run([tool, "-q", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=60)
    _judge_text("text.pdftotext", run.stdout.decode("utf-8", "replace"), report)


def _judge_text(name: str, text: str, report: PreflightReport) -> None:
    """CJK present, no U+FFFD, private-use code points only as a warning."""
    cjk = len(CJK.findall(text))
    lost = text.count("\ufffd")
    private = len(PRIVATE_USE.findall(text))
    if lost:
        report.add(name, "fail", f"{lost} characters extract as U+FFFD (text not recoverable)")
    elif private:
        # 造字: a paper's own characters live in the private-use area; they come
        # back as the code points the issue used, which is all a PDF can do.
        report.add(name, "warn",
                   f"{private} private-use characters (造字) extract only as their private code points")
    elif cjk < MIN_CJK_CHARS:
        report.add(name, "warn", f"no CJK text extracted ({len(text.split())} words)")
    else:
        report.add(name, "pass", f"{cjk} CJK characters extracted")
