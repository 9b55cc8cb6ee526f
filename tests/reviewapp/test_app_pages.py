"""The landing pages: staff calls list, expert tasks, committee budgets."""

from __future__ import annotations

from datetime import date

import pytest

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, CallTrack, Expert


@pytest.fixture
def two_experts(app):
    """A call with two applications, each assigned to a different expert."""
    with app.app_context():
        call = Call(name="2025 科技援疆", deadline=date(2025, 6, 30))
        call.tracks.append(CallTrack(track_id="T1", name="援疆省市科技合作项目",
                                     budget_yuan=12_345_600))
        call.tracks.append(CallTrack(track_id="T2", name="省区（区校）创新合作项目"))
        db.session.add(call)
        db.session.flush()
        for n, code in ((1, "E001"), (2, "E002")):
            application = Application(call_id=call.id, app_id=f"A00{n}", title=f"项目{n}号",
                                      track="T1", direction="数字经济", lead_unit_id="U1")
            expert = Expert(call_id=call.id, expert_id=code, name=f"专家{n}")
            db.session.add_all([application, expert])
            db.session.flush()
            # Invited: experts see a pair only once the invitation went out.
            db.session.add(Assignment(call_id=call.id, application_id=application.id,
                                      expert_id=expert.id, status="invited"))
        db.session.commit()
        return call.id


def test_staff_calls_list_counts(client, auth, two_experts):
    """The calls list shows each call with its application and expert counts."""
    auth.login_as("staff")
    page = client.get("/staff/calls").get_data(as_text=True)
    assert "2025 科技援疆" in page and "2025-06-30" in page
    assert page.count('<td class="num">2</td>') == 2
    assert f"/staff/calls/{two_experts}" in page


def test_staff_calls_empty_state(client, auth):
    """With no call the page says how to create one."""
    auth.login_as("staff")
    assert "import-call" in client.get("/staff/calls").get_data(as_text=True)


def test_expert_sees_only_own_assignments(client, auth, two_experts):
    """An expert account sees its pool code's assignments and nobody else's."""
    auth.login_as("expert", expert_code="E001")
    page = client.get("/expert/").get_data(as_text=True)
    assert "项目1号" in page
    assert "项目2号" not in page and "专家2" not in page


def test_expert_without_assignments_sees_empty_state(client, auth, two_experts):
    """An expert with no tasks gets a friendly empty state."""
    auth.login_as("expert", expert_code="E999")
    page = client.get("/expert/").get_data(as_text=True)
    assert "项目1号" not in page
    assert "暂无评审任务" in page


def test_committee_sees_tracks_and_budgets(client, auth, two_experts):
    """The committee page lists calls with each track's budget in 万元."""
    auth.login_as("committee")
    page = client.get("/committee/").get_data(as_text=True)
    assert "援疆省市科技合作项目" in page
    assert "1,234.56" in page
    assert "未设置" in page
