"""paiban watch: rebuilds on change, recomposes only what changed, survives a broken save."""
from __future__ import annotations

import io
import os
import threading
import time

import pytest

from workflow_helpers import append_to_first_paragraph, bump_mtime, copy_sample, paiban
from typeset.workflow.watch import Watcher, WatchOptions


@pytest.fixture
def watcher(tmp_path):
    issue = copy_sample(tmp_path)
    return Watcher(str(issue), WatchOptions(out=str(tmp_path / "out.pdf"), lang="en"), stream=io.StringIO())


def test_builds_once_then_waits_for_a_change(watcher, tmp_path):
    assert watcher.step() is True and watcher.builds == 1
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert watcher.step() is False
    assert any(p.endswith(".jpg") for p in watcher.watched_files())
    assert any(p.endswith(".toml") for p in watcher.watched_files())


def test_one_paragraph_edit_recomposes_one_paragraph(watcher, tmp_path, monkeypatch):
    import typeset.flow.blocks as blocks
    watcher.step()
    before = watcher.last_report.totals["chars"]
    calls = []
    original = blocks.compose_paragraph
    monkeypatch.setattr(blocks, "compose_paragraph", lambda *a, **k: calls.append(1) or original(*a, **k))
    append_to_first_paragraph(tmp_path / "sample.xml", "charity-drive", "新增一句。")
    assert watcher.step() is True
    assert watcher.last_report.totals["chars"] == before + 5
    assert len(calls) == 1


def test_image_change_triggers_a_rebuild(watcher, tmp_path):
    watcher.step()
    bump_mtime(next((tmp_path / "images").glob("*.jpg")))
    assert watcher.step() is True and watcher.builds == 2


def test_broken_save_is_reported_and_watching_goes_on(watcher, tmp_path):
    issue = tmp_path / "sample.xml"
    good = issue.read_text(encoding="utf-8")
    watcher.step()
    issue.write_text(good.replace("</issue>", ""), encoding="utf-8")
    bump_mtime(issue)
    watcher.step()
    assert watcher.last_error and str(issue) in watcher.last_error
    assert "build failed" in watcher.stream.getvalue()
    issue.write_text(good, encoding="utf-8")
    bump_mtime(issue)
    watcher.step()
    assert watcher.last_error is None and watcher.builds == 3


def test_cli_watch_rebuilds_after_an_edit(tmp_path):
    issue = copy_sample(tmp_path)
    out = tmp_path / "watched.pdf"
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("run", paiban(
        "watch", issue, "-o", out, "--interval", "0.05", "--max-iterations", "30", "--lang", "en")))
    thread.start()
    deadline = time.monotonic() + 30
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    append_to_first_paragraph(issue, "charity-drive", "再加一句。")
    thread.join(60)
    code, stdout, _ = result["run"]
    assert code == 0
    assert stdout.count("rebuilt") == 2 and "changed: " in stdout
    counts = [line for line in stdout.splitlines() if "characters" in line]
    assert len(counts) == 2 and counts[0] != counts[1]        # the summary follows the edit


def test_a_library_exception_is_reported_and_watching_goes_on(watcher, tmp_path, monkeypatch):
    """Not only our own errors: an exception from a library (here fontTools
    refusing a font) is reported, and the next save is built (issue 13)."""
    import typeset.workflow.watch as watch
    from fontTools.ttLib import TTLibError
    watcher.step()
    original = watch.layout

    def broken(*args, **kwargs):
        raise TTLibError("Not a TrueType or OpenType font (bad sfntVersion)")
    monkeypatch.setattr(watch, "layout", broken)
    append_to_first_paragraph(tmp_path / "sample.xml", "charity-drive", "一。")
    assert watcher.step() is True
    assert "TTLibError" in watcher.last_error and "build failed" in watcher.stream.getvalue()
    monkeypatch.setattr(watch, "layout", original)
    append_to_first_paragraph(tmp_path / "sample.xml", "charity-drive", "二。")
    watcher.step()
    assert watcher.last_error is None and watcher.builds == 3


def test_watches_the_parent_templates_and_the_fonts_in_use(watcher):
    watcher.step()
    names = {os.path.basename(p) for p in watcher.watched_files()}
    assert {"bulletin-front.toml", "bulletin.toml"} <= names             # bulletin-front extends bulletin
    assert any(n.endswith(".ttf") for n in names)
