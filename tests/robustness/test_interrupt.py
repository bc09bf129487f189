"""Atomic, crash-safe output: an interrupted build (Ctrl-C while drawing or
while writing, or any exception) leaves the previous PDF as it was and no
temporary file; the CLI says so and exits 130."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from robust_support import ROOT, SAMPLE, assert_failed_cleanly, leftovers, run_cli, with_previous


def interrupt_second_page(monkeypatch):
    """Make the drawer raise KeyboardInterrupt on page 2, as Ctrl-C would mid-build."""
    from typeset.draw import pdf
    original = pdf._PageDrawer.draw

    def draw(self):
        if self.page.number == 2:
            raise KeyboardInterrupt
        original(self)
    monkeypatch.setattr(pdf._PageDrawer, "draw", draw)


def test_ctrl_c_while_drawing_keeps_the_previous_pdf(capsys, monkeypatch, tmp_path):
    interrupt_second_page(monkeypatch)
    out = with_previous(str(tmp_path / "sample.pdf"))
    code, _, err = run_cli(capsys, "build", SAMPLE, "-o", out)
    assert_failed_cleanly(code, err, out, status=130)
    assert "interrupted" in err


def test_ctrl_c_while_writing_removes_the_temporary_file(capsys, monkeypatch, tmp_path):
    def fsync(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", fsync)
    out = with_previous(str(tmp_path / "sample.pdf"))
    code, _, err = run_cli(capsys, "build", SAMPLE, "-o", out, "--variant", "none")
    assert_failed_cleanly(code, err, out, status=130)


def test_disk_full_while_writing_is_an_input_error_and_keeps_the_previous_pdf(capsys, monkeypatch, tmp_path):
    def fsync(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", fsync)
    out = with_previous(str(tmp_path / "sample.pdf"))
    code, _, err = run_cli(capsys, "build", SAMPLE, "-o", out, "--variant", "none")
    assert_failed_cleanly(code, err, out, status=2)
    assert err.startswith(f"{out}: cannot write the output: No space left on device"), err


def test_a_bug_while_drawing_keeps_the_previous_pdf(capsys, monkeypatch, tmp_path):
    from typeset.draw import pdf

    def broken(self):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(pdf._PageDrawer, "draw", broken)
    out = with_previous(str(tmp_path / "sample.pdf"))
    code, _, err = run_cli(capsys, "build", SAMPLE, "-o", out, "--variant", "none")
    assert_failed_cleanly(code, err, out, status=1)
    assert "internal error: ZeroDivisionError" in err


# A real process and a real SIGINT: the drawer is slowed down so the signal
# lands mid-build, whatever the machine's speed.
DRIVER = textwrap.dedent("""
    import sys, time
    from typeset.draw import pdf
    from typeset.cli import main
    def slow(self):
        print("drawing", file=sys.stderr, flush=True)
        time.sleep(60)
    pdf._PageDrawer.draw = slow
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_to_a_running_build(tmp_path):
    out = with_previous(str(tmp_path / "sample.pdf"))
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, "build", SAMPLE, "-o", out, "--variant", "none"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr.readline().strip() == "drawing"
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read()
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert_failed_cleanly(code, err, out, status=130)
    assert err.strip() == "paiban: interrupted; no output was written"
    assert not leftovers(str(tmp_path))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_to_a_running_build_says_so_and_writes_nothing(tmp_path):
    """Issue 13 §8: SIGTERM used to end the build with status 143 and not a word."""
    out = with_previous(str(tmp_path / "sample.pdf"))
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, "build", SAMPLE, "-o", out, "--variant", "none"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr.readline().strip() == "drawing"
        proc.send_signal(signal.SIGTERM)
        err = proc.stderr.read()
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert_failed_cleanly(code, err, out, status=143)
    assert err.strip() == "paiban: terminated (SIGTERM); no output was written"
    assert not leftovers(str(tmp_path))
