"""Many paragraphs at once: `compose_paragraphs`, on two CPU cores when the
text is long enough to pay for it.

Paragraphs are independent (the composer is pure), so a long issue — a
48-page edition is ~150,000 characters, ≈ 0.25 s of composition — is split
in two by characters: a forked child composes the second half while this
process composes the first, and the child's lines come back as plain data
(marshal) and are rebuilt as the same PackedLines.  The result is the same
in value whichever way it was made (the same code on the same floats;
tests/compose/test_parallel.py), so output bytes never depend on it.

Only where it is safe and worth it: a POSIX fork (Linux: not macOS, whose
system libraries are not fork-safe), two or more usable CPUs, no other
threads in this process (paiban watch), and at least PARALLEL_MIN_CHARS
characters.  PAIBAN_COMPOSE_WORKERS=1 turns it off.  A child that fails in
any way costs time, never lines: its half is then composed here.
"""
from __future__ import annotations

import gc
import marshal
import os
import signal
import sys
import threading
from typing import Optional, Sequence

from .paragraph import DEFAULT_SETTINGS, compose_paragraph
from .settings import ComposerSettings
from .types import GlyphArrays, Line, Metrics, PackedLine, StyledRun, packed_line

# The fork saves about a quarter of composition's wall time and costs about
# as much CPU again (forking, marshal both ways, rebuilding the lines).
# Measured with the body-flow text (2 cores, composition alone, median of 3-5,
# wall / CPU in ms, one process → two): 10,000 characters 15.6 / 15.6 →
# 16.4 / 26.5; 50,000: 80 / 80 → 64 / 108; 200,000: 311 / 311 → 231 / 387;
# 500,000: 811 / 810 → 611 / 996.  Below 150,000 characters (a 48-page
# edition) the fork saves under 60 ms — under 2 % of such a build with its
# photos and preflight — for a third more CPU, so it is not worth it.
PARALLEL_MIN_CHARS = 150_000
WORKERS_ENV = "PAIBAN_COMPOSE_WORKERS"

# (runs, measure pt, indent em, settings): compose_paragraph's arguments
Job = tuple[Sequence[StyledRun], float, float, ComposerSettings]


def job(runs: Sequence[StyledRun], measure: float, indent_em: float = 2.0,
        settings: ComposerSettings = DEFAULT_SETTINGS) -> Job:
    return (tuple(runs), measure, indent_em, settings)


def compose_paragraphs(jobs: Sequence[Job], metrics: Metrics, workers: Optional[int] = None,
                       min_chars: Optional[int] = None) -> list[tuple[Line, ...]]:
    """`compose_paragraph(runs, measure, metrics, settings, indent)` for every
    job, in order; in two processes when `worth_forking` says so."""
    sizes = [sum(len(r.text) for r in j[0]) for j in jobs]
    if len(jobs) < 2 or not worth_forking(sum(sizes), workers, min_chars):
        return [_compose(j, metrics) for j in jobs]
    _resolve_faces_here(jobs, metrics)
    return _compose_forked(jobs, _halfway(sizes), metrics)


def _resolve_faces_here(jobs: Sequence[Job], metrics: Metrics) -> None:
    """Ask `metrics` for every character's face in this process first.

    A character no shipped face has makes the font library find a system
    face and register it (FontLibrary._paths): done in the child, the
    parent — which draws the lines — would never hear of that face.  After
    this the child only reads what the parent already knows."""
    from .prepare import MISSING
    for face in {run.face for j in jobs for run in j[0]}:
        chars = set().union(*(run.text for j in jobs for run in j[0] if run.face == face))
        for ch in sorted(chars | {"-", MISSING, "\u2015"}):
            metrics.fallback(face, ch)


def worth_forking(chars: int, workers: Optional[int] = None,
                  min_chars: Optional[int] = None) -> bool:
    """Whether `chars` characters are composed in two processes: `workers`
    (default PAIBAN_COMPOSE_WORKERS, else the usable CPUs) ≥ 2, a safe fork
    here, and at least `min_chars` (default PARALLEL_MIN_CHARS) characters."""
    limit = PARALLEL_MIN_CHARS if min_chars is None else min_chars
    return chars >= limit and _workers(workers) >= 2


def _compose(j: Job, metrics: Metrics) -> tuple[Line, ...]:
    runs, measure, indent, settings = j
    return compose_paragraph(runs, measure, metrics, settings, indent_em=indent)


def _workers(asked: Optional[int]) -> int:
    if asked is None:
        env = os.environ.get(WORKERS_ENV, "")
        asked = int(env) if env.isdigit() else _usable_cpus()
    if asked < 2 or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:          # forking a threaded process is not safe
        return 1
    return 2


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _halfway(sizes: list[int]) -> int:
    """The first job of the second half: halves of (nearly) equal characters."""
    half, total = sum(sizes) / 2, 0
    for k, size in enumerate(sizes):
        total += size
        if total >= half:
            return max(1, min(k + 1, len(sizes) - 1))
    return len(sizes) - 1


def _compose_forked(jobs: Sequence[Job], cut: int, metrics: Metrics) -> list[tuple[Line, ...]]:
    """Jobs cut.. in a forked child, ..cut here, while the child runs.

    Every object alive at the fork is frozen out of the cyclic GC until the
    child is reaped (the `gc` docs' advice for fork without exec): a
    collection in either process would otherwise write to the GC header of
    each of them, and every page so written is copied.  Measured on the
    body-flow job at ×100 (2 cores): 0.25 CPU-s of copying without, 0.06
    with, and the wall time 2.2 → 1.9 s."""
    read_end, write_end = os.pipe()
    gc.freeze()
    try:
        return _forked(jobs, cut, metrics, read_end, write_end)
    finally:
        gc.unfreeze()


def _forked(jobs: Sequence[Job], cut: int, metrics: Metrics, read_end: int,
            write_end: int) -> list[tuple[Line, ...]]:
    """`_compose_forked` with the GC frozen: fork, compose, gather."""
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return [_compose(j, metrics) for j in jobs]
    if pid == 0:                                       # the child: never returns
        os.close(read_end)
        _child(jobs[cut:], metrics, write_end)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    try:
        first = [_compose(j, metrics) for j in jobs[:cut]]
        data = pipe.read()
    except BaseException:                              # e.g. Ctrl-C: leave no child behind
        pipe.close()
        _reap(pid, kill=True)
        raise
    pipe.close()
    second = _unpacked(data) if _reap(pid) == 0 else None
    if second is None or len(second) != len(jobs) - cut:
        second = [None] * (len(jobs) - cut)
    return first + [lines if lines is not None else _compose(j, metrics)
                    for lines, j in zip(second, jobs[cut:])]


def _reap(pid: int, kill: bool = False) -> int:
    """Wait for the child (killing it first if asked); its exit status."""
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:
            return -1


def _child(jobs: Sequence[Job], metrics: Metrics, fd: int) -> None:
    """Compose, write the packed lines to `fd`, and leave at once: no atexit
    handlers, no flushing of buffers the parent owns, no teardown."""
    code = 1
    try:
        data = marshal.dumps([_packed(_compose(j, metrics)) for j in jobs])
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)


def _packed(lines: tuple[Line, ...]):
    """A paragraph's lines as plain data: the shared per-character arrays once,
    then each line's numbers.  None when a line is not a PackedLine with
    arrays (then the parent composes the paragraph itself)."""
    packed = [line.arrays for line in lines if type(line) is PackedLine]
    arrays = [a for a in packed if a is not None]
    if not lines or len(arrays) < len(lines) or any(line.annotations for line in lines):
        return None         # (a paragraph with 着重号 or ruby: the parent composes it)
    a = arrays[0]
    return (a.text, a.face, a.size, a.draw,
            [(x.start, x.end, x.xs, x.hyphen_x, line.width, line.natural, line.last, line.indent,
              line.gaps_expand_em, line.shrink_em, line.extent, x.ys) for x, line in zip(arrays, lines)])


def _unpacked(data: bytes) -> Optional[list]:
    try:
        packed = marshal.loads(data)
    except Exception:                                  # noqa: BLE001 — a broken child
        return None
    return [None if p is None else _lines_of(p) for p in packed]


def _lines_of(packed) -> tuple[PackedLine, ...]:
    text, face, size, draw, lines = packed
    return tuple(packed_line(GlyphArrays(text, face, size, draw, start, end, xs, hyphen_x, ys),
                             start, end, width, natural, last, indent, expand, shrink, extent)
                 for start, end, xs, hyphen_x, width, natural, last, indent, expand, shrink, extent, ys
                 in lines)
