"""Photos are separated for newsprint (issue 16 §4): the shipped profile models
ISO 12647-3 / IFRA26 (TVI 26 % at 40 %, paper L* 82), so a grey ramp takes
less ink in the mid-tones than the FOGRA29 (uncoated offset) separation that
prints dark on newsprint, and no tone takes more than 240 % ink."""
from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageCms

from typeset.photos import icc
from typeset.photos.separate import prepare_image
from typeset.print.pdfx import finish_pdf

from print_fixtures import META

STEPS = np.linspace(255, 0, 11).round().astype(np.uint8)     # 0 %, 10 %, … 100 % grey
MID = 5                                                      # the 50 % grey (RGB 128)


@pytest.fixture
def ramp(tmp_path) -> str:
    """An RGB (not greyscale) grey ramp of 11 steps, 20 px each: RGB goes through the profile."""
    pixels = np.repeat(np.repeat(STEPS[None, :, None], 20, axis=1), 3, axis=2).repeat(20, axis=0)
    path = tmp_path / "ramp.png"
    Image.fromarray(pixels, "RGB").save(path)
    return str(path)


def _steps(data: bytes) -> np.ndarray:
    """CMYK (0..1) at the middle of each of the ramp's 11 steps."""
    with Image.open(io.BytesIO(data)) as im:
        cmyk = np.asarray(im, dtype=np.float64) / 255.0
    return cmyk[cmyk.shape[0] // 2, [round((i + 0.5) * cmyk.shape[1] / 11) for i in range(11)]]


def _separated(ramp: str, monkeypatch, profile=None) -> np.ndarray:
    if profile:
        monkeypatch.setenv(icc.PROFILE_ENV, str(profile))
    else:
        monkeypatch.delenv(icc.PROFILE_ENV, raising=False)
    data, _ = prepare_image(ramp, 11 * 20 * 72 / 200, 20 * 72 / 200)    # 200 ppi: no resampling
    return _steps(data)


def _printed_lightness(cmyk: np.ndarray) -> np.ndarray:
    """L* (media-relative) of CMYK tone values printed on newsprint, by the newsprint profile."""
    im = Image.fromarray(np.round(cmyk * 255).astype(np.uint8)[None], "CMYK")
    news = ImageCms.ImageCmsProfile(str(icc.SHIPPED_PROFILE))
    lab = ImageCms.profileToProfile(im, news, ImageCms.createProfile("LAB"),
                                    renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="LAB")
    return np.asarray(lab, dtype=np.float64)[0, :, 0] / 255 * 100


def test_the_shipped_profile_is_a_newsprint_cmyk_output_profile():
    data = icc.SHIPPED_PROFILE.read_bytes()
    icc.check_cmyk_output(data, "shipped")
    assert data[8] == 2                                    # ICC v2: what PDF/X-4 and PDF/A-2 readers take
    profile = icc.load_output_profile()
    assert (profile.condition, profile.registered) == ("IFRA26", True)
    assert "IFRA26" in profile.description


def test_mid_grey_takes_less_ink_for_newsprint_than_for_fogra29(ramp, monkeypatch):
    news = _separated(ramp, monkeypatch)
    fogra = _separated(ramp, monkeypatch, icc.FOGRA29_PROFILE)
    assert news[MID].sum() < fogra[MID].sum() - 0.02, (news[MID], fogra[MID])
    assert news[MID][3] < fogra[MID][3] - 0.10             # the black that darkens the mid-tones


def test_fogra29_separation_prints_dark_on_newsprint_the_newsprint_one_does_not(ramp, monkeypatch):
    """50 % grey is L* 53.6 in sRGB, L* 58 once its black is mapped to the
    darkest black newsprint prints (perceptual, black point compensation):
    the newsprint numbers print there, the FOGRA29 ones darker (they expect
    offset's ≈ 15 % dot gain, newsprint gives 26 % at 40 %)."""
    news = _printed_lightness(_separated(ramp, monkeypatch)[MID:MID + 1])[0]
    fogra = _printed_lightness(_separated(ramp, monkeypatch, icc.FOGRA29_PROFILE)[MID:MID + 1])[0]
    assert fogra < news - 6, (news, fogra)
    assert abs(news - 58) < 3, news


def test_dark_tones_stay_within_240_percent(ramp, monkeypatch):
    monkeypatch.delenv(icc.PROFILE_ENV, raising=False)
    profile = ImageCms.ImageCmsProfile(str(icc.SHIPPED_PROFILE))
    dark = Image.fromarray(np.repeat(np.arange(128)[::-1].astype(np.uint8)[None, :, None], 3, axis=2), "RGB")
    raw = ImageCms.profileToProfile(dark, ImageCms.createProfile("sRGB"), profile,
                                    renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="CMYK")
    assert np.asarray(raw, dtype=np.float64).sum(axis=2).max() / 255 <= 2.40   # ISO 12647-3
    assert np.all(_separated(ramp, monkeypatch).sum(axis=1) <= 2.40)


def test_the_override_still_wins(ramp, monkeypatch):
    assert not np.allclose(_separated(ramp, monkeypatch), _separated(ramp, monkeypatch, icc.FOGRA29_PROFILE))


@pytest.mark.parametrize("variant", ["x4", "archive"])
def test_x4_and_archive_embed_the_newsprint_profile(good_bytes, monkeypatch, variant):
    monkeypatch.delenv(icc.PROFILE_ENV, raising=False)
    with pikepdf.open(io.BytesIO(finish_pdf(good_bytes, META, variant))) as pdf:
        for intent in pdf.Root.OutputIntents:
            assert str(intent.OutputConditionIdentifier) == "IFRA26"
            assert str(intent.RegistryName) == "http://www.color.org"
            assert intent.DestOutputProfile.read_bytes() == icc.SHIPPED_PROFILE.read_bytes()
