"""Content-stream walker: a PDF page → the marks it paints, each with its graphics state.

Follows what a RIP sees (PDF 32000-1 §8.4): the CTM through q/Q/cm and into
Form XObjects and tiling patterns, line width, fill and stroke colour spaces
and values, overprint and transparency from ExtGStates, and the text size.
Checks then look at `Mark`s instead of parsing operators themselves.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Iterator, Optional

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 12      # nested Forms deeper than this are a loop or an attack

STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PATH_OPS = {"m", "l", "c", "v", "y", "re", "h"}


def mat_mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n as PDF composes them (m applied first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def min_scale(m: Matrix) -> float:
    """Smallest singular value of the linear part: how thin a 1-unit line can get."""
    a, b, c, d = m[:4]
    s1 = a * a + b * b + c * c + d * d
    det = abs(a * d - b * c)
    disc = max(s1 * s1 - 4 * det * det, 0.0)
    return math.sqrt(max((s1 - math.sqrt(disc)) / 2, 0.0))


def col_lengths(m: Matrix) -> tuple[float, float]:
    """Placed width and height (pt) of the unit square (an image) under m."""
    return math.hypot(m[0], m[1]), math.hypot(m[2], m[3])


@dataclass(frozen=True)
class Space:
    """A colour space reduced to what preflight cares about."""
    family: str           # gray rgb cmyk lab cal icc separation devicen indexed pattern
    ncomp: int
    name: str = ""        # colourant name for Separation, base family for Indexed/ICC
    base: Optional["Space"] = None


GRAY, RGB, CMYK = Space("gray", 1), Space("rgb", 3), Space("cmyk", 4)
DEVICE = {"/DeviceGray": GRAY, "/G": GRAY, "/DeviceRGB": RGB, "/RGB": RGB,
          "/DeviceCMYK": CMYK, "/CMYK": CMYK, "/Pattern": Space("pattern", 0)}


def resolve_space(obj, resources) -> Space:
    """Space for a colour-space name or array, looked up in resources when named."""
    if isinstance(obj, pikepdf.Name):
        key = str(obj)
        if key in DEVICE:
            return DEVICE[key]
        named = resources.get("/ColorSpace", {}).get(key) if resources is not None else None
        if named is None:
            return Space("unknown", 0, key)
        return resolve_space(named, resources)
    if isinstance(obj, pikepdf.Array) and len(obj):
        return _array_space(obj, resources)
    return Space("unknown", 0)


def _array_space(arr, resources) -> Space:
    kind = str(arr[0])
    if kind == "/ICCBased":
        n = int(arr[1].get("/N", 0))
        return Space("icc", n, {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "?"))
    if kind == "/Separation":
        return Space("separation", 1, str(arr[1]), resolve_space(arr[2], resources))
    if kind == "/DeviceN":
        return Space("devicen", len(arr[1]), " ".join(str(n) for n in arr[1]),
                     resolve_space(arr[2], resources))
    if kind in ("/Indexed", "/I"):
        return Space("indexed", 1, "", resolve_space(arr[1], resources))
    if kind == "/Pattern":
        base = resolve_space(arr[1], resources) if len(arr) > 1 else None
        return Space("pattern", 0, "", base)
    if kind in ("/CalRGB", "/CalGray", "/Lab"):
        return Space("lab" if kind == "/Lab" else "cal", 3 if kind != "/CalGray" else 1, kind)
    return DEVICE.get(kind, Space("unknown", 0, kind))


def initial_color(space: Space) -> tuple[float, ...]:
    if space.family == "cmyk":
        return (0.0, 0.0, 0.0, 1.0)
    if space.family in ("separation", "devicen"):
        return (1.0,) * space.ncomp
    return (0.0,) * max(space.ncomp, 1)


@dataclass(frozen=True)
class GState:
    ctm: Matrix = IDENTITY
    line_width: float = 1.0
    fill_space: Space = GRAY
    fill: tuple[float, ...] = (0.0,)
    stroke_space: Space = GRAY
    stroke: tuple[float, ...] = (0.0,)
    fill_overprint: Optional[bool] = None    # /op; None = follows /OP
    stroke_overprint: bool = False           # /OP
    opm: int = 0
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    blend: str = "/Normal"
    soft_mask: bool = False
    font_size: float = 0.0
    text_matrix: Matrix = IDENTITY
    render_mode: int = 0

    @property
    def op_fill(self) -> bool:
        return self.stroke_overprint if self.fill_overprint is None else self.fill_overprint


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    bits: int
    space: Optional[Space]      # None for stencil masks (painted in the fill colour)
    smask: bool
    filters: tuple[str, ...]


def image_info(image, resources) -> ImageInfo:
    """Size, depth, colour space, soft mask and filters of an image XObject or inline image."""
    source = image.obj if isinstance(image, pikepdf.PdfInlineImage) else image

    def get(*keys: str) -> Any:
        """The value of the first of `keys` present (inline images abbreviate them)."""
        return next((source[k] for k in keys if k in source), None)

    mask = bool(get("/ImageMask", "/IM") or False)
    cs = get("/ColorSpace", "/CS")
    space = None if mask or cs is None else resolve_space(cs, resources)
    filt = get("/Filter", "/F")
    filters = tuple(str(f) for f in filt) if isinstance(filt, pikepdf.Array) else ((str(filt),) if filt else ())
    filters = tuple({"/LZW": "/LZWDecode"}.get(f, f) for f in filters)
    smask = get("/SMask") is not None or int(get("/SMaskInData") or 0) > 0
    bits = 1 if mask else int(get("/BitsPerComponent", "/BPC") or 8)
    return ImageInfo(int(get("/Width", "/W")), int(get("/Height", "/H")), bits, space, smask, filters)


@dataclass(frozen=True)
class Mark:
    """Something painted: kind is fill, stroke, text, image, shading, group or forbidden."""
    kind: str
    page: int
    gs: GState
    detail: Any = None                  # ImageInfo (image), /Group dict (group), what it is (forbidden)
    bbox: Optional[tuple[float, float, float, float]] = None   # page coordinates of a painted path


def _num(x) -> float:
    return float(x)


def _matrix(values) -> Matrix:
    """A PDF matrix [a b c d e f] (operands or an array) as six floats."""
    a, b, c, d, e, f = map(_num, values)
    return a, b, c, d, e, f


def _apply_extgstate(gs: GState, egs) -> GState:
    changes: dict[str, Any] = {}
    if "/LW" in egs:
        changes["line_width"] = _num(egs.LW)
    if "/OP" in egs:
        changes["stroke_overprint"] = bool(egs.OP)
    if "/op" in egs:
        changes["fill_overprint"] = bool(egs.op)
    if "/OPM" in egs:
        changes["opm"] = int(egs.OPM)
    if "/ca" in egs:
        changes["fill_alpha"] = _num(egs.ca)
    if "/CA" in egs:
        changes["stroke_alpha"] = _num(egs.CA)
    if "/BM" in egs:
        bm = egs.BM
        changes["blend"] = str(bm[0] if isinstance(bm, pikepdf.Array) and len(bm) else bm)
    if "/SMask" in egs:
        changes["soft_mask"] = str(egs.SMask) != "/None"
    return replace(gs, **changes) if changes else gs


class _Walker:
    """State machine over one content stream; recursion handles Forms and patterns."""

    def __init__(self, page_no: int):
        self.page_no = page_no
        self.marks: list[Mark] = []
        self.seen_streams: set[tuple[tuple[int, int], float]] = set()   # (objgen, scale) walked
        self.path: list[tuple[float, float]] = []    # current path, in page coordinates

    def run(self, stream, resources, gs: GState, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        stack: list[GState] = []
        for instruction in pikepdf.parse_content_stream(stream):
            gs = self._step(str(instruction.operator), instruction.operands, gs, stack, resources, depth)

    def _emit(self, kind: str, gs: GState, **extra) -> None:
        self.marks.append(Mark(kind, self.page_no, gs, **extra))

    def _step(self, op, args, gs, stack, resources, depth) -> GState:
        if op == "q":
            stack.append(gs)
        elif op == "Q":
            gs = stack.pop() if stack else gs
        elif op == "cm":
            gs = replace(gs, ctm=mat_mul(_matrix(args), gs.ctm))
        elif op == "w":
            gs = replace(gs, line_width=_num(args[0]))
        elif op == "gs":
            egs = (resources.get("/ExtGState", {}) or {}).get(str(args[0]))
            if egs is not None and any(str(egs.get(k, "/Default")) != "/Default" for k in ("/TR", "/TR2")):
                self._emit("forbidden", gs, detail="transfer function")
            gs = _apply_extgstate(gs, egs) if egs is not None else gs
        elif op in ("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN"):
            gs = self._colour(op, args, gs, resources, depth)
        elif op in ("BT", "Tf", "Tm", "Tr"):
            gs = self._text_state(op, args, gs)
        elif op in PATH_OPS:
            self._extend_path(op, args, gs.ctm)
        else:
            self._paint(op, args, gs, resources, depth)
        return gs

    def _colour(self, op, args, gs, resources, depth) -> GState:
        stroke = op.isupper()
        if op in ("g", "G", "rg", "RG", "k", "K"):
            space = {"g": GRAY, "rg": RGB, "k": CMYK}[op.lower()]
            vals = tuple(map(_num, args))
        elif op in ("cs", "CS"):
            space = resolve_space(args[0], resources)
            vals = initial_color(space)
        else:   # sc/scn: values in the current space; a trailing name selects a pattern
            space = gs.stroke_space if stroke else gs.fill_space
            vals = tuple(_num(a) for a in args if not isinstance(a, pikepdf.Name))
            if args and isinstance(args[-1], pikepdf.Name):
                self._pattern(args[-1], gs, resources, depth)
        if stroke:
            return replace(gs, stroke_space=space, stroke=vals)
        return replace(gs, fill_space=space, fill=vals)

    def _text_state(self, op, args, gs) -> GState:
        if op == "BT":
            return replace(gs, text_matrix=IDENTITY)
        if op == "Tf":
            return replace(gs, font_size=_num(args[1]))
        if op == "Tm":
            return replace(gs, text_matrix=tuple(map(_num, args)))
        return replace(gs, render_mode=int(args[0]))

    def _extend_path(self, op, args, ctm) -> None:
        nums = [_num(a) for a in args]
        if op == "re":
            x, y, w, h = nums
            nums = [x, y, x + w, y, x + w, y + h, x, y + h]
        a, b, c, d, e, f = ctm
        for x, y in zip(nums[::2], nums[1::2]):
            self.path.append((a * x + c * y + e, b * x + d * y + f))

    def _path_bbox(self):
        if not self.path:
            return None
        xs, ys = [p[0] for p in self.path], [p[1] for p in self.path]
        return (min(xs), min(ys), max(xs), max(ys))

    def _paint(self, op, args, gs, resources, depth) -> None:
        if op in STROKE_OPS or op in FILL_OPS or op == "n":
            bbox, self.path = self._path_bbox(), []
            if op in STROKE_OPS:
                self._emit("stroke", gs, bbox=bbox)
            if op in FILL_OPS:
                self._emit("fill", gs, bbox=bbox)
        if op in TEXT_OPS:
            self._emit("text", gs)
        elif op == "Do":
            self._do(args[0], gs, resources, depth)
        elif op == "INLINE IMAGE":
            self._emit("image", gs, detail=image_info(args[0], resources))
        elif op == "sh":
            shading = (resources.get("/Shading", {}) or {}).get(str(args[0]))
            if shading is not None:
                space = resolve_space(shading.get("/ColorSpace"), resources)
                self._emit("shading", replace(gs, fill_space=space))

    def _do(self, name, gs, resources, depth) -> None:
        xobj = (resources.get("/XObject", {}) or {}).get(str(name))
        if xobj is None:
            return
        subtype = str(xobj.get("/Subtype"))
        if subtype == "/PS" or "/OPI" in xobj:
            self._emit("forbidden", gs, detail="PostScript XObject" if subtype == "/PS" else "OPI reference")
        if subtype == "/Image":
            self._emit("image", gs, detail=image_info(xobj, resources))
        elif subtype == "/Form" and self._first_visit(xobj, gs):
            matrix = _matrix(xobj.get("/Matrix", IDENTITY))
            if "/Group" in xobj:
                self._emit("group", gs, detail=xobj.Group)
            sub_res = xobj.get("/Resources", resources)
            self.run(xobj, sub_res, replace(gs, ctm=mat_mul(matrix, gs.ctm)), depth + 1)

    def _first_visit(self, xobj, gs) -> bool:
        """Walk a Form once per placement matrix (a logo placed 50× is walked once per size)."""
        key = (xobj.objgen, round(min_scale(gs.ctm), 3))
        if key in self.seen_streams:
            return False
        self.seen_streams.add(key)
        return True

    def _pattern(self, name, gs, resources, depth) -> None:
        pattern = (resources.get("/Pattern", {}) or {}).get(str(name))
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            shading = pattern.Shading
            space = resolve_space(shading.get("/ColorSpace"), resources)
            self._emit("shading", replace(gs, fill_space=space))
        elif self._first_visit(pattern, gs):
            matrix = _matrix(pattern.get("/Matrix", IDENTITY))
            self.run(pattern, pattern.get("/Resources", resources),
                     replace(gs, ctm=mat_mul(matrix, gs.ctm)), depth + 1)


def page_marks(page: pikepdf.Page, page_no: int) -> list[Mark]:
    """Every painting operation on the page, in drawing order."""
    walker = _Walker(page_no)
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    if "/Contents" in page.obj:
        walker.run(page.obj, resources, GState())
    return walker.marks


def walk(pdf: pikepdf.Pdf) -> Iterator[Mark]:
    for number, page in enumerate(pdf.pages, start=1):
        yield from page_marks(page, number)


def text_size(gs: GState) -> float:
    """Effective text size on the page in pt (font size × text matrix × CTM)."""
    return gs.font_size * min_scale(mat_mul(gs.text_matrix, gs.ctm))
