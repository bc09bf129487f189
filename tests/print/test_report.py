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


def test_a_build_prints_one_line_and_the_problems(monkeypatch, capsys):
    """After `paiban build`: the counts in the user's language and only the
    checks that warned or failed (all of them with -v)."""
    from typeset import cli
    from typeset.print import preflight as pf
    report = PreflightReport(path="x.pdf", variant="x1a")
    report.add("fonts.embedded", "pass", "3 fonts, all embedded")
    report.add("objects.small_text", "warn", "4 pt reversed text", page=1)
    report.add("ink.tac", "fail", "densest 15 mm² 300 %", page=2)
    monkeypatch.setattr(pf, "preflight", lambda path, **options: report)
    monkeypatch.setenv("PAIBAN_LANG", "zh")
    assert cli._preflight_report("x.pdf", quiet=False) == cli.EXIT_BUG
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("预检不合格：1项通过，1项警告，1项失败")
    assert [line.split()[1] for line in err[1:]] == ["objects.small_text", "ink.tac"]
    cli._preflight_report("x.pdf", quiet=False, verbose=True)
    assert "fonts.embedded" in capsys.readouterr().err             # -v: every check
    report.checks = report.checks[:1]
    monkeypatch.setenv("PAIBAN_LANG", "en")
    cli._preflight_report("x.pdf", quiet=False)
    assert capsys.readouterr().out.splitlines() == ["preflight OK: 1 pass, 0 warn, 0 fail (x1a, 0.00 s)"]
