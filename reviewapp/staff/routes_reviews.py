"""Staff views: review progress (评审进度), reminders, reopening, paper reviews in and out."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.local_time import to_shanghai
from reviewapp.models import Call
from reviewapp.models.common import utcnow
from reviewapp.services import listing, progress_tables
from reviewapp.services import review_progress as progress
from reviewapp.services.expert_tasks import review_deadline
from reviewapp.services.invitations import send_reminders
from reviewapp.services.mail import mail_settings
from reviewapp.services.review_staff import ReviewStaffError, reopen_review
from reviewapp.services.reviews_export import reviews_workbook
from reviewapp.services.reviews_import import import_reviews
from reviewapp.staff import bp
from reviewapp.staff.common import xlsx_response
from reviewapp.staff.forms_reviews import RemindForm, ReopenForm, ReviewsUploadForm
from reviewapp.workbook.issues import REPORT_LIMIT
from reviewapp.workbook.template import reviews_template

# Submitted reviews listed at once with their reopen forms; a search finds the others.
SUBMITTED_SHOWN = 50


def today() -> date:
    """Today in the call office's time zone."""
    return to_shanghai(utcnow()).date()


@bp.route("/calls/<int:call_id>/progress", endpoint="progress")
@role_required("staff")
def progress_page(call_id: int) -> str:
    """Progress per expert and per application, the overdue list, reminders and reopening."""
    call = db.get_or_404(Call, call_id)
    find = request.args.get("find", "").strip()[:100]
    submitted, submitted_total = progress.submitted_reviews(call.id, find, SUBMITTED_SHOWN)
    return render_template(
        "staff/review_progress.html", call=call, current_stage="progress",
        overview=progress_tables.progress_overview(call.id),
        overdue=progress.overdue_rows(call, today()),
        submitted=submitted, submitted_total=submitted_total, find=find,
        deadline=review_deadline(call.call_settings()),
        remind_form=RemindForm(), reopen_form=ReopenForm(),
    )


@bp.route("/calls/<int:call_id>/progress/<any(experts, applications):table>",
          endpoint="progress_table")
@role_required("staff")
def progress_table(call_id: int, table: str) -> str | Response:
    """Every expert (or application) with its progress: search, filter, sort, export."""
    call = db.get_or_404(Call, call_id)
    spec = progress_tables.table_spec(call.id, table)
    query = listing.parse_query(request.args, spec)
    if request.args.get("export") == "xlsx":
        return xlsx_response(progress_tables.progress_xlsx(table, spec, query),
                             f"call-{call.id}-progress-{table}.xlsx")
    title = _("Review progress by expert") if table == "experts" else _(
        "Review progress by application")
    hint = _("Expert ID, name or unit") if table == "experts" else _(
        "Application ID or title")
    return render_template("staff/progress_table.html", call=call, current_stage="progress",
                           spec=spec, query=query, title=title, search_hint=hint,
                           page=progress_tables.progress_page(spec, query))


@bp.route("/calls/<int:call_id>/progress/remind", methods=["POST"])
@role_required("staff")
def remind(call_id: int) -> Response:
    """Remind the chosen experts who still owe reviews."""
    call = db.get_or_404(Call, call_id)
    form = RemindForm()
    if form.validate_on_submit():
        codes = [str(code) for code in request.form.getlist("experts") if code][:2000]
        result = send_reminders(call.id, codes, current_user,
                                mail_settings(current_app.config, request.host_url))
        flash(_("Reminders sent to %(count)s experts.", count=result.experts), "success")
    return redirect(url_for("staff.progress", call_id=call.id), code=303)


@bp.route("/calls/<int:call_id>/progress/reopen", methods=["POST"])
@role_required("staff")
def reopen(call_id: int) -> Response | tuple[str, int]:
    """Send one submitted review back to its expert, with the reason they will see."""
    call = db.get_or_404(Call, call_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the review."), "error")
        return redirect(url_for("staff.progress", call_id=call.id), code=303)
    try:
        reopen_review(call.id, filled(form.review_id.data), filled(form.reason.data), current_user)
    except ReviewStaffError as error:
        flash(error.message_en if english() else error.message_zh, "error")
    else:
        flash(_("The review was reopened; the expert sees your reason."), "success")
    return redirect(url_for("staff.progress", call_id=call.id), code=303)


@bp.route("/calls/<int:call_id>/reviews.xlsx")
@role_required("staff")
def reviews_download(call_id: int) -> Response:
    """Every review of the call, in the layout the paper-review import reads."""
    call = db.get_or_404(Call, call_id)
    return xlsx_response(reviews_workbook(call.id), f"reviews-{call.id}.xlsx")


@bp.route("/calls/<int:call_id>/reviews/template.xlsx")
@role_required("staff")
def reviews_template_download(call_id: int) -> Response:
    """The paper-review template for this call's rubric."""
    call = db.get_or_404(Call, call_id)
    return xlsx_response(reviews_template(call.call_settings()),
                         f"reviews-template-{call.id}.xlsx")


@bp.route("/calls/<int:call_id>/reviews/import", methods=["GET", "POST"])
@role_required("staff")
def reviews_upload(call_id: int) -> str | Response | tuple[str, int]:
    """Upload reviews scored on paper: all or nothing, with a report of every problem."""
    call = db.get_or_404(Call, call_id)
    form = ReviewsUploadForm()
    issues = []
    if form.validate_on_submit():
        result = import_reviews(call.id, form.book.data.read(), current_user)
        if result.ok:
            flash(_("Imported %(count)s reviews.", count=result.stored), "success")
            return redirect(url_for("staff.progress", call_id=call.id), code=303)
        issues = sorted(result.issues, key=lambda issue: not issue.is_error)
    page = render_template(
        "staff/reviews_upload.html", call=call, form=form, current_stage="progress",
        issues=issues[:REPORT_LIMIT], hidden=max(len(issues) - REPORT_LIMIT, 0),
        errors=sum(issue.is_error for issue in issues))
    return (page, 400) if issues else page
