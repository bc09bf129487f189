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
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        elem = f" <{self.element}>" if self.element else ""
        return f"{where}:{elem} {self.message}"


@dataclass(frozen=True)
class Warning_:
    """A non-fatal finding, located like an InputError."""
    message: str
    file: str = ""
    line: int = 0
    element: str = ""
    code: str = ""          # short machine-readable kind, e.g. "missing-glyph"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        elem = f" <{self.element}>" if self.element else ""
        return f"{where}:{elem} warning: {self.message}"


def located(message: str, file: str, element=None, element_name: Optional[str] = None) -> InputError:
    """Make an InputError for an lxml element (uses its sourceline)."""
    line = getattr(element, "sourceline", 0) or 0
    name = element_name or (getattr(element, "tag", "") if element is not None else "")
    return InputError(message, file=file, line=line, col=1, element=str(name))
