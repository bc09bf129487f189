"""Face keys + font files → FontLibrary: metrics, fallback chain and paths for the drawer.

Implements the `Metrics` protocol of typeset/compose/types.py.  No ReportLab
here: typeset/draw/rlfonts.py registers the files this module names.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Optional

from . import metrics as _metrics

if TYPE_CHECKING:
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

# Words in a system family/style name that make it a good stand-in for a face.
STYLE_HINTS = {
    "song": ("serif", "song", "ming", "宋"),
    "song-bold": ("serif", "song", "ming", "宋"),
    "hei": ("sans", "hei", "黑"),
    "kai": ("kai", "楷"),
}
FACE_WEIGHTS = {"song": "regular", "song-bold": "bold", "hei": "bold", "kai": "regular"}
SIMPLIFIED_HINTS = ("sc", "cn", "gb", "simplified", "简")

FONT_DIRS_ENV = "TYPESET_FONT_DIRS"   # os.pathsep-separated extra font dirs
FONTS_ENV = "TYPESET_FONTS"           # the directory holding the shipped faces
SYSTEM_KEY_PREFIX = "sys:"
EXTRACT_FORMAT = 3   # bump when extract_glyph's output changes: old cache files are then ignored


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

    # -- faces and files ---------------------------------------------------
    @property
    def faces(self) -> tuple[str, ...]:
        """Keys of the shipped faces, in fallback order."""
        return self._shipped

    def path(self, face: str) -> str:
        """The TrueType file that draws `face` (what the drawer embeds)."""
        return str(self._paths[face])

    def metrics(self, face: str) -> _metrics.FaceMetrics:
        """All metrics of a face, in font units (loaded once per library)."""
        if face not in self._loaded:
            self._loaded[face] = self._load(self._paths[face])
        return self._loaded[face]

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

    @staticmethod
    def face_for_role(role: str) -> str:
        return ROLE_FACES[role]

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
        return tuple(v / m.upem for v in box) if box else None

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

    # -- fallback chain ---------------------------------------------------------
    def _find_fallback(self, face: str, ch: str) -> Optional[str]:
        if face not in self._paths:
            raise KeyError(f"unknown face {face!r}; shipped faces: {', '.join(self._shipped)}")
        for candidate in [face] + [f for f in self._shipped if f != face]:
            if self.has(candidate, ch):
                return candidate
        return self._system_fallback(face, ch)

    def _system_fallback(self, face: str, ch: str) -> Optional[str]:
        # Imported here: only a character outside every shipped face asks the
        # system (fontconfig through subprocess); most builds never do.
        from .system import faces_with_char, skip
        self._searched = True
        candidates = faces_with_char(ch, self.font_dirs, self.use_fontconfig, str(self.cache_dir))
        for best in sorted(candidates, key=lambda f: _style_score(face, f), reverse=True):
            try:
                ttf = extract_glyph(best, ch, self.cache_dir)
            except Exception as e:   # noqa: BLE001 — a font fontTools cannot read: skip it, try the next
                skip(best.path, _reason(e))
                continue
            key = f"{SYSTEM_KEY_PREFIX}{Path(best.path).stem}-{best.index}:U+{ord(ch):04X}"
            self._paths[key] = ttf
            return key
        return None

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


def _style_score(face: str, candidate: SystemFace) -> tuple[int, int, int]:
    """Prefer the same style (a Kai for kai), then Simplified Chinese, then the same weight."""
    name = f"{candidate.family} {candidate.style}".lower()
    simplified = any(f" {h}" in f" {name}" for h in SIMPLIFIED_HINTS)
    style = sum(hint in name for hint in STYLE_HINTS.get(face, ()))
    weight = FACE_WEIGHTS.get(face, "regular") in candidate.style.lower()
    return style, int(simplified), int(weight)


def extract_glyph(face: SystemFace, ch: str, cache_dir: Path) -> Path:
    """A tiny TrueType font with just `ch` from a system face, cached on disk.

    A system CJK face is a 20 MB CFF collection: ReportLab can neither read
    CFF nor afford to parse that much, so one glyph is converted once.
    """
    from .convert import extract_ttf   # fontTools subsetter: only on a cache miss
    from .quiet import fonttools_to_our_log
    st = os.stat(face.path)
    ident = f"{face.path}|{st.st_size}|{st.st_mtime_ns}|{face.index}|{ord(ch):X}"
    digest = hashlib.sha256(f"{EXTRACT_FORMAT}|{ident}".encode()).hexdigest()[:24]
    dest = cache_dir / "fallback" / f"{Path(face.path).stem}-{face.index}-{ord(ch):04X}-{digest}.ttf"
    if not dest.exists():
        # The PostScript name must differ between source fonts (ReportLab keys
        # fonts by it) yet not depend on where the font is installed, so that
        # archives rebuild byte for byte on another machine.
        source = hashlib.sha256(f"{Path(face.path).name}|{face.index}|{st.st_size}".encode()).hexdigest()[:8]
        with fonttools_to_our_log():   # "FFTM NOT subset…" is fontTools' chatter, not the user's business
            extract_ttf(face.path, face.index, [ord(ch)], dest, features=(), name_suffix=f"U{ord(ch):04X}-{source}")
    return dest


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
