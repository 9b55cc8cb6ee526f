"""Conflict-of-interest detection (rules C1–C7) on plain records, vectorised with pandas."""

from assignment.conflicts.detect import detect_conflicts, possible_same_person
from assignment.conflicts.model import (
    RULE_IDS,
    STAFF_RULE,
    Application,
    Avoidance,
    ConflictInputs,
    ConflictPolicy,
    Declared,
    Expert,
    Relation,
    StaffOverride,
    Unit,
)
from assignment.conflicts.result import ConflictSet, PossibleMatch, RemovedConflict

__all__ = [
    "RULE_IDS", "STAFF_RULE", "Application", "Avoidance", "ConflictInputs", "ConflictPolicy",
    "ConflictSet", "Declared", "Expert", "PossibleMatch", "Relation", "RemovedConflict",
    "StaffOverride", "Unit", "detect_conflicts", "possible_same_person",
]
