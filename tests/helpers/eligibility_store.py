"""Store engine records as a call in the test database, for the eligibility service tests."""

from __future__ import annotations

import dataclasses
from datetime import date

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationUnit, Call, Unit
from reviewapp.workbook.records import ApplicationRecord, UnitRecord

LIST_FIELDS = ("partner_unit_ids", "participant_unit_ids", "achievement_types", "output_types",
               "adoption_units", "keywords")


def store_call(
    units: tuple[UnitRecord, ...],
    applications: tuple[ApplicationRecord, ...],
    deadline: date,
    settings: CallSettings | None = None,
) -> int:
    """Store units and applications as a new call; return its id."""
    call = Call(name="形式审查测试", deadline=deadline,
                settings=(settings or CallSettings()).to_json())
    db.session.add(call)
    db.session.flush()
    rows = {}
    for record in units:
        values = dataclasses.asdict(record)
        values["audit_years"] = list(record.audit_years)
        rows[record.unit_id] = Unit(call_id=call.id, **values)
    db.session.add_all(rows.values())
    db.session.flush()
    for record in applications:
        values = dataclasses.asdict(record)
        values.update({name: list(getattr(record, name)) for name in LIST_FIELDS})
        application = Application(call_id=call.id, **values)
        roles = [(record.lead_unit_id, "lead")]
        roles += [(u, "partner") for u in record.partner_unit_ids]
        roles += [(u, "participant") for u in record.participant_unit_ids]
        application.units = [ApplicationUnit(unit_id=rows[u].id, role=role)
                             for u, role in dict(roles).items() if u in rows]
        db.session.add(application)
    db.session.commit()
    return call.id
