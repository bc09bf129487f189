#!/usr/bin/env python3
"""Cold-process build time of the sample issue (issue 5: under 1.5 s).

Runs `python -m typeset build` as a fresh process N times and prints the
median wall time, with and without the preflight the build runs on its own
output, plus one in-process breakdown by stage.

    python bench/build.py [--runs 5] [--issue issues/sample.xml]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cold(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "typeset", *args], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def stages(issue: str, out: str) -> dict:
    code = ("import json,time;t=time.perf_counter();"
            "from typeset.pipeline import *;i=time.perf_counter()-t;"
            f"f=load_fonts();r=layout_issue({issue!r},f);"
            "t1=time.perf_counter();"
            f"pdf=draw_issue(r,f,BuildOptions());write_atomically(pdf,{out!r});"
            "r.timings['write']=time.perf_counter()-t1-r.timings['draw']-r.timings['finish'];"
            "r.timings['imports']=i;print(json.dumps(r.timings))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    import json
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--issue", default="issues/sample.xml")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sample.pdf")
        cold(["build", a.issue, "-o", out], 1)                      # warm the OS file cache
        plain = cold(["build", a.issue, "-o", out, "--no-preflight"], a.runs)
        full = cold(["build", a.issue, "-o", out], a.runs)
        check = cold(["check", a.issue], a.runs) if _has_check() else None
        parts = stages(a.issue, out)
    print(f"paiban build, cold process, median of {a.runs}:")
    print(f"  build without preflight  {plain:6.3f} s   (target < 1.5 s)")
    print(f"  build with preflight     {full:6.3f} s")
    if check is not None:
        print(f"  paiban check             {check:6.3f} s   (target < 1 s)")
    print("in-process stages: " + ", ".join(f"{k} {v:.3f} s" for k, v in parts.items()))
    return 0


def _has_check() -> bool:
    run = subprocess.run([sys.executable, "-m", "typeset", "check", "--help"], cwd=ROOT, capture_output=True)
    return run.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
