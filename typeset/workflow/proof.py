"""Layout result → PNG proofs of each page, optionally with grid, frames, ids and overset marks."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

DEFAULT_DPI = 50                       # a broadsheet page at 50 dpi is ~1000 px wide: readable, quick
GRID_RGBA = (0, 160, 220, 28)          # faint cyan: the grid must not hide the text
GRID_MAJOR_RGBA = (0, 160, 220, 70)    # every fifth line, so editors can count lines
LABEL_RGBA = {"block": (0, 150, 200, 220), "overset": (220, 0, 140, 235)}


@dataclass
class ProofOptions:
    folder: str
    dpi: int = DEFAULT_DPI
    overlay: bool = False
    stem: str = ""                     # file name prefix; default: the issue's file name
    lang: str = "zh"                   # language of the overset labels


def write_proofs(result, fonts, options: ProofOptions) -> list[str]:
    """Draw `result` (a LayoutResult) as a plain PDF and write one PNG per page."""
    from ..outputs import check_output, check_output_folder, issue_inputs
    stem = options.stem or os.path.splitext(os.path.basename(result.issue.source))[0]
    paths = [os.path.join(options.folder, f"{stem}-p{layout.number}.png") for layout in result.pages]
    check_output_folder(options.folder)       # every target checked before anything is written
    inputs = issue_inputs(result.issue, fonts)
    for path in paths:
        check_output(path, inputs)
    images = render_pages(result, fonts, dpi=options.dpi, markers=options.overlay)
    os.makedirs(options.folder, exist_ok=True)
    for layout, image, path in zip(result.pages, images, paths):
        if options.overlay:
            image = overlay(image, layout, page_grid(result, layout.number), _reports_on(result, layout.number),
                            options.lang)
        _save_atomically(image, path)
    return paths


def render_pages(result, fonts, dpi: Optional[float] = None, markers: bool = False,
                 width: Optional[int] = None) -> list:
    """The pages of `result` as RGB Pillow images: drawn as a plain PDF (no
    PDF/X finishing: the same pixels, much quicker), then rendered at `dpi`
    or `width` pixels wide.  `paiban proof` and `paiban epaper` both look
    through this one function, so the e-paper shows what the proof shows."""
    from ..pipeline import BuildOptions, draw_issue
    pdf = draw_issue(result, fonts, BuildOptions(variant="none", markers=markers, preflight=False))
    return render_pdf(pdf, dpi, width)


def render_pdf(pdf: bytes, dpi: Optional[float] = None, width: Optional[int] = None) -> list:
    """PDF bytes → one RGB Pillow image per page (pypdfium2, no subprocess),
    at `dpi`, or scaled to exactly `width` pixels wide."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        return [_render_page(page, dpi, width) for page in doc]
    finally:
        doc.close()


def _render_page(page, dpi: Optional[float], width: Optional[int]):
    from PIL import Image
    if width is None:
        return page.render(scale=(dpi or DEFAULT_DPI) / 72.0).to_pil().convert("RGB")
    w, h = page.get_size()
    image = page.render(scale=width / w).to_pil().convert("RGB")
    size = (width, round(h * width / w))
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def _save_atomically(image, path: str) -> None:
    """Write next to the target and rename, so a watching viewer never reads half a PNG."""
    tmp = path + ".tmp"
    image.save(tmp, format="PNG", optimize=False)
    os.replace(tmp, path)


def page_grid(result, number: int):
    """The grid of page `number`'s template (block rectangles are in its lines and columns)."""
    from ..style.template import find_template, load_template
    page = next(p for p in result.issue.pages if p.number == number)
    base = result.issue.base_dir
    return load_template(find_template(page.template, base), base).grid


def _reports_on(result, number: int) -> list:
    return [b for b in result.blocks if b.page == number]


# -- overlay ----------------------------------------------------------------------

def overlay(image, layout, grid, reports: list, lang: str = "zh"):
    """Grid lines and block labels over a rendered page (frames come from the drawer)."""
    from PIL import Image, ImageDraw
    scale = image.width / layout.width
    # The drawer centres the trim on the media; any bleed or marks margin is symmetric.
    offset = ((image.width - layout.width * scale) / 2, (image.height - layout.height * scale) / 2)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    _draw_grid(draw, grid, scale, offset)
    font = _label_font(max(10, int(round(9 * scale * 72 / 50))))
    for report in reports:
        _draw_label(draw, report, grid, scale, offset, font, lang)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _draw_grid(draw, grid, scale: float, offset) -> None:
    ox, oy = offset
    top, bottom = oy + grid.top * scale, oy + (grid.top + grid.height) * scale
    for col in range(grid.columns):
        x0 = ox + grid.col_x(col) * scale
        x1 = x0 + grid.column_width * scale
        draw.rectangle([x0, top, x1, bottom], outline=GRID_MAJOR_RGBA)
        for line in range(grid.lines):
            y = oy + (grid.line_top(line) + grid.body_size) * scale   # the line's em-box bottom
            draw.line([x0, y, x1, y], fill=GRID_MAJOR_RGBA if (line + 1) % 5 == 0 else GRID_RGBA)


def _draw_label(draw, report, grid, scale: float, offset, font, lang: str) -> None:
    from .messages import say
    ox, oy = offset
    for hole in report.holes:           # 欠版: "−N行" on each hatched hole
        hx, hy = ox + grid.col_x(hole.col - 1) * scale, oy + grid.line_top(hole.line - 1) * scale
        _tag(draw, hx, hy, say("proof_underset_label", lang, lines=hole.lines), font, LABEL_RGBA["overset"])
    if report.kind == "hole":           # white outside every block: only its holes are marked
        return
    rect = report.rect
    x = ox + grid.col_x(rect.col) * scale
    y = oy + grid.line_top(rect.line) * scale
    kind = "overset" if report.overset_lines else "block"
    text = report.id if kind == "block" else say("proof_overset_label", lang, id=report.id,
                                                  chars=report.overset_chars, lines=report.overset_lines)
    _tag(draw, x, y, text, font, LABEL_RGBA[kind])
    if kind == "overset":
        # A magenta bar down the block's bottom edge says “text continues past here”:
        # under each of its parts (a 刀把's leg may end over another block).
        for part in rect.parts():
            left = ox + grid.col_x(part.col) * scale
            bottom = oy + (grid.line_top(part.line) + grid.extent(part.lines)) * scale
            draw.rectangle([left, bottom - 3, left + grid.span_width(part.span) * scale, bottom + 3],
                           fill=LABEL_RGBA["overset"])


def _tag(draw, x: float, y: float, text: str, font, fill) -> None:
    """White text on a coloured plate, at the top left corner (x, y)."""
    box = draw.textbbox((x + 2, y + 2), text, font=font)
    draw.rectangle([box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2], fill=fill)
    draw.text((x + 2, y + 2), text, fill=(255, 255, 255, 255), font=font)


def _label_font(size: int):
    """A shipped CJK face (labels may hold 字/行), else Pillow's built-in font."""
    from PIL import ImageFont
    path = _cjk_font_path()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default()


def _cjk_font_path() -> Optional[str]:
    try:
        from ..fonts import fonts_dir
    except ImportError:
        return None
    for name in ("NotoSansCJKsc-Bold-GB.ttf", "NotoSerifCJKsc-Regular-GB.ttf"):
        path = os.path.join(str(fonts_dir()), name)
        if os.path.isfile(path):
            return path
    return None
