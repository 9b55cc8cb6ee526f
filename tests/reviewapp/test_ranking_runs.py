"""Stored ranking runs: seeds drawn and recorded, reproducible, shared by the page and `rank`."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AuditLog, Call, RankingRun, Review
from reviewapp.services.ranking import load_inputs
from reviewapp.services.ranking_runs import (
    current_run,
    ensure_current_run,
    make_ranking_run,
    stored_ranking,
)
from reviewapp.services.ranking_workbook import ranking_workbook
from tests.helpers.reviewed_call import _reviewed_call


def book_rows(data) -> dict[str, list[tuple]]:
    """Every sheet's rows of an .xlsx given as bytes or a path."""
    import io

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    book = load_workbook(source)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_a_run_draws_and_records_both_seeds_and_is_audited(app, runner, tmp_path):
    """Two runs draw their own seeds; only the last is current; each run is audited."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        first = make_ranking_run(call_id, None)
        second = make_ranking_run(call_id, None)
        runs = db.session.scalars(select(RankingRun).order_by(RankingRun.id)).all()
        assert [r.current for r in runs] == [False, True]
        assert current_run(call_id).id == second.id
        assert (first.sampler_seed, first.lottery_seed) != (second.sampler_seed,
                                                            second.lottery_seed)
        assert first.sampler_seed != first.lottery_seed
        assert len(runs[0].inputs["reviews"]) == 48
        audits = db.session.scalars(select(AuditLog).where(AuditLog.action == "ranking_run"))
        assert [a.after["sampler_seed"] for a in audits] == [first.sampler_seed,
                                                             second.sampler_seed]


def test_the_recorded_seeds_reproduce_the_list(app, runner, tmp_path):
    """A run made again with a run's seeds stores the same ranked list, interval for interval."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        run = make_ranking_run(call_id, None)
        again = make_ranking_run(call_id, None, run.sampler_seed, run.lottery_seed)
        assert again.result["ranking"] == run.result["ranking"]
        other = make_ranking_run(call_id, None, run.sampler_seed + 1, run.lottery_seed)
        assert other.result["ranking"] != run.result["ranking"]


def test_rank_command_writes_the_current_run_and_its_seeds_reproduce_it(app, runner, tmp_path):
    """`rank CALL` = the stored current run; `--sampler-seed/--lottery-seed` re-make it."""
    call_id = _reviewed_call(app, runner, tmp_path)
    out = tmp_path / "rank.xlsx"
    done = runner.invoke(args=["rank", str(call_id), "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output.strip().splitlines()[-1])
    with app.app_context():
        run = current_run(call_id)
        assert (summary["sampler_seed"], summary["lottery_seed"]) == (run.sampler_seed,
                                                                      run.lottery_seed)
        stored = ranking_workbook(stored_ranking(run))
    assert book_rows(out) == book_rows(stored)
    again = tmp_path / "again.xlsx"
    done = runner.invoke(args=["rank", str(call_id), "--out", str(again), "--sampler-seed",
                               str(run.sampler_seed), "--lottery-seed", str(run.lottery_seed)])
    assert done.exit_code == 0, done.output
    assert book_rows(again) == book_rows(out)
    with app.app_context():
        assert db.session.scalar(select(RankingRun.id).where(RankingRun.current)) == run.id


def test_a_changed_review_or_budget_makes_a_fresh_run_with_the_same_seeds(app, runner, tmp_path):
    """The current run is reused while nothing changed; a new review version refreshes it."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        run = ensure_current_run(call_id, None)
        assert ensure_current_run(call_id, None).id == run.id
        review = db.session.scalars(select(Review).order_by(Review.id)).first()
        review.version += 1
        db.session.commit()
        fresh = ensure_current_run(call_id, None)
        assert fresh.id != run.id
        assert (fresh.sampler_seed, fresh.lottery_seed) == (run.sampler_seed, run.lottery_seed)
        db.session.get(Call, call_id).tracks[0].budget_yuan = 1_000_000
        db.session.commit()
        assert ensure_current_run(call_id, None).id != fresh.id


def test_priority_flags_come_first_among_the_tie_keys_in_the_calls_order(app, runner, tmp_path):
    """Tie keys: the call's priority flags (1/0) in its order, then the indicator means."""
    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        call = db.session.get(Call, call_id)
        call.settings = {**call.settings, "funding": {**call.settings["funding"],
                                                      "priorities": ["commissioner",
                                                                     "chain_leader"]}}
        application = db.session.scalars(select(Application).order_by(Application.id)).first()
        application.chain_leader = True
        db.session.commit()
        keys = load_inputs(call).tie_keys
        assert keys[application.app_id][:2] == (0.0, 1.0)
        assert all(k[:2] == (0.0, 0.0) for a, k in keys.items() if a != application.app_id)
        assert len(keys[application.app_id]) == 2 + 6


def test_page_workbook_equals_rank_command_in_either_order(app, client, auth, runner, tmp_path):
    """ranking.xlsx and `reviewapp rank CALL` give the same workbook, whichever comes first."""
    call_id = _reviewed_call(app, runner, tmp_path)
    auth.login_as("committee")
    page = client.get(f"/committee/calls/{call_id}/ranking.xlsx")
    assert page.status_code == 200 and page.mimetype.endswith("spreadsheetml.sheet")
    out = tmp_path / "rank.xlsx"
    assert runner.invoke(args=["rank", str(call_id), "--out", str(out)]).exit_code == 0
    assert book_rows(page.data) == book_rows(out)
    assert sorted(book_rows(out)) == ["T1", "T2"]
    with app.app_context():
        review = db.session.scalars(select(Review).order_by(Review.id)).first()
        review.scores = {**review.scores, "team": 0}
        review.total = None
        review.version += 1
        db.session.commit()
    assert runner.invoke(args=["rank", str(call_id), "--out", str(out)]).exit_code == 0
    assert book_rows(client.get(f"/committee/calls/{call_id}/ranking.xlsx").data) == book_rows(out)


def test_ranking_workbook_is_for_the_committee_staff_and_admin_only(app, client, auth, runner,
                                                                     tmp_path):
    """Anonymous visitors go to the login page, experts are refused, a missing call is 404."""
    call_id = _reviewed_call(app, runner, tmp_path)
    url = f"/committee/calls/{call_id}/ranking.xlsx"
    assert client.get(url).status_code == 302
    auth.login_as("expert")
    assert client.get(url).status_code == 403
    for role in ("staff", "admin", "committee"):
        auth.logout()
        auth.login_as(role)
        assert client.get(url).status_code == 200, role
    assert client.get(f"/committee/calls/{call_id + 99}/ranking.xlsx").status_code == 404
