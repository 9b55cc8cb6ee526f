"""Fixing one application's or one unit's data in place, read exactly as the workbook is.

Staff type cell text (`48.5万`, `是`, `U12；U14`, `2025-03-01`) per workbook key; the
workbook's own cell readers parse it, so a form accepts what an import accepts. On any
error nothing is stored. A stored fix writes one audit row (before/after as cell text,
with the required reason) and, when the call's eligibility was checked, re-runs the check
in the same commit so the report never shows verdicts of data that no longer exists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationUnit, Call, Person, Unit
from reviewapp.services.audit import record_audit
from reviewapp.services.call_overview import eligibility_checked
from reviewapp.services.eligibility import RunSummary, run_eligibility
from reviewapp.workbook.cells import EXCEL_EPOCH, is_blank
from reviewapp.workbook.columns import Column, application_columns, unit_columns
from reviewapp.workbook.export import to_cell
from reviewapp.workbook.issues import CellError, show_value
from reviewapp.workbook.reader import cell_readers
from reviewapp.workbook.records import ApplicationRecord, UnitRecord

UNIT_LINK_KEYS = ("lead_unit_id", "partner_unit_ids", "participant_unit_ids")
PI_KEYS = ("pi_id", "pi_name", "pi_sex", "pi_birth_date")
REASON_KEY = "reason"
REASON_LABEL = "修改原因"
REASON_MAX = 1000


class DataFixError(LookupError):
    """The call, application or unit to fix does not exist."""


@dataclass(frozen=True)
class FieldError:
    """One refused field: its workbook key and label, the value typed, and why (zh + en)."""

    key: str
    label: str
    value: str
    reason_zh: str
    reason_en: str

    @property
    def message_zh(self) -> str:
        """The error as one Chinese sentence naming the field and the value."""
        shown = f"为“{self.value}”" if self.value else ""
        return f"{self.label}{shown}：{self.reason_zh}"

    @property
    def message_en(self) -> str:
        """The error as one English sentence naming the field and the value."""
        shown = f' = "{self.value}"' if self.value else ""
        return f"{self.key}{shown}: {self.reason_en}"


@dataclass(frozen=True)
class FixResult:
    """What a fix did: errors (then nothing was stored), or the changes and their effects.

    `changes` maps a workbook key to its (before, after) cell text; `eligibility` is the
    re-run's summary (None when the call was never checked); `status_changes` lists
    (app_id, before, after) for applications whose status the re-run changed.
    """

    errors: tuple[FieldError, ...] = ()
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    eligibility: RunSummary | None = None
    status_changes: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when the fix was accepted (possibly changing nothing)."""
        return not self.errors


def cell_text(column: Column, value: Any) -> str:
    """A stored value as the text the workbook export writes for it (48.5, 是, U1;U2)."""
    if isinstance(value, list):
        value = tuple(value)
    cell = to_cell(column, value)
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def editable_columns(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns staff may fix: all but the first, the row's own id."""
    return columns[1:]


def application_fields(settings: CallSettings) -> tuple[Column, ...]:
    """The application columns a fix may change (every one but app_id)."""
    return editable_columns(application_columns(settings))


def unit_fields() -> tuple[Column, ...]:
    """The unit columns a fix may change (every one but unit_id)."""
    return editable_columns(unit_columns())


def current_cells(row: Application | Unit, columns: tuple[Column, ...]) -> dict[str, str]:
    """A stored row's editable values as workbook cell text, by workbook key."""
    return {column.key: cell_text(column, getattr(row, column.attr)) for column in columns}


def _stored(row: Application | Unit, column: Column) -> Any:
    """A stored value in its record form (JSON lists as tuples)."""
    value = getattr(row, column.attr)
    return tuple(value) if isinstance(value, list) else value


def read_changes(
    columns: tuple[Column, ...], fixed: str, record_type: type, changes: Mapping[str, str],
    settings: CallSettings,
) -> tuple[dict[str, Any], list[FieldError]]:
    """Typed values by record attribute for the changed cells, read as import reads them."""
    readers = cell_readers(settings, EXCEL_EPOCH)
    by_key = {column.key: column for column in columns}
    defaults = {f.name: f.default for f in dataclasses.fields(record_type)}
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, raw in changes.items():
        # Browsers send textarea line breaks as CRLF; stored text keeps LF.
        text = (raw or "").replace("\r\n", "\n")
        column = by_key.get(key)
        if key == fixed:
            errors.append(FieldError(key, key, show_value(text), "编号不能修改",
                                     "the id itself cannot be changed"))
        elif column is None:
            errors.append(FieldError(key, key, show_value(text), "没有这一列",
                                     "no such column"))
        elif is_blank(text):
            if column.required:
                errors.append(FieldError(key, column.label, "", "必填，不能为空",
                                         "required, cannot be empty"))
            else:
                # A blank cell means what it means on import: the record's default.
                values[column.attr] = defaults[column.attr]
        else:
            try:
                value = readers[column.kind](column)(text)
                if column.limit and len(value) > column.limit:
                    raise CellError(f"过长：最多 {column.limit} 个字符",
                                    f"too long: at most {column.limit} characters")
                values[column.attr] = value
            except CellError as exc:
                errors.append(FieldError(key, column.label, show_value(text),
                                         exc.reason_zh, exc.reason_en))
    return values, errors


def unknown_units(
    values: dict[str, Any], keys: tuple[str, ...], known: set[str], columns: tuple[Column, ...]
) -> list[FieldError]:
    """An error for each unit code among `keys` that the call's units lack."""
    labels = {column.key: column.label for column in columns}
    errors = []
    for key in keys:
        value = values.get(key)
        for code in (value,) if isinstance(value, str) else value or ():
            if code not in known:
                errors.append(FieldError(key, labels[key], code, "单位表中没有此编号",
                                         "no such id in units"))
    return errors


def _unit_codes(call_id: int) -> set[str]:
    """Workbook codes of the call's units."""
    return set(db.session.scalars(select(Unit.unit_id).where(Unit.call_id == call_id)))


def _statuses(call_id: int) -> dict[str, str]:
    """Each application's status by code."""
    return dict(db.session.execute(
        select(Application.app_id, Application.status).where(Application.call_id == call_id)
    ).tuples().all())


def _settings(call_id: int) -> CallSettings:
    """The call's settings, or DataFixError when there is no such call."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise DataFixError(f"no call with id {call_id}")
    return call.call_settings()


def _store(
    row: Application | Unit, columns: tuple[Column, ...], values: dict[str, Any],
    reason: str, errors: list[FieldError],
) -> tuple[dict[str, tuple[str, str]], dict[str, Any]]:
    """Cell-text changes and the changed values by attribute; errors when no reason is given."""
    by_attr = {column.attr: column for column in columns}
    changed = {attr: value for attr, value in values.items()
               if value != _stored(row, by_attr[attr])}
    if changed and not reason:
        errors.append(FieldError(REASON_KEY, REASON_LABEL, "", "必填：请说明修改原因",
                                 "required: say why the data is changed"))
    if len(reason) > REASON_MAX:
        errors.append(FieldError(REASON_KEY, REASON_LABEL, "", f"最多 {REASON_MAX} 个字符",
                                 f"at most {REASON_MAX} characters"))
    if errors or not changed:
        return {}, {}
    cells = {}
    for attr, value in changed.items():
        column = by_attr[attr]
        cells[column.key] = (cell_text(column, _stored(row, column)), cell_text(column, value))
        setattr(row, attr, list(value) if isinstance(value, tuple) else value)
    return cells, changed


def _finish(
    call_id: int, action: str, object_type: str, object_id: str,
    cells: dict[str, tuple[str, str]], reason: str, user: Any,
) -> FixResult:
    """Audit the fix, re-run eligibility when it had run, and commit once."""
    record_audit(user, action, object_type, object_id,
                 before={key: old for key, (old, _) in cells.items()},
                 after={key: new for key, (_, new) in cells.items()},
                 reason=reason, call_id=call_id)
    before = _statuses(call_id)
    summary = None
    if eligibility_checked(call_id):
        summary = run_eligibility(call_id, user)  # commits the fix with the new verdicts
    else:
        db.session.commit()
    after = _statuses(call_id)
    moved = tuple((code, before[code], after[code]) for code in sorted(after)
                  if code in before and before[code] != after[code])
    return FixResult(changes=cells, eligibility=summary, status_changes=moved)


def _sync_units(application: Application) -> None:
    """Make the ApplicationUnit links match the codes; a unit listed twice keeps its first role."""
    wanted: dict[str, str] = {}
    for code, role in [(application.lead_unit_id, "lead"),
                       *((c, "partner") for c in application.partner_unit_ids or ()),
                       *((c, "participant") for c in application.participant_unit_ids or ())]:
        wanted.setdefault(code, role)
    pks = dict(db.session.execute(select(Unit.unit_id, Unit.id).where(
        Unit.call_id == application.call_id, Unit.unit_id.in_(list(wanted)))).tuples().all())
    roles = {pks[code]: role for code, role in wanted.items() if code in pks}
    existing = {link.unit_id: link for link in application.units}
    # Update in place: deleting and re-adding one unit in a flush would break the unique key.
    for unit_pk, link in existing.items():
        if unit_pk in roles:
            link.role = roles[unit_pk]
        else:
            application.units.remove(link)
    for unit_pk, role in roles.items():
        if unit_pk not in existing:
            application.units.append(ApplicationUnit(unit_id=unit_pk, role=role))


def _sync_person(application: Application) -> None:
    """Link the application to the person of its PI code, created if new, with its facts."""
    person = db.session.scalar(select(Person).where(
        Person.call_id == application.call_id, Person.person_id == application.pi_id))
    if person is None:
        person = Person(call_id=application.call_id, person_id=application.pi_id)
        db.session.add(person)
    person.name = application.pi_name
    person.sex = application.pi_sex
    person.birth_date = application.pi_birth_date
    application.pi = person


def update_application(
    call_id: int, app_id: str, changes: Mapping[str, str], reason: str, user: Any
) -> FixResult:
    """Fix an application's fields from workbook cell text; audited, eligibility re-run."""
    settings = _settings(call_id)
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id))
    if application is None:
        raise DataFixError(f"call {call_id} has no application {app_id}")
    columns = application_columns(settings)
    values, errors = read_changes(columns, "app_id", ApplicationRecord, changes, settings)
    errors += unknown_units(values, UNIT_LINK_KEYS, _unit_codes(call_id), columns)
    reason = (reason or "").strip()
    cells, changed = _store(application, columns, values, reason, errors)
    if errors:
        return FixResult(errors=tuple(errors))
    if not changed:
        return FixResult()
    if any(key in changed for key in UNIT_LINK_KEYS):
        _sync_units(application)
    if any(key in changed for key in PI_KEYS):
        _sync_person(application)
    return _finish(call_id, "application.fix", "application", app_id, cells, reason, user)


def find_unit(call_id: int, unit_id: str) -> Unit | None:
    """The call's unit with this workbook code, if any."""
    return db.session.scalar(select(Unit).where(Unit.call_id == call_id,
                                                Unit.unit_id == unit_id))


def update_unit(
    call_id: int, unit_id: str, changes: Mapping[str, str], reason: str, user: Any
) -> FixResult:
    """Fix a unit's fields from workbook cell text; audited, eligibility re-run."""
    settings = _settings(call_id)
    unit = find_unit(call_id, unit_id)
    if unit is None:
        raise DataFixError(f"call {call_id} has no unit {unit_id}")
    columns = unit_columns()
    values, errors = read_changes(columns, "unit_id", UnitRecord, changes, settings)
    errors += unknown_units(values, ("parent_unit_id",), _unit_codes(call_id), columns)
    if values.get("parent_unit_id") == unit_id:
        errors.append(FieldError("parent_unit_id", "上级单位编号", unit_id,
                                 "不能是本单位自己", "a unit cannot be its own parent"))
    reason = (reason or "").strip()
    cells, changed = _store(unit, columns, values, reason, errors)
    if errors:
        return FixResult(errors=tuple(errors))
    if not changed:
        return FixResult()
    return _finish(call_id, "unit.fix", "unit", unit_id, cells, reason, user)
