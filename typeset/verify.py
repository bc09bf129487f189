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


SPLIT_SLACK = 16        # characters a split paragraph's placed head may seem to overrun by chance


def check_nothing_lost(result, pdf_path: str) -> LossReport:
    """Every paragraph of `result` (a LayoutResult) is in the PDF in order,
    except for the overset text its block reports."""
    text = squeeze(pdf_text(pdf_path))
    report = LossReport()
    pos = 0
    for block in result.blocks:
        wants = [squeeze(comp.text) for comp in block.paragraphs]
        report.checked += len(wants)
        # what went on to a later page (转版) is checked there, like overset here
        elsewhere = squeeze(getattr(block, "continued_text", "") + block.overset_text)
        pos, lost = _account_block(wants, text, pos, elsewhere)
        report.missing += [f"page {block.page}, block {block.id!r}, paragraph at line "
                           f"{block.paragraphs[i].source_line}: {wants[i][:24]}…" for i in lost]
    return report


def _account_block(wants: list[str], text: str, pos: int, overset: str) -> tuple[int, list[int]]:
    """Match a block's paragraphs against the PDF text from `pos`: each one is
    placed (found in order), overset (in the block's overset text) or placed
    up to a point with the rest overset.  Returns the end position and the
    indexes of paragraphs that are nowhere.

    A greedy match is not enough: a short overset headline (“专”) can also
    occur inside the next, placed paragraph (“专。专……”), and taking it there
    would push the cursor past that paragraph.  So every choice is tried,
    memoised on (paragraph, position): blocks have few paragraphs.
    """
    memo: dict[tuple[int, int], tuple[int, int, list[int]]] = {}

    def best(i: int, at: int) -> tuple[int, int, list[int]]:       # (lost count, end, lost indexes)
        if i == len(wants):
            return 0, at, []
        if (i, at) not in memo:
            memo[(i, at)] = min(_choices(i, at), key=lambda r: (r[0], r[1]))
        return memo[(i, at)]

    def _choices(i: int, at: int):
        want = wants[i]
        found = text.find(want, at)
        if found >= 0:
            yield best(i + 1, found + len(want))
        if not want or want in overset:
            yield best(i + 1, at)
        placed, start = _placed_head(want, text, at)
        # The common prefix may run on into the next block's text by chance
        # (“…开园人|306” against “…开园人|3136”): try shorter splits too.
        for k in range(placed, max(placed - SPLIT_SLACK, 0), -1):
            if want[k:] in overset:
                yield best(i + 1, start + k)
        lost, end, which = best(i + 1, at)
        yield lost + 1, end, [i] + which

    _, end, lost = best(0, pos)
    return end, lost


def _placed_head(paragraph: str, text: str, pos: int) -> tuple[int, int]:
    """Length of the paragraph's head found in `text` after `pos` (0 if none), and where."""
    start = text.find(paragraph[:8], pos)
    if start < 0:                      # fewer than 8 characters placed (a short first line)
        start = text.find(paragraph[:2], pos)
    if start < 0:
        return 0, pos
    n = 0
    limit = min(len(paragraph), len(text) - start)
    while n < limit and paragraph[n] == text[start + n]:
        n += 1
    return n, start
