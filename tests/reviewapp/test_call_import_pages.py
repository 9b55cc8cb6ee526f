"""Staff import pages: who may open them, upload with and without errors, downloads."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.call_import import import_call
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.parse import parse_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord
from reviewapp.workbook.template import call_template

URLS = ["/staff/calls/import", "/staff/calls/template.xlsx"]


def small_book(requested_yuan: int = 500_000) -> CallBook:
    """One unit, one application, one expert."""
    return CallBook(
        units=(UnitRecord("U1", "新疆甲公司", "企业", "新疆"),),
        applications=(ApplicationRecord("A1", "示范", "T1", "智慧农业", "U1", pi_id="P1",
                                        pi_name="张三", requested_yuan=requested_yuan),),
        experts=(ExpertRecord("E1", "王五"),),
    )


def upload(client: FlaskClient, data: bytes, name: str = "2025 援疆") -> Any:
    """Post the import form with a workbook."""
    return client.post("/staff/calls/import", data={
        "book": (io.BytesIO(data), "call.xlsx"), "name": name, "deadline": "2025-06-30",
    }, content_type="multipart/form-data")


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(client: FlaskClient, url: str) -> None:
    """Without a login the pages redirect to the login form."""
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["expert", "committee"])
def test_other_roles_are_refused(client: FlaskClient, auth: Any, role: str) -> None:
    """Experts and the committee get 403 on every import page, including the upload."""
    auth.login_as(role)
    for url in URLS:
        assert client.get(url).status_code == 403
    assert upload(client, export_call_book(small_book())).status_code == 403


def workbook_cells(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of cell values."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}
    finally:
        book.close()


def test_staff_downloads_the_template(client: FlaskClient, auth: Any) -> None:
    """The template download is the parseable template workbook."""
    auth.login_as("staff")
    response = client.get("/staff/calls/template.xlsx")
    assert response.status_code == 200
    # Compare cells, not bytes: an .xlsx records the second it was written.
    assert workbook_cells(response.data) == workbook_cells(call_template())
    assert "attachment" in response.headers["Content-Disposition"]


def test_staff_imports_a_workbook(app: Flask, client: FlaskClient, auth: Any) -> None:
    """A valid upload creates the call and redirects to its overview."""
    auth.login_as("staff")
    assert client.get("/staff/calls/import").status_code == 200
    response = upload(client, export_call_book(small_book()))
    assert response.status_code == 302
    with app.app_context():
        call = db.session.scalar(select(Call))
        assert call.name == "2025 援疆" and call.deadline == date(2025, 6, 30)
        assert response.headers["Location"].endswith(f"/staff/calls/{call.id}")


def test_errors_are_shown_as_a_table_and_nothing_is_stored(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    """A bad workbook shows sheet, row, column, value and reason; no call is created."""
    auth.login_as("staff")
    response = upload(client, export_call_book(small_book(requested_yuan=-10_000)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<table" in page
    assert "申请财政经费(万元)" in page and "-1" in page
    assert "金额不能为负数" in page or "an amount cannot be negative" in page
    response = upload(client, b"\x89PNG\r\n\x1a\n")
    assert "Excel" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Call)) == 0


def test_missing_fields_are_form_errors(client: FlaskClient, auth: Any) -> None:
    """Without a file or a name the form is shown again."""
    auth.login_as("staff")
    response = client.post("/staff/calls/import", data={"name": "", "deadline": "2025-06-30"})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)


def test_staff_exports_a_call(app: Flask, client: FlaskClient, auth: Any) -> None:
    """The export download parses back to the imported book; an unknown call is 404."""
    with app.app_context():
        call_id = import_call(export_call_book(small_book()), "x", date(2025, 6, 30)).call_id
    auth.login_as("staff")
    response = client.get(f"/staff/calls/{call_id}/export.xlsx")
    assert response.status_code == 200
    assert parse_call_book(response.data).book == small_book()
    assert client.get("/staff/calls/999999/export.xlsx").status_code == 404
    auth.logout()
    auth.login_as("expert")
    assert client.get(f"/staff/calls/{call_id}/export.xlsx").status_code == 403
