"""The C ink limiter and RGB separator (photos/_inklimit.c) against their
oracle, inklimit.py: the same bytes and the same highest total, pixel for
pixel, on pixels all over, near and under the limit, at the limits photos
are held to, and on every corner of the separation table."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from typeset.photos import GCR, separate
from typeset.photos.inklimit import interpolated, limited, near_limit
from typeset.runtime import compiled

inklimit_c = compiled("typeset.photos._inklimit")
needs_c = pytest.mark.skipif(inklimit_c is None, reason="C ink limiter not built")


def _pixels(seed: int, shape=(120, 150)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    cmyk = rng.integers(0, 256, size=(*shape, 4), dtype=np.uint8)    # totals 0 .. 400 %
    cmyk[:20] = rng.integers(130, 150, size=(20, shape[1], 4))        # around 220 %
    cmyk[20:30] = 255                                                  # 400 %
    cmyk[30:40, :, :3] = 0                                             # K only
    cmyk[40:50] = [200, 200, 200, 0]                                   # rich grey: GCR moves it to K
    return cmyk


@needs_c
@pytest.mark.parametrize("limit", [2.18, 2.38, 1.8, 3.0, 0.9])
@pytest.mark.parametrize("seed", [1, 2])
def test_c_limiter_gives_the_oracles_bytes_and_top(limit, seed):
    cmyk = _pixels(seed)
    expected, tac = limited(cmyk, "CMYK", limit)
    data, top = inklimit_c.limit_cmyk(cmyk.tobytes(), limit, GCR, near_limit(limit))
    assert data == np.ascontiguousarray(expected).tobytes()
    assert top * 100.0 / 255.0 == pytest.approx(tac, abs=1e-12)
    assert top <= max(limit, 1.0) * 255             # K alone is kept, even over a limit below 100 %


@needs_c
def test_c_limiter_refuses_what_is_not_cmyk():
    with pytest.raises(ValueError):
        inklimit_c.limit_cmyk(b"\0" * 7, 2.2, GCR, 500)


@pytest.mark.parametrize("pure", ["0", "1"])
def test_separation_is_the_same_with_and_without_c(pure, monkeypatch):
    """separate._limited through either limiter: the bytes of the oracle."""
    monkeypatch.setenv("PAIBAN_PURE_PYTHON", pure)
    cmyk = _pixels(3)
    image, tac = separate._limited(Image.fromarray(cmyk, "CMYK"), 2.18)
    expected, expected_tac = limited(cmyk, "CMYK", 2.18)
    assert image.tobytes() == np.ascontiguousarray(expected).tobytes()
    assert tac == pytest.approx(expected_tac, abs=1e-12)


def test_grey_is_set_in_k_alone_as_the_oracle_sets_it():
    """A grey photo under a limit of 100 % or more becomes K only, without
    numpy: K = floor((1 - v/255) × 255), what limit_ink and the rounding give."""
    grey = np.arange(256, dtype=np.uint8).reshape(16, 16)
    image, tac, how = separate._separated(Image.fromarray(grey, "L"), 2.18)
    floats = np.zeros((16, 16, 4))
    floats[..., 3] = 1.0 - grey / 255.0
    expected = np.floor(floats * 255.0).astype(np.uint8)
    assert np.array_equal(np.asarray(image), expected) and how == "grey → K"
    assert tac == pytest.approx(100.0)


def _table(limit: float = 2.18) -> bytes:
    from typeset.photos.icc import load_output_profile
    return separate._separation_table(b"", load_output_profile().data, limit)


def _rgb(seed: int) -> np.ndarray:
    """Noise, and the colours at the ends of the axes (255 is the far end of the last cell)."""
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 256, size=(90, 120, 3), dtype=np.uint8)
    corners = np.array([[r, g, b] for r in (0, 1, 254, 255) for g in (0, 4, 5, 255) for b in (0, 6, 250, 255)])
    rgb[0, :len(corners)] = corners
    rgb[1:10] = rng.integers(0, 2, size=(9, 120, 3)) * 255              # pure primaries and secondaries
    rgb[10:20, :, 1] = rgb[10:20, :, 0]                                 # equal fractions: ties
    return rgb


def test_the_table_grid_is_the_c_separators():
    assert 255 % separate.SEPARATION_STEP == 0                           # 255 lies on the grid
    assert inklimit_c is None or inklimit_c.GRID_STEP == separate.SEPARATION_STEP
    assert len(_table()) == (255 // separate.SEPARATION_STEP + 1) ** 3 * 4


def test_the_oracle_gives_each_grid_colour_its_table_entry():
    levels = np.arange(0, 256, separate.SEPARATION_STEP, dtype=np.uint8)
    grid = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), axis=-1).reshape(1, -1, 3)
    cmyk, _ = interpolated(grid, _table(), separate.SEPARATION_STEP)
    assert cmyk.tobytes() == _table()


@needs_c
@pytest.mark.parametrize("seed", [4, 5])
def test_c_separator_gives_the_oracles_bytes_and_top(seed):
    rgb = _rgb(seed)
    expected, top = interpolated(rgb, _table(), separate.SEPARATION_STEP)
    data, c_top = inklimit_c.separate_rgb(rgb.tobytes(), _table())
    assert data == expected.tobytes() and c_top == top


@needs_c
def test_c_separator_refuses_a_wrong_table_or_pixels():
    with pytest.raises(ValueError):
        inklimit_c.separate_rgb(b"\0" * 6, _table()[:-4])
    with pytest.raises(ValueError):
        inklimit_c.separate_rgb(b"\0" * 7, _table())


@pytest.mark.parametrize("pure", ["0", "1"])
def test_rgb_separation_is_the_same_with_and_without_c(pure, monkeypatch):
    monkeypatch.setenv("PAIBAN_PURE_PYTHON", pure)
    rgb = _rgb(6)
    image, tac, _ = separate._separated_rgb(Image.fromarray(rgb, "RGB"), 2.18)
    expected, top = interpolated(rgb, _table(), separate.SEPARATION_STEP)
    assert image.tobytes() == expected.tobytes()
    assert tac == pytest.approx(top * 100.0 / 255.0) and top <= 2.18 * 255
