"""Broken workbooks: refused whole, with a report a clerk can act on, and nothing stored."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.helpers.integration import Workspace, call_count, invoke
from tests.helpers.unseen_book import BadBook, bad_books
from tests.helpers.unseen_cases import DEADLINE

NAMES = ("not_a_workbook", "truncated", "missing_sheet", "missing_column", "duplicate_id",
         "unknown_unit", "negative_money", "impossible_date", "unknown_track",
         "money_in_words", "yes_no_unclear", "duplicate_expert")


@pytest.fixture(scope="module")
def books(workspace: Workspace) -> dict[str, BadBook]:
    """Every broken workbook, written once."""
    folder = workspace.folder / "bad"
    folder.mkdir()
    return bad_books(folder)


def test_every_broken_book_is_exercised(books: dict[str, BadBook]) -> None:
    """The list below and the builder agree, so no broken book goes untested."""
    assert sorted(books) == sorted(NAMES)


def _names(line: str, word: str) -> bool:
    """True when `line` holds `word`; a number must appear as the Excel row (第 N 行 / row N)."""
    if word.isdigit():
        return re.search(rf"第\s*{word}\s*行|row\s*{word}\b", line) is not None
    return word in line


@pytest.mark.parametrize("name", NAMES)
def test_broken_book_is_refused_and_explained(
    name: str, books: dict[str, BadBook], local_app: Flask
) -> None:
    """Non-zero exit, no traceback, no call stored, one error line naming where and why."""
    before = call_count(local_app)
    bad = books[name]
    result = invoke(local_app, "import-call", str(bad.path), "--name", name,
                    "--deadline", DEADLINE.isoformat())
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert call_count(local_app) == before
    errors = [line for line in result.output.splitlines() if "错误" in line and "[" in line]
    assert errors, result.output
    if bad.must_name:
        assert any(all(_names(line, word) for word in bad.must_name) for line in errors), (
            bad.must_name, errors)
    else:
        assert any(".xlsx" in line for line in errors), errors

