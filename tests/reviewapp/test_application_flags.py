"""Staff set an application's priority flags on its detail page, with a reason, audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, DecisionList
from reviewapp.models.common import utcnow
from tests.helpers.call_settings import store_call

FLAGS = ("partner_supported", "strong_team", "chain_leader", "commissioner",
         "industrial_prospects", "classified")


@pytest.fixture
def call_id(app) -> int:
    """A stored call with one application, A1."""
    with app.app_context():
        return store_call()


def detail(call_id: int) -> str:
    """The staff detail page of A1."""
    return f"/staff/calls/{call_id}/applications/A1"


def flags(app) -> dict[str, bool]:
    """A1's stored flags."""
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.app_id == "A1"))
        return {name: getattr(application, name) for name in FLAGS}


def flag_audits(app) -> list[AuditLog]:
    """The priority-flag audit rows."""
    with app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "priority_flags"))
        return list(rows)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_set_flags_with_a_reason_and_the_audit_keeps_it(app, client, auth, call_id, role):
    """The page shows the form; ticks are stored, the audit row has before, after and reason."""
    auth.login_as(role)
    page = client.get(detail(call_id)).get_data(as_text=True)
    assert 'id="priority-flags"' in page and "链主或骨干企业牵头" in page
    assert 'name="chain_leader"' in page and 'name="reason"' in page
    response = client.post(detail(call_id) + "/flags",
                           data={"chain_leader": "y", "commissioner": "y",
                                 "reason": "补充提交了链主企业证明"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(detail(call_id) + "#priority-flags")
    assert flags(app) == {**dict.fromkeys(FLAGS, False), "chain_leader": True,
                          "commissioner": True}
    [audit] = flag_audits(app)
    assert audit.reason == "补充提交了链主企业证明"
    assert audit.before["chain_leader"] is False and audit.after["chain_leader"] is True
    page = client.get(detail(call_id)).get_data(as_text=True)
    assert "已保存 A1 的标记" in page
    assert re.search(r'<input checked id="chain_leader" name="chain_leader"', page)
    assert not re.search(r'<input checked id="strong_team"', page)


def test_no_reason_stores_nothing(app, client, auth, call_id):
    """Without a reason the flags stay as they were and the page says why."""
    auth.login_as("staff")
    response = client.post(detail(call_id) + "/flags", data={"chain_leader": "y", "reason": " "})
    assert response.status_code == 302
    assert flags(app)["chain_leader"] is False and flag_audits(app) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "标记未保存：请填写修改理由。" in page


def test_posting_the_same_flags_writes_no_audit_row(app, client, auth, call_id):
    """Nothing changed: no audit row, and the page says so."""
    auth.login_as("staff")
    response = client.post(detail(call_id) + "/flags", data={"reason": "核对"})
    assert flag_audits(app) == []
    assert "没有修改任何内容。" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_frozen_decision_list_refuses_flag_changes(app, client, auth, call_id):
    """Once the committee froze its list the flags stay; the refusal is shown."""
    with app.app_context():
        db.session.add(DecisionList(call_id=call_id, notes="", frozen_at=utcnow()))
        db.session.commit()
    auth.login_as("staff")
    response = client.post(detail(call_id) + "/flags", data={"chain_leader": "y", "reason": "x"})
    assert flags(app)["chain_leader"] is False and flag_audits(app) == []
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "名单已冻结" in shown and "The list is frozen" not in shown  # Chinese page: Chinese only


def test_the_refusal_is_in_english_on_the_english_page(app, client, auth, call_id):
    """The service says why in both languages; each page shows its own."""
    with app.app_context():
        db.session.add(DecisionList(call_id=call_id, notes="", frozen_at=utcnow()))
        db.session.commit()
    auth.login_as("staff")
    client.post("/language/en")
    response = client.post(detail(call_id) + "/flags", data={"chain_leader": "y", "reason": "x"})
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The list is frozen" in shown and "名单已冻结" not in shown


def test_the_committee_page_form_also_needs_a_reason(app, client, auth, call_id):
    """Staff on the committee's application page set flags with the same form and audit."""
    auth.login_as("staff")
    committee_flags = f"/committee/calls/{call_id}/applications/A1/flags"
    client.post(committee_flags, data={"chain_leader": "y", "reason": " "})
    assert flags(app)["chain_leader"] is False and flag_audits(app) == []
    client.post(committee_flags, data={"chain_leader": "y", "reason": "证明已补"})
    assert flags(app)["chain_leader"] is True
    [audit] = flag_audits(app)
    assert audit.reason == "证明已补"


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("committee", 403), (None, 302)])
def test_experts_committee_and_visitors_cannot_set_flags(app, client, auth, call_id, role,
                                                          status):
    """Experts and the committee get 403 (visitors go to log in); nothing changes."""
    if role:
        auth.login_as(role)
    response = client.post(detail(call_id) + "/flags",
                           data={"chain_leader": "y", "reason": "x"})
    assert response.status_code == status
    if role is None:
        assert "/login" in response.headers["Location"]
    assert flags(app)["chain_leader"] is False and flag_audits(app) == []
