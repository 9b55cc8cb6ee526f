"""Per-application panel size (评审专家人数): staff override of the run's K, and its use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application
from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN
from reviewapp.services.audit import record_audit


class PanelSizeError(ValueError):
    """A panel-size change the service refuses, with a message for the user."""


def panel_sizes(applications: Iterable[Application], per_app: int) -> dict[str, int]:
    """Experts wanted per application code: its override when set, else the run's K."""
    return {a.app_id: a.reviewers_override if a.reviewers_override is not None else per_app
            for a in applications}


def set_reviewers_override(
    call_id: int, app_id: str, value: int | None, reason: str, user: Any
) -> Application:
    """Set (or clear, with None) one application's panel size, with a reason; audited."""
    text = (reason or "").strip()
    if not text:
        raise PanelSizeError("a reason is required")
    if value is not None and not REVIEWERS_MIN <= value <= REVIEWERS_MAX:
        raise PanelSizeError(
            f"the number of experts must be {REVIEWERS_MIN}–{REVIEWERS_MAX}, not {value}")
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id))
    if application is None:
        raise PanelSizeError(f"call {call_id} has no application {app_id}")
    before = application.reviewers_override
    application.reviewers_override = value
    record_audit(user, "application.reviewers_override", "application", app_id,
                 before={"reviewers_override": before}, after={"reviewers_override": value},
                 reason=text, call_id=call_id)
    db.session.commit()
    return application
