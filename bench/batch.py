#!/usr/bin/env python3
"""20 copies of the sample issue → wall time of `paiban batch --workers 2` vs the sum of single builds;
and issues per second for copies of one issue and for distinct issues.

Single builds are `paiban build --no-preflight` in fresh processes, one after
the other (what a shell loop does); the batch is one `paiban batch --force`
over the same copies.  Both write PDF/X-1a (the default variant).  Prints
both times and their ratio; a ratio clearly below 1 says both cores work.

Distinct issues each have their own photos (the sample's, each re-encoded
with a mark of its issue, so none is in the cache: what an archive of back
issues meets); copies share theirs, prepared once.  Both batches start from an
empty cache folder (TYPESET_CACHE_DIR).
Run: python bench/batch.py [--copies 20] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def paiban(*args: str, cache: str = "") -> float:
    """Run `python -m typeset ARGS` in a fresh process; seconds of wall time."""
    env = dict(os.environ, PYTHONPATH=str(REPO), **({"TYPESET_CACHE_DIR": cache} if cache else {}))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "typeset", "-q", *args], capture_output=True,
                          text=True, env=env, cwd=REPO)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"paiban {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return seconds


def make_copies(folder: Path, n: int) -> list[Path]:
    shutil.copytree(REPO / "issues" / "images", folder / "images")
    paths = [folder / f"issue-{i:02}.xml" for i in range(1, n + 1)]
    for path in paths:
        shutil.copyfile(REPO / "issues" / "sample.xml", path)
    return paths


def make_distinct(folder: Path, n: int) -> list[Path]:
    """n issues, each the sample with its own photos (re-encoded with a mark of the issue)."""
    from PIL import Image
    paths = []
    for i in range(1, n + 1):
        own = folder / f"issue-{i:02}"
        (own / "images").mkdir(parents=True)
        for photo in sorted((REPO / "issues" / "images").glob("*.jpg")):
            with Image.open(photo) as im:
                im = im.convert("RGB")
                im.putpixel((i, i), (i * 7 % 256, 255 - i, i * 13 % 256))
                im.save(own / "images" / photo.name, quality=90)
        path = own / f"issue-{i:02}.xml"
        shutil.copyfile(REPO / "issues" / "sample.xml", path)
        paths.append(path)
    return paths


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="paiban-bench-") as tmp:
        root = Path(tmp)
        issues = make_copies(root / "in", args.copies)
        (root / "single").mkdir()
        (root / "batch").mkdir()
        single = sum(paiban("build", str(i), "-o", str(root / "single" / (i.stem + ".pdf")), "--no-preflight")
                     for i in issues)
        batch = paiban("batch", str(root / "in"), "-o", str(root / "batch"), "--workers", str(args.workers),
                       "--force")
        again = paiban("batch", str(root / "in"), "-o", str(root / "batch"), "--workers", str(args.workers))
        copies = paiban("batch", str(root / "in"), "-o", str(root / "copies"), "--workers", str(args.workers),
                        "--force", cache=str(root / "cache-copies"))
        distinct_issues = make_distinct(root / "distinct", args.copies)
        distinct = paiban("batch", *map(str, distinct_issues), "-o", str(root / "distinct-out"),
                          "--workers", str(args.workers), "--force", cache=str(root / "cache-distinct"))
    print(f"{args.copies} issues on {os.cpu_count()} cores")
    print(f"sum of single builds (one process each): {single:6.2f} s  ({single / args.copies:.2f} s per issue)")
    print(f"paiban batch --workers {args.workers}:            {batch:6.2f} s  ({batch / args.copies:.2f} s per issue)")
    print(f"ratio batch / single:                    {batch / single:6.2f}")
    print(f"second run (all up to date, skipped):    {again:6.2f} s")
    print(f"empty cache, copies of one issue:        {args.copies / copies:6.2f} issues/s")
    print(f"empty cache, distinct issues (own photos): {args.copies / distinct:4.2f} issues/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
