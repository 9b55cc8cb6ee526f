"""Writes of `reviewapp demo`: the demo call, its reviews and the demo accounts, audited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

from reviewapp.call_settings_model import CallSettings, template_2025
from reviewapp.demo.applications import DEMO_DEADLINE
from reviewapp.demo.generator import Account
from reviewapp.demo.reviews import SUBMITTED, SimulatedReview
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert, Review, User
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.workbook.records import CallBook

DEMO_CALL_NAME = "2025年自治区区域协同创新专项—科技援疆计划（演示）"
DEMO_BUDGETS_YUAN = {"T1": 15_000_000, "T2": 8_000_000}


@dataclass(frozen=True)
class StoredDemo:
    """The demo call's id, whether an older demo call was replaced or kept, and counts."""

    call_id: int
    replaced: int | None  # id of the demo call removed first
    kept: bool  # an existing demo call was left as it was
    counts: dict[str, int]


def demo_settings() -> CallSettings:
    """The 2025 template with the demo's track budgets (T1 1,500 万元, T2 800 万元)."""
    base = template_2025()
    tracks = tuple(replace(t, budget_yuan=DEMO_BUDGETS_YUAN.get(t.track_id)) for t in base.tracks)
    return replace(base, tracks=tracks)


def find_demo_call() -> Call | None:
    """The newest call named as the demo call, if any."""
    query = select(Call).where(Call.name == DEMO_CALL_NAME).order_by(Call.id.desc())
    return db.session.scalars(query).first()


def store_demo_call(book: CallBook, seed: int, keep: bool = False) -> StoredDemo:
    """Store `book` as the demo call, replacing an older one unless `keep`; commit once."""
    existing = find_demo_call()
    if existing is not None and keep:
        return StoredDemo(existing.id, None, True, {})
    replaced = None
    if existing is not None:
        replaced = existing.id
        record_audit(None, "demo.remove_call", "call", existing.id,
                     before={"name": existing.name})
        # Every row of a call cascades from it in the database.
        db.session.delete(existing)
        db.session.flush()
    call = create_call(DEMO_CALL_NAME, DEMO_DEADLINE, demo_settings())
    counts = store_call_book(call, book)
    record_audit(None, "demo.create_call", "call", call.id,
                 after={"name": DEMO_CALL_NAME, "seed": seed, **counts}, call_id=call.id)
    db.session.commit()
    return StoredDemo(call.id, replaced, False, counts)


def reset_demo_accounts(accounts: list[Account]) -> tuple[int, int]:
    """Create the demo accounts, or reset role and password of those that exist; commit once."""
    created = updated = 0
    for username, password, role, display_name, expert_code in accounts:
        user = db.session.scalars(select(User).filter_by(username=username)).first()
        before = None
        if user is None:
            user = User(username=username)
            db.session.add(user)
            created += 1
        else:
            before = {"role": user.role, "expert_code": user.expert_code, "active": user.active}
            updated += 1
        user.role, user.display_name, user.expert_code = role, display_name, expert_code
        user.active = True
        user.set_password(password)
        db.session.flush()
        record_audit(None, "demo.reset_account", "user", user.id, before=before,
                     after={"username": username, "role": role, "expert_code": expert_code})
    db.session.commit()
    return created, updated


def set_minimum_loads(call_id: int, expert_codes: Collection[str], min_load: int) -> int:
    """Give these available experts a minimum load (capped by their maximum); commit once."""
    experts = db.session.scalars(select(Expert).where(
        Expert.call_id == call_id, Expert.expert_id.in_(expert_codes), Expert.available)).all()
    for expert in experts:
        expert.min_load = min(min_load, expert.max_load if expert.max_load is not None
                              else min_load)
    record_audit(None, "demo.set_min_load", "call", call_id,
                 after={e.expert_id: e.min_load for e in experts}, call_id=call_id)
    db.session.commit()
    return len(experts)


def open_assignments(call_id: int) -> dict[tuple[str, str], Assignment]:
    """The call's assignments still open for review, by (app code, expert code)."""
    query = (
        select(Assignment, Application.app_id, Expert.expert_id)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id,
               Assignment.status.in_(("assigned", "accepted")))
    )
    return {(app, expert): row for row, app, expert in db.session.execute(query)}


def store_demo_reviews(call_id: int, reviews: Sequence[SimulatedReview]) -> dict[str, int]:
    """Store simulated reviews on their open assignments, audited; commit once.

    A submitted review closes its assignment (done), as a paper import does; a draft
    marks it accepted. A review of a pair that is not open raises ValueError.
    """
    assigned = open_assignments(call_id)
    missing = [(r.app_id, r.expert_id) for r in reviews if (r.app_id, r.expert_id)
               not in assigned]
    if missing:
        raise ValueError(f"reviews of pairs that are not assigned: {missing[:5]}")
    now = utcnow()
    for simulated in reviews:
        assignment = assigned[(simulated.app_id, simulated.expert_id)]
        submitted = simulated.status == SUBMITTED
        db.session.add(Review(
            assignment=assignment, scores=dict(simulated.scores), total=simulated.total,
            recommendation=simulated.recommendation, comment=simulated.comment,
            status=simulated.status, version=1, submitted_at=now if submitted else None,
        ))
        assignment.status = "done" if submitted else "accepted"
    counts = dict(Counter(r.status for r in reviews))
    record_audit(None, "demo.simulate_reviews", "call", call_id, after=counts, call_id=call_id)
    db.session.commit()
    return counts
