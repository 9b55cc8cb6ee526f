"""Staff archive and restore a call, admins delete one; each with a reason, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, Call
from reviewapp.services.call_import import import_call

BOOK = Path(__file__).parent / "workbook" / "files" / "demo.xlsx"


def count(app: Flask, model: type) -> int:
    """Rows of a model."""
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_staff_archive_and_restore_with_a_reason(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    with app.app_context():
        call_id = import_call(BOOK, "归档测试", "2025-04-30").call_id
    auth.login_as("staff")
    assert client.post(f"/staff/calls/{call_id}/archive", data={"reason": ""}).status_code == 302
    with app.app_context():
        assert db.session.get(Call, call_id).archived_at is None
    client.post(f"/staff/calls/{call_id}/archive", data={"reason": "重复批次"})
    assert "归档测试" not in client.get("/staff/calls").get_data(as_text=True)
    assert "归档测试" in client.get("/staff/calls?archived=1").get_data(as_text=True)
    client.post(f"/staff/calls/{call_id}/archive", data={"reason": "误操作", "restore": "y"})
    with app.app_context():
        assert db.session.get(Call, call_id).archived_at is None
        actions = db.session.execute(select(AuditLog.action, AuditLog.reason)
                                     .where(AuditLog.action.like("call.%"))
                                     .order_by(AuditLog.id)).all()
        assert actions == [("call.archive", "重复批次"), ("call.restore", "误操作")]


@pytest.mark.parametrize("role", ["staff", "committee", "expert"])
def test_only_admins_delete(app: Flask, client: FlaskClient, auth: Any, role: str) -> None:
    with app.app_context():
        call_id = import_call(BOOK, "删除测试", "2025-04-30").call_id
    auth.login_as(role)
    response = client.post(f"/staff/calls/{call_id}/delete", data={"reason": "试试"})
    assert response.status_code in (302, 403) and count(app, Call) == 1
    if role != "staff":
        archive = client.post(f"/staff/calls/{call_id}/archive", data={"reason": "试试"})
        assert archive.status_code == 403


def test_admin_deletes_with_a_reason_and_the_audit_keeps_it(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    with app.app_context():
        call_id = import_call(BOOK, "删除测试", "2025-04-30").call_id
    auth.login_as("admin")
    client.post(f"/staff/calls/{call_id}/delete", data={"reason": ""})
    assert count(app, Call) == 1
    client.post(f"/staff/calls/{call_id}/delete", data={"reason": "测试数据"})
    assert count(app, Call) == 0 and count(app, Application) == 0
    with app.app_context():
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "call.delete"))
        assert entry is not None and entry.reason == "测试数据"
        assert entry.before["name"] == "删除测试" and entry.before["applications"] == 30


def test_anonymous_is_sent_to_login(client: FlaskClient) -> None:
    assert client.post("/staff/calls/1/archive", data={"reason": "x"}).status_code == 302
    assert client.post("/staff/calls/1/delete", data={"reason": "x"}).status_code == 302
