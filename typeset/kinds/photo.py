"""The photo: an image on whole grid lines with its caption and credit below
(G3/G4), as a block of its own or set inside an article's text.

The frame keeps the image's own shape where the template lets it (flow/
fill.py's crop limit); `focus` and `crop` say what is kept when the frame's
shape differs from the image's (issue 12 §7).
"""
from __future__ import annotations

from typing import Any, Optional

from ..model import Photo
from ..model.build import block_lang, child_label, paragraph, placement, source_line
from ..registry import BlockKind, register

# focus="…" words → (x, y) fractions: the point kept nearest the frame's centre.
_FOCUS_X = {"left": 0.0, "right": 1.0}
_FOCUS_Y = {"top": 0.0, "bottom": 1.0}
_CENTRE_WORDS = ("center", "centre")


def parse_focus(value: str) -> Optional[tuple[float, float]]:
    """focus="top", "bottom left", "center" or "30% 20%" → (x, y) in 0–1; None if bad."""
    words = value.split()
    x: Optional[float]
    y: Optional[float]
    if len(words) == 2 and all(w.endswith("%") for w in words):
        try:
            x, y = (float(w[:-1]) / 100 for w in words)
        except ValueError:
            return None
        return (x, y) if 0 <= x <= 1 and 0 <= y <= 1 else None
    if not 1 <= len(words) <= 2:
        return None
    x, y = None, None
    for word in words:
        if word in _FOCUS_X and x is None:
            x = _FOCUS_X[word]
        elif word in _FOCUS_Y and y is None:
            y = _FOCUS_Y[word]
        elif word not in _CENTRE_WORDS:
            return None
    return (0.5 if x is None else x, 0.5 if y is None else y)


def parse_crop(value: str) -> Optional[tuple[float, float, float, float]]:
    """crop="l t r b", per cent cut from each edge → fractions; None if bad
    or if nothing would be left (left + right or top + bottom ≥ 100 %)."""
    words = value.split()
    if len(words) != 4:
        return None
    try:
        left, top, right, bottom = (float(w.removesuffix("%")) / 100 for w in words)
    except ValueError:
        return None
    if min(left, top, right, bottom) < 0 or left + right >= 1 or top + bottom >= 1:
        return None
    return (left, top, right, bottom)


def build(element, block_id: str) -> Photo:
    """A <photo> (a block, or inside an <article>) → Photo."""
    caption = element.find("caption")
    framing: dict[str, Any] = {}
    if element.get("focus") is not None:
        framing["focus"] = parse_focus(element.get("focus"))
    if element.get("crop") is not None:
        framing["crop"] = parse_crop(element.get("crop"))
    return Photo(id=block_id, src=element.get("src").strip(),
                 caption=paragraph(caption) if caption is not None else None,
                 credit=child_label(element, "credit"),
                 placement=placement(element), line=source_line(element), **framing,
                 lang=block_lang(element))


def content(ts, block: Photo, span: int, ctx):
    """A photo block at its image's own shape (or the height the editor gave)."""
    from ..flow.pages import natural_photo
    return natural_photo(block, ts.photo(block, span, block.placement.lines), span, ts, ctx.sizes, ctx.fill)


def fill(block: Photo, content, rect, ts, sizes: dict, settings):
    """A photo block without a fixed height fills its rectangle's height, within the crop limit."""
    from ..flow.pages import fit_photo_block
    return fit_photo_block(block, content, rect, ts, sizes, settings)


def least(block: Photo, content, span: int, ts, ctx) -> int:
    """The least room of a photo block: its image cropped as far as allowed, with its caption."""
    from ..flow.pages import least_photo_lines
    return least_photo_lines(block, content, span, ts, ctx)


KIND = register(BlockKind(
    name="photo", grows=True, model=Photo, build=build, content=content, fill=fill, least=least,
    roles=("caption", "credit"),
    attribute_checks={"focus": ("bad_focus", parse_focus), "crop": ("bad_crop", parse_crop)},
    messages={"kind_photo": ("图片", "photo")}))
