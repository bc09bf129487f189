"""The drawer's own FlateDecode (DrawOptions.flate_level): every stream it
writes decodes to the same content at any level, the bytes are the same from
run to run, and PDF/X finishing (which re-deflates every stream through
qpdf) gives the same streams whatever level the drawer used."""
from __future__ import annotations

import io

import pikepdf
import pytest

from typeset.display import BoxItem, PageLayout, RuleItem, TextRun
from typeset.draw.pdf import FLATE_LEVEL, DrawOptions, draw_pdf
from typeset.fonts import default_library
from typeset.print.pdfx import PdfMeta, finish_pdf

TEXT = "本报讯记者从区委宣传部获悉，今年以来我区持续推进城市更新。"


@pytest.fixture(scope="module")
def fonts():
    return default_library()


@pytest.fixture(scope="module")
def pages(fonts):
    def run(y, face, size, text):
        xs, x = [], 0.0
        for ch in text:
            xs.append(x)
            x += fonts.advance(face, ch) * size + 0.2
        return TextRun(30.0, y, face, size, text, tuple(xs))
    items = (run(40.0, "song", 9.0, TEXT), run(60.0, "song-bold", 14.0, TEXT[:12]),
             RuleItem(30.0, 70.0, 250.0, 70.0), BoxItem(30.0, 80.0, 100.0, 40.0, fill=(0.1, 0, 0, 0)))
    return [PageLayout(n, 300.0, 400.0, items) for n in (1, 2)]


def _streams(data: bytes) -> list[tuple[str, bytes]]:
    """Every stream's filter and decoded content, in object order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(repr(o.stream_dict.get("/Filter")), o.read_bytes())
                for o in pdf.objects if isinstance(o, pikepdf.Stream)]


def test_default_level(pages, fonts):
    assert FLATE_LEVEL == DrawOptions().flate_level == 2
    with pikepdf.open(io.BytesIO(draw_pdf(pages, fonts))) as pdf:
        raw = pdf.pages[0].Contents.read_raw_bytes()
        assert raw[:2] == b"\x78\x5e"            # zlib header of levels 2-5


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_any_level_decodes_to_the_same_streams(pages, fonts, level):
    default = draw_pdf(pages, fonts)
    other = draw_pdf(pages, fonts, DrawOptions(flate_level=level))
    assert other == draw_pdf(pages, fonts, DrawOptions(flate_level=level))      # deterministic
    assert _streams(other) == _streams(default)
    assert all("FlateDecode" in flt for flt, _ in _streams(other))


def test_finishing_re_deflates_whatever_the_level(pages, fonts):
    meta = PdfMeta(title="t", paper="p", date="2022-08-31", issue_no=1, pages=len(pages))
    stored = finish_pdf(draw_pdf(pages, fonts, DrawOptions(flate_level=0)), meta)
    default = finish_pdf(draw_pdf(pages, fonts), meta)
    with pikepdf.open(io.BytesIO(stored)) as a, pikepdf.open(io.BytesIO(default)) as b:
        for pa, pb in zip(a.pages, b.pages):
            assert pa.Contents.read_raw_bytes() == pb.Contents.read_raw_bytes()
        fa = [o.read_raw_bytes() for o in a.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o.stream_dict]
        fb = [o.read_raw_bytes() for o in b.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o.stream_dict]
        assert fa and fa == fb                   # the font subsets, byte for byte
