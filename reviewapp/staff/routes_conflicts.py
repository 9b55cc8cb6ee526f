"""Staff views of conflicts of interest (回避): table, detection, add and lift with a reason."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp import jobs
from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import SelectChoice, filled
from reviewapp.i18n import english
from reviewapp.models import Call, Job
from reviewapp.services import conflicts as service
from reviewapp.services import conflicts_report as report_service
from reviewapp.services import listing
from reviewapp.services.listing import Column
from reviewapp.staff import bp
from reviewapp.staff.common import CONFLICT_RULE_LABELS as RULE_LABELS
from reviewapp.staff.common import (
    PER_PAGE,
    RunForm,
    csv_response,
    page_number,
    xlsx_response,
)
from reviewapp.staff.jobs_view import start_call_job

SOURCE_LABELS = {"detected": _l("detected"), "declared": _l("declared by the expert"),
                 "staff_added": _l("added by staff")}
STATE_LABELS = {"active": _l("In force"), "lifted": _l("Lifted by staff")}
FILTER_KEYS = ("rule", "source", "state", "q")
EXPORT_COLUMNS = (
    Column("app_id", _l("Application ID"), None), Column("expert_id", _l("Expert ID"), None),
    Column("expert_name", _l("Expert"), None), Column("rule", _l("Rule"), None),
    Column("source", _l("Source"), None), Column("evidence", _l("Evidence"), None),
    Column("reason", _l("Reason"), None), Column("lifted", _l("Lifted"), None, kind="bool"),
    Column("lift_reason", _l("Reason for lifting"), None),
)


class AddForm(FlaskForm):
    """Forbid one pair by hand; the reason is required and audited."""

    app_id = StringField(_l("Application ID"), validators=[DataRequired(), Length(max=64)])
    expert_id = StringField(_l("Expert ID"), validators=[DataRequired(), Length(max=64)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class RemoveForm(FlaskForm):
    """Lift a pair's conflict (one rule, or all); the reason is required and audited."""

    app_id = StringField(_l("Application ID"), validators=[DataRequired(), Length(max=64)])
    expert_id = StringField(_l("Expert ID"), validators=[DataRequired(), Length(max=64)])
    rule = SelectField(_l("Rule"), validators=[Optional()],
                       choices=[SelectChoice("", _l("All rules of the pair"))]
                       + [SelectChoice(key, key) for key in RULE_LABELS])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


def filters_from(args: Any) -> dict[str, str]:
    """The table's filter values from the request arguments, unknown values dropped."""
    values = {key: args.get(key, "").strip()[:100] for key in FILTER_KEYS}
    allowed = {"rule": RULE_LABELS, "source": SOURCE_LABELS, "state": STATE_LABELS}
    for key, labels in allowed.items():
        if values[key] not in labels:
            values[key] = ""
    return {k: v for k, v in values.items() if v}


def report_filters(filters: dict[str, str]) -> report_service.ConflictFilters:
    """The service's filters from the page's filter values."""
    return report_service.ConflictFilters(
        rule=filters.get("rule", ""), source=filters.get("source", ""),
        state=filters.get("state", ""), search=filters.get("q", ""))


def download(call: Call, rows: list[service.ConflictRow], kind: str) -> Response:
    """The shown rows as CSV (app_id, expert_id, rule, evidence) or Excel with every column."""
    if kind == "csv":
        return csv_response(service.conflicts_csv([row for row in rows if not row.lifted]),
                            f"call-{call.id}-conflicts.csv")
    records = [vars(row) for row in rows]
    data = listing.write_xlsx(EXPORT_COLUMNS, records, [str(c.label) for c in EXPORT_COLUMNS],
                              sheet="conflicts", yes=_("Yes"), no=_("No"))
    return xlsx_response(data, f"call-{call.id}-conflicts.xlsx")


def render_page(call: Call, add_form: AddForm, remove_form: RemoveForm,
                status: int = 200) -> tuple[str, int]:
    """The conflicts page: counts per rule, filters, the table, duplicates and the forms."""
    filters = filters_from(request.args)
    page = report_service.conflict_page(call.id, report_filters(filters),
                                        page_number(request.args), PER_PAGE)
    pairs, per_rule = report_service.pairs_in_force(call.id)
    return render_template(
        "staff/conflicts.html", call=call, current_stage="conflicts",
        rows=page.rows, total=page.total, page=page.page, pages=page.pages,
        filters=filters, counts={rule: per_rule.get(rule, 0) for rule in RULE_LABELS},
        rule_labels=RULE_LABELS, source_labels=SOURCE_LABELS, state_labels=STATE_LABELS,
        pairs=pairs, english=english(),
        duplicates=service.duplicate_units(call.id),
        possible=service.possible_same_person(call.id),
        run_form=RunForm(), add_form=add_form, remove_form=remove_form,
        job=jobs.latest_job(call.id, "conflicts"), detect_lines=detect_lines,
        affinity_job=jobs.latest_job(call.id, "affinity"),
    ), status


@bp.route("/calls/<int:call_id>/conflicts", endpoint="conflicts")
@role_required("staff")
def conflicts_page(call_id: int) -> tuple[str, int] | Response:
    """The call's conflicts: per-rule counts, filterable table, exports, duplicate units."""
    call = db.get_or_404(Call, call_id)
    export = request.args.get("export")
    if export in ("csv", "xlsx"):
        rows = report_service.conflict_export(call_id, report_filters(filters_from(request.args)))
        return download(call, rows, export)
    return render_page(call, AddForm(), RemoveForm())


@bp.route("/calls/<int:call_id>/conflicts/detect", methods=["POST"],
          endpoint="conflicts_detect")
@role_required("staff")
def detect(call_id: int) -> Response:
    """Detect the call's conflicts again as a background job (additions and lifts are kept)."""
    db.get_or_404(Call, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    start_call_job("conflicts", call_id)
    return redirect(url_for("staff.conflicts", call_id=call_id))


@bp.route("/calls/<int:call_id>/conflicts/affinity", methods=["POST"],
          endpoint="affinity_run")
@role_required("staff")
def affinity(call_id: int) -> Response:
    """Count every application's conflict-free, matching candidates, as a background job."""
    db.get_or_404(Call, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    start_call_job("affinity", call_id)
    return redirect(url_for("staff.conflicts", call_id=call_id))


def detect_lines(job: Job | None) -> list[str]:
    """What the call's last finished detection found, from its job's result."""
    if job is None or job.status != "done" or not job.result:
        return []
    counts = job.result.get("counts", {})
    return [_("Conflicts detected: %(counts)s", counts="、".join(
        f"{rule} {count}" for rule, count in counts.items()) or "0")]


@bp.route("/calls/<int:call_id>/conflicts/add", methods=["POST"], endpoint="conflicts_add")
@role_required("staff")
def add(call_id: int) -> Response | tuple[str, int]:
    """Forbid a pair by hand, with a reason."""
    call = db.get_or_404(Call, call_id)
    form = AddForm()
    if not form.validate_on_submit():
        flash(_("Give the application, the expert and a reason."), "error")
        return render_page(call, form, RemoveForm(formdata=None), 400)
    app_id, expert_id = filled(form.app_id.data).strip(), filled(form.expert_id.data).strip()
    try:
        service.add_conflict(call_id, app_id, expert_id, filled(form.reason.data), current_user)
    except service.ConflictError:
        flash(_("Not added: application %(app)s or expert %(expert)s is not in this call.",
                app=app_id, expert=expert_id), "error")
        return render_page(call, form, RemoveForm(formdata=None), 400)
    flash(_("Conflict added."), "success")
    return redirect(url_for("staff.conflicts", call_id=call_id))


@bp.route("/calls/<int:call_id>/conflicts/remove", methods=["POST"],
          endpoint="conflicts_remove")
@role_required("staff")
def remove(call_id: int) -> Response | tuple[str, int]:
    """Lift a pair's conflict, with a reason."""
    call = db.get_or_404(Call, call_id)
    form = RemoveForm()
    if not form.validate_on_submit():
        flash(_("Give the application, the expert and a reason."), "error")
        return render_page(call, AddForm(formdata=None), form, 400)
    app_id, expert_id = filled(form.app_id.data).strip(), filled(form.expert_id.data).strip()
    try:
        lifted = service.remove_conflict(call_id, app_id, expert_id, filled(form.reason.data),
                                         current_user, rule=form.rule.data or None)
    except service.ConflictError:
        flash(_("Not lifted: application %(app)s or expert %(expert)s is not in this call, "
                "or the pair has no conflict in force.", app=app_id, expert=expert_id), "error")
        return render_page(call, AddForm(formdata=None), form, 400)
    flash(_("Lifted: %(rules)s", rules="、".join(lifted)), "success")
    return redirect(url_for("staff.conflicts", call_id=call_id))
