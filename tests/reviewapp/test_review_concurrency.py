"""Two saves of one review never lose the newer one: two clients, and two processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Review
from tests.helpers.review_data import review_post, store_review_call

RACE = Path(__file__).with_name("review_race.py")


@pytest.fixture
def task(app, client, auth):
    """E1's accepted task A1 with a first draft saved (version 1)."""
    with app.app_context():
        data = store_review_call()
    task = data.pairs[("A1", "E1")]
    auth.login_as("expert", username="e1", expert_code="E1")
    client.post(f"/expert/assignments/{task}", data={"decision": "none"})
    assert client.post(f"/expert/assignments/{task}/review",
                       data=review_post(0)).status_code == 303
    return task


def stored_review(app, task):
    """The stored review, read fresh."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.assignment_id == task))
        db.session.expunge(review)
        return review


def test_two_clients_same_version_one_wins(app, client, task):
    """Two browsers loaded version 1; the first save wins, the second answers 409."""
    other = app.test_client()
    other.post("/login", data={"username": "e1", "password": "secret123"})
    url = f"/expert/assignments/{task}/review"
    assert client.post(url, data=review_post(1, necessity="13")).status_code == 303
    assert other.post(url, data=review_post(1, necessity="5")).status_code == 409
    review = stored_review(app, task)
    assert review.version == 2 and review.scores["necessity"] == 13
    # The second browser reloads, sees version 2, and its save then goes through.
    assert other.post(url, data=review_post(2, necessity="5")).status_code == 303
    assert stored_review(app, task).scores["necessity"] == 5


def test_two_processes_same_version_exactly_one_wins(app, database, task, tmp_path):
    """Two server processes save at version 1 at once: one wins, the other changes nothing."""
    start = tmp_path / "start"
    options = json.dumps(database.engine_options)
    procs = [subprocess.Popen(
        [sys.executable, str(RACE), database.url, options, str(task), "1", value, str(start)],
        stdout=subprocess.PIPE, text=True) for value in ("3", "4")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    start.touch()
    outcomes = [proc.communicate(timeout=120)[0].strip() for proc in procs]
    assert sorted(outcomes) == ["stale", "won"], outcomes
    winner = ("3", "4")[outcomes.index("won")]
    review = stored_review(app, task)
    assert review.version == 2 and review.scores == {"necessity": float(winner)}
    assert review.comment == f"value {winner}"


def test_first_saves_race_on_insert(app, database, tmp_path):
    """Two processes make the first save (version 0) at once: the unique row lets one win."""
    with app.app_context():
        data = store_review_call()
        from reviewapp.models import Assignment

        task = data.pairs[("A1", "E1")]
        db.session.get(Assignment, task).status = "accepted"
        db.session.commit()
    start = tmp_path / "start"
    options = json.dumps(database.engine_options)
    procs = [subprocess.Popen(
        [sys.executable, str(RACE), database.url, options, str(task), "0", value, str(start)],
        stdout=subprocess.PIPE, text=True) for value in ("6", "7")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    start.touch()
    outcomes = sorted(proc.communicate(timeout=120)[0].strip() for proc in procs)
    assert outcomes == ["stale", "won"]
    assert stored_review(app, task).version == 1
