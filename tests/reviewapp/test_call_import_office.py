"""The demo call as LibreOffice saves it (.xls and .xlsx) gets the original's verdicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from reviewapp.services.call_import import import_call
from reviewapp.services.eligibility import eligibility_rows, run_eligibility

FILES = Path(__file__).parent / "workbook" / "files"
DEADLINE = date(2025, 4, 30)


def verdicts(app: Flask, name: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Import one fixture as a call, run the rules: app_id → (failed, flagged) rule ids."""
    with app.app_context():
        result = import_call(FILES / name, name, DEADLINE)
        assert result.ok, result.issues
        assert result.call_id is not None
        run_eligibility(result.call_id)
        return {row.app_id: (row.failed, row.flags) for row in eligibility_rows(result.call_id)}


@pytest.mark.parametrize("name", ["office-libreoffice.xls", "office-libreoffice.xlsx"])
def test_libreoffice_files_get_the_original_verdicts(app: Flask, name: str) -> None:
    original = verdicts(app, "demo.xlsx")
    assert len(original) == 30 and any(failed for failed, _ in original.values())
    assert verdicts(app, name) == original


def test_the_command_prints_warnings_and_the_id_last(app: Flask, tmp_path: Path) -> None:
    """import-call still succeeds with unknown spellings: warnings on stderr, id alone last."""
    import openpyxl

    book = openpyxl.load_workbook(FILES / "demo.xlsx")
    book["单位"]["C2"] = "事业单位"
    path = tmp_path / "call.xlsx"
    book.save(path)
    result = app.test_cli_runner().invoke(args=["import-call", str(path), "--name", "x",
                                                "--deadline", "2025-04-30"])
    assert result.exit_code == 0, result.output
    assert "单位 第 2 行 单位性质 为“事业单位”" in result.stderr and "[警告]" in result.stderr
    assert result.stdout.strip().splitlines()[-1].isdigit()
