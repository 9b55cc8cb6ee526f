"""Staff views: the list of calls (each call's pages live in the other routes_* modules)."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Call, Expert
from reviewapp.staff import bp
from reviewapp.staff.forms_call import ReasonForm


def count_by_call(model: type[Application] | type[Expert]) -> dict[int, int]:
    """How many rows of `model` each call holds."""
    rows = db.session.execute(select(model.call_id, func.count()).group_by(model.call_id))
    return {call_id: count for call_id, count in rows}


@bp.route("/calls")
def calls() -> str:
    """Every call, newest first, with its application and expert counts (`?archived=1`: the
    archived ones)."""
    archived = request.args.get("archived") == "1"
    shown = Call.archived_at.is_not(None) if archived else Call.archived_at.is_(None)
    all_calls = db.session.scalars(
        select(Call).where(shown).order_by(Call.created_at.desc(), Call.id.desc()))
    return render_template(
        "staff/calls.html",
        calls=list(all_calls), archived=archived, reason_form=ReasonForm(),
        applications=count_by_call(Application),
        experts=count_by_call(Expert),
    )

