"""The C ink limiter (photos/_inklimit.c) against its oracle, inklimit.py:
the same bytes and the same highest total, pixel for pixel, on pixels all
over, near and under the limit, at the limits photos are held to."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from typeset.photos import GCR, separate
from typeset.photos.inklimit import limited, near_limit
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
