"""Output safety (issue 13 §1): `-o` names a regular file or nothing yet —
never a device, FIFO, folder or symlink, never one of the issue's own inputs
(XML, photo, template or a parent it extends, font).  Refused with exit 2,
a message naming the output, and the target untouched."""
from __future__ import annotations

import os
import shutil
import stat

import pytest

from robust_support import ROOT, leftovers, run_cli, run_subprocess

ISSUE = """<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="{template}">
    <article id="a1" col="1" span="2"><headline>标题</headline><p>正文一段。</p></article>
    <photo id="ph" col="3" span="2" lines="10" src="images/a.jpg"/>
  </page>
</issue>
"""


@pytest.fixture
def issue(tmp_path):
    """An issue folder with a photo and a local template that extends a local parent."""
    (tmp_path / "images").mkdir()
    shutil.copy(os.path.join(ROOT, "issues", "images", "tidy-streets.jpg"), tmp_path / "images" / "a.jpg")
    (tmp_path / "parent.toml").write_text('extends = "bulletin"\n')
    (tmp_path / "child.toml").write_text('extends = "parent"\n')
    path = tmp_path / "issue.xml"
    path.write_text(ISSUE.format(template="child"), encoding="utf-8")
    return tmp_path


def refused(capsys, issue_path, out, *fragments):
    code, _, err = run_cli(capsys, "build", str(issue_path), "-o", str(out), "--variant", "none")
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"{out}:"), err
    for fragment in fragments:
        assert fragment in err, err
    return err


def unchanged(path, before: bytes):
    with open(path, "rb") as f:
        assert f.read() == before


@pytest.mark.parametrize("name,kind", [("images/a.jpg", "image"), ("child.toml", "template"),
                                       ("parent.toml", "template"), ("issue.xml", "issue file")])
def test_an_input_of_the_issue_is_never_the_output(capsys, issue, name, kind):
    target = issue / name
    before = target.read_bytes()
    refused(capsys, issue / "issue.xml", target, "would overwrite the issue", kind)
    unchanged(target, before)
    assert not leftovers(str(target.parent))


def test_a_hard_link_to_a_font_is_refused(capsys, issue):
    from typeset.fonts import default_library
    font = default_library().path(default_library().faces[0])
    link = issue / "font.pdf"
    os.link(font, link)                 # same inode: a rename over it leaves the font alone either way
    refused(capsys, issue / "issue.xml", link, "would overwrite the issue's font")
    assert os.path.samefile(font, link)


def a_device(folder) -> str:
    """A character device like /dev/null (1, 3) of our own: a failing test must not replace the real one."""
    path = os.path.join(folder, "null.pdf")
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (the case the issue reports)")
    return path


def test_a_device_is_never_replaced(capsys, issue):
    device = a_device(issue)
    refused(capsys, issue / "issue.xml", device, "it is a device")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_fifo_is_refused(capsys, issue):
    fifo = issue / "pipe.pdf"
    os.mkfifo(fifo)
    refused(capsys, issue / "issue.xml", fifo, "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_refused_and_left_as_it_is(capsys, issue, tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF-1.4 old")
    link = issue / "link.pdf"
    link.symlink_to(real)
    refused(capsys, issue / "issue.xml", link, "symbolic link")
    assert link.is_symlink() and real.read_bytes() == b"%PDF-1.4 old"


def test_a_plain_new_or_existing_pdf_is_still_written(capsys, issue):
    out = issue / "issue.pdf"
    for _ in range(2):                  # not there yet, then there
        code, _, err = run_cli(capsys, "build", str(issue / "issue.xml"), "-o", str(out), "--variant", "none")
        assert code == 0, err
        assert out.read_bytes().startswith(b"%PDF")


def test_proof_into_a_file_or_over_an_input_is_refused(capsys, issue):
    before = (issue / "issue.xml").read_bytes()
    code, _, err = run_cli(capsys, "proof", str(issue / "issue.xml"), "-o", str(issue / "issue.xml"))
    assert code == 2 and "not a folder" in err, err
    unchanged(issue / "issue.xml", before)
    photo = issue / "images" / "issue-p1.png"       # the proof page's own name, used as a photo
    shutil.copy(issue / "images" / "a.jpg", photo)
    (issue / "issue.xml").write_text(ISSUE.format(template="child").replace("images/a.jpg", "images/issue-p1.png"),
                                     encoding="utf-8")
    jpeg = photo.read_bytes()
    code, _, err = run_cli(capsys, "proof", str(issue / "issue.xml"), "-o", str(issue / "images"))
    assert code == 2 and "would overwrite the issue's image" in err, err
    unchanged(photo, jpeg)


def test_a_real_process_refuses_a_device(issue):
    device = a_device(issue)
    run = run_subprocess("build", str(issue / "issue.xml"), "-o", device, "--variant", "none", timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)
