"""Staff pages start eligibility and conflict detection as jobs and show their progress."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from reviewapp import jobs
from reviewapp.extensions import db
from reviewapp.models import Application, Call, EligibilityResult, Job
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.records import ApplicationRecord, CallBook, ExpertRecord, UnitRecord
from tests.helpers.staff_call_data import store_small_call

PAGES = [("eligibility", "eligibility/run", "已审查 25 个项目"),
         ("conflicts", "conflicts/detect", "回避检测完成")]


@pytest.fixture
def call_id(app):
    """The small stored call."""
    with app.app_context():
        return store_small_call()


def jobs_of(app, call_id, kind):
    """The call's jobs of `kind`, oldest first, as (status, progress) pairs."""
    with app.app_context():
        return [(job.status, job.progress) for job in db.session.scalars(
            select(Job).where(Job.call_id == call_id, Job.kind == kind).order_by(Job.id))]


@pytest.mark.parametrize("kind, action, summary", PAGES)
def test_the_page_starts_a_job_polls_it_and_shows_its_summary(app, client, auth, call_id, drain,
                                                               kind, action, summary):
    """Start → a queued job and a progress bar; a second start is refused; done → summary."""
    auth.login_as("staff")
    page = f"/staff/calls/{call_id}/{kind}"
    assert client.post(f"/staff/calls/{call_id}/{action}").status_code == 302
    assert jobs_of(app, call_id, kind) == [("queued", 0.0)]
    text = client.get(page).get_data(as_text=True)
    assert "data-poll=" in text and "<progress" in text and "/static/jobs.js" in text
    assert f'action="/staff/calls/{call_id}/{action}"' not in text  # no second start button

    refused = client.post(f"/staff/calls/{call_id}/{action}", follow_redirects=True)
    assert "已在本批次排队或运行" in refused.get_data(as_text=True)
    assert len(jobs_of(app, call_id, kind)) == 1

    assert drain() == 1
    assert jobs_of(app, call_id, kind) == [("done", 1.0)]
    text = client.get(page).get_data(as_text=True)
    assert "data-poll=" not in text and "<progress" not in text
    assert summary in text and "已完成" in text
    assert f'action="/staff/calls/{call_id}/{action}"' in text


def test_the_pages_start_nothing_for_other_roles(app, client, auth, call_id):
    """Experts and committee members cannot start a job."""
    for role in ("expert", "committee"):
        auth.login_as(role)
        for _kind, action, _summary in PAGES:
            assert client.post(f"/staff/calls/{call_id}/{action}").status_code == 403
        auth.logout()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def small_book(requested_yuan: int = 500_000) -> CallBook:
    """One unit, one application, one expert."""
    return CallBook(
        units=(UnitRecord("U1", "新疆甲公司", "企业", "新疆"),),
        applications=(ApplicationRecord("A1", "示范", "T1", "智慧农业", "U1", pi_id="P1",
                                        pi_name="张三", requested_yuan=requested_yuan),),
        experts=(ExpertRecord("E1", "王五"),),
    )


def upload(client, data: bytes):
    """Post the import form with a workbook."""
    return client.post("/staff/calls/import", data={
        "book": (io.BytesIO(data), "call.xlsx"), "name": "2025 援疆", "deadline": "2025-06-30",
    }, content_type="multipart/form-data")


def test_an_import_runs_as_a_job_and_then_opens_the_call(app, client, auth, drain):
    """Upload → the job's page with a progress bar; done → on to the new call."""
    auth.login_as("staff")
    response = upload(client, export_call_book(small_book()))
    assert response.status_code == 302
    page = response.headers["Location"]
    assert "/staff/calls/import/jobs/" in page
    text = client.get(page).get_data(as_text=True)
    assert "<progress" in text and "数据导入" in text and 'type="file"' not in text
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert job.payload is not None and job.call_id is None
    drain()
    done = client.get(page)
    with app.app_context():
        call = db.session.scalars(select(Call)).one()
        assert db.session.scalars(select(Job)).one().payload is None  # the upload is dropped
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/staff/calls/{call.id}")


def test_a_bad_workbook_job_shows_the_issues(app, client, auth, drain):
    """A refused import: the job page lists the issues and offers the form again."""
    auth.login_as("staff")
    page = upload(client, export_call_book(small_book(requested_yuan=-10_000)))
    drain()
    text = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "<table" in text and "申请财政经费(万元)" in text and 'type="file"' in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Call)) == 0


def test_an_import_job_page_shows_only_imports(app, client, auth, call_id):
    """Another kind's job id is not an import page."""
    with app.app_context():
        job_id = jobs.start_job("eligibility", call_id).id
    auth.login_as("staff")
    assert client.get(f"/staff/calls/import/jobs/{job_id}").status_code == 404


def test_affinity_counts_conflict_free_candidates_as_a_job(app, client, auth, drain):
    """The affinity job counts, per eligible application, available experts with matching
    expertise and no conflict; applications short of their panel size are listed."""
    from reviewapp.services.affinity_overview import affinity_overview
    from reviewapp.services.conflicts import detect_conflicts, forbidden_pairs

    with app.app_context():
        call_id = store_small_call()
        for application in db.session.scalars(select(Application)):  # all eligible
            db.session.add(EligibilityResult(application_id=application.id, rule_id="E01",
                                             verdict="pass"))
        db.session.commit()
        detect_conflicts(call_id)
        forbidden = forbidden_pairs(call_id)
        direct = affinity_overview(call_id)
    # E4 is unavailable: five experts wanted, three available, so every application is short.
    assert (direct.experts, direct.applications, direct.weak_total) == (3, 25, 25)
    weak = {app_id: count for app_id, count, wanted in direct.weak if wanted == 5}
    assert len(weak) == 25 and all(count <= 3 for count in weak.values())
    for app_id, expert_id in forbidden:  # a conflicted expert is never counted
        if app_id in weak and expert_id != "E4":
            assert weak[app_id] <= 2

    auth.login_as("staff")
    assert client.post(f"/staff/calls/{call_id}/conflicts/affinity").status_code == 302
    assert "<progress" in client.get(f"/staff/calls/{call_id}/conflicts").get_data(as_text=True)
    drain()
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "affinity")).one()
        assert job.status == "done" and job.result == direct.as_json()
    text = client.get(f"/staff/calls/{call_id}/conflicts").get_data(as_text=True)
    assert f"合格项目 {direct.applications} 个" in text and "候选专家少于所需人数" in text
