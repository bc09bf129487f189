"""Preflight checks that run external tools: a PDF path → Checks from qpdf (syntax), Ghostscript (ink), pdftotext (text)."""
from __future__ import annotations

import shutil
import subprocess

import pikepdf

from .ink import TAC_FAIL, TAC_WARN, GhostscriptMissing, measure_ink
from .report import PreflightReport

QPDF_STATUS = {0: "pass", 3: "warn"}      # qpdf --check exit codes (print-ready.md §5)
MIN_CJK_CHARS = 1


def check_syntax(path: str, report: PreflightReport) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        report.add("syntax.qpdf_check", "warn", "qpdf not installed, syntax not checked")
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


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF)


def _is_pua(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o <= 0x10FFFD


def check_text(path: str, report: PreflightReport) -> None:
    """Text comes back as Unicode: CJK present, no U+FFFD or private-use code points."""
    tool = shutil.which("pdftotext")
    if tool is None:
        report.add("text.cjk_extractable", "warn", "pdftotext not installed, text not checked")
        return
    run = subprocess.run([tool, "-q", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=60)
    text = run.stdout.decode("utf-8", "replace")
    cjk = sum(map(_is_cjk, text))
    lost = text.count("\ufffd")
    private = sum(map(_is_pua, text))
    if lost:
        report.add("text.cjk_extractable", "fail", f"{lost} characters extract as U+FFFD (text not recoverable)")
    elif private:
        # 造字: a paper's own characters live in the private-use area; they come
        # back as the code points the issue used, which is all a PDF can do.
        report.add("text.cjk_extractable", "warn",
                   f"{private} private-use characters (造字) extract only as their private code points")
    elif cjk < MIN_CJK_CHARS:
        report.add("text.cjk_extractable", "warn", f"no CJK text extracted ({len(text.split())} words)")
    else:
        report.add("text.cjk_extractable", "pass", f"{cjk} CJK characters extracted")
