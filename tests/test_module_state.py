"""Module state that must not grow or change under use (issue 17 §6): the
composer's class table is fixed at import, the template cache keeps one
entry per path however often `watch` re-reads it, and the build options
shared as a default cannot be changed by one caller for the next."""
from __future__ import annotations

import dataclasses
import inspect
import os

import pytest

from typeset.compose import classes as C
from typeset.pipeline import BuildOptions, build_issue
from typeset.style import template


def test_classifying_unseen_characters_leaves_the_class_table_as_it_was():
    before = dict(C._TABLE)
    text = "".join(map(chr, range(0x4E00, 0x4E00 + 500))) + "ꙮ𠀀ɐ\u2028"
    C.classify(text)
    for ch in text:
        C.char_class(ch)
    assert C._TABLE == before


def test_the_class_of_a_character_depends_on_nothing_classified_before():
    assert C.char_class("汉") == C.HAN
    assert C.char_class("ж") == C.LATIN          # L2: Cyrillic letters below U+2000
    assert C.char_class("\u2028") == C.SPACE      # breaking spaces below U+3000
    assert C.char_class("\u3000") == C.HAN        # the ideographic space is a cell
    assert C.char_class("ℓ") == C.HAN             # letterlike symbols above U+2000


def test_the_template_cache_keeps_only_the_latest_version_of_a_file(tmp_path):
    path = tmp_path / "t.toml"
    for k in range(5):                            # as `paiban watch` on every save
        path.write_text(f'extends = "bulletin"\nname = "v{k}"\n', encoding="utf-8")
        os.utime(path, (1_000_000 + k, 1_000_000 + k))
        assert template.load_template(str(path)).name == f"v{k}"
    entries = [key for key in template._CACHE if str(tmp_path) in str(key)]
    assert len(entries) == 1


def test_build_options_are_frozen_and_not_a_shared_default():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BuildOptions().variant = "none"          # type: ignore[misc]
    assert inspect.signature(build_issue).parameters["options"].default is None
