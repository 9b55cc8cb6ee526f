"""The staff conflicts page: who may see it, filters, exports, add and lift with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import AuditLog
from reviewapp.services import conflicts as service
from tests.helpers.conflict_call import small_book, store


@pytest.fixture
def call_id(app) -> int:
    """A stored call with detected conflicts."""
    with app.app_context():
        call = store(small_book())
        service.detect_conflicts(call)
        return call


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("expert", 403), ("committee", 403), ("staff", 200), ("admin", 200)])
def test_only_staff_and_admin_see_the_page(client, auth, call_id, role, status):
    """Anonymous users go to the login page; experts and committee members are refused."""
    if role:
        auth.login_as(role)
    assert client.get(f"/staff/calls/{call_id}/conflicts").status_code == status


@pytest.mark.parametrize("role", ["expert", "committee"])
def test_other_roles_cannot_change_conflicts(client, auth, call_id, role):
    """Posting as a non-staff role is refused and changes nothing."""
    auth.login_as(role)
    response = client.post(f"/staff/calls/{call_id}/conflicts/remove",
                           data={"app_id": "A1", "expert_id": "E1", "reason": "x"})
    assert response.status_code == 403


def test_table_filters_and_exports(client, auth, call_id):
    """Rule filter, search and both exports show exactly the matching rows."""
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/conflicts?rule=C2").get_data(as_text=True)
    assert "2023-09-30 前曾任职于" in page and "即项目负责人" not in page
    page = client.get(f"/staff/calls/{call_id}/conflicts?q=赵六").get_data(as_text=True)
    assert "E4 赵六" in page and "E1 王伟" not in page
    assert "U1 新疆某某有限责任公司" in page  # the likely duplicate units
    csv = client.get(f"/staff/calls/{call_id}/conflicts?export=csv&rule=C1")
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == "app_id,expert_id,rule,evidence" and len(lines) == 5
    xlsx = client.get(f"/staff/calls/{call_id}/conflicts?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_lift_needs_a_reason_then_is_audited(app, client, auth, call_id):
    """Without a reason nothing changes; with one the pair is lifted and audited."""
    user = auth.login_as("staff")
    url = f"/staff/calls/{call_id}/conflicts/remove"
    response = client.post(url, data={"app_id": "A1", "expert_id": "E1", "reason": ""})
    assert response.status_code == 400
    response = client.post(url, data={"app_id": "A1", "expert_id": "E1", "rule": "C1",
                                      "reason": "已核实无关"})
    assert response.status_code == 302
    page = client.get(f"/staff/calls/{call_id}/conflicts?state=lifted").get_data(as_text=True)
    assert "已核实无关" in page
    with app.app_context():
        audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "conflicts.remove"))
        assert audit.user_id == user.id and audit.reason == "已核实无关"
        assert ("A1", "E1") not in service.forbidden_pairs(call_id)


def test_add_and_detect_from_the_page(app, client, auth, call_id):
    """Staff add a pair with a reason and re-run detection; unknown ids are refused."""
    auth.login_as("staff")
    base = f"/staff/calls/{call_id}/conflicts"
    bad = client.post(f"{base}/add", data={"app_id": "A9", "expert_id": "E1", "reason": "r"})
    assert bad.status_code == 400 and "A9" in bad.get_data(as_text=True)
    ok = client.post(f"{base}/add", data={"app_id": "A2", "expert_id": "E1", "reason": "同组"})
    assert ok.status_code == 302
    assert client.post(f"{base}/detect").status_code == 302
    with app.app_context():
        assert ("A2", "E1") in service.forbidden_pairs(call_id)
