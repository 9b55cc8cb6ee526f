"""Staff views: fix one application's or one unit's data in place (修改数据), with a reason."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.i18n import english
from reviewapp.models import Call
from reviewapp.services.data_fix import (
    FixResult,
    application_fields,
    current_cells,
    find_unit,
    unit_fields,
    update_application,
    update_unit,
)
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404, flash_overrides
from reviewapp.staff.forms_data_fix import (
    APPLICATION_GROUPS,
    LABELS,
    UNIT_GROUPS,
    field_specs,
    fix_form_class,
)
from reviewapp.workbook.columns import Column

STATUS_LABELS = {
    "imported": _l("Not checked"), "eligible": _l("Eligible"), "ineligible": _l("Ineligible"),
}


def attach_errors(form: FlaskForm, result: FixResult) -> list[str]:
    """Put each refused field's message next to its box; return those without a box."""
    loose = []
    for error in result.errors:
        message = error.message_en if english() else error.message_zh
        if error.key in form:
            form[error.key].errors = [*form[error.key].errors, message]
        else:
            loose.append(message)
    return loose


# Fields that conflict detection (C1–C6) or the panel rules read: a change may add or lift
# a conflict, which only a new detection finds.
CONFLICT_INPUTS = frozenset({
    "lead_unit_id", "partner_unit_ids", "participant_unit_ids", "pi_id", "pi_name",
    "name", "province", "credit_code", "parent_unit_id",
})


def flash_result(result: FixResult, name: str) -> None:
    """Say what was saved, and what the eligibility re-run changed, kept and dropped."""
    if not result.changes:
        flash(_("Nothing was changed."), "info")
        return
    fields = "、".join(str(LABELS.get(key, key)) for key in result.changes)
    flash(_("%(name)s saved: %(fields)s.", name=name, fields=fields), "success")
    if CONFLICT_INPUTS & set(result.changes):
        flash(_("Units or the PI changed: run the conflict detection again before assigning."),
              "warning")
    summary = result.eligibility
    if summary is None:
        return
    flash(_("Eligibility re-checked: %(ok)d eligible, %(bad)d ineligible, %(flag)d flagged.",
            ok=summary.eligible, bad=summary.ineligible, flag=summary.flagged), "info")
    if result.status_changes:
        flash(_("Status changed: %(list)s", list="；".join(
            f"{code} {STATUS_LABELS.get(old, old)} → {STATUS_LABELS.get(new, new)}"
            for code, old, new in result.status_changes)), "info")
    flash_overrides(summary)


def fix_view(
    call: Call, row: Any, code: str, columns: tuple[Column, ...], groups: Any,
    update: Any, back: str, template: str,
) -> str | Response | tuple[str, int]:
    """GET: the row's values as the workbook writes them; POST: store the fix or show errors."""
    form_class = fix_form_class(columns)

    def page(form: FlaskForm, loose: list[str]) -> str:
        """The form with its boxes grouped, hints and messages without a box."""
        return render_template(
            template, call=call, form=form, groups=groups, loose=loose,
            specs=field_specs(columns), back=back, current_stage="import", row=row,
        )

    shown = current_cells(row, columns)
    if request.method != "POST":
        return page(form_class(formdata=None, data=shown), [])
    form = form_class(data=shown)  # boxes a post leaves out keep the stored value
    loose: list[str] = []
    if form.validate():
        # Only boxes the request carries: a partial post leaves the other fields alone.
        changes = {column.key: form[column.key].data or "" for column in columns
                   if column.key in request.form}
        result = update(call.id, code, changes, form.reason.data or "", current_user)
        if result.ok:
            flash_result(result, code)
            return redirect(back)
        loose = attach_errors(form, result)
    return page(form, loose), 400


@bp.route("/calls/<int:call_id>/applications/<app_id>/edit", methods=["GET", "POST"],
          endpoint="application_edit")
@role_required("staff")
def application_edit(call_id: int, app_id: str) -> str | Response | tuple[str, int]:
    """Fix an application's data (修改数据), then show its detail page."""
    call = db.get_or_404(Call, call_id)
    application = application_or_404(call, app_id)
    return fix_view(
        call, application, app_id, application_fields(call.call_settings()),
        APPLICATION_GROUPS, update_application,
        url_for("staff.application_detail", call_id=call_id, app_id=app_id),
        "staff/application_edit.html",
    )


@bp.route("/calls/<int:call_id>/units/<unit_id>/edit", methods=["GET", "POST"],
          endpoint="unit_edit")
@role_required("staff")
def unit_edit(call_id: int, unit_id: str) -> str | Response | tuple[str, int]:
    """Fix a unit's data (修改数据), then show it in the units list."""
    call = db.get_or_404(Call, call_id)
    unit = find_unit(call_id, unit_id)
    if unit is None:
        abort(404)
    return fix_view(call, unit, unit_id, unit_fields(), UNIT_GROUPS, update_unit,
                    url_for("staff.units", call_id=call_id, q=unit_id), "staff/unit_edit.html")
