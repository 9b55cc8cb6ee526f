"""Staff views: import a call workbook, download the template, export a stored call."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.call_export import export_call
from reviewapp.services.call_import import import_call
from reviewapp.staff import bp
from reviewapp.staff.common import xlsx_response
from reviewapp.workbook.issues import REPORT_LIMIT
from reviewapp.workbook.template import call_template


class ImportForm(FlaskForm):
    """Upload of a call workbook with the new call's name and deadline."""

    book = FileField(_l("Call workbook (.xlsx)"), validators=[FileRequired()],
                     render_kw={"accept": ".xlsx"})
    name = StringField(_l("Call name"), validators=[DataRequired(), Length(max=200)])
    deadline = DateField(_l("Application deadline"), validators=[DataRequired()])
    submit = SubmitField(_l("Import"))


@bp.route("/calls/import", methods=["GET", "POST"])
@role_required("staff")
def import_call_page() -> str | Response:
    """The upload form; on errors, the same report as the command line, as a table."""
    form = ImportForm()
    issues = []
    if form.validate_on_submit():
        result = import_call(form.book.data.read(), form.name.data, form.deadline.data,
                             user=current_user)
        if result.ok:
            flash(_("Imported the workbook as call %(id)s.", id=result.call_id), "success")
            return redirect(url_for("staff.call_overview", call_id=result.call_id))
        issues = sorted(result.issues, key=lambda issue: not issue.is_error)
    return render_template(
        "staff/import.html", form=form, issues=issues[:REPORT_LIMIT],
        hidden=max(len(issues) - REPORT_LIMIT, 0),
        errors=sum(issue.is_error for issue in issues),
    )


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
