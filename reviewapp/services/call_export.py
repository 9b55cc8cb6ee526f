"""Reading a stored call back as a `CallBook` (for export, and for other services)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from reviewapp.extensions import db
from reviewapp.models import Application, AvoidanceRequest, Call, Expert, Relation, Unit
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    CallBook,
    ExpertRecord,
    RelationRecord,
    UnitRecord,
)

APPLICATION_FIELDS = tuple(ApplicationRecord.__dataclass_fields__)
LIST_FIELDS = (
    "partner_unit_ids", "participant_unit_ids", "achievement_types", "output_types",
    "adoption_units", "keywords",
)


class CallNotFound(LookupError):
    """No call has the given id."""


def get_call(call_id: int) -> Call:
    """The call with this id, or CallNotFound."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise CallNotFound(call_id)
    return call


def application_record(row: Application) -> ApplicationRecord:
    """A stored application as its record."""
    values = {name: getattr(row, name) for name in APPLICATION_FIELDS}
    for name in LIST_FIELDS:
        values[name] = tuple(values[name] or ())
    return ApplicationRecord(**values)


def load_units(call_id: int) -> tuple[UnitRecord, ...]:
    """The call's units in import order."""
    rows = db.session.scalars(select(Unit).where(Unit.call_id == call_id).order_by(Unit.id))
    return tuple(
        UnitRecord(u.unit_id, u.name, u.unit_type, u.province, u.legal_person,
                   u.blacklisted_until, tuple(u.audit_years or ()), u.credit_code,
                   u.parent_unit_id)
        for u in rows
    )


def load_experts(call_id: int) -> tuple[ExpertRecord, ...]:
    """The call's experts in import order, with their unit's workbook code."""
    query = (select(Expert, Unit.unit_id).outerjoin(Unit, Expert.unit_id == Unit.id)
             .where(Expert.call_id == call_id).order_by(Expert.id))
    return tuple(
        ExpertRecord(e.expert_id, e.name, code, e.unit_name, e.province, e.title,
                     tuple(e.directions or ()), tuple(e.keywords or ()), e.profile,
                     e.max_load, e.available, e.email)
        for e, code in db.session.execute(query)
    )


def load_avoidance(call_id: int) -> tuple[AvoidanceRecord, ...]:
    """The call's avoidance requests with workbook codes instead of keys."""
    avoided_unit = aliased(Unit)
    query = (
        select(Application.app_id, Expert.expert_id, avoided_unit.unit_id,
               AvoidanceRequest.reason)
        .join(Application, AvoidanceRequest.application_id == Application.id)
        .outerjoin(Expert, AvoidanceRequest.expert_id == Expert.id)
        .outerjoin(avoided_unit, AvoidanceRequest.unit_id == avoided_unit.id)
        .where(AvoidanceRequest.call_id == call_id).order_by(AvoidanceRequest.id)
    )
    return tuple(AvoidanceRecord(*row) for row in db.session.execute(query))


def load_call_book(call_id: int) -> CallBook:
    """Everything imported into a call, as the records the workbook would give."""
    get_call(call_id)
    apps = db.session.scalars(
        select(Application).where(Application.call_id == call_id).order_by(Application.id)
    )
    relations = db.session.scalars(
        select(Relation).where(Relation.call_id == call_id).order_by(Relation.id)
    )
    return CallBook(
        units=load_units(call_id),
        applications=tuple(application_record(app) for app in apps),
        experts=load_experts(call_id),
        relations=tuple(RelationRecord(r.person_id, r.relation, r.other_id, r.until)
                        for r in relations),
        avoidance=load_avoidance(call_id),
    )


def export_call(call_id: int) -> bytes:
    """The stored call as a call workbook (.xlsx bytes)."""
    call = get_call(call_id)
    return export_call_book(load_call_book(call_id), call.call_settings())
