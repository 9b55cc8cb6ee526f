"""The settings page (设置): who may see it, saving with a reason, refusals, stale-stage links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from reviewapp.extensions import db
from reviewapp.models import AuditLog, Call
from tests.helpers.call_settings import add_review, store_call


class FormValues(HTMLParser):
    """The values a browser would post from the page's form, as it was rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.values: MultiDict[str, str] = MultiDict()
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Collect inputs (ticked boxes only), textareas and selected options."""
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.values.add(a["name"], a.get("value", "y"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.add(a["name"], "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.add(self._select, a["value"])

    def handle_data(self, data: str) -> None:
        """Text inside a textarea is its value."""
        if self._textarea:
            self.values.setlist(self._textarea, [self.values[self._textarea] + data.strip()])

    def handle_endtag(self, tag: str) -> None:
        """Leave a textarea or select."""
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


@pytest.fixture
def call_id(app) -> int:
    """A stored call on the 2025 template with one 48万 T1 application."""
    with app.app_context():
        return store_call()


def url(call_id: int) -> str:
    """The settings page of the call."""
    return f"/staff/calls/{call_id}/settings"


def page_values(client, call_id: int) -> MultiDict[str, str]:
    """The form values of the page as shown."""
    parser = FormValues()
    parser.feed(client.get(url(call_id)).get_data(as_text=True))
    return parser.values


def set_values(values: MultiDict[str, str], changes: dict[str, str]) -> None:
    """Replace boxes' values, as typing into them would."""
    for key, value in changes.items():
        values[key] = value


def flashes(client, location: str) -> list[str]:
    """The flash messages of the page the save redirected to."""
    html = client.get(location).get_data(as_text=True)
    return re.findall(r'class="flash flash-\w+" role="status">(.*?)</div>', html, re.S)


def audits(app) -> int:
    """Number of settings audit rows."""
    with app.app_context():
        return len(db.session.scalars(select(AuditLog).where(
            AuditLog.action == "call.settings")).all())


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("expert", 403), ("committee", 403)])
def test_only_staff_and_admin_see_settings(client, auth, call_id, role, status):
    """Anonymous users go to the login page; experts and the committee are refused."""
    if role:
        auth.login_as(role)
    for response in (client.get(url(call_id)), client.post(url(call_id), data={"reason": "x"})):
        assert response.status_code == status
        if role is None:
            assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_page_shows_every_section(client, auth, call_id, role):
    """The page shows tracks in 万元, all 22 rules, the rubric, C1–C7 and funding."""
    auth.login_as(role)
    response = client.get(url(call_id))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("项目类别", "形式审查规则", "评分细则", "回避规则", "资助规则"):
        assert heading in html
    assert re.search(r'name="tracks-0-cap_yuan"[^>]*value="50"', html)
    assert re.search(r'name="outsourced_max_percent"[^>]*value="30"', html)
    assert len(re.findall(r'name="enabled_rules" value="E\d\d"', html)) == 22
    assert len(re.findall(r'name="conflict_rules" value="C\d"', html)) == 7
    assert 'aria-current="step"' in html and "necessity" in html


def test_unchanged_form_saves_nothing(app, client, auth, call_id):
    """Posting the page back as shown changes nothing and writes no audit row."""
    auth.login_as("staff")
    values = page_values(client, call_id)
    values["reason"] = "核对"
    response = client.post(url(call_id), data=values)
    assert response.status_code == 302
    assert flashes(client, response.headers["Location"]) == ["没有修改任何内容。"]
    assert audits(app) == 0


def test_save_flashes_changes_and_rerun_links(app, client, auth, call_id):
    """A lower cap and E19 off are stored in yuan; the page links the eligibility re-run."""
    auth.login_as("staff")
    values = page_values(client, call_id)
    set_values(values, {"reason": "上限调整", "tracks-0-cap_yuan": "45万"})
    values.setlist("enabled_rules", [r for r in values.getlist("enabled_rules") if r != "E19"])
    values.setlist("conflict_rules", [r for r in values.getlist("conflict_rules") if r != "C5"])
    response = client.post(url(call_id), data=values)
    assert response.status_code == 302
    messages = flashes(client, response.headers["Location"])
    assert messages[0] == "设置已保存：项目类别、形式审查规则、回避规则。"
    assert f'<a href="/staff/calls/{call_id}/eligibility">' in messages[1]
    assert f'<a href="/staff/calls/{call_id}/conflicts">' in messages[1]
    with app.app_context():
        settings = db.session.get(Call, call_id).call_settings()
    assert settings.tracks[0].cap_yuan == 450_000
    assert "E19" not in settings.enabled_rules
    assert settings.conflict_policy["rules"]["C5"] is False
    assert audits(app) == 1


@pytest.mark.parametrize(("box", "value", "message"), [
    ("reason", "", "必填"),
    ("tracks-0-cap_yuan", "五十", "请填写以万元计的金额"),
    ("reviewers_per_app", "0", "每个项目评审专家人数：须为 1 到 20 的整数"),
    ("tracks-0-partner_provinces", "火星", "不是省份简称：火星"),
    ("rubric-0-points", "7.3", "须为大于 0 的整分或半分"),
])
def test_refusals_keep_what_was_typed(app, client, auth, call_id, box, value, message):
    """A bad box or a missing reason: 400, a message, the typed value kept, nothing stored."""
    auth.login_as("staff")
    values = page_values(client, call_id)
    set_values(values, {"reason": "调整", box: value})
    response = client.post(url(call_id), data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert audits(app) == 0


def test_rubric_change_after_reviews_needs_the_tick(app, client, auth, call_id):
    """With a submitted review the page asks for confirmation before new points are stored."""
    with app.app_context():
        add_review(call_id, {"necessity": 10, "maturity": 10, "technical": 10,
                             "outputs": 10, "benefit": 10, "team": 5})
    auth.login_as("staff")
    values = page_values(client, call_id)
    set_values(values, {"reason": "调整分值", "rubric-5-points": "8"})
    response = client.post(url(call_id), data=values)
    assert response.status_code == 400
    assert "修改分值或优先级须勾选确认" in response.get_data(as_text=True)
    values["rubric_confirm"] = "y"
    response = client.post(url(call_id), data=values)
    assert response.status_code == 302
    assert flashes(client, response.headers["Location"])[0] == "设置已保存：评分细则。"


def test_post_without_csrf_token_is_refused(app, client, make_user, call_id):
    """With CSRF protection on, a post lacking the token stores nothing."""
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user("staff")
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": user.username, "password": user.password,
                                "csrf_token": token})
    values = page_values(client, call_id)
    assert values["csrf_token"]
    set_values(values, {"reason": "x", "tracks-0-cap_yuan": "45"})
    del values["csrf_token"]
    assert client.post(url(call_id), data=values).status_code == 400
    with app.app_context():
        assert db.session.get(Call, call_id).call_settings().tracks[0].cap_yuan == 500_000


def test_priorities_and_expert_identities_are_set_on_the_page(app, client, auth, call_id):
    """Places reorder the tie-breaking flags, an empty place drops one, the identities tick
    is stored; one audit row keeps the funding rules before and after, with the reason."""
    auth.login_as("staff")
    values = page_values(client, call_id)
    assert [values[f"priorities-{flag}"] for flag in (
        "partner_supported", "strong_team", "chain_leader", "commissioner",
        "industrial_prospects")] == ["1", "2", "3", "4", "5"]
    assert "show_expert_identities" not in values
    set_values(values, {"reason": "会议决定链主优先", "priorities-chain_leader": "1",
                        "priorities-partner_supported": "2", "priorities-strong_team": "",
                        "priorities-commissioner": "3", "priorities-industrial_prospects": "4",
                        "show_expert_identities": "y"})
    response = client.post(url(call_id), data=values)
    assert response.status_code == 302
    assert flashes(client, response.headers["Location"])[0] == "设置已保存：资助规则。"
    with app.app_context():
        funding = db.session.get(Call, call_id).call_settings().funding
        audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "call.settings"))
        assert funding["priorities"] == ["chain_leader", "partner_supported", "commissioner",
                                         "industrial_prospects"]
        assert funding["show_expert_identities"] is True
        assert audit.reason == "会议决定链主优先"
        assert audit.before["funding"]["priorities"][0] == "partner_supported"
        assert audit.after["funding"]["priorities"][0] == "chain_leader"
        assert audit.after["funding"]["show_expert_identities"] is True
    shown = page_values(client, call_id)
    assert shown["priorities-chain_leader"] == "1" and shown["priorities-strong_team"] == ""
    assert shown["show_expert_identities"] == "y"


@pytest.mark.parametrize(("changes", "message"), [
    ({"priorities-strong_team": "1"}, "顺位 1 已分配给“援疆省市科技管理部门或援疆前指已支持”。"),
    ({"priorities-strong_team": "0"}, "请填写 1 至 5 的顺位，或留空。"),
    ({"priorities-strong_team": "6"}, "请填写 1 至 5 的顺位，或留空。"),
    ({"priorities-strong_team": "二"}, "不是有效的整数"),
])
def test_bad_priority_places_are_refused(app, client, auth, call_id, changes, message):
    """A place taken twice, out of range or not a number: 400, the message, nothing stored."""
    auth.login_as("staff")
    values = page_values(client, call_id)
    set_values(values, {"reason": "调整", **changes})
    response = client.post(url(call_id), data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert audits(app) == 0
    with app.app_context():
        funding = db.session.get(Call, call_id).call_settings().funding
        assert funding["priorities"][:2] == ["partner_supported", "strong_team"]
