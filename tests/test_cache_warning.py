"""A cache folder that cannot be written costs every build the photo
separations and font parses again: the build says so, once, naming the folder."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from typeset import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "issues" / "sample.xml")


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


def _build(cache: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`paiban build` of the sample in a fresh process with TYPESET_CACHE_DIR=cache."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TYPESET_CACHE_DIR=cache, PAIBAN_LANG="en")
    return subprocess.run([sys.executable, "-m", "typeset", "build", SAMPLE, "-o", str(out), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_build_without_a_writable_cache_succeeds_says_so_once_and_draws_the_same(tmp_path):
    """In a fresh process, with the preflight: exit 0, one stderr line naming
    the folder, and the bytes of a build whose cache works (the caches
    only save time)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = str(blocker / "cache")
    run = _build(folder, tmp_path / "no-cache.pdf")
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and folder in lines[0] and "cannot be written" in lines[0], lines
    assert not (blocker / "cache").exists()
    assert _build(str(tmp_path / "cache"), tmp_path / "cached.pdf").returncode == 0
    assert (tmp_path / "no-cache.pdf").read_bytes() == (tmp_path / "cached.pdf").read_bytes()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_is_named(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = _build(str(folder), tmp_path / "s.pdf", "--no-preflight")
    finally:
        folder.chmod(0o755)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if "cache" in line]
    assert len(lines) == 1 and str(folder) in lines[0], lines
