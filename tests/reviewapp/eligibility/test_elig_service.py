"""The eligibility service on a stored call: results, overrides, re-runs, eligible ids."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import select

from reviewapp.call_settings_model import ELIGIBILITY_RULE_IDS, template_2025
from reviewapp.eligibility.report import csv_text
from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, EligibilityResult
from reviewapp.services.eligibility import (
    EligibilityError,
    eligibility_rows,
    eligible_application_ids,
    override_verdict,
    run_eligibility,
)
from tests.helpers.eligibility_factory import DEADLINE, UNITS, good_app
from tests.helpers.eligibility_store import store_call

APPS = (
    good_app(app_id="A1"),
    good_app(app_id="A2", requested_yuan=500_100, self_funding_yuan=2_000_000),  # E01 fails
    good_app(app_id="A3", duration_months=36),  # E19 flags
)


@pytest.fixture
def call_id(db_session: Any) -> int:
    """A stored call of three applications: eligible, failing E01, flagged E19."""
    return store_call(UNITS, APPS, DEADLINE)


def _app(call_id: int, app_id: str) -> Application:
    """The stored application with this code."""
    return db.session.scalars(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id)).one()


def test_run_stores_one_result_per_rule_and_status(call_id: int) -> None:
    summary = run_eligibility(call_id)
    assert (summary.checked, summary.eligible, summary.ineligible, summary.flagged) == (3, 1, 1, 1)
    assert db.session.scalar(select(db.func.count()).select_from(EligibilityResult)) == 3 * 22
    assert _app(call_id, "A2").status == "ineligible"
    assert _app(call_id, "A3").status == "eligible"
    row = next(r for r in eligibility_rows(call_id) if r.app_id == "A2")
    assert row.failed == ("E01",)
    assert row.outcome("E01").evidence_zh == "申请 50.01万元 > 上限 50万元"
    assert db.session.scalars(select(AuditLog.action)).all() == ["eligibility.run"]
    assert csv_text(eligibility_rows(call_id)).splitlines() == [
        "app_id,eligible,failed,flags", "A1,是,,", "A2,否,E01,", "A3,是,,E19"]


def test_override_needs_a_reason_and_is_audited(call_id: int) -> None:
    run_eligibility(call_id)
    with pytest.raises(EligibilityError):
        override_verdict(call_id, "A2", "E01", "pass", "  ", None)
    with pytest.raises(EligibilityError):
        override_verdict(call_id, "A2", "E01", "maybe", "原因", None)
    with pytest.raises(EligibilityError):
        override_verdict(call_id, "A9", "E01", "pass", "原因", None)
    override_verdict(call_id, "A2", "E01", "pass", "经核实为录入错误", None)
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "eligibility.override")).one()
    assert entry.reason == "经核实为录入错误"
    assert entry.before["verdict"] == "fail" and entry.before["override_verdict"] is None
    assert entry.after["override_verdict"] == "pass"
    assert _app(call_id, "A2").status == "eligible"
    assert len(eligible_application_ids(call_id)) == 3


def test_override_back_to_engine_verdict_clears_it(call_id: int) -> None:
    run_eligibility(call_id)
    override_verdict(call_id, "A2", "E01", "pass", "先放行", None)
    row = override_verdict(call_id, "A2", "E01", "fail", "撤销改判", None)
    assert row.override_verdict is None
    assert _app(call_id, "A2").status == "ineligible"


def test_rerun_keeps_override_when_verdict_unchanged(call_id: int) -> None:
    run_eligibility(call_id)
    override_verdict(call_id, "A2", "E01", "pass", "特批", None)
    summary = run_eligibility(call_id)
    assert summary.kept == (("A2", "E01"),)
    assert summary.dropped == ()
    assert _app(call_id, "A2").status == "eligible"


def test_rerun_drops_override_when_data_changed(call_id: int) -> None:
    run_eligibility(call_id)
    override_verdict(call_id, "A2", "E01", "pass", "特批", None)
    override_verdict(call_id, "A3", "E19", "pass", "执行期合理", None)
    _app(call_id, "A2").requested_yuan = 600_000  # evidence changes: the override is stale
    db.session.commit()
    summary = run_eligibility(call_id)
    assert [(d.app_id, d.rule_id, d.reason) for d in summary.dropped] == [("A2", "E01", "特批")]
    assert summary.kept == (("A3", "E19"),)
    assert _app(call_id, "A2").status == "ineligible"
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "eligibility.run")
                               .order_by(AuditLog.id.desc())).first()
    assert audit.after["dropped"] == ["A2 E01"]


def test_rerun_drops_override_of_a_disabled_rule(call_id: int) -> None:
    run_eligibility(call_id)
    override_verdict(call_id, "A3", "E19", "pass", "执行期合理", None)
    call = _app(call_id, "A3").call
    enabled = tuple(r for r in ELIGIBILITY_RULE_IDS if r != "E19")
    call.settings = dataclasses.replace(template_2025(), enabled_rules=enabled).to_json()
    db.session.commit()
    summary = run_eligibility(call_id)
    assert [(d.rule_id, d.new_verdict) for d in summary.dropped] == [("E19", "")]
    assert db.session.scalar(select(db.func.count()).select_from(EligibilityResult)) == 3 * 21


def test_eligible_ids_run_the_check_on_demand(call_id: int) -> None:
    ids = eligible_application_ids(call_id)
    assert sorted(ids) == sorted([_app(call_id, "A1").id, _app(call_id, "A3").id])
    assert db.session.scalar(select(db.func.count()).select_from(AuditLog)) == 1
    eligible_application_ids(call_id)
    assert db.session.scalar(select(db.func.count()).select_from(AuditLog)) == 1


def test_unknown_call_is_refused(db_session: Any) -> None:
    with pytest.raises(EligibilityError):
        run_eligibility(12345)


def test_report_page_rows_hold_only_what_the_table_shows(call_id: int) -> None:
    from reviewapp.services.eligibility_report import ReportFilters, report_page, report_rows
    unchecked = report_page(call_id, ReportFilters(), 1, 50).rows
    assert [(row.app_id, row.checked) for row in unchecked] == [
        ("A1", False), ("A2", False), ("A3", False)]
    run_eligibility(call_id)
    page = {row.app_id: row for row in report_page(call_id, ReportFilters(), 1, 50).rows}
    full = {row.app_id: row for row in report_rows(call_id)}
    # The page loads fails and flags only, yet says every application was checked.
    assert [len(page[a].outcomes) for a in ("A1", "A2", "A3")] == [0, 1, 1]
    assert [len(full[a].outcomes) for a in ("A1", "A2", "A3")] == [22, 22, 22]
    for app_id in ("A1", "A2", "A3"):
        assert page[app_id].checked and full[app_id].checked
        assert (page[app_id].failed, page[app_id].flags, page[app_id].eligible) == (
            full[app_id].failed, full[app_id].flags, full[app_id].eligible)
    assert page["A2"].outcome("E01") == full["A2"].outcome("E01")
