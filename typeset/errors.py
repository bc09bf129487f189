"""Errors and warnings that name where in the input a problem is.

`InputError` is a problem with the user's input (issue file, template, image):
the CLI prints it as ``file:line:col: message`` and exits 2.  Anything else
that escapes is a bug: the CLI exits 1 with a short message (no traceback
unless --verbose).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


class TypesetError(Exception):
    """Base class of the errors typeset reports to users."""


class InputError(TypesetError):
    """Bad input: names file, line, column and element."""

    def __init__(self, message: str, file: str = "", line: int = 0,
                 col: int = 0, element: str = ""):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.element = element

    def __str__(self) -> str:
        return f"{_where(self.file, self.line, self.col or 1, self.element)} {self.message}"


@dataclass(frozen=True)
class Warning_:
    """A non-fatal finding, located like an InputError."""
    message: str
    file: str = ""
    line: int = 0
    element: str = ""
    code: str = ""          # short machine-readable kind, e.g. "missing-glyph"

    def __str__(self) -> str:
        from .messages import say
        return f"{_where(self.file, self.line, None, self.element)} {say('warning', message=self.message)}"


def _where(file: str, line: int, col: Optional[int], element: str) -> str:
    """`file:line[:col]: <element>` — the prefix editors' tools jump to."""
    where = file or "<input>"
    if line:
        where += f":{line}" + (f":{col}" if col else "")
    return where + ":" + (f" <{element}>" if element else "")


