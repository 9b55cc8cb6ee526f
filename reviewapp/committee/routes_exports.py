"""Committee downloads: the `reviewapp rank` workbook, the list with decisions, the print page."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from reviewapp.committee import bp
from reviewapp.committee.common import FLAG_LABELS, call_or_404
from reviewapp.services.committee import decision_page_data
from reviewapp.services.committee_exports import committee_workbook
from reviewapp.services.ranking import RankingError
from reviewapp.services.ranking_runs import ensure_current_run, stored_ranking
from reviewapp.services.ranking_workbook import ranking_workbook

# A subset of WenQuanYi Micro Hei (Apache-2.0 or GPLv3 with the font exception), vendored in
# the package's static folder by tools/subset_cjk_font.py: the print page needs no system font.
CJK_FONT = "fonts/wqy-microhei-subset.woff2"
OUTCOME_LABELS = {"approve": _l("Approve"), "reserve": _l("Reserve"), "reject": _l("Reject")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> Response:
    """An .xlsx download."""
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/calls/<int:call_id>/ranking.xlsx")
def ranking_xlsx(call_id: int) -> BaseResponse:
    """The workbook `reviewapp rank CALL` writes: the current run with the saved settings.

    The one committee address that may sample inside the request: DESIGN.md's web
    contract has this GET answer with the workbook on any call with reviews, and a
    download cannot show a progress bar. With a fresh current run (the pages' ranking
    job makes one) it reads the stored run; only without one does it make it here,
    synchronously, as `reviewapp rank` does (docs/committee.md).
    """
    call_or_404(call_id)
    try:
        run = ensure_current_run(call_id, current_user)
    except RankingError:
        flash(_("This call cannot be ranked yet: it has no submitted reviews."), "error")
        return redirect(url_for("committee.index"))
    return xlsx_response(ranking_workbook(stored_ranking(run)), f"ranking-{call_id}.xlsx")


@bp.route("/calls/<int:call_id>/list.xlsx")
def list_xlsx(call_id: int) -> Response:
    """The ranked lists with the committee's decisions, Chinese headers, seeds and freezing."""
    call = call_or_404(call_id)
    data = decision_page_data(call)
    return xlsx_response(committee_workbook(call, data), f"committee-list-{call_id}.xlsx")


@bp.route("/calls/<int:call_id>/print")
def print_page(call_id: int) -> str:
    """An A4 page of the decision list with room for the committee's signatures."""
    call = call_or_404(call_id)
    data = decision_page_data(call)
    return render_template("committee/print.html", call=call, data=data,
                           outcomes=OUTCOME_LABELS, flags=FLAG_LABELS, cjk_font=CJK_FONT)
