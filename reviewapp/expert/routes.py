"""Expert views: the list of the logged-in expert's own review tasks."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from reviewapp.expert import bp
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert


def my_assignments(expert_code: str | None) -> list[Assignment]:
    """Every assignment, in any call, of the pool expert with this code."""
    if not expert_code:
        return []
    query = (
        select(Assignment)
        .join(Assignment.expert)
        .join(Assignment.application)
        .join(Application.call)
        .options(contains_eager(Assignment.application).contains_eager(Application.call))
        .where(Expert.expert_id == expert_code, Assignment.status != "recused")
        .order_by(Call.deadline.desc(), Application.app_id)
    )
    return list(db.session.scalars(query))


@bp.route("/")
def index() -> str:
    """我的评审任务: the expert's assignments with their status."""
    return render_template(
        "expert/index.html", assignments=my_assignments(current_user.expert_code)
    )
