"""Committee downloads: the `reviewapp rank` workbook, the list with decisions, the print page."""

from __future__ import annotations

import os

from flask import Response, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from reviewapp.committee import bp
from reviewapp.services.committee import committee_call, decision_page_data
from reviewapp.services.committee_exports import FLAG_ZH, OUTCOME_ZH, committee_workbook
from reviewapp.services.ranking import RankingError
from reviewapp.services.ranking_runs import ensure_current_run, stored_ranking
from reviewapp.services.ranking_workbook import ranking_workbook

# Debian's fonts-wqy-microhei (Apache-2.0 or GPLv3); CJK_FONT_PATH in the config overrides it.
DEFAULT_CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
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


@bp.route("/calls/<int:call_id>/list.xlsx")
def list_xlsx(call_id: int) -> Response:
    """The ranked lists with the committee's decisions, Chinese headers, seeds and freezing."""
    call = committee_call(call_id)
    if call is None:
        abort(404)
    data = decision_page_data(call)
    return xlsx_response(committee_workbook(call, data), f"committee-list-{call_id}.xlsx")


@bp.route("/calls/<int:call_id>/print")
def print_page(call_id: int) -> str:
    """An A4 page of the decision list with room for the committee's signatures."""
    call = committee_call(call_id)
    if call is None:
        abort(404)
    data = decision_page_data(call)
    return render_template("committee/print.html", call=call, data=data,
                           outcomes=OUTCOME_ZH, flags=FLAG_ZH)


@bp.route("/font/cjk")
def cjk_font() -> Response:
    """The CJK font the print page and the charts use, served by the app (no outside asset)."""
    path = current_app.config.get("CJK_FONT_PATH", DEFAULT_CJK_FONT)
    if not path or not os.path.isfile(path):
        abort(404)
    response = send_file(path, mimetype="font/collection", max_age=86400)
    return response
