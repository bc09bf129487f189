"""Many issue XML files → PDFs in an output folder, in parallel, skipping those already up to date.

Each issue is built by `build_bytes`, a pure function of the issue path
(PDF bytes and a report), in a worker process — or on a Dask cluster
(`--scheduler`, workflow/cluster.py); whatever goes wrong with one issue
becomes a "failed" record and the others go on.

An output is up to date when its record says so: OUTDIR/.paiban-batch/
holds one JSON record per output (`<output>.json`), written atomically
after each build, so shards and machines writing one folder never lose
each other's records.  A record lists every file the build read with its
SHA-256 (typeset/inputs.py: the issue, images, the templates of the
`extends` chains, the fonts drawn with, the CMYK profile) and the
environment (typeset and library versions, colour settings, variant); the
output is skipped only when all of them are the same again, and the PDF
is still the one written.  No issue is parsed to tell.  Every finished
issue is one JSON line in the log.

With `--epaper` each issue's digital edition (workflow/epaper.py) is made
from the same layout and written next to its PDF, `<name>-epaper/`; its
record holds the digest of that folder's files, and an output is up to date
only when the folder is still what was written too.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional, TextIO

from ..errors import InputError, TypesetError

RECORDS = ".paiban-batch"           # OUTDIR/.paiban-batch/<output>.json, one record per output
RECORD_FORMAT = 2
DEFAULT_LOG = ".paiban-batch.log"


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
    scheduler: Optional[str] = None  # a Dask scheduler's address: build on that cluster
    epaper: bool = False            # also write each issue's e-paper folder next to its PDF


@dataclass
class Job:
    issue: str
    out: str                        # path of the PDF
    rel: str                        # the PDF's path relative to OUTDIR (its record's name)
    variant: str
    epaper: bool = False

    @property
    def epaper_dir(self) -> str:
        return epaper_folder(self.out)


@dataclass
class BatchSummary:
    records: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0                # CPU seconds of the whole batch (this process, workers, cluster tasks)
    workers: int = 1

    def count(self, status: str) -> int:
        return sum(r["status"] == status for r in self.records)

    @property
    def overset(self) -> int:
        return sum(bool(r.get("overset")) for r in self.records if r["status"] != "failed")

    @property
    def rate(self) -> float:
        """Issues finished per second of wall time."""
        return len(self.records) / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_per_issue(self) -> float:
        return self.cpu / len(self.records) if self.records else 0.0

    def as_dict(self) -> dict:
        return {"event": "summary", "total": len(self.records), "built": self.count("built"),
                "skipped": self.count("skipped"), "failed": self.count("failed"), "overset": self.overset,
                "seconds": round(self.seconds, 3), "workers": self.workers,
                "issues_per_second": round(self.rate, 3), "cpu_per_issue": round(self.cpu_per_issue, 3)}


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


def epaper_folder(pdf: str) -> str:
    """The e-paper next to a PDF: OUTDIR/0831.pdf → OUTDIR/0831-epaper/."""
    return os.path.splitext(pdf)[0] + "-epaper"


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


# -- one issue: a pure function, then its file ----------------------------------

def build_bytes(issue: str, variant: str, epaper: bool = False) -> tuple[bytes, dict]:
    """Issue path → (PDF bytes, report): what a worker or a cluster task runs.

    Writes nothing; the report holds what the record needs: the input files
    with their digests, the environment the bytes were made in, the PDF's
    SHA-256, pages, characters, overset and warnings — and with `epaper` the
    e-paper's files (`epaper_files`, not recorded) and their digest."""
    from ..inputs import environment, recorded
    from ..pipeline import BuildOptions, draw_issue, layout_issue, load_fonts
    fonts = load_fonts()
    result = layout_issue(issue, fonts)
    pdf = draw_issue(result, fonts, BuildOptions(variant=variant, preflight=False))
    report = {"inputs": recorded(result.inputs), "environment": environment(variant),
              "sha256": hashlib.sha256(pdf).hexdigest(), "pages": len(result.pages),
              "chars": sum(b.chars for b in result.blocks),
              "overset": [{"block": b.id, "page": b.page, "chars": b.overset_chars, "lines": b.overset_lines}
                          for b in result.overset],
              "warnings": [str(w) for w in result.warnings if w.code != "overset"]}
    if epaper:
        from .epaper import EPAPER_FORMAT, epaper_files, tree_digest
        files = epaper_files(result, fonts)
        report.update(epaper_files=files, epaper={"format": EPAPER_FORMAT, "digest": tree_digest(files)})
    return pdf, report


def write_output(data: bytes, out: str) -> None:
    """Write a PDF atomically through a temporary file named by its content:
    a reader sees the old file or the whole new one, and two writers of the
    same bytes (a shard run twice) write the same name."""
    folder = os.path.dirname(os.path.abspath(out))
    tmp = os.path.join(folder, f".{os.path.basename(out)}.{hashlib.sha256(data).hexdigest()[:16]}."
                               f"{os.getpid()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        from ..messages import say
        raise InputError(say("output_unwritable", reason=e.strerror), file=out) from None


def build_one(job: Job) -> dict:
    """Build one issue and write its PDF; never raises: failures become a record."""
    return write_result(job, build_result(job))


def build_result(job: Job) -> dict:
    """The record of one build, its outputs still in memory (`pdf`, `epaper_files`):
    what a local worker or a cluster task computes.  Writes nothing and never
    raises: a failure is the record."""
    t0, c0 = time.perf_counter(), time.process_time()
    record: dict[str, Any] = {"event": "issue", "issue": job.issue, "out": job.out}
    try:
        pdf, report = build_bytes(job.issue, job.variant, job.epaper)
        record.update(report, pdf=pdf, status="built")
    except Exception as e:             # noqa: BLE001 — input error or bug, this issue only fails
        record.update(failure(job.issue, e))
    record.update(seconds=round(time.perf_counter() - t0, 3), cpu=round(time.process_time() - c0, 3))
    return record


def write_result(job: Job, record: dict) -> dict:
    """Write a built record's PDF (and e-paper folder) where the job says; the
    record without its bytes.  Never raises: an output that cannot be written
    fails its record."""
    pdf, files = record.pop("pdf", None), record.pop("epaper_files", None)
    if record["status"] != "built":
        return record
    t0 = time.perf_counter()
    try:
        if files is not None:                  # refused before the PDF is written, like any output
            check_epaper_folder(job, record["inputs"])
        write_output(pdf, job.out)
        if files is not None:
            write_epaper_folder(job, files)
            record["epaper"]["folder"] = job.epaper_dir
    except Exception as e:             # noqa: BLE001 — this output only fails
        record = {k: record[k] for k in ("event", "issue", "out", "seconds", "cpu")} | failure(job.issue, e)
    record["seconds"] = round(record["seconds"] + time.perf_counter() - t0, 3)
    return record


def check_epaper_folder(job: Job, inputs) -> None:
    """The e-paper folder may be replaced: new, empty or paiban's, holding no input."""
    from ..outputs import check_output_tree
    from .epaper import MARKER
    check_output_tree(job.epaper_dir, MARKER, [("input", path) for path in inputs])


def write_epaper_folder(job: Job, files: dict[str, bytes]) -> None:
    from ..outputs import write_tree
    from .epaper import MARKER
    write_tree(job.epaper_dir, files, MARKER)


def failure(issue: str, error: BaseException) -> dict:
    """The fields of a failed record: our errors are input errors (exit 2),
    anything else — a library's exception included — is a bug (exit 1)."""
    if isinstance(error, TypesetError):
        return {"status": "failed", "error": str(error), "error_kind": "input"}
    return {"status": "failed", "error": f"{issue}: internal error: {type(error).__name__}: {error}",
            "error_kind": "internal"}


# -- records: one file per output ---------------------------------------------------

def record_path(outdir: str, rel: str) -> str:
    return os.path.join(outdir, RECORDS, rel + ".json")


def load_record(outdir: str, rel: str) -> Optional[dict]:
    """The record of output `rel`; None when there is none or it is damaged (rebuild)."""
    try:
        with open(record_path(outdir, rel), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == RECORD_FORMAT else None


def save_record(outdir: str, rel: str, record: dict) -> None:
    """Write one output's record atomically (its own file: many writers are safe)."""
    from ..pipeline import write_atomically
    keep = {k: record[k] for k in ("issue", "sha256", "inputs", "environment", "pages", "chars", "overset",
                                   "epaper") if k in record}
    data = {"format": RECORD_FORMAT, "out": rel, "built": _now(), **keep}
    write_atomically(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
                     record_path(outdir, rel))


def up_to_date(record: Optional[dict], env: dict, out: str, epaper: bool = False) -> bool:
    """Whether `out` is what a build would write now: same environment, every
    input file unchanged (digests memoised by stat), and the PDF the one
    recorded — with `epaper`, its e-paper folder too (made in this format,
    every file still as written)."""
    from ..inputs import file_digest
    if not record or record.get("environment") != env or not record.get("inputs"):
        return False
    if not os.path.isfile(out) or _sha256(out) != record.get("sha256"):
        return False
    if epaper and not _epaper_as_written(record.get("epaper"), epaper_folder(out)):
        return False
    return all(file_digest(path) == digest for path, digest in record["inputs"].items())


def _epaper_as_written(recorded: Optional[dict], folder: str) -> bool:
    from .epaper import EPAPER_FORMAT, read_tree, tree_digest
    if not isinstance(recorded, dict) or recorded.get("format") != EPAPER_FORMAT:
        return False
    return os.path.isdir(folder) and tree_digest(read_tree(folder)) == recorded.get("digest")


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- progress ---------------------------------------------------------------------

class Progress:
    """One line redrawn with \\r on a terminal; plain lines in logs and pipes.
    Shows the rate of the issues finished so far and the time left at it."""

    def __init__(self, total: int, stream: TextIO, lang: str, enabled: bool = True,
                 clock=time.monotonic):
        self.total, self.stream, self.lang, self.enabled = total, stream, lang, enabled
        self.tty = enabled and stream.isatty()
        self.done = {"built": 0, "skipped": 0, "failed": 0}
        self.clock, self.start = clock, clock()

    def update(self, record: dict) -> None:
        from .messages import say
        self.done[record["status"]] += 1
        if not self.enabled:
            return
        n = sum(self.done.values())
        elapsed = max(self.clock() - self.start, 1e-6)
        rate = n / elapsed
        text = say("batch_progress", self.lang, done=n, total=self.total, **self.done,
                   rate=rate, eta=_duration((self.total - n) / rate if rate else 0))
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


def _duration(seconds: float) -> str:
    """12 s, 3:05, 2:03:05: the time left, as a clock would show it."""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02}:{s:02}" if h else f"{m}:{s:02}"


# -- the batch ----------------------------------------------------------------------

def run_batch(paths: list[str], options: BatchOptions, stderr: Optional[TextIO] = None) -> BatchSummary:
    """Build every issue under `paths` into options.outdir; progress goes to `stderr` (default sys.stderr)."""
    from ..inputs import environment
    from .messages import say
    stderr = stderr or sys.stderr
    t0, cpu0 = time.perf_counter(), _cpu()
    try:                                   # an archive run starts with an empty target
        os.makedirs(options.outdir, exist_ok=True)
    except OSError:
        raise InputError(say("batch_no_outdir", options.lang, path=options.outdir), file=options.outdir) from None
    if options.scheduler:                  # a missing extra is said before anything is done
        from .cluster import require_distributed
        require_distributed(options.lang)
    jobs = make_jobs(paths, options)
    if not jobs and options.shard is None:
        raise InputError(say("batch_none", options.lang, paths=" ".join(paths)))
    env = environment(options.variant)
    summary = BatchSummary()
    progress = Progress(len(jobs), stderr, options.lang, enabled=not options.quiet)
    remote_cpu = 0.0
    with open(options.log or os.path.join(options.outdir, DEFAULT_LOG), "a", encoding="utf-8") as log:
        try:
            stale = []
            for job in jobs:               # the up-to-date test reads records and digests only
                record = load_record(options.outdir, job.rel)
                if not options.force and up_to_date(record, env, job.out, job.epaper):
                    _finish({"event": "issue", "issue": job.issue, "out": job.out, "status": "skipped",
                             "overset": (record or {}).get("overset", [])}, options.outdir, summary, log, progress)
                else:
                    stale.append(job)
            summary.workers = _workers(options, len(stale))
            for record in _engine(options, stale, summary):
                if record.get("remote"):
                    remote_cpu += record.get("cpu", 0.0)
                _finish(record, options.outdir, summary, log, progress)
        finally:
            progress.close()
            summary.seconds = time.perf_counter() - t0
            summary.cpu = _cpu() - cpu0 + remote_cpu
            log.write(json.dumps(summary.as_dict() | {"time": _now()}, ensure_ascii=False) + "\n")
    return summary


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_jobs(paths: list[str], options: BatchOptions) -> list[Job]:
    return [Job(issue, os.path.join(options.outdir, rel), rel, options.variant, options.epaper)
            for issue, rel in collect(paths) if in_shard(issue, options.shard)]


def _workers(options: BatchOptions, jobs: int) -> int:
    if options.scheduler:
        return 0                           # the cluster's: reported by the engine
    return min(options.workers or os.cpu_count() or 1, max(jobs, 1))


def _engine(options: BatchOptions, jobs: list[Job], summary: BatchSummary) -> Iterator[dict]:
    """The records of the stale jobs: from the cluster at --scheduler, else from local processes."""
    if options.scheduler:
        from .cluster import cluster_results
        return cluster_results(options.scheduler, jobs, lambda n: setattr(summary, "workers", n), options.lang)
    return local_results(jobs, summary.workers)


def local_results(jobs: list[Job], workers: int) -> Iterator[dict]:
    """Records in completion order; one worker runs in this process (no pool to start).

    A worker process that dies (killed for memory, a crash in a library)
    breaks the pool: the issues it had not finished are built again in a
    new pool, and when a round finishes none of them, each is built alone,
    so only the issue that kills its worker fails."""
    if workers <= 1:
        yield from map(build_one, jobs)
        return
    pending = list(jobs)
    while pending:
        finished, pending = yield from _pool_round(pending, workers)
        if pending and not finished:
            for job in pending:
                yield from _alone(job)
            return


def _pool_round(jobs: list[Job], workers: int):
    """One pool over `jobs`: yields their records; returns (how many finished, the jobs left when it broke)."""
    left = {}
    finished = 0
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_compose_in_one_process) as pool:
        futures = {pool.submit(build_one, job): job for job in jobs}
        left = dict(futures)
        try:
            for future in as_completed(futures):
                try:
                    record = future.result()
                except BrokenProcessPool:
                    continue               # rebuilt in the next round
                del left[future]
                finished += 1
                yield record
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return finished, list(left.values())


def _alone(job: Job) -> Iterator[dict]:
    """Build one issue in a pool of its own: if its worker dies, only it fails."""
    with ProcessPoolExecutor(max_workers=1, initializer=_compose_in_one_process) as pool:
        try:
            yield pool.submit(build_one, job).result()
        except BrokenProcessPool as e:
            yield {"event": "issue", "issue": job.issue, "out": job.out, "status": "failed",
                   "error": f"{job.issue}: internal error: the worker process died ({e})",
                   "error_kind": "internal"}


def _compose_in_one_process() -> None:
    """A pool worker composes its issue in one process: the pool already
    keeps the cores busy, a fork per long issue would only add processes."""
    from ..compose.parallel import WORKERS_ENV
    os.environ[WORKERS_ENV] = "1"


def _finish(record: dict, outdir: str, summary: BatchSummary, log: TextIO, progress: Progress) -> None:
    if record["status"] == "built":
        save_record(outdir, os.path.relpath(record["out"], outdir), record)
    summary.records.append(record)
    entry = {k: v for k, v in record.items() if k not in ("inputs", "environment", "remote")}
    log.write(json.dumps(entry | {"time": _now()}, ensure_ascii=False) + "\n")
    log.flush()
    progress.update(record)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
