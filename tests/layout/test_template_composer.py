"""The composer as a page template sets it up: the [composer] table and its defaults."""
from __future__ import annotations

import pytest

from typeset.compose import ComposerSettings, StyledRun
from typeset.flow import Typesetter, settings_for
from typeset.style.template import BUILTIN_DIR, load_template

BULLETIN = load_template(f"{BUILTIN_DIR}/bulletin.toml")
HAN15 = "一二三四五六七八九十一二三四五"


def _starts(ts: Typesetter, text: str) -> list[str]:
    size = ts.grid.body_size
    lines = ts.compose([StyledRun(text, "song", size)], 16 * size, indent_em=0.0)
    return [line.text[:2] for line in lines[1:]]


@pytest.mark.parametrize("name", ["bulletin", "bulletin-front"])
@pytest.mark.parametrize("unit", ["……", "——"])
def test_shipped_templates_never_start_a_line_with_ellipsis_or_dash(square, name, unit):
    ts = Typesetter(load_template(f"{BUILTIN_DIR}/{name}.toml"), square)
    assert ts.settings.level == "strict"
    assert unit not in _starts(ts, HAN15 + unit + "六七八")          # R4: 五…… pulled down


def test_a_template_without_a_composer_level_is_strict_the_composer_stays_gb(tmp_path, square):
    plain = tmp_path / "plain.toml"
    plain.write_text('extends = "bulletin"\nname = "plain"\n', encoding="utf-8")
    own = load_template(str(plain))
    assert settings_for(own).level == "strict"
    assert settings_for(type(own)(**{**own.__dict__, "composer": {}})).level == "strict"
    assert ComposerSettings().level == "gb"                          # rule book R3/R4, tests T5
    gb = tmp_path / "gb.toml"
    gb.write_text('extends = "bulletin"\nname = "gb"\n[composer]\nlevel = "gb"\n', encoding="utf-8")
    ts = Typesetter(load_template(str(gb)), square)
    assert "……" in _starts(ts, HAN15 + "……六七八")
