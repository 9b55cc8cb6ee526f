"""Assignment runs of a stored call: database rows → assignment problem → stored pairs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from assignment.problem import Problem, Result, make_problem
from assignment.solvers import solve
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Call, Expert, Unit
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import detect_conflicts, forbidden_pairs
from reviewapp.services.eligibility import eligible_application_ids
from reviewapp.services.panel_size import panel_sizes

MODES = {"optimal": "sum", "fair": "fair", "randomized": "randomized"}
# Pairs staff or experts have settled are kept (locked) when the assignment is re-run;
# an invited expert has been told of the pair, so it stays too.
SETTLED = ("invited", "accepted", "done")
REFUSED = ("declined", "recused")


class AssignmentError(ValueError):
    """A run that cannot start (unknown call or mode)."""


@dataclass(frozen=True)
class AssignedPair:
    """One row of the assignment export."""

    app_id: str
    expert_id: str
    affinity: float


def _external(expert: Expert, units: dict[int, Unit], home: str) -> bool:
    """Whether the expert is from outside the home region (by the unit, else the expert)."""
    unit = units.get(expert.unit_id) if expert.unit_id is not None else None
    province = unit.province if unit is not None else expert.province
    return bool(province) and home not in province


def build_problem(call: Call, per_app: int) -> Problem:
    """The call's assignment problem: eligible applications, conflicts, affinity, panel rules.

    Each application wants its own panel size when staff set one, else `per_app` (K).
    """
    policy = call.call_settings().conflict_policy
    eligible = set(eligible_application_ids(call.id))
    apps = db.session.scalars(select(Application).where(Application.id.in_(eligible))
                              .order_by(Application.app_id)).all()
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call.id)
                                 .order_by(Expert.expert_id)).all()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.call_id == call.id))}
    app_codes = {a.id: a.app_id for a in apps}
    expert_codes = {e.id: e.expert_id for e in experts}
    affinity = compute_affinity(call.id)
    rows, cols, values = affinity.pairs()
    wanted = set(app_codes.values())
    scores = [(affinity.app_ids[r], affinity.expert_ids[c], float(v))
              for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
              if affinity.app_ids[r] in wanted]
    earlier = db.session.scalars(select(Assignment).where(Assignment.call_id == call.id)).all()
    kept = [(app_codes[a.application_id], expert_codes[a.expert_id]) for a in earlier
            if a.application_id in app_codes and (a.locked or a.status in SETTLED)]
    refused = {(app_codes[a.application_id], expert_codes[a.expert_id]) for a in earlier
               if a.application_id in app_codes and a.status in REFUSED}
    forbidden = {p for p in forbidden_pairs(call.id) if p[0] in wanted} | refused
    home = policy.get("home_province", "新疆")
    return make_problem(
        [a.app_id for a in apps], [e.expert_id for e in experts], scores,
        panel_sizes(apps, per_app),
        # An expert without a stated limit may take every application.
        {e.expert_id: e.max_load if e.max_load is not None else len(apps) for e in experts},
        {e.expert_id: e.min_load or 0 for e in experts},
        forbidden=forbidden,
        unavailable=[e.expert_id for e in experts if not e.available],
        locked=kept,
        expert_unit={e.expert_id: str(e.unit_id) for e in experts if e.unit_id is not None},
        expert_external={e.expert_id: _external(e, units, home) for e in experts},
        one_per_unit=bool(policy.get("one_per_unit", True)),
        require_external=bool(policy.get("require_external", True)),
    )


def _store(call: Call, problem: Problem, result: Result, run: AssignmentRun) -> None:
    """Replace the call's unsettled pairs by the result's pairs (same transaction)."""
    app_rows = dict(db.session.execute(select(Application.app_id, Application.id)
                                       .where(Application.call_id == call.id)).all())
    expert_rows = dict(db.session.execute(select(Expert.expert_id, Expert.id)
                                          .where(Expert.call_id == call.id)).all())
    db.session.execute(delete(Assignment).where(
        Assignment.call_id == call.id, Assignment.status == "assigned",
        Assignment.locked.is_(False)))
    existing = set(db.session.execute(select(Assignment.application_id, Assignment.expert_id)
                                      .where(Assignment.call_id == call.id)).all())
    for a, e, score in zip(result.pair_app.tolist(), result.pair_expert.tolist(),
                           result.pair_score.tolist(), strict=True):
        key = (app_rows[problem.app_ids[a]], expert_rows[problem.expert_ids[e]])
        if key not in existing:
            db.session.add(Assignment(call_id=call.id, run_id=run.id, application_id=key[0],
                                      expert_id=key[1], affinity=score))


def start_assignment_run(
    call_id: int, per_app: int, mode: str = "optimal", seed: int | None = None, user: Any = None
) -> tuple[AssignmentRun, list[AssignedPair], dict[str, Any]]:
    """Solve the call's assignment, store the run and its pairs, and audit it (one commit).

    Conflicts are re-detected first so the run never uses a stale conflict list. An
    infeasible run is stored too, with the diagnostics staff need; its pairs are untouched.
    """
    call = db.session.get(Call, call_id)
    if call is None:
        raise AssignmentError(f"no call with id {call_id}")
    if mode not in MODES:
        raise AssignmentError(f"mode must be one of {', '.join(MODES)}")
    detect_conflicts(call_id, user)
    problem = build_problem(call, per_app)
    # Panels whose size differs from K, so the stored run shows what was asked of it.
    overrides = {app: int(k) for app, k in zip(problem.app_ids, problem.demand.tolist(),
                                               strict=True) if k != per_app}
    result = solve(problem, MODES[mode], seed=seed)
    summary = result.summary()
    run = AssignmentRun(
        call_id=call_id, mode=mode, seed=result.seed, per_app=per_app, status=result.status,
        params={"per_app": per_app, "mode": mode, "seed": seed,
                "one_per_unit": problem.one_per_unit,
                "require_external": problem.require_external,
                "applications": problem.n_apps, "experts": problem.n_experts,
                "candidate_pairs": len(problem.pair_app),
                "locked": int(problem.locked.sum()), "per_app_overrides": overrides},
        objective=result.objective, bound=result.bound, seconds=result.seconds, summary=summary,
        created_by=getattr(user, "id", None),
    )
    db.session.add(run)
    db.session.flush()
    if result.status != "infeasible":
        _store(call, problem, result, run)
    record_audit(user, "assignment.run", "assignment_run", run.id, after=summary,
                 call_id=call_id)
    db.session.commit()
    pairs = [AssignedPair(problem.app_ids[a], problem.expert_ids[e], s) for a, e, s in
             zip(result.pair_app.tolist(), result.pair_expert.tolist(),
                 result.pair_score.tolist(), strict=True)]
    return run, pairs, summary
