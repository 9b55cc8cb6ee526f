"""Committee views: the calls, a call's workspace, one track's ranked list and the charts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import has_role
from reviewapp.committee import bp
from reviewapp.committee.common import (
    FLAG_LABELS,
    RECOMMENDATION_SHORT,
    call_or_404,
    ranking_job,
)
from reviewapp.committee.forms import ActionForm
from reviewapp.committee.whatif_view import ask_what_if
from reviewapp.services.committee import (
    application_reviews,
    call_workspace,
    charts_page_data,
    committee_calls,
    track_page_data,
)
from reviewapp.staff.forms_flags import ApplicationFlagsForm


@bp.route("/")
def index() -> str:
    """Every call with its tracks and each track's budget."""
    return render_template("committee/index.html", calls=committee_calls())


@bp.route("/calls/<int:call_id>/")
def call_page(call_id: int) -> str:
    """A call's workspace: the current run, each track's summary, charts and links."""
    call = call_or_404(call_id)
    info, tracks = call_workspace(call)
    return render_template("committee/call.html", call=call, info=info, tracks=tracks,
                           form=ActionForm(), ranking_job=ranking_job(call_id, info))


def no_run_yet(call_id: int) -> Response:
    """Back to the call's workspace, saying that it has no ranking yet."""
    flash(_("No ranking has been computed for this call yet."), "error")
    return redirect(url_for("committee.call_page", call_id=call_id))


@bp.route("/calls/<int:call_id>/tracks/<track_id>")
def track_page(call_id: int, track_id: str) -> str | Response:
    """One track's ranked list with its funding line, the caterpillar chart and a what-if."""
    call = call_or_404(call_id)
    try:
        page = track_page_data(call, track_id)
    except LookupError:
        abort(404)
    if page is None:
        return no_run_yet(call_id)
    job = ranking_job(call_id, page.info)
    form, whatif = ask_what_if(page.info.run, track_id, request.args,
                               call.call_settings().directions)
    return render_template(
        "committee/track.html", call=call, info=page.info, summary=page.summary,
        rows=page.rows, track=page.track, form=form, whatif=whatif, flag_labels=FLAG_LABELS,
        recommendations=RECOMMENDATION_SHORT, rubric=page.info.run.result["extras"]["rubric"],
        large=request.args.get("large") == "1", chart=page.chart,
        ranking_job=job if job is not None and (job.active or not page.info.fresh) else None,
    )


@bp.route("/calls/<int:call_id>/charts")
def charts_page(call_id: int) -> str | Response:
    """Score distribution per track, expert leniency, and budget use per direction and province."""
    call = call_or_404(call_id)
    page = charts_page_data(call)
    if page is None:
        return no_run_yet(call_id)
    return render_template(
        "committee/charts.html", call=call, info=page.info, labels=page.labels,
        leniency_rows=page.leniency_rows, histogram=page.histogram, leniency=page.leniency,
        directions=page.directions, provinces=page.provinces,
    )


@bp.route("/calls/<int:call_id>/applications/<app_id>")
def application_page(call_id: int, app_id: str) -> str:
    """One application's counted reviews: scores and comments, experts as the call allows."""
    call = call_or_404(call_id)
    found = application_reviews(call, app_id)
    if found is None:
        abort(404)
    application, reviews = found
    flags_form = None
    if has_role(current_user, "staff"):
        flags_form = ApplicationFlagsForm(obj=application)
    return render_template("committee/application.html", call=call, application=application,
                           reviews=reviews, rubric=call.call_settings().rubric,
                           flag_labels=FLAG_LABELS, flags_form=flags_form)
