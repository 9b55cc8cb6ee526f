"""The call overview: roles, counts, links, stepper and the audited budget form."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import AuditLog, Call, CallTrack
from reviewapp.services import call_overview
from tests.helpers.staff_call_data import store_small_call

BUDGET_AUDIT = select(AuditLog).where(AuditLog.action == "set_track_budgets")
PAGES = ["", "/applications", "/applications/A001", "/units", "/experts"]


@pytest.fixture
def call_id(app):
    """The id of a small stored call."""
    with app.app_context():
        return store_small_call()


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, call_id, page):
    """Every call page asks an anonymous visitor to log in."""
    response = client.get(f"/staff/calls/{call_id}{page}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["expert", "committee"])
def test_other_roles_are_refused(client, auth, call_id, role):
    """Experts and committee members get 403 on every call page and the budget form."""
    auth.login_as(role)
    for page in PAGES:
        assert client.get(f"/staff/calls/{call_id}{page}").status_code == 403
    assert client.post(f"/staff/calls/{call_id}/budgets", data={}).status_code == 403


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_see_every_page(client, auth, call_id, role):
    """Staff and admin reach every page; unknown calls and applications are 404."""
    auth.login_as(role)
    for page in PAGES:
        assert client.get(f"/staff/calls/{call_id}{page}").status_code == 200, page
    assert client.get(f"/staff/calls/{call_id + 99}").status_code == 404
    assert client.get(f"/staff/calls/{call_id + 99}/applications").status_code == 404
    assert client.get(f"/staff/calls/{call_id}/applications/NOPE").status_code == 404


def test_overview_counts(app, call_id):
    """Counts per track and direction, money requested and pool sizes match the rows."""
    with app.app_context():
        overview = call_overview.call_overview(db.session.get(Call, call_id))
    by_track = {t.track_id: (t.applications, t.requested_yuan) for t in overview.tracks}
    assert by_track == {
        "T1": (15, sum(n * 20_000 + 5_050 for n in range(1, 16))),
        "T2": (10, sum(n * 20_000 + 5_050 for n in range(16, 26))),
    }
    directions = dict(overview.directions)
    assert (directions["数字经济"], directions["智慧农业"], directions["绿色环保"]) == (8, 9, 8)
    assert sum(directions.values()) == overview.applications == 25
    assert (overview.units, overview.experts, overview.experts_home,
            overview.experts_outside, overview.relations, overview.avoidance) == \
        (3, 4, 2, 2, 1, 1)


def test_overview_page_links_numbers_to_rows(client, auth, call_id):
    """The page shows the chart and links each count to the filtered list."""
    auth.login_as("staff")
    html = client.get(f"/staff/calls/{call_id}").get_data(as_text=True)
    assert "<svg" in html
    assert f"/staff/calls/{call_id}/applications?direction=%E6%95%B0%E5%AD%97%E7%BB%8F%E6%B5%8E" \
        in html
    assert f"/staff/calls/{call_id}/applications?track=T2" in html
    assert f"/staff/calls/{call_id}/experts?where=outside" in html
    assert 'aria-current="step"' in html


def test_stepper_states_follow_the_data(app):
    """Import is done once applications exist; eligibility needs attention on failures."""
    with app.app_context():
        empty = Call(name="空批次", deadline=date(2025, 1, 1))
        db.session.add(empty)
        db.session.commit()
        states = {s.key: s.state for s in call_overview.pipeline_stages(empty)}
        assert states["import"] == "todo" and states["eligibility"] == "todo"
        checked = db.session.get(Call, store_small_call(with_eligibility=True))
        states = {s.key: s.state for s in call_overview.pipeline_stages(checked)}
        assert states["import"] == "done"
        assert states["eligibility"] == "attention"
        assert states["assignment"] == "todo"
        assert call_overview.eligibility_counts(checked.id) == \
            {"eligible": 22, "flagged": 1, "ineligible": 1}


def test_budget_form_saves_yuan_and_audits(app, client, auth, call_id):
    """Budgets typed in 万元 are stored in yuan with an audit row carrying the reason."""
    auth.login_as("staff")
    response = client.post(f"/staff/calls/{call_id}/budgets",
                           data={"budget_T1": "300.5", "budget_T2": "", "reason": "年度预算"})
    assert response.status_code == 302
    with app.app_context():
        budgets = dict(db.session.execute(
            select(CallTrack.track_id, CallTrack.budget_yuan)
            .where(CallTrack.call_id == call_id)).all())
        assert budgets == {"T1": 3_005_000, "T2": None}
        entry = db.session.scalars(BUDGET_AUDIT).one()
        assert (entry.action, entry.reason, entry.after) == \
            ("set_track_budgets", "年度预算", {"T1": 3_005_000})
    html = client.get(f"/staff/calls/{call_id}").get_data(as_text=True)
    assert "300.50" in html
    # The same values again change nothing and write no audit row.
    client.post(f"/staff/calls/{call_id}/budgets",
                data={"budget_T1": "300.50", "budget_T2": "", "reason": "重复"})
    with app.app_context():
        assert len(db.session.scalars(BUDGET_AUDIT).all()) == 1


@pytest.mark.parametrize("data", [
    {"budget_T1": "-1", "reason": "x"},
    {"budget_T1": "abc", "reason": "x"},
    {"budget_T1": "100", "reason": ""},
])
def test_budget_form_rejects_bad_input(app, client, auth, call_id, data):
    """Negative or non-numeric budgets and a missing reason are refused, nothing stored."""
    auth.login_as("staff")
    response = client.post(f"/staff/calls/{call_id}/budgets", data=data)
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(BUDGET_AUDIT).all() == []
