"""Data crossing the composer boundary: styled runs in, composed lines out.

The composer is pure: it knows font *metrics* (through the `Metrics`
protocol) but not ReportLab, PDF or pages.  All lengths in this module are in
points unless the name ends in `_em`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Optional, Protocol


class Metrics(Protocol):
    """What the composer needs to know about faces.

    `advance(face, ch)` is the horizontal advance of `ch` in `face` as a
    fraction of the em (1.0 = full width).  `has(face, ch)` says whether the
    face can draw the character; `fallback(face, ch)` names the face that
    will draw it (the face itself, another shipped face, a system face) or
    None when nothing can.
    """

    def advance(self, face: str, ch: str) -> float: ...
    def has(self, face: str, ch: str) -> bool: ...
    def fallback(self, face: str, ch: str) -> Optional[str]: ...


@dataclass(frozen=True)
class StyledRun:
    """Text with one face and size, e.g. the bold run-in head of a paragraph.

    Runs of a paragraph are composed as one character sequence (rule book
    C6): compression and prohibitions work across run boundaries.
    """
    text: str
    face: str          # face key, e.g. "song", "hei", "kai", "song-bold"
    size: float        # pt
    role: str = "text"
    # BCP 47 tag of the text ("" = the default, Simplified): with a Taiwan or
    # Hong Kong tag its marks 。，、：；！？ are centred (prepare.CENTRED_MARKS).
    lang: str = ""
    # role "ruby": the reading set at half size beside this run, its base
    # group (prepare.RUBY_ROLE); role "dots": 着重号 under each character.
    reading: str = ""


@dataclass(frozen=True)
class Annotation:
    """Something set beside a line's glyphs rather than in it: the 着重号
    (emphasis dots) of a run, or the reading of a ruby base group.

    Positions run *along* the line (pt from the line start, like Glyph.x;
    down a `VerticalLine`, like its Glyph.y), so the same record serves
    both directions; which side it goes to (under / over a horizontal line,
    right of a vertical one) is the placing stage's business (flow/slugs.py,
    flow/vertical.py).
    kind: "dots" or "ruby".  start, end: the base's slice of the paragraph
    text (the part of it on this line).  text: the reading ("ruby"), the
    dotted characters ("dots").  xs: "dots": the centre of each dot (the
    centre of its character's advance); "ruby": each reading glyph's origin.
    faces: "ruby": the face of each reading glyph; () for dots.  size: the
    reading's size ("ruby", half the base's), the dotted characters' ("dots").
    across: on a `VerticalLine`, "ruby": each upright reading glyph's offset
    across the reading's em column (pt, from its left: a glyph narrower than
    its em is centred in it; a turned one: 0, its em box fills the column);
    () on a horizontal line and for dots.
    turns: on a `VerticalLine`, "ruby": by how many degrees clockwise each
    reading glyph is turned (90: Latin pinyin, set as rotated Latin in the
    body, V1; 0: upright 注音, CJK); () when every glyph is upright.
    """
    kind: str
    start: int
    end: int
    text: str
    xs: tuple[float, ...]
    faces: tuple[str, ...]
    size: float
    across: tuple[float, ...] = ()
    turns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Glyph:
    """One drawn character.

    x: offset of the glyph's origin from the line start, in pt.  For a
    compressed mark the origin may sit left of its cell (an OPEN mark whose
    left blank half was removed is drawn at cell_x - em/2).
    char: the source character (what text extraction must give back).
    draw: the code point to draw (differs for substituted glyphs, e.g. the
    vertical presentation forms); usually == char.
    index: position of `char` in the paragraph's plain text.
    """
    char: str
    x: float
    face: str
    size: float
    index: int
    draw: str = ""
    y: float = 0.0     # offset from the line's baseline (vertical setting, super/sub)
    rotate: int = 0    # degrees clockwise (vertical setting: rotated Latin, V1 R/Tr)

    @property
    def drawn(self) -> str:
        return self.draw or self.char


_new_object = object.__new__
_set_attr = object.__setattr__


def new_glyph(char: str, x: float, face: str, size: float, index: int, draw: str = "") -> Glyph:
    """`Glyph(char, x, face, size, index, draw)` for the composer's per-character loop.

    A frozen dataclass's __init__ sets each of its 8 fields through
    object.__setattr__ (≈ 1 µs a glyph, 50 ms for 50k characters); this sets
    the instance dict in one call.  The result is an ordinary Glyph: equal,
    hashing and printing exactly like one built by the constructor.
    """
    g = _new_object(Glyph)
    _set_attr(g, "__dict__", {"char": char, "x": x, "face": face, "size": size, "index": index,
                              "draw": draw, "y": 0.0, "rotate": 0})
    return g


@dataclass(frozen=True)
class Line:
    """A composed line.

    start/end: slice of the paragraph's plain text held by this line.
    width: the measure the line was set to (pt); natural: its width before
    justification; last: the paragraph's last line (set flush left).
    gaps_expand_em: extra space added per expandable gap, in em (0 when
    shrunk or natural); shrink_em: total shrink applied, in em.
    extent: where the set glyphs end (pt from the line start, hung marks and
    a trailing word space excluded); == width on every justified line.
    direction: the line's inline axis, "horizontal" (x, left to right; its
    lines stack downward) — `VerticalLine` is the other one.
    """
    direction: ClassVar[str] = "horizontal"
    glyphs: tuple[Glyph, ...]
    start: int
    end: int
    width: float
    natural: float
    last: bool = False
    indent: float = 0.0
    gaps_expand_em: float = 0.0
    shrink_em: float = 0.0
    extent: float = 0.0
    annotations: tuple[Annotation, ...] = ()   # 着重号 and ruby readings of the line

    @property
    def text(self) -> str:
        return "".join([g.char for g in self.glyphs])


@dataclass(frozen=True)
class VerticalLine(Line):
    """A composed line set vertically (竖排, issue 18 §1): its inline axis
    runs down the page and its lines stack right to left (§1.7).

    The fields mean what they mean on a `Line`, measured along the inline
    axis: width is the column's height (pt), natural and extent lengths
    down it.  Glyph geometry (as `compose_vertical`'s): Glyph.y is the offset
    DOWN from the line's top to the top of the glyph's em cell (for a rotated
    glyph, to its origin: its advance runs downward); Glyph.x is the offset
    from the line's left edge to the left of the glyph's em box (upright:
    the glyph's origin; rotated 90°, its em box lies across the line and the
    baseline is `1 − EM_BOX_TOP` em right of x).  The line is one body em wide.
    """
    direction: ClassVar[str] = "vertical"


class GlyphArrays:
    """The glyphs of one composed line as arrays: what `PackedLine` builds its
    Glyphs from, and what the drawing path reads instead of Glyph objects.

    text, face, size, draw are the paragraph's own per-character arrays
    (shared by all its lines, indexed by character position); xs holds the
    x (pt) of characters start..end-1; hyphen_x is the x of the hyphen added
    at a hyphenated break (a glyph with char "" and draw "-" in the face and
    size of the line's last character), None when there is none.  ys holds
    the y (Glyph.y, pt) of characters start..end-1 when one is not 0 — the
    marks centred in Taiwan/Hong Kong text (prepare.CENTRED_MARKS) — else None.
    """

    __slots__ = ("text", "face", "size", "draw", "start", "end", "xs", "hyphen_x", "ys")

    def __init__(self, text: str, face: list, size: list, draw: list, start: int, end: int,
                 xs: list, hyphen_x: Optional[float], ys: Optional[list] = None):
        self.text, self.face, self.size, self.draw = text, face, size, draw
        self.start, self.end, self.xs, self.hyphen_x, self.ys = start, end, xs, hyphen_x, ys

    def glyphs(self) -> tuple[Glyph, ...]:
        s, e = self.start, self.end
        out = list(map(new_glyph, self.text[s:e], self.xs, self.face[s:e], self.size[s:e],
                       range(s, e), self.draw[s:e]))
        if self.ys:
            for g, y in zip(out, self.ys):
                g.__dict__["y"] = y           # a new Glyph of ours: set before anyone sees it
        if self.hyphen_x is not None:
            out.append(new_glyph("", self.hyphen_x, self.face[e - 1], self.size[e - 1], e, "-"))
        return tuple(out)


class PackedLine(Line):
    """A `Line` whose Glyph objects are made on first use of `glyphs`.

    The composer returns its paragraph lines as these.  Most body lines are
    only drawn, and the drawing path (flow/slugs.py) reads `arrays` directly,
    so a 50,000-character job never builds 50,000 Glyphs (≈ 40 ms to make
    them, and more to free them at exit).  Everything else sees an ordinary
    Line: the same fields and values, equality and hash with any Line of the
    same values, `dataclasses.replace` (which gives a PackedLine holding the
    glyphs it was given, with `arrays` None).
    """

    @property
    def glyphs(self) -> tuple[Glyph, ...]:
        d = self.__dict__
        glyphs = d.get("_glyphs")
        if glyphs is None:
            glyphs = d["_glyphs"] = d["_arrays"].glyphs()
        return glyphs

    @glyphs.setter
    def glyphs(self, value: tuple[Glyph, ...]) -> None:
        # Only the dataclass __init__ (dataclasses.replace) sets it.
        self.__dict__["_glyphs"] = value
        self.__dict__["_arrays"] = None

    @property
    def arrays(self) -> Optional[GlyphArrays]:
        """The glyphs as arrays; None when the line was made from Glyphs."""
        return self.__dict__.get("_arrays")

    @property
    def text(self) -> str:
        a = self.arrays
        return a.text[a.start:a.end] if a is not None else super().text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Line):
            return _line_values(self) == _line_values(other)
        return NotImplemented

    __hash__ = Line.__hash__


def _line_values(line: Line) -> tuple:
    return (line.glyphs, line.start, line.end, line.width, line.natural, line.last, line.indent,
            line.gaps_expand_em, line.shrink_em, line.extent, line.annotations)


def packed_line(arrays: GlyphArrays, start: int, end: int, width: float, natural: float,
                last: bool, indent: float, gaps_expand_em: float, shrink_em: float,
                extent: float, annotations: tuple[Annotation, ...] = ()) -> PackedLine:
    """A PackedLine, its instance dict set in one call (as `new_glyph` does)."""
    line = _new_object(PackedLine)
    _set_attr(line, "__dict__", {"_arrays": arrays, "_glyphs": None, "start": start, "end": end,
                                 "width": width, "natural": natural, "last": last,
                                 "indent": indent, "gaps_expand_em": gaps_expand_em,
                                 "shrink_em": shrink_em, "extent": extent,
                                 "annotations": annotations})
    return line
