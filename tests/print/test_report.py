import json

import pytest

from typeset.print.report import Check, PreflightReport


def test_report_text_and_json():
    report = PreflightReport(path="x.pdf", variant="x1a")
    report.add("fonts.embedded", "pass", "3 fonts, all embedded")
    report.add("ink.tac", "fail", "densest 15 mm² 300 %", page=2)
    assert not report.ok and report.status_of("ink.tac") == "fail"
    text = report.to_text()
    assert "FAIL" in text and "p2" in text and "FAILED: 1 pass, 0 warn, 1 fail" in text
    data = json.loads(report.to_json())
    assert data["ok"] is False and data["checks"][1] == {
        "name": "ink.tac", "status": "fail", "message": "densest 15 mm² 300 %", "page": 2}


def test_status_is_validated():
    with pytest.raises(ValueError):
        Check("x", "maybe", "")
