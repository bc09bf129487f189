"""Fixtures for the workflow commands: session-wide copies of the sample issue."""
from __future__ import annotations

from pathlib import Path

import pytest

from workflow_helpers import copy_sample, set_block_lines


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def overset_issue(tmp_path_factory) -> Path:
    """The sample with the lead article squeezed into 6 grid lines."""
    issue = copy_sample(tmp_path_factory.mktemp("overset"))
    set_block_lines(issue, "charity-drive", 6)
    return issue
