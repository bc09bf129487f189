"""A bounded fuzz of all the sample's inputs — XML, templates and photos
(issue 13): FUZZ_INPUTS cases from fixed seeds, each built with
`paiban build --strict` in process; exit 0, 2 or 3 only, no traceback, no
stray stderr, a refusal located in the case's files with the previous output
intact, a build with nothing lost (tests/robustness/input_mutations.py).

About 20 s; `python3 scripts/fuzz_inputs.py --cases 5000` is the long run
(docs/robustness.md has its figures).
"""
from __future__ import annotations

import collections
import shutil

import pytest

from input_mutations import make_case, run_case

FUZZ_INPUTS = 150
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def tally():
    return collections.Counter()


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """Mutated photos are prepared into a cache of their own, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TYPESET_CACHE_DIR", str(tmp_path_factory.mktemp("fuzz-cache")))
        yield


@needs_poppler
@pytest.mark.parametrize("seed", range(FUZZ_INPUTS))
def test_a_mutated_sample_builds_or_is_refused_cleanly(cache, tmp_path_factory, tally, seed):
    case = make_case(seed)
    outcome = run_case(case, str(tmp_path_factory.getbasetemp() / "fuzz-inputs-case"))
    assert not outcome.problems, (seed, case.mutations, outcome.problems, outcome.err[:2000])
    for kind in case.kinds:
        tally[(kind, outcome.kind)] += 1


@needs_poppler
def test_every_kind_of_input_both_builds_and_is_refused(tally):
    # runs after the cases (file order): a fuzz whose template or photo
    # mutations never reached a build, or never a refusal, tests little
    print(dict(tally))
    for kind in ("xml", "template", "image"):
        assert tally[(kind, "built")] + tally[(kind, "unfilled")] > 0, tally
        assert tally[(kind, "refused")] > 0, tally


def test_the_same_seed_makes_the_same_case():
    a, b = make_case(7), make_case(7)
    assert a.xml == b.xml and a.files == b.files and a.mutations == b.mutations
    assert make_case(8).xml != a.xml or make_case(8).files != a.files
