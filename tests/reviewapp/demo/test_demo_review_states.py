"""The demo's expert side: open pairs invited, one decline and one declared conflict."""

from __future__ import annotations

from sqlalchemy import func, select

from reviewapp.demo.review_states import stage_expert_answers
from reviewapp.extensions import db
from reviewapp.models import Assignment, Conflict, Expert
from tests.helpers.review_data import store_review_call


def test_stage_expert_answers(db_session):
    """Assigned pairs become invited; the first demo expert keeps every task; E2 declines,
    E3 (a third expert given one task here) declares a conflict."""
    data = store_review_call()
    a2 = db.session.get(Assignment, data.pairs[("A2", "E1")]).application_id
    e3 = db.session.scalar(select(Expert.id).where(Expert.expert_id == "E3"))
    db.session.add(Assignment(call_id=data.call_id, application_id=a2, expert_id=e3,
                              status="invited"))
    db.session.commit()
    counts = stage_expert_answers(data.call_id, ["E1"])
    assert counts == {"invited": 1, "declined": 1, "recused": 1}
    statuses = dict(db.session.execute(select(Assignment.status, func.count())
                                       .group_by(Assignment.status)).all())
    assert statuses == {"invited": 4, "declined": 1, "recused": 1}
    e1 = [data.pairs[(a, "E1")] for a in ("A1", "A2", "A3")]
    assert all(db.session.get(Assignment, i).status == "invited" for i in e1)
    conflict = db.session.scalars(select(Conflict)).one()
    assert (conflict.rule_id, conflict.source, conflict.expert_id) == ("C7", "declared", e3)
