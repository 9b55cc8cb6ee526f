"""Committee downloads: the ranked list as `reviewapp rank` writes it."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from reviewapp.committee import bp
from reviewapp.services.committee import committee_call
from reviewapp.services.ranking import RankingError
from reviewapp.services.ranking_runs import ensure_current_run, stored_ranking
from reviewapp.services.ranking_workbook import ranking_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> Response:
    """An .xlsx download."""
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/calls/<int:call_id>/ranking.xlsx")
def ranking_xlsx(call_id: int) -> BaseResponse:
    """The workbook `reviewapp rank CALL` writes: the current run with the saved settings."""
    if committee_call(call_id) is None:
        abort(404)
    try:
        run = ensure_current_run(call_id, current_user)
    except RankingError:
        flash(_("This call cannot be ranked yet: it has no submitted reviews."), "error")
        return redirect(url_for("committee.index"))
    return xlsx_response(ranking_workbook(stored_ranking(run)), f"ranking-{call_id}.xlsx")
