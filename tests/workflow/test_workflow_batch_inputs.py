"""paiban batch's up-to-date test sees every input (issue 15 §3), its records survive many writers,
and one issue's failure — an input error, a library's exception, a dying worker — stays its own (issue 13)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from workflow_helpers import REPO, bump_mtime, copy_sample, paiban
from typeset.workflow import batch
from typeset.workflow.batch import RECORDS, in_shard

TEMPLATES = REPO / "typeset" / "templates"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample whose page-2 template `bulletin` is a child of base.toml:
    base.toml is reached only through `extends` (page 1's bulletin-front → bulletin → base)."""
    root = tmp_path_factory.mktemp("inputs")
    copy_sample(root / "in", "issue.xml")
    shutil.copyfile(TEMPLATES / "bulletin-front.toml", root / "in" / "bulletin-front.toml")
    shutil.copyfile(TEMPLATES / "bulletin.toml", root / "in" / "base.toml")
    (root / "in" / "bulletin.toml").write_text('extends = "base"\n', encoding="utf-8")
    return root


def run(folder, *extra):
    code, stdout, stderr = paiban("batch", folder / "in" / "issue.xml", "-o", folder / "out", "--workers", "1",
                                  "--lang", "en", *extra)
    assert code == 0, stderr
    return stdout


def up_to_date(folder):
    run(folder)
    assert "1 skipped" in run(folder)


def test_an_edit_of_a_template_reached_through_extends_rebuilds(folder):
    up_to_date(folder)
    record = json.loads((folder / "out" / RECORDS / "issue.pdf.json").read_text(encoding="utf-8"))
    assert str(folder / "in" / "base.toml") in record["inputs"]
    with open(folder / "in" / "base.toml", "a", encoding="utf-8") as f:
        f.write("# the parent template edited\n")
    bump_mtime(folder / "in" / "base.toml")
    assert "1 built" in run(folder)


def test_a_new_library_version_rebuilds(folder, monkeypatch):
    import typeset.inputs as inputs
    up_to_date(folder)
    versions = dict(inputs.library_versions(), reportlab="99.0")
    monkeypatch.setattr(inputs, "library_versions", lambda: versions)
    assert "1 built" in run(folder)
    assert "1 skipped" in run(folder)


def test_an_image_edit_rebuilds(folder):
    up_to_date(folder)
    image = sorted((folder / "in" / "images").glob("*.jpg"))[0]
    image.write_bytes(image.read_bytes() + b"\0")          # same picture, other bytes
    bump_mtime(image)
    assert "1 built" in run(folder)


def test_a_colour_setting_rebuilds(folder, monkeypatch):
    up_to_date(folder)
    monkeypatch.setenv("TYPESET_CMYK_CONDITION", "FOGRA39")
    assert "1 built" in run(folder)


def test_a_replaced_output_is_rebuilt(folder):
    up_to_date(folder)
    (folder / "out" / "issue.pdf").write_bytes(b"%PDF-1.3 not ours")
    assert "1 built" in run(folder)


def test_two_shards_writing_one_folder_keep_every_record(tmp_path):
    """Two processes at once, one issue each: both records are there, and a
    run over everything finds both outputs up to date."""
    names = [f"issue-{i}.xml" for i in range(20)]
    picked = [next(n for n in names if in_shard(str(tmp_path / "in" / n), (k, 2))) for k in (1, 2)]
    for name in picked:
        copy_sample(tmp_path / "in", name)
    env = dict(os.environ, PYTHONPATH=str(REPO), PAIBAN_LANG="en")
    shards = [subprocess.Popen([sys.executable, "-m", "typeset", "batch", str(tmp_path / "in"), "-o",
                                str(tmp_path / "out"), "--workers", "1", "--shard", f"{k}/2"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for k in (1, 2)]
    for shard in shards:
        _, err = shard.communicate(timeout=120)
        assert shard.returncode == 0, err
    records = sorted(p.name for p in (tmp_path / "out" / RECORDS).iterdir())
    assert records == sorted(n.replace(".xml", ".pdf.json") for n in picked)
    code, stdout, _ = paiban("batch", tmp_path / "in", "-o", tmp_path / "out", "--workers", "1", "--lang", "en")
    assert code == 0 and "2 skipped" in stdout


@pytest.fixture
def three(tmp_path):
    for name in ("a.xml", "b.xml", "c.xml"):
        copy_sample(tmp_path / "in", name)
    return tmp_path


def failing_on(name, exc):
    original = batch.build_bytes

    def build(issue, variant, epaper=False):
        if os.path.basename(issue) == name:
            exc()
        return original(issue, variant, epaper)
    return build


def test_a_library_exception_fails_only_its_issue_with_exit_1(three, monkeypatch):
    from fontTools.ttLib import TTLibError

    def raise_():
        raise TTLibError("Not a TrueType or OpenType font (bad sfntVersion)")
    monkeypatch.setattr(batch, "build_bytes", failing_on("b.xml", raise_))
    code, stdout, stderr = paiban("batch", three / "in", "-o", three / "out", "--workers", "1", "--lang", "en")
    assert code == 1                                          # a bug, not the user's input
    assert "2 built" in stdout and "1 failed" in stdout
    assert "b.xml" in stderr and "TTLibError" in stderr
    assert sorted(p.name for p in (three / "out").glob("*.pdf")) == ["a.pdf", "c.pdf"]


def test_a_worker_that_dies_fails_only_its_issue(three, monkeypatch):
    """A worker killed mid-build (memory, a crash in a library) breaks the
    pool; the other issues are built again and only that one fails."""
    monkeypatch.setattr(batch, "build_bytes", failing_on("a.xml", lambda: os._exit(9)))
    code, stdout, stderr = paiban("batch", three / "in", "-o", three / "out", "--workers", "2", "--lang", "en")
    assert code == 1
    assert "2 built" in stdout and "1 failed" in stdout
    assert "a.xml" in stderr and "worker process died" in stderr
    assert sorted(p.name for p in (three / "out").glob("*.pdf")) == ["b.pdf", "c.pdf"]


def test_progress_shows_rate_and_time_left():
    import io
    from typeset.workflow.batch import Progress
    now = [100.0]
    stream = io.StringIO()
    bar = Progress(10, stream, "en", clock=lambda: now[0])
    now[0] += 4.0
    bar.update({"status": "built", "issue": "x.xml"})
    bar.update({"status": "skipped", "issue": "y.xml"})
    line = stream.getvalue().splitlines()[-1]
    assert "0.50 issues/s" in line and "16 s left" in line


def test_summary_gives_issues_per_second_and_cpu_per_issue(folder):
    stdout = run(folder, "--force")
    assert "issues/s" in stdout and "CPU-s per issue" in stdout
    log = [json.loads(line) for line in (folder / "out" / ".paiban-batch.log").read_text().splitlines()]
    summary = log[-1]
    assert summary["event"] == "summary" and summary["cpu_per_issue"] > 0.1 and summary["issues_per_second"] > 0
