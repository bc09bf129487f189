"""paiban proof: one PNG per page; the overlay marks frames, ids and overset blocks."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from workflow_helpers import paiban

DPI = 30          # small pages keep the test quick; labels stay legible enough to test colours


def magenta_pixels(path) -> int:
    rgb = np.asarray(Image.open(path).convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return int(((r > 180) & (g < 80) & (b > 100) & (b < 200)).sum())


@pytest.fixture(scope="module")
def plain(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proof")
    return paiban("proof", sample, "-o", folder, "--dpi", DPI), folder


@pytest.fixture(scope="module")
def overlaid(overset_issue, tmp_path_factory):
    folder = tmp_path_factory.mktemp("overlay")
    return paiban("proof", overset_issue, "-o", folder, "--dpi", DPI, "--overlay"), folder


def test_one_png_per_page(plain):
    (code, out, _), folder = plain
    pngs = sorted(folder.glob("*.png"))
    assert code == 0 and [p.name for p in pngs] == ["sample-p1.png", "sample-p2.png"]
    with Image.open(pngs[0]) as im:
        assert im.format == "PNG" and 300 < im.width < 1000 and im.height > im.width
    assert "2" in out


def test_plain_proof_has_no_overset_marks(plain):
    _, folder = plain
    assert magenta_pixels(folder / "sample-p1.png") < 50


def test_overlay_marks_the_overset_block_on_its_page(overlaid):
    (code, _, _), folder = overlaid
    assert code == 0
    assert magenta_pixels(folder / "sample-p1.png") > 200      # label and bar of charity-drive
    assert magenta_pixels(folder / "sample-p2.png") < 50       # page 2 fits


def test_overlay_draws_frames_and_grid(overlaid, plain):
    _, over = overlaid
    _, flat = plain
    a = np.asarray(Image.open(over / "sample-p2.png").convert("RGB")).astype(int)
    b = np.asarray(Image.open(flat / "sample-p2.png").convert("RGB")).astype(int)
    assert a.shape == b.shape and (np.abs(a - b).sum(axis=2) > 30).mean() > 0.01


def test_the_overset_bar_of_a_turned_story_stays_under_its_own_columns():
    """刀把 with a leg that ends over a lower block: the bar runs under the head's
    columns at the foot and under the leg at its own foot, never across the block below."""
    from PIL import ImageDraw
    from typeset.flow.pages import BlockReport, Rect
    from typeset.style.template import BUILTIN_DIR, load_template
    from typeset.workflow.proof import _draw_label, _label_font
    grid = load_template(f"{BUILTIN_DIR}/bulletin.toml").grid
    rect = Rect(0, 6, 0, 92, notch=(11, 11), feet=(60, 60))
    report = BlockReport("a", "article", 1, rect, overset_lines=3, overset_chars=40)
    scale = 0.5
    im = Image.new("RGB", (int(1200 * scale), int(1600 * scale)), "white")
    _draw_label(ImageDraw.Draw(im, "RGBA"), report, grid, scale, (0, 0), _label_font(10), "zh")

    def magenta_at(col: int, y_pt: float) -> bool:       # the middle of a column, at y (pt from the top)
        x, y = int((grid.col_x(col) + grid.column_width / 2) * scale), int(y_pt * scale)
        return magenta_pixels_in(im.crop((x - 2, y - 2, x + 2, y + 2))) > 0

    foot = grid.line_top(0) + grid.extent(92)                # the block's foot
    leg_foot = grid.line_top(11) + grid.extent(49)           # the leg's: lines 12-60
    assert magenta_at(0, foot) and magenta_at(3, foot)
    assert not magenta_at(4, foot) and not magenta_at(5, foot)     # not under the block below the leg
    assert magenta_at(4, leg_foot) and magenta_at(5, leg_foot)


def magenta_pixels_in(im) -> int:
    rgb = np.asarray(im.convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return int(((r > 180) & (g < 80) & (b > 100) & (b < 200)).sum())
