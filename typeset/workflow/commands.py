"""argparse sub-commands check, proof, epaper, watch and batch → exit status (0 ok, 2 input, 3 overset)."""
from __future__ import annotations

import argparse
import os
import sys

from .messages import resolve_lang, say

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_OVERSET = 0, 1, 2, 3


def add_commands(sub) -> None:
    """Called by typeset.cli.make_parser with its sub-parsers."""
    _add_check(sub)
    _add_proof(sub)
    _add_epaper(sub)
    _add_watch(sub)
    _add_batch(sub)


# Option types: argparse reports their errors as usage errors (exit 2), before anything runs.
# The language comes from PAIBAN_LANG only, since --lang is not parsed yet.

def _dpi(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(say("proof_bad_dpi", resolve_lang()))
    return value


def _sizes(text: str) -> tuple[int, ...]:
    from .epaper import MAX_SIZE, MIN_SIZE, parse_sizes
    try:
        return parse_sizes(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("epaper_bad_sizes", resolve_lang(), low=MIN_SIZE,
                                             high=MAX_SIZE)) from None


def _shard(text: str) -> tuple[int, int]:
    from .batch import parse_shard
    try:
        return parse_shard(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("batch_bad_shard", resolve_lang())) from None


def _workers(text: str) -> int:
    value = int(text) if text.isdigit() else -1
    if value < 1:
        raise argparse.ArgumentTypeError(say("batch_bad_workers", resolve_lang()))
    return value


def _scheduler(text: str) -> str:
    """A Dask scheduler's address as given, or local:N with N ≥ 1 (checked here, connected later)."""
    from .cluster import LOCAL
    if text.startswith(LOCAL) and not (text[len(LOCAL):].isdigit() and int(text[len(LOCAL):]) >= 1):
        raise argparse.ArgumentTypeError(say("batch_bad_scheduler", resolve_lang()))
    return text


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default=None,
                   help="message language: zh (default) or en; env PAIBAN_LANG")


# -- check ---------------------------------------------------------------------------

def _add_check(sub) -> None:
    p = sub.add_parser("check", help="lay out without writing a PDF; report fit, overset and quality per block")
    p.add_argument("issue")
    p.add_argument("--json", action="store_true", help="machine-readable report on stdout")
    p.add_argument("--strict", action="store_true", help="exit 3 when a page has holes (欠版) too")
    _lang_option(p)
    p.set_defaults(func=_check)


def _check(args) -> int:
    from .check import check_issue, format_table
    report = check_issue(args.issue)
    lang = resolve_lang(args.lang)
    if args.json:
        print(report.to_json())
    elif not args.quiet:
        print(format_table(report, lang))
    if not args.quiet:
        for w in report.warnings:       # located (file:line: <block>), so an editor can jump there
            print(w, file=sys.stderr)
    return EXIT_OVERSET if report.overset or (args.strict and report.underset) else EXIT_OK


# -- proof ---------------------------------------------------------------------------

def _add_proof(sub) -> None:
    p = sub.add_parser("proof", help="PNG proof of every page, optionally with grid, frames and ids")
    p.add_argument("issue")
    p.add_argument("-o", "--output", help="folder for the PNGs (default: ISSUE-proof next to the issue)")
    p.add_argument("--overlay", action="store_true", help="draw the grid, block frames, ids and overset marks")
    p.add_argument("--dpi", type=_dpi, default=None, help="resolution (default 50; 150 for a close look)")
    _lang_option(p)
    p.set_defaults(func=_proof)


def _proof(args) -> int:
    from ..pipeline import load_fonts
    from .check import layout, report_for, summary_line
    from .proof import DEFAULT_DPI, ProofOptions, write_proofs
    lang = resolve_lang(args.lang)
    folder = args.output or os.path.splitext(args.issue)[0] + "-proof"
    fonts = load_fonts()
    result = layout(args.issue, fonts)
    paths = write_proofs(result, fonts, ProofOptions(folder, dpi=args.dpi or DEFAULT_DPI, overlay=args.overlay,
                                                             lang=lang))
    if not args.quiet:
        print(say("proof_written", lang, count=len(paths), folder=folder))
        print(summary_line(report_for(result, args.issue), lang))
    return EXIT_OK


# -- epaper --------------------------------------------------------------------------

def _add_epaper(sub) -> None:
    p = sub.add_parser("epaper",
                       help="digital edition: page JPEGs, clickable index.html, issue.json, NewsML-G2 articles")
    p.add_argument("issue")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder to write (replaced as a whole; default: ISSUE-epaper next to the issue)")
    p.add_argument("--sizes", type=_sizes, default=None, metavar="W,W",
                   help="page image widths in px (default 1600,400)")
    _lang_option(p)
    p.set_defaults(func=_epaper)


def _epaper(args) -> int:
    from ..pipeline import load_fonts
    from .check import layout, report_for, summary_line
    from .epaper import SIZES, EpaperOptions, default_folder, write_epaper
    lang = resolve_lang(args.lang)
    folder = args.output or default_folder(args.issue)
    fonts = load_fonts()
    result = layout(args.issue, fonts)
    files = write_epaper(result, fonts, EpaperOptions(folder, sizes=args.sizes or SIZES))
    if not args.quiet:
        articles = sum(name.startswith("newsml/") for name in files)
        print(say("epaper_written", lang, pages=len(result.pages), articles=articles, files=len(files),
                  folder=folder))
        print(summary_line(report_for(result, args.issue), lang))
    return EXIT_OK


# -- watch ---------------------------------------------------------------------------

def _add_watch(sub) -> None:
    p = sub.add_parser("watch", help="rebuild whenever the issue, its images, templates or fonts change")
    p.add_argument("issue")
    p.add_argument("-o", "--output", help="PDF to write (default: ISSUE.pdf)")
    p.add_argument("--proof", nargs="?", const="", default=None, metavar="DIR",
                   help="also write overlay proofs (default folder ISSUE-proof)")
    p.add_argument("--variant", choices=["none", "x1a", "x4", "archive"], default="none",
                   help="PDF kind (default none: fastest; use build for the print file)")
    p.add_argument("--table", action="store_true", help="print the whole check table, not only the summary")
    p.add_argument("--interval", type=float, default=0.5, help="seconds between polls (default 0.5)")
    p.add_argument("--max-iterations", type=int, default=None, help="stop after N polls (scripts and tests)")
    _lang_option(p)
    p.set_defaults(func=_watch)


def _watch(args) -> int:
    from .watch import WatchOptions, Watcher
    stem = os.path.splitext(args.issue)[0]
    proof_dir = None if args.proof is None else (args.proof or stem + "-proof")
    options = WatchOptions(out=args.output or stem + ".pdf", proof_dir=proof_dir, variant=args.variant,
                           interval=args.interval, lang=resolve_lang(args.lang), table=args.table)
    return Watcher(args.issue, options).run(args.max_iterations)


# -- batch ---------------------------------------------------------------------------

def _add_batch(sub) -> None:
    p = sub.add_parser("batch", help="build many issues in parallel into a folder, skipping up-to-date ones")
    p.add_argument("paths", nargs="+", metavar="PATH", help="issue files or folders (every *.xml inside)")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the PDFs")
    p.add_argument("--workers", type=_workers, default=0, help="processes (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="rebuild even up-to-date outputs")
    p.add_argument("--log", help="JSON-lines log to append to (default OUTDIR/.paiban-batch.log)")
    p.add_argument("--shard", metavar="K/N", type=_shard,
                   help="build only shard K of N (stable by path; one per machine)")
    p.add_argument("--scheduler", metavar="ADDRESS", type=_scheduler,
                   help="build on the Dask cluster at ADDRESS (tcp://host:8786), or local:N for N local "
                        "worker processes; needs typeset[cluster]")
    p.add_argument("--variant", choices=["x1a", "x4", "archive", "none"], default="x1a")
    p.add_argument("--strict", action="store_true", help="exit 3 when any issue is overset")
    p.add_argument("--epaper", action="store_true",
                   help="also write each issue's e-paper (paiban epaper) next to its PDF: NAME-epaper/")
    _lang_option(p)
    p.set_defaults(func=_batch)


def _batch(args) -> int:
    from .batch import BatchOptions, run_batch
    lang = resolve_lang(args.lang)
    options = BatchOptions(args.output, workers=args.workers, force=args.force, variant=args.variant,
                           log=args.log, shard=args.shard, lang=lang, quiet=args.quiet, verbose=args.verbose,
                           scheduler=args.scheduler, epaper=args.epaper)
    summary = run_batch(args.paths, options)
    _print_batch(summary, lang, args)
    return _batch_status(summary, args.strict)


def _print_batch(summary, lang: str, args) -> None:
    for r in summary.records:
        if r["status"] == "failed":
            print(say("batch_failed_item", lang, error=r["error"]), file=sys.stderr)
    if not args.quiet:
        print(say("batch_summary", lang, total=len(summary.records), built=summary.count("built"),
                  skipped=summary.count("skipped"), failed=summary.count("failed"), overset=summary.overset,
                  seconds=summary.seconds, workers=summary.workers, rate=summary.rate,
                  cpu=summary.cpu_per_issue))


def _batch_status(summary, strict: bool) -> int:
    failed = [r for r in summary.records if r["status"] == "failed"]
    if failed:
        return EXIT_BUG if any(r["error_kind"] == "internal" for r in failed) else EXIT_INPUT
    return EXIT_OVERSET if strict and summary.overset else EXIT_OK
