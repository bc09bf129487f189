"""Build-time bad input (tests/data/bad-build/) through the CLI: a located
message, exit 2, no traceback, no PDF written and the previous one intact.

Inputs the parser refuses are covered file by file in tests/test_parse.py;
a few of them are run through `paiban build` here as well.
"""
from __future__ import annotations

import os
import shutil
import time

import pytest

from robust_support import (BAD_BUILD, BAD_PARSE, assert_failed_cleanly, leftovers, run_cli,
                            run_subprocess, with_previous)

# issue file → (source line of the culprit or 0, fragments the message must contain)
FAILS = {
    "outside-columns.xml": (4, ["<article>", "'a1'", "spans columns 5–8", "has 6"]),
    "outside-lines.xml": (4, ["<article>", "runs to grid line 99", "92 lines"]),
    "start-below-grid.xml": (4, ["<article>", "starts at grid line 95", "92 lines"]),
    "overlap.xml": (8, ["<article>", "'a2' overlaps block 'a1'", "column 2, line 10"]),
    "missing-image.xml": (4, ["<photo>", "image not found", "images/nope.jpg"]),
    "corrupt-image.xml": (4, ["<photo>", "images/corrupt.jpg", "cannot read image"]),
    # Pillow's own guard or ours answers, depending on whether typeset.print.ink
    # (which lifts Pillow's limit for its renders) was imported before
    "huge-image.xml": (4, ["<photo>", "images/huge.png", "decompression"]),
    "bomb-image.xml": (4, ["<photo>", "images/bomb.png", "12000×12000", "50 Mpx limit"]),
    "absolute-image.xml": (4, ["<photo>", "/etc/passwd", "outside the issue's folder"]),
    "template-unknown.xml": (3, ["<page>", "'no-such-template' not found"]),
}

# issue file → (template file the message must name, fragments)
TEMPLATE_FAILS = {
    "template-too-wide.xml": ("too-wide.toml", ["grid is", "mm wide but the page is 390.0 mm", "12 columns"]),
    "template-too-deep.xml": ("too-deep.toml", ["grid of 200 lines runs", "past the bottom of the page"]),
    "template-pitch-below-size.xml": ("pitch-below-size.toml", ["line_pitch (5 pt) must be at least body_size (9 pt)"]),
    "template-unknown-face.xml": ("unknown-face.toml",
                                  ["styles.byline.face must be one of song, song-bold, hei, kai, not 'comic'"]),
    "template-bad-toml.xml": ("bad-toml.toml", ["not valid TOML", "line 2"]),
    "template-not-a-number.xml": ("not-a-number.toml", ["grid.columns must be a whole number, not 'six'"]),
    "template-typo-key.xml": ("typo-key.toml",
                              ["typo-key.toml:4:", "unknown key grid.colums — did you mean `columns`?"]),
    "template-loop.xml": ("loop.toml", ["loop.toml:2:", "extend each other in a loop: loop.toml → loop.toml"]),
    "template-footer-placeholder.xml": ("footer-placeholder.toml", ["footer-placeholder.toml:4:",
                                                                     "unknown placeholder {bogus}"]),
}

TEMPLATES = {name.removesuffix(".xml"): template for name, (template, _) in TEMPLATE_FAILS.items()}

# parse-time cases (tests/data/bad) that must fail the same way through `build`
PARSE_FAILS = {
    "empty-article.xml": (4, "empty article"),
    "control-char.xml": (6, "control character U+0007"),
    "lone-surrogate.xml": (6, "surrogate"),
    "xxe-file.xml": (2, "DOCTYPE"),
}


def build(capsys, issue: str, out: str, *extra: str):
    start = time.perf_counter()
    code, stdout, err = run_cli(capsys, "build", issue, "-o", out, *extra)
    assert time.perf_counter() - start < 10, "a bad input must be answered quickly"
    return code, stdout, err


@pytest.mark.parametrize("name", sorted(FAILS))
def test_build_time_error_is_located(capsys, tmp_path, name):
    line, fragments = FAILS[name]
    issue = os.path.join(BAD_BUILD, name)
    out = with_previous(str(tmp_path / "out.pdf"))
    code, _, err = build(capsys, issue, out)
    assert_failed_cleanly(code, err, out)
    assert err.startswith(f"{issue}:{line}:"), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


@pytest.mark.parametrize("name", sorted(TEMPLATE_FAILS))
def test_impossible_template_names_the_template_file(capsys, tmp_path, name):
    template, fragments = TEMPLATE_FAILS[name]
    out = with_previous(str(tmp_path / "out.pdf"))
    code, _, err = build(capsys, os.path.join(BAD_BUILD, name), out)
    assert_failed_cleanly(code, err, out)
    assert err.startswith(os.path.join(BAD_BUILD, "templates", template) + ":"), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


@pytest.mark.parametrize("name", sorted(PARSE_FAILS))
def test_parse_errors_fail_the_build_the_same_way(capsys, tmp_path, name):
    line, fragment = PARSE_FAILS[name]
    issue = os.path.join(BAD_PARSE, name)
    out = with_previous(str(tmp_path / "out.pdf"))
    code, _, err = build(capsys, issue, out)
    assert_failed_cleanly(code, err, out)
    assert err.startswith(f"{issue}:{line}:") and fragment in err, err


def test_every_corpus_issue_has_a_case():
    cases = set(FAILS) | set(TEMPLATE_FAILS) | {
        "no-room.xml", "missing-glyph.xml", "missing-glyph-private-use.xml", "missing-glyph-headline.xml",
        "image-modes.xml"}
    assert {n for n in os.listdir(BAD_BUILD) if n.endswith(".xml")} == cases


@pytest.mark.parametrize("name", ["corrupt-image.xml", "bomb-image.xml", "template-too-wide.xml",
                                  "overlap.xml"])
def test_a_real_process_prints_no_traceback(tmp_path, name):
    out = with_previous(str(tmp_path / "out.pdf"))
    run = run_subprocess("build", os.path.join(BAD_BUILD, name), "-o", out, timeout=60)
    assert_failed_cleanly(run.returncode, run.stderr, out)
    stem = name.removesuffix(".xml")
    named = (os.path.join(BAD_BUILD, name) if stem not in TEMPLATES
             else os.path.join(BAD_BUILD, "templates", TEMPLATES[stem]))
    assert run.stderr.startswith(named + ":"), run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr     # one line, no warnings noise


# -- unwritable output ----------------------------------------------------------

def test_output_that_is_a_directory(capsys, tmp_path):
    out = tmp_path / "issue.pdf"
    out.mkdir()
    code, _, err = build(capsys, os.path.join(BAD_BUILD, "no-room.xml"), str(out), "--variant", "none")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{out}:") and "cannot write the output" in err and "directory" in err, err
    assert out.is_dir() and not leftovers(str(tmp_path))


def test_output_below_a_regular_file(capsys, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out = blocker / "issue.pdf"
    code, _, err = build(capsys, os.path.join(BAD_BUILD, "no-room.xml"), str(out), "--variant", "none")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{out}:") and "cannot write the output" in err, err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_in_a_read_only_folder(capsys, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    out = with_previous(str(folder / "issue.pdf"))
    folder.chmod(0o555)
    try:
        code, _, err = build(capsys, os.path.join(BAD_BUILD, "no-room.xml"), out, "--variant", "none")
        assert_failed_cleanly(code, err, out)
        assert "cannot write the output" in err and "ermission denied" in err, err
    finally:
        folder.chmod(0o755)


# -- inputs that must build ----------------------------------------------------------

def test_no_room_at_all_is_overset_not_lost(capsys, tmp_path):
    out = str(tmp_path / "no-room.pdf")
    code, stdout, err = build(capsys, os.path.join(BAD_BUILD, "no-room.xml"), out, "--variant", "none")
    assert code == 0, err
    assert "1 overset blocks" in stdout
    assert "no-room.xml:4: <a1> warning: overset:" in err and "in block 'a1' on page 1" in err, err
    code, _, err = build(capsys, os.path.join(BAD_BUILD, "no-room.xml"), out, "--variant", "none", "--strict")
    assert code == 3


def test_missing_glyphs_warn_and_print_a_placeholder(capsys, tmp_path):
    from pdfminer.high_level import extract_text
    issue = os.path.join(BAD_BUILD, "missing-glyph.xml")
    out = str(tmp_path / "glyphs.pdf")
    code, _, err = build(capsys, issue, out)             # with its preflight: the PDF is print-clean
    assert code == 0, err
    for code_point in ("U+20000", "U+2A6D6"):
        assert f"{issue}:6: <a1> warning: no font has" in err and code_point in err, err
        assert "block 'a1'" in err
    # the 〓 glyph drawn copies as the character it stands for (an alias code
    # in ToUnicode, draw/aliases.py): pdfminer, which ignores ActualText, too
    text = extract_text(out)
    assert "〓" not in text and "\U00020000" in text and "\U0002A6D6" in text


def test_a_missing_glyph_is_reported_once_a_block_with_how_often(capsys, tmp_path):
    """A rare name repeated through a story (郗𠀀 three times in two
    paragraphs) is one warning at its first paragraph's line, saying 3;
    check lists it once with ×3 and counts 3 in its summary."""
    import json
    issue = tmp_path / "repeated.xml"
    issue.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="bulletin">
    <article id="a1" col="1" span="2">
      <headline>魏都区召开大会</headline>
      <p>商户郗𠀀说，郗𠀀家的店开了三十年。</p>
      <p>郗𠀀还说，路通了生意好了。扩展B区的𪛖也没有字形。</p>
    </article>
  </page>
</issue>
''', encoding="utf-8")
    code, _, err = build(capsys, str(issue), str(tmp_path / "r.pdf"), "--variant", "none")
    assert code == 0, err
    glyph = [line for line in err.splitlines() if "no font has" in line]
    assert len(glyph) == 2, err
    assert glyph[0].startswith(f"{issue}:6: <a1> warning: no font has") and "printed 3 times" in glyph[0], err
    assert "U+2A6D6" in glyph[1] and "times" not in glyph[1] and glyph[1].startswith(f"{issue}:7:"), err
    code, out, _ = run_cli(capsys, "check", str(issue), "--json")
    report = json.loads(out)
    assert [(m["codepoint"], m["times"], m["line"]) for m in report["missing_glyphs"]] == [
        ("U+20000", 3, 6), ("U+2A6D6", 1, 7)]
    code, out, _ = run_cli(capsys, "check", str(issue), "--lang", "zh")
    assert "缺字 𠀀 (U+20000) ×3" in out and "缺字4个" in out, out


def test_missing_glyph_in_a_headline_names_the_article_line(capsys, tmp_path):
    # the headline's source line was shadowed by a set line: "file:Line(glyphs=…)"
    issue = os.path.join(BAD_BUILD, "missing-glyph-headline.xml")
    code, _, err = build(capsys, issue, str(tmp_path / "head.pdf"), "--variant", "none")
    assert code == 0, err
    glyph = [line for line in err.splitlines() if "no font has" in line]
    assert glyph and glyph[0].startswith(f"{issue}:4: <a1> warning: no font has") and "U+20000" in glyph[0], err


def test_private_use_character_builds_with_a_placeholder(capsys, tmp_path):
    # The 〓's ActualText carries U+E000 (a paper's own 造字 code point): the
    # preflight warns that it extracts only as that code point, and passes.
    issue = os.path.join(BAD_BUILD, "missing-glyph-private-use.xml")
    code, stdout, err = build(capsys, issue, str(tmp_path / "pua.pdf"))
    assert code == 0, stdout + err
    assert f"{issue}:6: <a1> warning: no font has" in err and "U+E000" in err
    assert "private-use" in stdout + err


def test_cmyk_grey_16bit_and_palette_images_build_and_preflight_clean(capsys, tmp_path):
    code, stdout, err = build(capsys, os.path.join(BAD_BUILD, "image-modes.xml"), str(tmp_path / "im.pdf"))
    assert code == 0, stdout + err
    assert "0 warn, 0 fail" in stdout, stdout


def test_hundred_thousand_character_paragraph_is_overset_quickly(capsys, tmp_path):
    issue = tmp_path / "long.xml"
    body = "魏都区召开大会，部署2022年工作“喜迎二十大”。" * 4000         # 100,000 characters
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">\n'
                     '<page number="1" template="bulletin">\n<article id="long" col="1" span="2" line="1">\n'
                     f'<headline>长文</headline>\n<p>{body}</p>\n</article>\n</page>\n</issue>\n', encoding="utf-8")
    out = str(tmp_path / "long.pdf")
    start = time.perf_counter()
    code, stdout, err = run_cli(capsys, "build", str(issue), "-o", out, "--variant", "none")
    assert time.perf_counter() - start < 15
    assert code == 0, err
    assert "long.xml:4: <long> warning: overset:" in err and "1 overset blocks" in stdout


def test_corpus_needs_no_network_nor_writes_into_the_corpus(tmp_path):
    # the corpus folder is read by tests in parallel: builds write only to -o
    assert not [n for n in os.listdir(BAD_BUILD) if n.endswith(".pdf") or n.startswith(".paiban-")]
    assert shutil.which("pdftotext")


def test_output_that_is_the_issue_itself(capsys, tmp_path):
    issue = tmp_path / "issue.xml"
    shutil.copy(os.path.join(BAD_BUILD, "no-room.xml"), issue)
    before = issue.read_bytes()
    code, _, err = build(capsys, str(issue), str(issue), "--variant", "none")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{issue}:") and "would overwrite the issue file" in err, err
    assert issue.read_bytes() == before and not leftovers(str(tmp_path))
