"""`paiban batch --scheduler ADDRESS`: the batch's builds as tasks on a Dask distributed cluster.

Dask distributed is the field's standard Python cluster scheduler: it
places tasks on workers, re-runs those whose worker died, and scales from a
laptop (`local:N`, a LocalCluster of N processes) to many machines
(`tcp://host:8786`), so we keep no scheduling code of our own.  It is an
optional extra, `typeset[cluster]`, imported only here, only when
--scheduler is given.

Each task is `batch.build_result`, the very build the local workers run: a
pure function of the job (issue path, variant, e-paper) returning the record
with the PDF bytes.  The client — this process — writes each result with
`batch.write_result` under the name the local batch uses, atomically, and
the batch keeps its records as it does locally.  The workers read the
issues, images, templates and fonts by the paths the client found, so they
must see the archive at the same paths (one shared file system, started in
the same directory, or absolute paths on the command line); the record
holds the environment the worker built in, so a worker with other library
versions makes outputs that the next run rebuilds.
"""
from __future__ import annotations

import warnings
from typing import Callable, Iterator

from ..errors import InputError
from .batch import Job, build_result, failure, write_result
from .messages import say

LOCAL = "local:"                      # local:N — a LocalCluster of N worker processes on this machine
CONNECT_TIMEOUT = "20s"               # an address that answers nothing fails instead of hanging
HOST_PORT_SCHEMES = ("tcp", "tls", "ws", "wss")    # addresses that must name host and port


def require_distributed(lang: str):
    """The `distributed` module, or an input error (exit 2) saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise InputError(say("batch_no_distributed", lang)) from None
    return distributed


def cluster_results(address: str, jobs: list[Job], set_workers: Callable[[int], None],
                    lang: str = "zh") -> Iterator[dict]:
    """The records of `jobs` built on the cluster at `address`, in completion order,
    each written here as it arrives.  Nothing to build: no cluster is reached."""
    distributed = require_distributed(lang)
    if not jobs:
        return
    with _connect(distributed, address, lang) as client:
        set_workers(_threads(client, address, lang))
        futures = {client.submit(build_result, job, pure=False, key=f"paiban-{i}-{job.rel}"): job
                   for i, job in enumerate(jobs)}
        for future in distributed.as_completed(futures, loop=client.loop):
            job = futures[future]
            yield write_result(job, _task_record(future, job, remote=not address.startswith(LOCAL)))
            future.release()          # its PDF bytes leave the cluster's memory


def _threads(client, address: str, lang: str) -> int:
    """The cluster's worker threads; a scheduler no worker joins in time is an input
    error, not a batch that waits for ever."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise InputError(say("batch_no_workers", lang, address=address)) from None
    return sum(client.nthreads().values())


def _task_record(future, job: Job, remote: bool) -> dict:
    """The task's record; a task the cluster gave up on (its workers kept dying)
    fails its issue alone.  `remote`: built on another machine, so the batch
    adds the task's CPU to its own (a LocalCluster's workers are this
    process's children, whose CPU it already counts)."""
    try:
        record = future.result()
    except Exception as e:            # noqa: BLE001 — KilledWorker, a lost connection: this issue fails
        record = {"event": "issue", "issue": job.issue, "out": job.out} | failure(job.issue, e)
    record["remote"] = remote
    return record


def _connect(distributed, address: str, lang: str):
    """A client of the scheduler at `address`, or of a LocalCluster for `local:N`."""
    try:
        if address.startswith(LOCAL):
            return _LocalClient(distributed, int(address[len(LOCAL):]), lang)
        _check_address(address, lang)
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError, TimeoutError) as e:
        raise InputError(say("batch_no_scheduler", lang, address=address, reason=e)) from None


def _check_address(address: str, lang: str) -> None:
    """Raise ValueError for an address no client here can use ("foo", "http://…",
    "ucx://…" without its plug-in), before making a Client: one that fails in its
    constructor holds the exit for 40 s."""
    from distributed.comm.addressing import get_address_host_port
    scheme = address.partition("://")[0] if "://" in address else "tcp"
    if scheme not in HOST_PORT_SCHEMES:
        raise ValueError(say("batch_bad_scheduler", lang))
    get_address_host_port(address)                   # host:port, the port not left out


class _LocalClient:
    """A LocalCluster of `workers` single-threaded processes and its client, closed together."""

    def __init__(self, distributed, workers: int, lang: str):
        if workers < 1:
            raise ValueError(say("batch_bad_scheduler", lang))
        with warnings.catch_warnings():     # "port 8787 in use": its metrics server moves, which is fine here
            warnings.simplefilter("ignore", UserWarning)
            self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                    dashboard_address=None)
        self.client = distributed.Client(self.cluster, set_as_default=False)

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        self.client.close()
        self.cluster.close()
