"""A small call with invited pairs and expert accounts, for the expert review tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Expert
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord

GOOD_SCORES = {"necessity": "12", "maturity": "16.5", "technical": "15", "outputs": "11",
               "benefit": "16", "team": "8"}
LONG_COMMENT = "项目必要性较强，成果成熟度较高，技术路线可行；示范规模与量化指标需进一步明确。"


@dataclass(frozen=True)
class ReviewCall:
    """Ids of the small call: assignment ids by (app code, expert code)."""

    call_id: int
    pairs: dict[tuple[str, str], int]


def _book() -> CallBook:
    """Three applications and three experts."""
    units = (UnitRecord("U1", "新疆甲公司", "企业", "新疆"),
             UnitRecord("U2", "北京乙大学", "高校", "北京"),
             UnitRecord("U3", "上海丙研究所", "科研院所", "上海"))
    apps = tuple(
        ApplicationRecord(f"A{n}", f"示范项目{n}", "T1", "数字经济", "U1", ("U2",),
                          pi_id=f"P{n}", pi_name=f"负责人{n}", requested_yuan=480_000,
                          abstract=f"摘要{n}", quantified_outputs="新增产值 500 万元")
        for n in (1, 2, 3))
    experts = tuple(ExpertRecord(f"E{n}", f"专家{n}", "U3", "上海丙研究所", "上海")
                    for n in (1, 2, 3))
    return CallBook(units=units, applications=apps, experts=experts)


# (app, expert) → status; E1–A3 is assigned but not invited, so E1 must not see it.
PAIRS = {("A1", "E1"): "invited", ("A2", "E1"): "invited", ("A3", "E1"): "assigned",
         ("A1", "E2"): "invited", ("A3", "E2"): "invited"}


def store_review_call(deadline: str | None = None) -> ReviewCall:
    """The call stored with its pairs; commits."""
    settings = template_2025()
    if deadline:
        settings = type(settings)(**{**settings.__dict__,
                                     "review": {**settings.review, "deadline": deadline}})
    call = create_call("评审测试", date(2025, 6, 30), settings)
    store_call_book(call, _book())
    db.session.flush()
    apps = {a.app_id: a.id for a in db.session.scalars(
        select(Application).where(Application.call_id == call.id))}
    experts = {e.expert_id: e.id for e in db.session.scalars(
        select(Expert).where(Expert.call_id == call.id))}
    rows = {}
    for (app_code, expert_code), status in PAIRS.items():
        row = Assignment(call_id=call.id, application_id=apps[app_code],
                         expert_id=experts[expert_code], status=status)
        db.session.add(row)
        rows[(app_code, expert_code)] = row
    db.session.commit()
    return ReviewCall(call.id, {pair: row.id for pair, row in rows.items()})


def review_post(version: int | str, action: str = "save", **changes: str) -> dict[str, str]:
    """A full review POST body with good scores; `changes` override fields."""
    return {**GOOD_SCORES, "recommendation": "同意支持", "comment": LONG_COMMENT * 2,
            "version": str(version), "action": action, **changes}
