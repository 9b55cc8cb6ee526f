"""An identical workbook asks before it becomes a second call (service, command and page)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import AuditLog, Call
from reviewapp.services.call_import import import_call
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord


def book_bytes(title: str = "示范") -> bytes:
    """A small valid workbook; another title gives other bytes."""
    book = CallBook(
        units=(UnitRecord("U1", "新疆甲公司", "企业", "新疆"),),
        applications=(ApplicationRecord("A1", title, "T1", "智慧农业", "U1", pi_id="P1",
                                        pi_name="张三", requested_yuan=500_000),),
        experts=(ExpertRecord("E1", "王五"),),
    )
    return export_call_book(book)


def calls() -> int:
    """How many calls are stored."""
    return db.session.scalar(select(func.count()).select_from(Call)) or 0


def test_service_stops_at_an_identical_workbook_and_proceeds_when_allowed(app):
    """The second identical import stores nothing and names the first call; allowed, it stores."""
    data = book_bytes()
    with app.app_context():
        first = import_call(data, "第一批", date(2025, 6, 30))
        assert first.ok and first.call_id
        again = import_call(data, "第二批", date(2025, 6, 30))
        assert again.call_id is None and again.duplicates == ((first.call_id, "第一批"),)
        assert calls() == 1
        other = import_call(book_bytes("另一个项目"), "另一批", date(2025, 6, 30))
        assert other.ok and not other.duplicates
        allowed = import_call(data, "第二批", date(2025, 6, 30), allow_duplicate=True)
        assert allowed.ok and calls() == 3
        audit = db.session.scalars(select(AuditLog).where(
            AuditLog.call_id == allowed.call_id, AuditLog.action == "import_call")).one()
        assert audit.after["duplicate_of"] == [first.call_id]


def test_command_refuses_a_duplicate_until_told(app, runner, tmp_path):
    """import-call exits non-zero naming the call; --allow-duplicate imports it."""
    path = tmp_path / "call.xlsx"
    path.write_bytes(book_bytes())
    args = ["import-call", str(path), "--name", "甲", "--deadline", "2025-06-30"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    call_id = first.output.strip().splitlines()[-1]
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and f"{call_id} 甲" in again.output
    assert "--allow-duplicate" in again.output
    forced = runner.invoke(args=[*args, "--allow-duplicate"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert calls() == 2


def upload(client: FlaskClient, data: bytes, **extra: Any) -> Any:
    """Post the import form with a workbook."""
    return client.post("/staff/calls/import", data={
        "book": (io.BytesIO(data), "call.xlsx"), "name": "2025 援疆", "deadline": "2025-06-30",
        **extra}, content_type="multipart/form-data")


def test_page_asks_before_a_second_identical_call(app, client, auth):
    """The page names the earlier call and offers the box; ticked, the import goes through."""
    auth.login_as("staff")
    data = book_bytes()
    assert upload(client, data).status_code == 302
    asked = upload(client, data)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "allow_duplicate" in page and "2025 援疆" in page
    with app.app_context():
        assert calls() == 1
    assert upload(client, data, allow_duplicate="y").status_code == 302
    with app.app_context():
        assert calls() == 2
