"""The number-of-experts form on the staff application page: roles, validation, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog
from tests.helpers.conflict_call import small_book, store


@pytest.fixture
def call_id(app) -> int:
    """A stored call with applications A1 and A2."""
    with app.app_context():
        return store(small_book())


def url(call_id: int, app_id: str = "A1") -> str:
    """The form's POST address for one application."""
    return f"/staff/calls/{call_id}/applications/{app_id}/panel-size"


def stored(app, call_id: int) -> tuple[int | None, int]:
    """A1's override and the number of audit rows of overrides."""
    with app.app_context():
        value = db.session.scalar(select(Application.reviewers_override).where(
            Application.call_id == call_id, Application.app_id == "A1"))
        audits = len(db.session.scalars(select(AuditLog).where(
            AuditLog.action == "application.reviewers_override")).all())
        return value, audits


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("expert", 403),
                                              ("committee", 403)])
def test_only_staff_may_post(app, client, auth, call_id, role, status):
    """Anonymous users go to the login page; experts and committee members are refused."""
    if role:
        auth.login_as(role)
    response = client.post(url(call_id), data={"reviewers": "2", "reason": "r"})
    assert response.status_code == status
    if role is None:
        assert "/login" in response.headers["Location"]
    assert stored(app, call_id) == (None, 0)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_set_and_clear_with_a_flash(app, client, auth, call_id, role):
    """Staff and admin set a size and clear it; the page shows each state and message."""
    auth.login_as(role)
    response = client.post(url(call_id), data={"reviewers": "2", "reason": "领域专家少"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/applications/A1#panel-size")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "项目 A1 的评审专家人数已设为 2 人。" in page
    assert 'name="reviewers" type="number" value="2"' in page
    assert '<p id="panel-size-now">当前：2</p>' in page
    assert stored(app, call_id) == (2, 1)
    response = client.post(url(call_id), data={"reviewers": "", "reason": "恢复"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "项目 A1 的评审专家人数已恢复为按本次分配的 K。" in page
    assert '<p id="panel-size-now">当前：按本次分配的 K</p>' in page
    assert stored(app, call_id) == (None, 2)


@pytest.mark.parametrize("data", [{"reviewers": "2", "reason": ""},
                                  {"reviewers": "0", "reason": "r"},
                                  {"reviewers": "21", "reason": "r"},
                                  {"reviewers": "两", "reason": "r"}])
def test_bad_input_changes_nothing(app, client, auth, call_id, data):
    """A missing reason or a size outside 1–20 is refused with a message."""
    auth.login_as("staff")
    page = client.post(url(call_id), data=data, follow_redirects=True).get_data(as_text=True)
    assert "请填写 1–20 之间的评审专家人数（或留空），并填写理由。" in page
    assert stored(app, call_id) == (None, 0)


def test_unknown_application_is_404(client, auth, call_id):
    """Posting for an application outside the call finds nothing."""
    auth.login_as("staff")
    assert client.post(url(call_id, "A9"), data={"reviewers": "2", "reason": "r"}) \
        .status_code == 404


def test_form_carries_a_csrf_token_when_csrf_is_on(app, client, auth, call_id):
    """With CSRF protection on, the form renders its token and a post without it fails."""
    auth.login_as("staff")
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/staff/calls/{call_id}/applications/A1").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = client.post(url(call_id), data={"reviewers": "2", "reason": "r"})
    assert response.status_code == 400
    assert stored(app, call_id) == (None, 0)
