"""Tagged-PDF checks: a pikepdf.Pdf → Checks that the structure tree exists and holds every page's marked content.

What print/tags.py writes (ISO 32000-1 §14.7–14.8): a StructTreeRoot with
`/MarkInfo <</Marked true>>`, and for every `/MCID n` in a page's content a
structure element in the ParentTree under the page's /StructParents.  A
file claiming PDF/A level A (ISO 19005-2 §6.8) must be tagged; any other
passes, told whether it is.  Cheap: no content parsing, one regular expression over each
page's decoded content streams.
"""
from __future__ import annotations

import re
from typing import Any

import pikepdf

from .report import PreflightReport, page_ranges
from .xmpread import read_xmp

_MCID = re.compile(rb"/MCID\s+(\d+)")
MAX_DEPTH = 32              # of the ParentTree's Kids


def check_tags(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    level_a = read_xmp(pdf).get("pdfaid:conformance", "").upper() == "A"
    root = pdf.Root.get("/StructTreeRoot")
    mark_info: Any = pdf.Root.get("/MarkInfo", {})
    marked = mark_info.get("/Marked", False)
    if root is None or not bool(marked):
        missing = "no structure tree" if root is None else "MarkInfo /Marked is not true"
        # PDF/X does not ask for tags: an untagged print file is told, not warned
        report.add("tags.structure", "fail" if level_a else "pass",
                   f"not a tagged PDF: {missing}" + (" (PDF/A level A, ISO 19005-2 §6.8)" if level_a else
                                                     " (not required outside PDF/A level A)"))
        return
    report.add("tags.structure", "pass", "structure tree, MarkInfo /Marked true")
    report.add_grouped("tags.marked_content", _unreferenced(pdf, root),
                       "every page's marked content is in the structure tree")


def _unreferenced(pdf: pikepdf.Pdf, root) -> list[tuple[int, str, str]]:
    """(page, "fail", text) for each page whose MCIDs the ParentTree does not hold."""
    parents = _number_tree(root.get("/ParentTree"))
    out = []
    for number, page in enumerate(pdf.pages, start=1):
        mcids = {int(m) for m in _MCID.findall(_content(page))}
        if not mcids:
            continue
        key = page.obj.get("/StructParents")
        slots = parents.get(int(key)) if key is not None else None
        if slots is None:
            out.append((number, "fail", f"{len(mcids)} marked-content sequences, no /StructParents entry"))
            continue
        lost = sorted(m for m in mcids if m >= len(slots) or not _is_element(slots[m]))
        if lost:
            out.append((number, "fail", f"MCIDs {page_ranges(lost)} belong to no structure element"))
    return out


def _content(page) -> bytes:
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return contents.read_bytes()


def _number_tree(node, depth: int = 0) -> dict:
    """A number tree's leaves (§7.9.7): key → value."""
    out: dict = {}
    if not isinstance(node, pikepdf.Dictionary) or depth > MAX_DEPTH:
        return out
    nums: Any = node.get("/Nums", [])
    for k in range(0, len(nums) - 1, 2):
        out[int(nums[k])] = nums[k + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid, depth + 1))
    return out


def _is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj

