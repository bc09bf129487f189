"""Input errors and warnings: Chinese by default, English on request.

The catalogue (typeset/messages.py) holds every text in both languages with
the same placeholders; through the CLI an error keeps its location prefix
(`file:line:col: <element>`) and its technical tokens in either language.
(tests/conftest.py runs other modules in English; these tests set the
language themselves.)
"""
from __future__ import annotations

import os
import re
import string
import subprocess
import sys

import pytest

from typeset.cli import main
from typeset.messages import LANG_ENV, MESSAGES, resolve_lang, say

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD_BUILD = os.path.join(ROOT, "tests", "data", "bad-build")
BAD_ISSUE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<issue paper="测试报" date="2022-08-31">\n'
             '  <page number="1" template="bulletin">\n'
             '    <story id="a"/>\n'
             '  </page>\n'
             '</issue>\n')


@pytest.fixture
def chinese_default(monkeypatch):
    monkeypatch.delenv(LANG_ENV, raising=False)


@pytest.fixture
def bad_issue(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(BAD_ISSUE, encoding="utf-8")
    return str(path)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# -- the catalogue ---------------------------------------------------------------

def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en), key
    assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: the Chinese text has no Chinese"
    assert zh != en


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_technical_tokens_are_the_same_in_both_languages(key):
    # element names, attribute=, options, code points: what tools and people match
    tokens = r"<[a-z?!{][\w{}]*>|\b[a-z]+=|--[a-z-]+|U\+|\.pdf|\.toml|TOML|UTF-8|YYYY-MM-DD|paiban:"
    zh, en = MESSAGES[key]
    assert sorted(re.findall(tokens, zh)) == sorted(re.findall(tokens, en)), key


def test_every_key_used_in_the_code_is_in_the_catalogue():
    used = set()
    for folder, _, names in os.walk(os.path.join(ROOT, "typeset")):
        if "workflow" in folder:            # the workflow commands have their own table
            continue
        for name in names:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    used |= set(re.findall(r"""\bsay\(["'](\w+)["']""", f.read()))
    assert used and used <= set(MESSAGES), used - set(MESSAGES)


@pytest.mark.parametrize("value, lang", [(None, "zh"), ("", "zh"), ("en", "en"), ("en_US.UTF-8", "en"),
                                         ("zh_CN.UTF-8", "zh"), ("EN", "en"), ("fr_FR", "zh")])
def test_language_from_the_environment(monkeypatch, value, lang):
    monkeypatch.delenv(LANG_ENV, raising=False)
    if value is not None:
        monkeypatch.setenv(LANG_ENV, value)
    assert resolve_lang() == lang
    assert say("image_missing", src="a.jpg") == ("image not found: 'a.jpg'" if lang == "en"
                                                 else "图片不存在：'a.jpg'")


# -- through the command line ------------------------------------------------------

def test_bad_issue_is_reported_in_chinese_by_default(chinese_default, capsys, bad_issue):
    code, _, err = run(capsys, "validate", bad_issue)
    assert code == 2
    assert err.startswith(f"{bad_issue}:4:5: <story> 未知元素 <story>（位于 <page> 内），应为：<article>"), err


def test_bad_issue_is_reported_in_english_with_lang_en(chinese_default, capsys, bad_issue):
    for args in (("validate", bad_issue, "--lang", "en"), ("--lang", "en", "validate", bad_issue),
                 ("build", bad_issue, "--lang=en")):
        code, _, err = run(capsys, *args)
        assert code == 2
        assert err.startswith(f"{bad_issue}:4:5: <story> unknown element <story> inside <page>; "
                              "expected one of: <article>"), err
    assert LANG_ENV not in os.environ              # main() leaves the environment as it found it


def test_lang_option_beats_the_environment(monkeypatch, capsys, bad_issue):
    monkeypatch.setenv(LANG_ENV, "en")
    _, _, err = run(capsys, "validate", bad_issue, "--lang", "zh")
    assert "未知元素 <story>" in err
    assert os.environ[LANG_ENV] == "en"


def test_user_run_prints_chinese_and_paiban_lang_switches_to_english(bad_issue):
    env = {k: v for k, v in os.environ.items() if k != LANG_ENV}
    run_zh = subprocess.run([sys.executable, "-m", "typeset", "validate", bad_issue], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=60)
    env[LANG_ENV] = "en_US.UTF-8"
    run_en = subprocess.run([sys.executable, "-m", "typeset", "validate", bad_issue], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=60)
    assert run_zh.returncode == run_en.returncode == 2
    assert run_zh.stderr.startswith(f"{bad_issue}:4:5: <story> 未知元素 <story>"), run_zh.stderr
    assert run_en.stderr.startswith(f"{bad_issue}:4:5: <story> unknown element <story>"), run_en.stderr


def test_missing_attribute_keeps_the_attribute_name(chinese_default, capsys, tmp_path):
    path = tmp_path / "photo.xml"
    path.write_text(BAD_ISSUE.replace('<story id="a"/>', '<photo id="p"/>'), encoding="utf-8")
    _, _, err = run(capsys, "validate", path)
    assert f"{path}:4:5: <photo> 缺少必需属性 src=（<photo>）" in err, err


def test_layout_error_in_both_languages(chinese_default, capsys, tmp_path):
    issue = os.path.join(BAD_BUILD, "overlap.xml")
    out = tmp_path / "overlap.pdf"
    code, _, err = run(capsys, "build", issue, "-o", out, "--variant", "none")
    assert code == 2
    assert err.strip() == f"{issue}:8:1: <article> 稿件 'a2' 与稿件 'a1' 重叠（第2栏第10行）"
    _, _, err = run(capsys, "build", issue, "-o", out, "--variant", "none", "--lang", "en")
    assert err.strip() == f"{issue}:8:1: <article> block 'a2' overlaps block 'a1' at column 2, line 10"


def test_overset_warning_in_both_languages(chinese_default, capsys, tmp_path):
    issue = os.path.join(BAD_BUILD, "no-room.xml")
    # the headline wraps to two lines at 22 pt (issue 12 §2): its area takes 7 lines, not 5;
    # the one line of text is overset with it (a story never runs on without its head)
    out = tmp_path / "no-room.pdf"
    code, stdout, err = run(capsys, "build", issue, "-o", out, "--variant", "none")
    assert code == 0
    assert f"{issue}:4: <a1> 警告：超版：稿件 'a1'（第1版）有 27 字、8 行排不下" in err, err
    assert "超版稿件1篇" in stdout
    code, stdout, err = run(capsys, "build", issue, "-o", out, "--variant", "none", "--lang", "en")
    assert f"{issue}:4: <a1> warning: overset: 27 characters, 8 lines do not fit in block 'a1' on page 1" in err
    assert "1 overset blocks" in stdout


def test_missing_glyph_warning_in_both_languages(chinese_default, capsys, tmp_path):
    issue = os.path.join(BAD_BUILD, "missing-glyph.xml")
    out = tmp_path / "glyphs.pdf"
    code, _, err = run(capsys, "build", issue, "-o", out, "--variant", "none")
    assert code == 0
    assert f"{issue}:6: <a1> 警告：缺字：U+20000 “\U00020000” 无字体可用，以〓代替（第1版，稿件 'a1'）" in err, err
    assert "U+2A6D6" in err
    _, _, err = run(capsys, "build", issue, "-o", out, "--variant", "none", "--lang", "en")
    assert (f"{issue}:6: <a1> warning: no font has '\U00020000' (U+20000); a 〓 placeholder is printed "
            "(page 1, block 'a1')") in err, err


def test_workflow_commands_lang_reaches_the_input_errors(chinese_default, capsys, bad_issue):
    _, _, err = run(capsys, "check", bad_issue)
    assert "未知元素 <story>" in err
    _, _, err = run(capsys, "check", bad_issue, "--lang", "en")
    assert "unknown element <story>" in err
