"""Nothing lost: a built PDF + its layout report → proof that every character
of every paragraph is on a page, in order, or listed as overset.

The PDF's text is read back with `pdftotext -raw` (content-stream order,
which is reading order for our drawer: block by block, column by column).
Whitespace is ignored on both sides: the layout adds spaces (before source
tags, after captions) and extraction adds line breaks.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class LossReport:
    checked: int = 0                   # paragraphs checked
    missing: list[str] = field(default_factory=list)   # where each lost text was

    @property
    def ok(self) -> bool:
        return not self.missing


def pdf_text(path: str) -> str:
    """All text of a PDF in content-stream order (needs poppler's pdftotext)."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) is needed to read the PDF back")
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"],
                         capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def check_nothing_lost(result, pdf_path: str) -> LossReport:
    """Every paragraph of `result` (a LayoutResult) is in the PDF in order,
    except for the overset text its block reports."""
    text = squeeze(pdf_text(pdf_path))
    report = LossReport()
    pos = 0
    for block in result.blocks:
        overset = squeeze(block.overset_text)
        for comp in block.paragraphs:
            want = squeeze(comp.text)
            report.checked += 1
            found = text.find(want, pos)
            if found >= 0:
                pos = found + len(want)
                continue
            if want and want in overset:
                continue                               # wholly overset, and reported
            placed = _placed_head(want, text, pos)
            if placed and want[placed:] and want[placed:] in overset:
                pos = text.find(want[:placed], pos) + placed
                continue
            report.missing.append(f"page {block.page}, block {block.id!r}, paragraph at line "
                                  f"{comp.source_line}: {want[:24]}…")
    return report


def _placed_head(paragraph: str, text: str, pos: int) -> int:
    """Length of the paragraph's head found in `text` after `pos` (0 if none)."""
    start = text.find(paragraph[:8], pos)
    if start < 0:
        return 0
    n = 0
    limit = min(len(paragraph), len(text) - start)
    while n < limit and paragraph[n] == text[start + n]:
        n += 1
    return n
