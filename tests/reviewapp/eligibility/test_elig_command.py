"""`reviewapp eligibility CALL --out FILE.csv --xlsx FILE.xlsx`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from flask.testing import FlaskCliRunner

from reviewapp.services.eligibility import override_verdict
from tests.helpers.eligibility_factory import DEADLINE, UNITS, good_app
from tests.helpers.eligibility_store import store_call

APPS = (
    good_app(app_id="B1", pi_months_per_year=4, agreements_signed=False),
    good_app(app_id="B2", outsourced_yuan=200_000, duration_months=30),
    good_app(app_id="B3", direction="=HYPERLINK(\"x\")"),
)


def test_command_writes_csv_and_xlsx(runner: FlaskCliRunner, db_session: Any,
                                     tmp_path: Path) -> None:
    call_id = store_call(UNITS, APPS, DEADLINE)
    out, book = tmp_path / "e.csv", tmp_path / "e.xlsx"
    result = runner.invoke(args=["eligibility", str(call_id), "--out", str(out),
                                 "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "app_id,eligible,failed,flags", "B1,否,E04;E16,", "B2,是,,E10;E19", "B3,否,E20,"]
    assert json.loads(result.output.splitlines()[-1])["ineligible"] == 2
    sheets = openpyxl.load_workbook(book)
    summary = [tuple(r) for r in sheets.worksheets[0].iter_rows(values_only=True)]
    assert summary[1][0] == "B1" and summary[1][4] == "否"
    evidence = [tuple(r) for r in sheets.worksheets[1].iter_rows(values_only=True)]
    assert ("B1", "E16") in {(r[0], r[1]) for r in evidence}
    assert any("每年投入 4 个月 < 6 个月" in (r[7] or "") for r in evidence)
    assert all(not str(c or "").startswith("=") for r in evidence for c in r)


def test_command_applies_overrides(runner: FlaskCliRunner, db_session: Any,
                                   tmp_path: Path) -> None:
    call_id = store_call(UNITS, APPS, DEADLINE)
    out = tmp_path / "e.csv"
    assert runner.invoke(args=["eligibility", str(call_id), "--out", str(out)]).exit_code == 0
    override_verdict(call_id, "B3", "E20", "pass", "方向名称笔误", None)
    assert runner.invoke(args=["eligibility", str(call_id), "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[3] == "B3,是,,"


def test_command_unknown_call_fails(runner: FlaskCliRunner, db_session: Any,
                                    tmp_path: Path) -> None:
    result = runner.invoke(args=["eligibility", "999", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code != 0
    assert "no call" in result.output
