"""Templates are validated like the XML (issue 13 §3–§5): every value checked
against typeset/style/schema.py before any layout; unknown keys and tables
refused with the nearest known name; every message names the template file
and the line the value stands on — in a parent reached through `extends`
too; `extends` loops caught on resolved paths; templates only from the
issue's folder, TYPESET_TEMPLATE_DIRS and the shipped ones.  Always exit 2,
no traceback, the previous output intact."""
from __future__ import annotations

import dataclasses
import os

import pytest

from robust_support import assert_failed_cleanly, run_cli, with_previous
from typeset.compose import ComposerSettings
from typeset.errors import InputError
from typeset.style import schema
from typeset.style.locate import key_lines
from typeset.style.template import BUILTIN_DIR, TEMPLATE_DIRS_ENV, load_template

ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="{template}">
    <article id="a1" col="1" span="2"><headline>标题</headline><p>正文一段。</p></article>
  </page>
</issue>
"""


def write_issue(folder, template: str = "t") -> str:
    path = folder / "issue.xml"
    path.write_text(ISSUE.format(template=template), encoding="utf-8")
    return str(path)


def child(folder, table: str, line: str, parent: str = "bulletin", name: str = "t.toml") -> str:
    """A template: line 1 extends, line 2 the table header, line 3 the value."""
    path = folder / name
    path.write_text(f'extends = "{parent}"\n[{table}]\n{line}\n', encoding="utf-8")
    return str(path)


def refused(capsys, issue: str, where: str, *fragments: str, command: str = "build") -> str:
    """Exit 2, one line starting with `where`, no traceback, no output written."""
    if command == "build":
        out = with_previous(os.path.join(os.path.dirname(issue), "out.pdf"))
        code, _, err = run_cli(capsys, "build", issue, "-o", out, "--variant", "none")
        assert_failed_cleanly(code, err, out)
    else:
        code, _, err = run_cli(capsys, command, issue)
        assert code == 2 and "Traceback" not in err, err
    assert "internal error" not in err, err
    assert err.startswith(where), err
    assert len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


# (table, line 3) → what the message says; the message must stand at t.toml:3
VALUES = [
    ("styles.headline", "size = 0", "styles.headline.size = 0 is out of range: it must be from 4 to 200 pt"),
    ("styles.headline", "size = -9", "styles.headline.size = -9 is out of range"),
    ("styles.headline", "size = nan", "styles.headline.size = nan is not a finite number"),
    ("styles.headline", "size = inf", "styles.headline.size = inf is not a finite number"),
    ("styles.headline", "size = 10000", "styles.headline.size = 10000 is out of range"),
    ("styles.headline", 'size = "10000pt"', "styles.headline.size = '10000pt' is out of range"),
    ("styles.headline", 'size = "huge"', "styles.headline.size: not a length: 'huge'"),
    ("styles.headline", "sizes = { small = 0 }", "styles.headline.sizes.small = 0 is out of range"),
    ("styles.headline", "min_size = 0", "styles.headline.min_size = 0 is out of range"),
    ("styles.headline", "tracking = 3", "styles.headline.tracking = 3 is out of range: it must be from -0.1 to 0.5 em"),
    ("styles.headline", "min_size = \"30pt\"",
     "[styles.headline] min_size = '30pt' must be a length above 0 and at most size (24 pt)"),
    ("styles.headline", 'face = "comic"', "styles.headline.face must be one of song, song-bold, hei, kai, not 'comic'"),
    ("styles.headline", 'face = "heii"', "did you mean `hei`?"),
    ("styles.body", 'color = "red"', "style body: unknown colour 'red'"),
    ("styles.body", "color = [7, -1, 0, 2]", "colour 'styles.body.color' must be four CMYK numbers from 0 to 1"),
    ("colors", 'accent = ["a", "b"]', "colour 'colors.accent' must be four CMYK numbers"),
    ("colors", "accent = [0, 1, 1]", "colour 'colors.accent' must be four CMYK numbers"),
    ("colors", "accent = [0, 1.5, 1, 0]", "colour 'colors.accent' must be four CMYK numbers"),
    ("rules", 'thin = "fat"', "rules.thin: not a length: 'fat'"),
    ("rules", "thin = 0", "rules.thin = 0 is out of range: it must be from 0.125 to 12 pt"),
    ("rules", "block_gap_lines = 100000", "rules.block_gap_lines = 100000 is out of range: it must be from 0 to 10"),
    ("rules", "widows = 0", "rules.widows = 0 is out of range"),
    ("rules", "between_blocks = 1", "rules.between_blocks must be true or false, not 1"),
    ("footer", 'text = "{bogus}"', "footer.text: unknown placeholder {bogus}; it may use {paper} {date} {page}"),
    ("footer", 'text = "第{page版"', "footer.text = '第{page版': unbalanced braces"),
    ("footer", 'text = "{page.real}"', "unknown placeholder {page.real}"),
    ("footer", 'align = "center"',
     "footer.align must be one of left, centre, right, not 'center' — did you mean `centre`?"),
    ("jumps", 'to = "（下转第{pages}版）"', "jumps.to: unknown placeholder {pages}; it may use {page}"),
    ("jumps", "to = 5", "jumps.to must be text in quotes, not 5"),
    ("grid", "gutter = -12", "grid.gutter = -12 is out of range: it must be from 0 to 100 pt"),
    ("grid", "columns = 0", "grid.columns = 0 is out of range"),
    ("grid", "columns = 6.0", "grid.columns must be a whole number, not 6.0"),
    ("grid", 'line_pitch = "5em"', "line_pitch (45 pt) is more than 3 times body_size (9 pt)"),
    ("page", 'margin_top = "-5mm"', "page.margin_top = '-5mm' is out of range: it must be from 0 to 1500 mm"),
    ("page", "trim_width = 100", "page.trim_width = 100 (35.3 mm) is out of range: it must be from 50 to 1500 mm"),
    ("defaults", "article_span = 7", "defaults.article_span = 7 but the grid has 6 columns"),
    ("defaults", "photo_lines_per_column = -1", "defaults.photo_lines_per_column = -1 is out of range"),
    ("header", 'show_paper = "no"', "header.show_paper must be true or false, not 'no'"),
    ("composer", 'level = "strikt"', "composer.level must be one of gb, strict, not 'strikt' — did you mean `strict`?"),
    ("composer", "latin_gap_em = nan", "composer.latin_gap_em = nan is not a finite number"),
    ("fill", "photo_crop = 0.9", "fill.photo_crop = 0.9 is out of range: it must be from 0 to 0.75"),
    ("fill", 'order = "photos"', "fill.order must be a list of texts"),
    ("fill", 'order = ["photos", "head"]',
     "fill.order must be one of photos, heads, gaps, not 'head' — did you mean `heads`?"),
    ("fill", 'order = ["gaps", "gaps"]', "fill.order names 'gaps' twice"),
    ("fill", "tolerance = -1", "fill.tolerance = -1 is out of range"),
    ("masthead", "lines = 92", "the masthead runs to grid line 92 of 92"),
]


@pytest.mark.parametrize("table,line,fragment", VALUES, ids=[f"{t}:{v}" for t, v, _ in VALUES])
def test_a_bad_value_is_refused_at_its_line(capsys, tmp_path, table, line, fragment):
    parent = "bulletin-front" if table == "masthead" else "bulletin"
    template = child(tmp_path, table, line, parent)
    refused(capsys, write_issue(tmp_path), f"{template}:3:", fragment)


@pytest.mark.parametrize("table,line,at,fragment", [
    ("grid", "colums = 8", 3, "unknown key grid.colums — did you mean `columns`?"),
    ("styles.headlin", "size = 9", 2, "unknown table [styles.headlin] — did you mean `headline`?"),
    ("rule", "thin = 1", 2, "unknown table [rule] — did you mean `rules`?"),
    ("styles.body", "colour = \"accent\"", 3, "unknown key styles.body.colour — did you mean `color`?"),
    ("styles.body", "sizes = { small = 9 }", 3, "unknown table [styles.body.sizes] — did you mean `size`?"),
    ("grid", "zzz = 1", 3, "unknown key grid.zzz (known: columns, column_chars, body_size"),
])
def test_an_unknown_key_or_table_names_the_nearest_known_one(capsys, tmp_path, table, line, at, fragment):
    template = child(tmp_path, table, line)
    refused(capsys, write_issue(tmp_path), f"{template}:{at}:", fragment)


def test_a_misspelt_top_level_key(capsys, tmp_path):
    template = tmp_path / "t.toml"
    template.write_text('extends = "bulletin"\nnmae = "x"\n', encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{template}:2:", "unknown key nmae — did you mean `name`?")


def test_a_bad_value_in_a_parent_is_reported_in_the_parent(capsys, tmp_path):
    parent = child(tmp_path, "styles.kicker", "size = -9", name="parent.toml")
    (tmp_path / "t.toml").write_text('extends = "parent"\n[grid]\nlines = 90\n', encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{parent}:3:", "styles.kicker.size = -9 is out of range")


def test_a_typo_in_a_parent_is_reported_in_the_parent(capsys, tmp_path):
    parent = tmp_path / "parent.toml"
    parent.write_text('extends = "bulletin"\n# a comment\n\n[grid]\ncolumns = 6\ncolums = 8\n', encoding="utf-8")
    (tmp_path / "t.toml").write_text('extends = "parent"\n', encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{parent}:6:", "did you mean `columns`?")


def test_a_value_overridden_by_the_child_is_the_childs(capsys, tmp_path):
    # the parent's good size is replaced by the child's bad one: the child is blamed
    child(tmp_path, "styles.kicker", "size = 14", name="parent.toml")
    template = child(tmp_path, "styles.kicker", "size = 0", parent="parent")
    refused(capsys, write_issue(tmp_path), f"{template}:3:", "styles.kicker.size = 0")


def test_a_missing_grid_key_points_at_its_table(capsys, tmp_path):
    template = tmp_path / "t.toml"
    text = open(os.path.join(BUILTIN_DIR, "bulletin.toml"), encoding="utf-8").read()
    template.write_text(text.replace("lines = 92                # grid lines per column\n", ""), encoding="utf-8")
    line = text[:text.index("[grid]")].count("\n") + 1
    refused(capsys, write_issue(tmp_path), f"{template}:{line}:", "template is missing grid.lines")


def test_missing_roles_name_the_template(capsys, tmp_path):
    template = tmp_path / "t.toml"
    text = open(os.path.join(BUILTIN_DIR, "bulletin.toml"), encoding="utf-8").read()
    template.write_text(text.replace("[styles.credit]", "[styles.jump]\n[styles.x_credit]")
                        .replace("[styles.jump]\nface", "[styles.jump2]\nface"), encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{template}:", "unknown table [styles.x_credit]")


def test_the_nameplate_styles_are_needed_with_a_masthead(capsys, tmp_path):
    template = child(tmp_path, "masthead", "lines = 9")
    refused(capsys, write_issue(tmp_path), f"{template}:2:",
            "styles missing for roles: masthead_paper, masthead_info, masthead_motto")


def test_bad_toml_names_its_line(capsys, tmp_path):
    template = tmp_path / "t.toml"
    template.write_text('extends = "bulletin"\n\n[grid]\ncolumns = = 6\n', encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{template}:4:", "not valid TOML")


def test_a_template_not_in_utf8(capsys, tmp_path):
    template = tmp_path / "t.toml"
    template.write_bytes('extends = "bulletin"\n[footer]\ntext = "第{page}版"\n'.encode("gbk"))
    refused(capsys, write_issue(tmp_path), f"{template}:3:", "the template is not UTF-8 (byte 0xB5)")


# -- extends ---------------------------------------------------------------------------

def test_a_template_extending_itself_is_a_loop_not_a_recursion_error(capsys, tmp_path):
    (tmp_path / "evil.toml").write_text('name = "evil"\nextends = "./evil.toml"\n', encoding="utf-8")
    err = refused(capsys, write_issue(tmp_path, "evil"), f"{tmp_path / 'evil.toml'}:2:",
                  "the templates extend each other in a loop: evil.toml → evil.toml")
    assert "RecursionError" not in err


def test_a_loop_through_two_templates(capsys, tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('\nextends = "./a.toml"\n', encoding="utf-8")
    refused(capsys, write_issue(tmp_path, "a"), f"{tmp_path / 'b.toml'}:2:", "a loop: a.toml → b.toml → a.toml")


def test_a_parent_not_found_is_reported_against_the_template(capsys, tmp_path):
    (tmp_path / "t.toml").write_text('# my paper\nextends = "bulletn"\n', encoding="utf-8")
    err = refused(capsys, write_issue(tmp_path), f"{tmp_path / 't.toml'}:2:", "page template 'bulletn' not found")
    assert "<input>" not in err


def test_extends_must_be_a_name(capsys, tmp_path):
    (tmp_path / "t.toml").write_text("extends = 5\n", encoding="utf-8")
    refused(capsys, write_issue(tmp_path), f"{tmp_path / 't.toml'}:1:", "extends must be text in quotes, not 5")


def test_an_edited_parent_is_read_again(tmp_path):
    parent = child(tmp_path, "grid", "lines = 90", name="parent.toml")
    template = child(tmp_path, "grid", "columns = 6", parent="parent")
    assert load_template(template).grid.lines == 90
    child(tmp_path, "grid", "lines = 80", name="parent.toml")
    os.utime(parent, (1, 1))
    assert load_template(template).grid.lines == 80


# -- where templates come from -------------------------------------------------------------

@pytest.fixture
def outside(tmp_path):
    """A good template outside the issue's folder tmp/issue/."""
    (tmp_path / "outside.toml").write_text('extends = "bulletin"\n', encoding="utf-8")
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "link.toml").symlink_to(tmp_path / "outside.toml")
    return tmp_path / "outside.toml", folder


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "dotdot-name", "symlink"])
def test_a_template_outside_the_template_folders_is_refused_at_the_page(capsys, outside, kind):
    path, folder = outside
    name = {"absolute": str(path), "dotdot": "../outside.toml", "dotdot-name": "../outside",
            "symlink": "link"}[kind]
    issue = write_issue(folder, name)
    refused(capsys, issue, f"{issue}:3:", "<page>", "is outside the template folders; refused")
    refused(capsys, issue, f"{issue}:3:", "outside the template folders", command="validate")


def test_a_parent_outside_the_template_folders_is_refused_at_extends(capsys, outside):
    path, folder = outside
    (folder / "t.toml").write_text(f'extends = "{path}"\n', encoding="utf-8")
    refused(capsys, write_issue(folder), f"{folder / 't.toml'}:1:", "outside the template folders")


def test_a_users_template_folder_is_one_of_them(capsys, outside, monkeypatch):
    path, folder = outside
    monkeypatch.setenv(TEMPLATE_DIRS_ENV, str(path.parent))
    issue = write_issue(folder, "outside")
    code, _, err = run_cli(capsys, "build", issue, "-o", str(folder / "out.pdf"), "--variant", "none")
    assert code == 0, err


# -- validate reads the templates too --------------------------------------------------------

def test_validate_checks_the_templates(capsys, tmp_path):
    template = child(tmp_path, "grid", "colums = 8")
    refused(capsys, write_issue(tmp_path), f"{template}:3:", "did you mean `columns`?", command="validate")


# -- the schema and the locator ----------------------------------------------------------------

def test_the_composer_table_is_composer_settings():
    fields = {f.name for f in dataclasses.fields(ComposerSettings)}
    assert set(schema.template_schema().keys["composer"].keys) == fields


def test_the_fill_table_is_fill_settings():
    from typeset.flow.fill import FILL_MEANS, FillSettings
    assert set(schema.template_schema().keys["fill"].keys) == {f.name for f in dataclasses.fields(FillSettings)}
    assert schema.FILL_MEANS == FILL_MEANS


@pytest.mark.parametrize("name", ["bulletin", "bulletin-front"])
def test_the_shipped_templates_pass(name):
    t = load_template(os.path.join(BUILTIN_DIR, name + ".toml"))
    assert t.grid.columns == 6 and t.style("headline").extra["sizes"]["large"] == 26.0


def test_the_locator_finds_tables_keys_inline_tables_and_dotted_keys():
    text = ('name = "x"\n'
            'text = """\n[grid]\nlines = 1\n"""\n'          # a multi-line string is not a table
            '[grid]\n'
            '  columns = 6   # a comment\n'
            '"line_pitch" = 15\n'
            '[styles.headline]\n'
            'sizes = { small = 9, "large" = 12 }\n'
            'styles.kicker.size = 3\n'
            '[[fill.order]]\n')
    lines = key_lines(text)
    assert lines[("name",)] == 1 and lines[("grid",)] == 6 and lines[("grid", "columns")] == 7
    assert ("grid", "lines") not in lines
    assert lines[("grid", "line_pitch")] == 8
    assert lines[("styles", "headline", "sizes", "small")] == 10
    assert lines[("styles", "headline", "sizes", "large")] == 10
    assert lines[("styles", "headline", "styles", "kicker", "size")] == 11
    assert lines[("fill", "order")] == 12


def test_the_schema_error_is_an_input_error_with_a_line(tmp_path):
    template = child(tmp_path, "grid", "lines = 0")
    with pytest.raises(InputError) as e:
        load_template(template)
    assert e.value.file == template and e.value.line == 3
