"""Random valid issues build with nothing lost (every paragraph in the PDF in
order, or listed as overset).  CI: FUZZ_VALID examples; TYPESET_FUZZ_EXAMPLES=N
for a longer, randomised run."""
from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import given
from PIL import Image

from fuzz_issues import build_and_verify, fuzz_settings, valid_issue

FUZZ_VALID = 150
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-valid")
    (folder / "images").mkdir()
    Image.new("RGB", (96, 64), (180, 90, 40)).save(folder / "images" / "photo.jpg")
    return folder


@pytest.fixture(scope="module")
def shared():
    from typeset.fonts import default_library
    return default_library(), {}


@needs_poppler
@fuzz_settings(FUZZ_VALID)
@given(xml=valid_issue())
def test_valid_issue_builds_with_nothing_lost(workdir, shared, xml):
    path = os.path.join(workdir, "issue.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
    fonts, typesetters = shared
    assert build_and_verify(path, fonts, typesetters) == "built"


@fuzz_settings(5)
@given(xml=valid_issue())
def test_a_handful_through_the_cli(workdir, capsys, xml):
    from robust_support import run_cli
    path = os.path.join(workdir, "cli.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
    code, out, err = run_cli(capsys, "build", path, "-o", os.path.join(workdir, "cli.pdf"), "--variant", "none")
    assert code == 0 and "Traceback" not in err, err
    assert "pages," in out
