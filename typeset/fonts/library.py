"""Face keys + font files → FontLibrary: metrics, fallback chain and paths for the drawer.

Implements the `Metrics` protocol of typeset/compose/types.py.  No ReportLab
here: typeset/draw/rlfonts.py registers the files this module names.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Optional

from . import metrics as _metrics

if TYPE_CHECKING:
    from .fallback import FallbackFace
    from .system import SystemFace

PLACEHOLDER = "〓"   # U+3013 GETA MARK: the visible stand-in for a missing glyph

# The shipped faces (scripts/build_fonts.py writes these files).
SHIPPED_FILES = {
    "song": "NotoSerifCJKsc-Regular-GB.ttf",
    "song-bold": "NotoSerifCJKsc-Bold-GB.ttf",
    "hei": "NotoSansCJKsc-Bold-GB.ttf",
    "kai": "WenKaiGB-Regular.ttf",
}

# Newspaper practice (issue 3): roles of the page template → faces.
ROLE_FACES = {
    "body": "song", "headline": "song-bold", "kicker": "hei", "subhead": "hei",
    "label": "hei", "byline": "kai", "caption": "kai", "summary": "kai",
}

# The style of each shipped face (fallback.STYLE_ORDER says what stands in for which).
FACE_STYLES = {"song": "serif", "song-bold": "serif", "hei": "sans", "kai": "kai"}

FONT_DIRS_ENV = "TYPESET_FONT_DIRS"   # os.pathsep-separated extra font dirs
FONTS_ENV = "TYPESET_FONTS"           # the directory holding the shipped faces
SYSTEM_KEY_PREFIX = "sys:"
REGIONAL_SEPARATOR = "@"              # "song@TW": face song set in Traditional (regional_face)
# Installed faces whose cmap is read for a character, best-ranked first,
# before fontconfig is asked which faces have it (`fc-list :charset=`): the
# best-ranked face almost always has it, and the others need no file read.
FONTCONFIG_TRIED_FIRST = 2


@dataclass(frozen=True)
class FontWarning:
    """A character no face can draw; layout fills in where it occurs."""
    char: str
    face: str
    page: Optional[int] = None
    block: Optional[str] = None
    paragraph: Optional[int] = None

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    def at(self, page=None, block=None, paragraph=None) -> "FontWarning":
        return replace(self, page=page, block=block, paragraph=paragraph)

    def __str__(self) -> str:
        where = ", ".join(f"{k} {v}" for k, v in
                          (("page", self.page), ("block", self.block), ("paragraph", self.paragraph))
                          if v is not None)
        return (f"no font has {self.char} ({self.codepoint}) for face {self.face}"
                f"{'; ' + where if where else ''}; drawn as {PLACEHOLDER}")


class FontLibrary:
    """Metrics and files of the shipped faces, with a fallback chain to system fonts.

    Lengths are em fractions unless a name says otherwise.  A face key is a
    shipped key ("song") or a key returned by `fallback` for a system font
    ("sys:…"), which `path`, `advance`, `has` and `ink_box` accept too.
    """

    PLACEHOLDER = PLACEHOLDER

    def __init__(self, faces: Mapping[str, str | Path], font_dirs: Iterable[str | Path] = (),
                 use_fontconfig: bool = True, cache_dir: Optional[str | Path] = None,
                 setting: str = ""):
        self.setting = setting      # how the faces were chosen, for messages (fonts_setting)
        self._paths = {key: Path(p) for key, p in faces.items()}
        self._shipped = tuple(faces)
        env_dirs = [d for d in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if d]
        self.font_dirs = [Path(d) for d in list(font_dirs) + env_dirs]
        self.use_fontconfig = use_fontconfig
        self.cache_dir = Path(cache_dir) if cache_dir else _metrics.cache_dir()
        self._fallbacks: dict[tuple[str, str], Optional[str]] = {}
        self._searched = False      # has a character needed the system fonts?
        self._loaded: dict[str, _metrics.FaceMetrics] = {}   # per face: no stat() per character
        self._ranked: dict[str, list[tuple[SystemFace, bool]]] = {}   # face → candidates, best first
        self._system: dict[tuple[SystemFace, str], FallbackFace] = {}   # (installed face, its locl forms) in use
        self._by_key: dict[str, FallbackFace] = {}
        self._broken: set[SystemFace] = set()                       # failed once: not tried again
        # "song@TW" → (shipped face, the installed Traditional face drawing it), or None: regional_face
        self._regional: dict[str, Optional[tuple[str, FallbackFace]]] = {}

    # -- faces and files ---------------------------------------------------
    @property
    def faces(self) -> tuple[str, ...]:
        """Keys of the shipped faces, in fallback order."""
        return self._shipped

    def path(self, face: str) -> str:
        """The TrueType file that draws `face` (what the drawer embeds); for an
        installed face, the subset of every character taken from it so far."""
        if face in self._by_key:
            return str(self._by_key[face].path())
        return str(self._paths[face])

    def metrics(self, face: str) -> _metrics.FaceMetrics:
        """All metrics of a face, in font units (loaded once per library); a
        regional key ("song@TW") answers with its shipped face's (em box,
        ascender: the same design), its glyphs' own with `fallback`."""
        if face not in self._loaded:
            if face in self._by_key:
                return self._by_key[face].metrics
            regional = self._regional.get(face)
            if regional is not None:
                return self.metrics(regional[0])
            self._loaded[face] = self._load(self._paths[face])
        return self._loaded[face]

    def source(self, face: str) -> Optional[SystemFace]:
        """The installed face a fallback key draws from (None for a shipped face)."""
        fallback = self._by_key.get(face)
        return fallback.face if fallback else None

    def _load(self, path: Path) -> _metrics.FaceMetrics:
        """Metrics of a face file; a missing or unreadable one is an InputError naming it."""
        from ..errors import InputError
        from ..messages import say
        try:
            return _metrics.load_metrics(path, self.cache_dir)
        except FileNotFoundError:
            raise InputError(say("font_missing", setting=self.setting or str(path.parent)),
                             file=str(path)) from None
        except Exception as e:        # noqa: BLE001 — fontTools raises many kinds on a bad file
            raise InputError(say("font_unreadable", reason=_reason(e),
                                 setting=self.setting or str(path.parent)), file=str(path)) from None

    # -- the Metrics protocol ------------------------------------------------
    def has(self, face: str, ch: str) -> bool:
        return ord(ch) in self.metrics(face).advances

    def advance(self, face: str, ch: str) -> float:
        """Advance of `ch` as drawn: by `face`, its fallback, else the placeholder."""
        drawn_face, drawn = self.resolve(face, ch)
        m = self.metrics(drawn_face)
        return m.advances[ord(drawn)] / m.upem

    def fallback(self, face: str, ch: str) -> Optional[str]:
        """The face that draws `ch`: `face`, another shipped face, a system face, or None."""
        key = (face, ch)
        if key not in self._fallbacks:
            self._fallbacks[key] = self._find_fallback(face, ch)
        return self._fallbacks[key]

    # -- more metrics ----------------------------------------------------------
    def resolve(self, face: str, ch: str) -> tuple[str, str]:
        """(face, character) actually drawn for `ch`: the placeholder when nothing has it."""
        found = self.fallback(face, ch)
        if found:
            return found, ch
        return self.fallback(face, PLACEHOLDER) or self._shipped[0], PLACEHOLDER

    def ink_box(self, face: str, ch: str) -> Optional[tuple[float, float, float, float]]:
        """Ink bounds (x0, y0, x1, y1) of `ch` in em, y up from the baseline; None if blank."""
        drawn_face, drawn = self.resolve(face, ch)
        m = self.metrics(drawn_face)
        box = m.ink.get(ord(drawn))
        if not box:
            return None
        x0, y0, x1, y1 = (v / m.upem for v in box)
        return x0, y0, x1, y1

    def em_box(self, face: str) -> tuple[float, float]:
        """Ideographic em box (bottom, top) in em, from BASE ideo/idtp or OS/2."""
        m = self.metrics(face)
        return m.em_box[0] / m.upem, m.em_box[1] / m.upem

    def ascender(self, face: str) -> float:
        m = self.metrics(face)
        return m.ascender / m.upem

    def descender(self, face: str) -> float:
        """Negative: below the baseline."""
        m = self.metrics(face)
        return m.descender / m.upem

    def vertical_form(self, face: str, ch: str) -> Optional[str]:
        """The presentation form (U+FE10–FE4F) drawing `ch`'s `vert` glyph, if any."""
        cp = self.metrics(face).vertical.get(ord(ch))
        return chr(cp) if cp else None

    def missing_chars(self, face: str, text: str) -> list[str]:
        """Distinct characters of `text` that no face can draw, in order of appearance."""
        seen: dict[str, None] = {}
        for ch in text:
            if ch not in seen and not ch.isspace() and self.fallback(face, ch) is None:
                seen[ch] = None
        return list(seen)

    def warnings(self, face: str, text: str, **where) -> list[FontWarning]:
        """FontWarnings for `missing_chars`; `where` = page, block, paragraph."""
        return [FontWarning(ch, face, **where) for ch in self.missing_chars(face, text)]

    # -- regional faces (Traditional Chinese) -----------------------------------
    def regional_face(self, face: str, region: str) -> Optional[str]:
        """The key that sets shipped face `face` in Traditional Chinese of
        `region` ("TW": Noto CJK TC forms, "HK": HK forms; model/lang.py), or
        None when no installed face of its style (`fallback.traditional_rank`)
        has them.  Every character of the key is drawn from that face (its
        own cmap: no zh-Hans `locl`), one subset per face as for the fallback
        chain; a character it lacks goes down `face`'s own chain."""
        key = f"{face}{REGIONAL_SEPARATOR}{region}"
        if key not in self._regional:
            self._regional[key] = self._find_regional(face, region)
        return key if self._regional[key] else None

    def _find_regional(self, face: str, region: str) -> Optional[tuple[str, FallbackFace]]:
        from .fallback import REGION_LOCL, traditional_rank
        self.metrics(face)                  # a missing shipped face is an error first
        ranked = sorted((rank, c[0]) for c in self._candidates(face)
                        if (rank := traditional_rank(face, region, *c)) is not None)
        for _rank, candidate in ranked:
            if candidate in self._broken:
                continue
            try:
                return face, self._fallback_face(candidate, locl=REGION_LOCL[region])
            except OSError:
                self._broken.add(candidate)
        return None

    def _regional_fallback(self, face: str, ch: str) -> Optional[str]:
        base, source = self._regional[face]   # type: ignore[misc]  # (only called for a found regional face)
        from .system import coverage, skip
        glyph = coverage(source.face, str(self.cache_dir)).get(ord(ch))
        if glyph:
            try:
                source.add(ord(ch), glyph)
                return source.key
            except Exception as e:   # noqa: BLE001 — unreadable: the shipped face sets the rest
                skip(source.face.path, _reason(e))
                self._broken.add(source.face)
        return self.fallback(base, ch)

    # -- fallback chain ---------------------------------------------------------
    def _find_fallback(self, face: str, ch: str) -> Optional[str]:
        if self._regional.get(face):
            return self._regional_fallback(face, ch)
        if face not in self._paths and face not in self._by_key:
            raise KeyError(f"unknown face {face!r}; shipped faces: {', '.join(self._shipped)}")
        for candidate in [face] + self._other_shipped(face):
            if self.has(candidate, ch):
                return candidate
        return self._system_fallback(face, ch)

    def _other_shipped(self, face: str) -> list[str]:
        """The other shipped faces, nearest style and weight first (kai → song before hei)."""
        from .fallback import FACE_WEIGHTS, STYLE_ORDER
        order = STYLE_ORDER.get(face, ())
        def rank(other: str):
            style = FACE_STYLES.get(other)
            return (order.index(style) if style in order else len(order),
                    abs(FACE_WEIGHTS.get(other, 400) - FACE_WEIGHTS.get(face, 400)))
        return sorted((f for f in self._shipped if f != face), key=rank)

    def _system_fallback(self, face: str, ch: str) -> Optional[str]:
        """The best-ranked installed face that has `ch` (fallback.rank_key), its glyph taken."""
        # Imported here: only a character outside every shipped face asks the
        # system (fontconfig through subprocess); most builds never do.
        from .system import coverage, fontconfig_faces_with, skip
        self._searched = True
        cp, cache = ord(ch), str(self.cache_dir)
        offered, listed = None, 0
        for candidate, from_font_dirs in self._candidates(face):
            if candidate in self._broken:
                continue
            if not from_font_dirs:
                listed += 1
                if listed > FONTCONFIG_TRIED_FIRST:
                    if offered is None:
                        offered = set(fontconfig_faces_with(cp))
                    if candidate not in offered:
                        continue
            glyph = coverage(candidate, cache).get(cp)
            if not glyph:
                continue
            try:
                fallback = self._fallback_face(candidate)
                fallback.add(cp, glyph)
            except Exception as e:   # noqa: BLE001 — a font fontTools cannot read: skip it, try the next
                skip(candidate.path, _reason(e))
                self._broken.add(candidate)
                continue
            return fallback.key
        if self.use_fontconfig and offered is None:
            fontconfig_faces_with(cp)    # a face fontconfig offers for it but we cannot use is reported
        return None

    def _candidates(self, face: str) -> list[tuple[SystemFace, bool]]:
        """(installed face, from TYPESET_FONT_DIRS) for `face`, best first (once per library)."""
        if face not in self._ranked:
            from .fallback import rank_key
            from .system import dir_faces, fontconfig_all
            cache = str(self.cache_dir)
            found = [(f, True) for d in self.font_dirs for f in dir_faces(str(d), cache)]
            seen = {f for f, _ in found}
            if self.use_fontconfig:
                found += [(f, False) for f in fontconfig_all() if f not in seen]
            self._ranked[face] = sorted(found, key=lambda c: rank_key(face, *c))
        return self._ranked[face]

    def _fallback_face(self, candidate: SystemFace, locl: Optional[str] = None) -> FallbackFace:
        """The FallbackFace of an installed face, with a key of its own
        ("sys:<family> <style>").  locl: the language system of the `locl`
        forms it takes (None: the fallback chain's rule, zh-Hans forms unless
        it is a Simplified face; a regional face takes its region's)."""
        from .fallback import SIMPLIFIED, SIMPLIFIED_LOCL, FallbackFace, region_of
        forms = (SIMPLIFIED_LOCL if region_of(candidate) != SIMPLIFIED else "") if locl is None else locl
        if (candidate, forms) not in self._system:
            key = f"{SYSTEM_KEY_PREFIX}{candidate.name}"
            n = 2
            while key in self._by_key:
                key = f"{SYSTEM_KEY_PREFIX}{candidate.name} #{n}"
                n += 1
            fallback = FallbackFace(candidate, key, self.cache_dir, locl=forms)
            self._system[(candidate, forms)] = self._by_key[key] = fallback
        return self._system[(candidate, forms)]

    def font_warnings(self) -> list:
        """Warnings (errors.Warning_) about fonts for a build's report: each font
        file the fallback chain had to skip, once a character needed the chain."""
        from ..errors import Warning_
        from ..messages import say
        from .system import skipped
        if not self._searched:
            return []
        return [Warning_(say("font_skipped", reason=reason), file=path, code="font-skipped")
                for path, reason in skipped().items()]


def _reason(error: Exception) -> str:
    """A short why for messages: the error's own text, else its kind."""
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


# Where the shipped faces are: a wheel carries the repository's fonts/ as the
# data-only package typeset.fonts.shipped (setup.py); a checkout (or an
# editable install) has them at the repository root.
PACKAGED_FONTS = Path(__file__).resolve().parent / "shipped"
CHECKOUT_FONTS = Path(__file__).resolve().parents[2] / "fonts"


def fonts_dir() -> Path:
    """TYPESET_FONTS, else the fonts installed with the package, else the checkout's fonts/."""
    explicit = os.environ.get(FONTS_ENV)
    if explicit:
        return Path(explicit)
    return PACKAGED_FONTS if PACKAGED_FONTS.is_dir() else CHECKOUT_FONTS


def fonts_setting() -> str:
    """Which setting chose the shipped faces' folder, for messages about them."""
    from ..messages import say
    return say("font_setting_fonts") if os.environ.get(FONTS_ENV) else say("font_setting_shipped")


def default_library() -> FontLibrary:
    """The shipped faces of fonts/ (one instance per process and environment).

    A face file that is missing, or a folder of TYPESET_FONT_DIRS that does
    not exist, is the user's input error naming the setting (InputError)."""
    directory, font_dirs = str(fonts_dir()), os.environ.get(FONT_DIRS_ENV, "")
    _check_settings(Path(directory), font_dirs)
    return _library_for(directory, font_dirs)


def _check_settings(directory: Path, font_dirs: str) -> None:
    from ..errors import InputError
    from ..messages import say
    for name in SHIPPED_FILES.values():
        if not (directory / name).is_file():
            raise InputError(say("font_missing", setting=fonts_setting()),
                             file=str(directory / name))
    for folder in (d for d in font_dirs.split(os.pathsep) if d):
        if not Path(folder).is_dir():
            raise InputError(say("font_dir_missing", setting=FONT_DIRS_ENV), file=folder)


@lru_cache(maxsize=4)
def _library_for(directory: str, _font_dirs_env: str) -> FontLibrary:
    return FontLibrary({key: Path(directory) / name for key, name in SHIPPED_FILES.items()},
                       setting=fonts_setting())
