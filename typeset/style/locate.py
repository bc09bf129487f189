"""Template TOML text → the line each table and key stands on.

tomllib gives values, not positions, yet a template error must name the
file *and line* (issue 13 §4), as the XML errors do.  This reads the text the
way TOML lays it out — table headers ``[a.b]`` / ``[[a]]``, ``key = value``
lines with bare, quoted or dotted keys, inline tables ``k = { x = 1 }`` — and
records the first line of each dotted path.  It never judges the file:
tomllib has accepted it before this runs, so a line it cannot read is skipped.
"""
from __future__ import annotations

import re
from typing import Optional

Path = tuple[str, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"(?:^|[{{,])\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)


def split_key(dotted: str) -> Path:
    """`a."b.c".d` → ("a", "b.c", "d")."""
    return tuple(_unquote(p) for p in _PART.findall(dotted))


def _unquote(part: str) -> str:
    if part[:1] in "\"'" and part[-1:] == part[:1]:
        return part[1:-1]
    return part


def key_lines(text: str) -> dict[Path, int]:
    """Dotted path → the 1-based line where it is first written."""
    lines: dict[Path, int] = {}
    table: Path = ()
    in_string: Optional[str] = None               # the quote of an open multi-line string
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            table = split_key(header.group(1))
            _note(lines, table, number)
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        path = table + split_key(assign.group(1))
        _note(lines, path, number)
        rest = line[assign.end():]
        in_string = _opens_multiline(rest)
        if rest.lstrip().startswith("{"):
            for inner in _INLINE_KEY.finditer(rest.lstrip()):
                _note(lines, path + split_key(inner.group(1)), number)
    return lines


def _note(lines: dict[Path, int], path: Path, number: int) -> None:
    """Record `path` and its parents (a dotted key defines them) at `number`."""
    for k in range(1, len(path) + 1):
        lines.setdefault(path[:k], number)


def _opens_multiline(rest: str) -> Optional[str]:
    """The quote of a multi-line string the value opens and leaves open."""
    for quote in ('"""', "'''"):
        if rest.count(quote) % 2:
            return quote
    return None


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of `path`, else of its nearest written parent, else 0."""
    for k in range(len(path), 0, -1):
        if path[:k] in lines:
            return lines[path[:k]]
    return 0
