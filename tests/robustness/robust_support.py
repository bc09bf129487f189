"""Shared helpers of the robustness tests: run paiban, check a failure was clean."""
from __future__ import annotations

import os
import subprocess
import sys

from typeset.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")
BAD_BUILD = os.path.join(ROOT, "tests", "data", "bad-build")
BAD_PARSE = os.path.join(ROOT, "tests", "data", "bad")
PREVIOUS = b"%PDF-1.4 the previous build, which a failed build must leave alone\n"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`paiban ARGS` in this process (fonts stay loaded): (status, stdout, stderr)."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_subprocess(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m typeset ARGS` as a user runs it: a real process, real stderr."""
    return subprocess.run([sys.executable, "-m", "typeset", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def with_previous(out_path: str) -> str:
    """Put a 'previous build' at out_path, so tests can see that it survives."""
    with open(out_path, "wb") as f:
        f.write(PREVIOUS)
    return out_path


def leftovers(folder: str) -> list[str]:
    """Temporary files of write_atomically left in `folder`."""
    return [n for n in os.listdir(folder) if n.startswith(".paiban-")]


def assert_failed_cleanly(code: int, err: str, out_path: str, status: int = 2) -> None:
    """The failure contract: status, no traceback, previous PDF intact, no temp file."""
    assert code == status, err
    assert "Traceback" not in err
    with open(out_path, "rb") as f:
        assert f.read() == PREVIOUS, "a failed build changed the previous output"
    assert not leftovers(os.path.dirname(out_path))
