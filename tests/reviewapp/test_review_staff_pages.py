"""Staff review pages: progress, reopen, reminders, reviews in and out, the rubric editor."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Assignment, AuditLog, Call, Review
from tests.helpers.review_data import review_post, store_review_call


@pytest.fixture
def data(app, client, auth):
    """E1 submitted A1 and keeps a draft of A2; E2 has not started. Logged in as staff."""
    with app.app_context():
        data = store_review_call("2025-01-31")
    auth.login_as("expert", username="e1", expert_code="E1")
    for app_code, action in (("A1", "submit"), ("A2", "save")):
        task = data.pairs[(app_code, "E1")]
        client.post(f"/expert/assignments/{task}", data={"decision": "none"})
        assert client.post(f"/expert/assignments/{task}/review",
                           data=review_post(0, action=action, confirm="1")).status_code == 303
    auth.logout()
    auth.login_as("staff", username="staff1")
    return data


def audit(app, action):
    """The audit rows of one action."""
    with app.app_context():
        return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def test_progress_page_shows_experts_applications_and_overdue(client, data):
    """The page counts per expert and application and lists the overdue pairs."""
    html = client.get(f"/staff/calls/{data.call_id}/progress").get_data(as_text=True)
    assert "E1" in html and "E2" in html and "A3" in html
    assert html.count("<td>A1</td>") >= 1  # E2's owed review of A1 is overdue


def test_review_pages_by_role(client, auth, data):
    """Only staff (and admin) reach the staff review pages."""
    paths = [f"/staff/calls/{data.call_id}/{p}" for p in (
        "progress", "progress/experts", "progress/applications", "progress/experts?export=xlsx",
        "reviews.xlsx", "reviews/template.xlsx", "reviews/import", "rubric")]
    for path in paths:
        assert client.get(path).status_code == 200, path
    auth.logout()
    for path in paths:
        assert client.get(path).status_code == 302
    for role in ("expert", "committee"):
        auth.login_as(role)
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)
        auth.logout()


def _table_rows(html):
    """The first cell of each row of the page's data table."""
    body = html[html.index('<table class="data-table"'):]
    body = body[:body.index("</table>")]
    return re.findall(r'<tr>\s*<td class="col-text">([^<]*)</td>', body)


def test_progress_tables_search_filter_sort_and_export(client, data):
    """The full tables narrow, order and export in the database's counts."""
    base = f"/staff/calls/{data.call_id}/progress"
    experts = client.get(f"{base}/experts").get_data(as_text=True)
    assert _table_rows(experts) == ["E2", "E1"]  # most still-owed tasks first
    not_started = client.get(f"{base}/experts?state=not_started").get_data(as_text=True)
    assert _table_rows(not_started) == ["E2"]  # E1 has a draft and a submission
    assert _table_rows(client.get(f"{base}/experts?q=E1").get_data(as_text=True)) == ["E1"]
    assert _table_rows(client.get(f"{base}/experts?state=done").get_data(as_text=True)) == []
    none_yet = client.get(f"{base}/applications?state=none&sort=app_id").get_data(as_text=True)
    assert _table_rows(none_yet) == ["A2", "A3"]  # A1 has E1's submitted review
    response = client.get(f"{base}/applications?export=xlsx&sort=app_id")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    sheet.parent.close()
    assert rows[0][:8] == ["项目编号", "项目名称", "项目类别", "评审组人数", "已提交", "未完成",
                           "待补派", "平均总分"]
    by_app = {row[0]: row for row in rows[1:]}
    assert sorted(by_app) == ["A1", "A2", "A3"]
    assert by_app["A1"][3:7] == [2, 1, 1, 0] and isinstance(by_app["A1"][7], float)
    assert by_app["A3"][3:8] == [1, 0, 1, 0, None]


def test_reopen_needs_a_reason_and_tells_the_expert(client, auth, app, data):
    """Reopening turns the review into a draft with a new version; the expert sees why."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.status == "submitted"))
        review_id, version = review.id, review.version
    url = f"/staff/calls/{data.call_id}/progress/reopen"
    client.post(url, data={"review_id": review_id, "reason": ""})
    assert not audit(app, "review.reopen")
    client.post(url, data={"review_id": review_id, "reason": "请补充效益测算依据"})
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert (review.status, review.version) == ("draft", version + 1)
        assert db.session.get(Assignment, review.assignment_id).status == "accepted"
    assert audit(app, "review.reopen")[0].reason == "请补充效益测算依据"
    auth.logout()
    auth.login(*("e1", "secret123"))
    assert "请补充效益测算依据" in client.get("/expert/").get_data(as_text=True)


def test_remind_owing_experts_only(client, app, data):
    """A reminder goes through the invitation mail (outbox) to experts with open tasks."""
    from reviewapp.models import Expert, MailMessage

    client.post(f"/staff/calls/{data.call_id}/progress/remind",
                data={"experts": ["E1", "E2", "E3"]})
    with app.app_context():
        codes = sorted(db.session.scalars(
            select(Expert.expert_id).join(MailMessage, MailMessage.expert_id == Expert.id)
            .where(MailMessage.kind == "reminder")))
    assert codes == ["E1", "E2"]
    html = client.get(f"/staff/calls/{data.call_id}/progress").get_data(as_text=True)
    assert html.count("20") >= 2  # the last-reminder times are shown


def test_export_has_the_contract_layout_and_reimports(client, app, data, runner, tmp_path):
    """reviews.xlsx and export-reviews write the contract's columns; the file imports back."""
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/staff/calls/{data.call_id}/reviews.xlsx").data))
    sheet = book["reviews"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["项目编号", "专家编号", "状态"] and header[-4:] == [
        "总分", "推荐意见", "评审意见", "提交时间"]
    rows = {(r[0], r[2]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {("A1", "submitted"), ("A2", "draft")}
    out = tmp_path / "reviews.xlsx"
    result = runner.invoke(args=["export-reviews", str(data.call_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    upload = client.post(f"/staff/calls/{data.call_id}/reviews/import",
                         data={"book": (io.BytesIO(out.read_bytes()), "reviews.xlsx")},
                         content_type="multipart/form-data")
    assert upload.status_code == 303
    with app.app_context():
        statuses = sorted(r.status for r in db.session.scalars(select(Review)))
        assert statuses == ["draft", "submitted"]


def test_rubric_editor_edits_bands_until_a_review_is_submitted(client, app, auth):
    """Before any submission the bands change; after, the indicators are locked."""
    with app.app_context():
        data = store_review_call()
    auth.login_as("staff", username="staff2")
    url = f"/staff/calls/{data.call_id}/rubric"
    html = client.get(url).get_data(as_text=True)
    assert "13-15" in html
    body = {"reason": "细化档次", "deadline": "2025-09-30", "min_comment_chars": "20"}
    with app.app_context():
        rubric = db.session.get(Call, data.call_id).call_settings().rubric
    for n, ind in enumerate(rubric):
        body.update({f"indicators-{n}-key": ind.key, f"indicators-{n}-name": ind.name,
                     f"indicators-{n}-points": f"{ind.points:g}",
                     f"indicators-{n}-description": ind.description,
                     f"indicators-{n}-anchors": "0-15 全部" if ind.key == "necessity"
                     else "\n".join(f"{a.low:g}-{a.high:g} {a.text}" for a in ind.anchors)})
    assert client.post(url, data={**body, "indicators-0-anchors": "高分"}).status_code == 400
    assert client.post(url, data=body).status_code == 303
    with app.app_context():
        settings = db.session.get(Call, data.call_id).call_settings()
        assert settings.rubric[0].anchors[0].text == "全部"
        assert settings.review["deadline"] == "2025-09-30"
        row = db.session.get(Assignment, data.pairs[("A1", "E1")])
        row.status = "accepted"
        db.session.add(Review(assignment_id=row.id, scores={}, status="submitted", version=1))
        db.session.commit()
    body["indicators-0-name"] = "改名"
    assert client.post(url, data={**body, "reason": "再改"}).status_code == 303
    with app.app_context():
        assert db.session.get(Call, data.call_id).call_settings().rubric[0].name != "改名"


def test_submitted_reviews_are_found_by_search(client, data):
    """The reopen list shows the submitted reviews a search matches, and says when none do."""
    base = f"/staff/calls/{data.call_id}/progress"
    html = client.get(base).get_data(as_text=True)
    assert 'name="review_id"' in html  # E1's submitted review of A1, with its reopen form
    assert 'name="review_id"' in client.get(f"{base}?find=e1").get_data(as_text=True)
    missing = client.get(f"{base}?find=A3").get_data(as_text=True)
    assert 'name="review_id"' not in missing and "没有符合条件的已提交评审意见" in missing
