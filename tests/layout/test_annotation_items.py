"""着重号 and ruby on the page (issue 18 §5, flow/slugs.py): where a body
line's annotations land as display items — dots under the characters' em
boxes, readings in the gap above with their em box on the base's — and the
room they need in the line gap (G1: g is 50–100 % of the body size)."""
from __future__ import annotations

import os
import sys

from pytest import approx

from typeset.compose import ComposerSettings, StyledRun, compose_paragraph
from typeset.display import Dots, TextRun, Tag
from typeset.flow.slugs import (DOT_DIAMETER_EM, DOT_GAP_EM, DOTS_BAND_EM, EM_BOX_TOP, line_slug, ruby_room,
                                translate)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "compose"))
from compose_mock import MEASURE, SIZE, MockMetrics  # noqa: E402

TAG = Tag("a", "P", 4)


def line_of(*runs: StyledRun):
    return compose_paragraph(list(runs), MEASURE, MockMetrics(), ComposerSettings(), indent_em=0.0)[0]


def items(line, kind):
    return [it for it in line_slug(line, SIZE, tag=TAG).items if isinstance(it, kind)]


def body_run(line):
    return next(it for it in items(line, TextRun) if it.tag == TAG)


def test_dots_sit_under_the_em_box_centred_on_each_character():
    line = line_of(StyledRun("他说", "song", SIZE), StyledRun("要紧，事", "song", SIZE, "dots"))
    (dots,) = items(line, Dots)
    baseline = body_run(line).y
    em_box_bottom = baseline + (1 - EM_BOX_TOP) * SIZE
    assert dots.y == approx(em_box_bottom + (DOT_GAP_EM + DOT_DIAMETER_EM / 2) * SIZE)
    assert dots.diameter == approx(DOT_DIAMETER_EM * SIZE)
    assert [dots.x + dx for dx in dots.xs] == approx([25.0, 35.0, 55.0])    # none under ，


def test_a_reading_stands_on_the_base_em_box_and_copies_as_nothing():
    line = line_of(StyledRun("一", "song", SIZE), StyledRun("中", "song", SIZE, "ruby", reading="ab"))
    (reading,) = [it for it in items(line, TextRun) if it.tag is None]
    baseline = body_run(line).y
    size = SIZE / 2
    assert reading.size == size and reading.text == "ab"
    assert reading.y == approx(baseline - EM_BOX_TOP * SIZE - (1 - EM_BOX_TOP) * size)   # em box on em box
    assert reading.actual == ""          # an empty /ActualText: extraction gives the base alone
    assert reading.x == approx(15 - size / 2) and reading.xs == approx((0.0, size / 2))


def test_annotations_move_with_their_slug():
    line = line_of(StyledRun("要紧", "song", SIZE, "dots"))
    slug = line_slug(line, SIZE, tag=TAG)
    moved = translate(slug.items, 100.0, 30.0)
    (before,) = [it for it in slug.items if isinstance(it, Dots)]
    (after,) = [it for it in moved if isinstance(it, Dots)]
    assert (after.x, after.y, after.xs) == (before.x + 100.0, before.y + 30.0, before.xs)


def test_a_plain_line_has_no_annotation_items():
    line = line_of(StyledRun("他说要紧的事。", "song", SIZE))
    assert not items(line, Dots) and all(it.tag == TAG for it in items(line, TextRun))


def test_the_room_a_reading_needs():
    ruby = line_of(StyledRun("中", "song", SIZE, "ruby", reading="a"))
    dotted = line_of(StyledRun("要紧", "song", SIZE, "dots"))
    plain = line_of(StyledRun("要紧", "song", SIZE))
    assert ruby_room(ruby, None) == approx(SIZE / 2)
    assert ruby_room(ruby, plain) == approx(SIZE / 2)
    assert ruby_room(ruby, dotted) == approx(SIZE / 2 + DOTS_BAND_EM * SIZE)
    assert ruby_room(plain, dotted) == 0.0
