"""The expert journey over HTTP: tasks, declaration, review form, save, stale save, submit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Assignment, AuditLog, Conflict, Review
from tests.helpers.review_data import LONG_COMMENT, review_post, store_review_call


@pytest.fixture
def data(app):
    """The small review call."""
    with app.app_context():
        return store_review_call("2025-08-31")


@pytest.fixture
def expert1(auth):
    """Logged in as the expert with pool code E1."""
    return auth.login_as("expert", username="e1", expert_code="E1")


def stored(app, assignment_id):
    """The assignment's status and its review (or None), read fresh."""
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        review = db.session.scalar(select(Review).where(Review.assignment_id == assignment_id))
        if review is not None:
            db.session.expunge(review)
        return assignment.status, review


def version_of(html: str) -> str:
    """The version the form was given."""
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def test_task_list_links_only_own_invited_tasks(client, data, expert1):
    """Invited tasks appear as links; an assigned-not-invited pair and others' do not."""
    html = client.get("/expert/").get_data(as_text=True)
    links = set(re.findall(r'href="(/expert/assignments/\d+)"', html))
    assert links == {f"/expert/assignments/{data.pairs[('A1', 'E1')]}",
                     f"/expert/assignments/{data.pairs[('A2', 'E1')]}"}
    assert "2025-08-31" in html


def test_content_hidden_until_no_conflict_declared(client, data, expert1):
    """The declaration step hides the abstract and the review form; "none" opens both."""
    task = data.pairs[("A1", "E1")]
    page = client.get(f"/expert/assignments/{task}").get_data(as_text=True)
    assert 'name="decision"' in page and "摘要1" not in page
    assert client.get(f"/expert/assignments/{task}/review").status_code == 302
    assert client.post(f"/expert/assignments/{task}/review",
                       data=review_post(0)).status_code == 403
    response = client.post(f"/expert/assignments/{task}", data={"decision": "none"})
    assert response.status_code == 303
    assert stored(client.application, task)[0] == "accepted"
    page = client.get(f"/expert/assignments/{task}").get_data(as_text=True)
    assert "摘要1" in page
    form = client.get(f"/expert/assignments/{task}/review").get_data(as_text=True)
    for key in ("necessity", "maturity", "technical", "outputs", "benefit", "team"):
        assert f'name="{key}"' in form
    assert "13–15" in form  # the 2025 anchors of necessity


def test_conflict_recuses_and_stores_c7(client, data, expert1, app):
    """A declared conflict needs a reason, recuses the pair and stores a C7 conflict."""
    task = data.pairs[("A2", "E1")]
    assert client.post(f"/expert/assignments/{task}",
                       data={"decision": "conflict", "reason": ""}).status_code == 400
    assert stored(app, task)[0] == "invited"
    client.post(f"/expert/assignments/{task}", data={"decision": "conflict",
                                                     "reason": "曾与负责人合作"})
    assert stored(app, task)[0] == "recused"
    with app.app_context():
        conflict = db.session.scalars(select(Conflict)).one()
        assert (conflict.rule_id, conflict.source, conflict.reason) == ("C7", "declared",
                                                                        "曾与负责人合作")
        assert db.session.scalar(select(AuditLog).where(
            AuditLog.action == "assignment.declare_conflict")) is not None
    assert client.get(f"/expert/assignments/{task}/review").status_code == 403
    assert "摘要2" not in client.get(f"/expert/assignments/{task}").get_data(as_text=True)


def test_decline_with_reason(client, data, expert1, app):
    """Declining records the reason; the pair leaves the expert's work."""
    task = data.pairs[("A2", "E1")]
    client.post(f"/expert/assignments/{task}", data={"decision": "decline", "reason": "出差"})
    status = stored(app, task)
    assert status[0] == "declined"
    with app.app_context():
        assert db.session.get(Assignment, task).response_reason == "出差"


def accept(client, task):
    """Declare no conflict."""
    client.post(f"/expert/assignments/{task}", data={"decision": "none"})


def test_save_stale_invalid_and_submit(client, data, expert1, app):
    """Save bumps the version; a stale or out-of-range save stores nothing; submit locks."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    assert version_of(client.get(url).get_data(as_text=True)) == "0"
    assert client.post(url, data=review_post(0)).status_code == 303
    _, review = stored(app, task)
    assert review.version == 1 and review.scores["maturity"] == 16.5
    assert review.total == pytest.approx(78.5)
    assert version_of(client.get(url).get_data(as_text=True)) == "1"
    stale = client.post(url, data=review_post(0, necessity="13"))
    assert stale.status_code == 409
    assert "another window" in stale.get_data(as_text=True) or "其他窗口" in \
        stale.get_data(as_text=True)
    for bad in ({"necessity": "99"}, {"team": "7.3"}, {"maturity": "-1"}, {"outputs": "x"}):
        assert client.post(url, data=review_post(1, **bad)).status_code == 422
    _, review = stored(app, task)
    assert review.version == 1 and review.scores["necessity"] == 12
    assert client.post(url, data=review_post(1, action="submit", confirm="1")
                       ).status_code == 303
    status, review = stored(app, task)
    assert (status, review.status, review.version) == ("done", "submitted", 2)
    assert review.submitted_at is not None
    assert client.post(url, data=review_post(2)).status_code == 409
    assert client.get(f"/expert/assignments/{task}/submitted").status_code == 200


def test_submit_needs_every_score_and_a_long_comment(client, data, expert1, app):
    """A draft may be partial; a submission may not."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    assert client.post(url, data={"necessity": "10", "version": "0",
                                  "action": "save"}).status_code == 303
    response = client.post(url, data=review_post(1, action="submit", confirm="1",
                                                  comment="好", team=""))
    assert response.status_code == 422
    assert stored(app, task)[1].status == "draft"


def test_consistency_questions_until_confirmed(client, data, expert1, app):
    """优先支持 at a low total asks; confirm=1 answers in advance."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    body = review_post(0, action="submit", recommendation="优先支持", necessity="5",
                       maturity="8", technical="8")
    response = client.post(url, data=body)
    assert response.status_code == 200 and 'name="confirm"' in response.get_data(as_text=True)
    assert stored(app, task)[1] is None
    assert client.post(url, data={**body, "confirm": "1"}).status_code == 303
    assert stored(app, task)[1].status == "submitted"


def test_extreme_score_without_remark_asks(client, data, expert1, app):
    """Full points without a remark asks; a remark on that indicator does not."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    body = review_post(0, action="submit", team="10")
    assert 'name="confirm"' in client.post(url, data=body).get_data(as_text=True)
    assert client.post(url, data={**body, "remark_team": "团队很强"}).status_code == 303


def test_cut_needs_reason_and_stays_within_request(client, data, expert1, app):
    """A recommended amount above the request is refused; a cut needs its reason."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    assert client.post(url, data=review_post(0, recommended_wan="60")).status_code == 422
    assert client.post(url, data=review_post(0, action="submit", confirm="1",
                                             recommended_wan="40")).status_code == 422
    assert client.post(url, data=review_post(0, action="submit", confirm="1",
                                             recommended_wan="40", cut_reason="设备费偏高")
                       ).status_code == 303
    assert stored(app, task)[1].recommended_yuan == 400_000


def test_autosave_answers_json(client, data, expert1, app):
    """A background save answers JSON with the new version; a stale one 409 JSON."""
    task = data.pairs[("A1", "E1")]
    url = f"/expert/assignments/{task}/review"
    accept(client, task)
    headers = {"Accept": "application/json", "X-Background-Save": "1"}
    ok = client.post(url, data=review_post(0, comment=LONG_COMMENT), headers=headers)
    assert ok.status_code == 200 and ok.json["version"] == 1 and ok.json["saved_at"]
    stale = client.post(url, data=review_post(0), headers=headers)
    assert stale.status_code == 409 and stale.json["error"] == "refused"
