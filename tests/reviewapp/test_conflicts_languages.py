"""Conflict evidence in the reader's language: stored in both, shown in the page's, exported
in Chinese; rows stored before the English text existed show their Chinese one."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from reviewapp.extensions import db
from reviewapp.models import Application, Call, Conflict, Expert
from reviewapp.services import conflicts as service
from reviewapp.services.pair_edits import check_pair
from tests.helpers.conflict_call import small_book, store

C2_ZH = "专家 张三 2023-09-30 前曾任职于 新疆某某有限责任公司，为项目申报单位 新疆某某有限责任公司"
C2_EN = ("Expert 张三 worked at 新疆某某有限责任公司, the application's lead unit "
         "新疆某某有限责任公司 until 2023-09-30")


@pytest.fixture
def call_id(app) -> int:
    """A stored call with detected conflicts, a staff addition and a declaration."""
    with app.app_context():
        call = store(small_book())
        service.detect_conflicts(call)
        service.add_conflict(call, "A2", "E1", "电话核实", None)
        service.declare_conflict(call, "A2", "E2", "同事", None)
        return call


def english(client) -> None:
    """Switch the session's pages to English."""
    client.post("/language/en", data={"next": "/staff/calls"})


def test_detection_and_staff_rows_store_both_languages(app, call_id):
    """Every stored row has an English text beside the Chinese one."""
    with app.app_context():
        rows = {(c.rule_id, c.source): c for c in db.session.scalars(
            select(Conflict).where(Conflict.call_id == call_id))}
        assert all(row.evidence and row.evidence_en for row in rows.values())
        assert (rows["C2", "detected"].evidence, rows["C2", "detected"].evidence_en) == (
            C2_ZH, C2_EN)
        assert rows["STAFF", "staff_added"].evidence_en == "Added by staff"
        assert rows["C7", "declared"].evidence_en == "Expert 张三 declared a conflict"


def test_each_page_shows_the_evidence_of_its_language(client, auth, call_id):
    """The conflicts page and the application page: Chinese by default, English in English."""
    auth.login_as("staff")
    pages = (f"/staff/calls/{call_id}/conflicts?rule=C2",
             f"/staff/calls/{call_id}/applications/A1")
    for url in pages:
        text = client.get(url).get_data(as_text=True)
        assert C2_ZH in text and C2_EN.replace("'", "&#39;") not in text
    english(client)
    for url in pages:
        text = client.get(url).get_data(as_text=True)
        assert C2_EN.replace("'", "&#39;") in text and C2_ZH not in text
    text = client.get(f"/staff/calls/{call_id}/conflicts").get_data(as_text=True)
    assert "Added by staff（电话核实）" in text and "工作人员添加回避" not in text


def test_an_old_row_without_english_shows_its_chinese(app, client, auth, call_id):
    """A row stored before the English column (evidence_en '') falls back to its Chinese."""
    with app.app_context():
        db.session.execute(update(Conflict).where(Conflict.rule_id == "C2")
                           .values(evidence_en=""))
        db.session.commit()
    auth.login_as("staff")
    english(client)
    for url in (f"/staff/calls/{call_id}/conflicts?rule=C2",
                f"/staff/calls/{call_id}/applications/A1"):
        assert C2_ZH in client.get(url).get_data(as_text=True)


def test_exports_keep_the_chinese_evidence_in_english(client, auth, call_id):
    """The CSV keeps its Chinese `evidence` column whatever the page's language."""
    auth.login_as("staff")
    english(client)
    csv = client.get(f"/staff/calls/{call_id}/conflicts?export=csv&rule=C2")
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines == ["app_id,expert_id,rule,evidence", f"A1,E2,C2,{C2_ZH}"]


def test_search_finds_english_evidence(client, auth, call_id):
    """The table's search looks in both texts."""
    auth.login_as("staff")
    english(client)
    text = client.get(f"/staff/calls/{call_id}/conflicts?q=worked at").get_data(as_text=True)
    assert "E2 张三" in text and "E1 王伟" not in text


def test_a_refused_hand_edit_names_the_conflict_in_english(app, call_id):
    """A pair edit refused for a conflict carries its evidence in both languages."""
    with app.app_context():
        call = db.session.get(Call, call_id)
        application = db.session.scalar(select(Application).where(Application.app_id == "A1"))
        expert = db.session.scalar(select(Expert).where(Expert.expert_id == "E2"))
        conflict = [p for p in check_pair(call, application, expert) if p.code == "conflict"]
        assert [(p.detail, p.detail_en) for p in conflict] == [(f"C2 {C2_ZH}", f"C2 {C2_EN}")]
