"""A small stored call for the call-settings tests, and reviews stored on it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    Expert,
    Review,
)
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord


def book() -> CallBook:
    """One T1 application asking 48万 and one expert."""
    return CallBook(
        units=(UnitRecord("U1", "新疆某有限公司", "企业", "新疆"),
               UnitRecord("U2", "北京某大学", "高校", "北京")),
        applications=(ApplicationRecord("A1", "示范", "T1", "数字经济", "U1", ("U2",),
                                        pi_id="P1", pi_name="李强",
                                        requested_yuan=480_000, duration_months=36),),
        experts=(ExpertRecord("E1", "王伟", "U2", "北京某大学", "北京"),),
    )


def store_call() -> int:
    """The book stored as a call on the 2025 template."""
    call = create_call("设置测试", date(2025, 6, 30), template_2025())
    store_call_book(call, book())
    db.session.commit()
    return call.id


def add_review(call_id: int, scores: dict[str, float], status: str = "submitted") -> Review:
    """A review of A1 by E1 with these scores."""
    application = db.session.scalar(select(Application).where(Application.call_id == call_id))
    expert = db.session.scalar(select(Expert).where(Expert.call_id == call_id))
    assignment = Assignment(call_id=call_id, application_id=application.id, expert_id=expert.id)
    review = Review(assignment=assignment, scores=scores, total=100.0, status=status)
    db.session.add_all([assignment, review])
    db.session.commit()
    return review
