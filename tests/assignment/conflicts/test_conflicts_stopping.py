"""A caller's `should_stop` stops conflict detection part-way."""

from __future__ import annotations

from datetime import date

import pytest

from assignment.conflicts import (
    Application,
    ConflictInputs,
    ConflictPolicy,
    Expert,
    Relation,
    Unit,
    detect_conflicts,
)
from assignment.conflicts import detect as detect_module
from assignment.stopping import Stopped

INPUTS = ConflictInputs(
    units=(Unit("U1", "新疆大学"),),
    experts=(Expert("E1", "王伟", "U1"), Expert("E2", "李强", "U2")),
    applications=(Application("A1", "U1", pi_id="P1", pi_name="赵六"),),
    relations=(Relation("E2", "合作", "P1", date(2024, 1, 1)),),
)
POLICY = ConflictPolicy(date(2025, 3, 31))


def test_detection_stops_after_the_rule_during_which_stop_was_asked(monkeypatch):
    """A stop asked while C1 runs: no later rule runs, and Stopped is raised."""
    ran: list[str] = []
    asked = {"stop": False}
    for rule, function in list(detect_module.RULES.items()):
        def traced(ctx, policy, rule=rule, function=function):
            ran.append(rule)
            if rule == "C1":
                asked["stop"] = True
            return function(ctx, policy)
        monkeypatch.setitem(detect_module.RULES, rule, traced)
    with pytest.raises(Stopped):
        detect_conflicts(INPUTS, POLICY, should_stop=lambda: asked["stop"])
    assert ran == ["C1"]


def test_detection_polls_before_every_rule_and_runs_to_the_end_otherwise():
    """Not stopped, it polls at least once per rule and finds what it finds without polls."""
    polls: list[int] = []
    found = detect_conflicts(INPUTS, POLICY, should_stop=lambda: bool(polls.append(1)))
    assert len(polls) >= 7
    assert found.to_frame().equals(detect_conflicts(INPUTS, POLICY).to_frame())
