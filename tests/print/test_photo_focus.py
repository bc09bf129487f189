"""Photo framing (issue 12 §7): focus= and crop= on <photo> choose what is
kept when the image's shape differs from its frame's, and more than a
quarter of an image cut away is a build warning naming the photo.

The image is a portrait in three bands — red at the top, green in the
middle, blue at the bottom — placed in a wide, short frame, which keeps a
strip about a tenth of its height: the built PDF is rendered (pdftoppm) and
the colour at the frame's centre says which strip was kept.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from typeset.cli import main
from typeset.display import ImageItem
from typeset.kinds.photo import parse_focus
from typeset.pipeline import BuildOptions, build_issue
from typeset.photos.framing import cover_crop, kept_share

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
BANDS = {"red": (220, 30, 30), "green": (30, 170, 60), "blue": (30, 60, 220)}
DPI = 24

ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="bulletin">
    <photo id="portrait" src="images/portrait.png" col="1" span="3" line="1" lines="9"{framing}/>
    <article id="a1" col="4" span="3" line="1"><headline>标题</headline><p>正文一段。</p></article>
  </page>
</issue>
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("focus")
    (folder / "images").mkdir()
    image = Image.new("RGB", (300, 900))
    for k, colour in enumerate(BANDS.values()):
        image.paste(colour, (0, 300 * k, 300, 300 * (k + 1)))
    image.save(folder / "images" / "portrait.png")
    return folder


def run_cli(capsys, *args):
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def build(folder, framing: str):
    issue = folder / "issue.xml"
    issue.write_text(ISSUE.format(framing=framing), encoding="utf-8")
    out = str(folder / "issue.pdf")
    result = build_issue(str(issue), out, BuildOptions(variant="none", preflight=False))
    return result, out


def frame(result) -> ImageItem:
    return next(it for it in result.pages[0].items if isinstance(it, ImageItem))


def kept_colour(folder, framing: str) -> str:
    """The band whose colour is at the centre of the photo's frame on the rendered page."""
    result, out = build(folder, framing)
    im = frame(result)
    stem = str(folder / "page")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", out, stem], check=True)
    with Image.open(stem + ".png") as page:
        x, y = (im.x + im.w / 2) * DPI / 72, (im.y + im.h / 2) * DPI / 72
        pixel = page.convert("RGB").getpixel((round(x), round(y)))
    return min(BANDS, key=lambda name: sum((a - b) ** 2 for a, b in zip(pixel, BANDS[name])))


@needs_poppler
@pytest.mark.parametrize("framing,band", [
    ("", "green"),                                 # centred, as before
    (' focus="top"', "red"),
    (' focus="bottom"', "blue"),
    (' focus="center"', "green"),
    (' focus="50% 0%"', "red"),
    (' focus="left bottom"', "blue"),
    (' focus="50% 100%"', "blue"),
    (' crop="0 0 0 67"', "red"),                   # the bottom two thirds cut, the rest centred
    (' crop="0 67 0 0" focus="top"', "blue"),      # the focus is a point of what crop leaves
])
def test_focus_and_crop_choose_what_is_kept(folder, framing, band):
    assert kept_colour(folder, framing) == band


def test_the_frame_keeps_its_size_whatever_the_focus(folder):
    sizes = {(frame(build(folder, f)[0]).w, frame(build(folder, f)[0]).h) for f in ("", ' focus="top"')}
    assert len(sizes) == 1


def test_a_photo_cut_by_more_than_a_quarter_is_a_warning_naming_it(folder):
    result, _ = build(folder, ' focus="top"')
    cuts = [w for w in result.warnings if w.code == "photo-crop"]
    assert len(cuts) == 1 and cuts[0].line == 4 and cuts[0].element == "photo", cuts
    assert "photo 'portrait'" in cuts[0].message and "the top is kept" in cuts[0].message
    assert "% of the image is cut away" in cuts[0].message


def test_a_photo_that_fits_its_frame_says_nothing(folder):
    # a crop leaving the band's shape of the frame: the frame cuts nothing more
    im = frame(build(folder, "")[0])
    share = 1 - (im.h / im.w) * 300 / 900
    result, _ = build(folder, f' crop="0 0 0 {share * 100:.2f}"')
    assert not [w for w in result.warnings if w.code == "photo-crop"]


def test_the_warning_reaches_the_command_line(folder, capsys):
    issue = folder / "issue.xml"
    issue.write_text(ISSUE.format(framing=""), encoding="utf-8")
    code, _, err = run_cli(capsys, "build", str(issue), "-o", str(folder / "cli.pdf"), "--variant", "none")
    assert code == 0
    assert f"{issue}:4: <photo> warning: photo 'portrait' (images/portrait.png, page 1)" in err, err


@pytest.mark.parametrize("framing,fragment", [
    (' focus="middle"', 'focus="middle" on <photo> must be top, bottom, left, right or center'),
    (' focus="top bottom"', 'focus="top bottom" on <photo> must be'),
    (' focus="120% 0%"', 'focus="120% 0%" on <photo> must be'),
    (' crop="50 0 50 0"', 'crop="50 0 50 0" on <photo> must be four per cents'),
    (' crop="1 2 3"', 'crop="1 2 3" on <photo> must be four per cents'),
])
def test_a_bad_focus_or_crop_is_refused_at_its_line(folder, capsys, framing, fragment):
    issue = folder / "bad.xml"
    issue.write_text(ISSUE.format(framing=framing), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(issue))
    assert code == 2 and err.startswith(f"{issue}:4:"), err
    assert fragment in err, err


def test_focus_words():
    assert parse_focus("top") == (0.5, 0.0) and parse_focus("bottom left") == (0.0, 1.0)
    assert parse_focus("centre") == parse_focus("center") == (0.5, 0.5)
    assert parse_focus("30% 20%") == (0.3, 0.2) and parse_focus("left right") is None


def test_cover_crop_within_a_crop():
    assert cover_crop((500, 1000), 200, 100, (0.5, 0.0)) == (0, 0, 500, 250)
    assert cover_crop((500, 1000), 200, 100, (0.5, 1.0)) == (0, 750, 500, 1000)
    assert cover_crop((500, 1000), 200, 100, (0.5, 0.0), (0.0, 0.5, 0.0, 0.0)) == (0, 500, 500, 750)
    assert cover_crop((1000, 500), 100, 100, (0.0, 0.5), (0.1, 0.0, 0.0, 0.0)) == (100, 0, 600, 500)
    assert kept_share((500, 1000), 500, 500, (0.0, 0.5, 0.0, 0.0)) == 1.0


@pytest.mark.parametrize("pixels, warned", [((160, 120), True), ((1600, 1200), False)])
def test_a_photo_under_100_ppi_as_printed_is_a_warning_naming_it(tmp_path, pixels, warned):
    from typeset.pipeline import layout_issue
    (tmp_path / "images").mkdir()
    Image.new("RGB", pixels, (120, 130, 140)).save(tmp_path / "images" / "portrait.png")
    issue = tmp_path / "issue.xml"
    issue.write_text(ISSUE.format(framing=""), encoding="utf-8")
    result = layout_issue(str(issue))
    low = [w for w in result.warnings if w.code == "photo-resolution"]
    im = frame(result)
    ppi = min(pixels[0] * 72 / im.w, pixels[1] * 72 / im.h)          # the frame keeps the shape it can
    assert bool(low) == warned == (ppi < 100), (ppi, low)
    if warned:
        assert low[0].line == 4 and low[0].element == "photo" and f"{round(ppi)} ppi" in low[0].message
