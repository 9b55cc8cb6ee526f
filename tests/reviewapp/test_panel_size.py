"""Per-application number of experts: the service, the assignment run, the CLI, the page."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, AuditLog
from reviewapp.services.assignment import start_assignment_run
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.eligibility import eligible_application_ids
from reviewapp.services.panel_size import PanelSizeError, set_reviewers_override

K = 3


def stored_call(n_experts: int) -> tuple[int, str]:
    """A generated call of 30 applications and the code of its first eligible application."""
    call = create_call("人数测试", date(2025, 3, 31), template_2025())
    store_call_book(call, generate_demo_book(seed=11, n_applications=30, n_experts=n_experts))
    db.session.commit()
    first = db.session.get(Application, eligible_application_ids(call.id)[0])
    return call.id, first.app_id


@pytest.fixture
def call_app(app) -> tuple[int, str]:
    """A generated call with 60 experts and one of its eligible applications."""
    with app.app_context():
        return stored_call(60)


def panel_counts(call_id: int) -> Counter[str]:
    """Stored experts per application code of the call."""
    return Counter(db.session.scalars(
        select(Application.app_id).join(Assignment, Assignment.application_id == Application.id)
        .where(Assignment.call_id == call_id)))


def override_of(call_id: int, app_id: str) -> int | None:
    """The stored override of one application."""
    return db.session.scalar(select(Application.reviewers_override).where(
        Application.call_id == call_id, Application.app_id == app_id))


def test_override_sets_one_panel_and_clearing_restores_k(app, call_app, make_user):
    """An override of 2 gives that application 2 experts, the others K; clearing gives K."""
    call_id, app_id = call_app
    staff = make_user("staff")
    with app.app_context():
        set_reviewers_override(call_id, app_id, 2, "领域专家稀缺", staff)
        run, _, summary = start_assignment_run(call_id, K)
        counts = panel_counts(call_id)
        assert summary["status"] == "optimal"
        assert counts[app_id] == 2
        assert set(n for code, n in counts.items() if code != app_id) == {K}
        assert run.params["per_app_overrides"] == {app_id: 2}
        audit = db.session.scalar(select(AuditLog).where(
            AuditLog.action == "application.reviewers_override"))
        assert audit.user_id == staff.id and audit.reason == "领域专家稀缺"
        assert (audit.before, audit.after) == ({"reviewers_override": None},
                                               {"reviewers_override": 2})
        set_reviewers_override(call_id, app_id, None, "恢复统一人数", staff)
        assert override_of(call_id, app_id) is None
        start_assignment_run(call_id, K)
        assert set(panel_counts(call_id).values()) == {K}


@pytest.mark.parametrize(("value", "reason"), [(2, ""), (2, "   "), (0, "r"), (21, "r")])
def test_refused_without_reason_or_out_of_range(app, call_app, value, reason):
    """A blank reason or a size outside 1–20 changes nothing and writes no audit row."""
    call_id, app_id = call_app
    with app.app_context():
        with pytest.raises(PanelSizeError):
            set_reviewers_override(call_id, app_id, value, reason, None)
        assert override_of(call_id, app_id) is None
        assert db.session.scalar(select(AuditLog).where(
            AuditLog.action == "application.reviewers_override")) is None


def test_unknown_application_is_refused(app, call_app):
    """An application code that is not in the call is an error the page can report."""
    call_id, _ = call_app
    with app.app_context(), pytest.raises(PanelSizeError):
        set_reviewers_override(call_id, "NOPE", 2, "r", None)


def test_database_rejects_a_size_out_of_range(app, call_app):
    """The named check constraint holds even when the service is bypassed."""
    call_id, app_id = call_app
    with app.app_context():
        row = db.session.scalar(select(Application).where(
            Application.call_id == call_id, Application.app_id == app_id))
        row.reviewers_override = 21
        with pytest.raises(IntegrityError, match="reviewers_override"):
            db.session.commit()
        db.session.rollback()


def test_assign_command_csv_honours_the_override(app, runner, call_app, tmp_path):
    """`reviewapp assign` writes the overridden number of rows for that application."""
    call_id, app_id = call_app
    with app.app_context():
        set_reviewers_override(call_id, app_id, 5, "重大项目", None)
    out = tmp_path / "a.csv"
    done = runner.invoke(args=["assign", str(call_id), "--per-app", str(K), "--out", str(out)])
    assert done.exit_code == 0, done.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        counts = Counter(row["app_id"] for row in csv.DictReader(handle))
    assert counts[app_id] == 5
    assert set(n for code, n in counts.items() if code != app_id) == {K}


def test_infeasible_override_is_explained(app, runner, tmp_path):
    """An override above the call's 19 experts stops the run with that application's reason."""
    with app.app_context():
        call_id, app_id = stored_call(19)
        set_reviewers_override(call_id, app_id, 20, "全体专家评审", None)
    out = tmp_path / "a.csv"
    done = runner.invoke(args=["assign", str(call_id), "--per-app", str(K), "--out", str(out)])
    assert done.exit_code == 1
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["status"] == "infeasible"
    mine = [d for d in summary["diagnostics"] if app_id in d["en"]]
    assert mine and "needs 20" in mine[0]["en"] and "需要 20 名" in mine[0]["zh"]
    with app.app_context():
        assert db.session.scalars(select(AssignmentRun)).one().status == "infeasible"
        assert db.session.scalar(select(Assignment)) is None


def test_stepper_counts_an_application_covered_at_its_own_panel_size(app, call_app, make_user):
    """With the call's K=5 and one override of 2, a full run leaves no stage to attend to."""
    from reviewapp.models import Call
    from reviewapp.services.call_overview import pipeline_stages

    call_id, app_id = call_app
    staff = make_user("staff")
    with app.app_context():
        set_reviewers_override(call_id, app_id, 2, "领域专家稀缺", staff)
        start_assignment_run(call_id, per_app=5, mode="optimal", user=staff)
        assert panel_counts(call_id)[app_id] == 2
    with app.test_request_context():
        stages = {s.key: s for s in pipeline_stages(db.session.get(Call, call_id))}
        assert stages["assignment"].state == "done"
