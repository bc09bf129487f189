"""Content preflight checks: the walker's Marks → Checks on colour, transparency, lines, text, images.

Thresholds come from print-ready.md §2 ("GWG + newspaper practice").
"""
from __future__ import annotations

from typing import Iterable

from ..photos import LEAST_PRINT_PPI
from .report import PreflightReport
from .walk import Mark, col_lengths, min_scale, text_size

LINE_FAIL_PT = 0.125     # GWG effective line width; §2 "Lines"
LINE_WARN_PT = 0.25      # our house margin above it; §2 "Lines"
PPI_FAIL, PPI_WARN = LEAST_PRINT_PPI, 150.0  # newspaper images; §2 "Images"
PPI_WARN_BITMAP = 550.0                    # 1-bit images; §2 "Images"
RICH_BLACK_K = 0.85      # K ≥ 85 % with CMY reads as black: rich-black text, §2 "Text"
SMALL_MULTI_INK_PT = 10.0  # multi-ink / reversed type below this misregisters; §2 "Text"
MIN_TEXT_PT = 6.0          # minimum black type 6-7 pt; §2 "Text"
BAD_FILTERS = {"/LZWDecode", "/JBIG2Decode", "/JPXDecode"}   # §2 #13
RGB_FAMILIES = {"rgb"}
PAINTING = {"fill", "stroke", "text", "image", "shading"}
FOREIGN_FAMILIES = {"lab", "cal", "icc"}   # allowed by X-4, not by X-1a (§2 #9)


def _space_problem(space, variant: str):
    """(status, description) when a colour space is not allowed, else None."""
    if space.family == "indexed" and space.base is not None:
        return _space_problem(space.base, variant)
    if space.family in ("separation", "devicen") and space.base is not None:
        if space.base.family in RGB_FAMILIES or (space.base.family == "icc" and space.base.name == "rgb"):
            return ("fail", f"{space.family} {space.name} with an RGB alternate")
        return None
    if space.family in RGB_FAMILIES or (space.family == "icc" and space.name == "rgb"):
        return ("fail", "RGB" if space.family == "rgb" else "ICCBased RGB")
    if space.family in FOREIGN_FAMILIES and variant in ("x1a", "none"):
        return ("fail", f"{space.family} {space.name}".strip())
    if space.family == "unknown":
        return ("warn", f"unresolved colour space {space.name}")
    return None


def _spaces_of(mark: Mark):
    if mark.kind == "stroke":
        return [mark.gs.stroke_space]
    if mark.kind not in PAINTING:
        return []
    return [mark.gs.fill_space]


def _group(findings: Iterable[tuple[int, str, str]], name: str, report: PreflightReport,
           ok_message: str) -> None:
    report.add_grouped(name, findings, ok_message)


def check_colour(marks: list[Mark], variant: str, report: PreflightReport) -> None:
    """No RGB anywhere; in X-1a also no Lab/Cal/ICCBased (§2 #9)."""
    def findings():
        for m in marks:
            spaces = [m.detail.space or m.gs.fill_space] if m.kind == "image" else _spaces_of(m)
            for space in spaces:
                problem = _space_problem(space, variant) if space is not None else None
                if problem:
                    yield m.page, problem[0], f"{m.kind} in {problem[1]}"
    _group(findings(), "colour.spaces", report, "DeviceCMYK/Gray/Separation only")


def check_transparency(marks: list[Mark], variant: str, report: PreflightReport) -> None:
    """Soft masks, alpha < 1, blend modes, groups: forbidden in X-1a, fine in X-4 (§2 #10)."""
    status = "pass" if variant == "x4" else "fail"

    def findings():
        for m in marks:
            gs = m.gs
            if m.kind == "group" and str(m.detail.get("/S")) == "/Transparency":
                yield m.page, status, "transparency group"
            if m.kind == "image" and m.detail.smask:
                yield m.page, status, "image with a soft mask"
            if m.kind in ("fill", "text", "image", "shading") and gs.fill_alpha < 1:
                yield m.page, status, f"fill opacity {gs.fill_alpha:g}"
            if m.kind == "stroke" and gs.stroke_alpha < 1:
                yield m.page, status, f"stroke opacity {gs.stroke_alpha:g}"
            if gs.blend not in ("/Normal", "/Compatible") and m.kind in PAINTING:
                yield m.page, status, f"blend mode {gs.blend[1:]}"
            if gs.soft_mask and m.kind in PAINTING:
                yield m.page, status, "soft mask in graphics state"
    _group(findings(), "colour.transparency", report, "no transparency")


def check_line_weight(marks: list[Mark], report: PreflightReport) -> None:
    """Effective stroke width (w × smallest CTM scale): fail < 0.125 pt, warn < 0.25 pt."""
    def findings():
        for m in marks:
            if m.kind != "stroke":
                continue
            width = m.gs.line_width * min_scale(m.gs.ctm)
            if width < LINE_FAIL_PT:
                yield m.page, "fail", f"stroke {width:.3f} pt < {LINE_FAIL_PT} pt"
            elif width < LINE_WARN_PT:
                yield m.page, "warn", f"stroke {width:.3f} pt < {LINE_WARN_PT} pt"
    _group(findings(), "objects.line_weight", report, f"all strokes ≥ {LINE_WARN_PT} pt")


def _is_white(space, values) -> bool:
    if space.family == "cmyk" or (space.family == "icc" and space.name == "cmyk"):
        return all(v <= 0.0 for v in values)
    if space.family == "gray" or (space.family == "icc" and space.name == "gray"):
        return bool(values) and values[0] >= 1.0
    if space.family in ("separation", "devicen"):
        return all(v <= 0.0 for v in values) and space.name not in ("/None",)
    return False


def check_white_overprint(marks: list[Mark], report: PreflightReport) -> None:
    """White set to overprint disappears on the plate (§2 "Text": error)."""
    def findings():
        for m in marks:
            gs = m.gs
            if m.kind in ("fill", "text") and gs.op_fill and _is_white(gs.fill_space, gs.fill):
                yield m.page, "fail", f"white {m.kind} set to overprint (vanishes)"
            if m.kind == "stroke" and gs.stroke_overprint and _is_white(gs.stroke_space, gs.stroke):
                yield m.page, "fail", "white stroke set to overprint (vanishes)"
    _group(findings(), "objects.white_overprint", report, "no white object overprints")


def _text_colour_problem(m: Mark):
    space, v = m.gs.fill_space, m.gs.fill
    if space.family != "cmyk" or len(v) != 4:
        return None
    c, mg, y, k = v
    if k >= RICH_BLACK_K and max(c, mg, y) > 0:
        return ("warn", "rich-black text (K + CMY), should be 100 % K only")
    if RICH_BLACK_K <= k < 1.0:
        return ("warn", f"black text at {k * 100:.0f} % K, should be 100 % K")
    return None


def check_black_text(marks: list[Mark], report: PreflightReport) -> None:
    """Black text must be 100 % K alone (§2 "Text": rich black text is a warning)."""
    def findings():
        for m in marks:
            if m.kind == "text" and m.gs.render_mode != 3:
                problem = _text_colour_problem(m)
                if problem:
                    yield m.page, problem[0], problem[1]
    _group(findings(), "objects.black_text", report, "black text is 100 % K")


def _inks(space, values) -> int:
    if space.family == "cmyk":
        return sum(v > 0.005 for v in values)
    return 1


def _small_text_problem(m: Mark):
    size = text_size(m.gs)
    space, values = m.gs.fill_space, m.gs.fill
    if _is_white(space, values) and size < SMALL_MULTI_INK_PT:
        return f"reversed (white) text under {SMALL_MULTI_INK_PT:g} pt"
    if _inks(space, values) > 1 and size < SMALL_MULTI_INK_PT:
        return f"text in {_inks(space, values)} inks under {SMALL_MULTI_INK_PT:g} pt (misregistration)"
    if 0 < size < MIN_TEXT_PT:
        return f"text under {MIN_TEXT_PT:g} pt"
    return None


def check_small_text(marks: list[Mark], report: PreflightReport) -> None:
    """Newsprint misregisters: reversed or multi-ink type under 10 pt, any type under 6 pt (§2 "Text")."""
    def findings():
        for m in marks:
            if m.kind == "text" and m.gs.render_mode != 3:
                problem = _small_text_problem(m)
                if problem:
                    yield m.page, "warn", problem
    _group(findings(), "objects.small_text", report, "no small reversed or multi-ink text")


def check_black_overprint(marks: list[Mark], report: PreflightReport) -> None:
    """100 % K text and thin rules should overprint, or paper shows at misregistration (§2 "Text")."""
    def findings():
        for m in marks:
            gs = m.gs
            if m.kind == "text" and tuple(gs.fill) == (0, 0, 0, 1) and not gs.op_fill and text_size(gs) < 12:
                yield m.page, "warn", "100 % K text under 12 pt knocks out (set overprint)"
            if (m.kind == "stroke" and tuple(gs.stroke) == (0, 0, 0, 1) and not gs.stroke_overprint
                    and gs.line_width * min_scale(gs.ctm) < 2):
                yield m.page, "warn", "100 % K thin rule knocks out (set overprint)"
    _group(findings(), "objects.black_overprint", report, "black text and rules overprint")


def check_images(marks: list[Mark], report: PreflightReport) -> None:
    """Effective resolution: fail < 100 ppi, warn < 150 ppi (1-bit: warn < 550); filters (§2 #13)."""
    def findings():
        for m in marks:
            if m.kind != "image":
                continue
            info = m.detail
            w_pt, h_pt = col_lengths(m.gs.ctm)
            if w_pt <= 0 or h_pt <= 0:
                continue
            ppi = min(info.width / (w_pt / 72), info.height / (h_pt / 72))
            warn_at = PPI_WARN_BITMAP if info.bits == 1 else PPI_WARN
            if info.bits != 1 and ppi < PPI_FAIL:
                yield m.page, "fail", f"image {info.width}×{info.height} px at {ppi:.0f} ppi < {PPI_FAIL:g}"
            elif ppi < warn_at:
                yield m.page, "warn", f"image {info.width}×{info.height} px at {ppi:.0f} ppi < {warn_at:g}"
            for f in info.filters:
                if f in BAD_FILTERS:
                    yield m.page, "fail", f"image compressed with {f[1:]} (forbidden in PDF/X)"
    _group(findings(), "images.resolution", report, "no image under 150 ppi")


def check_forbidden(marks: list[Mark], report: PreflightReport) -> None:
    """Transfer functions, PostScript XObjects and OPI are forbidden in PDF/X (§2 #13)."""
    findings = ((m.page, "fail", f"{m.detail} (forbidden in PDF/X)") for m in marks if m.kind == "forbidden")
    _group(findings, "objects.forbidden", report, "no transfer functions, PostScript or OPI")


def _uses_registration(m: Mark) -> bool:
    space = m.gs.stroke_space if m.kind == "stroke" else m.gs.fill_space
    return space.family == "separation" and space.name == "/All"


def _overlap(a, b) -> bool:
    """Interiors intersect (touching edges does not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_registration(marks: list[Mark], boxes: dict, report: PreflightReport) -> None:
    """Registration colour only for marks outside the BleedBox (GWG R0024; §2 "Boxes, bleed, marks").

    boxes maps page number → (trim, bleed) rectangles.
    """
    def findings():
        for m in marks:
            if m.kind not in ("fill", "stroke") or not _uses_registration(m) or m.bbox is None:
                continue
            trim, bleed = boxes[m.page]
            if _overlap(m.bbox, trim):
                yield m.page, "fail", "registration colour (Separation /All) inside the TrimBox"
            elif _overlap(m.bbox, bleed):
                yield m.page, "warn", "marks in registration colour inside the BleedBox"
    _group(findings(), "geometry.marks", report, "registration colour only outside the BleedBox")
