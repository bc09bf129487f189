import pytest

from typeset.display.boxes import (MARK_LENGTH_PT, PT_PER_MM, crop_marks, page_boxes)

W, H = 920.0, 1530.0


def test_default_is_trim_size_without_marks():
    boxes = page_boxes(W, H)
    assert boxes.media == boxes.bleed == boxes.trim == (0.0, 0.0, W, H)
    assert boxes.offset == (0.0, 0.0)
    assert crop_marks(boxes) == []


def test_bleed_is_three_mm_each_side():
    boxes = page_boxes(W, H, bleed_mm=3)
    bleed = 3 * PT_PER_MM
    assert boxes.trim == pytest.approx((bleed, bleed, bleed + W, bleed + H))
    assert boxes.bleed == pytest.approx((0.0, 0.0, W + 2 * bleed, H + 2 * bleed))
    assert boxes.media == pytest.approx(boxes.bleed)


def _outside(seg, box) -> bool:
    x1, y1, x2, y2 = seg
    left, bottom, right, top = box
    return (max(x1, x2) <= left or min(x1, x2) >= right
            or max(y1, y2) <= bottom or min(y1, y2) >= top)


def test_marks_lie_outside_bleed_and_inside_media():
    boxes = page_boxes(W, H, bleed_mm=3, marks=True)
    segments = crop_marks(boxes)
    assert len(segments) == 8
    mx0, my0, mx1, my1 = boxes.media
    for seg in segments:
        assert _outside(seg, boxes.bleed)
        assert all(mx0 <= x <= mx1 for x in seg[::2]) and all(my0 <= y <= my1 for y in seg[1::2])
        assert abs(abs(seg[2] - seg[0]) + abs(seg[3] - seg[1]) - MARK_LENGTH_PT) < 1e-9


def test_marks_sit_on_trim_lines():
    boxes = page_boxes(W, H, bleed_mm=0, marks=True)
    x0, y0, x1, y1 = boxes.trim
    for sx1, sy1, sx2, sy2 in crop_marks(boxes):
        assert (sy1 == sy2 and sy1 in (y0, y1)) or (sx1 == sx2 and sx1 in (x0, x1))
