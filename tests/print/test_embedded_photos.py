"""Photos reach the PDF as the prepared CMYK JPEG, byte for byte (DCTDecode),
named by their content, and without ReportLab decoding their pixels."""
from __future__ import annotations

import io

import numpy as np
import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader

from typeset.display import ImageItem, PageLayout
from typeset.photos import PreparedJPEG, image_loader, prepared_bytes
from typeset.draw.pdf import DrawOptions, draw_pdf
from typeset.fonts import default_library


def _photo(tmp_path, seed: int = 3) -> str:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (120, 200, 3), dtype=np.uint8)
    path = tmp_path / f"photo{seed}.jpg"
    Image.fromarray(pixels, "RGB").save(path, quality=90)
    return path.name


def _draw(tmp_path, names) -> bytes:
    items = tuple(ImageItem(x=50.0 + 150 * k, y=50.0, w=144.0, h=86.4, path=name) for k, name in enumerate(names))
    page = PageLayout(1, 600.0, 400.0, items)
    loader = image_loader(str(tmp_path), False, str(tmp_path / "issue.xml"))
    return draw_pdf([page], default_library(), DrawOptions(image_loader=loader))


def test_the_prepared_jpeg_is_embedded_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    name = _photo(tmp_path)
    decoded = []
    real = ImageReader.getRGBData
    monkeypatch.setattr(ImageReader, "getRGBData", lambda self: decoded.append(1) or real(self))
    pdf = pikepdf.open(io.BytesIO(_draw(tmp_path, [name, name])))
    (xobject,) = {str(k): v for k, v in pdf.pages[0].resources.XObject.items()}.values()   # one, reused
    assert list(xobject.Filter) == [pikepdf.Name.DCTDecode] and xobject.ColorSpace == pikepdf.Name.DeviceCMYK
    assert xobject.read_raw_bytes() == prepared_bytes(str(tmp_path / name), 144.0, 86.4)
    assert decoded == []                      # no pixel was decoded to name it


def test_photos_are_named_by_their_content(tmp_path):
    a = PreparedJPEG(b"\xff\xd8 one")
    assert str(a) == str(PreparedJPEG(b"\xff\xd8 one")) != str(PreparedJPEG(b"\xff\xd8 two"))
    assert str(tmp_path) not in str(a)
