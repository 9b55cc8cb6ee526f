"""What-if on the track page: budget, aggregation, quotas and cut policy from the stored run."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import RankingRun
from reviewapp.services.ranking_runs import current_run
from reviewapp.services.whatif import (
    QuotaRow,
    WhatIf,
    WhatIfRefused,
    saved_question,
    what_if,
)
from tests.helpers.reviewed_call import ranked_call

WHATIF_CELL = re.compile(r'<tr class="[^"]*">\s*<td class="num"><strong>(\d+)</strong></td>\s*'
                         r'<td class="num">(\d+)')


@pytest.fixture
def ranked(app, runner, tmp_path) -> int:
    """A reviewed call with a T1 budget of 150 万元 and a current ranking run."""
    return ranked_call(app, runner, tmp_path)


def _saved(app, call_id: int) -> tuple[dict, list[dict]]:
    """The stored run's result and its T1 rows."""
    with app.app_context():
        result = current_run(call_id).result
    return result, result["ranking"]["tracks"][0]["rows"]


def _ranks(page: str) -> dict[int, int]:
    """Saved rank → what-if rank, as the page's first two columns show them."""
    return {int(saved): int(new) for saved, new in WHATIF_CELL.findall(page)}


def test_the_saved_question_gives_back_the_saved_list(app, ranked):
    """The run's own budget and rules, calibrated: every rank and award as stored."""
    with app.app_context():
        run = current_run(ranked)
        for track in run.result["ranking"]["tracks"]:
            answer = what_if(run, track["track_id"], saved_question(run, track["track_id"]))
            assert answer.error == ""
            assert {a: (r.rank, r.funded) for a, r in answer.rows.items()} == {
                row["app_id"]: (row["rank"], row["awarded_yuan"] > 0) for row in track["rows"]}
            assert answer.crosses_up == answer.drops_out == ()


def test_a_lower_budget_moves_the_line_and_the_saved_list_stays(client, auth, app, ranked):
    """80 万元 instead of 150: fewer funded, named as dropping out; no run made or changed."""
    auth.login_as("committee")
    before, rows = _saved(app, ranked)
    with app.app_context():
        runs = db.session.scalar(select(func.count(RankingRun.id)))
    page = client.get(f"/committee/calls/{ranked}/tracks/T1?budget_wan=80")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<th class="num">模拟排名</th>' in text
    funded = [row["app_id"] for row in rows if row["funded"]]
    with app.app_context():
        answer = what_if(current_run(ranked), "T1", WhatIf(budget_yuan=800_000))
        assert db.session.scalar(select(func.count(RankingRun.id))) == runs
        assert current_run(ranked).result == before
    kept = [a for a in funded if answer.rows[a].funded]
    assert len(kept) < len(funded) and answer.drops_out
    summary = text.split('id="whatif-result"', 1)[1].split("</div>", 1)[0]
    assert "降至立项线以下：" in summary
    assert all(app_id in summary for app_id in answer.drops_out)
    assert text.count("落到线下") == len(answer.drops_out)
    assert text.count("进入线上") == len(answer.crosses_up)
    # The saved column and the saved funding line are what the run stored.
    assert [int(r) for r in _ranks(text)] == [row["rank"] for row in rows]
    line_rank = before["ranking"]["tracks"][0]["line_rank"]
    assert text.count('class="funding-line"') == 1
    before_line = text.split('class="funding-line"', 1)[0]
    assert len(_ranks(before_line)) == line_rank


def test_mean_instead_of_calibrated_reorders(client, auth, app, ranked):
    """The plain mean puts some applications elsewhere: arrows beside the saved ranks."""
    auth.login_as("committee")
    _, rows = _saved(app, ranked)
    text = client.get(f"/committee/calls/{ranked}/tracks/T1?aggregation=mean").get_data(
        as_text=True)
    ranks = _ranks(text)
    assert len(ranks) == len(rows)
    assert any(saved != new for saved, new in ranks.items())
    assert "▲" in text and "▼" in text
    extras = current_run_extras(app, ranked)
    with app.app_context():
        answer = what_if(current_run(ranked), "T1", WhatIf(1_500_000, aggregation="mean"))
    by_what_if = sorted(rows, key=lambda row: answer.rows[row["app_id"]].rank)
    means = [extras[row["app_id"]]["mean"] for row in by_what_if]
    assert means == sorted(means, reverse=True)
    calibrated = [extras[row["app_id"]]["mean"] for row in rows]
    assert calibrated != sorted(calibrated, reverse=True)


def current_run_extras(app, call_id: int) -> dict[str, dict]:
    """The stored run's per-application extras (means, indicators)."""
    with app.app_context():
        return current_run(call_id).result["extras"]["applications"]


def test_a_quota_changed_on_the_page_limits_the_funded(client, auth, app, ranked):
    """At most two projects of the direction: two funded, the others named as dropping out."""
    auth.login_as("committee")
    _, rows = _saved(app, ranked)
    direction = current_run_extras(app, ranked)[rows[0]["app_id"]]["direction"]
    url = (f"/committee/calls/{ranked}/tracks/T1?quotas-0-group=direction"
           f"&quotas-0-value={direction}&quotas-0-max_count=2")
    text = client.get(url).get_data(as_text=True)
    with app.app_context():
        answer = what_if(current_run(ranked), "T1", WhatIf(1_500_000, quotas=(
            QuotaRow("direction", direction, max_count=2),)))
    assert sum(r.funded for r in answer.rows.values()) == 2
    assert '<th class="num">模拟排名</th>' in text
    assert "资助 2 项" in text
    # The quota row stays in the form, with an empty row after it to add another.
    assert f'value="{direction}"' in text and 'name="quotas-1-value"' in text


def test_the_cut_policy_funds_one_more_with_a_cut(app, ranked):
    """Allowing cuts lets the next application in with less than it asked."""
    with app.app_context():
        run = current_run(ranked)
        plain = what_if(run, "T1", WhatIf(1_600_000))
        cut = what_if(run, "T1", WhatIf(1_600_000, max_cut_percent=50))
    assert sum(r.funded for r in cut.rows.values()) > sum(r.funded for r in plain.rows.values())
    assert any(0 < r.awarded_yuan for r in cut.rows.values() if not plain.rows[r.app_id].funded)


@pytest.mark.parametrize(("query", "message"), [
    ("budget_wan=-5", "请填写不小于 0 的金额（万元），例如 800。"),
    ("budget_wan=abc", "budget"),
    ("max_cut=120", "必须"),
    ("max_cut=", "请填写 0 至 99。"),
    ("lottery=on&aggregation=mean", "摇号区依据校准后综合得分的排名区间"),
    ("max_cut=10&quotas-0-group=direction&quotas-0-value=数字经济&quotas-0-max_count=2",
     "配额不能与摇号区或核减同时使用"),
    ("quotas-0-group=direction&quotas-0-value=没有的方向&quotas-0-max_count=2",
     "本批次没有支持方向“没有的方向”"),
    ("quotas-0-group=direction&quotas-0-value=数字经济", "请为该配额填写"),
    ("quotas-0-group=direction&quotas-0-value=数字经济&quotas-0-min_count=3"
     "&quotas-0-max_count=2", "至少项目数大于至多项目数"),
    ("quotas-0-group=direction&quotas-0-value=&quotas-0-max_count=2", "请填写该配额所针对"),
    ("aggregation=median", "aggregation"),
    ("quotas-0-group=direction&quotas-0-value=数字经济&quotas-0-max_count=两个", "不是有效的整数"),
])
def test_bad_questions_get_a_clear_message_and_no_what_if(client, auth, ranked, query, message):
    """Each refused question says what to fix, beside its box, and shows no what-if column."""
    auth.login_as("committee")
    page = client.get(f"/committee/calls/{ranked}/tracks/T1?{query}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<th class="num">模拟排名</th>' not in text
    assert "未显示模拟结果" in text and 'class="field-error"' in text
    errors = " ".join(re.findall(r'class="field-error"[^>]*>([^<]*)<', text))
    assert message in errors or message in text.split("未显示模拟结果", 1)[1], errors


def test_the_service_refuses_what_the_funding_rules_cannot_combine(app, ranked):
    """A direct call to the service gets the same refusals the form gives."""
    with app.app_context():
        run = current_run(ranked)
        for question in (WhatIf(1, aggregation="median"), WhatIf(1, max_cut_percent=100),
                         WhatIf(1, lottery=True, aggregation="trimmed"),
                         WhatIf(1, lottery=True, quotas=(QuotaRow("direction", "x", 0, 1),)),
                         WhatIf(1, quotas=(QuotaRow("unit", "x", 0, 1),))):
            with pytest.raises(WhatIfRefused):
                what_if(run, "T1", question)


def test_the_form_starts_from_the_saved_rules(client, auth, app, ranked):
    """Opening the page fills the boxes with the run's budget, cut and lottery; no what-if."""
    from reviewapp.models import Call

    with app.app_context():
        call = db.session.get(Call, ranked)
        call.settings = {**call.settings, "funding": {**call.settings["funding"],
                                                      "max_cut_percent": 20}}
        db.session.commit()
        from reviewapp.services.ranking_runs import make_ranking_run
        make_ranking_run(ranked, None)
    auth.login_as("committee")
    text = client.get(f"/committee/calls/{ranked}/tracks/T1").get_data(as_text=True)
    assert '<th class="num">模拟排名</th>' not in text
    assert re.search(r'name="budget_wan"[^>]*value="150"', text)
    assert re.search(r'name="max_cut"[^>]*value="20"', text)
    # Asking only another budget keeps the saved 20 % cut cap.
    asked = client.get(f"/committee/calls/{ranked}/tracks/T1?budget_wan=150").get_data(
        as_text=True)
    assert re.search(r'name="max_cut"[^>]*value="20"', asked)
    assert set(_ranks(asked).items()) == {(r, r) for r in _ranks(asked)}
    assert "升至立项线以上： 无" in re.sub(r"\s+", " ", asked)
