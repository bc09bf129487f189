"""Composed lines → slugs: whole-grid-line pieces of a column, ready to place.

A `Slug` is N grid lines tall and one column (or one block) wide; its items
are display-list items relative to the slug's top-left corner.  Placing a
slug is a translation, so the threading code never looks inside one.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby, repeat
from operator import attrgetter, sub
from typing import Iterable, Optional, Sequence

from ..compose.types import Annotation, GlyphArrays, Line, PackedLine
from ..display import CMYK, BLACK, Dots, Item, RuleItem, Tag, TextRun, BoxItem, ImageItem, Marker

# G2: lines register on the centre of the ideographic em box.  For the
# shipped faces the em box spans −0.12 … 0.88 em around the baseline (NS:
# ideographic em box y −120…880), so the baseline sits 0.38 em below the
# box centre.
EM_BOX_TOP = 0.88
EM_BOX_CENTRE_TO_BASELINE = EM_BOX_TOP - 0.5


@dataclass(frozen=True)
class Slug:
    """A piece of column content `lines` grid lines tall.

    kind: "line" (a body line), "head" (headline group), "rule", "label",
    "space".  chars: characters of source text it carries (for overset
    accounting).  keep_with_next: how many following lines must stay in the
    same column (a brief's headline is never left at a column foot).
    direction: "horizontal" — the slug is one column wide, `lines` grid
    lines tall, and slugs stack downward — or "vertical" (竖排, issue 18
    §1): one line `lines` pitches wide, its em at its right edge, and slugs
    stack leftward (flow/vertical.py).
    repeat: "" (set where it stands), or a running slug of the stream
    (flow/columns.py `thread`): "head" — not set where it stands, but at the
    top of every later column segment the stream goes on into (a table's
    header, repeated after a column break); "foot" — not set where it
    stands, but at the foot of every segment the stream leaves; "end" — set
    where it stands, and it ends the running head and foot.
    """
    lines: int
    items: tuple[Item, ...]
    kind: str = "line"
    chars: int = 0
    keep_with_next: int = 0
    text: str = ""
    widow: bool = False      # a paragraph's last line that is not also its first (孤行 if it tops a column)
    overset: int = 0         # lines of a headline beyond what its style allows (drawn, but 超版)
    direction: str = "horizontal"   # the axis slugs stack along: down, or right to left ("vertical")
    repeat: str = ""         # "", "head", "foot", "end": see above
    # a vertical line's 着重号 and ruby readings: their text and the room (pt) they
    # take right of its em (flow/vertical.py `vertical_ruby_room`); None: it has none
    marks: Optional[tuple[str, float]] = None


# 着重号 (clreq: a dot under each character in horizontal writing): a filled
# circle this wide (em of the character), its top this far below the
# character's em box — so the dot takes DOTS_BAND_EM of the line gap.
DOT_DIAMETER_EM = 0.15
DOT_GAP_EM = 0.06
DOTS_BAND_EM = DOT_GAP_EM + DOT_DIAMETER_EM


def annotation_items(line: Line, x: float, baseline: float, color: CMYK = BLACK) -> list[Item]:
    """The 着重号 and ruby readings of a horizontal line whose glyphs start
    at `x` on `baseline`: dots under the characters' em boxes, each reading
    in the line gap above its base, its em box standing on the base's
    (the gap must be at least the reading's size: `ruby_fits`).

    Both are artifacts in a tagged PDF (Dots; a reading run has no tag), and
    a reading's run carries an empty /ActualText, so text extraction gives
    the base text alone, in order (docs/format.md "Ruby").  A vertical line
    would put both right of its glyphs (Annotation positions run along the line)."""
    items: list[Item] = []
    for note in line.annotations:
        if note.kind == "dots":
            items.append(_dots(note, x, baseline, color))
        else:
            items += _reading_runs(note, x, baseline, color)
    return items


def _dots(note: Annotation, x: float, baseline: float, color: CMYK) -> Dots:
    size = note.size
    below = (1 - EM_BOX_TOP) * size                  # the em box's bottom, below the baseline
    centre = baseline + below + (DOT_GAP_EM + DOT_DIAMETER_EM / 2) * size
    return Dots(x=x + note.xs[0], y=centre, xs=tuple(c - note.xs[0] for c in note.xs),
                diameter=DOT_DIAMETER_EM * size, color=color)


def _reading_runs(note: Annotation, x: float, baseline: float, color: CMYK) -> list[TextRun]:
    """The reading as runs of one face each, its em box on top of the base's."""
    from ..compose.prepare import RUBY_SIZE
    base_size = note.size / RUBY_SIZE
    y = baseline - EM_BOX_TOP * base_size - (1 - EM_BOX_TOP) * note.size
    runs: list[TextRun] = []
    for face, group in groupby(zip(note.faces, note.text, note.xs), key=lambda item: item[0]):
        glyphs = list(group)
        x0 = glyphs[0][2]
        runs.append(TextRun(x=x + x0, y=y, face=face, size=note.size, text="".join(g[1] for g in glyphs),
                            xs=tuple(g[2] - x0 for g in glyphs), actual="", color=color))
    return runs


def ruby_room(line: Line, above: Optional[Line]) -> float:
    """The line gap (pt) the ruby readings of `line` need: the reading's em
    box (its size), plus the 着重号 band under the line `above` when that
    has dots (both sit in the one gap).  0 when `line` has no ruby.  G1 gives
    g ≥ 50 % of the body size, so a half-size reading alone always fits."""
    size = max((n.size for n in line.annotations if n.kind == "ruby"), default=0.0)
    if not size or above is None:
        return size
    dots = max((n.size for n in above.annotations if n.kind == "dots"), default=0.0)
    return size + DOTS_BAND_EM * dots


def baseline_in_cell(cell_height: float, size: float) -> float:
    """Baseline offset from a cell's top that centres an em box of `size`."""
    return cell_height / 2 + EM_BOX_CENTRE_TO_BASELINE * size


def line_runs(line: Line, x: float, baseline: float, color: CMYK = BLACK,
              tag: Optional[Tag] = None) -> list[TextRun]:
    """Split a composed line into TextRuns of one face and size each, all
    belonging to structure element `tag` (None: page furniture)."""
    arrays = line.arrays if type(line) is PackedLine else None
    if arrays is not None:
        return _array_runs(arrays, x, baseline, color, tag)
    # groupby splits where (face, size) changes, as a hand loop would, but
    # iterates in C: this runs once per body line.
    return [_run(list(group), x, baseline, color, tag)
            for _, group in groupby(line.glyphs, key=_face_and_size)]


_face_and_size = attrgetter("face", "size")


def _run(glyphs: Sequence, x: float, baseline: float, color: CMYK, tag: Optional[Tag]) -> TextRun:
    x0 = glyphs[0].x
    text = "".join([g.draw or g.char for g in glyphs])          # Glyph.drawn, inlined
    source = "".join([g.char for g in glyphs])
    return TextRun(x=x + x0, y=baseline, face=glyphs[0].face, size=glyphs[0].size,
                   text=text, xs=tuple([g.x - x0 for g in glyphs]),
                   ys=tuple([g.y for g in glyphs]) if any([g.y for g in glyphs]) else (),
                   actual=source if source != text else None, color=color, tag=tag)


def _array_runs(a: GlyphArrays, x: float, baseline: float, color: CMYK,
                tag: Optional[Tag] = None) -> list[TextRun]:
    """`line_runs` of a composer line read from its arrays, not its Glyphs
    (which are then never built): the same TextRuns, field for field.  A
    body line is nearly always one run, so the split looks for face or size
    changes first; the added hyphen has the last character's face and size."""
    s, e = a.start, a.end
    faces, sizes = a.face[s:e], a.size[s:e]
    if faces.count(faces[0]) == len(faces) and sizes.count(sizes[0]) == len(sizes):
        # one face and size: the usual body line
        return [_one_run(a, a.text[s:e], faces[0], sizes[0], x, baseline, color, tag)]
    source, draws, xs, ys = a.text[s:e], a.draw[s:e], a.xs, a.ys
    if a.hyphen_x is not None:
        xs = [*xs, a.hyphen_x]
        draws = [*draws, "-"]
        ys = [*ys, 0.0] if ys else ys
    cuts = [k for k in range(1, e - s) if faces[k] != faces[k - 1] or sizes[k] != sizes[k - 1]]
    bounds = [0, *cuts, len(xs)]
    return [_array_run(source[k0:k1], draws[k0:k1], xs[k0:k1], faces[k0], sizes[k0], x, baseline, color, tag,
                       ys[k0:k1] if ys else None)
            for k0, k1 in zip(bounds, bounds[1:])]


def _one_run(a: GlyphArrays, source: str, face: str, size: float, x: float, baseline: float, color: CMYK,
             tag: Optional[Tag]) -> TextRun:
    """The one run of a line of arrays `a` whose characters (`source`) are
    all in `face` at `size`: `_array_run` of the whole line, its hyphen included."""
    draws, xs, ys = a.draw[a.start:a.end], a.xs, a.ys
    if a.hyphen_x is not None:
        xs = [*xs, a.hyphen_x]
        draws = [*draws, "-"]
        ys = [*ys, 0.0] if ys else ys
    return _array_run(source, draws, xs, face, size, x, baseline, color, tag, ys)


def _array_run(source: str, draws: list, xs: list, face: str, size: float, x: float,
               baseline: float, color: CMYK, tag: Optional[Tag], ys=None) -> TextRun:
    """`_run` over arrays: draws[k] or source[k] is drawn; draws may be one
    longer than source, the added hyphen ("-", no source character); ys,
    the glyphs' y offsets when one is not 0 (centred marks, GlyphArrays)."""
    x0 = xs[0]
    text = "".join([d or c for d, c in zip(draws, source)]) if any(draws) else source
    if len(draws) > len(source):
        text += "".join(draws[len(source):])      # the added hyphen
    # every line but a paragraph's first starts at 0: its xs need no shift
    # (x − 0.0 is x), and the copy is a tenth of the subtraction's cost
    shifted = tuple(xs) if x0 == 0.0 else tuple(map(sub, xs, repeat(x0)))
    run = _new_object(TextRun)               # _new_text_run, inlined: once per body line
    _set_attr(run, "__dict__", {"x": x + x0, "y": baseline, "face": face, "size": size, "text": text,
                                "xs": shifted, "ys": tuple(ys) if ys and any(ys) else (),
                                "actual": source if source != text else None, "color": color, "tag": tag,
                                "turns": (), "sizes": ()})
    return run


def line_slug(line: Line, body_size: float, color: CMYK = BLACK, tag: Optional[Tag] = None) -> Slug:
    """One body line on one grid line, its runs part of structure element `tag`."""
    arrays = line.__dict__.get("_arrays") if type(line) is PackedLine else None   # line.arrays
    if arrays is not None and arrays.end > arrays.start:   # the same numbers, read from the arrays (_array_runs)
        s, e = arrays.start, arrays.end
        faces, sizes = arrays.face[s:e], arrays.size[s:e]
        size = sizes[0]
        one_run = faces.count(faces[0]) == e - s and sizes.count(size) == e - s      # the usual body line
        if not one_run:
            size = max(sizes)
        text = arrays.text[s:e]                                                     # line.text
        # all but spaces: str.split() drops exactly the characters isspace() is true of
        spaces = len(text) - len("".join(text.split()))
        chars = len(text) + (arrays.hyphen_x is not None) - spaces
        # baseline_in_cell(body_size, max(size, body_size)), inlined
        base = body_size / 2 + EM_BOX_CENTRE_TO_BASELINE * (body_size if size <= body_size else size)
        # Slug(lines=1, items=…, kind="line", chars=chars, text=text), its dict set in one call
        items: list[Item] = ([_one_run(arrays, text, faces[0], size, 0.0, base, color, tag)] if one_run
                             else [*_array_runs(arrays, 0.0, base, color, tag)])
        if line.__dict__.get("annotations"):
            items += annotation_items(line, 0.0, base, color)
        slug = _new_object(Slug)
        _set_attr(slug, "__dict__", {"lines": 1, "items": tuple(items),
                                     "kind": "line", "chars": chars, "keep_with_next": 0,
                                     "text": text, "widow": False, "overset": 0,
                                     "direction": "horizontal", "repeat": ""})
        return slug
    else:
        glyphs = line.glyphs
        size = max([g.size for g in glyphs], default=body_size)
        chars = len(glyphs) - sum([g.char.isspace() for g in glyphs])    # all but spaces
    base = baseline_in_cell(body_size, body_size) if size <= body_size else baseline_in_cell(body_size, size)
    return Slug(lines=1, items=(*line_runs(line, 0.0, base, color, tag), *annotation_items(line, 0.0, base, color)),
                kind="line", chars=chars, text=line.text)


def translate(items: Iterable[Item], dx: float, dy: float) -> list[Item]:
    """Move display items by (dx, dy)."""
    out: list[Item] = []
    for it in items:
        if type(it) is TextRun:           # _moved_text_run, inlined: once per placed line
            values = it.__dict__.copy()
            values["x"] = it.x + dx
            values["y"] = it.y + dy
            moved = _new_object(TextRun)
            _set_attr(moved, "__dict__", values)
            out.append(moved)
        elif isinstance(it, TextRun):
            out.append(replace(it, x=it.x + dx, y=it.y + dy))
        elif isinstance(it, RuleItem):
            out.append(replace(it, x1=it.x1 + dx, y1=it.y1 + dy, x2=it.x2 + dx, y2=it.y2 + dy))
        elif isinstance(it, (BoxItem, ImageItem, Marker, Dots)):
            out.append(replace(it, x=it.x + dx, y=it.y + dy))
        else:  # pragma: no cover - every item kind is listed above
            raise TypeError(f"cannot place {type(it).__name__}")
    return out


_new_object = object.__new__
_set_attr = object.__setattr__


def _new_text_run(values: dict) -> TextRun:
    """`TextRun(**values)` for the once-per-line paths: a frozen dataclass's
    __init__ sets its 9 fields one object.__setattr__ at a time; this sets
    the instance dict in one call (as compose.types.new_glyph does for
    Glyph).  `values` must name every field; the result is an ordinary
    TextRun, equal, hashing and printing like one from the constructor."""
    run = _new_object(TextRun)
    _set_attr(run, "__dict__", values)
    return run


def _moved_text_run(it: TextRun, dx: float, dy: float) -> TextRun:
    """`replace(it, x=it.x + dx, y=it.y + dy)` without `replace`'s per-call
    field introspection (one call per placed line); every field is copied,
    so a field added to TextRun is carried over too."""
    values = dict(it.__dict__)
    values["x"] = it.x + dx
    values["y"] = it.y + dy
    return _new_text_run(values)
