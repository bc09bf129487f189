#!/usr/bin/env python3
"""Debian font packages → fonts/ (the four shipped TrueType subsets, licences, metrics).

Run: python scripts/build_fonts.py [--out fonts] [--jobs 2]
Needs fonts-noto-cjk, fonts-noto-cjk-extra, fonts-lxgw-wenkai and
unicode-data (Unihan, for the 通用规范汉字表 list) installed
(`apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai unicode-data`).
Same inputs → same bytes: timestamps are the source fonts' own.
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import io
import zipfile
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from typeset.fonts.convert import extract_ttf  # noqa: E402
from typeset.fonts.library import SHIPPED_FILES  # noqa: E402
from typeset.fonts.metrics import write_sidecar  # noqa: E402

NOTO = Path("/usr/share/fonts/opentype/noto")
UNIHAN = Path("/usr/share/unicode")      # Debian unicode-data: Unihan_*.txt.bz2 (or Unihan.zip)
# The Unihan field listing 通用规范汉字表 (2013): value "2013:<index>", 8,105 characters.
TGH_FIELD = "kTGH"
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")
# Face 2 of each Noto CJK .ttc is the SC (Simplified Chinese) face.
NOTO_SC_INDEX = 2


@dataclass(frozen=True)
class FaceSource:
    key: str               # face key used by the composer (fixed)
    source: Path
    index: int
    package: str
    output: str            # file name in fonts/
    names: Optional[tuple[str, str]] = None   # (family, PostScript) when renamed
    why: str = ""
    full_width_quotes: bool = False           # widen proportional “”‘’ (convert.widen_quotes)
    left_out: str = ""                        # characters kept out of this face (the chain draws them)


# WenKai 1.250 maps U+2212 MINUS SIGN to its hyphen-minus glyph (0.35 em, ink
# at hyphen height; its + is 0.6 em): 最低气温−3℃ in a caption read "-3".  Left
# out of the kai subset, the minus of kai text comes from the first shipped
# face of its fallback chain, song (typeset/fonts/library.py): Noto Serif's
# 0.58-em minus on the middle of the figures.
KAI_LEFT_OUT = "\u2212"


FACES = [
    FaceSource("song", NOTO / "NotoSerifCJK-Regular.ttc", NOTO_SC_INDEX, "fonts-noto-cjk",
               SHIPPED_FILES["song"], why="body text 书宋"),
    # Bold, not Black: Black fills the counters like a 粗宋; Bold keeps the
    # thin horizontals and heavy verticals of a newspaper 小标宋.
    FaceSource("song-bold", NOTO / "NotoSerifCJK-Bold.ttc", NOTO_SC_INDEX, "fonts-noto-cjk",
               SHIPPED_FILES["song-bold"], why="headlines 标宋"),
    FaceSource("hei", NOTO / "NotoSansCJK-Bold.ttc", NOTO_SC_INDEX, "fonts-noto-cjk",
               SHIPPED_FILES["hei"], why="kickers, labels 黑体"),
    # OFL: "LXGW" and "霞鹜" are Reserved Font Names, and a subset is a
    # Modified Version, so the shipped subset is renamed.
    FaceSource("kai", WENKAI / "LXGWWenKai-Regular.ttf", 0, "fonts-lxgw-wenkai",
               SHIPPED_FILES["kai"], names=("WenKai GB", "WenKaiGB-Regular"),
               why="summary, captions, bylines 楷体", full_width_quotes=True,
               left_out=KAI_LEFT_OUT),
]

# Unicode blocks kept besides GB 2312 (issue 3, rule book §1.1 and §1.7 V3).
RANGES = [
    (0x0020, 0x007E),   # ASCII
    (0x00A0, 0x00FF),   # Latin-1 punctuation and signs (·, ×, °…)
    (0x2000, 0x206F),   # general punctuation (—, “”, …, ‰)
    (0x3000, 0x303F),   # CJK symbols and punctuation
    (0xFF00, 0xFFEF),   # full-width forms
    (0xFE10, 0xFE19),   # vertical forms
    (0xFE30, 0xFE4F),   # CJK compatibility forms (vertical brackets)
]
# Single characters kept besides GB 2312 and the blocks above, grouped by reason: the
# README lists each group.  Signs a Chinese paper sets that GB 2312 lacks
# (≈ ≠ ≤ ≥ ± × ÷ ‰ ° ℃ ▲ △ ① … ⑩ Ⅰ … Ⅻ ㈠ are in it already) and all four
# source faces have.
EXTRA_GROUPS: tuple[tuple[str, str], ...] = (
    ("\u3013", "the missing-glyph placeholder"),
    ("\u2e3a\u2e3b", "two- and three-em dashes, rule book §1.1 DASH"),
    ("\u22ef", "midline ellipsis, §1.1 ELLIPSIS"),
    ("\u2103\u2116\u20ac", "signs of §1.1 PREFIX/POSTFIX"),
    ("\u2212", "the minus sign of figures, 最低 −3℃, §1.1 PREFIX"),
    ("\u33a1\u33a5\u33a2\u338f\u338e\u339e\u339d\u339c\u33c4\u3396\u33be",
     "unit signs: m² m³ km² kg mg km cm mm cc mL kW"),
    ("\u2109\u2122\u2121", "°F, trade mark, telephone sign"),
    ("\u25bc\u25bd\u25b6\u25c0", "down triangles beside GB 2312's ▲ △ for market tables, lead-in arrows"),
    ("".join(map(chr, range(0x246A, 0x2474))), "circled 11–20 after GB 2312's ① … ⑩"),
    ("\u260e\u2713", "telephone for hotlines, check mark for tables"),
)
EXTRA = {ord(c) for chars, _ in EXTRA_GROUPS for c in chars}

TGH_COUNT = 8105        # 通用规范汉字表: 6,500 + 1,605 + 1,300 characters

LICENCES = {
    "fonts-noto-cjk": "OFL-NotoCJK.txt",
    "fonts-lxgw-wenkai": "OFL-LXGWWenKai.txt",
}


def gb2312_chars() -> set[int]:
    """Every character of GB 2312: decode all valid 2-byte EUC-CN codes."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def unihan_lines(folder: Path = UNIHAN):
    """The lines of the Unihan database files below `folder`: Debian ships them
    as Unihan_*.txt.bz2; Unicode's own Unihan.zip (or plain .txt) work too."""
    for path in sorted(folder.glob("Unihan*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    with archive.open(name) as member:
                        yield from io.TextIOWrapper(member, encoding="utf-8")
        else:
            opener = {".bz2": bz2.open, ".gz": gzip.open}.get(path.suffix, open)
            with opener(path, "rt", encoding="utf-8") as lines:
                yield from lines


@lru_cache(maxsize=None)
def tgh_chars(folder: Path = UNIHAN) -> frozenset[int]:
    """Every character of 通用规范汉字表 (Unihan `kTGH`: 8,105 of them)."""
    chars = set()
    for line in unihan_lines(folder):
        fields = line.split("\t")
        if len(fields) >= 3 and fields[1] == TGH_FIELD and fields[0].startswith("U+"):
            chars.add(int(fields[0][2:], 16))
    return frozenset(chars)


def issue_chars(repo: Path) -> set[int]:
    """Every character used by the sample issues (markup included: it is ASCII)."""
    chars: set[int] = set()
    for xml in sorted((repo / "issues").glob("*.xml")):
        chars.update(ord(c) for c in xml.read_text(encoding="utf-8") if c.isprintable())
    return chars


def wanted_codepoints(repo: Path) -> list[int]:
    cps = gb2312_chars() | tgh_chars() | issue_chars(repo) | EXTRA
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    return sorted(cps)


def build_face(face: FaceSource, out: Path, codepoints: list[int]) -> Path:
    """Write the subset of `face` holding `codepoints` but its `left_out`, and its metrics sidecar."""
    left_out = {ord(c) for c in face.left_out}
    codepoints = [cp for cp in codepoints if cp not in left_out]
    dest = extract_ttf(face.source, face.index, codepoints, out / face.output, names=face.names,
                       full_width_quotes=face.full_width_quotes)
    write_sidecar(dest)
    return dest


def package_version(package: str) -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown"


def write_licence(package: str, out: Path) -> None:
    """The Debian copyright file of `package`: its OFL text and copyright lines."""
    text = Path(f"/usr/share/doc/{package}/copyright").read_text(encoding="utf-8")
    (out / LICENCES[package]).write_text(text, encoding="utf-8")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "fonts")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    missing = [str(f.source) for f in FACES if not f.source.exists()]
    if len(tgh_chars()) != TGH_COUNT:
        missing.append(f"{UNIHAN}/Unihan*: {TGH_FIELD}")
    if missing:
        sys.exit(f"missing {', '.join(missing)}: apt-get install "
                 "fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai unicode-data")
    args.out.mkdir(parents=True, exist_ok=True)
    codepoints = wanted_codepoints(REPO)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [pool.submit(build_face, f, args.out, codepoints) for f in FACES]
        paths = [job.result() for job in jobs]
    for package in LICENCES:
        write_licence(package, args.out)
    readme = render_readme(paths, codepoints)
    (args.out / "README.md").write_text(readme, encoding="utf-8")
    print(readme)
    return 0


def face_row(face: FaceSource, path: Path) -> str:
    from fontTools.ttLib import TTFont
    font = TTFont(str(path), lazy=True)
    family = font["name"].getDebugName(4)
    mapped = set(font.getBestCmap())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    gb, tgh = gb2312_chars(), tgh_chars()
    return (f"| `{face.key}` | {face.why} | `{path.name}` | {family} | {face.source.name} #{face.index} "
            f"({face.package} {package_version(face.package)}) | {len(gb & mapped)} / {len(gb)} "
            f"| {len(tgh & mapped)} / {len(tgh)} | {font['maxp'].numGlyphs} / {len(mapped)} "
            f"| {path.stat().st_size / 1e6:.2f} MB | `{digest}` |")


def gaps(paths: list[Path]) -> str:
    """Which characters of GB 2312, 通用规范汉字表 and EXTRA a face lacks (a sentence
    saying every face has them all when none does)."""
    from fontTools.ttLib import TTFont
    wanted = gb2312_chars() | tgh_chars() | EXTRA
    lines = []
    for face, path in zip(FACES, paths):
        lacking = sorted(wanted - set(TTFont(str(path), lazy=True).getBestCmap()))
        if lacking:
            shown = " ".join(f"{chr(cp)} U+{cp:04X}" for cp in lacking[:40])
            lines.append(f"`{face.key}` lacks {len(lacking)}: {shown}{' …' if len(lacking) > 40 else ''}.")
    return "\n".join(lines) or "Every face has every character of GB 2312, 通用规范汉字表 and the signs listed."


def extra_text() -> str:
    """EXTRA_GROUPS for the README: "〓 (the missing-glyph placeholder); ⸺ ⸻ (…); …"."""
    return "; ".join(f"{' '.join(chars)} ({why})" for chars, why in EXTRA_GROUPS)


def render_readme(paths: list[Path], codepoints: list[int]) -> str:
    """fonts/README.md.  The folder's size counts this README as written, not
    the one a previous build left there (nor none, in a fresh --out folder):
    the same packages give the same README."""
    rows = "\n".join(face_row(face, path) for face, path in zip(FACES, paths))
    total = sum(p.stat().st_size for p in paths) / 1e6
    ranges = ", ".join(f"U+{lo:04X}–{hi:04X}" for lo, hi in RANGES)
    sidecars = sum(p.with_name(p.name + ".metrics.json").stat().st_size for p in paths) / 1e6
    others = sum(f.stat().st_size for f in paths[0].parent.iterdir() if f.is_file() and f.name != "README.md")
    gb, tgh = gb2312_chars(), tgh_chars()
    fields = dict(rows=rows, total=total, sidecars=sidecars, ranges=ranges, count=len(codepoints),
                  gb=len(gb), tgh=len(tgh), tgh_only=len(tgh - gb), hanzi=len(gb | tgh),
                  issues=len(issue_chars(REPO)), gaps=gaps(paths), extra=extra_text())
    # The size is printed with one decimal, so the second text is as long as the first.
    first = README.format(folder=others / 1e6, **fields)
    return README.format(folder=(others + len(first.encode("utf-8"))) / 1e6, **fields)


README = """# Shipped fonts

Generated by `python scripts/build_fonts.py` from Debian's font packages; do
not edit by hand (this file is regenerated too).  The sample issue builds
with these files alone: no system font is needed.

| key | use | file | name | source | GB 2312 | 通用规范汉字表 | glyphs / code points | size | sha256 |
|---|---|---|---|---|---|---|---|---|---|
{rows}

{total:.1f} MB of fonts and {sidecars:.1f} MB of metrics: fonts/ holds {folder:.1f} MB
in all (limit 40 MB).  Each `*.metrics.json` beside a font holds its advances,
ink boxes, ideographic em box and vertical forms, so a build never parses the
font with fontTools (`typeset/fonts/metrics.py`).

## Coverage

{count} code points were requested: all {gb} characters of GB 2312 (the
6,763 hanzi plus its symbols, derived with Python's `gb2312` codec), all
{tgh} characters of 通用规范汉字表 (2013; Unihan's `kTGH` field, from Debian's
`unicode-data`), {tgh_only} of them outside GB 2312 — the names of people and
places (镕 喆 堃 彧 玥 珺 赟 …) — so {hanzi} characters in all; {ranges}; {extra}; and every
character of `issues/*.xml` ({issues} distinct).  A face maps those of them
its source has (but `kai`'s minus, below).  {gaps}

Anything else (𠮷 U+20BB7, 頔, 禕 …) comes from the fallback chain of
`typeset/fonts/library.py`: another shipped face that has it, then an upright
installed face of the same style (楷 → LXGW WenKai, then Noto Serif CJK, then
Noto Sans CJK; 宋 → serif; 黑 → sans), Simplified Chinese before any other
region, then anything fontconfig finds.

## What was changed, and why

- **Subset** to the set above: full Noto CJK faces are 20–27 MB each and hold
  JP/KR/TC forms a mainland paper never sets; GB 2312 covers ordinary news text,
  通用规范汉字表 the names in it.
- **CFF → TrueType** (the Noto faces): ReportLab embeds only `glyf` outlines.
  fontTools `Cu2QuPen` → `TTGlyphPen` (Snippets/otf2ttf), max error 1 unit/1000 em,
  contours reversed; `VORG` dropped; `post` 3.0 (no glyph names).
- **zh-Hans `locl` baked into the cmap**: ReportLab applies no GSUB, so e.g.
  U+2014 maps straight to the centred full-width dash (advance 1 em, the glyph
  of U+2015) instead of the Latin one (0.89 em, low); text extraction still
  gives U+2014 back.  Noto's ZHS lookup also swaps " ' ‚ „ ‼ ⁇ ⁈ ⁉ ⸺ ⸻; so
  ⸺ U+2E3A is one unbroken 2-em dash in the Noto faces (two U+2014 leave a
  0.14-em gap between their inks).  WenKai's own U+2014 is already 1 em and centred.
- **Vertical forms**: U+FE10–FE19 and U+FE30–FE4F stay in the cmap; their glyphs
  are the `vert` substitutes of the base characters (rule book §1.7 V3).  GSUB
  keeps only `vert`/`vrt2`; GPOS, hinting and other features are dropped.
- **Full-width quotes in Kai**: WenKai draws “”‘’ proportional (0.35 em) for
  mixed Latin use; GB/T 15834 sets them full width in Chinese text, so the
  subset gives them a 1-em cell with the ink where Noto has it (opening marks
  in the right half, closing in the left).
- **No minus in Kai**: WenKai 1.250 maps U+2212 MINUS SIGN to its hyphen-minus
  glyph, 0.35 em wide at hyphen height where its + is 0.6 em, so 最低气温−3℃ in
  a caption read "-3".  The kai subset leaves U+2212 out and the fallback chain
  sets the minus of kai text from the first shipped face it tries, `song`:
  Noto Serif CJK SC's own minus, 0.58 em, its bar at the middle of the figures
  (no installed font is searched, no warning given).  A minus cut from Kai's
  own + would still sit at hyphen height: WenKai centres + and = 0.25 em above
  the baseline, a third of the way up its figures.
- **Renamed Kai**: "LXGW" and "霞鹜" are Reserved Font Names of LXGW WenKai and a
  subset is a Modified Version under the OFL, so the subset is called "WenKai GB".
- **Deterministic**: timestamps are the source fonts' own; the same packages
  give the same bytes.

## Licences

All four faces are under the SIL Open Font License 1.1: `OFL-NotoCJK.txt`
(Noto CJK, © Adobe, Google) and `OFL-LXGWWenKai.txt` (LXGW WenKai, © lxgw) are
the Debian copyright files of the source packages, licence text included.
"""


if __name__ == "__main__":
    sys.exit(main())
