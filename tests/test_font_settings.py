"""Issue 14 §4: where the shipped faces come from, and bad font settings as input errors.

TYPESET_FONTS names the folder of the shipped faces (default: the fonts
installed with the package, else the checkout's fonts/); TYPESET_FONT_DIRS
adds folders to search for fallback fonts.  A missing or unreadable face, or
a folder that does not exist, is the user's input (exit 2, a message naming
the setting), never an internal error.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from typeset.cli import main
from typeset.fonts import SHIPPED_FILES, fonts_dir
from typeset.fonts import library

ROOT = Path(__file__).resolve().parents[1]
TINY = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31"><page number="1" template="bulletin">
<article id="a" col="1" span="2" line="1"><headline>字体</headline><p>正文。</p></article>
</page></issue>"""


@pytest.fixture
def issue(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TYPESET_FONTS", raising=False)
    monkeypatch.delenv("TYPESET_FONT_DIRS", raising=False)
    path = tmp_path / "issue.xml"
    path.write_text(TINY, encoding="utf-8")
    return path


def build(capsys, issue: Path) -> tuple[int, str]:
    code = main(["build", str(issue), "-o", str(issue.with_suffix(".pdf")), "--variant", "none"])
    return code, capsys.readouterr().err


def test_checkout_fonts_are_found_without_a_setting(monkeypatch):
    monkeypatch.delenv("TYPESET_FONTS", raising=False)
    assert fonts_dir() in (library.PACKAGED_FONTS, library.CHECKOUT_FONTS)
    assert all((fonts_dir() / name).is_file() for name in SHIPPED_FILES.values())


def test_typeset_fonts_names_the_folder(tmp_path, monkeypatch, issue, capsys):
    copy = tmp_path / "myfonts"
    shutil.copytree(fonts_dir(), copy)
    monkeypatch.setenv("TYPESET_FONTS", str(copy))
    assert fonts_dir() == copy
    assert build(capsys, issue)[0] == 0


def test_a_missing_face_is_an_input_error_naming_the_setting(tmp_path, monkeypatch, issue, capsys):
    monkeypatch.setenv("TYPESET_FONTS", str(tmp_path / "nowhere"))
    code, err = build(capsys, issue)
    assert code == 2 and "TYPESET_FONTS" in err and "not found" in err, err
    assert SHIPPED_FILES["song"] in err and "internal" not in err


def test_an_unreadable_face_is_an_input_error_naming_file_and_setting(tmp_path, monkeypatch, issue, capsys):
    copy = tmp_path / "broken"
    shutil.copytree(fonts_dir(), copy)
    song = copy / SHIPPED_FILES["song"]
    song.write_bytes(song.read_bytes()[:5000])          # cut short: its sidecar no longer matches
    monkeypatch.setenv("TYPESET_FONTS", str(copy))
    code, err = build(capsys, issue)
    assert code == 2 and "cannot read the font file" in err and "TYPESET_FONTS" in err, err
    assert str(song) in err and "internal" not in err


def test_a_missing_font_dir_is_an_input_error_naming_the_setting(tmp_path, monkeypatch, issue, capsys):
    monkeypatch.setenv("TYPESET_FONT_DIRS", str(tmp_path / "no-such-folder"))
    code, err = build(capsys, issue)
    assert code == 2 and "TYPESET_FONT_DIRS" in err and "no-such-folder" in err, err


def test_an_empty_font_dirs_setting_is_no_folder(monkeypatch, issue, capsys):
    monkeypatch.setenv("TYPESET_FONT_DIRS", "")
    assert build(capsys, issue)[0] == 0
