"""A slow, obvious reference of the conflict policy: loops over every pair and rule."""

from __future__ import annotations

from assignment.conflicts import ConflictInputs, ConflictPolicy
from assignment.names import normalise_credit_code, normalise_unit_name

PERSON_RULES = {"亲属": "C3", "合作": "C4", "师生": "C5"}


def _entity(units: dict, unit_id: str) -> frozenset[str]:
    """Ids of the units that share this unit's credit code (itself when it has none)."""
    code = normalise_credit_code(units[unit_id].credit_code) if unit_id in units else ""
    if not code:
        return frozenset([unit_id])
    return frozenset(u for u, rec in units.items()
                     if normalise_credit_code(rec.credit_code) == code)


def _ancestors(units: dict, unit_id: str) -> set[frozenset[str]]:
    """Entities strictly above this unit's entity, following every member's parent."""
    start = _entity(units, unit_id)
    found: set[frozenset[str]] = set()
    todo = [start]
    while todo:
        entity = todo.pop()
        for member in entity:
            parent = units[member].parent_unit_id if member in units else None
            if parent:
                above = _entity(units, parent)
                if above != start and above not in found:
                    found.add(above)
                    todo.append(above)
    return found


def units_match(units: dict, left: str, right: str) -> bool:
    """Same unit, same legal entity, or one on the other's parent chain."""
    a, b = _entity(units, left), _entity(units, right)
    return a == b or a in _ancestors(units, right) or b in _ancestors(units, left)


def _expert_units(units: dict, expert) -> set[str]:
    """Units an expert works at: by id, and by normalised name when the id is not listed."""
    found = {expert.unit_id} if expert.unit_id else set()
    if expert.unit_id not in units and expert.unit_name.strip():
        key = normalise_unit_name(expert.unit_name)
        found |= {u for u, rec in units.items()
                  if rec.name and normalise_unit_name(rec.name) == key}
    return found


def _in_window(until, start) -> bool:
    """Undated, or ended on or after the window's first day."""
    return until is None or until >= start


def reference_conflicts(inputs: ConflictInputs, policy: ConflictPolicy) -> set[tuple]:
    """Every (app_id, expert_id, rule) the policy forbids, by brute force."""
    units = {u.unit_id: u for u in inputs.units}
    expert_ids = {e.expert_id for e in inputs.experts}
    found: set[tuple] = set()
    for app in inputs.applications:
        app_units = [app.lead_unit_id, *app.partner_unit_ids, *app.participant_unit_ids]
        app_units = [u for u in app_units if u]
        for expert in inputs.experts:
            eid = expert.expert_id
            works = _expert_units(units, expert)
            if any(units_match(units, a, w) for a in app_units for w in works):
                found.add((app.app_id, eid, "C1"))
            if app.pi_id and app.pi_id == eid:
                found.add((app.app_id, eid, "C3"))
            for rel in inputs.relations:
                ends = {rel.person_id, rel.other_id}
                if rel.kind == "曾任职":
                    person, unit = rel.person_id, rel.other_id
                    if person not in expert_ids and unit in expert_ids:
                        person, unit = unit, person
                    if (person == eid and _in_window(rel.until, policy.window_start(
                            policy.past_employment_years))
                            and any(units_match(units, a, unit) for a in app_units)):
                        found.add((app.app_id, eid, "C2"))
                elif rel.kind in PERSON_RULES and app.pi_id and ends == {eid, app.pi_id}:
                    if rel.kind != "合作" or _in_window(
                            rel.until, policy.window_start(policy.collaboration_years)):
                        found.add((app.app_id, eid, PERSON_RULES[rel.kind]))
            for req in inputs.avoidance:
                if req.app_id != app.app_id:
                    continue
                if req.expert_id == eid or (
                        req.unit_id and any(units_match(units, req.unit_id, w) for w in works)):
                    found.add((app.app_id, eid, "C6"))
            for dec in inputs.declared:
                if (dec.app_id, dec.expert_id) == (app.app_id, eid):
                    found.add((app.app_id, eid, "C7"))
    found = {row for row in found if row[2] in policy.rules}
    for override in inputs.overrides:
        if override.action == "add":
            found.add((override.app_id, override.expert_id, override.rule or "STAFF"))
    for override in inputs.overrides:
        if override.action == "remove":
            found = {row for row in found if not (
                row[:2] == (override.app_id, override.expert_id)
                and override.rule in (None, row[2]))}
    return found
