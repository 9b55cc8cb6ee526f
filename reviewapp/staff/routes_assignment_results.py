"""Staff views of one assignment run: panels, loads, charts, why not, compare, export."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.charts import Bar, bar_chart
from reviewapp.extensions import db
from reviewapp.i18n import english
from reviewapp.models import AssignmentRun, Call
from reviewapp.services import assignment_results as results
from reviewapp.services.assignment_current import current_run
from reviewapp.services.assignment_why import WhyNotError, why_not
from reviewapp.staff import bp
from reviewapp.staff.common import page_number, xlsx_response
from reviewapp.staff.forms_assignment import MODE_LABELS, MakeCurrentForm, WhyNotForm

# Narrower than the default, so the labels stay legible when a phone scales the chart down.
CHART_WIDTH = 460
AFFINITY_EDGES = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


def run_or_404(call_id: int, run_id: int) -> tuple[Call, AssignmentRun]:
    """The call and its run, or a 404."""
    call = db.get_or_404(Call, call_id)
    run = results.get_run(call_id, run_id)
    if run is None:
        abort(404)
    return call, run


def charts(call: Call, run: AssignmentRun, summaries: list[results.PanelSummary],
           by_load: list[tuple[int, int]]) -> dict[str, Markup]:
    """Affinity per application (distribution and weakest panels) and loads, drawn."""
    spread = results.histogram([p.mean for p in summaries], AFFINITY_EDGES)
    weakest = sorted(summaries, key=lambda p: p.mean)[:10]
    return {
        "affinity": bar_chart([Bar(label, n) for label, n in spread],
                              title=_("Applications by mean panel affinity"), width=CHART_WIDTH),
        "weakest": bar_chart(
            [Bar(p.app_id, Decimal(f"{p.mean:.3f}"), f"{p.mean:.2f}",
                 url_for("staff.assignment_result", call_id=call.id, run_id=run.id,
                         q=p.app_id)) for p in weakest],
            title=_("The ten weakest panels (mean affinity)"), width=CHART_WIDTH),
        "loads": bar_chart([Bar(_("%(n)d reviews", n=n), count) for n, count in by_load],
                           title=_("Experts by load"), width=CHART_WIDTH),
    }


@bp.route("/calls/<int:call_id>/assignment/runs/<int:run_id>", endpoint="assignment_result")
@role_required("staff")
def result_page(call_id: int, run_id: int) -> str:
    """One run: its figures, diagnosis, charts, panels (filterable) and the heaviest loads."""
    call, run = run_or_404(call_id, run_id)
    filters = results.PanelFilters(request.args.get("q", "").strip()[:64],
                                   request.args.get("weak") == "1")
    shown = results.panel_page(run, filters, page_number(request.args))
    loads = results.load_overview(call_id, run)
    kept = {k: v for k, v in (("q", filters.search), ("weak", "1" if filters.weak_only else ""))
            if v}
    return render_template(
        "staff/assignment_result.html", call=call, current_stage="assignment", run=run,
        rows=shown.rows, total=shown.total, page=shown.page, pages=shown.pages, filters=kept,
        weak=shown.weak, n_panels=len(shown.summaries), loads=loads.heaviest, over=loads.over,
        charts=charts(call, run, shown.summaries, loads.by_load) if shown.summaries else None,
        english=english(), mode_labels=MODE_LABELS, current_form=MakeCurrentForm(),
        why_form=WhyNotForm(formdata=None), runs=results.runs_of(call_id),
    )


@bp.route("/calls/<int:call_id>/assignment/runs/<int:run_id>/why", endpoint="assignment_why")
@role_required("staff")
def why_page(call_id: int, run_id: int) -> tuple[str, int]:
    """Why the named expert is not on the named application's panel in this run."""
    call, run = run_or_404(call_id, run_id)
    form = WhyNotForm(request.args)
    answer, status = None, 200
    if not form.validate():
        status = 400
    else:
        try:
            answer = why_not(run, (form.app_id.data or "").strip(),
                             (form.expert_id.data or "").strip())
        except WhyNotError as missing:
            form.expert_id.errors = [_("%(code)s is not in this call.", code=str(missing))]
            status = 404
    return render_template("staff/assignment_why.html", call=call, current_stage="assignment",
                           run=run, form=form, answer=answer, english=english()), status


@bp.route("/calls/<int:call_id>/assignment/compare", endpoint="assignment_compare")
@role_required("staff")
def compare_page(call_id: int) -> str:
    """Two runs side by side: figures, worst panel and the pairs that differ."""
    call = db.get_or_404(Call, call_id)
    left = results.get_run(call_id, request.args.get("left", 0, type=int))
    right = results.get_run(call_id, request.args.get("right", 0, type=int))
    if left is None or right is None:
        abort(404)
    figures = [(run, run.objective, run.summary.get("min_paper_score"))
               for run in (left, right)]
    chart = bar_chart(
        [Bar(_("#%(id)d objective", id=run.id), Decimal(f"{objective or 0:.3f}"),
             f"{objective or 0:.3f}") for run, objective, _worst in figures]
        + [Bar(_("#%(id)d worst panel", id=run.id), Decimal(f"{worst or 0:.3f}"),
               f"{worst or 0:.3f}") for run, _objective, worst in figures],
        title=_("Objective and worst panel"))
    return render_template("staff/assignment_compare.html", call=call,
                           current_stage="assignment", comparison=results.compare(left, right),
                           mode_labels=MODE_LABELS, chart=chart)


@bp.route("/calls/<int:call_id>/assignment/runs/<int:run_id>/export.xlsx",
          endpoint="assignment_export_run")
@role_required("staff")
def export_run(call_id: int, run_id: int) -> Response:
    """The run's pairs as Excel."""
    _call, run = run_or_404(call_id, run_id)
    return xlsx_response(results.export_run(run), f"call-{call_id}-run-{run_id}.xlsx")


@bp.route("/calls/<int:call_id>/assignment/export.xlsx", endpoint="assignment_export")
@role_required("staff")
def export_current(call_id: int) -> Response:
    """The current run's pairs as Excel (404 while no run is current)."""
    db.get_or_404(Call, call_id)
    run = current_run(call_id)
    if run is None:
        abort(404)
    return xlsx_response(results.export_run(run), f"call-{call_id}-assignment.xlsx")
