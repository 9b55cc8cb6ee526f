"""Who may open or write what on the expert pages: own invited tasks only, by any URL or id."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Review
from tests.helpers.review_data import review_post, store_review_call


@pytest.fixture
def data(app):
    """The small review call."""
    with app.app_context():
        return store_review_call()


def paths(task: int) -> list[str]:
    """Every expert URL of one task."""
    return [f"/expert/assignments/{task}", f"/expert/assignments/{task}/review",
            f"/expert/assignments/{task}/submitted"]


def test_other_experts_tasks_answer_404(client, auth, data, app):
    """E1 can neither read nor write E2's tasks, an uninvited pair, or a made-up id."""
    auth.login_as("expert", username="e2", expert_code="E2")
    theirs = data.pairs[("A1", "E2")]
    client.post(f"/expert/assignments/{theirs}", data={"decision": "none"})
    client.post(f"/expert/assignments/{theirs}/review", data=review_post(0))
    auth.logout()
    auth.login_as("expert", username="e1", expert_code="E1")
    for task in (theirs, data.pairs[("A3", "E2")], data.pairs[("A3", "E1")], 999_999):
        for path in paths(task):
            assert client.get(path).status_code == 404, path
        assert client.post(paths(task)[0], data={"decision": "conflict",
                                                 "reason": "x"}).status_code == 404
        assert client.post(paths(task)[1], data=review_post(1)).status_code == 404
    with app.app_context():
        review = db.session.scalars(select(Review)).one()
        assert review.version == 1 and review.scores["necessity"] == 12
    listing = client.get("/expert/").get_data(as_text=True)
    assert "专家2" not in listing and f"/expert/assignments/{theirs}" not in listing


def test_expert_pages_by_role(client, auth, data):
    """Anonymous users are sent to log in (script requests get 401); other roles get 403."""
    task = data.pairs[("A1", "E1")]
    for path in ["/expert/", *paths(task)]:
        assert client.get(path).status_code == 302
    response = client.post(paths(task)[1], data=review_post(0),
                           headers={"Accept": "application/json", "X-Background-Save": "1"})
    assert response.status_code == 401 and "login" in response.json["login_url"]
    for role in ("staff", "committee", "admin"):
        auth.login_as(role)
        for path in ["/expert/", *paths(task)]:
            assert client.get(path).status_code == 403, (role, path)
        auth.logout()


def test_an_expert_account_without_code_sees_nothing(client, auth, data):
    """An expert account not linked to the pool has no tasks and opens none."""
    auth.login_as("expert")
    assert "/expert/assignments/" not in client.get("/expert/").get_data(as_text=True)
    assert client.get(paths(data.pairs[("A1", "E1")])[0]).status_code == 404


def test_no_other_expert_names_or_scores_on_own_pages(client, auth, data, app):
    """E1's pages of A1 never show E2's name or scores, though E2 reviewed A1."""
    auth.login_as("expert", username="e2", expert_code="E2")
    theirs = data.pairs[("A1", "E2")]
    client.post(f"/expert/assignments/{theirs}", data={"decision": "none"})
    client.post(f"/expert/assignments/{theirs}/review",
                data=review_post(0, comment="第二位专家的独特意见" * 5))
    auth.logout()
    auth.login_as("expert", username="e1", expert_code="E1")
    mine = data.pairs[("A1", "E1")]
    client.post(f"/expert/assignments/{mine}", data={"decision": "none"})
    for path in ["/expert/", *paths(mine)[:2]]:
        html = client.get(path).get_data(as_text=True)
        assert "专家2" not in html and "第二位专家的独特意见" not in html


def test_logout_revokes_a_copied_session_cookie(client, auth, app, data):
    """A copy of the session cookie opens nothing once its owner logged out."""
    auth.login_as("expert", username="e1", expert_code="E1")
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/expert/").status_code == 200
    assert client.get("/logout").status_code == 302
    assert thief.get("/expert/").status_code == 302


def test_an_idle_session_ends_and_autosave_does_not_extend_it(client, auth, app, data):
    """Background saves do not count as activity; after the idle limit the session ends."""
    from datetime import timedelta

    from reviewapp.models import LoginSession
    from reviewapp.models.common import utcnow

    auth.login_as("expert", username="e1", expert_code="E1")
    task = data.pairs[("A1", "E1")]
    client.post(f"/expert/assignments/{task}", data={"decision": "none"})
    with app.app_context():
        login = db.session.scalars(select(LoginSession)).one()
        login.last_seen_at = utcnow() - timedelta(minutes=100)
        db.session.commit()
    headers = {"Accept": "application/json", "X-Background-Save": "1"}
    url = f"/expert/assignments/{task}/review"
    assert client.post(url, data=review_post(0), headers=headers).status_code == 200
    with app.app_context():
        seen = db.session.scalars(select(LoginSession)).one().last_seen_at
        assert utcnow() - seen > timedelta(minutes=99)
        login = db.session.scalars(select(LoginSession)).one()
        login.last_seen_at = utcnow() - timedelta(minutes=200)
        db.session.commit()
    assert client.post(url, data=review_post(1), headers=headers).status_code == 401
    assert client.post(url, data=review_post(1)).status_code == 302
