"""Character → system faces that draw it (configured font dirs, then fontconfig).

Used by the fallback chain when no shipped face has a character (e.g. 𠮷
U+20BB7, 喆, 堃 are outside the GB 2312 subset).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
FC_FORMAT = "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n"
FC_TIMEOUT_S = 10


@dataclass(frozen=True)
class SystemFace:
    """One face of an installed font file."""
    path: str
    index: int
    family: str
    style: str


def faces_with_char(ch: str, font_dirs: Iterable[str | Path] = (),
                    use_fontconfig: bool = True) -> list[SystemFace]:
    """Faces that map `ch` in their cmap: configured dirs first, then fontconfig."""
    cp = ord(ch)
    found = [face for d in font_dirs for face in _dir_faces(str(d)) if cp in _cmap(face)]
    if use_fontconfig:
        found += [f for f in _fontconfig_faces(cp) if f not in found]
    return found


def _dir_faces(directory: str) -> list[SystemFace]:
    faces = []
    for path in sorted(Path(directory).rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
            faces.extend(_file_faces(str(path), path.stat().st_mtime_ns))
    return faces


@lru_cache(maxsize=None)
def _file_faces(path: str, _mtime_ns: int) -> tuple[SystemFace, ...]:
    from fontTools.ttLib import TTCollection, TTFont
    try:
        if path.lower().endswith((".ttc", ".otc")):
            fonts = TTCollection(path, lazy=True).fonts
        else:
            fonts = [TTFont(path, lazy=True)]
        return tuple(SystemFace(path, i, f["name"].getDebugName(1) or "", f["name"].getDebugName(2) or "")
                     for i, f in enumerate(fonts))
    except Exception:   # an unreadable file in a font dir must not stop a build
        return ()


@lru_cache(maxsize=None)
def _cmap(face: SystemFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    try:
        return frozenset(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap() or {})
    except Exception:
        return frozenset()


@lru_cache(maxsize=None)
def _fontconfig_faces(cp: int) -> tuple[SystemFace, ...]:
    """`fc-list :charset=<hex>`: every installed face covering the code point."""
    if not shutil.which("fc-list"):
        return ()
    try:
        out = subprocess.run(["fc-list", "--format", FC_FORMAT, f":charset={cp:x}"],
                             capture_output=True, text=True, timeout=FC_TIMEOUT_S, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[1].isdigit():
            faces.append(SystemFace(parts[0], int(parts[1]), parts[2], parts[3]))
    return tuple(sorted(set(faces), key=lambda f: (f.path, f.index)))
