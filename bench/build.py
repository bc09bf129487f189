#!/usr/bin/env python3
"""Cold-process builds of the sample issue: wall time, and CPU ratios measured side by side.

Runs `python -m typeset build` as fresh processes and prints

* the median wall time with and without the preflight the build runs on its
  own output (issue 5: under 1.5 s), and of `paiban check`;
* the CPU of a build with its preflight over one with `--no-preflight`, on
  the sample (2 pages) and on an issue of `--pages` pages made by repeating
  the sample's pages (issue 15: at most 1.3 at both);
* the CPU of a build with an empty cache (TYPESET_CACHE_DIR emptied before
  each run: photo separations, font parses) over one with the cache warm
  (issue 15: at most 1.3);
* what the empty cache's extra CPU goes to, in-process (photos: decoding,
  resampling, separation, JPEG encoding; the fonts' first reading);
* one in-process breakdown by stage.

CPU is the user + system time of the child processes (getrusage
RUSAGE_CHILDREN, Ghostscript and qpdf included when the preflight runs them);
the two builds of a ratio alternate, run after run, and the ratio is that of
their medians, so a busy shared machine slows both alike.

    python bench/build.py [--runs 3] [--pages 128] [--issue issues/sample.xml]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), **extra)


def run_build(args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `python -m typeset ARGS` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "typeset", "-q", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(a, b, runs: int) -> tuple[list, list]:
    """Run the callables a and b alternately `runs` times; their (wall, cpu) results."""
    ra, rb = [], []
    for _ in range(runs):
        ra.append(a())
        rb.append(b())
    return ra, rb


def median(results: list, index: int) -> float:
    return statistics.median(r[index] for r in results)


def make_issue(folder: Path, pages: int) -> Path:
    """An issue of `pages` pages: the sample's pages in turn, renumbered, ids made unique."""
    shutil.copytree(ROOT / "issues" / "images", folder / "images", dirs_exist_ok=True)
    text = (ROOT / "issues" / "sample.xml").read_text(encoding="utf-8")
    head = text[:text.index("<page ")]
    sample_pages = re.findall(r"<page .*?</page>", text, re.S)
    out = [head]
    for k in range(pages):
        page = re.sub(r'<page number="\d+"', f'<page number="{k + 1}"', sample_pages[k % len(sample_pages)], count=1)
        out.append(re.sub(r' id="([^"]+)"', lambda m, k=k: f' id="{m.group(1)}-{k + 1}"', page) + "\n")
    out.append("</issue>\n")
    path = folder / f"issue-{pages}.xml"
    path.write_text("".join(out), encoding="utf-8")
    return path


def preflight_ratio(issue: str, out: str, runs: int, env: dict) -> tuple[float, float, float]:
    """(CPU with preflight, CPU without, ratio) of builds of `issue`."""
    plain, full = side_by_side(lambda: run_build(["build", issue, "-o", out, "--no-preflight"], env),
                               lambda: run_build(["build", issue, "-o", out], env), runs)
    return median(full, 1), median(plain, 1), median(full, 1) / median(plain, 1)


def cache_ratio(issue: str, out: str, runs: int, cache: Path) -> tuple[float, float, float]:
    """(CPU with an empty cache, CPU warm, ratio) of `--no-preflight` builds of `issue`."""
    env = child_env(TYPESET_CACHE_DIR=str(cache))

    def empty():
        shutil.rmtree(cache, ignore_errors=True)
        return run_build(["build", issue, "-o", out, "--no-preflight"], env)
    cold, warm = side_by_side(empty, lambda: run_build(["build", issue, "-o", out, "--no-preflight"], env), runs)
    return median(cold, 1), median(warm, 1), median(cold, 1) / median(warm, 1)


FIRST_BUILD_PARTS = """
import json, os, sys, tempfile, time
os.environ["TYPESET_CACHE_DIR"] = tempfile.mkdtemp(prefix="paiban-cold-")
from typeset.photos import separate
from typeset.fonts import metrics
from typeset.draw import ttfparse
spent = {}
def timed(module, name, label):
    inner = getattr(module, name)
    def wrapper(*args, **kw):
        t = time.process_time()
        try:
            return inner(*args, **kw)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - t
    setattr(module, name, wrapper)
for module, name, label in ((separate, "prepare_image", "photos"), (separate, "_crop_and_reduce", "resample"),
                            (separate, "_separated", "separate"), (separate, "_encode", "encode"),
                            (metrics, "load_metrics", "font metrics"), (ttfparse, "fast_extract_info", "font parse")):
    timed(module, name, label)
from typeset.pipeline import BuildOptions, draw_issue, layout_issue, load_fonts
fonts = load_fonts()
draw_issue(layout_issue(sys.argv[1], fonts), fonts, BuildOptions())
spent["decode, crop, other"] = spent["photos"] - spent["resample"] - spent["separate"] - spent["encode"]
print(json.dumps(spent))
"""


def first_build_parts(issue: str) -> dict:
    """CPU-s of what a build with an empty cache does that a warm one does
    not, in-process: the photos (decoding, resampling, separation, JPEG
    encoding) and the fonts' first reading."""
    run = subprocess.run([sys.executable, "-c", FIRST_BUILD_PARTS, issue], cwd=ROOT, env=child_env(), check=True,
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def stages(issue: str, out: str) -> dict:
    code = ("import json,time;t=time.perf_counter();"
            "from typeset.pipeline import *;i=time.perf_counter()-t;"
            f"f=load_fonts();r=layout_issue({issue!r},f);"
            "t1=time.perf_counter();"
            f"pdf=draw_issue(r,f,BuildOptions());write_atomically(pdf,{out!r});"
            "r.timings['write']=time.perf_counter()-t1-r.timings['draw']-r.timings['finish'];"
            "r.timings['imports']=i;print(json.dumps(r.timings))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(), check=True,
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", type=int, default=128, help="pages of the long issue (0: skip it)")
    ap.add_argument("--issue", default="issues/sample.xml")
    a = ap.parse_args()
    env = child_env()
    with tempfile.TemporaryDirectory(prefix="paiban-bench-") as tmp:
        out = os.path.join(tmp, "out.pdf")
        run_build(["build", a.issue, "-o", out], env)                 # warm the OS file cache and ours
        plain, full = side_by_side(lambda: run_build(["build", a.issue, "-o", out, "--no-preflight"], env),
                                   lambda: run_build(["build", a.issue, "-o", out], env), a.runs)
        check = [run_build(["check", a.issue], env) for _ in range(a.runs)]
        cache = cache_ratio(a.issue, out, a.runs, Path(tmp) / "cache")
        long_issue = None
        if a.pages:
            issue = str(make_issue(Path(tmp) / "long", a.pages))
            run_build(["build", issue, "-o", out, "--no-preflight"], env)
            long_issue = preflight_ratio(issue, out, max(1, a.runs - 1), env)
        parts = stages(a.issue, out)
        cold_parts = first_build_parts(a.issue)
    print(f"paiban build, cold process, median of {a.runs} (CPU: user + system of the child processes):")
    print(f"  build without preflight  {median(plain, 0):6.3f} s wall  {median(plain, 1):6.3f} s CPU  (target < 1.5 s)")
    print(f"  build with preflight     {median(full, 0):6.3f} s wall  {median(full, 1):6.3f} s CPU")
    print(f"  paiban check             {median(check, 0):6.3f} s wall  {median(check, 1):6.3f} s CPU  (target < 1 s)")
    print(f"  preflight / no preflight, {a.issue}: CPU ratio {median(full, 1) / median(plain, 1):.2f}  (target ≤ 1.3)")
    if long_issue:
        print(f"  preflight / no preflight, {a.pages} pages: {long_issue[0]:.2f} / {long_issue[1]:.2f} CPU-s,"
              f" ratio {long_issue[2]:.2f}  (target ≤ 1.3)")
    print(f"  empty cache / warm cache, {a.issue} --no-preflight: {cache[0]:.2f} / {cache[1]:.2f} CPU-s,"
          f" ratio {cache[2]:.2f}  (target ≤ 1.3)")
    print("    of the empty cache's extra, in-process CPU: "
          + ", ".join(f"{k} {v:.3f} s" for k, v in cold_parts.items() if k != "photos"))
    print("in-process stages: " + ", ".join(f"{k} {v:.3f} s" for k, v in parts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
