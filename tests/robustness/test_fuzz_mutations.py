"""Random mutations of the sample issue (elements deleted, duplicated, swapped;
attribute values changed; junk bytes inserted): the build either succeeds
with nothing lost or refuses with a located message — never a traceback."""
from __future__ import annotations

import copy
import os
import shutil

import pytest
from hypothesis import given, strategies as st
from lxml import etree
from PIL import Image

from fuzz_issues import build_and_verify, fuzz_settings
from robust_support import SAMPLE

FUZZ_MUTATIONS = 150
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

VALUES = ["0", "-1", "1", "2", "3", "6", "7", "45", "92", "93", "100000", "", " ", "x", "１", "2.5",
          "bulletin", "bulletin-front", "nope", "../bulletin", "images/nope.jpg", "../../etc/passwd",
          "/etc/passwd", "thick", "vertical", "2022-02-30", "a b", "&amp;", "魏都"]
ATTRIBUTES = ["col", "span", "line", "lines", "id", "src", "template", "number", "weight", "direction",
              "size", "label", "date", "align"]
JUNK = [b"\x00", b"\xff\xfe", b"<", b"&", b"]]>", b"\x1b", b"<p>", b"</article>", b"\xe4\xb8",
        b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&#0;", b"&#xD800;", "\ue000".encode(), b"\r\n", b"\t"]


def sample_tree():
    return etree.parse(SAMPLE, etree.XMLParser(remove_comments=True)).getroot()


def mutate_tree(draw, root) -> None:
    elements = [e for e in root.iter() if e is not root]
    if not elements:
        return
    target = draw(st.sampled_from(elements))
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "attribute", "text"]))
    parent = target.getparent()
    if kind == "delete":
        parent.remove(target)
    elif kind == "duplicate":
        parent.insert(parent.index(target) + 1, copy.deepcopy(target))
    elif kind == "swap" and len(parent) > 1:
        other = draw(st.sampled_from(list(parent)))
        i, j = parent.index(target), parent.index(other)
        parent[i], parent[j] = copy.deepcopy(other), copy.deepcopy(target)
    elif kind == "attribute":
        target.set(draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(VALUES)))
    elif kind == "text":
        target.text = draw(st.sampled_from(["", "　", "文字" * draw(st.integers(1, 400)), "Latin words here",
                                            "“”", "\ue000", "𠀀"]))


@st.composite
def mutated_sample(draw) -> bytes:
    root = sample_tree()
    pages = list(root)
    keep = draw(st.sampled_from([0, 1, None]))          # one page keeps each build small
    if keep is not None:
        root.remove(pages[1 - keep])
    for _ in range(draw(st.integers(1, 3))):
        mutate_tree(draw, root)
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    for _ in range(draw(st.integers(1, 2)) if draw(st.integers(0, 3)) == 0 else 0):   # junk in ¼ of them
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(JUNK)) + data[at:]
    return data


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder like issues/, with the sample's photos shrunk (same names) for speed."""
    folder = tmp_path_factory.mktemp("fuzz-mutations")
    (folder / "images").mkdir()
    for name in os.listdir(os.path.join(os.path.dirname(SAMPLE), "images")):
        if name.endswith(".jpg"):
            with Image.open(os.path.join(os.path.dirname(SAMPLE), "images", name)) as im:
                im.convert("RGB").resize((120, 90)).save(folder / "images" / name)
    return folder


@pytest.fixture(scope="module")
def shared():
    from typeset.fonts import default_library
    return default_library(), {}, {"built": 0, "refused": 0}


@needs_poppler
@fuzz_settings(FUZZ_MUTATIONS)
@given(data=mutated_sample())
def test_mutated_sample_builds_or_is_refused_cleanly(workdir, shared, data):
    path = os.path.join(workdir, "issue.xml")
    with open(path, "wb") as f:
        f.write(data)
    fonts, typesetters, outcomes = shared
    outcomes[build_and_verify(path, fonts, typesetters, line_required=True)] += 1


def test_mutations_reach_both_outcomes(shared):
    # runs after the fuzz test (file order): a fuzz that only ever refuses tests little
    _, _, outcomes = shared
    print(f"mutations: {outcomes}")
    if sum(outcomes.values()):
        assert outcomes["built"] > 0 and outcomes["refused"] > 0, outcomes


@fuzz_settings(10)
@given(data=mutated_sample())
def test_a_handful_through_the_cli(workdir, capsys, data):
    from robust_support import run_cli
    path = os.path.join(workdir, "cli.xml")
    with open(path, "wb") as f:
        f.write(data)
    code, out, err = run_cli(capsys, "build", path, "-o", os.path.join(workdir, "cli.pdf"), "--variant", "none")
    assert code in (0, 2) and "Traceback" not in err, err
    if code == 2:
        assert err.startswith(path + ":") and len(err.strip().splitlines()) == 1, err
