"""Run the tests in English unless they are about the Chinese default.

Input errors and warnings are Chinese by default (typeset/messages.py); most
tests match English fragments of them, so every test module runs with
PAIBAN_LANG=en (subprocesses inherit it).  The workflow tests run on the
Chinese default: they check it, and pass --lang en where they want English.
Module-scoped so that module-scoped fixtures (builds shared by a module's
tests) see the setting too; a test wanting Chinese deletes the variable with
its own monkeypatch.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHINESE_DEFAULT_FOLDERS = {"workflow"}


@pytest.fixture(scope="module", autouse=True)
def english_messages(request):
    with pytest.MonkeyPatch.context() as patch:
        if CHINESE_DEFAULT_FOLDERS & set(Path(str(request.fspath)).parent.parts):
            patch.delenv("PAIBAN_LANG", raising=False)     # whatever the caller's shell says
        else:
            patch.setenv("PAIBAN_LANG", "en")
        yield
