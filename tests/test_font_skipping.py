"""Issue 13 §2: fonts the fallback chain cannot use are skipped, never fatal.

Only TrueType/OpenType fonts and collections are used for fallback; a Type 1
font (fontconfig offers StandardSymbolsPS.t1 for U+F8FF) or a file fontTools
cannot read is skipped with a warning naming it, and a character no usable
font has is reported and printed as 〓.  fontTools' log lines go to our
logger, never to stderr.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_fonts import build_test_font
from typeset.fonts import SHIPPED_FILES, FontLibrary, fonts_dir
from typeset.fonts import system
from typeset.fonts.system import SystemFace
from typeset.pipeline import BuildOptions, draw_issue, layout_issue

ROOT = Path(__file__).resolve().parents[1]
APPLE = "\uf8ff"             # private use: only a Type 1 symbol font covers it on Debian
RARE = "\U00020BB7"          # 𠮷: outside every shipped face
ISSUE = f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31"><page number="1" template="bulletin">
<article id="a" col="1" span="2" line="1"><headline>苹果</headline><p>苹果{APPLE}标志，吉的异体{RARE}。</p></article>
</page></issue>"""


@pytest.fixture(autouse=True)
def fresh_system_state():
    """The skip list and the lookup caches are per process: start each test clean."""
    system.forget()
    yield
    system.forget()


def library(tmp_path, font_dirs=(), use_fontconfig=False):
    files = {key: fonts_dir() / name for key, name in SHIPPED_FILES.items()}
    return FontLibrary(files, font_dirs=font_dirs, use_fontconfig=use_fontconfig, cache_dir=tmp_path / "cache")


def build(tmp_path, lib):
    src = tmp_path / "issue.xml"
    src.write_text(ISSUE, encoding="utf-8")
    result = layout_issue(str(src), fonts=lib)
    pdf = draw_issue(result, lib, BuildOptions(variant="none"))
    return result, pdf


def codes(result, code):
    return [w for w in result.warnings if w.code == code]


def test_a_type1_font_offered_by_fontconfig_is_skipped_with_a_warning(tmp_path, monkeypatch):
    type1 = tmp_path / "StandardSymbolsPS.t1"
    type1.write_bytes(b"%!PS-AdobeFont-1.0: StandardSymbolsPS\n")
    listed = [(SystemFace(str(type1), 0, "Standard Symbols PS", "Regular"), "Type 1")]
    monkeypatch.setattr(system, "_fc_list", lambda *pattern: listed)
    result, pdf = build(tmp_path, library(tmp_path, use_fontconfig=True))
    skipped = codes(result, "font-skipped")
    assert [w.file for w in skipped] == [str(type1)] and "Type 1" in skipped[0].message
    missing = codes(result, "missing-glyph")
    assert {w.message.split("(U+")[1][:4] for w in missing} == {"F8FF", "20BB"}   # reported, drawn as 〓
    assert pdf.startswith(b"%PDF")


def test_an_unreadable_font_in_a_font_dir_is_skipped_and_the_next_one_used(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "a-broken.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 200)   # a TrueType header, no tables
    build_test_font(folder / "b-rare.otf", RARE, cff=True)
    result, pdf = build(tmp_path, library(tmp_path, [folder]))
    assert [w.file for w in codes(result, "font-skipped")] == [str(folder / "a-broken.ttf")]
    missing = codes(result, "missing-glyph")
    assert [w.message.split("(U+")[1][:4] for w in missing] == ["F8FF"]      # 𠮷 came from b-rare.otf


def test_a_font_whose_outlines_cannot_be_read_is_skipped_at_extraction(tmp_path):
    """Its cmap reads fine, so it looks usable until a glyph is taken from it."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    good = build_test_font(tmp_path / "rare.ttf", RARE, cff=False)
    data = bytearray(good.read_bytes())
    from fontTools.ttLib import TTFont
    offset = TTFont(str(good)).reader.tables["glyf"].offset
    data[offset:offset + 12] = b"\xff" * 12                 # garbage where the square's outline starts
    (folder / "rare-damaged.ttf").write_bytes(bytes(data))
    result, _ = build(tmp_path, library(tmp_path, [folder]))
    assert [w.file for w in codes(result, "font-skipped")] == [str(folder / "rare-damaged.ttf")]
    assert sorted(w.message.split("(U+")[1][:4] for w in codes(result, "missing-glyph")) == ["20BB", "F8FF"]


def test_fonttools_chatter_never_reaches_stderr(tmp_path):
    """A table fontTools does not know how to subset made it print
    'FFTM NOT subset; don't know how to subset; dropped' before our messages."""
    from fontTools.ttLib import TTFont, newTable
    folder = tmp_path / "fonts"
    folder.mkdir()
    font = TTFont(str(build_test_font(tmp_path / "rare.ttf", RARE, cff=False)))
    fftm = font["FFTM"] = newTable("FFTM")
    fftm.version, fftm.FFTimeStamp, fftm.sourceCreated, fftm.sourceModified = 1, 0, 0, 0
    font.save(str(folder / "rare-fftm.ttf"))
    src = tmp_path / "issue.xml"
    src.write_text(ISSUE.replace(APPLE, ""), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "TYPESET_FONT_DIRS": str(folder), "TYPESET_CACHE_DIR": str(tmp_path / "c"),
           "PAIBAN_LANG": "en", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "typeset", "build", str(src), "-o", str(tmp_path / "o.pdf"),
                          "--variant", "none"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert not [line for line in lines if "NOT subset" in line or "fontTools" in line], lines
    assert [line for line in lines if " warning: " not in line] == []          # only our own warnings
