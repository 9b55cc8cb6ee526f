"""The committee's pages: who may open them, what-if, decisions, freezing, exports, identities."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, Call, Decision, RankingRun
from reviewapp.services.ranking_runs import current_run, make_ranking_run
from tests.helpers.reviewed_call import _reviewed_call, ranked_call


@pytest.fixture
def ranked(app, runner, tmp_path) -> int:
    """A reviewed call with a T1 budget and a current ranking run."""
    return ranked_call(app, runner, tmp_path)


def _first_app(app, call_id: int) -> str:
    """The T1 application ranked first."""
    with app.app_context():
        return current_run(call_id).result["ranking"]["tracks"][0]["rows"][0]["app_id"]


def _pages(call_id: int, app_id: str) -> list[str]:
    """Every page and download of the committee's workspace."""
    base = f"/committee/calls/{call_id}"
    return ["/committee/", f"{base}/", f"{base}/tracks/T1", f"{base}/tracks/T1?budget_wan=80",
            f"{base}/charts", f"{base}/decisions", f"{base}/applications/{app_id}",
            f"{base}/list.xlsx", f"{base}/print", f"{base}/ranking.xlsx"]


def _posts(call_id: int, app_id: str) -> list[tuple[str, dict]]:
    """Every form of the workspace with data it accepts."""
    base = f"/committee/calls/{call_id}"
    return [(f"{base}/runs", {}), (f"{base}/lottery", {}), (f"{base}/notes", {"notes": "x"}),
            (f"{base}/decisions/{app_id}", {"outcome": "reject"})]


@pytest.mark.parametrize("role", ["committee", "staff", "admin"])
def test_committee_staff_and_admin_open_every_page(client, auth, app, ranked, role):
    """Each page answers 200 to the three roles that sit in the meeting."""
    auth.login_as(role)
    for url in _pages(ranked, _first_app(app, ranked)):
        assert client.get(url).status_code == 200, url
    for url, data in _posts(ranked, _first_app(app, ranked)):
        assert client.post(url, data=data).status_code == 302, url


def test_experts_and_anonymous_visitors_are_refused_everywhere(client, auth, app, ranked):
    """Anonymous visitors are sent to log in, experts get 403, on every page and form."""
    app_id = _first_app(app, ranked)
    posts = [*_posts(ranked, app_id),
             (f"/committee/calls/{ranked}/freeze", {}),
             (f"/committee/calls/{ranked}/unfreeze", {"reason": "r"}),
             (f"/committee/calls/{ranked}/applications/{app_id}/flags", {})]
    for url in _pages(ranked, app_id):
        assert client.get(url).status_code == 302, url
    for url, data in posts:
        assert client.post(url, data=data).status_code == 302, url
    auth.login_as("expert")
    for url in _pages(ranked, app_id):
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403, url
    with app.app_context():
        assert db.session.scalar(select(Decision.id)) is None


def test_only_staff_set_flags_and_only_admins_unfreeze(client, auth, app, ranked):
    """The committee may not set priority flags nor unfreeze; staff may set flags."""
    app_id = _first_app(app, ranked)
    auth.login_as("committee")
    url = f"/committee/calls/{ranked}/applications/{app_id}/flags"
    assert client.post(url, data={"chain_leader": "y"}).status_code == 403
    assert client.post(f"/committee/calls/{ranked}/unfreeze",
                       data={"reason": "r"}).status_code == 403
    auth.logout()
    auth.login_as("staff")
    assert client.post(url, data={"chain_leader": "y", "reason": "核实"}).status_code == 302
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.app_id == app_id))
        assert application.chain_leader and not application.commissioner
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "priority_flags"))


def test_a_page_view_never_samples_and_what_if_leaves_the_saved_list(client, auth, app, ranked):
    """Viewing and asking what-if make no run; the what-if column shows new ranks with arrows."""
    auth.login_as("committee")
    with app.app_context():
        before = db.session.scalars(select(RankingRun.id)).all()
        saved = current_run(ranked).result
    page = client.get(f"/committee/calls/{ranked}/tracks/T1?budget_wan=300&aggregation=mean")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<th class="num">模拟排名</th>' in text
    assert "▲" in text or "▼" in text
    client.get(f"/committee/calls/{ranked}/tracks/T1")
    client.get(f"/committee/calls/{ranked}/charts")
    with app.app_context():
        assert db.session.scalars(select(RankingRun.id)).all() == before
        assert current_run(ranked).result == saved
    bad = client.get(f"/committee/calls/{ranked}/tracks/T1?budget_wan=-5")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and '<th class="num">模拟排名</th>' not in text
    assert "field-error" in text


def test_decisions_cuts_need_a_reason_and_freezing_blocks_every_change(client, auth, app,
                                                                        ranked):
    """A cut without reason is refused; once frozen nothing changes until an admin unfreezes."""
    auth.login_as("committee")
    with app.app_context():
        run = current_run(ranked)
        rows = [row for t in run.result["ranking"]["tracks"] for row in t["rows"]]
    app_id, requested = rows[0]["app_id"], rows[0]["requested_yuan"]
    url = f"/committee/calls/{ranked}/decisions/{app_id}"
    client.post(url, data={"outcome": "approve", "approved_wan": "1"})
    with app.app_context():
        assert db.session.scalar(select(Decision.id)) is None
    client.post(url, data={"outcome": "approve", "approved_wan": "1", "cut_reason": "预算"})
    with app.app_context():
        decision = db.session.scalar(select(Decision))
        assert (decision.outcome, decision.approved_yuan, decision.cut_reason) == (
            "approve", 10_000, "预算")
        assert decision.approved_yuan < requested and decision.rank == rows[0]["rank"]
    client.post(f"/committee/calls/{ranked}/freeze")
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "freeze")) is None
    for row in rows[1:]:
        client.post(f"/committee/calls/{ranked}/decisions/{row['app_id']}",
                    data={"outcome": "reject"})
    client.post(f"/committee/calls/{ranked}/freeze")
    client.post(url, data={"outcome": "reject"})
    client.post(f"/committee/calls/{ranked}/notes", data={"notes": "later"})
    client.post(f"/committee/calls/{ranked}/lottery")
    client.post(f"/committee/calls/{ranked}/runs")
    with app.app_context():
        assert db.session.scalar(select(Decision).where(
            Decision.application_id == decision.application_id)).outcome == "approve"
        assert db.session.scalar(select(RankingRun.id).where(RankingRun.current)) == run.id
        frozen = db.session.scalar(select(AuditLog).where(AuditLog.action == "freeze"))
        assert frozen is not None and frozen.user_id is not None
    page = client.get(f"/committee/calls/{ranked}/decisions").get_data(as_text=True)
    assert "frozen-banner" in page
    auth.logout()
    auth.login_as("admin")
    client.post(f"/committee/calls/{ranked}/unfreeze", data={"reason": ""})
    client.post(url, data={"outcome": "reject"})
    with app.app_context():
        assert db.session.scalar(select(Decision).where(
            Decision.application_id == decision.application_id)).outcome == "approve"
    client.post(f"/committee/calls/{ranked}/unfreeze", data={"reason": "金额录入有误"})
    client.post(url, data={"outcome": "reject"})
    with app.app_context():
        assert db.session.scalar(select(Decision).where(
            Decision.application_id == decision.application_id)).outcome == "reject"
        unfreeze = db.session.scalar(select(AuditLog).where(AuditLog.action == "unfreeze"))
        assert unfreeze.reason == "金额录入有误"


def test_the_lottery_is_drawn_on_the_page_with_a_new_recorded_seed(client, auth, app, ranked):
    """Drawing keeps the sampler seed, draws a new lottery seed and shows it."""
    auth.login_as("committee")
    with app.app_context():
        old = current_run(ranked)
        old_seeds = (old.sampler_seed, old.lottery_seed)
    client.post(f"/committee/calls/{ranked}/lottery")
    with app.app_context():
        new = current_run(ranked)
        assert new.sampler_seed == old_seeds[0] and new.lottery_seed != old_seeds[1]
        assert new.inputs["reason"] == "lottery"
    page = client.get(f"/committee/calls/{ranked}/decisions").get_data(as_text=True)
    assert str(new.lottery_seed) in page


def test_experts_are_anonymous_unless_the_call_allows(client, auth, app, ranked):
    """Scores and comments show; expert codes only when show_expert_identities is on."""
    auth.login_as("committee")
    app_id = _first_app(app, ranked)
    url = f"/committee/calls/{ranked}/applications/{app_id}"
    with app.app_context():
        codes = current_run(ranked).result["extras"]["leniency"]
        codes = [row["expert_id"] for row in codes]
    hidden = client.get(url).get_data(as_text=True)
    assert not any(f">{code}<" in hidden for code in codes)
    assert re.search(r"<td>专家 \d+</td>", hidden)
    charts = client.get(f"/committee/calls/{ranked}/charts").get_data(as_text=True)
    assert not any(f'"{code}"' in charts for code in codes)
    with app.app_context():
        call = db.session.get(Call, ranked)
        call.settings = {**call.settings, "funding": {**call.settings["funding"],
                                                      "show_expert_identities": True}}
        db.session.commit()
    shown = client.get(url).get_data(as_text=True)
    assert any(f">{code}<" in shown for code in codes)


def test_committee_workbook_has_chinese_headers_and_no_formulas(client, auth, app, ranked):
    """list.xlsx: a sheet per track with Chinese headers, a title starting '=' stays text."""
    with app.app_context():
        application = db.session.scalars(select(Application).order_by(Application.id)).first()
        application.title = "=1+1 恶意标题"
        db.session.commit()
        make_ranking_run(ranked, None)
    auth.login_as("committee")
    data = client.get(f"/committee/calls/{ranked}/list.xlsx").data
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["T1 排名", "T2 排名", "会议信息"]
    rows = list(book["T1 排名"].iter_rows(values_only=True)) + list(
        book["T2 排名"].iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "项目编号", "项目名称")
    titles = [row[2] for row in rows]
    assert "'=1+1 恶意标题" in titles
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows()
               for cell in row)


def test_a_frozen_list_keeps_showing_the_run_it_was_frozen_on(client, auth, app, ranked):
    """A run made after freezing (say by `reviewapp rank`) does not change the frozen list."""
    auth.login_as("committee")
    with app.app_context():
        rows = [row for t in current_run(ranked).result["ranking"]["tracks"] for row in t["rows"]]
        frozen_seed = current_run(ranked).lottery_seed
    for row in rows:
        client.post(f"/committee/calls/{ranked}/decisions/{row['app_id']}",
                    data={"outcome": "reject"})
    client.post(f"/committee/calls/{ranked}/freeze")
    with app.app_context():
        later = make_ranking_run(ranked, None)
        assert later.lottery_seed != frozen_seed
    page = client.get(f"/committee/calls/{ranked}/decisions").get_data(as_text=True)
    assert f"摇号随机种子: {frozen_seed}" in page and str(later.lottery_seed) not in page


def test_pages_before_the_first_run_send_back_to_the_workspace(client, auth, app, runner,
                                                               tmp_path):
    """Without a run the workspace still opens; a track or the charts send back to it with a
    message, and a track the call does not have is a 404 either way."""
    call_id = _reviewed_call(app, runner, tmp_path)
    auth.login_as("committee")
    base = f"/committee/calls/{call_id}"
    assert client.get(f"{base}/").status_code == 200
    for page in ("tracks/T1", "charts"):
        response = client.get(f"{base}/{page}")
        assert response.status_code == 302, page
        assert response.headers["Location"].endswith(f"{base}/")
        with client.session_transaction() as session:
            assert session.pop("_flashes") == [
                ("error", "该批次尚未计算排序。")]
    assert client.get(f"{base}/tracks/T9").status_code == 404
