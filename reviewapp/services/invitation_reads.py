"""Reads for the invitation pages: pairs by status, counts, the outbox (no writes)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from reviewapp.extensions import db
from reviewapp.models import ASSIGNMENT_STATUSES, Application, Assignment, Expert, MailMessage
from reviewapp.services.listing import (
    Choice,
    ChoiceFilter,
    Column,
    ListQuery,
    Page,
    TableSpec,
    base_select,
    export_rows,
    fetch_page,
)

STATUS_LABELS = {
    "assigned": _l("Not invited yet"), "invited": _l("Invited"), "accepted": _l("Accepted"),
    "declined": _l("Declined"), "recused": _l("Recused (conflict)"), "done": _l("Review done"),
}
# Shown beside the words, so the status never rests on colour alone.
STATUS_ICONS = {"assigned": "○", "invited": "✉", "accepted": "✓", "declined": "✗",
                "recused": "⊘", "done": "★"}
MAIL_STATUS_LABELS = {"outbox": _l("In the outbox"), "sent": _l("Sent"),
                      "failed": _l("Sending failed")}
MAIL_KIND_LABELS = {"invitation": _l("Invitation"), "reminder": _l("Reminder")}


def pairs_spec() -> TableSpec:
    """The pairs table: application, expert, status, lock, answer and its reason."""
    return TableSpec(
        # The first column (row id) breaks ties in sorting; pages show the rest.
        columns=(
            Column("pair_id", _l("Pair no."), Assignment.id, kind="int"),
            Column("app_id", _l("Application ID"), Application.app_id,
                   link="staff.application_detail", link_arg="app_id"),
            Column("expert_id", _l("Expert ID"), Expert.expert_id),
            Column("expert_name", _l("Expert"), Expert.name),
            Column("status", _l("Status"), Assignment.status, labels=STATUS_LABELS),
            Column("title", _l("Title"), Application.title),
            Column("locked", _l("Locked"), Assignment.locked, kind="bool"),
            Column("affinity", _l("Affinity"), Assignment.affinity),
            Column("invited_at", _l("Invited at"), Assignment.invited_at, kind="datetime"),
            Column("responded_at", _l("Answered at"), Assignment.responded_at,
                   kind="datetime"),
            Column("response_reason", _l("Reason given"), Assignment.response_reason),
        ),
        filters=(
            ChoiceFilter("status", _l("Status"), tuple(
                Choice(s, str(STATUS_LABELS[s]), Assignment.status == s)
                for s in ASSIGNMENT_STATUSES)),
            ChoiceFilter("locked", _l("Locked"), (
                Choice("yes", _l("Yes"), Assignment.locked.is_(True)),
                Choice("no", _l("No"), Assignment.locked.is_(False)),
            )),
        ),
        search=(Application.app_id, Application.title, Expert.expert_id, Expert.name),
        default_sort="app_id",
        per_page=50,
    )


def pairs_select(call_id: int, spec: TableSpec) -> Select[Any]:
    """The call's pairs as rows of the spec's columns."""
    return (base_select(spec).select_from(Assignment)
            .join(Application, Application.id == Assignment.application_id)
            .join(Expert, Expert.id == Assignment.expert_id)
            .where(Assignment.call_id == call_id))


def pairs_page(call_id: int, spec: TableSpec, query: ListQuery) -> Page:
    """The page of the call's pairs the query asks for."""
    return fetch_page(db.session, pairs_select(call_id, spec), spec, query)


def pairs_export(call_id: int, spec: TableSpec, query: ListQuery) -> list[dict[str, Any]]:
    """Every pair of the call the query selects, in the order shown."""
    return export_rows(db.session, pairs_select(call_id, spec), spec, query)


def call_pair(call_id: int, pair_id: int) -> Assignment | None:
    """The pair with this id if it belongs to the call."""
    pair = db.session.get(Assignment, pair_id)
    return pair if pair is not None and pair.call_id == call_id else None


def status_counts(call_id: int) -> dict[str, int]:
    """Pairs of the call per status (every status listed, 0 when none)."""
    counts = dict(db.session.execute(
        select(Assignment.status, func.count()).where(Assignment.call_id == call_id)
        .group_by(Assignment.status)).tuples().all())
    return {status: int(counts.get(status, 0)) for status in ASSIGNMENT_STATUSES}


def locked_count(call_id: int) -> int:
    """Locked pairs of the call."""
    return db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.call_id == call_id, Assignment.locked.is_(True))) or 0


def outbox_spec() -> TableSpec:
    """The mail table: to whom, what, when, and whether it left."""
    return TableSpec(
        columns=(
            Column("mail_id", _l("Message no."), MailMessage.id, kind="int"),
            Column("created_at", _l("Written at"), MailMessage.created_at, kind="datetime"),
            Column("kind", _l("Kind"), MailMessage.kind, labels=MAIL_KIND_LABELS),
            Column("expert_id", _l("Expert ID"), Expert.expert_id),
            Column("expert_name", _l("Expert"), Expert.name),
            Column("recipient", _l("E-mail"), MailMessage.recipient),
            Column("subject", _l("Subject"), MailMessage.subject),
            Column("status", _l("Status"), MailMessage.status, labels=MAIL_STATUS_LABELS),
            Column("sent_at", _l("Sent at"), MailMessage.sent_at, kind="datetime"),
            Column("error", _l("Error"), MailMessage.error, sortable=False),
        ),
        filters=(
            ChoiceFilter("status", _l("Status"), tuple(
                Choice(s, str(label), MailMessage.status == s)
                for s, label in MAIL_STATUS_LABELS.items())),
            ChoiceFilter("kind", _l("Kind"), tuple(
                Choice(k, str(label), MailMessage.kind == k)
                for k, label in MAIL_KIND_LABELS.items())),
        ),
        search=(Expert.expert_id, Expert.name, MailMessage.recipient, MailMessage.subject),
        default_sort="mail_id",
        default_descending=True,
        per_page=20,
    )


def outbox_select(call_id: int, spec: TableSpec) -> Select[Any]:
    """The call's messages as rows of the spec's columns plus the `body`."""
    return (base_select(spec).add_columns(MailMessage.body.label("body"))
            .select_from(MailMessage)
            .outerjoin(Expert, Expert.id == MailMessage.expert_id)
            .where(MailMessage.call_id == call_id))


def outbox_page(call_id: int, spec: TableSpec, query: ListQuery) -> Page:
    """The page of the call's messages the query asks for."""
    return fetch_page(db.session, outbox_select(call_id, spec), spec, query)


def outbox_export(call_id: int, spec: TableSpec, query: ListQuery) -> list[dict[str, Any]]:
    """Every message of the call the query selects, in the order shown."""
    return export_rows(db.session, outbox_select(call_id, spec), spec, query)


def mail_counts(call_id: int) -> dict[str, int]:
    """The call's messages per status."""
    counts = dict(db.session.execute(
        select(MailMessage.status, func.count()).where(MailMessage.call_id == call_id)
        .group_by(MailMessage.status)).tuples().all())
    return {status: int(counts.get(status, 0)) for status in MAIL_STATUS_LABELS}
