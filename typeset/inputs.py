"""What a build reads → its dependency list, the digest of its inputs, and the settings that change its bytes.

One list serves three users, so they cannot disagree:
- the document IDs of a PDF (trailer /ID, XMP DocumentID/InstanceID) are the
  digest of the inputs, never of ReportLab's output (which carries a
  timestamp ReportLab takes from SOURCE_DATE_EPOCH);
- `paiban batch` calls an output up to date only if every file of the list
  and every setting is what it was at the last build;
- `paiban watch` polls the files of the list.

The files: the issue XML, every image, every template of each page's
`extends` chain, every font a page draws with, and the CMYK profile.  The
settings: the typeset version, the versions of the libraries that write
bytes (those constraints.txt pins), the colour settings
(TYPESET_CMYK_PROFILE/CONDITION) and the fonts folder's listing (a new face
there can change which font draws a character).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from . import __version__
# the colour settings live with the photo stage that separates by them; an
# output depends on them, so they are named here too
from .photos.icc import colour_settings  # noqa: F401

# The distributions constraints.txt pins: each writes or shapes output bytes.
LIBRARIES = ("reportlab", "pikepdf", "pillow", "numpy", "pyphen", "lxml", "fonttools", "pypdfium2")
PROFILE_ENV, CONDITION_ENV = "TYPESET_CMYK_PROFILE", "TYPESET_CMYK_CONDITION"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".json")


@dataclass(frozen=True)
class InputFile:
    """One file a build read: its role, its path, and a name for digests
    that does not depend on the working directory or the install location."""
    role: str                  # "issue" | "image" | "template" | "font" | "profile"
    path: str                  # absolute
    name: str


def issue_inputs(issue, pages: Optional[Iterable] = None, fonts=None) -> list[InputFile]:
    """The files of a parsed issue; with the laid-out `pages` and their
    `fonts`, the font files the pages draw with too (in a stable order)."""
    base = issue.base_dir
    files = [InputFile("issue", os.path.abspath(issue.source), "issue")]
    for src in dict.fromkeys(image_sources(issue)):
        path = os.path.normpath(os.path.join(base, src))
        files.append(InputFile("image", path, src))
    for path in template_chains(issue):
        files.append(InputFile("template", path, os.path.basename(path)))
    if pages is not None and fonts is not None:
        for path in font_paths(pages, fonts):
            files.append(InputFile("font", path, os.path.basename(path)))
    profile = os.environ.get(PROFILE_ENV)
    if profile:
        files.append(InputFile("profile", os.path.abspath(profile), os.path.basename(profile)))
    return list({f.path: f for f in reversed(files)}.values())[::-1]   # first role wins


def image_sources(issue) -> list[str]:
    """Every photo src of the issue, including photos set inside articles."""
    out = []
    for page in issue.pages:
        for block in page.blocks:
            if getattr(block, "src", None):
                out.append(block.src)
            out += [p.src for p in getattr(block, "photos", ())]
    return out


def template_chains(issue) -> list[str]:
    """Every template file the pages use, each followed by the parents it `extends`."""
    from .style.template import extends_chain
    out: list[str] = []
    for name in dict.fromkeys(page.template for page in issue.pages):
        out += extends_chain(name, issue.base_dir)
    return list(dict.fromkeys(out))


def font_paths(pages: Iterable, fonts) -> list[str]:
    """The TrueType files the pages draw with: the body face (the drawer's
    initial font) and every face of a text run, in order of first use."""
    from .display import TextRun
    faces = {"song": None}
    for page in pages:
        for item in page.items:
            if isinstance(item, TextRun):
                faces.setdefault(item.face)
    out = []
    for face in faces:
        try:
            out.append(os.path.abspath(fonts.path(face)))
        except KeyError:
            continue
    return list(dict.fromkeys(out))


# -- digests --------------------------------------------------------------------

def file_digest(path: str) -> str:
    """SHA-256 of a file, "" when it cannot be read (memoised by its stat)."""
    from .fonts.metrics import file_sha256
    try:
        return file_sha256(path)
    except OSError:
        return ""


def recorded(files: Iterable[InputFile]) -> dict[str, str]:
    """path → SHA-256 of each file: what batch stores and later compares."""
    return {f.path: file_digest(f.path) for f in files}


def document_digest(files: Iterable[InputFile], variant: str, extra: str = "") -> bytes:
    """The digest the document IDs are made from: each file's role, name and
    content, the variant and the colour settings — no path, clock or
    working directory, so the same input gives the same IDs anywhere."""
    h = hashlib.sha256(f"typeset {__version__}|{variant}|{colour_settings()}|{extra}".encode())
    for f in files:
        h.update(f"\n{f.role}|{f.name}|{file_digest(f.path)}".encode())
    return h.digest()


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Version of each library of LIBRARIES (and the qpdf inside pikepdf)."""
    from importlib import metadata
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    try:
        import pikepdf
        out["libqpdf"] = pikepdf.__libqpdf_version__
    except (ImportError, AttributeError):
        pass
    return out


def fonts_listing() -> str:
    """Digest of the fonts folder's font names and sizes (and TYPESET_FONT_DIRS)."""
    from .fonts import fonts_dir
    folder = str(fonts_dir())
    h = hashlib.sha256(os.environ.get("TYPESET_FONT_DIRS", "").encode())
    try:
        names = sorted(n for n in os.listdir(folder) if n.lower().endswith(FONT_SUFFIXES))
    except OSError:
        names = []
    for name in names:
        try:
            h.update(f"{name}|{os.path.getsize(os.path.join(folder, name))}\n".encode())
        except OSError:
            pass
    return h.hexdigest()


def environment(variant: str) -> dict:
    """Everything besides the files that changes an output's bytes."""
    return {"typeset": __version__, "variant": variant, "libraries": library_versions(),
            "colour": colour_settings(), "fonts": fonts_listing()}


