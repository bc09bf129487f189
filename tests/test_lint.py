"""The code type-checks and lints clean (issue 17 §3): mypy on typeset/
with the [tool.mypy] settings of pyproject.toml, ruff on the repository
with [tool.ruff].  Each runs as the developer would run it; a test skips
only when its tool is not installed (`scripts/bootstrap.sh --test`
installs both, the `test` extra)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_mypy_finds_no_errors_in_typeset():
    run = _run("mypy")                           # files and settings: [tool.mypy]
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_finds_nothing():
    run = _run("ruff", "check", ".")
    assert run.returncode == 0, run.stdout + run.stderr
