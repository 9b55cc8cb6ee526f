"""Staff views of the eligibility check (形式审查): report, detail, override, re-run, export."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewapp import jobs
from reviewapp.auth.permissions import role_required
from reviewapp.charts import Bar, bar_chart
from reviewapp.eligibility import RULES, RULES_BY_ID
from reviewapp.eligibility.report import EligibilityRow, RuleCount, csv_text, row_status, xlsx_bytes
from reviewapp.extensions import db
from reviewapp.form_values import SelectChoice, filled
from reviewapp.i18n import english
from reviewapp.models import Call, Job
from reviewapp.services import eligibility as service
from reviewapp.services import eligibility_report as report_service
from reviewapp.staff import bp
from reviewapp.staff.common import PER_PAGE, RunForm, csv_response, page_number, xlsx_response
from reviewapp.staff.jobs_view import start_call_job

STATUS_LABELS = {
    "eligible": _l("Eligible"), "flagged": _l("Eligible, flagged"),
    "ineligible": _l("Ineligible"), "overridden": _l("Overridden"),
    "unchecked": _l("Not checked"),
}
VERDICT_LABELS = {
    "pass": _l("pass"), "fail": _l("fail"), "flag": _l("flag"), "na": _l("not applicable"),
}
FILTER_KEYS = ("status", "rule", "verdict", "track", "q")


class OverrideForm(FlaskForm):
    """Overrule one rule's verdict; the reason is required and goes to the audit log."""

    rule_id = HiddenField(validators=[DataRequired()])
    verdict = SelectField(_l("New verdict"), choices=[
        SelectChoice(code, VERDICT_LABELS[code]) for code in service.OVERRIDE_VERDICTS])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


def rule_text(rule_id: str) -> str:
    """A rule's message in the page's language."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        return rule_id
    return rule.message_en if english() else rule.message_zh


def filters_from(args: Any) -> dict[str, str]:
    """The report's filter values from the request arguments, unknown values dropped."""
    values = {key: args.get(key, "").strip()[:100] for key in FILTER_KEYS}
    if values["status"] not in STATUS_LABELS:
        values["status"] = ""
    if values["rule"] not in RULES_BY_ID:
        values["rule"] = ""
    if values["verdict"] not in VERDICT_LABELS:
        values["verdict"] = ""
    return {k: v for k, v in values.items() if v}


def report_filters(filters: dict[str, str]) -> report_service.ReportFilters:
    """The service's filters from the page's filter values."""
    return report_service.ReportFilters(
        status=filters.get("status", ""), rule=filters.get("rule", ""),
        verdict=filters.get("verdict", ""), track=filters.get("track", ""),
        search=filters.get("q", ""))


def chart(call: Call, counts: list[RuleCount]) -> Any:
    """An inline SVG bar per rule that fails or flags, linking to those applications."""
    bars = []
    for count in counts:
        if count.fail or count.flag:
            verdict = "fail" if count.fail else "flag"
            text = _("%(fail)d failed · %(flag)d flagged", fail=count.fail, flag=count.flag)
            bars.append(Bar(count.rule_id, count.fail + count.flag, text, url_for(
                "staff.eligibility", call_id=call.id, rule=count.rule_id, verdict=verdict)))
    if not bars:
        return None
    # A narrower drawing keeps the rule labels legible when a phone scales it down.
    return bar_chart(bars, title=_("Failed and flagged applications per rule"), width=420)


def download(rows: list[EligibilityRow], kind: str, call: Call) -> Response:
    """The shown rows as CSV (app_id, eligible, failed, flags) or Excel with evidence."""
    if kind == "csv":
        return csv_response(csv_text(rows), f"call-{call.id}-eligibility.csv")
    return xlsx_response(xlsx_bytes(rows), f"call-{call.id}-eligibility.xlsx")


@bp.route("/calls/<int:call_id>/eligibility", endpoint="eligibility")
@role_required("staff")
def report(call_id: int) -> str | Response:
    """The call's eligibility report: counts per rule, chart, filterable table, exports."""
    call = db.get_or_404(Call, call_id)
    filters = filters_from(request.args)
    export = request.args.get("export")
    if export in ("csv", "xlsx"):
        return download(report_service.report_rows(call_id, report_filters(filters)),
                        export, call)
    counts = report_service.rule_counts(call_id)
    page = report_service.report_page(call_id, report_filters(filters),
                                      page_number(request.args), PER_PAGE)
    return render_template(
        "staff/eligibility.html", call=call, current_stage="eligibility",
        counts=counts, statuses=report_service.status_counts(call_id),
        chart=chart(call, counts), rows=page.rows, total=page.total, page=page.page,
        pages=page.pages, filters=filters, status_labels=STATUS_LABELS,
        verdict_labels=VERDICT_LABELS, rules=RULES, rule_text=rule_text,
        tracks=call.call_settings().tracks, run_form=RunForm(), run_lines=run_lines,
        last_run=service.last_run(call_id), english=english(),
        job=jobs.latest_job(call_id, "eligibility"),
    )


@bp.route("/calls/<int:call_id>/eligibility/run", methods=["POST"],
          endpoint="eligibility_run")
@role_required("staff")
def run(call_id: int) -> Response:
    """Start the check as a background job; the page shows its progress and summary."""
    db.get_or_404(Call, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    start_call_job("eligibility", call_id)
    return redirect(url_for("staff.eligibility", call_id=call_id))


def run_lines(job: Job | None) -> list[str]:
    """What the call's last finished check did, from its job's result."""
    if job is None or job.status != "done" or not job.result:
        return []
    result = job.result
    lines = [_("Checked %(n)d applications: %(ok)d eligible, %(bad)d ineligible, "
               "%(flag)d flagged.", n=result["checked"], ok=result["eligible"],
               bad=result["ineligible"], flag=result["flagged"])]
    if result.get("kept"):
        lines.append(_("Overrides kept: %(list)s",
                       list="、".join(f"{a} {r}" for a, r in result["kept"])))
    if result.get("dropped_reasons"):
        lines.append(_("Overrides dropped because the verdict changed: %(list)s",
                       list="；".join(f"{a} {r} ({why})"
                                     for a, r, why in result["dropped_reasons"])))
    return lines


def row_or_404(call_id: int, app_id: str) -> EligibilityRow:
    """The application's eligibility row, or a 404."""
    row = service.eligibility_row(call_id, app_id)
    if row is None:
        abort(404)
    return row


def render_detail(call: Call, row: EligibilityRow, form: OverrideForm) -> str:
    """The application's verdict page with this override form."""
    return render_template(
        "staff/eligibility_detail.html", call=call, row=row, current_stage="eligibility",
        form=form, status=row_status(row), status_labels=STATUS_LABELS,
        verdict_labels=VERDICT_LABELS, rule_text=rule_text, rules=RULES_BY_ID,
        english=english(),
    )


@bp.route("/calls/<int:call_id>/eligibility/<app_id>", endpoint="eligibility_detail")
@role_required("staff")
def detail(call_id: int, app_id: str) -> str:
    """One application's verdict: every rule with its evidence, overrides and the form."""
    call = db.get_or_404(Call, call_id)
    return render_detail(call, row_or_404(call_id, app_id), OverrideForm())


@bp.route("/calls/<int:call_id>/eligibility/<app_id>/override", methods=["POST"],
          endpoint="eligibility_override")
@role_required("staff")
def override(call_id: int, app_id: str) -> Response | tuple[str, int]:
    """Overrule one rule's verdict with a reason, then show the application again."""
    call = db.get_or_404(Call, call_id)
    row = row_or_404(call_id, app_id)
    form = OverrideForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for the override."), "error")
        return render_detail(call, row, form), 400
    try:
        service.override_verdict(call_id, app_id, filled(form.rule_id.data), form.verdict.data,
                                 filled(form.reason.data), current_user)
    except service.EligibilityError:
        # The form already checks the reason and the verdict; what is left is an unchecked rule.
        flash(_("The verdict was not changed: run the check on this application first."),
              "error")
    else:
        flash(_("Verdict of %(rule)s updated.", rule=form.rule_id.data), "success")
    return redirect(url_for("staff.eligibility_detail", call_id=call_id, app_id=app_id))
