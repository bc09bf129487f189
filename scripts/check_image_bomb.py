#!/usr/bin/env python3
"""Peak memory of a build whose photo is an image bomb (issue 13 §6): ≤ 300 MB.

Makes small JPEGs whose headers claim huge sizes (a ~50 KB file saying
9000 × 9000, which libjpeg would fill in with grey), puts each in a one-page
issue, and runs `paiban build` under `/usr/bin/time -v` in a fresh process
(no image cache: a temporary TYPESET_CACHE_DIR).  Prints one line per case —
exit status, peak resident memory, seconds, the first line of stderr — and
exits 1 if any peak is over the budget or a case ends other than expected.

    python3 scripts/check_image_bomb.py            # the cases below
"""
from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import tempfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUDGET_MB = 300
# (claimed width, height, expected exit status): 81 Mpx is refused from the
# header; 49 Mpx is accepted and decoded reduced (draft) to what the frame needs.
CASES = [(9000, 9000, 2), (7000, 7000, 0), (30000, 30000, 2)]

ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="bulletin">
    <photo id="bomb" col="1" span="3" lines="30" src="images/bomb.jpg"><caption>图片</caption></photo>
    <article id="a1" col="4" span="3"><headline>标题</headline><p>正文一段。</p></article>
  </page>
</issue>
"""


def hostile_jpeg(width: int, height: int) -> bytes:
    """A real 360 × 360 JPEG of noise whose frame header is rewritten to claim width × height."""
    im = Image.effect_noise((360, 360), 60).convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=60)
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def run_case(folder: str, width: int, height: int) -> tuple[int, float, float, str]:
    """Build the issue with the bomb; (status, peak MB, seconds, first stderr line)."""
    os.makedirs(os.path.join(folder, "images"), exist_ok=True)
    with open(os.path.join(folder, "images", "bomb.jpg"), "wb") as f:
        f.write(hostile_jpeg(width, height))
    with open(os.path.join(folder, "issue.xml"), "w", encoding="utf-8") as f:
        f.write(ISSUE)
    env = dict(os.environ, PYTHONPATH=ROOT, PAIBAN_LANG="en", TYPESET_CACHE_DIR=os.path.join(folder, "cache"))
    run = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "typeset", "build",
                          os.path.join(folder, "issue.xml"), "-o", os.path.join(folder, "out.pdf"),
                          "--variant", "none", "-q"], capture_output=True, text=True, env=env, cwd=folder, timeout=300)
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", run.stderr).group(1)
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    first = next((ln for ln in run.stderr.splitlines() if ln.strip()), "")
    return run.returncode, peak_kb / 1024, seconds, first if not first.startswith("\tCommand") else ""


def main() -> int:
    ok = True
    for width, height, expected in CASES:
        with tempfile.TemporaryDirectory(prefix="paiban-bomb-") as folder:
            size = len(hostile_jpeg(width, height))
            status, peak, seconds, first = run_case(folder, width, height)
        good = status == expected and peak <= BUDGET_MB
        ok &= good
        print(f"{'ok ' if good else 'BAD'} {width}×{height} header, {size / 1024:.0f} KB file: exit {status} "
              f"(expected {expected}), peak {peak:.0f} MB (budget {BUDGET_MB}), {seconds:.1f} s  {first[:110]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
