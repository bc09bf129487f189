"""prepare_image: any input → CMYK JPEG cropped to the frame, ≤ 200 ppi, ≤ 240 % ink."""
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from PIL import Image

from typeset.errors import InputError
from typeset.photos import framing
from typeset.photos import separate as images
from typeset.photos.framing import cover_crop
from typeset.photos.inklimit import limit_ink
from typeset.photos.separate import prepare_image
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
    monkeypatch.setattr(framing, "MAX_PIXELS", 1000)      # checked from the header (framing.open_checked)
    with pytest.raises(InputError, match="Mpx"):
        prepare_image(sources["rgb"], *FRAME)


def test_unreadable_file_is_input_error(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(InputError):
        prepare_image(str(bad), *FRAME)


# -- image bombs (issue 13 §6): budgets from the header, reduced decoding, our own message

def _claiming(tmp_path, name: str, width: int, height: int) -> str:
    """A small real JPEG whose frame header claims width × height (libjpeg fills in grey)."""
    import struct
    out = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(out, "JPEG", quality=60)
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return str(path)


@pytest.mark.parametrize("width,height", [(9000, 9000), (30000, 30000)])
def test_a_header_over_50_mpx_is_refused_with_our_message(tmp_path, width, height):
    with pytest.raises(InputError) as caught:
        prepare_image(_claiming(tmp_path, "bomb.jpg", width, height), *FRAME)
    message = caught.value.message
    assert f"{width}×{height}" in message and "50 Mpx limit" in message, message
    assert "Image size" not in message and "DecompressionBomb" not in message   # not Pillow's text


def test_a_big_jpeg_is_decoded_reduced_to_what_the_frame_needs(tmp_path):
    path = _claiming(tmp_path, "big.jpg", 7000, 7000)           # 49 Mpx: under the limit
    _, info = prepare_image(path, *FRAME)                       # 2 in × 1 in at 200 ppi: 400 × 200 px
    assert info.source_size == (7000, 7000)
    assert info.decoded_size == (875, 875)                      # 1/8: still ≥ the 400 px the crop needs
    assert info.size == (400, 200)
    assert info.crop_box == pytest.approx((0, 1750, 7000, 5250), abs=8)   # in the file's pixels, to 1/8


def test_the_decoded_size_is_held_to_the_memory_budget(sources, monkeypatch):
    monkeypatch.setattr(images, "DECODE_BUDGET", 100_000)      # the 400 × 200 PNG needs 320 kB
    with pytest.raises(InputError, match=r"would take 0 MB, more than the 0 MB budget|MB budget"):
        prepare_image(sources["black"], *FRAME)


def test_peak_memory_of_a_build_with_a_hostile_image(tmp_path):
    """The 7000 × 7000 case of scripts/check_image_bomb.py in a fresh process: ≤ 300 MB (was 630 MB)."""
    import importlib.util
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    script = os.path.join(root, "scripts", "check_image_bomb.py")
    spec = importlib.util.spec_from_file_location("check_image_bomb", script)
    bomb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bomb)
    status, peak_mb, _, first = bomb.run_case(str(tmp_path), 7000, 7000)
    assert status == 0, first
    assert peak_mb <= bomb.BUDGET_MB


def test_only_pixels_near_the_limit_are_limited_and_the_bytes_are_those_of_limiting_all():
    """inklimit.limited sends only pixels within LIMIT_MARGIN of the limit
    through limit_ink; the result must be what limiting every pixel gives."""
    from typeset.photos.inklimit import _limited_every_pixel, limited
    rng = np.random.default_rng(15)
    cmyk = rng.integers(0, 256, size=(64, 80, 4), dtype=np.uint8)     # totals from 0 to 400 %
    cmyk[:8] = 140                                                    # 219.6 %: just over 2.18
    fast, tac = limited(cmyk, "CMYK", 2.18)
    assert np.array_equal(fast, _limited_every_pixel(cmyk, "CMYK", 2.18))
    assert tac <= 218.0 + 1e-9


@pytest.mark.parametrize("limit, mean_off, p99_off", [(2.18, 0.5, 1), (1.8, 1.6, 16)])
def test_rgb_is_separated_through_the_limited_table_close_to_littlecms(limit, mean_off, p99_off):
    """RGB photos go through the separation table: no pixel over the limit
    (the table's entries are held to it, and total ink is linear), each
    grid colour exactly LittleCMS's separation then limit_ink's answer, and
    the colours between near it — across more than one strip of pixels near
    the limit.  Nearer at the limit photos are held to (2.18) than at 1.8,
    where most of these dark pixels are over it: limit_ink moves grey to K
    only over the limit, a step the table smooths between grid colours."""
    from PIL import ImageCms
    from typeset.photos.icc import load_output_profile
    from typeset.photos.inklimit import STRIP_PIXELS
    from typeset.photos.separate import SEPARATION_STEP, _rgb_to_cmyk, _separated_rgb
    rng = np.random.default_rng(16)
    rgb = rng.integers(0, 256, size=(400, 400, 3), dtype=np.uint8)
    rgb[:350] //= 6                                                   # dark: most of it over 180 %
    rgb[0, :52] = np.arange(0, 256, SEPARATION_STEP)[:, None]         # grid colours
    im = Image.fromarray(rgb, "RGB")
    cmyk, tac, _ = _separated_rgb(im, limit)
    cmyk8 = np.asarray(cmyk).astype(int)
    separated = np.asarray(ImageCms.applyTransform(im, _rgb_to_cmyk(b"", load_output_profile().data)))
    expected = np.floor(limit_ink(separated / 255.0, limit) * 255.0).astype(int)
    assert np.array_equal(cmyk8[0, :52], expected[0, :52])
    off = np.abs(cmyk8 - expected)
    assert off.mean() < mean_off and np.percentile(off, 99) <= p99_off
    over = (separated.astype(int).sum(axis=2) > 1.8 * 255).sum()
    assert over > STRIP_PIXELS                                        # more than one strip
    assert tac == pytest.approx(cmyk8.sum(axis=2).max() * 100 / 255) and tac <= limit * 100


def _photo_jpeg(tmp_path, width: int, height: int):
    """A real JPEG of noise and gradients (so a reduced decoding shows)."""
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    path = tmp_path / f"photo-{width}.jpg"
    Image.fromarray(pixels, "RGB").save(path, "JPEG", quality=85)
    return str(path)


def test_a_reduced_decoding_inside_the_print_window_is_not_resampled_again(tmp_path):
    # 720 px over the 2 in frame: 360 ppi; decoded at 1/2 it is 180 ppi, inside
    # the 170-200 window the shops ask (print-ready.md §2 "Images"): used as decoded
    _, info = prepare_image(_photo_jpeg(tmp_path, 720, 360), *FRAME)
    assert info.decoded_size == (360, 180) and info.size == (360, 180)
    assert info.ppi == pytest.approx(180)


def test_a_reduced_decoding_below_the_window_is_not_taken(tmp_path):
    # 640 px: at 1/2 it would be 160 ppi, under 170 → decoded whole, resampled to 200 ppi
    _, info = prepare_image(_photo_jpeg(tmp_path, 640, 320), *FRAME)
    assert info.decoded_size == (640, 320) and info.size == (400, 200)
    assert info.ppi == pytest.approx(200)


def test_a_lower_max_ppi_lowers_the_window(tmp_path):
    # max_ppi 150 (a proof): 1/2 of 640 px is 160 ppi ≥ 150 → decoded at 1/2, then down to 150
    _, info = prepare_image(_photo_jpeg(tmp_path, 640, 320), *FRAME, max_ppi=150)
    assert info.decoded_size == (320, 160) and info.size == (300, 150)


def test_a_change_to_the_preparing_code_is_never_served_a_stale_separation(sources, tmp_path, monkeypatch):
    """The cache key holds a digest of the code that prepares photos: after
    an edit of it (here: of a stand-in file) the photo is separated again
    into a file of its own, not served the old bytes (5a23636 changed the
    separations and kept the version, so old caches served old photos)."""
    import typeset.photos as photos
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    code = tmp_path / "separate.py"
    code.write_text("one")
    monkeypatch.setattr(photos, "PREPARATION_CODE", (str(code),))
    photos._code_digest.cache_clear()
    photos.prepared_bytes(sources["rgb"], *FRAME)
    code.write_text("two")
    photos._code_digest.cache_clear()
    photos.prepared_bytes(sources["rgb"], *FRAME)
    photos._code_digest.cache_clear()
    assert len(list((tmp_path / "cache" / "images").glob("*.jpg"))) == 2
