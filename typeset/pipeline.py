"""The pipeline in one place: XML issue → model → template → layout → PDF → file.

Each step is a function of plain data; `build_issue` chains them, the way
`paiban build` runs them.  Output is written atomically: a temporary file in
the target folder, renamed at the end, so a failed build never leaves a
half-written PDF nor clobbers the previous one.
"""
from __future__ import annotations

import os
import tempfile
import time
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .errors import InputError, Warning_
from .messages import say
from .model import Issue


@dataclass(frozen=True)
class BuildOptions:
    """How `build_issue` / `draw_issue` finish an issue (frozen: the default
    instance is shared by every call that passes none)."""
    variant: str = "x1a"          # "x1a" | "x4" | "archive" | "none"
    bleed_mm: float = 0.0
    marks: bool = False
    markers: bool = False         # proof overlays (frames, overset)
    preflight: bool = True
    allow_outside_images: bool = False


@dataclass
class LayoutResult:
    issue: Issue
    pages: list                   # PageLayout
    blocks: list                  # BlockReport
    warnings: list[Warning_] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    inputs: list = field(default_factory=list)     # InputFile: what drawing read (set by draw_issue)
    fonts: object = None          # the FontLibrary the layout measured with (which face drew what)
    facts: object = None          # print.facts.BuildFacts: what was drawn, for the preflight (set by draw_issue)

    @property
    def overset(self) -> list:
        return [b for b in self.blocks if b.overset_lines]

    @property
    def underset(self) -> list:
        """Block reports (pages' white included) with holes: 欠版."""
        return [b for b in self.blocks if b.holes]


def load_fonts():
    from .fonts import default_library
    return default_library()


def layout_issue(path: str, fonts=None, timings: Optional[dict] = None,
                 allow_outside_images: bool = False, typesetters: Optional[dict] = None) -> LayoutResult:
    """Parse and lay out an issue without drawing it (what `paiban check` needs).

    `allow_outside_images` must reach the parser too: it refuses `../` and
    absolute image paths before the drawer ever resolves them.  Pass the same
    `typesetters` dict between calls to keep composed paragraphs cached
    (paiban watch recomposes only what changed).
    """
    from .photos import check_images, crop_warnings
    from .flow import layout_pages
    from .model.parse import parse_issue
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    issue = parse_issue(path, allow_outside_images=allow_outside_images)
    image_sizes = check_images(issue, allow_outside_images)
    t1 = time.perf_counter()
    fonts = fonts or load_fonts()
    t2 = time.perf_counter()
    pages, blocks, warnings = layout_pages(issue, fonts, typesetters, image_sizes)
    warnings += getattr(fonts, "font_warnings", list)()      # fonts skipped by the fallback chain
    warnings += crop_warnings(issue, pages, image_sizes)
    warnings += _cache_warning()
    t3 = time.perf_counter()
    timings.update(parse=t1 - t0, fonts=t2 - t1, layout=t3 - t2)
    return LayoutResult(issue, pages, blocks, warnings, timings, fonts=fonts)


def _cache_warning() -> list[Warning_]:
    """One warning, once per process, when the cache folder cannot be written."""
    problem = cache_write_problem()
    if problem is None:
        return []
    folder, reason = problem
    return [Warning_(say("cache_unwritable", folder=folder, reason=reason), file=folder, code="cache-unwritable")]


def cache_write_problem() -> Optional[tuple[str, str]]:
    """(folder, reason) when the cache folder (TYPESET_CACHE_DIR, else
    $XDG_CACHE_HOME/typeset, else ~/.cache/typeset) cannot be written, else
    None.  The caches never fail a build (fonts/cachefile.py, photos/__init__.py):
    a read-only one only costs every build the photo separations and font
    parses again (an empty cache costs twice a warm one), which nobody would
    otherwise notice — in CI or a container whose home is read-only."""
    from .fonts import cache_dir
    return _probe(str(cache_dir()))


@lru_cache(maxsize=None)
def _probe(folder: str) -> Optional[tuple[str, str]]:
    """Create and remove a file in `folder`; once per folder and process (one line, not one per build)."""
    try:
        os.makedirs(folder, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        return folder, e.strerror or type(e).__name__
    return None


def draw_issue(result: LayoutResult, fonts, options: BuildOptions) -> bytes:
    """Display lists → finished PDF bytes (PDF/X unless variant is none).

    Every finished variant is a tagged PDF (structure tree in reading order,
    print/tags.py); `none`, the unfinished drawing, is not tagged."""
    from .draw.pdf import FLATE_LEVEL, DrawOptions, draw_pdf, draw_tagged_pdf
    from .photos import image_loader, photo_lines, prepare_placed
    from .inputs import document_digest, issue_inputs
    meta = result.issue.meta
    title = f"{meta.paper} {meta.date}" + (f" 第{meta.issue_no}期" if meta.issue_no else "")
    t0 = time.perf_counter()
    result.inputs = issue_inputs(result.issue, result.pages, fonts)
    # IDs from the input, not from ReportLab's output (which hashes a clock)
    digest = document_digest(result.inputs, options.variant,
                             repr((options.bleed_mm, options.marks, options.markers)))
    lang = pdf_lang(meta.lang)
    loader = image_loader(result.issue.base_dir, options.allow_outside_images, result.issue.source,
                          photo_lines(result.issue))
    prepare_placed(result.pages, loader)       # the photo stage: separated before drawing
    draw: Callable[..., Any] = draw_pdf if options.variant == "none" else draw_tagged_pdf
    drawn = draw(result.pages, fonts, DrawOptions(
        bleed_mm=options.bleed_mm, marks=options.marks, markers=options.markers, title=title,
        document_id=digest, date=meta.date,
        lang=lang,
        image_loader=loader,
        # PDF/X finishing re-deflates every stream through qpdf: deflating here
        # too would be thrown away (stored blocks: the same finished bytes' size)
        flate_level=0 if options.variant != "none" else FLATE_LEVEL))
    t1 = time.perf_counter()
    if options.variant == "none":
        pdf = drawn
    else:
        from .print.pdfx import PdfMeta, finish_pdf
        from .print.tags import Structure
        pdf, marked = drawn
        pdf = finish_pdf(pdf, PdfMeta(title=title, paper=meta.paper, date=meta.date,
                                      issue_no=meta.issue_no, pages=len(result.pages), lang=meta.lang),
                         variant=options.variant, input_digest=digest,
                         structure=Structure(marked, block_langs(result.issue), lang))
    result.timings.update(draw=t1 - t0, finish=time.perf_counter() - t1)
    if options.preflight and options.variant != "none":
        result.facts = build_facts(result.pages, options, loader.prepared)  # type: ignore[attr-defined]
    return pdf


def block_langs(issue: Issue) -> dict[str, str]:
    """Block id → the PDF /Lang of each block that sets its own language
    (`lang` on the block), for its Art in the structure tree."""
    return {block.id: pdf_lang(getattr(block, "lang", "")) for page in issue.pages for block in page.blocks
            if getattr(block, "lang", "")}


def build_facts(pages: list, options: BuildOptions, prepared: dict):
    """What the drawer placed, for the preflight of the written file (print/facts.py)."""
    from .print.facts import BuildFacts, PlacedPhoto
    from .photos import TAC_LIMIT
    # every photo went through prepare_image, which holds each pixel to TAC_LIMIT
    photos = {key: PlacedPhoto(jpeg.size, TAC_LIMIT * 100.0) for key, jpeg in prepared.items()}
    return BuildFacts(pages, options.bleed_mm, options.marks, options.markers, photos)


def pdf_lang(lang: str) -> str:
    """The issue's language as the PDF's /Lang: a Simplified Chinese paper
    ("zh-Hans", the issue default, or a bare "zh") is "zh-CN", the tag
    screen readers and PDF/UA checkers expect of mainland text; any other
    BCP 47 tag is kept."""
    return "zh-CN" if lang in ("", "zh", "zh-Hans") else lang


def write_atomically(data: bytes, out: str) -> None:
    """Write `data` to `out` through a temporary file in the same folder."""
    folder = os.path.dirname(os.path.abspath(out)) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".paiban-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputError(say("output_unwritable", reason=e.strerror), file=out) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException as e:                 # Ctrl-C included: never leave a half file
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise InputError(say("output_unwritable", reason=e.strerror), file=out) from None
        raise


def build_issue(path: str, out: str, options: Optional[BuildOptions] = None, fonts=None) -> LayoutResult:
    """Lay out, draw and write one issue; returns the layout result and reports.
    `options` None: `BuildOptions()` (PDF/X-1a, preflight, no bleed)."""
    options = options or BuildOptions()
    from .outputs import check_output, issue_inputs
    check_output(out, [("issue", path)])       # before any work: the XML may not even parse
    fonts = fonts or load_fonts()
    result = layout_issue(path, fonts, allow_outside_images=options.allow_outside_images)
    check_output(out, issue_inputs(result.issue, fonts, options.allow_outside_images))
    pdf = draw_issue(result, fonts, options)
    write_atomically(pdf, out)
    return result
