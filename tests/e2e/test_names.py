"""Issue 14, done when: names outside GB 2312 build with the shipped faces alone.

tests/data/names/names.xml has 306 characters of 通用规范汉字表 outside
GB 2312, 51 in each role (body, headline, kicker and subhead, byline,
caption, summary), each character in one role only.  It is built as a user
without any CJK font would build it: TYPESET_FONT_DIRS empty and fontconfig
finding nothing (an empty configuration, as FONTCONFIG_FILE, and a home with
no fonts).  `paiban check` must report no missing glyph and nothing taken from
an installed font, and the PDF, read back with pdfminer, must draw every
character in its role's own shipped face.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.fonts import SHIPPED_FILES, fonts_dir

ROOT = Path(__file__).resolve().parents[2]
ISSUE = ROOT / "tests" / "data" / "names" / "names.xml"
# The role of each element, and the face bulletin.toml gives that role.
ROLE_FACES = {"p": "song", "line": "song-bold", "kicker": "hei", "subhead": "hei",
              "byline": "kai", "caption": "kai", "summary": "kai"}
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig></fontconfig>
"""


def gb2312(ch: str) -> bool:
    try:
        return len(ch.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


def role_chars() -> dict[str, set[str]]:
    """Face key → the characters outside GB 2312 the issue sets in that face."""
    text = ISSUE.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out: dict[str, set[str]] = {}
    for tag, face in ROLE_FACES.items():
        if tag == "summary":
            bodies = re.findall(r"<summary[^>]*>(.*?)</summary>", text, flags=re.S)
        else:
            bodies = re.findall(rf"<{tag}>([^<]*)</{tag}>", text)
            if tag == "p":             # the summary's paragraph is kai, not body text
                summary = "".join(re.findall(r"<summary[^>]*>(.*?)</summary>", text, flags=re.S))
                bodies = [b for b in bodies if b not in summary]
        out.setdefault(face, set()).update(c for b in bodies for c in b if "\u3400" <= c and not gb2312(c))
    return out


def no_font_env(tmp_path: Path) -> dict:
    """A user with no CJK font at all: no font folders, fontconfig finding none."""
    conf = tmp_path / "no-fonts.conf"
    conf.write_text(NO_FONTS_CONF, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "FONTCONFIG_FILE": str(conf),
            "TYPESET_FONT_DIRS": "", "TYPESET_CACHE_DIR": str(tmp_path / "cache"), "PAIBAN_LANG": "en"}


@pytest.fixture()
def names_issue(tmp_path) -> Path:
    """The test issue with a plain grey photo beside it."""
    from PIL import Image
    issue = tmp_path / "names.xml"
    shutil.copy(ISSUE, issue)
    (tmp_path / "images").mkdir()
    Image.new("L", (600, 400), 128).save(tmp_path / "images" / "photo.png")
    return issue


def test_the_issue_has_50_names_characters_outside_gb2312_in_every_role():
    chars = role_chars()
    assert set(chars) == {"song", "song-bold", "hei", "kai"}
    for tag, face in ROLE_FACES.items():
        assert len(chars[face]) >= 50, (tag, face)
    assert sum(len(c) for c in chars.values()) == 306
    assert len(set().union(*chars.values())) == 306              # each character in one role only


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig not installed")
def test_the_isolated_environment_finds_no_font(tmp_path):
    env = no_font_env(tmp_path)
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout
    assert listed.strip() == ""


def test_names_build_without_system_fonts_each_in_its_roles_face(tmp_path, names_issue):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer
    from fontTools.ttLib import TTFont

    env = no_font_env(tmp_path)
    check = subprocess.run([sys.executable, "-m", "typeset", "check", str(names_issue), "--json"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["missing_glyphs"] == [] and report["fallback_glyphs"] == []
    assert report["totals"]["overset"] == 0                    # every character is on the page

    pdf = tmp_path / "names.pdf"
    build = subprocess.run([sys.executable, "-m", "typeset", "build", str(names_issue), "-o", str(pdf),
                            "--variant", "none"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    said = [line for line in build.stderr.splitlines() if line.strip()]
    assert [line for line in said if " warning: " not in line] == [], said      # no library chatter
    assert not [line for line in said if "font" in line or "glyph" in line], said

    postscript = {face: TTFont(str(fonts_dir() / name), lazy=True)["name"].getDebugName(6)
                  for face, name in SHIPPED_FILES.items()}

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    drawn: dict[str, set[str]] = {}             # character → the fonts that drew it
    for page in extract_pages(str(pdf)):
        for c in chars(page):
            drawn.setdefault(c.get_text(), set()).add(c.fontname.split("+", 1)[-1])
    for face, wanted in role_chars().items():
        for ch in sorted(wanted):
            assert drawn.get(ch) == {postscript[face]}, (ch, f"U+{ord(ch):04X}", face, drawn.get(ch))
    assert "〓" not in drawn
