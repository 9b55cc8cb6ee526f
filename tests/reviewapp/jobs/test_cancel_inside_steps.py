"""A cancel pressed inside conflict detection (alone, or inside an assignment run) or the
affinity count stops the work there, through the real queue, and stores nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from assignment.affinity import score as affinity_score
from assignment.conflicts import detect as detect_module
from reviewapp.extensions import db
from reviewapp.jobs import runner
from reviewapp.models import (
    Application,
    AssignmentRun,
    AuditLog,
    Conflict,
    EligibilityResult,
    Job,
)
from reviewapp.progress import JobCancelled, NoProgress
from reviewapp.services import affinity_overview as overview
from reviewapp.services import conflicts as conflicts_service
from reviewapp.services.conflicts import detect_conflicts, forbidden_pairs
from tests.helpers.assignment_call import K
from tests.helpers.assignment_call import call_id as call_id  # noqa: F401 (fixture)
from tests.helpers.conflict_call import small_book, store
from tests.helpers.staff_call_data import store_small_call


def press_cancel() -> None:
    """Staff press cancel: the job row's flag, in a transaction of its own."""
    with db.engine.begin() as conn:
        conn.execute(update(Job).values(cancel_requested=True))


def stored_conflicts() -> set[tuple]:
    """Every stored conflict row of every call, as comparable tuples."""
    return set(db.session.execute(select(
        Conflict.application_id, Conflict.expert_id, Conflict.rule_id, Conflict.source,
        Conflict.evidence, Conflict.evidence_en)).tuples())


def detections() -> int:
    """How many detections were audited (stored)."""
    return len(db.session.scalars(select(AuditLog).where(
        AuditLog.action == "conflicts.detect")).all())


def test_a_cancel_during_detection_stops_after_the_rule_and_stores_nothing(
        app, client, auth, drain, monkeypatch):
    """Cancel pressed while rule C1 runs: no later rule runs, the job ends cancelled and
    the conflicts stored by the earlier detection stay as they were."""
    with app.app_context():
        call_id = store(small_book())
        detect_conflicts(call_id)
        before = stored_conflicts()
        audits = detections()
    assert before
    monkeypatch.setattr(runner, "STOP_POLL_SECONDS", 0.0)  # read the flag at every poll
    ran: list[str] = []
    for rule, function in list(detect_module.RULES.items()):
        def traced(ctx, policy, rule=rule, function=function):
            ran.append(rule)
            found = function(ctx, policy)
            if rule == "C1":
                press_cancel()
            return found
        monkeypatch.setitem(detect_module.RULES, rule, traced)
    auth.login_as("staff")
    assert client.post(f"/staff/calls/{call_id}/conflicts/detect").status_code == 302
    assert drain() == 1
    assert ran == ["C1"]
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "conflicts")).one()
        assert (job.status, job.result) == ("cancelled", None)
        assert stored_conflicts() == before
        assert detections() == audits == 1


@pytest.fixture
def eligible_call(app) -> int:
    """The small staff call, every application eligible, conflicts detected."""
    with app.app_context():
        call_id = store_small_call()
        for application in db.session.scalars(select(Application)):
            db.session.add(EligibilityResult(application_id=application.id, rule_id="E01",
                                             verdict="pass"))
        db.session.commit()
        detect_conflicts(call_id)
        return call_id


def test_a_cancel_during_the_affinity_score_stops_before_any_block(
        app, client, auth, drain, monkeypatch, eligible_call):
    """Cancel pressed while the features are built: no block is scored, the job is cancelled."""
    monkeypatch.setattr(runner, "STOP_POLL_SECONDS", 0.0)
    real_init, real_components = (affinity_score._Features.__init__,
                                  affinity_score._Features.components)
    blocks: list[slice] = []

    def init_then_cancel(self, *args):
        real_init(self, *args)
        press_cancel()

    def traced(self, rows):
        blocks.append(rows)
        return real_components(self, rows)

    monkeypatch.setattr(affinity_score._Features, "__init__", init_then_cancel)
    monkeypatch.setattr(affinity_score._Features, "components", traced)
    auth.login_as("staff")
    assert client.post(f"/staff/calls/{eligible_call}/conflicts/affinity").status_code == 302
    assert drain() == 1
    assert blocks == []
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "affinity")).one()
        assert (job.status, job.result) == ("cancelled", None)


class StopInStep(NoProgress):
    """A reporter whose `should_stop` turns true once step `index` has begun."""

    def __init__(self, index: int) -> None:
        self.index, self.current, self.polls = index, 0, 0

    def step(self, index: int, count: int, message: str) -> None:
        """Remember the step."""
        self.current = index

    def should_stop(self) -> bool:
        """True from the chosen step on."""
        self.polls += 1
        return self.current >= self.index


def test_the_count_polls_between_chunks_and_stops(app, monkeypatch, eligible_call):
    """A stop asked during the count (step 3) raises JobCancelled from its chunk loop."""
    monkeypatch.setattr(overview, "CHUNK_PAIRS", 3)
    progress = StopInStep(3)
    with app.app_context(), pytest.raises(JobCancelled):
        overview.affinity_overview(eligible_call, progress=progress)
    assert progress.current == 3


def test_the_chunked_count_equals_counting_pair_by_pair(app, monkeypatch, eligible_call):
    """Counted in chunks of 3 pairs, each application's candidates are those of a plain
    loop over every scored pair."""
    monkeypatch.setattr(overview, "CHUNK_PAIRS", 3)
    with app.app_context():
        result = overview.affinity_overview(eligible_call)
        affinity = overview.compute_affinity(eligible_call, top_n=None)
        forbidden = forbidden_pairs(eligible_call)
        wanted = {a: w for a, _, w in result.weak}
        available = {"E1", "E2", "E3"}  # E4 is unavailable in this call
        counts = dict.fromkeys(wanted, 0)
        rows, cols, values = affinity.pairs()
        for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True):
            a, e = affinity.app_ids[r], affinity.expert_ids[c]
            if v >= overview.MATCH_THRESHOLD and a in counts and e in available \
                    and (a, e) not in forbidden:
                counts[a] += 1
    assert result.weak_total == len(wanted) == 25
    assert {a: n for a, n, _ in result.weak} == counts
    assert any(counts.values()) and len(values) > 3


def test_a_stop_while_storing_raises_between_chunks(app, monkeypatch):
    """Asked to stop once the storing step began, detection raises between two chunks of
    rows; rolled back (as the runner does), the earlier rows are as they were."""
    monkeypatch.setattr(conflicts_service, "INSERT_ROWS", 1)
    with app.app_context():
        call_id = store(small_book())
        detect_conflicts(call_id)
        before = stored_conflicts()
        with pytest.raises(JobCancelled):
            detect_conflicts(call_id, progress=StopInStep(3))
        db.session.rollback()
        assert stored_conflicts() == before and detections() == 1


def test_a_cancel_during_an_assignment_runs_detection_stops_it(app, client, auth, call_id,
                                                                drain, monkeypatch):
    """The assignment run detects conflicts first: a cancel pressed during rule C1 stops the
    detection there, and the run ends cancelled with no run stored."""
    monkeypatch.setattr(runner, "STOP_POLL_SECONDS", 0.0)
    ran: list[str] = []
    for rule, function in list(detect_module.RULES.items()):
        def traced(ctx, policy, rule=rule, function=function):
            ran.append(rule)
            found = function(ctx, policy)
            if rule == "C1":
                press_cancel()
            return found
        monkeypatch.setitem(detect_module.RULES, rule, traced)
    auth.login_as("staff")
    base = f"/staff/calls/{call_id}/assignment"
    client.get(base)
    data = {"per_app": str(K), "mode": "optimal", "make_current": "y"}
    assert client.post(f"{base}/run", data=data).status_code == 302
    assert drain() == 1
    assert ran == ["C1"]
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "assignment")).one()
        assert job.status == "cancelled"
        assert db.session.scalar(select(func.count()).select_from(AssignmentRun)) == 0
