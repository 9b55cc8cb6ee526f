"""import_call / store_call_book / load_call_book on a real database, and the CLI commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from reviewapp.call_settings_model import template_2025
from reviewapp.extensions import db
from reviewapp.models import (
    ApplicationUnit,
    AuditLog,
    AvoidanceRequest,
    Call,
    Expert,
    Person,
    Unit,
)
from reviewapp.services import call_import
from reviewapp.services.call_export import CallNotFound, load_call_book
from reviewapp.services.call_import import import_call
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.parse import parse_call_book
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    CallBook,
    ExpertRecord,
    RelationRecord,
    UnitRecord,
)

DEADLINE = date(2025, 6, 30)


def sample_book() -> CallBook:
    """Two applications sharing a PI; one lists a unit as partner and participant both."""
    units = (
        UnitRecord("U1", "新疆甲公司", "企业", "新疆", True, None, (2023, 2024), "9165"),
        UnitRecord("U2", "江苏乙大学", "高校", "江苏", True),
        UnitRecord("U3", "清华大学", "高校", "北京", False, date(2020, 1, 1), (), None, "U2"),
    )
    first = ApplicationRecord(
        "A1", "滴灌示范", "T1", "智慧农业", "U1", ("U2",), ("U2", "U3"), True, 1, ("专利",), True,
        "P1", "张三", "男", date(1970, 5, 1), "正高级", "博士", True, 8.0,
        requested_yuan=500_100, self_funding_yuan=1_000_000, keywords=("滴灌", "节水"),
    )
    second = replace(first, app_id="A2", track="T2", partner_unit_ids=("U3",),
                     participant_unit_ids=(), requested_yuan=1)
    experts = (
        ExpertRecord("E1", "王五", "U2", "江苏乙大学", "江苏", "正高级", ("智慧农业",), max_load=5),
        ExpertRecord("E2", "赵六", None, "", "北京", available=False),
    )
    return CallBook(
        units, (first, second), experts,
        (RelationRecord("E1", "曾任职", "U1", date(2023, 1, 1)),
         RelationRecord("E2", "合作", "P1")),
        (AvoidanceRecord("A1", expert_id="E1", reason="竞争"), AvoidanceRecord("A2", unit_id="U2")),
    )


def count(model: type) -> int:
    """Rows of a model."""
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_stores_every_row_and_loads_back(app: Flask) -> None:
    """The stored call reads back as the same CallBook, with tracks, links and an audit row."""
    book = sample_book()
    with app.app_context():
        result = import_call(export_call_book(book), "2025 援疆", DEADLINE)
        assert result.ok and result.issues == []
        assert load_call_book(result.call_id) == book
        call = db.session.get(Call, result.call_id)
        assert [t.track_id for t in call.tracks] == ["T1", "T2"] and call.deadline == DEADLINE
        assert count(Person) == 1 and count(AvoidanceRequest) == 2
        roles = db.session.execute(select(ApplicationUnit.role)).scalars().all()
        assert sorted(roles) == ["lead", "lead", "participant", "partner", "partner"]
        expert = db.session.scalar(select(Expert).where(Expert.expert_id == "E1"))
        assert expert.unit.unit_id == "U2"
        audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "import_call"))
        assert audit.call_id == call.id and audit.after["applications"] == 2


@pytest.mark.parametrize("data", [b"not a workbook", None])
def test_import_with_errors_stores_nothing(app: Flask, data: bytes | None) -> None:
    """A broken file, or a book with an unknown unit, creates no call and no rows."""
    bad = replace(sample_book().applications[0], lead_unit_id="U404")
    data = data or export_call_book(replace(sample_book(), applications=(bad,)))
    with app.app_context():
        result = import_call(data, "x", DEADLINE)
        assert result.call_id is None and any(issue.is_error for issue in result.issues)
        assert count(Call) == 0 and count(Unit) == 0


def test_database_failure_rolls_everything_back(app: Flask, monkeypatch: Any) -> None:
    """When storing fails half-way, the call and the rows already written are rolled back."""
    real_store = call_import.store_call_book

    def failing_store(call: Call, book: CallBook) -> dict[str, int]:
        """Store, then fail as a database would."""
        real_store(call, book)
        raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(call_import, "store_call_book", failing_store)
    with app.app_context():
        result = import_call(export_call_book(sample_book()), "x", DEADLINE)
        assert result.call_id is None and "数据库" in result.issues[-1].reason_zh
        assert count(Call) == 0 and count(Unit) == 0 and count(Expert) == 0


def test_settings_decide_the_tracks(app: Flask) -> None:
    """A call without T2 refuses a T2 application."""
    settings = replace(template_2025(), tracks=template_2025().tracks[:1])
    with app.app_context():
        result = import_call(export_call_book(sample_book()), "x", DEADLINE, settings=settings)
        assert result.call_id is None
        assert [(i.row, i.column) for i in result.issues] == [(3, "项目类别")]


def test_load_of_missing_call(app: Flask) -> None:
    """Loading a call that does not exist raises CallNotFound."""
    with app.app_context(), pytest.raises(CallNotFound):
        load_call_book(12345)


def test_cli_import_export_and_template(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """import-call prints the id last; export-call writes the same book; call-template parses."""
    book_path = tmp_path / "call.xlsx"
    book_path.write_bytes(export_call_book(sample_book()))
    result = runner.invoke(args=["import-call", str(book_path), "--name", "援疆",
                                 "--deadline", "2025-06-30"])
    assert result.exit_code == 0, result.output
    call_id = result.stdout.strip().splitlines()[-1]
    assert call_id.isdigit()
    out = tmp_path / "out.xlsx"
    result = runner.invoke(args=["export-call", call_id, "--out", str(out)])
    assert result.exit_code == 0 and parse_call_book(out).book == sample_book()
    template = tmp_path / "template.xlsx"
    assert runner.invoke(args=["call-template", "--out", str(template)]).exit_code == 0
    refused = runner.invoke(args=["import-call", str(template), "--name", "模板",
                                  "--deadline", "2025-06-30"])
    assert refused.exit_code == 1 and "示例行" in refused.stderr
    assert runner.invoke(args=["export-call", "999", "--out", str(out)]).exit_code != 0


def test_cli_import_failure_reports_and_exits_1(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """On errors the report goes to stderr, the exit code is 1, and nothing is stored."""
    bad = replace(sample_book().applications[0], requested_yuan=-10_000)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(export_call_book(replace(sample_book(), applications=(bad,))))
    result = runner.invoke(args=["import-call", str(path), "--name", "x",
                                 "--deadline", "2025-06-30"])
    assert result.exit_code == 1
    assert "金额不能为负数" in result.stderr and result.stdout == ""
    with app.app_context():
        assert count(Call) == 0
