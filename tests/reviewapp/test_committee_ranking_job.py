"""The committee's pages never sample: a missing or stale ranking gets a button that runs
the ranking job (inline under tests), and only `ranking.xlsx` still ranks in the request."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Call, Job, RankingRun
from reviewapp.services.ranking_runs import current_run, make_ranking_run
from tests.helpers.paper_reviews import store_assigned_call
from tests.helpers.reviewed_call import _reviewed_call


def run_count(app) -> int:
    """Stored ranking runs."""
    with app.app_context():
        return db.session.scalar(select(func.count(RankingRun.id))) or 0


def job_count(app) -> int:
    """Stored jobs of any kind."""
    with app.app_context():
        return db.session.scalar(select(func.count(Job.id))) or 0


def test_without_a_run_the_pages_offer_the_job_and_sample_nothing(app, client, auth, runner,
                                                                  tmp_path):
    """Views make no run; the button runs the job, which stores the run the page then shows."""
    call_id = _reviewed_call(app, runner, tmp_path)
    auth.login_as("committee")
    base = f"/committee/calls/{call_id}"
    text = client.get(f"{base}/").get_data(as_text=True)
    assert "该批次尚未计算排序" in text and f'action="{base}/runs/refresh"' in text
    assert ">计算排序<" in text
    track = client.get(f"{base}/tracks/T1")
    assert track.status_code == 302 and track.headers["Location"].endswith(f"{base}/")
    for page in ("charts", "decisions"):
        assert client.get(f"{base}/{page}").status_code in (200, 302)
    assert (run_count(app), job_count(app)) == (0, 0)

    done = client.post(f"{base}/runs/refresh", follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        run = current_run(call_id)
        job = db.session.scalars(select(Job)).one()
        assert run.inputs["reason"] == "first" and run.created_by is not None
        assert (job.kind, job.status, job.result["run_id"]) == ("ranking", "done", run.id)
        seed = run.sampler_seed
    assert "已重新计算排序" in done and str(seed) in done
    assert "该批次尚未计算排序" not in done and f'action="{base}/runs/refresh"' not in done


def test_a_stale_run_gets_a_same_seeds_button_on_the_call_and_track_pages(app, client, auth,
                                                                          runner, tmp_path):
    """Changed budgets: the banner and the button; the job keeps both seeds."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        made = make_ranking_run(call_id, None)
        old = (made.id, made.sampler_seed, made.lottery_seed)
        call = db.session.get(Call, call_id)
        call.tracks[0].budget_yuan = 900_000
        db.session.commit()
    auth.login_as("committee")
    base = f"/committee/calls/{call_id}"
    for url in (f"{base}/", f"{base}/tracks/T1"):
        text = client.get(url).get_data(as_text=True)
        assert "stale-banner" in text and "用相同随机种子重新计算排序" in text, url
    assert (run_count(app), job_count(app)) == (1, 0)
    client.post(f"{base}/runs/refresh", headers={"Referer": f"http://localhost{base}/tracks/T1"})
    with app.app_context():
        new = current_run(call_id)
        assert new.id != old[0] and new.inputs["reason"] == "refresh"
        assert (new.sampler_seed, new.lottery_seed) == old[1:]
    text = client.get(f"{base}/tracks/T1").get_data(as_text=True)
    assert "stale-banner" not in text and "用相同随机种子重新计算排序" not in text
    # Fresh: pressing it again keeps the run and says so.
    kept = client.post(f"{base}/runs/refresh", follow_redirects=True).get_data(as_text=True)
    assert "予以保留" in kept and run_count(app) == 2


def test_a_call_without_reviews_fails_the_job_with_the_reason(app, client, auth):
    """The job fails with a reason the committee can read; nothing is stored."""
    call_id = store_assigned_call(app)
    auth.login_as("staff")
    text = client.post(f"/committee/calls/{call_id}/runs/refresh",
                       follow_redirects=True).get_data(as_text=True)
    assert text.count("该批次尚无已提交的评审意见，暂不能排序。") >= 1
    with app.app_context():
        assert db.session.scalars(select(Job.status)).all() == ["failed"]
    assert run_count(app) == 0


def test_a_frozen_list_queues_no_lottery_and_no_new_run(app, client, auth, runner, tmp_path):
    """Refused before anything is queued: no job row, the frozen run stays current."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        run = make_ranking_run(call_id, None)
        apps = [row["app_id"] for t in run.result["ranking"]["tracks"] for row in t["rows"]]
    auth.login_as("committee")
    base = f"/committee/calls/{call_id}"
    for app_id in apps:
        client.post(f"{base}/decisions/{app_id}", data={"outcome": "reject"})
    client.post(f"{base}/freeze")
    for action in ("lottery", "runs"):
        text = client.post(f"{base}/{action}", follow_redirects=True).get_data(as_text=True)
        assert "名单已冻结" in text or "frozen" in text
    assert job_count(app) == 0 and run_count(app) == 1


def test_the_workbook_still_ranks_in_the_request_when_no_run_exists(app, client, auth, runner,
                                                                    tmp_path):
    """The DESIGN.md address answers with the workbook at once, no job involved."""
    call_id = _reviewed_call(app, runner, tmp_path)
    auth.login_as("committee")
    response = client.get(f"/committee/calls/{call_id}/ranking.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    try:
        assert book.sheetnames
    finally:
        book.close()
    assert (run_count(app), job_count(app)) == (1, 0)
