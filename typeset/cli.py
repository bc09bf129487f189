"""The `paiban` (排版) command line: argument parsing and exit codes only.

Exit status (documented in the README):
  0  done (built, valid, everything fits)
  1  internal error (a bug: please report it)
  2  input error (the message names file:line:col and the element)
  3  built or checked, but text is overset (paiban check / build --strict), or
     the page has holes (欠版: check --strict / build --strict)
  130, 143  interrupted (Ctrl-C) or terminated (SIGTERM); no output written
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from . import __version__
from .errors import InputError, TypesetError
from .messages import LANG_ENV, say
from .runtime import library_log_lines

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_OVERSET = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143      # 128 + SIGINT, 128 + SIGTERM, as shells report them


class Terminated(BaseException):
    """SIGTERM (a `kill`, a service manager stopping paiban): unwinds like
    Ctrl-C, so the atomic writer deletes its temporary file and the
    previous output stays, and the CLI says so instead of dying silently."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _build(args) -> int:
    from .pipeline import BuildOptions, build_issue
    out = args.output or os.path.splitext(args.issue)[0] + ".pdf"
    checked = not args.no_preflight and args.preflight != "off"
    opts = BuildOptions(variant=args.variant, bleed_mm=3.0 if args.bleed else 0.0, marks=args.marks,
                        preflight=checked, allow_outside_images=args.allow_outside_images)
    result = build_issue(args.issue, out, opts)
    for w in result.warnings:
        if not args.quiet:
            print(w, file=sys.stderr)
    if not args.quiet:
        print(say("built", out=out, pages=len(result.pages), chars=sum(b.chars for b in result.blocks),
                  overset=len(result.overset)))
    if opts.preflight and args.variant != "none":
        full = args.preflight == "full"
        code = _preflight_report(out, args.quiet, args.verbose, facts=None if full else result.facts, full=full)
        if code:
            return code
    return EXIT_OVERSET if (args.strict and (result.overset or result.underset)) else EXIT_OK


def _preflight_report(path: str, quiet: bool, verbose: bool = False, facts=None, full: bool = False) -> int:
    """After a build: one line of counts, then the checks that warned or
    failed (every check with -v; `paiban preflight` prints them all).

    `facts` (what the build drew) stand for the walk and the render (print/facts.py);
    `full` checks the file from its bytes alone, with the external cross-checks."""
    from .print.preflight import preflight
    report = preflight(path, facts=facts, external=full)
    if verbose:
        print(report.to_text(), file=sys.stderr if not report.ok else sys.stdout)
    elif not quiet or not report.ok:
        n = report.counts()
        summary = say("preflight_summary", verdict=say("preflight_ok" if report.ok else "preflight_failed"),
                      passed=n["pass"], warned=n["warn"], failed=n["fail"], variant=report.variant,
                      seconds=f"{report.seconds:.2f}")
        print("\n".join([summary] + report.check_lines(("warn", "fail"))),
              file=sys.stderr if not report.ok else sys.stdout)
    return EXIT_OK if report.ok else EXIT_BUG


def _validate(args) -> int:
    """The issue against the format, and the templates its pages name against theirs."""
    from .flow import template_for
    from .model.parse import parse_issue
    issue = parse_issue(args.issue)
    for page in issue.pages:
        template_for(page, issue)
    if not args.quiet:
        print(say("valid", issue=args.issue, pages=len(issue.pages),
                  blocks=sum(len(p.blocks) for p in issue.pages)))
    return EXIT_OK


def _preflight(args) -> int:
    from .print.preflight import preflight
    _readable_file(args.pdf)
    report = preflight(args.pdf, expect_bleed_mm=args.bleed_mm, external=args.external)
    print(report.to_json() if args.json else report.to_text())
    return EXIT_OK if report.ok else EXIT_BUG


def _readable_file(path: str) -> None:
    """A missing path or a folder is the user's mistake (exit 2), not a bug."""
    if os.path.isdir(path):
        raise InputError(say("not_a_file_folder"), file=path)
    if not os.path.exists(path):
        raise InputError(say("not_a_file_missing"), file=path)
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise InputError(say("not_a_file_unreadable", reason=e.strerror), file=path) from None


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="paiban",
                                description="排版 — typeset a Chinese newspaper issue (XML) into print-ready PDF.")
    p.add_argument("--version", action="version", version=f"paiban {__version__}")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument("-v", "--verbose", action="store_true", help="print timings and tracebacks of internal errors")
    p.add_argument("--lang", dest="global_lang", choices=["zh", "en"], default=None,
                   help="language of messages: zh (default) or en; env PAIBAN_LANG")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="lay out an issue and write its PDF")
    b.add_argument("issue")
    b.add_argument("-o", "--output", help="PDF to write (default: ISSUE.pdf)")
    b.add_argument("--variant", choices=["x1a", "x4", "archive", "none"], default="x1a",
                   help="PDF/X-1a (default), PDF/X-4, PDF/A-2a archive, or plain untagged PDF")
    b.add_argument("--bleed", action="store_true", help="add 3 mm bleed (BleedBox)")
    b.add_argument("--marks", action="store_true", help="draw crop marks outside the bleed")
    b.add_argument("--no-preflight", action="store_true", help="skip the preflight of the written PDF")
    b.add_argument("--preflight", choices=["fast", "full", "off"], default="fast",
                   help="fast (default): check the file with what the build drew; full: from the bytes alone, "
                        "with Ghostscript, qpdf and pdftotext; off: as --no-preflight")
    b.add_argument("--strict", action="store_true", help="exit 3 when any text is overset or a page has holes (欠版)")
    b.add_argument("--allow-outside-images", action="store_true",
                   help="allow image paths outside the issue's folder")
    b.set_defaults(func=_build)

    v = sub.add_parser("validate",
                       help="check an issue file and its page templates against their formats, without building")
    v.add_argument("issue")
    v.set_defaults(func=_validate)

    f = sub.add_parser("preflight", help="check any PDF for print (PDF/X, CMYK, fonts, ink, boxes)")
    f.add_argument("pdf")
    f.add_argument("--json", action="store_true")
    f.add_argument("--bleed-mm", type=float, default=None)
    f.add_argument("--external", action="store_true",
                   help="add the qpdf --check and pdftotext cross-checks")
    f.set_defaults(func=_preflight)

    try:
        from .workflow.commands import add_commands
    except ImportError:
        pass
    else:
        add_commands(sub)
    return p


GLOBAL_FLAGS = {"-q": "--quiet", "--quiet": "--quiet", "-v": "--verbose", "--verbose": "--verbose"}


def _hoist_global_flags(argv: list[str]) -> list[str]:
    """Let -q/-v and --lang stand anywhere (`paiban build x.xml -q --lang en`),
    as users type them."""
    flags, rest, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a in GLOBAL_FLAGS:
            flags.append(GLOBAL_FLAGS[a])
        elif a == "--lang" and i + 1 < len(argv):
            flags += [a, argv[i + 1]]
            i += 1
        elif a.startswith("--lang="):
            flags.append(a)
        else:
            rest.append(a)
        i += 1
    return flags + rest


def _chosen_lang(argv: list[str]):
    """The value of the last --lang in argv, if any (read before argparse
    runs, so that its own error messages use the language too)."""
    value = None
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith("--lang="):
            value = a.split("=", 1)[1]
    return value if value in ("zh", "en") else None


def run() -> None:
    """The paiban command (console script, `python -m typeset`, cli.py):
    `main`, then `runtime.exit_now` — no interpreter teardown."""
    from .runtime import exit_now
    exit_now(main())


def main(argv=None) -> int:
    from .runtime import route_library_logging, tune_for_short_process
    tune_for_short_process()
    route_library_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    # --lang is passed on through PAIBAN_LANG: the messages are made where the
    # problem is found (parser, layout, batch workers), far from the CLI.
    lang, before = _chosen_lang(argv), os.environ.get(LANG_ENV)
    if lang:
        os.environ[LANG_ENV] = lang
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
    try:
        return _run(argv)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        if lang:                               # main() called in-process (tests): leave no trace
            if before is None:
                os.environ.pop(LANG_ENV, None)
            else:
                os.environ[LANG_ENV] = before


def _run(argv: list[str]) -> int:
    args = make_parser().parse_args(_hoist_global_flags(argv))
    args.quiet = getattr(args, "quiet", False)
    kept = len(library_log_lines())
    try:
        return _dispatch(args)
    finally:
        if args.verbose:                        # -v: what the libraries logged meanwhile (never without)
            for line in library_log_lines()[kept:]:
                print(f"paiban: {line}", file=sys.stderr)


def _dispatch(args) -> int:
    try:
        return args.func(args)
    except InputError as e:
        print(f"{e}", file=sys.stderr)
        return EXIT_INPUT
    except TypesetError as e:
        print(f"paiban: {e}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(say("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print(say("terminated"), file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:                    # `paiban check x.xml | head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except Exception as e:  # a bug: say so briefly, trace only on request
        if args.verbose:
            raise
        print(say("internal_error", kind=type(e).__name__, detail=e), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
