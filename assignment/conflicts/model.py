"""Plain inputs of conflict detection: units, people, relations, requests and the policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

RULE_IDS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")
STAFF_RULE = "STAFF"  # a conflict staff added by hand
RELATION_KINDS = ("曾任职", "合作", "亲属", "师生")


@dataclass(frozen=True)
class Unit:
    """A unit; one credit code means one legal entity, parent_unit_id links a college upward."""

    unit_id: str
    name: str = ""
    province: str = ""
    credit_code: str | None = None
    parent_unit_id: str | None = None


@dataclass(frozen=True)
class Expert:
    """An expert and where they work: by unit id, or by unit name when no id was given."""

    expert_id: str
    name: str = ""
    unit_id: str | None = None
    unit_name: str = ""
    province: str = ""


@dataclass(frozen=True)
class Application:
    """The conflict-relevant facts of an application: its units and its PI."""

    app_id: str
    lead_unit_id: str = ""
    partner_unit_ids: tuple[str, ...] = ()
    participant_unit_ids: tuple[str, ...] = ()
    pi_id: str = ""
    pi_name: str = ""


@dataclass(frozen=True)
class Relation:
    """A relation: person↔unit for 曾任职, else person↔person; until None = ongoing or unknown."""

    person_id: str
    kind: str
    other_id: str
    until: date | None = None


@dataclass(frozen=True)
class Avoidance:
    """An applicant's request (回避申请) to avoid one expert or every expert of one unit."""

    app_id: str
    expert_id: str | None = None
    unit_id: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Declared:
    """An expert's own declaration of a conflict with an application (C7)."""

    app_id: str
    expert_id: str
    reason: str = ""


@dataclass(frozen=True)
class StaffOverride:
    """A conflict staff added, or a detected one they cleared; clearing needs a reason.

    A removal with `rule` None clears every rule of the pair, else only that rule.
    """

    app_id: str
    expert_id: str
    action: str  # "add" or "remove"
    reason: str = ""
    rule: str | None = None

    def __post_init__(self) -> None:
        """Reject an unknown action and a removal without a reason."""
        if self.action not in ("add", "remove"):
            raise ValueError(f"override action must be 'add' or 'remove', not {self.action!r}")
        if self.action == "remove" and not self.reason.strip():
            raise ValueError(f"removing the conflict {self.app_id}–{self.expert_id} needs a reason")


@dataclass(frozen=True)
class ConflictPolicy:
    """Which rules are on and the windows of C2 and C4, measured back from the deadline.

    A dated relation counts when `until >= deadline - years` (same month and day, 29 Feb
    → 28 Feb): a relation that ended exactly on that edge still counts. An undated
    relation counts, since it may still be going on.
    """

    deadline: date
    rules: frozenset[str] = frozenset(RULE_IDS)
    past_employment_years: int = 3
    collaboration_years: int = 3

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], deadline: date) -> ConflictPolicy:
        """Read a call's conflict-policy dict (`{"rules": {"C1": True, …}, …_years: n}`)."""
        rules = settings.get("rules", {rule: True for rule in RULE_IDS})
        return cls(
            deadline=deadline,
            rules=frozenset(rule for rule, enabled in rules.items() if enabled),
            past_employment_years=int(settings.get("past_employment_years", 3)),
            collaboration_years=int(settings.get("collaboration_years", 3)),
        )

    def window_start(self, years: int) -> date:
        """The earliest `until` date that still falls inside a window of `years`."""
        try:
            return self.deadline.replace(year=self.deadline.year - years)
        except ValueError:  # 29 February in a year without one
            return self.deadline.replace(year=self.deadline.year - years, day=28)


@dataclass(frozen=True)
class ConflictInputs:
    """Everything conflict detection reads for one call."""

    units: tuple[Unit, ...] = ()
    experts: tuple[Expert, ...] = ()
    applications: tuple[Application, ...] = ()
    relations: tuple[Relation, ...] = ()
    avoidance: tuple[Avoidance, ...] = ()
    declared: tuple[Declared, ...] = ()
    overrides: tuple[StaffOverride, ...] = ()
