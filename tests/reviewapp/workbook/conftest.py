"""Fixtures for the workbook tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.helpers.workbook import Sheets, valid_sheets, write_book


@pytest.fixture
def sheets() -> Sheets:
    """A fresh copy of the small valid workbook's rows, to change before writing."""
    return valid_sheets()


@pytest.fixture
def build() -> Callable[[Sheets], bytes]:
    """The workbook writer, as a fixture."""
    return write_book
