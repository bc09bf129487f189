"""A cache folder that cannot be written costs every build the photo
separations and font parses again: the build says so, once, naming the folder."""
from __future__ import annotations

from pathlib import Path

from typeset import cli

SAMPLE = str(Path(__file__).resolve().parent.parent / "issues" / "sample.xml")


def test_an_unwritable_cache_is_named_in_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = blocker / "cache"                 # under a file: unwritable even for root
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(folder))
    monkeypatch.setenv("PAIBAN_LANG", "en")
    assert cli.main(["build", SAMPLE, "-o", str(tmp_path / "s.pdf"), "--no-preflight"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "cache" in line]
    assert len(lines) == 1 and str(folder) in lines[0] and "cannot be written" in lines[0], lines


def test_a_writable_cache_says_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAIBAN_LANG", "en")
    assert cli.main(["build", SAMPLE, "-o", str(tmp_path / "s.pdf"), "--no-preflight"]) == 0
    assert "cache" not in capsys.readouterr().err
