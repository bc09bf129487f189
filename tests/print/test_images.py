"""prepare_image: any input → CMYK JPEG cropped to the frame, ≤ 200 ppi, ≤ 240 % ink."""
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from PIL import Image

from typeset.errors import InputError
from typeset.print import images
from typeset.print.images import cover_crop, limit_ink, prepare_image
from typeset.print.ink import densest_window, window_px

FRAME = (144.0, 72.0)     # 2 in × 1 in


def _save(tmp_path, name, im, **kw):
    path = tmp_path / name
    im.save(path, **kw)
    return str(path)


def _tac(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == "CMYK"
        return np.asarray(im, dtype=np.float64).sum(axis=2) / 255 * 100


@pytest.fixture
def sources(tmp_path):
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:300, 0:500]      # smooth, photo-like: dark corner to light corner
    rgb = np.stack([xx * 255 // 499, yy * 255 // 299, (xx + yy) * 255 // 798], axis=2).astype(np.uint8)
    return {
        "rgb": _save(tmp_path, "rgb.jpg", Image.fromarray(rgb, "RGB"), quality=92),
        "black": _save(tmp_path, "black.png", Image.new("RGB", (400, 200), (0, 0, 0))),
        "rgba": _save(tmp_path, "rgba.png", Image.new("RGBA", (400, 200), (10, 200, 10, 128))),
        "grey16": _save(tmp_path, "g16.png", Image.fromarray(
            rng.integers(0, 65536, (200, 400)).astype(np.uint16))),
        "palette": _save(tmp_path, "pal.gif", Image.fromarray(rgb, "RGB").convert("P")),
        "cmyk": _save(tmp_path, "cmyk.jpg", Image.new("CMYK", (400, 200), (255, 255, 255, 255))),
    }


@pytest.mark.parametrize("kind", ["rgb", "black", "rgba", "grey16", "palette", "cmyk"])
def test_every_input_becomes_cmyk_within_ink_limit(sources, kind):
    data, info = prepare_image(sources[kind], *FRAME)
    tac = _tac(data)
    assert densest_window(tac, window_px(info.ppi)) <= 220.0   # what preflight measures (warns above)
    assert tac.max() <= 240.0        # JPEG ringing at hard edges moves single pixels a little
    assert info.size[0] / info.size[1] == pytest.approx(2.0, abs=0.02)


def test_noise_stays_under_limit_over_the_measuring_window(tmp_path):
    noise = np.random.default_rng(3).integers(0, 256, (300, 500, 3), dtype=np.uint8)
    data, info = prepare_image(_save(tmp_path, "noise.jpg", Image.fromarray(noise, "RGB")), *FRAME)
    assert densest_window(_tac(data), window_px(info.ppi)) <= 220.0


def test_grey_goes_to_black_ink_only(sources):
    data, info = prepare_image(sources["grey16"], *FRAME)
    with Image.open(io.BytesIO(data)) as im:
        cmy = np.asarray(im)[..., :3]
    assert info.separation == "grey → K" and cmy.max() <= 2     # JPEG noise only


def test_downsamples_to_max_ppi_at_placed_size(sources):
    _, info = prepare_image(sources["rgb"], 72.0, 36.0, max_ppi=200)   # 500 px over 1 in
    assert info.size == (200, 100) and info.ppi == pytest.approx(200)


def test_cover_crop_is_centred_and_keeps_aspect():
    assert cover_crop((1000, 500), 100, 100) == (250, 0, 750, 500)
    assert cover_crop((500, 1000), 200, 100) == (0, 375, 500, 625)


def test_limit_ink_keeps_k_and_caps_total():
    rich = np.array([[[0.9, 0.9, 0.9, 0.9]]])
    out = limit_ink(rich, 2.4)
    assert out.sum() == pytest.approx(2.4) and out[0, 0, 3] >= 0.9


def test_output_is_deterministic(sources):
    first, _ = prepare_image(sources["rgb"], *FRAME)
    second, _ = prepare_image(sources["rgb"], *FRAME)
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_pixel_bomb_refused_before_decoding(sources, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    with pytest.raises(InputError, match="Mpx"):
        prepare_image(sources["rgb"], *FRAME)


def test_unreadable_file_is_input_error(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(InputError):
        prepare_image(str(bad), *FRAME)
