"""Fixtures for layout tests: a square-glyph font and tiny issues in tmp dirs."""
from __future__ import annotations

import textwrap

import pytest


class SquareMetrics:
    """Rule book §1.9 test font: Han and full-width marks 1 em, the rest ½ em."""
    faces = ("song", "song-bold", "hei", "kai")

    def advance(self, face: str, ch: str) -> float:
        return 1.0 if ord(ch) >= 0x2E80 or 0x2010 <= ord(ch) <= 0x206F and ch in "“”‘’——…" else 0.5

    def has(self, face: str, ch: str) -> bool:
        return True

    def fallback(self, face: str, ch: str):
        return face


@pytest.fixture
def square():
    return SquareMetrics()


@pytest.fixture
def make_issue(tmp_path):
    """Write an issue with the given page bodies; returns its path."""
    def make(*pages: str, template: str = "bulletin") -> str:
        body = "".join(f'<page number="{i + 1}" section="测试" template="{template}">{textwrap.dedent(p)}</page>'
                       for i, p in enumerate(pages))
        path = tmp_path / "issue.xml"
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                        f'<issue paper="测试报" date="2022-08-31">{body}</issue>', encoding="utf-8")
        return str(path)
    return make
