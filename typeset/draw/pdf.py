"""Page display lists → PDF bytes, through ReportLab's canvas (the only module
that draws).

Everything is DeviceCMYK; black text and rules overprint (print-ready.md
§2, GWG: 100 % K text overprints); glyphs are placed at the composer's x
positions with one TJ array per run, so justification never depends on the
PDF viewer.  Dates are fixed (`invariant`) so the bytes depend only on the
input.
"""
from __future__ import annotations

import calendar
import io
import time
import zlib
from collections import Counter
from itertools import compress, count, repeat
from operator import lt, ne, sub
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Optional, Sequence

from reportlab import rl_config
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..runtime import compiled
from .aliases import alias, widened
from ..display import BoxItem, Dots, ImageItem, Marker, PageLayout, RuleItem, Tag, TextRun, overprints
from ..display.boxes import Boxes, page_boxes
from .marks import draw_crop_marks
from .rlfonts import register_face


# zlib level of the page streams and embedded font subsets.  ReportLab's own
# filter uses zlib's default, 6; at x10 of bench/body_flow.py (50k characters)
# level 2 draws ~8 ms faster for a 10 % larger file (296 → 325 kB), and page
# streams compress 3.5× faster than at 6.  PDF/X finishing (print/pdfx.py)
# re-encodes every Flate stream with qpdf anyway, so built PDF/X files do not
# change size; `--variant none` files grow ~1 % (the sample: 1.514 → 1.529 MB).
FLATE_LEVEL = 2

# A gap inside a run wider than this (em) is given to the glyph before it as
# advance (draw/aliases.py): pdfminer starts a new word at 0.1 em, poppler at
# 0.1 of the font size, so half that keeps "8月29日" one word in both.
HIDDEN_GAP_EM = 0.05
# `_glyph_arrays` of a common line in C (draw/_tj.c, optional; None: Python writes every line),
# reading the glyphs from a per-(face, size) _tj.Table that _Glyphs.fill keeps beside its dicts.
# (An extension built from an older _tj.c, without Table, is not used.)
_TJ = compiled("typeset.draw._tj")
_TJ_TABLE = getattr(_TJ, "Table", None)
TJ_LINE = _TJ.tj_line if _TJ is not None and _TJ_TABLE is not None else None
# Counter(text) as a dict, in C (~10× faster on a long document's text); None: Counter.
TJ_COUNTS = getattr(_TJ, "counts", None) if TJ_LINE is not None else None


@dataclass(frozen=True)
class DrawOptions:
    bleed_mm: float = 0.0         # added on each side (BleedBox = TrimBox + bleed)
    marks: bool = False           # crop marks outside the bleed (proofs)
    markers: bool = False         # draw block frames / overset markers (proofs)
    grid: bool = False            # draw the page grid (proofs)
    title: str = ""
    lang: str = ""                # the Catalog's /Lang (BCP 47), e.g. "zh-CN"; "" writes none
    image_loader: Optional[Callable] = None   # (path, w_pt, h_pt, focus, crop) -> ImageReader-compatible
    # zlib level of page streams and font subsets; 0 (stored) suits a caller that
    # re-deflates every stream itself, as PDF/X finishing does through qpdf
    flate_level: int = FLATE_LEVEL
    # The document's identity, from its inputs (typeset/inputs.py): the trailer
    # /ID's 16 bytes (b"": ReportLab's digest of its output) and the ISO date
    # of Info's CreationDate/ModDate (midnight UTC; "": ReportLab's fixed 2000-01-01)
    document_id: bytes = b""
    date: str = ""


# Binary image streams: ReportLab's pure-Python ASCII85 encoding of JPEGs
# costs ~0.1 s per photo and makes files 25 % larger; PDF/X allows binary.
rl_config.useA85 = 0

class _Flate:
    """FlateDecode at our zlib level; the document's default filter for every
    stream ReportLab leaves unfiltered when its own compression is off (page
    streams, font subsets, ToUnicode CMaps).  Images come with their own
    filters (DCTDecode, or ReportLab's FlateDecode) and are not touched."""
    pdfname = "FlateDecode"

    def __init__(self, level: int):
        self.level = level

    def encode(self, text) -> bytes:
        if isinstance(text, str):
            text = text.encode("utf8")          # as ReportLab's filter
        return zlib.compress(text, self.level)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


def draw_pdf(pages: Sequence[PageLayout], fonts, options: DrawOptions = DrawOptions()) -> bytes:
    """Draw every page; return the PDF bytes."""
    return _draw(pages, fonts, options, tagged=False)[0]


# What a tagged drawing returns besides the bytes: per page, the structure
# element (display.Tag) of each marked-content sequence, indexed by MCID.
MarkedContent = tuple[tuple[Tag, ...], ...]


def draw_tagged_pdf(pages: Sequence[PageLayout], fonts,
                    options: DrawOptions = DrawOptions()) -> tuple[bytes, MarkedContent]:
    """Draw every page with marked content for a structure tree (tagged PDF,
    issue 16): the items of each structure element (`Tag`) between
    `/P <</MCID n>> BDC … EMC`, the untagged ones (page furniture) between
    `/Artifact BMC … EMC`.  Returns the PDF bytes and, per page, the tag of
    every MCID in drawing order; print/tags.py builds the tree from them."""
    return _draw(pages, fonts, options, tagged=True)


def _draw(pages: Sequence[PageLayout], fonts, options: DrawOptions, tagged: bool) -> tuple[bytes, MarkedContent]:
    buf = io.BytesIO()
    first = pages[0]
    boxes = page_boxes(first.width, first.height, options.bleed_mm, options.marks)
    body = register_face(fonts, "song")
    # ReportLab's compression off, our filter as the default: every stream it
    # would have compressed (and the tint functions of crop marks) gets _Flate.
    # (types-reportlab types initialFontName like initialFontSize; ReportLab takes a name.)
    canvas = Canvas(buf, pagesize=boxes.media_size, invariant=1,
                    pageCompression=0, initialFontName=body, initialFontSize=9,  # type: ignore[arg-type]
                    lang=options.lang or None)
    doc = canvas._doc                         # type: ignore[attr-defined]  # ReportLab's PDFDocument, private
    doc.defaultStreamFilters = [_Flate(options.flate_level)]
    _fix_identity(doc, options)
    canvas.setTitle(options.title)
    canvas.setCreator("typeset (paiban)")
    canvas.setProducer("typeset (paiban) with ReportLab")
    doc_fonts = _DocFonts(fonts, doc)
    doc_fonts.assign_by_frequency(pages)
    marked = []
    for page in pages:
        drawer = _PageDrawer(canvas, page, doc_fonts, options,
                             page_boxes(page.width, page.height, options.bleed_mm, options.marks),
                             [] if tagged else None)
        drawer.draw()
        marked.append(tuple(drawer.marked or ()))
        canvas.showPage()
    canvas.save()
    return buf.getvalue(), tuple(marked)


def _fix_identity(doc, options: DrawOptions) -> None:
    """Dates and /ID that depend on the input only.

    ReportLab's invariant mode still reads SOURCE_DATE_EPOCH for the Info
    dates and hashes that timestamp into the /ID, so reproducible-build
    tooling would change the bytes; the timestamp is replaced by the issue's
    date and the /ID by the caller's digest of the input."""
    try:
        epoch = calendar.timegm(date.fromisoformat(options.date).timetuple()) if options.date else 946684800
    except ValueError:
        epoch = 946684800                      # ReportLab's invariant date, 2000-01-01
    stamp = TimeStamp(invariant=1)
    stamp.t, stamp.lt = epoch, time.gmtime(epoch)
    stamp.YMDhms, stamp.dhh, stamp.dmm, stamp.tzname = tuple(stamp.lt)[:6], 0, 0, "UTC"
    doc._timeStamp = stamp
    if options.document_id:
        ident = b"<" + options.document_id[:16].hex().encode() + b">"
        doc._ID = b"\n[" + ident + ident + b"]\n"


_HEX_BYTE = tuple("%02x" % b for b in range(256))     # a glyph code inside a TJ hex string


class _DocFonts:
    """The font look-ups of one document, made once instead of once per run
    or per character: face → ReportLab font, (font, subset) → the subset's
    resource name, per font the character → code it was given (code >> 8
    is the subset, code & 0xFF the byte), per (face, size) the _Glyphs tables,
    and the numbers and roundings the runs repeat.  Codes come from ReportLab's
    `splitString`, one character at a time (see assign_by_frequency)."""

    def __init__(self, fonts, doc):
        self.fonts, self.doc = fonts, doc
        self._faces: dict[str, object] = {}
        self._names: dict[tuple[str, int], str] = {}
        self._codes: dict[str, dict[str, int]] = {}
        self.tables: dict[tuple[str, float], _Glyphs] = {}     # (face, size) → its tables
        self.numbers: dict[float, str] = {}
        self.rounded: dict[float, float] = {}     # v → round(v, 3): a document has few distinct spaces

    def font(self, face: str):
        font = self._faces.get(face)
        if font is None:
            font = self._faces[face] = pdfmetrics.getFont(register_face(self.fonts, face))
        return font

    def codes(self, font, text: str) -> list[int]:
        """The subset code of every character of `text` in `font`."""
        known = self._codes.get(font.fontName)
        if known is None:
            known = self._codes[font.fontName] = {}
        out: list = list(map(known.get, text))     # ints, None for characters not met before
        if None in out:                   # characters not met before in this document
            # One splitString call for all of them, in order: it gives each character
            # its code in turn, one byte each, as one call per character would.
            new = "".join(dict.fromkeys(ch for ch, code in zip(text, out) if code is None))
            known.update(zip(new, [subset << 8 | byte for subset, chunk in font.splitString(new, self.doc)
                                   for byte in chunk]))
            out = list(map(known.__getitem__, text))
        return out

    def assign_by_frequency(self, pages: Sequence[PageLayout]) -> None:
        """Give every character of the document its code before drawing, per
        font the most frequent first (ties in order of appearance).

        A subset holds 255 characters and switching subsets inside a run costs
        `] TJ /F1+1 9 Tf [`; assigned in drawing order, the glyphs of a line of
        body text fall into different subsets about every second glyph.  With
        the commonest characters in the first subset, they mostly share it:
        at 50k characters of body text, 21,270 switches become 15,270."""
        texts: dict[str, list[str]] = {}
        for page in pages:
            for item in page.items:
                if isinstance(item, TextRun):
                    texts.setdefault(item.face, []).append(item.text)
        for face, parts in texts.items():
            text = "".join(parts)
            counts = TJ_COUNTS(text) if TJ_COUNTS is not None else Counter(text)   # ordered: first appearance
            self.codes(self.font(face), "".join(sorted(counts, key=counts.__getitem__, reverse=True)))

    def table(self, face: str, size: float) -> "_Glyphs":
        """The per-character tables of `face` at `size` (made on first use)."""
        table = self.tables.get((face, size))
        if table is None:
            table = self.tables[face, size] = _Glyphs(self, self.font(face), size)
        return table

    def number(self, v: float) -> str:
        """_n(v), memoised for the document (a page repeats its x, y and Tc values)."""
        text = self.numbers.get(v)
        if text is None:
            text = self.numbers[v] = _n(v)
        return text

    def subset_name(self, font, subset: int) -> str:
        key = (font.fontName, subset)
        name = self._names.get(key)
        if name is None:     # the first call registers the font with the document
            name = self._names[key] = font.getSubsetInternalName(subset, self.doc)
        return name


class _Glyphs:
    """Per character of one font at one size: its advance in pt (as the
    composer's x positions are compared with), its subset, its byte as two hex
    digits "xx", and the same byte after a subset switch, closing the TJ array
    before it and opening its own (">] TJ /F1+1 9 Tf [<xx"); per subset, the
    operators opening its array ("/F1+1 9 Tf [") and those of a switch that
    sets its own origin (">] TJ /F1+1 9 Tf 1 0 0 1 ", then x y Tm).  With the
    C extension, `table` (a _tj.Table) holds the same per character (subset,
    byte, advance) and per subset (its opening operators) for tj_line."""

    def __init__(self, fonts: _DocFonts, font, size: float):
        self.fonts, self.font, self.size = fonts, font, size
        self.widths, self.default = font.face.charWidths, font.face.defaultWidth
        self.sized = " %s Tf [" % _n(size)
        self.advances: dict[str, float] = {}
        self.subsets: dict[str, int] = {}
        self.parts: dict[str, str] = {}
        self.switches: dict[str, str] = {}
        self.opens: dict[int, str] = {}
        self.placed: dict[int, str] = {}      # per subset: ">] TJ /F1+1 9 Tf 1 0 0 1 " (a switch with its Tm)
        self.table = _TJ_TABLE() if _TJ_TABLE is not None else None

    def fill(self, text: str) -> None:
        """Make the entries of the characters of `text` not met before."""
        for ch, code in zip(text, self.fonts.codes(self.font, text)):
            if ch not in self.subsets:
                subset = code >> 8
                opens = self.opens.get(subset)
                if opens is None:     # the first subset name registers the font with the document
                    opens = self.opens[subset] = self.fonts.subset_name(self.font, subset) + self.sized
                    self.placed[subset] = ">] TJ " + opens[:-1] + "1 0 0 1 "
                    if self.table is not None:
                        self.table.subset(subset, opens)
                self.advances[ch] = advance = self.widths.get(ord(ch), self.default) * self.size / 1000
                self.subsets[ch] = subset
                self.parts[ch] = part = _HEX_BYTE[code & 0xFF]
                self.switches[ch] = ">] TJ " + opens + "<" + part
                if self.table is not None:
                    self.table.add(ch, subset, code & 0xFF, advance)


_UNMARKED = object()       # no marked-content sequence open (a Tag, or None for an artifact, when one is)


class _PageDrawer:
    """Draws one page; tracks the overprint state to emit each change once,
    and, when `marked` is a list, the open marked-content sequence (the tag
    of each MCID it opens goes into `marked`)."""

    def __init__(self, canvas: Canvas, page: PageLayout, fonts: _DocFonts, options: DrawOptions,
                 boxes: Boxes, marked: Optional[list] = None):
        self.c, self.page, self.fonts, self.opt, self.boxes = canvas, page, fonts, options, boxes
        self.outer = boxes.offset[0]          # the trim page's corner on the media (bleed, marks)
        self.height = boxes.media_size[1]
        self.overprint: Optional[bool] = None
        self.code = canvas._code           # type: ignore[attr-defined]  # raw content-stream operators
        self.marked = marked
        self.open = _UNMARKED

    def draw(self) -> None:
        c, p, boxes = self.c, self.page, self.boxes
        c.setPageSize(boxes.media_size)
        c.setTrimBox(boxes.trim)
        if boxes.bleed_pt or boxes.marks:
            c.setBleedBox(boxes.bleed)
        tagged, markers = self.marked is not None, self.opt.markers
        text, other = self.text, self.item
        for item in _joined_runs(p.items, self.fonts):
            kind = type(item)
            if tagged:
                tag = item.tag if kind is TextRun or kind is ImageItem else None
                if tag != self.open and (markers or kind is not Marker):
                    self.mark(tag)
            if kind is TextRun:            # nearly every item of a page: no isinstance chain
                text(item)
            else:
                other(item)
        if tagged and boxes.marks:
            self.mark(None)                    # printer's marks are artifacts too
        draw_crop_marks(c, boxes)              # nothing unless marks were asked for
        if self.open is not _UNMARKED:
            self.code.append("EMC")

    def item(self, item) -> None:
        """Draw an item of any kind (a TextRun subclass too); `draw` calls
        `text` itself for the plain TextRuns."""
        if isinstance(item, TextRun):
            self.text(item)
        elif isinstance(item, RuleItem):
            self.rule(item)
        elif isinstance(item, Dots):
            self.dots(item)
        elif isinstance(item, BoxItem):
            self.box(item)
        elif isinstance(item, ImageItem):
            self.image(item)
        elif isinstance(item, Marker) and self.opt.markers:
            self.marker(item)

    def mark(self, tag: Optional[Tag]) -> None:
        """Close the open marked-content sequence and open `tag`'s: its
        element type with the page's next MCID (ISO 32000-1 §14.7.4), or,
        for an item without a tag, an artifact (§14.8.2.2: furniture a
        reader skips).  Sequences hold whole text objects (BT … ET)."""
        if self.open is not _UNMARKED:
            self.code.append("EMC")
        if tag is None:
            self.code.append("/Artifact BMC")
        else:
            marked = self.marked if self.marked is not None else []     # (a tag is given only when marking)
            self.code.append("/%s <</MCID %d>> BDC" % (tag.role, len(marked)))
            marked.append(tag)
        self.open = tag

    # -- coordinates: display lists are top-down on the trim page --------------
    def X(self, x: float) -> float:
        return x + self.outer

    def Y(self, y: float) -> float:
        return self.height - self.outer - y

    def set_overprint(self, on: bool) -> None:
        if on != self.overprint:
            self.c.setFillOverprint(on)
            self.c.setStrokeOverprint(on)
            self.c.setOverprintMask(1 if on else 0)
            self.overprint = on

    # -- items ---------------------------------------------------------------
    def text(self, run: TextRun) -> None:
        try:
            on, head = _TEXT_STYLES[run.color]
        except (KeyError, TypeError):         # a colour not met before, or unhashable (a list)
            on, head = _text_style(run.color)
        if on != self.overprint:
            self.set_overprint(on)
        text = run.text
        joins = _dash_joins(run, self.fonts.fonts) if _BAR_PAIR in text or _EM_PAIR in text else ()
        if run.actual is not None and len(run.actual) == len(text):
            run = self._aliased(run)
        if run.ys or run.actual is not None:
            self._text_with_extras(run)
        else:             # as _text_with_extras would write it, without the list and join
            self.code.append(self._glyph_arrays(run, True, head, " ET"))
        for x, y, w, h in joins:
            self.code.append(f"{_cmyk(run.color)} k {_n(self.X(x))} {_n(self.Y(y + h))} {_n(w)} {_n(h)} re f")

    def _aliased(self, run: TextRun) -> TextRun:
        """A run whose glyphs stand one for one for other characters (U+2015
        drawn for U+2014, the vertical forms of V3) drawn with alias codes
        that copy as the source, so the ToUnicode CMap says what ActualText
        said.  A vertical run (per-glyph origins) keeps its ActualText too:
        it makes the line one unit for the readers that honour it."""
        face = self.fonts.font(run.face).face
        source = run.actual or ""                # (the caller passes runs with an ActualText)
        text = "".join([d if d == s else alias(face, d, s) for d, s in zip(run.text, source)])
        actual = None if all(d == s or ord(a) > 0xFFFF for d, s, a in zip(run.text, source, text)) \
            and not run.ys else run.actual          # vertical text keeps its line's ActualText
        return replace(run, text=text, actual=actual)

    def _hide_gaps(self, run: TextRun, deltas: list[float], spacing: float) -> str:
        """`run.text` with each glyph followed by a gap wider than HIDDEN_GAP_EM
        (not next to a space) widened by that gap (draw/aliases.py)."""
        return self._widened(run, _gaps_to_hide(run.text, deltas, spacing, HIDDEN_GAP_EM * run.size))

    def _widened(self, run: TextRun, gaps: list[tuple[int, float]]) -> str:
        """`run.text` with glyph k widened by `gap` pt for each (k, gap) of `gaps`."""
        face = self.fonts.font(run.face).face
        chars, size = list(run.text), run.size
        for k, gap in gaps:
            chars[k] = widened(face, chars[k], round(gap * 1000 / size))
        return "".join(chars)

    def _text_with_extras(self, run: TextRun) -> None:
        """A run with /ActualText, or vertical (per-glyph baselines)."""
        font = self.fonts.font(run.face)
        doc = self.c._doc                   # type: ignore[attr-defined]  # ReportLab's private PDFDocument
        ops = ["BT", "%s k" % _cmyk(run.color)]
        if run.actual is not None:
            ops.append("/Span <</ActualText <%s>>> BDC" % _utf16_hex(run.actual))
        if run.ys:
            ops += self._glyphs_one_by_one(run, font, doc)
        else:
            ops.append(self._glyph_arrays(run))
        if run.actual is not None:
            ops.append("EMC")
        ops.append("ET")
        self.code.append(" ".join(ops))

    def _glyph_arrays(self, run: TextRun, hide_gaps: bool = True, head: str = "", tail: str = "") -> str:
        """One Tm and one TJ per font subset; glyphs land on the composer's x;
        `head` before them and `tail` after ("BT 0 0 0 1 k ", " ET": text()).

        Justified CJK lines add the same space after almost every glyph, so
        that common amount goes into Tc (character spacing) and only the
        exceptions (compressed marks, CJK–Latin gaps) become TJ kerns: small
        streams, and text extraction sees ordinary character spacing.

        Consecutive glyphs of one subset share one hex string, `[<0102>-250.0<03>]`:
        a kern closes the string and opens the next (`>-250.0<`), a subset switch
        closes the array too (`>] TJ /F1+1 9 Tf [<`); the glyphs land where one
        string per glyph put them.
        """
        xs, text, size = run.xs, run.text, run.size
        glyphs = self.fonts.tables.get((run.face, size)) or self.fonts.table(run.face, size)
        if TJ_LINE is not None and glyphs.table is not None:    # the common line in C (draw/_tj.c: the same bytes)
            line = self._c_line(run, glyphs, hide_gaps, head, tail)
            if line is not None:
                return line
        try:
            subsets = list(map(glyphs.subsets.__getitem__, text))
        except KeyError:                  # characters not met before at this size
            glyphs.fill(text)
            subsets = list(map(glyphs.subsets.__getitem__, text))
        parts = list(map(glyphs.parts.__getitem__, text))  # "xx" per glyph
        # deltas[k-1] = xs[k] - xs[k-1] - advance[k-1]: the space before glyph k
        deltas = list(map(sub, map(sub, xs[1:], xs), map(glyphs.advances.__getitem__, text)))
        if deltas:
            # The most frequent space (to 1/1000 pt) goes into Tc.  Rounding is
            # monotone: when the extremes round alike, every space does.  round(v, 3)
            # costs ~170 ns, a look-up ~30: at 50k characters the document has ~100
            # distinct spaces (~750 with --distinct), so they are rounded once each.
            lo, hi = min(deltas), max(deltas)
            rounded = self.fonts.rounded
            spacing = rounded.get(lo)
            if spacing is None:
                spacing = rounded[lo] = round(lo, 3)
            high = rounded.get(hi)
            if high is None:
                high = rounded[hi] = round(hi, 3)
            if spacing != high:
                spacing = _most_frequent(deltas, rounded)
            limit = HIDDEN_GAP_EM * run.size
            if hide_gaps and (hi - spacing > limit or spacing > limit):
                # a Tc that wide is a gap too (第1版: both gaps ¼ em): hide every one
                hidden = self._hide_gaps(run, deltas, spacing if spacing <= limit else 0.0)
                if hidden != text:
                    return self._glyph_arrays(_with_text(run, hidden), False, head, tail)
            if hi - spacing > 5e-4 or lo - spacing < -5e-4:
                # A kern goes into the array just before its glyph: it prefixes the glyph's part,
                # closing the hex string before it and opening the glyph's.  The glyphs kerned
                # are those with |delta - spacing| > 5e-4, found without a Python loop.
                size = run.size
                for k in compress(count(1), map(lt, repeat(5e-4), map(abs, map(sub, deltas, repeat(spacing))))):
                    parts[k] = ">%.1f<" % (-(deltas[k - 1] - spacing) * 1000 / size) + parts[k]
        else:
            spacing = 0.0
        numbers = self.fonts.numbers
        number = self.fonts.number
        x = run.x + xs[0] + self.outer            # X(run.x + xs[0])
        y = self.height - self.outer - run.y      # Y(run.y)
        # One TJ array per stretch of glyphs in one font subset, one text position
        # per run: a font switch keeps the pen where the previous chunk left it.
        # With character spacing, the chunk after a switch gets its own Tm
        # instead: Tc follows the last glyph of a TJ too (PDF 32000 §9.3.2),
        # but pdfminer drops it there, and read back so a justified line with
        # digits or Latin (other subsets) ended up to 0.3 em short.
        switches = glyphs.switches                     # ">] TJ /F1+n 9 Tf [<xx" per character
        cuts = list(compress(count(1), map(ne, subsets, subsets[1:])))   # where the subset changes
        if cuts and spacing != 0.0:
            # ">] TJ /F1+n 9 Tf 1 0 0 1 " + x + " y Tm [<xx": the glyph's own origin, no kern needed
            placed, x0, hexes = glyphs.placed, run.x + self.outer, glyphs.parts
            at_y = " %s Tm [<" % (numbers.get(y) or number(y))
            for k in cuts:
                parts[k] = placed[subsets[k]] + _n(x0 + xs[k]) + at_y + hexes[text[k]]
        else:
            for k in cuts:
                part = parts[k]     # "xx", or ">-250.0<xx" after a kern (then the new array starts with it)
                parts[k] = switches[text[k]] if part[0] != ">" else ">] TJ " + glyphs.opens[subsets[k]] + part[1:]
        return (f"{head}{numbers.get(spacing) or number(spacing)} Tc 1 0 0 1 {numbers.get(x) or number(x)} "
                f"{numbers.get(y) or number(y)} Tm {glyphs.opens[subsets[0]]}<" + "".join(parts) + ">] TJ" + tail)

    def _c_line(self, run: TextRun, glyphs, hide_gaps: bool, head: str, tail: str) -> Optional[str]:
        """`_c_glyph_arrays`, again after filling the glyph table when the
        line holds characters not met before at this size (a widened alias
        of a hidden gap: new at every gap width)."""
        line = self._c_glyph_arrays(run, glyphs.table, hide_gaps, head, tail)
        if line is None and not all(map(glyphs.subsets.__contains__, run.text)):
            glyphs.fill(run.text)
            line = self._c_glyph_arrays(run, glyphs.table, hide_gaps, head, tail)
        return line

    def _c_glyph_arrays(self, run: TextRun, table, hide_gaps: bool, head: str, tail: str) -> Optional[str]:
        """`_glyph_arrays` through draw/_tj.c's tj_line; None for a line it
        leaves to Python (glyphs not met before at this size)."""
        xs, size, outer = run.xs, run.size, self.outer
        line = TJ_LINE(table, run.text, xs, size, HIDDEN_GAP_EM * size, hide_gaps,  # type: ignore[misc]
                       run.x + xs[0] + outer, self.height - outer - run.y, run.x + outer, head, tail)
        if type(line) is str or line is None:
            return line
        hidden = self._widened(run, line)           # the gaps to hide, as _gaps_to_hide finds them
        if hidden == run.text:
            return None               # no glyph to widen (Python writes the line as it is)
        return self._glyph_arrays(_with_text(run, hidden), False, head, tail)

    def _glyphs_one_by_one(self, run: TextRun, font, doc) -> list[str]:
        """Vertical text: each glyph at its own origin and size (TextRun.sizes),
        upright or turned about its origin by the text matrix (TextRun.turns)."""
        ops = []
        turns = run.turns or (0,) * len(run.text)
        sizes = run.sizes or (run.size,) * len(run.text)
        for k, ch in enumerate(run.text):
            for subset, chunk in font.splitString(ch, doc):
                name = font.getSubsetInternalName(subset, doc)
                x, y = self.X(run.x + run.xs[k]), self.Y(run.y + run.ys[k])
                matrix = _TURNED.get(turns[k], "1 0 0 1")
                ops.append(f"{name} {_n(sizes[k])} Tf {matrix} {_n(x)} {_n(y)} Tm <{chunk.hex()}> Tj")
        return ops

    def rule(self, r: RuleItem) -> None:
        self.set_overprint(overprints(r.color))
        self.code.append(f"{_cmyk(r.color)} K {_n(r.width)} w {_n(self.X(r.x1))} {_n(self.Y(r.y1))} m "
                         f"{_n(self.X(r.x2))} {_n(self.Y(r.y2))} l S")

    def dots(self, d: Dots) -> None:
        """着重号: one filled path of circles (four Bézier quarters each)."""
        self.set_overprint(overprints(d.color))
        r = d.diameter / 2
        paths = [_circle(self.X(x), self.Y(y), r) for x, y in d.centres()]
        self.code.append(f"{_cmyk(d.color)} k " + " ".join(paths) + " f")

    def box(self, b: BoxItem) -> None:
        rect = f"{_n(self.X(b.x))} {_n(self.Y(b.y + b.h))} {_n(b.w)} {_n(b.h)} re"
        if b.fill is not None:
            self.set_overprint(False)
            self.code.append(f"{_cmyk(b.fill)} k {rect} f")
        if b.stroke is not None:
            self.set_overprint(overprints(b.stroke))
            self.code.append(f"{_cmyk(b.stroke)} K {_n(b.width)} w {rect} S")

    def image(self, im: ImageItem) -> None:
        self.set_overprint(False)
        loader = self.opt.image_loader
        source = loader(im.path, im.w, im.h, im.focus, im.crop) if loader else ImageReader(im.path)
        self.c.drawImage(source, self.X(im.x), self.Y(im.y + im.h), im.w, im.h)

    def marker(self, m: Marker) -> None:
        """Proof overlay: block frames in cyan, overset blocks in magenta,
        holes (欠版) hatched in magenta so the editor sees them at a glance."""
        color = (0, 1, 0, 0) if m.kind in ("overset", "underset") else (1, 0, 0, 0)
        self.set_overprint(False)
        x, y = self.X(m.x), self.Y(m.y + m.h)
        self.code.append(f"{_cmyk(color)} K 0.8 w {_n(x)} {_n(y)} {_n(m.w)} {_n(m.h)} re S")
        if m.kind == "underset":
            self.code.append(_hatch(x, y, m.w, m.h))


_KAPPA = 0.5523             # a quarter circle's Bézier control distance, per radius


def _circle(x: float, y: float, r: float) -> str:
    """A closed circle path centred at (x, y) in PDF coordinates."""
    k = _KAPPA * r
    return (f"{_n(x + r)} {_n(y)} m "
            f"{_n(x + r)} {_n(y + k)} {_n(x + k)} {_n(y + r)} {_n(x)} {_n(y + r)} c "
            f"{_n(x - k)} {_n(y + r)} {_n(x - r)} {_n(y + k)} {_n(x - r)} {_n(y)} c "
            f"{_n(x - r)} {_n(y - k)} {_n(x - k)} {_n(y - r)} {_n(x)} {_n(y - r)} c "
            f"{_n(x + k)} {_n(y - r)} {_n(x + r)} {_n(y - k)} {_n(x + r)} {_n(y)} c h")


HATCH_STEP = 12.0        # pt between the diagonal strokes of a hole's hatching


# Text matrices (a b c d of Tm) of a glyph turned clockwise on the page: at 90°
# its advance (x axis) points down, its ascent (y axis) to the right (§1.7 V1).
_TURNED = {0: "1 0 0 1", 90: "0 -1 1 0"}


def _hatch(x: float, y: float, w: float, h: float) -> str:
    """Diagonal strokes (45°) filling the rectangle (x, y, w, h), clipped to it."""
    strokes = []
    k = HATCH_STEP
    while k < w + h:
        # the stroke x + t = y + k − t …, from the left or bottom edge to the top or right edge
        x1, y1 = (x, y + k) if k <= h else (x + k - h, y + h)
        x2, y2 = (x + k, y) if k <= w else (x + w, y + k - w)
        strokes.append(f"{_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l")
        k += HATCH_STEP
    return "q " + " ".join(strokes) + " S Q"


# "——" is two glyphs (U+2015 drawn for U+2014, §1.1 font traps); their ink
# stops short of the em (Noto Serif Bold: 74…926 of 1000), so two of them show
# a gap of 0.15 em — 3 pt in a 22 pt bold head.  R6 makes the pair one dash:
# it is drawn joined, one bar over the glyphs' ink from the first glyph's left
# edge to the last one's right, at their ink's height.  The glyphs stay (text
# copies as "——"); a face whose dash ink fills the em (WenKai) gets no bar.
_DASHES = frozenset("\u2014\u2015")
_BAR_PAIR, _EM_PAIR = "\u2015\u2015", "\u2014\u2014"      # a run with neither has no bar to join


def _dash_joins(run: TextRun, fonts) -> list[tuple[float, float, float, float]]:
    """Bars (x, y top, w, h on the trim page) joining each run of 2+ dash
    glyphs of `run` that sit one em apart (R6, see above)."""
    if run.ys:
        return []                                  # vertical text: its own dash forms
    out, text, k = [], run.text, 0
    while k < len(text) - 1:
        m = k
        while m + 1 < len(text) and text[m + 1] in _DASHES and text[m] in _DASHES \
                and abs(run.xs[m + 1] - run.xs[m] - run.size) < 0.02 * run.size:
            m += 1
        if m > k:
            bar = _dash_bar(run, fonts, k, m)
            if bar is not None:
                out.append(bar)
        k = m + 1
    return out


def _dash_bar(run: TextRun, fonts, first: int, last: int):
    box = fonts.ink_box(run.face, run.text[first])
    if box is None:
        return None
    x0, y0, x1, y1 = box
    if x0 + (1.0 - x1) <= 0.0:
        return None                                # the glyphs touch already
    left = run.x + run.xs[first] + x0 * run.size
    right = run.x + run.xs[last] + x1 * run.size
    return (left, run.y - y1 * run.size, right - left, (y1 - y0) * run.size)


def _joined_runs(items, fonts: "_DocFonts") -> list:
    """The page's items, each run followed on its baseline by the next one
    (a digit run in the Latin face after Han text: "第", "1", "版") after a
    gap that is not a word space given that gap in its last glyph's advance,
    as _hide_gaps does inside a run — the words stay whole for extractors."""
    out = list(items)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if type(a) is not TextRun or type(b) is not TextRun or a.y != b.y or a.ys or b.ys \
                or not a.text or not b.text or a.text[-1].isspace() or b.text[0].isspace():
            continue
        face = fonts.font(a.face).face
        last = a.text[-1]
        end = a.x + a.xs[-1] + face.charWidths.get(ord(last), face.defaultWidth) * a.size / 1000
        gap = b.x + b.xs[0] - end
        # L1/L3 gaps are ½ em at most; a wider one is between words or columns
        if HIDDEN_GAP_EM * a.size < gap <= 0.5 * a.size:
            out[k] = replace(a, text=a.text[:-1] + widened(face, last, round(gap * 1000 / a.size)))
    return out


def _gaps_to_hide(text: str, deltas: list[float], spacing: float, limit: float) -> list[tuple[int, float]]:
    """(k, gap) for each space after glyph k of `text` wider than `limit`
    past `spacing`, between two glyphs that are not spaces (_tj.c
    gaps_to_hide finds the same)."""
    out = []
    for k, delta in enumerate(deltas):
        gap = delta - spacing
        if gap > limit and not text[k].isspace() and not text[k + 1].isspace():
            out.append((k, gap))
    return out


def _with_text(run: TextRun, text: str) -> TextRun:
    """`replace(run, text=text)`; for a plain TextRun, its fields copied in
    one dict (dataclasses.replace introspects the fields on every call)."""
    if type(run) is not TextRun:
        return replace(run, text=text)
    values = dict(run.__dict__)
    values["text"] = text
    new = object.__new__(TextRun)
    object.__setattr__(new, "__dict__", values)
    return new


def _most_frequent(values: list[float], memo: dict[float, float]) -> float:
    """The most frequent of `values` (to 1/1000 pt), which do not all round
    alike; `memo` holds round(v, 3) of values met before."""
    rounded: list = list(map(memo.get, values))     # floats, None for values not met before
    if None in rounded:
        for k, v in enumerate(values):
            if rounded[k] is None:
                rounded[k] = memo[v] = round(v, 3)
    for value in (rounded[0], rounded[-1]):     # a strict majority is the answer, ties or not
        if 2 * rounded.count(value) > len(rounded):
            return value
    counts = Counter(rounded)                   # insertion-ordered: ties keep the first
    best = max(counts.items(), key=lambda kv: (kv[1], -abs(kv[0])))
    return best[0]


def _n(v: float) -> str:
    """Number for a content stream: 3 decimals, no trailing zeros."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


_CMYK_OPERANDS: dict = {}
# per colour: (overprints, "BT c m y k k "), what text() opens a run with
_TEXT_STYLES: dict = {}


def _text_style(color) -> tuple[bool, str]:
    """(overprints(color), the operators opening a text object in it);
    memoised in _TEXT_STYLES unless the colour is unhashable."""
    style = (overprints(color), "BT %s k " % _cmyk(color))
    try:
        _TEXT_STYLES[color] = style
    except TypeError:                 # an unhashable colour (a list from a template)
        pass
    return style


def _cmyk(c) -> str:
    """Colour operands; memoised, as a page uses a handful of colours once per run."""
    try:
        return _CMYK_OPERANDS[c]
    except KeyError:
        text = _CMYK_OPERANDS[c] = " ".join(_n(v) for v in c)
        return text
    except TypeError:                 # an unhashable colour (a list from a template)
        return " ".join(_n(v) for v in c)


def _utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()
