"""Installed fonts → the faces the fallback chain may use, and the code points each maps.

Used when no shipped face has a character (e.g. 𠮷 U+20BB7, or a rare
Ext. B name character).  Only TrueType/OpenType fonts and collections
(.ttf .otf .ttc .otc; fontconfig format TrueType or CFF) are ever used: a
Type 1 font (.t1, .pfb — fontconfig offers StandardSymbolsPS.t1 for
U+F8FF) cannot be read by fontTools nor embedded by ReportLab (issue 13 §2).
A font file that cannot be read is skipped and remembered in `skipped()`,
so the build can warn about it by name; the build goes on without it.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .cachefile import read_cached, write_cached

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
# fontconfig's %{fontformat} of the fonts fontTools reads and ReportLab embeds
# (after convert.py turns CFF outlines into TrueType ones).
USABLE_FORMATS = {"TrueType", "CFF"}
FC_FORMAT = "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\t%{fontformat}\n"
FC_TIMEOUT_S = 10
COVERAGE_FORMAT = 1     # bump when the coverage cache files change layout

log = logging.getLogger("typeset.fonts")
_skipped: dict[str, str] = {}     # font file → why it was skipped, in order of discovery


@dataclass(frozen=True)
class SystemFace:
    """One face of an installed font file."""
    path: str
    index: int
    family: str
    style: str

    @property
    def name(self) -> str:
        """Family and style, as a person names the face: "Noto Serif CJK SC Bold"."""
        return f"{self.family} {self.style}".strip()


def skipped() -> dict[str, str]:
    """Font files skipped so far in this process (unreadable, or not TrueType/OpenType) → why."""
    return dict(_skipped)


def skip(path: str, reason: str) -> None:
    """Remember that `path` cannot be used (reported once per file; our log has it too)."""
    if path not in _skipped:
        _skipped[path] = reason
        log.debug("skipped font %s: %s", path, reason)   # the build's warnings say it to the user


def usable(path: str, fontformat: str = "") -> bool:
    """A TrueType/OpenType file or collection (by name, and by fontconfig's format when known)."""
    return Path(path).suffix.lower() in FONT_SUFFIXES and (not fontformat or fontformat in USABLE_FORMATS)


def faces_with_char(ch: str, font_dirs: Iterable[str | Path] = (),
                    use_fontconfig: bool = True, cache: Optional[str] = None) -> list[SystemFace]:
    """Faces that map `ch` in their cmap: configured dirs first, then fontconfig."""
    cp = ord(ch)
    found = [face for d in font_dirs for face in dir_faces(str(d), cache) if covers(face, cp, cache)]
    if use_fontconfig:
        found += [f for f in _fontconfig_faces(cp) if f not in found and covers(f, cp, cache)]
    return found


def installed_faces(font_dirs: Iterable[str | Path] = (), use_fontconfig: bool = True,
                    cache: Optional[str] = None) -> list[SystemFace]:
    """Every usable face of the configured dirs, then every one fontconfig lists."""
    found = [face for d in font_dirs for face in dir_faces(str(d), cache)]
    if use_fontconfig:
        found += [f for f in _fontconfig_all() if f not in found]
    return found


def dir_faces(directory: str, cache: Optional[str] = None) -> list[SystemFace]:
    """The usable faces of the font files below `directory` (file names sorted)."""
    faces = []
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            if usable(str(path)):
                faces.extend(_file_faces(str(path), path.stat().st_mtime_ns, cache))
            elif path.suffix.lower() in (".t1", ".pfb", ".pfa", ".afm", ".pfm"):
                skip(str(path), "Type 1 font: only TrueType/OpenType fonts are used")
    return faces


@lru_cache(maxsize=None)
def _file_faces(path: str, _mtime_ns: int, cache: Optional[str] = None) -> tuple[SystemFace, ...]:
    """The faces of one font file (a collection holds several), their names
    from the cache dir when the file was read before (no fontTools import)."""
    from .metrics import cache_dir
    st = os.stat(path)
    header = (COVERAGE_FORMAT, "faces", path, st.st_size, st.st_mtime_ns)
    where = Path(cache or cache_dir()) / "coverage" / f"{_ident(header)}.marshal"
    saved = read_cached(where, header)
    if type(saved) is tuple and all(type(n) is tuple and len(n) == 2 for n in saved):
        return tuple(SystemFace(path, i, family, style) for i, (family, style) in enumerate(saved))
    from fontTools.ttLib import TTCollection, TTFont
    from .quiet import fonttools_to_our_log
    try:
        with fonttools_to_our_log():
            if path.lower().endswith((".ttc", ".otc")):
                fonts = TTCollection(path, lazy=True).fonts
            else:
                fonts = [TTFont(path, lazy=True)]
            names = tuple((f["name"].getDebugName(1) or "", f["name"].getDebugName(2) or "") for f in fonts)
    except Exception as e:   # noqa: BLE001 — an unreadable file in a font dir must not stop a build
        skip(path, _reason(e))
        return ()
    write_cached(where, header, names)
    return tuple(SystemFace(path, i, family, style) for i, (family, style) in enumerate(names))


def covers(face: SystemFace, cp: int, cache: Optional[str] = None) -> bool:
    """Whether `face` maps `cp`; a face whose cmap cannot be read covers nothing (and is skipped)."""
    return cp in coverage(face, cache)


@lru_cache(maxsize=None)
def coverage(face: SystemFace, cache: Optional[str] = None) -> dict[int, str]:
    """Code point → glyph name of `face`'s cmap, from the cache dir when this file was read before.

    Reading the cmap of a full CJK face with fontTools takes ≈ 0.2 s; the
    cache file (≈ 45,000 entries) loads in a few milliseconds.  The glyph
    names spare the fallback face a second read of the cmap."""
    from .metrics import cache_dir
    try:
        st = os.stat(face.path)
    except OSError as e:
        skip(face.path, _reason(e))
        return {}
    header = (COVERAGE_FORMAT, face.path, face.index, st.st_size, st.st_mtime_ns)
    where = Path(cache or cache_dir()) / "coverage" / f"{_ident(header)}.marshal"
    saved = read_cached(where, header)
    if type(saved) is dict:
        return saved
    from fontTools.ttLib import TTFont
    from .quiet import fonttools_to_our_log
    try:
        with fonttools_to_our_log():
            cmap = dict(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap() or {})
    except Exception as e:   # noqa: BLE001 — TTLibError, struct.error, …: skip the font
        skip(face.path, _reason(e))
        return {}
    write_cached(where, header, cmap)
    return cmap


def _ident(header: tuple) -> str:
    import hashlib
    return hashlib.sha256(repr(header).encode("utf-8")).hexdigest()[:32]


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def _fc_list(*pattern: str) -> list[tuple[SystemFace, str]]:
    """fc-list's faces for `pattern`, with their fontconfig format; [] without fontconfig."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", "--format", FC_FORMAT, *pattern],
                             capture_output=True, text=True, timeout=FC_TIMEOUT_S, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 5 and parts[1].isdigit():
            faces.append((SystemFace(parts[0], int(parts[1]), parts[2], parts[3]), parts[4]))
    return faces


def _usable_sorted(listed: list[tuple[SystemFace, str]]) -> tuple[SystemFace, ...]:
    keep = set()
    for face, fontformat in listed:
        if usable(face.path, fontformat):
            keep.add(face)
        else:
            skip(face.path, f"{fontformat or 'unknown'} font: only TrueType/OpenType fonts are used")
    return tuple(sorted(keep, key=lambda f: (f.path, f.index)))


@lru_cache(maxsize=None)
def _fontconfig_faces(cp: int) -> tuple[SystemFace, ...]:
    """`fc-list :charset=<hex>`: every installed usable face covering the code point."""
    return _usable_sorted(_fc_list(f":charset={cp:x}"))


@lru_cache(maxsize=None)
def _fontconfig_all() -> tuple[SystemFace, ...]:
    """Every usable installed face (one fc-list call per process)."""
    listed = _fc_list()
    return tuple(sorted({f for f, fmt in listed if usable(f.path, fmt)}, key=lambda f: (f.path, f.index)))
