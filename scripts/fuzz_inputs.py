#!/usr/bin/env python3
"""The long fuzz run of issue 13: mutated copies of the sample's XML, page
templates and photos, each built with `paiban build --strict` (in process),
checked against the oracle of tests/robustness/input_mutations.py — exit 0,
2 or 3 only; no traceback or stray stderr; a refusal located in the case's
files, the previous output intact, no temporary file; a build with every
character on a page or in an overset report.

    nice python3 scripts/fuzz_inputs.py --cases 5000            # seeds 0–4999
    python3 scripts/fuzz_inputs.py --start 4000 --cases 10 -v     # show each case

Prints the outcomes, the outcomes by kind of mutation and every failing
case (seed, mutations, problems, stderr); a failing seed is reproduced with
`--start SEED --cases 1 -v --keep DIR`.  Exits 1 if any case failed.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests", "robustness")]

from input_mutations import make_case, run_case  # noqa: E402

PROBLEMS = ("exit", "traceback", "stray output", "refusal not located", "changed the previous output",
            "temporary file", "without a new PDF", "silent loss", "underset blocks")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--keep", help="build in this folder and keep the last case there")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    work = args.keep or tempfile.mkdtemp(prefix="paiban-fuzz-")
    os.environ["TYPESET_CACHE_DIR"] = os.path.join(work, "cache")    # mutated photos stay out of the user's cache
    outcomes: collections.Counter = collections.Counter()
    by_kind: collections.Counter = collections.Counter()
    problems: collections.Counter = collections.Counter()
    failures = []
    start = time.perf_counter()
    for seed in range(args.start, args.start + args.cases):
        case = make_case(seed)
        outcome = run_case(case, os.path.join(work, "case"))
        if outcome.code in (130, 143):        # Ctrl-C or SIGTERM, which paiban's main() answers: stop here
            print(f"interrupted at seed {seed}", file=sys.stderr)
            break
        outcomes[outcome.kind] += 1
        for kind in case.kinds:
            by_kind[(kind, outcome.kind)] += 1
        for p in outcome.problems:
            problems[next((name for name in PROBLEMS if name in p), p)] += 1
        if outcome.problems:
            failures.append((seed, case.mutations, outcome.problems, outcome.err.strip()[:400]))
        if args.verbose:
            first = outcome.err.strip().splitlines()[0][:140] if outcome.err.strip() else ""
            print(f"{seed}: {outcome.kind} {case.mutations} {outcome.problems or ''} {first}", flush=True)
        elif (seed - args.start + 1) % 250 == 0:
            print(f"… {seed - args.start + 1} cases, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    report(args, outcomes, by_kind, problems, failures, time.perf_counter() - start)
    return 1 if failures else 0


def report(args, outcomes, by_kind, problems, failures, seconds: float) -> None:
    n = sum(outcomes.values())
    print(f"{n} cases (seeds {args.start}–{args.start + n - 1}) in {seconds:.0f} s "
          f"({seconds / max(n, 1) * 1000:.0f} ms a case)")
    print("outcomes: " + ", ".join(f"{k} {outcomes[k]}" for k in ("built", "unfilled", "refused", "crash")))
    for kind in ("xml", "template", "image"):
        row = {o: by_kind[(kind, o)] for o in ("built", "unfilled", "refused", "crash")}
        print(f"  cases mutating the {kind}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print("problems: " + (", ".join(f"{k} {v}" for k, v in problems.items()) if problems else
                          "0 crashes, 0 tracebacks, 0 stray output, 0 partial outputs, 0 silent losses"))
    for seed, mutations, found, err in failures:
        print(f"FAILED seed {seed}: {mutations}: {found}\n    {err}")


if __name__ == "__main__":
    sys.exit(main())
