#!/usr/bin/env python3
"""Cold process → seconds for `paiban check` on the sample issue (target < 1 s, issue 7).

Each run is a fresh interpreter, `python -m typeset check issues/sample.xml`,
timed from outside (interpreter start, imports, fonts, parse, layout and the
report).  Prints every run and the median.
Run: python bench/check.py [--runs 5] [--issue PATH]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 1.0


def one_run(issue: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "typeset", "check", issue], capture_output=True,
                          text=True, env=env, cwd=REPO)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 3):          # 3 (overset) is still a completed check
        sys.exit(f"paiban check failed ({proc.returncode}):\n{proc.stderr}")
    return seconds


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--issue", default=str(REPO / "issues" / "sample.xml"))
    args = p.parse_args()
    one_run(args.issue)                         # warm the OS file cache, not the process
    times = [one_run(args.issue) for _ in range(args.runs)]
    median = statistics.median(times)
    print("runs: " + ", ".join(f"{t:.3f}" for t in times))
    print(f"paiban check (cold process) median {median:.3f} s — target < {TARGET_S} s: "
          f"{'OK' if median < TARGET_S else 'TOO SLOW'}")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
