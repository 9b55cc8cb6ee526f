"""Paper reviews on a small assigned call: experts with known leniency, written as a workbook."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from reviewapp.call_settings_model import RUBRIC_2025, template_2025
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Expert
from reviewapp.services.call_import import create_call
from reviewapp.workbook.export import export_reviews
from reviewapp.workbook.records import ReviewRecord

EXPERTS = ("E01", "E02", "E03", "E04", "E05", "E06")
# Leniency in points of 100: E01 is generous, E06 is harsh.
LENIENCY = {"E01": 12, "E02": 3, "E03": 0, "E04": -2, "E05": -4, "E06": -10}


def store_assigned_call(app) -> int:
    """A call with 8 applications per track, 3 experts assigned to each; returns its id."""
    with app.app_context():
        call = create_call("评审导入测试", date(2025, 3, 31), template_2025())
        experts = [Expert(call_id=call.id, expert_id=code, name=f"专家{code}") for code in EXPERTS]
        db.session.add_all(experts)
        for n in range(16):
            track = "T1" if n < 8 else "T2"
            application = Application(
                call_id=call.id, app_id=f"A{n:02d}", title=f"项目{n}", track=track,
                direction="数字经济", lead_unit_id="U1", requested_yuan=(20 + 3 * n) * 10_000,
            )
            db.session.add(application)
            db.session.flush()
            for k in range(3):
                expert = experts[(n + k) % len(experts)]
                db.session.add(Assignment(call_id=call.id, application_id=application.id,
                                          expert_id=expert.id))
        db.session.commit()
        return call.id


def assigned_pairs(app, call_id: int) -> list[tuple[str, str]]:
    """(app code, expert code) of every assignment of the call."""
    with app.app_context():
        query = (select(Application.app_id, Expert.expert_id)
                 .join(Assignment, Assignment.application_id == Application.id)
                 .join(Expert, Assignment.expert_id == Expert.id)
                 .where(Assignment.call_id == call_id))
        return sorted(db.session.execute(query).tuples())


def true_quality(app_id: str) -> int:
    """The score an average expert would give: distinct per application, not in id order."""
    return 40 + 3 * (7 * int(app_id[1:]) % 16)


def paper_review(app_id: str, expert_id: str) -> ReviewRecord:
    """A review whose total is the application's quality plus the expert's leniency."""
    quality = true_quality(app_id)
    share = min(max((quality + LENIENCY[expert_id]) / 100, 0), 1)
    scores = {ind.key: round(ind.points * share * 2) / 2 for ind in RUBRIC_2025}
    return ReviewRecord(app_id, expert_id, scores, "同意支持", "意见")


def write_book(tmp_path, reviews, name="reviews.xlsx"):
    """Write the reviews workbook to a file and return its path."""
    path = tmp_path / name
    path.write_bytes(export_reviews(reviews))
    return path
