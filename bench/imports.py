#!/usr/bin/env python3
"""Import time of a typeset process, module by module (median of N runs).

Runs a command N times under `python -X importtime` with bytecode caching on
(as an installed program runs) and prints, for the modules imported after
`site`, the median cumulative and self time, heaviest first.

    python bench/imports.py [--runs 9] [--top 40] [--job body-flow|build]

"body-flow" is the typeset job of bench/body_flow.py at ×10; "build" is
`python -m typeset build issues/sample.xml`.  One `-X importtime` run is
noisy (±1 ms per module); the median of nine is steady to about 0.2 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def command(job: str, tmp: str) -> list[str]:
    if job == "body-flow":
        return [os.path.join(ROOT, "bench", "body_flow.py"), "--job", "typeset", "--scale", "10",
                "--out", os.path.join(tmp, "x.pdf")]
    return ["-m", "typeset", "-q", "build", os.path.join(ROOT, "issues", "sample.xml"),
            "-o", os.path.join(tmp, "s.pdf")]


def one_run(args: list[str]) -> tuple[dict[str, tuple[int, int, int]], str]:
    """module → (self µs, cumulative µs, nesting level) for the modules after
    site, and the command's standard output."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(run.stderr[-2000:])
    out, after_site = {}, False
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        level = (len(name) - len(name.lstrip(" ")) - 1) // 2
        name = name.strip()
        if after_site:
            out[name] = (int(own), int(cumulative), level)
        after_site = after_site or (name == "site" and level == 0)
    return out, run.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--job", choices=["body-flow", "build"], default="body-flow")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        args = command(a.job, tmp)
        one_run(args)                                    # bytecode caches, not counted
        results = [one_run(args) for _ in range(a.runs)]
    runs = [r for r, _ in results]
    names = set().union(*runs)
    med = {n: (statistics.median(r[n][0] for r in runs if n in r),
               statistics.median(r[n][1] for r in runs if n in r)) for n in names}
    top_level = statistics.median(sum(c for _, c, level in r.values() if level == 0) for r in runs)
    print(f"{a.job}: modules imported after site, median of {a.runs} runs; "
          f"all top-level imports {top_level / 1000:.1f} ms")
    if a.job == "body-flow":   # the job's own "imports" stage (from its start, under -X importtime)
        stage = statistics.median(json.loads(out.strip().splitlines()[-1])["imports"] for _, out in results)
        print(f"body-flow \"imports\" stage {stage * 1000:.1f} ms (inflated by -X importtime)")
    print(f"{'cumulative':>10} {'self':>7}  module")
    for n in sorted(names, key=lambda n: -med[n][1])[:a.top]:
        print(f"{med[n][1] / 1000:8.2f} ms {med[n][0] / 1000:5.2f}  {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
