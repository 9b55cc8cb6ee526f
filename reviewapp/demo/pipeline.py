"""The demo call's pipeline: eligibility, conflicts, an optimal assignment and reviews.

Each stage goes through the same service the staff pages and commands use, so the
demo shows what a real call looks like once staff have worked through it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from reviewapp.demo.assignment import flag_one_classified, randomized_run_to_compare
from reviewapp.demo.committee import stage_committee_meeting
from reviewapp.demo.invitations import demo_invitations
from reviewapp.demo.operations import open_assignments, set_minimum_loads, store_demo_reviews
from reviewapp.demo.reviews import simulate_reviews
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.assignment import start_assignment_run
from reviewapp.services.conflicts import detect_conflicts, forbidden_pairs
from reviewapp.services.eligibility import run_eligibility

# Each demo expert login gets at least this many applications, so it has work to show.
DEMO_EXPERT_MIN_LOAD = 3


@dataclass(frozen=True)
class PipelineReport:
    """What each stage of the demo pipeline stored."""

    eligible: int
    ineligible: int
    flagged: int
    forbidden_pairs: int
    conflicts_by_rule: dict[str, int]
    per_app: int
    run_status: str
    objective: float | None
    worst: float | None  # the lowest total affinity of one application's panel
    pairs: int
    submitted: int
    drafts: int

    @property
    def pending(self) -> int:
        """Assigned pairs without any review yet."""
        return self.pairs - self.submitted - self.drafts


def _assign(call_id: int, per_app: int, seed: int, demo_experts: Collection[str]
            ) -> tuple[str, dict[str, Any]]:
    """Run the optimal assignment; without the demo minimum loads if they make it infeasible."""
    set_minimum_loads(call_id, demo_experts, DEMO_EXPERT_MIN_LOAD)
    run, _, summary = start_assignment_run(call_id, per_app, "optimal", seed)
    if run.status == "infeasible":
        set_minimum_loads(call_id, demo_experts, 0)
        run, _, summary = start_assignment_run(call_id, per_app, "optimal", seed)
    return run.status, summary


def run_demo_pipeline(call_id: int, demo_experts: Collection[str], seed: int,
                      reviews: bool = True) -> PipelineReport:
    """Check, detect, assign and (unless `reviews` is False) simulate reviews for the call."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise LookupError(f"no call with id {call_id}")
    settings = call.call_settings()
    checked = run_eligibility(call_id)
    by_rule = detect_conflicts(call_id)
    forbidden = len(forbidden_pairs(call_id))
    flag_one_classified(call_id, seed)
    status, summary = _assign(call_id, settings.reviewers_per_app, seed, demo_experts)
    randomized_run_to_compare(call_id, settings.reviewers_per_app, seed)
    pairs = sorted(open_assignments(call_id))
    counts: dict[str, int] = {}
    if reviews and pairs:
        # Experts who log in to the demo keep work of every kind for the visitor.
        simulated = simulate_reviews(pairs, settings.rubric, seed, slow_experts=demo_experts)
        counts = store_demo_reviews(call_id, simulated)
        demo_invitations(call_id, demo_experts, seed)
        if counts.get("submitted"):
            stage_committee_meeting(call_id, seed)
    return PipelineReport(
        eligible=checked.eligible, ineligible=checked.ineligible, flagged=checked.flagged,
        forbidden_pairs=forbidden, conflicts_by_rule=by_rule,
        per_app=settings.reviewers_per_app, run_status=status,
        objective=summary.get("objective"), worst=summary.get("min_paper_score"),
        pairs=len(pairs), submitted=counts.get("submitted", 0), drafts=counts.get("draft", 0),
    )
