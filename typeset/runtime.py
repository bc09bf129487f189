"""Process-wide settings for a short-lived paiban process (the CLI, batch workers)."""
from __future__ import annotations

import atexit
import collections
import gc
import importlib
import logging
import os
import sys
from types import ModuleType
from typing import Optional

# A build allocates some ten objects per character (glyphs, runs, slugs) and
# frees nearly all of them only at exit.  With CPython's default threshold
# (700) the cyclic collector runs hundreds of generation-0 passes that find
# nothing; at 50,000 it runs a few.  Measured on the body-flow benchmark
# (50k characters): composition 0.288 → 0.254 s, drawing 0.203 → 0.171 s.
# Library users keep their own settings: only entry points call this.
GEN0_THRESHOLD = 50_000
# The survivors of those passes (lines, runs, slugs: alive until the pages
# are drawn) fill generation 1, and every 10th pass (CPython's default)
# walks them all again, finding nothing: at 500k characters (body-flow ×100)
# three such passes cost 0.10 s of a 2.3 s job.  At 100 a generation-1 pass
# comes every 5 million allocations: none in a build of 500k characters, and
# still a bound on cyclic garbage in a long batch.
GEN1_THRESHOLD = 100
# The optional C speed-ups (compose/_speedups.c, draw/_tj.c, photos/_inklimit.c; setup.py builds
# them where a C compiler is): "1" runs the pure-Python code instead, which
# is their oracle and gives the same output.
PURE_PYTHON_ENV = "PAIBAN_PURE_PYTHON"


def compiled(module: str) -> Optional[ModuleType]:
    """The built C extension `module` (e.g. "typeset.draw._tj"); None when it
    was not built or PAIBAN_PURE_PYTHON=1 asks for the Python code."""
    if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


# The exit status when stdout or stderr cannot be flushed at exit (a closed
# pipe: `paiban check … | head`), as CPython's own finalization gives.
FLUSH_FAILED_STATUS = 120


def exit_now(status: int) -> None:
    """Leave a finished paiban process without tearing down the interpreter.

    Python's finalization frees every module and object one by one: 25 ms
    of CPU at every exit (median of 5 body-flow jobs, ×10 and ×100 alike),
    for a process whose memory the system takes back at once.  What a
    normal exit does that matters is done first: the atexit handlers
    (logging's flush, tempfile's and the libraries' clean-ups), then stdout
    and stderr flushed.  Files the program wrote are closed already (every
    output is written whole and renamed into place, outputs.py)."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or FLUSH_FAILED_STATUS
    os._exit(status)


# numpy (photo separation, font parsing) does elementwise work only, never
# linear algebra, but its OpenBLAS starts a thread per core when imported:
# 0.09 CPU-s of the 0.18 an import costs here (2 cores, median of 3).  One
# thread is asked for unless the user's environment says otherwise.
BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"


def tune_for_short_process() -> None:
    """Fewer cyclic-GC passes, and no BLAS thread pool: right for a process
    that builds and exits (and its workers, which inherit the environment)."""
    gen2 = gc.get_threshold()[2]
    gc.set_threshold(GEN0_THRESHOLD, GEN1_THRESHOLD, gen2)
    os.environ.setdefault(BLAS_THREADS_ENV, "1")


# Libraries that log through `logging` and would otherwise reach stderr through
# Python's last-resort handler (WARNING and above, with no handler set up):
# fontTools' subsetter says "FFTM NOT subset; don't know how to subset;
# dropped" for text with combining marks or variation selectors — noise
# above our own one-line messages, about nothing the user can act on.
LIBRARY_LOGGERS = ("fontTools", "PIL", "reportlab", "pikepdf", "pypdfium2", "jieba")
LOG_ENV = "PAIBAN_LOG"                 # a file to append library log records to
LIBRARY_LOG_KEPT = 200                 # records kept in memory for a bug report (-v shows them)


class _KeptRecords(logging.Handler):
    """The last LIBRARY_LOG_KEPT library records, in memory."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: collections.deque = collections.deque(maxlen=LIBRARY_LOG_KEPT)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


LIBRARY_LOG = _KeptRecords()


def route_library_logging() -> None:
    """Send the libraries' log records to our log — kept in memory, and
    appended to $PAIBAN_LOG when it names a file — never to stderr."""
    handlers: list[logging.Handler] = [LIBRARY_LOG]
    path = os.environ.get(LOG_ENV)
    if path:
        try:
            file_handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        except OSError:
            file_handler = None
        if file_handler is not None:
            file_handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
            handlers.append(file_handler)
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.propagate = False           # not to the root logger, nor to the last-resort stderr handler
        for handler in list(logger.handlers):
            if isinstance(handler, (_KeptRecords, logging.FileHandler)):
                logger.removeHandler(handler)
        for handler in handlers:
            logger.addHandler(handler)


def library_log_lines() -> list[str]:
    """The kept library records as `name: LEVEL: message` lines (for -v)."""
    return [f"{r.name}: {r.levelname}: {r.getMessage()}" for r in LIBRARY_LOG.records]

