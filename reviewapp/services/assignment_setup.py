"""What the assignment page shows before a run: K and its overrides, rules, loads, classified."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Call, Expert
from reviewapp.services.eligibility import eligible_application_ids


@dataclass(frozen=True)
class Setup:
    """The inputs of the next run as they stand."""

    per_app: int
    overrides: list[tuple[str, int]]
    one_per_unit: bool
    require_external: bool
    home_province: str
    eligible: int
    online: int
    classified: list[Application]
    experts: int
    available: int
    capacity: int | None  # sum of maximum loads of available experts; None if one is unlimited
    min_total: int


def _eligible_ids(call_id: int) -> set[int]:
    """Eligible applications: from their stored status once every one is checked (fast).

    The eligibility service keeps `status` in step with the verdicts and overrides; while
    an application is unchecked the service decides (and runs the check).
    """
    unchecked = db.session.scalar(select(func.count()).select_from(Application).where(
        Application.call_id == call_id, Application.status == "imported")) or 0
    if unchecked:
        return set(eligible_application_ids(call_id))
    return set(db.session.scalars(select(Application.id).where(
        Application.call_id == call_id, Application.status != "ineligible")))


def setup_of(call: Call) -> Setup:
    """The call's assignment inputs: panel sizes, panel rules, loads and classified projects."""
    settings = call.call_settings()
    policy = settings.conflict_policy
    eligible = _eligible_ids(call.id)
    classified = list(db.session.scalars(
        select(Application).where(Application.call_id == call.id,
                                  Application.classified.is_(True))
        .order_by(Application.app_id)))
    overrides = [(a, int(k)) for a, k in db.session.execute(
        select(Application.app_id, Application.reviewers_override)
        .where(Application.call_id == call.id, Application.reviewers_override.is_not(None),
               Application.id.in_(eligible), Application.classified.is_(False))
        .order_by(Application.app_id))]
    experts = db.session.scalar(select(func.count()).select_from(Expert)
                                .where(Expert.call_id == call.id)) or 0
    available = Expert.call_id == call.id, Expert.available.is_(True)
    n_available = db.session.scalar(select(func.count()).select_from(Expert)
                                    .where(*available)) or 0
    unlimited = db.session.scalar(select(func.count()).select_from(Expert).where(
        *available, Expert.max_load.is_(None))) or 0
    capacity = db.session.scalar(select(func.coalesce(func.sum(Expert.max_load), 0))
                                 .where(*available))
    min_total = db.session.scalar(select(func.coalesce(func.sum(Expert.min_load), 0))
                                  .where(*available))
    return Setup(
        per_app=settings.reviewers_per_app, overrides=overrides,
        one_per_unit=bool(policy.get("one_per_unit", True)),
        require_external=bool(policy.get("require_external", True)),
        home_province=str(policy.get("home_province", "新疆")),
        eligible=len(eligible), online=len(eligible - {a.id for a in classified}),
        classified=classified, experts=experts, available=n_available,
        capacity=None if unlimited else int(capacity or 0), min_total=int(min_total or 0))
