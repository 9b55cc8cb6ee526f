"""Staff eligibility pages: roles, report, override flow, re-run keeping and dropping overrides."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog
from reviewapp.services.eligibility import run_eligibility
from tests.helpers.eligibility_factory import DEADLINE, UNITS, good_app
from tests.helpers.eligibility_store import store_call

APPS = (
    good_app(app_id="C1"),
    good_app(app_id="C2", pi_months_per_year=3),  # E16 fails
    good_app(app_id="C3", duration_months=30),  # E19 flags
)


@pytest.fixture
def call_id(app: Flask) -> int:
    """A stored, checked call of three applications."""
    with app.app_context():
        call = store_call(UNITS, APPS, DEADLINE)
        run_eligibility(call)
        return call


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("expert", 403),
                                              ("committee", 403), ("staff", 200), ("admin", 200)])
def test_report_by_role(client: FlaskClient, auth: Any, call_id: int, role: str | None,
                        status: int) -> None:
    if role:
        auth.login_as(role)
    assert client.get(f"/staff/calls/{call_id}/eligibility").status_code == status
    assert client.get(f"/staff/calls/{call_id}/eligibility/C2").status_code == status


def test_report_shows_counts_chart_and_filters(client: FlaskClient, auth: Any,
                                               call_id: int) -> None:
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/eligibility").get_data(as_text=True)
    assert "<svg" in page and "E16" in page and "C3" in page
    filtered = client.get(f"/staff/calls/{call_id}/eligibility?rule=E16&verdict=fail")
    text = filtered.get_data(as_text=True)
    assert ">C2<" in text and ">C1<" not in text
    csv = client.get(f"/staff/calls/{call_id}/eligibility?status=flagged&export=csv")
    assert csv.data.decode("utf-8-sig").splitlines() == ["app_id,eligible,failed,flags",
                                                         "C3,是,,E19"]
    xlsx = client.get(f"/staff/calls/{call_id}/eligibility?export=xlsx")
    assert xlsx.data[:2] == b"PK"
    assert client.get(f"/staff/calls/{call_id}/eligibility/NOPE").status_code == 404


def test_override_flow(app: Flask, client: FlaskClient, auth: Any, call_id: int) -> None:
    auth.login_as("staff")
    url = f"/staff/calls/{call_id}/eligibility/C2/override"
    refused = client.post(url, data={"rule_id": "E16", "verdict": "pass", "reason": ""})
    assert refused.status_code == 400
    done = client.post(url, data={"rule_id": "E16", "verdict": "pass", "reason": "兼职合同"})
    assert done.status_code == 302
    detail = client.get(f"/staff/calls/{call_id}/eligibility/C2").get_data(as_text=True)
    assert "兼职合同" in detail
    report = client.get(f"/staff/calls/{call_id}/eligibility?status=overridden")
    assert "兼职合同" in report.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "eligibility.override")).one()
        assert entry.reason == "兼职合同" and entry.user_id is not None


def test_rerun_keeps_and_drops_overrides(app: Flask, client: FlaskClient, auth: Any,
                                         call_id: int) -> None:
    auth.login_as("staff")
    base = f"/staff/calls/{call_id}/eligibility"
    client.post(f"{base}/C2/override", data={"rule_id": "E16", "verdict": "pass",
                                             "reason": "兼职合同"})
    client.post(f"{base}/C3/override", data={"rule_id": "E19", "verdict": "pass",
                                             "reason": "执行期合理"})
    with app.app_context():
        row = db.session.scalars(select(Application).where(Application.app_id == "C2")).one()
        row.pi_months_per_year = 4  # the evidence of E16 changes
        db.session.commit()
    response = client.post(f"{base}/run", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "C3 E19" in text  # kept
    assert "C2 E16" in text and "兼职合同" in text  # dropped, with its reason
    csv = client.get(f"{base}?export=csv").data.decode("utf-8-sig").splitlines()
    assert csv[1:] == ["C1,是,,", "C2,否,E16,", "C3,是,,"]
