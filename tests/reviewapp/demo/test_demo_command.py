"""`reviewapp demo` on a fresh database: schema, call, counts and accounts, twice over."""

from __future__ import annotations

from sqlalchemy import func, select

from reviewapp.demo.operations import DEMO_CALL_NAME
from reviewapp.extensions import db
from reviewapp.models import Application, Call, CallTrack, Expert, Job, Relation, Unit, User
from reviewapp.services.ranking_runs import current_run, is_fresh

ARGS = ["demo", "--seed", "5", "--applications", "40", "--experts", "60"]


def _count(model: type) -> int:
    """Rows of one model."""
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_command_loads_call_and_accounts_idempotently(fresh_app):
    """Two runs leave one demo call with the data and eight working accounts."""
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(args=ARGS)
    assert first.exit_code == 0, first.output
    assert "http://127.0.0.1:5000/" in first.output
    assert "staff123" in first.output and "expert1" in first.output
    second = runner.invoke(args=ARGS)
    assert second.exit_code == 0, second.output
    assert "Replaced the earlier demo call" in second.output
    with fresh_app.app_context():
        calls = db.session.scalars(select(Call)).all()
        assert [c.name for c in calls] == [DEMO_CALL_NAME]
        budgets = {t.track_id: t.budget_yuan for t in db.session.scalars(select(CallTrack))}
        assert budgets == {"T1": 15_000_000, "T2": 8_000_000}
        assert _count(Application) == 40 and _count(Expert) == 60
        assert _count(Unit) > 100 and _count(Relation) > 10
        users = {u.username: u for u in db.session.scalars(select(User))}
        assert len(users) == 8
        assert users["staff"].role == "staff" and users["staff"].check_password("staff123")
        assert users["admin"].check_password("admin123")
        assert users["committee"].role == "committee"
        codes = set(db.session.scalars(select(Expert.expert_id)))
        assert all(users[f"expert{i}"].expert_code in codes for i in range(1, 6))
        assert users["expert1"].check_password("expert123")
        call_id = calls[0].id
        # The committee's pages open on a current ranking, made by the command itself
        # (synchronously, no ranking job), reading the call as it is.
        run = current_run(call_id)
        assert run is not None and run.inputs["reason"] == "demo" and is_fresh(run)
        assert db.session.scalar(select(Job.id).where(Job.kind == "ranking")) is None
    kept = runner.invoke(args=[*ARGS, "--keep"])
    assert kept.exit_code == 0, kept.output
    assert f"already exists (id {call_id})" in kept.output
