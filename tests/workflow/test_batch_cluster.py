"""paiban batch --scheduler: the same builds on a Dask cluster give the same bytes and records (issue 15 §4)."""
from __future__ import annotations

import json
import sys
import types

import pytest

from workflow_helpers import copy_sample, paiban
from typeset.workflow.batch import RECORDS, in_shard

COPIES = ("a.xml", "b.xml", "c.xml")
pytestmark = pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # two clusters' metrics servers


@pytest.fixture(scope="module")
def scheduler():
    """Two single-threaded worker processes on loopback, as a small real cluster would run them."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def archive(tmp_path_factory, scheduler):
    """Three copies of the sample and one broken issue, batched locally into local/ and on the cluster into dask/."""
    root = tmp_path_factory.mktemp("cluster")
    src = root / "issues"
    for name in COPIES:
        copy_sample(src, name)
    (src / "broken.xml").write_text('<issue paper="x" date="2022-08-31">\n  <page', encoding="utf-8")
    local = paiban("batch", src, "-o", root / "local", "--variant", "none", "--workers", "1", "--lang", "en")
    dask = paiban("batch", src, "-o", root / "dask", "--variant", "none", "--scheduler", scheduler,
                  "--lang", "en")
    return root, src, local, dask


def record(folder, name):
    data = json.loads((folder / RECORDS / (name + ".json")).read_text(encoding="utf-8"))
    del data["built"]                                     # the time it was written
    return data


def test_cluster_pdfs_equal_the_local_batch_byte_for_byte(archive):
    root, _, local, (code, stdout, stderr) = archive
    assert local[0] == code == 2                          # the broken issue, alone
    assert "3 built" in stdout and "1 failed" in stdout and "2 workers" in stdout, stderr
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        assert (root / "dask" / name).read_bytes() == (root / "local" / name).read_bytes()


def test_cluster_records_equal_the_local_batch(archive):
    root = archive[0]
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        assert record(root / "dask", name) == record(root / "local", name)


def test_broken_issue_fails_alone_on_the_cluster_located(archive):
    src, stderr = archive[1], archive[3][2]
    assert f"{src / 'broken.xml'}:" in stderr
    log = [json.loads(line) for line in (archive[0] / "dask" / ".paiban-batch.log").read_text().splitlines()]
    failed = [r for r in log if r.get("status") == "failed"]
    assert len(failed) == 1 and failed[0]["error_kind"] == "input" and "pdf" not in failed[0]


def test_outputs_of_the_local_batch_are_up_to_date_for_the_cluster(archive, scheduler):
    root, src = archive[:2]
    code, stdout, _ = paiban("batch", *(src / n for n in COPIES), "-o", root / "local", "--variant", "none",
                             "--scheduler", scheduler, "--lang", "en")
    assert code == 0 and "3 skipped" in stdout and "0 built" in stdout


def test_shard_on_the_cluster_builds_only_its_issues(archive, scheduler, tmp_path):
    src = archive[1]
    paths = [str(src / n) for n in COPIES]
    k = next(k for k in (1, 2) if in_shard(paths[0], (k, 2)))     # a shard with an issue in it
    mine = sorted(p.rsplit("/", 1)[1].replace(".xml", ".pdf") for p in paths if in_shard(p, (k, 2)))
    code, _, stderr = paiban("batch", *paths, "-o", tmp_path, "--variant", "none", "--shard", f"{k}/2",
                             "--scheduler", scheduler, "--lang", "en")
    assert code == 0, stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == mine


def test_local_cluster_of_n_processes_is_started_for_the_batch(archive, tmp_path):
    root, src = archive[:2]
    code, stdout, stderr = paiban("batch", src / "a.xml", "-o", tmp_path, "--variant", "none",
                                  "--scheduler", "local:1", "--lang", "en")
    assert code == 0 and "1 built" in stdout and "1 workers" in stdout, stderr
    assert (tmp_path / "a.pdf").read_bytes() == (root / "local" / "a.pdf").read_bytes()


def test_scheduler_without_distributed_is_an_input_error(sample, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)    # import distributed → ImportError
    code, _, stderr = paiban("batch", sample, "-o", tmp_path, "--scheduler", "local:2", "--lang", "en")
    assert code == 2 and "typeset[cluster]" in stderr and "Traceback" not in stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_address_no_client_can_use_is_an_input_error(sample, tmp_path):
    pytest.importorskip("distributed")
    code, _, stderr = paiban("batch", sample, "-o", tmp_path, "--scheduler", "no-port", "--lang", "en")
    assert code == 2 and "cannot reach the scheduler no-port" in stderr and "Traceback" not in stderr


def test_bad_local_cluster_size_is_a_usage_error(sample, tmp_path, capsys):
    from typeset.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["batch", str(sample), "-o", str(tmp_path), "--scheduler", "local:0"])
    assert exit_.value.code == 2 and "--scheduler: " in capsys.readouterr().err


class _GivenUp:
    """A future whose task the cluster gave up on, as after its workers kept dying."""

    def __init__(self, error):
        self.error = error

    def result(self):
        raise self.error


def test_task_the_cluster_gave_up_on_fails_its_issue_only(tmp_path):
    distributed = pytest.importorskip("distributed")
    from typeset.workflow.batch import Job, write_result
    from typeset.workflow.cluster import _task_record
    job = Job("x.xml", str(tmp_path / "x.pdf"), "x.pdf", "none")
    worker = types.SimpleNamespace(address="tcp://127.0.0.1:1")    # the scheduler's WorkerState, as far as read
    error = distributed.KilledWorker("paiban-0-x.pdf", worker, allowed_failures=3)
    record = write_result(job, _task_record(_GivenUp(error), job, remote=True))
    assert record["status"] == "failed" and record["error_kind"] == "internal"
    assert record["error"].startswith("x.xml: internal error: KilledWorker")
    assert not (tmp_path / "x.pdf").exists()
