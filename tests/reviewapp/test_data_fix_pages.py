"""The data-fix pages (修改数据): roles, the shown values, errors beside boxes, flashes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, Unit
from reviewapp.services.data_fix import application_fields, unit_fields
from reviewapp.services.eligibility import override_verdict
from reviewapp.staff.forms_data_fix import APPLICATION_GROUPS, LABELS, UNIT_GROUPS
from tests.helpers.data_fix import stored_call


@pytest.fixture
def call_id(app) -> int:
    """A checked call: A001 asks 55万 and fails E01, with an override of E01 to pass."""
    with app.app_context():
        call_id = stored_call()
        override_verdict(call_id, "A001", "E01", "pass", "已承诺核减", None)
        return call_id


def app_url(call_id: int, app_id: str = "A001") -> str:
    """The application fix page."""
    return f"/staff/calls/{call_id}/applications/{app_id}/edit"


def unit_url(call_id: int, unit_id: str = "U1") -> str:
    """The unit fix page."""
    return f"/staff/calls/{call_id}/units/{unit_id}/edit"


def requested(app, call_id: int) -> int:
    """A001's stored requested amount in yuan."""
    with app.app_context():
        return db.session.scalar(select(Application.requested_yuan).where(
            Application.call_id == call_id, Application.app_id == "A001"))


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("expert", 403),
                                              ("committee", 403)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_staff_reach_the_pages(app, client, auth, call_id, role, status, method):
    """Anonymous users go to the login page; experts and committee members are refused."""
    if role:
        auth.login_as(role)
    for url, field in ((app_url(call_id), "requested_wan"), (unit_url(call_id), "province")):
        send = getattr(client, method)
        response = send(url, data={field: "1", "reason": "r"}) if method == "post" else send(url)
        assert response.status_code == status
        if role is None:
            assert "/login" in response.headers["Location"]
    assert requested(app, call_id) == 550_000


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_form_shows_the_values_as_the_workbook_writes_them(client, auth, call_id, role):
    """Money in 万元, dates as YYYY-MM-DD, yes/no as 是/否, lists joined by ;."""
    auth.login_as(role)
    page = client.get(app_url(call_id)).get_data(as_text=True)
    assert 'name="requested_wan" type="text" value="55"' in page
    assert 'name="pi_birth_date" type="text" value="1970-05-01"' in page
    assert 'name="agreements_signed" type="text" value="是"' in page
    assert 'name="output_types" type="text" value="发明专利;新产品"' in page
    assert "修改原因" in page and "申请财政经费(万元)" in page
    unit_page = client.get(unit_url(call_id)).get_data(as_text=True)
    assert 'name="audit_years" type="text" value="2023;2024"' in unit_page
    assert "新疆天山科技有限公司" in unit_page


def test_fix_redirects_with_rerun_and_dropped_override(app, client, auth, call_id):
    """A fix to 50万 is saved; the flash names the status change and the dropped override."""
    auth.login_as("staff")
    response = client.post(app_url(call_id), data={"requested_wan": "50万",
                                                   "reason": "金额录入错误"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/calls/{call_id}/applications/A001")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A001 已保存：申请财政经费(万元)。" in page
    assert "因审查结论变化而撤销的人工改判：A001 E01 (已承诺核减)" in page
    assert "保留的人工改判" not in page
    assert "重新检测回避关系" not in page  # money does not change who may review
    assert requested(app, call_id) == 500_000
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(
            AuditLog.action == "application.fix")).one()
        assert (entry.before, entry.after) == ({"requested_wan": "55"}, {"requested_wan": "50"})


def test_bad_values_show_beside_their_boxes(app, client, auth, call_id):
    """Refused values stay in their boxes with the reason; nothing is stored."""
    auth.login_as("staff")
    response = client.post(app_url(call_id), data={
        "requested_wan": "五十万", "partner_unit_ids": "U2；U99", "reason": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "申请财政经费(万元)为“五十万”：请填写数字，例如 50" in page
    assert "区外合作单位编号为“U99”：单位表中没有此编号" in page
    assert 'value="五十万"' in page and 'aria-invalid="true"' in page
    assert requested(app, call_id) == 550_000


def test_reason_is_asked_for_when_something_changes(app, client, auth, call_id):
    """A change without a reason is refused beside the reason box."""
    auth.login_as("staff")
    response = client.post(app_url(call_id), data={"requested_wan": "50", "reason": " "})
    assert response.status_code == 400
    assert "修改原因：必填：请说明修改原因" in response.get_data(as_text=True)
    assert requested(app, call_id) == 550_000


def test_unit_fix_saves_and_returns_to_the_units_list(app, client, auth, call_id):
    """A unit fix goes back to the units list filtered to that unit."""
    auth.login_as("staff")
    response = client.post(unit_url(call_id), data={"province": "北京", "reason": "录入错误"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "U1 已保存：所在省份。" in page
    assert "单位或项目负责人已修改：分配专家前请在「回避与匹配」重新检测回避关系。" in page
    with app.app_context():
        assert db.session.scalar(select(Unit.province).where(
            Unit.call_id == call_id, Unit.unit_id == "U1")) == "北京"


def test_nothing_changed_says_so(client, auth, call_id):
    """Saving without a change stores nothing and says so."""
    auth.login_as("staff")
    response = client.post(app_url(call_id), data={"requested_wan": "55"},
                           follow_redirects=True)
    assert "没有修改任何内容。" in response.get_data(as_text=True)


def test_unknown_rows_are_404(client, auth, call_id):
    """An application or unit code the call lacks is a 404."""
    auth.login_as("staff")
    assert client.get(app_url(call_id, "A404")).status_code == 404
    assert client.get(unit_url(call_id, "U404")).status_code == 404
    assert client.get(app_url(call_id + 1)).status_code == 404


def test_groups_cover_every_editable_column_once():
    """Each editable column sits in exactly one group and has an English label."""
    for groups, columns in ((APPLICATION_GROUPS, application_fields(template_2025())),
                            (UNIT_GROUPS, unit_fields())):
        grouped = [key for _title, keys in groups for key in keys]
        assert sorted(grouped) == sorted(column.key for column in columns)
        assert all(key in LABELS for key in grouped)


def test_detail_page_and_units_list_link_to_the_fix_pages(client, auth, call_id):
    """The application page has a 修改数据 link; each unit code in the list opens its fix page."""
    auth.login_as("staff")
    detail = client.get(f"/staff/calls/{call_id}/applications/A001").get_data(as_text=True)
    assert f'<a href="{app_url(call_id)}">修改数据</a>' in detail
    units = client.get(f"/staff/calls/{call_id}/units").get_data(as_text=True)
    assert f'<a href="{unit_url(call_id)}">U1</a>' in units
