"""Review progress as full tables (评审进度): every expert and every application with a panel,
searchable, filterable, sortable, paged and exported through `services/listing`.

Each table is a grouped query made into a subquery, so that filters and sorting on the
counts (open tasks, reviews still missing) are plain WHERE and ORDER BY on its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, Select, Subquery, case, cast, func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Expert, MailMessage, Review
from reviewapp.services import listing
from reviewapp.services.listing import Choice, ChoiceFilter, Column, ListQuery, Page, TableSpec
from reviewapp.services.review_progress import VISIBLE

SUBMITTED = ("submitted", "locked")
TABLES = ("experts", "applications")
# Rows of each table the progress page itself shows; the full tables show the rest.
OVERVIEW_ROWS = 50


def _count(condition: Any) -> Any:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END)."""
    return func.sum(case((condition, 1), else_=0))


def _expert_counts(call_id: int) -> Subquery:
    """One row per expert with visible tasks: the tasks by state and the last reminder."""
    reminded = (select(MailMessage.expert_id.label("expert_pk"),
                       func.max(MailMessage.created_at).label("last_reminded"))
                .where(MailMessage.call_id == call_id, MailMessage.kind == "reminder")
                .group_by(MailMessage.expert_id).subquery())
    tasks = func.count(Assignment.id)
    submitted = _count(Review.status.in_(SUBMITTED))
    left = _count(Assignment.status.in_(("declined", "recused")))
    return (
        select(Expert.expert_id.label("expert_id"), Expert.name.label("name"),
               Expert.unit_name.label("unit_name"), tasks.label("tasks"),
               _count(Assignment.status == "invited").label("to_declare"),
               _count(Review.status == "draft").label("drafts"),
               submitted.label("submitted"),
               _count(Assignment.status == "declined").label("declined"),
               _count(Assignment.status == "recused").label("recused"),
               (tasks - submitted - left).label("open"),
               func.max(reminded.c.last_reminded).label("last_reminded"))
        .join(Assignment, Assignment.expert_id == Expert.id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .outerjoin(reminded, reminded.c.expert_pk == Expert.id)
        .where(Assignment.call_id == call_id, Assignment.status.in_(VISIBLE))
        .group_by(Expert.id, Expert.expert_id, Expert.name, Expert.unit_name)
        .subquery("expert_progress")
    )


def _application_counts(call_id: int) -> Subquery:
    """One row per application with a panel: its panel by state and mean submitted total."""
    panel = func.count(Assignment.id)
    submitted = _count(Review.status.in_(SUBMITTED))
    left = _count(Assignment.status.in_(("declined", "recused")))
    return (
        select(Application.app_id.label("app_id"), Application.title.label("title"),
               Application.track.label("track"), panel.label("panel"),
               submitted.label("submitted"), (panel - submitted - left).label("open"),
               left.label("left"),
               cast(func.avg(case((Review.status.in_(SUBMITTED), Review.total))), Float)
               .label("mean_total"))
        .join(Assignment, Assignment.application_id == Application.id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.call_id == call_id, Assignment.status.in_(VISIBLE))
        .group_by(Application.id, Application.app_id, Application.title, Application.track)
        .subquery("application_progress")
    )


def experts_spec(call_id: int) -> TableSpec:
    """The per-expert table: who owes what, most open tasks first."""
    rows = _expert_counts(call_id)
    return TableSpec(
        columns=(
            Column("expert_id", _l("Expert ID"), rows.c.expert_id),
            Column("name", _l("Full name"), rows.c.name),
            Column("unit_name", _l("Unit"), rows.c.unit_name),
            Column("tasks", _l("Tasks"), rows.c.tasks, kind="int"),
            Column("to_declare", _l("To declare"), rows.c.to_declare, kind="int"),
            Column("drafts", _l("Drafts"), rows.c.drafts, kind="int"),
            Column("submitted", _l("Submitted"), rows.c.submitted, kind="int"),
            Column("declined", _l("Declined"), rows.c.declined, kind="int"),
            Column("recused", _l("Recused"), rows.c.recused, kind="int"),
            Column("open", _l("Still owed"), rows.c.open, kind="int"),
            Column("last_reminded", _l("Last reminder"), rows.c.last_reminded,
                   kind="datetime"),
        ),
        filters=(ChoiceFilter("state", _l("State"), (
            Choice("open", _l("Open tasks"), rows.c.open > 0),
            Choice("not_started", _l("Nothing started"),
                   (rows.c.open > 0) & (rows.c.drafts == 0) & (rows.c.submitted == 0)),
            Choice("done", _l("All done"), rows.c.open == 0),
            Choice("left", _l("Declined or recused"),
                   (rows.c.declined + rows.c.recused) > 0),
            Choice("never_reminded", _l("Open, never reminded"),
                   (rows.c.open > 0) & rows.c.last_reminded.is_(None)),
        )),),
        search=(rows.c.expert_id, rows.c.name, rows.c.unit_name),
        default_sort="open",
        default_descending=True,
        per_page=50,
    )


def applications_spec(call_id: int) -> TableSpec:
    """The per-application table: whose reviews are missing, fewest submitted first."""
    rows = _application_counts(call_id)
    return TableSpec(
        columns=(
            Column("app_id", _l("Application ID"), rows.c.app_id),
            Column("title", _l("Title"), rows.c.title),
            Column("track", _l("Track"), rows.c.track),
            Column("panel", _l("Panel"), rows.c.panel, kind="int"),
            Column("submitted", _l("Submitted"), rows.c.submitted, kind="int"),
            Column("open", _l("Still owed"), rows.c.open, kind="int"),
            Column("left", _l("To refill"), rows.c.left, kind="int"),
            Column("mean_total", _l("Mean total"), rows.c.mean_total, kind="score"),
        ),
        filters=(ChoiceFilter("state", _l("State"), (
            Choice("missing", _l("Reviews missing"), rows.c.open > 0),
            Choice("none", _l("No review yet"), rows.c.submitted == 0),
            Choice("complete", _l("Panel complete"), rows.c.open == 0),
            Choice("refill", _l("Slots to refill"), rows.c.left > 0),
        )),),
        search=(rows.c.app_id, rows.c.title),
        default_sort="submitted",
        per_page=50,
    )


def table_spec(call_id: int, table: str) -> TableSpec:
    """The spec of one of TABLES ("experts" or "applications") for the call."""
    return (experts_spec if table == "experts" else applications_spec)(call_id)


def _select(spec: TableSpec) -> Select[Any]:
    """The spec's columns over the grouped rows they read (the first column's subquery)."""
    return listing.base_select(spec).select_from(spec.columns[0].expr.table)


def progress_page(spec: TableSpec, query: ListQuery) -> Page:
    """The page of a progress table the query asks for."""
    return listing.fetch_page(db.session, _select(spec), spec, query)


def progress_xlsx(table: str, spec: TableSpec, query: ListQuery) -> bytes:
    """Every row the query selects, in the order shown, as an .xlsx workbook."""
    rows = listing.export_rows(db.session, _select(spec), spec, query)
    return listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                              sheet=f"progress-{table}")


@dataclass(frozen=True)
class ProgressOverview:
    """What the progress page shows: totals, who owes reviews, each table's first rows."""

    tasks: int
    submitted: int
    left: int  # declined or recused: slots to refill
    owing: list[str]  # expert_id of every expert with tasks still owed, most owed first
    experts: Page
    applications: Page


def progress_overview(call_id: int) -> ProgressOverview:
    """The call's review totals and the first rows of both tables, in their default order."""
    experts, applications = experts_spec(call_id), applications_spec(call_id)
    rows = experts.columns[0].expr.table.c
    tasks, submitted, left = db.session.execute(select(
        func.coalesce(func.sum(rows.tasks), 0), func.coalesce(func.sum(rows.submitted), 0),
        func.coalesce(func.sum(rows.declined + rows.recused), 0))).one()
    owing = db.session.scalars(
        select(rows.expert_id).where(rows.open > 0)
        .order_by(rows.open.desc(), rows.expert_id)).all()
    first = ListQuery(per_page=OVERVIEW_ROWS)
    return ProgressOverview(int(tasks), int(submitted), int(left), list(owing),
                            progress_page(experts, first), progress_page(applications, first))
