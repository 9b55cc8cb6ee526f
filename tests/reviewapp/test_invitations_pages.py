"""The invitations and outbox pages: roles, the buttons, edits refused whatever is posted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Assignment, AuditLog, MailMessage
from reviewapp.services.conflicts import forbidden_pairs
from tests.helpers.invitation_data import pairs_by_code, store_assigned_call

PAGES = ["invitations", "outbox", "invitations?export=xlsx", "outbox?export=xlsx"]
POSTS = ["invitations/send", "invitations/remind", "invitations/refill", "pairs/add",
         "outbox/resend"]


@pytest.fixture
def call_id(app) -> int:
    """A call with a stored run, nobody invited yet."""
    with app.app_context():
        return store_assigned_call()


def pair_count(app) -> int:
    """Stored assignment rows."""
    with app.app_context():
        return db.session.scalar(select(func.count(Assignment.id))) or 0


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("expert", 403), ("committee", 403), ("staff", 200), ("admin", 200)])
def test_pages_per_role(client, auth, call_id, role, status):
    """Anonymous users go to the login page; experts and committee members are refused."""
    if role:
        auth.login_as(role)
    for page in PAGES:
        assert client.get(f"/staff/calls/{call_id}/{page}").status_code == status, page
    assert client.get("/staff/calls/99999/invitations").status_code in (302, 403, 404)


@pytest.mark.parametrize("role", [None, "expert", "committee"])
def test_other_roles_cannot_post(app, client, auth, call_id, role):
    """Every button and form refuses anyone but staff and changes nothing."""
    if role:
        auth.login_as(role)
    with app.app_context():
        pair = db.session.scalars(select(Assignment)).first()
    urls = [*POSTS, f"pairs/{pair.id}/swap", f"pairs/{pair.id}/lock"]
    for url in urls:
        response = client.post(f"/staff/calls/{call_id}/{url}", data={
            "app_id": "x", "expert_id": "y", "reason": "z", "locked": "1"})
        assert response.status_code == (302 if role is None else 403), url
    with app.app_context():
        assert not db.session.scalars(select(MailMessage)).all()
        assert {p.status for p in db.session.scalars(select(Assignment))} == {"assigned"}


def test_invite_button_then_outbox(app, client, auth, call_id):
    """The button invites every pair once; the outbox page shows the messages and their text."""
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/invitations").get_data(as_text=True)
    assert "Invite" in page or "邀请" in page
    response = client.post(f"/staff/calls/{call_id}/invitations/send")
    assert response.status_code == 302
    with app.app_context():
        messages = db.session.scalars(select(MailMessage)).all()
        assert messages and {p.status for p in db.session.scalars(select(Assignment))} == {
            "invited"}
    client.post(f"/staff/calls/{call_id}/invitations/send")
    with app.app_context():
        assert len(db.session.scalars(select(MailMessage)).all()) == len(messages)
    outbox = client.get(f"/staff/calls/{call_id}/outbox?per=100").get_data(as_text=True)
    assert messages[0].subject in outbox and "/login?next=/expert/" in outbox
    filtered = client.get(f"/staff/calls/{call_id}/invitations?status=invited")
    assert filtered.status_code == 200


def test_a_conflicted_pair_is_refused_whatever_the_form_sends(app, client, auth, call_id):
    """Posting a forbidden pair to add or swap answers 400 with the conflict; nothing stored."""
    auth.login_as("staff")
    with app.app_context():
        pairs = pairs_by_code(call_id)
        assigned_apps = {a for a, _ in pairs}
        app_code, expert_code = sorted(p for p in forbidden_pairs(call_id)
                                       if p[0] in assigned_apps)[0]
        victim = next(p.id for (a, _), p in pairs.items() if a == app_code)
    before = pair_count(app)
    added = client.post(f"/staff/calls/{call_id}/pairs/add", data={
        "app_id": app_code, "expert_id": expert_code, "reason": "熟悉该领域"})
    assert added.status_code == 400
    text = added.get_data(as_text=True)
    assert expert_code in text or "Conflict" in text or "回避" in text
    swapped = client.post(f"/staff/calls/{call_id}/pairs/{victim}/swap", data={
        "expert_id": expert_code, "reason": "替换"})
    assert swapped.status_code == 400
    assert client.post(f"/staff/calls/{call_id}/pairs/{victim}/swap", data={
        "expert_id": expert_code, "reason": ""}).status_code == 400
    assert pair_count(app) == before
    with app.app_context():
        assert not db.session.scalars(select(AuditLog).where(
            AuditLog.action.in_(("assignment.add", "assignment.swap")))).all()


def test_lock_and_unlock_from_the_page(app, client, auth, call_id):
    """Locking needs a reason; locked pairs show under the locked filter; unlock undoes it."""
    auth.login_as("staff")
    with app.app_context():
        pair = db.session.scalars(select(Assignment).order_by(Assignment.id)).first()
    url = f"/staff/calls/{call_id}/pairs/{pair.id}/lock"
    assert client.post(url, data={"locked": "1", "reason": ""}).status_code == 400
    assert client.post(url, data={"locked": "1", "reason": "主审"}).status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, pair.id).locked
    page = client.get(f"/staff/calls/{call_id}/invitations?locked=yes").get_data(as_text=True)
    assert page.count("pairs/") >= 1
    assert client.post(url, data={"locked": "0", "reason": "解锁"}).status_code == 302
    with app.app_context():
        assert not db.session.get(Assignment, pair.id).locked
    other = client.post(f"/staff/calls/{call_id + 1}/pairs/{pair.id}/lock",
                        data={"locked": "1", "reason": "x"})
    assert other.status_code == 404
