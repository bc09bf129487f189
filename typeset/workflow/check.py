"""Issue XML → layout (no PDF) → per-block fit and quality report, as a table or JSON."""
from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Optional

from .. import __version__
from . import quality
from .messages import display_width, kind_name, pad, say

OVERSET_PREVIEW = 12                   # characters of overset text shown in the table


@dataclass
class BlockCheck:
    page: int
    id: str
    kind: str
    chars: int
    lines: int
    status: str                        # "fits" | "overset" | "underset"
    overset_chars: int = 0
    overset_lines: int = 0
    overset_text: str = ""
    underset_lines: int = 0
    underset_chars: int = 0            # body characters that would fill the holes
    holes: list = field(default_factory=list)   # 欠版 per column: {col, line, lines, chars}
    line: int = 0                      # source line of the block in the issue XML
    continued_to: int = 0              # 转版: the page the rest goes on (0: none)
    quality: dict = field(default_factory=quality.empty)


@dataclass
class CheckReport:
    source: str
    pages: list[int]
    blocks: list[BlockCheck]
    missing_glyphs: list[dict]
    warnings: list                     # typeset.errors.Warning_
    totals: dict
    seconds: float = 0.0
    fallback_glyphs: list[dict] = field(default_factory=list)   # drawn from installed faces: which, where

    @property
    def overset(self) -> list[BlockCheck]:
        return [b for b in self.blocks if b.status == "overset"]

    @property
    def underset(self) -> list[BlockCheck]:
        """Blocks (and pages) with holes: 欠版."""
        return [b for b in self.blocks if b.status == "underset"]

    def to_dict(self) -> dict:
        return {
            "source": self.source, "version": __version__,
            "status": "overset" if self.overset else "underset" if self.underset else "ok",
            "pages": self.pages,
            "blocks": [asdict(b) | {"spacing_share": quality.spacing_share(b.quality)} for b in self.blocks],
            "totals": self.totals | {"spacing_share": quality.spacing_share(self.totals),
                                     "spacing_limit_em": quality.SPACING_LIMIT_EM},
            "quality_available": quality.available(),
            "missing_glyphs": self.missing_glyphs,
            "fallback_glyphs": self.fallback_glyphs,
            "warnings": [asdict(w) for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# -- layout and report ----------------------------------------------------------

def layout(path: str, fonts=None, typesetters: Optional[dict] = None):
    """`pipeline.layout_issue`, keeping `typesetters` (template → Typesetter,
    with its composition cache) across calls for watch."""
    from ..pipeline import layout_issue
    return layout_issue(path, fonts, typesetters=typesetters)


def check_issue(path: str, fonts=None, typesetters: Optional[dict] = None) -> CheckReport:
    """Lay out `path` and report on it; nothing is written."""
    t0 = time.perf_counter()
    result = layout(path, fonts, typesetters)
    return report_for(result, path, time.perf_counter() - t0)


def report_for(result, source: str, seconds: float = 0.0) -> CheckReport:
    """A CheckReport from a LayoutResult (shared by check, watch and batch)."""
    blocks = [_block_check(b) for b in result.blocks]
    totals = {"chars": sum(b.chars for b in blocks), "lines": sum(b.lines for b in blocks),
              "overset": sum(b.status == "overset" for b in blocks),
              "underset": sum(b.status == "underset" for b in blocks)}
    q = quality.empty()
    for b in blocks:
        quality.add(q, b.quality)
    missing = [_missing(w) for w in result.warnings if w.code == "missing-glyph"]
    return CheckReport(source, [p.number for p in result.pages], blocks, missing,
                       list(result.warnings), totals | q, seconds,
                       fallback_glyphs=fallback_glyphs(result, source))


def _block_check(b) -> BlockCheck:
    return BlockCheck(page=b.page, id=b.id, kind=b.kind, chars=b.chars, lines=b.lines, status=b.status,
                      overset_chars=b.overset_chars, overset_lines=b.overset_lines,
                      overset_text=b.overset_text[:OVERSET_PREVIEW * 4], underset_lines=b.underset_lines,
                      underset_chars=b.underset_chars, holes=[asdict(h) for h in b.holes],
                      line=getattr(b, "source_line", 0),
                      quality=quality.block_quality(b.paragraphs) | {"widows": getattr(b, "widows", 0)},
                      continued_to=getattr(b, "continued_to", 0))


_CODEPOINT = re.compile(r"U\+([0-9A-Fa-f]{4,6})")
_TIMES = re.compile(r"共(\d+)处|printed (\d+) times")      # messages.py missing_glyph_times, zh and en


def _missing(w) -> dict:
    """A missing-glyph warning (one per block and character) → {char,
    codepoint, block, file, line, times, message}: `times`, how many 〓
    the block prints for it."""
    m = _CODEPOINT.search(w.message)
    char = chr(int(m.group(1), 16)) if m else ""
    n = _TIMES.search(w.message)
    return {"char": char, "codepoint": f"U+{m.group(1).upper()}" if m else "", "block": w.element,
            "file": w.file, "line": w.line, "times": int(n.group(1) or n.group(2)) if n else 1,
            "message": w.message}


def fallback_glyphs(result, source: str) -> list[dict]:
    """Characters no shipped face has, drawn from an installed face: one
    {char, codepoint, block, file, line, font, font_file} per character and
    block, in reading order (issue 14 §2: which characters came from where)."""
    fonts = getattr(result, "fonts", None)
    sourced = getattr(fonts, "source", None)
    if sourced is None:
        return []
    out, seen = [], set()
    for b in result.blocks:
        for comp in b.paragraphs:
            for ch, face in _drawn_faces(comp.lines):
                origin = sourced(face) if face and (b.id, ch) not in seen else None
                if origin is None:
                    continue
                seen.add((b.id, ch))
                out.append({"char": ch, "codepoint": f"U+{ord(ch):04X}", "block": b.id, "file": source,
                            "line": comp.source_line, "font": origin.name,
                            "font_file": origin.path + (f"#{origin.index}" if origin.index else "")})
    return out


def _drawn_faces(lines):
    """(character, face that draws it) of a paragraph's lines (its shared arrays when packed)."""
    arrays = getattr(lines[0], "arrays", None) if lines else None
    if arrays is None:
        return [(g.char, g.face) for line in lines for g in line.glyphs]
    return zip(arrays.text, arrays.face)


# -- the table ------------------------------------------------------------------

def status_text(b: BlockCheck, lang: str) -> str:
    if b.status == "overset":
        preview = b.overset_text[:OVERSET_PREVIEW].replace("\n", " ")
        return say("overset", lang, chars=b.overset_chars, lines=b.overset_lines, text=preview)
    if b.status == "underset":
        where = " ".join(say("underset_col", lang, col=h["col"], lines=h["lines"]) for h in b.holes)
        return say("underset", lang, lines=b.underset_lines, chars=b.underset_chars, where=where)
    if b.continued_to:
        return say("continued", lang, page=b.continued_to)
    return say("fits", lang)


def quality_text(fig: dict) -> str:
    """prohibited/loose/orphans/spacing-share, “—” where the composer gives no figure."""
    def n(key):
        return "—" if fig.get(key) is None or not fig.get("lines") else str(fig[key])
    share = quality.spacing_share(fig)
    pct = "—" if share is None else "100%" if share >= 1 else f"{share * 100:.1f}%"   # never round 99.6 up
    return f"{n('prohibited')}/{n('loose')}/{n('orphans')}/{pct}"


def format_table(report: CheckReport, lang: str = "zh") -> str:
    """Aligned table (CJK-width aware), one row per block, then totals and a summary."""
    heads = [say(k, lang) for k in ("col_page", "col_block", "col_kind", "col_chars",
                                    "col_lines", "col_quality", "col_status")]
    rows = [[str(b.page), b.id, kind_name(b.kind, lang), str(b.chars), str(b.lines),
             quality_text(b.quality), status_text(b, lang)] for b in report.blocks]
    t = report.totals
    rows.append(["", say("total", lang), "", str(t["chars"]), str(t["lines"]), quality_text(t), ""])
    widths = [max(display_width(r[i]) for r in [heads] + rows) for i in range(len(heads))]
    numeric = {0, 3, 4}
    lines = [_row(heads, widths, numeric), "  ".join("─" * w for w in widths)]
    lines += [_row(r, widths, numeric) for r in rows]
    lines += _missing_lines(report, lang)
    lines.append(summary_line(report, lang))
    lines.append(_quality_line(t, lang))
    return "\n".join(line.rstrip() for line in lines)


def _row(cells: list[str], widths: list[int], numeric: set[int]) -> str:
    return "  ".join(pad(c, w, right=i in numeric) for i, (c, w) in enumerate(zip(cells, widths)))


def _missing_lines(report: CheckReport, lang: str) -> list[str]:
    missing = [f"{m['file']}:{m['line']}: <{m['block']}> {say('missing_glyph', lang)} {m['char']} ({m['codepoint']})"
               + (f" ×{m['times']}" if m["times"] > 1 else "") for m in report.missing_glyphs]
    grouped: dict[tuple, list[str]] = {}       # one line per paragraph and font: the characters it drew
    for f in report.fallback_glyphs:
        grouped.setdefault((f["file"], f["line"], f["block"], f["font"], f["font_file"]), []).append(f["char"])
    return missing + [f"{file}:{line}: <{block}> {say('fallback_glyph', lang, font=font, path=path)}{''.join(chars)}"
                      for (file, line, block, font, path), chars in grouped.items()]


def summary_line(report: CheckReport, lang: str = "zh") -> str:
    t = report.totals
    missing = sum(m["times"] for m in report.missing_glyphs)
    return say("check_summary", lang, source=report.source, pages=len(report.pages), blocks=len(report.blocks),
               chars=t["chars"], overset=t["overset"], underset=t["underset"], missing=missing)


def _quality_line(t: dict, lang: str) -> str:
    if not quality.available():
        return say("quality_missing", lang)
    share = quality.spacing_share(t)
    def n(key):
        return "—" if t.get(key) is None else t[key]
    return say("quality_summary", lang, prohibited=n("prohibited"), loose=n("loose"), orphans=n("orphans"),
               widows=n("widows"), share="—" if share is None else f"{share:.1%}")
