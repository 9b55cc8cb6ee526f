"""Fixing an application's or a unit's data in place: parsing, audit, links, eligibility."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationUnit, AuditLog, EligibilityResult, Unit
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.data_fix import (
    DataFixError,
    application_fields,
    cell_text,
    current_cells,
    update_application,
    update_unit,
)
from reviewapp.services.eligibility import override_verdict
from reviewapp.workbook.cells import read_money_yuan
from reviewapp.workbook.columns import Column
from tests.helpers.data_fix import stored_call


def application(call_id: int, app_id: str = "A001") -> Application:
    """A stored application, read fresh from the database."""
    db.session.expire_all()
    return db.session.scalars(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id)).one()


def audits(action: str) -> list[AuditLog]:
    """Audit rows of one action."""
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


def verdict(call_id: int, app_id: str, rule_id: str) -> str:
    """The engine's stored verdict of one rule."""
    return db.session.scalar(
        select(EligibilityResult.verdict).join(Application)
        .where(Application.call_id == call_id, Application.app_id == app_id,
               EligibilityResult.rule_id == rule_id))


def links(call_id: int, app_id: str = "A001") -> dict[str, str]:
    """The application's linked unit codes and their roles."""
    rows = db.session.execute(
        select(Unit.unit_id, ApplicationUnit.role)
        .join(ApplicationUnit, ApplicationUnit.unit_id == Unit.id)
        .where(ApplicationUnit.application_id == application(call_id, app_id).id))
    return dict(rows.all())


def test_valid_fix_is_stored_with_one_audit_row(db_session, make_user):
    """Workbook text is read as import reads it; the audit keeps before/after and the reason."""
    staff = make_user("staff")
    call_id = stored_call(checked=False)
    result = update_application(call_id, "A001", {
        "requested_wan": "４８.５万元", "pi_title": "正高级", "keywords": "棉花；分拣",
        "pi_birth_date": "1971/02/03", "agreements_signed": "是", "title": "棉花智能分拣技术转移",
    }, "  申报书填写错误  ", staff)
    assert result.ok and result.eligibility is None
    assert result.changes == {"requested_wan": ("55", "48.5"), "pi_title": ("副高级", "正高级"),
                              "keywords": ("", "棉花;分拣"),
                              "pi_birth_date": ("1970-05-01", "1971-02-03")}
    row = application(call_id)
    assert (row.requested_yuan, row.pi_title, row.keywords) == (485_000, "正高级", ["棉花", "分拣"])
    assert row.pi_birth_date == date(1971, 2, 3) and row.pi.birth_date == date(1971, 2, 3)
    [entry] = audits("application.fix")
    assert (entry.user_id, entry.object_id, entry.reason) == (staff.id, "A001", "申报书填写错误")
    assert entry.before["requested_wan"] == "55" and entry.after["requested_wan"] == "48.5"
    assert set(entry.after) == set(result.changes)


def test_reason_is_required(db_session):
    """A change without a reason is refused by name and nothing is stored."""
    call_id = stored_call(checked=False)
    result = update_application(call_id, "A001", {"requested_wan": "50"}, "   ", None)
    assert [e.key for e in result.errors] == ["reason"]
    assert application(call_id).requested_yuan == 550_000
    assert audits("application.fix") == []


@pytest.mark.parametrize(("key", "text", "zh"), [
    ("requested_wan", "五十万", "请填写数字"),
    ("requested_wan", "-5", "金额不能为负数"),
    ("pi_birth_date", "2025-02-30", "日期不存在"),
    ("pi_birth_date", "去年", "不是有效日期"),
    ("partner_unit_ids", "U2；U99", "单位表中没有此编号"),
    ("lead_unit_id", "U99", "单位表中没有此编号"),
    ("pi_title", "特级", "应为以下之一"),
    ("agreements_signed", "签了", "请填写“是”或“否”"),
    ("duration_months", "0", "不能小于 1"),
    ("title", "", "必填"),
    ("app_id", "A009", "编号不能修改"),
    ("no_such_field", "x", "没有这一列"),
])
def test_bad_value_stores_nothing_and_names_the_field(db_session, key, text, zh):
    """One bad field refuses the whole fix; the error names field, value and reason."""
    call_id = stored_call(checked=False)
    result = update_application(call_id, "A001", {"pi_title": "正高级", key: text}, "r", None)
    [error] = [e for e in result.errors if e.key == key]
    assert zh in error.message_zh and key in error.message_en
    bad = "U99" if "U99" in text else text
    assert not bad or f"“{bad}”" in error.message_zh
    row = application(call_id)
    assert (row.pi_title, row.requested_yuan) == ("副高级", 550_000)
    assert links(call_id) == {"U1": "lead", "U2": "partner"}
    assert audits("application.fix") == []


def test_unit_lists_relink_application_units(db_session):
    """Adding, moving and removing unit codes keeps the ApplicationUnit rows in step."""
    call_id = stored_call(checked=False)
    assert update_application(call_id, "A001", {
        "partner_unit_ids": "U2；U7", "participant_unit_ids": "U4"}, "补充合作单位", None).ok
    assert links(call_id) == {"U1": "lead", "U2": "partner", "U7": "partner",
                              "U4": "participant"}
    assert update_application(call_id, "A001", {
        "lead_unit_id": "U4", "partner_unit_ids": "U7", "participant_unit_ids": "U1"},
        "申报单位录入颠倒", None).ok
    assert links(call_id) == {"U4": "lead", "U7": "partner", "U1": "participant"}
    assert application(call_id).partner_unit_ids == ["U7"]


def test_fix_to_50_wan_passes_e01_and_drops_its_override(db_session, make_user):
    """55万 fails E01; fixed to 50万 it passes, the stale E01 override is dropped and named."""
    staff = make_user("staff")
    call_id = stored_call()
    assert verdict(call_id, "A001", "E01") == "fail"
    override_verdict(call_id, "A001", "E01", "pass", "已承诺核减", staff)
    override_verdict(call_id, "A002", "E16", "pass", "兼职合同", staff)
    result = update_application(call_id, "A001", {"requested_wan": "50万"}, "金额录入错误", staff)
    assert result.ok and result.eligibility is not None
    assert verdict(call_id, "A001", "E01") == "pass"
    assert application(call_id).status == "eligible"
    [dropped] = result.eligibility.dropped
    assert (dropped.app_id, dropped.rule_id, dropped.reason) == ("A001", "E01", "已承诺核减")
    assert (dropped.old_verdict, dropped.new_verdict) == ("fail", "pass")
    assert result.eligibility.kept == (("A002", "E16"),)
    assert application(call_id, "A002").status == "eligible"  # its override still holds


def test_status_changes_are_reported(db_session):
    """Without overrides, the fix moves A001 from ineligible to eligible and says so."""
    call_id = stored_call()
    result = update_application(call_id, "A001", {"requested_wan": "50"}, "金额录入错误", None)
    assert result.status_changes == (("A001", "ineligible", "eligible"),)


def test_unchecked_call_is_not_checked_by_a_fix(db_session):
    """A call whose check never ran stays unchecked: the fix alone is stored."""
    call_id = stored_call(checked=False)
    result = update_application(call_id, "A001", {"requested_wan": "50"}, "r", None)
    assert result.eligibility is None and result.status_changes == ()
    assert db.session.scalar(select(EligibilityResult)) is None


def test_unchanged_values_store_nothing(db_session):
    """Posting back the shown values is no change: no reason needed, no audit row."""
    call_id = stored_call()
    cells = current_cells(application(call_id), application_fields(template_2025()))
    result = update_application(call_id, "A001", cells, "", None)
    assert result.ok and result.changes == {}
    assert audits("application.fix") == [] and len(audits("eligibility.run")) == 1


def test_shown_values_read_back_unchanged_for_a_demo_call(db_session):
    """Every demo application's shown cells re-read to the stored values."""
    call = create_call("回读测试", date(2025, 3, 31), template_2025())
    store_call_book(call, generate_demo_book(seed=5, n_applications=30, n_experts=10))
    db.session.commit()
    columns = application_fields(template_2025())
    rows = db.session.scalars(select(Application).where(Application.call_id == call.id)).all()
    for row in rows:
        result = update_application(call.id, row.app_id, current_cells(row, columns), "", None)
        assert result.ok and result.changes == {}, row.app_id


def test_pi_code_change_links_the_new_person(db_session):
    """A new PI code gets its own person with the application's PI facts."""
    call_id = stored_call(checked=False)
    assert update_application(call_id, "A001", {"pi_id": "P9", "pi_name": "李四"}, "换人",
                              None).ok
    row = application(call_id)
    assert (row.pi.person_id, row.pi.name, row.pi.sex) == ("P9", "李四", "男")


def test_unit_fix_rechecks_the_applications_it_leads(db_session, make_user):
    """Moving the lead unit out of Xinjiang makes both its applications fail E02."""
    staff = make_user("staff")
    call_id = stored_call()
    assert verdict(call_id, "A001", "E02") == "pass"
    result = update_unit(call_id, "U1", {"province": "北京市", "audit_years": "2023、2024",
                                         "legal_person": "是"}, "省份录入错误", staff)
    assert result.ok and result.changes == {"province": ("新疆", "北京")}
    assert verdict(call_id, "A001", "E02") == verdict(call_id, "A002", "E02") == "fail"
    [entry] = audits("unit.fix")
    assert (entry.object_id, entry.before, entry.after) == (
        "U1", {"province": "新疆"}, {"province": "北京"})


@pytest.mark.parametrize(("key", "text", "zh"), [
    ("parent_unit_id", "U99", "单位表中没有此编号"),
    ("parent_unit_id", "U1", "不能是本单位自己"),
    ("blacklisted_until", "2024-13-01", "日期不存在"),
    ("unit_type", "事业单位", "应为以下之一"),
    ("audit_years", "二〇二三", "请填写年份"),
    ("unit_id", "U100", "编号不能修改"),
    ("name", "", "必填"),
])
def test_bad_unit_value_stores_nothing(db_session, key, text, zh):
    """Unit fixes are checked like the units sheet; one error stores nothing."""
    call_id = stored_call(checked=False)
    result = update_unit(call_id, "U1", {"credit_code": "91650100X", key: text}, "r", None)
    assert any(e.key == key and zh in e.message_zh for e in result.errors)
    db.session.expire_all()
    unit = db.session.scalars(select(Unit).where(Unit.call_id == call_id,
                                                 Unit.unit_id == "U1")).one()
    assert unit.credit_code is None and audits("unit.fix") == []


def test_unknown_rows_raise(db_session):
    """A fix of an application, unit or call that does not exist is a lookup error."""
    call_id = stored_call(checked=False)
    with pytest.raises(DataFixError):
        update_application(call_id, "A404", {}, "r", None)
    with pytest.raises(DataFixError):
        update_unit(call_id, "U404", {}, "r", None)
    with pytest.raises(DataFixError):
        update_unit(call_id + 1, "U1", {}, "r", None)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**10))
def test_shown_money_reads_back_to_the_same_yuan(yuan):
    """Any whole-yuan amount shown in 万元 is read back to exactly that amount."""
    column = Column("requested_wan", "申请财政经费(万元)", "money")
    assert read_money_yuan(cell_text(column, yuan)) == yuan
