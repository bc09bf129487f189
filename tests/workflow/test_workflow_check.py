"""paiban check: table and JSON on the sample (fits) and on a squeezed copy (overset)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workflow_helpers import REPO, paiban

SAMPLE_BLOCKS = ["week-news", "charity-drive", "talent-service", "happy-community", "dongli-village"]


@pytest.fixture(scope="module")
def table(sample):
    return paiban("check", sample)


@pytest.fixture(scope="module")
def report(sample):
    code, out, _ = paiban("check", sample, "--json")
    return code, json.loads(out)


@pytest.fixture(scope="module")
def overset(overset_issue):
    return paiban("check", overset_issue), paiban("check", overset_issue, "--json", "--lang", "en")


def test_sample_fits_and_exits_0(table):
    code, out, _ = table
    assert code == 0
    for block in SAMPLE_BLOCKS:
        assert block in out


def test_table_is_chinese_by_default(table):
    out = table[1]
    assert "稿件" in out and "字数" in out and "超版0篇" in out


def test_english_on_request(sample):
    code, out, _ = paiban("check", sample, env={"PAIBAN_LANG": "en"})
    assert code == 0 and "block" in out and "chars" in out and "0 overset" in out
    assert "稿件" not in paiban("check", sample, "--lang", "en")[1]


def test_json_has_every_block_with_figures(report):
    code, data = report
    assert code == 0 and data["status"] == "ok"
    assert set(SAMPLE_BLOCKS) <= {b["id"] for b in data["blocks"]}
    assert data["totals"]["chars"] == sum(b["chars"] for b in data["blocks"]) > 5000
    for b in data["blocks"]:
        assert b["status"] in ("fits", "underset") and b["page"] in data["pages"]
    assert {"prohibited", "orphans", "loose", "spacing_share"} <= set(data["totals"])


def test_table_rows_are_aligned(table):
    from typeset.workflow.messages import display_width
    rows = [line for line in table[1].splitlines() if "week-news" in line or "charity-drive" in line]
    # the status column starts at the same terminal column on every row
    starts = {display_width(r[:r.index("/")]) for r in rows}
    assert len(starts) == 1


def test_overset_exits_3_naming_block_and_count(overset):
    (code, out, err), (jcode, jout, _) = overset
    assert code == 3 and jcode == 3
    data = json.loads(jout)
    assert data["status"] == "overset"
    [block] = [b for b in data["blocks"] if b["status"] == "overset"]
    assert block["id"] == "charity-drive" and block["overset_chars"] > 0 and block["overset_lines"] > 0
    row = next(line for line in out.splitlines() if "charity-drive" in line)
    assert f"超版 +{block['overset_chars']}字 +{block['overset_lines']}行" in row
    assert block["overset_text"][:3] in row
    # the located warning lets an editor jump to the block in the XML
    assert f":{block['line']}: <charity-drive>" in err


def test_bad_xml_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<issue paper="x"', encoding="utf-8")
    code, out, err = paiban("check", bad)
    assert code == 2 and f"{bad}:" in err and out == ""


def test_cold_process_as_a_user_runs_it(sample):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "typeset", "check", str(sample), "--json"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "ok"
