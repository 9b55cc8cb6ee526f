"""Making an older run current: panels stay at their size, settled pairs stay, audited."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import delete, select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, AuditLog, RunPair
from reviewapp.services.assignment import RunRequest, run_assignment
from reviewapp.services.assignment_current import (
    CurrentRunError,
    PanelsWouldBreak,
    make_run_current,
)
from tests.helpers.assignment_call import K
from tests.helpers.assignment_call import call_id as call_id  # noqa: F401 (fixture)

OPEN = ("assigned", "invited", "accepted", "done")


def two_runs(call_id: int, second_k: int = K) -> tuple[int, int]:
    """An optimal run, then a randomized one (current): their ids."""
    first = run_assignment(call_id, RunRequest(K)).id
    second = run_assignment(call_id, RunRequest(second_k, "randomized", 7, 0.5)).id
    return first, second


def run_panels(run_id: int) -> dict[int, set[int]]:
    """Application row id → the expert row ids the run chose for it."""
    panels: dict[int, set[int]] = {}
    for pair in db.session.scalars(select(RunPair).where(RunPair.run_id == run_id)):
        panels.setdefault(pair.application_id, set()).add(pair.expert_id)
    return panels


def open_panels(call_id: int) -> Counter[int]:
    """Open (not refused) pairs per application row id in the call's assignment table."""
    return Counter(db.session.scalars(select(Assignment.application_id).where(
        Assignment.call_id == call_id, Assignment.status.in_(OPEN))))


def differing_app(first: int, second: int) -> int:
    """An application whose panel differs between the two runs."""
    old, new = run_panels(first), run_panels(second)
    return next(app for app in sorted(new) if new[app] - old.get(app, set()))


def snapshot(call_id: int) -> list[tuple[int, int, str, bool, int | None]]:
    """The call's assignment rows, to show nothing changed."""
    return sorted(db.session.execute(
        select(Assignment.application_id, Assignment.expert_id, Assignment.status,
               Assignment.locked, Assignment.run_id).where(Assignment.call_id == call_id))
        .tuples().all())


@pytest.mark.parametrize("settle", ["invited", "accepted", "locked"])
def test_settled_pairs_outside_the_old_run_refuse_it(app, call_id, settle):
    """Invited, accepted or locked pairs the old run lacks would put the panel over K."""
    with app.app_context():
        first, second = two_runs(call_id)
        app_row = differing_app(first, second)
        for pair in db.session.scalars(select(Assignment).where(
                Assignment.application_id == app_row)):
            if settle == "locked":
                pair.locked = True
            else:
                pair.status = settle
        db.session.commit()
        before = snapshot(call_id)
        code = db.session.get(Application, app_row).app_id
        with pytest.raises(CurrentRunError, match=code):
            make_run_current(call_id, first, None)
        db.session.rollback()
        assert snapshot(call_id) == before
        assert db.session.get(AssignmentRun, second).is_current
        assert not db.session.get(AssignmentRun, first).is_current
        assert max(open_panels(call_id).values()) == K


def test_a_larger_k_since_refuses_the_old_run(app, call_id):
    """Pairs invited under a larger K stay, so the older, smaller panels would overflow."""
    with app.app_context():
        first, _second = two_runs(call_id, second_k=K + 1)
        for pair in db.session.scalars(select(Assignment)):
            pair.status = "invited"
        db.session.commit()
        with pytest.raises(CurrentRunError):
            make_run_current(call_id, first, None)


def test_a_pair_declined_since_refuses_the_old_run(app, call_id):
    """A pair of the old run the expert has declined would leave its panel short."""
    with app.app_context():
        first, _second = two_runs(call_id)
        make_run_current(call_id, first, None)
        app_row, expert_row = db.session.execute(
            select(RunPair.application_id, RunPair.expert_id)
            .where(RunPair.run_id == first).order_by(RunPair.id)).first()
        declined = db.session.scalars(select(Assignment).where(
            Assignment.application_id == app_row, Assignment.expert_id == expert_row)).one()
        declined.status = "declined"
        db.session.commit()
        second = run_assignment(call_id, RunRequest(K, "randomized", 7, 0.5)).id
        assert db.session.get(AssignmentRun, second).is_current
        code = db.session.get(Application, app_row).app_id
        with pytest.raises(CurrentRunError, match=code):
            make_run_current(call_id, first, None)


def test_settled_pairs_inside_the_old_run_are_kept(app, call_id):
    """Invited pairs that the old run also chose stay invited; every panel is K; audited."""
    with app.app_context():
        first, second = two_runs(call_id)
        old, new = run_panels(first), run_panels(second)
        shared = [(a, e) for a in new for e in new[a] & old.get(a, set())]
        assert shared
        for app_row, expert_row in shared:
            pair = db.session.scalars(select(Assignment).where(
                Assignment.application_id == app_row,
                Assignment.expert_id == expert_row)).one()
            pair.status = "invited"
        db.session.commit()
        make_run_current(call_id, first, None)
        assert set(open_panels(call_id).values()) == {K}
        invited = set(db.session.execute(
            select(Assignment.application_id, Assignment.expert_id)
            .where(Assignment.status == "invited")).tuples().all())
        assert invited == set(shared)
        assert {(a, e) for a, experts in old.items() for e in experts} == set(
            db.session.execute(select(Assignment.application_id, Assignment.expert_id))
            .tuples().all())
        audit = db.session.scalars(select(AuditLog).where(
            AuditLog.action == "assignment.make_current")).one()
        assert audit.after["run"] == first and audit.before["run"] == second


def test_the_page_names_the_panels_and_changes_nothing(app, client, auth, call_id):
    """The make-current button answers with the applications whose panels would overflow."""
    with app.app_context():
        first, second = two_runs(call_id)
        app_row = differing_app(first, second)
        for pair in db.session.scalars(select(Assignment).where(
                Assignment.application_id == app_row)):
            pair.status = "invited"
        db.session.commit()
        code = db.session.get(Application, app_row).app_id
        before = snapshot(call_id)
    auth.login_as("staff")
    client.get(f"/staff/calls/{call_id}/assignment")
    made = client.post(f"/staff/calls/{call_id}/assignment/runs/{first}/current",
                       data={"csrf_token": ""}, follow_redirects=True)
    text = made.get_data(as_text=True)
    assert made.status_code == 200 and code in text and "不能设为当前方案" in text
    with app.app_context():
        assert snapshot(call_id) == before
        assert db.session.get(AssignmentRun, second).is_current


def test_an_application_the_old_run_lacks_refuses_it(app, call_id):
    """An application that gained a panel since (newly eligible) would lose it: refused."""
    with app.app_context():
        first, _second = two_runs(call_id)
        old = run_panels(first)
        lost = sorted(old)[0]
        db.session.execute(delete(RunPair).where(RunPair.run_id == first,
                                                 RunPair.application_id == lost))
        db.session.commit()
        before = snapshot(call_id)
        code = db.session.get(Application, lost).app_id
        with pytest.raises(PanelsWouldBreak, match=code) as refused:
            make_run_current(call_id, first, None)
        assert refused.value.dropped == [code] and not refused.value.over
        db.session.rollback()
        assert snapshot(call_id) == before
