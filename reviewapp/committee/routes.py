"""Committee views: the calls with their tracks and budgets."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.committee import bp
from reviewapp.extensions import db
from reviewapp.models import Call


@bp.route("/")
def index() -> str:
    """Every call with its tracks and each track's budget."""
    calls = db.session.scalars(
        select(Call).options(selectinload(Call.tracks)).order_by(Call.deadline.desc())
    )
    return render_template("committee/index.html", calls=list(calls))
