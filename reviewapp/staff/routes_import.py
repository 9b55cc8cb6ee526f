"""Staff views: import a call workbook, download the template, export a stored call."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import BooleanField, DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.models import Call, Job
from reviewapp.services.call_export import export_call
from reviewapp.staff import bp
from reviewapp.staff.common import xlsx_response
from reviewapp.staff.jobs_view import start_call_job
from reviewapp.workbook.issues import REPORT_LIMIT, ImportIssue
from reviewapp.workbook.template import call_template


class ImportForm(FlaskForm):
    """Upload of a call workbook with the new call's name and deadline."""

    book = FileField(_l("Call workbook (.xlsx or .xls)"), validators=[FileRequired()],
                     render_kw={"accept": ".xlsx,.xls,.et"})
    name = StringField(_l("Call name"), validators=[DataRequired(), Length(max=200)])
    deadline = DateField(_l("Application deadline"), validators=[DataRequired()])
    allow_duplicate = BooleanField(_l("Import it although a call came from the same workbook"))
    submit = SubmitField(_l("Import"))


def render_import(form: ImportForm, job: Job | None = None,
                  issues: list[ImportIssue] | None = None, imported: int | None = None,
                  duplicates: list[list[Any]] | None = None) -> str:
    """The upload form with the running import's progress or the last one's issues.

    `imported` is the new call of an import that succeeded with warnings (shown once here);
    `duplicates` the (id, name) of calls from an identical workbook, when the import asks.
    """
    issues = sorted(issues or [], key=lambda issue: not issue.is_error)
    return render_template(
        "staff/import.html", form=form, issues=issues[:REPORT_LIMIT],
        hidden=max(len(issues) - REPORT_LIMIT, 0),
        errors=sum(issue.is_error for issue in issues), job=job, imported=imported,
        duplicates=duplicates or [],
    )


def import_outcome(job: Job) -> Response | str:
    """A finished import: on to the new call, or the form with the issues; else progress."""
    result = job.result or {}
    issues = [ImportIssue(**issue) for issue in result.get("issues", [])]
    if job.status == "done" and result.get("call_id") and not issues:
        flash(_("Imported the workbook as call %(id)s.", id=result["call_id"]), "success")
        return redirect(url_for("staff.call_overview", call_id=result["call_id"]))
    return render_import(ImportForm(formdata=None), job, issues, result.get("call_id"),
                         result.get("duplicates"))


@bp.route("/calls/import", methods=["GET", "POST"])
@role_required("staff")
def import_call_page() -> str | Response:
    """The upload form; the import runs as a job (on errors: the report, as a table)."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.book.data
        job = start_call_job("import", None, {
            "name": filled(form.name.data), "deadline": filled(form.deadline.data).isoformat(),
            "filename": upload.filename or "",
            "allow_duplicate": bool(form.allow_duplicate.data)}, payload=upload.read())
        if job is not None and job.active:
            return redirect(url_for("staff.import_job", job_id=job.id))
        if job is not None:  # already finished (jobs run inline): show the outcome now
            return import_outcome(job)
    return render_import(form)


@bp.route("/calls/import/jobs/<int:job_id>")
@role_required("staff")
def import_job(job_id: int) -> str | Response:
    """An import's progress; when it ends, the new call or the issues found."""
    job = db.get_or_404(Job, job_id)
    if job.kind != "import":
        abort(404)
    return import_outcome(job)


@bp.route("/calls/template.xlsx")
@role_required("staff")
def call_template_download() -> Response:
    """The call workbook template with example rows and the 说明 sheet."""
    return xlsx_response(call_template(), "call-template.xlsx")


@bp.route("/calls/<int:call_id>/export.xlsx")
@role_required("staff")
def call_export_download(call_id: int) -> Response:
    """A stored call in the import format."""
    db.get_or_404(Call, call_id)
    return xlsx_response(export_call(call_id), f"call-{call_id}.xlsx")
