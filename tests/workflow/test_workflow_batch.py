"""paiban batch: parallel builds, a broken issue fails alone, up-to-date outputs are skipped."""
from __future__ import annotations

import json

import pytest

from workflow_helpers import append_to_first_paragraph, copy_sample, paiban
from typeset.workflow.batch import collect, in_shard, parse_shard

COPIES = ("a.xml", "b.xml", "c.xml")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Three copies of the sample and one broken issue; the first batch run over them."""
    root = tmp_path_factory.mktemp("archive")
    src, out = root / "issues", root / "pdf"
    for name in COPIES:
        copy_sample(src, name)
    (src / "broken.xml").write_text('<issue paper="x" date="2022-08-31">\n  <page', encoding="utf-8")
    out.mkdir()
    log = root / "batch.jsonl"
    first = paiban("batch", src, "-o", out, "--workers", "2", "--log", log, "--lang", "en")
    return src, out, log, first


def log_records(log):
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_all_good_issues_built_despite_the_broken_one(archive):
    src, out, _, (code, stdout, stderr) = archive
    assert code == 2                                      # an input error somewhere
    assert sorted(p.name for p in out.glob("*.pdf")) == ["a.pdf", "b.pdf", "c.pdf"]
    assert all((out / n).read_bytes()[:5] == b"%PDF-" for n in ("a.pdf", "b.pdf", "c.pdf"))
    assert "3 built" in stdout and "1 failed" in stdout and "2 workers" in stdout
    assert f"{src / 'broken.xml'}:" in stderr            # located: file:line


def test_progress_is_plain_lines_when_not_a_terminal(archive):
    stderr = archive[3][2]
    assert "batch 4/4" in stderr and "\r" not in stderr


def test_log_is_json_lines_ending_with_a_summary(archive):
    records = log_records(archive[2])
    issues = [r for r in records if r["event"] == "issue"]
    assert {r["status"] for r in issues} == {"built", "failed"} and len(issues) == 4
    failed = next(r for r in issues if r["status"] == "failed")
    assert failed["issue"].endswith("broken.xml") and failed["error_kind"] == "input"
    assert records[-1]["event"] == "summary" and records[-1]["built"] == 3


def test_second_run_skips_up_to_date_outputs(archive):
    src, out, log, _ = archive
    code, stdout, _ = paiban("batch", src / "a.xml", src / "b.xml", src / "c.xml", "-o", out,
                             "--log", log, "--lang", "en")
    assert code == 0 and "3 skipped" in stdout and "0 built" in stdout


def test_edited_issue_and_changed_image_are_rebuilt(archive, tmp_path):
    src, out, log, _ = archive
    append_to_first_paragraph(src / "b.xml", "charity-drive", "改。")
    code, stdout, _ = paiban("batch", src / "a.xml", src / "b.xml", "-o", out, "--log", log, "--lang", "en")
    assert code == 0 and "1 built" in stdout and "1 skipped" in stdout
    built = [r for r in log_records(log)[-3:] if r.get("status") == "built"]
    assert [r["issue"] for r in built] == [str(src / "b.xml")]


def test_missing_output_folder_is_created(archive, tmp_path):
    code, _, stderr = paiban("batch", archive[0] / "a.xml", "-o", tmp_path / "new" / "out")
    assert code == 0, stderr
    assert (tmp_path / "new" / "out" / "a.pdf").exists()


def test_output_folder_that_cannot_be_made_is_an_input_error(archive, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, stderr = paiban("batch", archive[0] / "a.xml", "-o", blocker / "out")
    assert code == 2 and "out" in stderr


def test_no_issues_found_is_an_input_error(tmp_path):
    code, _, stderr = paiban("batch", tmp_path, "-o", tmp_path)
    assert code == 2


def test_shards_partition_the_archive(tmp_path):
    paths = [f"archive/2022/issue-{i:03}.xml" for i in range(200)]
    shards = [[p for p in paths if in_shard(p, (k, 4))] for k in range(1, 5)]
    assert sorted(sum(shards, [])) == sorted(paths)          # each issue in exactly one shard
    assert all(30 < len(s) < 70 for s in shards)              # and roughly evenly
    assert parse_shard("3/10") == (3, 10)
    for bad in ("0/3", "4/3", "x", "1/"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_bad_shard_option_is_a_usage_error(archive):
    with pytest.raises(SystemExit) as exit_:
        paiban("batch", archive[0], "-o", archive[1], "--shard", "5/3", env={"PAIBAN_LANG": "en"})
    assert exit_.value.code == 2


def test_folders_keep_their_structure(tmp_path):
    copy_sample(tmp_path / "2022" / "08", "0831.xml")
    found = collect([str(tmp_path)])
    assert [rel for _, rel in found] == ["2022/08/0831.pdf"]


def test_progress_redraws_one_line_on_a_terminal():
    import io
    from typeset.workflow.batch import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    term = Terminal()
    bar = Progress(2, term, "en")
    for status in ("built", "failed"):
        bar.update({"status": status, "issue": "x.xml"})
    bar.close()
    text = term.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and "[" + "#" * 24 + "]" in text
