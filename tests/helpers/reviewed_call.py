"""A call with paper reviews imported, ready to rank."""

from __future__ import annotations

from tests.helpers.paper_reviews import (
    assigned_pairs,
    paper_review,
    store_assigned_call,
    write_book,
)


def _reviewed_call(app, runner, tmp_path) -> int:
    """A stored call whose assigned pairs all carry imported paper reviews."""
    call_id = store_assigned_call(app)
    book = write_book(tmp_path, [paper_review(a, e) for a, e in assigned_pairs(app, call_id)])
    assert runner.invoke(args=["import-reviews", str(call_id), str(book)]).exit_code == 0
    return call_id


def ranked_call(app, runner, tmp_path) -> int:
    """A reviewed call with a T1 budget of 150 万元 and a current ranking run."""
    from reviewapp.extensions import db
    from reviewapp.models import Call
    from reviewapp.services.ranking_runs import make_ranking_run

    call_id = _reviewed_call(app, runner, tmp_path)
    with app.app_context():
        call = db.session.get(Call, call_id)
        call.tracks[0].budget_yuan = 1_500_000
        db.session.commit()
        make_ranking_run(call_id, None)
    return call_id
