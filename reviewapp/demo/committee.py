"""The demo call's committee meeting: priority flags, a ranking run, decisions, a frozen list."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, User
from reviewapp.services.accounts import create_user
from reviewapp.services.decisions import DecisionInput, freeze, save_decision, save_notes
from reviewapp.services.ranking_runs import make_ranking_run

DEMO_CUT_REASON = "设备购置费测算偏高，核减 10%"
DEMO_NOTES = (
    "2025 年评审委员会会议纪要（演示）\n"
    "1. 各项目类别按校准后综合得分排序，立项线按预算划定；摇号区项目按记录的随机种子排序。\n"
    "2. 同等条件下优先顺序：援疆省市已支持、团队实力强、链主企业牵头、特派员实施、产业化前景好。\n"
    "3. 立项线上项目原则上按申请额度支持；个别项目核减经费，理由见名单。\n"
    "4. 立项线下前两个项目列为备选。"
)


def _flag_some_applications(call_id: int) -> None:
    """A few applications carry the guide's priorities, as the workbook's flag columns set them."""
    apps = db.session.scalars(
        select(Application).where(Application.call_id == call_id).order_by(Application.app_id))
    for n, app in enumerate(apps):
        app.partner_supported = app.track == "T1" and n % 6 == 0
        app.chain_leader = n % 9 == 4
        app.commissioner = n % 11 == 7
        app.industrial_prospects = app.track == "T2" and n % 7 == 3
    db.session.commit()


def _committee_user() -> User:
    """The demo committee account that records the meeting (its password is reset later)."""
    user = db.session.scalar(select(User).where(User.username == "committee"))
    if user is None:
        user = create_user("committee", "committee", secrets.token_urlsafe(16),
                           display_name="演示评审委员会")
    return user


def stage_committee_meeting(call_id: int, seed: int) -> int:
    """Rank the call, decide every ranked application and freeze the list; the decisions made."""
    _flag_some_applications(call_id)
    user = _committee_user()
    run = make_ranking_run(call_id, user, sampler_seed=seed, lottery_seed=seed + 1,
                           reason="demo")
    made = 0
    for track in run.result["ranking"]["tracks"]:
        reserves = 0
        for position, row in enumerate(track["rows"]):
            if row["funded"]:
                awarded = row["awarded_yuan"]
                reason = "按资助规则核减至剩余预算" if awarded < row["requested_yuan"] else ""
                if position == 1 and not reason:
                    awarded, reason = row["requested_yuan"] * 9 // 10, DEMO_CUT_REASON
                given = DecisionInput("approve", awarded, reason, "")
            elif reserves < 2:
                reserves += 1
                given = DecisionInput("reserve", 0, "", "立项线下，列为备选")
            else:
                given = DecisionInput("reject", 0, "", "")
            save_decision(call_id, row["app_id"], user, given)
            made += 1
    save_notes(call_id, user, DEMO_NOTES)
    freeze(call_id, user)
    return made
