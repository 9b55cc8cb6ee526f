"""Conflict detection agrees with a brute-force reference and explains every row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.conflicts import (
    RULE_IDS,
    Application,
    Avoidance,
    ConflictInputs,
    ConflictPolicy,
    Declared,
    Expert,
    Relation,
    StaffOverride,
    Unit,
    detect_conflicts,
)
from tests.helpers.conflict_reference import reference_conflicts

DEADLINE = date(2025, 3, 31)
EDGE = date(2022, 3, 31)  # deadline − 3 years: the first day still inside the window
UNIT_IDS = [f"U{i}" for i in range(6)]
UNIT_NAMES = ["新疆大学", "新疆大学化学学院", "新疆某某有限责任公司", "北京某某研究院", "",
              "清华大学"]
NAME_SPELLINGS = ["新疆 某某 有限公司", "新疆某某有限公司", "（新疆大学）", "北京某某研究院 ",
                  "无名单位"]
EXPERT_IDS = [f"E{i}" for i in range(6)]
PERSON_IDS = EXPERT_IDS + ["P0", "P1", "P2"]
DATES = st.one_of(st.none(), st.sampled_from(
    [EDGE, EDGE - timedelta(days=1), EDGE + timedelta(days=1), date(2010, 1, 1), DEADLINE]))


@st.composite
def call_inputs(draw) -> ConflictInputs:
    """A small random call with every kind of conflict input."""
    units = tuple(
        Unit(uid, UNIT_NAMES[i], credit_code=draw(st.sampled_from([None, "", "C1", "c 1", "C2"])),
             parent_unit_id=draw(st.sampled_from([None, *UNIT_IDS, "UX"])))
        for i, uid in enumerate(UNIT_IDS))
    unit_refs = st.sampled_from([*UNIT_IDS, "UX"])
    experts = tuple(
        Expert(eid, f"专家{i}", unit_id=draw(st.one_of(st.none(), unit_refs)),
               unit_name=draw(st.sampled_from(["", *NAME_SPELLINGS])))
        for i, eid in enumerate(EXPERT_IDS[: draw(st.integers(1, 6))]))
    apps = tuple(
        Application(f"A{i}", draw(unit_refs), tuple(draw(st.lists(unit_refs, max_size=2))),
                    tuple(draw(st.lists(unit_refs, max_size=1))),
                    pi_id=draw(st.sampled_from(["", *PERSON_IDS])), pi_name="负责人")
        for i in range(draw(st.integers(1, 5))))
    app_ids = [a.app_id for a in apps]
    expert_ids = [e.expert_id for e in experts]
    relations = tuple(draw(st.lists(st.one_of(
        st.builds(Relation, st.sampled_from(PERSON_IDS), st.just("曾任职"), unit_refs, DATES),
        st.builds(Relation, unit_refs, st.just("曾任职"), st.sampled_from(PERSON_IDS), DATES),
        st.builds(Relation, st.sampled_from(PERSON_IDS), st.sampled_from(["合作", "亲属", "师生"]),
                  st.sampled_from(PERSON_IDS), DATES),
    ), max_size=8)))
    avoidance = tuple(draw(st.lists(st.one_of(
        st.builds(Avoidance, st.sampled_from(app_ids), expert_id=st.sampled_from(expert_ids)),
        st.builds(Avoidance, st.sampled_from(app_ids), unit_id=unit_refs, reason=st.just("竞争")),
    ), max_size=3)))
    declared = tuple(draw(st.lists(st.builds(
        Declared, st.sampled_from(app_ids), st.sampled_from(expert_ids), st.just("同事")),
        max_size=2)))
    overrides = tuple(draw(st.lists(st.builds(
        StaffOverride, st.sampled_from(app_ids), st.sampled_from(expert_ids),
        st.sampled_from(["add", "remove"]), st.just("核实"),
        st.sampled_from([None, "C1", "C4"])), max_size=3)))
    return ConflictInputs(units, experts, apps, relations, avoidance, declared, overrides)


def _triples(conflicts) -> set[tuple]:
    """The (app_id, expert_id, rule) rows of a result."""
    return {(conflicts.app_ids[a], conflicts.expert_ids[e], r)
            for a, e, r in zip(conflicts.app_idx, conflicts.expert_idx, conflicts.rules,
                               strict=True)}


@settings(max_examples=70, deadline=None)
@given(call_inputs(), st.sets(st.sampled_from(RULE_IDS)))
def test_matches_brute_force_reference(inputs, rules):
    """No forbidden pair is lost or invented, whatever rules are on."""
    policy = ConflictPolicy(DEADLINE, rules=frozenset(rules))
    conflicts = detect_conflicts(inputs, policy)
    assert _triples(conflicts) == reference_conflicts(inputs, policy)


@settings(max_examples=25, deadline=None)
@given(call_inputs())
def test_every_row_has_evidence_and_pairs_are_unique(inputs):
    """Each row says why; forbidden_pairs lists each pair once."""
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    assert all(text.strip() for text in conflicts.evidence)
    pairs = conflicts.forbidden_pairs()
    assert len({tuple(p) for p in pairs.tolist()}) == len(pairs)
    assert {tuple(p) for p in pairs.tolist()} == set(
        zip(conflicts.app_idx.tolist(), conflicts.expert_idx.tolist(), strict=True))
    assert all(removed.reason for removed in conflicts.removed)


@settings(max_examples=25, deadline=None)
@given(call_inputs())
def test_relations_are_symmetric(inputs):
    """Writing every person relation the other way round changes nothing."""
    flipped = tuple(replace(r, person_id=r.other_id, other_id=r.person_id)
                    for r in inputs.relations)
    policy = ConflictPolicy(DEADLINE)
    before = detect_conflicts(inputs, policy)
    after = detect_conflicts(replace(inputs, relations=flipped), policy)
    assert _triples(before) == _triples(after)


def _collaboration(until: date | None) -> set[tuple]:
    """Conflicts of one expert who collaborated with the PI until the given day."""
    inputs = ConflictInputs(
        experts=(Expert("E1", "王伟"),),
        applications=(Application("A1", "U1", pi_id="P1", pi_name="李强"),),
        relations=(Relation("P1", "合作", "E1", until),),
    )
    return _triples(detect_conflicts(inputs, ConflictPolicy(DEADLINE)))


def test_window_edges_are_exact():
    """Ending on deadline − 3 years counts; ending the day before does not; undated counts."""
    assert _collaboration(EDGE) == {("A1", "E1", "C4")}
    assert _collaboration(EDGE - timedelta(days=1)) == set()
    assert _collaboration(None) == {("A1", "E1", "C4")}


def test_leap_day_deadline_window():
    """A 29 February deadline opens its window on 28 February three years before."""
    policy = ConflictPolicy(date(2024, 2, 29))
    assert policy.window_start(3) == date(2021, 2, 28)


def test_past_employment_evidence_names_date_and_unit():
    """C2 evidence says who, until when, and which of the application's units."""
    inputs = ConflictInputs(
        units=(Unit("U1", "新疆某某有限公司"),),
        experts=(Expert("E1", "王伟", "U9"),),
        applications=(Application("A1", "U1"),),
        relations=(Relation("E1", "曾任职", "U1", date(2023, 9, 30)),),
    )
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    assert conflicts.reasons(0, 0) == [
        ("C2", "专家 王伟 2023-09-30 前曾任职于 新疆某某有限公司，为项目申报单位 新疆某某有限公司")]


def test_college_conflicts_with_its_university_both_ways():
    """An expert at a college conflicts with the university, and the other way round."""
    units = (Unit("U1", "新疆大学"), Unit("U2", "新疆大学化学学院", parent_unit_id="U1"),
             Unit("U3", "新疆大学物理学院", parent_unit_id="U1"))
    inputs = ConflictInputs(
        units=units,
        experts=(Expert("E1", "王伟", "U2"), Expert("E2", "李强", "U1"),
                 Expert("E3", "赵六", "U3")),
        applications=(Application("A1", "U1"), Application("A2", "U2")),
    )
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    assert _triples(conflicts) == {("A1", "E1", "C1"), ("A1", "E2", "C1"), ("A1", "E3", "C1"),
                                   ("A2", "E1", "C1"), ("A2", "E2", "C1")}
    assert "下属单位" in conflicts.reasons(0, 0)[0][1]


def test_staff_removal_needs_a_reason_and_is_recorded():
    """A removal without a reason is refused; with one, it clears the pair and is kept."""
    with pytest.raises(ValueError, match="needs a reason"):
        StaffOverride("A1", "E1", "remove", "  ")
    inputs = ConflictInputs(
        units=(Unit("U1", "新疆大学"),),
        experts=(Expert("E1", "王伟", "U1"),),
        applications=(Application("A1", "U1"),),
        overrides=(StaffOverride("A1", "E1", "remove", "同名不同单位，已核实"),),
    )
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    assert len(conflicts) == 0
    assert [(r.rule, r.reason) for r in conflicts.removed] == [("C1", "同名不同单位，已核实")]


def test_same_name_is_flagged_not_forbidden():
    """An expert named like the PI under another id is a possible match only."""
    inputs = ConflictInputs(
        experts=(Expert("E1", "王 伟"),),
        applications=(Application("A1", "U1", pi_id="P1", pi_name="王伟"),),
    )
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    assert len(conflicts) == 0
    assert [(p.app_id, p.expert_id) for p in conflicts.possible] == [("A1", "E1")]


def test_empty_call_and_dense_mask():
    """No inputs give no rows; the dense mask marks exactly the forbidden pairs."""
    empty = detect_conflicts(ConflictInputs(), ConflictPolicy(DEADLINE))
    assert len(empty) == 0 and empty.forbidden_pairs().shape == (0, 2)
    inputs = ConflictInputs(
        experts=(Expert("E1", unit_id="U1"), Expert("E2", unit_id="U2")),
        applications=(Application("A1", "U2"),),
    )
    mask = detect_conflicts(inputs, ConflictPolicy(DEADLINE)).forbidden_mask()
    assert np.array_equal(mask, np.array([[False, True]]))


def test_policy_from_call_settings():
    """A call's policy dict switches rules off and retunes windows."""
    policy = ConflictPolicy.from_settings(
        {"rules": {"C1": True, "C4": False}, "collaboration_years": 5}, DEADLINE)
    assert policy.rules == frozenset({"C1"})
    assert policy.window_start(policy.collaboration_years) == date(2020, 3, 31)


@settings(max_examples=25, deadline=None)
@given(call_inputs())
def test_english_evidence_names_what_the_chinese_names(inputs):
    """Row for row, the English evidence quotes the same names, ids, dates and reasons."""
    conflicts = detect_conflicts(inputs, ConflictPolicy(DEADLINE))
    facts = ({u.name or u.unit_id for u in inputs.units} | {e.name for e in inputs.experts}
             | {"UX", "竞争", "同事", "核实"} | {d.isoformat() for d in
                                               (EDGE, EDGE + timedelta(days=1), DEADLINE)})
    assert len(conflicts.evidence_en) == len(conflicts.evidence)
    for zh, en in zip(conflicts.evidence, conflicts.evidence_en, strict=True):
        assert {f for f in facts if f in zh} == {f for f in facts if f in en}, (zh, en)
