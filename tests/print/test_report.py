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


def test_densest_window_is_exact_on_large_pages():
    import numpy as np
    from typeset.print.ink import densest_window
    tac = np.full((4000, 4000), 100.0, dtype=np.float32)
    tac[:10, :10] = 300.0
    assert densest_window(tac, 10) == pytest.approx(300.0)
    assert densest_window(tac[10:, 10:], 11) == pytest.approx(100.0)
