"""Session fixtures for print tests (helpers live in print_fixtures.py)."""
import pytest

from print_fixtures import build_pdf, good_page


@pytest.fixture(scope="session")
def good_bytes() -> bytes:
    return build_pdf(good_page, pages=2)
