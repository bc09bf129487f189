"""Many issue XML files → PDFs in an output folder, in parallel, skipping those already up to date.

Each issue is built in a worker process; whatever goes wrong with one issue
becomes a "failed" record and the others go on.  An output is up to date when
its fingerprint — the issue's bytes, its images, its templates, the fonts and
the typeset version and build options — equals the one stored in the sidecar
OUTDIR/.paiban-batch.json after its last build.  Every finished issue is one
JSON line in the log.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Iterable, Optional, TextIO

from .. import __version__
from ..errors import InputError, TypesetError

SIDECAR = ".paiban-batch.json"
DEFAULT_LOG = ".paiban-batch.log"
SIDECAR_EVERY = 2.0                 # seconds between sidecar saves, so an interrupted archive run resumes


@dataclass
class BatchOptions:
    outdir: str
    workers: int = 0                # 0: os.cpu_count()
    force: bool = False
    variant: str = "x1a"
    log: Optional[str] = None       # default OUTDIR/.paiban-batch.log
    shard: Optional[tuple[int, int]] = None
    lang: str = "zh"
    quiet: bool = False
    verbose: bool = False


@dataclass
class Job:
    issue: str
    out: str
    variant: str
    previous: str = ""              # fingerprint of the last build of `out`, "" if none
    fonts_hash: str = ""
    force: bool = False


@dataclass
class BatchSummary:
    records: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    saved_at: float = 0.0           # time.monotonic() of the last sidecar save

    def count(self, status: str) -> int:
        return sum(r["status"] == status for r in self.records)

    @property
    def overset(self) -> int:
        return sum(bool(r.get("overset")) for r in self.records if r["status"] != "failed")

    def as_dict(self) -> dict:
        return {"event": "summary", "total": len(self.records), "built": self.count("built"),
                "skipped": self.count("skipped"), "failed": self.count("failed"), "overset": self.overset,
                "seconds": round(self.seconds, 3), "workers": self.workers}


# -- finding issues ----------------------------------------------------------------

def collect(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(issue path, output path relative to OUTDIR) for files and folders (every *.xml inside)."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(".xml") and not name.startswith("."):
                        full = os.path.join(folder, name)
                        found.append((full, _pdf_name(os.path.relpath(full, path))))
        else:
            found.append((path, _pdf_name(os.path.basename(path))))
    return list(dict.fromkeys(found))


def _pdf_name(rel: str) -> str:
    return os.path.splitext(rel)[0] + ".pdf"


def parse_shard(text: str) -> tuple[int, int]:
    """"3/10" → (3, 10); raises ValueError on anything else."""
    k, _, n = text.partition("/")
    k_, n_ = int(k), int(n)
    if not 1 <= k_ <= n_:
        raise ValueError(text)
    return k_, n_


def in_shard(path: str, shard: Optional[tuple[int, int]]) -> bool:
    """Stable choice by a hash of the path as given (not Python's salted hash()),
    so the same command line selects the same issues on every machine."""
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha1(os.path.normpath(path).replace(os.sep, "/").encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


# -- fingerprints -------------------------------------------------------------------

def file_hash(path: str, h=None) -> str:
    h = h or hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fonts_fingerprint() -> str:
    """Hash of the fonts folder's files (computed once per batch, in the parent)."""
    from .watch import font_files
    h = hashlib.sha256()
    for path in font_files():
        h.update(os.path.basename(path).encode())
        h.update(file_hash(path).encode())
    return h.hexdigest()


def fingerprint(issue_path: str, variant: str, fonts_hash: str) -> str:
    """Hash of everything the output depends on; parses the issue to find its images and templates."""
    from ..model.parse import parse_issue
    from .watch import dependencies, font_files
    issue = parse_issue(issue_path)
    fonts = set(font_files())
    h = hashlib.sha256(f"typeset {__version__}|{variant}|{fonts_hash}".encode())
    h.update(file_hash(issue_path).encode())
    for path in dependencies(issue):
        if path in fonts:
            continue
        h.update(os.path.basename(path).encode())
        h.update(file_hash(path).encode() if os.path.isfile(path) else b"<missing>")
    return h.hexdigest()


# -- one issue (runs in a worker process) ------------------------------------------

def build_one(job: Job) -> dict:
    """Build one issue; never raises: failures become a record."""
    t0 = time.perf_counter()
    record = {"event": "issue", "issue": job.issue, "out": job.out}
    try:
        record.update(_build_or_skip(job))
    except TypesetError as e:
        record.update(status="failed", error=str(e), error_kind="input")
    except Exception as e:             # a bug in typeset: still only this issue fails
        record.update(status="failed", error=f"{job.issue}: internal error: {type(e).__name__}: {e}",
                      error_kind="internal")
    record["seconds"] = round(time.perf_counter() - t0, 3)
    return record


def _build_or_skip(job: Job) -> dict:
    from ..pipeline import BuildOptions, build_issue
    digest = fingerprint(job.issue, job.variant, job.fonts_hash)
    if not job.force and digest == job.previous and os.path.isfile(job.out):
        return {"status": "skipped", "hash": digest}
    os.makedirs(os.path.dirname(job.out) or ".", exist_ok=True)
    result = build_issue(job.issue, job.out, BuildOptions(variant=job.variant, preflight=False))
    return {"status": "built", "hash": digest, "pages": len(result.pages),
            "chars": sum(b.chars for b in result.blocks),
            "overset": [{"block": b.id, "page": b.page, "chars": b.overset_chars, "lines": b.overset_lines}
                        for b in result.overset],
            "warnings": [str(w) for w in result.warnings if w.code != "overset"]}


# -- the sidecar -----------------------------------------------------------------

def load_sidecar(outdir: str) -> dict:
    try:
        with open(os.path.join(outdir, SIDECAR), encoding="utf-8") as f:
            data = json.load(f)
        return data.get("outputs", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}                      # no or damaged sidecar: everything is rebuilt


def save_sidecar(outdir: str, outputs: dict) -> None:
    from ..pipeline import write_atomically
    data = {"format": 1, "typeset": __version__, "outputs": outputs}
    write_atomically(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
                     os.path.join(outdir, SIDECAR))


# -- progress ---------------------------------------------------------------------

class Progress:
    """One line redrawn with \\r on a terminal; plain lines in logs and pipes."""

    def __init__(self, total: int, stream: TextIO, lang: str, enabled: bool = True):
        self.total, self.stream, self.lang, self.enabled = total, stream, lang, enabled
        self.tty = enabled and stream.isatty()
        self.done = {"built": 0, "skipped": 0, "failed": 0}

    def update(self, record: dict) -> None:
        from .messages import say
        self.done[record["status"]] += 1
        if not self.enabled:
            return
        n = sum(self.done.values())
        text = say("batch_progress", self.lang, done=n, total=self.total, **self.done)
        if self.tty:
            width = 24
            filled = width * n // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {text}\x1b[K")
        else:
            self.stream.write(f"{text}  {record['issue']}: {record['status']}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


# -- the batch ----------------------------------------------------------------------

def run_batch(paths: list[str], options: BatchOptions, stderr: Optional[TextIO] = None) -> BatchSummary:
    """Build every issue under `paths` into options.outdir; progress goes to `stderr` (default sys.stderr)."""
    stderr = stderr or sys.stderr
    t0 = time.perf_counter()
    from .messages import say
    try:                                   # an archive run starts with an empty target
        os.makedirs(options.outdir, exist_ok=True)
    except OSError:
        raise InputError(say("batch_no_outdir", options.lang, path=options.outdir), file=options.outdir) from None
    outputs = load_sidecar(options.outdir)
    jobs = make_jobs(paths, options, outputs)
    if not jobs and options.shard is None:
        raise InputError(say("batch_none", options.lang, paths=" ".join(paths)))
    workers = min(options.workers or os.cpu_count() or 1, max(len(jobs), 1))
    summary = BatchSummary(workers=workers)
    progress = Progress(len(jobs), stderr, options.lang, enabled=not options.quiet)
    with open(options.log or os.path.join(options.outdir, DEFAULT_LOG), "a", encoding="utf-8") as log:
        try:
            for record in _results(jobs, workers):
                _finish(record, options.outdir, outputs, summary, log)
                progress.update(record)
        finally:
            progress.close()
            save_sidecar(options.outdir, outputs)
            summary.seconds = time.perf_counter() - t0
            log.write(json.dumps(summary.as_dict() | {"time": _now()}, ensure_ascii=False) + "\n")
    return summary


def make_jobs(paths: list[str], options: BatchOptions, outputs: dict) -> list[Job]:
    fonts_hash = fonts_fingerprint()
    jobs = []
    for issue, rel in collect(paths):
        if in_shard(issue, options.shard):
            previous = outputs.get(rel, {}).get("hash", "")
            jobs.append(Job(issue, os.path.join(options.outdir, rel), options.variant, previous,
                            fonts_hash, options.force))
    return jobs


def _results(jobs: list[Job], workers: int):
    """Records in completion order; one worker runs in this process (no pool to start)."""
    if workers <= 1:
        yield from map(build_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_compose_in_one_process) as pool:
        futures = [pool.submit(build_one, job) for job in jobs]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _compose_in_one_process() -> None:
    """A pool worker composes its issue in one process: the pool already
    keeps the cores busy, a fork per long issue would only add processes."""
    from ..compose.parallel import WORKERS_ENV
    os.environ[WORKERS_ENV] = "1"


def _finish(record: dict, outdir: str, outputs: dict, summary: BatchSummary, log: TextIO) -> None:
    rel = os.path.relpath(record["out"], outdir)
    if record["status"] == "built":
        outputs[rel] = {"issue": record["issue"], "hash": record["hash"], "built": _now(),
                        "overset": record["overset"]}
    elif record["status"] == "skipped":
        record["overset"] = outputs.get(rel, {}).get("overset", [])
    summary.records.append(record)
    log.write(json.dumps(record | {"time": _now()}, ensure_ascii=False) + "\n")
    log.flush()
    if time.monotonic() - summary.saved_at > SIDECAR_EVERY:
        save_sidecar(outdir, outputs)
        summary.saved_at = time.monotonic()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
