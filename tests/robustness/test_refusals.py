"""Issue 13 §8: the smaller cases — each refused as an input error (exit 2)
with our message naming file:line, never "internal error" nor a libxml2 or
codec hint that does not apply."""
from __future__ import annotations

import pytest

from robust_support import SAMPLE, run_cli

PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="bulletin">
    <article id="a1" col="1" span="2"><headline>标题</headline><p>正文一段。</p></article>
    {block}
  </page>
</issue>
"""


def sample_text() -> str:
    with open(SAMPLE, encoding="utf-8") as f:
        return f.read()


def refused(capsys, path, *fragments, command="build"):
    args = [command, str(path)] + (["-o", str(path) + ".pdf", "--variant", "none"] if command == "build" else [])
    code, _, err = run_cli(capsys, *args)
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err
    return err


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_preflight_of_a_missing_file_or_a_folder_is_an_input_error(capsys, tmp_path, kind):
    path = tmp_path / "nope.pdf"
    if kind == "folder":
        path.mkdir()
    err = refused(capsys, path, str(path) + ":", "no such file" if kind == "missing" else "folder",
                  command="preflight")
    assert len(err.strip().splitlines()) == 1


def test_two_pages_with_the_same_number(capsys, tmp_path):
    path = tmp_path / "dup.xml"
    text = sample_text().replace('number="2"', 'number="1"', 1)
    path.write_text(text, encoding="utf-8")
    line = text[:text.index('<page number="1" section="文明创建"')].count("\n") + 1
    refused(capsys, path, f"{path}:{line}:", "<page>", "page 1 appears twice (first on line 8)", command="validate")


def test_an_absurd_page_number(capsys, tmp_path):
    path = tmp_path / "big.xml"
    path.write_text(sample_text().replace('number="2"', 'number="100000000000000000000000"', 1), encoding="utf-8")
    refused(capsys, path, f"{path}:80:", "page number 100000000000000000000000 is absurd", command="validate")


@pytest.mark.parametrize("block,fragment", [
    ('<rule col="9" line="200" weight="thin"/>', "stands in column 9 but the page has 6"),
    ('<rule col="1" line="200"/>', "starts at grid line 200 but the page has 92 lines"),
    ('<rule col="2" span="9" line="3"/>', "spans columns 2–10 but the page has 6"),
    ('<rule col="7" direction="vertical"/>', "stands in column 7"),
    ('<rule col="3" line="90" lines="10" direction="vertical"/>', "runs to grid line 99"),
    ('<article id="x" line="200"><p>文字。</p></article>', "starts at grid line 200"),
])
def test_a_block_off_the_grid_is_refused_with_its_line(capsys, tmp_path, block, fragment):
    path = tmp_path / "grid.xml"
    path.write_text(PAGE.format(block=block), encoding="utf-8")
    refused(capsys, path, f"{path}:5:", fragment)


def test_a_utf8_file_cut_inside_a_character(capsys, tmp_path):
    data = sample_text().encode("utf-8")
    path = tmp_path / "cut.xml"
    path.write_bytes(data[:data.index("本报".encode()) + 1])
    err = refused(capsys, path, f"{path}:46:", "ends in the middle of a character", command="validate")
    assert "GBK" not in err


def test_one_damaged_character_is_not_called_gbk(capsys, tmp_path):
    data = sample_text().encode("utf-8")
    at = data.index("本报".encode())
    path = tmp_path / "damaged.xml"
    path.write_bytes(data[:at + 1] + data[at + 3:])
    err = refused(capsys, path, f"{path}:46:", "damaged UTF-8 character", command="validate")
    assert "GBK" not in err


def test_a_gbk_file_still_gets_the_gbk_hint(capsys, tmp_path):
    path = tmp_path / "gbk.xml"
    path.write_bytes(sample_text().replace('encoding="UTF-8"', "").encode("gb18030"))
    refused(capsys, path, 'encoding="GBK"', command="validate")


def test_nesting_deeper_than_256_levels(capsys, tmp_path):
    path = tmp_path / "deep.xml"
    text = sample_text().replace("<p>", "<p>" + "<em>" * 300, 1).replace("</p>", "</em>" * 300 + "</p>", 1)
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, path, "nested more than 256 deep", command="validate")
    assert "XML_PARSE_HUGE" not in err


@pytest.mark.parametrize("written,code,name", [
    ("مرحبا", "U+0645", "ARABIC LETTER MEEM"),
    ("שלום", "U+05E9", "HEBREW LETTER SHIN"),
    ("&#x5D0;", "U+05D0", "HEBREW LETTER ALEF"),
    ("\u202e", "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
])
def test_right_to_left_script_is_refused_naming_the_character(capsys, tmp_path, written, code, name):
    path = tmp_path / "rtl.xml"
    path.write_text(PAGE.format(block=f"<article id='b'><p>本报讯{written}</p></article>"), encoding="utf-8")
    refused(capsys, path, f"{path}:5:", "right-to-left script is not supported", code, name, command="validate")
