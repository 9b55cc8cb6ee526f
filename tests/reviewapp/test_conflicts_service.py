"""The conflicts service on stored calls: detection, staff changes, declarations, reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assignment import conflicts as lib
from reviewapp.demo.generator import generate_demo_book
from reviewapp.models import AuditLog, Conflict
from reviewapp.services import conflicts as service
from reviewapp.services.affinity import compute_affinity
from reviewapp.workbook.records import (
    CallBook,
)
from tests.helpers.conflict_call import DEADLINE, small_book, store
from tests.helpers.conflict_reference import reference_conflicts


def test_detect_stores_rows_with_evidence_and_audits(db_session):
    """Each rule is found with its evidence; a re-run replaces, not duplicates."""
    call_id = store(small_book())
    counts = service.detect_conflicts(call_id)
    assert counts == {"C1": 4, "C2": 1, "C3": 1, "C4": 1, "C6": 1}
    assert service.detect_conflicts(call_id) == counts
    rows = {(r.app_id, r.expert_id, r.rule): r for r in service.conflict_rows(call_id)}
    assert "北京某大学化学学院（系 北京某大学 的下属单位）" in rows["A1", "E1", "C1"].evidence
    assert "2023-09-30 前曾任职于" in rows["A1", "E2", "C2"].evidence
    assert rows["A2", "E4", "C3"].evidence.startswith("专家 赵六 即项目负责人")
    assert service.forbidden_pairs(call_id) == {
        ("A1", "E1"), ("A1", "E2"), ("A1", "E3"), ("A1", "E4"), ("A2", "E2"), ("A2", "E3"),
        ("A2", "E4")}
    actions = db_session.scalars(select(AuditLog.action)).all()
    assert actions.count("conflicts.detect") == 2


def test_lifting_needs_a_reason_and_survives_redetection(db_session):
    """Staff lift a pair with a reason; the lift is audited and outlives a re-detection."""
    call_id = store(small_book())
    service.detect_conflicts(call_id)
    with pytest.raises(service.ConflictError, match="reason"):
        service.remove_conflict(call_id, "A1", "E1", "  ", None)
    assert service.remove_conflict(call_id, "A1", "E1", "已离职，核实无关", None) == ["C1"]
    service.detect_conflicts(call_id)
    assert ("A1", "E1") not in service.forbidden_pairs(call_id)
    lifted = [r for r in service.conflict_rows(call_id) if r.lifted]
    assert [(r.app_id, r.expert_id, r.lift_reason) for r in lifted] == [
        ("A1", "E1", "已离职，核实无关")]
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "conflicts.remove"))
    assert audit.reason == "已离职，核实无关" and audit.after == {"lifted": ["C1"]}
    with pytest.raises(service.ConflictError, match="no conflict"):
        service.remove_conflict(call_id, "A1", "E1", "再次", None)


def test_staff_add_and_expert_declaration(db_session):
    """Added and declared conflicts forbid their pair; adding back restores a lifted rule."""
    call_id = store(small_book())
    service.add_conflict(call_id, "A2", "E1", "同一课题组", None)
    service.declare_conflict(call_id, "A2", "E1", "与负责人熟识", None)
    rules = {r.rule for r in service.conflict_rows(call_id) if r.app_id == "A2"
             and r.expert_id == "E1"}
    assert rules == {"STAFF", "C7"}
    service.remove_conflict(call_id, "A2", "E1", "误加", None, rule="STAFF")
    assert ("A2", "E1") in service.forbidden_pairs(call_id)  # C7 still stands
    service.add_conflict(call_id, "A2", "E1", "重新确认", None)
    staff = db_session.scalars(select(Conflict.source).where(Conflict.rule_id == "STAFF")).all()
    assert staff == ["staff_added"]
    with pytest.raises(service.ConflictError, match="no expert"):
        service.add_conflict(call_id, "A2", "E99", "原因", None)
    with pytest.raises(service.ConflictError, match="reason"):
        service.add_conflict(call_id, "A2", "E2", "", None)


def test_duplicate_units_and_name_flags(db_session):
    """Units typed twice are reported; an expert named like a PI is flagged."""
    call_id = store(small_book())
    groups = service.duplicate_units(call_id)
    assert [(g.unit_ids, g.reasons) for g in groups] == [(("U1", "U4"), ("same_name",))]
    flags = service.possible_same_person(call_id)
    assert [(f.app_id, f.expert_id) for f in flags] == []


def _library_inputs(book: CallBook) -> lib.ConflictInputs:
    """The workbook records as library inputs, without going through the database."""
    return lib.ConflictInputs(
        units=tuple(lib.Unit(u.unit_id, u.name, u.province, u.credit_code, u.parent_unit_id)
                    for u in book.units),
        experts=tuple(lib.Expert(e.expert_id, e.name, e.unit_id, e.unit_name, e.province)
                      for e in book.experts),
        applications=tuple(lib.Application(a.app_id, a.lead_unit_id, a.partner_unit_ids,
                                           a.participant_unit_ids, a.pi_id, a.pi_name)
                           for a in book.applications),
        relations=tuple(lib.Relation(r.person_id, r.relation, r.other_id, r.until)
                        for r in book.relations),
        avoidance=tuple(lib.Avoidance(a.app_id, a.expert_id, a.unit_id, a.reason)
                        for a in book.avoidance),
    )


def test_unseen_workbook_misses_nothing(db_session):
    """On a generated call the stored conflicts equal a brute-force reading of the workbook."""
    book = generate_demo_book(seed=7, n_applications=30, n_experts=40)
    call_id = store(book)
    service.detect_conflicts(call_id)
    stored = {(r.app_id, r.expert_id, r.rule) for r in service.conflict_rows(call_id)}
    expected = reference_conflicts(_library_inputs(book), lib.ConflictPolicy(DEADLINE))
    assert stored == expected
    assert expected  # the demo plants conflicts


def test_affinity_service_returns_ids_and_explanations(db_session):
    """The affinity of a stored call carries its ids and explains its best pair."""
    call_id = store(small_book())
    affinity = compute_affinity(call_id)
    assert affinity.app_ids == ("A1", "A2") and affinity.expert_ids == ("E1", "E2", "E3", "E4")
    best = int(affinity.dense()[0].argmax())
    why = affinity.explain(0, best)
    assert why.expert_id == "E1" and why.shared_keywords == ("催化裂化",)


def test_cli_writes_csv_and_lists_duplicates(app, runner, tmp_path):
    """The commands write the forbidden rows and print duplicate groups with a summary."""
    with app.app_context():
        call_id = store(small_book())
    out = tmp_path / "conflicts.csv"
    result = runner.invoke(args=["conflicts", str(call_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "app_id,expert_id,rule,evidence"
    assert len(lines) == 1 + 8 and any(line.startswith("A1,E2,C2,") for line in lines)
    assert '"forbidden_pairs": 7' in result.output.splitlines()[-1]
    result = runner.invoke(args=["duplicate-units", str(call_id)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("same_name\tU1 ")
    missing = runner.invoke(args=["conflicts", "999", "--out", str(out)])
    assert missing.exit_code != 0 and "no call" in missing.output
