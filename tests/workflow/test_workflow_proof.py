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
