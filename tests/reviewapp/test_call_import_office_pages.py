"""The import page with office files: .xls uploads, WPS .et, warnings shown, the size limit."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Call, Unit
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord

FILES = Path(__file__).parent / "workbook" / "files"


def upload(client: FlaskClient, data: bytes, filename: str) -> Any:
    """Post the import form with a workbook under a file name."""
    return client.post("/staff/calls/import", data={
        "book": (io.BytesIO(data), filename), "name": "2025 援疆", "deadline": "2025-04-30",
    }, content_type="multipart/form-data")


def calls(app: Flask) -> int:
    """How many calls are stored."""
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Call)) or 0)


def test_staff_imports_the_libreoffice_xls(app: Flask, client: FlaskClient, auth: Any) -> None:
    auth.login_as("staff")
    response = upload(client, (FILES / "office-libreoffice.xls").read_bytes(), "申报汇总.xls")
    assert response.status_code == 302
    assert calls(app) == 1


def test_a_wps_et_file_is_explained(app: Flask, client: FlaskClient, auth: Any) -> None:
    auth.login_as("staff")
    response = upload(client, (FILES / "office-libreoffice.xls").read_bytes(), "申报汇总.et")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "WPS" in page and "另存为" in page
    assert calls(app) == 0


def test_warnings_are_shown_after_the_import(app: Flask, client: FlaskClient, auth: Any) -> None:
    """Unknown spellings import as written; the page lists where, and links the new call."""
    book = CallBook(
        units=(UnitRecord("U1", "新疆甲公司", "事业单位", "新疆"),),
        applications=(ApplicationRecord("A1", "示范", "T1", "智慧农业", "U1", pi_id="P1",
                                        pi_name="张三", pi_title="特级"),),
        experts=(ExpertRecord("E1", "王五"),),
    )
    auth.login_as("staff")
    response = upload(client, export_call_book(book), "call.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "事业单位" in page and "特级" in page and "请人工核对" in page
    with app.app_context():
        call = db.session.scalar(select(Call))
        assert call is not None and f"/staff/calls/{call.id}" in page
        assert db.session.scalar(select(Unit.unit_type)) == "事业单位"


def test_an_upload_over_the_limit_gets_a_page(app: Flask, client: FlaskClient, auth: Any) -> None:
    auth.login_as("staff")
    # Kept under werkzeug's in-memory size, so the refused upload leaves no temporary file.
    app.config["MAX_CONTENT_LENGTH"] = 104_858  # 0.1 MB
    response = upload(client, bytes(200_000), "big.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "0.1 MB" in page and "<html" in page and "/staff/calls/import" in page
    assert calls(app) == 0
