"""compose_paragraphs (compose/parallel.py): the same lines whether one
process or two composed them, a failed child costs no lines, and a long
issue's build is byte-identical with and without the fork."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from typeset.compose import StyledRun, compose_paragraph
from typeset.compose import parallel
from typeset.compose.parallel import compose_paragraphs, job, worth_forking
from typeset.compose.settings import ComposerSettings
from typeset.compose.types import PackedLine
from typeset.fonts import default_library

ROOT = Path(__file__).resolve().parents[2]
forks = pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(os, "fork"),
                           reason="the composer forks only on Linux")


@pytest.fixture(scope="module")
def fonts():
    return default_library()


@pytest.fixture(scope="module")
def jobs():
    from typeset.model import body_paragraphs
    from typeset.model.parse import parse_issue
    texts = [p.text for p in body_paragraphs(parse_issue(str(ROOT / "issues" / "sample.xml")))]
    kaiming = ComposerSettings(punct_style="kaiming")
    out = [job([StyledRun(t, "song", 9.0)], 144.0) for t in texts]
    out += [job([StyledRun(t[:4], "hei", 9.0), StyledRun(t[4:], "song", 9.0)], 100.0, 0.0, kaiming)
            for t in texts[:10]]
    out.insert(3, job([], 144.0))                 # an empty paragraph: a plain Line, not packed
    return out


@pytest.fixture
def forked(monkeypatch):
    """The list of forks made (compose_paragraphs really took two processes)."""
    made, real = [], parallel._compose_forked
    monkeypatch.setattr(parallel, "_compose_forked", lambda *a: made.append(1) or real(*a))
    return made


def _serial(jobs, fonts):
    return [compose_paragraph(runs, m, fonts, s, indent_em=i) for runs, m, i, s in jobs]


@forks
def test_two_processes_give_the_same_lines(jobs, fonts, forked):
    lines = compose_paragraphs(jobs, fonts, workers=2, min_chars=0)
    assert forked == [1]
    assert lines == _serial(jobs, fonts)
    later = lines[len(lines) // 2 + 1:]            # composed by the child
    assert all(type(line) is PackedLine and line.arrays is not None for lines in later for line in lines)


@forks
def test_a_failed_child_costs_no_lines(jobs, fonts, forked, monkeypatch):
    def broken(lines):
        raise RuntimeError("the child fails")
    monkeypatch.setattr(parallel, "_packed", broken)            # only the child packs
    assert compose_paragraphs(jobs, fonts, workers=2, min_chars=0) == _serial(jobs, fonts)
    assert forked == [1]


def test_when_it_forks(monkeypatch):
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    linux = sys.platform.startswith("linux") and hasattr(os, "fork")
    assert worth_forking(parallel.PARALLEL_MIN_CHARS) is linux
    assert not worth_forking(parallel.PARALLEL_MIN_CHARS - 1)
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert not worth_forking(10 ** 6)
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 1)
    monkeypatch.delenv(parallel.WORKERS_ENV)
    assert not worth_forking(10 ** 6)


@forks
def test_a_build_is_the_same_with_the_fork(tmp_path, monkeypatch, forked):
    """The sample laid out with its body text composed in two processes
    (the threshold lowered to 0) gives the same PDF bytes."""
    from typeset.pipeline import BuildOptions, build_issue
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    digests = []
    for threshold in (10 ** 9, 0):
        monkeypatch.setattr(parallel, "PARALLEL_MIN_CHARS", threshold)
        out = tmp_path / f"{threshold}.pdf"
        build_issue(str(ROOT / "issues" / "sample.xml"), str(out), BuildOptions(variant="none", preflight=False))
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert forked == [1]                            # the second build did fork
    assert digests[0] == digests[1]


@forks
def test_faces_are_found_in_the_parent_before_the_fork(jobs, fonts, forked):
    """A character outside the shipped faces makes the font library register
    a system face; that must happen in the process that draws, not in the
    child (the parent would meet an unknown face key)."""
    asked = set()

    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def fallback(self, face, ch):
            asked.add((face, ch))
            return self.inner.fallback(face, ch)

        def advance(self, face, ch):
            return self.inner.advance(face, ch)

        def has(self, face, ch):
            return self.inner.has(face, ch)

    metrics = Recording(fonts)
    compose_paragraphs(jobs, metrics, workers=2, min_chars=0)
    assert forked == [1]
    wanted = {(run.face, ch) for runs, *_ in jobs for run in runs for ch in run.text}
    assert wanted <= asked                        # every one asked here, in the parent
